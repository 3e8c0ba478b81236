package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan"
)

// Every record the API writes carries its version: a write names the
// version it is based on and a stale one gets 412 instead of overwriting.
// The helpers below are that protocol, once; the handlers only say what
// they read from the request and which store call they make.

// record is one stored record as the API shows it.
type record struct {
	// read returns the record as a GET shows it, with its version.
	read func(ctx context.Context) (body any, version int, err error)
	// path is where it is found, the Location of a created one.
	path string
}

func (s *Server) collaborationRecord(id int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			c, err := s.store.CollaborationByID(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			s.present(c)
			return c, c.Version, nil
		},
		path: "/api/v1/collaborations/" + strconv.FormatInt(id, 10),
	}
}

func (s *Server) decisionRecord(id int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			d, err := s.store.DecisionByID(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			return d, d.Version, nil
		},
		path: "/api/v1/decisions/" + strconv.FormatInt(id, 10),
	}
}

func (s *Server) networkRecord(slug string) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			n, err := s.network(ctx, slug)
			if err != nil {
				return nil, 0, err
			}
			return n, n.Version, nil
		},
		path: "/api/v1/networks/" + url.PathEscape(slug),
	}
}

// assessmentRecord is the pre-study of collaboration id, shown with its
// computed economics.
func (s *Server) assessmentRecord(id int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			a, err := s.store.Assessment(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			return s.assessmentView(a), a.Version, nil
		},
		path: "/api/v1/collaborations/" + strconv.FormatInt(id, 10) + "/assessment",
	}
}

// stale adds the record's current version to a stale-write error, so the
// client learns what to fetch; other errors pass unchanged.
func (rec record) stale(ctx context.Context, err error) error {
	if samverkan.ErrorCode(err) != samverkan.ESTALE {
		return err
	}
	_, cur, rerr := rec.read(ctx)
	if rerr != nil {
		return err
	}
	return &httpError{code: samverkan.ESTALE, current: cur, err: err}
}

// get answers a GET of the record, 304 when the client has its version.
func (s *Server) get(w http.ResponseWriter, r *http.Request, rec record) {
	body, v, err := rec.read(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if notModified(w, r, versionETag(v)) {
		return
	}
	s.respond(w, r, http.StatusOK, body)
}

// send answers a write with the stored record as a GET would show it, its
// version as the ETag and, when created, its Location.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, rec record) {
	body, v, err := rec.read(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", versionETag(v))
	if status == http.StatusCreated {
		w.Header().Set("Location", rec.path)
	}
	s.respond(w, r, status, body)
}

// commit makes a write of rec, its version already taken from the request,
// and answers it: a stale version is 412 with the current one, other
// errors pass unchanged; success is 204 No Content or the stored record
// with status.
func (s *Server) commit(w http.ResponseWriter, r *http.Request, rec record, status int, write func(ctx context.Context) error) {
	if err := write(writeContext(r)); err != nil {
		s.Error(w, r, rec.stale(r.Context(), err))
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	s.send(w, r, status, rec)
}

// versionedWrite decodes the JSON body into body, takes the version the
// write is based on (If-Match, else *bodyVersion as decoded; 428 without
// either) and commits write with it. write checks the body against the path
// and calls the store; the answer is the stored record.
func (s *Server) versionedWrite(w http.ResponseWriter, r *http.Request, rec record, body any, bodyVersion *int, write func(ctx context.Context, v int) error) {
	if err := decode(w, r, body); err != nil {
		s.Error(w, r, err)
		return
	}
	v, err := writeVersion(r, *bodyVersion)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.commit(w, r, rec, http.StatusOK, func(ctx context.Context) error { return write(ctx, v) })
}

// versionedDelete deletes rec at the version in If-Match or ?version=
// (428 without either) and answers 204.
func (s *Server) versionedDelete(w http.ResponseWriter, r *http.Request, rec record, del func(ctx context.Context, v int) error) {
	v, err := deleteVersion(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.commit(w, r, rec, http.StatusNoContent, func(ctx context.Context) error { return del(ctx, v) })
}

// mismatch is the 422 for a body that names another record than the path.
func mismatch(field, code string) error {
	return &httpError{code: samverkan.EINVALID, fields: []samverkan.FieldError{{Field: field, Code: code}}}
}

// savedWrite is the PUT of a record that comes into being with its first
// save (settings, a representation, key functions, cost-sharing inputs):
// it decodes the body into body, lets own check it against the path and
// fill in the owner, and commits write. Without If-Match and with version 0
// the write creates the record (answered with created); otherwise, or when
// exists says it is already saved, the version read (If-Match or body)
// guards it, so a second client's first save cannot overwrite the first's.
func (s *Server) savedWrite(w http.ResponseWriter, r *http.Request, rec record, body any, version *int, exists bool, created int, own func() error, write func(ctx context.Context) error) {
	if err := decode(w, r, body); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := own(); err != nil {
		s.Error(w, r, err)
		return
	}
	status := created
	if exists || r.Header.Get("If-Match") != "" || *version != 0 {
		v, err := writeVersion(r, *version)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		*version, status = v, http.StatusOK
	}
	s.commit(w, r, rec, status, write)
}

// ownedBy checks a body's collaboration id against the path's (0 is "not
// given") and fills it in.
func ownedBy(field *int64, id int64) error {
	if *field != 0 && *field != id {
		return mismatch("collaboration_id", "id_mismatch")
	}
	*field = id
	return nil
}
