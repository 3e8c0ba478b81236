package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func TestResponseCache(t *testing.T) {
	db := sqldbtest.New(t)
	var calls atomic.Int64
	web := http.NewServeMux()
	web.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		io.WriteString(w, "render "+strconv.FormatInt(n, 10))
	})
	web.HandleFunc("GET /cookie", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
	})
	h := server.New(server.Options{Store: db, Web: web, API: web, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	do := func(path string, mod func(*http.Request)) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		if mod != nil {
			mod(r)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	first := do("/page", nil)
	second := do("/page", nil)
	if calls.Load() != 1 || second.Body.String() != first.Body.String() || second.Header().Get("X-Cache") != "hit" {
		t.Fatalf("second GET: handler calls %d, body %q, X-Cache %q; want 1 call and a hit", calls.Load(), second.Body.String(), second.Header().Get("X-Cache"))
	}
	if got, want := second.Header().Get("Content-Length"), strconv.Itoa(first.Body.Len()); got != want {
		t.Errorf("hit Content-Length = %q, want %q", got, want)
	}
	if do("/page?a=1", nil); calls.Load() != 2 {
		t.Errorf("another query string was served from the cache")
	}
	if do("/page", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "lang", Value: "en"}) }); calls.Load() != 3 {
		t.Errorf("another language was served from the cache")
	}
	if do("/page", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "session", Value: "s"}) }); calls.Load() != 4 {
		t.Errorf("a request with a session cookie was served from the cache")
	}
	if do("/page", func(r *http.Request) { r.Header.Set("Authorization", "Bearer x") }); calls.Load() != 5 {
		t.Errorf("a request with credentials was served from the cache")
	}
	// A committed write anywhere makes every cached page stale.
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ny", "0662", "0617"))
	after := do("/page", nil)
	if calls.Load() != 6 || after.Body.String() == first.Body.String() {
		t.Errorf("after a write: calls %d body %q; want a fresh render", calls.Load(), after.Body.String())
	}
	do("/cookie", nil)
	do("/cookie", nil)
	if calls.Load() != 8 {
		t.Errorf("a response that sets a cookie was cached")
	}
	do("/missing", nil)
	if rec := do("/missing", nil); rec.Code != 404 || rec.Header().Get("X-Cache") == "hit" {
		t.Errorf("a 404 was cached")
	}
}
