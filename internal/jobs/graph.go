package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/netgraph"
)

// NationalGraphTask is the name of the periodic task that measures the
// country's network graph (/graf).
const NationalGraphTask = "nationell-graf"

// NationalGraphScope is the scope the country's graph is kept under.
const NationalGraphScope = "national"

// NationalGraphPeriod is how often the country's graph is measured again.
// Its betweenness and communities change slowly with single collaborations,
// and the page says when they were computed, so minutes of staleness are
// honest; computing them takes about a second at 20 000 collaborations.
const NationalGraphPeriod = 10 * time.Minute

// NationalGraph measures the graph of the country's running collaborations
// (degree, strength, betweenness, communities; internal/netgraph) and keeps
// it in the store with the time, for the page to draw without measuring.
type NationalGraph struct {
	Store samverkan.GraphFigureStore
	Now   func() time.Time
}

// Run is the periodic task.
func (n *NationalGraph) Run(ctx context.Context) error {
	now := time.Now
	if n.Now != nil {
		now = n.Now
	}
	at := now()
	cs, err := n.Store.RunningParticipations(ctx)
	if err != nil {
		return fmt.Errorf("national graph: %w", err)
	}
	g, err := netgraph.Build(cs, netgraph.Options{On: samverkan.DateInSweden(at)})
	if err != nil {
		return fmt.Errorf("national graph: %w", err)
	}
	data, err := g.Encode()
	if err != nil {
		return fmt.Errorf("national graph: %w", err)
	}
	return n.Store.SaveGraphFigures(ctx, NationalGraphScope, at, data)
}
