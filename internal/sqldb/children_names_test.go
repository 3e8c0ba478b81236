package sqldb_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestChildNamesAsJoined: the participants and networks of whole records
// (read a page at a time, the names and slugs looked up once each) are
// those the joins read one record at a time gave: municipality names from
// the municipalities table, party names and kinds from the parties table
// (after a rename too), slugs in the record's order, parties and
// municipalities mixed in the record's order, records with none.
func TestChildNamesAsJoined(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for _, slug := range []string{"a", "b", "c"} {
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network(slug, gavle, sundsvall, orebro, uppsala, stockholm, malmo))
		}
		parties := []samverkan.Participant{
			{Party: "3:e kretsen: 12:ab", PartyKind: "annan", Role: samverkan.RoleFunder},
			{Party: "Region Gävleborg", PartyKind: "region", Role: samverkan.RoleFunder, Left: samverkan.MustDate("2023-12-31")},
			{Party: `Bolaget "AB" <&> \ ‘x’`, PartyKind: "bolag", Role: samverkan.RoleObserver},
		}
		codes := []string{gavle, sundsvall, orebro, uppsala, stockholm, malmo}
		var ids []int64
		for i := range 40 {
			c := sqldbtest.Collaboration(fmt.Sprintf("Samverkan %02d", i), codes[i%6], codes[(i+1)%6])
			if i%5 == 4 {
				c.Participants = append(c.Participants, samverkan.Participant{Code: codes[(i+3)%6], Role: samverkan.RoleObserver})
			}
			// Parties before, between and after the municipalities.
			switch i % 4 {
			case 1:
				c.Participants = append([]samverkan.Participant{parties[i%3]}, c.Participants...)
			case 2:
				c.Participants = append(c.Participants[:1], append([]samverkan.Participant{parties[i%3]}, c.Participants[1:]...)...)
			case 3:
				c.Participants = append(c.Participants, parties[i%3], parties[(i+1)%3])
			}
			switch i % 5 {
			case 0:
				c.Networks = nil
			case 1:
				c.Networks = []string{"c", "a"}
			case 2:
				c.Networks = []string{"b", "c", "a"}
			default:
				c.Networks = []string{"b"}
			}
			ids = append(ids, sqldbtest.MustCreateCollaboration(t, db, c).ID)
		}
		check := func(step string) {
			t.Helper()
			want, err := db.JoinedChildren(ctx, ids)
			mustOK(t, step+": joined", err)
			// A page of records, and each record alone.
			page, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Sort: "title", Limit: 100})
			mustOK(t, step+": FindCollaborations", err)
			if len(page) != len(want) {
				t.Fatalf("%s: %d records, want %d", step, len(page), len(want))
			}
			for i, w := range want {
				for _, got := range []*samverkan.Collaboration{page[i], mustGet(t, db, w.ID)} {
					if got.ID != w.ID || !reflect.DeepEqual(got.Participants, w.Participants) || !reflect.DeepEqual(got.Networks, w.Networks) {
						t.Fatalf("%s: record %d\n got %s %s\nwant %s %s", step, w.ID,
							asJSON(t, got.Participants), asJSON(t, got.Networks), asJSON(t, w.Participants), asJSON(t, w.Networks))
					}
				}
			}
			parties, networks := 0, 0
			for _, w := range want {
				networks += len(w.Networks)
				for _, p := range w.Participants {
					if p.Party != "" {
						parties++
					}
				}
			}
			if parties == 0 || networks == 0 {
				t.Fatalf("%s: the fixture has %d parties and %d networks", step, parties, networks)
			}
		}
		check("created")
		mustOK(t, "rename party", db.RenameParty(ctx, "Region Gävleborg", "Region Gävleborg (ny)"))
		mustOK(t, "rename municipality", db.RenameMunicipality(ctx, gavle, "Gävle (nytt namn)"))
		check("renamed")
		// The renames show (not only alike on both sides).
		seen := map[string]bool{}
		for _, id := range ids {
			for _, p := range mustGet(t, db, id).Participants {
				seen[p.Name], seen[p.Party] = true, true
			}
		}
		if !seen["Region Gävleborg (ny)"] || !seen["Gävle (nytt namn)"] || seen["Region Gävleborg"] || seen["Gävle"] {
			t.Fatalf("renamed: names read %v", seen)
		}
	})
}
