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
	rule    rule // who may call it (rules.go); the route × role test reads it
	handler http.HandlerFunc
	params  []string
}

func without(list []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == drop })
}

// routes lists every endpoint of the API.
func (s *Server) routes() []route {
	nr, cr, mt, wg, ad := s.networkRisks(), s.collaborationRisks(), s.meetings(), s.workGroups(), s.advocacy()
	return []route{
		{"GET /openapi.json", rulePublic, s.handleOpenAPI, nil},

		// Reminders and background jobs (reminder.go).
		{"GET /api/v1/me/reminders", ruleSelf, s.handleRemindersGet, nil},
		{"PUT /api/v1/me/reminders", ruleSelf, s.handleRemindersPut, nil},
		{"GET /api/v1/networks/{slug}/deadlines", ruleRead, s.handleNetworkDeadlines, nil},
		{"GET /api/v1/jobs/{job_id}", ruleRead, s.handleJobGet, nil},
		{"GET /api/v1/jobs/{job_id}/file", ruleRead, s.handleJobFile, nil},

		{"GET /api/v1/municipalities", ruleRead, s.handleMunicipalityList, []string{"county", "q"}},
		{"GET /api/v1/municipalities/{code}", ruleRead, s.handleMunicipalityGet, nil},
		{"GET /api/v1/municipalities/{code}/collaborations", ruleRead, s.handleMunicipalityCollaborations, without(filterParams, "municipality")},
		{"GET /api/v1/municipalities/{code}/decisions", ruleRead, s.handleMunicipalityDecisions, []string{"pending"}},
		{"GET /api/v1/municipalities/{code}/report-9-38", ruleRead, s.handleReport938, []string{"year", "limit", "offset"}},
		{"GET /api/v1/municipalities/{code}/oversight", ruleRead, s.handleOversight, []string{"year", "limit", "offset"}},
		{"GET /api/v1/municipalities/{code}/kpis", ruleRead, s.handleMunicipalityKPIs, []string{"kpi"}},

		{"GET /api/v1/areas", ruleRead, s.handleAreaList, nil},
		{"GET /api/v1/legal-forms", ruleRead, s.handleLegalFormList, nil},
		{"GET /api/v1/statuses", ruleRead, s.handleStatusList, nil},
		{"GET /api/v1/legal-references", ruleRead, s.handleLegalRefs, nil},

		{"GET /api/v1/networks", ruleRead, s.handleNetworkList, nil},
		{"POST /api/v1/networks", ruleAdmin, s.handleNetworkCreate, nil},
		{"GET /api/v1/networks/{slug}", ruleRead, s.handleNetworkGet, nil},
		{"PUT /api/v1/networks/{slug}", ruleUpdateNetwork, s.handleNetworkUpdate, nil},
		{"DELETE /api/v1/networks/{slug}", ruleAdmin, s.handleNetworkDelete, []string{"version"}},
		{"GET /api/v1/networks/{slug}/collaborations", ruleRead, s.handleNetworkCollaborations, without(filterParams, "network")},
		{"GET /api/v1/networks/{slug}/decisions", ruleRead, s.handleNetworkDecisions, []string{"pending"}},
		{"GET /api/v1/networks/{slug}/export", ruleRead, s.handleNetworkExport, []string{"format", "public"}},
		{"POST /api/v1/networks/{slug}/exports", ruleRead, s.handleNetworkExportStart, nil},
		{"POST /api/v1/networks/{slug}/import", ruleUpdateNetwork, s.handleNetworkImport, []string{"dry_run"}},

		{"GET /api/v1/collaborations", ruleRead, s.handleCollaborationList, filterParams},
		{"POST /api/v1/collaborations", ruleCreateCollaboration, s.handleCollaborationCreate, nil},
		{"GET /api/v1/collaborations/{id}", ruleRead, s.handleCollaborationGet, nil},
		{"PUT /api/v1/collaborations/{id}", ruleUpdateCollaboration, s.handleCollaborationUpdate, nil},
		{"DELETE /api/v1/collaborations/{id}", ruleDeleteCollaboration, s.handleCollaborationDelete, []string{"version"}},
		{"GET /api/v1/collaborations/{id}/events", ruleRead, s.handleCollaborationEvents, nil},
		{"GET /api/v1/collaborations/{id}/history", ruleRead, s.handleCollaborationHistory, nil},
		{"POST /api/v1/collaborations/{id}/history/{audit_id}/restore", ruleRestore, s.handleCollaborationRestore, []string{"version"}},

		// The pipeline (pipeline.go).
		{"POST /api/v1/collaborations/{id}/status", ruleEditCollaboration, s.handleStatusChange, nil},
		{"GET /api/v1/collaborations/{id}/decision-path", ruleRead, s.handleDecisionPath, nil},
		{"GET /api/v1/collaborations/{id}/decision-settings", ruleRead, s.handlePathSettingsGet, nil},
		{"PUT /api/v1/collaborations/{id}/decision-settings", ruleEditCollaboration, s.handlePathSettingsPut, nil},
		{"GET /api/v1/collaborations/{id}/representation", ruleRead, s.handleRepresentationGet, nil},
		{"PUT /api/v1/collaborations/{id}/representation", ruleEditCollaboration, s.handleRepresentationPut, nil},
		{"GET /api/v1/collaborations/{id}/decisions", ruleRead, s.handleDecisionList, nil},
		{"POST /api/v1/collaborations/{id}/decisions", ruleEditCollaboration, s.handleDecisionCreate, nil},
		{"GET /api/v1/decisions/{id}", ruleRead, s.handleDecisionGet, nil},
		{"PUT /api/v1/decisions/{id}", ruleEditDecision, s.handleDecisionUpdate, nil},
		{"DELETE /api/v1/decisions/{id}", ruleEditDecision, s.handleDecisionDelete, []string{"version"}},
		{"GET /api/v1/collaborations/{id}/assessment", ruleRead, s.handleAssessmentGet, nil},
		{"PUT /api/v1/collaborations/{id}/assessment", ruleEditCollaboration, s.handleAssessmentPut, nil},

		// The network's areas to review (areareview.go).
		{"GET /api/v1/networks/{slug}/areas-to-review", ruleUpdateNetwork, s.handleAreasToReview, nil},
		{"GET /api/v1/networks/{slug}/area-mappings", ruleUpdateNetwork, s.handleAreaMappings, nil},
		{"POST /api/v1/networks/{slug}/area-mappings", ruleUpdateNetwork, s.handleAreaMap, nil},
		// The network's own life (netrecord.go): its risks, and each collaboration's
		// (risk.go), meetings (meeting.go), work groups (workgroup.go) and advocacy
		// issues (advocacy.go). Every record is found under its owner, whose rule
		// guards its writes.
		{"GET /api/v1/networks/{slug}/risks", ruleRead, nr.handleList, nil},
		{"POST /api/v1/networks/{slug}/risks", ruleUpdateNetwork, nr.handleCreate, nil},
		{"GET /api/v1/networks/{slug}/risks/{risk_id}", ruleRead, nr.handleGet, nil},
		{"PUT /api/v1/networks/{slug}/risks/{risk_id}", ruleUpdateNetwork, nr.handleUpdate, nil},
		{"DELETE /api/v1/networks/{slug}/risks/{risk_id}", ruleUpdateNetwork, nr.handleDelete, []string{"version"}},
		{"GET /api/v1/networks/{slug}/risks/{risk_id}/history", ruleRead, nr.handleHistory, nil},
		{"POST /api/v1/networks/{slug}/risks/{risk_id}/history/{audit_id}/restore", ruleUpdateNetwork, nr.handleRestore, []string{"version"}},
		{"GET /api/v1/collaborations/{id}/risks", ruleRead, cr.handleList, nil},
		{"POST /api/v1/collaborations/{id}/risks", ruleEditCollaboration, cr.handleCreate, nil},
		{"GET /api/v1/collaborations/{id}/risks/{risk_id}", ruleRead, cr.handleGet, nil},
		{"PUT /api/v1/collaborations/{id}/risks/{risk_id}", ruleEditCollaboration, cr.handleUpdate, nil},
		{"DELETE /api/v1/collaborations/{id}/risks/{risk_id}", ruleEditCollaboration, cr.handleDelete, []string{"version"}},
		{"GET /api/v1/collaborations/{id}/risks/{risk_id}/history", ruleRead, cr.handleHistory, nil},
		{"POST /api/v1/collaborations/{id}/risks/{risk_id}/history/{audit_id}/restore", ruleEditCollaboration, cr.handleRestore, []string{"version"}},
		{"GET /api/v1/networks/{slug}/meetings", ruleRead, mt.handleList, []string{"year"}},
		{"POST /api/v1/networks/{slug}/meetings", ruleUpdateNetwork, mt.handleCreate, nil},
		{"GET /api/v1/networks/{slug}/meetings/{meeting_id}", ruleRead, mt.handleGet, nil},
		{"PUT /api/v1/networks/{slug}/meetings/{meeting_id}", ruleUpdateNetwork, mt.handleUpdate, nil},
		{"DELETE /api/v1/networks/{slug}/meetings/{meeting_id}", ruleUpdateNetwork, mt.handleDelete, []string{"version"}},
		{"GET /api/v1/networks/{slug}/meetings/{meeting_id}/history", ruleRead, mt.handleHistory, nil},
		{"POST /api/v1/networks/{slug}/meetings/{meeting_id}/history/{audit_id}/restore", ruleUpdateNetwork, mt.handleRestore, []string{"version"}},
		{"GET /api/v1/networks/{slug}/work-groups", ruleRead, wg.handleList, nil},
		{"POST /api/v1/networks/{slug}/work-groups", ruleUpdateNetwork, wg.handleCreate, nil},
		{"GET /api/v1/networks/{slug}/work-groups/{group_id}", ruleRead, wg.handleGet, nil},
		{"PUT /api/v1/networks/{slug}/work-groups/{group_id}", ruleUpdateNetwork, wg.handleUpdate, nil},
		{"DELETE /api/v1/networks/{slug}/work-groups/{group_id}", ruleUpdateNetwork, wg.handleDelete, []string{"version"}},
		{"GET /api/v1/networks/{slug}/work-groups/{group_id}/history", ruleRead, wg.handleHistory, nil},
		{"POST /api/v1/networks/{slug}/work-groups/{group_id}/history/{audit_id}/restore", ruleUpdateNetwork, wg.handleRestore, []string{"version"}},
		{"GET /api/v1/networks/{slug}/advocacy", ruleRead, ad.handleList, nil},
		{"POST /api/v1/networks/{slug}/advocacy", ruleUpdateNetwork, ad.handleCreate, nil},
		{"GET /api/v1/networks/{slug}/advocacy/{issue_id}", ruleRead, ad.handleGet, nil},
		{"PUT /api/v1/networks/{slug}/advocacy/{issue_id}", ruleUpdateNetwork, ad.handleUpdate, nil},
		{"DELETE /api/v1/networks/{slug}/advocacy/{issue_id}", ruleUpdateNetwork, ad.handleDelete, []string{"version"}},
		{"GET /api/v1/networks/{slug}/advocacy/{issue_id}/history", ruleRead, ad.handleHistory, nil},
		{"POST /api/v1/networks/{slug}/advocacy/{issue_id}/history/{audit_id}/restore", ruleUpdateNetwork, ad.handleRestore, []string{"version"}},
		// The network's own steering (plan.go, followup.go).
		{"GET /api/v1/networks/{slug}/plan", ruleRead, s.handlePlanGet, nil},
		{"PUT /api/v1/networks/{slug}/plan", ruleUpdateNetwork, s.handlePlanPut, nil},
		{"GET /api/v1/networks/{slug}/plans", ruleRead, s.handlePlanList, nil},
		{"POST /api/v1/networks/{slug}/plan/activities", ruleUpdateNetwork, s.handleActivityCreate, nil},
		{"PUT /api/v1/networks/{slug}/plan/activities/{activity}", ruleUpdateNetwork, s.handleActivityUpdate, nil},
		{"GET /api/v1/networks/{slug}/history", ruleRead, s.handleNetworkHistory, nil},
		{"POST /api/v1/networks/{slug}/history/{audit_id}/restore", ruleUpdateNetwork, s.handleNetworkRestore, []string{"version"}},
		{"GET /api/v1/networks/{slug}/follow-ups", ruleRead, s.handleNetworkFollowUps, []string{"year"}},
		{"GET /api/v1/collaborations/{id}/follow-ups/{year}", ruleRead, s.handleFollowUpGet, nil},
		{"PUT /api/v1/collaborations/{id}/follow-ups/{year}", ruleEditCollaboration, s.handleFollowUpPut, nil},
		{"GET /api/v1/networks/{slug}/report/{year}", ruleRead, s.handleAnnualReport, nil},
		// Pictures and analyses (issue 14).
		{"GET /api/v1/networks/{slug}/matrix", ruleRead, s.handleCoverage, nil},
		{"GET /api/v1/networks/{slug}/gaps", ruleRead, s.handleGaps, nil},
		{"GET /api/v1/networks/{slug}/graph", ruleRead, s.handleGraph, nil},
		{"GET /api/v1/networks/{slug}/key-functions", ruleRead, s.handleNetworkKeyFunctions, nil},
		{"GET /api/v1/municipalities/{code}/key-functions", ruleRead, s.handleKeyFunctionsGet, nil},
		{"PUT /api/v1/municipalities/{code}/key-functions", ruleUpdateMunicipality, s.handleKeyFunctionsPut, nil},
		// Money and evidence (issue 15): costshare.go.
		{"GET /api/v1/collaborations/{id}/cost-sharing", ruleRead, s.handleCostSharingGet, nil},
		{"PUT /api/v1/collaborations/{id}/cost-sharing", ruleEditCollaboration, s.handleCostSharingPut, nil},
		{"GET /api/v1/collaborations/{id}/cost-shares", ruleRead, s.handleCostShares, []string{"year"}},
		{"GET /api/v1/networks/{slug}/suggestions", ruleRead, s.handleSuggestions, nil},
		{"POST /api/v1/networks/{slug}/suggestions", ruleUpdateNetwork, s.handleSuggestionAccept, nil},
		// Open data and the national register (opendata.go).
		{"GET /api/v1/open-data/settings", ruleAdmin, s.handleOpenDataSettingsGet, nil},
		{"PUT /api/v1/open-data/settings", ruleAdmin, s.handleOpenDataSettingsPut, nil},
		{"GET /api/v1/harvests", ruleRead, s.handleHarvestList, nil},
		{"GET /api/v1/national", rulePublic, s.handleNational, nil},
	}
}

// register installs the routes, each behind its rule and the parameter
// check, and a fallback that answers unknown paths and methods with
// problem+json. A route without a rule stops the start.
func (s *Server) register() {
	for _, rt := range s.routes() {
		if rt.rule.Name == "" || rt.handler == nil {
			panic("api: route " + rt.pattern + " registered without a rule")
		}
		s.mux.Handle(rt.pattern, s.checkText(rt, s.guard(rt.rule, s.checked(rt))))
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

// RoutePatterns lists the pattern of every endpoint, for the benchmark
// that renders each once (internal/server) and must cover them all.
func RoutePatterns() []string {
	var out []string
	for _, rt := range (&Server{}).routes() {
		out = append(out, rt.pattern)
	}
	return out
}
