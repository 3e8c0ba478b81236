package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
	"github.com/samverkan/samverkan/internal/web"
)

// A network of tabular.ExportJobMinRecords records or more is exported
// by a background job: the export links lead to a page that starts it (a
// GET starts nothing), the job's page follows it, and the file it leaves
// is the same as the direct download, for who started it only.
func TestLargeExportRunsAsJob(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var runner *jobs.Runner
	a := newAuthEnv(t, func(o *web.Options) {
		db := o.Store.(*sqldb.DB)
		runner = jobs.NewRunner(db, nil, map[string]jobs.Handler{
			tabular.ExportJobKind: tabular.ExportJobHandler(db, o.Catalog, db, nil)}, jobs.Options{Poll: 20 * time.Millisecond})
		o.Jobs = runner
	})
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer runner.Shutdown(context.Background())

	// GGVV grows past the limit (the demo has fewer records).
	_, have, err := a.db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "ggvv", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := have; i < tabular.ExportJobMinRecords; i++ {
		c := sqldbtest.Collaboration(fmt.Sprintf("Exportprov %02d (testexempel)", i), "0662", "0617")
		c.Networks = []string{"ggvv"}
		sqldbtest.MustCreateCollaboration(t, a.db, c)
	}

	page := a.request(roleCoord, "GET", "/natverk/ggvv", nil)
	wantContains(t, "network page", page.Body, "exporten görs i bakgrunden", `href="/natverk/ggvv/export.csv"`)
	if strings.Contains(page.Body, `export.csv" download`) {
		t.Errorf("the network page offers a direct download of a large export")
	}
	start := a.request(roleCoord, "GET", "/natverk/ggvv/export.csv", nil)
	if start.Code != http.StatusOK || start.Header.Get("Content-Disposition") != "" {
		t.Fatalf("GET export.csv of a large network = %d %v, want the page that starts the job", start.Code, start.Header)
	}
	wantContains(t, "export page", start.Body, `action="/natverk/ggvv/export"`, `value="csv" checked`,
		fmt.Sprintf("%d samverkansposter", tabular.ExportJobMinRecords))

	if res := a.request(roleCoord, "POST", "/natverk/ggvv/export", url.Values{"format": {"pdf"}}); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Välj Excel, CSV eller JSON.") {
		t.Errorf("unknown format = %d: %.300s", res.Code, text(res.Body))
	}
	res := a.request(roleCoord, "POST", "/natverk/ggvv/export", url.Values{"format": {"csv"}, "offentlig": {"0"}})
	loc := res.Header.Get("Location")
	if res.Code != http.StatusSeeOther || !regexp.MustCompile(`^/jobb/\d+$`).MatchString(loc) {
		t.Fatalf("start = %d %q", res.Code, loc)
	}
	var job response
	deadline := time.Now().Add(20 * time.Second)
	for {
		job = a.request(roleCoord, "GET", loc, nil)
		if !refreshes(job) || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	wantContains(t, "finished job page", job.Body, "Klart", `href="`+loc+`/fil" download`, "Ladda ner filen")

	file := a.request(roleCoord, "GET", loc+"/fil", nil)
	if file.Code != http.StatusOK || file.Header.Get("Content-Type") != tabular.ContentTypes["csv"] ||
		!strings.HasPrefix(file.Header.Get("Content-Disposition"), `attachment; filename="samverkan-ggvv-`) {
		t.Fatalf("file = %d %v", file.Code, file.Header)
	}
	e, err := tabular.Load(ctx, a.db, a.cat, "ggvv", false)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := e.WriteCSV(&want); err != nil {
		t.Fatal(err)
	}
	if file.Body != want.String() {
		t.Errorf("the job's file differs from the direct export (%d vs %d bytes)", len(file.Body), want.Len())
	}
	if n := strings.Count(file.Body, "\n"); n < tabular.ExportJobMinRecords+1 {
		t.Errorf("the file has %d lines, want a header and %d records", n, tabular.ExportJobMinRecords)
	}
	if res := a.request(roleReader, "GET", loc+"/fil", nil); res.Code != http.StatusNotFound {
		t.Errorf("someone else's file = %d, want 404", res.Code)
	}
	if res := a.request(roleAdmin, "GET", loc+"/fil", nil); res.Code != http.StatusOK {
		t.Errorf("admin = %d", res.Code)
	}
}
