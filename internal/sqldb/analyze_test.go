package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestBulkLoadAnalyzed: on PostgreSQL a bulk load of a thousand
// collaborations or more, by bulk or in a batch, leaves the planner statistics of what it wrote
// (a freshly loaded table without them was planned as a few rows); a
// small one leaves them alone. SQLite has nothing to check.
func TestBulkLoadAnalyzed(t *testing.T) {
	if sqldbtest.PostgresURL() == "" {
		t.Skip(sqldbtest.EnvPostgres + " not set")
	}
	ctx := context.Background()
	db := sqldbtest.NewPostgres(t)
	batch := func(n int) []*samverkan.Collaboration {
		cs := make([]*samverkan.Collaboration, n)
		for i := range cs {
			cs[i] = sqldbtest.Collaboration(fmt.Sprintf("Samverkan %d", i), "0180", "0380")
		}
		return cs
	}
	const has = `DO $$ BEGIN IF %s EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema()
		AND tablename = 'participants' AND attname = 'municipality_code') THEN RAISE EXCEPTION '%s'; END IF; END $$`
	mustOK(t, "CreateCollaborations 10", db.CreateCollaborations(ctx, batch(10)))
	sqldbtest.Exec(t, db, fmt.Sprintf(has, "", "analysed after 10 records"))
	mustOK(t, "CreateCollaborations 1000", db.CreateCollaborations(ctx, batch(1000)))
	sqldbtest.Exec(t, db, fmt.Sprintf(has, "NOT", "no statistics after 1 000 records"))

	// A batch of single creations, as the synthetic register is loaded.
	db = sqldbtest.NewPostgres(t)
	mustOK(t, "Batch", db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
		for _, c := range batch(1000) {
			if err := s.CreateCollaboration(ctx, c); err != nil {
				return err
			}
		}
		return nil
	}))
	sqldbtest.Exec(t, db, fmt.Sprintf(has, "NOT", "no statistics after a batch of 1 000 records"))
}
