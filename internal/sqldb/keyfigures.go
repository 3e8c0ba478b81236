package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The key figures of the overview and /insyn (network_stats, network_reach,
// public_reach; migration 0021) are kept current by the writes themselves:
// recordWrite notes which networks and municipalities a write touched,
// and bumpVersion, which every committing write passes once (a batch at
// its end), refreshes their rows in the same transaction. Reading them is
// then a few dozen rows instead of an aggregate over the whole register
// (88 ms at national scale), and they are right on every instance at once.

// touched is what a transaction's writes changed.
type touched struct {
	all bool // rebuild everything: a network's visibility changed, a bulk load
	// bulk is a bulk load: its rebuild leaves the cost rows stale for the
	// background task (municipality_costs.go) unless costsNow says they
	// must be rebuilt at once (population figures loaded, a new year).
	bulk, costsNow bool
	created        int  // collaborations the writes created (analyze.go)
	base           bool // a write of something else than a collaboration
	networks       map[int64]bool
	munis          map[string]bool
	// added are the figures of collaborations bulk loads created, added
	// to the kept ones unless a refresh or rebuild computes them anyway.
	added   figuresAdded
	collabs map[int64]bool
	// costs are collaborations whose cost sharing was saved; costsChecked
	// that the kept cost rows' year was checked (municipality_costs.go).
	costs        map[int64]bool
	costsChecked bool
}

func (w *touched) network(id int64) {
	if w.networks == nil {
		w.networks = map[int64]bool{}
	}
	w.networks[id] = true
}

func (w *touched) municipality(code string) {
	if code == "" {
		return
	}
	if w.munis == nil {
		w.munis = map[string]bool{}
	}
	w.munis[code] = true
}

// touch notes what a write of entity changed: for a collaboration the
// networks and municipalities it belongs to before and after; for a
// network itself, or everything when its visibility changed or it went.
func (t *tx) touch(ctx context.Context, entity, entityID string, before, after any) error {
	// A batch that has touched this much is rebuilt whole at its end (an
	// import): the lookups below would only slow its writes down.
	if t.touched.all || len(t.touched.networks) > 8 || len(t.touched.munis) > 32 {
		t.touched.all = true
		return nil
	}
	if err := t.noteCosts(ctx, entity, entityID); err != nil || t.touched.all {
		return err
	}
	switch entity {
	case EntityCollaboration:
		id, err := strconv.ParseInt(entityID, 10, 64)
		if err != nil {
			return fmt.Errorf("collaboration id %q: %w", entityID, err)
		}
		if t.touched.collabs == nil {
			t.touched.collabs = map[int64]bool{}
		}
		t.touched.collabs[id] = true
		var host *string
		if err := t.queryRow(ctx, `SELECT host FROM collaborations WHERE id = ?`, id).Scan(&host); err == nil && host != nil {
			t.touched.municipality(*host)
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = eachRow(ctx, t, `SELECT network_id FROM collaboration_networks WHERE collaboration_id = ?`,
			[]any{id}, func(s scanner) error {
				var n int64
				err := s.Scan(&n)
				t.touched.network(n)
				return err
			})
		if err != nil {
			return err
		}
		err = eachRow(ctx, t, `SELECT municipality_code FROM participants
			WHERE collaboration_id = ? AND municipality_code IS NOT NULL`, []any{id}, func(s scanner) error {
			var code string
			err := s.Scan(&code)
			t.touched.municipality(code)
			return err
		})
		if err != nil {
			return err
		}
		if old, ok := before.(*samverkan.Collaboration); ok && old != nil {
			t.touched.municipality(old.Host)
			for _, p := range old.Participants {
				t.touched.municipality(p.Code)
			}
			for _, slug := range old.Networks {
				var n int64
				err := t.queryRow(ctx, `SELECT id FROM networks WHERE slug = ?`, slug).Scan(&n)
				if err == nil {
					t.touched.network(n)
				} else if !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
		}
	case EntityNetwork:
		t.touched.base = true
		b, _ := before.(*samverkan.Network)
		a, _ := after.(*samverkan.Network)
		if b == nil || a == nil || b.Public != a.Public {
			t.touched.all = true
			return nil
		}
		t.touched.network(a.ID)
	default:
		t.touched.base = true
	}
	return nil
}

// bumpScopes moves on the scope versions of what w touched: the
// collaborations written, their networks and municipalities; "base" when
// anything else was written (or nothing is known, as for a session ended).
// The rows bumped are marked -1, for bumpVersion to stamp with the data
// version the transaction commits (stampScopes).
func bumpScopes(ctx context.Context, t *tx, w touched) error {
	const upsert = ` ON CONFLICT (scope) DO UPDATE SET version = scope_versions.version + 1, data_version = -1`
	if w.all || w.base || len(w.collabs) == 0 {
		_, err := t.exec(ctx, `INSERT INTO scope_versions (scope, version, data_version) VALUES ('base', 1, -1)`+upsert)
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(w.collabs)) {
		if _, err := t.exec(ctx, `INSERT INTO scope_versions (scope, version, data_version) VALUES (?, 1, -1)`+upsert,
			"collaboration:"+strconv.FormatInt(id, 10)); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w.networks)) {
		if _, err := t.exec(ctx, `INSERT INTO scope_versions (scope, version, data_version)
			SELECT 'network:' || slug, 1, -1 FROM networks WHERE id = ?`+upsert, id); err != nil {
			return err
		}
	}
	for _, code := range slices.Sorted(maps.Keys(w.munis)) {
		if _, err := t.exec(ctx, `INSERT INTO scope_versions (scope, version, data_version) VALUES (?, 1, -1)`+upsert,
			"municipality:"+code); err != nil {
			return err
		}
	}
	return nil
}

// refreshKeyFigures brings the key figures of what the transaction touched
// up to date, and forgets it.
func (t *tx) refreshKeyFigures(ctx context.Context) error {
	w := t.touched
	t.touched = touched{}
	if err := bumpScopes(ctx, t, w); err != nil {
		return fmt.Errorf("scope versions: %w", err)
	}
	if err := analyzeAfterBulk(ctx, t, w.created); err != nil {
		return err
	}
	// A batch that touched many (an import, the synthetic register) is
	// cheaper rebuilt in one grouped pass than refreshed one by one.
	if w.all || len(w.networks) > 8 || len(w.munis) > 32 {
		if err := keyFigureLock(ctx, t, lockAll, 0, true); err != nil {
			return err
		}
		return rebuildKeyFigures(ctx, t, !w.bulk || w.costsNow)
	}
	if err := keyFigureLock(ctx, t, lockAll, 0, false); err != nil {
		return err
	}
	// A network or municipality a write touched is recomputed, which
	// counts the bulk-loaded records too; the others only add theirs.
	nets := append(slices.Collect(maps.Keys(w.networks)), w.added.networks()...)
	slices.Sort(nets)
	for _, n := range slices.Compact(nets) {
		if err := keyFigureLock(ctx, t, lockNetwork, n, true); err != nil {
			return err
		}
		if !w.networks[n] {
			if err := w.added.addNetwork(ctx, t, n); err != nil {
				return err
			}
			continue
		}
		if err := refreshNetworkFigures(ctx, t, &n); err != nil {
			return err
		}
		if err := refreshNetworkRunning(ctx, t, &n); err != nil {
			return err
		}
	}
	munis := append(slices.Collect(maps.Keys(w.munis)), w.added.munis()...)
	slices.Sort(munis)
	for _, code := range slices.Compact(munis) {
		id, err := strconv.ParseInt(code, 10, 32)
		if err != nil {
			id = 0 // not a municipality code: one lock for all such
		}
		if err := keyFigureLock(ctx, t, lockMunicipality, id, true); err != nil {
			return err
		}
		if !w.munis[code] {
			if err := w.added.addMunicipality(ctx, t, code); err != nil {
				return err
			}
			continue
		}
		if err := refreshPublicReach(ctx, t, &code); err != nil {
			return err
		}
		if err := refreshMunicipalityRunning(ctx, t, &code); err != nil {
			return err
		}
		if err := refreshMunicipalityShared(ctx, t, &code); err != nil {
			return err
		}
	}
	if w.bulk { // the cost rows as a rebuild after a bulk load leaves them
		if err := rebuildOrStaleMunicipalityCosts(ctx, t, false); err != nil {
			return err
		}
	}
	return refreshMunicipalityCosts(ctx, t, w)
}

// Advisory lock spaces of the key figures on PostgreSQL.
const (
	lockAll          = 0x53560000
	lockNetwork      = 0x53560001
	lockMunicipality = 0x53560002
)

// keyFigureLock serialises, on PostgreSQL, the transactions that refresh
// the same network's or municipality's figures: each deletes and inserts
// its rows, and two at once under READ COMMITTED would collide on the
// primary key or leave a row the other removed. Waiting for the lock also
// makes the refresh's statements see the other's committed rows. A full
// rebuild takes lockAll exclusively, single refreshes share it. Locks are
// taken in a fixed order (all, networks by id, municipalities by code),
// so two writers cannot deadlock on them. SQLite has one writer at a time.
func keyFigureLock(ctx context.Context, t *tx, space int64, id int64, exclusive bool) error {
	if t.dialect != Postgres {
		return nil
	}
	fn := "pg_advisory_xact_lock"
	if !exclusive {
		fn = "pg_advisory_xact_lock_shared"
	}
	_, err := t.exec(ctx, `SELECT `+fn+`(CAST(? AS INTEGER), CAST(? AS INTEGER))`, int32(space), int32(id))
	if err != nil {
		return fmt.Errorf("key figure lock: %w", err)
	}
	return nil
}

// rebuildKeyFigures computes every key figure afresh (Migrate, bulk loads,
// a network's visibility).
//
// costs false leaves the municipality cost rows stale instead of
// rebuilding them (a bulk load): readers compute them live meanwhile and
// the background task rebuilds them (RebuildStaleMunicipalityCosts).
func rebuildKeyFigures(ctx context.Context, t *tx, costs bool) error {
	if err := refreshNetworkFigures(ctx, t, nil); err != nil {
		return err
	}
	if err := refreshMunicipalityRunning(ctx, t, nil); err != nil {
		return err
	}
	if err := rebuildOrStaleMunicipalityCosts(ctx, t, costs); err != nil {
		return err
	}
	if err := refreshNetworkRunning(ctx, t, nil); err != nil {
		return err
	}
	return refreshPublicReach(ctx, t, nil)
}

// refreshMunicipalityRunning recomputes municipality_running of one
// municipality, or of all when code is nil: per municipality and leaving
// date, how many running collaborations it takes part in.
func refreshMunicipalityRunning(ctx context.Context, t *tx, code *string) error {
	where, args := "", []any{}
	if code != nil {
		where, args = " WHERE municipality_code = ?", []any{*code}
	}
	if _, err := t.exec(ctx, `DELETE FROM municipality_running`+where, args...); err != nil {
		return fmt.Errorf("clear municipality running: %w", err)
	}
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	pwhere, qargs := "p.municipality_code IS NOT NULL", stringArgs(running)
	if code != nil {
		pwhere, qargs = "p.municipality_code = ?", append([]any{*code}, qargs...)
	}
	if _, err := t.exec(ctx, `INSERT INTO municipality_running (municipality_code, left_on, n)
		SELECT p.municipality_code, p.left_on, COUNT(*)
		FROM participants p JOIN collaborations c ON c.id = p.collaboration_id
		WHERE `+pwhere+` AND c.status IN (`+placeholders(len(running))+`)
		GROUP BY p.municipality_code, p.left_on`, qargs...); err != nil {
		return fmt.Errorf("municipality running: %w", err)
	}
	return nil
}

// refreshNetworkFigures recomputes network_stats and network_reach of one
// network, or of all when network is nil.
func refreshNetworkFigures(ctx context.Context, t *tx, network *int64) error {
	where, args := "", []any{}
	if network != nil {
		where, args = " WHERE network_id = ?", []any{*network}
	}
	for _, table := range []string{"network_stats", "network_reach"} {
		if _, err := t.exec(ctx, `DELETE FROM `+table+where, args...); err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	pipeline := samverkan.StatusesInPhase(samverkan.PhasePipeline)
	ended := samverkan.StatusesInPhase(samverkan.PhaseEnded)
	in := func(statuses []string) string { return "c.status IN (" + placeholders(len(statuses)) + ")" }
	pub := "c.public = ?"
	// The collaboration's first public network is this one: fp, each
	// collaboration's lowest public network id, joined once. It was a
	// NOT EXISTS in each of the four prim_ columns, a correlated subquery
	// per collaboration and column: 1.6 s of a 10 000-row import's
	// rebuild on PostgreSQL (SQLite ran it as fast as it runs this).
	prim := "c.public = ? AND n.public = ? AND fp.first_public = n.id"
	var sargs []any
	add := func(v ...any) { sargs = append(sargs, v...) }
	cols := []string{}
	col := func(expr string, a ...any) { cols = append(cols, expr); add(a...) }
	runArgs := stringArgs(running)
	col("COALESCE(SUM(CASE WHEN "+in(running)+" THEN 1 ELSE 0 END), 0)", runArgs...)
	col("COALESCE(SUM(CASE WHEN "+in(pipeline)+" THEN 1 ELSE 0 END), 0)", stringArgs(pipeline)...)
	col("COALESCE(SUM(CASE WHEN "+in(ended)+" THEN 1 ELSE 0 END), 0)", stringArgs(ended)...)
	col(sumAmount(t.dialect, "CASE WHEN "+in(running)+" THEN c.annual_cost ELSE 0 END"), runArgs...)
	col(knownCount(in(running), "c.annual_cost"), runArgs...)
	col("COALESCE(SUM(CASE WHEN "+pub+" AND "+in(running)+" THEN 1 ELSE 0 END), 0)", append([]any{true}, runArgs...)...)
	col("COALESCE(SUM(CASE WHEN "+pub+" AND "+in(pipeline)+" THEN 1 ELSE 0 END), 0)", append([]any{true}, stringArgs(pipeline)...)...)
	col("COALESCE(SUM(CASE WHEN "+pub+" AND "+in(ended)+" THEN 1 ELSE 0 END), 0)", append([]any{true}, stringArgs(ended)...)...)
	col(sumAmount(t.dialect, "CASE WHEN "+pub+" AND "+in(running)+" THEN c.annual_cost ELSE 0 END"), append([]any{true}, runArgs...)...)
	col(knownCount(pub+" AND "+in(running), "c.annual_cost"), append([]any{true}, runArgs...)...)
	col("COALESCE(SUM(CASE WHEN "+prim+" THEN 1 ELSE 0 END), 0)", true, true)
	col("COALESCE(SUM(CASE WHEN "+prim+" AND "+in(running)+" THEN 1 ELSE 0 END), 0)", append([]any{true, true}, runArgs...)...)
	col(sumAmount(t.dialect, "CASE WHEN "+prim+" AND "+in(running)+" THEN c.annual_cost ELSE 0 END"), append([]any{true, true}, runArgs...)...)
	col(knownCount(prim+" AND "+in(running), "c.annual_cost"), append([]any{true, true}, runArgs...)...)
	// fp covers the collaborations of the network refreshed, or all.
	fpwhere := "n2.public = ?"
	add(true)
	fp := `LEFT JOIN (SELECT cn2.collaboration_id, MIN(n2.id) AS first_public
			FROM collaboration_networks cn2 JOIN networks n2 ON n2.id = cn2.network_id
			WHERE ` + fpwhere + `
			GROUP BY cn2.collaboration_id) fp ON fp.collaboration_id = c.id`
	if network != nil && t.dialect == Postgres {
		// One network's few hundred collaborations: PostgreSQL joined
		// the grouped fp once for each of them (a nested loop over a
		// hash of all of them, quadratic: 15-25 ms for 318); looked up
		// per collaboration it is an index probe each, 2-3x faster.
		fp = `LEFT JOIN LATERAL (SELECT MIN(n2.id) AS first_public
			FROM collaboration_networks cn2 JOIN networks n2 ON n2.id = cn2.network_id
			WHERE ` + fpwhere + ` AND cn2.collaboration_id = c.id) fp ON TRUE`
	} else if network != nil {
		fp = `LEFT JOIN (SELECT cn2.collaboration_id, MIN(n2.id) AS first_public
			FROM collaboration_networks cn2 JOIN networks n2 ON n2.id = cn2.network_id
			WHERE ` + fpwhere + ` AND cn2.collaboration_id IN (SELECT collaboration_id FROM collaboration_networks WHERE network_id = ?)
			GROUP BY cn2.collaboration_id) fp ON fp.collaboration_id = c.id`
		add(*network)
	}
	nwhere := ""
	if network != nil {
		nwhere = " WHERE n.id = ?"
		add(*network)
	}
	q := `INSERT INTO network_stats (network_id, running, pipeline, ended, cost, cost_known,
			pub_running, pub_pipeline, pub_ended, pub_cost, pub_cost_known,
			prim_count, prim_running, prim_cost, prim_cost_known)
		SELECT n.id`
	for _, c := range cols {
		q += ",\n\t\t\t" + c
	}
	q += `
		FROM networks n
		LEFT JOIN collaboration_networks cn ON cn.network_id = n.id
		LEFT JOIN collaborations c ON c.id = cn.collaboration_id
		` + fp + nwhere + `
		GROUP BY n.id`
	if _, err := t.exec(ctx, q, sargs...); err != nil {
		return fmt.Errorf("network stats: %w", err)
	}
	rwhere := ""
	from := `collaboration_networks cn
		JOIN participants p ON p.collaboration_id = cn.collaboration_id`
	if network != nil {
		rwhere = " AND cn.network_id = ?"
		if t.dialect == Postgres {
			// The participants of one network's few hundred
			// collaborations by their primary key: PostgreSQL
			// preferred a hash join over all 84 000 participants
			// (40 ms at national scale; this 1 ms).
			from = `collaboration_networks cn CROSS JOIN LATERAL (SELECT municipality_code, left_on
			FROM participants WHERE collaboration_id = cn.collaboration_id OFFSET 0) p`
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO network_reach (network_id, municipality_code, open, until_on)
		SELECT cn.network_id, p.municipality_code,
			MAX(CASE WHEN p.left_on IS NULL THEN 1 ELSE 0 END), MAX(p.left_on)
		FROM `+from+`
		WHERE p.municipality_code IS NOT NULL`+rwhere+`
		GROUP BY cn.network_id, p.municipality_code`, args...); err != nil {
		return fmt.Errorf("network reach: %w", err)
	}
	return nil
}

// refreshPublicReach recomputes public_reach of one municipality, or of
// all when code is nil.
func refreshPublicReach(ctx context.Context, t *tx, code *string) error {
	where, args := "", []any{}
	if code != nil {
		where, args = " WHERE municipality_code = ?", []any{*code}
	}
	if _, err := t.exec(ctx, `DELETE FROM public_reach`+where, args...); err != nil {
		return fmt.Errorf("clear public reach: %w", err)
	}
	pwhere := "p.municipality_code IS NOT NULL"
	qargs := []any{true, true}
	if code != nil {
		pwhere = "p.municipality_code = ?"
		qargs = append([]any{*code}, qargs...)
	}
	// All municipalities at once walk the collaborations and ask once per
	// collaboration whether it is in a public network (SQLite keeps the
	// order CROSS JOIN gives; through the municipality index it asked once
	// per participant: a third more for a 10 000-row import). One
	// municipality goes through its index.
	from := "collaborations c CROSS JOIN participants p"
	fence := ""
	if code != nil {
		from = "participants p CROSS JOIN collaborations c"
		// PostgreSQL turns the EXISTS into a semi-join and builds it
		// from every network membership (20 000 rows, 15-25 ms for each
		// municipality a write touched); OFFSET 0 keeps it a lookup per
		// participant through the primary key (3x faster). SQLite asks
		// per row anyway.
		if t.dialect == Postgres {
			fence = " OFFSET 0"
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO public_reach (municipality_code, open, until_on)
		SELECT p.municipality_code, MAX(CASE WHEN p.left_on IS NULL THEN 1 ELSE 0 END), MAX(p.left_on)
		FROM `+from+`
		WHERE c.id = p.collaboration_id AND `+pwhere+` AND c.public = ? AND EXISTS (SELECT 1 FROM collaboration_networks cn
			JOIN networks n ON n.id = cn.network_id WHERE cn.collaboration_id = c.id AND n.public = ?`+fence+`)
		GROUP BY p.municipality_code`, qargs...); err != nil {
		return fmt.Errorf("public reach: %w", err)
	}
	return nil
}
