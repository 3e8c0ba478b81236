package sqldb

import "context"

// AgeMunicipalityCosts makes the kept cost rows a year old, as they are
// on the first day of a new year (TestMunicipalityCostsKeptByWrites).
func (db *DB) AgeMunicipalityCosts(ctx context.Context) error {
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `UPDATE municipality_costs_year SET year = year - 1 WHERE id = 1`)
		return err
	})
}
