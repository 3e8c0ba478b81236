package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
)

// Issue 11 acceptance 3, API: creating a record as "beslutad" while its
// decision path lacks decisions is refused with problem+json that names
// the missing decisions, in Swedish and in English; igång is accepted
// without any decision.
func TestCreateDecidedRefused(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	res := a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations",
		Body: jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDecided)}, http.StatusUnprocessableEntity)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("Content-Type = %q", ct)
	}
	p := problem(t, res)
	if len(p.Missing) != 2 || p.Missing[0].MunicipalityName != "Gislaved" || p.Missing[1].MunicipalityName != "Gnosjö" {
		t.Errorf("missing = %+v", p.Missing)
	}
	if !hasField(p, "status", "decided_decisions_missing") ||
		!strings.Contains(p.Errors[0].Message, "Status Beslutad kräver") ||
		!strings.Contains(p.Errors[0].Message, "Gislaved: Kommunfullmäktige – Anta styrdokument") {
		t.Errorf("Swedish problem = %+v", p)
	}
	res = a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations",
		Body:   jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDecided),
		Header: map[string]string{"Accept-Language": "en"}}, http.StatusUnprocessableEntity)
	if p := problem(t, res); !strings.Contains(p.Errors[0].Message, "Missing: Gislaved: Municipal council – Adopt a governing document") {
		t.Errorf("English problem = %+v", p)
	}
	// Nothing was written; a running collaboration registers as it is.
	l := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/collaborations"}, 200))
	if l.Total != 0 {
		t.Errorf("refused creates wrote %d records", l.Total)
	}
	a.createCollaboration(jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusRunning))
}

// Issue 13: the report's rows and the oversight through the API: the
// legal name, the role, the own cost (null when unknown, never 0).
func TestReportRowsAndOversightAPI(t *testing.T) {
	a := newTestAPI(t)
	b := collaborationBody("Löner", gislaved, gnosjo)
	b["legal_form"], b["status"], b["start"], b["annual_cost"], b["cost_key"] = samverkan.FormAgreement, samverkan.StatusRunning, "2020-01-01", 100000, "lika_delar"
	a.createCollaboration(b)
	p := collaborationBody("Köpt tjänst", gnosjo, gislaved)
	p["legal_form"], p["status"], p["start"] = samverkan.FormPurchase, samverkan.StatusRunning, "2020-01-01"
	delete(p, "annual_cost")
	delete(p, "cost_key")
	a.createCollaboration(p)
	f := collaborationBody("Förbund", gislaved, gnosjo)
	f["legal_form"], f["status"], f["start"] = samverkan.FormFederationBoard, samverkan.StatusRunning, "2020-01-01"
	delete(f, "annual_cost")
	delete(f, "cost_key")
	a.createCollaboration(f)

	r := decodeAs[api.Report938](t, a.mustDo(req{Path: "/api/v1/municipalities/" + gnosjo + "/report-9-38?year=2024"}, 200))
	if r.OfficialName != "Gnosjö kommun" || r.Total != 2 || len(r.Rows) != 2 {
		t.Fatalf("report = %+v", r)
	}
	for _, row := range r.Rows {
		switch row.Collaboration.Title {
		case "Löner":
			if row.Role != "bestallare" || row.OwnCost == nil || *row.OwnCost != 50000 || row.OwnCostBasis != "andel" {
				t.Errorf("Löner: %+v", row)
			}
		case "Köpt tjänst":
			if row.Role != "utforare" || row.OwnCost != nil || row.OwnCostBasis != "okand" {
				t.Errorf("Köpt tjänst: %+v", row)
			}
		}
	}
	res := a.mustDo(req{Path: "/api/v1/municipalities/" + gnosjo + "/oversight?year=2024"}, 200)
	if !strings.Contains(string(res.Body), `"own_cost":null`) {
		t.Errorf("an unknown own cost is not null: %s", res.Body)
	}
	o := decodeAs[api.OversightView](t, res)
	if o.OfficialName != "Gnosjö kommun" || o.Total != 3 || len(o.Forms) != 3 || o.OwnCost.Known != 1 || o.OwnCost.Of != 3 ||
		o.OwnCost.Sum == nil || *o.OwnCost.Sum != 50000 {
		t.Errorf("oversight = %+v", o)
	}
	a.mustDo(req{Path: "/api/v1/municipalities/9999/oversight"}, http.StatusNotFound)
	a.mustDo(req{Path: "/api/v1/municipalities/" + gnosjo + "/oversight?year=x"}, http.StatusBadRequest)
}
