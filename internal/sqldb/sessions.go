package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/samverkan/samverkan"
)

// Sessions and login failures are not changes to the register: they write
// no audit row. Ending a session bumps the data version all the same, so
// that every instance's credential memo forgets it (see credentialMemo).

// loginFailureKeep is how long failed logins are kept at all.
const loginFailureKeep = 24 * time.Hour

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
		return bumpVersion(ctx, t)
	})
}

// RecordLoginFailure notes one failed login under key and purges failures
// older than a day.
func (db *DB) RecordLoginFailure(ctx context.Context, key string, at time.Time) (err error) {
	defer wrap(&err, "sqldb.RecordLoginFailure")
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM login_failures WHERE at < ?`, formatTime(at.Add(-loginFailureKeep))); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO login_failures (fail_key, at) VALUES (?, ?)`, key, formatTime(at))
		return err
	})
}

// LoginFailures counts the key's failures at or after since.
func (db *DB) LoginFailures(ctx context.Context, key string, since time.Time) (n int, err error) {
	defer wrap(&err, "sqldb.LoginFailures")
	err = db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE fail_key = ? AND at >= ?`,
			key, formatTime(since)).Scan(&n)
	})
	return n, err
}

// ClearLoginFailures forgets the key's failures.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) (err error) {
	defer wrap(&err, "sqldb.ClearLoginFailures")
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM login_failures WHERE fail_key = ?`, key)
		return err
	})
}
