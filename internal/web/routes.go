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

	mux.HandleFunc("GET /samverkan/ny", s.handleCollaborationNew)
	mux.HandleFunc("POST /samverkan/ny", s.handleCollaborationCreate)
	mux.HandleFunc("GET /samverkan/{id}", s.handleCollaborationShow)
	mux.HandleFunc("GET /samverkan/{id}/redigera", s.handleCollaborationEdit)
	mux.HandleFunc("POST /samverkan/{id}/redigera", s.handleCollaborationUpdate)
	mux.HandleFunc("GET /samverkan/{id}/ta-bort", s.handleCollaborationDeleteConfirm)
	mux.HandleFunc("POST /samverkan/{id}/ta-bort", s.handleCollaborationDelete)

	mux.HandleFunc("GET /kommun", s.handleMunicipalityIndex)
	mux.HandleFunc("GET /kommun/{code}", s.handleMunicipalityShow)

	mux.HandleFunc("GET /sok", s.handleSearch)

	mux.HandleFunc("/", s.notFound)
	return mux
}
