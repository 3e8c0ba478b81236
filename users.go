package samverkan

import (
	"context"
	"time"
)

// Session is a login kept in the database, so several instances behind a
// load balancer share it. Only the SHA-256 of the cookie's token is
// stored; the token itself lives in the browser alone.
type Session struct {
	Hash     []byte    `json:"-"`
	UserID   int64     `json:"user_id"`
	Via      string    `json:"via"` // "password", "oidc"
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"last_seen"`
	Expires  time.Time `json:"expires"`
}

// APIToken is a credential for scripts: "Authorization: Bearer <token>".
// It acts as the user who made it. Only the SHA-256 of the token is stored;
// Prefix (its first characters) tells tokens apart in lists.
type APIToken struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"user_id"`
	Name     string    `json:"name"`
	Prefix   string    `json:"prefix"`
	Hash     []byte    `json:"-"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used,omitzero"`
	Revoked  bool      `json:"revoked"`
}

// UserStore keeps accounts, sessions, API tokens and login attempts. Store
// embeds it. Writes to users and tokens are audited (entities "user" and
// "token"); password hashes and token secrets never reach the audit
// history.
type UserStore interface {
	// CreateUser stores u (validated) and sets ID, Created and Version.
	// An e-mail already taken, in any letter case, is ECONFLICT.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser writes e-mail, grants (replaced) and Disabled if u.Version
	// is still current (ESTALE otherwise) and bumps it. It does not touch
	// the password hash. Disabling a user ends their sessions.
	UpdateUser(ctx context.Context, u *User) error
	UserByID(ctx context.Context, id int64) (*User, error)
	// UserByEmail finds a user regardless of letter case (ENOTFOUND if none).
	UserByEmail(ctx context.Context, email string) (*User, error)
	// Users lists all accounts by e-mail.
	Users(ctx context.Context) ([]*User, error)
	// SetPasswordHash replaces a user's password hash (audited without it).
	SetPasswordHash(ctx context.Context, userID int64, hash string) error

	CreateSession(ctx context.Context, s *Session) error
	// SessionByHash returns a live session and its user; ENOTFOUND when the
	// session is missing or expired.
	SessionByHash(ctx context.Context, hash []byte) (*Session, *User, error)
	// TouchSession records activity and moves the expiry (sliding).
	TouchSession(ctx context.Context, hash []byte, lastSeen, expires time.Time) error
	DeleteSession(ctx context.Context, hash []byte) error
	// DeleteUserSessions ends all of a user's sessions except the one with
	// exceptHash (nil ends all).
	DeleteUserSessions(ctx context.Context, userID int64, exceptHash []byte) error

	// CreateToken stores t (Hash, Prefix, Name, UserID set by the caller)
	// and sets ID and Created.
	CreateToken(ctx context.Context, t *APIToken) error
	// TokenByHash returns a token that is not revoked, and its user, and
	// records the use; ENOTFOUND otherwise.
	TokenByHash(ctx context.Context, hash []byte) (*APIToken, *User, error)
	// Tokens lists a user's tokens, revoked ones included, newest first.
	Tokens(ctx context.Context, userID int64) ([]APIToken, error)
	// RevokeToken revokes one of the user's tokens (ENOTFOUND if it is not
	// theirs).
	RevokeToken(ctx context.Context, userID, id int64) error

	// ReserveLoginAttempt is login throttling's one atomic step: it checks
	// every limit and, only when each key has fewer than Max attempts at or
	// after its Since, records one attempt under every key at time at. A
	// recorded attempt counts until it is released by LoginSucceeded, so a
	// password being checked already counts. Concurrent calls, also from
	// other instances on the same database, never let more than Max through.
	// ok is false when a limit is reached (nothing is recorded then).
	// Attempts are kept until at+keep.
	ReserveLoginAttempt(ctx context.Context, at time.Time, keep time.Duration, limits []LoginLimit) (attempt string, ok bool, err error)
	// LoginSucceeded releases the attempt, forgets the live attempts under
	// clearKeys and records a mark under markKey (when not empty), kept
	// until markUntil.
	LoginSucceeded(ctx context.Context, attempt string, clearKeys []string, markKey string, at, markUntil time.Time) error
	// ReleaseLoginAttempt forgets one attempt, for when it could not be
	// decided (a database error, not a wrong password).
	ReleaseLoginAttempt(ctx context.Context, attempt string) error
	// LoginAttempts counts the attempts and marks under key at or after since.
	LoginAttempts(ctx context.Context, key string, since time.Time) (int, error)
}

// LoginLimit is one rule of login throttling: at most Max attempts under
// Key at or after Since.
type LoginLimit struct {
	Key   string
	Max   int
	Since time.Time
}
