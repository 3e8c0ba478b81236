package web

import "net/http"

// routes lists every page of the web UI. The API, /openapi.json and /healthz
// are mounted next to this handler by internal/server.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleOverview)
	mux.HandleFunc("GET /sprak", s.handleLanguage)
	mux.HandleFunc("GET /static/{file}", s.handleStatic)

	mux.HandleFunc("GET /natverk", s.handleNetworkIndex)
	mux.HandleFunc("GET /natverk/{slug}", s.handleNetworkShow)
	mux.HandleFunc("GET /natverk/{slug}/import", s.handleImportForm)
	mux.HandleFunc("POST /natverk/{slug}/import", s.handleImportUpload)
	mux.HandleFunc("POST /natverk/{slug}/import/forhandsgranska", s.handleImportPreview)
	mux.HandleFunc("POST /natverk/{slug}/import/bekrafta", s.handleImportConfirm)
	mux.HandleFunc("GET /natverk/{slug}/import/klar", s.handleImportDone)
	mux.HandleFunc("GET /natverk/{slug}/export.xlsx", s.handleExport("xlsx"))
	mux.HandleFunc("GET /natverk/{slug}/export.csv", s.handleExport("csv"))
	mux.HandleFunc("GET /natverk/{slug}/export.json", s.handleExport("json"))
	mux.HandleFunc("GET /import/mall.xlsx", s.handleImportTemplate)

	mux.HandleFunc("GET /samverkan/ny", s.handleCollaborationNew)
	mux.HandleFunc("POST /samverkan/ny", s.handleCollaborationCreate)
	mux.HandleFunc("GET /samverkan/{id}", s.handleCollaborationShow)
	mux.HandleFunc("GET /samverkan/{id}/redigera", s.handleCollaborationEdit)
	mux.HandleFunc("POST /samverkan/{id}/redigera", s.handleCollaborationUpdate)
	mux.HandleFunc("GET /samverkan/{id}/ta-bort", s.handleCollaborationDeleteConfirm)
	mux.HandleFunc("POST /samverkan/{id}/ta-bort", s.handleCollaborationDelete)

	// Audit history and restore; the public transparency view (issue 5).
	mux.HandleFunc("GET /samverkan/{id}/historik", s.handleHistory)
	mux.HandleFunc("POST /samverkan/{id}/historik/{auditID}/aterstall", s.handleRestore)
	s.insynRoutes(mux)

	// Pipeline, decisions, pre-study, reports (issue 3).
	mux.HandleFunc("GET /natverk/{slug}/mojligheter", s.handlePipeline)
	mux.HandleFunc("GET /natverk/{slug}/beslut", s.handleNetworkPending)
	mux.HandleFunc("POST /samverkan/{id}/status", s.handleStatusChange)
	mux.HandleFunc("GET /samverkan/{id}/beslut/ny", s.handleDecisionNew)
	mux.HandleFunc("POST /samverkan/{id}/beslut/ny", s.handleDecisionCreate)
	mux.HandleFunc("GET /samverkan/{id}/beslut/{bid}/redigera", s.handleDecisionEdit)
	mux.HandleFunc("POST /samverkan/{id}/beslut/{bid}/redigera", s.handleDecisionUpdate)
	mux.HandleFunc("POST /samverkan/{id}/beslut/{bid}/ta-bort", s.handleDecisionDelete)
	mux.HandleFunc("GET /samverkan/{id}/forstudie", s.handleAssessment)
	mux.HandleFunc("POST /samverkan/{id}/forstudie", s.handleAssessmentSave)
	mux.HandleFunc("GET /samverkan/{id}/beslutsunderlag", s.handleBrief)
	mux.HandleFunc("GET /kommun/{code}/beslut", s.handleMunicipalityPending)
	mux.HandleFunc("GET /kommun/{code}/rapport-9-38", s.handleReport938)

	mux.HandleFunc("GET /kommun", s.handleMunicipalityIndex)
	mux.HandleFunc("GET /kommun/{code}", s.handleMunicipalityShow)

	mux.HandleFunc("GET /sok", s.handleSearch)

	mux.HandleFunc("/", s.notFound)
	return mux
}
