package web

import (
	"html/template"
	"strings"

	"github.com/samverkan/samverkan"
)

// The overview's table of networks, written in Go (see html_write.go).

// networkRows are the rows of the overview's table of networks, one per
// network (58 at national scale): seven cells each, six of them a call of
// num or total, were most of the overview's template (issue 16).
func networkRows(lang string, ns []samverkan.NetworkSummary) template.HTML {
	var b strings.Builder
	b.Grow(len(ns) * 400)
	num := func(n int) {
		b.WriteString(`</td>` + "\n" + `<td class="num">`)
		writeText(&b, groupDigits(int64(n), lang))
	}
	for _, n := range ns {
		b.WriteString("\n<tr>\n" + `<th scope="row"><a href="/natverk/`)
		writeURLPart(&b, n.Slug)
		b.WriteString(`">`)
		writeText(&b, n.Name)
		b.WriteString(`</a></th>` + "\n" + `<td class="num">`)
		writeText(&b, groupDigits(int64(n.Members), lang))
		num(n.Running)
		num(n.Pipeline)
		num(n.Ended)
		b.WriteString(`</td>` + "\n" + `<td class="num">`)
		writeTotal(&b, costTotal(n.CostTotal(), lang))
		num(n.OutsideMembers)
		b.WriteString("</td>\n</tr>\n")
	}
	return template.HTML(b.String())
}
