package sqldb_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestCollaborationEventsOf: the batch read gives each collaboration the
// events of the kind that CollaborationEvents lists for it, in its order.
func TestCollaborationEventsOf(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		mk := func(title string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, gavle, sundsvall)
			c.Status = samverkan.StatusIdea
			return sqldbtest.MustCreateCollaboration(t, db, c)
		}
		a, b, quiet := mk("Ett"), mk("Två"), mk("Tre")
		c, err := db.ChangeStatus(ctx, a.ID, a.Version, samverkan.StatusInventoried, samverkan.MustDate("2025-03-01"), "")
		mustOK(t, "status a", err)
		_, err = db.ChangeStatus(ctx, a.ID, c.Version, samverkan.StatusStudyOngoing, samverkan.MustDate("2025-04-01"), "")
		mustOK(t, "status a again", err)
		_, err = db.ChangeStatus(ctx, b.ID, b.Version, samverkan.StatusInventoried, samverkan.Date{}, "")
		mustOK(t, "status b", err)

		got, err := db.CollaborationEventsOf(ctx, []int64{a.ID, b.ID, quiet.ID}, "status")
		mustOK(t, "CollaborationEventsOf", err)
		for _, id := range []int64{a.ID, b.ID, quiet.ID} {
			all, err := db.CollaborationEvents(ctx, id)
			mustOK(t, "CollaborationEvents", err)
			var want []samverkan.Event
			for _, e := range all {
				if e.Kind == "status" {
					want = append(want, e)
				}
			}
			if g, w := asJSON(t, got[id]), asJSON(t, want); g != w {
				t.Errorf("collaboration %d:\n got %s\nwant %s", id, g, w)
			}
		}
		if len(got[a.ID]) != 2 || len(got[b.ID]) != 1 || got[quiet.ID] != nil {
			t.Errorf("counts: %d, %d, %v", len(got[a.ID]), len(got[b.ID]), got[quiet.ID])
		}
	})
}

// TestDecisionsOf: the batch read gives each collaboration the decisions
// Decisions lists for it, in its order (dated ones by date, undated last).
func TestDecisionsOf(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		a := jointCommittee(t, db, "Ett", samverkan.StatusDeciding)
		b := jointCommittee(t, db, "Två", samverkan.StatusDeciding)
		quiet := jointCommittee(t, db, "Tre", samverkan.StatusDeciding)
		mustCreateDecision(t, db, decision(a, sundsvall, samverkan.OutcomePending, ""))
		mustCreateDecision(t, db, decision(a, gavle, samverkan.OutcomeApproved, "2025-06-01"))
		mustCreateDecision(t, db, decision(b, gavle, samverkan.OutcomePending, "2025-09-01"))
		mustCreateDecision(t, db, decision(a, sundsvall, samverkan.OutcomeApproved, "2025-03-01"))
		mustCreateDecision(t, db, decision(b, sundsvall, samverkan.OutcomePending, ""))

		got, err := db.DecisionsOf(ctx, []int64{a.ID, b.ID, quiet.ID, 99999})
		mustOK(t, "DecisionsOf", err)
		for _, id := range []int64{a.ID, b.ID, quiet.ID} {
			want, err := db.Decisions(ctx, id)
			mustOK(t, "Decisions", err)
			if g, w := asJSON(t, got[id]), asJSON(t, want); g != w {
				t.Errorf("collaboration %d:\n got %s\nwant %s", id, g, w)
			}
		}
		if len(got[a.ID]) != 3 || len(got[b.ID]) != 2 || got[quiet.ID] != nil || len(got) != 2 {
			t.Errorf("counts: %d, %d, %v, %d keys", len(got[a.ID]), len(got[b.ID]), got[quiet.ID], len(got))
		}
	})
}
