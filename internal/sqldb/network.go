package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/samverkan/samverkan"
)

const networkColumns = `n.id, n.slug, n.name, n.description, n.declaration_adopted, n.declaration_text,
	n.coordinator, n.public, n.source, n.version, n.created, n.updated,
	n.declaration_adopted_by, n.declaration_url, n.rotation_order`

// Networks returns every network with members, purposes and hosts, ordered
// by name (Swedish collation).
func (db *DB) Networks(ctx context.Context) (_ []*samverkan.Network, err error) {
	defer wrap(&err, "sqldb.Networks")
	var out []*samverkan.Network
	err = db.read(ctx, func(t *tx) error {
		out, err = findNetworks(ctx, t, "")
		return err
	})
	samverkan.SortSwedish(out, func(v *samverkan.Network) string { return v.Name })
	return out, err
}

// MunicipalityMemberships returns code's memberships of networks in the
// order Networks and their members give (the municipality page read every
// network with its children for them).
func (db *DB) MunicipalityMemberships(ctx context.Context, code string) (_ []samverkan.Membership, err error) {
	defer wrap(&err, "sqldb.MunicipalityMemberships")
	var out []samverkan.Membership
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT n.slug, n.name, m.municipality_code, mu.name, m.joined_on, m.left_on
			FROM network_members m JOIN networks n ON n.id = m.network_id
			JOIN municipalities mu ON mu.code = m.municipality_code
			WHERE m.municipality_code = ? ORDER BY n.id, m.pos`, []any{code}, func(s scanner) error {
			var ms samverkan.Membership
			err := s.Scan(&ms.Slug, &ms.Name, &ms.Member.Code, &ms.Member.Name, &ms.Member.Joined, &ms.Member.Left)
			out = append(out, ms)
			return err
		})
	})
	samverkan.SortSwedish(out, func(v samverkan.Membership) string { return v.Name })
	return out, err
}

// NetworkHeads returns every network without members, purposes and hosts,
// ordered as Networks.
func (db *DB) NetworkHeads(ctx context.Context) (_ []*samverkan.Network, err error) {
	defer wrap(&err, "sqldb.NetworkHeads")
	var out []*samverkan.Network
	err = db.read(ctx, func(t *tx) error {
		out, _, err = networkHeads(ctx, t, "")
		return err
	})
	samverkan.SortSwedish(out, func(v *samverkan.Network) string { return v.Name })
	return out, err
}

// NetworkBySlug returns one network; ENOTFOUND when there is none.
func (db *DB) NetworkBySlug(ctx context.Context, slug string) (_ *samverkan.Network, err error) {
	defer wrap(&err, "sqldb.NetworkBySlug")
	var n *samverkan.Network
	err = db.read(ctx, func(t *tx) error {
		n, err = networkBySlug(ctx, t, slug)
		return err
	})
	return n, err
}

func networkBySlug(ctx context.Context, t *tx, slug string) (*samverkan.Network, error) {
	ns, err := findNetworks(ctx, t, "WHERE n.slug = ?", slug)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %q finns inte.", slug)
	}
	return ns[0], nil
}

func networkByID(ctx context.Context, t *tx, id int64) (*samverkan.Network, error) {
	ns, err := findNetworks(ctx, t, "WHERE n.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket finns inte.")
	}
	return ns[0], nil
}

// findNetworks loads the networks matching where, then their child rows in
// one query per child table.
func findNetworks(ctx context.Context, t *tx, where string, args ...any) ([]*samverkan.Network, error) {
	out, byID, err := networkHeads(ctx, t, where, args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	if err := loadNetworkChildren(ctx, t, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// networkHeads loads the networks matching where, without child rows, by
// id, and indexes them by id.
func networkHeads(ctx context.Context, t *tx, where string, args ...any) ([]*samverkan.Network, map[int64]*samverkan.Network, error) {
	rows, err := t.query(ctx, `SELECT `+networkColumns+` FROM networks n `+where+` ORDER BY n.id`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []*samverkan.Network
	byID := map[int64]*samverkan.Network{}
	for rows.Next() {
		n := &samverkan.Network{}
		var created, updated, rotation string
		if err := rows.Scan(&n.ID, &n.Slug, &n.Name, &n.Description, &n.Declaration.Adopted, &n.Declaration.Text,
			&n.Coordinator, &n.Public, &n.Source, &n.Version, &created, &updated,
			&n.Declaration.AdoptedBy, &n.Declaration.URL, &rotation); err != nil {
			return nil, nil, err
		}
		n.RotationOrder = splitCodes(rotation)
		if n.Created, err = parseTime(created); err != nil {
			return nil, nil, err
		}
		if n.Updated, err = parseTime(updated); err != nil {
			return nil, nil, err
		}
		out = append(out, n)
		byID[n.ID] = n
	}
	return out, byID, rows.Err()
}

func loadNetworkChildren(ctx context.Context, t *tx, byID map[int64]*samverkan.Network) error {
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	in, args := idsIn(ids)
	err := eachRow(ctx, t, `SELECT m.network_id, m.municipality_code, mu.name, m.joined_on, m.left_on
		FROM network_members m JOIN municipalities mu ON mu.code = m.municipality_code
		WHERE m.network_id IN `+in+` ORDER BY m.network_id, m.pos`, args, func(s scanner) error {
		var id int64
		var m samverkan.NetworkMember
		if err := s.Scan(&id, &m.Code, &m.Name, &m.Joined, &m.Left); err != nil {
			return err
		}
		byID[id].Members = append(byID[id].Members, m)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load members: %w", err)
	}
	err = eachRow(ctx, t, `SELECT network_id, text, dimension FROM network_purposes
		WHERE network_id IN `+in+` ORDER BY network_id, pos`, args, func(s scanner) error {
		var id int64
		var p samverkan.Purpose
		if err := s.Scan(&id, &p.Text, &p.Dimension); err != nil {
			return err
		}
		byID[id].Declaration.Purposes = append(byID[id].Declaration.Purposes, p)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load purposes: %w", err)
	}
	err = eachRow(ctx, t, `SELECT network_id, year, municipality_code, role, note FROM network_hosts
		WHERE network_id IN `+in+` ORDER BY network_id, pos`, args, func(s scanner) error {
		var id int64
		var h samverkan.HostYear
		if err := s.Scan(&id, &h.Year, &h.Code, &h.Role, &h.Note); err != nil {
			return err
		}
		byID[id].Hosts = append(byID[id].Hosts, h)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load hosts: %w", err)
	}
	return nil
}

// splitCodes reads a comma-separated list of codes; empty gives [].
func splitCodes(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// scanner is a row being read.
type scanner interface{ Scan(dest ...any) error }

// eachRow runs query and calls fn for every row.
func eachRow(ctx context.Context, t *tx, query string, args []any, fn func(scanner) error) error {
	rows, kept, err := t.queryKept(ctx, query, args...)
	if err != nil {
		return err
	}
	defer t.done(query, rows, kept)
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CreateNetwork validates and inserts n, setting ID, Version, Created and
// Updated. A taken slug is ECONFLICT.
func (db *DB) CreateNetwork(ctx context.Context, n *samverkan.Network) (err error) {
	defer wrap(&err, "sqldb.CreateNetwork")
	n.Normalize()
	if err := n.Validate(db.Catalog()); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return db.createNetwork(ctx, t, n) })
}

func (db *DB) createNetwork(ctx context.Context, t *tx, n *samverkan.Network) error {
	if err := checkSlugFree(ctx, t, n.Slug, 0); err != nil {
		return err
	}
	now := db.timestamp()
	err := t.queryRow(ctx, `INSERT INTO networks (slug, name, description, declaration_adopted, declaration_text,
			coordinator, public, source, version, created, updated, declaration_adopted_by, declaration_url, rotation_order)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?) RETURNING id`,
		n.Slug, n.Name, n.Description, n.Declaration.Adopted, n.Declaration.Text,
		n.Coordinator, n.Public, n.Source, formatTime(now), formatTime(now),
		n.Declaration.AdoptedBy, n.Declaration.URL, strings.Join(n.RotationOrder, ",")).Scan(&n.ID)
	if err != nil {
		return fmt.Errorf("insert network: %w", err)
	}
	n.Version, n.Created, n.Updated = 1, now, now
	if err := insertNetworkChildren(ctx, t, n); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionCreate, EntityNetwork, n.Slug, nil, n)
}

func checkSlugFree(ctx context.Context, t *tx, slug string, self int64) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM networks WHERE slug = ? AND id <> ?`, slug, self).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &samverkan.Error{
			Code:    samverkan.ECONFLICT,
			Message: fmt.Sprintf("Det finns redan ett nätverk med kortnamnet %q.", slug),
		}
	}
	return nil
}

func insertNetworkChildren(ctx context.Context, t *tx, n *samverkan.Network) error {
	var rows [][]any
	for i, m := range n.Members {
		rows = append(rows, []any{n.ID, m.Code, i, m.Joined, m.Left})
	}
	if err := insertRows(ctx, t, "network_members", []string{"network_id", "municipality_code", "pos", "joined_on", "left_on"}, rows); err != nil {
		return fmt.Errorf("insert members: %w", err)
	}
	rows = rows[:0]
	for i, p := range n.Declaration.Purposes {
		rows = append(rows, []any{n.ID, i, p.Text, p.Dimension})
	}
	if err := insertRows(ctx, t, "network_purposes", []string{"network_id", "pos", "text", "dimension"}, rows); err != nil {
		return fmt.Errorf("insert purposes: %w", err)
	}
	rows = rows[:0]
	for i, h := range n.Hosts {
		rows = append(rows, []any{n.ID, i, h.Year, h.Code, h.Role, h.Note})
	}
	if err := insertRows(ctx, t, "network_hosts", []string{"network_id", "pos", "year", "municipality_code", "role", "note"}, rows); err != nil {
		return fmt.Errorf("insert hosts: %w", err)
	}
	return nil
}

// UpdateNetwork writes n if n.Version is still current, and bumps it. The
// network is found by n.ID, or by n.Slug when ID is 0 (the API never sees
// IDs); with an ID the slug may change.
func (db *DB) UpdateNetwork(ctx context.Context, n *samverkan.Network) (err error) {
	defer wrap(&err, "sqldb.UpdateNetwork")
	n.Normalize()
	if err := n.Validate(db.Catalog()); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return db.updateNetwork(ctx, t, n) })
}

func (db *DB) updateNetwork(ctx context.Context, t *tx, n *samverkan.Network) error {
	var old *samverkan.Network
	var err error
	if n.ID != 0 {
		old, err = networkByID(ctx, t, n.ID)
	} else {
		old, err = networkBySlug(ctx, t, n.Slug)
	}
	if err != nil {
		return err
	}
	if old.Version != n.Version {
		return staleError("nätverket", old.Version, n.Version)
	}
	if err := checkSlugFree(ctx, t, n.Slug, old.ID); err != nil {
		return err
	}
	now := db.timestamp()
	res, err := t.exec(ctx, `UPDATE networks SET slug = ?, name = ?, description = ?, declaration_adopted = ?,
			declaration_text = ?, coordinator = ?, public = ?, source = ?, version = version + 1, updated = ?,
			declaration_adopted_by = ?, declaration_url = ?, rotation_order = ?
		WHERE id = ? AND version = ?`,
		n.Slug, n.Name, n.Description, n.Declaration.Adopted, n.Declaration.Text, n.Coordinator, n.Public,
		n.Source, formatTime(now), n.Declaration.AdoptedBy, n.Declaration.URL, strings.Join(n.RotationOrder, ","),
		old.ID, n.Version)
	if err := checkUpdated(ctx, t, res, err, "networks", old.ID, "nätverket"); err != nil {
		return err
	}
	n.ID, n.Version, n.Created, n.Updated = old.ID, old.Version+1, old.Created, now
	for _, table := range []string{"network_members", "network_purposes", "network_hosts"} {
		if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE network_id = ?`, n.ID); err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}
	if err := insertNetworkChildren(ctx, t, n); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionUpdate, EntityNetwork, n.Slug, old, n)
}

// DeleteNetwork deletes the network if version is still current. Its links
// to collaborations go with it (the collaborations stay); the audit row
// lists the collaborations that lost the link.
func (db *DB) DeleteNetwork(ctx context.Context, slug string, version int) (err error) {
	defer wrap(&err, "sqldb.DeleteNetwork")
	return db.write(ctx, func(t *tx) error { return db.deleteNetwork(ctx, t, slug, version) })
}

func (db *DB) deleteNetwork(ctx context.Context, t *tx, slug string, version int) error {
	old, err := networkBySlug(ctx, t, slug)
	if err != nil {
		return err
	}
	if old.Version != version {
		return staleError("nätverket", old.Version, version)
	}
	unlinked := []int64{}
	err = eachRow(ctx, t, `SELECT collaboration_id FROM collaboration_networks WHERE network_id = ? ORDER BY collaboration_id`,
		[]any{old.ID}, func(s scanner) error {
			var id int64
			err := s.Scan(&id)
			unlinked = append(unlinked, id)
			return err
		})
	if err != nil {
		return err
	}
	if err := db.deleteNetworkLife(ctx, t, old.ID); err != nil {
		return err
	}
	res, err := t.exec(ctx, `DELETE FROM networks WHERE id = ? AND version = ?`, old.ID, version)
	if err := checkUpdated(ctx, t, res, err, "networks", old.ID, "nätverket"); err != nil {
		return err
	}
	after := map[string]any{"unlinked_collaborations": unlinked}
	return db.recordWrite(ctx, t, ActionDelete, EntityNetwork, slug, old, after)
}

// staleError says the record changed since the writer read it.
func staleError(what string, current, given int) error {
	return samverkan.Errorf(samverkan.ESTALE,
		"Någon annan har ändrat %s sedan du öppnade det (version %d, du hade version %d). Ladda om och försök igen.",
		what, current, given)
}

// checkUpdated checks that a versioned UPDATE or DELETE (… WHERE id = ?
// AND version = ?) touched its row. When it did not, the row is either gone
// (ENOTFOUND) or a concurrent writer moved its version on (ESTALE); a write
// never silently overwrites another.
func checkUpdated(ctx context.Context, t *tx, res sql.Result, err error, table string, id int64, what string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	var count int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, id).Scan(&count); err != nil {
		return err
	}
	if count == 0 {
		return samverkan.Errorf(samverkan.ENOTFOUND, "Posten finns inte längre.")
	}
	return samverkan.Errorf(samverkan.ESTALE, "Någon annan har ändrat %s samtidigt. Ladda om och försök igen.", what)
}
