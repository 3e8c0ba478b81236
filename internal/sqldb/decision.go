package sqldb

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Audit entities of the pipeline.
const (
	EntityDecision   = "decision"
	EntityAssessment = "assessment"
)

const decisionColumns = `d.id, d.collaboration_id, d.municipality_code, d.party, d.body, d.body_name, d.decided_on,
	d.date_unknown, d.announced_on, d.appealed, d.legal_force_on, d.condition_text, d.diarienummer,
	d.paragraph, d.outcome, d.kind, d.document, d.url, d.note, d.version, d.created, d.updated`

func scanDecision(s scanner, extra ...any) (*samverkan.Decision, error) {
	d, err := newDecisionRow(extra...).scan(s)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// decisionRow is one set of destinations for decisionColumns (and extra
// columns after them), for scanning many rows: FindDecisions' 40–50 rows
// allocated a decision, its nullable columns and two argument slices each
// (150 kB per annual report or deadline list; issue 16: the collector's
// share of a first render follows the bytes allocated).
type decisionRow struct {
	d                samverkan.Decision
	created, updated string
	muni             sql.NullString
	dest             []any
}

func newDecisionRow(extra ...any) *decisionRow {
	r := &decisionRow{}
	d := &r.d
	r.dest = append([]any{&d.ID, &d.CollaborationID, &r.muni, &d.Party, &d.Body, &d.BodyName, &d.Date,
		&d.DateUnknown, &d.AnnouncedOn, &d.Appealed, &d.LegalForceOn, &d.Condition, &d.Diarienummer,
		&d.Paragraph, &d.Outcome, &d.Kind, &d.Document, &d.URL, &d.Note, &d.Version, &r.created, &r.updated}, extra...)
	return r
}

// scan reads the row s is on and returns its decision.
func (r *decisionRow) scan(s scanner) (samverkan.Decision, error) {
	r.d = samverkan.Decision{}
	if err := s.Scan(r.dest...); err != nil {
		return samverkan.Decision{}, err
	}
	d := r.d
	d.Municipality = r.muni.String
	d.FillOwner()
	var err error
	if d.Created, err = parseTime(r.created); err != nil {
		return samverkan.Decision{}, err
	}
	if d.Updated, err = parseTime(r.updated); err != nil {
		return samverkan.Decision{}, err
	}
	return d, nil
}

// decisionsOf returns the decisions of one collaboration: by date (pending
// ones without a date last), then in the order they were registered.
func decisionsOf(ctx context.Context, t *tx, collaborationID int64) ([]samverkan.Decision, error) {
	var out []samverkan.Decision
	err := eachRow(ctx, t, `SELECT `+decisionColumns+` FROM decisions d WHERE d.collaboration_id = ?
		ORDER BY (d.decided_on IS NULL), d.decided_on, d.id`, []any{collaborationID}, func(s scanner) error {
		d, err := scanDecision(s)
		if err == nil {
			out = append(out, *d)
		}
		return err
	})
	return out, err
}

func decisionByID(ctx context.Context, t *tx, id int64) (*samverkan.Decision, error) {
	d, err := scanDecision(t.queryRow(ctx, `SELECT `+decisionColumns+` FROM decisions d WHERE d.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Beslut %d finns inte.", id)
	}
	return d, err
}

// Decisions returns the decisions of a collaboration, oldest first (by
// date; pending ones without a date last). ENOTFOUND when the
// collaboration does not exist.
func (db *DB) Decisions(ctx context.Context, collaborationID int64) (_ []samverkan.Decision, err error) {
	defer wrap(&err, "sqldb.Decisions")
	var out []samverkan.Decision
	err = db.read(ctx, func(t *tx) error {
		if err := collaborationExists(ctx, t, collaborationID); err != nil {
			return err
		}
		out, err = decisionsOf(ctx, t, collaborationID)
		return err
	})
	return out, err
}

// DecisionsOf reads the decisions of the collaborations ids in one query
// per 500, each collaboration's in decisionsOf's order; an id with none
// (or that does not exist) has no entry.
func (db *DB) DecisionsOf(ctx context.Context, ids []int64) (_ map[int64][]samverkan.Decision, err error) {
	defer wrap(&err, "sqldb.DecisionsOf")
	out := map[int64][]samverkan.Decision{}
	err = db.read(ctx, func(t *tx) error {
		for part := range slices.Chunk(ids, samverkan.MaxLimit) {
			in, args := idsIn(part)
			err := eachRow(ctx, t, `SELECT `+decisionColumns+` FROM decisions d
				WHERE d.collaboration_id IN `+in+`
				ORDER BY d.collaboration_id, (d.decided_on IS NULL), d.decided_on, d.id`, args, func(s scanner) error {
				d, err := scanDecision(s)
				if err == nil {
					out[d.CollaborationID] = append(out[d.CollaborationID], *d)
				}
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

func collaborationExists(ctx context.Context, t *tx, id int64) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM collaborations WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return samverkan.Errorf(samverkan.ENOTFOUND, "Samverkan %d finns inte.", id)
	}
	return nil
}

// DecisionByID returns one decision; ENOTFOUND when there is none.
func (db *DB) DecisionByID(ctx context.Context, id int64) (_ *samverkan.Decision, err error) {
	defer wrap(&err, "sqldb.DecisionByID")
	var d *samverkan.Decision
	err = db.read(ctx, func(t *tx) error {
		d, err = decisionByID(ctx, t, id)
		return err
	})
	return d, err
}

// decisionEvent is the collaboration event a decision write leaves: the
// municipality as subject, the outcome before and after, dated by the
// decision (today for a pending one without a date).
func decisionEvent(kind string, d *samverkan.Decision, from, to string, today samverkan.Date) samverkan.Event {
	subject := d.Municipality
	if subject == "" {
		subject = d.Party // a party's or the own body's decision ("" for the own body)
	}
	return samverkan.Event{Kind: kind, Date: orDate(d.Date, today), Subject: subject, From: from, To: to,
		Note: samverkan.Bodies.Label(d.Body, "sv") + " – " + samverkan.DecisionKinds.Label(d.Kind, "sv")}
}

// CreateDecision validates d against its collaboration and inserts it,
// setting ID, Version, Created and Updated; it records a "beslut" event.
func (db *DB) CreateDecision(ctx context.Context, d *samverkan.Decision) (err error) {
	defer wrap(&err, "sqldb.CreateDecision")
	d.Normalize()
	return db.write(ctx, func(t *tx) error {
		c, err := collaborationByID(ctx, t, d.CollaborationID)
		if err != nil {
			return err
		}
		today := db.today()
		if err := d.Validate(c, today); err != nil {
			return err
		}
		now := db.timestamp()
		err = t.queryRow(ctx, `INSERT INTO decisions (collaboration_id, municipality_code, party, body, body_name, decided_on,
				date_unknown, announced_on, appealed, legal_force_on, condition_text, diarienummer,
				paragraph, outcome, kind, document, url, note, version, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			d.CollaborationID, nullString(d.Municipality), d.Party, d.Body, d.BodyName, d.Date,
			d.DateUnknown, d.AnnouncedOn, d.Appealed, d.LegalForceOn, d.Condition, d.Diarienummer,
			d.Paragraph, d.Outcome, d.Kind, d.Document, d.URL, d.Note, formatTime(now), formatTime(now)).Scan(&d.ID)
		if err != nil {
			return err
		}
		d.Version, d.Created, d.Updated = 1, now, now
		ev := decisionEvent("beslut", d, "", d.Outcome, today)
		if err := db.insertEvents(ctx, t, c.ID, []samverkan.Event{ev}); err != nil {
			return err
		}
		return db.recordWrite(ctx, t, ActionCreate, EntityDecision, strconv.FormatInt(d.ID, 10), nil, d)
	})
}

// UpdateDecision writes d if d.Version is still current. A decision stays
// with its collaboration: CollaborationID is taken from the stored row.
// A change of outcome or date records a "beslut" event.
func (db *DB) UpdateDecision(ctx context.Context, d *samverkan.Decision) (err error) {
	defer wrap(&err, "sqldb.UpdateDecision")
	d.Normalize()
	return db.write(ctx, func(t *tx) error {
		old, err := decisionByID(ctx, t, d.ID)
		if err != nil {
			return err
		}
		if old.Version != d.Version {
			return staleError("beslutet", old.Version, d.Version)
		}
		d.CollaborationID = old.CollaborationID
		c, err := collaborationByID(ctx, t, old.CollaborationID)
		if err != nil {
			return err
		}
		today := db.today()
		if err := d.Validate(c, today); err != nil {
			return err
		}
		now := db.timestamp()
		res, err := t.exec(ctx, `UPDATE decisions SET municipality_code = ?, party = ?, body = ?, body_name = ?, decided_on = ?,
				date_unknown = ?, announced_on = ?, appealed = ?, legal_force_on = ?, condition_text = ?, diarienummer = ?,
				paragraph = ?, outcome = ?, kind = ?, document = ?, url = ?, note = ?, version = version + 1, updated = ?
			WHERE id = ? AND version = ?`,
			nullString(d.Municipality), d.Party, d.Body, d.BodyName, d.Date,
			d.DateUnknown, d.AnnouncedOn, d.Appealed, d.LegalForceOn, d.Condition, d.Diarienummer,
			d.Paragraph, d.Outcome, d.Kind, d.Document, d.URL, d.Note,
			formatTime(now), d.ID, d.Version)
		if err := checkUpdated(ctx, t, res, err, "decisions", d.ID, "beslutet"); err != nil {
			return err
		}
		d.Version, d.Created, d.Updated = old.Version+1, old.Created, now
		// A beslutad record keeps its path complete: a bifall turned
		// into something else is refused (move the record back first).
		if err := db.checkDecided(ctx, t, c); err != nil {
			return err
		}
		if old.Outcome != d.Outcome || old.Date.String() != d.Date.String() || old.Municipality != d.Municipality || old.Party != d.Party {
			ev := decisionEvent("beslut", d, old.Outcome, d.Outcome, today)
			if err := db.insertEvents(ctx, t, c.ID, []samverkan.Event{ev}); err != nil {
				return err
			}
		}
		return db.recordWrite(ctx, t, ActionUpdate, EntityDecision, strconv.FormatInt(d.ID, 10), old, d)
	})
}

// DeleteDecision deletes the decision if version is still current and
// records a "beslut_struket" event.
func (db *DB) DeleteDecision(ctx context.Context, id int64, version int) (err error) {
	defer wrap(&err, "sqldb.DeleteDecision")
	return db.write(ctx, func(t *tx) error {
		old, err := decisionByID(ctx, t, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return staleError("beslutet", old.Version, version)
		}
		res, err := t.exec(ctx, `DELETE FROM decisions WHERE id = ? AND version = ?`, id, version)
		if err := checkUpdated(ctx, t, res, err, "decisions", id, "beslutet"); err != nil {
			return err
		}
		c, err := collaborationByID(ctx, t, old.CollaborationID)
		if err != nil {
			return err
		}
		if err := db.checkDecided(ctx, t, c); err != nil {
			return err
		}
		ev := decisionEvent("beslut_struket", old, old.Outcome, "", db.today())
		if err := db.insertEvents(ctx, t, old.CollaborationID, []samverkan.Event{ev}); err != nil {
			return err
		}
		return db.recordWrite(ctx, t, ActionDelete, EntityDecision, strconv.FormatInt(id, 10), old, nil)
	})
}

// FindDecisions lists decisions across collaborations with the title and
// status of each one's collaboration, oldest registered first.
func (db *DB) FindDecisions(ctx context.Context, f samverkan.DecisionFilter) (_ []samverkan.DecisionItem, err error) {
	defer wrap(&err, "sqldb.FindDecisions")
	q, args := findDecisionsQuery(f)
	var out []samverkan.DecisionItem
	err = db.read(ctx, func(t *tx) error {
		var title, status string
		row := newDecisionRow(&title, &status)
		return eachRow(ctx, t, q, args, func(s scanner) error {
			d, err := row.scan(s)
			if err != nil {
				return err
			}
			out = append(out, samverkan.DecisionItem{Decision: d, CollaborationTitle: title, CollaborationStatus: status})
			return nil
		})
	})
	return out, err
}

// findDecisionsQuery is FindDecisions' query for f and its arguments. A
// network's decisions of a period (the annual report's year) are found
// through decisions_collaboration_decided (migration 0042).
func findDecisionsQuery(f samverkan.DecisionFilter) (string, []any) {
	var where []string
	var args []any
	if f.Network != "" {
		where = append(where, `d.collaboration_id IN (SELECT cn.collaboration_id FROM collaboration_networks cn
			JOIN networks n ON n.id = cn.network_id WHERE n.slug = ?)`)
		args = append(args, f.Network)
	}
	if f.Municipality != "" {
		where = append(where, `d.municipality_code = ?`)
		args = append(args, f.Municipality)
	}
	if f.CollaborationID != 0 {
		where = append(where, `d.collaboration_id = ?`)
		args = append(args, f.CollaborationID)
	}
	if !f.DecidedFrom.IsZero() {
		where = append(where, `d.decided_on >= ?`)
		args = append(args, f.DecidedFrom)
	}
	if !f.DecidedTo.IsZero() {
		where = append(where, `d.decided_on <= ?`)
		args = append(args, f.DecidedTo)
	}
	if f.PendingOnly {
		// A literal, so the partial indexes on outcome = 'vantar' apply.
		where = append(where, `d.outcome = '`+samverkan.OutcomePending+`'`)
	}
	// Every filter is on d: CROSS JOIN keeps SQLite on the decisions
	// first and joins each match's collaboration after. With a plain
	// JOIN it looked up every collaboration of a network first and then
	// its decisions — 365 collaborations and 371 decisions for the 18 of
	// a year in syn-01's annual report (3.8 → 0.65 ms in the C library;
	// issue 12). PostgreSQL plans a CROSS JOIN with the equality in WHERE
	// as the same inner join.
	q := `SELECT ` + decisionColumns + `, c.title, c.status FROM decisions d CROSS JOIN collaborations c
		WHERE c.id = d.collaboration_id`
	if len(where) > 0 {
		q += ` AND ` + strings.Join(where, ` AND `)
	}
	return q + ` ORDER BY d.created, d.id`, args
}

// deletePipeline removes the decisions and the assessment of a
// collaboration being deleted, auditing each.
func (db *DB) deletePipeline(ctx context.Context, t *tx, id int64) error {
	ds, err := decisionsOf(ctx, t, id)
	if err != nil {
		return err
	}
	for i := range ds {
		if _, err := t.exec(ctx, `DELETE FROM decisions WHERE id = ?`, ds[i].ID); err != nil {
			return err
		}
		if err := db.recordWrite(ctx, t, ActionDelete, EntityDecision, strconv.FormatInt(ds[i].ID, 10), &ds[i], nil); err != nil {
			return err
		}
	}
	a, err := assessmentOf(ctx, t, id)
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if _, err := t.exec(ctx, `DELETE FROM assessments WHERE collaboration_id = ?`, id); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionDelete, EntityAssessment, strconv.FormatInt(id, 10), a, nil)
}
