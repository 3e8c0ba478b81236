package web_test

import (
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/auth/authtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// ssoSite is the web UI on a real loopback server with single sign-on
// through issuer, and a browser with a cookie jar.
type ssoSite struct {
	url     string
	browser *http.Client
}

func newSSOSite(t *testing.T, issuer func(redirect string) string) *ssoSite {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	svc, err := auth.New(ctx, auth.Options{Store: db, OIDC: &auth.OIDCConfig{
		Issuer: issuer(base + "/login/oidc/callback"), ClientID: authtest.ClientID, ClientSecret: authtest.ClientSecret,
		RedirectURL: base + "/login/oidc/callback"}})
	if err != nil {
		t.Fatal(err)
	}
	u := &samverkan.User{Email: "lasare.v6@test.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleReader, Network: "v6"}}}
	if err := svc.CreateUser(ctx, u, testPass); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.Options{Store: db, Catalog: refdata.MustCatalog(), Auth: svc})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = svc.Middleware(h)
	srv.Start()
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &ssoSite{url: srv.URL, browser: &http.Client{Jar: jar}}
}

func (s *ssoSite) get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	res, err := s.browser.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var ssoLink = regexp.MustCompile(`href="(/login/oidc[^"]*)"`)

// TestSSODeepLink: from the login page of a deep link, the SSO button
// goes through the identity provider (zitadel's, running in the test) and
// lands on the deep link, logged in.
func TestSSODeepLink(t *testing.T) {
	var p *authtest.Provider
	site := newSSOSite(t, func(redirect string) string {
		p = authtest.New(t, []string{redirect}, authtest.User{Subject: "lasare", Email: "lasare.v6@test.samverkan.se", EmailVerified: true})
		return p.Issuer
	})
	_, page := site.get(t, site.url+"/logga-in?next=/natverk/v6")
	m := ssoLink.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no SSO button on the login page:\n%s", page)
	}
	res, page := site.get(t, site.url+html.UnescapeString(m[1]))
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/natverk/v6" {
		t.Fatalf("after SSO: %d at %s, want /natverk/v6", res.StatusCode, res.Request.URL)
	}
	wantContains(t, "network page after SSO", page, "lasare.v6@test.samverkan.se", `action="/logga-ut"`)

	// A next that leaves the site is dropped, as for the password login.
	jar, _ := cookiejar.New(nil)
	site.browser.Jar = jar
	res, _ = site.get(t, site.url+"/login/oidc?next="+url.QueryEscape("//evil.example/x"))
	if res.Request.URL.Host != strings.TrimPrefix(site.url, "http://") || res.Request.URL.Path != "/" {
		t.Errorf("next=//evil.example/x landed on %s, want the start page", res.Request.URL)
	}
}

// TestSSOProviderDown: with the identity provider unreachable the login
// page says single sign-on cannot be reached now, the SSO route answers
// 503 with that message (in English too) and keeps next, and password
// login works.
func TestSSOProviderDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	site := newSSOSite(t, func(string) string { return dead })

	_, page := site.get(t, site.url+"/logga-in?next=/natverk/v6")
	wantContains(t, "login page", text(page), "går inte att nå just nu")
	res, page := site.get(t, site.url+"/login/oidc?next=/natverk/v6")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("SSO with the provider down = %d, Retry-After %q; want 503", res.StatusCode, res.Header.Get("Retry-After"))
	}
	wantContains(t, "SSO down", page, "går inte att nå just nu", `name="next" value="/natverk/v6"`)
	req, _ := http.NewRequest("GET", site.url+"/login/oidc", nil)
	req.AddCookie(&http.Cookie{Name: "lang", Value: "en"})
	if res, err := site.browser.Do(req); err == nil {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		wantContains(t, "SSO down in English", string(b), "cannot be reached right now")
	}

	res, err = site.browser.PostForm(site.url+"/logga-in", url.Values{
		"email": {"lasare.v6@test.samverkan.se"}, "password": {testPass}, "next": {"/natverk/v6"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/natverk/v6" {
		t.Errorf("password login with the provider down: %d at %s", res.StatusCode, res.Request.URL)
	}
}
