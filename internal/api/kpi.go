package api

import (
	"net/http"
	"regexp"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/kolada"
)

// Kolada key figures stored by `samverkan kolada sync`, per municipality
// (GET /municipalities/{code}/kpis?kpi=ID).

// KPIItem is one stored Kolada value.
type KPIItem struct {
	KPI    string `json:"kpi"`
	Year   int    `json:"year"`
	Gender string `json:"gender"`
	// Value is null when Kolada has no figure: unknown, not zero.
	Value   *float64  `json:"value"`
	Fetched time.Time `json:"fetched"`
}

// KPIsView lists a municipality's stored values of one KPI.
type KPIsView struct {
	Municipality string    `json:"municipality"`
	Title        string    `json:"title"`
	Source       string    `json:"source"`
	Items        []KPIItem `json:"items"`
}

var kpiParamRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

func (s *Server) handleMunicipalityKPIs(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipality(r)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Kommunen finns inte."))
		return
	}
	kpi := r.URL.Query().Get("kpi")
	if kpi == "" {
		s.Error(w, r, badParam("kpi", "required"))
		return
	}
	if !kpiParamRE.MatchString(kpi) {
		s.Error(w, r, badParam("kpi", "invalid_kpi", kpi))
		return
	}
	ks, err := samverkan.KPIs(s.store)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	vs, err := ks.KPIValues(r.Context(), kpi, []string{m.Code}, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	infos, err := ks.KPIInfos(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := KPIsView{Municipality: m.Code, Source: kolada.Attribution, Items: []KPIItem{}}
	for _, k := range infos {
		if k.ID == kpi {
			out.Title = k.Title
		}
	}
	for _, v := range vs {
		out.Items = append(out.Items, KPIItem{KPI: v.KPI, Year: v.Year, Gender: v.Gender, Value: v.Value, Fetched: v.Fetched})
	}
	s.respond(w, r, http.StatusOK, out)
}

// kpiSpec documents the Kolada values.
func kpiSpec(sp *spec) {
	sp.param("kpi", map[string]any{"description": "Kolada KPI id, e.g. N07024.", "required": true,
		"schema": map[string]any{"type": "string", "pattern": "^[A-Za-z0-9_-]{1,40}$"}})
	sp.note("KPIsView.source", map[string]any{"description": "Always \"Källa: Kolada\": the values are Kolada's, as fetched."})
	sp.note("KPIsView.title", map[string]any{"description": "The KPI's title as Kolada gives it; empty when the KPI is not stored."})
	sp.note("KPIItem.gender", map[string]any{"enum": []string{"T", "K", "M"}, "description": "T total, K women, M men."})
	sp.note("KPIItem.value", map[string]any{"description": "Null when Kolada has no figure (unknown, not zero)."})
	sp.note("KPIItem.fetched", map[string]any{"description": "When `samverkan kolada sync` fetched it."})
	sp.op("GET /api/v1/municipalities/{code}/kpis", opDoc{summary: "A municipality's stored Kolada values of one KPI",
		description: "Values fetched with `samverkan kolada sync`, every year and gender stored. Källa: Kolada.",
		status:      200, result: obj[KPIsView](), errors: readErrors})
}
