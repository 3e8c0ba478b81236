package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestOutlinesKeptByWrites: after every kind of write that writes an
// outline's fields (create, update, restore, status change, delete, moves
// between networks, a network deleted, bulk loads, batches with a write
// rolled back) the kept outline rows read as the collaborations, areas and
// participants themselves, every collaboration's and every network's, on
// both databases; and Migrate writes the rows of records that have none.
func TestOutlinesKeptByWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		found := 0 // records the network filters found, over all steps
		check := func(step string) {
			t.Helper()
			live, err := db.AllOutlines(ctx, true)
			mustOK(t, step+": live", err)
			kept, err := db.AllOutlines(ctx, false)
			mustOK(t, step+": kept", err)
			if g, w := asJSON(t, outlinesOf(kept)), asJSON(t, outlinesOf(live)); g != w {
				t.Fatalf("%s: outlines\n got %s\nwant %s", step, g, w)
			}
			for _, slug := range []string{"a", "b", "c"} {
				live, err := db.LiveNetworkOutlines(ctx, slug)
				mustOK(t, step+": live network", err)
				kept, err := db.NetworkOutlines(ctx, slug)
				mustOK(t, step+": kept network", err)
				if g, w := asJSON(t, outlinesOf(kept)), asJSON(t, outlinesOf(live)); g != w {
					t.Fatalf("%s: outlines of network %s\n got %s\nwant %s", step, slug, g, w)
				}
				// CollaborationRefs reads a network's references from the
				// same rows.
				liveRefs, err := db.LiveCollaborationRefs(ctx, slug)
				mustOK(t, step+": live refs", err)
				refs, err := db.CollaborationRefs(ctx, samverkan.RefFilter{Network: slug})
				mustOK(t, step+": refs", err)
				if g, w := asJSON(t, refs), asJSON(t, liveRefs); g != w {
					t.Fatalf("%s: references of network %s\n got %s\nwant %s", step, slug, g, w)
				}
				// FindCollaborations picks a network's records of some
				// statuses or legal form from the same rows: it finds what
				// the same filter finds among the network's records named
				// by id (the conditions on the records themselves).
				var ids []int64
				for _, r := range liveRefs {
					ids = append(ids, r.ID)
				}
				for _, f := range outlineFilters {
					got, gotTotal, err := db.FindCollaborations(ctx, withNetwork(f, slug))
					mustOK(t, step+": find", err)
					var want []*samverkan.Collaboration
					wantTotal := 0
					if len(ids) > 0 {
						g := f
						g.IDs = ids
						want, wantTotal, err = db.FindCollaborations(ctx, g)
						mustOK(t, step+": find by ids", err)
					}
					found += len(got)
					if g, w := fmt.Sprint(gotTotal, idsOf(got)), fmt.Sprint(wantTotal, idsOf(want)); g != w {
						t.Fatalf("%s: network %s, %+v: found %s, want %s", step, slug, f, g, w)
					}
				}
			}
		}
		check("empty")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("a", gavle, sundsvall, orebro))
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("b", uppsala, stockholm))
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("c", gavle, malmo))

		// Party names that hold the encoding's own characters, digits and
		// colons, read back as written; an empty list of areas stays empty.
		odd := sqldbtest.Collaboration("Udda namn", gavle, sundsvall)
		odd.Networks, odd.Areas = []string{"a"}, []string{"870", "270"}
		odd.Participants = append(odd.Participants,
			samverkan.Participant{Party: "3:e kretsen: 12:ab", PartyKind: "annan", Role: samverkan.RoleFunder},
			samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region", Role: samverkan.RoleFunder,
				Left: samverkan.MustDate("2023-12-31")})
		odd.Participants[0].Left = samverkan.MustDate("2022-01-31")
		odd = sqldbtest.MustCreateCollaboration(t, db, odd)
		c1 := sqldbtest.Collaboration("Äldreomsorg", gavle, orebro)
		c1.Networks, c1.Status = []string{"a", "b", "c"}, samverkan.StatusIdea
		c1 = sqldbtest.MustCreateCollaboration(t, db, c1)
		check("creates")

		// Areas reordered and replaced, a participant gone, one added,
		// renamed (a new place in the title order), moved to another
		// network, its cost and legal form changed.
		odd = mustGet(t, db, odd.ID)
		odd.Areas, odd.Title, odd.Networks = []string{"270"}, "Aa först", []string{"b", "c"}
		odd.AnnualCost, odd.CostKey = ptr(int64(1234)), samverkan.CostKeyEqual
		odd.End = samverkan.MustDate("2031-06-30") // CollaborationRefs reads it from the record
		odd.Participants = append(append(odd.Participants[:1:1], odd.Participants[2:]...),
			samverkan.Participant{Code: malmo, Role: samverkan.RoleMember})
		mustOK(t, "update", db.UpdateCollaboration(ctx, odd))
		c1 = mustGet(t, db, c1.ID)
		c1.Areas = append([]string{"270"}, c1.Areas...)
		mustOK(t, "update c1", db.UpdateCollaboration(ctx, c1))
		check("updates")

		_, err := db.ChangeStatus(ctx, c1.ID, mustGet(t, db, c1.ID).Version, samverkan.StatusRejected, samverkan.MustDate("2024-01-01"), "")
		mustOK(t, "status", err)
		check("status changed")
		// Ending a running collaboration sets its end date too, which the
		// network's references read from the outline rows.
		c2 := sqldbtest.Collaboration("Avslutas", gavle, sundsvall)
		c2.Networks, c2.Status, c2.End = []string{"a"}, samverkan.StatusRunning, samverkan.Date{}
		c2.LegalForm = "informellt_natverk" // ends without decisions
		c2 = sqldbtest.MustCreateCollaboration(t, db, c2)
		_, err = db.ChangeStatus(ctx, c2.ID, c2.Version, samverkan.StatusEnded, samverkan.MustDate("2025-05-31"), "")
		mustOK(t, "end", err)
		if got := mustGet(t, db, c2.ID).End; got != samverkan.MustDate("2025-05-31") {
			t.Fatalf("ending set the end date %v", got)
		}
		check("ended")

		events, err := db.AuditEvents(ctx, sqldb.EntityCollaboration, "")
		mustOK(t, "audit", err)
		restored := false
		for _, e := range events {
			if e.EntityID == fmt.Sprint(odd.ID) && e.Action == sqldb.ActionCreate {
				_, err := db.RestoreCollaboration(ctx, odd.ID, e.ID, mustGet(t, db, odd.ID).Version)
				mustOK(t, "restore", err)
				restored = true
			}
		}
		if !restored {
			t.Fatal("no create event to restore")
		}
		check("restored")

		bulk := []*samverkan.Collaboration{sqldbtest.Collaboration("Bulk 1", sundsvall, gavle), sqldbtest.Collaboration("Bulk 2", gavle, uppsala)}
		bulk[0].Networks, bulk[1].Networks = []string{"a"}, []string{"a", "b"}
		bulk[1].Participants = append(bulk[1].Participants, samverkan.Participant{Party: "3:e kretsen: 12:ab", Role: samverkan.RoleFunder})
		bulk[1].Participants[0].Left = samverkan.MustDate("2030-06-30")
		mustOK(t, "bulk", db.CreateCollaborations(ctx, bulk))
		check("bulk create")

		// An import: a bulk load and an update in one all-or-nothing batch.
		mustOK(t, "import batch", db.BatchAllOrNothing(ctx, func(ctx context.Context, s samverkan.Store) error {
			more := []*samverkan.Collaboration{sqldbtest.Collaboration("Import 1", sundsvall, stockholm)}
			if err := s.(samverkan.BulkCreator).CreateCollaborations(ctx, more); err != nil {
				return err
			}
			c := mustGet(t, db, bulk[0].ID)
			c.Areas = []string{"870"}
			return s.UpdateCollaboration(ctx, c)
		}))
		check("import batch")

		// A batch whose second write fails: the first stays, the second
		// leaves no row behind.
		err = db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
			ok := sqldbtest.Collaboration("Sparad", gavle, orebro)
			if err := s.CreateCollaboration(ctx, ok); err != nil {
				return err
			}
			bad := sqldbtest.Collaboration("Ogiltig", gavle, orebro)
			bad.Networks = []string{"finns-inte"}
			if err := s.CreateCollaboration(ctx, bad); err == nil {
				return fmt.Errorf("a collaboration in an unknown network was created")
			}
			return nil
		})
		mustOK(t, "batch with a refused write", err)
		check("batch with a refused write")

		c1 = mustGet(t, db, c1.ID)
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c1.ID, c1.Version))
		check("deleted")

		cn, err := db.NetworkBySlug(ctx, "c")
		mustOK(t, "network c", err)
		mustOK(t, "delete network", db.DeleteNetwork(ctx, cn.Slug, cn.Version))
		check("network deleted")

		// A database from before the kept rows: Migrate writes them, those
		// of each table.
		live, err := db.AllOutlines(ctx, true)
		mustOK(t, "live", err)
		for _, table := range []string{"collaboration_outlines", "network_outlines"} {
			n, err := db.ForgetOutlines(ctx, table)
			mustOK(t, "forget", err)
			if n == 0 || table == "collaboration_outlines" && n != int64(len(live)) || len(live) != 6 {
				t.Fatalf("%d rows of %s (%d collaborations)", n, table, len(live))
			}
			mustOK(t, "migrate", db.Migrate(ctx))
			check("migrated, " + table)
		}
		_, err = db.ForgetOutlines(ctx, "collaboration_outlines")
		mustOK(t, "forget", err)
		_, err = db.ForgetOutlines(ctx, "network_outlines")
		mustOK(t, "forget", err)
		if kept, err := db.NetworkOutlines(ctx, "a"); err != nil || len(kept) != 0 {
			t.Fatalf("outlines without rows: %d (%v)", len(kept), err)
		}
		mustOK(t, "migrate", db.Migrate(ctx))
		check("migrated, both")
		if found < 10 {
			t.Errorf("the network filters found %d records over all steps; the comparison tests too little", found)
		}
	})
}

// outlineFilters are the filters by status and legal form that
// FindCollaborations answers for a network from its outline rows.
var outlineFilters = []samverkan.CollaborationFilter{
	{Phase: samverkan.PhasePipeline, Sort: "title"},
	{Phase: samverkan.PhaseRunning},
	{Phase: samverkan.PhaseEnded, Sort: "-title"},
	{Status: samverkan.StatusIdea},
	{Statuses: []string{samverkan.StatusRejected, samverkan.StatusRunning, samverkan.StatusIdea}, Sort: "title"},
	{LegalForm: samverkan.FormAgreement},
	{LegalForm: samverkan.FormAgreement, Phase: samverkan.PhasePipeline},
	{Status: samverkan.StatusRunning, Phase: samverkan.PhasePipeline}, // none can match
	{Status: samverkan.StatusIdea, Statuses: []string{samverkan.StatusIdea, samverkan.StatusRunning}, Phase: samverkan.PhasePipeline},
	{Phase: samverkan.PhasePipeline, Limit: 1, Offset: 1, Sort: "title"},
}

func withNetwork(f samverkan.CollaborationFilter, slug string) samverkan.CollaborationFilter {
	f.Network = slug
	return f
}

func idsOf(cs []*samverkan.Collaboration) []int64 {
	out := []int64{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
