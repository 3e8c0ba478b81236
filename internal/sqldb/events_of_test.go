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
