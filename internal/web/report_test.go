package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// Issue 13: the board's yearly oversight (uppsikt) lists everything the
// municipality took part in, in all forms, with its own cost or
// "uppgift saknas", never 0 kr, and marks what the 9:38 report covers.
func TestOversightPage(t *testing.T) {
	e := newEnv(t)
	cost := int64(300000)
	fed := sqldbtest.Collaboration("Räddningsförbund", gislaved, gnosjo)
	fed.LegalForm, fed.Start, fed.AnnualCost, fed.CostKey = samverkan.FormFederationBoard, samverkan.MustDate("2015-01-01"), &cost, samverkan.CostKeyEqual
	e.mustCreate(fed)
	agr := sqldbtest.Collaboration("Lönesamverkan", gnosjo, gislaved)
	agr.Start = samverkan.MustDate("2019-01-01")
	e.mustCreate(agr)
	obs := sqldbtest.Collaboration("Observerad", gnosjo, vaggeryd)
	obs.Participants = append(obs.Participants, samverkan.Participant{Code: gislaved, Role: samverkan.RoleObserver})
	e.mustCreate(obs)

	res := e.get("/kommun/" + gislaved + "/uppsikt?ar=2024")
	if res.Code != http.StatusOK {
		t.Fatalf("oversight = %d", res.Code)
	}
	body := text(res.Body)
	wantContains(t, "oversight", body, "Gislaveds kommun – Kommunstyrelsen", "6 kap. 1 § kommunallagen", "Gislaveds kommun deltog i under 2024",
		"Kommunalförbund med förbundsdirektion", "Räddningsförbund", "150 000 kr", "Avtalssamverkan", "Lönesamverkan",
		"Ingår i rapporten enligt 9 kap. 38 §", "uppgift saknas", "Samverkans kostnad är inte angiven",
		"150 000 kr (1 av 2 samverkan har uppgift)")
	if strings.Contains(body, "Observerad") {
		t.Errorf("the oversight lists a collaboration Gislaved only observes")
	}
	if strings.Contains(body, " 0 kr") {
		i := strings.Index(body, " 0 kr")
		t.Errorf("the oversight shows 0 kr: %q", body[max(0, i-80):i+10])
	}
	wantContains(t, "links", e.get("/kommun/"+gislaved).Body, `href="/kommun/0662/uppsikt"`)
	if res := e.get("/kommun/9999/uppsikt"); res.Code != http.StatusNotFound {
		t.Errorf("unknown municipality = %d", res.Code)
	}
}

// Issue 13 acceptance 3: the KL 9:38 report of the demo municipality with
// an avtalssamverkan (Dals-Ed, which procures for the others) lists it
// with the role, the term, the notice period and the own cost; what the
// source does not give is shown as unknown, never invented, never 0 kr.
func TestDemoReport938(t *testing.T) {
	e := newDemoEnv(t)
	const dalsEd, bengtsfors = "1438", "1460"
	body := text(e.get("/kommun/" + dalsEd + "/rapport-9-38?ar=2024").Body)
	wantContains(t, "Dals-Ed", body, "Dals-Eds kommun – Kommunstyrelsen", "Kommunen deltog i 1 avtalssamverkan under 2024.",
		"Upphandling genom Dals-Ed", "Utförare", "Bengtsfors kommun, Färgelanda kommun, Melleruds kommun, Åmåls kommun",
		"okänt – tills vidare", "Okänd", "uppgift saknas", "Samverkans kostnad är inte angiven", "Hela samverkan: uppgift saknas")
	body = text(e.get("/kommun/" + bengtsfors + "/rapport-9-38?ar=2024").Body)
	wantContains(t, "Bengtsfors", body, "Bengtsfors kommun – Kommunstyrelsen", "Upphandling genom Dals-Ed", "Beställare", "Dals-Eds kommun")
	// The oversight of Dals-Ed has the federation too, marked apart from
	// the report.
	body = text(e.get("/kommun/" + dalsEd + "/uppsikt?ar=2024").Body)
	wantContains(t, "Dals-Ed oversight", body, "Dalslands miljö- och energiförbund", "Upphandling genom Dals-Ed",
		"Ingår i rapporten enligt 9 kap. 38 §")
}
