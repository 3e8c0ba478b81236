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
		mk := func(title, net, status string, public bool, cost int64, codes ...string) {
			c := sqldbtest.Collaboration(title, codes...)
			c.Networks, c.Status, c.Public, c.AnnualCost = []string{net}, status, public, &cost
			sqldbtest.MustCreateCollaboration(t, db, c)
		}
		mk("Öppen igång", "oppet", samverkan.StatusRunning, true, 100, gavle, sundsvall)
		mk("Öppen idé", "oppet", samverkan.StatusIdea, true, 50, gavle, ostersund)
		mk("Dold igång", "oppet", samverkan.StatusRunning, false, 1000, gavle, malmo)
		mk("I dolt nätverk", "dolt", samverkan.StatusRunning, true, 10000, uppsala, stockholm)

		s, err := db.PublicSummary(ctx)
		mustOK(t, "PublicSummary", err)
		if len(s.Networks) != 1 || s.Networks[0].Slug != "oppet" || s.Networks[0].Members != 3 ||
			s.Networks[0].Running != 1 || s.Networks[0].Pipeline != 1 || s.Networks[0].AnnualCost != 100 {
			t.Errorf("networks = %+v", s.Networks)
		}
		if s.Collaborations != 2 || s.Running != 1 || s.AnnualCost != 100 || s.Municipalities != 3 {
			t.Errorf("totals = %+v", s)
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
