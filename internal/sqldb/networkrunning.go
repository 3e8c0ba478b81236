package sqldb

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan"
)

// network_running (migration 0029) answers the network page's map — per
// municipality, the network's running collaborations it takes part in
// today — from a few dozen rows that every write keeps current, instead of
// looking up every running collaboration of the network and its
// participants (about 4 CPU-ms of the page's first render at national
// scale, issue 16). It is refreshed with the network's other key figures
// (keyfigures.go): for each network a write touched, or all of them in a
// rebuild.

// refreshNetworkRunning recomputes network_running of one network, or of
// all when network is nil.
func refreshNetworkRunning(ctx context.Context, t *tx, network *int64) error {
	where, args := "", []any{}
	if network != nil {
		where, args = " WHERE network_id = ?", []any{*network}
	}
	if _, err := t.exec(ctx, `DELETE FROM network_running`+where, args...); err != nil {
		return fmt.Errorf("clear network running: %w", err)
	}
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	qargs := stringArgs(running)
	nwhere := ""
	parts := "participants p ON p.collaboration_id = cn.collaboration_id"
	if network != nil {
		nwhere, qargs = " AND cn.network_id = ?", append(qargs, *network)
		if t.dialect == Postgres {
			// By primary key per collaboration, as network_reach
			// (refreshNetworkFigures): not a hash of every participant.
			parts = `LATERAL (SELECT municipality_code, left_on FROM participants
			WHERE collaboration_id = cn.collaboration_id OFFSET 0) p ON TRUE`
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO network_running (network_id, municipality_code, left_on, n)
		SELECT cn.network_id, p.municipality_code, p.left_on, COUNT(*)
		FROM collaboration_networks cn
		JOIN collaborations c ON c.id = cn.collaboration_id
		JOIN `+parts+`
		WHERE p.municipality_code IS NOT NULL AND c.status IN (`+placeholders(len(running))+`)`+nwhere+`
		GROUP BY cn.network_id, p.municipality_code, p.left_on`, qargs...); err != nil {
		return fmt.Errorf("network running: %w", err)
	}
	return nil
}

// networkRunningCounts is ParticipationCounts for the running
// collaborations of one network, from network_running: the rows of
// members still taking part today, summed per municipality.
func (db *DB) networkRunningCounts(ctx context.Context, slug string) (_ map[string]int, err error) {
	out := map[string]int{}
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT r.municipality_code, SUM(r.n) FROM network_running r
			JOIN networks n ON n.id = r.network_id
			WHERE n.slug = ? AND (r.left_on IS NULL OR r.left_on >= ?) GROUP BY r.municipality_code`,
			[]any{slug, samverkan.Today().String()}, func(s scanner) error {
				var code string
				var n int
				err := s.Scan(&code, &n)
				if n > 0 {
					out[code] = n
				}
				return err
			})
	})
	return out, err
}
