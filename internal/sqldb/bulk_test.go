package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// bulkRecords are records with every kind of child row.
func bulkRecords() []*samverkan.Collaboration {
	a := sqldbtest.Collaboration("Gemensam växel", gavle, uppsala)
	a.Networks, a.Areas, a.AreasToReview = []string{"norr"}, []string{"X-KONT"}, []string{"Telefoni och växel"}
	a.Host = gavle
	a.Participants = append(a.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region"})
	a.Documents = []samverkan.Document{{Type: "avtal", Title: "Avtal", ValidTo: samverkan.MustDate("2027-12-31")}}
	a.Contacts = []samverkan.Contact{{Function: "Växelchef"}}
	a.Sources = []samverkan.Source{{Field: "status", Text: "Status i importfilen: Vilande"}}
	a.Purposes = []string{"effektivitet_kostnad"}
	a.AnnualCost = ptr(int64(1200000))
	b := sqldbtest.Collaboration("Lönecenter", uppsala, orebro)
	b.Networks = []string{"norr"}
	c := sqldbtest.Collaboration("E-arkiv", gavle, sundsvall, ostersund)
	c.Networks, c.LegalForm = []string{"norr"}, samverkan.FormFederation
	return []*samverkan.Collaboration{a, b, c}
}

// CreateCollaborations writes what CreateCollaboration writes, record by
// record: the same rows, events and audit trail, one statement per table.
func TestCreateCollaborationsAsOneByOne(t *testing.T) {
	forEachDB(t, func(t *testing.T, many *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "import")
		one := sqldbtest.New(t)
		for _, db := range []*sqldb.DB{one, many} {
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, uppsala, sundsvall))
		}
		for _, c := range bulkRecords() {
			mustOK(t, "CreateCollaboration", one.CreateCollaboration(ctx, c))
		}
		recs := bulkRecords()
		err := many.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
			return s.(samverkan.BulkCreator).CreateCollaborations(ctx, recs)
		})
		mustOK(t, "CreateCollaborations", err)
		for i, c := range recs {
			if c.ID != int64(i+1) || c.Version != 1 || c.Created.IsZero() {
				t.Errorf("record %d: id %d, version %d, created %v", i, c.ID, c.Version, c.Created)
			}
		}
		for id := int64(1); id <= 3; id++ {
			a, b := mustGet(t, one, id), mustGet(t, many, id)
			a.Created, a.Updated, b.Created, b.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if x, y := asJSON(t, a), asJSON(t, b); x != y {
				t.Errorf("collaboration %d differs:\n%s\n%s", id, x, y)
			}
			ea, _ := one.CollaborationEvents(ctx, id)
			eb, _ := many.CollaborationEvents(ctx, id)
			if len(ea) != 1 || len(eb) != 1 || ea[0].Kind != eb[0].Kind || ea[0].To != eb[0].To || ea[0].Actor != eb[0].Actor ||
				ea[0].Date != eb[0].Date || ea[0].Subject != eb[0].Subject || ea[0].From != eb[0].From || ea[0].Note != eb[0].Note ||
				!eb[0].At.Equal(recs[id-1].Created) {
				t.Errorf("events of %d: %+v, %+v", id, ea, eb)
			}
		}
		// The audit rows come in the records' order, with what the
		// writes one by one give them.
		trail, err := many.AuditEvents(ctx, samverkan.AuditEntityCollaboration, "")
		mustOK(t, "AuditEvents", err)
		oneTrail, err := one.AuditEvents(ctx, samverkan.AuditEntityCollaboration, "")
		mustOK(t, "AuditEvents one by one", err)
		if len(trail) != len(oneTrail) {
			t.Fatalf("audit trail: %d rows in bulk, %d one by one", len(trail), len(oneTrail))
		}
		for i, e := range trail {
			o := oneTrail[i]
			if e.EntityID != strconv.Itoa(i+1) || e.EntityID != o.EntityID || e.Action != o.Action || e.Entity != o.Entity ||
				e.Actor != o.Actor || e.Before != o.Before || !e.At.Equal(recs[i].Created) {
				t.Errorf("audit row %d: %+v, one by one %+v", i, e, o)
			}
		}
		ca, cb := countAll(t, one), countAll(t, many)
		if ca.collaborations != cb.collaborations || ca.audit != cb.audit {
			t.Errorf("counts one by one %+v, in bulk %+v", ca, cb)
		}
		audit, err := many.AuditEvents(ctx, samverkan.AuditEntityCollaboration, "2")
		mustOK(t, "AuditEvents", err)
		if len(audit) != 1 || audit[0].Action != samverkan.AuditCreate || audit[0].Actor != "import" || audit[0].After == "" {
			t.Errorf("audit of 2: %+v", audit)
		}
		if cb.version <= 1 {
			t.Errorf("data version %d did not move", cb.version)
		}

		// Numbers are never reused, not even a deleted record's.
		last := mustGet(t, many, 3)
		mustOK(t, "DeleteCollaboration", many.DeleteCollaboration(ctx, 3, last.Version))
		more := bulkRecords()[:2]
		mustOK(t, "CreateCollaborations again", many.CreateCollaborations(ctx, more))
		if more[0].ID != 4 || more[1].ID != 5 {
			t.Errorf("ids after a delete: %d, %d; want 4, 5", more[0].ID, more[1].ID)
		}
		// And the one-by-one numbering goes on after them.
		c := sqldbtest.Collaboration("Efter", gavle, uppsala)
		mustOK(t, "CreateCollaboration after bulk", many.CreateCollaboration(ctx, c))
		if c.ID != 6 {
			t.Errorf("next id %d, want 6", c.ID)
		}
	})
}

// TestCreateCollaborationsManyAsOneByOne: with enough rows that a value
// every row has is bound once per statement (most columns of an import),
// the records read back as written one by one, and so do the ones that
// differ from the rest in such a column (a date, a role, a status, a
// second network, a cost).
func TestCreateCollaborationsManyAsOneByOne(t *testing.T) {
	forEachDB(t, func(t *testing.T, many *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "import")
		one := sqldbtest.New(t)
		for _, db := range []*sqldb.DB{one, many} {
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, uppsala, sundsvall))
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("syd", malmo, goteborg))
		}
		records := func() []*samverkan.Collaboration {
			var out []*samverkan.Collaboration
			for i := range 150 {
				c := sqldbtest.Collaboration("Samverkan "+strconv.Itoa(i), gavle, uppsala)
				c.Networks, c.Areas = []string{"norr"}, []string{"X-KONT"}
				switch i {
				case 70:
					c.End, c.Status = samverkan.MustDate("2030-06-30"), samverkan.StatusIdea
				case 71:
					c.Participants[1].Role, c.Participants[1].Left = samverkan.RoleObserver, samverkan.MustDate("2029-01-01")
				case 72:
					c.Networks = []string{"norr", "syd"}
					c.AnnualCost, c.Public = ptr(int64(5000)), false
				case 149:
					c.Participants = append(c.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region"})
				}
				out = append(out, c)
			}
			return out
		}
		for _, c := range records() {
			mustOK(t, "CreateCollaboration", one.CreateCollaboration(ctx, c))
		}
		mustOK(t, "CreateCollaborations", many.CreateCollaborations(ctx, records()))
		for id := int64(1); id <= 150; id++ {
			a, b := mustGet(t, one, id), mustGet(t, many, id)
			a.Created, a.Updated, b.Created, b.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if x, y := asJSON(t, a), asJSON(t, b); x != y {
				t.Errorf("collaboration %d differs:\n%s\n%s", id, x, y)
			}
		}
		if ca, cb := countAll(t, one), countAll(t, many); ca.collaborations != cb.collaborations || ca.audit != cb.audit {
			t.Errorf("counts one by one %+v, in bulk %+v", ca, cb)
		}
	})
}

// One refused record refuses them all and names itself.
func TestCreateCollaborationsRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, uppsala, sundsvall))
		before := countAll(t, db)
		for _, tc := range []struct {
			name  string
			spoil func(c *samverkan.Collaboration)
			field string
		}{
			{"unknown area", func(c *samverkan.Collaboration) { c.Areas = []string{"999"} }, "areas[0]"},
			{"unknown network", func(c *samverkan.Collaboration) { c.Networks = []string{"finns-inte"} }, "networks[0]"},
			{"no title", func(c *samverkan.Collaboration) { c.Title = "" }, "title"},
		} {
			recs := bulkRecords()
			tc.spoil(recs[1])
			err := db.CreateCollaborations(ctx, recs)
			var be *samverkan.BulkError
			if !errors.As(err, &be) || be.Index != 1 || samverkan.ErrorCode(err) != samverkan.EINVALID ||
				len(samverkan.FieldErrors(err)) == 0 || samverkan.FieldErrors(err)[0].Field != tc.field {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		if after := countAll(t, db); after != before {
			t.Errorf("refused writes changed %+v → %+v", before, after)
		}
	})
}

// A party named on many records of one bulk write ends as the kind the
// last record that says more than "annan" gives it, as when the records
// are written one by one: the bulk write upserts a party again only when
// that could change it.
func TestCreateCollaborationsPartyKinds(t *testing.T) {
	kinds := []string{"annan", "region", "myndighet", "region", "annan"}
	records := func() []*samverkan.Collaboration {
		var cs []*samverkan.Collaboration
		for i, kind := range kinds {
			c := sqldbtest.Collaboration(fmt.Sprintf("Samverkan %d", i), gavle, uppsala)
			c.Participants = append(c.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: kind})
			cs = append(cs, c)
		}
		return cs
	}
	forEachDB(t, func(t *testing.T, many *sqldb.DB) {
		ctx := context.Background()
		one := sqldbtest.New(t)
		for _, c := range records() {
			mustOK(t, "CreateCollaboration", one.CreateCollaboration(ctx, c))
		}
		mustOK(t, "CreateCollaborations", many.CreateCollaborations(ctx, records()))
		for _, db := range []*sqldb.DB{one, many} {
			for id := int64(1); id <= int64(len(kinds)); id++ {
				c := mustGet(t, db, id)
				if p := c.Participants[len(c.Participants)-1]; p.Party != "Region Gävleborg" || p.PartyKind != "region" {
					t.Errorf("record %d: party %q of kind %q, want Region Gävleborg, region", id, p.Party, p.PartyKind)
				}
			}
		}
	})
}
