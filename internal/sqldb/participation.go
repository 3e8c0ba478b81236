package sqldb

import (
	"context"
	"fmt"
	"maps"
	"reflect"

	"github.com/samverkan/samverkan"
)

// ParticipationCounts counts, per municipality, the collaborations matching
// f (ignoring Limit, Offset and Sort) in which it takes part today (has not
// left before today). One GROUP BY over the participants' (municipality, collaboration)
// index; the result goes through the data-version read cache like Facets,
// since the map asks the same question on every visit.
func (db *DB) ParticipationCounts(ctx context.Context, f samverkan.CollaborationFilter) (_ map[string]int, err error) {
	defer wrap(&err, "sqldb.ParticipationCounts")
	f.Limit, f.Offset, f.Sort = 0, 0, ""
	if reflect.DeepEqual(f, samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning}) {
		return db.runningCounts(ctx)
	}
	// The network page's map: kept by the writes (networkrunning.go).
	if f.Network != "" && reflect.DeepEqual(f, samverkan.CollaborationFilter{Network: f.Network, Phase: samverkan.PhaseRunning}) {
		return db.networkRunningCounts(ctx, f.Network)
	}
	// The municipality page's map: kept by the writes unless a bulk load
	// left the rows stale (municipalityshared.go).
	if f.Municipality != "" && reflect.DeepEqual(f, samverkan.CollaborationFilter{Municipality: f.Municipality, Phase: samverkan.PhaseRunning}) {
		var kept map[string]int
		var ok bool
		err := db.read(ctx, func(t *tx) (err error) {
			kept, ok, err = keptShared(ctx, t, f.Municipality)
			return err
		})
		if err != nil || ok {
			return kept, err
		}
	}
	where, args, err := filterWhere(db.dialect, f)
	if err != nil {
		return nil, err
	}
	var out map[string]int
	err = db.read(ctx, func(t *tx) error {
		v, err := db.cached(ctx, t, fmt.Sprintf("participation %s %q %#v", samverkan.Today(), where, args), func() (any, error) {
			counts := map[string]int{}
			q := `SELECT p.municipality_code, COUNT(*) FROM participants p
				WHERE p.municipality_code IS NOT NULL AND (p.left_on IS NULL OR p.left_on >= ?)`
			if where != "" {
				q += ` AND p.collaboration_id IN (SELECT c.id FROM collaborations c ` + where + `)`
			}
			q += ` GROUP BY p.municipality_code`
			err := eachRow(ctx, t, q, append([]any{samverkan.Today().String()}, args...), func(s scanner) error {
				var code string
				var n int
				err := s.Scan(&code, &n)
				counts[code] = n
				return err
			})
			return counts, err
		})
		if err == nil {
			out = maps.Clone(v.(map[string]int))
		}
		return err
	})
	return out, err
}

// runningCounts answers the national map's question (running
// collaborations per municipality, members that have left not counted)
// from municipality_running, which every write keeps current.
func (db *DB) runningCounts(ctx context.Context) (_ map[string]int, err error) {
	out := map[string]int{}
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT municipality_code, SUM(n) FROM municipality_running
			WHERE left_on IS NULL OR left_on >= ? GROUP BY municipality_code`,
			[]any{samverkan.Today().String()}, func(s scanner) error {
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
