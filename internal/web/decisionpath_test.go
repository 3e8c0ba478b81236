package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestDecisionPathPage: the collaboration's own body, a region and an old
// decision with an unknown date are recorded through the form; the path
// shows who decides at every step, legal force and the settings; the
// settings form refuses a bad organisation number and the gate then waits
// for legal force; ending without decisions is refused.
func TestDecisionPathPage(t *testing.T) {
	e := newEnv(t)
	c := idea("Räddningstjänstförbund", samverkan.StatusDeciding, samverkan.FormFederationBoard, gislaved, gnosjo)
	c.Participants = append(c.Participants, samverkan.Participant{Party: "Region Jönköpings län", PartyKind: "region", Role: samverkan.RoleMember})
	c = e.mustCreate(c)
	base := fmt.Sprintf("/samverkan/%d", c.ID)

	form := e.get(base + "/beslut/ny?kommun=egen&organ=forbundsdirektion&typ=budget")
	wantContains(t, "decision form", text(form.Body), "Samverkans eget organ", "Region Jönköpings län", "Datum okänt",
		"Anslaget (justering tillkännagiven)", "Beslutet är överklagat", "Diarienummer", "Villkor")

	own := decisionForm("egen", "forbundsdirektion", samverkan.OutcomeApproved, "2024-10-30")
	own.Set("kind", samverkan.KindBudget)
	own.Set("document", "budget")
	own.Set("diarienummer", "RF 2024/3")
	if res := e.post(base+"/beslut/ny", own); res.Code != http.StatusSeeOther {
		t.Fatalf("own body decision = %d: %.600s", res.Code, text(res.Body))
	}
	region := decisionForm("part:Region Jönköpings län", "regionfullmaktige", samverkan.OutcomeConditional, "2024-09-10")
	region.Set("document", "forbundsordning")
	region.Set("condition", "att kommunerna beslutar likadant")
	region.Set("announced_on", "2024-09-16")
	if res := e.post(base+"/beslut/ny", region); res.Code != http.StatusSeeOther {
		t.Fatalf("region decision = %d: %.600s", res.Code, text(res.Body))
	}
	old := decisionForm(gislaved, "kf", samverkan.OutcomeApproved, "")
	old.Set("document", "forbundsordning")
	if res := e.post(base+"/beslut/ny", old); res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("taken without date or 'unknown' = %d", res.Code)
	}
	old.Set("date_unknown", "1")
	if res := e.post(base+"/beslut/ny", old); res.Code != http.StatusSeeOther {
		t.Fatalf("unknown date = %d: %.600s", res.Code, text(res.Body))
	}
	// A municipal body cannot take the direktion's decision.
	bad := decisionForm(gnosjo, "forbundsdirektion", samverkan.OutcomePending, "")
	if res := e.post(base+"/beslut/ny", bad); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(text(res.Body), "Förbundsdirektion är inte ett organ i en kommun") {
		t.Fatalf("municipality as direktion = %d: %.600s", res.Code, text(res.Body))
	}
	ds := e.decisions(c.ID)
	if len(ds) != 3 || ds[0].Owner == "" {
		t.Fatalf("decisions %+v", ds)
	}

	page := text(e.get(base).Body)
	wantContains(t, "path", page, "Samverkans eget organ", "Region Jönköpings län", "Regionfullmäktige", "Val av revisorer eller lekmannarevisor",
		"okänt datum", "villkoret väntar på de andras beslut", "Laga kraft 2024-10-08", "laga kraft okänd",
		"Beslutsvägens inställningar", "KL 9 kap. 1 §")

	// Settings: a bad organisation number is refused in Swedish.
	res := e.post(base+"/beslutsvag", map[string][]string{"version": {"0"}, "org_number": {"12-3"}, "require_legal_force": {"1"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(text(res.Body), "Ogiltigt organisationsnummer") {
		t.Fatalf("bad org number = %d: %.400s", res.Code, text(res.Body))
	}
	res = e.post(base+"/beslutsvag", map[string][]string{"version": {"0"}, "org_number": {"2220001234"}, "require_legal_force": {"1"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("settings = %d: %.400s", res.Code, text(res.Body))
	}
	// Gnosjö decides with bifall: the gate now waits for legal force.
	gn := decisionForm(gnosjo, "kf", samverkan.OutcomeApproved, "2024-09-20")
	gn.Set("document", "forbundsordning")
	e.post(base+"/beslut/ny", gn)
	res = e.post(base+"/status", statusForm(e.collab(c.ID), samverkan.StatusDecided))
	if res.Code != http.StatusConflict || !strings.Contains(text(res.Body), "har inte vunnit laga kraft") {
		t.Fatalf("gate with legal force required = %d: %.600s", res.Code, text(res.Body))
	}
}
