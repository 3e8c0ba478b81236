package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestSteeringJourney is issue 12's acceptance journey: GGVV's coordinator
// edits the network, adds a plan with two priorities and activities,
// follows a collaboration up against every purpose of the network, adds a
// risk, a meeting, an advocacy issue and a work group, and prints the
// annual report, which shows each of them; the start page then names the
// overdue risk review and the coming meeting.
func TestSteeringJourney(t *testing.T) {
	b := newAnonTab(t)
	b.login(demoCoordinator)
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e6)
	year := time.Now().Year()

	// 1. The network: a declaration body and a rotation order.
	b.open("/natverk/ggvv/redigera", 200)
	b.requireFields("name", "coordinator", "adopted_by", "m.0.code", "pu.0.text", "h.0.year", "rot.0")
	b.do(
		chromedp.SetValue(chromedp.ID("n-adopted_by"), "kommunstyrelserna "+suffix),
		chromedp.SetValue(chromedp.ID("n-rot-0"), "Värnamo"),
		chromedp.SetValue(chromedp.ID("n-rot-1"), "Gislaved"),
		chromedp.SetValue(chromedp.ID("n-h-0-year"), fmt.Sprint(year)),
		chromedp.SetValue(chromedp.ID("n-h-0-code"), "Gnosjö"),
	)
	if st := b.submit(`p.actions:not(.top) button[name=spara]`); st != 200 {
		t.Fatalf("save the network: status %d\n%s", st, b.text("main"))
	}
	if got := b.text("main"); !strings.Contains(got, "kommunstyrelserna "+suffix) || !strings.Contains(got, "enligt turordningen") {
		t.Errorf("the network page lacks the declaration body or the rotation:\n%.600s", got)
	}
	b.screenshot("40-natverk-redigerat")

	// 2. A plan with two priorities and activities.
	b.open("/natverk/ggvv/plan/ny", 200)
	b.requireFields("title", "from_year", "to_year", "p.0.title", "p.0.a.0.title", "p.1.title", "p.1.a.0.title")
	plan := "Plan " + suffix
	b.do(
		chromedp.SetValue(chromedp.ID("pl-title"), plan),
		chromedp.SetValue(chromedp.ID("pl-from_year"), fmt.Sprint(year)),
		chromedp.SetValue(chromedp.ID("pl-to_year"), fmt.Sprint(year+2)),
		chromedp.SetValue(chromedp.ID("pl-p-0-title"), "Gemensam IT "+suffix),
		chromedp.SetValue(chromedp.ID("pl-p-0-a-0-title"), "Kartlägg systemen"),
		chromedp.SetValue(chromedp.ID("pl-p-0-a-1-title"), "Upphandla drift"),
		chromedp.SetValue(chromedp.ID("pl-p-1-title"), "Kompetensförsörjning "+suffix),
		chromedp.SetValue(chromedp.ID("pl-p-1-a-0-title"), "Gemensam annonsering"),
		chromedp.Click(chromedp.ID("pl-p-0-pu-0")),
	)
	if st := b.submit(`form.collab-form p.actions button[name=spara]`); st != 200 {
		t.Fatalf("save the plan: status %d\n%s", st, b.text("main"))
	}
	if got := b.text("main"); !strings.Contains(got, "Gemensam IT "+suffix) || !strings.Contains(got, "Kompetensförsörjning "+suffix) {
		t.Fatalf("the plan page lacks the priorities:\n%.600s", got)
	}
	// Completing an activity moves the computed progress.
	before := b.text("dl.facts")
	b.do(chromedp.SetValue(chromedp.CSS(`table select[name=status]`), "klar"))
	if st := b.submit(`form.inline-form button[type=submit]`); st != 200 {
		t.Fatalf("complete an activity: status %d", st)
	}
	if after := b.text("dl.facts"); after == before || !strings.Contains(after, "33 %") {
		t.Errorf("progress %q → %q, want 33 %%", before, after)
	}
	b.screenshot("41-plan")

	// 3. Follow up a running collaboration against every purpose.
	b.open("/natverk/ggvv?fas=running", 200)
	var collab string
	b.eval(`document.querySelector("table.list tbody a[href^='/samverkan/']").getAttribute("href")`, &collab)
	b.open(fmt.Sprintf("%s/uppfoljning/%d", collab, year), 200)
	var purposes []string
	b.eval(`Array.from(document.querySelectorAll("fieldset.assessment > legend")).map(l => l.textContent.trim())`, &purposes)
	if len(purposes) != 4 {
		t.Fatalf("the form asks about %d purposes, want GGVV's 4: %q", len(purposes), purposes)
	}
	for i := range purposes {
		b.do(chromedp.Click(chromedp.ID(fmt.Sprintf("fu-a-%d-score-%d", i, 1+i%4))))
	}
	b.do(chromedp.SetValue(chromedp.ID("fu-budget"), "250 000"), chromedp.SetValue(chromedp.ID("fu-narrative"), "Uppföljd "+suffix))
	if st := b.submit(`form.collab-form p.actions button[name=spara]`); st != 200 {
		t.Fatalf("save the follow-up: status %d\n%s", st, b.text("main"))
	}
	b.screenshot("42-uppfoljning")
	var collabTitle string
	b.open(collab, 200)
	collabTitle = b.text("h1")

	// 4. The network's own life: risk, meeting, advocacy, work group.
	life := networkLifeSteps(t, b, suffix, year)

	// 5. The annual report, printed.
	b.open(fmt.Sprintf("/natverk/ggvv/verksamhetsberattelse/%d", year), 200)
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	var printed struct {
		Text           string
		Header, Nav    string
		RunningHead    string
		RunningVisible bool
	}
	b.eval(`(() => {
	  const head = document.querySelector(".print-header");
	  return {
	    text: document.querySelector("article.annual-report").innerText,
	    header: getComputedStyle(document.querySelector("header.site")).display,
	    nav: getComputedStyle(document.querySelector("form.year-form")).display,
	    runninghead: head.textContent,
	    runningvisible: getComputedStyle(head).display !== "none",
	  };
	})()`, &printed)
	if printed.Header != "none" || printed.Nav != "none" {
		t.Errorf("in print the site header is %q and the year form %q, want both hidden", printed.Header, printed.Nav)
	}
	if !printed.RunningVisible || !strings.Contains(printed.RunningHead, "GGVV") || !strings.Contains(printed.RunningHead, fmt.Sprint(year)) {
		t.Errorf("running head %q (visible %v), want the network and the year", printed.RunningHead, printed.RunningVisible)
	}
	for _, want := range append([]string{plan, "Gemensam IT " + suffix, "Kompetensförsörjning " + suffix, "Kartlägg systemen",
		"Gnosjö", fmt.Sprintf("Verksamhetsberättelse %d", year),
		// the follow-up: the collaboration counted, none of it missing
		"Uppföljning mot syftena",
		// the life records of the year
		life.Risk, "4 × 5 = 20 (Hög)", "försenad", life.Meeting, "Värnamo", "Utreda en gemensam växel.",
		life.Issue, life.Action, life.Group}, purposes...) {
		if !strings.Contains(printed.Text, want) {
			t.Errorf("the printed report lacks %q", want)
		}
	}
	// The followed-up collaboration is not among those not followed up.
	var missing string
	b.eval(`Array.from(document.querySelectorAll("section[aria-labelledby=ar-uppfoljning] > ul li")).map(e => e.textContent).join("\n")`, &missing)
	if collabTitle != "" && strings.Contains(missing, collabTitle) {
		t.Errorf("the report lists %q as not followed up", collabTitle)
	}
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 2000 || bytes.Count(pdf, []byte("/Type /Page")) < 1 && bytes.Count(pdf, []byte("/Type/Page")) < 1 {
		t.Errorf("the printout is no PDF with pages (%d bytes)", len(pdf))
	}
	p := filepath.Join(screenshotDir(t), "43-verksamhetsberattelse.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("annual report: %s", p)

	// 6. The coordinator's start page: the overdue review and the coming
	// meeting.
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"})
		return err
	}))
	b.open("/", 200)
	start := b.text("section.start")
	if !strings.Contains(start, life.Risk) || !strings.Contains(start, "skulle ha setts över 2020-01-31") {
		t.Errorf("the start page lacks the overdue review of %q:\n%.800s", life.Risk, start)
	}
	if !strings.Contains(start, life.Meeting) {
		t.Errorf("the start page does not name the coming meeting %q:\n%.800s", life.Meeting, start)
	}
	b.screenshot("44-startsida")
}
