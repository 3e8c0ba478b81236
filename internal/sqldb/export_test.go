package sqldb

import "context"

// ExecForTest runs one statement past the store's rules, to put in rows
// that validation refuses today but older versions stored, and bumps
// data_version so no cached page hides them.
func ExecForTest(ctx context.Context, db *DB, query string, args ...any) error {
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, query, args...); err != nil {
			return err
		}
		return bumpVersion(ctx, t)
	})
}
