package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/opendata/dcat"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// gatedStore holds the open data's build where a test wants it: while
// closed, the read of the public collaborations (which only a build
// makes) waits until the gate opens. builds counts the reads begun.
type gatedStore struct {
	*sqldb.DB
	closed  atomic.Bool
	gate    chan struct{}
	entered chan struct{} // one value per read begun while closed
	builds  atomic.Int32
}

func newGatedStore(t *testing.T) *gatedStore {
	return &gatedStore{DB: sqldbtest.New(t), gate: make(chan struct{}), entered: make(chan struct{}, 16)}
}

func (g *gatedStore) FindCollaborations(ctx context.Context, f samverkan.CollaborationFilter) ([]*samverkan.Collaboration, int, error) {
	if f.PublicOnly && f.Offset == 0 {
		g.builds.Add(1)
		if g.closed.Load() {
			g.entered <- struct{}{}
			select {
			case <-g.gate:
			case <-ctx.Done():
				return nil, 0, ctx.Err()
			}
		}
	}
	return g.DB.FindCollaborations(ctx, f)
}

func (g *gatedStore) close() { g.gate = make(chan struct{}); g.closed.Store(true) }
func (g *gatedStore) open()  { g.closed.Store(false); close(g.gate) }

// waitEntered waits for a build to reach the closed gate.
func (g *gatedStore) waitEntered(t *testing.T, why string) {
	t.Helper()
	select {
	case <-g.entered:
	case <-time.After(30 * time.Second):
		t.Fatalf("no build began within 30 s: %s", why)
	}
}

func newPublicCollab(t *testing.T, db *sqldb.DB, title string) *samverkan.Collaboration {
	t.Helper()
	return sqldbtest.MustCreateCollaboration(t, db, &samverkan.Collaboration{Title: title, LegalForm: "avtalssamverkan",
		Public: true, Status: samverkan.StatusRunning, Networks: []string{"ggvv"},
		Participants: []samverkan.Participant{{Code: gislaved, Role: samverkan.RoleMember}, {Code: gnosjo, Role: samverkan.RoleMember}}})
}

// fetch answers one GET within 10 s, or fails the test: a request that
// waited for the build held at the gate never returns.
func fetch(t *testing.T, h http.Handler, path string, header map[string]string) response {
	t.Helper()
	done := make(chan response, 1)
	go func() {
		req := httptest.NewRequest("GET", path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		done <- response{rec.Code, rec.Body.String(), rec.Header()}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(10 * time.Second):
		t.Fatalf("GET %s waited more than 10 s: it waits for the build", path)
		return response{}
	}
}

func gunzip(t *testing.T, b string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip body: %v", err)
	}
	return string(out)
}

// After a write the open data are republished in the background: the
// request right after the write is answered from the previous publication
// while the build is held, and does not wait for it; once the build is let
// go the files change, with new validators (the ETag and Last-Modified of a
// file whose bytes did not change stay). The gzip representation
// decompresses to the identity one, has a tag of its own, and 304s work
// for both.
func TestOpenDataRepublishedInBackground(t *testing.T) {
	st := newGatedStore(t)
	sqldbtest.MustCreateNetwork(t, st.DB, sqldbtest.Network("ggvv", gislaved, gnosjo, vaggeryd, varnamo))
	newPublicCollab(t, st.DB, "Första offentliga samverkan (exempel)")
	h, err := web.New(web.Options{Store: st, Catalog: refdata.MustCatalog(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	const file = "/oppna-data/samverkan.json"
	gz := map[string]string{"Accept-Encoding": "gzip, deflate, br"}
	first := fetch(t, h, file, nil) // a fresh process: this one waits for the first publication
	firstGz := fetch(t, h, file, gz)
	firstNets := fetch(t, h, "/oppna-data/networks.csv", nil)
	if first.Code != 200 || firstGz.Code != 200 || firstNets.Code != 200 {
		t.Fatalf("first answers %d, %d, %d", first.Code, firstGz.Code, firstNets.Code)
	}
	if firstGz.Header.Get("Content-Encoding") != "gzip" || first.Header.Get("Content-Encoding") != "" {
		t.Errorf("Content-Encoding %q with gzip accepted, %q without", firstGz.Header.Get("Content-Encoding"), first.Header.Get("Content-Encoding"))
	}
	for _, r := range []response{first, firstGz} {
		if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Vary %q lacks Accept-Encoding", r.Header.Get("Vary"))
		}
	}
	if gunzip(t, firstGz.Body) != first.Body {
		t.Error("the gzip body does not decompress to the identity body")
	}
	if len(firstGz.Body) >= len(first.Body) {
		t.Errorf("gzip %d bytes, identity %d", len(firstGz.Body), len(first.Body))
	}
	tag, gzTag := first.Header.Get("ETag"), firstGz.Header.Get("ETag")
	if tag == "" || gzTag == "" || tag == gzTag {
		t.Errorf("ETags %q and %q: want one per encoding", tag, gzTag)
	}

	time.Sleep(1100 * time.Millisecond) // Last-Modified has whole seconds
	st.close()
	newPublicCollab(t, st.DB, "Ny offentlig samverkan (exempel)")
	// The write's first request wakes the publisher and is answered from
	// the previous publication, without waiting for the build it woke.
	stale := fetch(t, h, file, nil)
	st.waitEntered(t, "a request after a write did not wake the publisher")
	staleGz := fetch(t, h, file, gz)
	if stale.Header.Get("ETag") != tag || stale.Body != first.Body || staleGz.Header.Get("ETag") != gzTag {
		t.Errorf("while the build runs: ETag %q, want the previous %q", stale.Header.Get("ETag"), tag)
	}
	if r := fetch(t, h, file, map[string]string{"If-None-Match": tag}); r.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the previous tag while the build runs = %d, want 304", r.Code)
	}
	st.open()

	var after response
	deadline := time.Now().Add(30 * time.Second)
	for {
		after = fetch(t, h, file, nil)
		if after.Header.Get("ETag") != tag {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not republished within 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(after.Body, "Ny offentlig samverkan (exempel)") {
		t.Error("the new publication lacks the new collaboration")
	}
	lm1, _ := http.ParseTime(first.Header.Get("Last-Modified"))
	lm2, err := http.ParseTime(after.Header.Get("Last-Modified"))
	if err != nil || !lm2.After(lm1) {
		t.Errorf("Last-Modified %q after %q: want later", after.Header.Get("Last-Modified"), first.Header.Get("Last-Modified"))
	}
	afterGz := fetch(t, h, file, gz)
	newTag, newGzTag := after.Header.Get("ETag"), afterGz.Header.Get("ETag")
	if newGzTag == gzTag || newGzTag == newTag || gunzip(t, afterGz.Body) != after.Body {
		t.Errorf("after republishing: gzip ETag %q (was %q, identity %q), or its body is not the identity body", newGzTag, gzTag, newTag)
	}
	for _, c := range []struct {
		header map[string]string
		want   int
	}{
		{map[string]string{"If-None-Match": newTag}, http.StatusNotModified},
		{map[string]string{"If-None-Match": newGzTag, "Accept-Encoding": "gzip"}, http.StatusNotModified},
		{map[string]string{"If-None-Match": tag}, http.StatusOK},
		{map[string]string{"If-None-Match": gzTag, "Accept-Encoding": "gzip"}, http.StatusOK},
		// The gzip tag does not stand for the identity body, nor the other way round.
		{map[string]string{"If-None-Match": newGzTag}, http.StatusOK},
		{map[string]string{"If-None-Match": newTag, "Accept-Encoding": "gzip"}, http.StatusOK},
		{map[string]string{"If-Modified-Since": after.Header.Get("Last-Modified")}, http.StatusNotModified},
		{map[string]string{"If-Modified-Since": first.Header.Get("Last-Modified")}, http.StatusOK},
	} {
		if r := fetch(t, h, file, c.header); r.Code != c.want {
			t.Errorf("%v = %d, want %d", c.header, r.Code, c.want)
		}
	}
	// networks.csv did not change: the same tag and date as before.
	nets := fetch(t, h, "/oppna-data/networks.csv", nil)
	if nets.Header.Get("ETag") != firstNets.Header.Get("ETag") || nets.Header.Get("Last-Modified") != firstNets.Header.Get("Last-Modified") {
		t.Errorf("an unchanged file got new validators: %q %q, was %q %q", nets.Header.Get("ETag"), nets.Header.Get("Last-Modified"),
			firstNets.Header.Get("ETag"), firstNets.Header.Get("Last-Modified"))
	}
	// The landing page counts from the publication too.
	if p := fetch(t, h, "/oppna-data", nil); p.Code != 200 || !bytes.Contains([]byte(p.Body), []byte("oppna-data/samverkan.json")) {
		t.Errorf("/oppna-data = %d", p.Code)
	}
}

// With a configured public address and the background context, the open
// data are published at start and after each write without any request,
// and their links are under the configured address whatever host a
// request names.
func TestOpenDataPublishedWithoutRequests(t *testing.T) {
	st := newGatedStore(t)
	sqldbtest.MustCreateNetwork(t, st.DB, sqldbtest.Network("ggvv", gislaved, gnosjo, vaggeryd, varnamo))
	c := newPublicCollab(t, st.DB, "Första offentliga samverkan (exempel)")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st.close()
	h, err := web.New(web.Options{Store: st, Catalog: refdata.MustCatalog(), Logger: slog.New(slog.DiscardHandler),
		PublicURL: "https://samverkan.example.se/", Background: ctx})
	if err != nil {
		t.Fatal(err)
	}
	st.waitEntered(t, "nothing published at start")
	st.open()
	req := httptest.NewRequest("GET", "/oppna-data/collaborations.csv", nil)
	req.Host = "intern.example.net"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if want := "https://samverkan.example.se/insyn/samverkan/"; rec.Code != 200 || !strings.Contains(rec.Body.String(), want) ||
		strings.Contains(rec.Body.String(), "intern.example.net") {
		t.Errorf("collaborations.csv = %d, links not under %s:\n%.400s", rec.Code, want, rec.Body.String())
	}
	if b := st.builds.Load(); b != 1 {
		t.Errorf("%d builds for one publication", b)
	}
	if s := fetch(t, h, "/oppna-data/schema", nil); !strings.Contains(s.Body, `"https://samverkan.example.se/oppna-data/schema.json"`) {
		t.Error("the schema's $id is not under the public address")
	}

	st.close()
	c.Title = "Omdöpt samverkan (exempel)"
	if err := st.DB.UpdateCollaboration(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	st.waitEntered(t, "a write was not republished without a request")
	st.open()
	fetch(t, h, "/oppna-data/samverkan.json", nil) // let the publication land before the check
	var got response
	deadline := time.Now().Add(30 * time.Second)
	for got = fetch(t, h, "/oppna-data/samverkan.json", nil); !strings.Contains(got.Body, c.Title); got = fetch(t, h, "/oppna-data/samverkan.json", nil) {
		if time.Now().After(deadline) {
			t.Fatal("the republished file never showed the new title")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := web.New(web.Options{Store: st, Catalog: refdata.MustCatalog(), PublicURL: "ftp://x"}); err == nil {
		t.Error("a public address that is not http(s) is accepted")
	}
}

// The published files are byte for byte what the request-time path made
// before publication existed (kept here as the oracle: the records read
// from the store, opendata.Build under the request's address, the files
// rendered directly), for every file, in both encodings; the gzip one
// decompresses to it.
func TestPublishedFilesAsBuiltDirectly(t *testing.T) {
	a := newAuthEnv(t)
	e := a.env
	setOpenData(t, e, testSettings)
	ctx := context.Background()
	const base = "https://samverkan.example.se" // as the request below names it
	oracle := func() map[string][]byte {
		set, err := e.db.OpenDataSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		nets, err := e.db.Networks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var collabs []*samverkan.Collaboration
		for {
			pg, total, err := e.db.FindCollaborations(ctx, samverkan.CollaborationFilter{PublicOnly: true,
				Limit: samverkan.MaxLimit, Offset: len(collabs)})
			if err != nil {
				t.Fatal(err)
			}
			collabs = append(collabs, pg...)
			if len(pg) == 0 || len(collabs) >= total {
				break
			}
		}
		public := map[int64]bool{}
		for _, c := range collabs {
			public[c.ID] = c.Public
		}
		items, err := e.db.FindDecisions(ctx, samverkan.DecisionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		decisions := map[int64][]samverkan.Decision{}
		for _, it := range items {
			if public[it.CollaborationID] {
				decisions[it.CollaborationID] = append(decisions[it.CollaborationID], it.Decision)
			}
		}
		ds := opendata.Build(opendata.Records{Networks: nets, Collaborations: collabs, Decisions: decisions},
			opendata.Options{Publisher: opendata.Publisher{Name: set.PublisherName, URL: set.PublisherURL},
				Licence: set.LicenceOrDefault(), BaseURL: base, On: samverkan.Today(), Catalog: e.cat})
		out := map[string][]byte{}
		r, err := opendata.RenderJSON(ds)
		if err != nil {
			t.Fatal(err)
		}
		out["/oppna-data/samverkan.json"] = r.Body
		for _, tb := range opendata.Tables {
			r, err := opendata.RenderCSV(ds, tb.Name)
			if err != nil {
				t.Fatal(err)
			}
			out["/oppna-data/"+tb.CSVName()] = r.Body
		}
		out["/oppna-data/datapackage.json"] = opendata.DataPackage(opendata.PackageOptions{Licence: ds.Licence, BaseURL: base + "/oppna-data"})
		g, err := dcat.Catalogue(ds, dcat.Config{BaseURL: base, PublisherName: ds.Publisher.Name, PublisherURL: ds.Publisher.URL,
			ContactName: set.ContactName, ContactEmail: set.ContactEmail, Licence: ds.Licence}, e.cat)
		if err != nil {
			t.Fatal(err)
		}
		for q, media := range map[string]string{"ttl": dcat.MediaTurtle, "jsonld": dcat.MediaJSONLD} {
			body, _, err := dcat.Render(g, media)
			if err != nil {
				t.Fatal(err)
			}
			out["/oppna-data/katalog?format="+q] = body
		}
		return out
	}
	want := oracle()
	for path, body := range want {
		for _, enc := range []string{"", "gzip"} {
			req := httptest.NewRequest("GET", path, nil)
			req.Host = "samverkan.example.se"
			req.Header.Set("X-Forwarded-Proto", "https")
			if enc != "" {
				req.Header.Set("Accept-Encoding", enc)
			}
			res := e.do(req)
			got := res.Body
			if enc != "" {
				got = gunzip(t, got)
			}
			if res.Code != 200 || got != string(body) {
				t.Errorf("%s (%q): %d, %d bytes differ from the oracle's %d", path, enc, res.Code, len(got), len(body))
			}
		}
	}
	if len(want) != len(opendata.Tables)+4 {
		t.Errorf("%d files compared", len(want))
	}
}
