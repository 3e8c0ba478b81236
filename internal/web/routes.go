package web

import "net/http"

// routeTable lists every page of the web UI with the rule that guards it
// (rules.go). The API, /openapi.json and /healthz are mounted next to this
// handler by internal/server. The route × role test reads this table, so a
// page added here without an expectation there fails it.
func (s *server) routeTable() []route {
	return []route{
		{"GET /{$}", ruleRead, s.handleOverview},
		{"GET /sprak", rulePublic, s.handleLanguage},
		{"GET /static/{file}", rulePublic, s.handleStatic},

		// Accounts (auth.go, account.go, admin.go).
		{"GET /logga-in", rulePublic, s.handleLoginForm},
		{"POST /logga-in", rulePublic, s.handleLogin},
		{"POST /logga-ut", rulePublic, s.handleLogout},
		{"GET /login/oidc", rulePublic, s.handleOIDCStart},
		{"GET /login/oidc/callback", rulePublic, s.handleOIDCCallback},
		{"GET /konto", ruleSelf, s.handleAccount},
		{"GET /konto/losenord", ruleSelf, s.handlePasswordForm},
		{"POST /konto/losenord", ruleSelf, s.handlePasswordChange},
		{"POST /konto/nycklar", ruleSelf, s.handleTokenCreate},
		{"POST /konto/nycklar/{tokenID}/aterkalla", ruleSelf, s.handleTokenRevoke},
		{"GET /admin/anvandare", ruleAdmin, s.handleUserList},
		{"GET /admin/anvandare/ny", ruleAdmin, s.handleUserNew},
		{"POST /admin/anvandare/ny", ruleAdmin, s.handleUserCreate},
		{"GET /admin/anvandare/{userID}", ruleAdmin, s.handleUserEdit},
		{"POST /admin/anvandare/{userID}", ruleAdmin, s.handleUserUpdate},

		{"GET /natverk", ruleRead, s.handleNetworkIndex},
		{"GET /natverk/{slug}", ruleRead, s.handleNetworkShow},
		{"GET /natverk/{slug}/import", ruleUpdateNetwork, s.handleImportForm},
		{"POST /natverk/{slug}/import", ruleUpdateNetwork, s.handleImportUpload},
		{"POST /natverk/{slug}/import/forhandsgranska", ruleUpdateNetwork, s.handleImportPreview},
		{"POST /natverk/{slug}/import/bekrafta", ruleUpdateNetwork, s.handleImportConfirm},
		{"GET /natverk/{slug}/import/klar", ruleUpdateNetwork, s.handleImportDone},
		{"GET /natverk/{slug}/export.xlsx", ruleRead, s.handleExport("xlsx")},
		{"GET /natverk/{slug}/export.csv", ruleRead, s.handleExport("csv")},
		{"GET /natverk/{slug}/export.json", ruleRead, s.handleExport("json")},
		{"GET /import/mall.xlsx", ruleRead, s.handleImportTemplate},

		{"GET /samverkan/ny", ruleCreateSome, s.handleCollaborationNew},
		{"POST /samverkan/ny", ruleCreateCollaboration, s.handleCollaborationCreate},
		{"GET /samverkan/{id}", ruleRead, s.handleCollaborationShow},
		{"GET /samverkan/{id}/redigera", ruleEditCollaboration, s.handleCollaborationEdit},
		{"POST /samverkan/{id}/redigera", ruleUpdateCollaboration, s.handleCollaborationUpdate},
		{"GET /samverkan/{id}/ta-bort", ruleDeleteCollaboration, s.handleCollaborationDeleteConfirm},
		{"POST /samverkan/{id}/ta-bort", ruleDeleteCollaboration, s.handleCollaborationDelete},

		// Audit history and restore; the public transparency view (issue 5).
		{"GET /samverkan/{id}/historik", ruleRead, s.handleHistory},
		{"POST /samverkan/{id}/historik/{auditID}/aterstall", ruleRestore, s.handleRestore},
		{"GET /insyn", rulePublic, s.handleInsynHome},
		{"GET /insyn.json", rulePublic, s.handleInsynHome},
		{"GET /insyn/natverk/{slug}", rulePublic, s.handleInsynNetwork},
		{"GET /insyn/samverkan/{id}", rulePublic, s.handleInsynCollaboration},

		// Pipeline, decisions, pre-study, reports (issue 3).
		{"GET /natverk/{slug}/mojligheter", ruleRead, s.handlePipeline},
		{"GET /natverk/{slug}/beslut", ruleRead, s.handleNetworkPending},
		{"POST /samverkan/{id}/status", ruleEditCollaboration, s.handleStatusChange},
		{"GET /samverkan/{id}/beslut/ny", ruleEditCollaboration, s.handleDecisionNew},
		{"POST /samverkan/{id}/beslut/ny", ruleEditCollaboration, s.handleDecisionCreate},
		{"GET /samverkan/{id}/beslut/{bid}/redigera", ruleEditCollaboration, s.handleDecisionEdit},
		{"POST /samverkan/{id}/beslut/{bid}/redigera", ruleEditCollaboration, s.handleDecisionUpdate},
		{"POST /samverkan/{id}/beslut/{bid}/ta-bort", ruleEditCollaboration, s.handleDecisionDelete},
		{"GET /samverkan/{id}/forstudie", ruleEditCollaboration, s.handleAssessment},
		{"POST /samverkan/{id}/forstudie", ruleEditCollaboration, s.handleAssessmentSave},
		{"GET /samverkan/{id}/beslutsunderlag", ruleRead, s.handleBrief},
		{"GET /kommun/{code}/beslut", ruleRead, s.handleMunicipalityPending},
		{"GET /kommun/{code}/rapport-9-38", ruleRead, s.handleReport938},

		{"GET /kommun", ruleRead, s.handleMunicipalityIndex},
		{"GET /kommun/{code}", ruleRead, s.handleMunicipalityShow},

		{"GET /sok", ruleRead, s.handleSearch},

		// The network's own steering (issue 12): network administration,
		// long-term plan, follow-up, annual report.
		{"GET /natverk/ny", ruleAdmin, s.handleNetworkNew},
		{"POST /natverk/ny", ruleAdmin, s.handleNetworkCreate},
		{"GET /natverk/{slug}/redigera", ruleUpdateNetwork, s.handleNetworkEdit},
		{"POST /natverk/{slug}/redigera", ruleUpdateNetwork, s.handleNetworkUpdate},
		{"GET /natverk/{slug}/historik", ruleRead, s.handleNetworkHistory},
		{"POST /natverk/{slug}/historik/{auditID}/aterstall", ruleUpdateNetwork, s.handleNetworkRestore},
		{"GET /natverk/{slug}/plan", ruleRead, s.handlePlan},
		{"GET /natverk/{slug}/plan/ny", ruleUpdateNetwork, s.handlePlanNew},
		{"POST /natverk/{slug}/plan/ny", ruleUpdateNetwork, s.handlePlanCreate},
		{"GET /natverk/{slug}/plan/{pid}", ruleRead, s.handlePlanShow},
		{"GET /natverk/{slug}/plan/{pid}/redigera", ruleUpdateNetwork, s.handlePlanEdit},
		{"POST /natverk/{slug}/plan/{pid}/redigera", ruleUpdateNetwork, s.handlePlanUpdate},
		{"POST /natverk/{slug}/plan/{pid}/aktivitet/{aid}", ruleUpdateNetwork, s.handleActivityStatus},
		{"GET /natverk/{slug}/uppfoljning", ruleRead, s.handleNetworkFollowUp},
		{"GET /samverkan/{id}/uppfoljning/{year}", ruleEditCollaboration, s.handleFollowUpForm},
		{"POST /samverkan/{id}/uppfoljning/{year}", ruleEditCollaboration, s.handleFollowUpSave},
		{"GET /natverk/{slug}/verksamhetsberattelse", ruleRead, s.handleAnnualReportYear},
		{"GET /natverk/{slug}/verksamhetsberattelse/{year}", ruleRead, s.handleAnnualReport},

		{"/", rulePublic, s.notFound},
	}
}

// routes registers every page behind its rule.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		s.handle(mux, rt)
	}
	return mux
}
