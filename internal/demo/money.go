package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// The demo's cost-sharing figures, read from data/money.json: which key
// a collaboration uses and what it counts is sourced; every number is an
// example and is stored as one (CostSharing.Example), so the pages say so.

//go:embed data/money.json
var moneyJSON []byte

type moneyData struct {
	CostSharing []struct {
		Collaboration string             `json:"collaboration"`
		Source        string             `json:"source"`
		BaseWeight    float64            `json:"base_weight"`
		SizeWeight    float64            `json:"size_weight"`
		UsageWeight   float64            `json:"usage_weight"`
		UsageUnit     string             `json:"usage_unit"`
		Usage         map[string]float64 `json:"usage"`
		Percent       map[string]float64 `json:"percent"`
		Years         []struct {
			Year    int    `json:"year"`
			Budget  *int64 `json:"budget"`
			Outcome *int64 `json:"outcome"`
		} `json:"years"`
	} `json:"cost_sharing"`
}

// buildMoney reads data/money.json into records keyed by the demo's
// collaboration keys; a municipality name the catalogue does not know, or
// a record without a source, fails the load.
func buildMoney(cat *samverkan.Catalog) (map[string]*samverkan.CostSharing, error) {
	var d moneyData
	if err := json.Unmarshal(moneyJSON, &d); err != nil {
		return nil, fmt.Errorf("demo: data/money.json: %w", err)
	}
	r := &resolver{cat: cat}
	out := map[string]*samverkan.CostSharing{}
	for _, e := range d.CostSharing {
		if strings.TrimSpace(e.Source) == "" {
			return nil, fmt.Errorf("demo: data/money.json: %s has no source", e.Collaboration)
		}
		cs := &samverkan.CostSharing{BaseWeight: e.BaseWeight, SizeWeight: e.SizeWeight, UsageWeight: e.UsageWeight,
			Note: e.Source, Example: true}
		inputs := map[string]*samverkan.CostInput{}
		input := func(name string) *samverkan.CostInput {
			code := r.code(name)
			if inputs[code] == nil {
				inputs[code] = &samverkan.CostInput{Code: code}
			}
			return inputs[code]
		}
		for name, u := range e.Usage {
			input(name).Usage = &u
		}
		for name, p := range e.Percent {
			input(name).Percent = &p
		}
		for _, in := range inputs {
			cs.Members = append(cs.Members, *in)
		}
		for _, y := range e.Years {
			cs.Years = append(cs.Years, samverkan.CostYear{Year: y.Year, Budget: y.Budget, Outcome: y.Outcome})
		}
		cs.Normalize()
		out[e.Collaboration] = cs
	}
	if len(r.missing) > 0 {
		return nil, fmt.Errorf("demo: data/money.json: unknown municipalities %v", r.missing)
	}
	return out, nil
}

// loadMoney writes the cost-sharing records; done maps the demo's keys to
// the stored collaborations.
func loadMoney(ctx context.Context, s samverkan.Store, done map[string]*samverkan.Collaboration) error {
	ms, ok := s.(samverkan.MoneyStore)
	if !ok {
		return nil // a store without cost sharing gets the rest of the demo
	}
	recs, err := buildMoney(refdata.MustCatalog())
	if err != nil {
		return err
	}
	for key, cs := range recs {
		c, ok := done[key]
		if !ok {
			return fmt.Errorf("demo: data/money.json: no collaboration %q", key)
		}
		cs.CollaborationID = c.ID
		if err := ms.SaveCostSharing(ctx, cs); err != nil {
			return fmt.Errorf("demo: cost sharing of %q: %w", c.Title, err)
		}
	}
	return nil
}
