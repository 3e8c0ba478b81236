package sqldb_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func TestRestoreCollaboration(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "admin")
		c := sqldbtest.Collaboration("Före", gavle, sundsvall)
		c.Contacts = []samverkan.Contact{{Function: "Samordnare"}}
		sqldbtest.MustCreateCollaboration(t, db, c)
		u := mustGet(t, db, c.ID)
		u.Title = "Efter"
		u.Participants = append(u.Participants, samverkan.Participant{Code: ostersund})
		u.Contacts = nil
		mustOK(t, "update", db.UpdateCollaboration(ctx, u))

		id := strconv.FormatInt(c.ID, 10)
		audit, err := db.AuditEvents(ctx, sqldb.EntityCollaboration, id)
		mustOK(t, "AuditEvents", err)
		if len(audit) != 2 {
			t.Fatalf("audit = %d rows", len(audit))
		}
		created := audit[0]

		// A stale version writes nothing.
		before, _ := db.DataVersion(ctx)
		if _, err := db.RestoreCollaboration(ctx, c.ID, created.ID, u.Version-1); samverkan.ErrorCode(err) != samverkan.ESTALE {
			t.Fatalf("stale restore: %v, want ESTALE", err)
		}
		if after, _ := db.DataVersion(ctx); after != before {
			t.Errorf("stale restore changed the data version %d → %d", before, after)
		}

		r, err := db.RestoreCollaboration(ctx, c.ID, created.ID, u.Version)
		mustOK(t, "restore", err)
		got := mustGet(t, db, c.ID)
		if got.Title != "Före" || len(got.Participants) != 2 || len(got.Contacts) != 1 || got.Version != u.Version+1 || r.Version != got.Version {
			t.Errorf("restored = %q, %d participants, %d contacts, version %d (returned %d)",
				got.Title, len(got.Participants), len(got.Contacts), got.Version, r.Version)
		}
		audit, err = db.AuditEvents(ctx, sqldb.EntityCollaboration, id)
		mustOK(t, "AuditEvents", err)
		last := audit[len(audit)-1]
		if len(audit) != 3 || last.Action != sqldb.ActionRestore || last.Actor != "admin" ||
			samverkan.RestoredFrom(last) != created.ID || jsonTitle(t, last.Before) != "Efter" || jsonTitle(t, last.After) != "Före" {
			t.Errorf("restore audit = %+v (restored from %d)", last, samverkan.RestoredFrom(last))
		}
		if rec := samverkan.RestoredCollaboration(last); rec == nil || rec.Title != "Före" {
			t.Errorf("a restore's row is itself restorable: %+v", rec)
		}

		// Unknown events and events of another record are not found.
		other := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Annan", gavle, malmo))
		oa, _ := db.AuditEvents(ctx, sqldb.EntityCollaboration, strconv.FormatInt(other.ID, 10))
		for _, aid := range []int64{oa[0].ID, 999999} {
			if _, err := db.RestoreCollaboration(ctx, c.ID, aid, got.Version); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
				t.Errorf("restore of event %d: %v, want ENOTFOUND", aid, err)
			}
		}
		ev, err := db.AuditEvent(ctx, created.ID)
		mustOK(t, "AuditEvent", err)
		if ev.After != created.After {
			t.Errorf("AuditEvent = %+v", ev)
		}
	})
}

func TestRestoreRefusedTransition(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := sqldbtest.Collaboration("Idé", gavle, sundsvall)
		c.Status = samverkan.StatusIdea
		sqldbtest.MustCreateCollaboration(t, db, c)
		v := c.Version
		for _, to := range []string{samverkan.StatusInventoried, samverkan.StatusStudyOngoing, samverkan.StatusIdea} {
			got, err := db.ChangeStatus(ctx, c.ID, v, to, samverkan.Date{}, "")
			mustOK(t, "ChangeStatus "+to, err)
			v = got.Version
		}
		audit, err := db.AuditEvents(ctx, sqldb.EntityCollaboration, strconv.FormatInt(c.ID, 10))
		mustOK(t, "AuditEvents", err)
		study := audit[2] // förstudie pågår
		before, _ := db.DataVersion(ctx)
		_, err = db.RestoreCollaboration(ctx, c.ID, study.ID, v)
		if code := samverkan.ErrorCode(err); code != samverkan.EINVALID && code != samverkan.ECONFLICT {
			t.Fatalf("restore skipping a stage: %v, want a refusal", err)
		}
		if after, _ := db.DataVersion(ctx); after != before {
			t.Errorf("refused restore wrote")
		}
		// One step back is allowed: inventerad.
		got, err := db.RestoreCollaboration(ctx, c.ID, audit[1].ID, v)
		mustOK(t, "restore inventerad", err)
		if got.Status != samverkan.StatusInventoried {
			t.Errorf("status = %s", got.Status)
		}
		// A status restore records the derived status event like an edit.
		events, err := db.CollaborationEvents(ctx, c.ID)
		mustOK(t, "events", err)
		if e := events[len(events)-1]; e.Kind != "status" || e.To != samverkan.StatusInventoried {
			t.Errorf("last event = %+v", e)
		}
	})
}
