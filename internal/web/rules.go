package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan"
)

// rule decides whether the principal of a request may use a route. Every
// route is registered with one (see route and handle): public routes need
// no login, the others go through samverkan.Authorize, object rules after
// loading the record they touch. check returns nil when allowed, else an
// error with code EUNAUTHORIZED (nobody logged in), EFORBIDDEN, ENOTFOUND
// or another error of the store.
type rule struct {
	name  string
	check func(s *server, r *http.Request) error
}

// Public reports whether the rule lets anonymous visitors in.
func (rl rule) public() bool { return rl.check == nil }

var (
	errUnauthorized = samverkan.Errorf(samverkan.EUNAUTHORIZED, "Logga in först.")
	errForbidden    = samverkan.Errorf(samverkan.EFORBIDDEN, "Du har inte behörighet till detta.")
)

// allow asks the one rule and turns its answer into an error.
func allow(r *http.Request, action string, res samverkan.Resource) error {
	p := samverkan.PrincipalFrom(r.Context())
	if p.Anonymous() {
		return errUnauthorized
	}
	if !samverkan.Authorize(p, action, res) {
		return errForbidden
	}
	return nil
}

// simple is a rule that needs no record.
func simple(name, action string) rule {
	return rule{name, func(s *server, r *http.Request) error { return allow(r, action, samverkan.Resource{}) }}
}

var (
	// rulePublic: no login (the public view, static files, the login page).
	rulePublic = rule{name: "public"}
	// ruleRead: any logged-in user.
	ruleRead = simple("read", samverkan.ActionRead)
	// ruleSelf: one's own account.
	ruleSelf = simple("self", samverkan.ActionSelf)
	// ruleAdmin: users and roles.
	ruleAdmin = simple("admin", samverkan.ActionAdmin)

	// ruleCreateCollaboration: the form needs a grant that can create
	// something; the submitted record must be allowed.
	ruleCreateCollaboration = rule{"createCollaboration", func(s *server, r *http.Request) error {
		if r.Method == http.MethodGet {
			if err := allow(r, samverkan.ActionRead, samverkan.Resource{}); err != nil {
				return err
			}
			if !canCreateSome(samverkan.PrincipalFrom(r.Context())) {
				return errForbidden
			}
			return nil
		}
		return s.allowSubmitted(r, samverkan.ActionCreate)
	}}

	// ruleUpdateCollaboration: allowed on the stored record, and on a
	// submitted one, so nobody moves a record out of their own reach.
	ruleUpdateCollaboration = rule{"updateCollaboration", func(s *server, r *http.Request) error {
		if err := s.allowStored(r, samverkan.ActionUpdate); err != nil {
			return err
		}
		if r.Method == http.MethodGet {
			return nil
		}
		return s.allowSubmitted(r, samverkan.ActionUpdate)
	}}

	// ruleDeleteCollaboration: allowed to delete the stored record.
	ruleDeleteCollaboration = rule{"deleteCollaboration", func(s *server, r *http.Request) error {
		return s.allowStored(r, samverkan.ActionDelete)
	}}

	// ruleEditCollaboration: decisions, pre-study and status inherit from
	// their collaboration.
	ruleEditCollaboration = rule{"editCollaboration", func(s *server, r *http.Request) error {
		return s.allowStored(r, samverkan.ActionUpdate)
	}}

	// ruleRestore: allowed on the stored record and on the version it
	// goes back to.
	ruleRestore = rule{"restoreCollaboration", func(s *server, r *http.Request) error {
		if err := s.allowStored(r, samverkan.ActionUpdate); err != nil {
			return err
		}
		auditID, err := strconv.ParseInt(r.PathValue("auditID"), 10, 64)
		if err != nil {
			return nil // the handler answers 404
		}
		res, ok, err := samverkan.RestoredResource(r.Context(), s.store, auditID, restorable)
		if !ok || err != nil {
			return err // nothing to check: the handler refuses
		}
		return allow(r, samverkan.ActionUpdate, res)
	}}

	// ruleUpdateNetwork: changing a network or what is in it (import).
	ruleUpdateNetwork = rule{"updateNetwork", func(s *server, r *http.Request) error {
		if err := allow(r, samverkan.ActionRead, samverkan.Resource{}); err != nil {
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
// action is allowed on it. Anonymous visitors are turned away before
// anything is loaded.
func (s *server) allowStored(r *http.Request, action string) error {
	if err := allow(r, samverkan.ActionRead, samverkan.Resource{}); err != nil {
		return err
	}
	id, err := collabID(r)
	if err != nil {
		return err
	}
	res, err := samverkan.CollaborationResource(r.Context(), s.store, id)
	if err != nil {
		return err
	}
	return allow(r, action, res)
}

// allowSubmitted builds the record the form submits and asks whether
// action is allowed on it.
func (s *server) allowSubmitted(r *http.Request, action string) error {
	if err := allow(r, samverkan.ActionRead, samverkan.Resource{}); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	c, _, _ := s.build(decodeForm(r))
	c.Normalize()
	return allow(r, action, samverkan.ResourceOf(c))
}

// canCreateSome reports whether any of the principal's grants lets them
// create a collaboration somewhere, for the "new" form and its links.
func canCreateSome(p *samverkan.Principal) bool {
	if p.Anonymous() {
		return false
	}
	for _, g := range p.User.Grants {
		res := samverkan.Resource{}
		if g.Network != "" {
			res.Networks = []string{g.Network}
		}
		if g.Municipality != "" {
			res.Municipalities = []string{g.Municipality}
		}
		if samverkan.Authorize(p, samverkan.ActionCreate, res) {
			return true
		}
	}
	return false
}

// route is one page: its ServeMux pattern, the rule that guards it and the
// handler. The route × role test reads this table.
type route struct {
	pattern string
	rule    rule
	handler http.HandlerFunc
}

// handle registers a route behind its rule; a route without a rule is a
// programming error and stops the start.
func (s *server) handle(mux *http.ServeMux, rt route) {
	if rt.rule.name == "" || rt.handler == nil {
		panic("web: route " + rt.pattern + " registered without a rule")
	}
	mux.Handle(rt.pattern, s.checkText(rt.pattern, s.guard(rt.rule, rt.handler)))
}

// guard runs the rule before the handler.
func (s *server) guard(rl rule, h http.HandlerFunc) http.Handler {
	if rl.public() {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rl.check(s, r); err != nil {
			s.denied(w, r, err)
			return
		}
		h(w, r)
	})
}

// denied answers a refused request: anonymous visitors go to the login
// page and come back afterwards, logged-in users get 403.
func (s *server) denied(w http.ResponseWriter, r *http.Request, err error) {
	switch samverkan.ErrorCode(err) {
	case samverkan.EUNAUTHORIZED:
		next := "/"
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next = r.URL.RequestURI()
		}
		http.Redirect(w, r, loginURL(next), http.StatusSeeOther)
	case samverkan.EFORBIDDEN:
		s.forbidden(w, r)
	default:
		s.error(w, r, err)
	}
}

func loginURL(next string) string {
	if next == "/" || next == "" {
		return "/logga-in"
	}
	return "/logga-in?" + url.Values{"next": {next}}.Encode()
}

func (s *server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusForbidden, "error.forbidden")
}

// principal is who asks.
func principal(r *http.Request) *samverkan.Principal { return samverkan.PrincipalFrom(r.Context()) }

// writeCtx is the context for a write: the principal's name is the actor in
// the audit history; without one (never through the guarded routes) the
// web UI is named.
func writeCtx(r *http.Request) context.Context {
	ctx := r.Context()
	if principal(r).Anonymous() {
		return samverkan.WithActor(ctx, actor)
	}
	return ctx
}
