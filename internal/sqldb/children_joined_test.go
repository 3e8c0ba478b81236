package sqldb

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan"
)

// joinedChildQueries are the participants and networks child queries as
// they were before childLoad.names: the names and slugs joined in SQL, one
// seek per row. children_names_test.go compares the records read with
// them and without.
var joinedChildQueries = map[string]struct {
	query string
	scan  func(s scanner, c *samverkan.Collaboration) error
}{
	samverkan.WithNetworks: {`SELECT cn.collaboration_id, n.slug FROM collaboration_networks cn
		JOIN networks n ON n.id = cn.network_id
		WHERE cn.collaboration_id = ? ORDER BY cn.collaboration_id, cn.pos`,
		func(s scanner, c *samverkan.Collaboration) error {
			var id int64
			var slug string
			if err := s.Scan(&id, &slug); err != nil {
				return err
			}
			c.Networks = append(c.Networks, slug)
			return nil
		}},
	samverkan.WithParticipants: {`SELECT p.collaboration_id, COALESCE(p.municipality_code, ''), COALESCE(pa.name, ''),
			COALESCE(pa.kind, ''), COALESCE(m.name, pa.name, ''), p.role, p.joined_on, p.left_on
		FROM participants p
		LEFT JOIN municipalities m ON m.code = p.municipality_code
		LEFT JOIN parties pa ON pa.id = p.party_id
		WHERE p.collaboration_id = ? ORDER BY p.collaboration_id, p.pos`,
		func(s scanner, c *samverkan.Collaboration) error {
			var id int64
			var p samverkan.Participant
			if err := s.Scan(&id, &p.Code, &p.Party, &p.PartyKind, &p.Name, &p.Role, &p.Joined, &p.Left); err != nil {
				return err
			}
			c.Participants = append(c.Participants, p)
			return nil
		}},
}

// JoinedChildren returns the participants and networks of each of ids read
// one record at a time with the joins (the oracle), as records holding only
// those two lists.
func (db *DB) JoinedChildren(ctx context.Context, ids []int64) (out []*samverkan.Collaboration, err error) {
	err = db.read(ctx, func(t *tx) error {
		for _, id := range ids {
			c := &samverkan.Collaboration{ID: id}
			for name, q := range joinedChildQueries {
				if err := eachRow(ctx, t, q.query, []any{id}, func(s scanner) error { return q.scan(s, c) }); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// RenameParty renames a party in place, as no store write does: the names
// must come from the parties table at read time, not from the record.
func (db *DB) RenameParty(ctx context.Context, from, to string) error {
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `UPDATE parties SET name = ? WHERE name = ?`, to, from)
		return err
	})
}

// RenameMunicipality renames a municipality in the municipalities table
// (as a newer reference data file would): the participants' names come
// from that table.
func (db *DB) RenameMunicipality(ctx context.Context, code, to string) error {
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `UPDATE municipalities SET name = ? WHERE code = ?`, to, code)
		return err
	})
}
