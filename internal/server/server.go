// Package server composes the web UI, the JSON API and the operational
// endpoints into one handler, with the middleware every request passes
// through: request IDs, panic recovery, security headers, metrics and one
// log line per request.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

// Options wires the server.
type Options struct {
	Store samverkan.Store
	// Auth puts the principal (session cookie or bearer token) on every
	// request's context, before the response cache; nil leaves every
	// request anonymous.
	Auth    *auth.Service
	Web     http.Handler // mounted at /
	API     http.Handler // mounted at /api/ and /openapi.json
	Logger  *slog.Logger
	Version string
	// NoCache turns the response cache off (for measuring without it).
	NoCache bool
	// Ready, when set, is asked first by /readyz: false (starting up or
	// shutting down) answers 503 so a load balancer sends no traffic.
	Ready func() bool
	// MetricsToken, when set, lets a scraper read /metrics with
	// "Authorization: Bearer <MetricsToken>" (SAMVERKAN_METRICS_TOKEN);
	// logged-in admins may read it too.
	MetricsToken string
}

// New returns the composed handler.
func New(o Options) http.Handler {
	m := newMetrics()
	mux := http.NewServeMux()
	mux.Handle("/api/", o.API)
	mux.Handle("GET /openapi.json", o.API)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if o.Ready != nil && !o.Ready() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := o.Store.Ping(ctx); err != nil {
			o.Logger.WarnContext(ctx, "readiness check failed", slog.Any("error", err))
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	// /healthz and /readyz stay open: load balancers and orchestrators
	// ask them without credentials, and they tell nothing but up or down.
	// /metrics tells traffic and error rates, so it needs the metrics
	// token or an admin.
	mux.Handle("GET /metrics", metricsGuard(o.MetricsToken, m))
	mux.Handle("/", o.Web)
	var h http.Handler = mux
	if !o.NoCache {
		c := newResponseCache(o.Store, o.Logger)
		c.withAuth = o.Auth != nil
		h = c.wrap(mux)
	}
	if o.Auth != nil {
		h = o.Auth.Middleware(h)
	}
	h = crossOriginProtection(o.Logger).Handler(h)
	return withRequestID(recoverer(o.Logger, logRequests(o.Logger, m, securityHeaders(h))))
}

// crossOriginProtection is the CSRF protection of every form and API
// write: the standard library's http.CrossOriginProtection refuses
// non-safe requests (POST, PUT, PATCH, DELETE) that browsers mark as
// cross-site (Sec-Fetch-Site) or whose Origin is not the request's host.
// It needs no token in the forms; clients that are not browsers (scripts
// with a bearer token) send neither header and pass.
func crossOriginProtection(log *slog.Logger) *http.CrossOriginProtection {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.WarnContext(r.Context(), "cross-origin request refused", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.String("origin", r.Header.Get("Origin")),
			slog.String("sec_fetch_site", r.Header.Get("Sec-Fetch-Site")))
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintln(w, "Förfrågan kom från en annan webbplats och avvisades. / Cross-origin request refused.")
	}))
	return p
}

type ctxKey int

const requestIDKey ctxKey = 0

// RequestID returns the request's ID, for log lines.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// recoverer turns a panic into a 500 and a log line; a panic is a bug, but
// it must never take the process down or show a stack trace to a user.
func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			log.ErrorContext(r.Context(), "panic", slog.Any("error", v), slog.String("path", r.URL.Path),
				slog.String("request_id", RequestID(r.Context())), slog.String("stack", string(debug.Stack())))
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintln(w, "Internt fel. Försök igen senare. / Internal error.")
		}()
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status and size for the log line and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.size += n
	return n, err
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func logRequests(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		m.observe(r, sw.status, d)
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelError
		} else if sw.status >= 400 {
			level = slog.LevelInfo
		}
		if !log.Enabled(r.Context(), level) {
			return
		}
		log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.size),
			slog.Duration("duration", d), slog.String("request_id", RequestID(r.Context())))
	})
}
