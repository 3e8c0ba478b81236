package server_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// downStore is a store whose database is gone, for the readiness check.
type downStore struct{ samverkan.Store }

func (downStore) Ping(context.Context) error { return errors.New("connection refused") }

func (downStore) DataVersion(context.Context) (int64, error) {
	return 0, errors.New("connection refused")
}

func newTestServer(t *testing.T, store samverkan.Store) http.Handler {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	web := http.NewServeMux()
	web.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "start") })
	web.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	apiH := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "api "+r.URL.Path) })
	return server.New(server.Options{Store: store, Web: web, API: apiH, Logger: log, MetricsToken: testMetricsToken})
}

const testMetricsToken = "en-lang-hemlig-metrics-nyckel"

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

// getMetrics reads /metrics with the metrics token.
func getMetrics(h http.Handler) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/metrics", nil)
	r.Header.Set("Authorization", "Bearer "+testMetricsToken)
	h.ServeHTTP(rec, r)
	return rec
}

func TestRoutes(t *testing.T) {
	h := newTestServer(t, sqldbtest.New(t))
	for _, tc := range []struct {
		path, want string
		code       int
	}{
		{"/", "start", 200},
		{"/api/v1/networks", "api /api/v1/networks", 200},
		{"/openapi.json", "api /openapi.json", 200},
		{"/healthz", "ok", 200},
		{"/readyz", "ready", 200},
		{"/metrics", "metrics token", 401},
	} {
		rec := get(h, tc.path)
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("GET %s = %d %q, want %d containing %q", tc.path, rec.Code, rec.Body.String(), tc.code, tc.want)
		}
	}
}

func TestReadyzDatabaseDown(t *testing.T) {
	h := newTestServer(t, downStore{})
	if rec := get(h, "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz with the database down = %d, want 503", rec.Code)
	}
	if rec := get(h, "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("GET /healthz with the database down = %d, want 200 (liveness only)", rec.Code)
	}
}

func TestPanicIsA500NotACrash(t *testing.T) {
	h := newTestServer(t, sqldbtest.New(t))
	rec := get(h, "/panic")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("GET /panic = %d, want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "boom") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("panic details leaked to the user: %q", rec.Body.String())
	}
	if rec := get(h, "/"); rec.Code != 200 {
		t.Errorf("server unusable after a panic: %d", rec.Code)
	}
}

func TestHeadersAndMetrics(t *testing.T) {
	h := newTestServer(t, sqldbtest.New(t))
	rec := get(h, "/")
	for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Request-Id"} {
		if rec.Header().Get(k) == "" {
			t.Errorf("header %s missing", k)
		}
	}
	get(h, "/nope-404")
	body := getMetrics(h).Body.String()
	for _, want := range []string{`samverkan_http_requests_total{surface="web",code="2xx"} 1`, `code="4xx"`, `samverkan_http_request_duration_seconds_bucket{surface="web",le="+Inf"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
}
