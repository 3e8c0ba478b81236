package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"github.com/samverkan/samverkan"
)

// EntityRepresentation is the audit entity of a collaboration's
// representation and data protection.
const EntityRepresentation = "representation"

// representationOf returns the stored representation of a collaboration;
// one without a row has none stated (version 0).
func representationOf(ctx context.Context, t *tx, id int64) (samverkan.Representation, error) {
	r := samverkan.Representation{CollaborationID: id, Seats: []samverkan.Seat{}}
	var seats string
	d := &r.DataProtection
	err := t.queryRow(ctx, `SELECT seats, controller, controller_member, arrangement, archive_member, archive_body, version
		FROM representation WHERE collaboration_id = ?`, id).Scan(&seats, &d.Controller, &d.ControllerMember,
		&d.Arrangement, &d.ArchiveMember, &d.ArchiveBody, &r.Version)
	if err == sql.ErrNoRows {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(seats), &r.Seats); err != nil {
		return r, err
	}
	return r, nil
}

// Representation returns a collaboration's representation with the
// members' names filled (ENOTFOUND when the collaboration does not exist).
func (db *DB) Representation(ctx context.Context, id int64) (_ samverkan.Representation, err error) {
	defer wrap(&err, "sqldb.Representation")
	var r samverkan.Representation
	err = db.read(ctx, func(t *tx) error {
		c, err := collaborationByID(ctx, t, id)
		if err != nil {
			return err
		}
		if r, err = representationOf(ctx, t, id); err != nil {
			return err
		}
		r.Normalize(c)
		return nil
	})
	return r, err
}

// SaveRepresentation writes r if r.Version is the stored one (0 when none
// is stored yet), validated against the collaboration's participants in
// the same transaction, audited.
func (db *DB) SaveRepresentation(ctx context.Context, r *samverkan.Representation) (err error) {
	defer wrap(&err, "sqldb.SaveRepresentation")
	return db.write(ctx, func(t *tx) error {
		c, err := collaborationByID(ctx, t, r.CollaborationID)
		if err != nil {
			return err
		}
		r.Normalize(c)
		if err := r.Validate(c); err != nil {
			return err
		}
		old, err := representationOf(ctx, t, r.CollaborationID)
		if err != nil {
			return err
		}
		old.Normalize(c)
		if old.Version != r.Version {
			return staleError("representationen", old.Version, r.Version)
		}
		// Names are filled on read; the stored rows keep only the keys.
		stored := make([]samverkan.Seat, len(r.Seats))
		for i, s := range r.Seats {
			s.Name = ""
			stored[i] = s
		}
		seats, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		d := r.DataProtection
		now := formatTime(db.timestamp())
		if old.Version == 0 {
			_, err = t.exec(ctx, `INSERT INTO representation (collaboration_id, seats, controller, controller_member,
					arrangement, archive_member, archive_body, version, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
				r.CollaborationID, string(seats), d.Controller, d.ControllerMember, d.Arrangement, d.ArchiveMember, d.ArchiveBody, now)
			if err != nil {
				return err
			}
		} else {
			res, err := t.exec(ctx, `UPDATE representation SET seats = ?, controller = ?, controller_member = ?, arrangement = ?,
					archive_member = ?, archive_body = ?, version = version + 1, updated = ?
					WHERE collaboration_id = ? AND version = ?`,
				string(seats), d.Controller, d.ControllerMember, d.Arrangement, d.ArchiveMember, d.ArchiveBody, now,
				r.CollaborationID, r.Version)
			if err != nil {
				return err
			}
			// Read in this transaction; no row touched means a concurrent
			// writer moved the version on.
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return staleError("representationen", old.Version, r.Version)
			}
		}
		r.Version = old.Version + 1
		return db.recordWrite(ctx, t, ActionUpdate, EntityRepresentation, strconv.FormatInt(r.CollaborationID, 10), old, r)
	})
}
