package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// a11yPage is a page the accessibility check visits: open brings the tab
// there (a plain navigation, or a few steps such as sending a form).
type a11yPage struct {
	name string
	open func(b *tab)
}

func visit(path string, status int) func(*tab) {
	return func(b *tab) { b.open(path, status) }
}

// mainPages are the pages a coordinator uses, in the states they show.
func mainPages(t *testing.T) []a11yPage {
	b := newTab(t)
	b.open("/natverk/"+demoNetwork, 200)
	form := b.options("#filter-form")[0]
	area := b.options("#filter-omrade")[0]
	filtered := "/natverk/" + demoNetwork + "?" + url.Values{"form": {form.Value}, "omrade": {area.Value}}.Encode()
	var collab string
	b.eval(`document.querySelector("table.list tbody a[href^='/samverkan/']").getAttribute("href")`, &collab)
	if collab == "" {
		t.Fatal("the network page lists no collaboration")
	}
	pages := []a11yPage{
		{"oversikt", visit("/", 200)},
		{"natverk", visit("/natverk/"+demoNetwork, 200)},
		{"natverk-filtrerat", visit(filtered, 200)},
		{"natverk-lista", visit("/natverk", 200)},
		{"samverkan", visit(collab, 200)},
		{"beslut-ny", visit(collab+"/beslut/ny", 200)},
		{"ny", visit("/samverkan/ny", 200)},
		{"ny-med-fel", func(b *tab) {
			b.open("/samverkan/ny", 200)
			b.do(chromedp.SetValue(chromedp.ID("f-start"), "2025-01-01"), chromedp.SetValue(chromedp.ID("f-end"), "2024-01-01"))
			if st := b.submit(`p.actions:not(.top) button[name=spara]`); st != http.StatusUnprocessableEntity {
				b.t.Fatalf("empty create form: status %d, want 422", st)
			}
		}},
		{"redigera", visit(collab+"/redigera", 200)},
		{"ta-bort", visit(collab+"/ta-bort", 200)},
		{"kommuner", visit("/kommun", 200)},
		{"kommun", visit("/kommun/1460", 200)},
		{"sok", visit("/sok?q=avtal", 200)},
		{"sok-tom", visit("/sok", 200)},
		{"404", visit("/finns-inte", 404)},
		{"konto", visit("/konto", 200)},
		{"losenord", visit("/konto/losenord", 200)},
		{"anvandare", visit("/admin/anvandare", 200)},
		{"anvandare-ny", visit("/admin/anvandare/ny", 200)},
		{"forbjuden", func(b *tab) {
			b.logout()
			b.login(demoCoordinator)
			b.open(collab+"/redigera", 403)
		}},
		{"logga-in", func(b *tab) { b.logout() }},
		{"logga-in-fel", func(b *tab) {
			b.logout()
			b.do(chromedp.SetValue(chromedp.ID("l-email"), demoAdmin), chromedp.SetValue(chromedp.ID("l-password"), "fel"))
			if st := b.submit(`form.login-form button[type=submit]`); st != http.StatusUnauthorized {
				b.t.Fatalf("wrong password: status %d, want 401", st)
			}
		}},
		{"en-natverk", func(b *tab) {
			b.open("/sprak?"+url.Values{"lang": {"en"}, "next": {"/natverk/" + demoNetwork}}.Encode(), 200)
			var lang string
			b.eval(`document.documentElement.lang`, &lang)
			if lang != "en" {
				b.t.Fatalf("after switching to English the page has lang=%q", lang)
			}
		}},
	}
	pages = append(pages, netLifePages(t)...) // netlife_test.go
	pages = append(pages, openDataPages()...) // opendata_test.go (issue 17)
	// Reminders and calendars (issue 16).
	pages = append(pages,
		a11yPage{"paminnelser", visit("/konto/paminnelser", 200)},
		a11yPage{"paminnelser-med-fel", func(b *tab) {
			b.open("/konto/paminnelser", 200)
			b.do(chromedp.SetValue(chromedp.ID("rem-lead_days"), "tusen"))
			if st := b.submit(`form[action="/konto/paminnelser"] button[type=submit]`); st != http.StatusUnprocessableEntity {
				b.t.Fatalf("bad reminder settings: status %d, want 422", st)
			}
		}},
		a11yPage{"natverk-kalender", visit("/natverk/ggvv/kalender", 200)},
		a11yPage{"avsluta-paminnelser", visit("/paminnelser/avsluta/exempel", 200)},
	)
	pages = append(pages, picturePages()...) // pictures_test.go
	// The network's steering (issue 12).
	pages = append(pages,
		a11yPage{"natverk-redigera", visit("/natverk/ggvv/redigera", 200)},
		a11yPage{"natverk-ny", visit("/natverk/ny", 200)},
		a11yPage{"natverk-historik", visit("/natverk/ggvv/historik", 200)},
		a11yPage{"plan", visit("/natverk/dalslandssamverkan/plan", 200)},
		a11yPage{"plan-ny", visit("/natverk/v6/plan/ny", 200)},
		a11yPage{"uppfoljning", visit("/natverk/v6/uppfoljning?ar=2025", 200)},
		a11yPage{"uppfoljning-form", func(b *tab) {
			b.open("/natverk/v6/uppfoljning?ar=2025", 200)
			var href string
			b.eval(`document.querySelector("#uppfoljda ~ div a[href*='/uppfoljning/'], section a[href*='/uppfoljning/2025']").getAttribute("href")`, &href)
			b.open(href, 200)
		}},
		a11yPage{"verksamhetsberattelse", visit("/natverk/v6/verksamhetsberattelse/2025", 200)},
		// The KL 9:38 report and the oversight of the demo's
		// avtalssamverkan (Dals-Ed), and a pending list (issues 11, 13).
		a11yPage{"rapport-9-38", visit("/kommun/1438/rapport-9-38?ar=2024", 200)},
		a11yPage{"uppsikt", visit("/kommun/1438/uppsikt?ar=2024", 200)},
		a11yPage{"beslut-vantar", visit("/natverk/c-tillsammans/beslut", 200)},
		// Representation and data protection of a collaboration (issue 13).
		a11yPage{"representation", visit("/samverkan/6/representation", 200)},
		// Region 10's 2023: the report's risks, meetings and advocacy.
		a11yPage{"verksamhetsberattelse-region-10", visit("/natverk/region-10/verksamhetsberattelse/2023", 200)},
		a11yPage{"import-vardagsord", func(b *tab) { b.uploadEveryday() }},
		a11yPage{"granska", func(b *tab) {
			b.uploadEveryday()
			if st := b.submit(`form[action$="/import/bekrafta"] button[type=submit]`); st != 200 {
				b.t.Fatalf("confirm: status %d", st)
			}
			b.open("/natverk/ggvv/granska", 200)
		}},
		a11yPage{"start-samordnare", func(b *tab) {
			b.logout()
			b.login(demoCoordinator)
			b.open("/", 200)
		}},
	)
	// Pages that later issues add are checked once they exist.
	for _, p := range []struct{ name, path string }{{"insyn", "/insyn"}} {
		if resp, err := http.Get(base + p.path); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				pages = append(pages, a11yPage{p.name, visit(p.path, 200)})
			}
		}
	}
	return pages
}

// viewports are the widths every page is checked at: a desktop and a phone.
var viewports = []struct {
	name          string
	width, height int64
	mobile        bool
}{
	{"", 1280, 900, false},
	{"-mobil", 390, 844, true},
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules on every main
// page at desktop and phone width, and requires zero violations. At phone
// width the page must also reflow (WCAG 1.4.10): no sideways scrolling of
// the whole page.
func TestAccessibility(t *testing.T) {
	pages := mainPages(t)
	for _, vp := range viewports {
		for _, p := range pages {
			t.Run(p.name+vp.name, func(t *testing.T) {
				b := newTab(t)
				if vp.mobile {
					b.do(chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateMobile))
				} else {
					b.do(chromedp.EmulateViewport(vp.width, vp.height))
				}
				p.open(b)
				if vs := b.axe(); len(vs) > 0 {
					t.Errorf("%s: %d axe-core violations of WCAG 2.1 A/AA:\n%s", b.location(), len(vs), formatViolations(vs))
				}
				if vp.mobile {
					var over struct{ Page, Window int }
					b.eval(`({page: document.documentElement.scrollWidth, window: window.innerWidth})`, &over)
					if over.Page > over.Window {
						t.Errorf("%s at %d px: the page is %d px wide and scrolls sideways (WCAG 1.4.10 reflow): %s",
							b.location(), vp.width, over.Page, strings.Join(b.wideElements(), "; "))
					}
				}
				b.screenshot("a11y-" + p.name + vp.name)
			})
		}
	}
}

// wideElements names the elements that stick out of the viewport, to tell
// what breaks a reflow.
func (b *tab) wideElements() []string {
	var out []string
	b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll("body *")).filter(e => {
	  const r = e.getBoundingClientRect();
	  return r.right > window.innerWidth + 1 && e.closest(".table-scroll") === null;
	}).slice(0, %d).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).split(" ").join(".") : ""))`, 8), &out)
	return out
}
