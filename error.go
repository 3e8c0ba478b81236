package samverkan

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
)

// Error codes. They map to HTTP statuses in one place per surface (api, web).
const (
	EINVALID      = "invalid"      // bad input; Fields says which
	ENOTFOUND     = "not_found"    // no such record
	ECONFLICT     = "conflict"     // the request clashes with the record's state (e.g. duplicate slug)
	ESTALE        = "stale"        // the version the writer saw is no longer current
	EPRECONDITION = "precondition" // a write came without the version it must carry
	EUNAUTHORIZED = "unauthorized" // not logged in
	EFORBIDDEN    = "forbidden"    // logged in, not allowed
	ETHROTTLED    = "throttled"    // too many attempts; try again later
	EINTERNAL     = "internal"     // anything else; details never reach users
)

// Error is the application error: a machine code, a message safe to show, and
// per-field problems for forms and problem+json.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// Missing lists the decisions a refused status change waits for.
	Missing []RequiredDecision
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s (%d field errors, first %s: %s)", e.Code, e.Message, len(e.Fields), e.Fields[0].Field, e.Fields[0].Code)
}

// Errorf builds an application error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, hiding internal details.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// FieldErrors returns the per-field problems carried by err, if any.
func FieldErrors(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldError is one problem with one input field. Field uses the JSON name,
// with an index for list items ("participants[2].code"). Code selects the
// message in the catalogue; Params fill it in.
type FieldError struct {
	Field  string
	Code   string
	Params []any
}

// Message renders the field error in the given language ("sv" or "en").
func (f FieldError) Message(lang string) string {
	m, ok := fieldMessages[f.Code]
	if !ok {
		if m, ok = decisionFieldMessages[f.Code]; !ok {
			if m, ok = representationFieldMessages[f.Code]; !ok {
				return f.Code
			}
		}
	}
	tmpl := m[0]
	if lang == "en" {
		tmpl = m[1]
	}
	if len(f.Params) == 0 {
		return tmpl
	}
	return fmt.Sprintf(tmpl, f.Params...)
}

// fieldMessages holds the Swedish and English text for each validation code.
var fieldMessages = map[string][2]string{
	"required":              {"Fältet måste fyllas i.", "This field is required."},
	"too_long":              {"Texten är för lång (högst %d tecken).", "The text is too long (at most %d characters)."},
	"min_participants":      {"En samverkan måste ha minst två deltagare.", "A collaboration needs at least two participants."},
	"unknown_municipality":  {"Okänd kommun: %q. Ange kommunens namn eller fyrsiffriga kod.", "Unknown municipality: %q. Give the municipality's name or 4-digit code."},
	"duplicate_participant": {"%s finns redan bland deltagarna.", "%s is already a participant."},
	"end_before_start":      {"Slutdatum kan inte ligga före startdatum.", "The end date cannot be before the start date."},
	"left_before_joined":    {"Utträdesdatum kan inte ligga före inträdesdatum.", "The leaving date cannot be before the joining date."},
	"invalid_date": {"Ogiltigt datum: %q. Skriv datumet som ÅÅÅÅ-MM-DD, mellan år " + years("och") + ".",
		"Invalid date: %q. Write the date as YYYY-MM-DD, between the years " + years("and") + "."},
	"unknown_legal_form":    {"Okänd samverkansform: %q.", "Unknown legal form: %q."},
	"unknown_status":        {"Okänd status: %q.", "Unknown status: %q."},
	"unknown_area":          {"Okänt verksamhetsområde: %q.", "Unknown area: %q."},
	"unknown_role":          {"Okänd roll: %q.", "Unknown role: %q."},
	"unknown_cost_key":      {"Okänd fördelningsnyckel: %q.", "Unknown cost-sharing key: %q."},
	"unknown_procurement":   {"Okänd upphandlingsgrund: %q.", "Unknown procurement basis: %q."},
	"unknown_purpose":       {"Okänt syfte: %q.", "Unknown purpose: %q."},
	"unknown_triage":        {"Okänd bedömning: %q.", "Unknown triage: %q."},
	"unknown_document_type": {"Okänd dokumenttyp: %q.", "Unknown document type: %q."},
	"unknown_body":          {"Okänt beslutsorgan: %q.", "Unknown decision body: %q."},
	"unknown_network":       {"Okänt nätverk: %q.", "Unknown network: %q."},
	"unknown_collaboration": {"Okänd samverkan: %d.", "Unknown collaboration: %d."},
	"unknown_party_kind":    {"Okänd typ av part: %q.", "Unknown kind of party: %q."},
	"unknown_reminder_kind": {"Okänd sorts påminnelse: %q.", "Unknown kind of reminder: %q."},
	"unknown_language":      {"Okänt språk: %q. Välj svenska (sv) eller engelska (en).", "Unknown language: %q. Choose Swedish (sv) or English (en)."},
	"host_not_participant":  {"Värdkommunen måste vara en av deltagarna.", "The host must be one of the participants."},
	"two_hosts":             {"Bara en kommun kan vara värdkommun, men både %s och %s är angivna som värdkommun. Ge den ena en annan roll.", "Only one municipality can be the host, but both %s and %s are given as host. Give one of them another role."},
	"negative":              {"Beloppet kan inte vara negativt.", "The amount cannot be negative."},
	"invalid_number":        {"Ogiltigt belopp: %q. Ange hela kronor.", "Invalid amount: %q. Give whole kronor."},
	"invalid_slug":          {"Kortnamnet får bara innehålla a–z, 0–9 och bindestreck.", "The slug may only contain a–z, 0–9 and hyphens."},
	"invalid_url":           {"Ogiltig webbadress: %q.", "Invalid web address: %q."},
	"min_members":           {"Ett nätverk måste ha minst två medlemmar.", "A network needs at least two members."},
	"duplicate_member":      {"%s finns redan bland medlemmarna.", "%s is already a member."},
	// The network's steering, plan and follow-up (network.go, plan.go, followup.go).
	"not_member":              {"Kommunen %q är inte medlem i nätverket.", "Municipality %q is not a member of the network."},
	"unknown_network_purpose": {"%q är inte ett av nätverkets syften.", "%q is not one of the network's purposes."},
	"duplicate_purpose":       {"Syftet %q finns redan.", "The purpose %q is already given."},
	"unknown_activity_status": {"Okänd status för aktiviteten: %q.", "Unknown activity status: %q."},
	"unknown_contribution":    {"Bedömningen måste vara 0 (ej bedömt) eller 1–4.", "The assessment must be 0 (not assessed) or 1–4."},
	"not_in_network":          {"Samverkan %d hör inte till nätverket.", "Collaboration %d does not belong to the network."},
	"duplicate_link":          {"Samverkan %d är redan kopplad.", "Collaboration %d is already linked."},
	"period_reversed":         {"Periodens slutår kan inte ligga före startåret.", "The period cannot end before it starts."},
	"not_a_finite_number":     {"Ange ett tal.", "Give a number."},
	"year_not_followed":       {"Året måste ligga mellan %d och %d.", "The year must be between %d and %d."},
	"invalid_year":            {"Ogiltigt år: ange ett år mellan " + years("och") + ".", "Invalid year: give a year between " + years("and") + "."},
	"not_participant":         {"Kommunen %q deltar inte i samverkan.", "Municipality %q does not take part in the collaboration."},
	"unknown_outcome":         {"Okänt utfall: %q.", "Unknown outcome: %q."},
	"unknown_decision_kind":   {"Okänd beslutstyp: %q.", "Unknown kind of decision: %q."},
	"decision_date_required":  {"Ett fattat beslut måste ha ett datum.", "A decision that has been taken needs a date."},
	"decision_in_future":      {"Ett fattat beslut kan inte vara daterat i framtiden.", "A decision that has been taken cannot be dated in the future."},
	"unknown_feasibility":     {"Okänd bedömning: %q.", "Unknown verdict: %q."},
	"unknown_readiness":       {"Okänd beredskapsnivå: %q.", "Unknown readiness: %q."},
	"unknown_effect":          {"Okänd effekt: %q.", "Unknown effect: %q."},
	"unknown_risk_category":   {"Okänd riskkategori: %q.", "Unknown risk category: %q."},
	"out_of_scale":            {"Värdet måste ligga mellan %v och %v.", "The value must be between %v and %v."},
	"invalid_priority":        {"Prioriteten måste vara 1 (hög), 2 (medel) eller 3 (låg).", "The priority must be 1 (high), 2 (medium) or 3 (low)."},
	"triage_reason_required":  {"Ange varför bedömningen avviker från förslaget (%s).", "Say why the triage differs from the proposal (%s)."},
	"skipped_stage":           {"Det går inte att hoppa över steg: nästa steg efter %s är %s.", "Stages cannot be skipped: the next stage after %s is %s."},
	"transition_not_allowed":  {"Det går inte att byta status från %s till %s.", "The status cannot change from %s to %s."},
	"decisions_missing":       {"Beslut saknas eller är inte bifall: %s.", "Decisions missing or not approved: %s."},
	"decided_decisions_missing": {"Status Beslutad kräver att alla beslut i beslutsvägen är registrerade med bifall. Saknas: %s. Välj en tidigare status och registrera besluten, eller Igång om samverkan redan har startat.",
		"The status Decided needs every decision of the decision path registered as approved. Missing: %s. Choose an earlier status and register the decisions, or Running if the collaboration has already started."},
	"decided_without_form": {"Status Beslutad kräver en samverkansform, eftersom beslutsvägen beror på formen. Välj form, eller en tidigare status.",
		"The status Decided needs a legal form, since the decision path depends on it. Choose a form, or an earlier status."},
	"no_legal_form":       {"Välj samverkansform innan samverkan kan beslutas; beslutsvägen beror på formen.", "Choose a legal form before the collaboration can be decided; the decision path depends on it."},
	"date_in_future":      {"Datumet kan inte ligga i framtiden.", "The date cannot be in the future."},
	"invalid_email":       {"Ogiltig e-postadress: %q.", "Invalid e-mail address: %q."},
	"unknown_licence":     {"Okänd licens: %q. Välj CC0 eller CC BY 4.0.", "Unknown licence: %q. Choose CC0 or CC BY 4.0."},
	"invalid_json":        {"Ogiltig JSON: %s", "Malformed JSON: %s"},
	"unknown_field":       {"Okänt fält.", "Unknown field."},
	"wrong_password":      {"Nuvarande lösenord är fel.", "The current password is wrong."},
	"password_too_short":  {"Lösenordet måste ha minst %d tecken.", "The password must have at least %d characters."},
	"too_many":            {"Listan är för lång: högst %d rader.", "The list is too long: at most %d rows."},
	"amount_too_large":    {"Beloppet är för stort: högst 1 000 miljarder kronor (1 000 000 000 000 kr).", "The amount is too large: at most SEK 1,000,000,000,000 (one trillion kronor)."},
	"amount_out_of_range": {"Beloppet måste ligga mellan −1 000 miljarder och 1 000 miljarder kronor.", "The amount must be between SEK −1,000,000,000,000 and SEK 1,000,000,000,000."},
	"invalid_utf8":        {"Texten innehåller tecken som inte är giltig UTF-8. Spara texten som UTF-8 och försök igen.", "The text contains characters that are not valid UTF-8. Save the text as UTF-8 and try again."},
	"control_character":   {"Texten innehåller ett osynligt styrtecken (%s, tecken nr %d) som inte är tillåtet. Ta bort det.", "The text contains an invisible control character (%s, character %d) that is not allowed. Remove it."},
	"line_break":          {"Fältet får bara ha en rad: ta bort radbrytningar och tabbtecken.", "The field takes a single line: remove line breaks and tabs."},
	"code_and_party":      {"En deltagare är antingen en kommun eller en annan part, inte båda.", "A participant is either a municipality or another party, not both."},
	"null_list":           {"Ange en lista, [] för ingen, eller utelämna fältet; null är inte tillåtet.", "Give a list, [] for none, or leave the field out; null is not allowed."},
	"email_taken":         {"E-postadressen används redan av ett annat konto.", "The e-mail address is already used by another account."},
	// The network's own life (risk.go, meeting.go, workgroup.go, advocacy.go).
	"risk_owner":                {"En risk hör antingen till nätverket eller till en samverkan, inte båda och inte ingen.", "A risk belongs either to the network or to one collaboration, not both and not neither."},
	"unknown_risk_kind":         {"Okänd typ: %q. Välj risk eller hinder.", "Unknown kind: %q. Choose risk or obstacle."},
	"unknown_risk_status":       {"Okänd status för risken: %q.", "Unknown status of the risk: %q."},
	"unknown_meeting_kind":      {"Okänd typ av möte: %q.", "Unknown kind of meeting: %q."},
	"unknown_work_group":        {"Okänd arbetsgrupp: %d.", "Unknown work group: %d."},
	"work_group_not_in_network": {"Arbetsgruppen %d hör inte till nätverket.", "Work group %d does not belong to the network."},
	"duplicate_seat":            {"%s har redan en plats med funktionen %q.", "%s already has a seat with the function %q."},
	"unknown_advocacy_target":   {"Okänd mottagare: %q.", "Unknown target: %q."},
	"unknown_advocacy_status":   {"Okänd status för påverkansfrågan: %q.", "Unknown status of the advocacy issue: %q."},
	// Cost sharing and economies of scale (costshare.go, scale.go).
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
	"duplicate_year":            {"Året %d finns redan.", "The year %d is already given."},
	"weights_zero":              {"Ange vikter: minst en av grunddel, storlek och nyttjande måste vara större än noll.", "Give weights: at least one of base, size and usage must be greater than zero."},
	"negative_value":            {"Värdet kan inte vara negativt.", "The value cannot be negative."},
	"not_a_number":              {"Ogiltigt tal.", "Not a valid number."},
	"too_few_points":            {"Det behövs minst %d kommuner med kända värden för att skatta ett samband; nu finns %d.", "At least %d municipalities with known values are needed to estimate a relation; there are %d."},
	"no_spread":                 {"Kommunerna har samma folkmängd; inget samband med storleken går att skatta.", "The municipalities have the same population; no relation to size can be estimated."},
	"invalid_confidence":        {"Nivån måste ligga mellan 0 och 1 (till exempel 0,9 för 90 %).", "The level must be between 0 and 1 (for example 0.9 for 90%)."},
	// Key functions (keyfunction.go).
	"unknown_key_function":   {"Okänd nyckelfunktion: %q.", "Unknown key function: %q."},
	"duplicate_key_function": {"%s finns redan i listan.", "%s is already in the list."},
	"fte_out_of_range":       {"Ange ett tal mellan 0 och %d.", "Give a number between 0 and %d."},
}

// years is "MinYear <and> MaxYear" for the date and year messages.
func years(and string) string {
	return strconv.Itoa(MinYear) + " " + and + " " + strconv.Itoa(MaxYear)
}

// Validation collects field errors while validating a record.
type Validation struct{ fields []FieldError }

// Add records one problem.
func (v *Validation) Add(field, code string, params ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Code: code, Params: params})
}

// Err returns nil when nothing was added, else an EINVALID error.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	sort.SliceStable(v.fields, func(i, j int) bool { return v.fields[i].Field < v.fields[j].Field })
	return &Error{Code: EINVALID, Message: "Uppgifterna innehåller fel. Rätta de markerade fälten.", Fields: v.fields}
}

// Has reports whether the field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
