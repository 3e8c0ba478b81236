package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// picturePages are issue 14's pages for the accessibility check: the map,
// the coverage matrix, the graphs, the charts and the key functions.
func picturePages() []a11yPage {
	return []a11yPage{
		{"karta", visit("/karta", 200)},
		{"karta-natverk", visit("/karta?natverk=ggvv&lager=deltagare", 200)},
		{"matris", visit("/natverk/dalslandssamverkan/matris", 200)},
		{"graf", visit("/natverk/region-10/graf", 200)},
		{"graf-nationell", visit("/graf", 200)},
		{"diagram", visit("/natverk/dalslandssamverkan/diagram", 200)},
		{"sarbarhet", visit("/natverk/ggvv/sarbarhet", 200)},
		{"nyckelfunktioner", visit("/kommun/0617/nyckelfunktioner", 200)},
	}
}

// TestPictures opens the map, the matrix, the graph and the vulnerability
// map in a real browser, takes their screenshots, and prints the map on
// A4: in print the map is at most 25 cm high (it fits an A4 page with
// margins) and the site's navigation and the filter form are hidden.
func TestPictures(t *testing.T) {
	b := newTab(t)
	b.do(chromedp.EmulateViewport(1280, 900))
	for _, p := range []struct{ path, shot, sel string }{
		{"/karta", "50-karta", "figure.map-figure svg"},
		{"/natverk/ggvv/matris", "51-matris", "table.coverage"},
		{"/natverk/region-10/graf", "52-graf", "figure.graph-figure svg"},
		{"/natverk/ggvv/sarbarhet", "53-sarbarhet", "table.heatmap"},
	} {
		b.open(p.path, 200)
		var n int
		b.eval(`document.querySelectorAll(`+jsString(p.sel)+`).length`, &n)
		if n != 1 {
			t.Errorf("%s: %d of %s, want 1", p.path, n, p.sel)
		}
		b.screenshot(p.shot)
	}

	// The map on A4.
	b.open("/karta", 200)
	var links int
	b.eval(`document.querySelectorAll("figure.map-figure svg a[href^='/kommun/'] path").length`, &links)
	if links != 290 {
		t.Errorf("the map has %d linked municipalities, want 290", links)
	}
	b.do(chromedp.EmulateViewport(794, 1123)) // A4 at 96 dpi
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	var printed struct {
		Height, Width float64
		Nav, Form     string
	}
	b.eval(`(() => {
	  const r = document.querySelector("figure.map-figure svg").getBoundingClientRect();
	  return {height: r.height, width: r.width,
	    nav: getComputedStyle(document.querySelector("header.site nav")).display,
	    form: getComputedStyle(document.querySelector("form.filter")).display};
	})()`, &printed)
	const cm = 96 / 2.54
	if printed.Height > 25*cm+1 || printed.Height < 10*cm || printed.Width > 19*cm {
		t.Errorf("printed map is %.0f × %.0f px, want at most 19 × 25 cm (%.0f × %.0f px)", printed.Width, printed.Height, 19*cm, 25*cm)
	}
	if printed.Nav != "none" || printed.Form != "none" {
		t.Errorf("in print the navigation is %q and the filter %q, want both hidden", printed.Nav, printed.Form)
	}
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("the printout is no PDF")
	}
	p := filepath.Join(screenshotDir(t), "54-karta-a4.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("map on A4: %s", p)
}
