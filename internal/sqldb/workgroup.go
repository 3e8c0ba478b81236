package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

var _ samverkan.WorkGroupStore = (*DB)(nil)

const workGroupColumns = `g.id, g.network_id, g.name, COALESCE(g.area_code, ''), g.mandate, g.members_json,
	g.collaborations_json, g.source, g.version, g.created, g.updated`

// workGroupsWhere reads the groups matching where (on alias g) by name,
// with the titles and statuses of their collaborations. slug is the
// network's, or "" to look each one up.
func workGroupsWhere(ctx context.Context, t *tx, slug, where string, args ...any) ([]samverkan.WorkGroup, error) {
	out := []samverkan.WorkGroup{}
	var netIDs []int64
	err := eachRow(ctx, t, `SELECT `+workGroupColumns+` FROM work_groups g WHERE `+where+` ORDER BY g.id`, args,
		func(s scanner) error {
			var g samverkan.WorkGroup
			var netID int64
			var members, collabs, created, updated string
			if err := s.Scan(&g.ID, &netID, &g.Name, &g.Area, &g.Mandate, &members, &collabs, &g.Source, &g.Version,
				&created, &updated); err != nil {
				return err
			}
			if err := fromJSON(members, &g.Members); err != nil {
				return err
			}
			if err := fromJSON(collabs, &g.Collaborations); err != nil {
				return err
			}
			var err error
			if g.Created, err = parseTime(created); err != nil {
				return err
			}
			if g.Updated, err = parseTime(updated); err != nil {
				return err
			}
			g.Network = slug
			out = append(out, g)
			netIDs = append(netIDs, netID)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for i := range out {
		g := &out[i]
		g.Normalize()
		if g.Network == "" {
			if g.Network, err = networkSlug(ctx, t, netIDs[i]); err != nil {
				return nil, err
			}
		}
		for _, r := range g.Collaborations {
			ids = append(ids, r.ID)
		}
	}
	if err := fillRefs(ctx, t, ids, func(fill func(*samverkan.CollabLink)) {
		for i := range out {
			for j := range out[i].Collaborations {
				fill(&out[i].Collaborations[j])
			}
		}
	}); err != nil {
		return nil, err
	}
	samverkan.SortSwedish(out, func(g samverkan.WorkGroup) string { return g.Name })
	return out, nil
}

// fillRefs looks up the collaborations ids and lets each(fill) fill the
// title and status of every link.
func fillRefs(ctx context.Context, t *tx, ids []int64, each func(fill func(*samverkan.CollabLink))) error {
	infos, err := collabInfos(ctx, t, ids)
	if err != nil {
		return err
	}
	each(func(r *samverkan.CollabLink) {
		ci := infos[r.ID]
		r.Title, r.Status = ci.title, ci.status
	})
	return nil
}

func workGroupByID(ctx context.Context, t *tx, id int64) (*samverkan.WorkGroup, error) {
	gs, err := workGroupsWhere(ctx, t, "", `g.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(gs) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Arbetsgruppen %d finns inte.", id)
	}
	return &gs[0], nil
}

// WorkGroupsByNetwork returns the network's work groups by name.
func (db *DB) WorkGroupsByNetwork(ctx context.Context, slug string) (_ []samverkan.WorkGroup, err error) {
	defer wrap(&err, "sqldb.WorkGroupsByNetwork")
	var out []samverkan.WorkGroup
	err = db.read(ctx, func(t *tx) error {
		id, err := networkID(ctx, t, slug)
		if err != nil {
			return err
		}
		out, err = workGroupsWhere(ctx, t, slug, `g.network_id = ?`, id)
		return err
	})
	return out, err
}

// WorkGroupByID returns one work group; ENOTFOUND when there is none.
func (db *DB) WorkGroupByID(ctx context.Context, id int64) (_ *samverkan.WorkGroup, err error) {
	defer wrap(&err, "sqldb.WorkGroupByID")
	var g *samverkan.WorkGroup
	err = db.read(ctx, func(t *tx) error {
		g, err = workGroupByID(ctx, t, id)
		return err
	})
	return g, err
}

// checkWorkGroup validates g against its network and the collaborations
// it links, and fills their titles.
func (db *DB) checkWorkGroup(ctx context.Context, t *tx, g *samverkan.WorkGroup) (netID int64, err error) {
	n, err := networkBySlug(ctx, t, g.Network)
	if err != nil {
		return 0, err
	}
	g.Normalize()
	if err := g.Validate(n, db.Catalog()); err != nil {
		return 0, err
	}
	links := make([]collabLink, len(g.Collaborations))
	ids := make([]int64, len(g.Collaborations))
	for i, r := range g.Collaborations {
		links[i] = collabLink{fmt.Sprintf("collaborations[%d].id", i), r.ID}
		ids[i] = r.ID
	}
	if err := checkCollabLinks(ctx, t, n.ID, links); err != nil {
		return 0, err
	}
	return n.ID, fillRefs(ctx, t, ids, func(fill func(*samverkan.CollabLink)) {
		for i := range g.Collaborations {
			fill(&g.Collaborations[i])
		}
	})
}

// groupColumns are what the JSON columns of g keep: the links by id only.
func groupColumns(g *samverkan.WorkGroup) (members, collabs string, err error) {
	refs := make([]samverkan.CollabLink, len(g.Collaborations))
	for i, r := range g.Collaborations {
		refs[i] = samverkan.CollabLink{ID: r.ID}
	}
	if members, err = jsonText(g.Members); err != nil {
		return "", "", err
	}
	collabs, err = jsonText(refs)
	return members, collabs, err
}

// CreateWorkGroup validates g against its network (g.Network) and inserts
// it, setting ID, Version, Created and Updated.
func (db *DB) CreateWorkGroup(ctx context.Context, g *samverkan.WorkGroup) (err error) {
	defer wrap(&err, "sqldb.CreateWorkGroup")
	return db.write(ctx, func(t *tx) error {
		netID, err := db.checkWorkGroup(ctx, t, g)
		if err != nil {
			return err
		}
		members, collabs, err := groupColumns(g)
		if err != nil {
			return err
		}
		now := db.timestamp()
		err = t.queryRow(ctx, `INSERT INTO work_groups (network_id, name, area_code, mandate, members_json,
				collaborations_json, source, version, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			netID, g.Name, nullString(g.Area), g.Mandate, members, collabs, g.Source, formatTime(now),
			formatTime(now)).Scan(&g.ID)
		if err != nil {
			return err
		}
		g.Version, g.Created, g.Updated = 1, now, now
		return db.recordWrite(ctx, t, ActionCreate, EntityWorkGroup, strconv.FormatInt(g.ID, 10), nil, g)
	})
}

// UpdateWorkGroup writes g if g.Version is still current; it stays in its
// network.
func (db *DB) UpdateWorkGroup(ctx context.Context, g *samverkan.WorkGroup) (err error) {
	defer wrap(&err, "sqldb.UpdateWorkGroup")
	return db.write(ctx, func(t *tx) error { return db.updateWorkGroup(ctx, t, g) })
}

func (db *DB) updateWorkGroup(ctx context.Context, t *tx, g *samverkan.WorkGroup) error {
	old, err := workGroupByID(ctx, t, g.ID)
	if err != nil {
		return err
	}
	if old.Version != g.Version {
		return staleError("arbetsgruppen", old.Version, g.Version)
	}
	g.Network = old.Network
	if _, err := db.checkWorkGroup(ctx, t, g); err != nil {
		return err
	}
	members, collabs, err := groupColumns(g)
	if err != nil {
		return err
	}
	now := db.timestamp()
	res, err := t.exec(ctx, `UPDATE work_groups SET name = ?, area_code = ?, mandate = ?, members_json = ?,
			collaborations_json = ?, source = ?, version = version + 1, updated = ?
		WHERE id = ? AND version = ?`,
		g.Name, nullString(g.Area), g.Mandate, members, collabs, g.Source, formatTime(now), g.ID, g.Version)
	if err := checkUpdated(ctx, t, res, err, "work_groups", g.ID, "arbetsgruppen"); err != nil {
		return err
	}
	g.Version, g.Created, g.Updated = old.Version+1, old.Created, now
	return db.recordWrite(ctx, t, ActionUpdate, EntityWorkGroup, strconv.FormatInt(g.ID, 10), old, g)
}

// DeleteWorkGroup deletes the group if version is still current. Its
// meetings stay as they are.
func (db *DB) DeleteWorkGroup(ctx context.Context, id int64, version int) (err error) {
	defer wrap(&err, "sqldb.DeleteWorkGroup")
	return db.write(ctx, func(t *tx) error {
		old, err := workGroupByID(ctx, t, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return staleError("arbetsgruppen", old.Version, version)
		}
		return db.versionedDelete(ctx, t, "work_groups", EntityWorkGroup, "arbetsgruppen", id, version, old)
	})
}

// RestoreWorkGroup writes group id back as audit event auditID left it,
// if version is current, through the normal update.
func (db *DB) RestoreWorkGroup(ctx context.Context, id, auditID int64, version int) (_ *samverkan.WorkGroup, err error) {
	defer wrap(&err, "sqldb.RestoreWorkGroup")
	var out *samverkan.WorkGroup
	err = db.write(ctx, func(t *tx) error {
		cur, err := workGroupByID(ctx, t, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return staleError("arbetsgruppen", cur.Version, version)
		}
		out, err = restore(ctx, t, EntityWorkGroup, "arbetsgruppen", id, auditID, version,
			func(g *samverkan.WorkGroup) int64 { return g.ID },
			func(g *samverkan.WorkGroup, id int64, v int) { g.ID, g.Version = id, v },
			func(g *samverkan.WorkGroup) error { return db.updateWorkGroup(ctx, t, g) })
		return err
	})
	return out, err
}
