package sqldb

import (
	"context"
	"fmt"
)

// bulkAnalyzed are the tables a bulk load fills that the key figures'
// refreshes and the pages join on.
const bulkAnalyzed = "collaborations, participants, collaboration_networks, collaboration_areas"

// analyzeAfterBulk gives PostgreSQL's planner statistics of what a bulk
// load wrote, in the load's own transaction (ANALYZE counts the rows the
// transaction inserted, and its statistics commit with them). Without
// them the planner takes a freshly loaded table for a handful of rows
// until autovacuum analyses it, and that may be never (it can be turned
// off, as on the benchmark machine) or minutes later: on the national
// register loaded by `samverkan demo --synthetic` no table had statistics,
// and a single collaboration's write spent 25 ms on each municipality's
// public reach and 250 ms in all, a hash over every network membership
// where an index lookup per participant would do (issue 16). SQLite
// plans from its indexes without statistics.
func analyzeAfterBulk(ctx context.Context, t *tx) error {
	if t.dialect != Postgres {
		return nil
	}
	if _, err := t.exec(ctx, `ANALYZE `+bulkAnalyzed); err != nil {
		return fmt.Errorf("analyze after bulk load: %w", err)
	}
	return nil
}
