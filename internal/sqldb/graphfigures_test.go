package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/netgraph"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestGraphFiguresKept: the figures are not there until saved, come back
// as saved with their time, and a second save replaces the first.
func TestGraphFiguresKept(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		_, _, err := db.GraphFigures(ctx, "national")
		wantCode(t, "before any save", err, samverkan.ENOTFOUND)
		at := time.Date(2026, 3, 1, 9, 30, 15, 0, time.UTC)
		mustOK(t, "save", db.SaveGraphFigures(ctx, "national", at, []byte(`{"a":1}`)))
		mustOK(t, "save other scope", db.SaveGraphFigures(ctx, "other", at, []byte(`{"b":2}`)))
		data, got, err := db.GraphFigures(ctx, "national")
		mustOK(t, "read", err)
		if string(data) != `{"a":1}` || !got.Equal(at) {
			t.Fatalf("read %s at %v, want {\"a\":1} at %v", data, got, at)
		}
		later := at.Add(10 * time.Minute)
		mustOK(t, "save again", db.SaveGraphFigures(ctx, "national", later, []byte(`{"a":2}`)))
		data, got, err = db.GraphFigures(ctx, "national")
		mustOK(t, "read again", err)
		if string(data) != `{"a":2}` || !got.Equal(later) {
			t.Fatalf("read %s at %v, want {\"a\":2} at %v", data, got, later)
		}
	})
}

// TestRunningParticipations: the narrow read the national graph is built
// from gives, after creates, updates, status changes and deletes, the
// running collaborations' municipality participants that the full records
// give, and so the same graph with the same measures.
func TestRunningParticipations(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		check := func(step string) {
			t.Helper()
			got, err := db.RunningParticipations(ctx)
			mustOK(t, step+": narrow", err)
			full, err := samverkan.AllCollaborations(ctx, db, samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning, Sort: "title"})
			mustOK(t, step+": full", err)
			want := map[int64][]samverkan.Participant{}
			var values []samverkan.Collaboration
			for _, c := range full {
				values = append(values, *c)
				for _, p := range c.Participants {
					if p.Code != "" {
						want[c.ID] = append(want[c.ID], samverkan.Participant{Code: p.Code, Left: p.Left})
					}
				}
			}
			gotBy := map[int64][]samverkan.Participant{}
			for i, c := range got {
				if i > 0 && got[i-1].ID >= c.ID {
					t.Fatalf("%s: not in id order at %d", step, c.ID)
				}
				gotBy[c.ID] = c.Participants
			}
			if g, w := asJSON(t, gotBy), asJSON(t, want); g != w {
				t.Fatalf("%s: participations\n got %s\nwant %s", step, g, w)
			}
			on := samverkan.MustDate("2026-01-15")
			a, err := netgraph.Build(got, netgraph.Options{On: on})
			mustOK(t, step+": build narrow", err)
			b, err := netgraph.Build(values, netgraph.Options{On: on})
			mustOK(t, step+": build full", err)
			ea, err := a.Encode()
			mustOK(t, step+": encode", err)
			eb, err := b.Encode()
			mustOK(t, step+": encode", err)
			if string(ea) != string(eb) {
				t.Fatalf("%s: graphs differ\n got %s\nwant %s", step, ea, eb)
			}
		}
		check("empty")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("a", gavle, sundsvall))
		mk := func(title, status string, codes ...string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, codes...)
			c.Networks, c.Status = []string{"a"}, status
			return sqldbtest.MustCreateCollaboration(t, db, c)
		}
		left := sqldbtest.Collaboration("Med en som lämnat", gavle, orebro, uppsala)
		left.Participants[1].Left = samverkan.MustDate("2020-06-30")
		sqldbtest.MustCreateCollaboration(t, db, left)
		c1 := mk("Ett", samverkan.StatusRunning, gavle, orebro, sundsvall)
		// An external party is no node of the graph.
		party := sqldbtest.Collaboration("Med region", gavle, orebro)
		party.Participants = append(party.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region", Role: samverkan.RoleFunder})
		sqldbtest.MustCreateCollaboration(t, db, party)
		mk("Två", samverkan.StatusRunning, gavle, sundsvall)
		idea := mk("Idé", samverkan.StatusIdea, uppsala, stockholm)
		mk("Söder", samverkan.StatusRunning, malmo, stockholm)
		check("creates")

		c1 = mustGet(t, db, c1.ID)
		c1.Participants = c1.Participants[:2]
		mustOK(t, "update", db.UpdateCollaboration(ctx, c1))
		check("participant removed")

		_, err := db.ChangeStatus(ctx, idea.ID, mustGet(t, db, idea.ID).Version, samverkan.StatusRejected, samverkan.MustDate("2024-01-01"), "")
		mustOK(t, "status", err)
		check("idea rejected")

		c1 = mustGet(t, db, c1.ID)
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c1.ID, c1.Version))
		check("deleted")
	})
}
