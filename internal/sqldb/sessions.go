package sqldb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/samverkan/samverkan"
)

// Sessions and login attempts are not changes to the register: they write
// no audit row. Ending a session bumps the data version all the same, so
// that every instance's credential memo forgets it (see credentialMemo).

// CreateSession stores s and purges expired sessions.
func (db *DB) CreateSession(ctx context.Context, s *samverkan.Session) (err error) {
	defer wrap(&err, "sqldb.CreateSession")
	if len(s.Hash) == 0 || s.UserID == 0 {
		return fmt.Errorf("session without hash or user")
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE expires < ?`, formatTime(db.timestamp())); err != nil {
			return fmt.Errorf("purge sessions: %w", err)
		}
		_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, user_id, via, created, last_seen, expires)
			VALUES (?, ?, ?, ?, ?, ?)`, s.Hash, s.UserID, s.Via, formatTime(s.Created), formatTime(s.LastSeen), formatTime(s.Expires))
		return err
	})
}

// SessionByHash returns a live session and its user (with grants);
// ENOTFOUND when there is none or it has expired.
func (db *DB) SessionByHash(ctx context.Context, hash []byte) (_ *samverkan.Session, _ *samverkan.User, err error) {
	defer wrap(&err, "sqldb.SessionByHash")
	c, err := db.remembered(ctx, sessionKey(hash), db.sessionLive, func() (c credential, err error) {
		c.session.Hash = hash
		err = db.read(ctx, func(t *tx) error {
			s := &c.session
			var created, seen, expires string
			err := t.queryRow(ctx, `SELECT user_id, via, created, last_seen, expires FROM sessions
				WHERE token_hash = ? AND expires > ?`, hash, formatTime(db.timestamp())).
				Scan(&s.UserID, &s.Via, &created, &seen, &expires)
			if err != nil {
				if notFound(err) {
					return samverkan.Errorf(samverkan.ENOTFOUND, "Sessionen finns inte eller har gått ut.")
				}
				return err
			}
			for _, p := range []struct {
				s string
				t *time.Time
			}{{created, &s.Created}, {seen, &s.LastSeen}, {expires, &s.Expires}} {
				if *p.t, err = parseTime(p.s); err != nil {
					return err
				}
			}
			u, err := userWhere(ctx, t, `u.id = ?`, s.UserID)
			if err != nil {
				return err
			}
			c.user = *u
			return nil
		})
		return c, err
	})
	if err != nil {
		return nil, nil, err
	}
	return &c.session, &c.user, nil
}

// TouchSession records activity and moves the expiry.
func (db *DB) TouchSession(ctx context.Context, hash []byte, lastSeen, expires time.Time) (err error) {
	defer wrap(&err, "sqldb.TouchSession")
	err = db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `UPDATE sessions SET last_seen = ?, expires = ? WHERE token_hash = ?`,
			formatTime(lastSeen), formatTime(expires), hash)
		return err
	})
	if err == nil {
		db.creds.update(sessionKey(hash), func(c *credential) {
			c.session.LastSeen, c.session.Expires = lastSeen.UTC().Truncate(time.Microsecond), expires.UTC().Truncate(time.Microsecond)
		})
	}
	return err
}

// DeleteSession ends one session; an unknown one is not an error.
func (db *DB) DeleteSession(ctx context.Context, hash []byte) (err error) {
	defer wrap(&err, "sqldb.DeleteSession")
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash); err != nil {
			return err
		}
		t.touched.base = true // the credential memo is keyed by base
		return bumpVersion(ctx, t)
	})
}

// DeleteUserSessions ends all the user's sessions but the one with
// exceptHash (nil: all).
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64, exceptHash []byte) (err error) {
	defer wrap(&err, "sqldb.DeleteUserSessions")
	if exceptHash == nil {
		exceptHash = []byte{}
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, exceptHash); err != nil {
			return err
		}
		t.touched.base = true // the credential memo is keyed by base
		return bumpVersion(ctx, t)
	})
}

// ReserveLoginAttempt counts and records in one write transaction. On
// SQLite the transaction takes the database's write lock at BEGIN
// (_txlock=immediate), which serialises it with every other writer, other
// handles on the same file included. On PostgreSQL a transaction-scoped
// advisory lock per key, taken in sorted order so that two reservations
// never wait on each other in a circle, serialises the reservations that
// share a key across every connection and instance; the count then runs
// after the lock, in a fresh read-committed snapshot that sees what the
// previous holder committed.
func (db *DB) ReserveLoginAttempt(ctx context.Context, at time.Time, keep time.Duration, limits []samverkan.LoginLimit) (attempt string, ok bool, err error) {
	defer wrap(&err, "sqldb.ReserveLoginAttempt")
	if len(limits) == 0 {
		return "", false, fmt.Errorf("no limits")
	}
	// The purge is its own statement: inside the reservation it would lock
	// other keys' rows while holding this key's lock.
	if err := db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM login_attempts WHERE expires < ?`, formatTime(at))
		return err
	}); err != nil {
		return "", false, fmt.Errorf("purge: %w", err)
	}
	keys := make([]string, 0, len(limits))
	for _, l := range limits {
		keys = append(keys, l.Key)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	attempt = hex.EncodeToString(b)
	err = db.write(ctx, func(t *tx) error {
		if t.dialect == Postgres {
			for _, k := range keys {
				if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, "samverkan-login:"+k); err != nil {
					return fmt.Errorf("lock: %w", err)
				}
			}
		}
		for _, l := range limits {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM login_attempts WHERE attempt_key = ? AND at >= ?`,
				l.Key, formatTime(l.Since)).Scan(&n); err != nil {
				return err
			}
			if n >= l.Max {
				return errThrottled
			}
		}
		for _, k := range keys {
			if _, err := t.exec(ctx, `INSERT INTO login_attempts (attempt_key, attempt, at, expires) VALUES (?, ?, ?, ?)`,
				k, attempt, formatTime(at), formatTime(at.Add(keep))); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errThrottled) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return attempt, true, nil
}

// errThrottled rolls a reservation back; it never leaves this file.
var errThrottled = errors.New("login limit reached")

// LoginSucceeded releases the attempt, forgets the live attempts under
// clearKeys, and records the mark. Expired rows are left to the purge, so
// that the two never lock the same rows in different orders.
func (db *DB) LoginSucceeded(ctx context.Context, attempt string, clearKeys []string, markKey string, at, markUntil time.Time) (err error) {
	defer wrap(&err, "sqldb.LoginSucceeded")
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM login_attempts WHERE attempt = ?`, attempt); err != nil {
			return err
		}
		for _, k := range clearKeys {
			if _, err := t.exec(ctx, `DELETE FROM login_attempts WHERE attempt_key = ? AND expires >= ?`, k, formatTime(at)); err != nil {
				return err
			}
		}
		if markKey == "" {
			return nil
		}
		if _, err := t.exec(ctx, `DELETE FROM login_attempts WHERE attempt_key = ? AND expires >= ?`, markKey, formatTime(at)); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO login_attempts (attempt_key, attempt, at, expires) VALUES (?, ?, ?, ?)`,
			markKey, attempt, formatTime(at), formatTime(markUntil))
		return err
	})
}

// ReleaseLoginAttempt forgets one attempt.
func (db *DB) ReleaseLoginAttempt(ctx context.Context, attempt string) (err error) {
	defer wrap(&err, "sqldb.ReleaseLoginAttempt")
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM login_attempts WHERE attempt = ?`, attempt)
		return err
	})
}

// LoginAttempts counts the rows under key at or after since.
func (db *DB) LoginAttempts(ctx context.Context, key string, since time.Time) (n int, err error) {
	defer wrap(&err, "sqldb.LoginAttempts")
	err = db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(*) FROM login_attempts WHERE attempt_key = ? AND at >= ?`,
			key, formatTime(since)).Scan(&n)
	})
	return n, err
}
