package e2e

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes document.activeElement and how its focus shows.
type focused struct {
	Desc    string `json:"desc"`
	Matches bool   `json:"matches"`
	// Picker: the focus is on the calendar button inside a date input,
	// which only Chromium's own thin ring shows; the page's stylesheet
	// cannot be read there.
	Picker    bool    `json:"picker"`
	Indicator string  `json:"indicator"` // the outline or shadow that shows focus, "" if none
	Top       float64 `json:"top"`
	Bottom    float64 `json:"bottom"`
	Height    float64 `json:"height"`
}

const focusedJS = `((sel) => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  let indicator = "";
  if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) indicator = "outline " + cs.outlineWidth + " " + cs.outlineStyle + " " + cs.outlineColor;
  else if (cs.boxShadow && cs.boxShadow !== "none") indicator = "box-shadow " + cs.boxShadow;
  const r = el.getBoundingClientRect();
  return {
    desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
      (el.getAttribute("href") ? "[href=" + el.getAttribute("href") + "]" : "") + (el.name ? "[name=" + el.name + "]" : ""),
    matches: el.matches(sel), indicator, picker: el.type === "date" && !el.matches(":focus-visible"), top: r.top, bottom: r.bottom, height: window.innerHeight,
  };
})(%s)`

// focus reports the focused element, and whether it matches sel.
func (b *tab) focus(sel string) focused {
	b.t.Helper()
	var f focused
	b.eval(fmt.Sprintf(focusedJS, jsString(sel)), &f)
	return f
}

// press sends one key, with modifiers.
func (b *tab) press(key string, mods ...chromedp.Modifier) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...)))
}

// tabTo presses Tab (Shift+Tab when back) until the focused element
// matches sel, at most max times. Every element focus stops at on the way
// must show a visible focus indicator (WCAG 2.4.7).
func (b *tab) tabTo(sel string, max int, back bool) {
	b.t.Helper()
	var mods []chromedp.Modifier
	if back {
		mods = append(mods, chromedp.ModifierShift)
	}
	for range max {
		b.press(kb.Tab, mods...)
		f := b.focus(sel)
		switch {
		case f.Picker:
			if b.pickers == nil {
				b.pickers = map[string]bool{}
			}
			b.pickers[f.Desc] = true
		case f.Desc != "body" && f.Indicator == "":
			b.t.Errorf("keyboard focus on %s shows no focus indicator (at %s)", f.Desc, b.location())
		}
		if f.Matches {
			return
		}
	}
	b.t.Fatalf("%d presses of Tab did not reach %s; focus is on %s (at %s)", max, sel, b.focus(sel).Desc, b.location())
}

// typeKeys types text into the focused element, key by key.
func (b *tab) typeKeys(text string) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(text))
}

// TestKeyboardOnly walks the main journey with the keyboard alone: the
// skip link, the navigation, the create form, and submitting it with Enter.
func TestKeyboardOnly(t *testing.T) {
	b := newTab(t)
	b.open("/", 200)

	// The first Tab lands on the skip link, which then shows on screen.
	b.press(kb.Tab)
	f := b.focus("a.skip")
	if !f.Matches {
		t.Fatalf("the first Tab focuses %s, want the skip link", f.Desc)
	}
	if f.Indicator == "" || f.Top < 0 || f.Bottom > f.Height {
		t.Errorf("focused skip link not visible: indicator %q, top %.0f, bottom %.0f of %.0f", f.Indicator, f.Top, f.Bottom, f.Height)
	}
	b.press(kb.Enter)
	if f := b.focus("main#main"); !f.Matches {
		t.Errorf("after Enter on the skip link, focus is on %s, want main", f.Desc)
	}

	// From the top, Tab through the navigation to "Ny samverkan".
	b.open("/", 200)
	b.tabTo(`header a[href="/samverkan/ny"]`, 12, false)
	if _, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("Enter on the navigation link: %v", err)
	}
	if loc := b.location(); loc != base+"/samverkan/ny" {
		t.Fatalf("Enter on Ny samverkan went to %s", loc)
	}
	b.requireFields(collabFields...)

	// Fill in the members, go back up to the title, type it and press
	// Enter: the form is sent by its first button, Spara.
	b.tabTo("#f-title", 15, false)
	b.tabTo("#f-members-0-code", 40, false)
	b.typeKeys("Mellerud")
	b.tabTo("#f-members-1-code", 15, false)
	b.typeKeys("Färgelanda")
	b.tabTo("#f-title", 60, true)
	title := fmt.Sprintf("Tangentbordsprov %d", time.Now().UnixNano()%1e6)
	b.typeKeys(title)
	if _, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("Enter in the title: %v", err)
	}
	if loc := b.location(); !regexp.MustCompile(`/samverkan/\d+\?klart=skapad$`).MatchString(loc) {
		t.Fatalf("after Enter at %s, want the new collaboration; page:\n%s", loc, b.text("main"))
	}
	if got := b.text("h1"); got != title {
		t.Errorf("heading %q, want %q", got, title)
	}
	members := b.text("#members-caption + thead + tbody")
	for _, name := range []string{"Mellerud", "Färgelanda"} {
		if !regexp.MustCompile(name).MatchString(members) {
			t.Errorf("members %q lack %s", members, name)
		}
	}

	// The edit link and its form are reached by keyboard too.
	b.tabTo(`a[href$="/redigera"]`, 20, false)
	if _, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("Enter on Redigera: %v", err)
	}
	if got := b.value("#f-title"); got != title {
		t.Errorf("edit form title %q, want %q", got, title)
	}
	if len(b.pickers) > 0 {
		t.Logf("note: the calendar buttons of %d date inputs show only Chromium's own thin focus ring, not the page's", len(b.pickers))
	}
}
