package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/samverkan/samverkan"
)

// The rules are the domain's (samverkan.Rule): the API shares them. This
// file supplies only how the web UI reads a request for them (ruleRequest)
// and how it answers a refusal (denied).
var (
	rulePublic              = samverkan.RulePublic
	ruleRead                = samverkan.RuleRead
	ruleSelf                = samverkan.RuleSelf
	ruleAdmin               = samverkan.RuleAdmin
	ruleCreateSome          = samverkan.RuleCreateSome
	ruleCreateCollaboration = samverkan.RuleCreateCollaboration
	ruleUpdateCollaboration = samverkan.RuleUpdateCollaboration
	ruleDeleteCollaboration = samverkan.RuleDeleteCollaboration
	ruleEditCollaboration   = samverkan.RuleEditCollaboration
	ruleRestore             = samverkan.RuleRestore
	ruleUpdateNetwork       = samverkan.RuleUpdateNetwork
	ruleUpdateMunicipality  = samverkan.RuleUpdateMunicipality
)

// ruleRequest is a page request as a rule sees it.
type ruleRequest struct {
	s *server
	r *http.Request
}

func (q ruleRequest) PathValue(what string) string {
	switch what {
	case samverkan.PathCollaboration:
		return q.r.PathValue("id")
	case samverkan.PathDecision:
		return q.r.PathValue("bid")
	case samverkan.PathAudit:
		return q.r.PathValue("auditID")
	case samverkan.PathNetwork:
		return q.r.PathValue("slug")
	case samverkan.PathMunicipality:
		return q.r.PathValue("code")
	}
	return ""
}

// Submitted builds the record the form submits, as the handler does.
func (q ruleRequest) Submitted() (*samverkan.Collaboration, error) {
	if err := parseForm(q.r); err != nil {
		return nil, err
	}
	c, _, _ := q.s.build(decodeForm(q.r))
	return c, nil
}

// canCreateSome reports whether the principal may start a collaboration
// somewhere, for the "new" links.
func canCreateSome(p *samverkan.Principal) bool { return samverkan.CanCreateSome(p) }

// route is one page: its ServeMux pattern, the rule that guards it and the
// handler. The route × role test reads this table.
type route struct {
	pattern string
	rule    samverkan.Rule
	handler http.HandlerFunc
}

// handle registers a route behind its rule; a route without a rule is a
// programming error and stops the start.
func (s *server) handle(mux *http.ServeMux, rt route) {
	if rt.rule.Name == "" || rt.handler == nil {
		panic("web: route " + rt.pattern + " registered without a rule")
	}
	mux.Handle(rt.pattern, s.checkText(rt.pattern, s.guard(rt.rule, rt.handler)))
}

// guard runs the rule before the handler.
func (s *server) guard(rl samverkan.Rule, h http.HandlerFunc) http.Handler {
	if rl.Public() {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rl.Check(r.Context(), s.store, principal(r), ruleRequest{s, r}); err != nil {
			if s.refuseForm(w, r, rl, err) {
				return
			}
			s.denied(w, r, err)
			return
		}
		h(w, r)
	})
}

// refuseForm answers a collaboration form whose record the user may not
// save, though they may save others (they chose a network or left out a
// municipality outside their reach), with the form again, as typed, and
// the reason: 403, never a bare error page that throws the input away.
func (s *server) refuseForm(w http.ResponseWriter, r *http.Request, rl samverkan.Rule, err error) bool {
	if samverkan.ErrorCode(err) != samverkan.EFORBIDDEN || r.Method != http.MethodPost {
		return false
	}
	var weaker samverkan.Rule
	switch rl.Name {
	case ruleCreateCollaboration.Name:
		weaker = ruleCreateSome
	case ruleUpdateCollaboration.Name:
		weaker = ruleEditCollaboration
	default:
		return false
	}
	p := principal(r)
	if weaker.Check(r.Context(), s.store, p, ruleRequest{s, r}) != nil || parseForm(r) != nil {
		return false
	}
	f := decodeForm(r)
	f.New = rl.Name == ruleCreateCollaboration.Name
	if !f.New {
		id, idErr := collabID(r)
		if idErr != nil {
			return false
		}
		f.ID = id
	}
	lang := langOf(r)
	var scope []string
	names, _ := s.networkNames(r)
	for _, g := range p.User.Grants {
		scope = append(scope, s.grantLabel(lang, g, names))
	}
	f.Errors.add("", "", tr(lang, "form.forbidden", strings.Join(scope, "; ")))
	s.renderForm(w, r, http.StatusForbidden, f)
	return true
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
