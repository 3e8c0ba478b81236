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

// everydayCSV is an inventory in everyday words with one area no
// vocabulary knows ("Elevhälsa" and a number, new each run), saved by
// Swedish Excel: semicolons.
func everydayCSV(t testing.TB) (file, unknown string) {
	t.Helper()
	suffix := time.Now().UnixNano() % 1e6
	unknown = fmt.Sprintf("Elevhälsa %d", suffix)
	csv := "Kartläggning av samverkan i GGVV\n\n" +
		"Verksamhet;Samverkan;Organisationsform;Ansvarig kommun;Berörda kommuner;Startår;Budget (kr)\n" +
		fmt.Sprintf("Lön;Lönecenter %d;Avtal;Gislaved;Gislaved/Gnosjö;jan 2017;3 200 tkr\n", suffix) +
		fmt.Sprintf("%s;Skolläkare %d;Kommunalförbund;Vaggeryd;Vaggeryd och Gnosjö;ht 2019;ca 220 tkr\n", unknown, suffix)
	file = filepath.Join(t.TempDir(), "kartlaggning.csv")
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, unknown
}

// uploadEveryday brings the tab to the preview of everydayCSV.
func (b *tab) uploadEveryday() (unknown string) {
	b.t.Helper()
	file, unknown := everydayCSV(b.t)
	b.open("/natverk/ggvv/import", 200)
	b.do(chromedp.SetUploadFiles(chromedp.ID("f-fil"), []string{file}))
	if st := b.submit(`form[enctype="multipart/form-data"] button[type=submit]`); st != 200 {
		b.t.Fatalf("upload: status %d\n%s", st, b.text("main"))
	}
	return unknown
}

// TestEverydayImportJourney imports a file in everyday words: the preview
// shows what each cell was read as and what to check, the rows import
// with a warning, and the coordinator maps the unknown area in the list
// of areas to review.
func TestEverydayImportJourney(t *testing.T) {
	b := newTab(t)
	unknown := b.uploadEveryday()
	main := b.text("main")
	for _, want := range []string{"Lönehantering", "Gislaved, Gnosjö", "3 200 000 kr", "Varningar – raderna importeras ändå", unknown} {
		if !strings.Contains(main, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	b.screenshot("40-import-vardagsord")
	if st := b.submit(`form[action$="/import/bekrafta"] button[type=submit]`); st != 200 {
		t.Fatalf("confirm: status %d\n%s", st, b.text("main"))
	}
	b.open("/natverk/ggvv/granska", 200)
	if !strings.Contains(b.text("main"), unknown) {
		t.Fatalf("the review list lacks %q:\n%s", unknown, b.text("main"))
	}
	b.screenshot("41-granska")
	// The form of this text: choose Grundskola and map it.
	var id string
	b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll("input[name=text]")).find(i => i.value === %s).form.querySelector("select").id`,
		jsString(unknown)), &id)
	b.do(chromedp.SetValue(chromedp.ID(id), "440"))
	if st := b.submit(fmt.Sprintf(`#%s ~ button, form:has(#%s) button[type=submit]`, id, id)); st != 200 {
		t.Fatalf("map: status %d\n%s", st, b.text("main"))
	}
	if got := b.text(".flash"); !strings.Contains(got, "Grundskola") {
		t.Errorf("after mapping: %q", got)
	}
	if strings.Contains(b.text("main"), unknown) && !strings.Contains(b.text("#kopplingar ~ div"), unknown) {
		t.Errorf("the text is still to review")
	}
}
