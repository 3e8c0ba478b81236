package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// The municipality page's cost table ("what we pay in all our
// collaborations", samverkan.MunicipalityCosts) is kept by the writes
// like the key figures (keyfigures.go): per municipality and running
// collaboration it pays for, its share, amount or why that is unknown,
// for one year (municipality_costs, migration 0027). Computing it at read
// time loaded the municipality's ~215 running collaborations with their
// participants and cost sharing, about 10 of the page's 25 CPU-ms.
//
// What the split depends on, and the write that refreshes it:
//   - the collaboration (status, cost key, annual cost, participants):
//     its own write refreshes its rows (tx.touch notes it);
//   - its cost sharing (weights, inputs, budgets): SaveCostSharing,
//     noted by noteCosts;
//   - the population figures: a load rebuilds every row;
//   - the year: the rows are of the year in municipality_costs_year; the
//     first write of a new year rebuilds them all, and a reader asking
//     for another year is told they are not kept (and computes live).

// costCatalog gives the embedded populations the split starts from. Only
// its municipalities matter here, which do not change with the areas the
// store's own catalogue reloads.
var costCatalog = sync.OnceValue(refdata.MustCatalog)

// costsYear is the year the kept cost rows are computed for.
func costsYear() int { return samverkan.Today().Year() }

// noteCosts notes what a write means for the kept cost rows beyond a
// collaboration's own write, which touch notes anyway: a cost sharing
// saved, population figures loaded; and, on a transaction's first write,
// whether the year has turned since the rows were computed (then
// everything is rebuilt at its end). Rows left stale by a bulk load (no
// year at all) are the background task's to rebuild, not this write's.
func (t *tx) noteCosts(ctx context.Context, entity, entityID string) error {
	if !t.touched.costsChecked {
		t.touched.costsChecked = true
		year, kept, err := keptCostsYear(ctx, t)
		if err != nil {
			return err
		}
		if kept && year != costsYear() {
			t.touched.all, t.touched.costsNow = true, true
			return nil
		}
	}
	switch entity {
	case EntityCostSharing:
		id, err := strconv.ParseInt(entityID, 10, 64)
		if err != nil {
			return fmt.Errorf("cost sharing id %q: %w", entityID, err)
		}
		if t.touched.costs == nil {
			t.touched.costs = map[int64]bool{}
		}
		t.touched.costs[id] = true
	case "population":
		t.touched.all, t.touched.costsNow = true, true
	}
	return nil
}

// Advisory lock space of one collaboration's cost rows (keyFigureLock):
// its own write and a save of its cost sharing may run at once.
const lockCollabCosts = 0x53560003

// refreshMunicipalityCosts recomputes the cost rows of the collaborations
// w touched (written, or their cost sharing saved).
func refreshMunicipalityCosts(ctx context.Context, t *tx, w touched) error {
	ids := map[int64]bool{}
	maps.Copy(ids, w.collabs)
	maps.Copy(ids, w.costs)
	if len(ids) == 0 {
		return nil
	}
	sorted := slices.Sorted(maps.Keys(ids))
	for _, id := range sorted {
		if err := keyFigureLock(ctx, t, lockCollabCosts, id, true); err != nil {
			return err
		}
	}
	// Asked under the locks (this write holds the shared lock on all key
	// figures, the background rebuild the exclusive one): rows a bulk load
	// left stale are rebuilt whole by the task, which then sees this write.
	if stale, err := costsStale(ctx, t); err != nil || stale {
		return err
	}
	if _, err := t.exec(ctx, `DELETE FROM municipality_costs WHERE collaboration_id IN (`+placeholders(len(sorted))+`)`,
		int64Args(sorted)...); err != nil {
		return fmt.Errorf("clear municipality costs: %w", err)
	}
	return insertMunicipalityCosts(ctx, t, `c.id IN (`+placeholders(len(sorted))+`)`, int64Args(sorted), costsYear())
}

// keptCostsYear returns the year the cost rows are kept for; kept is
// false when a bulk load left them stale (no year at all): readers then
// compute the table live.
func keptCostsYear(ctx context.Context, t *tx) (year int, kept bool, err error) {
	err = t.queryRow(ctx, `SELECT year FROM municipality_costs_year WHERE id = 1`).Scan(&year)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("municipality costs year: %w", err)
	}
	return year, true, nil
}

// costsStale reports whether a bulk load left the cost rows stale.
func costsStale(ctx context.Context, t *tx) (bool, error) {
	_, kept, err := keptCostsYear(ctx, t)
	return !kept, err
}

// rebuildOrStaleMunicipalityCosts rebuilds the cost rows, or with rebuild
// false marks them stale: a bulk load of 10 000 collaborations would
// spend a third of its time here (docs/performance.md), and the rows are
// not needed to read the page, which computes them live meanwhile.
func rebuildOrStaleMunicipalityCosts(ctx context.Context, t *tx, rebuild bool) error {
	if rebuild {
		return rebuildMunicipalityCosts(ctx, t)
	}
	if _, err := t.exec(ctx, `DELETE FROM municipality_costs_year`); err != nil {
		return fmt.Errorf("municipality costs stale: %w", err)
	}
	return nil
}

// CostRowsTask is the name of the periodic task that rebuilds cost rows
// a bulk load left stale (RebuildStaleMunicipalityCosts).
const CostRowsTask = "kostnadsrader"

// RebuildStaleMunicipalityCosts rebuilds the municipality cost rows when a
// bulk load left them stale; otherwise it does nothing. It is the
// periodic task CostRowsTask: it holds the key figures' exclusive lock, so
// a write's refresh of its own rows runs wholly before or after it.
func (db *DB) RebuildStaleMunicipalityCosts(ctx context.Context) (err error) {
	defer wrap(&err, "sqldb.RebuildStaleMunicipalityCosts")
	return db.write(ctx, func(t *tx) error {
		if err := keyFigureLock(ctx, t, lockAll, 0, true); err != nil {
			return err
		}
		stale, err := costsStale(ctx, t)
		if err != nil || !stale {
			return err
		}
		return rebuildMunicipalityCosts(ctx, t)
	})
}

// rebuildMunicipalityCosts computes every cost row afresh for this year.
func rebuildMunicipalityCosts(ctx context.Context, t *tx) error {
	year := costsYear()
	for _, q := range []string{`DELETE FROM municipality_costs`, `DELETE FROM municipality_costs_year`} {
		if _, err := t.exec(ctx, q); err != nil {
			return fmt.Errorf("clear municipality costs: %w", err)
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO municipality_costs_year (id, year) VALUES (1, ?)`, year); err != nil {
		return fmt.Errorf("municipality costs year: %w", err)
	}
	// The shared counts of the municipality page's map are stale and
	// rebuilt with the cost rows (municipalityshared.go).
	if err := refreshMunicipalityShared(ctx, t, nil); err != nil {
		return err
	}
	return insertMunicipalityCosts(ctx, t, "1 = 1", nil, year)
}

// insertMunicipalityCosts computes and inserts the cost rows of the
// running collaborations matching where (on "collaborations c").
func insertMunicipalityCosts(ctx context.Context, t *tx, where string, args []any, year int) error {
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	where += ` AND c.status IN (` + placeholders(len(running)) + `)`
	args = append(append([]any{}, args...), stringArgs(running)...)
	// Only what the split reads: the key, the annual cost and who takes
	// part when, in the order the record keeps them.
	// The title and its sort key are copied for the reader.
	byID := map[int64]*samverkan.Collaboration{}
	var cs []*samverkan.Collaboration
	titleKeys := map[int64][]byte{}
	err := eachRow(ctx, t, `SELECT c.id, c.cost_key, c.annual_cost, c.title, c.title_key FROM collaborations c
		WHERE `+where+` ORDER BY c.id`, args, func(s scanner) error {
		c := &samverkan.Collaboration{}
		var cost sql.NullInt64
		var key []byte
		if err := s.Scan(&c.ID, &c.CostKey, &cost, &c.Title, &key); err != nil {
			return err
		}
		c.AnnualCost = int64Ptr(cost)
		byID[c.ID] = c
		titleKeys[c.ID] = key
		cs = append(cs, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("municipality costs: %w", err)
	}
	if len(cs) == 0 {
		return nil
	}
	err = eachRow(ctx, t, `SELECT p.collaboration_id, COALESCE(p.municipality_code, ''), p.role, p.joined_on, p.left_on
		FROM participants p JOIN collaborations c ON c.id = p.collaboration_id
		WHERE `+where+` ORDER BY p.collaboration_id, p.pos`, args, func(s scanner) error {
		var id int64
		var p samverkan.Participant
		if err := s.Scan(&id, &p.Code, &p.Role, &p.Joined, &p.Left); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			c.Participants = append(c.Participants, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("municipality costs participants: %w", err)
	}
	sharing, err := costSharingsOf(ctx, t, slices.Collect(maps.Keys(byID)))
	if err != nil {
		return err
	}
	pop, err := populationsTx(ctx, t)
	if err != nil {
		return err
	}
	var rows [][]any
	for _, c := range cs {
		mcs := samverkan.CollaborationMemberCosts(c, sharing[c.ID], year, pop)
		for _, code := range slices.Sorted(maps.Keys(mcs)) {
			mc := mcs[code]
			rows = append(rows, []any{code, c.ID, titleKeys[c.ID], c.Title, c.CostKey, mc.ShareBP, nullInt64(mc.Amount), mc.Reason})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := insertRows(ctx, t, "municipality_costs",
		[]string{"municipality_code", "collaboration_id", "title_key", "title", "cost_key", "share_bp", "amount", "reason"}, rows); err != nil {
		return fmt.Errorf("insert municipality costs: %w", err)
	}
	return nil
}

// populationsTx is samverkan.Populations inside a transaction.
func populationsTx(ctx context.Context, t *tx) (*samverkan.PopulationFigures, error) {
	pf := samverkan.NewPopulationFigures(costCatalog())
	err := eachRow(ctx, t, `SELECT code, reference_date, population FROM population_figures`, nil, func(s scanner) error {
		var code, ref string
		var n int64
		if err := s.Scan(&code, &ref, &n); err != nil {
			return err
		}
		d, err := samverkan.ParseDate(ref)
		if err != nil {
			return fmt.Errorf("population %s: %w", code, err)
		}
		pf.Add(code, d, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("population figures: %w", err)
	}
	return pf, nil
}

// KeptMunicipalityCosts returns what municipality code pays in year for
// each running collaboration it pays for, by title, as the writes keep
// it; ok is false when the kept rows are not of year (the caller then
// computes them with samverkan.MunicipalityCosts). Each row's
// Collaboration has only its id, title and cost key.
func (db *DB) KeptMunicipalityCosts(ctx context.Context, code string, year int) (_ []samverkan.MemberCost, ok bool, err error) {
	defer wrap(&err, "sqldb.KeptMunicipalityCosts")
	var out []samverkan.MemberCost
	err = db.read(ctx, func(t *tx) error {
		keptYear, kept, err := keptCostsYear(ctx, t)
		if err != nil || !kept || keptYear != year {
			return err
		}
		ok = true
		return eachRow(ctx, t, `SELECT collaboration_id, title, cost_key, share_bp, amount, reason
			FROM municipality_costs WHERE municipality_code = ?
			ORDER BY title_key, collaboration_id`, []any{code}, func(s scanner) error {
			c := &samverkan.Collaboration{}
			mc := samverkan.MemberCost{Collaboration: c, Pays: true}
			var amount sql.NullInt64
			if err := s.Scan(&c.ID, &c.Title, &c.CostKey, &mc.ShareBP, &amount, &mc.Reason); err != nil {
				return err
			}
			mc.Amount = int64Ptr(amount)
			out = append(out, mc)
			return nil
		})
	})
	return out, ok, err
}
