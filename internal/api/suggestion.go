package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/kolada"
	"github.com/samverkan/samverkan/internal/refdata"
)

// Suggestions: GET /networks/{slug}/suggestions ranks where the network's
// members could collaborate next (samverkan.Suggest, as on
// /natverk/{slug}/forslag); POST with {"area"} turns one into an idea.

// SuggestionsView lists the ranked suggestions.
type SuggestionsView struct {
	Network string                 `json:"network"`
	Items   []samverkan.Suggestion `json:"items"`
	// LeftOut names signals the ranking cannot use yet.
	LeftOut []string `json:"left_out"`
}

// SuggestionAccept names the suggestion to turn into an idea.
type SuggestionAccept struct {
	Area string `json:"area"`
}

func (s *Server) suggestions(ctx context.Context, n *samverkan.Network) ([]samverkan.Suggestion, error) {
	costs := map[string]string{}
	all, _ := kolada.AreaKPIs()
	for _, a := range all {
		if _, ok := costs[a.Area]; !ok && a.Kind == kolada.KindCostPerInhabitant {
			costs[a.Area] = a.KPI
		}
	}
	adjacent := func(a, b string) bool {
		for _, x := range refdata.Neighbours(a) {
			if x == b {
				return true
			}
		}
		return false
	}
	in, err := samverkan.BuildSuggestionInput(ctx, s.store, s.cat, n, adjacent, costs)
	if err != nil {
		return nil, err
	}
	return samverkan.Suggest(in), nil
}

func (s *Server) handleSuggestions(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	ss, err := s.suggestions(r.Context(), n)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.respond(w, r, http.StatusOK, SuggestionsView{Network: n.Slug, Items: ss, LeftOut: samverkan.SuggestionsLeftOut})
}

func (s *Server) handleSuggestionAccept(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var body SuggestionAccept
	if err := decode(w, r, &body); err != nil {
		s.Error(w, r, err)
		return
	}
	ss, err := s.suggestions(r.Context(), n)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sg, ok := samverkan.FindSuggestion(ss, body.Area)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Förslaget finns inte; listan kan ha ändrats."))
		return
	}
	c := samverkan.IdeaFrom(sg, n, s.cat, langOf(r))
	if err := s.store.CreateCollaboration(writeContext(r), c); err != nil {
		s.Error(w, r, err)
		return
	}
	s.send(w, r, http.StatusCreated, s.collaborationRecord(c.ID))
}

// suggestionSpec documents the suggestions.
func suggestionSpec(sp *spec) {
	sp.note("Suggestion.score", map[string]any{"description": "The sum of the signals' points; higher first, ties by area code."})
	sp.note("Signal.code", map[string]any{"enum": []string{"neighbours", "ties_area", "ties_nearby", "coverage_gap", "small", "cost_gap"}})
	sp.note("SuggestionsView.left_out", map[string]any{"description": "Signals not used because the register lacks their data (key_functions)."})
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/networks/{slug}/suggestions": {summary: "Where the network's members could collaborate next",
			description: "Candidates (area, municipalities) ranked by signals that each show their points and say why. Deterministic: the same data gives the same order.",
			status:      200, result: obj[SuggestionsView](), errors: readErrors},
		"POST /api/v1/networks/{slug}/suggestions": {summary: "Turn a suggestion into an idea",
			description: "Creates an idea in the network's pipeline for the suggestion of the area, with the explanation as its description.",
			body:        obj[SuggestionAccept](), status: 201, result: obj[samverkan.Collaboration](), errors: []int{400, 404, 413, 415, 422, 500}},
	} {
		sp.op(pattern, d)
	}
}
