package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

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
	// What the rows need from the database comes first: every record's
	// id and the external parties' ids. Building the rows is then plain
	// work in Go, which on PostgreSQL runs ahead of the writes.
	ids, err := allocateCollaborationIDs(ctx, t, len(cs))
	if err != nil {
		return err
	}
	parties := map[string]partyWritten{}
	for _, c := range cs {
		if err := upsertParties(ctx, t, c, parties); err != nil {
			return err
		}
	}
	if err := db.writeChunks(ctx, t, cs, netIDs, ids, parties); err != nil {
		return err
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

// bulkRows are the rows of one chunk of a bulk load, built before they
// are written.
type bulkRows struct {
	collabs, events, audit [][]any
	children               childRows
	// whole rows (PostgreSQL) carry the shared values too, their texts
	// checked and driver values converted (readyToCopy): the writer
	// only sends them.
	whole bool
}

// bulkShared are the values every row of a bulk load shares, made
// arguments (interface values) once: converting them anew for each of ten
// thousand rows and their child rows was a sixth of an import's
// allocations.
type bulkShared struct {
	now                 time.Time
	stamp, today, actor any
}

// The columns of a bulk load's own rows: each table's columns, then the
// columns whose values every row shares (bulkShared.values).
var (
	bulkCollabColumns = append([]string{"id"}, collaborationColumnNames...)
	bulkCollabShared  = []string{"version", "created", "updated"}
	bulkEventColumns  = []string{"collaboration_id", "to_value"}
	bulkEventShared   = []string{"at", "actor", "kind", "event_on", "subject", "from_value", "note"}
	bulkAuditColumns  = []string{"entity_id", "after_json"}
	bulkAuditShared   = []string{"at", "actor", "action", "entity", "before_json"}
)

// values returns the values of the shared columns of table's rows.
func (sh bulkShared) values(table string) []any {
	switch table {
	case "collaborations":
		return []any{1, sh.stamp, sh.stamp}
	case "collaboration_events":
		return []any{sh.stamp, sh.actor, "skapad", sh.today, "", "", ""}
	case "audit_events":
		return []any{sh.stamp, sh.actor, ActionCreate, EntityCollaboration, ""}
	}
	return nil // a child table: nothing shared
}

// writeChunks writes cs in chunks of bulkChunk records. On PostgreSQL
// the rows of the next chunk are built in a goroutine while the server
// takes this chunk's: the server's work (foreign-key checks, indexes, the
// search column) was four fifths of an import's writing there, and
// building the rows and audit documents (a sixth) waited for it, and it
// for them. The builder touches no database: what the rows need from it
// (ids, party ids) is fetched before. SQLite runs its statements in this
// process, on the same processors, and builds and writes by turns as
// before.
func (db *DB) writeChunks(ctx context.Context, t *tx, cs []*samverkan.Collaboration, netIDs [][]int64, ids []int64, parties map[string]partyWritten) error {
	now := db.timestamp()
	sh := bulkShared{now: now, stamp: formatTime(now), today: db.today(), actor: samverkan.ActorFrom(ctx)}
	size := bulkChunk
	if db.bulkChunk > 0 {
		size = db.bulkChunk
	}
	var chunks [][2]int // each chunk's first and end index
	for from := 0; from < len(cs); from += size {
		chunks = append(chunks, [2]int{from, min(from+size, len(cs))})
	}
	build := func(k int) (*bulkRows, error) {
		from, to := chunks[k][0], chunks[k][1]
		return buildChunk(cs[from:to], netIDs[from:to], ids[from:to], parties, sh, t.dialect == Postgres)
	}
	write := func(k int, rows *bulkRows) error {
		from, to := chunks[k][0], chunks[k][1]
		return writeChunk(ctx, t, cs[from:to], from, rows, sh)
	}
	if t.dialect != Postgres {
		for k := range chunks {
			rows, err := build(k)
			if err != nil {
				return err
			}
			if err := write(k, rows); err != nil {
				return err
			}
		}
		return nil
	}
	type built struct {
		rows *bulkRows
		err  error
	}
	next := make(chan built, 1) // one chunk ready, the next being built
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := range chunks {
			rows, err := buildRecovered(build, k)
			select {
			case next <- built{rows, err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	// The builder sets the records' ids and stamps: it has stopped before
	// the caller sees them again, after a failed write too.
	defer wg.Wait()
	defer close(stop)
	for k := range chunks {
		b := <-next
		if b.err != nil {
			return b.err
		}
		if err := write(k, b.rows); err != nil {
			return err
		}
	}
	return nil
}

// buildRecovered calls build(k), turning a panic into an error: in a
// goroutine of its own a panic would not reach the request's recovery but
// end the process.
func buildRecovered(build func(int) (*bulkRows, error), k int) (rows *bulkRows, err error) {
	defer func() {
		if p := recover(); p != nil {
			rows, err = nil, fmt.Errorf("build bulk rows: panic: %v", p)
		}
	}()
	return build(k)
}

// buildChunk sets the ids, version and stamps of cs and builds their rows:
// the collaborations', their child tables', events' and audit rows;
// whole rows when whole is set (bulkRows). It reads no database (parties
// holds every external party's id already), so it may run while another
// chunk is written.
func buildChunk(cs []*samverkan.Collaboration, netIDs [][]int64, ids []int64, parties map[string]partyWritten, sh bulkShared, whole bool) (*bulkRows, error) {
	r := &bulkRows{
		collabs:  make([][]any, len(cs)),
		events:   make([][]any, 0, len(cs)),
		audit:    make([][]any, 0, len(cs)),
		children: newChildRows(),
		whole:    whole,
	}
	var collabShared, eventShared, auditShared []any
	if whole {
		collabShared, eventShared, auditShared = sh.values("collaborations"), sh.values("collaboration_events"), sh.values("audit_events")
	}
	width := len(bulkCollabColumns) + len(collabShared)
	for i, c := range cs {
		c.ID, c.Version, c.Created, c.Updated = ids[i], 1, sh.now, sh.now
		row := make([]any, 0, width)
		row = append(row, c.ID)
		r.collabs[i] = append(appendCollaborationArgs(row, c), collabShared...)
	}
	var docs auditBuffer
	for i, c := range cs {
		id := r.collabs[i][0] // c.ID, already an argument
		r.children.addRows(c, id, netIDs[i], parties)
		r.events = append(r.events, append([]any{id, c.Status}, eventShared...))
		after, err := docs.json(c)
		if err != nil {
			return nil, err
		}
		r.audit = append(r.audit, append([]any{strconv.FormatInt(c.ID, 10), after}, auditShared...))
	}
	if whole {
		for _, rows := range append([][][]any{r.collabs, r.events, r.audit}, r.children.allRows()...) {
			if err := readyToCopy(rows); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// writeChunk writes the rows buildChunk built for cs, the records from
// index first on, after checking their relations' targets.
func writeChunk(ctx context.Context, t *tx, cs []*samverkan.Collaboration, first int, r *bulkRows, sh bulkShared) error {
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
	write := func(table string, cols []string, rows [][]any, shared []string) error {
		if r.whole {
			return insertReady(ctx, t, table, append(slices.Clone(cols), shared...), rows)
		}
		return insertRowsShared(ctx, t, table, cols, rows, shared, sh.values(table))
	}
	if err := write("collaborations", bulkCollabColumns, r.collabs, bulkCollabShared); err != nil {
		return fmt.Errorf("insert collaborations: %w", err)
	}
	for _, c := range r.children {
		if err := write(c.table, c.cols, c.rows, nil); err != nil {
			return fmt.Errorf("insert %s: %w", c.table, err)
		}
	}
	if err := write("collaboration_events", bulkEventColumns, r.events, bulkEventShared); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	if err := write("audit_events", bulkAuditColumns, r.audit, bulkAuditShared); err != nil {
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
		// The sequence is looked up once (OFFSET 0 keeps the subquery
		// from being pulled up): named in nextval's argument it was looked
		// up for every id, 9 µs each, 90 ms for 10 000 ids against 3.
		err := eachRow(ctx, t, `SELECT nextval(s.seq) FROM (SELECT CAST(pg_get_serial_sequence('collaborations', 'id') AS regclass) AS seq OFFSET 0) AS s
			CROSS JOIN generate_series(1, ?)`,
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
