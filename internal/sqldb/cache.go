package sqldb

import (
	"context"
	"sync"
)

// readCache keeps results of expensive aggregate reads (network summaries,
// facets) for as long as data_version stays the same. data_version lives in
// the database and every committed write bumps it, so the cache is right
// across instances too. Callers read the version in the same transaction
// as the data. Reads inside Batch bypass it.
type readCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]any
}

// maxCacheEntries bounds the cache; it is emptied when full.
const maxCacheEntries = 256

func (c *readCache) get(version int64, key string, compute func() (any, error)) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || len(c.entries) >= maxCacheEntries {
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
	if db.bound != nil {
		return compute()
	}
	var version int64
	if err := t.queryRow(ctx, `SELECT version FROM data_version WHERE id = 1`).Scan(&version); err != nil {
		return nil, err
	}
	return db.cache.get(version, key, compute)
}
