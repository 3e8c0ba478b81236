package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// deadlinesOracle is Deadlines' agreement part as it was before issue 16:
// every collaboration of the scope loaded whole, page by page. Kept here
// to check the narrowed read (only records with an end date, two child
// tables) against.
func deadlinesOracle(ctx context.Context, t *testing.T, db *sqldb.DB, sc samverkan.RefFilter) []samverkan.Deadline {
	t.Helper()
	var out []samverkan.Deadline
	for off := 0; ; off += 2 {
		cs, total, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: sc.Network,
			Municipality: sc.Municipality, Limit: 2, Offset: off, Sort: "title"})
		mustOK(t, "FindCollaborations", err)
		for _, c := range cs {
			for _, d := range samverkan.CollaborationDeadlines(c) {
				d.Network = sc.Network
				out = append(out, d)
			}
		}
		if off+len(cs) >= total || len(cs) == 0 {
			break
		}
	}
	return out
}

// TestDeadlinesAgreementsAsFullRead: the agreement deadlines Deadlines
// gives for a network and for a municipality are those of the full read:
// documents with and without an end date, with and without notice, an
// ended collaboration, a collaboration outside the scope.
func TestDeadlinesAgreementsAsFullRead(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("avtal", gavle, sundsvall))
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("annat", gavle, stockholm))
		six, zero := 6, 0
		docs := [][]samverkan.Document{
			nil,
			{{Type: "avtal", Title: "Utan slut", ValidFrom: samverkan.MustDate("2024-01-01")}},
			{{Type: "avtal", Title: "Med slut", ValidTo: samverkan.MustDate("2027-06-30")}},
			{{Type: "avtal", ValidTo: samverkan.MustDate("2027-08-31"), NoticeMonths: &six},
				{Type: "avtal", Title: "Tillägg", NoticeMonths: &six},
				{Type: "avtal", Title: "Noll", ValidTo: samverkan.MustDate("2028-01-15"), NoticeMonths: &zero}},
		}
		nets := []string{"avtal", "annat"}
		want := 0
		for i := range 12 {
			c := sqldbtest.Collaboration(fmt.Sprintf("Samverkan %02d", 12-i), gavle, sundsvall)
			if i%3 == 2 {
				c.Participants[1].Code = stockholm // not in sundsvall's scope
			}
			c.Networks = []string{nets[i%2]}
			c.Documents = docs[i%len(docs)]
			if i == 7 {
				c.Status = samverkan.StatusEnded
				c.End = samverkan.MustDate("2024-12-31")
			}
			sqldbtest.MustCreateCollaboration(t, db, c)
			if c.Status != samverkan.StatusEnded {
				want += len(samverkan.CollaborationDeadlines(c))
			}
		}
		if want == 0 {
			t.Fatal("no agreement deadlines in the data; the test would prove nothing")
		}
		for _, sc := range []samverkan.RefFilter{{Network: "avtal"}, {Network: "annat"}, {Municipality: sundsvall}, {Municipality: gavle}} {
			exp := deadlinesOracle(ctx, t, db, sc)
			samverkan.SortDeadlines(exp)
			exp = samverkan.DedupDeadlines(exp)
			var nets, munis []string
			if sc.Network != "" {
				nets = []string{sc.Network}
			} else {
				munis = []string{sc.Municipality}
			}
			all, err := db.Deadlines(ctx, nets, munis, samverkan.DefaultDecisionDays)
			mustOK(t, "Deadlines", err)
			var got []samverkan.Deadline
			for _, d := range all {
				if d.Kind == samverkan.ReminderAgreementEnd || d.Kind == samverkan.ReminderNotice {
					got = append(got, d)
				}
			}
			if len(exp) == 0 {
				t.Errorf("%+v: the oracle finds no deadlines", sc)
			}
			if g, w := asJSON(t, got), asJSON(t, exp); g != w {
				t.Errorf("%+v:\n got %s\nwant %s", sc, g, w)
			}
		}
	})
}

// TestDeadlinesFollowUps: a running collaboration of the scope without a
// follow-up of last year has a follow-up deadline; one followed up has
// none, and neither has a collaboration outside the scope.
func TestDeadlinesFollowUps(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		year := samverkan.Today().Year() - 1
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("folj", gavle, sundsvall))
		var ids []int64
		for i, net := range []string{"folj", "folj", ""} {
			c := sqldbtest.Collaboration(fmt.Sprintf("Följs %d", i), gavle, sundsvall)
			c.Status = samverkan.StatusRunning
			c.Start = samverkan.NewDate(year-2, 1, 1)
			if net != "" {
				c.Networks = []string{net}
			}
			sqldbtest.MustCreateCollaboration(t, db, c)
			ids = append(ids, c.ID)
		}
		mustOK(t, "SaveFollowUp", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: ids[1], Year: year}))
		all, err := db.Deadlines(ctx, []string{"folj"}, nil, samverkan.DefaultDecisionDays)
		mustOK(t, "Deadlines", err)
		var got []int64
		for _, d := range all {
			if d.Kind == samverkan.ReminderFollowUp {
				got = append(got, d.CollaborationID)
			}
		}
		if len(got) != 1 || got[0] != ids[0] {
			t.Errorf("follow-up deadlines for %v, want only %d (of %v)", got, ids[0], ids)
		}
	})
}
