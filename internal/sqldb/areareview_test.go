package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// Area texts an import could not place are kept with the record, listed
// per network, and mapped to an area once for all the network's records.
func TestAreasToReview(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "samordnare")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617"))
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("annat", "0662", "0617"))
		mk := func(title, net string, review ...string) *samverkan.Collaboration {
			c := sqldbtest.Collaboration(title, "0662", "0617")
			c.Networks = []string{net}
			c.Areas = []string{"440"}
			c.AreasToReview = review
			return sqldbtest.MustCreateCollaboration(t, db, c)
		}
		a := mk("Skolläkare", "ggvv", "Elevhälsa", "  elevhalsa ", "Tillsyn")
		b := mk("Elevhälsoteam", "ggvv", "ELEVHÄLSA")
		other := mk("Elevhälsa i annat nätverk", "annat", "Elevhälsa")

		got := mustGet(t, db, a.ID)
		if !slices.Equal(got.AreasToReview, []string{"Elevhälsa", "Tillsyn"}) {
			t.Errorf("stored %q; want the texts as written, repeats dropped", got.AreasToReview)
		}
		list, err := db.AreasToReview(ctx, "ggvv")
		mustOK(t, "AreasToReview", err)
		if len(list) != 2 || list[0].Text != "ELEVHÄLSA" && list[0].Text != "Elevhälsa" || len(list[0].Collaborations) != 2 ||
			list[1].Text != "Tillsyn" || len(list[1].Collaborations) != 1 || list[1].Collaborations[0].ID != a.ID {
			t.Errorf("list %+v", list)
		}
		_, err = db.AreasToReview(ctx, "finns-inte")
		wantCode(t, "unknown network", err, samverkan.ENOTFOUND)

		before := countAll(t, db)
		n, err := db.MapAreaText(ctx, "ggvv", "elevhälsa", "X-HJÄLP")
		mustOK(t, "MapAreaText", err)
		if n != 2 {
			t.Errorf("changed %d, want 2", n)
		}
		for _, id := range []int64{a.ID, b.ID} {
			c := mustGet(t, db, id)
			if !slices.Contains(c.Areas, "X-HJÄLP") || slices.ContainsFunc(c.AreasToReview, func(s string) bool { return samverkan.MatchKey(s) == "elevhalsa" }) {
				t.Errorf("%s after mapping: areas %v, to review %v", c.Title, c.Areas, c.AreasToReview)
			}
		}
		if c := mustGet(t, db, other.ID); len(c.AreasToReview) != 1 || slices.Contains(c.Areas, "X-HJÄLP") {
			t.Errorf("another network's record changed: %+v", c)
		}
		after := countAll(t, db)
		if after.audit != before.audit+3 {
			t.Errorf("audit rows %d → %d; want one per record and one for the mapping", before.audit, after.audit)
		}
		ms, err := db.AreaMappings(ctx, "ggvv")
		mustOK(t, "AreaMappings", err)
		if len(ms) != 1 || ms[0].Text != "elevhälsa" || ms[0].Area != "X-HJÄLP" {
			t.Errorf("mappings %+v", ms)
		}
		if ms, _ := db.AreaMappings(ctx, "annat"); len(ms) != 0 {
			t.Errorf("mapping leaked to another network: %+v", ms)
		}
		// Mapping again changes the mapping, and no record.
		n, err = db.MapAreaText(ctx, "ggvv", "Elevhälsa", "440")
		mustOK(t, "MapAreaText again", err)
		if ms, _ := db.AreaMappings(ctx, "ggvv"); n != 0 || len(ms) != 1 || ms[0].Area != "440" {
			t.Errorf("remap: %d changed, mappings %+v", n, ms)
		}

		_, err = db.MapAreaText(ctx, "ggvv", "Tillsyn", "999")
		wantCode(t, "unknown area", err, samverkan.EINVALID)
		_, err = db.MapAreaText(ctx, "ggvv", "  ", "440")
		wantCode(t, "empty text", err, samverkan.EINVALID)
		_, err = db.MapAreaText(ctx, "finns-inte", "Tillsyn", "440")
		wantCode(t, "unknown network", err, samverkan.ENOTFOUND)
		if c := mustGet(t, db, a.ID); !slices.Equal(c.AreasToReview, []string{"Tillsyn"}) {
			t.Errorf("refused mappings changed the record: %v", c.AreasToReview)
		}
	})
}

func TestAreasToReviewValidation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Collaboration("Rad", "0662", "0617")
		c.AreasToReview = []string{"två\nrader"}
		wantCode(t, "line break", db.CreateCollaboration(context.Background(), c), samverkan.EINVALID)
		c.AreasToReview = make([]string, samverkan.MaxAreas+1)
		for i := range c.AreasToReview {
			c.AreasToReview[i] = "text " + string(rune('a'+i%26)) + string(rune('a'+i/26))
		}
		wantCode(t, "too many", db.CreateCollaboration(context.Background(), c), samverkan.EINVALID)
	})
}
