package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/samverkan/samverkan"
)

// EntityCostSharing names cost-sharing records in the audit log.
const EntityCostSharing = samverkan.AuditEntityCostSharing

const costSharingColumns = `s.collaboration_id, s.reference_date, s.base_weight, s.size_weight, s.usage_weight,
	s.members_json, s.note, s.example, s.version, s.created, s.updated`

func findCostSharings(ctx context.Context, t *tx, where string, args ...any) (map[int64]*samverkan.CostSharing, error) {
	out := map[int64]*samverkan.CostSharing{}
	var ids []int64
	err := eachRow(ctx, t, `SELECT `+costSharingColumns+` FROM cost_sharing s `+where, args, func(s scanner) error {
		cs := &samverkan.CostSharing{}
		var members, created, updated string
		var ref sql.NullString
		if err := s.Scan(&cs.CollaborationID, &ref, &cs.BaseWeight, &cs.SizeWeight, &cs.UsageWeight, &members,
			&cs.Note, &cs.Example, &cs.Version, &created, &updated); err != nil {
			return err
		}
		if ref.Valid && ref.String != "" {
			d, err := samverkan.ParseDate(ref.String)
			if err != nil {
				return fmt.Errorf("cost sharing %d: %w", cs.CollaborationID, err)
			}
			cs.ReferenceDate = d
		}
		if err := json.Unmarshal([]byte(members), &cs.Members); err != nil {
			return fmt.Errorf("cost sharing %d: %w", cs.CollaborationID, err)
		}
		var err error
		if cs.Created, err = parseTime(created); err != nil {
			return err
		}
		if cs.Updated, err = parseTime(updated); err != nil {
			return err
		}
		out[cs.CollaborationID] = cs
		ids = append(ids, cs.CollaborationID)
		return nil
	})
	if err != nil || len(ids) == 0 {
		return out, err
	}
	in, args := idsIn(ids)
	err = eachRow(ctx, t, `SELECT collaboration_id, year, budget, outcome FROM cost_years
		WHERE collaboration_id IN `+in+` ORDER BY collaboration_id, year`, args,
		func(s scanner) error {
			var id int64
			var y samverkan.CostYear
			var budget, outcome sql.NullInt64
			if err := s.Scan(&id, &y.Year, &budget, &outcome); err != nil {
				return err
			}
			y.Budget, y.Outcome = int64Ptr(budget), int64Ptr(outcome)
			out[id].Years = append(out[id].Years, y)
			return nil
		})
	for _, cs := range out {
		cs.Normalize()
	}
	return out, err
}

func costSharingOf(ctx context.Context, t *tx, id int64) (*samverkan.CostSharing, error) {
	if err := collaborationExists(ctx, t, id); err != nil {
		return nil, err
	}
	m, err := findCostSharings(ctx, t, `WHERE s.collaboration_id = ?`, id)
	if err != nil {
		return nil, err
	}
	if cs, ok := m[id]; ok {
		return cs, nil
	}
	cs := &samverkan.CostSharing{CollaborationID: id}
	cs.Normalize()
	return cs, nil
}

// CostSharing returns collaboration id's cost-sharing inputs; an empty
// record (Version 0) when none are kept; ENOTFOUND when the collaboration
// does not exist.
func (db *DB) CostSharing(ctx context.Context, id int64) (_ *samverkan.CostSharing, err error) {
	defer wrap(&err, "sqldb.CostSharing")
	var cs *samverkan.CostSharing
	err = db.read(ctx, func(t *tx) error {
		cs, err = costSharingOf(ctx, t, id)
		return err
	})
	return cs, err
}

// CostSharings returns the records of the collaborations ids that have one.
func (db *DB) CostSharings(ctx context.Context, ids []int64) (_ map[int64]*samverkan.CostSharing, err error) {
	defer wrap(&err, "sqldb.CostSharings")
	var out map[int64]*samverkan.CostSharing
	err = db.read(ctx, func(t *tx) error {
		out, err = costSharingsOf(ctx, t, ids)
		return err
	})
	return out, err
}

// costSharingsOf reads the cost sharings of the collaborations ids that
// have one, a thousand ids a query.
func costSharingsOf(ctx context.Context, t *tx, ids []int64) (map[int64]*samverkan.CostSharing, error) {
	out := map[int64]*samverkan.CostSharing{}
	for chunk := range slices.Chunk(ids, 1000) {
		in, args := idsIn(chunk)
		m, err := findCostSharings(ctx, t, `WHERE s.collaboration_id IN `+in, args...)
		if err != nil {
			return nil, err
		}
		maps.Copy(out, m)
	}
	return out, nil
}

// SaveCostSharing validates cs against its collaboration and creates it
// (Version 0) or updates it (Version current; ESTALE otherwise), with its
// years, in one transaction with its audit row.
func (db *DB) SaveCostSharing(ctx context.Context, cs *samverkan.CostSharing) (err error) {
	defer wrap(&err, "sqldb.SaveCostSharing")
	cs.Normalize()
	return db.write(ctx, func(t *tx) error {
		c, err := collaborationByID(ctx, t, cs.CollaborationID)
		if err != nil {
			return err
		}
		if err := cs.Validate(c); err != nil {
			return err
		}
		old, err := costSharingOf(ctx, t, cs.CollaborationID)
		if err != nil {
			return err
		}
		if old.Version != cs.Version {
			return staleError("kostnadsfördelningen", old.Version, cs.Version)
		}
		members, err := json.Marshal(cs.Members)
		if err != nil {
			return err
		}
		var ref any
		if !cs.ReferenceDate.IsZero() {
			ref = cs.ReferenceDate.String()
		}
		now := db.timestamp()
		vals := []any{ref, cs.BaseWeight, cs.SizeWeight, cs.UsageWeight, string(members), cs.Note, cs.Example}
		action := ActionCreate
		var before any
		if old.Version == 0 {
			if _, err := t.exec(ctx, `INSERT INTO cost_sharing (reference_date, base_weight, size_weight, usage_weight,
					members_json, note, example, collaboration_id, version, created, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
				append(vals, cs.CollaborationID, formatTime(now), formatTime(now))...); err != nil {
				return fmt.Errorf("insert cost sharing: %w", err)
			}
			cs.Created = now
		} else {
			action, before = ActionUpdate, old
			res, err := t.exec(ctx, `UPDATE cost_sharing SET reference_date = ?, base_weight = ?, size_weight = ?,
					usage_weight = ?, members_json = ?, note = ?, example = ?, version = version + 1, updated = ?
				WHERE collaboration_id = ? AND version = ?`,
				append(vals, formatTime(now), cs.CollaborationID, cs.Version)...)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return samverkan.Errorf(samverkan.ESTALE, "Någon annan har ändrat kostnadsfördelningen samtidigt. Ladda om och försök igen.")
			}
			cs.Created = old.Created
		}
		if _, err := t.exec(ctx, `DELETE FROM cost_years WHERE collaboration_id = ?`, cs.CollaborationID); err != nil {
			return err
		}
		rows := make([][]any, 0, len(cs.Years))
		for _, y := range cs.Years {
			rows = append(rows, []any{cs.CollaborationID, y.Year, nullInt64(y.Budget), nullInt64(y.Outcome)})
		}
		if len(rows) > 0 {
			if err := insertRows(ctx, t, "cost_years", []string{"collaboration_id", "year", "budget", "outcome"}, rows); err != nil {
				return fmt.Errorf("insert cost years: %w", err)
			}
		}
		cs.Version, cs.Updated = old.Version+1, now
		return db.recordWrite(ctx, t, action, EntityCostSharing, strconv.FormatInt(cs.CollaborationID, 10), before, cs)
	})
}

// PopulationFigures returns every loaded population count.
func (db *DB) PopulationFigures(ctx context.Context) (_ []samverkan.PopulationFigure, err error) {
	defer wrap(&err, "sqldb.PopulationFigures")
	var out []samverkan.PopulationFigure
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT code, reference_date, population, source FROM population_figures
			ORDER BY reference_date, code`, nil, func(s scanner) error {
			var f samverkan.PopulationFigure
			var ref string
			if err := s.Scan(&f.Code, &ref, &f.Population, &f.Source); err != nil {
				return err
			}
			d, err := samverkan.ParseDate(ref)
			if err != nil {
				return fmt.Errorf("population %s: %w", f.Code, err)
			}
			f.ReferenceDate = d
			out = append(out, f)
			return nil
		})
	})
	return out, err
}

// SavePopulationFigures stores counts in one transaction, replacing those
// with the same code and reference date; loading the same file twice
// changes nothing.
func (db *DB) SavePopulationFigures(ctx context.Context, fs []samverkan.PopulationFigure) (err error) {
	defer wrap(&err, "sqldb.SavePopulationFigures")
	if len(fs) == 0 {
		return nil
	}
	return db.write(ctx, func(t *tx) error {
		now := formatTime(db.timestamp())
		rows := make([][]any, 0, len(fs))
		for _, f := range fs {
			if f.Population <= 0 || f.ReferenceDate.IsZero() {
				return samverkan.Errorf(samverkan.EINVALID, "Folkmängden för %s saknar värde eller datum.", f.Code)
			}
			rows = append(rows, []any{f.Code, f.ReferenceDate.String(), f.Population, f.Source, now})
		}
		err := insertRowsSuffix(ctx, t, "population_figures", []string{"code", "reference_date", "population", "source", "loaded"}, rows,
			` ON CONFLICT (code, reference_date) DO UPDATE SET population = excluded.population, source = excluded.source, loaded = excluded.loaded`)
		if err != nil {
			return fmt.Errorf("insert population: %w", err)
		}
		return db.recordWrite(ctx, t, ActionUpdate, "population", fs[0].ReferenceDate.String(), nil,
			map[string]any{"count": len(fs), "source": fs[0].Source})
	})
}
