package sqldb

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// readCache keeps results of expensive aggregate reads (network summaries,
// facets) for as long as data_version stays the same. data_version lives in
// the database and every committed write bumps it, so the cache is right
// across instances too. Callers read the version in the same transaction
// as the data. Reads inside Batch bypass it.
type readCache struct {
	off     atomic.Bool // DisableReadCache: every read computes afresh
	mu      sync.Mutex
	version int64
	entries map[string]any
}

// maxCacheEntries bounds the cache; it is emptied when full.
const maxCacheEntries = 256

func (c *readCache) get(version int64, key string, compute func() (any, error)) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.version != version || len(c.entries) >= maxCacheEntries {
		c.version, c.entries = version, map[string]any{}
	}
	if v, ok := c.entries[key]; ok {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return nil, err
	}
	c.entries[key] = v
	return v, nil
}

// cached runs compute through the cache, or directly inside a Batch.
func (db *DB) cached(ctx context.Context, t *tx, key string, compute func() (any, error)) (any, error) {
	if db.bound != nil || db.cache.off.Load() {
		return compute()
	}
	var version int64
	if err := t.queryRow(ctx, `SELECT version FROM data_version WHERE id = 1`).Scan(&version); err != nil {
		return nil, err
	}
	return db.cache.get(version, key, compute)
}

// DisableReadCache makes every read compute its result afresh, for
// measuring a first render: what a page costs right after a write.
func (db *DB) DisableReadCache() { db.cache.off.Store(true) }

// versionTTL is how long DataVersion trusts the last value it read. Writes
// through this process invalidate it at once (read-your-writes on this
// instance); writes by another process or instance show within the TTL.
// Without it every cached page cost a database round trip, about a third
// of the server's CPU under load on SQLite and a network hop on PostgreSQL.
const versionTTL = 100 * time.Millisecond

// versionMemo remembers data_version between requests.
type versionMemo struct {
	mu    sync.Mutex
	value int64
	read  time.Time // zero: must read again
	gen   uint64    // bumped by invalidate, so a read that raced a commit is not kept
	// scopes remembers ScopeVersion answers the same way.
	scopes map[string]scopeMemo
}

type scopeMemo struct {
	base, version int64
	data          int64 // the data version when read: valid while it stays
}

// maxScopeMemo bounds the remembered scopes; the memo is emptied when full.
const maxScopeMemo = 8192

func (m *versionMemo) invalidate() {
	m.mu.Lock()
	m.read = time.Time{}
	m.gen++
	m.mu.Unlock()
}

// scope returns the remembered versions of scope while the data version
// (data, itself remembered for versionTTL) is what it was when they were
// read: every write bumps it, so between writes a page's scope costs no
// database read at all. Otherwise it reads them with load. Unlike get,
// concurrent callers do not wait for each other: scopes are many, and
// each read is one indexed lookup.
func (m *versionMemo) scope(scope string, data int64, load func() (int64, int64, error)) (int64, int64, error) {
	m.mu.Lock()
	e, ok := m.scopes[scope]
	m.mu.Unlock()
	if ok && e.data == data {
		return e.base, e.version, nil
	}
	base, v, err := load()
	if err != nil {
		return 0, 0, err
	}
	m.mu.Lock()
	// Read after data: a write in between leaves newer versions under the
	// older data version, which only makes the entry expire sooner.
	if m.scopes == nil || len(m.scopes) >= maxScopeMemo {
		m.scopes = map[string]scopeMemo{}
	}
	m.scopes[scope] = scopeMemo{base: base, version: v, data: data}
	m.mu.Unlock()
	return base, v, nil
}

// get returns the remembered version, or reads it with load. Concurrent
// callers wait for one read instead of all asking the database.
func (m *versionMemo) get(load func() (int64, error)) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.read.IsZero() && time.Since(m.read) < versionTTL {
		return m.value, nil
	}
	gen := m.gen
	v, err := load()
	if err != nil {
		return 0, err
	}
	if gen == m.gen {
		m.value, m.read = v, time.Now()
	}
	return v, nil
}
