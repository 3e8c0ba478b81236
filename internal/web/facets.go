package web

import (
	"context"
	"sync"

	"github.com/samverkan/samverkan"
)

// facetCache keeps a network's filter counts until the data changes.
// DataVersion changes on every committed write in any instance, so a
// cached entry is never stale, and a cache miss costs one Facets call.
type facetCache struct {
	mu      sync.Mutex
	entries map[string]facetEntry
}

type facetEntry struct {
	version int64
	facets  samverkan.Facets
}

// maxFacetEntries bounds the cache; networks number in the tens.
const maxFacetEntries = 1000

func (s *server) facets(ctx context.Context, network string) (samverkan.Facets, error) {
	v, err := s.store.DataVersion(ctx)
	if err != nil {
		return samverkan.Facets{}, err
	}
	s.facetCache.mu.Lock()
	e, ok := s.facetCache.entries[network]
	s.facetCache.mu.Unlock()
	if ok && e.version == v {
		return e.facets, nil
	}
	f, err := s.store.Facets(ctx, samverkan.CollaborationFilter{Network: network})
	if err != nil {
		return f, err
	}
	s.facetCache.mu.Lock()
	if s.facetCache.entries == nil || len(s.facetCache.entries) >= maxFacetEntries {
		s.facetCache.entries = map[string]facetEntry{}
	}
	s.facetCache.entries[network] = facetEntry{v, f}
	s.facetCache.mu.Unlock()
	return f, nil
}
