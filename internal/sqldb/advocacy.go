package sqldb

import (
	"context"
	"strconv"

	"github.com/samverkan/samverkan"
)

var _ samverkan.AdvocacyStore = (*DB)(nil)

const advocacyColumns = `a.id, a.network_id, a.title, a.description, a.targets_json, a.target_note, a.position,
	a.status, a.actions_json, a.documents_json, a.supporters_json, a.source, a.version, a.created, a.updated`

// advocacyWhere reads the issues matching where (on alias a) by title.
// slug is the network's, or "" to look each one up.
func advocacyWhere(ctx context.Context, t *tx, slug, where string, args ...any) ([]samverkan.AdvocacyIssue, error) {
	out := []samverkan.AdvocacyIssue{}
	var netIDs []int64
	err := eachRow(ctx, t, `SELECT `+advocacyColumns+` FROM advocacy_issues a WHERE `+where+` ORDER BY a.id`, args,
		func(s scanner) error {
			var a samverkan.AdvocacyIssue
			var netID int64
			var targets, actions, documents, supporters, created, updated string
			if err := s.Scan(&a.ID, &netID, &a.Title, &a.Description, &targets, &a.TargetNote, &a.Position, &a.Status,
				&actions, &documents, &supporters, &a.Source, &a.Version, &created, &updated); err != nil {
				return err
			}
			for _, l := range []struct {
				text string
				v    any
			}{{targets, &a.Targets}, {actions, &a.Actions}, {documents, &a.Documents}, {supporters, &a.Supporters}} {
				if err := fromJSON(l.text, l.v); err != nil {
					return err
				}
			}
			var err error
			if a.Created, err = parseTime(created); err != nil {
				return err
			}
			if a.Updated, err = parseTime(updated); err != nil {
				return err
			}
			a.Network = slug
			out = append(out, a)
			netIDs = append(netIDs, netID)
			return nil
		})
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Normalize()
		if out[i].Network == "" {
			if out[i].Network, err = networkSlug(ctx, t, netIDs[i]); err != nil {
				return nil, err
			}
		}
	}
	samverkan.SortSwedish(out, func(a samverkan.AdvocacyIssue) string { return a.Title })
	return out, nil
}

func advocacyByID(ctx context.Context, t *tx, id int64) (*samverkan.AdvocacyIssue, error) {
	as, err := advocacyWhere(ctx, t, "", `a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Påverkansfrågan %d finns inte.", id)
	}
	return &as[0], nil
}

// AdvocacyByNetwork returns the network's advocacy issues by title.
func (db *DB) AdvocacyByNetwork(ctx context.Context, slug string) (_ []samverkan.AdvocacyIssue, err error) {
	defer wrap(&err, "sqldb.AdvocacyByNetwork")
	var out []samverkan.AdvocacyIssue
	err = db.read(ctx, func(t *tx) error {
		id, err := networkID(ctx, t, slug)
		if err != nil {
			return err
		}
		out, err = advocacyWhere(ctx, t, slug, `a.network_id = ?`, id)
		return err
	})
	return out, err
}

// AdvocacyIssueByID returns one issue; ENOTFOUND when there is none.
func (db *DB) AdvocacyIssueByID(ctx context.Context, id int64) (_ *samverkan.AdvocacyIssue, err error) {
	defer wrap(&err, "sqldb.AdvocacyIssueByID")
	var a *samverkan.AdvocacyIssue
	err = db.read(ctx, func(t *tx) error {
		a, err = advocacyByID(ctx, t, id)
		return err
	})
	return a, err
}

// advocacyLists are the JSON columns of a.
func advocacyLists(a *samverkan.AdvocacyIssue) ([4]string, error) {
	var out [4]string
	for i, v := range []any{a.Targets, a.Actions, a.Documents, a.Supporters} {
		var err error
		if out[i], err = jsonText(v); err != nil {
			return out, err
		}
	}
	return out, nil
}

// checkAdvocacy validates a against its network.
func (db *DB) checkAdvocacy(ctx context.Context, t *tx, a *samverkan.AdvocacyIssue) (int64, error) {
	n, err := networkBySlug(ctx, t, a.Network)
	if err != nil {
		return 0, err
	}
	a.Normalize()
	return n.ID, a.Validate(n, db.Catalog())
}

// CreateAdvocacyIssue validates a against its network (a.Network) and
// inserts it, setting ID, Version, Created and Updated.
func (db *DB) CreateAdvocacyIssue(ctx context.Context, a *samverkan.AdvocacyIssue) (err error) {
	defer wrap(&err, "sqldb.CreateAdvocacyIssue")
	return db.write(ctx, func(t *tx) error {
		netID, err := db.checkAdvocacy(ctx, t, a)
		if err != nil {
			return err
		}
		l, err := advocacyLists(a)
		if err != nil {
			return err
		}
		now := db.timestamp()
		err = t.queryRow(ctx, `INSERT INTO advocacy_issues (network_id, title, description, targets_json, target_note,
				position, status, actions_json, documents_json, supporters_json, source, version, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			netID, a.Title, a.Description, l[0], a.TargetNote, a.Position, a.Status, l[1], l[2], l[3], a.Source,
			formatTime(now), formatTime(now)).Scan(&a.ID)
		if err != nil {
			return err
		}
		a.Version, a.Created, a.Updated = 1, now, now
		return db.recordWrite(ctx, t, ActionCreate, EntityAdvocacy, strconv.FormatInt(a.ID, 10), nil, a)
	})
}

// UpdateAdvocacyIssue writes a if a.Version is still current; it stays in
// its network.
func (db *DB) UpdateAdvocacyIssue(ctx context.Context, a *samverkan.AdvocacyIssue) (err error) {
	defer wrap(&err, "sqldb.UpdateAdvocacyIssue")
	return db.write(ctx, func(t *tx) error { return db.updateAdvocacy(ctx, t, a) })
}

func (db *DB) updateAdvocacy(ctx context.Context, t *tx, a *samverkan.AdvocacyIssue) error {
	old, err := advocacyByID(ctx, t, a.ID)
	if err != nil {
		return err
	}
	if old.Version != a.Version {
		return staleError("påverkansfrågan", old.Version, a.Version)
	}
	a.Network = old.Network
	if _, err := db.checkAdvocacy(ctx, t, a); err != nil {
		return err
	}
	l, err := advocacyLists(a)
	if err != nil {
		return err
	}
	now := db.timestamp()
	res, err := t.exec(ctx, `UPDATE advocacy_issues SET title = ?, description = ?, targets_json = ?, target_note = ?,
			position = ?, status = ?, actions_json = ?, documents_json = ?, supporters_json = ?, source = ?,
			version = version + 1, updated = ?
		WHERE id = ? AND version = ?`,
		a.Title, a.Description, l[0], a.TargetNote, a.Position, a.Status, l[1], l[2], l[3], a.Source,
		formatTime(now), a.ID, a.Version)
	if err := checkUpdated(ctx, t, res, err, "advocacy_issues", a.ID, "påverkansfrågan"); err != nil {
		return err
	}
	a.Version, a.Created, a.Updated = old.Version+1, old.Created, now
	return db.recordWrite(ctx, t, ActionUpdate, EntityAdvocacy, strconv.FormatInt(a.ID, 10), old, a)
}

// DeleteAdvocacyIssue deletes the issue if version is still current.
func (db *DB) DeleteAdvocacyIssue(ctx context.Context, id int64, version int) (err error) {
	defer wrap(&err, "sqldb.DeleteAdvocacyIssue")
	return db.write(ctx, func(t *tx) error {
		old, err := advocacyByID(ctx, t, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return staleError("påverkansfrågan", old.Version, version)
		}
		return db.versionedDelete(ctx, t, "advocacy_issues", EntityAdvocacy, "påverkansfrågan", id, version, old)
	})
}

// RestoreAdvocacyIssue writes issue id back as audit event auditID left
// it, if version is current, through the normal update.
func (db *DB) RestoreAdvocacyIssue(ctx context.Context, id, auditID int64, version int) (_ *samverkan.AdvocacyIssue, err error) {
	defer wrap(&err, "sqldb.RestoreAdvocacyIssue")
	var out *samverkan.AdvocacyIssue
	err = db.write(ctx, func(t *tx) error {
		cur, err := advocacyByID(ctx, t, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return staleError("påverkansfrågan", cur.Version, version)
		}
		out, err = restore(ctx, t, EntityAdvocacy, "påverkansfrågan", id, auditID, version,
			func(a *samverkan.AdvocacyIssue) int64 { return a.ID },
			func(a *samverkan.AdvocacyIssue, id int64, v int) { a.ID, a.Version = id, v },
			func(a *samverkan.AdvocacyIssue) error { return db.updateAdvocacy(ctx, t, a) })
		return err
	})
	return out, err
}
