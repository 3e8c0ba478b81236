package web

import (
	"html/template"
	"strings"
)

// The rows of the oversight (about 200 at national scale) and of the KL
// 9:38 report are written here rather than through {{range}}, as the
// municipality page's long tables are (municipality_html.go): each
// {{.Field}} and {{t …}} of html/template is a reflective call and an
// escaper, and the rows were about a quarter of the pages' first render
// (issue 16). The output is byte for byte what the templates wrote
// (TestReportHTMLAsTemplates).

// oversightRows are the rows of one legal form's table of the oversight.
func oversightRows(rows []oversightRow, lang string) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 420)
	inReport, noHost, noDate := tr(lang, "oversight.in_report"), tr(lang, "value.none"), tr(lang, "figure.no_date")
	openEnded, noAmount, noFollowUp := tr(lang, "report.open_ended"), tr(lang, "figure.no_amount"), tr(lang, "report.no_follow_up")
	for _, r := range rows {
		b.WriteString("\n<tr>\n<th scope=\"row\">")
		writeCollabLink(&b, r.ID, "", r.Title)
		if r.InReport {
			b.WriteString(`<br><span class="muted">`)
			writeText(&b, inReport)
			b.WriteString(`</span>`)
		}
		b.WriteString("</th>\n<td>")
		writeText(&b, r.Role)
		b.WriteString("</td>\n<td>")
		writeText(&b, r.Status)
		b.WriteString("</td>\n<td>")
		writeText(&b, or(r.Host, noHost))
		b.WriteString("</td>\n<td>")
		writeText(&b, or(r.Start, noDate))
		b.WriteString(" – ")
		writeText(&b, or(r.End, openEnded))
		b.WriteString("</td>\n<td class=\"num\">")
		if r.OwnCost != "" {
			b.WriteString(`<span class="nowrap">`)
			writeText(&b, r.OwnCost)
			b.WriteString(`</span>`)
		} else {
			writeText(&b, noAmount)
			b.WriteString(`<br><span class="muted">`)
			writeText(&b, r.OwnCostNote)
			b.WriteString(`</span>`)
		}
		b.WriteString("</td>\n<td>")
		writeText(&b, or(r.FollowUp, noFollowUp))
		b.WriteString("</td>\n</tr>\n")
	}
	return template.HTML(b.String())
}

// report938Rows are the rows of the KL 9:38 report's table.
func report938Rows(rows []reportRow, lang string) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 900)
	noDate, openEnded, unknown := tr(lang, "figure.no_date"), tr(lang, "report.open_ended"), tr(lang, "value.unknown")
	noAmount, noFollowUp, noDocuments := tr(lang, "figure.no_amount"), tr(lang, "report.no_follow_up"), tr(lang, "report.no_documents")
	for _, r := range rows {
		b.WriteString("\n<tr>\n<th scope=\"row\">")
		writeCollabLink(&b, r.ID, "", r.Title)
		b.WriteString(`<br><span class="muted">`)
		writeText(&b, r.Form)
		if r.End != "" {
			b.WriteString(", ")
			writeText(&b, tr(lang, "report.ended", r.End))
		}
		b.WriteString("</span></th>\n<td>")
		writeText(&b, r.Role)
		b.WriteString("</td>\n<td>")
		writeText(&b, r.Others)
		b.WriteString("</td>\n<td>")
		writeText(&b, r.Areas)
		b.WriteString("</td>\n<td>")
		writeText(&b, or(r.From, noDate))
		b.WriteString(" – ")
		writeText(&b, or(r.To, openEnded))
		b.WriteString("</td>\n<td>")
		writeText(&b, or(r.Notice, unknown))
		if r.Renewal != "" {
			b.WriteString(`<br>`)
			writeText(&b, r.Renewal)
		}
		b.WriteString("</td>\n<td>")
		writeText(&b, r.Delegation)
		b.WriteString("</td>\n<td class=\"num\">")
		if r.OwnCost != "" {
			b.WriteString(`<span class="nowrap">`)
			writeText(&b, r.OwnCost)
			b.WriteString(`</span>`)
		} else {
			writeText(&b, noAmount)
		}
		if r.OwnCostNote != "" {
			b.WriteString(`<br><span class="muted">`)
			writeText(&b, r.OwnCostNote)
			b.WriteString(`</span>`)
		}
		b.WriteString(`<br><span class="muted">`)
		writeText(&b, tr(lang, "report.whole_cost", or(r.Cost, noAmount)))
		if r.CostKey != "" {
			b.WriteString(", ")
			writeText(&b, r.CostKey)
		}
		b.WriteString("</span></td>\n<td>")
		writeText(&b, or(r.FollowUp, noFollowUp))
		b.WriteString("</td>\n<td>")
		if len(r.Documents) > 0 {
			b.WriteString(`<ul class="plain">`)
			for _, d := range r.Documents {
				b.WriteString(`<li>`)
				if d.URL != "" {
					// A URL in an attribute goes through html/template,
					// which filters and normalises it; documents are few.
					// A constant template does not fail on a string; should
					// it ever, the title stands without its link.
					linked := documentLink.Execute(&b, d.URL) == nil
					writeText(&b, d.Title)
					if linked {
						b.WriteString(`</a>`)
					}
				} else {
					writeText(&b, d.Title)
				}
				b.WriteString(`</li>`)
			}
			b.WriteString(`</ul>`)
		} else {
			writeText(&b, noDocuments)
		}
		b.WriteString("</td>\n</tr>\n")
	}
	return template.HTML(b.String())
}

// documentLink opens a link to a document's address.
var documentLink = template.Must(template.New("doc").Parse(`<a href="{{.}}">`))
