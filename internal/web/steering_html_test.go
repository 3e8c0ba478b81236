package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestSteeringHTMLEscapesAsTemplates: the lists the follow-up page and the
// annual report write in Go (steering_html.go) are byte for byte what the
// template snippets they replaced wrote, for titles that need escaping
// (html/template escapes '+' too) and in both languages.
func TestSteeringHTMLEscapesAsTemplates(t *testing.T) {
	titles := map[int64]string{1: `IT & <drift> "A+B" 'x'`, 2: "Växel\x00\ufdd0\xff", 3: "Räddningstjänst"}
	refs := []samverkan.CollaborationRef{{ID: 1, Title: titles[1]}, {ID: 2, Title: titles[2]}, {ID: 3, Title: titles[3]}}
	rows := []followedRow{
		{Ref: refs[0], Budget: "100 000 kr", Cost: "120 000 kr", Deviation: "+20 000 kr", Example: true},
		{Ref: refs[1]},
		{Ref: refs[2], Cost: "5 kr"},
	}
	for _, lang := range []string{"sv", "en"} {
		funcs := template.FuncMap{"t": func(key string, args ...any) string { return tr(lang, key, args...) }}
		run := func(src string, data any) string {
			t.Helper()
			var b strings.Builder
			if err := template.Must(template.New("x").Funcs(funcs).Parse(src)).Execute(&b, data); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		same := func(name, got, want string) {
			t.Helper()
			if got != want {
				t.Errorf("%s (%s):\n got %q\nwant %q", name, lang, got, want)
			}
		}
		type page struct {
			Titles    map[int64]string
			Weak      []int64
			Missing   []samverkan.CollaborationRef
			Followed  []followedRow
			Year      int
			CanFollow bool
		}
		for _, weak := range [][]int64{nil, {1}, {3, 2, 1, 4}} {
			d := page{Titles: titles, Weak: weak}
			same("weakLinks", string(weakLinks(weak, titles)), run(`{{$d := .}}{{if .Weak}}<ul class="plain">{{range .Weak}}<li><a href="/samverkan/{{.}}">{{index $d.Titles .}}</a></li>{{end}}</ul>{{else}}–{{end}}`, d))
			same("weakItems", string(weakItems(weak, titles)), run(`{{$r := .}}{{if .Weak}}<ul class="plain">{{range .Weak}}<li>{{index $r.Titles .}}</li>{{end}}</ul>{{else}}–{{end}}`, d))
			same("titleItems", string(titleItems(weak, titles)), run(`{{$r := .}}{{range .Weak}}<li>{{index $r.Titles .}}</li>{{end}}`, d))
		}
		for _, follow := range []bool{false, true} {
			d := page{Missing: refs, Year: 2025, CanFollow: follow}
			same("missingItems", string(missingItems(lang, refs, 2025, follow)), run(`{{$d := .}}{{range $d.Missing}}<li><a href="/samverkan/{{.ID}}">{{.Title}}</a>{{if $d.CanFollow}} – <a href="/samverkan/{{.ID}}/uppfoljning/{{$d.Year}}">{{t "fu.follow"}}<span class="visually-hidden"> {{.Title}}</span></a>{{end}}</li>{{end}}`, d))
		}
		risks := []samverkan.ReportRisk{
			{RiskEntry: samverkan.RiskEntry{Title: "Leverantör <A+B>", Kind: "risk", Likelihood: ptrInt(4), Impact: ptrInt(5),
				Status: "atgardas", Review: samverkan.MustDate("2024-03-01")}, Score: ptrInt(20), Level: "hog", Overdue: true},
			{RiskEntry: samverkan.RiskEntry{Title: "Okänd", Kind: "hinder", CollaborationTitle: titles[1]}},
			{RiskEntry: samverkan.RiskEntry{Title: "Granskad", Kind: "risk", Likelihood: ptrInt(1), Impact: ptrInt(2),
				Review: samverkan.MustDate("2025-01-01")}, Score: ptrInt(2), Level: "lag"},
		}
		sf := (&server{}).funcs(lang)
		var rb strings.Builder
		if err := template.Must(template.New("r").Funcs(sf).Parse(`{{range .}}
<tr><th scope="row">{{.Title}}</th><td>{{label "risk_kind" .Kind}}</td>
<td>{{if .CollaborationTitle}}{{.CollaborationTitle}}{{else}}{{t "ar.risks.network"}}{{end}}</td>
<td class="nowrap">{{if .Score}}{{deref .Likelihood}} × {{deref .Impact}} = {{deref .Score}} ({{label "risk_level" .Level}}){{else}}{{t "ar.risks.unassessed"}}{{end}}</td>
<td>{{if .Status}}{{label "risk_status" .Status}}{{else}}{{t "value.unknown"}}{{end}}</td>
<td class="nowrap">{{if .Review.IsZero}}{{t "value.unknown"}}{{else}}{{date .Review}}{{if .Overdue}} <strong class="overdue">{{t "ar.overdue"}}</strong>{{end}}{{end}}</td></tr>
{{end}}`)).Execute(&rb, risks); err != nil {
			t.Fatal(err)
		}
		same("riskRows", string(riskRows(lang, risks)), rb.String())
		for _, pv := range []priorityView{{}, {
			Acts: []activityView{{Activity: samverkan.Activity{Title: "Kartlägg <system>", Due: samverkan.MustDate("2024-06-30")}, StatusLabel: "Pågår"},
				{Activity: samverkan.Activity{Title: "A+B"}, StatusLabel: "Planerad"}},
			Links: []linkView{{ID: 1, Title: titles[1]}, {ID: 99, Missing: true}},
		}} {
			var pb strings.Builder
			if err := template.Must(template.New("p").Funcs(sf).Parse(`<td>{{if .Acts}}<ul class="plain">{{range .Acts}}<li>{{.Title}} – {{.StatusLabel}}{{if not .Due.IsZero}} ({{date .Due}}){{end}}</li>{{end}}</ul>{{else}}–{{end}}</td>
<td>{{if .Links}}<ul class="plain">{{range .Links}}<li>{{if .Missing}}{{t "plan.link.missing" .ID}}{{else}}{{.Title}}{{end}}</li>{{end}}</ul>{{else}}–{{end}}</td>`)).Execute(&pb, pv); err != nil {
				t.Fatal(err)
			}
			same("planActs/planLinks", "<td>"+string(planActs(pv.Acts))+"</td>\n<td>"+string(planLinks(lang, pv.Links))+"</td>", pb.String())
		}
		d := page{Followed: rows, Year: 2024}
		same("followedRows", string(followedRows(lang, rows, 2024)), run(`{{$d := .}}{{range $d.Followed}}
<tr><th scope="row"><a href="/samverkan/{{.Ref.ID}}/uppfoljning/{{$d.Year}}">{{.Ref.Title}}</a>{{if .Example}} <span class="tag">{{t "fu.example"}}</span>{{end}}</th>
<td class="num nowrap">{{or .Budget (t "value.unknown")}}</td>
<td class="num nowrap">{{or .Cost (t "value.unknown")}}</td>
<td class="num nowrap">{{or .Deviation (t "value.unknown")}}</td></tr>
{{end}}`, d))
	}
}

func ptrInt(v int) *int { return &v }

// TestPlanActivityRowsAsTemplates: the plan form's activity rows written
// in Go are what the "input" and "select" partials wrote, with values that
// need escaping, an empty and an unknown status, and field errors.
func TestPlanActivityRowsAsTemplates(t *testing.T) {
	const snippet = `{{$f := .}}{{$e := $f.Errors}}{{$i := $f.I}}{{$p := printf "p.%d." $i}}{{$id := printf "pl-p-%d-" $i}}{{range $j, $a := $f.Acts}}{{$ap := printf "%sa.%d." $p $j}}{{$aid := printf "%sa-%d-" $id $j}}
<fieldset class="row">
<legend>{{t "form.row" (t "planform.activities") (inc $j)}}</legend>
<input type="hidden" name="{{$ap}}id" value="{{$a.ID}}">
{{template "input" (dict "Errors" $e "ID" (print $aid "title") "Name" (print $ap "title") "Label" (t "plan.col.activity") "Value" $a.Title "Class" "wide")}}
{{template "input" (dict "Errors" $e "ID" (print $aid "responsible") "Name" (print $ap "responsible") "Label" (t "plan.col.responsible") "Value" $a.Responsible)}}
{{template "input" (dict "Errors" $e "ID" (print $aid "due") "Name" (print $ap "due") "Label" (t "plan.col.due") "Value" $a.Due "Type" "date")}}
{{template "select" (dict "Errors" $e "ID" (print $aid "status") "Name" (print $ap "status") "Label" (t "plan.col.status") "Vocab" "activity_status" "Value" (or $a.Status "planerad"))}}
</fieldset>
{{end}}`
	acts := []activityRow{
		{ID: "7", Title: `Kartlägg <system> & "A+B" 'x'`, Responsible: "IT-chef", Due: "2024-06-30", Status: "pagar"},
		{},
		{ID: "9", Title: "Växel\x00\ufdd0\xff", Due: "inte ett datum", Status: "okänd<status>"},
	}
	var withErrs formErrors
	withErrs.add("pl-p-2-a-2-due", "Klart senast", "Ange ett datum <ÅÅÅÅ-MM-DD>.")
	withErrs.add("pl-p-2-a-2-due", "Klart senast", "Andra felet.")
	withErrs.add("pl-p-2-a-0-status", "Status", "Okänd status.")
	withErrs.add("pl-p-2-a-1-title", "Aktivitet", "Ange en titel.")
	s := &server{}
	for _, lang := range []string{"sv", "en"} {
		tpl := template.Must(template.New("").Funcs(s.funcs(lang)).ParseFS(templateFS, "templates/partials.html"))
		template.Must(tpl.New("x").Parse(snippet))
		for _, e := range []formErrors{{}, withErrs} {
			for _, i := range []int{0, 2} {
				var b strings.Builder
				if err := tpl.ExecuteTemplate(&b, "x", struct {
					Errors formErrors
					I      int
					Acts   []activityRow
				}{e, i, acts}); err != nil {
					t.Fatal(err)
				}
				if got := string(planActivityRows(lang, e, i, acts)); got != b.String() {
					t.Errorf("planActivityRows(%s, %d, errors %v):\n got %q\nwant %q", lang, i, e.Any(), got, b.String())
				}
			}
		}
	}
}

// TestNetworkRowsAsTemplate: the overview's rows of networks written in Go
// are what the template's range wrote, with the real "total" partial and
// num, for every kind of total (none running, no amount, partial, all
// known), slugs and names that need escaping or percent-encoding, and no
// networks at all.
func TestNetworkRowsAsTemplate(t *testing.T) {
	const snippet = `{{range .}}
<tr>
<th scope="row"><a href="/natverk/{{.Slug}}">{{.Name}}</a></th>
<td class="num">{{num .Members}}</td>
<td class="num">{{num .Running}}</td>
<td class="num">{{num .Pipeline}}</td>
<td class="num">{{num .Ended}}</td>
<td class="num">{{template "total" (total .CostTotal)}}</td>
<td class="num">{{num .OutsideMembers}}</td>
</tr>
{{end}}`
	cost := int64(12345678)
	ns := []samverkan.NetworkSummary{
		{Slug: "syn-01", Name: "Samverkan Mittsverige", Members: 7, Running: 1234, Pipeline: 56, Ended: 1000000,
			AnnualCost: &cost, AnnualCostKnown: 1000, OutsideMembers: 3},
		{Slug: "a&b+c'd\"e<f>%41%g%zz ä/?#x~_.!$*,;=:@[]()", Name: `IT & <drift> "A+B" 'x' Växel` + "\x00\ufdd0\xff",
			Running: 2, AnnualCost: &cost, AnnualCostKnown: 2},
		{Slug: "tom", Name: "Utan uppgift", Running: 5},
		{Slug: "ingen", Name: "Inget igång", Pipeline: 1},
	}
	s := &server{}
	for _, lang := range []string{"sv", "en"} {
		tpl := template.Must(template.New("").Funcs(s.funcs(lang)).ParseFS(templateFS, "templates/partials.html"))
		template.Must(tpl.New("x").Parse(snippet))
		for _, list := range [][]samverkan.NetworkSummary{nil, ns} {
			var b strings.Builder
			if err := tpl.ExecuteTemplate(&b, "x", list); err != nil {
				t.Fatal(err)
			}
			if got := string(networkRows(lang, list)); got != b.String() {
				t.Errorf("%s, %d networks:\n got %q\nwant %q", lang, len(list), got, b.String())
			}
		}
	}
}

// TestAnnualReportHTMLAsTemplates: the annual report's decision rows and
// its lists of collaborations started and ended, written in Go, are byte
// for byte what the template's ranges they replaced wrote, with the page's
// own template functions, in both languages, odd texts, unknown codes and
// missing dates included.
func TestAnnualReportHTMLAsTemplates(t *testing.T) {
	ds := []annualDecision{
		{Date: samverkan.MustDate("2025-03-04"), MuniName: "Gislaveds kommun", Body: "kf", Paragraph: "§ 12",
			CollaborationTitle: oddText, Outcome: samverkan.OutcomePending},
		{MuniName: oddText, Body: oddText, Paragraph: oddText, CollaborationTitle: "Räddning", Outcome: oddText},
		{Date: samverkan.MustDate("2025-12-31"), Body: "ks", Outcome: "bifall"},
		{},
	}
	refs := []samverkan.CollaborationRef{
		{ID: 1, Title: oddText, Status: samverkan.StatusRunning, LegalForm: samverkan.FormAgreement,
			Start: samverkan.MustDate("2025-01-01"), End: samverkan.MustDate("2025-06-30")},
		{ID: 2, Title: "Växel", Status: oddText, LegalForm: oddText},
		{},
	}
	for _, lang := range []string{"sv", "en"} {
		run := func(src string, data any) string {
			t.Helper()
			var b strings.Builder
			tpl := template.Must(template.New("x").Funcs((&server{}).funcs(lang)).Parse(src))
			if err := tpl.Execute(&b, data); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		for _, rows := range [][]annualDecision{nil, ds} {
			want := run(`{{range .}}
<tr><th scope="row" class="nowrap">{{date .Date}}</th><td>{{.MuniName}}</td><td>{{label "body" .Body}}{{if .Paragraph}} {{.Paragraph}}{{end}}</td>
<td>{{.CollaborationTitle}}</td><td>{{label "outcome" .Outcome}}</td></tr>
{{end}}`, rows)
			if got := string(annualDecisionRows(lang, rows)); got != want {
				t.Errorf("annualDecisionRows (%s):\n got %q\nwant %q", lang, got, want)
			}
		}
		for _, rs := range [][]samverkan.CollaborationRef{nil, refs} {
			want := run(`{{range .}}<li>{{.Title}} <span class="muted">({{label "legal_form" .LegalForm}}, {{date .Start}})</span></li>{{end}}`, rs)
			if got := string(annualRefItems(lang, rs, false)); got != want {
				t.Errorf("annualRefItems started (%s):\n got %q\nwant %q", lang, got, want)
			}
			want = run(`{{range .}}<li>{{.Title}} <span class="muted">({{label "status" .Status}}, {{date .End}})</span></li>{{end}}`, rs)
			if got := string(annualRefItems(lang, rs, true)); got != want {
				t.Errorf("annualRefItems ended (%s):\n got %q\nwant %q", lang, got, want)
			}
		}
	}
}

// TestPipelineCardsAsTemplate: the opportunities board's cards written in
// Go are byte for byte what pipeline.html's range of cards and its
// "moveform" wrote, in both languages: with and without areas, triage,
// priority, proposer, the example mark and a next stage, odd texts.
func TestPipelineCardsAsTemplate(t *testing.T) {
	cards := []pipelineCard{
		{ID: 7, Title: oddText, Areas: "Vatten, avlopp", Form: "Avtal", Status: "ide", StatusLabel: "Idé",
			Participants: 3, Triage: "Kan starta direkt", Priority: "Hög", PriorityN: 1, Proposer: oddText, Days: 12,
			DaysText: "12 dagar", Version: 4, Next: "inventerad", NextLabel: "Inventerad", Example: true,
			Today: "2026-11-30", Back: "/natverk/syn-01/mojligheter?kommun=0662&status=ide"},
		{ID: 8, Title: "Utan", DaysText: "1 dag"},
		{ID: 9, Title: "Växel", Areas: oddText, Triage: oddText, Priority: oddText, DaysText: oddText, Next: oddText,
			NextLabel: oddText, Today: oddText, Back: oddText, Version: 1},
		{},
	}
	const src = `{{range .}}
<li class="card">
<h3><a href="/samverkan/{{.ID}}">{{.Title}}</a></h3>
{{if .Example}}<p><span class="tag">{{t "pipeline.example"}}</span></p>{{end}}
<dl class="card-facts">
{{if .Areas}}<dt>{{t "col.areas"}}</dt><dd>{{.Areas}}</dd>{{end}}
<dt>{{t "col.participants"}}</dt><dd>{{.Participants}}</dd>
{{if .Triage}}<dt>{{t "field.triage"}}</dt><dd>{{.Triage}}</dd>{{end}}
{{if .Priority}}<dt>{{t "field.priority"}}</dt><dd>{{.Priority}}</dd>{{end}}
{{if .Proposer}}<dt>{{t "field.proposer"}}</dt><dd>{{.Proposer}}</dd>{{end}}
<dt>{{t "pipeline.days"}}</dt><dd>{{.DaysText}}</dd>
</dl>
{{template "moveform" .}}
</li>
{{end}}{{define "moveform"}}{{if .Next}}
<form method="post" action="/samverkan/{{.ID}}/status" class="move">
<input type="hidden" name="status" value="{{.Next}}">
<input type="hidden" name="version" value="{{.Version}}">
<input type="hidden" name="date" value="{{.Today}}">
<input type="hidden" name="tillbaka" value="{{.Back}}">
<button type="submit" class="secondary small">{{t "pipeline.move.to" .NextLabel}}<span class="visually-hidden"> – {{.Title}}</span></button>
</form>
{{end}}{{end}}`
	for _, lang := range []string{"sv", "en"} {
		for _, cs := range [][]pipelineCard{nil, cards} {
			var want strings.Builder
			tpl := template.Must(template.New("x").Funcs((&server{}).funcs(lang)).Parse(src))
			if err := tpl.Execute(&want, cs); err != nil {
				t.Fatal(err)
			}
			if got := string(pipelineCards(lang, cs)); got != want.String() {
				t.Errorf("pipelineCards (%s):\n got %q\nwant %q", lang, got, want.String())
			}
		}
	}
}
