package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/samverkan/samverkan"
)

// SaveKPIValues stores Kolada values and KPI titles in one transaction,
// replacing those with the same key, so a re-sync of the same figures
// changes nothing but the fetch time.
func (db *DB) SaveKPIValues(ctx context.Context, kpis []samverkan.KPIInfo, vs []samverkan.KPIValue) (err error) {
	defer wrap(&err, "sqldb.SaveKPIValues")
	return db.write(ctx, func(t *tx) error {
		now := db.timestamp()
		if len(kpis) > 0 {
			rows := make([][]any, 0, len(kpis))
			for _, k := range kpis {
				rows = append(rows, []any{k.ID, k.Title, formatTime(now)})
			}
			if err := insertRowsSuffix(ctx, t, "kolada_kpis", []string{"id", "title", "fetched"}, rows,
				` ON CONFLICT (id) DO UPDATE SET title = excluded.title, fetched = excluded.fetched`); err != nil {
				return fmt.Errorf("insert kpis: %w", err)
			}
		}
		if len(vs) > 0 {
			rows := make([][]any, 0, len(vs))
			for _, v := range vs {
				f := v.Fetched
				if f.IsZero() {
					f = now
				}
				var val any
				if v.Value != nil {
					val = *v.Value
				}
				rows = append(rows, []any{v.KPI, v.Municipality, v.Year, v.Gender, val, formatTime(f)})
			}
			if err := insertRowsSuffix(ctx, t, "kolada_values", []string{"kpi", "municipality", "year", "gender", "value", "fetched"}, rows,
				` ON CONFLICT (kpi, municipality, year, gender) DO UPDATE SET value = excluded.value, fetched = excluded.fetched`); err != nil {
				return fmt.Errorf("insert kpi values: %w", err)
			}
		}
		t.touched.base = true // every page may show them, also in a batch with collaborations
		if t.inBatch {
			t.written = true
			return nil
		}
		// Fetched figures are not anyone's edit: no audit row, but pages
		// showing them must not serve a stale cache.
		return bumpVersion(ctx, t)
	})
}

// KPIValues returns stored values of kpi for codes (all when empty) and
// years (all when empty).
func (db *DB) KPIValues(ctx context.Context, kpi string, codes []string, years []int) (_ []samverkan.KPIValue, err error) {
	defer wrap(&err, "sqldb.KPIValues")
	q := `SELECT kpi, municipality, year, gender, value, fetched FROM kolada_values WHERE kpi = ?`
	args := []any{kpi}
	if len(codes) > 0 {
		q += ` AND municipality IN (` + placeholders(len(codes)) + `)`
		args = append(args, stringArgs(codes)...)
	}
	if len(years) > 0 {
		q += ` AND year IN (` + placeholders(len(years)) + `)`
		for _, y := range years {
			args = append(args, y)
		}
	}
	q += ` ORDER BY municipality, year, gender`
	var out []samverkan.KPIValue
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, q, args, func(s scanner) error {
			var v samverkan.KPIValue
			var val sql.NullFloat64
			var fetched string
			if err := s.Scan(&v.KPI, &v.Municipality, &v.Year, &v.Gender, &val, &fetched); err != nil {
				return err
			}
			if val.Valid {
				f := val.Float64
				v.Value = &f
			}
			var err error
			if v.Fetched, err = parseTime(fetched); err != nil {
				return err
			}
			out = append(out, v)
			return nil
		})
	})
	return out, err
}

// KPIInfos names the stored KPIs, by id.
func (db *DB) KPIInfos(ctx context.Context) (_ []samverkan.KPIInfo, err error) {
	defer wrap(&err, "sqldb.KPIInfos")
	var out []samverkan.KPIInfo
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT id, title FROM kolada_kpis ORDER BY id`, nil, func(s scanner) error {
			var k samverkan.KPIInfo
			if err := s.Scan(&k.ID, &k.Title); err != nil {
				return err
			}
			out = append(out, k)
			return nil
		})
	})
	return out, err
}
