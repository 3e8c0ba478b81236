package sqldb

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

var _ samverkan.DecisionStore = (*DB)(nil)

// SetClock replaces the clock the store reads for timestamps and for
// "today" (events, the rule that a taken decision cannot be dated in the
// future). For tests; call it before the store is used concurrently.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// checkStatusChange enforces the lifecycle when an update changes the
// status: the same rules as ChangeStatus, decision gate included, so an
// edit form cannot bypass them. The new record (its form and
// participants) must meet the gate, starting from the stored status.
func (db *DB) checkStatusChange(ctx context.Context, t *tx, old, c *samverkan.Collaboration) error {
	if old.Status == c.Status {
		return nil
	}
	ds, err := decisionsOf(ctx, t, c.ID)
	if err != nil {
		return err
	}
	from := *c
	from.Status = old.Status
	o, err := db.gateOptions(ctx, t, c.ID)
	if err != nil {
		return err
	}
	if p := samverkan.CheckTransitionAt(&from, c.Status, ds, o); p != nil {
		return p.Err(&from, c.Status, db.Catalog())
	}
	return nil
}

// checkDecided holds a beslutad record to its decision path on every edit,
// not only when the status changes: a new participant or form brings
// decisions of its own.
func (db *DB) checkDecided(ctx context.Context, t *tx, c *samverkan.Collaboration) error {
	if c.Status != samverkan.StatusDecided {
		return nil
	}
	ds, err := decisionsOf(ctx, t, c.ID)
	if err != nil {
		return err
	}
	return samverkan.CheckDecided(c, ds, db.Catalog())
}

// ChangeStatus moves collaboration id to status `to` if version is
// current and the lifecycle allows it (decisions included), and records a
// "status" event dated on (today when zero) with the note. Reaching igång
// sets the start date and ending sets the end date when they are empty.
func (db *DB) ChangeStatus(ctx context.Context, id int64, version int, to string, on samverkan.Date, note string) (_ *samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.ChangeStatus")
	note = strings.TrimSpace(note)
	var out *samverkan.Collaboration
	err = db.write(ctx, func(t *tx) error {
		old, err := collaborationByID(ctx, t, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return staleError("samverkan", old.Version, version)
		}
		today := db.today()
		var v samverkan.Validation
		switch {
		case !on.Valid():
			v.Add("date", "invalid_date", on.Raw())
		case on.After(today):
			v.Add("date", "date_in_future")
		}
		v.Paragraph("note", note, samverkan.MaxDescription, false)
		if _, ok := samverkan.FindStatus(to); !ok {
			v.Add("status", "unknown_status", to)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if on.IsZero() {
			on = today
		}
		if to == old.Status {
			return (&samverkan.TransitionProblem{Code: "not_allowed"}).Err(old, to, db.Catalog())
		}
		ds, err := decisionsOf(ctx, t, id)
		if err != nil {
			return err
		}
		o, err := db.gateOptions(ctx, t, id)
		if err != nil {
			return err
		}
		if p := samverkan.CheckTransitionAt(old, to, ds, o); p != nil {
			return p.Err(old, to, db.Catalog())
		}
		c := *old
		c.Status = to
		if to == samverkan.StatusRunning && c.Start.IsZero() {
			c.Start = on
		}
		if (to == samverkan.StatusEnded || to == samverkan.StatusReformed) && c.End.IsZero() {
			c.End = on
		}
		now := db.timestamp()
		res, err := t.exec(ctx, `UPDATE collaborations SET status = ?, start_on = ?, end_on = ?,
				version = version + 1, updated = ?
			WHERE id = ? AND version = ?`, c.Status, c.Start, c.End, formatTime(now), id, version)
		if err := checkUpdated(ctx, t, res, err, "collaborations", id, "samverkan"); err != nil {
			return err
		}
		if err := keepOutlineStatus(ctx, t, id, c.Status, c.Start, c.End); err != nil {
			return err
		}
		c.Version, c.Updated = old.Version+1, now
		ev := samverkan.Event{Kind: "status", Date: on, From: old.Status, To: to, Note: note}
		if err := db.insertEvents(ctx, t, id, []samverkan.Event{ev}); err != nil {
			return err
		}
		if err := db.recordWrite(ctx, t, ActionUpdate, EntityCollaboration, strconv.FormatInt(id, 10), old, &c); err != nil {
			return err
		}
		out = &c
		return nil
	})
	return out, err
}

// RecordHistory adds dated events from the past to a collaboration that was
// registered at its current status: what a source says happened before the
// record existed (investigated since 2016, started 2019-01-01, a member
// left, the federation was re-formed). Such events are facts, not moves, so
// the lifecycle rules do not apply; each must have a known kind, a valid
// date not in the future (zero when the source gives none) and, for a
// status event, known statuses. The collaboration's version is unchanged;
// the write is audited and bumps the data version.
func (db *DB) RecordHistory(ctx context.Context, id int64, events []samverkan.Event) (err error) {
	defer wrap(&err, "sqldb.RecordHistory")
	return db.write(ctx, func(t *tx) error {
		if err := collaborationExists(ctx, t, id); err != nil {
			return err
		}
		today := db.today()
		var v samverkan.Validation
		for i, e := range events {
			f := "events[" + strconv.Itoa(i) + "]"
			if !samverkan.EventKinds.Has(e.Kind) {
				v.Add(f+".kind", "required")
			}
			switch {
			case !e.Date.Valid():
				v.Add(f+".date", "invalid_date", e.Date.Raw())
			case e.Date.After(today):
				v.Add(f+".date", "date_in_future")
			}
			if e.Kind == "status" {
				for _, s := range []struct{ field, code string }{{".from", e.From}, {".to", e.To}} {
					if _, ok := samverkan.FindStatus(s.code); !ok && s.code != "" {
						v.Add(f+s.field, "unknown_status", s.code)
					}
				}
			}
			v.Paragraph(f+".note", e.Note, samverkan.MaxDescription, false)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := db.insertEvents(ctx, t, id, events); err != nil {
			return err
		}
		// The audit keeps the events as written: with when and by whom,
		// not a zero time that reads as 0001-01-01.
		written := make([]samverkan.Event, len(events))
		at, actor := db.timestamp(), samverkan.ActorFrom(ctx)
		for i, e := range events {
			e.At, e.Actor = at, actor
			written[i] = e
		}
		return db.recordWrite(ctx, t, ActionUpdate, EntityCollaboration, strconv.FormatInt(id, 10), nil,
			map[string]any{"history": written})
	})
}
