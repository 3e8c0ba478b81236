package sqldb_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestMunicipalityPage: the municipality page's one read gives, for every
// municipality and page, what FindCollaborations gives for its list (the
// records with their areas and participants, in title order, and their
// number) and ParticipationCounts for its map: running collaborations
// only, participants who left before today not counted, a municipality
// that left itself still shown with the others, pages past the end empty.
func TestMunicipalityPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		mk := func(title, status string, codes ...string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, codes...)
			c.Status = status
			return c
		}
		left := mk("Där Gävle lämnat", samverkan.StatusRunning, gavle, orebro, uppsala)
		left.Participants[0].Left = samverkan.MustDate("2020-06-30")
		other := mk("Där Örebro lämnat", samverkan.StatusUnderReview, gavle, orebro, sundsvall)
		other.Participants[1].Left = samverkan.MustDate("2021-12-31")
		// The list rows show areas in their order, the start, the cost
		// (known or not), the host (or none) and a party counted among
		// the participants.
		other.Areas, other.Start, other.AnnualCost = []string{"870", "270", "X-OF"}, samverkan.MustDate("2019-03-01"), ptr(int64(12_500))
		left.Areas, left.Host = []string{"510"}, ""
		left.Participants = append(left.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region"})
		for _, c := range []*samverkan.Collaboration{
			mk("Öppen förskola", samverkan.StatusRunning, gavle, sundsvall),
			mk("Avfall", samverkan.StatusNoticeGiven, gavle, uppsala, stockholm),
			mk("Idé om lön", samverkan.StatusIdea, gavle, uppsala),
			mk("Avslutad", samverkan.StatusEnded, gavle, orebro),
			mk("Ärenden", samverkan.StatusRunning, gavle, ostersund),
			mk("Beredning", samverkan.StatusPreparation, sundsvall, ostersund),
			left, other,
		} {
			sqldbtest.MustCreateCollaboration(t, db, c)
		}
		checked := 0
		for _, code := range []string{gavle, orebro, uppsala, sundsvall, stockholm, ostersund, malmo} {
			wantShared, err := db.ParticipationCounts(ctx, samverkan.CollaborationFilter{Municipality: code, Phase: samverkan.PhaseRunning})
			mustOK(t, "ParticipationCounts", err)
			for _, page := range []struct{ offset, limit int }{{0, 50}, {0, 3}, {3, 3}, {6, 3}, {20, 3}} {
				want, wantTotal, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Municipality: code, Sort: "title",
					Offset: page.offset, Limit: page.limit, With: samverkan.WithListRow})
				mustOK(t, "FindCollaborations", err)
				got, total, shared, err := db.MunicipalityPage(ctx, code, page.offset, page.limit)
				mustOK(t, "MunicipalityPage", err)
				wantRows := []samverkan.ListRow{}
				for _, c := range want {
					wantRows = append(wantRows, samverkan.ListRowOf(c))
				}
				if g, w := asJSON(t, append([]samverkan.ListRow{}, got...)), asJSON(t, wantRows); g != w || total != wantTotal {
					t.Fatalf("%s %+v: rows (total %d)\n got %s\nwant %s (total %d)", code, page, total, g, w, wantTotal)
				}
				if g, w := asJSON(t, shared), asJSON(t, wantShared); g != w {
					t.Fatalf("%s: shared\n got %s\nwant %s", code, g, w)
				}
				checked += len(got)
			}
		}
		// Gävle's map: five running (two under review or notice given),
		// Örebro counted in one (it left the other), Gävle itself not in
		// the one it left.
		_, _, shared, err := db.MunicipalityPage(ctx, gavle, 0, 50)
		mustOK(t, "MunicipalityPage", err)
		want := map[string]int{gavle: 4, sundsvall: 2, uppsala: 2, stockholm: 1, ostersund: 1, orebro: 1}
		if asJSON(t, shared) != asJSON(t, want) || checked < 20 {
			t.Fatalf("Gävle's map %v, want %v (%d rows compared)", shared, want, checked)
		}
	})
}
