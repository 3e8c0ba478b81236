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

// UserStore keeps accounts, sessions, API tokens and failed logins. Store
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

	// RecordLoginFailure notes one failed login under key ("email:…",
	// "ip:…"); LoginFailures counts those at or after since;
	// ClearLoginFailures forgets the key's failures.
	RecordLoginFailure(ctx context.Context, key string, at time.Time) error
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	ClearLoginFailures(ctx context.Context, key string) error
}
