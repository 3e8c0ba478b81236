package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
)

func TestImportAndExport(t *testing.T) {
	a := newTestAPI(t)
	sqldbtest.MustCreateNetwork(t, a.store, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
	csv := map[string]string{"Content-Type": "text/csv"}
	good := "Namn;Värdkommun;Deltagande kommuner;Årlig kostnad\nVäxel;Gislaved;Gislaved och Gnosjö;1,2 mnkr\n"

	res := a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import?dry_run=true", Body: good, Header: csv}, 200)
	if !strings.Contains(string(res.Body), `"action":"create"`) || !strings.Contains(string(res.Body), `"dry_run":true`) {
		t.Errorf("dry run: %s", res.Body)
	}
	if _, n, _ := a.store.FindCollaborations(context.Background(), samverkan.CollaborationFilter{}); n != 0 {
		t.Fatalf("dry run wrote %d", n)
	}

	bad := "Namn;Värdkommun;Deltagande kommuner\nVäxel;Varnamå;Gislaved och Gnosjö\n"
	res = a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: bad, Header: csv}, 422)
	p := problem(t, res)
	if len(p.Errors) != 1 || p.Errors[0].Field != "rows[2].Värdkommun" || !strings.Contains(p.Errors[0].Message, "Menade du Värnamo?") {
		t.Errorf("row errors: %+v", p.Errors)
	}

	a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: good, Header: csv}, 200)
	res = a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: good, Header: csv}, 200)
	if !strings.Contains(string(res.Body), `"unchanged":1`) {
		t.Errorf("re-import: %s", res.Body)
	}

	a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: good}, 415)
	problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: "\x00\x01binärt", Header: csv}, 422))
	a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/finns-inte/import", Body: good, Header: csv}, 404)

	for format, ct := range map[string]string{"xlsx": "spreadsheetml", "csv": "text/csv", "json": "application/json"} {
		res := a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/ggvv/export?format=" + format + "&public=true"}, 200)
		if !strings.Contains(res.Header.Get("Content-Type"), ct) || len(res.Body) == 0 {
			t.Errorf("%s: %v", format, res.Header)
		}
	}
	if res := a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/ggvv/export?format=csv"}, 200); !strings.Contains(string(res.Body), "Växel;") {
		t.Errorf("csv export: %s", res.Body)
	}
	problem(t, a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/ggvv/export?format=pdf"}, 400))
	problem(t, a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/ggvv/export?public=kanske"}, 400))
}

// TestImportLimits: a busy server answers 503 with Retry-After; a file
// over a limit, or a row naming another network's record, answers 422
// and writes nothing.
func TestImportLimits(t *testing.T) {
	a := newTestAPI(t)
	ctx := context.Background()
	sqldbtest.MustCreateNetwork(t, a.store, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
	sqldbtest.MustCreateNetwork(t, a.store, sqldbtest.Network("annat", "0662", "0617"))
	other := sqldbtest.Collaboration("Växel", "0662", "0617")
	other.Networks = []string{"annat"}
	sqldbtest.MustCreateCollaboration(t, a.store, other)
	csv := map[string]string{"Content-Type": "text/csv"}
	good := "Namn;Värdkommun;Deltagande kommuner\nLön;Gislaved;Gislaved och Gnosjö\n"

	var releases []func()
	for range tabular.MaxConcurrentImports {
		release, err := tabular.Imports.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	res := a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: good, Header: csv}, 503)
	if p := problem(t, res); p.Type != "/problems/busy" || res.Header.Get("Retry-After") != "10" {
		t.Errorf("busy: %+v, Retry-After %q", p, res.Header.Get("Retry-After"))
	}
	for _, release := range releases {
		release()
	}

	long := "Namn;Värdkommun\nLön;" + strings.Repeat("x", 40000) + "\n"
	p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: long, Header: csv}, 422))
	if !strings.Contains(p.Detail, "Cell B2 (rad 2) har 40 000 tecken") {
		t.Errorf("long cell: %+v", p)
	}

	foreign := fmt.Sprintf("ID;Namn;Värdkommun;Deltagande kommuner\n%d;Växel;Gislaved;Gislaved och Gnosjö\n", other.ID)
	p = problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: foreign, Header: csv}, 422))
	if len(p.Errors) != 1 || p.Errors[0].Field != "rows[2].ID" || !strings.Contains(p.Errors[0].Message, "annat nätverk") {
		t.Errorf("foreign ID: %+v", p.Errors)
	}
	if _, n, _ := a.store.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "ggvv"}); n != 0 {
		t.Errorf("%d collaborations written", n)
	}
	a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import", Body: good, Header: csv}, 200)
}
