package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// lifeRecords are records of a network's own life in GGVV (one of each
// kind) and a risk of the IT board, for the route tests, with the first
// audit event of each.
type lifeRecords struct {
	risk, meeting, group, issue, collabRisk      string
	riskA, meetingA, groupA, issueA, collabRiskA string
}

func newLifeRecords(t *testing.T, a *authEnv) lifeRecords {
	t.Helper()
	ctx := context.Background()
	it := a.it.ID
	r := &samverkan.RiskEntry{Network: "ggvv", Kind: "risk", Category: "kompetens", Title: "Svårt att rekrytera"}
	cr := &samverkan.RiskEntry{CollaborationID: &it, Kind: "risk", Category: "digital_mognad", Title: "Olika system"}
	m := &samverkan.Meeting{Network: "ggvv", Kind: samverkan.MeetingSteering, Title: "Styrgrupp", Start: samverkan.MustDate("2024-03-01")}
	g := &samverkan.WorkGroup{Network: "ggvv", Name: "Utbildning"}
	is := &samverkan.AdvocacyIssue{Network: "ggvv", Title: "Yrkesutbildning", Targets: []string{"stat"}}
	for _, err := range []error{a.db.CreateRisk(ctx, r), a.db.CreateRisk(ctx, cr), a.db.CreateMeeting(ctx, m),
		a.db.CreateWorkGroup(ctx, g), a.db.CreateAdvocacyIssue(ctx, is)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	first := func(entity string, id int64) string {
		es, err := a.db.AuditEvents(ctx, entity, strconv.FormatInt(id, 10))
		if err != nil || len(es) == 0 {
			t.Fatalf("no audit of %s %d: %v", entity, id, err)
		}
		return strconv.FormatInt(es[0].ID, 10)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return lifeRecords{id(r.ID), id(m.ID), id(g.ID), id(is.ID), id(cr.ID),
		first(samverkan.AuditEntityRisk, r.ID), first(samverkan.AuditEntityMeeting, m.ID), first(samverkan.AuditEntityWorkGroup, g.ID),
		first(samverkan.AuditEntityAdvocacy, is.ID), first(samverkan.AuditEntityRisk, cr.ID)}
}

// lifeMatrixCases are the route × role cases of the network's own life
// (matrix_test.go merges them): writes are empty forms (refused by
// validation when allowed) or stale versions.
func lifeMatrixCases(t *testing.T, a *authEnv) map[string]matrixCase {
	ids := newLifeRecords(t, a)
	stale := url.Values{"version": {"0"}}
	out := map[string]matrixCase{}
	// add gives the cases of one kind: pattern is its list's, param the
	// record's path value, list and item the paths of the fixture's.
	add := func(pattern, param, write, list, item, auditID string) {
		id := pattern + "/{" + param + "}"
		out["GET "+pattern] = matrixCase{"read", list, nil}
		out["GET "+pattern+"/ny"] = matrixCase{write, list + "/ny", nil}
		out["POST "+pattern+"/ny"] = matrixCase{write, list + "/ny", url.Values{}}
		out["GET "+id] = matrixCase{"read", list + "/" + item, nil}
		out["GET "+id+"/redigera"] = matrixCase{write, list + "/" + item + "/redigera", nil}
		out["POST "+id+"/redigera"] = matrixCase{write, list + "/" + item + "/redigera", stale}
		out["POST "+id+"/ta-bort"] = matrixCase{write, list + "/" + item + "/ta-bort", stale}
		out["GET "+id+"/historik"] = matrixCase{"read", list + "/" + item + "/historik", nil}
		out["POST "+id+"/historik/{auditID}/aterstall"] = matrixCase{write, list + "/" + item + "/historik/" + auditID + "/aterstall", stale}
	}
	add("/natverk/{slug}/risker", "rid", "updateNetwork", "/natverk/ggvv/risker", ids.risk, ids.riskA)
	add("/natverk/{slug}/moten", "mid", "updateNetwork", "/natverk/ggvv/moten", ids.meeting, ids.meetingA)
	add("/natverk/{slug}/arbetsgrupper", "gid", "updateNetwork", "/natverk/ggvv/arbetsgrupper", ids.group, ids.groupA)
	add("/natverk/{slug}/paverkan", "fid", "updateNetwork", "/natverk/ggvv/paverkan", ids.issue, ids.issueA)
	add("/samverkan/{id}/risker", "rid", "editCollaboration", "/samverkan/"+strconv.FormatInt(a.it.ID, 10)+"/risker", ids.collabRisk, ids.collabRiskA)
	delete(out, "GET /samverkan/{id}/risker") // its page lists them
	return out
}

// requestLang sends GET path as role in lang.
func (a *authEnv) requestLang(role, path, lang string) response {
	a.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(a.loginAs(role))
	req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Body.String(), rec.Header()}
}

// Region 10's own life as the demo holds it: the assembly with its days,
// place and the rotation's host, the four risks and obstacles left
// unassessed (not as low), the joint advocacy; in Swedish and English.
func TestRegion10LifePages(t *testing.T) {
	a := newAuthEnv(t)
	res := a.request(roleReader, "GET", "/natverk/region-10/moten", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("meetings = %d", res.Code)
	}
	body := text(res.Body)
	for _, want := range []string{"Region 10:s årliga stormöte 2023", "14–15 december 2023", "Arvidsjaur", "Dorotea",
		"omkring 70 förtroendevalda och tjänstepersoner", "Värd enligt rotationen: Dorotea", "Ordförande enligt rotationen: Storuman"} {
		if !strings.Contains(body, want) {
			t.Errorf("the meetings page lacks %q", want)
		}
	}
	res = a.request(roleReader, "GET", "/natverk/region-10/risker", nil)
	body = text(res.Body)
	for _, want := range []string{"Kostsamma nya administrativa överbyggnader", "Minskad insyn", "Lagstiftning", "Olika digital mognad",
		"4 är inte bedömda och står inte i matrisen."} {
		if !strings.Contains(body, want) {
			t.Errorf("the risks page lacks %q", want)
		}
	}
	if n := strings.Count(res.Body, ">Ej bedömd<"); n != 4 {
		t.Errorf("%d risks shown as not assessed, want 4", n)
	}
	// The matrix is a real table with row and column headers, and every
	// cell says its level in words.
	if !strings.Contains(res.Body, `<table class="risk-matrix">`) || strings.Count(res.Body, `<th scope="row" class="num">`) != 5 {
		t.Error("the matrix has no table with five row headers")
	}
	if n := len(regexp.MustCompile(`<td class="num level-(lag|medel|hog)[^"]*"><span class="count-n">\d+</span> <span class="level-label">(Låg|Medel|Hög)</span>`).FindAllString(res.Body, -1)); n != 25 {
		t.Errorf("%d matrix cells with a count and a level label, want 25", n)
	}
	res = a.request(roleReader, "GET", "/natverk/region-10/paverkan", nil)
	body = text(res.Body)
	for _, want := range []string{"Gemensam påverkan mot region, stat och EU", "Region, Staten, EU", "Står bakom", "Anges inte"} {
		if !strings.Contains(body, want) {
			t.Errorf("the advocacy page lacks %q", want)
		}
	}
	res = a.request(roleReader, "GET", "/natverk/region-10/arbetsgrupper", nil)
	if res.Code != http.StatusOK || !strings.Contains(text(res.Body), "Inga arbetsgrupper är registrerade.") {
		t.Errorf("work groups = %d: %.300s", res.Code, text(res.Body))
	}
	// The network page links the four.
	res = a.request(roleReader, "GET", "/natverk/region-10", nil)
	for _, href := range []string{"/risker", "/moten", "/arbetsgrupper", "/paverkan"} {
		if !strings.Contains(res.Body, `href="/natverk/region-10`+href+`"`) {
			t.Errorf("the network page does not link %s", href)
		}
	}
}

// A coordinator registers a risk, a meeting and an advocacy issue through
// the forms: bad input comes back with messages and nothing written, a
// stale form is refused, the history restores.
func TestNetLifeForms(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	// A risk with an unknown grade and a review date passed: overdue.
	res := a.request(roleCoord, "POST", "/natverk/ggvv/risker/ny", url.Values{"kind": {"risk"}, "category": {"kompetens"},
		"title": {""}, "likelihood": {"9"}, "review": {"2024-13-01"}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad risk = %d", res.Code)
	}
	for _, want := range []string{`href="#r-title"`, `href="#r-likelihood"`, `href="#r-review"`, `aria-invalid="true"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused risk form lacks %s", want)
		}
	}
	if rs, _ := a.db.RisksByNetwork(ctx, "ggvv"); len(rs) != 0 {
		t.Errorf("a refused risk was written: %+v", rs)
	}
	res = a.request(roleCoord, "POST", "/natverk/ggvv/risker/ny", url.Values{"kind": {"hinder"}, "category": {"juridiskt_hinder"},
		"title": {"Sekretess mellan kommunerna"}, "impact": {"4"}, "responsible": {"kommunjurist"}, "review": {"2020-01-01"}})
	if res.Code != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "?klart=risk-ny") {
		t.Fatalf("create risk = %d %s: %.500s", res.Code, res.Header.Get("Location"), text(res.Body))
	}
	rs, err := a.db.RisksByNetwork(ctx, "ggvv")
	if err != nil || len(rs) != 1 || rs[0].Likelihood != nil || *rs[0].Impact != 4 {
		t.Fatalf("stored %+v (%v)", rs, err)
	}
	page := a.request(roleCoord, "GET", res.Header.Get("Location"), nil)
	if !strings.Contains(text(page.Body), "Översyn försenad") || !strings.Contains(text(page.Body), "Risken är registrerad.") {
		t.Errorf("the risk page does not flag the overdue review: %.500s", text(page.Body))
	}
	list := a.request(roleReader, "GET", "/natverk/ggvv/risker?sort=-review", nil)
	if !strings.Contains(text(list.Body), "1 med försenad översyn.") || !strings.Contains(list.Body, `aria-sort="descending"`) {
		t.Errorf("the register does not count the overdue review or mark the sort")
	}
	if res := a.request(roleReader, "GET", "/natverk/ggvv/risker?sort=hemligt", nil); res.Code != http.StatusBadRequest {
		t.Errorf("unknown sort = %d", res.Code)
	}
	rid := strconv.FormatInt(rs[0].ID, 10)
	edit := url.Values{"version": {"1"}, "kind": {"hinder"}, "category": {"juridiskt_hinder"}, "title": {"Sekretess"}, "likelihood": {"3"}, "impact": {"4"}}
	if res := a.request(roleCoord, "POST", "/natverk/ggvv/risker/"+rid+"/redigera", edit); res.Code != http.StatusSeeOther {
		t.Fatalf("edit = %d: %.300s", res.Code, text(res.Body))
	}
	if res := a.request(roleCoord, "POST", "/natverk/ggvv/risker/"+rid+"/redigera", edit); res.Code != http.StatusConflict {
		t.Errorf("stale edit = %d", res.Code)
	}
	hist := a.request(roleReader, "GET", "/natverk/ggvv/risker/"+rid+"/historik", nil)
	if !regexp.MustCompile(`<th scope="row">Sannolikhet</th>\s*<td class="before"><span class="muted">–</span></td>\s*<td class="after">3</td>`).MatchString(hist.Body) {
		t.Errorf("the history does not show the likelihood going from unknown to 3: %.1500s", text(hist.Body))
	}
	if strings.Contains(hist.Body, "/aterstall") {
		t.Error("a reader is offered a restore")
	}
	es, _ := a.db.AuditEvents(ctx, samverkan.AuditEntityRisk, rid)
	res = a.request(roleCoord, "POST", "/natverk/ggvv/risker/"+rid+"/historik/"+strconv.FormatInt(es[0].ID, 10)+"/aterstall", url.Values{"version": {"2"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("restore = %d: %.300s", res.Code, text(res.Body))
	}
	if r, _ := a.db.RiskByID(ctx, rs[0].ID); r.Likelihood != nil || r.Title != "Sekretess mellan kommunerna" {
		t.Errorf("restored %+v", r)
	}
	if !strings.Contains(text(a.request(roleCoord, "GET", res.Header.Get("Location"), nil).Body), "Återställd") {
		t.Error("the history does not show the restore")
	}

	// A meeting over two days with a decision about a GGVV collaboration.
	res = a.request(roleCoord, "POST", "/natverk/ggvv/moten/ny", url.Values{"kind": {"stormote"}, "title": {"Stormöte"},
		"start": {"2025-11-20"}, "end": {"2025-11-19"}, "host": {"0180"}, "decisions.0.text": {"Utred gemensam växel."},
		"decisions.0.collaboration_id": {strconv.FormatInt(a.tierp.ID, 10)}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#m-end"`) || !strings.Contains(res.Body, `href="#m-host"`) {
		t.Errorf("bad meeting = %d: %.600s", res.Code, text(res.Body))
	}
	if !strings.Contains(res.Body, "Utred gemensam växel.") {
		t.Error("the refused meeting form lost the typed decision")
	}
	res = a.request(roleCoord, "POST", "/natverk/ggvv/moten/ny", url.Values{"kind": {"stormote"}, "title": {"Stormöte"},
		"start": {"2025-11-20"}, "end": {"2025-11-21"}, "host": {varnamo}, "place": {"Värnamo"},
		"decisions.0.text": {"Utred gemensam växel."}, "decisions.0.collaboration_id": {strconv.FormatInt(a.ggvvRec.ID, 10)},
		"decisions.1.text": {""}, "decisions.1.collaboration_id": {""}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create meeting = %d: %.600s", res.Code, text(res.Body))
	}
	body := text(a.request(roleReader, "GET", "/natverk/ggvv/moten", nil).Body)
	for _, want := range []string{"20–21 november 2025", "Värnamo", "Utred gemensam växel. – " + a.ggvvRec.Title} {
		if !strings.Contains(body, want) {
			t.Errorf("the meetings page lacks %q", want)
		}
	}
	ms, _ := a.db.MeetingsByNetwork(ctx, "ggvv", 2025)
	if len(ms) != 1 || len(ms[0].Decisions) != 1 {
		t.Fatalf("meetings %+v", ms)
	}
	if res := a.request(roleCoord, "GET", "/natverk/ggvv/moten/"+strconv.FormatInt(ms[0].ID, 10)+"/redigera", nil); res.Code != 200 {
		t.Errorf("meeting form = %d", res.Code)
	}

	// An advocacy issue with targets, a dated action and supporters.
	res = a.request(roleCoord, "POST", "/natverk/ggvv/paverkan/ny", url.Values{"title": {"Fler utbildningsplatser"},
		"targets": {"stat", "region"}, "supporters": {gislaved, varnamo}, "actions.0.date": {"2025-02-03"},
		"actions.0.text": {"Skrivelse till regionen."}, "status": {"pagar"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create issue = %d: %.600s", res.Code, text(res.Body))
	}
	body = text(a.request(roleReader, "GET", "/natverk/ggvv/paverkan", nil).Body)
	for _, want := range []string{"Fler utbildningsplatser", "Region, Staten", "Gislaved, Värnamo", "Skrivelse till regionen.", "Pågår"} {
		if !strings.Contains(body, want) {
			t.Errorf("the advocacy page lacks %q", want)
		}
	}
	res = a.request(roleCoord, "POST", "/natverk/ggvv/paverkan/ny", url.Values{"title": {"x"}, "supporters": {"0180"}, "actions.0.text": {"utan datum"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#a-supporters"`) || !strings.Contains(res.Body, `href="#a-actions-0-date"`) {
		t.Errorf("bad issue = %d: %.600s", res.Code, text(res.Body))
	}

	// A work group with a member and a linked collaboration, and its
	// meeting.
	res = a.request(roleCoord, "POST", "/natverk/ggvv/arbetsgrupper/ny", url.Values{"name": {"Utbildning"}, "area": {"X-IT"},
		"members.0.municipality": {gnosjo}, "members.0.function": {"skolchef"}, "collaborations": {strconv.FormatInt(a.ggvvRec.ID, 10)}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create group = %d: %.600s", res.Code, text(res.Body))
	}
	body = text(a.request(roleReader, "GET", "/natverk/ggvv/arbetsgrupper", nil).Body)
	for _, want := range []string{"Utbildning", "Gnosjö", "skolchef", a.ggvvRec.Title} {
		if !strings.Contains(body, want) {
			t.Errorf("the work groups page lacks %q", want)
		}
	}
	gs, _ := a.db.WorkGroupsByNetwork(ctx, "ggvv")
	if res := a.request(roleCoord, "GET", "/natverk/ggvv/arbetsgrupper/"+strconv.FormatInt(gs[0].ID, 10)+"/redigera", nil); res.Code != 200 {
		t.Errorf("group form = %d", res.Code)
	}
	if res := a.request(roleCoord, "GET", "/natverk/ggvv/paverkan/ny", nil); res.Code != 200 {
		t.Errorf("issue form = %d", res.Code)
	}

	// Another network's record through GGVV's path: not found.
	r10, _ := a.db.RisksByNetwork(ctx, "region-10")
	if res := a.request(roleCoord, "GET", "/natverk/ggvv/risker/"+strconv.FormatInt(r10[0].ID, 10)+"/redigera", nil); res.Code != http.StatusNotFound {
		t.Errorf("Region 10's risk under GGVV = %d", res.Code)
	}
	// Deleting, with the version read.
	if res := a.request(roleCoord, "POST", "/natverk/ggvv/risker/"+rid+"/ta-bort", url.Values{"version": {"1"}}); res.Code != http.StatusConflict {
		t.Errorf("stale delete = %d", res.Code)
	}
	if res := a.request(roleCoord, "POST", "/natverk/ggvv/risker/"+rid+"/ta-bort", url.Values{"version": {"3"}}); res.Code != http.StatusSeeOther {
		t.Errorf("delete = %d", res.Code)
	}
	if res := a.request(roleReader, "GET", "/natverk/ggvv/risker/"+rid+"/historik", nil); res.Code != 200 || !strings.Contains(text(res.Body), "Posten är borttagen.") {
		t.Errorf("history of a deleted risk = %d", res.Code)
	}
}

// A collaboration's risks: on its page, written by who may edit it.
func TestCollaborationRisks(t *testing.T) {
	a := newAuthEnv(t)
	it := strconv.FormatInt(a.it.ID, 10)
	if res := a.request(roleReader, "GET", "/samverkan/"+it, nil); !strings.Contains(res.Body, `id="risker"`) ||
		!strings.Contains(text(res.Body), "Inga risker eller hinder är registrerade för samverkan.") {
		t.Error("the collaboration page has no empty risk section")
	}
	res := a.request(roleHeby, "POST", "/samverkan/"+it+"/risker/ny", url.Values{"kind": {"risk"}, "category": {"digital_mognad"},
		"title": {"Olika ärendesystem"}, "likelihood": {"4"}, "impact": {"4"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create = %d: %.500s", res.Code, text(res.Body))
	}
	page := a.request(roleReader, "GET", "/samverkan/"+it, nil)
	if !strings.Contains(text(page.Body), "Olika ärendesystem") || !strings.Contains(text(page.Body), "16 Hög") {
		t.Errorf("the collaboration page does not list the risk with its score: %.300s", text(page.Body))
	}
	if res := a.request(roleCoord, "POST", "/samverkan/"+it+"/risker/ny", url.Values{"kind": {"risk"}, "category": {"annan"}, "title": {"x"}}); res.Code != http.StatusForbidden {
		t.Errorf("GGVV's coordinator on the IT board = %d", res.Code)
	}
	// It is on C-Tillsammans' register too, linked to the collaboration.
	reg := a.request(roleReader, "GET", "/natverk/c-tillsammans/risker", nil)
	if !strings.Contains(reg.Body, `href="/samverkan/`+it+`"`) || !strings.Contains(text(reg.Body), "Olika ärendesystem") {
		t.Error("the network's register does not list its collaboration's risk")
	}
	rs, _ := a.db.RisksByCollaboration(context.Background(), a.it.ID)
	rid := strconv.FormatInt(rs[0].ID, 10)
	if res := a.request(roleReader, "GET", "/natverk/c-tillsammans/risker/"+rid, nil); res.Code != http.StatusNotFound {
		t.Errorf("a collaboration's risk under its network's path = %d", res.Code)
	}
	for _, p := range []string{"/samverkan/" + it + "/risker/" + rid, "/samverkan/" + it + "/risker/" + rid + "/historik"} {
		if res := a.request(roleReader, "GET", p, nil); res.Code != 200 {
			t.Errorf("GET %s = %d", p, res.Code)
		}
	}
	if res := a.request(roleHeby, "GET", "/samverkan/"+it+"/risker/"+rid+"/redigera", nil); res.Code != 200 {
		t.Errorf("edit form = %d", res.Code)
	}
	tierp := strconv.FormatInt(a.tierp.ID, 10)
	if res := a.request(roleReader, "GET", "/samverkan/"+tierp+"/risker/"+rid, nil); res.Code != http.StatusNotFound {
		t.Errorf("the IT board's risk under another collaboration = %d", res.Code)
	}
}

// The pages in English.
func TestNetLifeEnglish(t *testing.T) {
	a := newAuthEnv(t)
	for path, wants := range map[string][]string{
		"/natverk/region-10/risker":        {"Risks and obstacles in Region 10", "Not assessed", "Obstacle", "Likelihood × impact"},
		"/natverk/region-10/moten":         {"Meetings of Region 10", "14–15 December 2023", "Host by the rotation: Dorotea"},
		"/natverk/region-10/paverkan":      {"Advocacy issues of Region 10", "Region, The state, EU", "Not stated"},
		"/natverk/region-10/arbetsgrupper": {"Work groups of Region 10", "No work groups are registered."},
		"/natverk/region-10/moten/ny":      {"New meeting: Region 10", "Decision 1"},
		"/natverk/region-10/risker/ny":     {"New risk or obstacle: Region 10", "Not assessed"},
	} {
		res := a.requestLang(roleAdmin, path, "en")
		if res.Code != 200 {
			t.Errorf("%s = %d", path, res.Code)
			continue
		}
		body := text(res.Body)
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s in English lacks %q", path, w)
			}
		}
	}
}
