package sqldb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/samverkan/samverkan"
)

// Audit entities and actions.
const (
	EntityCollaboration = samverkan.AuditEntityCollaboration
	EntityNetwork       = samverkan.AuditEntityNetwork

	ActionCreate = samverkan.AuditCreate
	ActionUpdate = samverkan.AuditUpdate
	ActionDelete = samverkan.AuditDelete
)

// recordWrite writes the audit row for one change and bumps data_version
// (inside a Batch, once at its end); every write calls it once, inside its
// transaction. before and after are marshalled to JSON; nil leaves the
// column empty.
func (db *DB) recordWrite(ctx context.Context, t *tx, action, entity, entityID string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	if _, err := t.exec(ctx, `INSERT INTO audit_events (at, actor, action, entity, entity_id, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		formatTime(db.timestamp()), samverkan.ActorFrom(ctx), action, entity, entityID, b, a); err != nil {
		return fmt.Errorf("insert audit event: %w", err)
	}
	if err := t.touch(ctx, entity, entityID, before, after); err != nil {
		return err
	}
	if entity == EntityCollaboration && action == ActionCreate {
		t.touched.created++ // a batch of many is analysed (analyze.go)
	}
	if t.inBatch {
		t.written = true
		return nil
	}
	return bumpVersion(ctx, t)
}

// bumpVersion moves data_version on, which empties every instance's page
// cache and credential memo.
func bumpVersion(ctx context.Context, t *tx) error {
	if err := t.refreshKeyFigures(ctx); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE data_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	return stampScopes(ctx, t)
}

// stampScopes gives the scope rows bumpScopes marked the data version this
// transaction commits, so that a reader who knew the scopes at data
// version d learns what changed since from the rows stamped above d
// (scopesSince). It runs after data_version is updated: on PostgreSQL
// that row's lock, held to commit, orders the writers, so the version read
// here is the one committed, and every row stamped d or less is committed
// once data_version reads d. Stamped before the update, two writers could
// stamp the same version and commit it in the other order, and a reader
// would miss the second one's scopes.
func stampScopes(ctx context.Context, t *tx) error {
	if _, err := t.exec(ctx, `UPDATE scope_versions SET data_version = (SELECT version FROM data_version WHERE id = 1)
		WHERE data_version = -1`); err != nil {
		return fmt.Errorf("stamp scope versions: %w", err)
	}
	return nil
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("marshal audit record: %w", err)
	}
	return string(b), nil
}

// auditBuffer writes the audit documents of a bulk load as auditJSON
// does, through one buffer: json.Marshal's own copy of every ~1 kB
// document was a tenth of the bytes an import allocated.
type auditBuffer struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func (a *auditBuffer) json(v any) (string, error) {
	if a.enc == nil {
		a.enc = json.NewEncoder(&a.buf) // escapes HTML as json.Marshal does
	}
	a.buf.Reset()
	if err := a.enc.Encode(v); err != nil {
		return "", fmt.Errorf("marshal audit record: %w", err)
	}
	return string(bytes.TrimSuffix(a.buf.Bytes(), []byte("\n"))), nil
}

// AuditEvents returns the audit trail of one record, oldest first. entity
// is "collaboration" (entityID the numeric id) or "network" (the slug).
// An empty entityID returns the entity's whole trail; an empty entity
// returns everything.
func (db *DB) AuditEvents(ctx context.Context, entity, entityID string) (_ []samverkan.AuditEvent, err error) {
	defer wrap(&err, "sqldb.AuditEvents")
	var out []samverkan.AuditEvent
	err = db.read(ctx, func(t *tx) error {
		// The conditions are left out rather than written as
		// "(? = '' OR entity = ?)": that form cannot use the index on
		// (entity, entity_id, id), and a record's history scanned the
		// whole trail (80 ms at national scale instead of well under one).
		q, args := `SELECT id, at, actor, action, entity, entity_id, before_json, after_json
			FROM audit_events`, []any{}
		switch {
		case entity != "" && entityID != "":
			q, args = q+` WHERE entity = ? AND entity_id = ?`, []any{entity, entityID}
		case entity != "":
			q, args = q+` WHERE entity = ?`, []any{entity}
		case entityID != "":
			q, args = q+` WHERE entity_id = ?`, []any{entityID}
		}
		rows, err := t.query(ctx, q+` ORDER BY id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e samverkan.AuditEvent
			var at string
			if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
				return err
			}
			if e.At, err = parseTime(at); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// ScopeVersion returns the version of "base", bumped by every write that
// is not a collaboration's, and of scope ("collaboration:<id>",
// "network:<slug>", "municipality:<code>"), bumped by the writes of
// collaborations that touch it (keyfigures.go); 0 for a scope never
// bumped. Remembered between writes; after one, what it changed is read
// once for all scopes (versionMemo.scope).
func (db *DB) ScopeVersion(ctx context.Context, scope string) (base, v int64, err error) {
	defer wrap(&err, "sqldb.ScopeVersion")
	one := func(scope string) (base, v int64, err error) {
		err = db.readStatement(ctx, `SELECT scope, version FROM scope_versions WHERE scope IN ('base', ?)`,
			[]any{scope}, func(s scanner) error {
				var name string
				var n int64
				if err := s.Scan(&name, &n); err != nil {
					return err
				}
				if name == "base" {
					base = n
					if scope == "base" {
						v = n
					}
				} else {
					v = n
				}
				return nil
			})
		return base, v, err
	}
	if db.bound != nil {
		return one(scope)
	}
	data, err := db.DataVersion(ctx)
	if err != nil {
		return 0, 0, err
	}
	return db.version.scope(scope, data, scopeLoaders{one: one, since: func(data int64) (map[string]int64, error) {
		return db.scopesSince(ctx, data)
	}})
}

// scopesSince returns the scopes bumped by the writes committed after data
// version data (stampScopes), with their versions now.
func (db *DB) scopesSince(ctx context.Context, data int64) (map[string]int64, error) {
	out := map[string]int64{}
	err := db.readStatement(ctx, `SELECT scope, version FROM scope_versions WHERE data_version > ?`,
		[]any{data}, func(s scanner) error {
			var name string
			var n int64
			err := s.Scan(&name, &n)
			out[name] = n
			return err
		})
	return out, err
}

// DataVersion returns the counter every committed write bumps, remembered
// for versionTTL between writes through this process (see versionMemo).
func (db *DB) DataVersion(ctx context.Context) (v int64, err error) {
	defer wrap(&err, "sqldb.DataVersion")
	load := func() (v int64, err error) {
		err = db.readStatement(ctx, `SELECT version FROM data_version WHERE id = 1`, nil, func(s scanner) error {
			return s.Scan(&v)
		})
		return v, err
	}
	if db.bound != nil {
		return load()
	}
	return db.version.get(load)
}

// readStatement runs one read statement and calls fn for each row. On
// PostgreSQL it runs by itself, without the BEGIN and COMMIT of db.read:
// one round trip instead of three for the version reads every request
// may make, and a single statement sees one snapshot anyway. SQLite (and
// a bound DB) reads through db.read, whose statements stay prepared.
func (db *DB) readStatement(ctx context.Context, query string, args []any, fn func(scanner) error) error {
	if db.bound != nil || db.dialect != Postgres {
		return db.read(ctx, func(t *tx) error { return eachRow(ctx, t, query, args, fn) })
	}
	if err := checkArgs(args); err != nil {
		return err
	}
	rows, err := db.db.QueryContext(ctx, rebind(db.dialect, query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
