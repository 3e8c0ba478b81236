package sqldb

import (
	"slices"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestChildQueriesNamed: every child table has its samverkan.With…
// name, so a list that asks for it gets it, and no name asks for nothing.
func TestChildQueriesNamed(t *testing.T) {
	names := []string{samverkan.WithAreas, samverkan.WithAreasToReview, samverkan.WithNetworks, samverkan.WithPurposes,
		samverkan.WithParticipants, samverkan.WithDocuments, samverkan.WithContacts, samverkan.WithSources, samverkan.WithRelations}
	var got []string
	for _, q := range childQueries {
		got = append(got, q.name)
	}
	slices.Sort(names)
	slices.Sort(got)
	if !slices.Equal(got, names) {
		t.Errorf("child queries %q, With names %q", got, names)
	}
}
