package sqldb_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func TestPublicSummary(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		pub := sqldbtest.Network("oppet", gavle, sundsvall, ostersund)
		pub.Public = true
		sqldbtest.MustCreateNetwork(t, db, pub)
		hidden := sqldbtest.Network("dolt", gavle, sundsvall)
		hidden.Public = false
		sqldbtest.MustCreateNetwork(t, db, hidden)
		mk := func(title, net, status string, public bool, cost *int64, codes ...string) {
			c := sqldbtest.Collaboration(title, codes...)
			c.Networks, c.Status, c.Public, c.AnnualCost = []string{net}, status, public, cost
			sqldbtest.MustCreateCollaboration(t, db, c)
		}
		mk("Öppen igång", "oppet", samverkan.StatusRunning, true, ptr(int64(100)), gavle, sundsvall)
		mk("Öppen igång utan kostnad", "oppet", samverkan.StatusRunning, true, nil, gavle, sundsvall)
		mk("Öppen idé", "oppet", samverkan.StatusIdea, true, ptr(int64(50)), gavle, ostersund)
		mk("Dold igång", "oppet", samverkan.StatusRunning, false, ptr(int64(1000)), gavle, malmo)
		mk("I dolt nätverk", "dolt", samverkan.StatusRunning, true, ptr(int64(10000)), uppsala, stockholm)

		s, err := db.PublicSummary(ctx)
		mustOK(t, "PublicSummary", err)
		// 100 kr known for 1 of the 2 running public ones.
		cost := samverkan.AmountTotal{Sum: 100, Known: 1, Of: 2}
		if len(s.Networks) != 1 || s.Networks[0].Slug != "oppet" || s.Networks[0].Members != 3 ||
			s.Networks[0].Running != 2 || s.Networks[0].Pipeline != 1 || s.Networks[0].CostTotal() != cost {
			t.Errorf("networks = %+v", s.Networks)
		}
		if s.Collaborations != 3 || s.Running != 2 || s.CostTotal() != cost || s.Municipalities != 3 {
			t.Errorf("totals = %+v", s)
		}

		// A network whose running ones have no cost has an unknown cost, not 0.
		mk("Öppen idé utan kostnad", "oppet", samverkan.StatusIdea, true, nil, gavle, ostersund)
		none := sqldbtest.Network("okant", gavle, sundsvall)
		none.Public = true
		sqldbtest.MustCreateNetwork(t, db, none)
		mk("Okänd kostnad", "okant", samverkan.StatusRunning, true, nil, gavle, sundsvall)
		s, err = db.PublicSummary(ctx)
		mustOK(t, "PublicSummary", err)
		for _, n := range s.Networks {
			if n.Slug == "okant" && (n.AnnualCost != nil || n.AnnualCostKnown != 0 || n.Running != 1) {
				t.Errorf("network without a known cost = %+v, want cost nil of 1 running", n)
			}
		}
	})
}

// TestPublicSummaryFreshDatabase: on a database nobody has written to yet
// (data_version 0) the cached summary works; it once panicked on the
// read cache's empty map, and /insyn of a new installation answered 500.
func TestPublicSummaryFreshDatabase(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		if _, err := db.PublicSummary(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
