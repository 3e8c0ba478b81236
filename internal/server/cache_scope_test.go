package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// scopedSite is a small site over a store whose pages say what they
// show, so a stale page is seen: a collaboration's title, a network's and
// a municipality's collaboration titles, and every title on /.
func scopedSite(db *sqldb.DB) http.Handler {
	mux := http.NewServeMux()
	list := func(w http.ResponseWriter, r *http.Request, f samverkan.CollaborationFilter) {
		f.Sort, f.Limit = "title", 100
		cs, _, err := db.FindCollaborations(r.Context(), f)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		for _, c := range cs {
			fmt.Fprintln(w, c.Title)
		}
	}
	mux.HandleFunc("GET /samverkan/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		c, err := db.CollaborationByID(r.Context(), id)
		if err != nil {
			http.Error(w, err.Error(), 404)
			return
		}
		fmt.Fprintln(w, c.Title)
	})
	mux.HandleFunc("GET /natverk/{slug}", func(w http.ResponseWriter, r *http.Request) {
		list(w, r, samverkan.CollaborationFilter{Network: r.PathValue("slug")})
	})
	mux.HandleFunc("GET /kommun/{code}", func(w http.ResponseWriter, r *http.Request) {
		list(w, r, samverkan.CollaborationFilter{Municipality: r.PathValue("code")})
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		list(w, r, samverkan.CollaborationFilter{})
	})
	return server.New(server.Options{Store: db, Web: mux, API: mux, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// TestCacheInvalidatesByScope: a write to collaboration X drops X's page,
// its network's page, its municipalities' pages and the pages over
// everything, and keeps the page of another network and another
// municipality; a second instance on the same database sees the change.
func TestCacheInvalidatesByScope(t *testing.T) {
	run := func(t *testing.T, postgres bool) {
		ctx := context.Background()
		a, b := sqldbtest.NewShared(t, postgres)
		if err := a.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		sqldbtest.MustCreateNetwork(t, a, sqldbtest.Network("ett", "0180", "0380"))
		sqldbtest.MustCreateNetwork(t, a, sqldbtest.Network("tva", "1280", "1480"))
		x := sqldbtest.Collaboration("X före", "0180", "0380")
		x.Networks = []string{"ett"}
		x = sqldbtest.MustCreateCollaboration(t, a, x)
		y := sqldbtest.Collaboration("Y", "1280", "1480")
		y.Networks = []string{"tva"}
		sqldbtest.MustCreateCollaboration(t, a, y)
		ha, hb := scopedSite(a), scopedSite(b)
		get := func(h http.Handler, path string) (string, bool) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != 200 {
				t.Fatalf("GET %s = %d %s", path, rec.Code, rec.Body.String())
			}
			return rec.Body.String(), rec.Header().Get("X-Cache") == "hit"
		}
		xPage := fmt.Sprintf("/samverkan/%d", x.ID)
		dropped := []string{xPage, "/natverk/ett", "/kommun/0180", "/kommun/0380", "/"}
		kept := []string{"/natverk/tva", "/kommun/1280"}
		// Let instance b's remembered versions of the setup writes expire.
		time.Sleep(150 * time.Millisecond)
		for _, h := range []http.Handler{ha, hb} {
			for _, p := range append(dropped, kept...) {
				get(h, p)
				if _, hit := get(h, p); !hit {
					t.Fatalf("GET %s twice: not a hit", p)
				}
			}
		}
		x = mustCollab(t, a, x.ID)
		x.Title = "X efter"
		if err := a.UpdateCollaboration(ctx, x); err != nil {
			t.Fatal(err)
		}
		// Instance b learns of a write by another instance within the
		// versions' lifetime in its memo (100 ms).
		time.Sleep(150 * time.Millisecond)
		for name, h := range map[string]http.Handler{"writer": ha, "other instance": hb} {
			for _, p := range dropped {
				body, hit := get(h, p)
				if hit || !strings.Contains(body, "X efter") {
					t.Errorf("%s: GET %s after the write: hit %v, body %q; want a fresh page", name, p, hit, body)
				}
			}
			for _, p := range kept {
				if _, hit := get(h, p); !hit {
					t.Errorf("%s: GET %s after a write to another network: not a hit", name, p)
				}
			}
		}
		// Any other write (a network's) drops every page.
		n, err := a.NetworkBySlug(ctx, "tva")
		if err != nil {
			t.Fatal(err)
		}
		n.Name = "Två"
		if err := a.UpdateNetwork(ctx, n); err != nil {
			t.Fatal(err)
		}
		for _, p := range kept {
			if _, hit := get(ha, p); hit {
				t.Errorf("GET %s after a network's write: a hit", p)
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, false) })
	if sqldbtest.PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) { run(t, true) })
	}
}

func mustCollab(t *testing.T, db *sqldb.DB, id int64) *samverkan.Collaboration {
	t.Helper()
	c, err := db.CollaborationByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCacheBuildsAStalePageOnce: requests for a page that is being built
// wait for that build instead of building it again.
func TestCacheBuildsAStalePageOnce(t *testing.T) {
	db := sqldbtest.New(t)
	var calls atomic.Int64
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		<-release
		fmt.Fprintf(w, "bygge %d", n)
	})
	h := server.New(server.Options{Store: db, Web: mux, API: mux, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	const n = 6
	bodies := make(chan string, n)
	for range n {
		go func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/slow", nil))
			bodies <- fmt.Sprint(rec.Code, " ", rec.Body.String())
		}()
	}
	for calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // the others arrive and wait
	close(release)
	for range n {
		if b := <-bodies; b != "200 bygge 1" {
			t.Errorf("answer %q, want the one build's", b)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("the page was built %d times, want once", calls.Load())
	}
}
