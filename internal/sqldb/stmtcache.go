package sqldb

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"
)

// stmtCache keeps SQLite statements prepared across transactions. The
// modernc driver compiles every query anew unless it runs through a
// prepared statement, and compiling was 9 % of a steering page's time
// (the annual report: 0.7 of 7.5 ms, in sqlite3Prepare). database/sql
// prepares a *sql.Stmt once per connection and Tx.StmtContext reuses that
// connection's compiled statement, so a page pays for compiling a query
// once per pooled connection instead of once per request.
//
// PostgreSQL does not use it: pgx's stdlib driver already caches prepared
// statements per connection.
type stmtCache struct {
	db   *sql.DB
	size int // statements kept at most
	mu   sync.Mutex
	m    map[string]*sql.Stmt
	// order is the insertion order, for evicting the oldest when full.
	order []string
}

const (
	// stmtCacheSize bounds the statements kept per connection: the
	// product's static queries number a few hundred.
	stmtCacheSize = 512
	// stmtCacheMaxArgs keeps the longest lists out. Lists of ids are
	// padded to a power of two (idsIn), so each query has a handful of
	// lengths up to a page of 500 and repeats; a list longer than this
	// is a bulk read, where compiling is a small part.
	stmtCacheMaxArgs = 1024
	// stmtPrepareWait bounds the wait for a connection to compile a new
	// statement on. The caller holds a connection itself; should every
	// other one be held by a caller doing the same, it must not wait for
	// ever, and the query runs unprepared instead.
	stmtPrepareWait = 100 * time.Millisecond
)

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, size: stmtCacheSize, m: map[string]*sql.Stmt{}}
}

// get returns the statement for query, preparing it when it is new, or
// nil when the query is not worth keeping or no connection is free to
// prepare it on (then the caller runs it unprepared).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.m[query]
	c.mu.Unlock()
	if ok {
		return st
	}
	if strings.Count(query, "?") > stmtCacheMaxArgs {
		return nil
	}
	// db.PrepareContext takes a connection of its own from the pool. The
	// caller already holds one inside its transaction, so only try when
	// one is free or can be opened.
	if s := c.db.Stats(); s.Idle == 0 && s.OpenConnections >= s.MaxOpenConnections {
		return nil
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stmtPrepareWait)
	defer cancel()
	st, err := c.db.PrepareContext(pctx, query)
	if err != nil {
		// A query that does not compile fails again, unprepared, with
		// its own error for the caller.
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[query]; ok { // prepared meanwhile by another request
		st.Close()
		return old
	}
	for len(c.order) >= c.size {
		oldest := c.order[0]
		c.order = c.order[1:]
		// database/sql closes the compiled statements once no
		// transaction uses them any more.
		c.m[oldest].Close()
		delete(c.m, oldest)
	}
	c.m[query] = st
	c.order = append(c.order, query)
	return st
}

// close releases every kept statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m, c.order = map[string]*sql.Stmt{}, nil
}

// shared returns the transaction's copy of the kept statement for query,
// or nil when the query runs unprepared: on PostgreSQL, not kept, or
// while the same statement's rows are still open in this transaction (a
// compiled statement runs one query at a time; the driver would reset
// the open rows).
func (t *tx) shared(ctx context.Context, query string) *sql.Stmt {
	if t.cache == nil || t.open[query] {
		return nil
	}
	st := t.cache.get(ctx, query)
	if st == nil {
		return nil
	}
	return t.StmtContext(ctx, st)
}

// done closes rows that queryKept returned for query; rows from a kept
// statement free it for the next use in this transaction.
func (t *tx) done(query string, rows *sql.Rows, kept bool) {
	rows.Close()
	if kept {
		delete(t.open, rebind(t.dialect, query))
	}
}
