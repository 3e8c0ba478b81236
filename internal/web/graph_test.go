package web

import (
	"html/template"
	"strings"
	"testing"
)

// TestGraphNodeRows: the rows nodeRows writes are what the template wrote
// before (kept here as the oracle), for names and codes that need
// escaping, with and without the role column, in both languages.
func TestGraphNodeRows(t *testing.T) {
	oracle := template.Must(template.New("rows").Funcs(template.FuncMap{"t": func(lang, key string) string { return tr(lang, key) }}).Parse(
		`{{$n := .Network}}{{$lang := .Lang}}{{range .Nodes}}<tr><th scope="row"><a href="/kommun/{{.Code}}">{{.Name}}</a></th>{{if $n}}<td>{{if .Member}}{{t $lang "map.role.member"}}{{else}}{{t $lang "map.role.outside"}}{{end}}</td>{{end}}<td class="num">{{.Degree}}</td><td class="num">{{.Strength}}</td><td class="num">{{.Betweenness}}</td><td class="num">{{.Group}}</td></tr>
{{end}}`))
	rows := []graphNodeRow{
		{Code: "0662", Name: "Gislaved", Member: true, Degree: 12, Strength: 340, Group: 1, Betweenness: "1 234,5"},
		{Code: "1382", Name: "Falkenberg", Degree: 0, Strength: 0, Group: 2, Betweenness: "0,0"},
		{Code: "a/b c?d&e+f%g'h\"i#j!k", Name: `<Tom & "Jerry's" +1>` + "\x00 Malung-Sälen", Member: true, Group: 3, Betweenness: "<1>"},
		{Code: "%41%zz%4", Name: "Ale", Group: 5, Betweenness: "0"},
		{Code: "ÅÄÖ~._-", Name: "Upplands Väsby", Group: 4, Betweenness: "2\u00a0345,0"},
	}
	for _, lang := range []string{"sv", "en"} {
		for _, roles := range []bool{false, true} {
			var want strings.Builder
			data := map[string]any{"Nodes": rows, "Lang": lang, "Network": roles}
			if err := oracle.Execute(&want, data); err != nil {
				t.Fatal(err)
			}
			if got := string(nodeRows(rows, roles, lang)); got != want.String() {
				t.Errorf("%s, roles %v:\n got %s\nwant %s", lang, roles, got, want.String())
			}
		}
	}
}
