package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// authServer is the composed server with the auth middleware, in front of
// a handler that says who is asking and counts its calls.
func authServer(t *testing.T) (h http.Handler, svc *auth.Service, users []*samverkan.User, calls *atomic.Int64) {
	t.Helper()
	db := sqldbtest.New(t)
	ctx := context.Background()
	svc, err := auth.New(ctx, auth.Options{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"a@example.se", "b@example.se"} {
		u := &samverkan.User{Email: email, Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: "0380"}}}
		if err := svc.CreateUser(ctx, u, "ett-langt-losenord"); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	calls = new(atomic.Int64)
	web := http.NewServeMux()
	web.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		io.WriteString(w, samverkan.PrincipalFrom(r.Context()).Name()+" "+strconv.FormatInt(n, 10))
	})
	web.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "posted by "+samverkan.PrincipalFrom(r.Context()).Name())
	})
	h = server.New(server.Options{Store: db, Web: web, API: web, Auth: svc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return h, svc, users, calls
}

func sessionFor(t *testing.T, svc *auth.Service, u *samverkan.User) *http.Cookie {
	t.Helper()
	w := httptest.NewRecorder()
	if err := svc.StartSession(w, httptest.NewRequest("POST", "/", nil), u, "password"); err != nil {
		t.Fatal(err)
	}
	c := w.Result().Cookies()[0]
	return &http.Cookie{Name: c.Name, Value: c.Value}
}

func TestCacheKeyedByPrincipal(t *testing.T) {
	h, svc, users, calls := authServer(t)
	do := func(mod func(*http.Request)) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/page", nil)
		if mod != nil {
			mod(r)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	withCookie := func(c *http.Cookie) func(*http.Request) { return func(r *http.Request) { r.AddCookie(c) } }
	ca, cb := sessionFor(t, svc, users[0]), sessionFor(t, svc, users[1])

	anon := do(nil)
	if anon.Body.String() != "anonym 1" {
		t.Fatalf("anonymous: %q", anon.Body.String())
	}
	a1 := do(withCookie(ca))
	if a1.Body.String() != "a@example.se 2" {
		t.Fatalf("user a: %q", a1.Body.String())
	}
	if a2 := do(withCookie(ca)); a2.Body.String() != a1.Body.String() || a2.Header().Get("X-Cache") != "hit" {
		t.Errorf("user a again: %q %q, want a hit", a2.Body.String(), a2.Header().Get("X-Cache"))
	}
	if b := do(withCookie(cb)); b.Body.String() != "b@example.se 3" {
		t.Errorf("user b got %q", b.Body.String())
	}
	if a := do(nil); a.Body.String() != "anonym 1" || a.Header().Get("X-Cache") != "hit" {
		t.Errorf("anonymous again: %q", a.Body.String())
	}
	// A forged or ended session is anonymous: it gets the anonymous page.
	if f := do(withCookie(&http.Cookie{Name: auth.SessionCookie, Value: "forged"})); f.Body.String() != "anonym 1" {
		t.Errorf("forged session: %q", f.Body.String())
	}
	// Another cookie still bypasses the cache.
	before := calls.Load()
	do(func(r *http.Request) { withCookie(ca)(r); r.AddCookie(&http.Cookie{Name: "other", Value: "x"}) })
	if calls.Load() != before+1 {
		t.Error("a request with an unknown cookie was served from the cache")
	}
	// Bearer tokens are keyed by their user too, apart from the session.
	plain, _, err := svc.CreateToken(context.Background(), users[0], "skript")
	if err != nil {
		t.Fatal(err)
	}
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+plain) }
	tok := do(bearer)
	if tok.Body.String() == a1.Body.String() || tok.Body.String()[:len("a@example.se")] != "a@example.se" {
		t.Errorf("bearer: %q", tok.Body.String())
	}
	if again := do(bearer); again.Body.String() != tok.Body.String() || again.Header().Get("X-Cache") != "hit" {
		t.Errorf("bearer again: %q, want a hit", again.Body.String())
	}
	// (Creating the token was a write: the anonymous page is rendered anew.)
	if wrong := do(func(r *http.Request) { r.Header.Set("Authorization", "Bearer svk_wrong") }); !strings.HasPrefix(wrong.Body.String(), "anonym ") {
		t.Errorf("wrong bearer: %q", wrong.Body.String())
	}
}

func TestCrossOriginProtection(t *testing.T) {
	h, svc, users, _ := authServer(t)
	c := sessionFor(t, svc, users[0])
	post := func(mod func(*http.Request)) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "http://samverkan.example/form", nil)
		r.AddCookie(c)
		mod(r)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	for name, tc := range map[string]struct {
		mod  func(*http.Request)
		code int
	}{
		"same origin (Sec-Fetch-Site)": {func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-origin") }, 200},
		"same origin (Origin)":         {func(r *http.Request) { r.Header.Set("Origin", "http://samverkan.example") }, 200},
		"no browser headers (script)":  {func(r *http.Request) {}, 200},
		"cross site":                   {func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403},
		"other origin":                 {func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") }, 403},
	} {
		rec := post(tc.mod)
		if rec.Code != tc.code {
			t.Errorf("%s: status %d, want %d (%s)", name, rec.Code, tc.code, rec.Body.String())
		}
	}
	// A safe method passes whatever its origin.
	r := httptest.NewRequest("GET", "/page", nil)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Errorf("cross-site GET: %d", rec.Code)
	}
}

// TestOperationsAccess: /healthz and /readyz answer everybody (load
// balancers ask them without credentials); /metrics answers the metrics
// token and logged-in admins, 401 with WWW-Authenticate to anyone else
// and 403 to other logged-in users, and the cache never hands a scrape
// to an anonymous visitor.
func TestOperationsAccess(t *testing.T) {
	db := sqldbtest.New(t)
	ctx := context.Background()
	svc, err := auth.New(ctx, auth.Options{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	admin := &samverkan.User{Email: "admin@example.se", Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}}
	editor := &samverkan.User{Email: "editor@example.se", Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: "0380"}}}
	for _, u := range []*samverkan.User{admin, editor} {
		if err := svc.CreateUser(ctx, u, "ett-langt-losenord"); err != nil {
			t.Fatal(err)
		}
	}
	adminToken, _, err := svc.CreateToken(ctx, admin, "prometheus")
	if err != nil {
		t.Fatal(err)
	}
	const token = "en-lang-hemlig-metrics-nyckel"
	h := server.New(server.Options{Store: db, Web: http.NotFoundHandler(), API: http.NotFoundHandler(), Auth: svc,
		MetricsToken: token, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	do := func(path string, mod func(*http.Request)) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		if mod != nil {
			mod(r)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	cookie := func(c *http.Cookie) func(*http.Request) { return func(r *http.Request) { r.AddCookie(c) } }

	for _, p := range []string{"/healthz", "/readyz"} {
		if rec := do(p, nil); rec.Code != http.StatusOK {
			t.Errorf("GET %s anonymous = %d, want 200", p, rec.Code)
		}
	}
	const metric = "samverkan_http_requests_total"
	for name, c := range map[string]struct {
		mod  func(*http.Request)
		code int
	}{
		"the metrics token":        {bearer(token), http.StatusOK},
		"an admin's API token":     {bearer(adminToken), http.StatusOK},
		"an admin's session":       {cookie(sessionFor(t, svc, admin)), http.StatusOK},
		"an editor's session":      {cookie(sessionFor(t, svc, editor)), http.StatusForbidden},
		"a wrong token":            {bearer(token + "x"), http.StatusUnauthorized},
		"the token as a prefix":    {bearer(token[:10]), http.StatusUnauthorized},
		"another scheme":           {func(r *http.Request) { r.Header.Set("Authorization", "Basic "+token) }, http.StatusUnauthorized},
		"nothing (after a scrape)": {nil, http.StatusUnauthorized},
	} {
		rec := do("/metrics", c.mod)
		if rec.Code != c.code || (c.code == http.StatusOK) != strings.Contains(rec.Body.String(), metric) {
			t.Errorf("%s: GET /metrics = %d %.80q, want %d", name, rec.Code, rec.Body.String(), c.code)
		}
		if c.code == http.StatusUnauthorized && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: 401 without WWW-Authenticate: Bearer", name)
		}
	}
	// After a scrape with the token, anonymous visitors still get 401.
	do("/metrics", bearer(token))
	if rec := do("/metrics", nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("anonymous after a scrape = %d, want 401", rec.Code)
	}

	// Without a configured token, a bearer token of "" lets nobody in.
	open := server.New(server.Options{Store: db, Web: http.NotFoundHandler(), API: http.NotFoundHandler(), Auth: svc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	r := httptest.NewRequest("GET", "/metrics", nil)
	r.Header.Set("Authorization", "Bearer ")
	rec := httptest.NewRecorder()
	open.ServeHTTP(rec, r)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("no token configured, empty bearer = %d, want 401", rec.Code)
	}
}
