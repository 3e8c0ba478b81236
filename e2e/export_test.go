package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLargeExportJob makes V6 large enough for its export to run as a
// background job (30 records: an import of the missing rows), starts the
// CSV export from the page the export link leads to, follows the job's page
// until it has ended, and downloads the file from it: every record is in
// it. The export page and the job page pass axe at both widths.
func TestLargeExportJob(t *testing.T) {
	b := newTab(t)
	var csv strings.Builder
	csv.WriteString("Namn;Samverkansform;Deltagande kommuner;Status\n")
	suffix := time.Now().UnixNano() % 1e6
	for i := range 30 {
		fmt.Fprintf(&csv, "Exportprov %d-%02d (testexempel);Avtalssamverkan;Skara, Lidköping;Igång\n", suffix, i)
	}
	file := filepath.Join(t.TempDir(), "exportprov.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("/natverk/v6/import", 200)
	b.do(chromedp.SetUploadFiles(chromedp.ID("f-fil"), []string{file}))
	if st := b.submit(`form[enctype="multipart/form-data"] button[type=submit]`); st != 200 {
		t.Fatalf("upload: status %d\n%s", st, b.text("main"))
	}
	if st := b.submit(`form[action$="/import/bekrafta"] button[type=submit]`); st != 200 {
		t.Fatalf("confirm: status %d\n%s", st, b.text("main"))
	}

	b.open("/natverk/v6/export.csv", 200)
	if got := b.text("main"); !strings.Contains(got, "görs i bakgrunden") {
		t.Fatalf("the export link of a large network leads to %q, want the page that starts the job", got)
	}
	axeAtBothWidths(t, b, "export page")
	b.screenshot("40-export-jobb")
	if st := b.submit(`form[action="/natverk/v6/export"] button[type=submit]`); st != 200 {
		t.Fatalf("start: status %d\n%s", st, b.text("main"))
	}
	if loc := b.location(); !regexp.MustCompile(`/jobb/\d+$`).MatchString(loc) {
		t.Fatalf("after starting the export the browser is at %s, want the job's page", loc)
	}
	// The page follows the job (live with JavaScript) until it has ended.
	var ended bool
	for deadline := time.Now().Add(30 * time.Second); !ended && time.Now().Before(deadline); {
		b.eval(`!document.querySelector("#job-live[data-job-live]") && !!document.querySelector('#job-live a[href$="/fil"]')`, &ended)
		if !ended {
			time.Sleep(200 * time.Millisecond)
		}
	}
	if !ended {
		t.Fatalf("the job did not end with a file to download: %s", b.text("main"))
	}
	axeAtBothWidths(t, b, "job page")
	b.screenshot("41-export-klar")
	var body string
	b.eval(`fetch(document.querySelector('#job-live a[href$="/fil"]').href).then(r => r.text())`, &body)
	if n := strings.Count(body, fmt.Sprintf("Exportprov %d-", suffix)); n != 30 {
		t.Errorf("the downloaded file holds %d of the 30 imported records:\n%.500s", n, body)
	}
}

// axeAtBothWidths runs axe on the page b shows at every width of
// viewports, and leaves b at desktop width.
func axeAtBothWidths(t *testing.T, b *tab, page string) {
	t.Helper()
	for _, w := range viewports {
		b.do(chromedp.EmulateViewport(w.width, w.height))
		if vs := b.axe(); len(vs) > 0 {
			t.Errorf("%s%s: %d axe-core violations:\n%s", page, w.name, len(vs), formatViolations(vs))
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900))
}
