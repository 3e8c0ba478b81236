package web

import (
	"testing"
)

// TestReportHTMLAsTemplates: the oversight's and the KL 9:38 report's rows
// written in Go (report_html.go) are byte for byte what the template
// snippets they replaced wrote, in both languages, for texts that need
// escaping, empty cells that fall back to a fixed text, documents with and
// without an address (an unsafe one filtered as html/template does).
func TestReportHTMLAsTemplates(t *testing.T) {
	odd := oddText
	run := func(lang, src string, data any) string { t.Helper(); return runTemplate(t, lang, src, data) }
	same := func(name, got, want string) { t.Helper(); sameHTML(t, name, got, want) }
	overs := []oversightRow{
		{ID: 1, Title: odd, Role: "Medlem", Status: "Igång", Host: "Gislaveds kommun", Start: "2020-01-01", End: "2030-12-31",
			OwnCost: "12 500 kr", FollowUp: "2025", InReport: true},
		{ID: 22, Title: "Räddning", Role: odd, Status: odd, OwnCostNote: odd},
		{},
	}
	reports := []reportRow{
		{ID: 3, Title: odd, Others: "Gnosjö kommun, Region Jönköping", Role: "Beställare", Areas: "Vatten, avlopp",
			Documents: []reportDoc{{Title: "Avtal (2020-01-01)", URL: "https://example.se/a b.pdf?x=1&y=<2>"}, {Title: odd},
				{Title: "Farlig", URL: "javascript:alert(1)"}},
			Delegation: "Ja", From: "2020-01-01", To: "2026-12-31", Notice: "12 månader", Renewal: odd,
			OwnCost: "1 000 kr", OwnCostNote: "33,33 %", FollowUp: "2024", Cost: "3 000 kr", CostKey: "Lika delar",
			Form: "Avtalssamverkan", End: "2026-12-31", Status: "Igång"},
		{ID: 4, Title: "Utan", Role: odd, Others: odd, Areas: odd, Delegation: odd, OwnCostNote: odd, Form: odd, CostKey: odd},
		{},
	}
	for _, lang := range []string{"sv", "en"} {
		for _, rs := range [][]oversightRow{nil, overs} {
			same("oversightRows "+lang, string(oversightRows(rs, lang)), run(lang, `{{range .}}
<tr>
<th scope="row"><a href="/samverkan/{{.ID}}">{{.Title}}</a>{{if .InReport}}<br><span class="muted">{{t "oversight.in_report"}}</span>{{end}}</th>
<td>{{.Role}}</td>
<td>{{.Status}}</td>
<td>{{or .Host (t "value.none")}}</td>
<td>{{or .Start (t "figure.no_date")}} – {{or .End (t "report.open_ended")}}</td>
<td class="num">{{if .OwnCost}}<span class="nowrap">{{.OwnCost}}</span>{{else}}{{t "figure.no_amount"}}<br><span class="muted">{{.OwnCostNote}}</span>{{end}}</td>
<td>{{or .FollowUp (t "report.no_follow_up")}}</td>
</tr>
{{end}}`, rs))
		}
		for _, rs := range [][]reportRow{nil, reports} {
			same("report938Rows "+lang, string(report938Rows(rs, lang)), run(lang, `{{range .}}
<tr>
<th scope="row"><a href="/samverkan/{{.ID}}">{{.Title}}</a><br><span class="muted">{{.Form}}{{if .End}}, {{t "report.ended" .End}}{{end}}</span></th>
<td>{{.Role}}</td>
<td>{{.Others}}</td>
<td>{{.Areas}}</td>
<td>{{or .From (t "figure.no_date")}} – {{or .To (t "report.open_ended")}}</td>
<td>{{if .Notice}}{{.Notice}}{{else}}{{t "value.unknown"}}{{end}}{{if .Renewal}}<br>{{.Renewal}}{{end}}</td>
<td>{{.Delegation}}</td>
<td class="num">{{if .OwnCost}}<span class="nowrap">{{.OwnCost}}</span>{{else}}{{t "figure.no_amount"}}{{end}}{{if .OwnCostNote}}<br><span class="muted">{{.OwnCostNote}}</span>{{end}}<br><span class="muted">{{t "report.whole_cost" (or .Cost (t "figure.no_amount"))}}{{if .CostKey}}, {{.CostKey}}{{end}}</span></td>
<td>{{or .FollowUp (t "report.no_follow_up")}}</td>
<td>{{if .Documents}}<ul class="plain">{{range .Documents}}<li>{{if .URL}}<a href="{{.URL}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}</li>{{end}}</ul>{{else}}{{t "report.no_documents"}}{{end}}</td>
</tr>
{{end}}`, rs))
		}
	}
}
