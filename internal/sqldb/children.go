package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"github.com/samverkan/samverkan"
)

// childQueries load the list fields of a page of collaborations, one query
// per table for the whole page (never one per record). Each selects the
// owning id first; rows come in list order.
//
// The participants and the networks are read without their joins to the
// municipalities, parties and networks: a join seeks the other table once
// per row (about 850 participants in 0662's oversight, two seeks each
// into municipalities; the participants query took 1.7 CPU-ms with the
// joins, 1.3 without; issue 16, first render). They note what they need
// in the childLoad, and childLoad.names reads each name or slug once.
var childQueries = []struct {
	name  string
	query string // %s is the "(?, ?, …)" id list
	scan  func(s scanner, l *childLoad) error
}{
	{"areas", `SELECT collaboration_id, area_code FROM collaboration_areas
		WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var a string
			if err := s.Scan(&id, &a); err != nil {
				return err
			}
			l.byID[id].Areas = append(l.byID[id].Areas, a)
			return nil
		}},
	{"areas to review", `SELECT collaboration_id, text FROM collaboration_area_reviews
		WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var a string
			if err := s.Scan(&id, &a); err != nil {
				return err
			}
			l.byID[id].AreasToReview = append(l.byID[id].AreasToReview, a)
			return nil
		}},
	{"networks", `SELECT collaboration_id, network_id FROM collaboration_networks
		WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id, net int64
			if err := s.Scan(&id, &net); err != nil {
				return err
			}
			c := l.byID[id]
			l.networks = append(l.networks, childRef{c, len(c.Networks), net})
			c.Networks = append(c.Networks, "")
			return nil
		}},
	{"purposes", `SELECT collaboration_id, purpose FROM collaboration_purposes
		WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var p string
			if err := s.Scan(&id, &p); err != nil {
				return err
			}
			l.byID[id].Purposes = append(l.byID[id].Purposes, p)
			return nil
		}},
	{"participants", `SELECT collaboration_id, COALESCE(municipality_code, ''), party_id, role, joined_on, left_on
		FROM participants WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var party sql.NullInt64
			var p samverkan.Participant
			if err := s.Scan(&id, &p.Code, &party, &p.Role, &p.Joined, &p.Left); err != nil {
				return err
			}
			c := l.byID[id]
			if party.Valid {
				l.parties = append(l.parties, childRef{c, len(c.Participants), party.Int64})
			} else if p.Code != "" {
				l.codes[p.Code] = ""
			}
			c.Participants = append(c.Participants, p)
			return nil
		}},
	{"documents", `SELECT collaboration_id, type, title, adopted_by, COALESCE(adopted_in, ''), adopted_on,
			paragraph, valid_from, valid_to, notice_months, renewal, url
		FROM documents WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var d samverkan.Document
			var notice sql.NullInt64
			if err := s.Scan(&id, &d.Type, &d.Title, &d.AdoptedBy, &d.AdoptedIn, &d.Adopted, &d.Paragraph,
				&d.ValidFrom, &d.ValidTo, &notice, &d.Renewal, &d.URL); err != nil {
				return err
			}
			d.NoticeMonths = intPtr(notice)
			l.byID[id].Documents = append(l.byID[id].Documents, d)
			return nil
		}},
	{"contacts", `SELECT collaboration_id, function, name, email, phone
		FROM contacts WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var c samverkan.Contact
			if err := s.Scan(&id, &c.Function, &c.Name, &c.Email, &c.Phone); err != nil {
				return err
			}
			l.byID[id].Contacts = append(l.byID[id].Contacts, c)
			return nil
		}},
	{"sources", `SELECT collaboration_id, field, text, url
		FROM sources WHERE collaboration_id IN %s ORDER BY collaboration_id, pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var src samverkan.Source
			if err := s.Scan(&id, &src.Field, &src.Text, &src.URL); err != nil {
				return err
			}
			l.byID[id].Sources = append(l.byID[id].Sources, src)
			return nil
		}},
	{"relations", `SELECT r.from_id, r.kind, r.to_id, COALESCE(c.title, '')
		FROM relations r LEFT JOIN collaborations c ON c.id = r.to_id
		WHERE r.from_id IN %s ORDER BY r.from_id, r.pos`,
		func(s scanner, l *childLoad) error {
			var id int64
			var r samverkan.Relation
			if err := s.Scan(&id, &r.Kind, &r.ID, &r.Title); err != nil {
				return err
			}
			l.byID[id].Relations = append(l.byID[id].Relations, r)
			return nil
		}},
}

// loadCollaborationChildren fills the list fields of cs, including the
// display names of participants and the titles of related records.
func loadCollaborationChildren(ctx context.Context, t *tx, cs []*samverkan.Collaboration) error {
	return loadCollaborationChildrenWith(ctx, t, cs, nil)
}

// childLoad is the state of one loadCollaborationChildrenWith: the records
// by id, and the participants' and networks' names still to read.
type childLoad struct {
	byID map[int64]*samverkan.Collaboration
	// codes are the municipality codes of the participants read; their
	// names are filled in by names.
	codes map[string]string
	// parties are the participants that are a party, networks the
	// networks of the records, each with the id to name it by.
	parties, networks []childRef
}

// childRef is the i-th participant or network of c, to be named after the
// row id of a party or network.
type childRef struct {
	c  *samverkan.Collaboration
	i  int
	id int64
}

// loadCollaborationChildrenWith loads the child rows named in with
// (samverkan.With…), every one when with is nil.
func loadCollaborationChildrenWith(ctx context.Context, t *tx, cs []*samverkan.Collaboration, with []string) error {
	if len(cs) == 0 {
		return nil
	}
	l := &childLoad{byID: make(map[int64]*samverkan.Collaboration, len(cs)), codes: map[string]string{}}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		l.byID[c.ID] = c
		ids[i] = c.ID
	}
	in, args := idsIn(ids)
	for _, q := range childQueries {
		if with != nil && !slices.Contains(with, q.name) {
			continue
		}
		err := eachRow(ctx, t, fmt.Sprintf(q.query, in), args, func(s scanner) error { return q.scan(s, l) })
		if err != nil {
			return fmt.Errorf("load %s: %w", q.name, err)
		}
	}
	return l.names(ctx, t)
}

// names fills in what the child rows named by id or code: a municipality
// participant's name, a party participant's party, kind and name, and a
// network's slug; as the joins did (a name that is not there is "").
func (l *childLoad) names(ctx context.Context, t *tx) error {
	if len(l.codes) > 0 {
		in, args := valuesIn(slices.Sorted(maps.Keys(l.codes)))
		err := eachRow(ctx, t, `SELECT code, name FROM municipalities WHERE code IN `+in, args, func(s scanner) error {
			var code, name string
			err := s.Scan(&code, &name)
			l.codes[code] = name
			return err
		})
		if err != nil {
			return fmt.Errorf("load municipality names: %w", err)
		}
		for _, c := range l.byID {
			for i := range c.Participants {
				if p := &c.Participants[i]; p.Code != "" {
					p.Name = l.codes[p.Code]
				}
			}
		}
	}
	if len(l.parties) > 0 {
		type party struct{ name, kind string }
		parties := map[int64]party{}
		in, args := idsIn(refDistinct(l.parties))
		err := eachRow(ctx, t, `SELECT id, name, kind FROM parties WHERE id IN `+in, args,
			func(s scanner) error {
				var id int64
				var p party
				err := s.Scan(&id, &p.name, &p.kind)
				parties[id] = p
				return err
			})
		if err != nil {
			return fmt.Errorf("load parties: %w", err)
		}
		for _, r := range l.parties {
			p, pa := &r.c.Participants[r.i], parties[r.id]
			p.Party, p.PartyKind, p.Name = pa.name, pa.kind, pa.name
		}
	}
	if len(l.networks) > 0 {
		slugs := map[int64]string{}
		in, args := idsIn(refDistinct(l.networks))
		err := eachRow(ctx, t, `SELECT id, slug FROM networks WHERE id IN `+in, args,
			func(s scanner) error {
				var id int64
				var slug string
				err := s.Scan(&id, &slug)
				slugs[id] = slug
				return err
			})
		if err != nil {
			return fmt.Errorf("load network slugs: %w", err)
		}
		for _, r := range l.networks {
			r.c.Networks[r.i] = slugs[r.id]
		}
	}
	return nil
}

// refDistinct returns the distinct ids of refs, in order (few: the
// parties and networks of a page).
func refDistinct(refs []childRef) []int64 {
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.id
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
