package web

import (
	"html/template"
	"strings"
)

// insynCollabRows are the rows of the public network page's table of
// collaborations, written here rather than by insyn_network.html: 50
// rows of eight cells, with areas and participants, were some thousand
// reflective template calls and the page's largest cost after its reads
// (issue 16). The output is byte for byte what the template's range wrote
// (TestInsynCollabRowsAsTemplate).
func insynCollabRows(lang string, cs []*insynCollabView) template.HTML {
	var b strings.Builder
	b.Grow(len(cs) * 800)
	for _, c := range cs {
		b.WriteString("<tr>\n<th scope=\"row\"><a href=\"")
		writeHref(&b, c.URL)
		b.WriteString(`">`)
		writeText(&b, c.Title)
		b.WriteString("</a></th>\n<td>")
		writeText(&b, c.Status.Label)
		b.WriteString("</td>\n<td>")
		writeText(&b, c.LegalForm.Label)
		b.WriteString("</td>\n<td>")
		for i, a := range c.Areas {
			if i > 0 {
				b.WriteString(", ")
			}
			writeText(&b, a.Label)
		}
		b.WriteString("</td>\n<td>")
		if c.Host != nil {
			writeText(&b, c.Host.Label)
		}
		b.WriteString("</td>\n<td class=\"nowrap\">")
		writeText(&b, dateOrUnknown(c.Start, lang))
		if !c.End.IsZero() {
			b.WriteString(" – ")
			writeText(&b, c.End.String())
		}
		b.WriteString("</td>\n<td class=\"num nowrap\">")
		writeText(&b, amountOrUnknown(c.AnnualCost, lang))
		b.WriteString("</td>\n<td><ul class=\"plain\">")
		for _, p := range c.Participants {
			b.WriteString("<li>")
			writeText(&b, p.Name)
			if p.ShareAs != "" {
				b.WriteString(`: <span class="nowrap">`)
				writeText(&b, p.ShareAs)
				b.WriteString("</span>")
			}
			b.WriteString("</li>")
		}
		b.WriteString("</ul></td>\n</tr>\n")
	}
	return template.HTML(b.String())
}
