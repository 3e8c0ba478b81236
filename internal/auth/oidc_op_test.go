package auth_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/auth/authtest"
)

const redirectURL = "https://samverkan.example/login/oidc/callback"

// opLogin logs in through the real provider as a browser would:
// OIDCStart, the provider's authorize, login and callback steps, back to
// OIDCCallback. tamperAuthorize may change the request to the provider
// (as an attacker in the browser could), tamperState the state that
// comes back.
func opLogin(t *testing.T, p *authtest.Provider, svc *auth.Service, next string,
	tamperAuthorize func(url.Values), tamperState func(string) string) (*samverkan.User, string, error) {
	t.Helper()
	w := httptest.NewRecorder()
	if err := svc.OIDCStart(w, httptest.NewRequest("GET", "/login/oidc", nil), next); err != nil {
		t.Fatalf("OIDCStart: %v", err)
	}
	loc, err := url.Parse(w.Result().Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), p.Issuer) {
		t.Fatalf("OIDCStart sent the browser to %q", loc)
	}
	if tamperAuthorize != nil {
		q := loc.Query()
		tamperAuthorize(q)
		loc.RawQuery = q.Encode()
	}
	var stateCookie *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == "samverkan_oidc" {
			stateCookie = c
		}
	}
	// The browser follows the provider's redirects until it is sent back
	// to Samverkan.
	browser := p.Client()
	browser.CheckRedirect = func(r *http.Request, _ []*http.Request) error {
		if !strings.HasPrefix(r.URL.String(), p.Issuer) {
			return http.ErrUseLastResponse
		}
		return nil
	}
	res, err := browser.Get(loc.String())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(back.String(), redirectURL) {
		t.Fatalf("the provider answered %d, to %q", res.StatusCode, res.Header.Get("Location"))
	}
	q := back.Query()
	if tamperState != nil {
		q.Set("state", tamperState(q.Get("state")))
	}
	r := httptest.NewRequest("GET", "/login/oidc/callback?"+q.Encode(), nil)
	r.AddCookie(&http.Cookie{Name: stateCookie.Name, Value: stateCookie.Value})
	return svc.OIDCCallback(httptest.NewRecorder(), r)
}

// TestOIDCRealProvider logs in through zitadel's OpenID Provider running
// in the test, and checks what Samverkan must refuse from it.
func TestOIDCRealProvider(t *testing.T) {
	p := authtest.New(t, []string{redirectURL},
		authtest.User{Subject: "anna", Email: "anna@uppsala.se", EmailVerified: true},
		authtest.User{Subject: "overifierad", Email: "anna@uppsala.se", EmailVerified: false},
		authtest.User{Subject: "okand", Email: "okand@uppsala.se", EmailVerified: true})
	logs := &syncBuffer{}
	f := newFixture(t, func(o *auth.Options) {
		o.Logger = slog.New(slog.NewTextHandler(logs, nil))
		o.OIDC = &auth.OIDCConfig{Issuer: p.Issuer, ClientID: authtest.ClientID, ClientSecret: authtest.ClientSecret, RedirectURL: redirectURL}
	})

	u, next, err := opLogin(t, p, f.svc, "/natverk/v6?flik=beslut", nil, nil)
	if err != nil || u == nil || u.ID != f.user.ID {
		t.Fatalf("login through the provider = %v, %v\n%s", u, err, logs.String())
	}
	if next != "/natverk/v6?flik=beslut" {
		t.Errorf("next after the round trip = %q", next)
	}

	for _, tc := range []struct {
		name      string
		subject   string
		authorize func(url.Values)
		state     func(string) string
		why       string
	}{
		{name: "forged state", subject: "anna", state: func(string) string { return "forged" }, why: "state mismatch"},
		{name: "nonce swapped in the browser", subject: "anna", authorize: func(q url.Values) { q.Set("nonce", "replayed") }, why: "nonce mismatch"},
		{name: "e-mail not verified", subject: "overifierad", why: "email not verified"},
		{name: "no account here", subject: "okand", why: "no such user"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			p.LogInAs(tc.subject)
			u, _, err := opLogin(t, p, f.svc, "/", tc.authorize, tc.state)
			if samverkan.ErrorCode(err) != samverkan.EUNAUTHORIZED || u != nil {
				t.Errorf("= %v, %v; want EUNAUTHORIZED", u, err)
			}
			if !strings.Contains(logs.String(), tc.why) {
				t.Errorf("the log does not say %q: %s", tc.why, logs.String())
			}
		})
	}

	t.Run("disabled account", func(t *testing.T) {
		p.LogInAs("anna")
		f.user.Disabled = true
		if err := f.db.UpdateUser(context.Background(), f.user); err != nil {
			t.Fatal(err)
		}
		if u, _, err := opLogin(t, p, f.svc, "/", nil, nil); err == nil {
			t.Errorf("a disabled account logged in: %v", u)
		}
	})
}

// TestOIDCProviderDownAtStart: the service starts while the provider is
// unreachable, says so without waiting, and uses the provider once it
// answers, after the backoff.
func TestOIDCProviderDownAtStart(t *testing.T) {
	// Reserve an address, and close it: nothing answers there yet.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	f := newFixture(t, func(o *auth.Options) {
		o.OIDC = &auth.OIDCConfig{Issuer: "http://" + addr, ClientID: authtest.ClientID, ClientSecret: authtest.ClientSecret, RedirectURL: redirectURL}
	})
	if !f.svc.OIDCEnabled() {
		t.Fatal("OIDC not enabled")
	}
	w := httptest.NewRecorder()
	if err := f.svc.OIDCStart(w, httptest.NewRequest("GET", "/login/oidc", nil), "/"); !errors.Is(err, auth.ErrOIDCUnavailable) {
		t.Fatalf("OIDCStart with the provider down = %v, want ErrOIDCUnavailable", err)
	}
	if w.Code != http.StatusOK || len(w.Result().Cookies()) != 0 || w.Header().Get("Location") != "" {
		t.Error("OIDCStart wrote an answer although it failed")
	}
	if f.svc.OIDCAvailable() {
		t.Error("OIDCAvailable with the provider down")
	}
	// Password login is not affected.
	if _, err := f.svc.Login(context.Background(), "anna@uppsala.se", password, "192.0.2.1"); err != nil {
		t.Errorf("password login with the provider down: %v", err)
	}

	// The provider comes up at that address.
	p := authtest.NewAt(t, addr, []string{redirectURL},
		authtest.User{Subject: "anna", Email: "anna@uppsala.se", EmailVerified: true})
	// Within the backoff nobody asks it: the answer stays at once.
	start := time.Now()
	if err := f.svc.OIDCStart(httptest.NewRecorder(), httptest.NewRequest("GET", "/login/oidc", nil), "/"); !errors.Is(err, auth.ErrOIDCUnavailable) {
		t.Errorf("within the backoff: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("OIDCStart within the backoff waited %v", d)
	}
	f.clock.Add(3 * time.Minute)
	u, _, err := opLogin(t, p, f.svc, "/", nil, nil)
	if err != nil || u.ID != f.user.ID {
		t.Fatalf("login once the provider answers: %v, %v", u, err)
	}
	if !f.svc.OIDCAvailable() {
		t.Error("OIDCAvailable false after discovery")
	}
}
