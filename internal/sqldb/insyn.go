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

// PublicNetworkSummary is one public network's figures, read from the
// key figures the writes keep (network_stats), like PublicSummary's.
func (db *DB) PublicNetworkSummary(ctx context.Context, slug string) (_ *samverkan.NetworkSummary, err error) {
	defer wrap(&err, "sqldb.PublicNetworkSummary")
	var out *samverkan.NetworkSummary
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, publicNetworkSQL+` AND n.slug = ?`, []any{db.today(), true, slug}, func(s scanner) error {
			ns, _, err := scanPublicNetwork(s)
			out = &ns
			return err
		})
	})
	if err == nil && out == nil {
		err = samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %s finns inte.", slug)
	}
	return out, err
}

// publicNetworkSQL reads the public networks' kept figures; its
// arguments are today and true.
const publicNetworkSQL = `SELECT n.slug, n.name,
			(SELECT COUNT(*) FROM network_members m
			 WHERE m.network_id = n.id AND (m.left_on IS NULL OR m.left_on >= ?)),
			COALESCE(s.pub_running, 0), COALESCE(s.pub_pipeline, 0), COALESCE(s.pub_ended, 0),
			COALESCE(s.pub_cost, 0), COALESCE(s.pub_cost_known, 0),
			COALESCE(s.prim_count, 0), COALESCE(s.prim_running, 0), COALESCE(s.prim_cost, 0), COALESCE(s.prim_cost_known, 0)
		FROM networks n LEFT JOIN network_stats s ON s.network_id = n.id
		WHERE n.public = ?`

// primFigures are a network's figures over the collaborations whose first
// public network it is, so that totals count each collaboration once.
type primFigures struct {
	count, running, known int
	cost                  int64
}

func scanPublicNetwork(s scanner) (samverkan.NetworkSummary, primFigures, error) {
	var ns samverkan.NetworkSummary
	var p primFigures
	var cost int64
	if err := s.Scan(&ns.Slug, &ns.Name, &ns.Members, &ns.Running, &ns.Pipeline, &ns.Ended, &cost,
		&ns.AnnualCostKnown, &p.count, &p.running, &p.cost, &p.known); err != nil {
		return ns, p, err
	}
	ns.AnnualCost = knownSum(cost, ns.AnnualCostKnown)
	return ns, p, nil
}

func publicSummary(ctx context.Context, t *tx, today samverkan.Date) (*samverkan.PublicSummary, error) {
	out := &samverkan.PublicSummary{Networks: []samverkan.NetworkSummary{}}
	var primCost int64
	var primCount, primRunning, primKnown int
	err := eachRow(ctx, t, publicNetworkSQL, []any{today, true}, func(s scanner) error {
		ns, p, err := scanPublicNetwork(s)
		if err != nil {
			return err
		}
		out.Networks = append(out.Networks, ns)
		primCount, primRunning, primKnown = primCount+p.count, primRunning+p.running, primKnown+p.known
		primCost = samverkan.AddAmounts(primCost, p.cost)
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
