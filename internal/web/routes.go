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
		{"GET /natverk/{slug}/granska", ruleUpdateNetwork, s.handleAreaReview},
		{"POST /natverk/{slug}/granska", ruleUpdateNetwork, s.handleAreaMap},
		{"GET /natverk/{slug}/export.xlsx", ruleRead, s.handleExport("xlsx")},
		{"GET /natverk/{slug}/export.csv", ruleRead, s.handleExport("csv")},
		{"GET /natverk/{slug}/export.json", ruleRead, s.handleExport("json")},
		{"POST /natverk/{slug}/export", ruleRead, s.handleExportStart},
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
		{"POST /samverkan/{id}/beslutsvag", ruleEditCollaboration, s.handlePathSettings},
		{"GET /samverkan/{id}/representation", ruleEditCollaboration, s.handleRepresentationForm},
		{"POST /samverkan/{id}/representation", ruleEditCollaboration, s.handleRepresentationSave},
		{"GET /samverkan/{id}/forstudie", ruleEditCollaboration, s.handleAssessment},
		{"POST /samverkan/{id}/forstudie", ruleEditCollaboration, s.handleAssessmentSave},
		{"GET /samverkan/{id}/beslutsunderlag", ruleRead, s.handleBrief},
		// Money and evidence (issue 15): cost sharing (costshare.go).
		{"GET /samverkan/{id}/kostnadsfordelning", ruleEditCollaboration, s.handleCostSharingForm},
		{"POST /samverkan/{id}/kostnadsfordelning", ruleEditCollaboration, s.handleCostSharingSave},
		{"GET /natverk/{slug}/jamforelse", ruleRead, s.handleKPIComparison},
		{"GET /natverk/{slug}/skalfordelar", ruleRead, s.handleScale},
		{"GET /natverk/{slug}/forslag", ruleRead, s.handleSuggestions},
		{"POST /natverk/{slug}/forslag", ruleUpdateNetwork, s.handleSuggestionAccept},
		{"GET /kommun/{code}/beslut", ruleRead, s.handleMunicipalityPending},
		{"GET /kommun/{code}/rapport-9-38", ruleRead, s.handleReport938},
		{"GET /kommun/{code}/uppsikt", ruleRead, s.handleOversight},

		{"GET /kommun", ruleRead, s.handleMunicipalityIndex},
		{"GET /kommun/{code}", ruleRead, s.handleMunicipalityShow},

		{"GET /sok", ruleRead, s.handleSearch},

		// The network's own life (netrecord.go): risks and obstacles (risk.go),
		// also of each collaboration, meetings (meeting.go), work groups
		// (workgroup.go) and advocacy issues (advocacy.go). A record is found
		// under its own network or collaboration, whose rule guards its writes.
		{"GET /natverk/{slug}/risker", ruleRead, s.handleRisks},
		{"GET /natverk/{slug}/risker/ny", ruleUpdateNetwork, s.handleRiskNew},
		{"POST /natverk/{slug}/risker/ny", ruleUpdateNetwork, s.handleRiskCreate},
		{"GET /natverk/{slug}/risker/{rid}", ruleRead, s.handleRisk},
		{"GET /natverk/{slug}/risker/{rid}/redigera", ruleUpdateNetwork, s.handleRiskEdit},
		{"POST /natverk/{slug}/risker/{rid}/redigera", ruleUpdateNetwork, s.handleRiskUpdate},
		{"POST /natverk/{slug}/risker/{rid}/ta-bort", ruleUpdateNetwork, s.handleRiskDelete},
		{"GET /natverk/{slug}/risker/{rid}/historik", ruleRead, s.riskKind().handleHistory(s)},
		{"POST /natverk/{slug}/risker/{rid}/historik/{auditID}/aterstall", ruleUpdateNetwork, s.riskKind().handleRestore(s)},
		{"GET /samverkan/{id}/risker/ny", ruleEditCollaboration, s.handleRiskNew},
		{"POST /samverkan/{id}/risker/ny", ruleEditCollaboration, s.handleRiskCreate},
		{"GET /samverkan/{id}/risker/{rid}", ruleRead, s.handleRisk},
		{"GET /samverkan/{id}/risker/{rid}/redigera", ruleEditCollaboration, s.handleRiskEdit},
		{"POST /samverkan/{id}/risker/{rid}/redigera", ruleEditCollaboration, s.handleRiskUpdate},
		{"POST /samverkan/{id}/risker/{rid}/ta-bort", ruleEditCollaboration, s.handleRiskDelete},
		{"GET /samverkan/{id}/risker/{rid}/historik", ruleRead, s.riskKind().handleHistory(s)},
		{"POST /samverkan/{id}/risker/{rid}/historik/{auditID}/aterstall", ruleEditCollaboration, s.riskKind().handleRestore(s)},
		{"GET /natverk/{slug}/moten", ruleRead, s.handleMeetings},
		{"GET /natverk/{slug}/moten/ny", ruleUpdateNetwork, s.handleMeetingNew},
		{"POST /natverk/{slug}/moten/ny", ruleUpdateNetwork, s.handleMeetingCreate},
		{"GET /natverk/{slug}/moten/{mid}", ruleRead, s.handleMeeting},
		{"GET /natverk/{slug}/moten/{mid}/redigera", ruleUpdateNetwork, s.handleMeetingEdit},
		{"POST /natverk/{slug}/moten/{mid}/redigera", ruleUpdateNetwork, s.handleMeetingUpdate},
		{"POST /natverk/{slug}/moten/{mid}/ta-bort", ruleUpdateNetwork, s.handleMeetingDelete},
		{"GET /natverk/{slug}/moten/{mid}/historik", ruleRead, s.meetingKind().handleHistory(s)},
		{"POST /natverk/{slug}/moten/{mid}/historik/{auditID}/aterstall", ruleUpdateNetwork, s.meetingKind().handleRestore(s)},
		{"GET /natverk/{slug}/arbetsgrupper", ruleRead, s.handleWorkGroups},
		{"GET /natverk/{slug}/arbetsgrupper/ny", ruleUpdateNetwork, s.handleWorkGroupNew},
		{"POST /natverk/{slug}/arbetsgrupper/ny", ruleUpdateNetwork, s.handleWorkGroupCreate},
		{"GET /natverk/{slug}/arbetsgrupper/{gid}", ruleRead, s.handleWorkGroup},
		{"GET /natverk/{slug}/arbetsgrupper/{gid}/redigera", ruleUpdateNetwork, s.handleWorkGroupEdit},
		{"POST /natverk/{slug}/arbetsgrupper/{gid}/redigera", ruleUpdateNetwork, s.handleWorkGroupUpdate},
		{"POST /natverk/{slug}/arbetsgrupper/{gid}/ta-bort", ruleUpdateNetwork, s.handleWorkGroupDelete},
		{"GET /natverk/{slug}/arbetsgrupper/{gid}/historik", ruleRead, s.workGroupKind().handleHistory(s)},
		{"POST /natverk/{slug}/arbetsgrupper/{gid}/historik/{auditID}/aterstall", ruleUpdateNetwork, s.workGroupKind().handleRestore(s)},
		{"GET /natverk/{slug}/paverkan", ruleRead, s.handleAdvocacy},
		{"GET /natverk/{slug}/paverkan/ny", ruleUpdateNetwork, s.handleAdvocacyNew},
		{"POST /natverk/{slug}/paverkan/ny", ruleUpdateNetwork, s.handleAdvocacyCreate},
		{"GET /natverk/{slug}/paverkan/{fid}", ruleRead, s.handleAdvocacyIssue},
		{"GET /natverk/{slug}/paverkan/{fid}/redigera", ruleUpdateNetwork, s.handleAdvocacyEdit},
		{"POST /natverk/{slug}/paverkan/{fid}/redigera", ruleUpdateNetwork, s.handleAdvocacyUpdate},
		{"POST /natverk/{slug}/paverkan/{fid}/ta-bort", ruleUpdateNetwork, s.handleAdvocacyDelete},
		{"GET /natverk/{slug}/paverkan/{fid}/historik", ruleRead, s.advocacyKind().handleHistory(s)},
		{"POST /natverk/{slug}/paverkan/{fid}/historik/{auditID}/aterstall", ruleUpdateNetwork, s.advocacyKind().handleRestore(s)},
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

		// Reminders, calendar feeds and background jobs (reminder.go, issue 16).
		// A feed and an unsubscribe link carry their own secret token.
		{"GET /konto/paminnelser", ruleSelf, s.handleReminders},
		{"POST /konto/paminnelser", ruleSelf, s.handleRemindersSave},
		{"POST /konto/paminnelser/kalender", ruleSelf, s.handleFeedCreate},
		{"POST /konto/paminnelser/kalender/{feedID}/aterkalla", ruleSelf, s.handleFeedRevoke},
		{"GET /natverk/{slug}/kalender", ruleUpdateNetwork, s.handleNetworkFeeds},
		{"POST /natverk/{slug}/kalender", ruleUpdateNetwork, s.handleNetworkFeedCreate},
		{"POST /natverk/{slug}/kalender/{feedID}/aterkalla", ruleUpdateNetwork, s.handleNetworkFeedRevoke},
		{"GET /kalender/{token}", rulePublic, s.handleFeed},
		{"GET /paminnelser/avsluta/{token}", rulePublic, s.handleUnsubscribeForm},
		{"POST /paminnelser/avsluta/{token}", rulePublic, s.handleUnsubscribe},
		{"GET /jobb/{jobID}", ruleRead, s.handleJob},
		{"GET /jobb/{jobID}/fil", ruleRead, s.handleJobFile},
		// Pictures (issue 14): the map, coverage matrix, network graph,
		// charts and key functions.
		{"GET /karta", ruleRead, s.handleMap},
		{"GET /natverk/{slug}/matris", ruleRead, s.handleCoverage},
		{"GET /natverk/{slug}/graf", ruleRead, s.handleGraph},
		{"GET /graf", ruleRead, s.handleGraph},
		{"GET /natverk/{slug}/diagram", ruleRead, s.handleCharts},
		{"GET /natverk/{slug}/sarbarhet", ruleRead, s.handleVulnerability},
		{"GET /kommun/{code}/nyckelfunktioner", ruleRead, s.handleKeyFunctions},
		{"POST /kommun/{code}/nyckelfunktioner", ruleUpdateMunicipality, s.handleKeyFunctionsSave},
		{"GET /natverk/{slug}/matris.csv", ruleRead, s.handleCoverageExport("csv")},
		{"GET /natverk/{slug}/matris.xlsx", ruleRead, s.handleCoverageExport("xlsx")},
		// Open data, the national register, archive packages and the pages
		// the law and users expect (issue 17): opendata.go, national.go,
		// archive.go, about.go.
		{"GET /oppna-data", rulePublic, s.handleOpenData},
		{"GET /oppna-data/schema", rulePublic, s.handleOpenDataSchema},
		{"GET /oppna-data/katalog", rulePublic, s.handleCatalogue},
		{"GET /oppna-data/installningar", ruleAdmin, s.handleOpenDataSettings},
		{"POST /oppna-data/installningar", ruleAdmin, s.handleOpenDataSettingsSave},
		{"GET /oppna-data/{file}", rulePublic, s.handleOpenDataFile},
		{"GET /nationellt", rulePublic, s.handleNational},
		{"POST /samverkan/{id}/arkiv", ruleAdmin, s.handleCollaborationArchive},
		{"POST /natverk/{slug}/arkiv", ruleAdmin, s.handleNetworkArchive},
		{"GET /om", rulePublic, s.staticPage("about", "about")},
		{"GET /tillganglighet", rulePublic, s.staticPage("accessibility", "a11y")},
		{"GET /personuppgifter", rulePublic, s.staticPage("privacy", "privacy")},
		{"GET /hjalp", rulePublic, s.staticPage("help", "help")},

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

// RoutePatterns lists the pattern of every route of the table, for the
// benchmark that renders each page once (internal/server) and must cover
// them all.
func RoutePatterns() []string {
	var out []string
	for _, rt := range (&server{}).routeTable() {
		out = append(out, rt.pattern)
	}
	return out
}
