package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

var _ samverkan.BulkCreator = (*DB)(nil)

// CreateCollaborations creates cs as CreateCollaboration creates each:
// validated, version 1, a "skapad" event and an audit row apiece, in one
// transaction; but with one statement per table for all of them. A
// refused record fails the whole call with a *samverkan.BulkError naming
// it, and nothing is written.
func (db *DB) CreateCollaborations(ctx context.Context, cs []*samverkan.Collaboration) (err error) {
	defer wrap(&err, "sqldb.CreateCollaborations")
	if len(cs) == 0 {
		return nil
	}
	for _, c := range cs {
		c.Normalize()
	}
	return db.write(ctx, func(t *tx) error { return db.createCollaborations(ctx, t, cs) })
}

// bulkChunk is how many records are written per round of statements:
// enough to make a round trip cheap per record, few enough that the rows
// and audit documents of a 20 000-row import are never all in memory.
const bulkChunk = 500

func (db *DB) createCollaborations(ctx context.Context, t *tx, cs []*samverkan.Collaboration) error {
	netIDs, public, err := db.bulkNetworkIDs(ctx, t, cs)
	if err != nil {
		return err
	}
	for i, c := range cs {
		if err := c.Validate(db.Catalog()); err != nil {
			return &samverkan.BulkError{Index: i, Err: err}
		}
		if err := samverkan.CheckDecided(c, nil, db.Catalog()); err != nil {
			return &samverkan.BulkError{Index: i, Err: err}
		}
	}
	for from := 0; from < len(cs); from += bulkChunk {
		to := min(from+bulkChunk, len(cs))
		if err := db.createChunk(ctx, t, cs[from:to], netIDs[from:to], from); err != nil {
			return err
		}
	}
	// The key figures grow by the new records' own (keyfigures_add.go)
	// instead of being rebuilt from the whole register. Not in a batch
	// whose writes each have a savepoint: one rolled back would leave its
	// figures added; such a batch rebuilds them all, as every bulk load
	// once did.
	if t.allOrNothing || !t.inBatch {
		for i, c := range cs {
			t.touched.added.add(c, netIDs[i], public)
		}
		t.touched.base = true // every cached page may count them
		// Each row of figures added is a statement or two: past a few
		// hundred (many leaving dates, national loads) one rebuild is
		// cheaper, above all on PostgreSQL's round trips.
		if t.touched.added.rows() > maxAddedRows {
			t.touched.all = true
		}
	} else {
		t.touched.all = true
	}
	t.touched.bulk = true
	t.touched.created += len(cs)
	if t.inBatch {
		t.written = true
		return nil
	}
	return bumpVersion(ctx, t)
}

// createChunk writes cs, the records from index first on.
func (db *DB) createChunk(ctx context.Context, t *tx, cs []*samverkan.Collaboration, netIDs [][]int64, first int) error {
	for i, c := range cs {
		if len(c.Relations) > 0 {
			var v samverkan.Validation
			if err := checkRelations(ctx, t, c, &v); err != nil {
				return err
			}
			if err := v.Err(); err != nil {
				return &samverkan.BulkError{Index: first + i, Err: err}
			}
		}
	}
	ids, err := allocateCollaborationIDs(ctx, t, len(cs))
	if err != nil {
		return err
	}
	now := db.timestamp()
	// The values every row shares are made arguments (interface values)
	// once: converting them anew for each of ten thousand rows and their
	// child rows was a sixth of an import's allocations.
	stamp, today, actor := any(formatTime(now)), any(db.today()), any(samverkan.ActorFrom(ctx))
	cols := append([]string{"id"}, collaborationColumnNames...)
	rows := make([][]any, len(cs))
	for i, c := range cs {
		c.ID, c.Version, c.Created, c.Updated = ids[i], 1, now, now
		row := make([]any, 0, len(cols))
		row = append(row, c.ID)
		rows[i] = appendCollaborationArgs(row, c)
	}
	err = insertRowsShared(ctx, t, "collaborations", cols, rows, []string{"version", "created", "updated"}, []any{1, stamp, stamp})
	if err != nil {
		return fmt.Errorf("insert collaborations: %w", err)
	}
	children, parties := newChildRows(), map[string]partyWritten{}
	events := make([][]any, 0, len(cs))
	audit := make([][]any, 0, len(cs))
	var docs auditBuffer
	for i, c := range cs {
		if err := children.add(ctx, t, c, netIDs[i], parties); err != nil {
			return err
		}
		id := rows[i][0] // c.ID, already an argument
		events = append(events, []any{id, c.Status})
		after, err := docs.json(c)
		if err != nil {
			return err
		}
		audit = append(audit, []any{strconv.FormatInt(c.ID, 10), after})
	}
	if err := children.insert(ctx, t); err != nil {
		return err
	}
	if err := insertRowsShared(ctx, t, "collaboration_events", []string{"collaboration_id", "to_value"}, events,
		[]string{"at", "actor", "kind", "event_on", "subject", "from_value", "note"},
		[]any{stamp, actor, "skapad", today, "", "", ""}); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	if err := insertRowsShared(ctx, t, "audit_events", []string{"entity_id", "after_json"}, audit,
		[]string{"at", "actor", "action", "entity", "before_json"},
		[]any{stamp, actor, ActionCreate, EntityCollaboration, ""}); err != nil {
		return fmt.Errorf("insert audit events: %w", err)
	}
	return nil
}

// bulkNetworkIDs looks up every network the records name in one query and
// returns each record's network ids in its Networks order, and which of
// the networks are public.
func (db *DB) bulkNetworkIDs(ctx context.Context, t *tx, cs []*samverkan.Collaboration) ([][]int64, map[int64]bool, error) {
	var slugs []string
	seen := map[string]bool{}
	for _, c := range cs {
		for _, s := range c.Networks {
			if !seen[s] {
				seen[s] = true
				slugs = append(slugs, s)
			}
		}
	}
	ids, public := map[string]int64{}, map[int64]bool{}
	for len(slugs) > 0 {
		chunk := slugs[:min(len(slugs), maxParams)]
		slugs = slugs[len(chunk):]
		err := eachRow(ctx, t, `SELECT id, slug, public FROM networks WHERE slug IN (`+placeholders(len(chunk))+`)`,
			stringArgs(chunk), func(s scanner) error {
				var id int64
				var slug string
				var pub bool
				err := s.Scan(&id, &slug, &pub)
				ids[slug], public[id] = id, pub
				return err
			})
		if err != nil {
			return nil, nil, err
		}
	}
	out := make([][]int64, len(cs))
	for i, c := range cs {
		var v samverkan.Validation
		out[i] = make([]int64, len(c.Networks))
		for j, s := range c.Networks {
			if out[i][j] = ids[s]; out[i][j] == 0 {
				v.Add(fmt.Sprintf("networks[%d]", j), "unknown_network", s)
			}
		}
		if err := v.Err(); err != nil {
			return nil, nil, &samverkan.BulkError{Index: i, Err: err}
		}
	}
	return out, public, nil
}

// allocateCollaborationIDs takes n new collaboration ids, in order, as the
// table's own numbering would give them: never one used before, even by a
// deleted record. SQLite's write transaction holds the database, so the
// next n after the AUTOINCREMENT high-water mark are free; PostgreSQL
// hands them out from the identity's sequence.
func allocateCollaborationIDs(ctx context.Context, t *tx, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if t.dialect == Postgres {
		err := eachRow(ctx, t, `SELECT nextval(pg_get_serial_sequence('collaborations', 'id')) FROM generate_series(1, ?)`,
			[]any{n}, func(s scanner) error {
				var id int64
				err := s.Scan(&id)
				ids = append(ids, id)
				return err
			})
		return ids, err
	}
	var last int64
	err := t.queryRow(ctx, `SELECT MAX(n) FROM (SELECT COALESCE(MAX(id), 0) AS n FROM collaborations
		UNION ALL SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'collaborations')`).Scan(&last)
	if err != nil {
		return nil, err
	}
	for i := range n {
		ids = append(ids, last+1+int64(i))
	}
	return ids, nil
}
