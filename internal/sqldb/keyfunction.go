package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/samverkan/samverkan"
)

// Key functions (samverkan.KeyFunctionStore): one row per municipality,
// the entries as a JSON array written whole under the row's version.

func keyFunctionsOf(ctx context.Context, t *tx, where string, args ...any) (map[string]*samverkan.MunicipalityKeyFunctions, error) {
	out := map[string]*samverkan.MunicipalityKeyFunctions{}
	err := eachRow(ctx, t, `SELECT municipality_code, entries_json, version, updated FROM key_functions `+where, args, func(s scanner) error {
		k := &samverkan.MunicipalityKeyFunctions{}
		var entries, updated string
		if err := s.Scan(&k.Municipality, &entries, &k.Version, &updated); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(entries), &k.Entries); err != nil {
			return fmt.Errorf("key functions of %s: %w", k.Municipality, err)
		}
		at, err := parseTime(updated)
		if err != nil {
			return err
		}
		k.Updated = &at
		out[k.Municipality] = k
		return nil
	})
	return out, err
}

// KeyFunctionsOf returns the register of municipality code, or an empty
// one (Version 0) when none is saved.
func (db *DB) KeyFunctionsOf(ctx context.Context, code string) (_ *samverkan.MunicipalityKeyFunctions, err error) {
	defer wrap(&err, "sqldb.KeyFunctionsOf")
	var out *samverkan.MunicipalityKeyFunctions
	err = db.read(ctx, func(t *tx) error {
		m, err := keyFunctionsOf(ctx, t, `WHERE municipality_code = ?`, code)
		if err != nil {
			return err
		}
		out = m[code]
		if out == nil {
			out = &samverkan.MunicipalityKeyFunctions{Municipality: code, Entries: []samverkan.KeyFunctionEntry{}}
		}
		return nil
	})
	return out, err
}

// KeyFunctionsIn returns the saved registers of codes.
func (db *DB) KeyFunctionsIn(ctx context.Context, codes []string) (_ map[string]*samverkan.MunicipalityKeyFunctions, err error) {
	defer wrap(&err, "sqldb.KeyFunctionsIn")
	out := map[string]*samverkan.MunicipalityKeyFunctions{}
	if len(codes) == 0 {
		return out, nil
	}
	err = db.read(ctx, func(t *tx) error {
		out, err = keyFunctionsOf(ctx, t, `WHERE municipality_code IN (`+placeholders(len(codes))+`)`, stringArgs(codes)...)
		return err
	})
	return out, err
}

// SaveKeyFunctions creates (Version 0) or replaces (current Version) a
// municipality's register, stamps the entries whose figures changed and
// records the change in the audit history.
func (db *DB) SaveKeyFunctions(ctx context.Context, k *samverkan.MunicipalityKeyFunctions) (err error) {
	defer wrap(&err, "sqldb.SaveKeyFunctions")
	k.Normalize()
	if err := k.Validate(db.Catalog()); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		m, err := keyFunctionsOf(ctx, t, `WHERE municipality_code = ?`, k.Municipality)
		if err != nil {
			return err
		}
		old := m[k.Municipality]
		switch {
		case old == nil && k.Version != 0:
			return samverkan.Errorf(samverkan.ESTALE, "Nyckelfunktionerna finns inte längre. Ladda om och försök igen.")
		case old != nil && old.Version != k.Version:
			return staleError("nyckelfunktionerna", old.Version, k.Version)
		}
		k.Stamp(old, db.today())
		if k.Entries == nil {
			k.Entries = []samverkan.KeyFunctionEntry{}
		}
		entries, err := json.Marshal(k.Entries)
		if err != nil {
			return err
		}
		now := db.timestamp()
		action := ActionCreate
		var before any
		if old == nil {
			_, err = t.exec(ctx, `INSERT INTO key_functions (municipality_code, entries_json, version, created, updated)
				VALUES (?, ?, 1, ?, ?)`, k.Municipality, string(entries), formatTime(now), formatTime(now))
			if err != nil {
				return fmt.Errorf("insert key functions: %w", err)
			}
			k.Version = 1
		} else {
			action, before = ActionUpdate, old
			res, err := t.exec(ctx, `UPDATE key_functions SET entries_json = ?, version = version + 1, updated = ?
				WHERE municipality_code = ? AND version = ?`, string(entries), formatTime(now), k.Municipality, k.Version)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return samverkan.Errorf(samverkan.ESTALE, "Någon annan har ändrat nyckelfunktionerna samtidigt. Ladda om och försök igen.")
			}
			k.Version = old.Version + 1
		}
		k.Updated = &now
		return db.recordWrite(ctx, t, action, samverkan.AuditEntityKeyFunctions, k.Municipality, before, k)
	})
}
