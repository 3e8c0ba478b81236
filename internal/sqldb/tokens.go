package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/samverkan/samverkan"
)

// tokenTouchEvery limits writes recording a token's use.
const tokenTouchEvery = time.Minute

// CreateToken stores t (UserID, Name, Prefix, Hash set by the caller) and
// sets ID and Created. Audited without the hash.
func (db *DB) CreateToken(ctx context.Context, tok *samverkan.APIToken) (err error) {
	defer wrap(&err, "sqldb.CreateToken")
	if len(tok.Hash) == 0 {
		return fmt.Errorf("token without hash")
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := userWhere(ctx, t, `u.id = ?`, tok.UserID); err != nil {
			return err
		}
		now := db.timestamp()
		if err := t.queryRow(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, tok.UserID, tok.Name, tok.Prefix, tok.Hash, formatTime(now)).Scan(&tok.ID); err != nil {
			return fmt.Errorf("insert token: %w", err)
		}
		tok.Created, tok.Revoked, tok.LastUsed = now, false, time.Time{}
		return db.recordWrite(ctx, t, ActionCreate, EntityToken, strconv.FormatInt(tok.ID, 10), nil, tok)
	})
}

const tokenColumns = `id, user_id, name, prefix, token_hash, created, last_used, revoked`

func scanToken(s scanner) (samverkan.APIToken, error) {
	var tok samverkan.APIToken
	var created string
	var used, revoked sql.NullString
	if err := s.Scan(&tok.ID, &tok.UserID, &tok.Name, &tok.Prefix, &tok.Hash, &created, &used, &revoked); err != nil {
		return tok, err
	}
	var err error
	if tok.Created, err = parseTime(created); err != nil {
		return tok, err
	}
	if used.Valid {
		if tok.LastUsed, err = parseTime(used.String); err != nil {
			return tok, err
		}
	}
	tok.Revoked = revoked.Valid
	return tok, nil
}

// TokenByHash returns a token that is not revoked, and its user, and
// records its use (at most once a minute); ENOTFOUND otherwise.
func (db *DB) TokenByHash(ctx context.Context, hash []byte) (_ *samverkan.APIToken, _ *samverkan.User, err error) {
	defer wrap(&err, "sqldb.TokenByHash")
	c, err := db.remembered(ctx, tokenKey(hash), alwaysLive, func() (c credential, err error) {
		err = db.read(ctx, func(t *tx) error {
			var err error
			c.token, err = scanToken(t.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens
				WHERE token_hash = ? AND revoked IS NULL`, hash))
			if err != nil {
				if notFound(err) {
					return samverkan.Errorf(samverkan.ENOTFOUND, "Nyckeln finns inte eller är återkallad.")
				}
				return err
			}
			u, err := userWhere(ctx, t, `u.id = ?`, c.token.UserID)
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
	if now := db.timestamp(); now.Sub(c.token.LastUsed) >= tokenTouchEvery {
		err := db.write(ctx, func(t *tx) error {
			_, err := t.exec(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, formatTime(now), c.token.ID)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		c.token.LastUsed = now
		db.creds.update(tokenKey(hash), func(m *credential) { m.token.LastUsed = now })
	}
	return &c.token, &c.user, nil
}

// Tokens lists a user's tokens, revoked ones included, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) (_ []samverkan.APIToken, err error) {
	defer wrap(&err, "sqldb.Tokens")
	out := []samverkan.APIToken{}
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`,
			[]any{userID}, func(s scanner) error {
				tok, err := scanToken(s)
				out = append(out, tok)
				return err
			})
	})
	return out, err
}

// RevokeToken revokes one of the user's tokens; ENOTFOUND if the user has
// no such token. Revoking twice is not an error. Audited.
func (db *DB) RevokeToken(ctx context.Context, userID, id int64) (err error) {
	defer wrap(&err, "sqldb.RevokeToken")
	return db.write(ctx, func(t *tx) error {
		old, err := scanToken(t.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID))
		if err != nil {
			if notFound(err) {
				return samverkan.Errorf(samverkan.ENOTFOUND, "Nyckeln finns inte.")
			}
			return err
		}
		if old.Revoked {
			return nil
		}
		if _, err := t.exec(ctx, `UPDATE api_tokens SET revoked = ? WHERE id = ?`, formatTime(db.timestamp()), id); err != nil {
			return err
		}
		after := old
		after.Revoked = true
		return db.recordWrite(ctx, t, ActionRevoke, EntityToken, strconv.FormatInt(id, 10), old, after)
	})
}
