package web

import (
	"html/template"
	"strings"

	"github.com/samverkan/samverkan"
)

// The coverage matrix's body (a row per area, a cell per member listing
// the collaborations that cover it) and the table of outside participants
// are written here rather than by {{range}} in coverage.html: a network of
// ~365 collaborations has some 2 000 links in its cells, each field a
// reflective call to html/template's escaper, about a third of the page's
// first render (issue 16). The output is byte for byte what the template
// wrote (TestCoverageHTMLEscapesAsTemplates).

// coverageRowsHTML are the matrix's <tbody> rows; none says an uncovered
// cell.
func coverageRowsHTML(rows []coverageRow, none string) template.HTML {
	n := 0
	for _, r := range rows {
		n += 80 + len(r.Cells)*40
		for _, c := range r.Cells {
			n += len(c.Refs) * 80
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range rows {
		b.WriteString("<tr>\n<th scope=\"row\">")
		writeText(&b, r.Area)
		b.WriteString("</th>\n")
		for _, c := range r.Cells {
			if len(c.Refs) == 0 {
				b.WriteString(`<td class="uncovered">`)
				writeText(&b, none)
				b.WriteString(`</td>`)
				continue
			}
			b.WriteString(`<td class="covered"><span class="visually-hidden">`)
			writeText(&b, c.Member)
			b.WriteString(`: </span>`)
			writeRefLinks(&b, c.Refs)
			b.WriteString(`</td>`)
		}
		b.WriteString("\n<td class=\"num\">")
		writeText(&b, r.CoveredText)
		b.WriteString("</td>\n</tr>\n")
	}
	return template.HTML(b.String())
}

// outsideRowsHTML are the rows of the table of outside participants.
func outsideRowsHTML(rows []outsideRow) template.HTML {
	n := 0
	for _, r := range rows {
		n += 120 + len(r.Areas) + len(r.Refs)*80
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row">`)
		if r.Code != "" {
			writeMunicipalityLink(&b, r.Code)
			writeText(&b, r.Name)
			b.WriteString(`</a>`)
		} else {
			writeText(&b, r.Name)
		}
		b.WriteString(`</th><td>`)
		writeText(&b, r.Areas)
		b.WriteString(`</td><td>`)
		writeRefLinks(&b, r.Refs)
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// writeRefLinks writes links to refs, separated by commas.
func writeRefLinks(b *strings.Builder, refs []samverkan.CoverageRef) {
	for i, r := range refs {
		if i > 0 {
			b.WriteString(`, `)
		}
		writeCollabLink(b, r.ID, "", r.Title)
	}
}
