package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

func (s *Server) handleCollaborationList(w http.ResponseWriter, r *http.Request) {
	s.listCollaborations(w, r, nil)
}

// listCollaborations answers a filtered, paged list; scope narrows the
// filter to the resource in the path.
func (s *Server) listCollaborations(w http.ResponseWriter, r *http.Request, scope func(*samverkan.CollaborationFilter)) {
	f, err := s.collaborationFilter(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if scope != nil {
		scope(&f)
	}
	if s.listNotModified(w, r) {
		return
	}
	cs, total, err := s.store.FindCollaborations(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, c := range cs {
		s.present(c)
	}
	list := newList(cs, total, nextPage(r, f, len(cs), total))
	blank := list
	blank.Items = nil
	s.respondRecords(w, r, http.StatusOK, list, blank, recordsAt{list: "items", cs: list.Items})
}

func (s *Server) handleCollaborationGet(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.collaborationRecord(id))
}

func (s *Server) handleCollaborationCreate(w http.ResponseWriter, r *http.Request) {
	var c samverkan.Collaboration
	if err := decode(w, r, &c); err != nil {
		s.Error(w, r, err)
		return
	}
	c.ID, c.Version = 0, 0
	c.Normalize()
	if err := c.Validate(s.cat); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.store.CreateCollaboration(writeContext(r), &c); err != nil {
		s.Error(w, r, err)
		return
	}
	s.send(w, r, http.StatusCreated, s.collaborationRecord(c.ID))
}

func (s *Server) handleCollaborationUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var c samverkan.Collaboration
	s.versionedWrite(w, r, s.collaborationRecord(id), &c, &c.Version, func(ctx context.Context, v int) error {
		if c.ID != 0 && c.ID != id {
			return mismatch("id", "id_mismatch")
		}
		c.ID, c.Version = id, v
		c.Normalize()
		if err := c.Validate(s.cat); err != nil {
			return err
		}
		return s.store.UpdateCollaboration(ctx, &c)
	})
}

func (s *Server) handleCollaborationDelete(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.versionedDelete(w, r, s.collaborationRecord(id), func(ctx context.Context, v int) error {
		return s.store.DeleteCollaboration(ctx, id, v)
	})
}

func (s *Server) handleCollaborationEvents(w http.ResponseWriter, r *http.Request) {
	s.listByCollaboration(w, r, func(ctx context.Context, id int64) (any, int, error) {
		es, err := s.store.CollaborationEvents(ctx, id)
		return newList(es, len(es), nil), len(es), err
	})
}

func (s *Server) handleCollaborationHistory(w http.ResponseWriter, r *http.Request) {
	s.listByCollaboration(w, r, func(ctx context.Context, id int64) (any, int, error) {
		es, err := s.store.AuditEvents(ctx, "collaboration", strconv.FormatInt(id, 10))
		return newList(es, len(es), nil), len(es), err
	})
}

// listByCollaboration answers a list that belongs to one collaboration. An
// empty list is a 404 when the collaboration does not exist; history outlives
// a deleted record, so existence is only checked then.
func (s *Server) listByCollaboration(w http.ResponseWriter, r *http.Request, find func(context.Context, int64) (any, int, error)) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	list, n, err := find(r.Context(), id)
	if err == nil && n == 0 {
		_, err = s.store.CollaborationByID(r.Context(), id)
	}
	if err != nil {
		w.Header().Del("ETag")
		s.Error(w, r, err)
		return
	}
	s.respond(w, r, http.StatusOK, list)
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Samverkan finns inte.")
	}
	return id, nil
}

// collaboration reads one collaboration by the id in the path.
func (s *Server) collaboration(ctx context.Context, idText string) (*samverkan.Collaboration, error) {
	id, err := parseID(idText)
	if err != nil {
		return nil, err
	}
	c, err := s.store.CollaborationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	s.present(c)
	return c, nil
}

// present readies a collaboration for output: participant names filled in
// and empty lists as [] rather than null.
func (s *Server) present(c *samverkan.Collaboration) {
	for i := range c.Participants {
		if p := &c.Participants[i]; p.Name == "" {
			if p.Code != "" {
				p.Name = s.cat.MunicipalityName(p.Code)
			} else {
				p.Name = p.Party
			}
		}
	}
	emptyNotNil(&c.Areas)
	emptyNotNil(&c.AreasToReview)
	emptyNotNil(&c.Participants)
	emptyNotNil(&c.Networks)
	emptyNotNil(&c.Documents)
	emptyNotNil(&c.Purposes)
	emptyNotNil(&c.Contacts)
	emptyNotNil(&c.Sources)
	emptyNotNil(&c.Relations)
}

func emptyNotNil[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}
