package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// Issue 11 acceptance 3, UI: the new-collaboration form refuses
// "beslutad" while the path lacks decisions, with a Swedish message at
// the status field, and keeps what was typed; igång is accepted.
func TestFormRefusesDecidedWithoutDecisions(t *testing.T) {
	e := newEnv(t)
	v := validForm()
	v.Set("status", samverkan.StatusDecided)
	res := e.post("/samverkan/ny", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("POST beslutad = %d, want 422: %.400s", res.Code, text(res.Body))
	}
	wantContains(t, "refusal", text(res.Body), "Status Beslutad kräver att alla beslut i beslutsvägen är registrerade med bifall.",
		"Gislaved: Kommunfullmäktige – Anta styrdokument", "Igång om samverkan redan har startat")
	wantContains(t, "typed values kept", res.Body, `value="Gemensam överförmyndare"`, `value="1 200 000"`)
	if !describedByError(res.Body, "f-status") {
		t.Errorf("the status field is not marked invalid")
	}
	if n := e.count(); n != 0 {
		t.Errorf("refused form wrote %d records", n)
	}
	v.Set("status", samverkan.StatusRunning)
	if res := e.post("/samverkan/ny", v); res.Code != http.StatusSeeOther {
		t.Errorf("POST igång = %d, want 303", res.Code)
	}
}

// Issue 11: a collaboration registered as already running shows its
// unregistered decisions neutrally; one being decided shows "Saknas",
// and the pending lists name every required decision nobody registered.
func TestUnregisteredDecisions(t *testing.T) {
	e := newEnv(t)
	run := sqldbtest.Collaboration("Gemensam nämnd sedan 2015", gislaved, gnosjo)
	run.LegalForm, run.Networks = samverkan.FormJointCommittee, []string{"ggvv"}
	e.mustCreate(run)
	dec := sqldbtest.Collaboration("Gemensam IT-nämnd", gislaved, gnosjo)
	dec.LegalForm, dec.Status, dec.Networks = samverkan.FormJointCommittee, samverkan.StatusDeciding, []string{"ggvv"}
	e.mustCreate(dec)

	page := e.get("/samverkan/" + itoa(run.ID))
	if strings.Contains(page.Body, "path-missing") || strings.Contains(text(page.Body), "Saknas") {
		t.Errorf("a running collaboration shows its unregistered decisions as missing")
	}
	wantContains(t, "running", page.Body, `<span class="path-unregistered">beslut ej registrerade</span>`)
	en := e.get("/samverkan/"+itoa(run.ID), &http.Cookie{Name: "lang", Value: "en"})
	wantContains(t, "running, English", en.Body, "decisions not registered")

	page = e.get("/samverkan/" + itoa(dec.ID))
	wantContains(t, "deciding", page.Body, `class="path-missing">Saknas</strong>`)
	// The decision brief goes to a board or council: legal names.
	wantContains(t, "brief", text(e.get("/samverkan/"+itoa(dec.ID)+"/beslutsunderlag").Body), "Gislaveds kommun", "Gnosjö kommun")

	for _, path := range []string{"/natverk/ggvv/beslut", "/kommun/" + gislaved + "/beslut"} {
		body := text(e.get(path).Body)
		wantContains(t, path, body, "Gemensam IT-nämnd", "Ej registrerat", "inte registrerade alls")
		if strings.Contains(body, "Gemensam nämnd sedan 2015") {
			t.Errorf("%s lists a running collaboration", path)
		}
	}
	// Gislaved's list holds Gislaved's steps of the path only; the
	// network's every step (the path comes from the one rule table). The
	// lists ask for the founding decisions: elections and the start steps
	// follow once the collaboration is formed.
	path, _ := samverkan.StepPath(dec, samverkan.PathSettings{}, samverkan.StepFound)
	mine := 0
	for _, r := range path {
		if r.Municipality == gislaved {
			mine++
		}
	}
	if n := strings.Count(text(e.get("/kommun/"+gislaved+"/beslut").Body), "Ej registrerat"); n != mine || n == 0 {
		t.Errorf("Gislaved's list has %d unregistered decisions, want %d", n, mine)
	}
	if n := strings.Count(text(e.get("/natverk/ggvv/beslut").Body), "Ej registrerat"); n != len(path) || n <= mine {
		t.Errorf("the network's list has %d unregistered decisions, want %d", n, len(path))
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Issue 13: a decision taken on a date no source gives is registered
// with an unknown date and shown as "okänt datum", not given an invented
// one.
func TestDecisionWithUnknownDate(t *testing.T) {
	e := newEnv(t)
	c := sqldbtest.Collaboration("Gemensam nämnd sedan 2015", gislaved, gnosjo)
	c.LegalForm = samverkan.FormJointCommittee
	e.mustCreate(c)
	v := decisionForm(gislaved, "kf", samverkan.OutcomeApproved, "")
	v.Set("date_unknown", "1")
	if res := e.post("/samverkan/"+itoa(c.ID)+"/beslut/ny", v); res.Code != http.StatusSeeOther {
		t.Fatalf("undated decision = %d: %.300s", res.Code, text(res.Body))
	}
	page := text(e.get("/samverkan/" + itoa(c.ID)).Body)
	wantContains(t, "undated", page, "Bifall okänt datum", "okänt datum")
}
