package sqldb

import (
	"context"
	"fmt"
)

// bulkAnalyzed are the tables and columns a bulk load fills that the key
// figures' refreshes and the pages join and filter on. All columns of
// collaborations (its texts, the search text above all) took 1.8 s at
// national scale; these, at the statistics target below, 50 ms.
const bulkAnalyzed = "collaborations (id, status, public, host), " +
	"participants (collaboration_id, municipality_code, party_id, left_on), collaboration_networks, collaboration_areas"

// minAnalyzed is the smallest load (collaborations created in one
// transaction) that is analysed: a few records
// more do not change the plans, and the coarse statistics taken here
// should not replace finer ones autovacuum took of a large register.
const minAnalyzed = 1000

// analyzeAfterBulk gives PostgreSQL's planner statistics of what a bulk
// load (CreateCollaborations, or a batch of CreateCollaboration as the
// synthetic register is loaded) wrote, in the load's own transaction (ANALYZE counts the rows the
// transaction inserted, and its statistics commit with them). Without
// them the planner takes a freshly loaded table for a handful of rows
// until autovacuum analyses it, and that may be never (it can be turned
// off, as on the benchmark machine) or minutes later: on the national
// register loaded by `samverkan demo --synthetic` no table had statistics,
// and a single collaboration's write spent 25 ms on each municipality's
// public reach and 250 ms in all (110 ms with statistics) (issue 16).
// A statistics target of 10 samples 3 000 rows instead of 30 000: row
// counts and distinct values are what the plans need, and the load is
// not slowed by more than a few per cent. SQLite plans from its indexes
// without statistics.
func analyzeAfterBulk(ctx context.Context, t *tx, created int) error {
	if t.dialect != Postgres || created < minAnalyzed {
		return nil
	}
	for _, q := range []string{`SET LOCAL default_statistics_target = 10`, `ANALYZE ` + bulkAnalyzed,
		`SET LOCAL default_statistics_target = DEFAULT`} {
		if _, err := t.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("analyze after bulk load: %w", err)
		}
	}
	return nil
}
