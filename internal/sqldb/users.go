package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

var _ samverkan.UserStore = (*DB)(nil)

// Audit entities and actions of accounts. Password hashes and token
// secrets never reach the audit rows (samverkan.User and APIToken keep
// them out of JSON).
const (
	EntityUser  = "user"
	EntityToken = "token"

	ActionDisable  = "disable"
	ActionEnable   = "enable"
	ActionPassword = "password"
	ActionRevoke   = "revoke"
)

// auditUser is what the audit history keeps of a user: no password hash.
func auditUser(u *samverkan.User) any {
	if u == nil {
		return nil
	}
	c := *u
	c.PasswordHash = ""
	c.Grants = append([]samverkan.Grant{}, u.Grants...)
	return &c
}

// validateUser checks u against the catalogue and the networks its grants
// name.
func (db *DB) validateUser(ctx context.Context, t *tx, u *samverkan.User) error {
	var v samverkan.Validation
	for _, f := range samverkan.FieldErrors(u.Validate(db.Catalog())) {
		v.Add(f.Field, f.Code, f.Params...)
	}
	for i, g := range u.Grants {
		if (g.Role != samverkan.RoleCoordinator && g.Role != samverkan.RoleReader) || g.Network == "" {
			continue
		}
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM networks WHERE slug = ?`, g.Network).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("grants["+strconv.Itoa(i)+"].network", "unknown_network", g.Network)
		}
	}
	return v.Err()
}

func checkEmailFree(ctx context.Context, t *tx, email string, self int64) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE email_key = ? AND id <> ?`, samverkan.EmailKey(email), self).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &samverkan.Error{
			Code:    samverkan.ECONFLICT,
			Message: fmt.Sprintf("Det finns redan ett konto med e-postadressen %s.", email),
			Fields:  []samverkan.FieldError{{Field: "email", Code: "email_taken"}},
		}
	}
	return nil
}

// CreateUser validates and inserts u with its password hash, setting ID,
// Created and Version. A taken e-mail (in any letter case) is ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, u *samverkan.User) (err error) {
	defer wrap(&err, "sqldb.CreateUser")
	u.Normalize()
	return db.write(ctx, func(t *tx) error {
		if err := db.validateUser(ctx, t, u); err != nil {
			return err
		}
		if err := checkEmailFree(ctx, t, u.Email, 0); err != nil {
			return err
		}
		now := db.timestamp()
		err := t.queryRow(ctx, `INSERT INTO users (email, email_key, password_hash, disabled, version, created, updated)
			VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			u.Email, samverkan.EmailKey(u.Email), u.PasswordHash, u.Disabled, formatTime(now), formatTime(now)).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		u.Version, u.Created = 1, now
		if err := insertGrants(ctx, t, u); err != nil {
			return err
		}
		return db.recordWrite(ctx, t, ActionCreate, EntityUser, strconv.FormatInt(u.ID, 10), nil, auditUser(u))
	})
}

func insertGrants(ctx context.Context, t *tx, u *samverkan.User) error {
	var rows [][]any
	for i, g := range u.Grants {
		rows = append(rows, []any{u.ID, i, g.Role, g.Network, g.Municipality})
	}
	if err := insertRows(ctx, t, "user_grants", []string{"user_id", "pos", "role", "network", "municipality"}, rows); err != nil {
		return fmt.Errorf("insert grants: %w", err)
	}
	return nil
}

// UpdateUser writes e-mail, grants (replaced) and Disabled if u.Version is
// current, and bumps it; the password hash stays. Disabling a user ends
// their sessions. The audit action is "disable" or "enable" when that flag
// changes, else "update".
func (db *DB) UpdateUser(ctx context.Context, u *samverkan.User) (err error) {
	defer wrap(&err, "sqldb.UpdateUser")
	u.Normalize()
	return db.write(ctx, func(t *tx) error {
		old, err := userWhere(ctx, t, `u.id = ?`, u.ID)
		if err != nil {
			return err
		}
		if old.Version != u.Version {
			return staleError("kontot", old.Version, u.Version)
		}
		if err := db.validateUser(ctx, t, u); err != nil {
			return err
		}
		if err := checkEmailFree(ctx, t, u.Email, u.ID); err != nil {
			return err
		}
		now := db.timestamp()
		res, err := t.exec(ctx, `UPDATE users SET email = ?, email_key = ?, disabled = ?, version = version + 1, updated = ?
			WHERE id = ? AND version = ?`, u.Email, samverkan.EmailKey(u.Email), u.Disabled, formatTime(now), u.ID, u.Version)
		if err := checkUpdated(ctx, t, res, err, "users", u.ID, "kontot"); err != nil {
			return err
		}
		u.Version, u.Created, u.PasswordHash = old.Version+1, old.Created, old.PasswordHash
		if _, err := t.exec(ctx, `DELETE FROM user_grants WHERE user_id = ?`, u.ID); err != nil {
			return fmt.Errorf("clear grants: %w", err)
		}
		if err := insertGrants(ctx, t, u); err != nil {
			return err
		}
		action := ActionUpdate
		switch {
		case u.Disabled && !old.Disabled:
			action = ActionDisable
		case !u.Disabled && old.Disabled:
			action = ActionEnable
		}
		if u.Disabled {
			if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		return db.recordWrite(ctx, t, action, EntityUser, strconv.FormatInt(u.ID, 10), auditUser(old), auditUser(u))
	})
}

// UserByID returns a user with grants and password hash.
func (db *DB) UserByID(ctx context.Context, id int64) (_ *samverkan.User, err error) {
	defer wrap(&err, "sqldb.UserByID")
	var u *samverkan.User
	err = db.read(ctx, func(t *tx) error {
		u, err = userWhere(ctx, t, `u.id = ?`, id)
		return err
	})
	return u, err
}

// UserByEmail returns the user with the e-mail in any letter case.
func (db *DB) UserByEmail(ctx context.Context, email string) (_ *samverkan.User, err error) {
	defer wrap(&err, "sqldb.UserByEmail")
	if err := checkArgs([]any{email}); err != nil { // before emailKey folds bad UTF-8 away
		return nil, err
	}
	var u *samverkan.User
	err = db.read(ctx, func(t *tx) error {
		u, err = userWhere(ctx, t, `u.email_key = ?`, samverkan.EmailKey(email))
		return err
	})
	return u, err
}

// Users lists all accounts ordered by e-mail.
func (db *DB) Users(ctx context.Context) (_ []*samverkan.User, err error) {
	defer wrap(&err, "sqldb.Users")
	var out []*samverkan.User
	err = db.read(ctx, func(t *tx) error {
		out, err = findUsers(ctx, t, `1 = 1`)
		return err
	})
	return out, err
}

// SetPasswordHash replaces a user's password hash and bumps the version;
// the audit row says only that the password changed.
func (db *DB) SetPasswordHash(ctx context.Context, userID int64, hash string) (err error) {
	defer wrap(&err, "sqldb.SetPasswordHash")
	return db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET password_hash = ?, version = version + 1, updated = ? WHERE id = ?`,
			hash, formatTime(db.timestamp()), userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Kontot finns inte.")
		}
		return db.recordWrite(ctx, t, ActionPassword, EntityUser, strconv.FormatInt(userID, 10), nil,
			map[string]any{"password_changed": true})
	})
}

// userWhere returns the one user matching where (ENOTFOUND if none).
func userWhere(ctx context.Context, t *tx, where string, args ...any) (*samverkan.User, error) {
	us, err := findUsers(ctx, t, where, args...)
	if err != nil {
		return nil, err
	}
	if len(us) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Kontot finns inte.")
	}
	return us[0], nil
}

func findUsers(ctx context.Context, t *tx, where string, args ...any) ([]*samverkan.User, error) {
	var out []*samverkan.User
	byID := map[int64]*samverkan.User{}
	err := eachRow(ctx, t, `SELECT u.id, u.email, u.password_hash, u.disabled, u.version, u.created
		FROM users u WHERE `+where+` ORDER BY u.email_key`, args, func(s scanner) error {
		u := &samverkan.User{Grants: []samverkan.Grant{}}
		var created string
		if err := s.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.Disabled, &u.Version, &created); err != nil {
			return err
		}
		var err error
		if u.Created, err = parseTime(created); err != nil {
			return err
		}
		out = append(out, u)
		byID[u.ID] = u
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, 0, len(out))
	for _, u := range out {
		ids = append(ids, u.ID)
	}
	q := `SELECT user_id, role, network, municipality FROM user_grants ORDER BY user_id, pos`
	var qargs []any
	if len(ids) <= 500 {
		q = `SELECT user_id, role, network, municipality FROM user_grants WHERE user_id IN (` +
			placeholders(len(ids)) + `) ORDER BY user_id, pos`
		qargs = int64Args(ids)
	}
	err = eachRow(ctx, t, q, qargs, func(s scanner) error {
		var id int64
		var g samverkan.Grant
		if err := s.Scan(&id, &g.Role, &g.Network, &g.Municipality); err != nil {
			return err
		}
		if u := byID[id]; u != nil {
			u.Grants = append(u.Grants, g)
		}
		return nil
	})
	return out, err
}

// notFound reports whether err is a missing row.
func notFound(err error) bool {
	return errors.Is(err, sql.ErrNoRows) || samverkan.ErrorCode(err) == samverkan.ENOTFOUND
}
