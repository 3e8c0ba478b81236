package api_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// pagedStore is the store without samverkan.OversightStore, with the
// follow-ups: the oversight and the KL 9:38 report then page through every
// collaboration the municipality takes part in and read their follow-ups,
// as they did before.
type pagedStore struct {
	samverkan.Store
	samverkan.SteeringStore
}

// TestOversightAPIReadsAsBefore: the oversight and the KL 9:38 report of
// every municipality of the demo data, in several years, read through
// samverkan.OversightStore (the records of the year and their latest
// follow-ups only), are byte for byte what the paged read of every record
// gave.
func TestOversightAPIReadsAsBefore(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	// The report answers form by form: a purchase whose title comes
	// first by title comes after the agreements.
	for _, c := range []*samverkan.Collaboration{
		sqldbtest.Collaboration("Aaa köpt tjänst", gislaved, gnosjo),
		sqldbtest.Collaboration("Bbb avtal", gislaved, gnosjo),
	} {
		if strings.Contains(c.Title, "köpt") {
			c.LegalForm = samverkan.FormPurchase
		}
		sqldbtest.MustCreateCollaboration(t, db, c)
	}
	cat := refdata.MustCatalog()
	lean := asUser(api.New(api.Options{Store: db, Catalog: cat}), testAdmin)
	paged := asUser(api.New(api.Options{Store: pagedStore{db, db}, Catalog: cat}), testAdmin)
	counts, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	rows, followUps := 0, 0
	for code := range counts {
		for _, route := range []string{"/oversight", "/report-9-38"} {
			for _, year := range []string{"", "?year=2024", "?year=2019", "?year=1990", "?limit=2", "?limit=2&offset=1", "?year=2024&limit=1&offset=3", "?offset=400"} {
				path := "/api/v1/municipalities/" + code + route + year
				got, want := httptest.NewRecorder(), httptest.NewRecorder()
				lean.ServeHTTP(got, httptest.NewRequest("GET", path, nil))
				paged.ServeHTTP(want, httptest.NewRequest("GET", path, nil))
				if got.Code != 200 || want.Code != 200 {
					t.Fatalf("GET %s = %d (lean), %d (paged)", path, got.Code, want.Code)
				}
				if g, w := got.Body.String(), want.Body.String(); g != w {
					t.Fatalf("GET %s differs\n got %.2000s\nwant %.2000s", path, g, w)
				}
				if g, w := got.Header().Get("ETag"), want.Header().Get("ETag"); g != w {
					t.Fatalf("GET %s: ETag %q, want %q", path, g, w)
				}
				rows += strings.Count(got.Body.String(), `"collaboration":`)
				followUps += strings.Count(got.Body.String(), `"latest_follow_up":2`)
			}
		}
	}
	if rows < 40 || followUps == 0 {
		t.Fatalf("%d rows and %d latest follow-ups in all answers: the comparison shows little", rows, followUps)
	}
}

// TestReportRowsPaged: the oversight's and the KL 9:38 report's rows,
// followed page by page through next, are the rows of one page holding
// them all, in order, with the same totals on every page.
func TestReportRowsPaged(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	// Agreements enough for pages (the demo has few per municipality).
	for _, title := range []string{"Avtal ett (testexempel)", "Avtal två (testexempel)", "Avtal tre (testexempel)"} {
		sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration(title, gislaved, gnosjo))
	}
	h := asUser(api.New(api.Options{Store: db, Catalog: refdata.MustCatalog()}), testAdmin)
	get := func(path string) map[string]json.RawMessage {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			t.Fatalf("GET %s = %d: %.300s", path, rec.Code, rec.Body.String())
		}
		var v map[string]json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	list := func(raw json.RawMessage) []json.RawMessage {
		var out []json.RawMessage
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	counts, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	codes := slices.Sorted(maps.Keys(counts))
	for _, tc := range []struct{ route, year string }{{"/oversight", "2024"}, {"/report-9-38", "2024"}} {
		// The municipality with the most rows that year.
		var base string
		var all map[string]json.RawMessage
		var wantRows []json.RawMessage
		for _, code := range codes {
			path := "/api/v1/municipalities/" + code + tc.route + "?year=" + tc.year
			if v := get(path + "&limit=500"); len(list(v["rows"])) > len(wantRows) {
				base, all, wantRows = path, v, list(v["rows"])
			}
		}
		if len(wantRows) < 3 {
			t.Fatalf("%s: %d rows at most; the paging shows little", tc.route, len(wantRows))
		}
		if string(all["next"]) != "null" || string(all["total"]) != strconv.Itoa(len(wantRows)) {
			t.Errorf("%s one page: next %s, total %s for %d rows", tc.route, all["next"], all["total"], len(wantRows))
		}
		var gotRows []json.RawMessage
		pages := 0
		for next := base + "&limit=2"; next != ""; pages++ {
			page := get(next)
			rows := list(page["rows"])
			if len(rows) == 0 || len(rows) > 2 {
				t.Fatalf("%s: a page of %d rows", next, len(rows))
			}
			gotRows = append(gotRows, rows...)
			for _, key := range []string{"total", "forms", "own_cost"} {
				if string(page[key]) != string(all[key]) {
					t.Errorf("%s: %s %s, want %s", next, key, page[key], all[key])
				}
			}
			if items, ok := page["items"]; ok && len(list(items)) != len(rows) {
				t.Errorf("%s: %d items for %d rows", next, len(list(items)), len(rows))
			}
			next = ""
			if string(page["next"]) != "null" {
				if err := json.Unmarshal(page["next"], &next); err != nil {
					t.Fatal(err)
				}
			}
		}
		if pages != (len(wantRows)+1)/2 || len(gotRows) != len(wantRows) {
			t.Fatalf("%s: %d rows in %d pages, want %d", tc.route, len(gotRows), pages, len(wantRows))
		}
		for i := range wantRows {
			if string(gotRows[i]) != string(wantRows[i]) {
				t.Errorf("%s row %d:\n got %.300s\nwant %.300s", tc.route, i, gotRows[i], wantRows[i])
			}
		}
	}
	a := &testAPI{t: t, h: h, store: db}
	for _, route := range []string{"/oversight", "/report-9-38"} {
		p := problem(t, a.mustDo(req{Method: "GET", Path: "/api/v1/municipalities/" + gislaved + route + "?limit=0&offset=-1"}, 400))
		if !hasField(p, "limit", "out_of_range") || !hasField(p, "offset", "negative_offset") {
			t.Errorf("%s limit=0&offset=-1: %+v", route, p)
		}
	}
}
