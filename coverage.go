package samverkan

import "context"

// ParticipationStore counts, per municipality, the collaborations matching
// a filter in which it takes part (has not left): the figures of the map
// (/karta) and of a municipality's partners. Stores that can compute it
// with one aggregate query implement it next to Store.
type ParticipationStore interface {
	ParticipationCounts(ctx context.Context, f CollaborationFilter) (map[string]int, error)
}
