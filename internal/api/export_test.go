package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
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
