package sqldb

import (
	"context"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan"
)

var _ samverkan.PublicSummaryStore = (*DB)(nil)

// PublicSummary returns the key figures of the public view: per public
// network its current members and its public collaborations per phase with
// the annual cost of the running ones, and the totals over the public
// collaborations in public networks. Aggregate queries only, kept until
// data_version (or the day) changes.
func (db *DB) PublicSummary(ctx context.Context) (_ *samverkan.PublicSummary, err error) {
	defer wrap(&err, "sqldb.PublicSummary")
	var out *samverkan.PublicSummary
	err = db.read(ctx, func(t *tx) error {
		today := db.today()
		v, err := db.cached(ctx, t, "public summary "+today.String(), func() (any, error) {
			return publicSummary(ctx, t, today)
		})
		if err == nil {
			s := *v.(*samverkan.PublicSummary)
			s.Networks = slices.Clone(s.Networks)
			out = &s
		}
		return err
	})
	return out, err
}

func publicSummary(ctx context.Context, t *tx, today samverkan.Date) (*samverkan.PublicSummary, error) {
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
