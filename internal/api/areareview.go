package api

import (
	"net/http"

	"github.com/samverkan/samverkan"
)

// The network's areas to review (issue 11): the area texts an import kept
// because they matched no area, and the mappings that place them. GET
// /networks/{slug}/areas-to-review, GET and POST
// /networks/{slug}/area-mappings.

// AreaMappingRequest maps a text to an area for the whole network.
type AreaMappingRequest struct {
	Text string `json:"text"`
	Area string `json:"area"`
}

// AreaMappingResult is the mapping made and how many collaborations got
// the area.
type AreaMappingResult struct {
	Mapping samverkan.AreaMapping `json:"mapping"`
	Changed int                   `json:"changed"`
}

func (s *Server) areaReviews(w http.ResponseWriter, r *http.Request) (samverkan.AreaReviewStore, string, bool) {
	rs, ok := s.store.(samverkan.AreaReviewStore)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.EINTERNAL, "store keeps no areas to review"))
		return nil, "", false
	}
	slug := r.PathValue("slug")
	if _, err := s.store.NetworkBySlug(r.Context(), slug); err != nil {
		s.Error(w, r, err)
		return nil, "", false
	}
	return rs, slug, true
}

func (s *Server) handleAreasToReview(w http.ResponseWriter, r *http.Request) {
	rs, slug, ok := s.areaReviews(w, r)
	if !ok || s.listNotModified(w, r) {
		return
	}
	list, err := rs.AreasToReview(r.Context(), slug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.respond(w, r, http.StatusOK, newList(list, len(list), nil))
}

func (s *Server) handleAreaMappings(w http.ResponseWriter, r *http.Request) {
	rs, slug, ok := s.areaReviews(w, r)
	if !ok || s.listNotModified(w, r) {
		return
	}
	list, err := rs.AreaMappings(r.Context(), slug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.respond(w, r, http.StatusOK, newList(list, len(list), nil))
}

// handleAreaMap records a mapping and moves the text to the area in every
// collaboration of the network that holds it. Each of those is written
// through the normal update, against the version it has in the same
// transaction, so no one's edit is overwritten.
func (s *Server) handleAreaMap(w http.ResponseWriter, r *http.Request) {
	rs, slug, ok := s.areaReviews(w, r)
	if !ok {
		return
	}
	var req AreaMappingRequest
	if err := decode(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	n, err := rs.MapAreaText(writeContext(r), slug, req.Text, req.Area)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ms, err := rs.AreaMappings(r.Context(), slug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res := AreaMappingResult{Changed: n}
	for _, m := range ms {
		if samverkan.MatchKey(m.Text) == samverkan.MatchKey(req.Text) {
			res.Mapping = m
		}
	}
	s.respond(w, r, http.StatusOK, res)
}

func areaReviewSpec(sp *spec) {
	sp.note("AreaReview.text", map[string]any{"description": "The text as the imported file wrote it."})
	sp.note("AreaReview.collaborations", map[string]any{"description": "The network's collaborations that hold the text, by title."})
	sp.note("AreaMapping.text", map[string]any{"description": "Compared as written without case, diacritics or punctuation: \"Elevhälsa\" and \"elevhalsa\" are one text."})
	sp.note("AreaMapping.area", sp.area())
	sp.note("AreaMappingRequest.area", sp.area())
	sp.note("AreaMappingResult.changed", map[string]any{"description": "How many collaborations got the area."})
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/networks/{slug}/areas-to-review": {summary: "Area texts an import kept because they matched no area",
			description: "Most frequent first. Coordinators of the network and admins.",
			status:      200, result: listOf[samverkan.AreaReview](), errors: readErrors},
		"GET /api/v1/networks/{slug}/area-mappings": {summary: "The texts the network has mapped to areas",
			description: "Imports into the network read these texts as their areas.",
			status:      200, result: listOf[samverkan.AreaMapping](), errors: readErrors},
		"POST /api/v1/networks/{slug}/area-mappings": {summary: "Map a text to an area for the whole network",
			description: "Records the mapping (or replaces the one the text had) and moves the text to the area in every " +
				"collaboration of the network that holds it, in one transaction; each change is audited. Later imports read the text the same way.",
			body: obj[AreaMappingRequest](), status: 200, result: obj[AreaMappingResult](), untagged: true,
			errors: []int{400, 404, 413, 415, 422, 500}},
	} {
		sp.op(pattern, d)
	}
}
