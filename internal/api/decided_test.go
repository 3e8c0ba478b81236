package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
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
