package sqldb_test

import (
	"context"
	"sort"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// outline is what NetworkOutlines promises of a collaboration.
type outline struct {
	ID                       int64
	Title, Status, LegalForm string
	Start                    samverkan.Date
	AnnualCost               *int64
	CostKey                  string
	Areas                    []string
	Codes, Parties           []string
	Left                     []samverkan.Date
}

func outlinesOf(cs []*samverkan.Collaboration) []outline {
	out := []outline{}
	for _, c := range cs {
		o := outline{ID: c.ID, Title: c.Title, Status: c.Status, LegalForm: c.LegalForm, Start: c.Start,
			AnnualCost: c.AnnualCost, CostKey: c.CostKey, Areas: c.Areas}
		for _, p := range c.Participants {
			o.Codes, o.Parties, o.Left = append(o.Codes, p.Code), append(o.Parties, p.Party), append(o.Left, p.Left)
		}
		out = append(out, o)
	}
	return out
}

// TestNetworkOutlines: after creates, updates, moves between networks,
// status changes and deletes, a network's outlines are the fields of its
// whole records, in the same order, per phase, on both databases.
func TestNetworkOutlines(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		check := func(step string) {
			t.Helper()
			for _, slug := range []string{"a", "b", "ingen"} {
				for _, phase := range []string{"", samverkan.PhaseRunning, samverkan.PhasePipeline} {
					got, err := samverkan.NetworkOutlines(ctx, db, slug, phase)
					mustOK(t, step+": outlines", err)
					want, err := samverkan.AllCollaborations(ctx, db, samverkan.CollaborationFilter{Network: slug, Phase: phase})
					mustOK(t, step+": records", err)
					if g, w := asJSON(t, outlinesOf(got)), asJSON(t, outlinesOf(want)); g != w {
						t.Fatalf("%s: network %s, phase %q\n got %s\nwant %s", step, slug, phase, g, w)
					}
				}
			}
		}
		checkMunicipality := func(step string) {
			t.Helper()
			for _, code := range []string{gavle, orebro, uppsala, malmo, ostersund} {
				for _, limit := range []int{1, 2, samverkan.MaxLimit} {
					got, err := db.MunicipalityOutlines(ctx, code, limit)
					mustOK(t, step+": outlines", err)
					want, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Municipality: code, Limit: limit, Sort: "title"})
					mustOK(t, step+": records", err)
					if g, w := asJSON(t, outlinesOf(got)), asJSON(t, outlinesOf(want)); g != w {
						t.Fatalf("%s: municipality %s, limit %d\n got %s\nwant %s", step, code, limit, g, w)
					}
					for i := range got {
						if g, w := asJSON(t, got[i].Networks), asJSON(t, want[i].Networks); g != w {
							t.Fatalf("%s: municipality %s: networks of %d: %s, want %s", step, code, got[i].ID, g, w)
						}
					}
				}
			}
			checkTies(t, db, step)
		}
		defer checkMunicipality("end")
		check("empty")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("a", gavle, sundsvall, orebro))
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("b", uppsala, stockholm))
		mk := func(title string, nets []string, status string, cost *int64, codes ...string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, codes...)
			c.Networks, c.Status, c.AnnualCost = nets, status, cost
			return sqldbtest.MustCreateCollaboration(t, db, c)
		}
		left := sqldbtest.Collaboration("Ö med en som lämnat", gavle, orebro, uppsala)
		left.Networks = []string{"a"}
		left.Participants[1].Left = samverkan.MustDate("2020-06-30")
		sqldbtest.MustCreateCollaboration(t, db, left)
		c1 := mk("Äldreomsorg", []string{"a"}, samverkan.StatusRunning, ptr(int64(100)), gavle, orebro)
		party := sqldbtest.Collaboration("avfall", gavle, sundsvall)
		party.Networks, party.Areas = []string{"a", "b"}, []string{"870", "270"}
		party.Participants = append(party.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region", Role: samverkan.RoleFunder})
		sqldbtest.MustCreateCollaboration(t, db, party)
		mk("Idé", []string{"b"}, samverkan.StatusIdea, nil, uppsala, stockholm)
		mk("Annan", []string{"b"}, samverkan.StatusRunning, ptr(int64(7)), stockholm, malmo)
		check("creates")
		checkMunicipality("creates")

		c1 = mustGet(t, db, c1.ID)
		c1.Networks, c1.Title, c1.AnnualCost = []string{"b"}, "Aa först", nil
		mustOK(t, "update", db.UpdateCollaboration(ctx, c1))
		check("moved, renamed")
		checkMunicipality("moved, renamed")

		c1 = mustGet(t, db, c1.ID)
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c1.ID, c1.Version))
		check("deleted")
	})
}

// checkTies: the suggestions' ties read in one query are those derived
// from the union of each member's outlines (samverkan.TiesOf), for
// several member sets, networks and limits.
func checkTies(t *testing.T, db *sqldb.DB, step string) {
	t.Helper()
	ctx := context.Background()
	norm := func(ts []samverkan.SuggestionTie) []samverkan.SuggestionTie {
		for i := range ts {
			sort.Strings(ts[i].Members)
			sort.Strings(ts[i].Areas)
			if len(ts[i].Members) == 0 {
				ts[i].Members = nil
			}
			if len(ts[i].Areas) == 0 {
				ts[i].Areas = nil
			}
		}
		return ts
	}
	for _, members := range [][]string{{gavle, orebro, uppsala}, {stockholm, malmo}, {sundsvall}, {ostersund, gavle}} {
		for _, slug := range []string{"a", "b", "ingen"} {
			for _, limit := range []int{1, 2, samverkan.MaxLimit} {
				got, err := db.SuggestionTies(ctx, members, slug, limit)
				mustOK(t, step+": ties", err)
				var union []*samverkan.Collaboration
				seen := map[int64]bool{}
				for _, code := range members {
					cs, err := db.MunicipalityOutlines(ctx, code, limit)
					mustOK(t, step+": outlines", err)
					for _, c := range cs {
						if !seen[c.ID] {
							seen[c.ID] = true
							union = append(union, c)
						}
					}
				}
				sort.Slice(union, func(i, j int) bool { return union[i].ID < union[j].ID })
				want := samverkan.TiesOf(union, members, slug)
				if g, w := asJSON(t, norm(got)), asJSON(t, norm(want)); g != w {
					t.Fatalf("%s: members %v, network %s, limit %d\n got %s\nwant %s", step, members, slug, limit, g, w)
				}
			}
		}
	}
}
