package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestNewFormPreselects: a coordinator's network is chosen and an editor's
// municipality is a participant when the new-collaboration form opens.
func TestNewFormPreselects(t *testing.T) {
	a := newAuthEnv(t)
	if body := a.request(roleCoord, "GET", "/samverkan/ny", nil).Body; !regexp.MustCompile(`value="ggvv" checked`).MatchString(body) {
		t.Error("the coordinator's network GGVV is not preselected")
	}
	body := a.request(roleHeby, "GET", "/samverkan/ny", nil).Body
	if !regexp.MustCompile(`name="members\.0\.code"[^>]*value="Heby"`).MatchString(body) {
		t.Error("the editor's municipality Heby is not the first participant")
	}
	if body := a.request(roleAdmin, "GET", "/samverkan/ny", nil).Body; regexp.MustCompile(`name="networks"[^>]*checked`).MatchString(body) {
		t.Error("an admin gets a network preselected")
	}
}

// typed is a new collaboration as a coordinator of GGVV types it.
func typed(network string) url.Values {
	return url.Values{
		"title": {"Gemensam lönehantering i länet"}, "description": {"Ett lönecenter för alla, skrivet med omsorg."},
		"legal_form": {samverkan.FormAgreement}, "status": {samverkan.StatusRunning}, "networks": {network},
		"members.0.code": {"Gislaved"}, "members.0.role": {samverkan.RoleMember},
		"members.1.code": {"Gnosjö"}, "members.1.role": {samverkan.RoleMember},
		"annual_cost": {"350 000"}, "public": {"1"},
	}
}

// keptInput reports what of the typed form is missing from the page.
func keptInput(body string, v url.Values) []string {
	var missing []string
	for _, k := range []string{"title", "description", "annual_cost", "members.0.code"} {
		if w := v.Get(k); w != "" && !strings.Contains(body, w) {
			missing = append(missing, k)
		}
	}
	return missing
}

// TestFormRefusalsKeepInput: every way a save is refused shows the form
// again with what was typed and the reason: a network the user may not
// write to (403), bad input (422), the decision gate (409) and a stale
// version (409).
func TestFormRefusalsKeepInput(t *testing.T) {
	a := newAuthEnv(t)

	// A coordinator of GGVV who chose V6.
	v := typed("v6")
	res := a.request(roleCoord, "POST", "/samverkan/ny", v)
	if res.Code != http.StatusForbidden {
		t.Fatalf("another network = %d, want 403", res.Code)
	}
	if m := keptInput(res.Body, v); len(m) > 0 || !strings.Contains(text(res.Body), "din behörighet är Samordnare för ett nätverk: GGVV") {
		t.Errorf("403: the form lost %v or gives no reason: %.600s", m, text(res.Body))
	}
	if !strings.Contains(res.Body, `<form`) || !regexp.MustCompile(`value="v6" checked`).MatchString(res.Body) {
		t.Error("403 is not the form with the choice kept")
	}
	// A reader may create nothing: the plain refusal.
	if res := a.request(roleReader, "POST", "/samverkan/ny", typed("v6")); res.Code != http.StatusForbidden || strings.Contains(res.Body, `name="title"`) {
		t.Errorf("reader = %d, form shown %v", res.Code, strings.Contains(res.Body, `name="title"`))
	}

	// An editor of a record who moves it out of reach.
	ed := a.request(roleHeby, "GET", fmt.Sprintf("/samverkan/%d/redigera", a.it.ID), nil)
	if ed.Code != http.StatusOK {
		t.Fatalf("edit form = %d", ed.Code)
	}
	moved := formValues(t, ed.Body)
	for k := range moved {
		if strings.HasPrefix(k, "members.") && moved.Get(k) == "Heby" {
			moved.Set(k, "")
		}
	}
	moved.Set("description", "Heby lämnar, skrivet av Heby.")
	res = a.request(roleHeby, "POST", fmt.Sprintf("/samverkan/%d/redigera", a.it.ID), moved)
	if res.Code != http.StatusForbidden || !strings.Contains(res.Body, "Heby lämnar, skrivet av Heby.") || !strings.Contains(text(res.Body), "Redaktör för en kommun: Heby") {
		t.Errorf("moving out of reach = %d: %.400s", res.Code, text(res.Body))
	}

	// Bad input.
	v = typed("ggvv")
	v.Set("title", "")
	res = a.request(roleCoord, "POST", "/samverkan/ny", v)
	if res.Code != http.StatusUnprocessableEntity || len(keptInput(res.Body, v)) > 0 {
		t.Errorf("validation = %d, lost %v", res.Code, keptInput(res.Body, v))
	}

	// The decision gate: an idea edited to decided without the decisions.
	deciding := sqldbtest.Collaboration("Gemensam nämnd under beslut", gislaved, gnosjo)
	deciding.Networks, deciding.Status, deciding.LegalForm = []string{"ggvv"}, samverkan.StatusDeciding, samverkan.FormJointCommittee
	idea := sqldbtest.MustCreateCollaboration(t, a.db, deciding)
	ed = a.request(roleCoord, "GET", fmt.Sprintf("/samverkan/%d/redigera", idea.ID), nil)
	gate := formValues(t, ed.Body)
	gate.Set("status", samverkan.StatusDecided)
	gate.Set("legal_form", samverkan.FormJointCommittee)
	gate.Set("description", "Beslutat, tror jag, skrivet för hand.")
	res = a.request(roleCoord, "POST", fmt.Sprintf("/samverkan/%d/redigera", idea.ID), gate)
	if res.Code != http.StatusConflict || !strings.Contains(res.Body, "Beslutat, tror jag, skrivet för hand.") {
		t.Errorf("decision gate = %d: %.300s", res.Code, text(res.Body))
	}

	// A stale version.
	c := a.ggvvRec
	ed = a.request(roleCoord, "GET", fmt.Sprintf("/samverkan/%d/redigera", c.ID), nil)
	stale := formValues(t, ed.Body)
	stale.Set("version", "0")
	stale.Set("description", "Min ändring som någon hann före.")
	res = a.request(roleCoord, "POST", fmt.Sprintf("/samverkan/%d/redigera", c.ID), stale)
	if res.Code != http.StatusConflict || !strings.Contains(res.Body, "Min ändring som någon hann före.") {
		t.Errorf("stale = %d", res.Code)
	}
}

// TestHostFromForm: "Värdkommun" gives that participant the host role;
// two hosts are refused with a clear message and the form kept.
func TestHostFromForm(t *testing.T) {
	e := newEnv(t)
	v := typed("ggvv")
	v.Set("host", "Gnosjö")
	res := e.post("/samverkan/ny", v)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create = %d: %.400s", res.Code, text(res.Body))
	}
	var id int64
	fmt.Sscanf(res.Header.Get("Location"), "/samverkan/%d", &id)
	c, err := e.db.CollaborationByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Participants {
		want := samverkan.RoleMember
		if p.Code == gnosjo {
			want = samverkan.RoleHost
		}
		if p.Role != want {
			t.Errorf("%s has role %s, want %s", p.Code, p.Role, want)
		}
	}

	v = typed("ggvv")
	v.Set("host", "Gislaved")
	v.Set("members.1.role", samverkan.RoleHost)
	res = e.post("/samverkan/ny", v)
	msg := "Bara en kommun kan vara värdkommun, men både Gislaved och Gnosjö är angivna som värdkommun."
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(text(res.Body), msg) || len(keptInput(res.Body, v)) > 0 {
		t.Errorf("two hosts = %d: %.500s", res.Code, text(res.Body))
	}
	if e.count() != 1 {
		t.Errorf("%d collaborations, want the one", e.count())
	}
}
