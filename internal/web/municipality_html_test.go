package web

import (
	"testing"
)

// TestMunicipalityHTMLEscapesAsTemplates: the rows the municipality page's
// tables write in Go (municipality_html.go) are byte for byte what the
// template snippets they replaced wrote, for texts that need escaping
// (html/template escapes '+' too, and NUL), unknown starts and costs,
// rows with and without a role, and codes that are not plain (the link
// then goes through html/template's URL escaping).
func TestMunicipalityHTMLEscapesAsTemplates(t *testing.T) {
	odd := oddText
	run := func(src string, data any) string { t.Helper(); return runTemplate(t, "sv", src, data) }
	same := func(name, got, want string) { t.Helper(); sameHTML(t, name, got, want) }
	rows := []rowView{
		{ID: 1, Title: odd, Areas: "Vatten, avlopp", Form: "Avtal", Status: "Igång", Host: "Gävle", Start: "2020-01-01", Cost: "100 000 kr", Participants: 3},
		{ID: 22, Title: "Räddning", Areas: odd, Form: odd, Status: odd, Host: odd, Start: "okänt", Cost: "uppgift saknas", NoStart: true, NoCost: true},
		{},
	}
	for _, rs := range [][]rowView{nil, rows} {
		same("collabRows", string(collabRows(rs)), run(`{{range .}}
<tr>
<th scope="row"><a href="/samverkan/{{.ID}}">{{.Title}}</a></th>
<td>{{.Areas}}</td>
<td>{{.Form}}</td>
<td>{{.Status}}</td>
<td>{{.Host}}</td>
<td class="num">{{.Participants}}</td>
<td class="nowrap{{if .NoStart}} muted{{end}}">{{.Start}}</td>
<td class="num nowrap{{if .NoCost}} muted{{end}}">{{.Cost}}</td>
</tr>
{{end}}`, rs))
	}
	maps := []mapRow{
		{Code: "2180", Name: "Gävle", County: "Gävleborgs län", Count: 12, Role: "Medlem"},
		{Code: "0180", Name: odd, County: odd, Count: 0},
		{Code: `a b"<&>+'`, Name: "Konstig", County: "", Count: 1, Role: odd},
		{Code: "javascript:alert(1)", Name: "x"},
		{Code: "", Name: "tom"},
		{Code: "a b", Name: "mellanslag"},
		{Code: "x-y_Z9", Name: "plain"},
		{Code: "åäö/../x?y=1#z%2", Name: "y"},
	}
	same("mapRows", string(mapRows(maps)), run(`{{range .}}<tr><th scope="row"><a href="/kommun/{{.Code}}">{{.Name}}</a></th><td>{{.County}}</td>{{if .Role}}<td>{{.Role}}</td>{{end}}<td class="num">{{.Count}}</td></tr>
{{end}}`, maps))
	costs := []muniCostRow{
		{ID: 5, Title: odd, Key: "Invånarantal", Share: "12,5 %", Amount: "10 000 kr"},
		{ID: 6, Title: "Tolk", Key: odd, Share: "–", Amount: odd, Unknown: true},
	}
	for _, cs := range [][]muniCostRow{nil, costs} {
		same("costRows", string(costRows(cs)), run(`{{range .}}<tr><th scope="row"><a href="/samverkan/{{.ID}}#kostnader">{{.Title}}</a></th><td>{{.Key}}</td><td class="num nowrap">{{.Share}}</td><td class="num nowrap{{if .Unknown}} muted{{end}}">{{.Amount}}</td></tr>
{{end}}`, cs))
	}
}
