package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

const followUpColumns = `f.collaboration_id, f.year, f.assessments_json, f.budget, f.cost, f.indicators_json,
	f.narrative, f.example, f.version, f.created, f.updated`

func scanFollowUp(s scanner) (*samverkan.FollowUp, error) {
	f := &samverkan.FollowUp{}
	var as, ind, created, updated string
	var budget, cost sql.NullInt64
	if err := s.Scan(&f.CollaborationID, &f.Year, &as, &budget, &cost, &ind, &f.Narrative, &f.Example,
		&f.Version, &created, &updated); err != nil {
		return nil, err
	}
	f.Budget, f.Cost = int64Ptr(budget), int64Ptr(cost)
	var err error
	if f.Assessments, err = decodeAssessments([]byte(as)); err != nil {
		return nil, fmt.Errorf("follow-up %d/%d: %w", f.CollaborationID, f.Year, err)
	}
	if ind != "[]" { // most follow-ups have no indicators
		if err := json.Unmarshal([]byte(ind), &f.Indicators); err != nil {
			return nil, fmt.Errorf("follow-up %d/%d: %w", f.CollaborationID, f.Year, err)
		}
	}
	if f.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	if f.Updated, err = parseTime(updated); err != nil {
		return nil, err
	}
	f.Normalize()
	return f, nil
}

func findFollowUps(ctx context.Context, t *tx, where string, args ...any) ([]*samverkan.FollowUp, error) {
	var out []*samverkan.FollowUp
	err := eachRow(ctx, t, `SELECT `+followUpColumns+` FROM follow_ups f `+where+` ORDER BY f.year DESC, f.collaboration_id`,
		args, func(s scanner) error {
			f, err := scanFollowUp(s)
			if err == nil {
				out = append(out, f)
			}
			return err
		})
	return out, err
}

func followUpOf(ctx context.Context, t *tx, id int64, year int) (*samverkan.FollowUp, error) {
	fs, err := findFollowUps(ctx, t, `WHERE f.collaboration_id = ? AND f.year = ?`, id, year)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Samverkan %d är inte uppföljd för %d.", id, year)
	}
	return fs[0], nil
}

// FollowUp returns a collaboration's follow-up of year; ENOTFOUND when
// there is none.
func (db *DB) FollowUp(ctx context.Context, collaborationID int64, year int) (_ *samverkan.FollowUp, err error) {
	defer wrap(&err, "sqldb.FollowUp")
	var f *samverkan.FollowUp
	err = db.read(ctx, func(t *tx) error {
		f, err = followUpOf(ctx, t, collaborationID, year)
		return err
	})
	return f, err
}

// FollowUps returns a collaboration's follow-ups, newest year first;
// ENOTFOUND when the collaboration does not exist.
func (db *DB) FollowUps(ctx context.Context, collaborationID int64) (_ []*samverkan.FollowUp, err error) {
	defer wrap(&err, "sqldb.FollowUps")
	var out []*samverkan.FollowUp
	err = db.read(ctx, func(t *tx) error {
		if err := collaborationExists(ctx, t, collaborationID); err != nil {
			return err
		}
		out, err = findFollowUps(ctx, t, `WHERE f.collaboration_id = ?`, collaborationID)
		return err
	})
	return out, err
}

// ScopeFollowUps returns the follow-ups in the given years of the
// collaborations f selects, in one query.
func (db *DB) ScopeFollowUps(ctx context.Context, f samverkan.RefFilter, years ...int) (_ []*samverkan.FollowUp, err error) {
	defer wrap(&err, "sqldb.ScopeFollowUps")
	if len(years) == 0 {
		return nil, nil
	}
	where, args := refWhere(f)
	for _, y := range years {
		args = append(args, y)
	}
	var out []*samverkan.FollowUp
	err = db.read(ctx, func(t *tx) error {
		out, err = findFollowUps(ctx, t, `JOIN collaborations c ON c.id = f.collaboration_id
			WHERE `+where+` AND f.year IN (`+placeholders(len(years))+`)`, args...)
		return err
	})
	return out, err
}

// FollowedUp returns the ids of the collaborations f selects that have a
// follow-up of year, in id order.
func (db *DB) FollowedUp(ctx context.Context, f samverkan.RefFilter, year int) (_ []int64, err error) {
	defer wrap(&err, "sqldb.FollowedUp")
	// No join with the collaborations: the scope names their ids.
	where, args := refWhereOn("f.collaboration_id", f)
	var out []int64
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT f.collaboration_id FROM follow_ups f
			WHERE `+where+` AND f.year = ? ORDER BY f.collaboration_id`, append(args, year), func(s scanner) error {
			var id int64
			if err := s.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
			return nil
		})
	})
	return out, err
}

// networksOf returns the networks collaboration id belongs to.
func networksOf(ctx context.Context, t *tx, id int64) ([]*samverkan.Network, error) {
	return findNetworks(ctx, t, `WHERE n.id IN (SELECT network_id FROM collaboration_networks WHERE collaboration_id = ?)`, id)
}

// SaveFollowUp validates f against the purposes of its collaboration's
// networks and creates it (Version 0) or updates it (Version current;
// ESTALE otherwise). ENOTFOUND when the collaboration does not exist.
func (db *DB) SaveFollowUp(ctx context.Context, f *samverkan.FollowUp) (err error) {
	defer wrap(&err, "sqldb.SaveFollowUp")
	f.Normalize()
	return db.write(ctx, func(t *tx) error {
		if err := collaborationExists(ctx, t, f.CollaborationID); err != nil {
			return err
		}
		nets, err := networksOf(ctx, t, f.CollaborationID)
		if err != nil {
			return err
		}
		samverkan.SortSwedish(nets, func(n *samverkan.Network) string { return n.Name })
		if err := f.Validate(samverkan.FollowUpPurposes(nets)); err != nil {
			return err
		}
		old, err := followUpOf(ctx, t, f.CollaborationID, f.Year)
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			old, err = nil, nil
		}
		if err != nil {
			return err
		}
		switch {
		case old == nil && f.Version != 0:
			return samverkan.Errorf(samverkan.ESTALE, "Uppföljningen finns inte längre. Ladda om och försök igen.")
		case old != nil && old.Version != f.Version:
			return staleError("uppföljningen", old.Version, f.Version)
		}
		as, _ := json.Marshal(f.Assessments)
		ind, _ := json.Marshal(f.Indicators)
		now := db.timestamp()
		vals := []any{string(as), nullInt64(f.Budget), nullInt64(f.Cost), string(ind), f.Narrative, f.Example}
		action := ActionCreate
		var before any
		if old == nil {
			_, err = t.exec(ctx, `INSERT INTO follow_ups (assessments_json, budget, cost, indicators_json, narrative, example,
					collaboration_id, year, version, created, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
				append(vals, f.CollaborationID, f.Year, formatTime(now), formatTime(now))...)
			if err != nil {
				return fmt.Errorf("insert follow-up: %w", err)
			}
			f.Version, f.Created = 1, now
		} else {
			action, before = ActionUpdate, old
			res, err := t.exec(ctx, `UPDATE follow_ups SET assessments_json = ?, budget = ?, cost = ?, indicators_json = ?,
					narrative = ?, example = ?, version = version + 1, updated = ?
				WHERE collaboration_id = ? AND year = ? AND version = ?`,
				append(vals, formatTime(now), f.CollaborationID, f.Year, f.Version)...)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return samverkan.Errorf(samverkan.ESTALE, "Någon annan har ändrat uppföljningen samtidigt. Ladda om och försök igen.")
			}
			f.Version, f.Created = old.Version+1, old.Created
		}
		f.Updated = now
		id := strconv.FormatInt(f.CollaborationID, 10) + "/" + strconv.Itoa(f.Year)
		return db.recordWrite(ctx, t, action, EntityFollowUp, id, before, f)
	})
}

// RestoreNetwork writes network slug back to the state audit event
// auditID left it in, if version is still current. It goes through the
// normal update (validation); its audit row has action "restore" with
// "restored_from": auditID in its after JSON. ENOTFOUND when the network
// or the event does not exist (or the event is another record's), ESTALE
// on a stale version, ECONFLICT when the event holds no whole network.
func (db *DB) RestoreNetwork(ctx context.Context, slug string, auditID int64, version int) (_ *samverkan.Network, err error) {
	defer wrap(&err, "sqldb.RestoreNetwork")
	var out *samverkan.Network
	err = db.write(ctx, func(t *tx) error {
		cur, err := networkBySlug(ctx, t, slug)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return staleError("nätverket", cur.Version, version)
		}
		e, err := auditEventByID(ctx, t, auditID)
		if err != nil {
			return err
		}
		if e.Entity != EntityNetwork || e.EntityID != slug {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Ändring %d hör inte till nätverket %q.", auditID, slug)
		}
		n := samverkan.RestoredNetwork(*e)
		if n == nil {
			return samverkan.Errorf(samverkan.ECONFLICT, "Ändring %d innehåller ingen hel version att återställa.", auditID)
		}
		n.ID, n.Slug, n.Version = cur.ID, cur.Slug, version
		n.Normalize()
		if err := n.Validate(db.Catalog()); err != nil {
			return err
		}
		var last int64
		if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_events`).Scan(&last); err != nil {
			return err
		}
		if err := db.updateNetwork(ctx, t, n); err != nil {
			return err
		}
		after, err := auditJSON(restoredNetwork{n, auditID})
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE audit_events SET action = ?, after_json = ?
			WHERE id > ? AND entity = ? AND entity_id = ? AND action = ?`,
			ActionRestore, after, last, EntityNetwork, slug, ActionUpdate)
		if err != nil {
			return fmt.Errorf("mark restore: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("mark restore: %d audit rows (%v)", n, err)
		}
		out, err = networkBySlug(ctx, t, slug)
		return err
	})
	return out, err
}

// restoredNetwork is a network restore's audit "after".
type restoredNetwork struct {
	*samverkan.Network
	RestoredFrom int64 `json:"restored_from"`
}

// FollowUpsDue counts in the database what RollUp counts from every
// reference of the scope: the start pages read 365 collaborations of a
// network (or a municipality's) only for two numbers and five titles
// (issue 12). The condition is samverkan.FollowUpDue in SQL — an unknown
// start or, while running, an unknown end does not exclude; an ended
// collaboration needs a known end — and TestFollowUpsDue compares the two
// on both databases.
func (db *DB) FollowUpsDue(ctx context.Context, f samverkan.RefFilter, year, limit int) (_ samverkan.FollowUpsDueCount, err error) {
	defer wrap(&err, "sqldb.FollowUpsDue")
	var out samverkan.FollowUpsDueCount
	err = db.read(ctx, func(t *tx) error {
		out, err = db.followUpsDue(ctx, t, f, year, limit)
		return err
	})
	return out, err
}

// followUpsDue is FollowUpsDue in transaction t.
func (db *DB) followUpsDue(ctx context.Context, t *tx, f samverkan.RefFilter, year, limit int) (samverkan.FollowUpsDueCount, error) {
	where, args := refWhere(f)
	due, dueArgs := db.followUpDueSQL(f, year)
	var out samverkan.FollowUpsDueCount
	q := `SELECT COUNT(*), COALESCE(SUM(CASE WHEN ` + followUpMissingSQL + ` THEN 1 ELSE 0 END), 0)
		FROM collaborations c WHERE ` + where + ` AND ` + due
	qa := append(append([]any{year}, args...), dueArgs...)
	if err := t.queryRow(ctx, q, qa...).Scan(&out.Due, &out.Missing); err != nil {
		return out, err
	}
	err := db.followUpsMissingFirst(ctx, t, f, year, limit, &out)
	return out, err
}

// followUpDueSQL is samverkan.FollowUpDue of year as a condition on
// collaborations c, with its arguments.
func (db *DB) followUpDueSQL(f samverkan.RefFilter, year int) (string, []any) {
	first := fmt.Sprintf("%04d-01-01", year)
	last := fmt.Sprintf("%04d-12-31", year)
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	var ended []string
	for _, s := range samverkan.StatusesInPhase(samverkan.PhaseEnded) {
		if s != samverkan.StatusRejected {
			ended = append(ended, s)
		}
	}
	// The scope's few hundred collaborations are the way in: a unary +
	// keeps SQLite off the status and date indexes, which it otherwise
	// walked over the 15 000 live collaborations of the country (as in
	// Endings; 46 CPU-ms for the start page before the +).
	status, start, end := "c.status", "c.start_on", "c.end_on"
	if db.dialect == SQLite && (f.Network != "" || f.Municipality != "") {
		status, start, end = "+c.status", "+c.start_on", "+c.end_on"
	}
	due := `(c.start_on IS NULL OR c.start_on = '' OR ` + start + ` <= ?) AND (
		(` + status + ` IN (` + placeholders(len(running)) + `) AND (c.end_on IS NULL OR c.end_on = '' OR ` + end + ` >= ?))
		OR (` + status + ` IN (` + placeholders(len(ended)) + `) AND c.end_on IS NOT NULL AND c.end_on <> '' AND ` + end + ` >= ?))`
	return due, append(append(append(append([]any{last}, stringArgs(running)...), first), stringArgs(ended)...), first)
}

// followUpMissingSQL is the condition that collaboration c has no
// follow-up of the year given as its argument.
const followUpMissingSQL = `NOT EXISTS (SELECT 1 FROM follow_ups fu WHERE fu.collaboration_id = c.id AND fu.year = ?)`

// followUpsMissingFirst reads into out.First the first limit of the
// collaborations due and missing for year, by title, when out.Missing
// counts any.
func (db *DB) followUpsMissingFirst(ctx context.Context, t *tx, f samverkan.RefFilter, year, limit int, out *samverkan.FollowUpsDueCount) error {
	if out.Missing == 0 || limit <= 0 {
		return nil
	}
	where, args := refWhere(f)
	due, dueArgs := db.followUpDueSQL(f, year)
	la := append(append(append(append([]any{}, args...), dueArgs...), year), limit)
	return eachRow(ctx, t, `SELECT c.id, c.title, c.status, c.legal_form, c.start_on, c.end_on FROM collaborations c
		WHERE `+where+` AND `+due+` AND `+followUpMissingSQL+` ORDER BY c.title_key, c.id LIMIT ?`, la, func(s scanner) error {
		var r samverkan.CollaborationRef
		err := s.Scan(&r.ID, &r.Title, &r.Status, &r.LegalForm, &r.Start, &r.End)
		out.First = append(out.First, r)
		return err
	})
}
