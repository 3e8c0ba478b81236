package sqldb

import (
	"context"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan"
)

// NetworkSummaries returns the key figures per network, ordered by name:
// current members (not left by today), its collaborations per phase, the
// annual cost of the running ones that have one (and how many do), and how many municipalities take part
// in its collaborations (and have not left them) without being current
// members. Two grouped queries, whatever the number of networks; at
// national scale they take a while, so the result is kept until
// data_version (or the day) changes.
func (db *DB) NetworkSummaries(ctx context.Context) (_ []samverkan.NetworkSummary, err error) {
	defer wrap(&err, "sqldb.NetworkSummaries")
	var out []samverkan.NetworkSummary
	err = db.read(ctx, func(t *tx) error {
		today := db.today()
		v, err := db.cached(ctx, t, "summaries "+today.String(), func() (any, error) {
			return networkSummaries(ctx, t, today)
		})
		if err == nil {
			out = slices.Clone(v.([]samverkan.NetworkSummary))
		}
		return err
	})
	return out, err
}

func networkSummaries(ctx context.Context, t *tx, today samverkan.Date) ([]samverkan.NetworkSummary, error) {
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	pipeline := samverkan.StatusesInPhase(samverkan.PhasePipeline)
	ended := samverkan.StatusesInPhase(samverkan.PhaseEnded)
	in := func(statuses []string) string { return "c.status IN (" + placeholders(len(statuses)) + ")" }
	args := []any{today}
	for _, s := range [][]string{running, pipeline, ended, running, running} {
		args = append(args, stringArgs(s)...)
	}
	out := []samverkan.NetworkSummary{}
	index := map[int64]int{}
	err := eachRow(ctx, t, `SELECT n.id, n.slug, n.name,
			(SELECT COUNT(*) FROM network_members m
			 WHERE m.network_id = n.id AND (m.left_on IS NULL OR m.left_on >= ?)),
			COALESCE(SUM(CASE WHEN `+in(running)+` THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN `+in(pipeline)+` THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN `+in(ended)+` THEN 1 ELSE 0 END), 0),
			`+sumAmount(t.dialect, "CASE WHEN "+in(running)+" THEN c.annual_cost ELSE 0 END")+`,
			`+knownCount(in(running), "c.annual_cost")+`
		FROM networks n
		LEFT JOIN collaboration_networks cn ON cn.network_id = n.id
		LEFT JOIN collaborations c ON c.id = cn.collaboration_id
		GROUP BY n.id, n.slug, n.name`, args, func(s scanner) error {
		var id, cost int64
		var ns samverkan.NetworkSummary
		if err := s.Scan(&id, &ns.Slug, &ns.Name, &ns.Members, &ns.Running, &ns.Pipeline, &ns.Ended, &cost, &ns.AnnualCostKnown); err != nil {
			return err
		}
		ns.AnnualCost = knownSum(cost, ns.AnnualCostKnown)
		index[id] = len(out)
		out = append(out, ns)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("counts: %w", err)
	}
	// Distinct (network, municipality) pairs first, then drop the members.
	err = eachRow(ctx, t, `SELECT x.network_id, COUNT(*) FROM (
			SELECT DISTINCT cn.network_id, p.municipality_code
			FROM collaboration_networks cn
			JOIN participants p ON p.collaboration_id = cn.collaboration_id
			WHERE p.municipality_code IS NOT NULL AND (p.left_on IS NULL OR p.left_on >= ?)
		) x
		WHERE NOT EXISTS (SELECT 1 FROM network_members m
			WHERE m.network_id = x.network_id AND m.municipality_code = x.municipality_code
			  AND (m.left_on IS NULL OR m.left_on >= ?))
		GROUP BY x.network_id`, []any{today, today}, func(s scanner) error {
		var id int64
		var n int
		if err := s.Scan(&id, &n); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			out[i].OutsideMembers = n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outside members: %w", err)
	}
	samverkan.SortSwedish(out, func(v samverkan.NetworkSummary) string { return v.Name })
	return out, nil
}
