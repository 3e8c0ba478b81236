package web

import (
	"testing"

	"github.com/samverkan/samverkan"
)

// TestCoverageHTMLEscapesAsTemplates: the matrix's rows and the outside
// participants' rows written in Go (coverage_html.go) are byte for byte
// what coverage.html's {{range}}s wrote, for texts that need escaping,
// cells with none, one and several collaborations, parties and
// municipalities whose codes are not plain.
func TestCoverageHTMLEscapesAsTemplates(t *testing.T) {
	odd := oddText
	run := func(src string, data any) string { t.Helper(); return runTemplate(t, "sv", src, data) }
	same := func(name, got, want string) { t.Helper(); sameHTML(t, name, got, want) }
	refs := []samverkan.CoverageRef{{ID: 7, Title: odd}, {ID: 1234567, Title: "Räddning"}}
	rows := []coverageRow{
		{Area: odd, CoveredText: "1 av 3", Cells: []coverageCell{{Member: "Gävle", Refs: refs[:1]}, {Member: odd}, {Member: "Sandviken", Refs: refs}}},
		{Area: "Vatten", CoveredText: odd, Cells: []coverageCell{{Member: "Gävle"}}},
		{Area: "Tom"},
	}
	for _, none := range []string{"–", odd} {
		for _, rs := range [][]coverageRow{nil, rows} {
			same("coverageRowsHTML", string(coverageRowsHTML(rs, none)), run(`{{$d := .}}{{range $d.Rows}}<tr>
<th scope="row">{{.Area}}</th>
{{range .Cells}}{{if .Refs}}<td class="covered"><span class="visually-hidden">{{.Member}}: </span>{{range $i, $r := .Refs}}{{if $i}}, {{end}}<a href="/samverkan/{{$r.ID}}">{{$r.Title}}</a>{{end}}</td>{{else}}<td class="uncovered">{{$d.None}}</td>{{end}}{{end}}
<td class="num">{{.CoveredText}}</td>
</tr>
{{end}}`, coveragePage{Rows: rs, None: none}))
		}
	}
	outside := []outsideRow{
		{Code: "2180", Name: "Gävle", Areas: "Vatten, avlopp", Refs: refs},
		{Name: odd, Areas: odd, Refs: refs[1:]},
		{Code: `a b"<&>+'`, Name: odd},
		{Code: "javascript:alert(1)", Name: "x", Refs: refs[:1]},
	}
	for _, os := range [][]outsideRow{nil, outside} {
		same("outsideRowsHTML", string(outsideRowsHTML(os)), run(`{{range .}}<tr><th scope="row">{{if .Code}}<a href="/kommun/{{.Code}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</th><td>{{.Areas}}</td><td>{{range $i, $r := .Refs}}{{if $i}}, {{end}}<a href="/samverkan/{{$r.ID}}">{{$r.Title}}</a>{{end}}</td></tr>
{{end}}`, os))
	}
}
