package sqldb_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// liveMunicipalityCosts is the municipality page's cost table computed
// at read time, as it was before the writes kept it: the municipality's
// running collaborations by title with their participants, their cost
// sharing and the populations, through samverkan.MunicipalityCosts; the
// rows it pays for.
func liveMunicipalityCosts(t *testing.T, db *sqldb.DB, code string, year int) []string {
	t.Helper()
	ctx := context.Background()
	cs, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Municipality: code, Phase: samverkan.PhaseRunning,
		Sort: "title", Limit: samverkan.MaxLimit, With: []string{samverkan.WithParticipants}})
	mustOK(t, "live collaborations", err)
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	sharing, err := db.CostSharings(ctx, ids)
	mustOK(t, "live cost sharings", err)
	pop, err := samverkan.Populations(ctx, db, refdata.MustCatalog())
	mustOK(t, "live populations", err)
	rows, _ := samverkan.MunicipalityCosts(code, cs, sharing, year, pop)
	out := []string{}
	for _, mc := range rows {
		if mc.Pays {
			out = append(out, costLine(mc))
		}
	}
	return out
}

func costLine(mc samverkan.MemberCost) string {
	amount := "okänt"
	if mc.Amount != nil {
		amount = strconv.FormatInt(*mc.Amount, 10)
	}
	c := mc.Collaboration
	return fmt.Sprintf("%d %q key=%s share=%d amount=%s reason=%q pays=%v", c.ID, c.Title, c.CostKey, mc.ShareBP, amount, mc.Reason, mc.Pays)
}

// TestMunicipalityCostsKeptByWrites: after every kind of write that can
// change what a municipality pays (creates, cost key and annual cost
// changes, a participant joining, leaving or becoming an observer, status
// changes, deletes, restores, bulk creates, batches, cost sharing saved,
// population figures loaded, a new year) the cost rows the writes keep
// equal the table computed at read time, for every municipality.
func TestMunicipalityCostsKeptByWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		year := samverkan.Today().Year()
		codes := []string{gavle, sundsvall, uppsala, stockholm, malmo, ostersund, orebro, goteborg}
		check := func(step string) {
			t.Helper()
			for _, code := range codes {
				kept, ok, err := db.KeptMunicipalityCosts(ctx, code, year)
				mustOK(t, step+": kept", err)
				if !ok {
					t.Fatalf("%s: the cost rows are not kept for %d", step, year)
				}
				got := []string{}
				for _, mc := range kept {
					got = append(got, costLine(mc))
				}
				if g, w := asJSON(t, got), asJSON(t, liveMunicipalityCosts(t, db, code, year)); g != w {
					t.Fatalf("%s: costs of %s\n got %s\nwant %s", step, code, g, w)
				}
			}
		}
		check("empty")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("a", gavle, sundsvall, uppsala, orebro))
		mk := func(title, key string, cost *int64, codes ...string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, codes...)
			c.Networks, c.CostKey, c.AnnualCost = []string{"a"}, key, cost
			return sqldbtest.MustCreateCollaboration(t, db, c)
		}
		pop := mk("Befolkning", samverkan.CostKeyPopulation, ptr(int64(1_000_000)), gavle, sundsvall, uppsala)
		equal := mk("Lika delar", samverkan.CostKeyEqual, ptr(int64(90_000)), gavle, orebro, stockholm)
		fixed := mk("Fast andel", samverkan.CostKeyFixed, ptr(int64(50_000)), sundsvall, ostersund)
		mk("Ingen nyckel", "", ptr(int64(10)), gavle, malmo)
		mk("Okänd kostnad", samverkan.CostKeyEqual, nil, uppsala, goteborg)
		mk("Per avtal", samverkan.CostKeyPerAgreement, ptr(int64(70)), malmo, goteborg)
		idea := sqldbtest.Collaboration("Idé", gavle, sundsvall)
		idea.Status, idea.CostKey, idea.AnnualCost = samverkan.StatusIdea, samverkan.CostKeyEqual, ptr(int64(5))
		sqldbtest.MustCreateCollaboration(t, db, idea)
		check("creates")

		c := mustGet(t, db, equal.ID)
		c.AnnualCost, c.Title = ptr(int64(120_000)), "A först: lika delar"
		mustOK(t, "cost and title", db.UpdateCollaboration(ctx, c))
		check("cost and title changed")

		c = mustGet(t, db, equal.ID)
		c.Participants = append(c.Participants, samverkan.Participant{Code: goteborg})
		c.Participants[1].Role = samverkan.RoleObserver
		mustOK(t, "participants", db.UpdateCollaboration(ctx, c))
		check("joined and observer")

		// Who left last year or joins next year does not pay this year
		// (set at creation: leaving later needs the leave decisions).
		left := sqldbtest.Collaboration("Med en som lämnat", gavle, orebro, uppsala)
		left.Networks, left.CostKey, left.AnnualCost = []string{"a"}, samverkan.CostKeyEqual, ptr(int64(3_000))
		left.Participants[1].Left = samverkan.NewDate(year-1, 6, 30)
		left.Participants[2].Joined = samverkan.NewDate(year+1, 1, 1)
		sqldbtest.MustCreateCollaboration(t, db, left)
		check("left last year, joins next year")

		cs := &samverkan.CostSharing{CollaborationID: fixed.ID,
			Members: []samverkan.CostInput{{Code: sundsvall, Percent: ptr(70.0)}, {Code: ostersund, Percent: ptr(30.0)}},
			Years:   []samverkan.CostYear{{Year: year, Budget: ptr(int64(80_000))}}}
		mustOK(t, "cost sharing", db.SaveCostSharing(ctx, cs))
		check("cost sharing saved")
		cs, err := db.CostSharing(ctx, fixed.ID)
		mustOK(t, "cost sharing", err)
		cs.Members[0].Percent, cs.Members[1].Percent = ptr(45.5), ptr(54.5)
		mustOK(t, "cost sharing again", db.SaveCostSharing(ctx, cs))
		check("cost sharing changed")

		mustOK(t, "population", db.SavePopulationFigures(ctx, []samverkan.PopulationFigure{
			{Code: gavle, ReferenceDate: samverkan.NewDate(year-1, 12, 31), Population: 100_000, Source: "test"},
			{Code: sundsvall, ReferenceDate: samverkan.NewDate(year-1, 12, 31), Population: 50_000, Source: "test"}}))
		check("population loaded")

		// An agreement that has run out may end without decisions.
		c = mustGet(t, db, equal.ID)
		c.End = samverkan.NewDate(year-1, 12, 31)
		mustOK(t, "run out", db.UpdateCollaboration(ctx, c))
		_, err = db.ChangeStatus(ctx, equal.ID, mustGet(t, db, equal.ID).Version, samverkan.StatusEnded, samverkan.NewDate(year, 1, 2), "")
		mustOK(t, "status", err)
		check("status changed")

		c = mustGet(t, db, fixed.ID)
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c.ID, c.Version))
		check("deleted")

		bulk := []*samverkan.Collaboration{sqldbtest.Collaboration("Bulk 1", sundsvall, gavle), sqldbtest.Collaboration("Bulk 2", gavle, uppsala)}
		bulk[0].CostKey, bulk[0].AnnualCost = samverkan.CostKeyEqual, ptr(int64(33))
		bulk[1].CostKey, bulk[1].AnnualCost = samverkan.CostKeyPopulation, ptr(int64(1_001))
		mustOK(t, "bulk", db.CreateCollaborations(ctx, bulk))
		// A bulk load leaves the rows stale (readers compute live) ...
		if _, ok, err := db.KeptMunicipalityCosts(ctx, gavle, year); err != nil || ok {
			t.Fatalf("bulk create: cost rows kept (ok=%v, %v), want stale for the background task", ok, err)
		}
		// ... and a single write meanwhile neither rebuilds nor writes them,
		c = mustGet(t, db, pop.ID)
		c.Description = "Under en massinläsning"
		mustOK(t, "update while stale", db.UpdateCollaboration(ctx, c))
		if _, ok, err := db.KeptMunicipalityCosts(ctx, gavle, year); err != nil || ok {
			t.Fatalf("write while stale: cost rows kept (ok=%v, %v), want stale", ok, err)
		}
		// until the periodic task rebuilds them; running it again is a no-op.
		mustOK(t, "task", db.RebuildStaleMunicipalityCosts(ctx))
		check("bulk create, after the background rebuild")
		mustOK(t, "task again", db.RebuildStaleMunicipalityCosts(ctx))
		check("the task with nothing stale")

		c = mustGet(t, db, pop.ID)
		mustOK(t, "batch", db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
			c.AnnualCost = ptr(int64(555))
			if err := s.UpdateCollaboration(ctx, c); err != nil {
				return err
			}
			n := sqldbtest.Collaboration("I batch", stockholm, uppsala)
			n.CostKey, n.AnnualCost = samverkan.CostKeyEqual, ptr(int64(8))
			return s.CreateCollaboration(ctx, n)
		}))
		check("batch")

		c = mustGet(t, db, pop.ID)
		events, err := db.AuditEvents(ctx, sqldb.EntityCollaboration, strconv.FormatInt(c.ID, 10))
		mustOK(t, "audit", err)
		for _, e := range events {
			if e.Action == sqldb.ActionCreate {
				_, err := db.RestoreCollaboration(ctx, c.ID, e.ID, c.Version)
				mustOK(t, "restore", err)
			}
		}
		check("restored to as created")

		// A new year: the rows of the old one are not given out, and the
		// first write, whatever it is, computes them for the new one.
		mustOK(t, "age", db.AgeMunicipalityCosts(ctx))
		if _, ok, err := db.KeptMunicipalityCosts(ctx, gavle, year); err != nil || ok {
			t.Fatalf("last year's rows given out for this year: ok=%v, %v", ok, err)
		}
		n := sqldbtest.Network("b", malmo, goteborg)
		sqldbtest.MustCreateNetwork(t, db, n)
		check("new year")
	})
}

// TestMunicipalityMemberships: a municipality's memberships, read on
// their own for its page, are those found in every network (by network
// name, each network's in member order), after creates and changes.
func TestMunicipalityMemberships(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		codes := []string{gavle, sundsvall, uppsala, stockholm, malmo, ostersund}
		check := func(step string) {
			t.Helper()
			nets, err := db.Networks(ctx)
			mustOK(t, step+": networks", err)
			for _, code := range codes {
				want := []samverkan.Membership{}
				for _, n := range nets {
					for _, m := range n.Members {
						if m.Code == code {
							want = append(want, samverkan.Membership{Slug: n.Slug, Name: n.Name, Member: m})
						}
					}
				}
				got, err := db.MunicipalityMemberships(ctx, code)
				mustOK(t, step+": memberships", err)
				if got == nil {
					got = []samverkan.Membership{}
				}
				if g, w := asJSON(t, got), asJSON(t, want); g != w {
					t.Fatalf("%s: memberships of %s\n got %s\nwant %s", step, code, g, w)
				}
			}
		}
		check("empty")
		z := sqldbtest.Network("z", gavle, sundsvall)
		z.Name = "Östra nätverket"
		sqldbtest.MustCreateNetwork(t, db, z)
		a := sqldbtest.Network("a", uppsala, gavle, stockholm)
		a.Name = "Västra nätverket"
		sqldbtest.MustCreateNetwork(t, db, a)
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("m", malmo, gavle))
		check("created")
		n, err := db.NetworkBySlug(ctx, "a")
		mustOK(t, "network", err)
		n.Members[1].Left = samverkan.MustDate("2021-01-01")
		n.Members = append(n.Members, samverkan.NetworkMember{Code: ostersund, Joined: samverkan.MustDate("2022-02-02")})
		mustOK(t, "update", db.UpdateNetwork(ctx, n))
		check("member left, another joined")
	})
}
