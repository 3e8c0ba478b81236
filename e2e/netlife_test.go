package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// lifeRecords names what networkLifeSteps registered.
type lifeRecords struct {
	Risk, Meeting, Issue, Action, Group string
}

// networkLifeSteps is the network's-own-life part of issue 12's journey
// (TestSteeringJourney): GGVV's coordinator, from the network's page,
// adds a risk, a meeting and an advocacy issue dated in year, and a work
// group, through the forms, and finds each where the network keeps them.
func networkLifeSteps(t *testing.T, b *tab, suffix string, year int) lifeRecords {
	t.Helper()
	// The risk register, from the network page's navigation.
	b.open("/natverk/ggvv", 200)
	if st := b.submit(`nav.views a[href="/natverk/ggvv/risker"]`); st != 200 {
		t.Fatalf("risks link: status %d", st)
	}
	if st := b.submit(`a[href="/natverk/ggvv/risker/ny"]`); st != 200 {
		t.Fatalf("new risk link: status %d", st)
	}
	b.requireFields("kind", "category", "title", "likelihood", "impact", "responsible", "status", "review")
	title := "Svårt att rekrytera IT-säkerhetskompetens " + suffix
	b.do(
		chromedp.SetValue(chromedp.ID("r-kind"), "risk"),
		chromedp.SetValue(chromedp.ID("r-category"), "kompetens"),
		chromedp.SendKeys(chromedp.ID("r-title"), title),
		chromedp.SetValue(chromedp.ID("r-likelihood"), "4"),
		chromedp.SetValue(chromedp.ID("r-impact"), "5"),
		chromedp.SendKeys(chromedp.ID("r-responsible"), "IT-chefsgruppen"),
		chromedp.SetValue(chromedp.ID("r-review"), "2020-01-31"),
	)
	b.screenshot("30-ny-risk")
	if st := b.submit(`form.collab-form button[type=submit]`); st != 200 {
		t.Fatalf("save risk: status %d\n%s", st, b.text("main"))
	}
	if got := b.text(".flash"); got != "Risken är registrerad." {
		t.Errorf("flash %q", got)
	}
	if got := b.text("h1"); got != title {
		t.Errorf("risk page heading %q", got)
	}
	if !strings.Contains(b.text("main"), "Översyn försenad") {
		t.Error("the review date in the past is not flagged")
	}
	b.open("/natverk/ggvv/risker", 200)
	var cell string
	b.eval(`(() => { const r = Array.from(document.querySelectorAll("table.risk-matrix tbody tr")).find(tr => tr.querySelector("th").textContent.trim() === "4");
	  return r ? r.querySelectorAll("td")[4].textContent.trim() : ""; })()`, &cell)
	if !strings.HasPrefix(cell, "1") || !strings.Contains(cell, "Hög") {
		t.Errorf("matrix cell likelihood 4, impact 5 = %q, want 1 and the level in words", cell)
	}
	if !strings.Contains(b.text("table.risks"), title) {
		t.Error("the register does not list the new risk")
	}
	b.screenshot("31-risker")

	// A two-day meeting at the year's end (so it is still to come on any
	// day of the year) with a decision about one of GGVV's collaborations.
	if st := b.submit(`nav.views a[href="/natverk/ggvv/moten"]`); st != 200 {
		t.Fatalf("meetings link: status %d", st)
	}
	if st := b.submit(`a[href="/natverk/ggvv/moten/ny"]`); st != 200 {
		t.Fatalf("new meeting link: status %d", st)
	}
	b.requireFields("kind", "title", "start", "end", "place", "host", "decisions.0.text", "decisions.0.collaboration_id")
	meeting := "Stormöte för GGVV " + suffix
	var collab string
	b.eval(`document.querySelector("#m-decisions-0-collaboration_id option[value]:not([value=''])").value`, &collab)
	b.do(
		chromedp.SetValue(chromedp.ID("m-kind"), "stormote"),
		chromedp.SendKeys(chromedp.ID("m-title"), meeting),
		chromedp.SetValue(chromedp.ID("m-start"), fmt.Sprintf("%d-12-30", year)),
		chromedp.SetValue(chromedp.ID("m-end"), fmt.Sprintf("%d-12-31", year)),
		chromedp.SendKeys(chromedp.ID("m-place"), "Värnamo"),
		chromedp.SetValue(chromedp.ID("m-host"), "0683"),
		chromedp.SendKeys(chromedp.ID("m-attendance"), "kommunstyrelsernas ordförande och kommundirektörer"),
		chromedp.SendKeys(chromedp.ID("m-decisions-0-text"), "Utreda en gemensam växel."),
		chromedp.SetValue(chromedp.ID("m-decisions-0-collaboration_id"), collab),
	)
	b.screenshot("32-nytt-mote")
	if st := b.submit(`form.collab-form button[type=submit]`); st != 200 {
		t.Fatalf("save meeting: status %d\n%s", st, b.text("main"))
	}
	if got := b.text(".flash"); got != "Mötet är registrerat." {
		t.Errorf("flash %q", got)
	}
	var card string
	b.eval(`Array.from(document.querySelectorAll("article.life-card")).map(a => a.textContent).find(s => s.includes(`+jsString(meeting)+`)) || ""`, &card)
	for _, want := range []string{fmt.Sprintf("30–31 december %d", year), "Värnamo", "Utreda en gemensam växel."} {
		if !strings.Contains(card, want) {
			t.Errorf("the meeting %q lacks %q", card, want)
		}
	}
	b.screenshot("33-moten")

	// An advocacy issue towards the state and the region, with a dated
	// action and two members behind it.
	if st := b.submit(`nav.views a[href="/natverk/ggvv/paverkan"]`); st != 200 {
		t.Fatalf("advocacy link: status %d", st)
	}
	if st := b.submit(`a[href="/natverk/ggvv/paverkan/ny"]`); st != 200 {
		t.Fatalf("new issue link: status %d", st)
	}
	b.requireFields("title", "targets", "position", "status", "actions.0.date", "actions.0.text", "supporters")
	issue := "Fler yrkesutbildningar i Gnosjöregionen " + suffix
	b.do(
		chromedp.SendKeys(chromedp.ID("a-title"), issue),
		chromedp.Click(chromedp.ID("a-target-stat")),
		chromedp.Click(chromedp.ID("a-target-region")),
		chromedp.SendKeys(chromedp.ID("a-position"), "Staten och regionen bör finansiera fler platser."),
		chromedp.SetValue(chromedp.ID("a-status"), "pagar"),
		chromedp.SetValue(chromedp.ID("a-actions-0-date"), fmt.Sprintf("%d-02-03", year)),
		chromedp.SendKeys(chromedp.ID("a-actions-0-text"), "Skrivelse till Region Jönköpings län."),
		chromedp.Click(chromedp.ID("a-supporter-0662")),
		chromedp.Click(chromedp.ID("a-supporter-0617")),
	)
	b.screenshot("34-ny-paverkan")
	if st := b.submit(`form.collab-form button[type=submit]`); st != 200 {
		t.Fatalf("save issue: status %d\n%s", st, b.text("main"))
	}
	if got := b.text(".flash"); got != "Påverkansfrågan är registrerad." {
		t.Errorf("flash %q", got)
	}
	var sect string
	b.eval(`Array.from(document.querySelectorAll("section.life-card")).map(a => a.textContent).find(s => s.includes(`+jsString(issue)+`)) || ""`, &sect)
	for _, want := range []string{"Region, Staten", "Pågår", "Gislaved, Gnosjö", "Skrivelse till Region Jönköpings län.", fmt.Sprintf("%d-02-03", year)} {
		if !strings.Contains(sect, want) {
			t.Errorf("the issue %q lacks %q", sect, want)
		}
	}
	b.screenshot("35-paverkan")

	// A work group for education, with a seat held by a function.
	if st := b.submit(`nav.views a[href="/natverk/ggvv/arbetsgrupper"]`); st != 200 {
		t.Fatalf("work groups link: status %d", st)
	}
	if st := b.submit(`a[href="/natverk/ggvv/arbetsgrupper/ny"]`); st != 200 {
		t.Fatalf("new work group link: status %d", st)
	}
	b.requireFields("name", "area", "mandate", "members.0.municipality", "members.0.function")
	group := "Arbetsgrupp utbildning " + suffix
	b.do(
		chromedp.SendKeys(chromedp.ID("g-name"), group),
		chromedp.SendKeys(chromedp.ID("g-mandate"), "Ta fram gemensamma yrkesutbildningar."),
		chromedp.SetValue(chromedp.ID("g-members-0-municipality"), "0683"),
		chromedp.SendKeys(chromedp.ID("g-members-0-function"), "utbildningschef"),
	)
	if st := b.submit(`form.collab-form button[type=submit]`); st != 200 {
		t.Fatalf("save work group: status %d\n%s", st, b.text("main"))
	}
	if !strings.Contains(b.text("main"), group) {
		t.Errorf("the work groups page lacks %q", group)
	}
	b.screenshot("36-arbetsgrupper")
	return lifeRecords{Risk: title, Meeting: meeting, Issue: issue, Action: "Skrivelse till Region Jönköpings län.", Group: group}
}

// netLifePages are the pages of a network's own life for the
// accessibility check: Region 10's from the demo data, a risk's page and
// history, the forms, and a form sent back with errors.
func netLifePages(t *testing.T) []a11yPage {
	b := newTab(t)
	b.open("/natverk/region-10/risker", 200)
	var risk string
	b.eval(`document.querySelector("table.risks tbody a").getAttribute("href")`, &risk)
	if risk == "" {
		t.Fatal("Region 10's register lists no risk")
	}
	return []a11yPage{
		{"risker", visit("/natverk/region-10/risker", 200)},
		{"risk", visit(risk, 200)},
		{"risk-historik", visit(risk+"/historik", 200)},
		{"risk-ny", visit("/natverk/region-10/risker/ny", 200)},
		{"risk-ny-med-fel", func(b *tab) {
			b.open("/natverk/region-10/risker/ny", 200)
			if st := b.submit(`form.collab-form button[type=submit]`); st != 422 {
				b.t.Fatalf("empty risk form: status %d, want 422", st)
			}
		}},
		{"moten", visit("/natverk/region-10/moten", 200)},
		{"mote-ny", visit("/natverk/region-10/moten/ny", 200)},
		{"arbetsgrupper", visit("/natverk/region-10/arbetsgrupper", 200)},
		{"arbetsgrupp-ny", visit("/natverk/ggvv/arbetsgrupper/ny", 200)},
		{"paverkan", visit("/natverk/region-10/paverkan", 200)},
		{"paverkan-ny", visit("/natverk/region-10/paverkan/ny", 200)},
	}
}
