package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/samverkan/samverkan"
)

// A bulk load that only creates collaborations changes the key figures by
// what its own records add: counts and sums grow by theirs, and the open
// and last end of a municipality's reach become the larger of the kept
// and the new. So CreateCollaborations gathers, in Go, the figures of the
// records it writes (figuresAdded), and refreshKeyFigures adds them to the
// kept rows of the networks and municipalities concerned, under the same
// locks a single write's refresh takes. The full rebuild it replaces
// aggregated the whole register again: five statements over every
// participant, a fifth of a 10 000-row import's CPU time on SQLite.
//
// What a figure means stays in one place, the rebuild's SQL
// (keyfigures.go, networkrunning.go): the rows here follow it clause by
// clause, and TestKeyFiguresKeptByWrites compares the figures after bulk
// loads with the aggregate over the register.

// figuresAdded are the key figures of the collaborations a transaction's
// bulk loads created.
type figuresAdded struct {
	stats       map[int64]*statsAdded // network_stats, per network
	reach       map[netMuni]reachAdded
	netRunning  map[netMuniLeft]int64
	muniRunning map[muniLeft]int64
	public      map[string]reachAdded // public_reach, per municipality
}

type netMuni struct {
	network int64
	code    string
}

// muniLeft is a municipality and a leaving date; left is "" for none (the
// column's NULL: dates are never empty text).
type muniLeft struct{ code, left string }

type netMuniLeft struct {
	network int64
	muniLeft
}

// statsAdded are the columns of network_stats, in order; costAbs the sum
// of the absolute amounts behind each cost column, to know the kept sum
// plus these stays where integer and float sums agree (see add).
type statsAdded struct {
	v       [14]int64
	costAbs [3]int64
}

// Columns of statsAdded.v, as network_stats names them.
var statsColumns = []string{"running", "pipeline", "ended", "cost", "cost_known",
	"pub_running", "pub_pipeline", "pub_ended", "pub_cost", "pub_cost_known",
	"prim_count", "prim_running", "prim_cost", "prim_cost_known"}

const (
	colCost, colPubCost, colPrimCost = 3, 8, 12
)

// reachAdded is an open participation, and the last leaving date ("" for
// none known).
type reachAdded struct {
	open  bool
	until string
}

func (r reachAdded) merge(o reachAdded) reachAdded {
	return reachAdded{open: r.open || o.open, until: max(r.until, o.until)}
}

// add gathers the figures of c, just written with the networks netIDs;
// public tells which networks are public.
func (f *figuresAdded) add(c *samverkan.Collaboration, netIDs []int64, public map[int64]bool) {
	if f.stats == nil {
		*f = figuresAdded{stats: map[int64]*statsAdded{}, reach: map[netMuni]reachAdded{},
			netRunning: map[netMuniLeft]int64{}, muniRunning: map[muniLeft]int64{}, public: map[string]reachAdded{}}
	}
	phase := samverkan.PhaseOf(c.Status)
	running := phase == samverkan.PhaseRunning
	var cost, known, abs int64
	if c.AnnualCost != nil && running {
		cost, known, abs = *c.AnnualCost, 1, *c.AnnualCost
		if abs < 0 {
			abs = -abs
		}
	}
	// The first public network: the lowest id among c's public ones.
	var first int64
	for _, n := range netIDs {
		if public[n] && (first == 0 || n < first) {
			first = n
		}
	}
	for _, n := range netIDs {
		s := f.stats[n]
		if s == nil {
			s = &statsAdded{}
			f.stats[n] = s
		}
		phaseCols := func(at int) {
			switch phase {
			case samverkan.PhaseRunning:
				s.v[at]++
			case samverkan.PhasePipeline:
				s.v[at+1]++
			case samverkan.PhaseEnded:
				s.v[at+2]++
			}
		}
		phaseCols(0)
		s.v[colCost] += cost
		s.v[colCost+1] += known
		s.costAbs[0] += abs
		if c.Public {
			phaseCols(5)
			s.v[colPubCost] += cost
			s.v[colPubCost+1] += known
			s.costAbs[1] += abs
		}
		if c.Public && n == first {
			s.v[10]++
			if running {
				s.v[11]++
			}
			s.v[colPrimCost] += cost
			s.v[colPrimCost+1] += known
			s.costAbs[2] += abs
		}
	}
	inPublic := c.Public && first != 0
	for _, p := range c.Participants {
		if p.Code == "" {
			continue
		}
		left := ""
		if v, _ := p.Left.Value(); v != nil {
			left = v.(string)
		}
		r := reachAdded{open: left == "", until: left}
		for _, n := range netIDs {
			k := netMuni{n, p.Code}
			f.reach[k] = f.reach[k].merge(r)
			if running {
				f.netRunning[netMuniLeft{n, muniLeft{p.Code, left}}]++
			}
		}
		if running {
			f.muniRunning[muniLeft{p.Code, left}]++
		}
		if inPublic {
			f.public[p.Code] = f.public[p.Code].merge(r)
		}
	}
}

// maxAddedRows is how many rows of added figures a transaction applies
// (figuresAdded.rows); beyond it the key figures are rebuilt whole.
const maxAddedRows = 600

// rows is how many kept rows adding f writes, about.
func (f *figuresAdded) rows() int {
	return len(f.stats) + len(f.reach) + len(f.netRunning) + len(f.muniRunning) + len(f.public)
}

// networks and munis are the networks and municipalities whose figures f
// changes.
func (f *figuresAdded) networks() []int64 { return slices.Collect(maps.Keys(f.stats)) }

func (f *figuresAdded) munis() []string {
	seen := map[string]bool{}
	for k := range f.muniRunning {
		seen[k.code] = true
	}
	for code := range f.public {
		seen[code] = true
	}
	return slices.Collect(maps.Keys(seen))
}

// exactSum bounds the kept cost sums that adding stays exact for: the
// rebuild sums amounts as floats in SQLite (sumAmount), exact while every
// partial sum is below 2^53. Beyond it (rows stored before amounts had
// limits) the network is recomputed instead.
const exactSum = 1 << 53

// addNetwork adds f's figures of network n to its kept rows. The caller
// holds the network's key-figure lock.
func (f *figuresAdded) addNetwork(ctx context.Context, t *tx, n int64) error {
	s := f.stats[n]
	if s == nil {
		return nil
	}
	var kept [14]int64
	dest := make([]any, len(kept))
	for i := range kept {
		dest[i] = &kept[i]
	}
	err := t.queryRow(ctx, `SELECT running, pipeline, ended, cost, cost_known, pub_running, pub_pipeline, pub_ended,
		pub_cost, pub_cost_known, prim_count, prim_running, prim_cost, prim_cost_known
		FROM network_stats WHERE network_id = ?`, n).Scan(dest...)
	exact := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("network stats: %w", err)
	}
	for i, col := range []int{colCost, colPubCost, colPrimCost} {
		if k := kept[col]; k >= exactSum || k <= -exactSum || s.costAbs[i] >= exactSum-max(k, -k) {
			exact = false
		}
	}
	if !exact { // no row kept, or sums past exactness: compute it whole
		if err := refreshNetworkFigures(ctx, t, &n); err != nil {
			return err
		}
		return refreshNetworkRunning(ctx, t, &n)
	}
	args := make([]any, 0, len(kept)+1)
	for i := range kept {
		args = append(args, kept[i]+s.v[i])
	}
	set := ""
	for i, col := range statsColumns {
		if i > 0 {
			set += ", "
		}
		set += col + " = ?"
	}
	if _, err := t.exec(ctx, `UPDATE network_stats SET `+set+` WHERE network_id = ?`, append(args, n)...); err != nil {
		return fmt.Errorf("network stats: %w", err)
	}
	// network_reach: the larger of kept and new.
	reach := map[string]reachAdded{}
	for k, r := range f.reach {
		if k.network == n {
			reach[k.code] = r
		}
	}
	if len(reach) > 0 {
		err := eachRow(ctx, t, `SELECT municipality_code, open, until_on FROM network_reach WHERE network_id = ?`,
			[]any{n}, func(s scanner) error {
				var code string
				var open int
				var until sql.NullString
				err := s.Scan(&code, &open, &until)
				if r, ok := reach[code]; ok {
					reach[code] = r.merge(reachAdded{open: open != 0, until: until.String})
				}
				return err
			})
		if err != nil {
			return fmt.Errorf("network reach: %w", err)
		}
		for _, code := range slices.Sorted(maps.Keys(reach)) {
			r := reach[code]
			if _, err := t.exec(ctx, `INSERT INTO network_reach (network_id, municipality_code, open, until_on)
				VALUES (?, ?, ?, ?) ON CONFLICT (network_id, municipality_code)
				DO UPDATE SET open = excluded.open, until_on = excluded.until_on`,
				n, code, boolInt(r.open), nullString(r.until)); err != nil {
				return fmt.Errorf("network reach: %w", err)
			}
		}
	}
	// network_running: counts grow.
	for k, add := range f.netRunning {
		if k.network != n {
			continue
		}
		if err := addCount(ctx, t, "network_running", "network_id = ? AND ", []any{n}, k.muniLeft, add); err != nil {
			return err
		}
	}
	return nil
}

// addMunicipality adds f's figures of municipality code to its kept rows
// (municipality_running, public_reach). The caller holds its lock.
func (f *figuresAdded) addMunicipality(ctx context.Context, t *tx, code string) error {
	for k, add := range f.muniRunning {
		if k.code != code {
			continue
		}
		if err := addCount(ctx, t, "municipality_running", "", nil, k, add); err != nil {
			return err
		}
	}
	r, ok := f.public[code]
	if !ok {
		return nil
	}
	var open int
	var until sql.NullString
	err := t.queryRow(ctx, `SELECT open, until_on FROM public_reach WHERE municipality_code = ?`, code).Scan(&open, &until)
	if err == nil {
		r = r.merge(reachAdded{open: open != 0, until: until.String})
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("public reach: %w", err)
	}
	if _, err := t.exec(ctx, `INSERT INTO public_reach (municipality_code, open, until_on) VALUES (?, ?, ?)
		ON CONFLICT (municipality_code) DO UPDATE SET open = excluded.open, until_on = excluded.until_on`,
		code, boolInt(r.open), nullString(r.until)); err != nil {
		return fmt.Errorf("public reach: %w", err)
	}
	return nil
}

// addCount adds n to the count of k's municipality and leaving date in
// table (one row per both, which the tables' rebuild groups by; a NULL
// date has no key to upsert on), within the rows where scope holds.
func addCount(ctx context.Context, t *tx, table, scope string, scopeArgs []any, k muniLeft, n int64) error {
	where, args := scope+"municipality_code = ? AND left_on IS NULL", append(slices.Clone(scopeArgs), k.code)
	if k.left != "" {
		where, args = scope+"municipality_code = ? AND left_on = ?", append(args, k.left)
	}
	res, err := t.exec(ctx, `UPDATE `+table+` SET n = n + ? WHERE `+where, append([]any{n}, args...)...)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	if done, err := res.RowsAffected(); err != nil || done > 0 {
		return err
	}
	cols, vals := "municipality_code, left_on, n", []any{k.code, nullString(k.left), n}
	if table == "network_running" {
		cols, vals = "network_id, "+cols, append(slices.Clone(scopeArgs), vals...)
	}
	if _, err := t.exec(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES (`+placeholders(len(vals))+`)`, vals...); err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
