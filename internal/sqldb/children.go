package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan"
)

// childQueries load the list fields of a page of collaborations, one query
// per table for the whole page (never one per record). Each selects the
// owning id first; rows come in list order.
var childQueries = []struct {
	name  string
	query string // %s is the "(?, ?, …)" id list
	scan  func(s scanner, c map[int64]*samverkan.Collaboration) error
}{
	{"areas", `SELECT collaboration_id, area_code FROM collaboration_areas
		WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var a string
			if err := s.Scan(&id, &a); err != nil {
				return err
			}
			cs[id].Areas = append(cs[id].Areas, a)
			return nil
		}},
	{"areas to review", `SELECT collaboration_id, text FROM collaboration_area_reviews
		WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var a string
			if err := s.Scan(&id, &a); err != nil {
				return err
			}
			cs[id].AreasToReview = append(cs[id].AreasToReview, a)
			return nil
		}},
	{"networks", `SELECT cn.collaboration_id, n.slug FROM collaboration_networks cn
		JOIN networks n ON n.id = cn.network_id
		WHERE cn.collaboration_id IN %s ORDER BY cn.collaboration_id, cn.pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var slug string
			if err := s.Scan(&id, &slug); err != nil {
				return err
			}
			cs[id].Networks = append(cs[id].Networks, slug)
			return nil
		}},
	{"purposes", `SELECT collaboration_id, purpose FROM collaboration_purposes
		WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var p string
			if err := s.Scan(&id, &p); err != nil {
				return err
			}
			cs[id].Purposes = append(cs[id].Purposes, p)
			return nil
		}},
	{"participants", `SELECT p.collaboration_id, COALESCE(p.municipality_code, ''), COALESCE(pa.name, ''),
			COALESCE(pa.kind, ''), COALESCE(m.name, pa.name, ''), p.role, p.joined_on, p.left_on
		FROM participants p
		LEFT JOIN municipalities m ON m.code = p.municipality_code
		LEFT JOIN parties pa ON pa.id = p.party_id
		WHERE p.collaboration_id IN %s ORDER BY p.collaboration_id, p.pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var p samverkan.Participant
			if err := s.Scan(&id, &p.Code, &p.Party, &p.PartyKind, &p.Name, &p.Role, &p.Joined, &p.Left); err != nil {
				return err
			}
			cs[id].Participants = append(cs[id].Participants, p)
			return nil
		}},
	{"documents", `SELECT collaboration_id, type, title, adopted_by, COALESCE(adopted_in, ''), adopted_on,
			paragraph, valid_from, valid_to, notice_months, renewal, url
		FROM documents WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var d samverkan.Document
			var notice sql.NullInt64
			if err := s.Scan(&id, &d.Type, &d.Title, &d.AdoptedBy, &d.AdoptedIn, &d.Adopted, &d.Paragraph,
				&d.ValidFrom, &d.ValidTo, &notice, &d.Renewal, &d.URL); err != nil {
				return err
			}
			d.NoticeMonths = intPtr(notice)
			cs[id].Documents = append(cs[id].Documents, d)
			return nil
		}},
	{"contacts", `SELECT collaboration_id, function, name, email, phone
		FROM contacts WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var c samverkan.Contact
			if err := s.Scan(&id, &c.Function, &c.Name, &c.Email, &c.Phone); err != nil {
				return err
			}
			cs[id].Contacts = append(cs[id].Contacts, c)
			return nil
		}},
	{"sources", `SELECT collaboration_id, field, text, url
		FROM sources WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var src samverkan.Source
			if err := s.Scan(&id, &src.Field, &src.Text, &src.URL); err != nil {
				return err
			}
			cs[id].Sources = append(cs[id].Sources, src)
			return nil
		}},
	{"relations", `SELECT r.from_id, r.kind, r.to_id, COALESCE(c.title, '')
		FROM relations r LEFT JOIN collaborations c ON c.id = r.to_id
		WHERE r.from_id IN %s ORDER BY r.from_id, r.pos`,
		func(s scanner, cs map[int64]*samverkan.Collaboration) error {
			var id int64
			var r samverkan.Relation
			if err := s.Scan(&id, &r.Kind, &r.ID, &r.Title); err != nil {
				return err
			}
			cs[id].Relations = append(cs[id].Relations, r)
			return nil
		}},
}

// loadCollaborationChildren fills the list fields of cs, including the
// display names of participants and the titles of related records.
func loadCollaborationChildren(ctx context.Context, t *tx, cs []*samverkan.Collaboration) error {
	return loadCollaborationChildrenWith(ctx, t, cs, nil)
}

// loadCollaborationChildrenWith loads the child rows named in with
// (samverkan.With…), every one when with is nil.
func loadCollaborationChildrenWith(ctx context.Context, t *tx, cs []*samverkan.Collaboration, with []string) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[int64]*samverkan.Collaboration, len(cs))
	ids := make([]int64, len(cs))
	for i, c := range cs {
		byID[c.ID] = c
		ids[i] = c.ID
	}
	in, args := idsIn(ids)
	for _, q := range childQueries {
		if with != nil && !slices.Contains(with, q.name) {
			continue
		}
		err := eachRow(ctx, t, fmt.Sprintf(q.query, in), args, func(s scanner) error { return q.scan(s, byID) })
		if err != nil {
			return fmt.Errorf("load %s: %w", q.name, err)
		}
	}
	return nil
}
