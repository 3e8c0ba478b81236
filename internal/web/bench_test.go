package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/web"
)

var (
	benchOnce sync.Once
	benchH    http.Handler
)

// benchHandler is the web UI over the synthetic national dataset (20 000
// collaborations), built once per test binary.
func benchHandler(b *testing.B) http.Handler {
	benchOnce.Do(func() {
		ctx := context.Background()
		db, err := sqldb.Open(ctx, "sqlite:"+b.TempDir()+"/bench.db")
		if err == nil {
			err = db.Migrate(ctx)
		}
		if err == nil {
			err = demo.Synthetic(ctx, db, 20000, 1)
		}
		if err == nil {
			benchH, err = web.New(web.Options{Store: db, Catalog: refdata.MustCatalog(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			benchH = asUser(benchH, testAdmin)
		}
		if err != nil {
			b.Fatal(err)
		}
	})
	if benchH == nil {
		b.Fatal("no handler")
	}
	return benchH
}

func benchPage(b *testing.B, path string) {
	h := benchHandler(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s = %d", path, rec.Code)
		}
	}
}

func BenchmarkNetworkPage(b *testing.B) { benchPage(b, "/natverk/syn-01") }
func BenchmarkNetworkPageFilter(b *testing.B) {
	benchPage(b, "/natverk/syn-01?omrade=290&status=igang&sort=-start&page=2")
}
func BenchmarkCollaborationPage(b *testing.B) { benchPage(b, "/samverkan/1") }
func BenchmarkMunicipalityPage(b *testing.B)  { benchPage(b, "/kommun/0662") }
