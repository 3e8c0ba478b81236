package sqldb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestRepresentationStorage: seats per member and the data protection
// round-trip on both databases with the members' names; the version
// guards writes; a non-participant or 100 seats are refused and nothing
// is written; every save is audited.
func TestRepresentationStorage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "samordnare")
		c := sqldbtest.Collaboration("Gemensam nämnd", gavle, sundsvall)
		c.LegalForm = samverkan.FormJointCommittee
		c = sqldbtest.MustCreateCollaboration(t, db, c)

		r, err := db.Representation(ctx, c.ID)
		mustOK(t, "empty", err)
		if r.Version != 0 || len(r.Seats) != 0 || r.DataProtection != (samverkan.DataProtection{}) {
			t.Fatalf("nothing saved should be nothing stated: %+v", r)
		}
		r.Seats = []samverkan.Seat{
			{Member: "k:" + gavle, Seats: ptr(3), Substitutes: ptr(3), ElectedBy: "kf"},
			{Member: "k:" + sundsvall, Seats: ptr(2), Substitutes: ptr(0), ElectedBy: "kf"},
		}
		r.DataProtection = samverkan.DataProtection{Controller: samverkan.ControllerParticipant, ControllerMember: "k:" + gavle,
			Arrangement: samverkan.ArrangementProcessor, ArchiveMember: "k:" + gavle}
		mustOK(t, "save", db.SaveRepresentation(ctx, &r))
		if r.Version != 1 {
			t.Fatalf("version %d, want 1", r.Version)
		}
		got, err := db.Representation(ctx, c.ID)
		mustOK(t, "read", err)
		if g, w := asJSON(t, got), asJSON(t, r); g != w {
			t.Errorf("round trip:\n%s\nwant\n%s", g, w)
		}
		if got.Seats[0].Name == "" || got.Seats[0].Name == got.Seats[0].Member {
			t.Errorf("member's name not filled: %+v", got.Seats[0])
		}

		stale := got
		stale.Version = 0
		wantCode(t, "stale", db.SaveRepresentation(ctx, &stale), samverkan.ESTALE)

		bad := got
		bad.Seats = append([]samverkan.Seat{}, got.Seats...)
		bad.Seats[1].Seats = ptr(100)
		wantCode(t, "100 seats", db.SaveRepresentation(ctx, &bad), samverkan.EINVALID)
		bad.Seats[1] = samverkan.Seat{Member: "k:0180", Seats: ptr(1)}
		wantCode(t, "not a participant", db.SaveRepresentation(ctx, &bad), samverkan.EINVALID)

		got.DataProtection = samverkan.DataProtection{Controller: samverkan.ControllerJoint, Arrangement: samverkan.ArrangementJoint,
			ArchiveBody: "Regionarkivet (exempel)"}
		got.Seats = got.Seats[:1]
		mustOK(t, "second save", db.SaveRepresentation(ctx, &got))
		again, err := db.Representation(ctx, c.ID)
		mustOK(t, "read again", err)
		if again.Version != 2 || len(again.Seats) != 1 || again.DataProtection.ArchiveBody != "Regionarkivet (exempel)" {
			t.Errorf("after second save: %+v", again)
		}

		events, err := db.AuditEvents(ctx, sqldb.EntityRepresentation, strconv.FormatInt(c.ID, 10))
		mustOK(t, "audit", err)
		if len(events) != 2 || !strings.Contains(events[len(events)-1].After+events[0].After, "gemensamt_pa") {
			t.Errorf("audit: %d events %+v", len(events), events)
		}

		_, err = db.Representation(ctx, c.ID+1000)
		wantCode(t, "missing collaboration", err, samverkan.ENOTFOUND)
	})
}
