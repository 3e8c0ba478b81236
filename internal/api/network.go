package api

import (
	"context"
	"net/http"
	"net/url"

	"github.com/samverkan/samverkan"
)

func (s *Server) handleNetworkList(w http.ResponseWriter, r *http.Request) {
	etag, err := s.listETag(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if notModified(w, r, etag) {
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
	n, err := s.network(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if notModified(w, r, versionETag(n.Version)) {
		return
	}
	s.respond(w, r, http.StatusOK, n)
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
	s.sendNetwork(w, r, http.StatusCreated, n.Slug)
}

func (s *Server) handleNetworkUpdate(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	var n samverkan.Network
	if err := decode(w, r, &n); err != nil {
		s.Error(w, r, err)
		return
	}
	v, err := writeVersion(r, n.Version)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	n.Version = v
	n.Normalize()
	if n.Slug == "" {
		n.Slug = slug
	}
	if n.Slug != slug {
		s.Error(w, r, &httpError{code: samverkan.EINVALID, fields: []samverkan.FieldError{{Field: "slug", Code: "slug_mismatch"}}})
		return
	}
	if err := n.Validate(s.cat); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.store.UpdateNetwork(writeContext(r), &n); err != nil {
		s.Error(w, r, s.staleNetwork(r.Context(), slug, err))
		return
	}
	s.sendNetwork(w, r, http.StatusOK, slug)
}

func (s *Server) handleNetworkDelete(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	v, err := deleteVersion(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.store.DeleteNetwork(writeContext(r), slug, v); err != nil {
		s.Error(w, r, s.staleNetwork(r.Context(), slug, err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
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

// sendNetwork answers a write with the stored network, as a GET would show it.
func (s *Server) sendNetwork(w http.ResponseWriter, r *http.Request, status int, slug string) {
	n, err := s.network(r.Context(), slug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", versionETag(n.Version))
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/networks/"+url.PathEscape(n.Slug))
	}
	s.respond(w, r, status, n)
}

// staleNetwork adds the network's current version to a stale-write error.
func (s *Server) staleNetwork(ctx context.Context, slug string, err error) error {
	if samverkan.ErrorCode(err) != samverkan.ESTALE {
		return err
	}
	cur, gerr := s.store.NetworkBySlug(ctx, slug)
	if gerr != nil {
		return err
	}
	return &httpError{code: samverkan.ESTALE, current: cur.Version, err: err}
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
