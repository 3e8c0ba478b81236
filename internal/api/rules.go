package api

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/samverkan/samverkan"
)

// The rules are the domain's (samverkan.Rule): the web UI shares them.
// This file supplies only how the API reads a request for them
// (ruleRequest) and how it answers a refusal (guard): 401 with
// WWW-Authenticate, 403, as problem+json.
var (
	rulePublic              = apiRule(samverkan.RulePublic)
	ruleRead                = apiRule(samverkan.RuleRead)
	ruleAdmin               = apiRule(samverkan.RuleAdmin)
	ruleSelf                = apiRule(samverkan.RuleSelf)
	ruleCreateCollaboration = apiRule(samverkan.RuleCreateCollaboration)
	ruleUpdateCollaboration = apiRule(samverkan.RuleUpdateCollaboration)
	ruleDeleteCollaboration = apiRule(samverkan.RuleDeleteCollaboration)
	ruleEditCollaboration   = apiRule(samverkan.RuleEditCollaboration)
	ruleEditDecision        = apiRule(samverkan.RuleEditDecision)
	ruleRestore             = apiRule(samverkan.RuleRestore)
	ruleUpdateNetwork       = apiRule(samverkan.RuleUpdateNetwork)
	ruleUpdateMunicipality  = apiRule(samverkan.RuleUpdateMunicipality)
)

// rule is a domain rule as the route table carries it; the OpenAPI
// document reads its name and whether it is public.
type rule struct {
	samverkan.Rule
	name string
}

func apiRule(r samverkan.Rule) rule { return rule{r, r.Name} }

func (rl rule) public() bool { return rl.Public() }

// ruleRequest is an API request as a rule sees it.
type ruleRequest struct{ r *http.Request }

func (q ruleRequest) PathValue(what string) string {
	switch what {
	case samverkan.PathCollaboration, samverkan.PathDecision:
		return q.r.PathValue("id")
	case samverkan.PathAudit:
		return q.r.PathValue("audit_id")
	case samverkan.PathNetwork:
		return q.r.PathValue("slug")
	case samverkan.PathMunicipality:
		return q.r.PathValue("code")
	}
	return ""
}

// Submitted reads the body's collaboration, leaving the body for the
// handler. A body that does not decode is the handler's to refuse with
// the same decoder.
func (q ruleRequest) Submitted() (*samverkan.Collaboration, error) {
	r := q.r
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil, nil
	}
	probe := r.Clone(context.WithoutCancel(r.Context()))
	probe.Body = io.NopCloser(bytes.NewReader(body))
	var c samverkan.Collaboration
	if _, err := decodeBody(discardWriter{}, probe, &c); err != nil {
		return nil, nil
	}
	return &c, nil
}

// discardWriter is the ResponseWriter of a probe decode.
type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}

// guard runs the rule before the handler.
func (s *Server) guard(rl rule, next http.Handler) http.Handler {
	if rl.Public() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := samverkan.PrincipalFrom(r.Context())
		if err := rl.Check(r.Context(), s.store, p, ruleRequest{r}); err != nil {
			if samverkan.ErrorCode(err) == samverkan.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="samverkan"`)
			}
			s.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}
