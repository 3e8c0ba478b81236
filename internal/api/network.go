package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan"
)

func (s *Server) handleNetworkList(w http.ResponseWriter, r *http.Request) {
	if s.listNotModified(w, r) {
		return
	}
	ns, err := s.store.Networks(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, n := range ns {
		s.presentNetwork(n)
	}
	s.respond(w, r, http.StatusOK, newList(ns, len(ns), nil))
}

func (s *Server) handleNetworkGet(w http.ResponseWriter, r *http.Request) {
	s.get(w, r, s.networkRecord(r.PathValue("slug")))
}

func (s *Server) handleNetworkCreate(w http.ResponseWriter, r *http.Request) {
	var n samverkan.Network
	if err := decode(w, r, &n); err != nil {
		s.Error(w, r, err)
		return
	}
	n.Normalize()
	if err := n.Validate(s.cat); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.store.CreateNetwork(writeContext(r), &n); err != nil {
		s.Error(w, r, err)
		return
	}
	s.send(w, r, http.StatusCreated, s.networkRecord(n.Slug))
}

func (s *Server) handleNetworkUpdate(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	var n samverkan.Network
	s.versionedWrite(w, r, s.networkRecord(slug), &n, &n.Version, func(ctx context.Context, v int) error {
		n.Version = v
		n.Normalize()
		if n.Slug == "" {
			n.Slug = slug
		}
		if n.Slug != slug {
			return mismatch("slug", "slug_mismatch")
		}
		if err := n.Validate(s.cat); err != nil {
			return err
		}
		return s.store.UpdateNetwork(ctx, &n)
	})
}

func (s *Server) handleNetworkDelete(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	s.versionedDelete(w, r, s.networkRecord(slug), func(ctx context.Context, v int) error {
		return s.store.DeleteNetwork(ctx, slug, v)
	})
}

func (s *Server) handleNetworkCollaborations(w http.ResponseWriter, r *http.Request) {
	n, err := s.network(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.listCollaborations(w, r, func(f *samverkan.CollaborationFilter) { f.Network = n.Slug })
}

// network reads one network with its members' names filled in.
func (s *Server) network(ctx context.Context, slug string) (*samverkan.Network, error) {
	n, err := s.store.NetworkBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	s.presentNetwork(n)
	return n, nil
}

// presentNetwork fills in member names and turns null lists into [].
func (s *Server) presentNetwork(n *samverkan.Network) {
	for i := range n.Members {
		if n.Members[i].Name == "" {
			n.Members[i].Name = s.cat.MunicipalityName(n.Members[i].Code)
		}
	}
	emptyNotNil(&n.Members)
	emptyNotNil(&n.Hosts)
	emptyNotNil(&n.Declaration.Purposes)
}
