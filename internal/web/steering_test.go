package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestV6FollowUpFormHasTheNetworksPurposes: the follow-up form of a V6
// collaboration asks about exactly V6's declared purposes, in order.
func TestV6FollowUpFormHasTheNetworksPurposes(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	cs, _, err := a.db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "v6", Query: "Göliska"})
	if err != nil || len(cs) != 1 {
		t.Fatalf("Göliska IT: %v %d", err, len(cs))
	}
	n, _ := a.db.NetworkBySlug(ctx, "v6")
	res := a.request(roleAdmin, "GET", fmt.Sprintf("/samverkan/%d/uppfoljning/2025", cs[0].ID), nil)
	if res.Code != http.StatusOK {
		t.Fatalf("form = %d", res.Code)
	}
	var got []string
	for _, m := range regexp.MustCompile(`name="a\.\d+\.purpose" value="([^"]+)"`).FindAllStringSubmatch(res.Body, -1) {
		got = append(got, m[1])
	}
	if want := n.PurposeTexts(); !slices.Equal(got, want) || len(want) != 6 {
		t.Errorf("the form asks about %q, want V6's six purposes %q", got, want)
	}
	// Every purpose has the five steps of the scale, "ej bedömt" included.
	if c := strings.Count(res.Body, `type="radio"`); c != 6*5 {
		t.Errorf("%d radio buttons, want 30", c)
	}

	// Saving a score and an unknown cost: the cost stays unknown.
	v := url.Values{"version": {"1"}, "budget": {"200 000"}, "cost": {""}}
	for i, p := range n.PurposeTexts() {
		v.Set(fmt.Sprintf("a.%d.purpose", i), p)
		v.Set(fmt.Sprintf("a.%d.score", i), "3")
	}
	if res := a.request(roleAdmin, "POST", fmt.Sprintf("/samverkan/%d/uppfoljning/2025", cs[0].ID), v); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %.400s", res.Code, text(res.Body))
	}
	ss, _ := samverkan.Steering(a.db)
	fu, err := ss.FollowUp(ctx, cs[0].ID, 2025)
	if err != nil || fu.Cost != nil || *fu.Budget != 200000 || fu.Score(n.PurposeTexts()[0]) != 3 {
		t.Fatalf("saved %+v, %v", fu, err)
	}
	// A bad amount comes back with a message, nothing written.
	v.Set("version", "2")
	v.Set("cost", "mycket")
	res = a.request(roleAdmin, "POST", fmt.Sprintf("/samverkan/%d/uppfoljning/2025", cs[0].ID), v)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#fu-cost"`) {
		t.Errorf("bad cost = %d: %.300s", res.Code, text(res.Body))
	}
	// The roll-up page names each purpose and the report prints them.
	wantContains(t, "roll-up", text(a.request(roleReader, "GET", "/natverk/v6/uppfoljning?ar=2025", nil).Body), n.PurposeTexts()...)
	wantContains(t, "report", text(a.request(roleReader, "GET", "/natverk/v6/verksamhetsberattelse/2025", nil).Body),
		append(n.PurposeTexts(), "Verksamhetsberättelse 2025", "V6")...)
}

// TestNetworkAdmin: GGVV's coordinator edits GGVV (not another network),
// a stale form is refused without losing input, and the history restores.
func TestNetworkAdmin(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	n, _ := a.db.NetworkBySlug(ctx, "ggvv")
	form := a.request(roleCoord, "GET", "/natverk/ggvv/redigera", nil)
	if form.Code != http.StatusOK {
		t.Fatalf("edit form = %d", form.Code)
	}
	if res := a.request(roleCoord, "GET", "/natverk/v6/redigera", nil); res.Code != http.StatusForbidden {
		t.Errorf("GGVV's coordinator editing V6 = %d, want 403", res.Code)
	}
	v := url.Values{"version": {fmt.Sprint(n.Version)}, "name": {"GGVV"}, "public": {"1"},
		"adopted_by": {"kommunstyrelserna"}, "coordinator": {"samverkanssamordnare"}}
	for i, m := range n.Members {
		v.Set(fmt.Sprintf("m.%d.code", i), m.Code)
		v.Set(fmt.Sprintf("rot.%d", i), m.Code)
	}
	for i, p := range n.Declaration.Purposes {
		v.Set(fmt.Sprintf("pu.%d.text", i), p.Text)
	}
	v.Set("h.0.year", "2026")
	v.Set("h.0.code", "Gnosjö")
	v.Set("h.0.role", "vard_ordforande")
	if res := a.request(roleCoord, "POST", "/natverk/ggvv/redigera", v); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %.500s", res.Code, text(res.Body))
	}
	got, _ := a.db.NetworkBySlug(ctx, "ggvv")
	if got.Name != "GGVV" || got.Declaration.AdoptedBy != "kommunstyrelserna" || len(got.RotationOrder) != 4 || len(got.Hosts) != 1 {
		t.Fatalf("saved %+v", got)
	}
	page := text(a.request(roleReader, "GET", "/natverk/ggvv", nil).Body)
	wantContains(t, "network page", page, "Turordning", "enligt turordningen")
	// Stale: 409 with the typed name kept.
	v.Set("name", "Nytt namn som inte sparas")
	res := a.request(roleCoord, "POST", "/natverk/ggvv/redigera", v)
	if res.Code != http.StatusConflict || !strings.Contains(res.Body, "Nytt namn som inte sparas") {
		t.Errorf("stale save = %d", res.Code)
	}
	// A rotation place that is not a member names its row.
	v.Set("version", fmt.Sprint(got.Version))
	v.Set("rot.0", "Stockholm")
	res = a.request(roleCoord, "POST", "/natverk/ggvv/redigera", v)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#n-rot-0"`) {
		t.Errorf("non-member in the rotation = %d: %.300s", res.Code, text(res.Body))
	}
	// The template fills in V6's six purposes without saving.
	v.Set("mall", "1")
	res = a.request(roleCoord, "POST", "/natverk/ggvv/redigera", v)
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "Förbereda kommunerna för framtida krav") {
		t.Errorf("template = %d", res.Code)
	}
	// History: restore the version before the coordinator's edit.
	events, _ := a.db.AuditEvents(ctx, samverkan.AuditEntityNetwork, "ggvv")
	hist := a.request(roleCoord, "GET", "/natverk/ggvv/historik", nil)
	if hist.Code != http.StatusOK || !strings.Contains(hist.Body, fmt.Sprintf("/natverk/ggvv/historik/%d/aterstall", events[0].ID)) {
		t.Fatalf("history = %d", hist.Code)
	}
	res = a.request(roleCoord, "POST", fmt.Sprintf("/natverk/ggvv/historik/%d/aterstall", events[0].ID), url.Values{"version": {fmt.Sprint(got.Version)}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("restore = %d: %.300s", res.Code, text(res.Body))
	}
	if back, _ := a.db.NetworkBySlug(ctx, "ggvv"); back.Declaration.AdoptedBy != "" || len(back.Hosts) != 0 {
		t.Errorf("restored %+v", back)
	}
	// Creating a network is the admin's.
	if res := a.request(roleCoord, "GET", "/natverk/ny", nil); res.Code != http.StatusForbidden {
		t.Errorf("new network as coordinator = %d", res.Code)
	}
	nv := url.Values{"slug": {"nytt-natverk"}, "name": {"Nytt nätverk"}, "m.0.code": {"Gislaved"}, "m.1.code": {"Gnosjö"}}
	if res := a.request(roleAdmin, "POST", "/natverk/ny", nv); res.Code != http.StatusSeeOther {
		t.Errorf("new network as admin = %d: %.300s", res.Code, text(res.Body))
	}
}

// TestPlanPages: a plan made through the form shows its priorities in
// rank order and its computed progress; completing an activity moves it.
func TestPlanPages(t *testing.T) {
	a := newAuthEnv(t)
	v := url.Values{"title": {"Plan 2026–2028"}, "from_year": {"2026"}, "to_year": {"2028"}, "current": {"1"},
		"p.0.title": {"Andra"}, "p.0.rank": {"2"}, "p.0.a.0.title": {"Steg B"},
		"p.1.title": {"Första"}, "p.1.rank": {"1"}, "p.1.a.0.title": {"Steg A"}, "p.1.a.1.title": {"Steg A2"}, "p.1.a.1.status": {"klar"}}
	res := a.request(roleCoord, "POST", "/natverk/ggvv/plan/ny", v)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create = %d: %.500s", res.Code, text(res.Body))
	}
	page := text(a.request(roleReader, "GET", "/natverk/ggvv/plan", nil).Body)
	if i, j := strings.Index(page, "Första"), strings.Index(page, "Andra"); i < 0 || j < 0 || i > j {
		t.Errorf("priorities not in rank order: %q", page)
	}
	wantContains(t, "plan", page, "33 %", "50 %")
	ss, _ := samverkan.Steering(a.db)
	p, err := ss.CurrentPlan(context.Background(), "ggvv")
	if err != nil {
		t.Fatal(err)
	}
	act := p.Priorities[0].Activities[0]
	res = a.request(roleCoord, "POST", fmt.Sprintf("/natverk/ggvv/plan/%d/aktivitet/%d", p.ID, act.ID),
		url.Values{"version": {fmt.Sprint(p.Version)}, "status": {"klar"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("complete = %d", res.Code)
	}
	wantContains(t, "plan after", text(a.request(roleReader, "GET", "/natverk/ggvv/plan", nil).Body), "66 %", "100 %")
	// Bad input: a year that is no year, named next to its input.
	v.Set("from_year", "tjugo")
	if res := a.request(roleCoord, "POST", "/natverk/ggvv/plan/ny", v); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#pl-from_year"`) {
		t.Errorf("bad year = %d", res.Code)
	}
}

// TestStartPage: a coordinator sees their network's start; the admin the
// plain overview.
func TestStartPage(t *testing.T) {
	a := newAuthEnv(t)
	wantContains(t, "coordinator", text(a.request(roleCoord, "GET", "/", nil).Body), "Att göra i GGVV", "Beslut som väntar", "Uppföljning", "Avtal som löper ut")
	wantContains(t, "editor", text(a.request(roleHeby, "GET", "/", nil).Body), "Att göra i Heby")
	if strings.Contains(a.request(roleAdmin, "GET", "/", nil).Body, "Att göra i") {
		t.Error("the admin gets a scoped start")
	}
}

// TestPlanFormCollabOptions: each priority's list offers the network's
// collaborations with the linked ones selected and titles escaped (the
// options are built in Go, not by the template).
func TestPlanFormCollabOptions(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	cs, _, err := a.db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "ggvv", Limit: 2})
	if err != nil || len(cs) < 2 {
		t.Fatalf("ggvv collaborations: %v, %d", err, len(cs))
	}
	c := cs[0]
	c.Title = `IT & <drift>`
	if err := a.db.UpdateCollaboration(ctx, c); err != nil {
		t.Fatal(err)
	}
	linked := fmt.Sprint(cs[1].ID)
	v := url.Values{"title": {"Plan med länkar"}, "from_year": {"2026"}, "to_year": {"2027"},
		"p.0.title": {"Länkad"}, "p.0.rank": {"1"}, "p.0.collabs": {linked}}
	if res := a.request(roleCoord, "POST", "/natverk/ggvv/plan/ny", v); res.Code != http.StatusSeeOther {
		t.Fatalf("create = %d: %.500s", res.Code, text(res.Body))
	}
	ss, _ := samverkan.Steering(a.db)
	plans, err := ss.Plans(ctx, "ggvv")
	if err != nil || len(plans) == 0 {
		t.Fatalf("plans: %v", err)
	}
	var id int64
	for _, p := range plans {
		if p.Title == "Plan med länkar" {
			id = p.ID
		}
	}
	body := a.request(roleCoord, "GET", fmt.Sprintf("/natverk/ggvv/plan/%d/redigera", id), nil).Body
	wantContains(t, "plan form", body, `<option value="`+linked+`" selected>`,
		fmt.Sprintf(`<option value="%d">IT &amp; &lt;drift&gt;`, c.ID))
	if strings.Contains(body, "<drift>") {
		t.Errorf("plan form: the title unescaped")
	}
}
