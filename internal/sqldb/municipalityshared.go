package sqldb

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan"
)

// municipality_shared (migration 0033) answers the municipality page's
// map — per municipality, the running collaborations it shares with the
// municipality of the page, counting those that take part today — from a
// few dozen rows the writes keep current, instead of looking up each of
// the ~300 collaborations the municipality takes part in and their ~900
// participants (about 1.5 CPU-ms of the page's first render at national
// scale, issue 16). A write refreshes the rows of each municipality it
// touched (keyfigures.go: the participants before and after, so every
// municipality of the collaboration, whose counts its status and
// participants make). The whole table is rebuilt, or left stale, with the
// cost rows (municipality_costs.go): a bulk load leaves both to the
// background task, and the reader computes the counts live meanwhile.

// refreshMunicipalityShared recomputes municipality_shared of one
// municipality, or of all when code is nil.
func refreshMunicipalityShared(ctx context.Context, t *tx, code *string) error {
	where, args := "", []any{}
	if code != nil {
		where, args = " WHERE municipality_code = ?", []any{*code}
	}
	if _, err := t.exec(ctx, `DELETE FROM municipality_shared`+where, args...); err != nil {
		return fmt.Errorf("clear municipality shared: %w", err)
	}
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	mwhere, qargs := "m.municipality_code IS NOT NULL", stringArgs(running)
	if code != nil {
		mwhere, qargs = "m.municipality_code = ?", append([]any{*code}, qargs...)
	}
	if _, err := t.exec(ctx, `INSERT INTO municipality_shared (municipality_code, other_code, left_on, n)
		SELECT m.municipality_code, p.municipality_code, p.left_on, COUNT(*)
		FROM participants m
		JOIN collaborations c ON c.id = m.collaboration_id
		JOIN participants p ON p.collaboration_id = m.collaboration_id
		WHERE `+mwhere+` AND p.municipality_code IS NOT NULL AND c.status IN (`+placeholders(len(running))+`)
		GROUP BY m.municipality_code, p.municipality_code, p.left_on`, qargs...); err != nil {
		return fmt.Errorf("municipality shared: %w", err)
	}
	return nil
}

// keptShared is ParticipationCounts for the running collaborations code
// takes part in, from municipality_shared: the rows of municipalities
// still taking part today, summed. ok is false while a bulk load has left
// the rows stale.
func keptShared(ctx context.Context, t *tx, code string) (_ map[string]int, ok bool, err error) {
	stale, err := costsStale(ctx, t)
	if err != nil || stale {
		return nil, false, err
	}
	out := map[string]int{}
	err = eachRow(ctx, t, `SELECT other_code, SUM(n) FROM municipality_shared
		WHERE municipality_code = ? AND (left_on IS NULL OR left_on >= ?) GROUP BY other_code`,
		[]any{code, samverkan.Today().String()}, func(s scanner) error {
			var other string
			var n int
			err := s.Scan(&other, &n)
			if n > 0 {
				out[other] = n
			}
			return err
		})
	return out, err == nil, err
}
