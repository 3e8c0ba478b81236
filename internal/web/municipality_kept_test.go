package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// liveStore is the store without what its writes keep for the
// municipality page (samverkan.MunicipalityCostStore,
// samverkan.MembershipStore): the page then computes the cost table and
// finds the memberships as it did before.
type liveStore struct {
	samverkan.Store
	samverkan.MoneyStore
	samverkan.ParticipationStore
}

// TestMunicipalityPageKeptEqualsLive: the municipality page built from
// the rows the writes keep is, byte for byte, the page computed at read
// time, for every municipality of the demo data taking part in anything
// (cost tables with known, unknown and agreed amounts), after a cost
// sharing is saved.
func TestMunicipalityPageKeptEqualsLive(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	// The demo is a bulk load: its cost rows are the background task's to
	// build, as the server's job runner does at start.
	if err := db.RebuildStaleMunicipalityCosts(ctx); err != nil {
		t.Fatal(err)
	}
	cat := refdata.MustCatalog()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	kept, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	live, err := web.New(web.Options{Store: liveStore{db, db, db}, Catalog: cat, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	kept, live = asUser(kept, testAdmin), asUser(live, testAdmin)
	compare := func(step string) {
		t.Helper()
		counts, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) < 5 {
			t.Fatalf("the demo data has %d municipalities taking part; the test needs more", len(counts))
		}
		withCosts := 0
		for code := range counts {
			path := "/kommun/" + code
			got, want := httptest.NewRecorder(), httptest.NewRecorder()
			kept.ServeHTTP(got, httptest.NewRequest("GET", path, nil))
			live.ServeHTTP(want, httptest.NewRequest("GET", path, nil))
			if got.Code != 200 || want.Code != 200 {
				t.Fatalf("%s: GET %s = %d (kept), %d (live)", step, path, got.Code, want.Code)
			}
			if g, w := got.Body.String(), want.Body.String(); g != w {
				t.Fatalf("%s: GET %s differs between kept and live\n%s", step, path, firstDiff(g, w))
			}
			rows, ok, err := db.KeptMunicipalityCosts(ctx, code, samverkan.Today().Year())
			if err != nil || !ok {
				t.Fatalf("%s: kept costs of %s: ok=%v, %v", step, code, ok, err)
			}
			if len(rows) > 0 {
				withCosts++
			}
		}
		if withCosts == 0 {
			t.Fatalf("%s: no municipality pays for anything: the comparison shows no cost table", step)
		}
	}
	compare("demo data")
	cs, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning, Limit: 1})
	if err != nil || len(cs) == 0 {
		t.Fatalf("a running collaboration: %v", err)
	}
	c, err := db.CollaborationByID(ctx, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	c.CostKey, c.AnnualCost = samverkan.CostKeyEqual, func(v int64) *int64 { return &v }(123_457)
	if err := db.UpdateCollaboration(ctx, c); err != nil {
		t.Fatal(err)
	}
	compare("a cost key and cost set")
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "kept: …" + a[from:min(len(a), i+200)] + "\nlive: …" + b[from:min(len(b), i+200)]
}

// allChildrenStore loads every child table of every record, whatever the
// page asks for (CollaborationFilter.With).
type allChildrenStore struct{ liveStore }

func (s allChildrenStore) FindCollaborations(ctx context.Context, f samverkan.CollaborationFilter) ([]*samverkan.Collaboration, int, error) {
	f.With = nil
	return s.liveStore.FindCollaborations(ctx, f)
}

// wholeStore is allChildrenStore with the follow-ups, which the reports
// read for each row's latest.
type wholeStore struct {
	allChildrenStore
	samverkan.SteeringStore
}

// TestReport938ReadsWhatItShows: the KL 9:38 report and the oversight of
// every municipality of the demo data, in several years, which read only
// the records of the year with the fields and child rows they show
// (samverkan.OversightStore), are byte for byte the pages built from
// every whole record the municipality takes part in and their follow-ups.
func TestReport938ReadsWhatItShows(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	cat := refdata.MustCatalog()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lean, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := web.New(web.Options{Store: wholeStore{allChildrenStore{liveStore{db, db, db}}, db}, Catalog: cat, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	lean, whole = asUser(lean, testAdmin), asUser(whole, testAdmin)
	// An agreement with its document, whose term and title the report shows.
	agreements, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{LegalForm: samverkan.FormAgreement,
		Phase: samverkan.PhaseRunning, Limit: 1})
	if err != nil || len(agreements) == 0 {
		t.Fatalf("a running agreement in the demo data: %v", err)
	}
	c, err := db.CollaborationByID(ctx, agreements[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	months := 6
	c.Documents = append(c.Documents, samverkan.Document{Type: "avtal", Title: "Avtalet om allt", ValidFrom: samverkan.MustDate("2023-01-01"),
		ValidTo: samverkan.MustDate("2031-12-31"), NoticeMonths: &months, Renewal: "förlängs ett år i taget", URL: "https://example.se/avtal.pdf"})
	if err := db.UpdateCollaboration(ctx, c); err != nil {
		t.Fatal(err)
	}
	documents := 0
	counts, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	rows, followUps := 0, 0
	for code := range counts {
		for _, path := range []string{"/kommun/" + code + "/rapport-9-38", "/kommun/" + code + "/rapport-9-38?ar=2024",
			"/kommun/" + code + "/uppsikt", "/kommun/" + code + "/uppsikt?ar=2024", "/kommun/" + code + "/uppsikt?ar=2019"} {
			got, want := httptest.NewRecorder(), httptest.NewRecorder()
			lean.ServeHTTP(got, httptest.NewRequest("GET", path, nil))
			whole.ServeHTTP(want, httptest.NewRequest("GET", path, nil))
			if got.Code != 200 || want.Code != 200 {
				t.Fatalf("GET %s = %d (lean), %d (whole)", path, got.Code, want.Code)
			}
			if g, w := got.Body.String(), want.Body.String(); g != w {
				t.Fatalf("GET %s differs\n%s", path, firstDiff(g, w))
			}
			rows += strings.Count(got.Body.String(), "<tr")
			documents += strings.Count(got.Body.String(), "Avtalet om allt")
			followUps += strings.Count(got.Body.String(), "<td>202")
		}
	}
	if rows < 20 || documents == 0 || followUps == 0 {
		t.Fatalf("%d table rows, %d agreement documents and %d follow-ups in all reports: the comparison shows little",
			rows, documents, followUps)
	}
}
