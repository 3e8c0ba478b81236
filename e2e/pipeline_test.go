package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPipelineJourney takes an idea through every stage to running: the
// decision gate refuses "beslutad" while the councils' decisions are
// missing, the coordinator records them from the decision path, and then
// the collaboration can be decided and started.
func TestPipelineJourney(t *testing.T) {
	b := newTab(t)
	b.open("/samverkan/ny?natverk=c-tillsammans", 200)
	b.requireFields("title", "legal_form", "status")
	title := fmt.Sprintf("Gemensam överförmyndarhandläggning %d", time.Now().UnixNano()%1e6)
	b.do(
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SetValue(chromedp.ID("f-legal_form"), "gemensam_namnd"),
		chromedp.SetValue(chromedp.ID("f-status"), "ide"),
		chromedp.SendKeys(chromedp.ID("f-members-0-code"), "Heby"),
		chromedp.SendKeys(chromedp.ID("f-members-1-code"), "Tierp"),
	)
	if st := b.submit(`p.actions:not(.top) button[name=spara]`); st != 200 {
		t.Fatalf("create idea: status %d\n%s", st, b.text("main"))
	}
	page := strings.Split(b.location(), "?")[0]

	move := func(to string) int {
		t.Helper()
		b.do(chromedp.SetValue(chromedp.ID("s-status"), to))
		return b.submit(`form.status-form button[type=submit]`)
	}
	for _, stage := range []string{"inventerad", "forstudie_pagar", "forstudie_klar", "beredning", "beslut_pagar"} {
		if st := move(stage); st != 200 {
			t.Fatalf("move to %s: status %d\n%s", stage, st, b.text("main"))
		}
	}
	b.screenshot("20-beslut-pagar")

	// The gate: both councils must adopt the agreement and rules first.
	if st := move("beslutad"); st != 409 {
		t.Fatalf("beslutad without decisions: status %d, want 409", st)
	}
	missing := b.text("ul.missing")
	for _, name := range []string{"Heby", "Tierp", "Kommunfullmäktige"} {
		if !strings.Contains(missing, name) {
			t.Errorf("the refusal %q does not name %s", missing, name)
		}
	}
	b.screenshot("21-beslut-saknas")

	// Record each missing decision from its row in the decision path.
	for i := 0; i < 2; i++ {
		b.open(strings.TrimPrefix(page, base), 200)
		if st := b.submit(`table.path a[href*="/beslut/ny"]`); st != 200 {
			t.Fatalf("record decision %d: status %d", i, st)
		}
		b.requireFields("municipality", "body", "kind", "outcome", "date")
		b.do(
			chromedp.SetValue(chromedp.ID("d-outcome"), "bifall"),
			chromedp.SetValue(chromedp.ID("d-date"), "2026-01-15"),
			chromedp.SendKeys(chromedp.ID("d-paragraph"), fmt.Sprintf("§ %d", 10+i)),
		)
		if st := b.submit(`form.collab-form button[type=submit]`); st != 200 {
			t.Fatalf("save decision %d: status %d\n%s", i, st, b.text("main"))
		}
	}
	b.open(strings.TrimPrefix(page, base), 200)
	if st := move("beslutad"); st != 200 {
		t.Fatalf("beslutad with both decisions: status %d\n%s", st, b.text("main"))
	}
	if st := move("igang"); st != 200 {
		t.Fatalf("igång: status %d\n%s", st, b.text("main"))
	}
	if cur := b.text(`ol.stepper li[aria-current="step"]`); !strings.Contains(cur, "Igång") {
		t.Errorf("current step %q, want Igång", cur)
	}
	b.screenshot("22-igang")
}

// TestImportJourney uploads a spreadsheet a coordinator typed (semicolons,
// names with "kommun", a municipality outside the network), previews it
// and confirms; the rows then appear on the network page.
func TestImportJourney(t *testing.T) {
	b := newTab(t)
	suffix := time.Now().UnixNano() % 1e6
	csv := fmt.Sprintf("Namn;Samverkansform;Deltagande kommuner;Status;Område\n"+
		"Gemensam lönehandläggning %d;Avtalssamverkan;Gislaveds kommun, Gnosjö;Igång;X-LON\n"+
		"Gemensam krisberedskap %d;Gemensam nämnd;Värnamo och Vaggeryd och Jönköping;Igång;X-SÄK\n", suffix, suffix)
	file := filepath.Join(t.TempDir(), "kartlaggning.csv")
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("/natverk/ggvv/import", 200)
	b.requireFields("fil")
	b.do(chromedp.SetUploadFiles(chromedp.ID("f-fil"), []string{file}))
	if st := b.submit(`form[enctype="multipart/form-data"] button[type=submit]`); st != 200 {
		t.Fatalf("upload: status %d\n%s", st, b.text("main"))
	}
	b.screenshot("30-import-forhandsgranskning")
	if st := b.submit(`form[action$="/import/bekrafta"] button[type=submit]`); st != 200 {
		t.Fatalf("confirm: status %d\n%s", st, b.text("main"))
	}
	if got := b.text(".flash"); !strings.Contains(got, "2") {
		t.Errorf("import result %q does not report the two new rows", got)
	}
	b.open(fmt.Sprintf("/natverk/ggvv?q=%d", suffix), 200)
	if n := b.resultCount(); n != 2 {
		t.Errorf("network page finds %d imported rows, want 2", n)
	}
	b.screenshot("31-import-klar")
}
