package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// rule decides whether the principal of a request may use an endpoint.
// Every route carries one (routes.go): public endpoints need no login, the
// others go through samverkan.Authorize, object rules after loading the
// record they touch. check returns nil when allowed, else an error coded
// EUNAUTHORIZED (401), EFORBIDDEN (403), ENOTFOUND or a store error.
type rule struct {
	name  string
	check func(s *Server, r *http.Request) error
}

func (rl rule) public() bool { return rl.check == nil }

// allow asks the one rule and turns its answer into an error.
func allow(r *http.Request, action string, res samverkan.Resource) error {
	p := samverkan.PrincipalFrom(r.Context())
	if p.Anonymous() {
		return &httpError{code: samverkan.EUNAUTHORIZED}
	}
	if !samverkan.Authorize(p, action, res) {
		return &httpError{code: samverkan.EFORBIDDEN}
	}
	return nil
}

func loggedIn(r *http.Request) error { return allow(r, samverkan.ActionRead, samverkan.Resource{}) }

func simple(name, action string) rule {
	return rule{name, func(s *Server, r *http.Request) error { return allow(r, action, samverkan.Resource{}) }}
}

var (
	rulePublic = rule{name: "public"}
	ruleRead   = simple("read", samverkan.ActionRead)
	ruleAdmin  = simple("admin", samverkan.ActionAdmin)

	// ruleCreateCollaboration: allowed on the submitted record.
	ruleCreateCollaboration = rule{"createCollaboration", func(s *Server, r *http.Request) error {
		if err := loggedIn(r); err != nil {
			return err
		}
		return s.allowSubmitted(r, samverkan.ActionCreate)
	}}
	// ruleUpdateCollaboration: allowed on the stored record and on the
	// submitted one, so nobody moves a record out of their own reach.
	ruleUpdateCollaboration = rule{"updateCollaboration", func(s *Server, r *http.Request) error {
		if err := s.allowStored(r, samverkan.ActionUpdate); err != nil {
			return err
		}
		return s.allowSubmitted(r, samverkan.ActionUpdate)
	}}
	ruleDeleteCollaboration = rule{"deleteCollaboration", func(s *Server, r *http.Request) error {
		return s.allowStored(r, samverkan.ActionDelete)
	}}
	// ruleEditCollaboration: status, decisions and the assessment inherit
	// from their collaboration.
	ruleEditCollaboration = rule{"editCollaboration", func(s *Server, r *http.Request) error {
		return s.allowStored(r, samverkan.ActionUpdate)
	}}
	// ruleEditDecision: a decision by its own id inherits from its
	// collaboration.
	ruleEditDecision = rule{"editDecision", func(s *Server, r *http.Request) error {
		if err := loggedIn(r); err != nil {
			return err
		}
		id, err := parseDecisionID(r.PathValue("id"))
		if err != nil {
			return err
		}
		res, err := samverkan.DecisionResource(r.Context(), s.store, id)
		if err != nil {
			return err
		}
		return allow(r, samverkan.ActionUpdate, res)
	}}
	// ruleRestore: allowed on the stored record and on the version it goes
	// back to.
	ruleRestore = rule{"restoreCollaboration", func(s *Server, r *http.Request) error {
		if err := s.allowStored(r, samverkan.ActionUpdate); err != nil {
			return err
		}
		auditID, err := strconv.ParseInt(r.PathValue("audit_id"), 10, 64)
		if err != nil {
			return nil // the handler answers 404
		}
		res, ok, err := samverkan.RestoredResource(r.Context(), s.store, auditID, restoredCollaboration)
		if !ok || err != nil {
			return err // nothing to check: the handler refuses
		}
		return allow(r, samverkan.ActionUpdate, res)
	}}
	// ruleUpdateNetwork: changing a network or importing into it.
	ruleUpdateNetwork = rule{"updateNetwork", func(s *Server, r *http.Request) error {
		if err := loggedIn(r); err != nil {
			return err
		}
		res, err := samverkan.NetworkResource(r.Context(), s.store, r.PathValue("slug"))
		if err != nil {
			return err
		}
		return allow(r, samverkan.ActionUpdate, res)
	}}
)

// allowStored loads the collaboration named by the path and asks whether
// action is allowed on it; anonymous callers get 401 before anything is
// loaded.
func (s *Server) allowStored(r *http.Request, action string) error {
	if err := loggedIn(r); err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	res, err := samverkan.CollaborationResource(r.Context(), s.store, id)
	if err != nil {
		return err
	}
	return allow(r, action, res)
}

// restoredCollaboration is the collaboration an audit event of one holds,
// or nil.
func restoredCollaboration(e samverkan.AuditEvent) *samverkan.Collaboration {
	var old samverkan.Collaboration
	if e.Entity != "collaboration" || e.After == "" || json.Unmarshal([]byte(e.After), &old) != nil {
		return nil
	}
	return &old
}

// allowSubmitted reads the body's collaboration, leaving the body for the
// handler, and asks whether action is allowed on it. A body that does not
// decode is the handler's to refuse with the same decoder.
func (s *Server) allowSubmitted(r *http.Request, action string) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil
	}
	probe := r.Clone(context.WithoutCancel(r.Context()))
	probe.Body = io.NopCloser(bytes.NewReader(body))
	var c samverkan.Collaboration
	if _, err := decodeBody(discardWriter{}, probe, &c); err != nil {
		return nil
	}
	c.Normalize()
	return allow(r, action, samverkan.ResourceOf(&c))
}

// discardWriter is the ResponseWriter of a probe decode.
type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}

// guard runs the rule before the handler.
func (s *Server) guard(rl rule, next http.Handler) http.Handler {
	if rl.public() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rl.check(s, r); err != nil {
			if isCode(err, samverkan.EUNAUTHORIZED) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="samverkan"`)
			}
			s.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isCode reports whether err is the API's own error with code.
func isCode(err error, code string) bool {
	he, ok := err.(*httpError)
	return ok && he.code == code
}
