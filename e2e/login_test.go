package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The demo accounts `serve --demo` creates.
const (
	demoAdmin       = "admin@demo.samverkan.se"
	demoCoordinator = "samordnare.ggvv@demo.samverkan.se"
	demoPassword    = "samverkan-demo"
)

// login logs the tab in through the real login page.
func (b *tab) login(email string) {
	b.t.Helper()
	b.open("/logga-in", 200)
	b.do(chromedp.SetValue(chromedp.ID("l-email"), email), chromedp.SetValue(chromedp.ID("l-password"), demoPassword))
	if st := b.submit(`form.login-form button[type=submit]`); st != http.StatusOK {
		b.t.Fatalf("login as %s: status %d\nserver log:\n%s", email, st, theServer.Log)
	}
	if loc := b.location(); strings.Contains(loc, "/logga-in") {
		b.t.Fatalf("login as %s stayed on %s", email, loc)
	}
}

// sessionCookie logs in over plain HTTP and returns the Cookie header.
func sessionCookie(t *testing.T, email string) string {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/logga-in", url.Values{"email": {email}, "password": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "samverkan_session" && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("login as %s over HTTP: %s, no session", email, resp.Status)
	return ""
}

// TestLoginJourney: an anonymous visitor is sent to the login page, which
// shows the demo accounts, refuses a wrong password with a message, and
// after the login goes back to where the visitor was going; the header
// names the coordinator, who may not change another network's records,
// and logs out.
func TestLoginJourney(t *testing.T) {
	b := newAnonTab(t)
	b.open("/kommun", 200)
	if loc := b.location(); loc != base+"/logga-in?next=%2Fkommun" {
		t.Fatalf("anonymous /kommun ended at %s", loc)
	}
	if demo := b.text(".demo-box"); !strings.Contains(demo, demoCoordinator) || !strings.Contains(demo, demoPassword) {
		t.Errorf("the demo box lacks the accounts: %q", demo)
	}
	b.screenshot("login-01-sida")
	b.do(chromedp.SetValue(chromedp.ID("l-email"), demoCoordinator), chromedp.SetValue(chromedp.ID("l-password"), "fel-lösenord"))
	if st := b.submit(`form.login-form button[type=submit]`); st != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d, want 401", st)
	}
	if msg := b.text(".error-summary"); !strings.Contains(msg, "Fel e-postadress eller lösenord") {
		t.Errorf("error summary %q", msg)
	}
	if v := b.value("#l-password"); v != "" {
		t.Error("the password field is filled in again after a failed login")
	}
	b.screenshot("login-02-fel")
	b.do(chromedp.SetValue(chromedp.ID("l-password"), demoPassword))
	if st := b.submit(`form.login-form button[type=submit]`); st != http.StatusOK {
		t.Fatalf("login: status %d", st)
	}
	if loc := b.location(); loc != base+"/kommun" {
		t.Errorf("after the login the browser is at %s, want /kommun", loc)
	}
	if who := b.text("header .who"); !strings.Contains(who, demoCoordinator) {
		t.Errorf("the header shows %q", who)
	}
	// Another network's record: no edit button, and 403 when typed in.
	b.open("/natverk/"+demoNetwork, 200)
	var collab string
	b.eval(`document.querySelector("table.list tbody a[href^='/samverkan/']").getAttribute("href")`, &collab)
	b.open(collab, 200)
	var edit bool
	b.eval(`document.querySelector("a[href$='/redigera']") !== null`, &edit)
	if edit {
		t.Error("the coordinator of GGVV is offered to edit a Dalsland record")
	}
	b.open(collab+"/redigera", 403)
	b.screenshot("login-03-forbjuden")
	if st := b.submit(`header .who button`); st != http.StatusOK {
		t.Fatalf("logout: status %d", st)
	}
	b.open("/kommun", 200)
	if loc := b.location(); !strings.Contains(loc, "/logga-in") {
		t.Errorf("after logout /kommun shows %s", loc)
	}
}

// logout presses the header's logout button; the tab ends on the login page.
func (b *tab) logout() {
	b.t.Helper()
	if st := b.submit(`header .who button`); st != http.StatusOK {
		b.t.Fatalf("logout: status %d", st)
	}
}
