package sqldb

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan"
)

var _ samverkan.PublicSummaryStore = (*DB)(nil)

// PublicSummary returns the key figures of the public view: per public
// network its current members and its public collaborations per phase with
// the annual cost of the running ones, and the totals over the public
// collaborations in public networks (each counted once, under its first
// public network). Read from the figures the writes keep current
// (keyfigures.go); only the date-dependent counts are counted here.
func (db *DB) PublicSummary(ctx context.Context) (_ *samverkan.PublicSummary, err error) {
	defer wrap(&err, "sqldb.PublicSummary")
	var out *samverkan.PublicSummary
	err = db.read(ctx, func(t *tx) error {
		out, err = publicSummary(ctx, t, db.today())
		return err
	})
	return out, err
}

func publicSummary(ctx context.Context, t *tx, today samverkan.Date) (*samverkan.PublicSummary, error) {
	out := &samverkan.PublicSummary{Networks: []samverkan.NetworkSummary{}}
	var primCost int64
	var primCount, primRunning, primKnown int
	err := eachRow(ctx, t, `SELECT n.slug, n.name,
			(SELECT COUNT(*) FROM network_members m
			 WHERE m.network_id = n.id AND (m.left_on IS NULL OR m.left_on >= ?)),
			COALESCE(s.pub_running, 0), COALESCE(s.pub_pipeline, 0), COALESCE(s.pub_ended, 0),
			COALESCE(s.pub_cost, 0), COALESCE(s.pub_cost_known, 0),
			COALESCE(s.prim_count, 0), COALESCE(s.prim_running, 0), COALESCE(s.prim_cost, 0), COALESCE(s.prim_cost_known, 0)
		FROM networks n LEFT JOIN network_stats s ON s.network_id = n.id
		WHERE n.public = ?`, []any{today, true}, func(s scanner) error {
		var ns samverkan.NetworkSummary
		var cost, pcost int64
		var pcount, prun, pknown int
		if err := s.Scan(&ns.Slug, &ns.Name, &ns.Members, &ns.Running, &ns.Pipeline, &ns.Ended, &cost,
			&ns.AnnualCostKnown, &pcount, &prun, &pcost, &pknown); err != nil {
			return err
		}
		ns.AnnualCost = knownSum(cost, ns.AnnualCostKnown)
		out.Networks = append(out.Networks, ns)
		primCount, primRunning, primKnown = primCount+pcount, primRunning+prun, primKnown+pknown
		primCost = samverkan.AddAmounts(primCost, pcost)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("public networks: %w", err)
	}
	samverkan.SortSwedish(out.Networks, func(v samverkan.NetworkSummary) string { return v.Name })
	out.Collaborations, out.Running, out.AnnualCostKnown = primCount, primRunning, primKnown
	out.AnnualCost = knownSum(primCost, primKnown)
	err = t.queryRow(ctx, `SELECT COUNT(*) FROM public_reach WHERE open = 1 OR until_on >= ?`, today).
		Scan(&out.Municipalities)
	if err != nil {
		return nil, fmt.Errorf("public municipalities: %w", err)
	}
	return out, nil
}
