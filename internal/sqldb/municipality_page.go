package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan"
)

// sharedChunk bounds the ids bound to one statement when counting the
// participants of a municipality's running collaborations (SQLite's
// limit on parameters is far above it; a municipality takes part in a
// few hundred).
const sharedChunk = 500

// MunicipalityPage reads the list and the map of a municipality's page in
// one transaction (samverkan.MunicipalityPageStore). The list's count, its
// page by title and the map's counts each looked up every collaboration
// the municipality takes part in (about 300 at national scale, one seek
// of a wide record each; issue 16, first render): here one query reads
// their ids by title with their status, the count is its length, and the
// map's counts are the kept rows of municipality_shared (or, while a bulk
// load has left those stale, the participants of the running ones counted
// by id).
func (db *DB) MunicipalityPage(ctx context.Context, code string, offset, limit int) (rows []samverkan.ListRow, total int, shared map[string]int, err error) {
	defer wrap(&err, "sqldb.MunicipalityPage")
	if limit <= 0 {
		limit = samverkan.DefaultLimit
	}
	limit = min(limit, samverkan.MaxLimit)
	offset = max(offset, 0)
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	err = db.read(ctx, func(t *tx) error {
		var ids, runningIDs []int64
		// The same order as FindCollaborations' sort by title.
		err := eachRow(ctx, t, `SELECT c.id, c.status FROM participants p
			JOIN collaborations c ON c.id = p.collaboration_id
			WHERE p.municipality_code = ? ORDER BY c.title_key, c.id`, []any{code}, func(s scanner) error {
			var id int64
			var status string
			if err := s.Scan(&id, &status); err != nil {
				return err
			}
			ids = append(ids, id)
			if slices.Contains(running, status) {
				runningIDs = append(runningIDs, id)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("collaborations: %w", err)
		}
		total = len(ids)
		if offset < total {
			if rows, err = listRows(ctx, t, ids[offset:min(offset+limit, total)]); err != nil {
				return err
			}
		}
		var ok bool
		if shared, ok, err = keptShared(ctx, t, code); err != nil || ok {
			return err
		}
		// Stale kept rows (a bulk load): as ParticipationCounts' live
		// aggregate, each municipality taking part today
		// (not left before today) counted once per collaboration; the
		// unique index participants_municipality makes COUNT(*) that.
		shared = map[string]int{}
		today := samverkan.Today().String()
		for chunk := range slices.Chunk(runningIDs, sharedChunk) {
			err := eachRow(ctx, t, `SELECT p.municipality_code, COUNT(*) FROM participants p
				WHERE p.collaboration_id IN (`+placeholders(len(chunk))+`)
				AND p.municipality_code IS NOT NULL AND (p.left_on IS NULL OR p.left_on >= ?)
				GROUP BY p.municipality_code`, append(int64Args(chunk), today), func(s scanner) error {
				var c string
				var n int
				err := s.Scan(&c, &n)
				shared[c] += n
				return err
			})
			if err != nil {
				return fmt.Errorf("participation: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, nil, err
	}
	return rows, total, shared, nil
}

// listRows reads the list rows of ids, in their order: the record's
// listed columns only (not its descriptions and the rest of a wide row),
// its areas, and its participants counted rather than loaded with their
// names (issue 16, first render).
func listRows(ctx context.Context, t *tx, ids []int64) ([]samverkan.ListRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := placeholders(len(ids)), int64Args(ids)
	byID := make(map[int64]*samverkan.ListRow, len(ids))
	// The participants are counted in the primary key's index, per
	// record, in the same statement.
	err := eachRow(ctx, t, `SELECT c.id, c.title, c.legal_form, c.status, COALESCE(c.host, ''), c.start_on, c.annual_cost,
			(SELECT COUNT(*) FROM participants p WHERE p.collaboration_id = c.id)
		FROM collaborations c WHERE c.id IN (`+in+`)`, args, func(s scanner) error {
		r := &samverkan.ListRow{}
		var cost sql.NullInt64
		if err := s.Scan(&r.ID, &r.Title, &r.LegalForm, &r.Status, &r.Host, &r.Start, &cost, &r.Participants); err != nil {
			return err
		}
		r.AnnualCost = int64Ptr(cost)
		byID[r.ID] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list rows: %w", err)
	}
	err = eachRow(ctx, t, `SELECT collaboration_id, area_code FROM collaboration_areas
		WHERE collaboration_id IN (`+in+`) ORDER BY collaboration_id, pos`, args, func(s scanner) error {
		var id int64
		var a string
		if err := s.Scan(&id, &a); err != nil {
			return err
		}
		if r := byID[id]; r != nil {
			r.Areas = append(r.Areas, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list areas: %w", err)
	}
	out := make([]samverkan.ListRow, 0, len(ids))
	for _, id := range ids {
		if r := byID[id]; r != nil {
			out = append(out, *r)
		}
	}
	return out, nil
}
