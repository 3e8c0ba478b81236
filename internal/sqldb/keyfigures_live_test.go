package sqldb

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan"
)

// The key figures as they were computed before network_stats (issue 16):
// aggregates over the whole register. keyfigures_test.go checks the kept
// figures against them after every kind of write.

func networkSummariesLive(ctx context.Context, t *tx, today samverkan.Date) ([]samverkan.NetworkSummary, error) {
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

func publicSummaryLive(ctx context.Context, t *tx, today samverkan.Date) (*samverkan.PublicSummary, error) {
	running := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	pipeline := samverkan.StatusesInPhase(samverkan.PhasePipeline)
	ended := samverkan.StatusesInPhase(samverkan.PhaseEnded)
	in := func(statuses []string) string { return "c.status IN (" + placeholders(len(statuses)) + ")" }
	args := []any{today}
	for _, s := range [][]string{running, pipeline, ended, running, running} {
		args = append(args, stringArgs(s)...)
	}
	args = append(args, true, true)
	out := &samverkan.PublicSummary{Networks: []samverkan.NetworkSummary{}}
	err := eachRow(ctx, t, `SELECT n.slug, n.name,
			(SELECT COUNT(*) FROM network_members m
			 WHERE m.network_id = n.id AND (m.left_on IS NULL OR m.left_on >= ?)),
			COALESCE(SUM(CASE WHEN `+in(running)+` THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN `+in(pipeline)+` THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN `+in(ended)+` THEN 1 ELSE 0 END), 0),
			`+sumAmount(t.dialect, "CASE WHEN "+in(running)+" THEN c.annual_cost ELSE 0 END")+`,
			`+knownCount(in(running), "c.annual_cost")+`
		FROM networks n
		LEFT JOIN collaboration_networks cn ON cn.network_id = n.id
		LEFT JOIN collaborations c ON c.id = cn.collaboration_id AND c.public = ?
		WHERE n.public = ?
		GROUP BY n.id, n.slug, n.name`, args, func(s scanner) error {
		var ns samverkan.NetworkSummary
		var cost int64
		if err := s.Scan(&ns.Slug, &ns.Name, &ns.Members, &ns.Running, &ns.Pipeline, &ns.Ended, &cost, &ns.AnnualCostKnown); err != nil {
			return err
		}
		ns.AnnualCost = knownSum(cost, ns.AnnualCostKnown)
		out.Networks = append(out.Networks, ns)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("public networks: %w", err)
	}
	samverkan.SortSwedish(out.Networks, func(v samverkan.NetworkSummary) string { return v.Name })
	inPublicNetwork := `c.public = ? AND EXISTS (SELECT 1 FROM collaboration_networks cn
		JOIN networks n ON n.id = cn.network_id WHERE cn.collaboration_id = c.id AND n.public = ?)`
	targs := append(stringArgs(running), stringArgs(running)...)
	targs = append(targs, stringArgs(running)...)
	targs = append(targs, true, true)
	var cost int64
	err = t.queryRow(ctx, `SELECT COUNT(*),
			COALESCE(SUM(CASE WHEN `+in(running)+` THEN 1 ELSE 0 END), 0),
			`+sumAmount(t.dialect, "CASE WHEN "+in(running)+" THEN c.annual_cost ELSE 0 END")+`,
			`+knownCount(in(running), "c.annual_cost")+`
		FROM collaborations c WHERE `+inPublicNetwork, targs...).Scan(&out.Collaborations, &out.Running, &cost, &out.AnnualCostKnown)
	if err != nil {
		return nil, fmt.Errorf("public totals: %w", err)
	}
	out.AnnualCost = knownSum(cost, out.AnnualCostKnown)
	// Per municipality an indexed probe: far faster than a DISTINCT over
	// every participant row.
	err = t.queryRow(ctx, `SELECT COUNT(*) FROM municipalities m WHERE EXISTS (
			SELECT 1 FROM participants p JOIN collaborations c ON c.id = p.collaboration_id
			WHERE p.municipality_code = m.code AND (p.left_on IS NULL OR p.left_on >= ?) AND `+inPublicNetwork+`)`,
		today, true, true).Scan(&out.Municipalities)
	if err != nil {
		return nil, fmt.Errorf("public municipalities: %w", err)
	}
	return out, nil
}

// LiveKeyFigures computes the overview's and /insyn's figures the old way,
// from the whole register, for comparison with the kept ones.
func (db *DB) LiveKeyFigures(ctx context.Context) (nets []samverkan.NetworkSummary, pub *samverkan.PublicSummary, err error) {
	err = db.read(ctx, func(t *tx) error {
		if nets, err = networkSummariesLive(ctx, t, db.today()); err != nil {
			return err
		}
		pub, err = publicSummaryLive(ctx, t, db.today())
		return err
	})
	return nets, pub, err
}
