package sqldb_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// FollowUpScores must give the roll-up the same follow-ups, with the same
// scores, budgets, costs and example marks, as the whole ScopeFollowUps:
// the follow-up page and the annual report roll up from it.
func TestFollowUpScores(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, running, idea := steeringFixture(t, db)
		mustOK(t, "2025", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: running.ID, Year: 2025,
			Assessments: []samverkan.PurposeAssessment{{Purpose: "Minska sårbarheten", Score: 4, Motivation: "Två kan svara."},
				{Purpose: "Dela kunskap", Score: 2}},
			Budget: ptr(int64(100000)), Cost: ptr(int64(125000)), Narrative: "Gick bra.", Example: true,
			Indicators: []samverkan.Indicator{{Name: "Samtal", Unit: "st", Value: ptr(1200.0)}}}))
		mustOK(t, "2024", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: running.ID, Year: 2024,
			Assessments: []samverkan.PurposeAssessment{{Purpose: "Minska sårbarheten", Score: 1, Motivation: "\"Citat\"\nrad två"}},
			Cost:        ptr(int64(5))}))
		mustOK(t, "idea 2025", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: idea.ID, Year: 2025}))
		mustOK(t, "idea 2023", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: idea.ID, Year: 2023,
			Assessments: []samverkan.PurposeAssessment{{Purpose: "Minska sårbarheten", Score: 3}}}))
		// A collaboration of another network must not be counted.
		other := &samverkan.Collaboration{Title: "Annan", Status: samverkan.StatusRunning,
			Participants: []samverkan.Participant{{Code: stockholm}, {Code: uppsala}}}
		mustOK(t, "other", db.CreateCollaboration(ctx, other))
		mustOK(t, "other 2025", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: other.ID, Year: 2025}))

		narrow := func(fus []*samverkan.FollowUp) []samverkan.FollowUp {
			out := []samverkan.FollowUp{}
			for _, f := range fus {
				out = append(out, samverkan.FollowUp{CollaborationID: f.CollaborationID, Year: f.Year,
					Assessments: f.Assessments, Budget: f.Budget, Cost: f.Cost, Example: f.Example})
			}
			return out
		}
		for _, c := range []struct {
			f     samverkan.RefFilter
			years []int
			want  int
		}{
			{samverkan.RefFilter{Network: n.Slug}, []int{2025, 2024, 2023}, 4},
			{samverkan.RefFilter{Network: n.Slug}, []int{2025}, 2},
			{samverkan.RefFilter{Municipality: ostersund}, []int{2024, 2025}, 3},
			{samverkan.RefFilter{Municipality: stockholm}, []int{2025}, 1},
			{samverkan.RefFilter{Network: "finns-inte"}, []int{2025}, 0},
			{samverkan.RefFilter{Network: n.Slug}, []int{2020}, 0},
			{samverkan.RefFilter{Network: n.Slug}, []int{2025, 2023}, 3},
			{samverkan.RefFilter{Network: n.Slug}, []int{2023, 2024}, 2},
		} {
			all, err := db.ScopeFollowUps(ctx, c.f, c.years...)
			mustOK(t, "ScopeFollowUps", err)
			got, err := db.FollowUpScores(ctx, c.f, c.years...)
			mustOK(t, "FollowUpScores", err)
			if len(got) != c.want {
				t.Errorf("%+v %v: %d follow-ups, want %d", c.f, c.years, len(got), c.want)
			}
			if !reflect.DeepEqual(narrow(got), narrow(all)) {
				t.Errorf("%+v %v:\n got %+v\nwant %+v", c.f, c.years, narrow(got), narrow(all))
			}
			for _, f := range got {
				if f.Narrative != "" || f.Indicators != nil || f.Version != 0 {
					t.Errorf("%d/%d: read more than the roll-up needs: %+v", f.CollaborationID, f.Year, f)
				}
			}
			// The roll-up over both is the same.
			if len(c.years) > 0 {
				refs, err := db.CollaborationRefs(ctx, c.f)
				mustOK(t, "refs", err)
				purposes := n.PurposeTexts()
				if a, b := samverkan.RollUp(purposes, c.years[0], refs, got), samverkan.RollUp(purposes, c.years[0], refs, all); !reflect.DeepEqual(a, b) {
					t.Errorf("%+v %d: roll-up %+v, want %+v", c.f, c.years[0], a, b)
				}
			}
		}
		if got, err := db.FollowUpScores(ctx, samverkan.RefFilter{Network: n.Slug}); err != nil || got != nil {
			t.Errorf("no years: %v, %v", got, err)
		}
	})
}

// CollaborationRefs sorts in Go by the stored title key: the order must
// be Swedish (å, ä, ö after z, case second), equal titles by id, on both
// databases.
func TestCollaborationRefsOrder(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, running, idea := steeringFixture(t, db)
		var want []samverkan.CollaborationRef
		for _, title := range []string{"Öppna data", "Ärendehantering", "zebra", "Zebra", "Åtgärd", "Ärendehantering", "avfall", "Avfall 2"} {
			c := &samverkan.Collaboration{Title: title, Status: samverkan.StatusIdea, Networks: []string{n.Slug},
				Participants: []samverkan.Participant{{Code: sundsvall}, {Code: ostersund}}}
			mustOK(t, "create "+title, db.CreateCollaboration(ctx, c))
			want = append(want, c.Ref())
		}
		want = append(want, mustGet(t, db, running.ID).Ref(), mustGet(t, db, idea.ID).Ref())
		samverkan.SortSwedish(want, func(c samverkan.CollaborationRef) string { return c.Title })
		// SortSwedish is stable and want was built in id order: equal
		// titles stay in id order, as the store's tie-break.
		got, err := db.CollaborationRefs(ctx, samverkan.RefFilter{Network: n.Slug})
		mustOK(t, "CollaborationRefs", err)
		if len(got) != len(want) {
			t.Fatalf("%d refs, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Errorf("ref %d: %d %q, want %d %q", i, got[i].ID, got[i].Title, want[i].ID, want[i].Title)
			}
		}
	})
}

// Endings of a network and of a municipality: documents and
// collaborations that end in the window, of collaborations not ended.
func TestEndingsScopes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, running, _ := steeringFixture(t, db)
		mk := func(title, status, end string, docEnd string, codes ...string) *samverkan.Collaboration {
			c := &samverkan.Collaboration{Title: title, Status: status, Networks: []string{n.Slug}}
			if end != "" {
				c.Start, c.End = samverkan.MustDate("2020-01-01"), samverkan.MustDate(end)
			}
			if docEnd != "" {
				c.Documents = []samverkan.Document{{Type: "avtal", Title: title + " avtal", ValidTo: samverkan.MustDate(docEnd)}}
			}
			for _, code := range codes {
				c.Participants = append(c.Participants, samverkan.Participant{Code: code})
			}
			mustOK(t, "create "+title, db.CreateCollaboration(ctx, c))
			return c
		}
		ends := mk("Slutar", samverkan.StatusRunning, "2026-05-01", "", sundsvall, ostersund)
		mk("Redan avslutad", samverkan.StatusEnded, "2026-05-02", "2026-05-03", sundsvall, ostersund)
		mk("Utanför fönstret", samverkan.StatusRunning, "2027-05-01", "2027-01-01", sundsvall, ostersund)
		other := mk("Annat avtal", samverkan.StatusRunning, "", "2026-02-01", stockholm, uppsala)
		from, to := samverkan.MustDate("2026-01-01"), samverkan.MustDate("2026-06-30")
		want := func(name string, f samverkan.RefFilter, ids ...int64) {
			t.Helper()
			got, err := db.Endings(ctx, f, from, to)
			mustOK(t, name, err)
			var gotIDs []int64
			for _, e := range got {
				gotIDs = append(gotIDs, e.ID)
			}
			if !reflect.DeepEqual(gotIDs, ids) {
				t.Errorf("%s: endings %v, want %v (%+v)", name, gotIDs, ids, got)
			}
		}
		// Soonest first: other's agreement (02-01), running's (03-31), ends (05-01).
		want("network", samverkan.RefFilter{Network: n.Slug}, other.ID, running.ID, ends.ID)
		want("Östersund", samverkan.RefFilter{Municipality: ostersund}, running.ID, ends.ID)
		want("Stockholm", samverkan.RefFilter{Municipality: stockholm}, other.ID)
		want("another network", samverkan.RefFilter{Network: "finns-inte"})
	})
}

// MemberNetworks gives what picking the members out of Networks gives:
// the networks the municipality has not left by the day, by name.
func TestMemberNetworks(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, _, _ := steeringFixture(t, db)
		other := fullNetwork()
		other.Slug, other.Name = "annat", "Ånge med flera"
		other.Members = []samverkan.NetworkMember{{Code: sundsvall, Left: samverkan.MustDate("2025-06-30")}, {Code: stockholm}}
		mustOK(t, "create other", db.CreateNetwork(ctx, other))
		third := fullNetwork()
		third.Slug, third.Name = "tredje", "Alla"
		third.Members = []samverkan.NetworkMember{{Code: sundsvall, Left: samverkan.MustDate("2026-01-01")}, {Code: stockholm}}
		mustOK(t, "create third", db.CreateNetwork(ctx, third))
		all, err := db.Networks(ctx)
		mustOK(t, "Networks", err)
		for _, c := range []struct {
			code, on string
			want     []string
		}{
			{sundsvall, "2025-01-01", []string{third.Slug, n.Slug, other.Slug}},
			{sundsvall, "2025-06-30", []string{third.Slug, n.Slug, other.Slug}},
			{sundsvall, "2025-07-01", []string{third.Slug, n.Slug}},
			{sundsvall, "2026-01-02", []string{n.Slug}},
			{stockholm, "2026-01-02", []string{third.Slug, other.Slug}},
			{uppsala, "2026-01-02", nil},
		} {
			on := samverkan.MustDate(c.on)
			got, err := db.MemberNetworks(ctx, c.code, on)
			mustOK(t, "MemberNetworks", err)
			var slugs, picked []string
			for _, g := range got {
				slugs = append(slugs, g.Slug)
			}
			for _, a := range all {
				for _, m := range a.Members {
					if m.Code == c.code && (m.Left.IsZero() || !m.Left.Before(on)) {
						picked = append(picked, a.Slug)
						break
					}
				}
			}
			if !reflect.DeepEqual(slugs, c.want) || !reflect.DeepEqual(slugs, picked) {
				t.Errorf("%s on %s: %v, want %v (picked from Networks: %v)", c.code, c.on, slugs, c.want, picked)
			}
		}
	})
}

// FollowUpsDue counts in SQL what RollUp counts from the references with
// samverkan.FollowUpDue: the same due and missing numbers, and the first
// missing ones in the same (title) order, for every kind of start and end
// — unknown, before, in and after the year — and phase.
func TestFollowUpsDue(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, running, idea := steeringFixture(t, db)
		d := samverkan.MustDate
		for i, c := range []struct {
			status     string
			start, end samverkan.Date
		}{
			{samverkan.StatusRunning, samverkan.Date{}, samverkan.Date{}},
			{samverkan.StatusRunning, d("2025-06-01"), samverkan.Date{}},
			{samverkan.StatusRunning, d("2026-01-01"), samverkan.Date{}},
			{samverkan.StatusRunning, d("2020-01-01"), d("2024-12-31")},
			{samverkan.StatusRunning, d("2020-01-01"), d("2025-01-01")},
			{samverkan.StatusUnderReview, d("2025-12-31"), d("2027-01-01")},
			{samverkan.StatusNoticeGiven, d("2019-01-01"), d("2025-03-01")},
			{samverkan.StatusEnded, d("2019-01-01"), d("2025-12-31")},
			{samverkan.StatusEnded, d("2019-01-01"), d("2024-12-31")},
			{samverkan.StatusEnded, d("2019-01-01"), samverkan.Date{}},
			{samverkan.StatusEnded, d("2019-01-01"), d("2025-01-01")},
			{samverkan.StatusReformed, samverkan.Date{}, d("2026-02-01")},
			{samverkan.StatusRejected, d("2019-01-01"), d("2025-06-01")},
			{samverkan.StatusPreparation, d("2025-01-01"), samverkan.Date{}},
		} {
			col := &samverkan.Collaboration{Title: fmt.Sprintf("Samverkan %c", 'Ö'-rune(i)), Status: c.status,
				Start: c.start, End: c.end, Networks: []string{n.Slug},
				Participants: []samverkan.Participant{{Code: sundsvall}, {Code: ostersund}}}
			if i%3 == 0 {
				col.Participants = []samverkan.Participant{{Code: sundsvall}, {Code: stockholm}}
			}
			mustOK(t, fmt.Sprint("create ", i), db.CreateCollaboration(ctx, col))
			if i%4 == 1 {
				mustOK(t, fmt.Sprint("follow ", i), db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: col.ID, Year: 2025}))
			}
		}
		mustOK(t, "running 2025", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: running.ID, Year: 2025}))
		mustOK(t, "idea 2025", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: idea.ID, Year: 2025}))
		checked := 0
		for _, f := range []samverkan.RefFilter{{Network: n.Slug}, {Municipality: ostersund}, {Municipality: stockholm}, {Network: "finns-inte"}} {
			for _, year := range []int{2024, 2025, 2026} {
				refs, err := db.CollaborationRefs(ctx, f)
				mustOK(t, "refs", err)
				ids, err := db.FollowedUp(ctx, f, year)
				mustOK(t, "followed", err)
				fus := make([]*samverkan.FollowUp, len(ids))
				for i, id := range ids {
					fus[i] = &samverkan.FollowUp{CollaborationID: id, Year: year}
				}
				roll := samverkan.RollUp(nil, year, refs, fus)
				for _, limit := range []int{0, 2, 100} {
					got, err := db.FollowUpsDue(ctx, f, year, limit)
					mustOK(t, "FollowUpsDue", err)
					var first []int64
					for _, r := range got.First {
						first = append(first, r.ID)
					}
					want := roll.Missing[:min(limit, len(roll.Missing))]
					if got.Due != roll.Due || got.Missing != len(roll.Missing) || len(first) != len(want) || (len(want) > 0 && !reflect.DeepEqual(first, want)) {
						t.Errorf("%+v %d limit %d: due %d missing %d first %v, want %d %d %v", f, year, limit, got.Due, got.Missing, first, roll.Due, len(roll.Missing), want)
					}
					checked += roll.Due
				}
			}
		}
		if checked == 0 {
			t.Fatal("no collaboration was due: the test checks nothing")
		}
	})
}
