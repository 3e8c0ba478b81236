package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestDecisionsDecidedIn: a decision date range keeps the decisions dated
// in it (both ends included) and leaves out undated ones; the annual
// report reads a year this way.
func TestDecisionsDecidedIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "Gemensam nämnd", samverkan.StatusDeciding)
		for _, date := range []string{"2023-12-31", "2024-01-01", "2024-12-31", "2025-01-01"} {
			mustCreateDecision(t, db, decision(c, gavle, samverkan.OutcomeApproved, date))
		}
		mustCreateDecision(t, db, decision(c, sundsvall, samverkan.OutcomePending, "")) // not yet dated
		ds, err := db.FindDecisions(ctx, samverkan.DecisionFilter{Network: "norr",
			DecidedFrom: samverkan.MustDate("2024-01-01"), DecidedTo: samverkan.MustDate("2024-12-31")})
		mustOK(t, "FindDecisions", err)
		var got []string
		for _, d := range ds {
			got = append(got, d.Date.String())
		}
		if fmt.Sprint(got) != "[2024-01-01 2024-12-31]" {
			t.Errorf("decided in 2024: %v", got)
		}
		if all, _ := db.FindDecisions(ctx, samverkan.DecisionFilter{Network: "norr"}); len(all) != 5 {
			t.Errorf("without a range: %d decisions, want 5", len(all))
		}
	})
}

// TestFollowedUp: the ids of a scope's collaborations followed up in a
// year, and nothing of another year or scope.
func TestFollowedUp(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, running, idea := steeringFixture(t, db)
		mustOK(t, "2025", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: running.ID, Year: 2025}))
		mustOK(t, "2024", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: idea.ID, Year: 2024}))
		ids, err := db.FollowedUp(ctx, samverkan.RefFilter{Network: n.Slug}, 2025)
		mustOK(t, "FollowedUp", err)
		if len(ids) != 1 || ids[0] != running.ID {
			t.Errorf("followed up in 2025: %v, want [%d]", ids, running.ID)
		}
		if ids, _ := db.FollowedUp(ctx, samverkan.RefFilter{Network: "finns-inte"}, 2025); len(ids) != 0 {
			t.Errorf("another network: %v", ids)
		}
	})
}
