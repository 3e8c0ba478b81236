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

// versionMemo remembers data_version between requests, and the scope
// versions (ScopeVersion) as they were at a data version.
type versionMemo struct {
	mu    sync.Mutex
	value int64
	read  time.Time // zero: must read again
	gen   uint64    // bumped by invalidate, so a read that raced a commit is not kept

	// The scopes have a lock of their own: a page's lookup must not wait
	// for the data version's read (mu is held across it).
	smu sync.Mutex
	// scopesAt is the data version the remembered scopes are current
	// for, once known (data_version starts at 0); scopes maps a scope to
	// its version, "base" among them; scopeGen moves whenever scopesAt
	// does, so a single scope read that raced a catch-up is not kept.
	scopesAt    int64
	scopesKnown bool
	scopes      map[string]int64
	scopeGen    uint64
	// catchUp is held by the one caller that reads what changed since
	// scopesAt; the others wait for it instead of all asking.
	catchUp sync.Mutex
}

// maxScopeMemo bounds the remembered scopes; the memo is emptied when full.
const maxScopeMemo = 8192

func (m *versionMemo) invalidate() {
	m.mu.Lock()
	m.read = time.Time{}
	m.gen++
	m.mu.Unlock()
}

// scopeLoaders are the reads behind versionMemo.scope.
type scopeLoaders struct {
	// one reads base and one scope (0 for a scope never bumped).
	one func(scope string) (base, version int64, err error)
	// since reads the scopes stamped above a data version (scopesSince).
	since func(data int64) (map[string]int64, error)
}

// scope returns base and scope's version as they are at data version
// data or later. Between writes that is a map lookup. After a write (data
// moved on) one caller reads the scopes bumped since the data version the
// memo knew, a handful of rows, and updates them, while the callers of
// the same moment wait for it; before, every remembered scope expired and
// each page read its own again, some 900 reads after every write on a
// national register. A scope not remembered yet is read by itself.
func (m *versionMemo) scope(scope string, data int64, load scopeLoaders) (int64, int64, error) {
	for {
		m.smu.Lock()
		// A memo newer than data (another request read a later data
		// version meanwhile) answers too: newer versions only make the
		// cached page be rebuilt sooner.
		if m.scopesKnown && m.scopesAt >= data {
			base, okb := m.scopes["base"]
			v, ok := m.scopes[scope]
			gen := m.scopeGen
			m.smu.Unlock()
			if ok && okb {
				return base, v, nil
			}
			base, v, err := load.one(scope)
			if err != nil {
				return 0, 0, err
			}
			// Kept only if no catch-up ran meanwhile: this read may be
			// older than what it stored.
			m.smu.Lock()
			if m.scopeGen == gen {
				if len(m.scopes) >= maxScopeMemo {
					m.scopes = map[string]int64{}
				}
				m.scopes[scope], m.scopes["base"] = v, base
			}
			m.smu.Unlock()
			return base, v, nil
		}
		m.smu.Unlock()
		if err := m.catchUpTo(data, load); err != nil {
			return 0, 0, err
		}
	}
}

// catchUpTo brings the remembered scopes to data version data: the scopes
// stamped above the version they were current for are read and updated
// (those not remembered are left to be read when asked for). With none
// remembered yet it only starts the map. The rows read may be newer than
// data, never older, as every row stamped data or less is committed once
// data_version reads data (stampScopes).
func (m *versionMemo) catchUpTo(data int64, load scopeLoaders) error {
	m.catchUp.Lock()
	defer m.catchUp.Unlock()
	m.smu.Lock()
	at, known := m.scopesAt, m.scopesKnown
	m.smu.Unlock()
	if known && at >= data {
		return nil // another caller did it meanwhile
	}
	var changed map[string]int64
	if known {
		var err error
		if changed, err = load.since(at); err != nil {
			return err
		}
	}
	m.smu.Lock()
	defer m.smu.Unlock()
	if !known || m.scopes == nil {
		m.scopes = map[string]int64{}
	}
	for scope, v := range changed {
		if _, ok := m.scopes[scope]; ok {
			m.scopes[scope] = v
		}
	}
	m.scopesAt, m.scopesKnown = data, true
	m.scopeGen++
	return nil
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
