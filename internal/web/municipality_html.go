package web

import (
	"html/template"
	"strconv"
	"strings"
)

// The three long tables of the municipality page — its collaborations
// (50 a page, the collabtable partial the network page shares), the
// map's table (the map.panel partial, a row per municipality sharing a
// running collaboration) and the cost table (a row per running
// collaboration it pays for, about 200 at national scale) — write their
// rows here rather than through {{range}}: every {{.Field}} of
// html/template is a reflective call to an escaper, and the template was
// about a quarter of the page's first render (issue 16). The output is
// byte for byte what the templates wrote
// (TestMunicipalityHTMLEscapesAsTemplates).

// collabRows are the collabtable partial's body rows.
func collabRows(rows []rowView) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 400)
	for _, r := range rows {
		b.WriteString("\n<tr>\n<th scope=\"row\">")
		writeCollabLink(&b, r.ID, "", r.Title)
		b.WriteString("</th>\n<td>")
		writeText(&b, r.Areas)
		b.WriteString("</td>\n<td>")
		writeText(&b, r.Form)
		b.WriteString("</td>\n<td>")
		writeText(&b, r.Status)
		b.WriteString("</td>\n<td>")
		writeText(&b, r.Host)
		b.WriteString("</td>\n<td class=\"num\">")
		b.WriteString(strconv.Itoa(r.Participants))
		b.WriteString("</td>\n<td class=\"nowrap")
		if r.NoStart {
			b.WriteString(" muted")
		}
		b.WriteString(`">`)
		writeText(&b, r.Start)
		b.WriteString("</td>\n<td class=\"num nowrap")
		if r.NoCost {
			b.WriteString(" muted")
		}
		b.WriteString(`">`)
		writeText(&b, r.Cost)
		b.WriteString("</td>\n</tr>\n")
	}
	return template.HTML(b.String())
}

// mapRows are the map.panel partial's table rows (there is at least one;
// the partial says so when there is none).
func mapRows(rows []mapRow) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 120)
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row">`)
		writeMunicipalityLink(&b, r.Code)
		writeText(&b, r.Name)
		b.WriteString(`</a></th><td>`)
		writeText(&b, r.County)
		b.WriteString(`</td>`)
		if r.Role != "" {
			b.WriteString(`<td>`)
			writeText(&b, r.Role)
			b.WriteString(`</td>`)
		}
		b.WriteString(`<td class="num">`)
		b.WriteString(strconv.Itoa(r.Count))
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// costRows are the municosts partial's rows of the collaborations paid
// for (the total row stays in the template).
func costRows(rows []muniCostRow) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 200)
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row">`)
		writeCollabLink(&b, r.ID, "#kostnader", r.Title)
		b.WriteString(`</th><td>`)
		writeText(&b, r.Key)
		b.WriteString(`</td><td class="num nowrap">`)
		writeText(&b, r.Share)
		b.WriteString(`</td><td class="num nowrap`)
		if r.Unknown {
			b.WriteString(` muted`)
		}
		b.WriteString(`">`)
		writeText(&b, r.Amount)
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// municipalityLink is the template writeMunicipalityLink stands in for
// when a code is not plain: html/template normalises and escapes a URL
// in an attribute in ways writeText does not.
var municipalityLink = template.Must(template.New("link").Parse(`<a href="/kommun/{{.}}">`))
