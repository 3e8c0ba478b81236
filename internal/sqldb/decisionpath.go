package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// EntityPathSettings is the audit entity of a collaboration's decision
// path settings.
const EntityPathSettings = "decision_settings"

// pathSettingsOf returns the path settings of a collaboration; a
// collaboration without a row has the defaults (version 0).
func pathSettingsOf(ctx context.Context, t *tx, id int64) (samverkan.PathSettings, error) {
	s := samverkan.PathSettings{CollaborationID: id}
	err := t.queryRow(ctx, `SELECT staff_transfer, require_legal_force, org_number, version
		FROM decision_settings WHERE collaboration_id = ?`, id).Scan(&s.StaffTransfer, &s.RequireLegalForce, &s.OrgNumber, &s.Version)
	if err == sql.ErrNoRows {
		return s, nil
	}
	return s, err
}

// gateOptions are what the decision gate reads for a collaboration.
func (db *DB) gateOptions(ctx context.Context, t *tx, id int64) (samverkan.GateOptions, error) {
	s, err := pathSettingsOf(ctx, t, id)
	return samverkan.GateOptions{Settings: s, Today: db.today()}, err
}

// PathSettings returns the decision path settings of a collaboration
// (ENOTFOUND when the collaboration does not exist).
func (db *DB) PathSettings(ctx context.Context, id int64) (_ samverkan.PathSettings, err error) {
	defer wrap(&err, "sqldb.PathSettings")
	var s samverkan.PathSettings
	err = db.read(ctx, func(t *tx) error {
		if err := collaborationExists(ctx, t, id); err != nil {
			return err
		}
		s, err = pathSettingsOf(ctx, t, id)
		return err
	})
	return s, err
}

// SavePathSettings writes the settings if s.Version is the stored one (0
// when none is stored yet), audited.
func (db *DB) SavePathSettings(ctx context.Context, s *samverkan.PathSettings) (err error) {
	defer wrap(&err, "sqldb.SavePathSettings")
	s.OrgNumber = strings.TrimSpace(s.OrgNumber)
	if err := s.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := collaborationExists(ctx, t, s.CollaborationID); err != nil {
			return err
		}
		old, err := pathSettingsOf(ctx, t, s.CollaborationID)
		if err != nil {
			return err
		}
		if old.Version != s.Version {
			return staleError("beslutsvägen", old.Version, s.Version)
		}
		now := formatTime(db.timestamp())
		if old.Version == 0 {
			_, err = t.exec(ctx, `INSERT INTO decision_settings (collaboration_id, staff_transfer, require_legal_force,
					org_number, version, updated) VALUES (?, ?, ?, ?, 1, ?)`,
				s.CollaborationID, s.StaffTransfer, s.RequireLegalForce, s.OrgNumber, now)
			if err != nil {
				return err
			}
		} else {
			res, err := t.exec(ctx, `UPDATE decision_settings SET staff_transfer = ?, require_legal_force = ?, org_number = ?,
					version = version + 1, updated = ? WHERE collaboration_id = ? AND version = ?`,
				s.StaffTransfer, s.RequireLegalForce, s.OrgNumber, now, s.CollaborationID, s.Version)
			if err != nil {
				return err
			}
			// The row was read in this transaction; no row touched means a
			// concurrent writer moved its version on.
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return staleError("beslutsvägen", old.Version, s.Version)
			}
		}
		s.Version = old.Version + 1
		return db.recordWrite(ctx, t, ActionUpdate, EntityPathSettings, strconv.FormatInt(s.CollaborationID, 10), old, s)
	})
}

// checkLeaving gates members leaving a running collaboration in an
// update: a participant that gets a leaving date needs its decisions to
// leave. In the pipeline a municipality that drops out decides nothing.
func (db *DB) checkLeaving(ctx context.Context, t *tx, old, c *samverkan.Collaboration) error {
	if old.Phase() != samverkan.PhaseRunning {
		return nil
	}
	leaving := false
	was := map[string]bool{}
	for _, p := range old.Participants {
		was[p.Key()] = p.Left.IsZero()
	}
	for _, p := range c.Participants {
		if stayed, ok := was[p.Key()]; ok && stayed && !p.Left.IsZero() {
			leaving = true
		}
	}
	if !leaving {
		return nil
	}
	ds, err := decisionsOf(ctx, t, c.ID)
	if err != nil {
		return err
	}
	o, err := db.gateOptions(ctx, t, c.ID)
	if err != nil {
		return err
	}
	if p := samverkan.CheckLeaving(old, c, ds, o); p != nil {
		return p.Err(c, c.Status, db.Catalog())
	}
	return nil
}
