package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestAnnualReportLife: the annual report shows the year's risks (open,
// with likelihood × impact and overdue reviews), meetings with their
// host, work groups with their meetings of the year, and the advocacy
// open or acted on in the year; Region 10's 2023 from the demo and a year
// of GGVV's own records.
func TestAnnualReportLife(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	raw := a.request(roleReader, "GET", "/natverk/region-10/verksamhetsberattelse/2023", nil).Body
	// The assembly's row: place Arvidsjaur, host Dorotea.
	if !strings.Contains(raw, "<td>Arvidsjaur</td>\n<td>Dorotea</td>") {
		t.Error("the 2023 assembly's row does not say Arvidsjaur, hosted by Dorotea")
	}
	body := text(raw)
	wantContains(t, "Region 10 2023", body, "Region 10:s årliga stormöte 2023", "Arvidsjaur", "Dorotea",
		"Kostsamma nya administrativa överbyggnader", "Minskad insyn", "Lagstiftning", "Olika digital mognad",
		"4 öppna risker och hinder.", "Gemensam påverkan mot region, stat och EU", "Inga arbetsgrupper är registrerade.")
	if n := strings.Count(body, "Inte bedömd"); n != 4 {
		t.Errorf("%d risks not assessed, want 4", n)
	}

	four, three, one := 4, 3, 1
	g := &samverkan.WorkGroup{Network: "ggvv", Name: "Arbetsgrupp skola"}
	if err := a.db.CreateWorkGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*samverkan.RiskEntry{
		{Network: "ggvv", Kind: "risk", Category: "kompetens", Title: "Svårt att rekrytera lärare", Likelihood: &four, Impact: &three, Review: samverkan.MustDate("2024-06-01")},
		{Network: "ggvv", Kind: "hinder", Category: "kompetens", Title: "Stängt hinder", Likelihood: &one, Impact: &one, Status: samverkan.RiskClosed},
	} {
		if err := a.db.CreateRisk(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*samverkan.Meeting{
		{Network: "ggvv", Kind: samverkan.MeetingWorkGroup, Title: "Skolgruppen möts", WorkGroupID: &g.ID, Start: samverkan.MustDate("2024-03-05"), Host: "0662"},
		{Network: "ggvv", Kind: samverkan.MeetingSteering, Title: "Styrgrupp 2023", Start: samverkan.MustDate("2023-03-05")},
	} {
		if err := a.db.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, ad := range []*samverkan.AdvocacyIssue{
		{Network: "ggvv", Title: "Yrkesutbildning på plats", Targets: []string{"stat"}, Status: "pagar",
			Actions: []samverkan.AdvocacyAction{{Date: samverkan.MustDate("2024-04-02"), Text: "Skrivelse till departementet"}}},
		{Network: "ggvv", Title: "Avslutad fråga", Status: "avslutad"},
	} {
		if err := a.db.CreateAdvocacyIssue(ctx, ad); err != nil {
			t.Fatal(err)
		}
	}
	raw = a.request(roleReader, "GET", "/natverk/ggvv/verksamhetsberattelse/2024", nil).Body
	body = text(raw)
	wantContains(t, "GGVV 2024", body, "Svårt att rekrytera lärare", "4 × 3 = 12 (Medel)", "2024-06-01 försenad",
		"1 har passerat sitt datum för översyn.", "1 stängda är inte med.",
		"Skolgruppen möts", "Gislaved", "Arbetsgrupp skola",
		"Yrkesutbildning på plats", "2024-04-02: Skrivelse till departementet")
	for _, not := range []string{"Stängt hinder", "Styrgrupp 2023", "Avslutad fråga"} {
		if strings.Contains(body, not) {
			t.Errorf("the 2024 report shows %q", not)
		}
	}
	// The work group met once in 2024.
	if !strings.Contains(raw, `Arbetsgrupp skola</th><td>Okänd</td>
<td class="num">0</td><td class="num">1</td>`) {
		t.Errorf("work group row: %s", snippet(raw, "Arbetsgrupp skola</th>"))
	}
}

func snippet(s, at string) string {
	i := strings.Index(s, at)
	if i < 0 {
		return "(absent)"
	}
	return s[i:min(len(s), i+120)]
}

// TestAnnualReportDecisionRow: a decision of the year is a row of the
// decisions table with its date, municipality, body and paragraph, the
// collaboration and the outcome. The row is the one the report wrote
// when the row embedded the store's decision (issue 16 copies the
// fields instead), character for character.
func TestAnnualReportDecisionRow(t *testing.T) {
	a := newAuthEnv(t)
	ctx := samverkan.WithActor(context.Background(), "test")
	c, err := a.db.CollaborationByID(ctx, a.ggvvRec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.db.CreateDecision(ctx, &samverkan.Decision{CollaborationID: c.ID, Municipality: c.Participants[0].Code,
		Body: "kf", Date: samverkan.MustDate("2024-05-14"), Paragraph: "§ 182", Outcome: samverkan.OutcomeApproved,
		Kind: samverkan.KindJoin}); err != nil {
		t.Fatal(err)
	}
	raw := a.request(roleReader, "GET", "/natverk/ggvv/verksamhetsberattelse/2024", nil).Body
	i := strings.Index(raw, "§ 182")
	if i < 0 {
		t.Fatal("no row with the decision's paragraph")
	}
	start := strings.LastIndex(raw[:i], "<tr>")
	end := strings.Index(raw[i:], "</tr>")
	row := raw[start : i+end+len("</tr>")]
	// Written by the report before the change (afd6bf0).
	want := "<tr><th scope=\"row\" class=\"nowrap\">2024-05-14</th><td>Gislaved</td><td>Kommunfullmäktige § 182</td>\n" +
		"<td>Business Gnosjöregion AB</td><td>Bifall</td></tr>"
	if row != want {
		t.Errorf("decision row\n got %q\nwant %q", row, want)
	}
}
