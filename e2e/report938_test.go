package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestReport938Print is issue 11's acceptance 5 with issue 13's columns:
// Gislaved's KL 9:38 report names the municipality by its legal name
// ("Gislaveds kommun"), and printed on A4 (chromium's own print to PDF)
// no column is lost: in print, every column lies inside the page's
// width, and the PDF's pages are A4 landscape.
func TestReport938Print(t *testing.T) {
	b := newTab(t)
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e6)
	year := time.Now().Year() - 1

	// An avtalssamverkan where Gislaved performs the task for Gnosjö.
	b.open("/samverkan/ny", 200)
	title := "Lönehantering åt Gnosjö " + suffix
	b.do(
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.SetValue(chromedp.ID("f-legal_form"), "avtalssamverkan"),
		chromedp.SetValue(chromedp.ID("f-start"), "2020-01-01"),
		chromedp.SendKeys(chromedp.ID("f-annual_cost"), "600 000"),
		chromedp.SetValue(chromedp.ID("f-cost_key"), "invanare"),
		chromedp.SendKeys(chromedp.ID("f-members-0-code"), "Gislaved"),
		chromedp.SendKeys(chromedp.ID("f-members-1-code"), "Gnosjö"),
		chromedp.SendKeys(chromedp.ID("f-host"), "Gislaved"),
		chromedp.SetValue(chromedp.ID("f-documents-0-type"), "avtal"),
		chromedp.SendKeys(chromedp.ID("f-documents-0-title"), "Avtal om lönehantering med en mycket lång titel som måste brytas på flera rader i utskriften"),
		chromedp.SetValue(chromedp.ID("f-documents-0-valid_from"), "2020-01-01"),
		chromedp.SetValue(chromedp.ID("f-documents-0-valid_to"), "2027-12-31"),
		chromedp.SendKeys(chromedp.ID("f-documents-0-notice_months"), "12"),
		chromedp.SendKeys(chromedp.ID("f-documents-0-renewal"), "förlängs två år i taget"),
	)
	if st := b.submit(`p.actions:not(.top) button[name=spara]`); st != 200 || !regexp.MustCompile(`/samverkan/\d+\?klart=skapad$`).MatchString(b.location()) {
		t.Fatalf("create: status %d at %s\n%.800s", st, b.location(), b.text("main"))
	}

	b.open("/kommun/0662/rapport-9-38?ar="+strconv.Itoa(year), 200)
	// textContent: the kicker is set in capitals by CSS.
	var page string
	b.eval(`document.querySelector("article.doc").textContent.replace(/\s+/g, " ")`, &page)
	for _, want := range []string{"Gislaveds kommun – Kommunstyrelsen", "rapport för Gislaveds kommun avseende år " + strconv.Itoa(year),
		title, "Utförare", "Gnosjö kommun", "2020-01-01 – 2027-12-31", "12 månaders uppsägningstid", "förlängs två år i taget",
		"Hela samverkan: 600 000 kr"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q:\n%.1500s", want, page)
		}
	}

	// In print, at the width of an A4 landscape page less its margins
	// (277 mm ≈ 1047 CSS px), every column header lies inside the page.
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}), chromedp.EmulateViewport(1047, 740))
	var layout struct {
		Cols     []string  `json:"cols"`
		Rights   []float64 `json:"rights"`
		Widths   []float64 `json:"widths"`
		Over     []string  `json:"over"`
		Scroll   float64   `json:"scroll"`
		Client   float64   `json:"client"`
		Form     string    `json:"form"`
		Hidden   bool      `json:"hidden"`
		PageSize string    `json:"page"`
	}
	b.eval(`(() => {
	  const ths = [...document.querySelectorAll("table.report938 thead th")];
	  const table = document.querySelector("table.report938");
	  return {
	    cols: ths.map(th => th.innerText.trim()),
	    rights: ths.map(th => th.getBoundingClientRect().right),
	    widths: ths.map(th => th.getBoundingClientRect().width),
	    over: [...table.querySelectorAll("th, td")].filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText.trim()),
	    scroll: table.scrollWidth, client: document.documentElement.clientWidth,
	    form: getComputedStyle(document.querySelector("form.year-form")).display,
	    page: getComputedStyle(document.querySelector("article.wide-doc")).page,
	  };
	})()`, &layout)
	if len(layout.Cols) != 10 {
		t.Fatalf("the report has %d columns, want 10: %v", len(layout.Cols), layout.Cols)
	}
	for i, c := range layout.Cols {
		if layout.Rights[i] > layout.Client+0.5 || layout.Widths[i] < 20 {
			t.Errorf("column %q in print: right edge %.0f px, width %.0f px; the page is %.0f px wide", c, layout.Rights[i], layout.Widths[i], layout.Client)
		}
	}
	if len(layout.Over) > 0 {
		t.Errorf("in print these cells overflow their column: %q", layout.Over)
	}
	if layout.Scroll > layout.Client+0.5 {
		t.Errorf("the printed table is %.0f px wide, wider than the page's %.0f px", layout.Scroll, layout.Client)
	}
	if layout.Form != "none" {
		t.Errorf("the year form prints (display %q)", layout.Form)
	}
	if layout.PageSize != "wide" {
		t.Errorf("the report does not use the landscape page (page: %q)", layout.PageSize)
	}
	b.screenshot("60-rapport-9-38-utskrift")

	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 2000 {
		t.Fatalf("the printout is no PDF (%d bytes)", len(pdf))
	}
	// A4 landscape is 842 × 595 points: the named page of the print CSS.
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) == 0 {
		t.Fatalf("the PDF has no page boxes")
	}
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if w < 835 || w > 848 || h < 590 || h > 600 {
			t.Errorf("a PDF page is %.0f × %.0f pt, want A4 landscape (842 × 595)", w, h)
		}
	}
	p := filepath.Join(screenshotDir(t), "61-rapport-9-38.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("KL 9:38 report: %s (%d pages)", p, len(boxes))
}
