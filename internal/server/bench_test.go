package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/tabular"
	"github.com/samverkan/samverkan/internal/web"
)

// benchN is the national scale the brief names: 290 municipalities and
// 20 000 collaborations in about 60 networks.
const benchN = 20000

var (
	benchOnce    sync.Once
	benchHandler http.Handler
	benchErr     error
	benchDir     string
	// benchNoCache is the same handler without the response cache: the
	// steering pages' figures are for a first render.
	benchNoCache http.Handler
	// benchCookie is a reader's session: the pages need a login, and the
	// session lookup is part of what every real request costs.
	benchCookie *http.Cookie
	// benchCoordinator is syn-01's coordinator's session, for the pages
	// only a coordinator sees.
	benchCoordinator *http.Cookie
)

// nationalHandler builds, once per test binary, the full handler over a
// SQLite database holding the synthetic national dataset.
func nationalHandler(b *testing.B) http.Handler {
	b.Helper()
	benchOnce.Do(func() {
		ctx := context.Background()
		// Not b.TempDir: the data must outlive the first benchmark that builds it.
		dir, err := os.MkdirTemp("", "samverkan-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = dir
		db, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(dir, "bench.db"))
		if err != nil {
			benchErr = err
			return
		}
		if benchErr = db.Migrate(ctx); benchErr != nil {
			return
		}
		if benchErr = demo.Synthetic(ctx, db, benchN, 1); benchErr != nil {
			return
		}
		// Plans and two years of follow-ups for the first networks.
		if benchErr = demo.SyntheticSteering(ctx, db, 5, []int{2024, 2025}, 1); benchErr != nil {
			return
		}
		// Risks, meetings, work groups and advocacy in the first network.
		if benchErr = demo.SyntheticNetworkLife(ctx, db, "syn-01"); benchErr != nil {
			return
		}
		if benchErr = benchAreasToReview(ctx, db); benchErr != nil {
			return
		}
		// The server's job runner builds the cost rows a bulk load left
		// stale at start (sqldb.CostRowsTask); so does the benchmark.
		if benchErr = db.RebuildStaleMunicipalityCosts(ctx); benchErr != nil {
			return
		}
		var svc *auth.Service
		if svc, benchErr = auth.New(ctx, auth.Options{Store: db}); benchErr != nil {
			return
		}
		coord := &samverkan.User{Email: "samordnare@bench.example.se", Grants: []samverkan.Grant{{Role: samverkan.RoleCoordinator, Network: "syn-01"}}}
		if benchErr = svc.CreateUser(ctx, coord, "ett-langt-losenord"); benchErr != nil {
			return
		}
		rec := httptest.NewRecorder()
		if benchErr = svc.StartSession(rec, httptest.NewRequest("POST", "/", nil), coord, "password"); benchErr != nil {
			return
		}
		benchCoordinator = &http.Cookie{Name: rec.Result().Cookies()[0].Name, Value: rec.Result().Cookies()[0].Value}
		u := &samverkan.User{Email: "lasare@bench.example.se", Grants: []samverkan.Grant{{Role: samverkan.RoleReader, Network: "syn-01"}}}
		if benchErr = svc.CreateUser(ctx, u, "ett-langt-losenord"); benchErr != nil {
			return
		}
		rec = httptest.NewRecorder()
		if benchErr = svc.StartSession(rec, httptest.NewRequest("POST", "/", nil), u, "password"); benchErr != nil {
			return
		}
		c := rec.Result().Cookies()[0]
		benchCookie = &http.Cookie{Name: c.Name, Value: c.Value}
		benchHandler, benchErr = newHandler(db, svc)
		if benchErr == nil {
			benchNoCache, benchErr = newHandlerNoCache(db, svc)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchHandler
}

// benchJobs is a job queue as `serve` has one, so pages that hand work to
// background jobs (a large export) behave as in production; it is never
// started: the benchmarks measure requests, not the jobs they queue.
func benchJobs(db *sqldb.DB, cat *samverkan.Catalog) *jobs.Runner {
	return jobs.NewRunner(db, nil, map[string]jobs.Handler{tabular.ExportJobKind: tabular.ExportJobHandler(db, cat, db, api.PresentExport(cat))}, jobs.Options{})
}

func newHandler(db *sqldb.DB, svc *auth.Service) (http.Handler, error) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cat := refdata.MustCatalog()
	w, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log, Auth: svc, Jobs: benchJobs(db, cat)})
	if err != nil {
		return nil, err
	}
	return server.New(server.Options{Store: db, Web: w, Logger: log, Auth: svc,
		API: api.New(api.Options{Store: db, Catalog: cat, Logger: log})}), nil
}

func newHandlerNoCache(db *sqldb.DB, svc *auth.Service) (http.Handler, error) {
	return newHandlerNoCacheJobs(db, svc, benchJobs(db, refdata.MustCatalog()))
}

// newHandlerNoCacheJobs is newHandlerNoCache over the job queue q, which
// the caller may run (the first-render benchmark runs one export job so
// the job pages have a job to show).
func newHandlerNoCacheJobs(db *sqldb.DB, svc *auth.Service, q *jobs.Runner) (http.Handler, error) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cat := refdata.MustCatalog()
	w, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log, Auth: svc, Jobs: q})
	if err != nil {
		return nil, err
	}
	return server.New(server.Options{Store: db, Web: w, Logger: log, Auth: svc, NoCache: true,
		API: api.New(api.Options{Store: db, Catalog: cat, Logger: log, Jobs: q})}), nil
}

func benchGet(b *testing.B, path string) {
	benchWith(b, nationalHandler(b), path)
}

// benchUncached measures path without the response cache.
func benchUncached(b *testing.B, path string) {
	nationalHandler(b)
	benchWith(b, benchNoCache, path)
}

func benchWith(b *testing.B, h http.Handler, path string) { benchAs(b, h, path, benchCookie) }

// benchAreasToReview gives 300 of syn-01's collaborations an area text to
// review, 20 texts in all, as an import in everyday words leaves them.
func benchAreasToReview(ctx context.Context, db *sqldb.DB) error {
	cs, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "syn-01", Limit: 300})
	if err != nil {
		return err
	}
	return db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
		for i, c := range cs {
			c.AreasToReview = []string{fmt.Sprintf("Verksamhet %d", i%20)}
			if err := s.UpdateCollaboration(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
}

func benchAs(b *testing.B, h http.Handler, path string, cookie *http.Cookie) {
	// One request first so a broken page fails the benchmark instead of
	// measuring an error page.
	get := func() *http.Request {
		r := httptest.NewRequest("GET", path, nil)
		if !strings.HasPrefix(path, "/insyn") {
			r.AddCookie(cookie)
		}
		return r
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, get())
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s = %d, want 200: %.300s", path, rec.Code, rec.Body.String())
	}
	b.SetBytes(int64(rec.Body.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, get())
			if rec.Code != http.StatusOK {
				b.Errorf("GET %s = %d", path, rec.Code)
				return
			}
		}
	})
}

func BenchmarkOverview(b *testing.B)    { benchGet(b, "/") }
func BenchmarkNetworkPage(b *testing.B) { benchGet(b, "/natverk/syn-01") }
func BenchmarkNetworkPageFilter(b *testing.B) {
	benchGet(b, "/natverk/syn-01?omrade=290&status=igang&sort=-start")
}
func BenchmarkMunicipalityPage(b *testing.B)  { benchGet(b, "/kommun/0662") }
func BenchmarkCollaborationPage(b *testing.B) { benchGet(b, "/samverkan/1") }
func BenchmarkSearch(b *testing.B)            { benchGet(b, "/sok?q=gemensam") }
func BenchmarkAPINetworkCollaborations(b *testing.B) {
	benchGet(b, "/api/v1/networks/syn-01/collaborations")
}
func BenchmarkAPICollaborationsAll(b *testing.B) {
	benchGet(b, "/api/v1/collaborations?limit=50&offset=10000")
}
func BenchmarkAPICollaborationsFiltered(b *testing.B) {
	benchGet(b, "/api/v1/collaborations?area=X-IT&phase=running&sort=-annual_cost")
}
func BenchmarkAPIMunicipalities(b *testing.B) { benchGet(b, "/api/v1/municipalities") }
func BenchmarkInsyn(b *testing.B)             { benchGet(b, "/insyn") }

// The network's steering (issue 12), without the response cache. The
// bench user reads syn-01, so the start page is that network's.
func BenchmarkStartPageUncached(b *testing.B) { benchUncached(b, "/") }
func BenchmarkPlanPageUncached(b *testing.B)  { benchUncached(b, "/natverk/syn-01/plan") }
func BenchmarkFollowUpPageUncached(b *testing.B) {
	benchUncached(b, "/natverk/syn-01/uppfoljning?ar=2025")
}
func BenchmarkAnnualReportUncached(b *testing.B) {
	benchUncached(b, "/natverk/syn-01/verksamhetsberattelse/2025")
}
func BenchmarkNetworkPageUncached(b *testing.B) { benchUncached(b, "/natverk/syn-01") }

// BenchmarkAreaReviewPageUncached is the list of areas to review of a
// network with 300 flagged records, as its coordinator sees it.
func BenchmarkAreaReviewPageUncached(b *testing.B) {
	nationalHandler(b)
	benchAs(b, benchNoCache, "/natverk/syn-01/granska", benchCoordinator)
}
func BenchmarkAPIPlanUncached(b *testing.B) { benchUncached(b, "/api/v1/networks/syn-01/plan") }
func BenchmarkAPIFollowUpsUncached(b *testing.B) {
	benchUncached(b, "/api/v1/networks/syn-01/follow-ups?year=2025")
}
func BenchmarkAPIAnnualReportUncached(b *testing.B) {
	benchUncached(b, "/api/v1/networks/syn-01/report/2025")
}

// Search, as rendered (the full-text index, ranking and page).
func BenchmarkSearchUncached(b *testing.B)   { benchUncached(b, "/sok?q=gemensam") }
func BenchmarkSearchITUncached(b *testing.B) { benchUncached(b, "/sok?q=IT") }
func BenchmarkSearchTwoWordsUncached(b *testing.B) {
	benchUncached(b, "/sok?q=gemensam+n%C3%A4mnd")
}
func BenchmarkAPISearchUncached(b *testing.B) { benchUncached(b, "/api/v1/collaborations?q=IT") }
func BenchmarkNetworkSearchUncached(b *testing.B) {
	benchUncached(b, "/natverk/syn-01?q=gemensam")
}
