package web

import (
	"github.com/samverkan/samverkan"
)

// How the pages show figures nobody entered: an unknown amount, date or
// count is said to be unknown, never shown as 0 kr, a blank or
// 0001-01-01, and a total says how many of its records it covers.

// figureMessages are the texts of unknown and partial figures.
var figureMessages = map[string][2]string{
	"figure.no_amount":     {"uppgift saknas", "not known"},
	"figure.no_amount.cap": {"Uppgift saknas", "Not known"},
	"figure.no_date":       {"okänt", "not known"},
	"figure.no_date.cap":   {"Okänt", "Not known"},
	"figure.partial":       {"%d av %d samverkan har uppgift", "%d of %d collaborations have a figure"},
	"figure.none_running":  {"ingen pågående samverkan", "no running collaboration"},
}

// totalView is a total as the pages show it: the amount, or that it is
// unknown, and a note on how many records it covers when not all.
type totalView struct {
	Amount  string // "1 200 000 kr", "uppgift saknas"
	Note    string // "3 av 5 samverkan har uppgift", or "" when all have
	Unknown bool
}

// String is the total in one line: "1 200 000 kr (3 av 5 samverkan har
// uppgift)".
func (v totalView) String() string {
	if v.Note == "" {
		return v.Amount
	}
	return v.Amount + " (" + v.Note + ")"
}

// costTotal shows a sum of amounts some of which may be unknown.
func costTotal(t samverkan.AmountTotal, lang string) totalView {
	switch {
	case t.Of == 0:
		return totalView{Amount: tr(lang, "figure.none_running"), Unknown: true}
	case t.Known == 0:
		return totalView{Amount: tr(lang, "figure.no_amount"), Unknown: true}
	case t.Complete():
		return totalView{Amount: kronor(t.Sum, lang)}
	}
	return totalView{Amount: kronor(t.Sum, lang), Note: tr(lang, "figure.partial", t.Known, t.Of)}
}

// amountOrUnknown is an amount, or "uppgift saknas" when nobody entered one.
func amountOrUnknown(v *int64, lang string) string {
	if v == nil {
		return tr(lang, "figure.no_amount")
	}
	return kronor(v, lang)
}

// dateOrUnknown is a date, or "okänt" when nobody entered one.
func dateOrUnknown(d samverkan.Date, lang string) string {
	if d.IsZero() {
		return tr(lang, "figure.no_date")
	}
	return d.String()
}
