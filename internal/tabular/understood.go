package tabular

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samverkan/samverkan"
)

// understood renders a row's mapped cells as the import read them, in
// Swedish and English, for the preview: the names behind the codes, dates
// as ISO dates, amounts in kronor, and "uppgift saknas" for what is
// unknown rather than a zero.
func (r *rowState) understood(v values) []CellValue {
	cat := r.pl.cat
	out := make([]CellValue, 0, len(r.m.Columns))
	for _, c := range r.m.Columns {
		text, _ := r.cell(c.Field)
		val := CellValue{Field: c.Field, Text: shown(text)}
		set := func(sv, en string) { val.SV, val.EN = shown(sv), shown(en) }
		same := func(s string) { s = shown(s); val.SV, val.EN = s, s }
		switch c.Field {
		case FieldID:
			if v.id != 0 {
				same(strconv.FormatInt(v.id, 10))
			}
		case FieldTitle:
			same(v.title)
		case FieldDescription:
			same(v.description)
		case FieldAreas:
			var sv, en []string
			for _, code := range v.areas {
				a, _ := cat.Area(code)
				sv, en = append(sv, a.Label("sv")), append(en, a.Label("en"))
			}
			if len(v.review) > 0 {
				sv = append(sv, "att granska: "+strings.Join(v.review, ", "))
				en = append(en, "to review: "+strings.Join(v.review, ", "))
			}
			set(strings.Join(sv, "; "), strings.Join(en, "; "))
		case FieldLegalForm:
			if v.legalForm != "" {
				set(samverkan.LegalFormTerms().Label(v.legalForm, "sv"), samverkan.LegalFormTerms().Label(v.legalForm, "en"))
			}
		case FieldStatus:
			if v.status != "" {
				set(samverkan.StatusTerms().Label(v.status, "sv"), samverkan.StatusTerms().Label(v.status, "en"))
			}
		case FieldHost:
			if v.host != "" {
				same(cat.MunicipalityName(v.host))
			}
		case FieldMunicipalities:
			names := make([]string, len(v.munis))
			for i, code := range v.munis {
				names[i] = cat.MunicipalityName(code)
			}
			same(strings.Join(names, ", "))
		case FieldParties:
			same(strings.Join(v.parties, ", "))
		case FieldStart:
			set(dateText(v.start, "sv"), dateText(v.start, "en"))
		case FieldEnd:
			set(dateText(v.end, "sv"), dateText(v.end, "en"))
		case FieldAgreementValidTo:
			set(dateText(v.agreement, "sv"), dateText(v.agreement, "en"))
		case FieldAnnualCost:
			if v.cost == nil {
				set("uppgift saknas", "not stated")
			} else {
				set(kronor(*v.cost), "SEK "+strings.ReplaceAll(groupThousands(*v.cost), " ", ","))
			}
		case FieldCostKey:
			sv, en := samverkan.CostKeys.Label(v.costKey, "sv"), samverkan.CostKeys.Label(v.costKey, "en")
			if v.costKeyNoteSet {
				if v.costKey == "" {
					sv, en = "", ""
				}
				sv, en = strings.TrimPrefix(sv+" (”"+v.costKeyNote+"”)", " "), strings.TrimPrefix(en+" (“"+v.costKeyNote+"”)", " ")
			}
			set(sv, en)
		case FieldContact:
			same(strings.Join(v.contacts, ", "))
		case FieldPublic:
			if v.publicSet {
				if v.public {
					set("Ja", "Yes")
				} else {
					set("Nej", "No")
				}
			}
		}
		out = append(out, val)
	}
	return out
}

func dateText(d samverkan.Date, lang string) string {
	switch {
	case !d.IsZero():
		return d.String()
	case lang == "en":
		return "not stated"
	}
	return "uppgift saknas"
}

// kronor writes whole kronor the Swedish way: "1 200 000 kr".
func kronor(n int64) string { return groupThousands(n) + " kr" }

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// maxShown is the most of a cell the preview repeats.
const maxShown = 120

// shown is s as the preview keeps it: at most maxShown characters, and a
// copy, so that the preview does not keep the file's text alive (a CSV
// record's fields share one string; the planner lets go of the cells).
func shown(s string) string {
	if s == "" {
		return ""
	}
	return strings.Clone(shorten(s, maxShown))
}

// shorten cuts s to at most n characters, with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
