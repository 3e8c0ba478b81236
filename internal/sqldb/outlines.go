package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/samverkan/samverkan"
)

// NetworkOutlines returns every collaboration of network slug with only
// the fields the network's pictures read (samverkan.OutlineStore), ordered
// as AllCollaborations orders them (by title, then id). Three queries that
// reach the network's collaborations through collaboration_networks,
// instead of counting, paging by ids and loading whole records with their
// participants' display names: the matrix, charts, vulnerability and graph
// pages spent 10 of their 15–20 ms there (issue 16).
func (db *DB) NetworkOutlines(ctx context.Context, slug string) (_ []*samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.NetworkOutlines")
	const inNetwork = `(SELECT cn.collaboration_id FROM collaboration_networks cn
		JOIN networks n ON n.id = cn.network_id WHERE n.slug = ?)`
	var out []*samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		out = out[:0]
		byID := map[int64]*samverkan.Collaboration{}
		err := eachRow(ctx, t, `SELECT c.id, c.title, c.status, c.legal_form, c.start_on, c.annual_cost, c.cost_key
			FROM collaborations c WHERE c.id IN `+inNetwork+` ORDER BY c.title_key, c.id`, []any{slug},
			func(s scanner) error {
				c := &samverkan.Collaboration{}
				var cost sql.NullInt64
				if err := s.Scan(&c.ID, &c.Title, &c.Status, &c.LegalForm, &c.Start, &cost, &c.CostKey); err != nil {
					return err
				}
				c.AnnualCost = int64Ptr(cost)
				out = append(out, c)
				byID[c.ID] = c
				return nil
			})
		if err != nil {
			return fmt.Errorf("collaborations: %w", err)
		}
		if len(out) == 0 {
			return nil
		}
		err = eachRow(ctx, t, `SELECT ca.collaboration_id, ca.area_code FROM collaboration_areas ca
			WHERE ca.collaboration_id IN `+inNetwork+` ORDER BY ca.collaboration_id, ca.pos`, []any{slug},
			func(s scanner) error {
				var id int64
				var a string
				if err := s.Scan(&id, &a); err != nil {
					return err
				}
				if c := byID[id]; c != nil {
					c.Areas = append(c.Areas, a)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("areas: %w", err)
		}
		err = eachRow(ctx, t, `SELECT p.collaboration_id, COALESCE(p.municipality_code, ''), COALESCE(pa.name, ''), p.left_on
			FROM participants p LEFT JOIN parties pa ON pa.id = p.party_id
			WHERE p.collaboration_id IN `+inNetwork+` ORDER BY p.collaboration_id, p.pos`, []any{slug},
			func(s scanner) error {
				var id int64
				var p samverkan.Participant
				if err := s.Scan(&id, &p.Code, &p.Party, &p.Left); err != nil {
					return err
				}
				if c := byID[id]; c != nil {
					c.Participants = append(c.Participants, p)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("participants: %w", err)
		}
		return nil
	})
	return out, err
}
