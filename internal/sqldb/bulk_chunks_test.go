package sqldb_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// chunkedRecords are 23 records for a bulk load in chunks of 4: a party
// whose kind changes from chunk to chunk and one first named in the last,
// relations to a record written before the load and to one written by an
// earlier chunk of the load itself (id 3, when the load's ids start at 2),
// two networks, areas, documents, a leaving date, costs known and unknown.
func chunkedRecords() []*samverkan.Collaboration {
	kinds := []string{"annan", "region", "annan", "myndighet", "annan", "annan"}
	var out []*samverkan.Collaboration
	for i := range 23 {
		c := sqldbtest.Collaboration(fmt.Sprintf("Samverkan %02d", i), gavle, uppsala, sundsvall)
		c.Networks, c.Areas = []string{"norr"}, []string{"X-KONT"}
		if i%4 == 1 {
			c.Participants = append(c.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: kinds[i/4]})
		}
		switch i {
		case 2:
			c.Networks, c.Areas = []string{"norr", "syd"}, []string{"870", "270"}
			c.AnnualCost = ptr(int64(250000))
		case 5:
			c.Relations = []samverkan.Relation{{Kind: "ersatter", ID: 1}}
		case 9:
			c.Relations = []samverkan.Relation{{Kind: "bygger_pa", ID: 3}}
			c.Documents = []samverkan.Document{{Type: "avtal", Title: "Avtal", ValidTo: samverkan.MustDate("2028-12-31")}}
		case 14:
			c.Participants[2].Left = samverkan.MustDate("2029-06-30")
			c.Status, c.Networks = samverkan.StatusIdea, nil
		case 22:
			c.Participants = append(c.Participants, samverkan.Participant{Party: "Jämtlands gymnasieförbund", PartyKind: "kommunalforbund"})
		}
		out = append(out, c)
	}
	return out
}

// A bulk load of several chunks (on PostgreSQL built by one goroutine
// while another writes) writes what the records written one by one give:
// the same records, events, audit documents in the same order, kept
// outlines, and party kinds.
func TestCreateCollaborationsInChunksAsOneByOne(t *testing.T) {
	forEachDB(t, func(t *testing.T, many *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "import")
		one := sqldbtest.New(t)
		sqldb.SetBulkChunk(many, 4)
		for _, db := range []*sqldb.DB{one, many} {
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, uppsala, sundsvall))
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("syd", malmo, goteborg))
			sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Före laddningen", gavle, uppsala))
		}
		for _, c := range chunkedRecords() {
			mustOK(t, "CreateCollaboration", one.CreateCollaboration(ctx, c))
		}
		recs := chunkedRecords()
		mustOK(t, "import", many.BatchAllOrNothing(ctx, func(ctx context.Context, s samverkan.Store) error {
			return s.(samverkan.BulkCreator).CreateCollaborations(ctx, recs)
		}))
		for i, c := range recs {
			if c.ID != int64(i+2) || c.Version != 1 || !c.Created.Equal(recs[0].Created) {
				t.Errorf("record %d: id %d, version %d, created %v (first %v)", i, c.ID, c.Version, c.Created, recs[0].Created)
			}
		}
		for id := int64(1); id <= int64(len(recs)+1); id++ {
			a, b := mustGet(t, one, id), mustGet(t, many, id)
			a.Created, a.Updated, b.Created, b.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if x, y := asJSON(t, a), asJSON(t, b); x != y {
				t.Errorf("collaboration %d differs:\n%s\n%s", id, x, y)
			}
			ea, err := one.CollaborationEvents(ctx, id)
			mustOK(t, "events", err)
			eb, err := many.CollaborationEvents(ctx, id)
			mustOK(t, "events", err)
			if x, y := asJSON(t, eventsWithoutTimes(ea)), asJSON(t, eventsWithoutTimes(eb)); x != y {
				t.Errorf("events of %d differ:\n%s\n%s", id, x, y)
			}
		}
		// The audit rows in the records' order, each with the document
		// written one by one (but for the time stamps).
		ta, err := one.AuditEvents(ctx, samverkan.AuditEntityCollaboration, "")
		mustOK(t, "AuditEvents", err)
		tb, err := many.AuditEvents(ctx, samverkan.AuditEntityCollaboration, "")
		mustOK(t, "AuditEvents", err)
		if len(ta) != len(tb) {
			t.Fatalf("audit trail: %d rows one by one, %d in chunks", len(ta), len(tb))
		}
		for i := range ta {
			a, b := ta[i], tb[i]
			if a.EntityID != b.EntityID || a.Action != b.Action || a.Actor != b.Actor || a.Before != b.Before ||
				auditDocWithoutTimes(t, a.After) != auditDocWithoutTimes(t, b.After) {
				t.Errorf("audit row %d:\none by one %+v\n in chunks %+v", i, a, b)
			}
		}
		for _, db := range []*sqldb.DB{one, many} {
			live, err := db.AllOutlines(ctx, true)
			mustOK(t, "live outlines", err)
			kept, err := db.AllOutlines(ctx, false)
			mustOK(t, "kept outlines", err)
			if g, w := asJSON(t, outlinesOf(kept)), asJSON(t, outlinesOf(live)); g != w {
				t.Errorf("outlines\n got %s\nwant %s", g, w)
			}
			for _, slug := range []string{"norr", "syd"} {
				live, err := db.LiveNetworkOutlines(ctx, slug)
				mustOK(t, "live network outlines", err)
				kept, err := db.NetworkOutlines(ctx, slug)
				mustOK(t, "kept network outlines", err)
				if g, w := asJSON(t, outlinesOf(kept)), asJSON(t, outlinesOf(live)); g != w {
					t.Errorf("outlines of %s\n got %s\nwant %s", slug, g, w)
				}
			}
		}
		if ca, cb := countAll(t, one), countAll(t, many); ca.collaborations != cb.collaborations || ca.audit != cb.audit {
			t.Errorf("counts one by one %+v, in chunks %+v", ca, cb)
		}
	})
}

// A record refused in a later chunk, once earlier chunks are written (its
// relation's target missing, or a record of the load that a later chunk
// writes), refuses the whole load, names the record, and leaves nothing
// written: not the earlier chunks, not the parties upserted before them.
func TestCreateCollaborationsInChunksRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		to   int64
	}{
		{"relation to a missing record", 999},
		{"relation to a record of a later chunk", 22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, db *sqldb.DB) {
				ctx := context.Background()
				sqldb.SetBulkChunk(db, 4)
				sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, uppsala, sundsvall))
				sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("syd", malmo, goteborg))
				sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Före laddningen", gavle, uppsala))
				before := countAll(t, db)
				recs := chunkedRecords()
				recs[17].Relations = []samverkan.Relation{{Kind: "ersatter", ID: tc.to}}
				err := db.BatchAllOrNothing(ctx, func(ctx context.Context, s samverkan.Store) error {
					return s.(samverkan.BulkCreator).CreateCollaborations(ctx, recs)
				})
				var be *samverkan.BulkError
				if !errors.As(err, &be) || be.Index != 17 || samverkan.ErrorCode(err) != samverkan.EINVALID ||
					len(samverkan.FieldErrors(err)) == 0 || samverkan.FieldErrors(err)[0].Field != "relations[0].id" {
					t.Errorf("refused load: %v", err)
				}
				if after := countAll(t, db); after != before {
					t.Errorf("the refused load changed %+v → %+v", before, after)
				}
				// The parties were upserted before the first chunk: a
				// record written afterwards that names one as "annan"
				// finds no kind left by the refused load.
				c := sqldbtest.Collaboration("Efteråt", gavle, uppsala)
				c.Participants = append(c.Participants, samverkan.Participant{Party: "Jämtlands gymnasieförbund", PartyKind: "annan"})
				c = sqldbtest.MustCreateCollaboration(t, db, c)
				if p := mustGet(t, db, c.ID).Participants[2]; p.PartyKind != "annan" {
					t.Errorf("party left by the refused load: kind %q", p.PartyKind)
				}
			})
		})
	}
}

func eventsWithoutTimes(es []samverkan.Event) []samverkan.Event {
	out := make([]samverkan.Event, len(es))
	for i, e := range es {
		e.ID, e.At = 0, time.Time{}
		out[i] = e
	}
	return out
}

// auditDocWithoutTimes is an audit document with its record's time
// stamps taken out.
func auditDocWithoutTimes(t *testing.T, doc string) string {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(strings.NewReader(doc)).Decode(&m); err != nil {
		t.Fatalf("audit document %q: %v", doc, err)
	}
	delete(m, "created")
	delete(m, "updated")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
