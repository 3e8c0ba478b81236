package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/samverkan/samverkan"
)

// NetworkOutlines returns every collaboration of network slug with only
// the fields the network's pictures read (samverkan.OutlineStore), ordered
// as AllCollaborations orders them (by title, then id): the network's
// range of network_outlines, kept by the writes (collaboration_outlines.go),
// in its key's order. Reading the collaborations with their areas and
// participants, ~2 500 rows for a network of ~365 collaborations, was 5–6
// ms of every page that draws the network (issue 16).
func (db *DB) NetworkOutlines(ctx context.Context, slug string) (_ []*samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.NetworkOutlines")
	var out []*samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		out = out[:0]
		// One block for the network's records: they are read together
		// and live as long as the page does.
		var block []samverkan.Collaboration
		return eachRow(ctx, t, `SELECT o.collaboration_id, o.title, o.status, o.legal_form, o.start_on, o.annual_cost,
				o.cost_key, o.areas, o.participants
			FROM networks n JOIN network_outlines o ON o.network_id = n.id
			WHERE n.slug = ? ORDER BY o.title_key, o.collaboration_id`, []any{slug}, func(s scanner) error {
			if len(block) == 0 {
				block = make([]samverkan.Collaboration, 64)
			}
			c := &block[0]
			block = block[1:]
			var cost sql.NullInt64
			var areas, participants string
			if err := s.Scan(&c.ID, &c.Title, &c.Status, &c.LegalForm, &c.Start, &cost, &c.CostKey, &areas, &participants); err != nil {
				return err
			}
			c.AnnualCost = int64Ptr(cost)
			if err := decodeOutline(c, areas, participants); err != nil {
				return fmt.Errorf("outline of %d: %w", c.ID, err)
			}
			out = append(out, c)
			return nil
		})
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
		out, err = keptOutlines(ctx, t, `participants p JOIN collaborations c ON c.id = p.collaboration_id`,
			`p.municipality_code = ?`, code, limit, true)
		return err
	})
	return out, err
}

// keptOutlines reads the collaborations that from (which names them c)
// and where (with its one argument) give, by title then id, the first
// limit of them (all when 0), with their title, status, areas and
// participants from the kept outline rows and, if asked, their networks.
func keptOutlines(ctx context.Context, t *tx, from, where string, arg any, limit int, networks bool) ([]*samverkan.Collaboration, error) {
	var out []*samverkan.Collaboration
	q := `SELECT c.id, o.title, o.status, c.legal_form, c.start_on, c.annual_cost, c.cost_key, o.areas, o.participants
		FROM ` + from + ` JOIN collaboration_outlines o ON o.collaboration_id = c.id
		WHERE ` + where + ` ORDER BY c.title_key, c.id`
	args := []any{arg}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	err := eachRow(ctx, t, q, args, func(s scanner) error {
		c := &samverkan.Collaboration{}
		var cost sql.NullInt64
		var areas, participants string
		if err := s.Scan(&c.ID, &c.Title, &c.Status, &c.LegalForm, &c.Start, &cost, &c.CostKey, &areas, &participants); err != nil {
			return err
		}
		c.AnnualCost = int64Ptr(cost)
		if err := decodeOutline(c, areas, participants); err != nil {
			return fmt.Errorf("outline of %d: %w", c.ID, err)
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("collaborations: %w", err)
	}
	if !networks || len(out) == 0 {
		return out, nil
	}
	byID := make(map[int64]*samverkan.Collaboration, len(out))
	for _, c := range out {
		byID[c.ID] = c
	}
	if err := outlineNetworks(ctx, t, `(SELECT c.id FROM `+from+` WHERE `+where+`)`, []any{arg}, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// outlineNetworks adds to the outlines in byID the slugs of their
// networks, for the collaborations whose ids the list or subquery in
// (with args) gives.
func outlineNetworks(ctx context.Context, t *tx, in string, args []any, byID map[int64]*samverkan.Collaboration) error {
	err := eachRow(ctx, t, `SELECT cn.collaboration_id, n.slug FROM collaboration_networks cn JOIN networks n ON n.id = cn.network_id
		WHERE cn.collaboration_id IN `+in+` ORDER BY cn.collaboration_id, cn.pos`, args,
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
		return fmt.Errorf("networks: %w", err)
	}
	return nil
}

// liveOutlines reads the outlines of the collaborations whose ids the
// list or subquery in (with args) gives, by title then id, the first
// limit of them (all when 0), from the areas and participants themselves:
// what the kept outline rows repeat. fillOutlines writes rows from it;
// the tests compare the kept rows with it.
func liveOutlines(ctx context.Context, t *tx, in string, args []any, limit int, networks bool) ([]*samverkan.Collaboration, error) {
	var out []*samverkan.Collaboration
	byID := map[int64]*samverkan.Collaboration{}
	q := `SELECT c.id, c.title, c.status, c.legal_form, c.start_on, c.annual_cost, c.cost_key, c.end_on
		FROM collaborations c WHERE c.id IN ` + in + ` ORDER BY c.title_key, c.id`
	qargs := args
	if limit > 0 {
		q += ` LIMIT ?`
		qargs = append(args[:len(args):len(args)], limit)
	}
	err := eachRow(ctx, t, q, qargs, func(s scanner) error {
		c := &samverkan.Collaboration{}
		var cost sql.NullInt64
		if err := s.Scan(&c.ID, &c.Title, &c.Status, &c.LegalForm, &c.Start, &cost, &c.CostKey, &c.End); err != nil {
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
		WHERE ca.collaboration_id IN `+in+` ORDER BY ca.collaboration_id, ca.pos`, args,
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
		WHERE p.collaboration_id IN `+in+` ORDER BY p.collaboration_id, p.pos`, args,
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
	if err := outlineNetworks(ctx, t, in, args, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// SuggestionTies returns what the suggestions of network slug read of its
// members' collaborations (samverkan.SuggestionTieStore): the union of
// each member's first limit collaborations by title, one row each with
// its areas, the members among its participants and the number of
// municipalities taking part, and whether it belongs to the network. One
// query over their kept outline rows (collaboration_outlines.go), the
// members and municipalities counted in Go: it joined and grouped every
// participant of the ~2 000 collaborations (issue 16: most of the page's
// 6–7 ms).
func (db *DB) SuggestionTies(ctx context.Context, members []string, slug string, limit int) (_ []samverkan.SuggestionTie, err error) {
	defer wrap(&err, "sqldb.SuggestionTies")
	out := []samverkan.SuggestionTie{}
	if len(members) == 0 {
		return out, nil
	}
	in := placeholders(len(members))
	codes := make([]any, 0, len(members))
	isMember := make(map[string]bool, len(members))
	for _, m := range members {
		codes = append(codes, m)
		isMember[m] = true
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
	// The outline rows hold title and status too: the collaborations'
	// own rows are wide, and looking up ~2 000 of them was two thirds of
	// the query.
	main := func(ids string) string {
		return `SELECT o.collaboration_id, o.title, o.status, o.areas, o.participants,
			EXISTS (SELECT 1 FROM collaboration_networks cn
				WHERE cn.collaboration_id = o.collaboration_id AND cn.network_id = (SELECT id FROM networks WHERE slug = ?))
		FROM collaboration_outlines o
		WHERE o.collaboration_id IN (` + ids + `)
		ORDER BY o.collaboration_id`
	}
	err = db.read(ctx, func(t *tx) error {
		read := func(q string, args []any) (most int, err error) {
			out = out[:0]
			taken := make(map[string]int, len(members)) // collaborations per member
			err = eachRow(ctx, t, q, args, func(s scanner) error {
				var tie samverkan.SuggestionTie
				var areas, participants string
				if err := s.Scan(&tie.ID, &tie.Title, &tie.Status, &areas, &participants, &tie.InNetwork); err != nil {
					return err
				}
				var err error
				if tie.Areas, err = decodeOutlineAreas(areas); err != nil {
					return fmt.Errorf("outline of %d: %w", tie.ID, err)
				}
				err = eachOutlineParticipant(participants, func(code, _, _ string) error {
					if code != "" {
						tie.Municipalities++
						if isMember[code] {
							tie.Members = append(tie.Members, code)
							taken[code]++
						}
					}
					return nil
				})
				if err != nil {
					return fmt.Errorf("outline of %d: %w", tie.ID, err)
				}
				out = append(out, tie)
				return nil
			})
			for _, n := range taken {
				most = max(most, n)
			}
			return most, err
		}
		// Arguments: the network, the members (which). All of the
		// members' collaborations hold each member's (a municipality takes
		// part once in a collaboration: participants_municipality), so
		// they tell whether one takes part in more than limit; only then
		// is the limited query needed.
		args := append([]any{slug}, codes...)
		most, err := read(main(picked), args)
		if err != nil || limit <= 0 || most <= limit {
			return err
		}
		_, err = read(main(limited), append(args, limit))
		return err
	})
	return out, err
}
