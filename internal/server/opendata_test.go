package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// The response cache keeps the open data right: the catalogue chosen by
// Accept is never served to a request that asked for the other format,
// files that carry absolute addresses follow the host, and the files are
// not kept in the response cache at all: they are served from their own
// publication, and a copy kept under the newest data version would pin
// the previous publication after a write.
func TestResponseCacheAndOpenData(t *testing.T) {
	db := sqldbtest.New(t)
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
	set := opendata.Settings{ContactName: "Kansliet", ContactEmail: "kansli@example.se", Version: 1}
	if err := db.SaveOpenDataSettings(context.Background(), &set); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	wh, err := web.New(web.Options{Store: db, Catalog: refdata.MustCatalog(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Options{Store: db, Web: wh, API: http.NotFoundHandler(), Logger: log})
	do := func(host, path, accept string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.Host = host
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	for i := 0; i < 2; i++ {
		if ct := do("a.example", "/oppna-data/katalog", "text/turtle").Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/turtle") {
			t.Errorf("round %d: Turtle asked, %q given", i, ct)
		}
		if ct := do("a.example", "/oppna-data/katalog", "application/ld+json").Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/ld+json") {
			t.Errorf("round %d: JSON-LD asked, %q given", i, ct)
		}
	}
	first := do("a.example", "/oppna-data/networks.csv", "")
	again := do("a.example", "/oppna-data/networks.csv", "")
	if again.Header().Get("X-Cache") == "hit" || do("a.example", "/oppna-data", "").Header().Get("X-Cache") == "hit" {
		t.Error("the open data went through the response cache")
	}
	other := do("b.example", "/oppna-data/networks.csv", "")
	if !strings.Contains(first.Body.String(), "http://a.example/insyn/natverk/ggvv") || !strings.Contains(other.Body.String(), "http://b.example/insyn/natverk/ggvv") {
		t.Errorf("addresses per host:\n%s\n%s", first.Body.String(), other.Body.String())
	}
	// A write: the previous publication answers until the next lands,
	// then the next one, through the cache as without it.
	n := sqldbtest.Network("ny", "0180", "0380")
	sqldbtest.MustCreateNetwork(t, db, n)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(do("a.example", "/oppna-data/networks.csv", "").Body.String(), "http://a.example/insyn/natverk/ny") {
		if time.Now().After(deadline) {
			t.Fatal("the new network was not published within 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
