package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan"
)

// FollowUpScores returns the follow-ups in the given years of the
// collaborations f selects with only what a roll-up reads: collaboration,
// year, assessments, budget, cost and the example mark. Indicators,
// narrative, version and times stay unread (nil or zero). The follow-up
// page and the annual report read three years of a network's follow-ups
// for their roll-ups; reading every column of them, and joining each to
// its collaboration, was about a third of those pages' time at national
// scale (issue 12). Newest year first, then by collaboration, as
// ScopeFollowUps.
func (db *DB) FollowUpScores(ctx context.Context, f samverkan.RefFilter, years ...int) (_ []*samverkan.FollowUp, err error) {
	defer wrap(&err, "sqldb.FollowUpScores")
	if len(years) == 0 {
		return nil, nil
	}
	where, args := refWhereOn("f.collaboration_id", f)
	// One range of years, not IN (…): one probe of the primary key
	// (collaboration_id, year) per collaboration instead of one per
	// collaboration and year; the years between that were not asked for
	// are dropped below. No ORDER BY: SQLite's sorter copying every row
	// with its assessments cost more than sorting the pointers in Go.
	lo, hi := slices.Min(years), slices.Max(years)
	args = append(args, lo, hi)
	var out []*samverkan.FollowUp
	err = db.read(ctx, func(t *tx) error {
		// One set of destinations for every row: declared per row, they
		// and the arguments' slice escaped to the heap, and the
		// assessments were copied into a new []byte each; RawBytes keeps
		// one buffer, which the decoders copy out of (issue 16: the
		// collector's share of a first render follows the bytes
		// allocated).
		var id int64
		var year int
		var as sql.RawBytes
		var budget, cost sql.NullInt64
		var example bool
		dest := []any{&id, &year, &as, &budget, &cost, &example}
		return eachRow(ctx, t, `SELECT f.collaboration_id, f.year, f.assessments_json, f.budget, f.cost, f.example
			FROM follow_ups f WHERE `+where+` AND f.year BETWEEN ? AND ?`, args, func(s scanner) error {
			if err := s.Scan(dest...); err != nil {
				return err
			}
			fu := &samverkan.FollowUp{CollaborationID: id, Year: year, Example: example}
			fu.Budget, fu.Cost = int64Ptr(budget), int64Ptr(cost)
			var err error
			if fu.Assessments, err = decodeAssessments(as); err != nil {
				return fmt.Errorf("follow-up %d/%d: %w", fu.CollaborationID, fu.Year, err)
			}
			// As scanFollowUp's Normalize does for the purposes the
			// roll-up matches on.
			fu.Normalize()
			fu.Indicators = nil
			if slices.Contains(years, fu.Year) {
				out = append(out, fu)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *samverkan.FollowUp) int {
		if a.Year != b.Year {
			return cmp.Compare(b.Year, a.Year)
		}
		return cmp.Compare(a.CollaborationID, b.CollaborationID)
	})
	return out, nil
}

// MemberNetworks returns the networks municipality code is a member of
// on day on (joined at any time, not left before it), in Swedish name
// order as Networks. The start page of a municipality needs these few;
// reading every network with its members, purposes and roles to pick
// them out was a fifth of that page (issue 12).
func (db *DB) MemberNetworks(ctx context.Context, code string, on samverkan.Date) (_ []*samverkan.Network, err error) {
	defer wrap(&err, "sqldb.MemberNetworks")
	var out []*samverkan.Network
	err = db.read(ctx, func(t *tx) error {
		out, err = findNetworks(ctx, t, `WHERE n.id IN (SELECT m.network_id FROM network_members m
			WHERE m.municipality_code = ? AND (m.left_on IS NULL OR m.left_on >= ?))`, code, on)
		return err
	})
	samverkan.SortSwedish(out, func(v *samverkan.Network) string { return v.Name })
	return out, err
}
