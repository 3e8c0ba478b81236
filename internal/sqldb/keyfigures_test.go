package sqldb_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestKeyFiguresKeptByWrites: after every kind of write the key figures
// the writes keep (network_stats, network_reach, public_reach) give the
// overview and /insyn exactly what the old aggregate over the whole
// register gives: creates, status and cost changes, moves between
// networks, a collaboration in two public networks, participants who
// left, deletes, restores, bulk creates, batches, member and visibility
// changes of a network.
func TestKeyFiguresKeptByWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		check := func(step string) {
			t.Helper()
			wantNets, wantPub, err := db.LiveKeyFigures(ctx)
			mustOK(t, step+": live", err)
			nets, err := db.NetworkSummaries(ctx)
			mustOK(t, step+": NetworkSummaries", err)
			pub, err := db.PublicSummary(ctx)
			mustOK(t, step+": PublicSummary", err)
			if g, w := asJSON(t, nets), asJSON(t, wantNets); g != w {
				t.Fatalf("%s: network summaries\n got %s\nwant %s", step, g, w)
			}
			if g, w := asJSON(t, pub), asJSON(t, wantPub); g != w {
				t.Fatalf("%s: public summary\n got %s\nwant %s", step, g, w)
			}
			// One public network's figures, as the public network page
			// reads them, are its entry of the summary.
			for _, want := range wantPub.Networks {
				got, err := db.PublicNetworkSummary(ctx, want.Slug)
				mustOK(t, step+": PublicNetworkSummary", err)
				if g, w := asJSON(t, got), asJSON(t, want); g != w {
					t.Fatalf("%s: public network %s\n got %s\nwant %s", step, want.Slug, g, w)
				}
			}
			if _, err := db.PublicNetworkSummary(ctx, "dolt"); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
				t.Fatalf("%s: a hidden network's public figures: %v", step, err)
			}
			// The national map's counts, kept by the writes, equal the
			// aggregate over the participants (the same filter spelled
			// with every id takes the aggregate's way).
			kept, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning})
			mustOK(t, step+": kept participation", err)
			all, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Limit: samverkan.MaxLimit, With: []string{}})
			mustOK(t, step+": all collaborations", err)
			ids := []int64{-1} // never empty: an empty list means no filter
			for _, c := range all {
				ids = append(ids, c.ID)
			}
			live, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning, IDs: ids})
			mustOK(t, step+": live participation", err)
			if g, w := asJSON(t, kept), asJSON(t, live); g != w {
				t.Fatalf("%s: participation per municipality\n got %s\nwant %s", step, g, w)
			}
			// The network page's map (network_running, kept by the writes)
			// equals the same aggregate over the network's collaborations.
			for _, n := range wantNets {
				kept, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{Network: n.Slug, Phase: samverkan.PhaseRunning})
				mustOK(t, step+": kept network participation", err)
				live, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{Network: n.Slug, Phase: samverkan.PhaseRunning, IDs: ids})
				mustOK(t, step+": live network participation", err)
				if g, w := asJSON(t, kept), asJSON(t, live); g != w {
					t.Fatalf("%s: participation per municipality in %s\n got %s\nwant %s", step, n.Slug, g, w)
				}
			}
			// The municipality page's map (municipality_shared, kept by
			// the writes) equals the aggregate over the collaborations the
			// municipality takes part in, as does the page's one read.
			for _, code := range []string{stockholm, uppsala, malmo, goteborg, orebro, gavle, sundsvall, ostersund} {
				kept, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{Municipality: code, Phase: samverkan.PhaseRunning})
				mustOK(t, step+": kept municipality participation", err)
				live, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{Municipality: code, Phase: samverkan.PhaseRunning, IDs: ids})
				mustOK(t, step+": live municipality participation", err)
				_, _, page, err := db.MunicipalityPage(ctx, code, 0, 1)
				mustOK(t, step+": municipality page", err)
				if g, p, w := asJSON(t, kept), asJSON(t, page), asJSON(t, live); g != w || p != w {
					t.Fatalf("%s: participation with %s\n got %s\npage %s\nwant %s", step, code, g, p, w)
				}
			}
		}
		check("empty")
		a := sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("a", gavle, sundsvall))
		b := sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("b", gavle, uppsala, stockholm))
		hidden := sqldbtest.Network("dolt", malmo, ostersund)
		hidden.Public = false
		sqldbtest.MustCreateNetwork(t, db, hidden)
		check("networks")

		mk := func(title string, nets []string, status string, public bool, cost *int64, codes ...string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, codes...)
			c.Networks, c.Status, c.Public, c.AnnualCost = nets, status, public, cost
			return sqldbtest.MustCreateCollaboration(t, db, c)
		}
		// A participant who has left (set at creation: leaving later needs
		// the leave decisions, which are not what this test is about).
		left := sqldbtest.Collaboration("Med en som lämnat", gavle, orebro, uppsala)
		left.Networks, left.AnnualCost = []string{"a"}, ptr(int64(5))
		left.Participants[1].Left = samverkan.MustDate("2020-06-30")
		sqldbtest.MustCreateCollaboration(t, db, left)
		c1 := mk("I a", []string{"a"}, samverkan.StatusRunning, true, ptr(int64(100)), gavle, orebro)
		c2 := mk("I a och b", []string{"a", "b"}, samverkan.StatusRunning, true, ptr(int64(40)), gavle, goteborg)
		mk("Idé i b", []string{"b"}, samverkan.StatusIdea, true, nil, uppsala, stockholm)
		c4 := mk("Dold i b", []string{"b"}, samverkan.StatusIdea, false, ptr(int64(7)), stockholm, malmo)
		mk("I dolt", []string{"dolt"}, samverkan.StatusRunning, true, ptr(int64(9)), malmo, ostersund)
		check("creates")

		c1 = mustGet(t, db, c1.ID)
		c1.AnnualCost = nil
		mustOK(t, "update c1", db.UpdateCollaboration(ctx, c1))
		check("cost unknown")

		c2 = mustGet(t, db, c2.ID)
		c2.Networks = []string{"b"}
		mustOK(t, "move c2", db.UpdateCollaboration(ctx, c2))
		check("moved to b only")

		_, err := db.ChangeStatus(ctx, c4.ID, mustGet(t, db, c4.ID).Version, samverkan.StatusRejected, samverkan.MustDate("2024-01-01"), "")
		mustOK(t, "status", err)
		check("status changed")

		c2 = mustGet(t, db, c2.ID)
		mustOK(t, "delete c2", db.DeleteCollaboration(ctx, c2.ID, c2.Version))
		check("deleted")

		events, err := db.AuditEvents(ctx, sqldb.EntityCollaboration, "")
		mustOK(t, "audit", err)
		for _, e := range events {
			if e.EntityID == strconv.FormatInt(c1.ID, 10) && e.Action == sqldb.ActionCreate {
				_, err := db.RestoreCollaboration(ctx, c1.ID, e.ID, mustGet(t, db, c1.ID).Version)
				mustOK(t, "restore", err)
			}
		}
		check("restored")

		bulk := []*samverkan.Collaboration{sqldbtest.Collaboration("Bulk 1", sundsvall, gavle), sqldbtest.Collaboration("Bulk 2", gavle, uppsala)}
		bulk[0].Networks, bulk[1].Networks = []string{"a"}, []string{"a", "b"}
		mustOK(t, "bulk", db.CreateCollaborations(ctx, bulk))
		check("bulk create")
		// A bulk load leaves the cost rows and the shared counts to the
		// background task; after it they are kept again.
		mustOK(t, "rebuild stale", db.RebuildStaleMunicipalityCosts(ctx))
		check("bulk create, rows rebuilt")

		// A bulk load adds its records' figures to the kept ones: every
		// phase, costs known and unknown, hidden records, a hidden network
		// before a public one (the first public network is b), members who
		// left on different dates (the latest is the reach's end) and a
		// municipality no kept row names yet (Östersund outside "dolt").
		mixed := func(title string, nets []string, status string, public bool, cost *int64, codes ...string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, codes...)
			c.Networks, c.Status, c.Public, c.AnnualCost = nets, status, public, cost
			return c
		}
		bulk = []*samverkan.Collaboration{
			mixed("Bulk igång", []string{"dolt", "b"}, samverkan.StatusRunning, true, ptr(int64(1000)), stockholm, ostersund, gavle),
			mixed("Bulk idé", []string{"a"}, samverkan.StatusIdea, true, ptr(int64(3)), sundsvall, orebro),
			mixed("Bulk dold", []string{"b", "a"}, samverkan.StatusRunning, false, ptr(int64(20)), uppsala, malmo),
			mixed("Bulk utan kostnad", []string{"b"}, samverkan.StatusRunning, true, nil, uppsala, goteborg),
			mixed("Bulk avslutad", []string{"a"}, samverkan.StatusRejected, true, ptr(int64(8)), gavle, orebro),
			mixed("Bulk bara dold", []string{"dolt"}, samverkan.StatusRunning, true, ptr(int64(11)), ostersund, malmo),
		}
		bulk[0].Participants[1].Left = samverkan.MustDate("2031-12-31")
		bulk[2].Participants[0].Left = samverkan.MustDate("2019-01-31")
		bulk[3].Participants[0].Left = samverkan.MustDate("2035-05-01")
		bulk[3].Participants[1].Left = samverkan.MustDate("2035-05-01")
		mustOK(t, "bulk mixed", db.CreateCollaborations(ctx, bulk))
		check("bulk create, mixed")

		// In an all-or-nothing batch (an import) with a write that
		// refreshes a network and municipalities of its own: b and its
		// members are recomputed, the rest added to.
		cu := mustGet(t, db, c1.ID)
		mustOK(t, "import batch", db.BatchAllOrNothing(ctx, func(ctx context.Context, s samverkan.Store) error {
			more := []*samverkan.Collaboration{
				mixed("Import 1", []string{"a"}, samverkan.StatusRunning, true, ptr(int64(70)), sundsvall, stockholm),
				mixed("Import 2", []string{"b"}, samverkan.StatusRunning, true, ptr(int64(2)), uppsala, malmo),
			}
			more[0].Participants[1].Left = samverkan.MustDate("2040-01-01")
			if err := s.(samverkan.BulkCreator).CreateCollaborations(ctx, more); err != nil {
				return err
			}
			cu.Networks, cu.AnnualCost = []string{"b"}, ptr(int64(5))
			return s.UpdateCollaboration(ctx, cu)
		}))
		check("bulk create and update in one batch")

		// In a batch whose writes each have a savepoint, one that fails
		// after a bulk load leaves no figures of its own behind.
		err = db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
			ok := []*samverkan.Collaboration{mixed("Sparad", []string{"a"}, samverkan.StatusRunning, true, ptr(int64(4)), gavle, orebro)}
			if err := s.(samverkan.BulkCreator).CreateCollaborations(ctx, ok); err != nil {
				return err
			}
			bad := []*samverkan.Collaboration{mixed("Ogiltig", []string{"finns-inte"}, samverkan.StatusRunning, true, nil, gavle, orebro)}
			if err := s.(samverkan.BulkCreator).CreateCollaborations(ctx, bad); err == nil {
				return fmt.Errorf("a collaboration in an unknown network was created")
			}
			return nil
		})
		mustOK(t, "batch with a refused bulk load", err)
		check("batch with a refused bulk load")

		// So many leaving dates that the figures are rebuilt instead.
		bulk = nil
		day := samverkan.MustDate("2030-01-01").Time()
		for i := range 400 {
			c := mixed("Lämnad "+strconv.Itoa(i), []string{"a"}, samverkan.StatusRunning, true, ptr(int64(i)), gavle, sundsvall)
			c.Participants[1].Left = samverkan.DateOf(day.AddDate(0, 0, i))
			bulk = append(bulk, c)
		}
		mustOK(t, "bulk with many leaving dates", db.CreateCollaborations(ctx, bulk))
		check("bulk with many leaving dates")

		c := mustGet(t, db, c1.ID)
		mustOK(t, "batch", db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
			c.AnnualCost = ptr(int64(555))
			if err := s.UpdateCollaboration(ctx, c); err != nil {
				return err
			}
			n := sqldbtest.Collaboration("I batch", stockholm, uppsala)
			n.Networks = []string{"b"}
			return s.CreateCollaboration(ctx, n)
		}))
		check("batch")

		a, err = db.NetworkBySlug(ctx, a.Slug)
		mustOK(t, "network", err)
		a.Members[0].Left = samverkan.MustDate("2021-01-01")
		mustOK(t, "member left", db.UpdateNetwork(ctx, a))
		check("member left")

		b, err = db.NetworkBySlug(ctx, b.Slug)
		mustOK(t, "network", err)
		b.Public = false
		mustOK(t, "hide b", db.UpdateNetwork(ctx, b))
		check("network hidden")
	})
}

// TestKeyFiguresConcurrentWrites: writers changing collaborations of the
// same network and municipalities at once all succeed, and the figures
// they leave are the register's (on PostgreSQL two refreshes of one
// network at once once collided on its primary key).
func TestKeyFiguresConcurrentWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("delad", gavle, sundsvall))
		var ids []int64
		for i := range 6 {
			c := sqldbtest.Collaboration("Samtidig "+strconv.Itoa(i), gavle, sundsvall)
			c.Networks, c.AnnualCost = []string{"delad"}, ptr(int64(10))
			ids = append(ids, sqldbtest.MustCreateCollaboration(t, db, c).ID)
		}
		errs := make(chan error, len(ids)+1)
		for i, id := range ids {
			go func() {
				var err error
				for n := range 4 {
					c, gerr := db.CollaborationByID(ctx, id)
					if gerr != nil {
						err = gerr
						break
					}
					c.AnnualCost = ptr(int64(100*i + n))
					if err = db.UpdateCollaboration(ctx, c); err != nil {
						break
					}
				}
				errs <- err
			}()
		}
		// A bulk load into the same network at the same time adds its
		// figures to rows the updates keep recomputing.
		go func() {
			var err error
			for n := range 3 {
				bulk := []*samverkan.Collaboration{sqldbtest.Collaboration("Bulk "+strconv.Itoa(n), gavle, sundsvall),
					sqldbtest.Collaboration("Bulk ny "+strconv.Itoa(n), sundsvall, uppsala)}
				bulk[0].Networks, bulk[1].Networks = []string{"delad"}, []string{"delad"}
				bulk[0].AnnualCost = ptr(int64(n))
				if err = db.CreateCollaborations(ctx, bulk); err != nil {
					break
				}
			}
			errs <- err
		}()
		for range len(ids) + 1 {
			mustOK(t, "concurrent write", <-errs)
		}
		wantNets, wantPub, err := db.LiveKeyFigures(ctx)
		mustOK(t, "live", err)
		nets, err := db.NetworkSummaries(ctx)
		mustOK(t, "NetworkSummaries", err)
		pub, err := db.PublicSummary(ctx)
		mustOK(t, "PublicSummary", err)
		if g, w := asJSON(t, nets), asJSON(t, wantNets); g != w {
			t.Errorf("network summaries\n got %s\nwant %s", g, w)
		}
		if g, w := asJSON(t, pub), asJSON(t, wantPub); g != w {
			t.Errorf("public summary\n got %s\nwant %s", g, w)
		}
	})
}
