package sqldb

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan"
)

// NetworkSummaries returns the key figures per network, ordered by name:
// current members (not left by today), its collaborations per phase, the
// annual cost of the running ones that have one (and how many do), and how
// many municipalities take part in its collaborations (and have not left
// them) without being current members. The figures per collaboration come
// from network_stats and network_reach, which the writes keep current
// (keyfigures.go); only what depends on today's date is counted here, over
// those small tables.
func (db *DB) NetworkSummaries(ctx context.Context) (_ []samverkan.NetworkSummary, err error) {
	defer wrap(&err, "sqldb.NetworkSummaries")
	var out []samverkan.NetworkSummary
	err = db.read(ctx, func(t *tx) error {
		out, err = networkSummaries(ctx, t, db.today())
		return err
	})
	return out, err
}

func networkSummaries(ctx context.Context, t *tx, today samverkan.Date) ([]samverkan.NetworkSummary, error) {
	out := []samverkan.NetworkSummary{}
	err := eachRow(ctx, t, `SELECT n.slug, n.name,
			(SELECT COUNT(*) FROM network_members m
			 WHERE m.network_id = n.id AND (m.left_on IS NULL OR m.left_on >= ?)),
			COALESCE(s.running, 0), COALESCE(s.pipeline, 0), COALESCE(s.ended, 0),
			COALESCE(s.cost, 0), COALESCE(s.cost_known, 0),
			(SELECT COUNT(*) FROM network_reach r
			 WHERE r.network_id = n.id AND (r.open = 1 OR r.until_on >= ?)
			   AND NOT EXISTS (SELECT 1 FROM network_members m
				WHERE m.network_id = n.id AND m.municipality_code = r.municipality_code
				  AND (m.left_on IS NULL OR m.left_on >= ?)))
		FROM networks n LEFT JOIN network_stats s ON s.network_id = n.id`, []any{today, today, today},
		func(s scanner) error {
			var ns samverkan.NetworkSummary
			var cost int64
			if err := s.Scan(&ns.Slug, &ns.Name, &ns.Members, &ns.Running, &ns.Pipeline, &ns.Ended, &cost,
				&ns.AnnualCostKnown, &ns.OutsideMembers); err != nil {
				return err
			}
			ns.AnnualCost = knownSum(cost, ns.AnnualCostKnown)
			out = append(out, ns)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("network summaries: %w", err)
	}
	samverkan.SortSwedish(out, func(v samverkan.NetworkSummary) string { return v.Name })
	return out, nil
}
