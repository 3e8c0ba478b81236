package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// lockedLog collects log lines from concurrent handlers.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestComposedLogin runs the product as `serve` composes it (auth
// middleware, CSRF protection, cache, web UI and API) with every log line
// kept: the public endpoints answer without a login, the rest sends to
// the login page or answers 401, a login works, and no password reaches a
// response or the log (request lines included).
func TestComposedLogin(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	logs := &lockedLog{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc, err := auth.New(ctx, auth.Options{Store: db, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	const password = "hemligt-lösenord-1234"
	u := &samverkan.User{Email: "admin@example.se", Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}}
	if err := svc.CreateUser(ctx, u, password); err != nil {
		t.Fatal(err)
	}
	cat := refdata.MustCatalog()
	webH, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log, Auth: svc})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Options{Store: db, Web: webH, Logger: log, Auth: svc,
		API: api.New(api.Options{Store: db, Catalog: cat, Logger: log, Auth: svc})})

	do := func(method, path string, form url.Values, cookie *http.Cookie) *httptest.ResponseRecorder {
		var req *http.Request
		if form != nil {
			req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req = httptest.NewRequest(method, path, nil)
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, p := range []string{"/healthz", "/openapi.json", "/insyn", "/logga-in"} {
		if rec := do("GET", p, nil, nil); rec.Code != http.StatusOK {
			t.Errorf("anonymous GET %s = %d, want 200", p, rec.Code)
		}
	}
	if rec := do("GET", "/kommun", nil, nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/logga-in?next=%2Fkommun" {
		t.Errorf("anonymous /kommun = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := do("GET", "/api/v1/networks", nil, nil); rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("anonymous API = %d, WWW-Authenticate %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}

	wrong := do("POST", "/logga-in", url.Values{"email": {u.Email}, "password": {"fel-" + password}}, nil)
	if wrong.Code != http.StatusUnauthorized {
		t.Fatalf("wrong password = %d", wrong.Code)
	}
	ok := do("POST", "/logga-in?next=/kommun", url.Values{"email": {u.Email}, "password": {password}, "next": {"/kommun"}}, nil)
	var session *http.Cookie
	for _, c := range ok.Result().Cookies() {
		if c.Name == auth.SessionCookie && c.Value != "" {
			session = c
		}
	}
	if ok.Code != http.StatusSeeOther || session == nil {
		t.Fatalf("login = %d, session %v", ok.Code, session)
	}
	for _, p := range []string{"/kommun", "/api/v1/networks", "/konto"} {
		if rec := do("GET", p, nil, session); rec.Code != http.StatusOK {
			t.Errorf("GET %s logged in = %d", p, rec.Code)
		}
	}
	chg := do("POST", "/konto/losenord", url.Values{"old_password": {"fel"}, "new_password": {password + "2"}, "new_password2": {password + "2"}}, session)
	if chg.Code != http.StatusUnprocessableEntity {
		t.Errorf("password change with a wrong old password = %d", chg.Code)
	}
	for _, rec := range []*httptest.ResponseRecorder{wrong, ok, chg} {
		if strings.Contains(rec.Body.String(), password) {
			t.Error("a response holds the password")
		}
	}
	logged := logs.String()
	if !strings.Contains(logged, "msg=request") || !strings.Contains(logged, "path=/logga-in") {
		t.Fatalf("no request lines were logged:\n%s", logged)
	}
	if strings.Contains(logged, password) {
		t.Errorf("the log holds the password:\n%s", logged)
	}
	if strings.Contains(logged, session.Value) {
		t.Error("the log holds the session token")
	}
}
