package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/samverkan/samverkan"
)

// deriveEvents lists what an update changed in the collaboration's life:
// status, legal form, title, and participants joining, leaving or being
// removed. An update that changed only other fields gives one "andrad".
func deriveEvents(old, c *samverkan.Collaboration, today samverkan.Date) []samverkan.Event {
	var out []samverkan.Event
	change := func(kind, from, to string) {
		if from != to {
			out = append(out, samverkan.Event{Kind: kind, Date: today, From: from, To: to})
		}
	}
	change("status", old.Status, c.Status)
	change("form", old.LegalForm, c.LegalForm)
	change("titel", old.Title, c.Title)

	before := map[string]samverkan.Participant{}
	for _, p := range old.Participants {
		before[p.Key()] = p
	}
	seen := map[string]bool{}
	for _, p := range c.Participants {
		seen[p.Key()] = true
		was, ok := before[p.Key()]
		switch {
		case !ok:
			out = append(out, samverkan.Event{Kind: "intrade", Date: orDate(p.Joined, today), Subject: subject(p)})
		case was.Left.IsZero() && !p.Left.IsZero():
			out = append(out, samverkan.Event{Kind: "uttrade", Date: p.Left, Subject: subject(p)})
		}
	}
	for _, p := range old.Participants {
		if !seen[p.Key()] {
			out = append(out, samverkan.Event{Kind: "borttagen_deltagare", Date: today, Subject: subject(p)})
		}
	}
	if len(out) == 0 && !sameContent(old, c) {
		out = append(out, samverkan.Event{Kind: "andrad", Date: today})
	}
	return out
}

// subject names a participant in an event: its municipality code or the
// party's name.
func subject(p samverkan.Participant) string {
	if p.Code != "" {
		return p.Code
	}
	return p.Party
}

func orDate(d, fallback samverkan.Date) samverkan.Date {
	if d.IsZero() {
		return fallback
	}
	return d
}

// sameContent reports whether two versions of a record hold the same data,
// ignoring bookkeeping and the names filled in on read.
func sameContent(a, b *samverkan.Collaboration) bool {
	return contentJSON(a) == contentJSON(b)
}

func contentJSON(c *samverkan.Collaboration) string {
	cp := *c
	cp.Version, cp.Created, cp.Updated = 0, time.Time{}, time.Time{}
	cp.Participants = nil
	for _, p := range c.Participants {
		p.Name = ""
		cp.Participants = append(cp.Participants, p)
	}
	cp.Relations = nil
	for _, r := range c.Relations {
		r.Title = ""
		cp.Relations = append(cp.Relations, r)
	}
	// Empty and nil lists mean the same; the database returns nil.
	cp.Areas, cp.Networks, cp.Purposes = nilIfEmpty(cp.Areas), nilIfEmpty(cp.Networks), nilIfEmpty(cp.Purposes)
	cp.Documents, cp.Contacts, cp.Sources = nilIfEmpty(cp.Documents), nilIfEmpty(cp.Contacts), nilIfEmpty(cp.Sources)
	b, _ := json.Marshal(cp)
	return string(b)
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func (db *DB) insertEvents(ctx context.Context, t *tx, id int64, events []samverkan.Event) error {
	if len(events) == 0 {
		return nil
	}
	at, actor := formatTime(db.timestamp()), samverkan.ActorFrom(ctx)
	rows := make([][]any, len(events))
	for i, e := range events {
		rows[i] = []any{id, at, actor, e.Kind, e.Date, e.Subject, e.From, e.To, e.Note}
	}
	cols := []string{"collaboration_id", "at", "actor", "kind", "event_on", "subject", "from_value", "to_value", "note"}
	if err := insertRows(ctx, t, "collaboration_events", cols, rows); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	return nil
}

// CollaborationEventsOf reads the events of kind of the collaborations
// ids in one query per MaxLimit of them.
func (db *DB) CollaborationEventsOf(ctx context.Context, ids []int64, kind string) (_ map[int64][]samverkan.Event, err error) {
	defer wrap(&err, "sqldb.CollaborationEventsOf")
	out := map[int64][]samverkan.Event{}
	err = db.read(ctx, func(t *tx) error {
		for part := range slices.Chunk(ids, samverkan.MaxLimit) {
			in, args := idsIn(part)
			err := eachRow(ctx, t, `SELECT collaboration_id, id, at, actor, kind, event_on, subject, from_value, to_value, note
				FROM collaboration_events WHERE kind = ? AND collaboration_id IN `+in+`
				ORDER BY collaboration_id, id`, append([]any{kind}, args...), func(s scanner) error {
				var e samverkan.Event
				var cid int64
				var at string
				if err := s.Scan(&cid, &e.ID, &at, &e.Actor, &e.Kind, &e.Date, &e.Subject, &e.From, &e.To, &e.Note); err != nil {
					return err
				}
				var err error
				e.At, err = parseTime(at)
				out[cid] = append(out[cid], e)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// CollaborationEvents returns the recorded events of a collaboration,
// oldest first. They outlive the collaboration, so a deleted one still
// has its history; an id that never existed has none.
func (db *DB) CollaborationEvents(ctx context.Context, id int64) (_ []samverkan.Event, err error) {
	defer wrap(&err, "sqldb.CollaborationEvents")
	var out []samverkan.Event
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT id, at, actor, kind, event_on, subject, from_value, to_value, note
			FROM collaboration_events WHERE collaboration_id = ? ORDER BY id`, []any{id}, func(s scanner) error {
			var e samverkan.Event
			var at string
			if err := s.Scan(&e.ID, &at, &e.Actor, &e.Kind, &e.Date, &e.Subject, &e.From, &e.To, &e.Note); err != nil {
				return err
			}
			e.At, err = parseTime(at)
			out = append(out, e)
			return err
		})
	})
	return out, err
}
