package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestRepresentationForm: the page shows every participant as "Ej
// angivet" until stated; the form saves seats, electors and the data
// protection and the page shows them; a stale version is 409; 100 seats
// and a controller participant left out are 422 with Swedish messages and
// nothing written.
func TestRepresentationForm(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(idea("Gemensam IT-nämnd", samverkan.StatusDeciding, samverkan.FormJointCommittee, gislaved, gnosjo))
	base := fmt.Sprintf("/samverkan/%d", c.ID)

	page := text(e.get(base).Body)
	wantContains(t, "page before", page, "Representation och dataskydd", "Ej angivet", "Personuppgiftsansvarig")

	form := text(e.get(base + "/representation").Body)
	wantContains(t, "form", form, "Ledamöter", "Ersättare", "Väljs av", "Kommunfullmäktige", "Personuppgiftsbiträdesavtal (GDPR art. 28)")

	good := url.Values{"version": {"0"},
		"s.0.member": {"k:" + gislaved}, "s.0.seats": {"3"}, "s.0.substitutes": {""}, "s.0.elected_by": {"kf"},
		"s.1.member": {"k:" + gnosjo}, "s.1.seats": {""}, "s.1.substitutes": {""}, "s.1.elected_by": {""},
		"controller": {samverkan.ControllerParticipant}, "controller_member": {"k:" + gislaved},
		"arrangement": {samverkan.ArrangementProcessor}, "archive_member": {"k:" + gislaved}, "archive_body": {""}}
	if res := e.post(base+"/representation", good); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %.600s", res.Code, text(res.Body))
	}
	page = text(e.get(base).Body)
	wantContains(t, "page after", page, "Kommunfullmäktige", "En av deltagarna: Gislaved", "Personuppgiftsbiträdesavtal (GDPR art. 28)")
	if !strings.Contains(page, "Ej angivet") {
		t.Errorf("Gnosjö's seats, not stated, should show as Ej angivet")
	}

	// The form still holds version 0: someone saved since.
	if res := e.post(base+"/representation", good); res.Code != http.StatusConflict {
		t.Errorf("stale = %d, want 409", res.Code)
	}

	bad := url.Values{}
	for k, v := range good {
		bad[k] = v
	}
	bad.Set("version", "1")
	bad.Set("s.1.seats", "100")
	bad.Set("controller_member", "")
	res := e.post(base+"/representation", bad)
	body := text(res.Body)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "Antalet måste vara ett heltal från 0 till 99") ||
		!strings.Contains(body, "Välj vilken deltagare som är personuppgiftsansvarig") {
		t.Fatalf("bad input = %d: %.800s", res.Code, body)
	}
	bad.Set("s.1.seats", "två")
	if res := e.post(base+"/representation", bad); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("non-number = %d, want 422", res.Code)
	}
	rep, err := e.db.Representation(t.Context(), c.ID)
	if err != nil || rep.Version != 1 || len(rep.Seats) != 1 || rep.Seats[0].Seats == nil || *rep.Seats[0].Seats != 3 || rep.Seats[0].Substitutes != nil {
		t.Errorf("after refused writes: %+v %v", rep, err)
	}
}
