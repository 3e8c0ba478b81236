package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/samverkan/samverkan"
)

// NetworkOutlines returns every collaboration of network slug with only
// the fields the network's pictures read (samverkan.OutlineStore), ordered
// as AllCollaborations orders them (by title, then id). Three queries that
// reach the network's collaborations through collaboration_networks,
// instead of counting, paging by ids and loading whole records with their
// participants' display names: the matrix, charts, vulnerability and graph
// pages spent 10 of their 15–20 ms there (issue 16; 8 ms still, most of
// it stepping through 1 400 participant rows).
func (db *DB) NetworkOutlines(ctx context.Context, slug string) (_ []*samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.NetworkOutlines")
	var out []*samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		var err error
		out, err = outlines(ctx, t, `(SELECT cn.collaboration_id FROM collaboration_networks cn
			JOIN networks n ON n.id = cn.network_id WHERE n.slug = ?)`, slug, 0, false)
		return err
	})
	return out, err
}

// MunicipalityOutlines returns the first limit collaborations (by title,
// then id) in which municipality code takes or took part, with the
// outline fields and their networks: what the suggestions read of each
// member's collaborations (samverkan.OutlineStore).
func (db *DB) MunicipalityOutlines(ctx context.Context, code string, limit int) (_ []*samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.MunicipalityOutlines")
	var out []*samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		var err error
		out, err = outlines(ctx, t, `(SELECT p.collaboration_id FROM participants p WHERE p.municipality_code = ?)`, code, limit, true)
		return err
	})
	return out, err
}

// outlines reads the collaborations whose ids the subquery in (with its
// one argument) gives, by title then id, the first limit of them (all when
// 0), with areas, participants and, if asked, networks. The child rows
// are read through the same subquery rather than a list of ids, which
// SQLite would have to bind and look up one by one.
func outlines(ctx context.Context, t *tx, in string, arg any, limit int, networks bool) ([]*samverkan.Collaboration, error) {
	var out []*samverkan.Collaboration
	byID := map[int64]*samverkan.Collaboration{}
	q := `SELECT c.id, c.title, c.status, c.legal_form, c.start_on, c.annual_cost, c.cost_key
		FROM collaborations c WHERE c.id IN ` + in + ` ORDER BY c.title_key, c.id`
	args := []any{arg}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	err := eachRow(ctx, t, q, args, func(s scanner) error {
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
		return nil, fmt.Errorf("collaborations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	err = eachRow(ctx, t, `SELECT ca.collaboration_id, ca.area_code FROM collaboration_areas ca
		WHERE ca.collaboration_id IN `+in+` ORDER BY ca.collaboration_id, ca.pos`, []any{arg},
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
		return nil, fmt.Errorf("areas: %w", err)
	}
	err = eachRow(ctx, t, `SELECT p.collaboration_id, COALESCE(p.municipality_code, ''), COALESCE(pa.name, ''), p.left_on
		FROM participants p LEFT JOIN parties pa ON pa.id = p.party_id
		WHERE p.collaboration_id IN `+in+` ORDER BY p.collaboration_id, p.pos`, []any{arg},
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
		return nil, fmt.Errorf("participants: %w", err)
	}
	if !networks {
		return out, nil
	}
	err = eachRow(ctx, t, `SELECT cn.collaboration_id, n.slug FROM collaboration_networks cn JOIN networks n ON n.id = cn.network_id
		WHERE cn.collaboration_id IN `+in+` ORDER BY cn.collaboration_id, cn.pos`, []any{arg},
		func(s scanner) error {
			var id int64
			var slug string
			if err := s.Scan(&id, &slug); err != nil {
				return err
			}
			if c := byID[id]; c != nil {
				c.Networks = append(c.Networks, slug)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("networks: %w", err)
	}
	return out, nil
}

// SuggestionTies returns what the suggestions of network slug read of its
// members' collaborations (samverkan.SuggestionTieStore): the union of
// each member's first limit collaborations by title, one row each with
// its areas, the members among its participants and the number of
// municipalities taking part, and whether it belongs to the network. One
// grouped query instead of four outline queries per member, which read
// every member's ~340 collaborations with all their participants and
// networks one member at a time (issue 16: 30 of the page's 35 ms).
func (db *DB) SuggestionTies(ctx context.Context, members []string, slug string, limit int) (_ []samverkan.SuggestionTie, err error) {
	defer wrap(&err, "sqldb.SuggestionTies")
	out := []samverkan.SuggestionTie{}
	if len(members) == 0 {
		return out, nil
	}
	agg := "group_concat(%s, ',')"
	if db.dialect == Postgres {
		agg = "string_agg(%s, ',')"
	}
	in := placeholders(len(members))
	codes := make([]any, 0, len(members))
	for _, m := range members {
		codes = append(codes, m)
	}
	// Which collaborations: all of the members' when none takes part in
	// more than limit (an index-only read of participants); otherwise
	// ROW_NUMBER keeps MunicipalityOutlines' limit per member (by title,
	// then id) exactly, at the price of reading every title.
	picked := `SELECT collaboration_id FROM participants WHERE municipality_code IN (` + in + `)`
	limited := `SELECT id FROM (
			SELECT p.collaboration_id AS id,
				ROW_NUMBER() OVER (PARTITION BY p.municipality_code ORDER BY c.title_key, c.id) AS rn
			FROM participants p JOIN collaborations c ON c.id = p.collaboration_id
			WHERE p.municipality_code IN (` + in + `)) mine WHERE rn <= ?`
	// The participants join counts the municipalities and names the
	// members among them in the same pass.
	main := func(ids string) string {
		return `SELECT c.id, c.title, c.status, COUNT(p.municipality_code),
			` + fmt.Sprintf(agg, `CASE WHEN p.municipality_code IN (`+in+`) THEN p.municipality_code END`) + `,
			(SELECT ` + fmt.Sprintf(agg, "ca.area_code") + ` FROM collaboration_areas ca WHERE ca.collaboration_id = c.id),
			EXISTS (SELECT 1 FROM collaboration_networks cn JOIN networks n ON n.id = cn.network_id
				WHERE cn.collaboration_id = c.id AND n.slug = ?)
		FROM collaborations c JOIN participants p ON p.collaboration_id = c.id
		WHERE c.id IN (` + ids + `)
		GROUP BY c.id, c.title, c.status
		ORDER BY c.id`
	}
	err = db.read(ctx, func(t *tx) error {
		out = out[:0]
		var most sql.NullInt64
		err := t.queryRow(ctx, `SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM participants
			WHERE municipality_code IN (`+in+`) GROUP BY municipality_code) counts`, codes...).Scan(&most)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		// Arguments: the members (CASE), the network, the members (which).
		args := append(append(append([]any{}, codes...), slug), codes...)
		q := main(picked)
		if limit > 0 && most.Int64 > int64(limit) {
			q, args = main(limited), append(args, limit)
		}
		return eachRow(ctx, t, q, args, func(s scanner) error {
			var tie samverkan.SuggestionTie
			var codes, areas sql.NullString
			if err := s.Scan(&tie.ID, &tie.Title, &tie.Status, &tie.Municipalities, &codes, &areas, &tie.InNetwork); err != nil {
				return err
			}
			if codes.String != "" {
				tie.Members = strings.Split(codes.String, ",")
			}
			if areas.String != "" {
				tie.Areas = strings.Split(areas.String, ",")
			}
			out = append(out, tie)
			return nil
		})
	})
	return out, err
}
