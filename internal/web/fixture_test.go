package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/ruletest"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// Roles of the route × role test, and the accounts that hold them.
// (the one route × role matrix's, ruletest).
const (
	roleAnon     = ruletest.Anon
	roleAdmin    = ruletest.Admin
	roleCoord    = ruletest.Coord
	roleHeby     = ruletest.Heby
	roleEnkoping = ruletest.Enkoping
	roleReader   = ruletest.Reader
)

var allRoles = ruletest.Roles

const (
	heby     = ruletest.HebyCode
	enkoping = ruletest.EnkopingCode
	testPass = "ett långt testlösenord"
)

var roleUsers = map[string]*samverkan.User{
	roleAdmin:    {Email: "admin@test.samverkan.se", Grants: []samverkan.Grant{ruletest.Grants[roleAdmin]}},
	roleCoord:    {Email: "samordnare.ggvv@test.samverkan.se", Grants: []samverkan.Grant{ruletest.Grants[roleCoord]}},
	roleHeby:     {Email: "redaktor.heby@test.samverkan.se", Grants: []samverkan.Grant{ruletest.Grants[roleHeby]}},
	roleEnkoping: {Email: "redaktor.enkoping@test.samverkan.se", Grants: []samverkan.Grant{ruletest.Grants[roleEnkoping]}},
	roleReader:   {Email: "lasare.v6@test.samverkan.se", Grants: []samverkan.Grant{ruletest.Grants[roleReader]}},
}

// authEnv is the web UI behind the real auth middleware, over the demo
// data with one account per role.
type authEnv struct {
	*env
	auth    *auth.Service
	users   map[string]*samverkan.User
	logs    *bytes.Buffer
	it      *samverkan.Collaboration // C-Tillsammans' joint IT board: Heby takes part, Enköping does not
	tierp   *samverkan.Collaboration // C-Tillsammans, without Heby
	ggvvRec *samverkan.Collaboration // a GGVV record
	cookies map[string]*http.Cookie
}

// newAuthEnv is the demo data behind the real login; opts adjust the
// handler's options (a test that needs background jobs adds a runner).
func newAuthEnv(t *testing.T, opts ...func(*web.Options)) *authEnv {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc, err := auth.New(ctx, auth.Options{Store: db, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	cat := refdata.MustCatalog()
	o := web.Options{Store: db, Catalog: cat, Logger: log, Auth: svc}
	for _, f := range opts {
		f(&o)
	}
	h, err := web.New(o)
	if err != nil {
		t.Fatal(err)
	}
	a := &authEnv{env: &env{t: t, db: db, h: svc.Middleware(h), cat: cat}, auth: svc, logs: logs,
		users: map[string]*samverkan.User{}, cookies: map[string]*http.Cookie{}}
	for role, u := range roleUsers {
		cp := *u
		if err := svc.CreateUser(ctx, &cp, testPass); err != nil {
			t.Fatalf("create %s: %v", role, err)
		}
		a.users[role] = &cp
	}
	a.it = findCollab(t, db, "c-tillsammans", "Gemensam IT-nämnd")
	a.tierp = findCollab(t, db, "c-tillsammans", "IT-nämnd för Tierp och Älvkarleby")
	ggvv, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "ggvv", Limit: 1})
	if err != nil || len(ggvv) == 0 {
		t.Fatalf("no GGVV record: %v", err)
	}
	a.ggvvRec = ggvv[0]
	if !a.it.Takes(heby) || a.it.Takes(enkoping) || a.tierp.Takes(heby) {
		t.Fatal("the demo data no longer fits the test")
	}
	return a
}

func findCollab(t *testing.T, db *sqldb.DB, network, title string) *samverkan.Collaboration {
	t.Helper()
	cs, _, err := db.FindCollaborations(context.Background(), samverkan.CollaborationFilter{Network: network, Limit: samverkan.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Title == title {
			return c
		}
	}
	t.Fatalf("no collaboration %q in %s", title, network)
	return nil
}

// login logs in through the login page and returns the session cookie.
func (a *authEnv) login(email, password string) (response, *http.Cookie) {
	a.t.Helper()
	req := httptest.NewRequest("POST", "/logga-in", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var session *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.SessionCookie && c.Value != "" {
			session = c
		}
	}
	return response{rec.Code, rec.Body.String(), rec.Header()}, session
}

// loginAs logs role in (once) and returns its session cookie; nil for
// anonymous.
func (a *authEnv) loginAs(role string) *http.Cookie {
	a.t.Helper()
	if role == roleAnon {
		return nil
	}
	if c, ok := a.cookies[role]; ok {
		return c
	}
	res, c := a.login(a.users[role].Email, testPass)
	if res.Code != http.StatusSeeOther || c == nil {
		a.t.Fatalf("login as %s = %d, no session: %.300s", role, res.Code, text(res.Body))
	}
	a.cookies[role] = c
	return c
}

// request sends method path (with form values for POST) as role.
func (a *authEnv) request(role, method, path string, form url.Values) response {
	a.t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c := a.loginAs(role); c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Body.String(), rec.Header()}
}

// toLogin reports whether res sends an anonymous visitor to the login page.
func toLogin(res response) bool {
	loc := res.Header.Get("Location")
	return res.Code == http.StatusSeeOther && (loc == "/logga-in" || strings.HasPrefix(loc, "/logga-in?next="))
}
