package api_test

import (
	"context"
	"net/http/httptest"
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
			for _, year := range []string{"", "?year=2024", "?year=2019", "?year=1990"} {
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
