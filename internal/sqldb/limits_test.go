package sqldb_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestSumsNeverOverflow: annual costs stored before amounts had limits
// (2^63−1 was accepted) make the sums saturate, not fail: the overview
// answered 500 for every user when SUM overflowed.
func TestSumsNeverOverflow(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ids := map[string][]int64{}
		for _, net := range []string{"legacy", "limit"} {
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network(net, gavle, sundsvall))
			for _, title := range []string{"A", "B", "C"} {
				c := sqldbtest.Collaboration(title, gavle, sundsvall)
				c.Networks, c.AnnualCost = []string{net}, ptr(int64(samverkan.MaxAmount))
				ids[net] = append(ids[net], sqldbtest.MustCreateCollaboration(t, db, c).ID)
			}
		}
		for _, id := range ids["legacy"][:2] {
			sqldbtest.Exec(t, db, `UPDATE collaborations SET annual_cost = ? WHERE id = ?`, int64(math.MaxInt64), id)
		}
		// Rows of an older version meet a newer one at its start, whose
		// Migrate rebuilds the kept key figures from them.
		mustOK(t, "Migrate", db.Migrate(ctx))
		ns, err := db.NetworkSummaries(ctx)
		mustOK(t, "NetworkSummaries", err)
		got := map[string]samverkan.NetworkSummary{}
		for _, n := range ns {
			got[n.Slug] = n
		}
		// Within the limits the sum is exact; beyond them it saturates.
		if n := got["limit"]; deref(n.AnnualCost) != 3*samverkan.MaxAmount || n.Running != 3 {
			t.Errorf("network at the limits: %+v, want annual cost %d", n, int64(3*samverkan.MaxAmount))
		}
		if n := got["legacy"]; deref(n.AnnualCost) != math.MaxInt64 || n.Running != 3 {
			t.Errorf("network with legacy rows: %+v, want the annual cost saturated at %d", n, int64(math.MaxInt64))
		}
		ps, err := db.PublicSummary(ctx)
		mustOK(t, "PublicSummary", err)
		if deref(ps.AnnualCost) != math.MaxInt64 || len(ps.Networks) != 2 || deref(ps.Networks[0].AnnualCost) != math.MaxInt64 ||
			deref(ps.Networks[1].AnnualCost) != 3*samverkan.MaxAmount {
			t.Errorf("public summary = %+v, want the legacy network and the total saturated", ps)
		}
	})
}

// deref reads an amount, -1 for unknown (no test amount is negative).
func deref(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// TestBadTextRefusedAlike: text no field may hold (NUL, invalid UTF-8) is
// bad input on both databases. PostgreSQL used to fail with an internal
// error while SQLite stored it.
func TestBadTextRefusedAlike(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("n", gavle, sundsvall))
		before := countAll(t, db)
		for _, bad := range []string{"a\x00b", "a\xffb"} {
			c := sqldbtest.Collaboration("Titel", gavle, sundsvall)
			c.Title = bad
			wantCode(t, "CreateCollaboration", db.CreateCollaboration(ctx, c), samverkan.EINVALID)
			c = sqldbtest.Collaboration("Titel", gavle, sundsvall)
			c.Contacts = []samverkan.Contact{{Function: "samordnare", Phone: bad}}
			wantCode(t, "CreateCollaboration (phone)", db.CreateCollaboration(ctx, c), samverkan.EINVALID)

			// Lookups and searches by such text are bad input too, not a
			// driver error.
			_, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Query: bad, Limit: 10})
			wantCode(t, "FindCollaborations", err, samverkan.EINVALID)
			_, err = db.UserByEmail(ctx, bad+"@kommun.se")
			wantCode(t, "UserByEmail", err, samverkan.EINVALID)
			_, err = db.NetworkBySlug(ctx, bad)
			wantCode(t, "NetworkBySlug", err, samverkan.EINVALID)
			_, _, err = db.ReserveLoginAttempt(ctx, time.Now(), time.Hour, []samverkan.LoginLimit{{Key: "email:" + bad, Max: 5, Since: time.Now().Add(-time.Minute)}})
			wantCode(t, "ReserveLoginAttempt", err, samverkan.EINVALID)
		}
		if after := countAll(t, db); after != before {
			t.Errorf("counts = %+v, want %+v", after, before)
		}
	})
}

// TestStatusNoteChecked: the note of a status change is checked like any
// multi-line field, with a field error.
func TestStatusNoteChecked(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := sqldbtest.Collaboration("Idé", gavle, sundsvall)
		c.Status = samverkan.StatusIdea
		c = sqldbtest.MustCreateCollaboration(t, db, c)
		_, err := db.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusInventoried, samverkan.Date{}, "Skäl\x1b[31m")
		if fe := samverkan.FieldErrors(err); len(fe) != 1 || fe[0].Field != "note" || fe[0].Code != "control_character" {
			t.Errorf("ChangeStatus with ESC in the note: %v (fields %+v)", err, fe)
		}
		_, err = db.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusInventoried, samverkan.Date{}, "Rad ett\r\nRad två")
		mustOK(t, "a note of two lines", err)
	})
}
