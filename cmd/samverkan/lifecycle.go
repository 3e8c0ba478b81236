package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"sync/atomic"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	smail "github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// lifecycle is the one handler the listener serves from the first moment:
// while the product starts (migrations, demo data) it answers /healthz
// with 200 and everything else, /readyz included, with 503; once started
// it hands every request to the product; when shutdown begins, /readyz
// answers 503 again so load balancers stop sending traffic while the
// requests already in flight are drained.
type lifecycle struct {
	app      atomic.Pointer[http.Handler]
	ready    atomic.Bool
	draining atomic.Bool
}

// Ready is what /readyz asks.
func (l *lifecycle) Ready() bool { return l.ready.Load() && !l.draining.Load() }

func (l *lifecycle) setApp(h http.Handler) {
	l.app.Store(&h)
	l.ready.Store(true)
}

func (l *lifecycle) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := l.app.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == "/healthz" {
		fmt.Fprintln(w, "ok")
		return
	}
	w.Header().Set("Retry-After", "5")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintln(w, "Samverkan startar. Försök igen om en stund. / Samverkan is starting.")
}

// Test hooks: startupHook runs before the database is opened (a test
// holds the start there to see /readyz answer 503), wrapApp wraps the
// product's handler (a test adds a slow page to see it drained).
var (
	startupHook func()
	wrapApp     func(http.Handler) http.Handler
)

// backgroundJobs builds the job runner: the declared periodic tasks and
// the one-off job kinds. The national graph's measures are always kept
// (jobs.NationalGraph); the reminder digest runs only when an SMTP server
// is configured (SAMVERKAN_SMTP_URL).
func backgroundJobs(db *sqldb.DB, cat *samverkan.Catalog, e env, log *slog.Logger) (*jobs.Runner, error) {
	// The country's network graph (/graf) is measured here, not per request.
	graph := &jobs.NationalGraph{Store: db}
	tasks := []jobs.Task{{Name: jobs.NationalGraphTask, Period: jobs.NationalGraphPeriod, Run: graph.Run},
		// The municipality cost rows a bulk load (an import, the demo) left
		// stale; until then the municipality page computes them itself.
		{Name: sqldb.CostRowsTask, Period: time.Minute, Run: db.RebuildStaleMunicipalityCosts}}
	if raw := strings.TrimSpace(e.get("SAMVERKAN_SMTP_URL")); raw != "" {
		cfg, err := smail.ParseURL(raw)
		if err != nil {
			return nil, usageError{"SAMVERKAN_SMTP_URL: " + err.Error()}
		}
		if from := e.get("SAMVERKAN_SMTP_FROM"); from != "" {
			a, err := mail.ParseAddress(from)
			if err != nil {
				return nil, usageError{"SAMVERKAN_SMTP_FROM: " + err.Error()}
			}
			cfg.From = *a
		}
		if cfg.From.Address == "" {
			return nil, usageError{"SAMVERKAN_SMTP_URL saknar avsändare: ange ?from=adress eller SAMVERKAN_SMTP_FROM"}
		}
		sender, err := smail.NewSender(cfg)
		if err != nil {
			return nil, err
		}
		digest := &jobs.Digest{Store: db, Sender: sender, BaseURL: e.get("SAMVERKAN_PUBLIC_URL"), Logger: log}
		tasks = append(tasks, jobs.Task{Name: jobs.DigestTask, Period: time.Hour, Run: digest.Run})
		log.Info("reminder e-mail on", slog.String("smtp", cfg.String()))
	}
	return jobs.NewRunner(db, tasks, oneOffJobs(db, cat, log), jobs.Options{Logger: log}), nil
}

// shutdown takes the server down gracefully: /readyz says 503 at once,
// after drainDelay (for load balancers to notice) the listener closes and
// the requests in flight finish (up to timeout), and the background jobs
// stop and give their leases back.
func shutdown(l *lifecycle, srv *http.Server, runner *jobs.Runner, drainDelay, timeout time.Duration, log *slog.Logger) error {
	l.draining.Store(true)
	log.Info("shutting down", slog.Duration("drain_delay", drainDelay))
	time.Sleep(drainDelay)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if runner != nil {
		if jerr := runner.Shutdown(ctx); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}

// envDuration reads a duration such as "5s" from the environment.
func envDuration(e env, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(e.get(key)); err == nil && d >= 0 {
		return d
	}
	return def
}
