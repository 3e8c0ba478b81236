package sqldb

import (
	"context"
	"database/sql"
	"fmt"

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
	for _, y := range years {
		args = append(args, y)
	}
	var out []*samverkan.FollowUp
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT f.collaboration_id, f.year, f.assessments_json, f.budget, f.cost, f.example
			FROM follow_ups f WHERE `+where+` AND f.year IN (`+placeholders(len(years))+`)
			ORDER BY f.year DESC, f.collaboration_id`, args, func(s scanner) error {
			fu := &samverkan.FollowUp{}
			var as []byte
			var budget, cost sql.NullInt64
			if err := s.Scan(&fu.CollaborationID, &fu.Year, &as, &budget, &cost, &fu.Example); err != nil {
				return err
			}
			fu.Budget, fu.Cost = int64Ptr(budget), int64Ptr(cost)
			var err error
			if fu.Assessments, err = decodeAssessments(as); err != nil {
				return fmt.Errorf("follow-up %d/%d: %w", fu.CollaborationID, fu.Year, err)
			}
			// As scanFollowUp's Normalize does for the purposes the
			// roll-up matches on.
			fu.Normalize()
			fu.Indicators = nil
			out = append(out, fu)
			return nil
		})
	})
	return out, err
}
