package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan"
)

// Key functions and vulnerability: a municipality's register
// (GET, and PUT with the version read in If-Match or the body) and a
// network's heat map, as on /kommun/{code}/nyckelfunktioner and
// /natverk/{slug}/sarbarhet.

func (s *Server) keyFunctionStore() (samverkan.KeyFunctionStore, error) {
	ks, ok := s.store.(samverkan.KeyFunctionStore)
	if !ok {
		return nil, samverkan.Errorf(samverkan.EINTERNAL, "Lagret har inga nyckelfunktioner.")
	}
	return ks, nil
}

func (s *Server) keyFunctionRecord(code string) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			if _, ok := s.cat.Municipality(code); !ok {
				return nil, 0, samverkan.Errorf(samverkan.ENOTFOUND, "Kommunen %s finns inte.", code)
			}
			ks, err := s.keyFunctionStore()
			if err != nil {
				return nil, 0, err
			}
			k, err := ks.KeyFunctionsOf(ctx, code)
			if err != nil {
				return nil, 0, err
			}
			return k, k.Version, nil
		},
		path: "/api/v1/municipalities/" + code + "/key-functions",
	}
}

func (s *Server) handleKeyFunctionsGet(w http.ResponseWriter, r *http.Request) {
	s.get(w, r, s.keyFunctionRecord(r.PathValue("code")))
}

// handleKeyFunctionsPut creates the register (no version) or replaces it
// (the version read).
func (s *Server) handleKeyFunctionsPut(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, ok := s.cat.Municipality(code); !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Kommunen %s finns inte.", code))
		return
	}
	ks, err := s.keyFunctionStore()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var k samverkan.MunicipalityKeyFunctions
	s.savedWrite(w, r, s.keyFunctionRecord(code), &k, &k.Version, false, http.StatusCreated, func() error {
		if k.Municipality != "" && k.Municipality != code {
			return mismatch("municipality", "id_mismatch")
		}
		k.Municipality = code
		return nil
	}, func(ctx context.Context) error {
		return ks.SaveKeyFunctions(ctx, &k)
	})
}

func (s *Server) handleNetworkKeyFunctions(w http.ResponseWriter, r *http.Request) {
	if s.listNotModified(w, r) {
		return
	}
	_, v, err := samverkan.NetworkVulnerability(r.Context(), s.store, r.PathValue("slug"), samverkan.Today())
	if err != nil {
		w.Header().Del("ETag")
		s.Error(w, r, err)
		return
	}
	s.respond(w, r, http.StatusOK, v)
}

// keyFunctionSpec documents the registers and the heat map.
func keyFunctionSpec(sp *spec) {
	sp.note("MunicipalityKeyFunctions.municipality", map[string]any{"description": "Set from the URL."})
	sp.note("MunicipalityKeyFunctions.version", map[string]any{"description": "0 (or absent) to create; the version read to replace (or use If-Match)."})
	sp.note("MunicipalityKeyFunctions.updated", map[string]any{"description": "When the register was last saved; ignored on write."})
	sp.note("KeyFunctionEntry.function", sp.vocab("KeyFunction", samverkan.KeyFunctions()))
	sp.note("KeyFunctionEntry.fte", map[string]any{"minimum": 0, "maximum": samverkan.MaxFTE, "description": "Full-time equivalents; null when unknown (never read as 0)."})
	sp.note("KeyFunctionEntry.vacancies", map[string]any{"minimum": 0, "maximum": samverkan.MaxFTE, "description": "Unfilled positions; null when unknown."})
	sp.note("KeyFunctionEntry.single_person", map[string]any{"description": "One person alone carries the function; null when unknown (then an FTE of at most 1 counts as single-person)."})
	sp.note("KeyFunctionEntry.recruitment_difficulty", map[string]any{"minimum": 1, "maximum": samverkan.DifficultyMax, "description": "1 easy – 5 very hard; null when unknown."})
	sp.note("KeyFunctionEntry.updated", map[string]any{"description": "When the entry's figures last changed; set by the server, ignored on write."})
	sp.note("KeyFunctionEntry.example", map[string]any{"description": "Invented demo values."})
	sp.note("VulnerableFunction.entries", map[string]any{"description": "Per member, in the order of members; null where the member registered nothing."})
	sp.note("VulnerableFunction.sharing", map[string]any{"description": "Running collaborations of the network in the function's areas: they already share it."})
	sp.note("VulnerableFunction.ideas", map[string]any{"description": "Pipeline collaborations (ideas) in the function's areas: they would share it."})
	kfErrors := []int{400, 404, 413, 415, 422, 500}
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/municipalities/{code}/key-functions": {summary: "The municipality's key functions",
			description: "An empty register with version 0 when none is saved.",
			status:      200, result: obj[samverkan.MunicipalityKeyFunctions](), errors: readErrors},
		"PUT /api/v1/municipalities/{code}/key-functions": {summary: "Create or replace the municipality's key functions",
			description: "Without a version it creates (201); with the version read (If-Match or body) it replaces (200). Entries with no figure and no note are dropped; each change is audited.",
			body:        obj[samverkan.MunicipalityKeyFunctions](), status: 200, created: true, result: obj[samverkan.MunicipalityKeyFunctions](),
			errors: append(kfErrors, 412, 428)},
		"GET /api/v1/networks/{slug}/key-functions": {summary: "The network's vulnerability map: members × key functions",
			description: "Each function with the members' entries, the members where one person carries it, and the network's collaborations that share it (running) or would (ideas).",
			status:      200, result: obj[samverkan.Vulnerability](), errors: readErrors},
	} {
		sp.op(pattern, d)
	}
}
