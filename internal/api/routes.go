package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/samverkan/samverkan"
)

// route is one endpoint: its ServeMux pattern, handler and the query
// parameters it accepts (besides lang). The OpenAPI test reads this table.
type route struct {
	pattern string
	handler http.HandlerFunc
	params  []string
}

func without(list []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == drop })
}

// routes lists every endpoint of the API.
func (s *Server) routes() []route {
	return []route{
		{"GET /openapi.json", s.handleOpenAPI, nil},

		{"GET /api/v1/municipalities", s.handleMunicipalityList, []string{"county", "q"}},
		{"GET /api/v1/municipalities/{code}", s.handleMunicipalityGet, nil},
		{"GET /api/v1/municipalities/{code}/collaborations", s.handleMunicipalityCollaborations, without(filterParams, "municipality")},
		{"GET /api/v1/municipalities/{code}/decisions", s.handleMunicipalityDecisions, []string{"pending"}},
		{"GET /api/v1/municipalities/{code}/report-9-38", s.handleReport938, []string{"year"}},

		{"GET /api/v1/areas", s.handleAreaList, nil},
		{"GET /api/v1/legal-forms", s.handleLegalFormList, nil},
		{"GET /api/v1/statuses", s.handleStatusList, nil},

		{"GET /api/v1/networks", s.handleNetworkList, nil},
		{"POST /api/v1/networks", s.handleNetworkCreate, nil},
		{"GET /api/v1/networks/{slug}", s.handleNetworkGet, nil},
		{"PUT /api/v1/networks/{slug}", s.handleNetworkUpdate, nil},
		{"DELETE /api/v1/networks/{slug}", s.handleNetworkDelete, []string{"version"}},
		{"GET /api/v1/networks/{slug}/collaborations", s.handleNetworkCollaborations, without(filterParams, "network")},
		{"GET /api/v1/networks/{slug}/decisions", s.handleNetworkDecisions, []string{"pending"}},
		{"GET /api/v1/networks/{slug}/export", s.handleNetworkExport, []string{"format", "public"}},
		{"POST /api/v1/networks/{slug}/import", s.handleNetworkImport, []string{"dry_run"}},

		{"GET /api/v1/collaborations", s.handleCollaborationList, filterParams},
		{"POST /api/v1/collaborations", s.handleCollaborationCreate, nil},
		{"GET /api/v1/collaborations/{id}", s.handleCollaborationGet, nil},
		{"PUT /api/v1/collaborations/{id}", s.handleCollaborationUpdate, nil},
		{"DELETE /api/v1/collaborations/{id}", s.handleCollaborationDelete, []string{"version"}},
		{"GET /api/v1/collaborations/{id}/events", s.handleCollaborationEvents, nil},
		{"GET /api/v1/collaborations/{id}/history", s.handleCollaborationHistory, nil},
		{"POST /api/v1/collaborations/{id}/history/{audit_id}/restore", s.handleCollaborationRestore, []string{"version"}},

		// The pipeline (pipeline.go).
		{"POST /api/v1/collaborations/{id}/status", s.handleStatusChange, nil},
		{"GET /api/v1/collaborations/{id}/decision-path", s.handleDecisionPath, nil},
		{"GET /api/v1/collaborations/{id}/decisions", s.handleDecisionList, nil},
		{"POST /api/v1/collaborations/{id}/decisions", s.handleDecisionCreate, nil},
		{"GET /api/v1/decisions/{id}", s.handleDecisionGet, nil},
		{"PUT /api/v1/decisions/{id}", s.handleDecisionUpdate, nil},
		{"DELETE /api/v1/decisions/{id}", s.handleDecisionDelete, []string{"version"}},
		{"GET /api/v1/collaborations/{id}/assessment", s.handleAssessmentGet, nil},
		{"PUT /api/v1/collaborations/{id}/assessment", s.handleAssessmentPut, nil},
	}
}

// register installs the routes, each behind the parameter check, and a
// fallback that answers unknown paths and methods with problem+json.
func (s *Server) register() {
	for _, rt := range s.routes() {
		s.mux.Handle(rt.pattern, s.checked(rt))
	}
	s.mux.HandleFunc("/api/", s.handleFallback)
}

func (s *Server) checked(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkParams(r.URL.Query(), rt.params); err != nil {
			s.Error(w, r, err)
			return
		}
		rt.handler(w, r)
	})
}

// handleFallback answers 405 when the path exists with other methods, else 404.
func (s *Server) handleFallback(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if allow == nil {
		s.Error(w, r, &httpError{code: samverkan.ENOTFOUND})
		return
	}
	if slices.Contains(allow, http.MethodGet) {
		allow = append(allow, http.MethodHead)
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	s.Error(w, r, &httpError{code: eMethod})
}
