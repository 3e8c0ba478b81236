package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

// ActionRestore marks the audit row of a restore (samverkan.AuditRestore).
const ActionRestore = samverkan.AuditRestore

var _ samverkan.AuditStore = (*DB)(nil)

// AuditEvent returns one audit event by its id; ENOTFOUND when there is none.
func (db *DB) AuditEvent(ctx context.Context, id int64) (_ *samverkan.AuditEvent, err error) {
	defer wrap(&err, "sqldb.AuditEvent")
	var e *samverkan.AuditEvent
	err = db.read(ctx, func(t *tx) error {
		e, err = auditEventByID(ctx, t, id)
		return err
	})
	return e, err
}

func auditEventByID(ctx context.Context, t *tx, id int64) (*samverkan.AuditEvent, error) {
	var e samverkan.AuditEvent
	var at string
	err := t.queryRow(ctx, `SELECT id, at, actor, action, entity, entity_id, before_json, after_json
		FROM audit_events WHERE id = ?`, id).Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After)
	if err == sql.ErrNoRows {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Ändring %d finns inte.", id)
	} else if err != nil {
		return nil, err
	}
	if e.At, err = parseTime(at); err != nil {
		return nil, err
	}
	return &e, nil
}

// restoredRecord is what a restore's audit row holds as "after": the
// record, plus the audit event it was restored from.
type restoredRecord struct {
	*samverkan.Collaboration
	RestoredFrom int64 `json:"restored_from"`
}

// RestoreCollaboration writes collaboration id back to the state audit
// event auditID left it in, if version is still current. It goes through
// the normal update (validation, the lifecycle rules for a status change,
// derived events), and its audit row has action "restore" with
// "restored_from": auditID in its after JSON. ENOTFOUND when the
// collaboration or the event does not exist (or the event belongs to
// another record), ESTALE on a stale version, ECONFLICT when the event
// holds no whole record to restore.
func (db *DB) RestoreCollaboration(ctx context.Context, id, auditID int64, version int) (_ *samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.RestoreCollaboration")
	var out *samverkan.Collaboration
	err = db.write(ctx, func(t *tx) error {
		cur, err := collaborationByID(ctx, t, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return staleError("samverkan", cur.Version, version)
		}
		e, err := auditEventByID(ctx, t, auditID)
		if err != nil {
			return err
		}
		if e.Entity != EntityCollaboration || e.EntityID != strconv.FormatInt(id, 10) {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Ändring %d hör inte till samverkan %d.", auditID, id)
		}
		c := samverkan.RestoredCollaboration(*e)
		if c == nil {
			return samverkan.Errorf(samverkan.ECONFLICT, "Ändring %d innehåller ingen hel version att återställa.", auditID)
		}
		c.ID, c.Version = id, version
		c.Normalize()
		var last int64
		if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_events`).Scan(&last); err != nil {
			return err
		}
		if err := db.updateCollaboration(ctx, t, c); err != nil {
			return err
		}
		// The update wrote its audit row as a plain update; say what it was.
		after, err := auditJSON(restoredRecord{c, auditID})
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE audit_events SET action = ?, after_json = ?
			WHERE id > ? AND entity = ? AND entity_id = ? AND action = ?`,
			ActionRestore, after, last, EntityCollaboration, strconv.FormatInt(id, 10), ActionUpdate)
		if err != nil {
			return fmt.Errorf("mark restore: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("mark restore: %d audit rows (%v)", n, err)
		}
		out, err = collaborationByID(ctx, t, id)
		return err
	})
	return out, err
}
