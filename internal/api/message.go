package api

import (
	"fmt"

	"github.com/samverkan/samverkan"
)

// apiMessages holds the Swedish and English text of the field codes only the
// API uses (query parameters, headers). Domain codes render with
// samverkan.FieldError.Message.
var apiMessages = map[string][2]string{
	"invalid_json":       {"Ogiltig JSON: %s.", "Malformed JSON: %s."},
	"unknown_parameter":  {"Okänd parameter.", "Unknown parameter."},
	"repeated_parameter": {"Parametern får bara anges en gång.", "The parameter may only be given once."},
	"invalid_integer":    {"Ogiltigt heltal: %q.", "Invalid integer: %q."},
	"invalid_kpi":        {"Ogiltigt nyckeltals-id: %q. Ange Koladas id, till exempel N07024.", "Invalid KPI id: %q. Give Kolada's id, for example N07024."},
	"out_of_range":       {"Värdet måste ligga mellan %d och %d.", "The value must be between %d and %d."},
	"negative_offset":    {"Värdet får inte vara negativt.", "The value cannot be negative."},
	"unknown_sort":       {"Okänd sortering: %q.", "Unknown sort order: %q."},
	"unknown_phase":      {"Okänd fas: %q. Välj pipeline, running eller ended.", "Unknown phase: %q. Choose pipeline, running or ended."},
	"unknown_county":     {"Okänt län: %q.", "Unknown county: %q."},
	"invalid_etag":       {"Ogiltig version: %q. Ange den som \"3\".", "Invalid version: %q. Give it as \"3\"."},
	"multiple_etags":     {"Ange exakt en version.", "Give exactly one version."},
	"slug_mismatch":      {"Kortnamnet kan inte ändras här.", "The slug cannot be changed here."},
	"id_mismatch":        {"Id i innehållet stämmer inte med adressen.", "The id in the body does not match the URL."},
	"unknown_format":     {"Okänt format: %q. Välj xlsx, csv eller json.", "Unknown format: %q. Choose xlsx, csv or json."},
	"unknown_priority":   {"Planen har inget prioriterat område %d.", "The plan has no priority %d."},
	"invalid_boolean":    {"Ogiltigt värde: %q. Ange true eller false.", "Invalid value: %q. Give true or false."},
}

// bilingual is a message parameter that reads differently per language.
type bilingual [2]string

// message renders f in lang ("sv" or "en").
func message(f samverkan.FieldError, lang string) string {
	params := make([]any, len(f.Params))
	for i, p := range f.Params {
		if b, ok := p.(bilingual); ok {
			p = b[0]
			if lang == "en" {
				p = b[1]
			}
		}
		params[i] = p
	}
	m, ok := apiMessages[f.Code]
	if !ok {
		return samverkan.FieldError{Field: f.Field, Code: f.Code, Params: params}.Message(lang)
	}
	tmpl := m[0]
	if lang == "en" {
		tmpl = m[1]
	}
	if len(params) == 0 {
		return tmpl
	}
	return fmt.Sprintf(tmpl, params...)
}
