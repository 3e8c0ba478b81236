package e2e

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The journeys work in Dalslandssamverkan of the demo data: five members,
// and Vänersborg is outside it.
const (
	demoNetwork     = "dalslandssamverkan"
	demoNetworkName = "Dalslandssamverkan"
)

// option is a choice in a filter's select, with the count it shows.
type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// options lists the non-empty options of the select sel, most results first.
func (b *tab) options(sel string) []option {
	b.t.Helper()
	var opts []option
	b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s + " option")).filter(o => o.value).map(o => {
	  const m = o.textContent.match(/\((\d+)\)\s*$/);
	  return {value: o.value, label: o.textContent.replace(/\s*\(\d+\)\s*$/, "").replace(/^– /, "").trim(), count: m ? +m[1] : 0};
	}).sort((a, b) => b.count - a.count)`, jsString(sel)), &opts)
	if len(opts) == 0 {
		b.t.Fatalf("%s has no options (at %s)", sel, b.location())
	}
	return opts
}

var lastNumber = regexp.MustCompile(`(\d+)\D*$`)

// resultCount reads the number of collaborations from the list's status line.
func (b *tab) resultCount() int {
	b.t.Helper()
	m := lastNumber.FindStringSubmatch(b.text("p.count"))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// columnTexts lists column col (1-based, the title is column 1) of the
// collaboration table.
func (b *tab) columnTexts(col int) []string {
	b.t.Helper()
	var out []string
	b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll("table.list tbody tr > :nth-child(%d)")).map(c => c.textContent.trim())`, col), &out)
	return out
}

// filter chooses value in the filter select sel and sends the GET form.
func (b *tab) filter(sel, value string) {
	b.t.Helper()
	b.do(chromedp.SetValue(chromedp.CSS(sel), value))
	if st := b.submit(`form.filter button[type=submit]`); st != 200 {
		b.t.Fatalf("filter %s=%s: status %d", sel, value, st)
	}
	if got := b.value(sel); got != value {
		b.t.Errorf("after filtering, %s = %q, want %q kept", sel, got, value)
	}
}

func TestCoordinatorJourney(t *testing.T) {
	b := newTab(t)

	// The overview lists the networks; the coordinator follows one.
	b.open("/", 200)
	if h := b.text("h1"); h == "" {
		t.Fatal("overview has no heading")
	}
	b.screenshot("01-oversikt")
	if st := b.submit(`a[href="/natverk/` + demoNetwork + `"]`); st != 200 {
		t.Fatalf("network link: status %d", st)
	}
	if h := b.text("h1"); h != demoNetworkName {
		t.Fatalf("network page heading %q, want %q", h, demoNetworkName)
	}
	b.screenshot("02-natverk")

	// Filter the network's collaborations: legal form, area, member.
	all := b.resultCount()
	form := b.options("#filter-form")[0]
	b.filter("#filter-form", form.Value)
	n := b.resultCount()
	if n == 0 || n > all || n != form.Count {
		t.Errorf("legal form %s: %d results, the option said %d (of %d)", form.Value, n, form.Count, all)
	}
	for _, got := range b.columnTexts(3) {
		if got != form.Label {
			t.Errorf("legal form filter %q shows a row with %q", form.Label, got)
		}
	}
	area := b.options("#filter-omrade")[0]
	b.filter("#filter-omrade", area.Value)
	if m := b.resultCount(); m == 0 || m > n {
		t.Errorf("area %s after legal form: %d results, want 1..%d", area.Value, m, n)
	}
	muni := b.options("#filter-kommun")[0]
	b.filter("#filter-kommun", muni.Value)
	m := b.resultCount()
	if m == 0 {
		t.Errorf("member %s (%s) after legal form and area: no results", muni.Value, muni.Label)
	}
	u, _ := url.Parse(b.location())
	q := u.Query()
	if q.Get("form") != form.Value || q.Get("omrade") != area.Value || q.Get("kommun") != muni.Value {
		t.Errorf("filtered URL %s lacks form=%s omrade=%s kommun=%s", u, form.Value, area.Value, muni.Value)
	}
	b.screenshot("03-natverk-filtrerat")
	if st := b.submit(`form.filter a[href]`); st != 200 || b.resultCount() != all {
		t.Errorf("clearing the filters: status %d, %d results, want %d", st, b.resultCount(), all)
	}

	// Register a collaboration with two members and one municipality
	// outside the network, typing the names as a person would.
	if st := b.submit(`a[href="/samverkan/ny?natverk=` + demoNetwork + `"]`); st != 200 {
		t.Fatalf("new collaboration link: status %d", st)
	}
	b.requireFields(collabFields...)
	var inNetwork bool
	b.eval(`document.querySelector('input[name=networks][value=`+demoNetwork+`]').checked`, &inNetwork)
	if !inNetwork {
		t.Errorf("the form opened from %s does not preselect the network", demoNetwork)
	}
	title := fmt.Sprintf("Gemensam e-arkivtjänst %d", time.Now().UnixNano()%1e6)
	b.do(
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SendKeys(chromedp.ID("f-description"), "Ett gemensamt e-arkiv för Dalsland och Vänersborg."),
		chromedp.SetValue(chromedp.ID("f-legal_form"), "avtalssamverkan"),
		chromedp.SetValue(chromedp.ID("f-start"), "2025-01-01"),
		chromedp.SendKeys(chromedp.ID("f-members-0-code"), "Bengtsfors"),
		chromedp.SendKeys(chromedp.ID("f-members-1-code"), "Åmål"),
		chromedp.SendKeys(chromedp.ID("f-members-2-code"), "Vänersborg"),
		chromedp.SendKeys(chromedp.ID("f-host"), "Åmål"),
	)
	b.screenshot("04-ny-samverkan")
	if st := b.submit(`p.actions:not(.top) button[name=spara]`); st != 200 {
		t.Fatalf("create: status %d\n%s", st, b.text("main"))
	}
	loc := b.location()
	if !regexp.MustCompile(`/samverkan/\d+\?klart=skapad$`).MatchString(loc) {
		t.Fatalf("after create at %s, want /samverkan/{id}?klart=skapad; page:\n%s", loc, b.text("main"))
	}
	if got := b.text(".flash"); got != "Samverkan är registrerad." {
		t.Errorf("flash %q", got)
	}
	if got := b.text("h1"); got != title {
		t.Errorf("heading %q, want %q", got, title)
	}
	members := b.text("#members-caption + thead + tbody")
	for _, name := range []string{"Bengtsfors", "Åmål", "Vänersborg"} {
		if !strings.Contains(members, name) {
			t.Errorf("members table %q lacks %s", members, name)
		}
	}
	b.screenshot("05-samverkan")

	// Edit it, put the end before the start, see the error, correct it.
	if st := b.submit(`a[href$="/redigera"]`); st != 200 {
		t.Fatalf("edit link: status %d", st)
	}
	b.requireFields(collabFields...)
	if got := b.value("#f-title"); got != title {
		t.Errorf("edit form title %q, want %q", got, title)
	}
	title += " (ändrad)"
	b.do(
		chromedp.Clear(chromedp.ID("f-title")),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SetValue(chromedp.ID("f-end"), "2024-06-30"),
	)
	if st := b.submit(`p.actions:not(.top) button[name=spara]`); st != 422 {
		t.Fatalf("end before start: status %d, want 422", st)
	}
	summary := b.text("#fel")
	if !strings.Contains(summary, "Uppgifterna behöver rättas") {
		t.Errorf("error summary %q", summary)
	}
	var links []string
	b.eval(`Array.from(document.querySelectorAll("#fel a")).map(a => a.getAttribute("href"))`, &links)
	if !slices.Contains(links, "#f-end") {
		t.Errorf("error summary links %v, want one to #f-end", links)
	}
	if b.text("#f-end-err") == "" {
		t.Error("no error message next to the end date")
	}
	var invalid string
	b.eval(`document.getElementById("f-end").getAttribute("aria-invalid") || ""`, &invalid)
	if invalid != "true" {
		t.Errorf("end date aria-invalid=%q, want true", invalid)
	}
	if got := b.value("#f-title"); got != title {
		t.Errorf("the form lost the typed title: %q, want %q", got, title)
	}
	b.screenshot("06-valideringsfel")
	b.do(chromedp.SetValue(chromedp.ID("f-end"), "2027-12-31"))
	if st := b.submit(`p.actions:not(.top) button[name=spara]`); st != 200 {
		t.Fatalf("corrected: status %d\n%s", st, b.text("main"))
	}
	if loc := b.location(); !strings.HasSuffix(loc, "?klart=sparad") {
		t.Errorf("after saving at %s, want ?klart=sparad", loc)
	}
	if got := b.text("h1"); got != title {
		t.Errorf("heading %q after the edit, want %q", got, title)
	}
	if got := b.text(`time[datetime="2027-12-31"]`); got == "" {
		t.Error("the saved end date is not shown")
	}

	// The network page finds it by its words.
	b.open("/natverk/"+demoNetwork+"?q="+url.QueryEscape("e-arkivtjänst"), 200)
	if titles := b.columnTexts(1); !slices.Contains(titles, title) {
		t.Errorf("network search lists %v, want %q", titles, title)
	}
}
