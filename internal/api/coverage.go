package api

import (
	"net/http"

	"github.com/samverkan/samverkan"
)

// The coverage matrix of a network and its gaps (samverkan.BuildCoverage),
// as on /natverk/{slug}/matris.

// GapView is a gap with its text in words, in the request's language.
type GapView struct {
	samverkan.Gap
	Text string `json:"text"`
}

// GapsView is the answer of /gaps.
type GapsView struct {
	Network string    `json:"network"`
	Items   []GapView `json:"items"`
}

func (s *Server) coverage(w http.ResponseWriter, r *http.Request) (samverkan.Coverage, bool) {
	if s.listNotModified(w, r) {
		return samverkan.Coverage{}, false
	}
	_, cov, err := samverkan.NetworkCoverage(r.Context(), s.store, s.cat, r.PathValue("slug"), samverkan.Today())
	if err != nil {
		w.Header().Del("ETag")
		s.Error(w, r, err)
		return samverkan.Coverage{}, false
	}
	return cov, true
}

func (s *Server) handleCoverage(w http.ResponseWriter, r *http.Request) {
	if cov, ok := s.coverage(w, r); ok {
		s.respond(w, r, http.StatusOK, cov)
	}
}

func (s *Server) handleGaps(w http.ResponseWriter, r *http.Request) {
	cov, ok := s.coverage(w, r)
	if !ok {
		return
	}
	lang := "sv"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	out := GapsView{Network: cov.Network, Items: []GapView{}}
	for _, g := range cov.Gaps() {
		area := g.Area
		if a, ok := s.cat.Area(g.Area); ok {
			area = a.Label(lang)
		}
		out.Items = append(out.Items, GapView{Gap: g, Text: g.Text(lang, area, s.cat.MunicipalityName)})
	}
	s.respond(w, r, http.StatusOK, out)
}

// coverageSpec documents the matrix and the gaps.
func coverageSpec(sp *spec) {
	sp.note("Coverage.members", map[string]any{"description": "Codes of the current members, in the order of each row's cells."})
	sp.note("Coverage.areas", map[string]any{"description": "One row per area the network's running collaborations cover, in the catalogue's order."})
	sp.note("CoverageArea.cells", map[string]any{"description": "Per member, the running collaborations through which it takes part in the area; empty where it takes no part."})
	sp.note("Coverage.outside", map[string]any{"description": "Municipalities outside the network (code) and external parties (party) taking part in its running collaborations."})
	sp.note("GapView.text", map[string]any{"description": "The gap in words, e.g. \"Avfallshantering: 3 av 4 deltar; Gnosjö saknas\" (English with lang=en)."})
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/networks/{slug}/matrix": {summary: "The network's coverage matrix: members × areas",
			description: "Each cell lists the running collaborations through which a member takes part in an area; the outside participants apart. As on /natverk/{slug}/matris.",
			status:      200, result: obj[samverkan.Coverage](), errors: readErrors},
		"GET /api/v1/networks/{slug}/gaps": {summary: "The areas not all members cover, in words",
			status: 200, result: obj[GapsView](), errors: readErrors},
	} {
		sp.op(pattern, d)
	}
}
