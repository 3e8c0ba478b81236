package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan"
)

// The oversight (uppsikt) and the KL 9:38 report of a municipality
// (samverkan.OversightStore). Both paged through every collaboration the
// municipality takes part in (about 300 at national scale) by title, each
// page counted and sorted again, with all nine child tables, and then kept
// the two thirds that ran with it during the year; and they read every
// follow-up of those records to find the newest year of each (issue 16,
// first render: 13–20 CPU-ms a page). Here one query reads the records'
// few columns the choice needs with the municipality's own participation,
// samverkan.TookPartIn chooses in Go (the rule stays in one place), and
// only the chosen records are read further: whole, or the fields and
// child rows asked for.

// oversightColumns are samverkan.OversightFields, in the order
// OversightRecords scans them, and the municipality's own participation.
const oversightColumns = `c.id, c.title, c.legal_form, c.status, COALESCE(c.host, ''), c.start_on, c.end_on,
	c.annual_cost, c.cost_key, c.external_delegation, ` + participationColumns

// participationColumns are the municipality's own participation.
const participationColumns = `COALESCE(m.municipality_code, ''), m.role, m.joined_on, m.left_on`

// withColumns scans a row's first columns as the scanner of a narrower
// row would, and the columns after them into extra.
type withColumns struct {
	s     scanner
	extra []any
}

func (w withColumns) Scan(dest ...any) error { return w.s.Scan(append(dest, w.extra...)...) }

// OversightRecords returns the collaborations of forms (every form when
// none) that code took part in during year, by title
// (samverkan.OversightStore).
func (db *DB) OversightRecords(ctx context.Context, code string, year int, forms, with []string) (_ []*samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.OversightRecords")
	var out []*samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		// A municipality takes part once in a collaboration (the unique
		// index participants_municipality): one row per record. The
		// order is FindCollaborations' by title.
		//
		// The conditions leave out, before they are read into Go, rows
		// TookPartIn would refuse: ideas and pipeline stages, rejected
		// ones, records and participations outside the year, observers
		// and funders. TookPartIn still decides (an empty date is no
		// date to it, hence the = ''); these only spare the reading.
		first, last := samverkan.NewDate(year, 1, 1).String(), samverkan.NewDate(year, 12, 31).String()
		notRunning := append(samverkan.StatusesInPhase(samverkan.PhasePipeline), samverkan.StatusRejected)
		args := append([]any{code, samverkan.RoleObserver, samverkan.RoleFunder, last, first}, stringArgs(notRunning)...)
		args = append(args, last, first)
		//
		// Whole records (with nil) take all the record's columns here
		// rather than in a second read by id: one seek per record fewer,
		// and one query (issue 16, first render).
		columns := oversightColumns
		if with == nil {
			columns = collaborationColumns + `, ` + participationColumns
		}
		err := eachRow(ctx, t, `SELECT `+columns+`
			FROM participants m JOIN collaborations c ON c.id = m.collaboration_id
			WHERE m.municipality_code = ? AND m.role NOT IN (?, ?)
			AND (m.joined_on IS NULL OR m.joined_on = '' OR m.joined_on <= ?)
			AND (m.left_on IS NULL OR m.left_on = '' OR m.left_on >= ?)
			AND c.status NOT IN (`+placeholders(len(notRunning))+`)
			AND (c.start_on IS NULL OR c.start_on = '' OR c.start_on <= ?)
			AND (c.end_on IS NULL OR c.end_on = '' OR c.end_on >= ?)
			ORDER BY c.title_key, c.id`, args, func(s scanner) error {
			var c *samverkan.Collaboration
			var p samverkan.Participant
			if with == nil {
				var err error
				if c, err = scanCollaboration(withColumns{s, []any{&p.Code, &p.Role, &p.Joined, &p.Left}}); err != nil {
					return err
				}
			} else {
				c = &samverkan.Collaboration{}
				var cost sql.NullInt64
				if err := s.Scan(&c.ID, &c.Title, &c.LegalForm, &c.Status, &c.Host, &c.Start, &c.End,
					&cost, &c.CostKey, &c.ExternalDelegation, &p.Code, &p.Role, &p.Joined, &p.Left); err != nil {
					return err
				}
				c.AnnualCost = int64Ptr(cost)
			}
			// The forms are few and the rows of the others are cheap to
			// skip; a condition on the form could lead SQLite's planner
			// into the form's index (see filterWhere).
			if len(forms) > 0 && !slices.Contains(forms, c.LegalForm) {
				return nil
			}
			c.Participants = []samverkan.Participant{p}
			if samverkan.TookPartIn(c, code, year) {
				out = append(out, c)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("participations: %w", err)
		}
		if len(out) == 0 {
			return nil
		}
		ids := make([]int64, len(out))
		for i, c := range out {
			ids[i] = c.ID
		}
		if with == nil {
			// The whole record's participants are all of them.
			for _, c := range out {
				c.Participants = nil
			}
			return loadCollaborationChildrenWith(ctx, t, out, nil)
		}
		byID := make(map[int64]*samverkan.Collaboration, len(out))
		for _, c := range out {
			byID[c.ID] = c
		}
		var rest []string
		for _, w := range with {
			if w != samverkan.WithParticipants && w != samverkan.WithPayers {
				rest = append(rest, w)
			}
		}
		if len(rest) > 0 {
			if err := loadCollaborationChildrenWith(ctx, t, out, rest); err != nil {
				return err
			}
		}
		switch {
		case slices.Contains(with, samverkan.WithParticipants):
			return oversightParticipants(ctx, t, ids, byID)
		case slices.Contains(with, samverkan.WithPayers):
			// OwnCost reads the payers of a record with a cost; the
			// others keep the one participation read above.
			var costed []int64
			for _, c := range out {
				if c.AnnualCost != nil {
					costed = append(costed, c.ID)
				}
			}
			return oversightPayers(ctx, t, costed, byID, year)
		}
		// Not asked for: the record has none rather than only the one
		// read to choose it.
		for _, c := range out {
			c.Participants = nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// oversightParticipants replaces the participants of the records ids (of
// byID) with all of them, in the record's order: as the "participants" child
// query reads them, but without the join to the municipalities for a name
// the pages take from the catalogue (one seek per participant).
func oversightParticipants(ctx context.Context, t *tx, ids []int64, byID map[int64]*samverkan.Collaboration) error {
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		byID[id].Participants = nil
	}
	in, args := idsIn(ids)
	err := eachRow(ctx, t, `SELECT p.collaboration_id, COALESCE(p.municipality_code, ''), COALESCE(pa.name, ''),
			COALESCE(pa.kind, ''), p.role, p.joined_on, p.left_on
		FROM participants p LEFT JOIN parties pa ON pa.id = p.party_id
		WHERE p.collaboration_id IN `+in+` ORDER BY p.collaboration_id, p.pos`, args, func(s scanner) error {
		var id int64
		var p samverkan.Participant
		if err := s.Scan(&id, &p.Code, &p.Party, &p.PartyKind, &p.Role, &p.Joined, &p.Left); err != nil {
			return err
		}
		if p.Code == "" {
			p.Name = p.Party // as the whole record names a party
		}
		byID[id].Participants = append(byID[id].Participants, p)
		return nil
	})
	if err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	return nil
}

// oversightPayers replaces the participants of the records ids (of byID)
// with those OwnCost counts as paying in year (samverkan.WithPayers): no
// parties, observers or funders, no one who left before the year or
// joined after it (an empty date is no date to OwnCost, hence the = ”).
func oversightPayers(ctx context.Context, t *tx, ids []int64, byID map[int64]*samverkan.Collaboration, year int) error {
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		byID[id].Participants = nil
	}
	first, last := samverkan.NewDate(year, 1, 1).String(), samverkan.NewDate(year, 12, 31).String()
	in, args := idsIn(ids)
	args = append(args, samverkan.RoleObserver, samverkan.RoleFunder, last, first)
	err := eachRow(ctx, t, `SELECT p.collaboration_id, p.municipality_code, p.role, p.joined_on, p.left_on
		FROM participants p WHERE p.collaboration_id IN `+in+`
		AND p.municipality_code IS NOT NULL AND p.role NOT IN (?, ?)
		AND (p.joined_on IS NULL OR p.joined_on = '' OR p.joined_on <= ?)
		AND (p.left_on IS NULL OR p.left_on = '' OR p.left_on >= ?)
		ORDER BY p.collaboration_id, p.pos`, args, func(s scanner) error {
		var id int64
		var p samverkan.Participant
		if err := s.Scan(&id, &p.Code, &p.Role, &p.Joined, &p.Left); err != nil {
			return err
		}
		byID[id].Participants = append(byID[id].Participants, p)
		return nil
	})
	if err != nil {
		return fmt.Errorf("payers: %w", err)
	}
	return nil
}

// LatestFollowUps maps each collaboration code takes part in that was
// followed up in a year from samverkan.FirstFollowUpYear up to year to the
// newest such year (samverkan.OversightStore): one row per record from
// the follow-ups' primary key, instead of every follow-up read whole.
func (db *DB) LatestFollowUps(ctx context.Context, code string, year int) (_ map[int64]int, err error) {
	defer wrap(&err, "sqldb.LatestFollowUps")
	out := map[int64]int{}
	if year < samverkan.FirstFollowUpYear {
		return out, nil
	}
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT f.collaboration_id, MAX(f.year)
			FROM participants p JOIN follow_ups f ON f.collaboration_id = p.collaboration_id
			WHERE p.municipality_code = ? AND f.year >= ? AND f.year <= ?
			GROUP BY f.collaboration_id`, []any{code, samverkan.FirstFollowUpYear, year}, func(s scanner) error {
			var id int64
			var y int
			err := s.Scan(&id, &y)
			out[id] = y
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
