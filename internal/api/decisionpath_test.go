package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
)

// TestDecisionPathRules: a company offered as a member of a gemensam nämnd
// is refused with problem+json in Swedish; a region is a member with its
// own steps; a running collaboration cannot end without its decisions.
func TestDecisionPathRules(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	b := jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDeciding)
	b["participants"] = []map[string]any{{"code": gislaved}, {"code": gnosjo}, {"party": "IT-bolaget AB", "party_kind": "bolag", "role": "medlem"}}
	res := a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: b}, http.StatusUnprocessableEntity)
	p := decodeAs[api.Problem](t, res)
	if len(p.Errors) != 1 || p.Errors[0].Code != "member_not_allowed" || p.Errors[0].Field != "participants[2].party" ||
		!strings.Contains(p.Errors[0].Message, "bara kommuner och regioner") || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("company as member: %s", res.Body)
	}
	b["participants"] = []map[string]any{{"code": gislaved}, {"code": gnosjo}, {"party": "Region Jönköpings län", "party_kind": "region", "role": "medlem"}}
	c := a.createCollaboration(b)
	v := decodeAs[api.DecisionPathView](t, a.mustDo(req{Path: fmt.Sprintf("/api/v1/collaborations/%d/decision-path", c.ID)}, 200))
	regionSteps := 0
	for _, st := range v.All {
		if st.Party == "Region Jönköpings län" && st.Body == "regionfullmaktige" {
			regionSteps++
		}
	}
	if regionSteps != 6 || len(v.Gate) != 3 { // adopt, elect, discharge, change, leave, dissolve
		t.Errorf("region steps %d, gate %d: %+v", regionSteps, len(v.Gate), v.Gate)
	}
	// A running agreement cannot end without notice: 409 naming it.
	run := a.createCollaboration(collaborationBody("Gemensam växel", gislaved, gnosjo))
	res = a.mustDo(req{Method: http.MethodPost, Path: fmt.Sprintf("/api/v1/collaborations/%d/status", run.ID),
		Body: map[string]any{"status": samverkan.StatusEnded, "version": run.Version}}, http.StatusConflict)
	if p := decodeAs[api.Problem](t, res); len(p.Missing) != 1 || !p.Missing[0].AnyMember || p.Missing[0].Kind != samverkan.KindLeave {
		t.Errorf("ending without notice: %s", res.Body)
	}
}
