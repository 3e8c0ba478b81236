package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

// What the records of a network's own life (risk.go, meeting.go,
// workgroup.go, advocacy.go) share: the network they belong to, their
// lists kept as JSON text, the collaborations they link to by id, and the
// restore that writes back an audited version.

// Audit entities of a network's own life.
const (
	EntityRisk      = samverkan.AuditEntityRisk
	EntityMeeting   = samverkan.AuditEntityMeeting
	EntityWorkGroup = samverkan.AuditEntityWorkGroup
	EntityAdvocacy  = samverkan.AuditEntityAdvocacy
)

// networkID returns the id of the network slug without loading the rest
// of it; ENOTFOUND when there is none.
func networkID(ctx context.Context, t *tx, slug string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT id FROM networks WHERE slug = ?`, slug).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %q finns inte.", slug)
	}
	return id, err
}

// networkSlug returns the slug of network id.
func networkSlug(ctx context.Context, t *tx, id int64) (string, error) {
	var slug string
	err := t.queryRow(ctx, `SELECT slug FROM networks WHERE id = ?`, id).Scan(&slug)
	return slug, err
}

// jsonText marshals a list for a JSON column; a nil list is "[]".
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("marshal list: %w", err)
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

// fromJSON reads a JSON column into v.
func fromJSON(text string, v any) error {
	if text == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(text), v); err != nil {
		return fmt.Errorf("read list %.40q: %w", text, err)
	}
	return nil
}

// collabInfo is what a link to a collaboration shows.
type collabInfo struct{ title, status string }

// collabInfos looks up the titles and statuses of the collaborations ids
// in one query per few thousand ids; ids that no longer exist are absent.
func collabInfos(ctx context.Context, t *tx, ids []int64) (map[int64]collabInfo, error) {
	out := map[int64]collabInfo{}
	seen := map[int64]bool{}
	var uniq []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	for len(uniq) > 0 {
		chunk := uniq[:min(len(uniq), 5000)]
		uniq = uniq[len(chunk):]
		err := eachRow(ctx, t, `SELECT id, title, status FROM collaborations WHERE id IN (`+placeholders(len(chunk))+`)`,
			int64Args(chunk), func(s scanner) error {
				var id int64
				var ci collabInfo
				if err := s.Scan(&id, &ci.title, &ci.status); err != nil {
					return err
				}
				out[id] = ci
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("collaboration titles: %w", err)
		}
	}
	return out, nil
}

// collabLink is one link to check: the field it was given in and the id.
type collabLink struct {
	field string
	id    int64
}

// checkCollabLinks reports links to collaborations that do not exist or
// do not belong to network networkID, as field errors.
func checkCollabLinks(ctx context.Context, t *tx, networkID int64, links []collabLink) error {
	if len(links) == 0 {
		return nil
	}
	ids := make([]int64, len(links))
	for i, l := range links {
		ids[i] = l.id
	}
	exists, err := collabInfos(ctx, t, ids)
	if err != nil {
		return err
	}
	inNet := map[int64]bool{}
	err = eachRow(ctx, t, `SELECT collaboration_id FROM collaboration_networks WHERE network_id = ? AND collaboration_id IN (`+
		placeholders(len(ids))+`)`, append([]any{networkID}, int64Args(ids)...), func(s scanner) error {
		var id int64
		err := s.Scan(&id)
		inNet[id] = true
		return err
	})
	if err != nil {
		return err
	}
	var v samverkan.Validation
	for _, l := range links {
		if _, ok := exists[l.id]; !ok {
			v.Add(l.field, "unknown_collaboration", l.id)
		} else if !inNet[l.id] {
			v.Add(l.field, "not_in_network", l.id)
		}
	}
	return v.Err()
}

// markRestore turns the update a restore made (the audit rows of entity
// id after audit row last) into a restore naming the event it wrote back.
func markRestore(ctx context.Context, t *tx, entity string, id int64, last, auditID int64, rec any) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	m["restored_from"] = auditID
	after, err := auditJSON(m)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, `UPDATE audit_events SET action = ?, after_json = ?
		WHERE id > ? AND entity = ? AND entity_id = ? AND action = ?`,
		ActionRestore, after, last, entity, strconv.FormatInt(id, 10), ActionUpdate)
	if err != nil {
		return fmt.Errorf("mark restore: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("mark restore: %d audit rows (%v)", n, err)
	}
	return nil
}

// restore writes record id of entity back as audit event auditID left it:
// the event must be of that record and hold a whole version (T, read by
// samverkan.RestoredRecord); set gives it the id and current version and
// update writes it through the record's normal update, in t. The audit
// row of that update becomes a "restore".
func restore[T any](ctx context.Context, t *tx, entity, what string, id, auditID int64, version int,
	idOf func(*T) int64, set func(rec *T, id int64, version int), update func(rec *T) error) (*T, error) {
	e, err := auditEventByID(ctx, t, auditID)
	if err != nil {
		return nil, err
	}
	if e.Entity != entity || e.EntityID != strconv.FormatInt(id, 10) {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Ändring %d hör inte till %s %d.", auditID, what, id)
	}
	rec := samverkan.RestoredRecord(*e, entity, idOf)
	if rec == nil {
		return nil, samverkan.Errorf(samverkan.ECONFLICT, "Ändring %d innehåller ingen hel version att återställa.", auditID)
	}
	set(rec, id, version)
	var last int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_events`).Scan(&last); err != nil {
		return nil, err
	}
	if err := update(rec); err != nil {
		return nil, err
	}
	if err := markRestore(ctx, t, entity, id, last, auditID, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// deleteNetworkLife deletes, audited, everything of a network's own life
// with the network; the caller deletes the network in the same
// transaction.
func (db *DB) deleteNetworkLife(ctx context.Context, t *tx, networkID int64) error {
	slug, err := networkSlug(ctx, t, networkID)
	if err != nil {
		return err
	}
	rs, err := risksWhere(ctx, t, `r.network_id = ?`, networkID)
	if err != nil {
		return err
	}
	for i := range rs {
		if err := db.deleteRiskRow(ctx, t, &rs[i]); err != nil {
			return err
		}
	}
	ms, err := meetingsWhere(ctx, t, slug, `m.network_id = ?`, networkID)
	if err != nil {
		return err
	}
	for i := range ms {
		if err := db.deleteRow(ctx, t, "meetings", EntityMeeting, ms[i].ID, &ms[i]); err != nil {
			return err
		}
	}
	gs, err := workGroupsWhere(ctx, t, slug, `g.network_id = ?`, networkID)
	if err != nil {
		return err
	}
	for i := range gs {
		if err := db.deleteRow(ctx, t, "work_groups", EntityWorkGroup, gs[i].ID, &gs[i]); err != nil {
			return err
		}
	}
	as, err := advocacyWhere(ctx, t, slug, `a.network_id = ?`, networkID)
	if err != nil {
		return err
	}
	for i := range as {
		if err := db.deleteRow(ctx, t, "advocacy_issues", EntityAdvocacy, as[i].ID, &as[i]); err != nil {
			return err
		}
	}
	return nil
}

// deleteRow deletes row id of table and audits the deletion of rec.
func (db *DB) deleteRow(ctx context.Context, t *tx, table, entity string, id int64, rec any) error {
	if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionDelete, entity, strconv.FormatInt(id, 10), rec, nil)
}

// versionedDelete deletes row id of table at version and audits the
// deletion of old.
func (db *DB) versionedDelete(ctx context.Context, t *tx, table, entity, what string, id int64, version int, old any) error {
	res, err := t.exec(ctx, `DELETE FROM `+table+` WHERE id = ? AND version = ?`, id, version)
	if err := checkUpdated(ctx, t, res, err, table, id, what); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionDelete, entity, strconv.FormatInt(id, 10), old, nil)
}
