package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumFlags are the flags Debian's chromium needs on a machine with a
// closed network: without the background-networking ones it keeps trying
// to reach Google and its connections are refused.
var chromiumFlags = []chromedp.ExecAllocatorOption{
	chromedp.Headless,
	chromedp.NoSandbox,
	chromedp.DisableGPU,
	chromedp.NoFirstRun,
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("disable-quic", true),
	chromedp.WindowSize(1280, 900),
}

// chromiumPath is the browser the tests drive.
func chromiumPath() (string, error) {
	if p := os.Getenv("SAMVERKAN_CHROMIUM"); p != "" {
		return p, nil
	}
	if fileExists("/usr/bin/chromium") {
		return "/usr/bin/chromium", nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("chromium is not installed: the browser tests need Debian's chromium at /usr/bin/chromium " +
		"(run `make test`, which installs it, or `apt-get install chromium`), or its path in SAMVERKAN_CHROMIUM")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// The browser is started once, by the first test that needs it, and shared:
// each test gets its own browser context (own cookies, own tab).
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserCancel = func() {}
)

func startBrowser() {
	path, err := chromiumPath()
	if err != nil {
		browserErr = err
		return
	}
	dir, err := os.MkdirTemp("", "samverkan-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.UserDataDir(dir)},
		chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts, chromiumFlags...)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// The first Do starts the browser; its context must be the browser's
	// own, for the browser lives as long as that context.
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		os.RemoveAll(dir)
		browserErr = fmt.Errorf("start %s: %w", path, err)
		return
	}
	browserCtx = bctx
	browserCancel = func() {
		bcancel()
		acancel()
		os.RemoveAll(dir)
	}
}

func closeBrowser() { browserCancel() }

// tab is one test's browser tab, in a browser context of its own.
type tab struct {
	t   testing.TB
	ctx context.Context
	// pickers are the date inputs whose calendar button Tab reached.
	pickers map[string]bool
}

// newTab opens a tab for t, logged in through the login page as the demo
// admin; it fails the test when chromium is missing.
func newTab(t testing.TB) *tab {
	t.Helper()
	b := newAnonTab(t)
	b.login(demoAdmin)
	return b
}

// newAnonTab opens a tab for t that is not logged in.
func newAnonTab(t testing.TB) *tab {
	t.Helper()
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		t.Fatalf("browser tests cannot run: %v", browserErr)
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	b := &tab{t: t, ctx: ctx}
	b.do(chromedp.EmulateViewport(1280, 900))
	return b
}

// do runs actions and stops the test on an error.
func (b *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.location())
	}
}

// location is the tab's current URL, for failure messages.
func (b *tab) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return u
}

// open navigates to path and requires the HTTP status want.
func (b *tab) open(path string, want int) {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	if int(resp.Status) != want {
		b.t.Fatalf("open %s: status %d, want %d\nserver log:\n%s", path, resp.Status, want, theServer.Log)
	}
}

// submit clicks the element sel (a submit button) and waits for the page
// the form leads to; it returns that page's status.
func (b *tab) submit(sel string) int {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("submit %s: %v (at %s)", sel, err, b.location())
	}
	return int(resp.Status)
}

// text is the visible text of the first element sel matches.
func (b *tab) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v (at %s)", sel, err, b.location())
	}
	return strings.TrimSpace(s)
}

// value is the current value of the form control sel.
func (b *tab) value(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v (at %s)", sel, err, b.location())
	}
	return s
}

// eval runs a JavaScript expression and decodes its JSON value into v.
func (b *tab) eval(js string, v any) {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("eval: %v (at %s)\n%.200s", err, b.location(), js)
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			b.t.Fatalf("eval: decode %.200s: %v", raw, err)
		}
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// screenshotDir is where the screenshots go: $SAMVERKAN_SCREENSHOTS, or
// e2e/screenshots (git-ignored).
func screenshotDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SAMVERKAN_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		t.Fatal(err)
	}
	return abs
}

// screenshot writes a PNG of the whole page as name.png and logs its path.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(screenshotDir(b.t), name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
}

// navigate opens an absolute URL (pages outside the server under test).
func navigate(u string) chromedp.Action[chromedp.Void] { return chromedp.Navigate(u) }
