package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/samverkan/samverkan"
)

// Graph figures (migration 0026): a whole-register graph's measures as a
// background task computed them, with the time it did. Unlike the key
// figures (keyfigures.go) they are not kept by the writes: betweenness and
// communities of the country's graph change with every tie and cost
// seconds to compute, so a write cannot refresh them in its transaction.

// SaveGraphFigures stores the figures of scope (e.g. "national"), computed
// at computed, replacing the previous ones. It is no register write: no
// audit event, no data version, as the figures derive from the register.
func (db *DB) SaveGraphFigures(ctx context.Context, scope string, computed time.Time, data []byte) (err error) {
	defer wrap(&err, "sqldb.SaveGraphFigures")
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO graph_figures (scope, computed_at, data) VALUES (?, ?, ?)
			ON CONFLICT (scope) DO UPDATE SET computed_at = excluded.computed_at, data = excluded.data`,
			scope, formatTime(computed), string(data))
		return err
	})
}

// GraphFigures returns the figures of scope and when they were computed;
// ENOTFOUND when none have been computed yet.
func (db *DB) GraphFigures(ctx context.Context, scope string) (data []byte, computed time.Time, err error) {
	defer wrap(&err, "sqldb.GraphFigures")
	err = db.read(ctx, func(t *tx) error {
		var at, text string
		err := t.queryRow(ctx, `SELECT computed_at, data FROM graph_figures WHERE scope = ?`, scope).Scan(&at, &text)
		if errors.Is(err, sql.ErrNoRows) {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Grafens mått är inte beräknade än.")
		}
		if err != nil {
			return err
		}
		data = []byte(text)
		computed, err = parseTime(at)
		return err
	})
	return data, computed, err
}

// RunningParticipations returns every running collaboration with its id
// and its municipalities' participations (code and the day each left)
// and nothing else, in id order: what the country's graph is built from,
// in one query over participants instead of the records with their child
// tables (seconds at 20 000 collaborations).
func (db *DB) RunningParticipations(ctx context.Context) (_ []samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.RunningParticipations")
	statuses := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	var out []samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		out = out[:0]
		rows, err := t.query(ctx, `SELECT c.id, p.municipality_code, p.left_on
			FROM collaborations c JOIN participants p ON p.collaboration_id = c.id
			WHERE c.status IN (`+placeholders(len(statuses))+`) AND p.municipality_code IS NOT NULL
			ORDER BY c.id, p.pos`, stringArgs(statuses)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var p samverkan.Participant
			if err := rows.Scan(&id, &p.Code, &p.Left); err != nil {
				return fmt.Errorf("scan: %w", err)
			}
			if len(out) == 0 || out[len(out)-1].ID != id {
				out = append(out, samverkan.Collaboration{ID: id})
			}
			last := &out[len(out)-1]
			last.Participants = append(last.Participants, p)
		}
		return rows.Err()
	})
	return out, err
}
