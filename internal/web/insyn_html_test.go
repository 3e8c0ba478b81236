package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// insynRowsTemplate is the range of insyn_network.html that
// insynCollabRows replaced, kept to compare with.
const insynRowsTemplate = `{{range .}}<tr>
<th scope="row"><a href="{{.URL}}">{{.Title}}</a></th>
<td>{{.Status.Label}}</td>
<td>{{.LegalForm.Label}}</td>
<td>{{range $i, $a := .Areas}}{{if $i}}, {{end}}{{$a.Label}}{{end}}</td>
<td>{{with .Host}}{{.Label}}{{end}}</td>
<td class="nowrap">{{dateOr .Start}}{{if not .End.IsZero}} – {{date .End}}{{end}}</td>
<td class="num nowrap">{{krOr .AnnualCost}}</td>
<td><ul class="plain">{{range .Participants}}<li>{{.Name}}{{if .ShareAs}}: <span class="nowrap">{{.ShareAs}}</span>{{end}}</li>{{end}}</ul></td>
</tr>
{{end}}`

// TestInsynCollabRowsAsTemplate: the public network page's rows written in
// Go are byte for byte what the template wrote, with the page's own
// template functions, in both languages: odd texts, URLs with and without
// a scheme (a refused one too), missing host, dates and cost, no areas,
// participants with and without a share.
func TestInsynCollabRowsAsTemplate(t *testing.T) {
	cost := int64(1234567)
	zero := int64(0)
	rows := []*insynCollabView{
		{URL: insynCollabURL(12), Title: oddText, Status: insynTerm{Label: "Igång"}, LegalForm: insynTerm{Label: oddText},
			Areas: []insynTerm{{Label: "Vatten"}, {Label: oddText}, {Label: ""}}, Host: &insynTerm{Label: "Gislaved"},
			Start: samverkan.MustDate("2020-01-01"), End: samverkan.MustDate("2030-12-31"), AnnualCost: &cost,
			Participants: []insynParticipant{{Name: "Gislaveds kommun", ShareAs: "50,00 % (617 284 kr)"}, {Name: oddText},
				{Name: "Region", ShareAs: oddText}}},
		{URL: "javascript:alert(1)", Title: "Farlig", AnnualCost: &zero},
		{URL: "https://exempel.se/a b?c=<d>&e=%41%zz", Title: "Extern", Areas: []insynTerm{}},
		{URL: "MAILTO:a@b.se", Title: "Post", Start: samverkan.MustDate("2024-02-29")},
		{URL: "/a:b/ä ö#x", Title: "Kolon", End: samverkan.MustDate("2025-01-01")},
		{URL: "data:text/html,x", Title: "Data"},
		{},
	}
	for _, lang := range []string{"sv", "en"} {
		for _, rs := range [][]*insynCollabView{nil, rows} {
			var want strings.Builder
			tpl := template.Must(template.New("x").Funcs((&server{}).funcs(lang)).Parse(insynRowsTemplate))
			if err := tpl.Execute(&want, rs); err != nil {
				t.Fatal(err)
			}
			if got := string(insynCollabRows(lang, rs)); got != want.String() {
				t.Errorf("insynCollabRows (%s):\n got %q\nwant %q", lang, got, want.String())
			}
		}
	}
}
