package samverkan

// moneyMessages are the field messages of the cost-sharing and
// economies-of-scale code (costshare.go, scale.go), in Swedish and English.
// They belong in fieldMessages in error.go; until they are moved there, init
// adds the ones it lacks, so FieldError.Message can render them.
var moneyMessages = map[string][2]string{
	"no_cost_members":           {"Ange minst en kommun att fördela kostnaden på.", "Give at least one municipality to share the cost."},
	"reference_date_after_year": {"Referensdatumet för folkmängden kan inte ligga efter år %d.", "The reference date of the population cannot be after the year %d."},
	"population_missing":        {"Folkmängd saknas för %s.", "The population of %s is missing."},
	"population_not_positive":   {"Folkmängden måste vara större än noll.", "The population must be greater than zero."},
	"population_years_differ":   {"Folkmängden avser olika år (%d och %d); fördelningen måste bygga på ett och samma referensdatum.", "The populations refer to different years (%d and %d); the split must rest on one reference date."},
	"usage_missing":             {"Nyttjande saknas för %s. Ange 0 om kommunen inte nyttjar något.", "The usage of %s is missing. Give 0 if the municipality uses nothing."},
	"usage_zero_sum":            {"Minst en kommun måste ha ett nyttjande större än noll.", "At least one municipality must have a usage greater than zero."},
	"percent_missing":           {"Andel i procent saknas för %s.", "The percentage of %s is missing."},
	"percent_sum":               {"Andelarna måste tillsammans bli 100 %%; nu blir de %s %%.", "The percentages must add up to 100%%; now they add up to %s%%."},
	"fee_missing":               {"Avgift saknas för %s. Ange 0 om kommunen inte betalar någon avgift.", "The fee of %s is missing. Give 0 if the municipality pays no fee."},
	"fees_zero_sum":             {"Minst en kommun måste betala en avgift större än noll.", "At least one municipality must pay a fee greater than zero."},
	"fees_too_large":            {"Avgifterna är för stora för att summeras.", "The fees are too large to add up."},
	"fees_total_mismatch":       {"Avgifterna blir tillsammans %d kr, men den totala kostnaden är %d kr. Rätta avgifterna eller lämna totalen tom.", "The fees add up to %d kr, but the total cost is %d kr. Correct the fees or leave the total empty."},
	"weights_zero":              {"Ange vikter: minst en av grunddel, storlek och nyttjande måste vara större än noll.", "Give weights: at least one of base, size and usage must be greater than zero."},
	"negative_value":            {"Värdet kan inte vara negativt.", "The value cannot be negative."},
	"not_a_number":              {"Ogiltigt tal.", "Not a valid number."},
	"too_few_points":            {"Det behövs minst %d kommuner med kända värden för att skatta ett samband; nu finns %d.", "At least %d municipalities with known values are needed to estimate a relation; there are %d."},
	"no_spread":                 {"Kommunerna har samma folkmängd; inget samband med storleken går att skatta.", "The municipalities have the same population; no relation to size can be estimated."},
	"invalid_confidence":        {"Nivån måste ligga mellan 0 och 1 (till exempel 0,9 för 90 %).", "The level must be between 0 and 1 (for example 0.9 for 90%)."},
}

func init() {
	for code, m := range moneyMessages {
		if _, ok := fieldMessages[code]; !ok {
			fieldMessages[code] = m
		}
	}
}
