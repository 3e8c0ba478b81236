package sqldb

import (
	"context"
	"slices"
	"sync"

	"github.com/samverkan/samverkan"
)

// credentialMemo remembers session and token lookups while the "base"
// scope version (ScopeVersion) stays the same. Every request with a cookie
// or a bearer token looks one up; without the memo that read transaction
// was about 40 % of a cached page's server time. What can end a
// credential or change what it may do bumps base: logout and ended
// sessions (DeleteSession, DeleteUserSessions), revoked tokens, changed or
// disabled users, networks changed or removed (all writes that are not a
// collaboration's). A collaboration's write leaves the memo alone: keyed by
// data_version, as it was, every write sent each logged-in client's next
// request to the database (64 reads after each write in the mixed
// benchmark). Another instance's memo follows within versionTTL, like the
// page cache. Expiry is checked against the clock on every hit.
type credentialMemo struct {
	mu      sync.Mutex
	version int64
	entries map[string]*credential
}

type credential struct {
	session samverkan.Session
	token   samverkan.APIToken
	user    samverkan.User
}

// maxCredentials bounds the memo; it is emptied when full.
const maxCredentials = 4096

func (m *credentialMemo) get(version int64, key string) (credential, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.entries[key]
	if !ok || m.version != version {
		return credential{}, false
	}
	return c.clone(), true
}

func (m *credentialMemo) put(version int64, key string, c credential) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.version != version || m.entries == nil || len(m.entries) >= maxCredentials {
		m.version, m.entries = version, map[string]*credential{}
	}
	c = c.clone()
	m.entries[key] = &c
}

// update changes a remembered entry in place: a touch is not a change
// anyone else must see, so it leaves data_version alone.
func (m *credentialMemo) update(key string, fn func(*credential)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.entries[key]; ok {
		fn(c)
	}
}

// clone copies what callers could change, so no two requests share it.
func (c credential) clone() credential {
	c.user.Grants = slices.Clone(c.user.Grants)
	c.session.Hash = slices.Clone(c.session.Hash)
	c.token.Hash = slices.Clone(c.token.Hash)
	return c
}

func sessionKey(hash []byte) string { return "s" + string(hash) }
func tokenKey(hash []byte) string   { return "t" + string(hash) }

// remembered looks key up in the memo, or loads it and remembers it. The
// version is read before load, so a write that lands in between leaves the
// entry under the older version, where it is never found again. Inside a
// Batch it always loads.
func (db *DB) remembered(ctx context.Context, key string, live func(credential) bool,
	load func() (credential, error)) (credential, error) {
	if db.bound != nil {
		return load()
	}
	v, _, err := db.ScopeVersion(ctx, "base")
	if err != nil {
		return credential{}, err
	}
	if c, ok := db.creds.get(v, key); ok && live(c) {
		return c, nil
	}
	c, err := load()
	if err != nil {
		return credential{}, err
	}
	db.creds.put(v, key, c)
	return c, nil
}

// sessionLive reports whether a remembered session has not expired.
func (db *DB) sessionLive(c credential) bool { return db.timestamp().Before(c.session.Expires) }

func alwaysLive(credential) bool { return true }
