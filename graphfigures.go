package samverkan

import (
	"context"
	"time"
)

// GraphFigureStore keeps the measures of a whole-register graph (the
// country's network graph) as a periodic background task computed them,
// with the time it did: they cost seconds to compute, so neither a request
// nor a write can afford them, and a page shows them with their time.
// Stores that keep them implement it next to Store.
type GraphFigureStore interface {
	// RunningParticipations returns every running collaboration with only
	// its id and its municipalities' participations (code, left), by id.
	RunningParticipations(ctx context.Context) ([]Collaboration, error)
	SaveGraphFigures(ctx context.Context, scope string, computed time.Time, data []byte) error
	// GraphFigures is ENOTFOUND until the figures have been computed once.
	GraphFigures(ctx context.Context, scope string) (data []byte, computed time.Time, err error)
}
