package web

import (
	"html/template"
	"strings"

	"github.com/samverkan/samverkan"
)

// The annual report's decision rows and started/ended lists, written in
// Go (see html_write.go); the output is byte for byte what the template
// wrote (TestAnnualReportHTMLAsTemplates).

// annualDecisionRows are the rows of the annual report's decisions table:
// the year's decisions (40 in a large network), each row six escaped
// fields and two vocabulary labels (issue 16).
func annualDecisionRows(lang string, ds []annualDecision) template.HTML {
	var b strings.Builder
	b.Grow(len(ds) * 240)
	for _, d := range ds {
		b.WriteString("\n<tr><th scope=\"row\" class=\"nowrap\">")
		writeText(&b, d.Date.String())
		b.WriteString("</th><td>")
		writeText(&b, d.MuniName)
		b.WriteString("</td><td>")
		writeText(&b, vocabularies["body"].Label(d.Body, lang))
		if d.Paragraph != "" {
			b.WriteByte(' ')
			writeText(&b, d.Paragraph)
		}
		b.WriteString("</td>\n<td>")
		writeText(&b, d.CollaborationTitle)
		b.WriteString("</td><td>")
		writeText(&b, vocabularies["outcome"].Label(d.Outcome, lang))
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// annualRefItems are the list items of the collaborations that started
// (the legal form and start date beside each) or ended (the status and
// end date) in the report's year.
func annualRefItems(lang string, refs []samverkan.CollaborationRef, ended bool) template.HTML {
	var b strings.Builder
	b.Grow(len(refs) * 120)
	for _, c := range refs {
		b.WriteString("<li>")
		writeText(&b, c.Title)
		b.WriteString(` <span class="muted">(`)
		if ended {
			writeText(&b, vocabularies["status"].Label(c.Status, lang))
			b.WriteString(", ")
			writeText(&b, c.End.String())
		} else {
			writeText(&b, vocabularies["legal_form"].Label(c.LegalForm, lang))
			b.WriteString(", ")
			writeText(&b, c.Start.String())
		}
		b.WriteString(")</span></li>")
	}
	return template.HTML(b.String())
}
