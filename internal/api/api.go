// Package api serves the JSON API under /api/v1 and its OpenAPI document at
// /openapi.json. Errors are RFC 9457 problem+json; single records carry
// their version as a strong ETag and writes must present it (If-Match or the
// body's version), so a stale write gets 412 instead of overwriting.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/jobs"
)

// Options configure the API handler.
type Options struct {
	Store   samverkan.Store
	Catalog *samverkan.Catalog
	Logger  *slog.Logger
	// Auth logs users in and out; the principal itself comes from its
	// Middleware, which internal/server wires in front of this handler.
	Auth *auth.Service
	// Jobs takes background work (a large export); nil when this server
	// runs no jobs, and then POST …/exports is refused.
	Jobs JobQueue
}

// JobQueue takes one-off background jobs (jobs.Runner).
type JobQueue interface {
	Enqueue(ctx context.Context, j *jobs.Job) error
}

// Server holds the API's dependencies; its methods are the handlers.
type Server struct {
	store samverkan.Store
	cat   *samverkan.Catalog
	log   *slog.Logger
	jobs  JobQueue
	mux   *http.ServeMux
}

// New returns the API handler. Mount it for "/api/" and "/openapi.json".
func New(opts Options) http.Handler {
	s := &Server{store: opts.Store, cat: opts.Catalog, log: opts.Logger, jobs: opts.Jobs, mux: http.NewServeMux()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.register()
	// Errors are answered when the document is asked for.
	_, _ = s.openAPIDocument()
	return s.mux
}

// actor is who the audit history names for an API write without a
// principal (never through the guarded routes).
const actor = "api"

// writeContext is the context of a write: the principal the auth
// middleware set names the actor in the audit history.
func writeContext(r *http.Request) context.Context {
	if samverkan.PrincipalFrom(r.Context()).Anonymous() {
		return samverkan.WithActor(r.Context(), actor)
	}
	return r.Context()
}

// langOf returns "en" when the client asks for English by ?lang=en or a
// preferred Accept-Language, else "sv".
func langOf(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l != "" {
		if strings.HasPrefix(strings.ToLower(l), "en") {
			return "en"
		}
		return "sv"
	}
	best, bestQ := "sv", -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q = parseQ(v)
		}
		var lang string
		switch {
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			lang = "en"
		case tag == "sv" || strings.HasPrefix(tag, "sv-"):
			lang = "sv"
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

// parseQ reads a quality value ("0.8"); anything unreadable counts as 0.
func parseQ(s string) float64 {
	q, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return q
}
