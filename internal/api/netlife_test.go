package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// lifeIDs are records of a network's own life for the route tests: one of
// each kind in GGVV, a risk of the IT board (C-Tillsammans), and the first
// audit event of each.
type lifeIDs struct {
	risk, meeting, group, issue, collabRisk      string
	riskA, meetingA, groupA, issueA, collabRiskA string
}

func firstAudit(t *testing.T, s samverkan.Store, entity string, id int64) string {
	t.Helper()
	es, err := s.AuditEvents(context.Background(), entity, strconv.FormatInt(id, 10))
	if err != nil || len(es) == 0 {
		t.Fatalf("no audit event of %s %d: %v", entity, id, err)
	}
	return strconv.FormatInt(es[0].ID, 10)
}

// newLifeIDs creates the records in s (demo data) for the IT board it.
func newLifeIDs(t *testing.T, s samverkan.Store, it int64) lifeIDs {
	t.Helper()
	ctx := context.Background()
	r := &samverkan.RiskEntry{Network: "ggvv", Kind: "risk", Category: "kompetens", Title: "Svårt att rekrytera"}
	cr := &samverkan.RiskEntry{CollaborationID: &it, Kind: "risk", Category: "digital_mognad", Title: "Olika system"}
	m := &samverkan.Meeting{Network: "ggvv", Kind: samverkan.MeetingSteering, Title: "Styrgrupp", Start: samverkan.MustDate("2024-03-01")}
	g := &samverkan.WorkGroup{Network: "ggvv", Name: "Utbildning"}
	a := &samverkan.AdvocacyIssue{Network: "ggvv", Title: "Yrkesutbildning", Targets: []string{"stat"}}
	for _, err := range []error{
		s.(samverkan.RiskStore).CreateRisk(ctx, r), s.(samverkan.RiskStore).CreateRisk(ctx, cr),
		s.(samverkan.MeetingStore).CreateMeeting(ctx, m), s.(samverkan.WorkGroupStore).CreateWorkGroup(ctx, g),
		s.(samverkan.AdvocacyStore).CreateAdvocacyIssue(ctx, a),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return lifeIDs{
		risk: id(r.ID), meeting: id(m.ID), group: id(g.ID), issue: id(a.ID), collabRisk: id(cr.ID),
		riskA: firstAudit(t, s, samverkan.AuditEntityRisk, r.ID), meetingA: firstAudit(t, s, samverkan.AuditEntityMeeting, m.ID),
		groupA: firstAudit(t, s, samverkan.AuditEntityWorkGroup, g.ID), issueA: firstAudit(t, s, samverkan.AuditEntityAdvocacy, a.ID),
		collabRiskA: firstAudit(t, s, samverkan.AuditEntityRisk, cr.ID),
	}
}

// routeCase is a case of the route × role matrix (matrix_test.go).
type routeCase = struct {
	rule string
	r    req
}

// lifeMatrixCases are the route × role cases of the network's own life:
// writes with an empty body (refused by validation when allowed) or a
// stale version (412 when allowed), so the order does not matter.
func lifeMatrixCases(t *testing.T, a *authAPI) map[string]routeCase {
	ids := newLifeIDs(t, a.store, a.it.ID)
	stale := map[string]string{"If-Match": `"999"`}
	out := map[string]routeCase{}
	add := func(list, item, write, listPath, itemPath, auditID string) {
		out["GET "+list] = routeCase{"read", req{Path: listPath}}
		out["POST "+list] = routeCase{write, req{Method: "POST", Path: listPath, Body: map[string]any{}}}
		out["GET "+item] = routeCase{"read", req{Path: itemPath}}
		out["PUT "+item] = routeCase{write, req{Method: "PUT", Path: itemPath, Body: map[string]any{}, Header: stale}}
		out["DELETE "+item] = routeCase{write, req{Method: "DELETE", Path: itemPath + "?version=999"}}
		out["GET "+item+"/history"] = routeCase{"read", req{Path: itemPath + "/history"}}
		out["POST "+item+"/history/{audit_id}/restore"] = routeCase{write, req{Method: "POST", Path: itemPath + "/history/" + auditID + "/restore?version=999"}}
	}
	it := strconv.FormatInt(a.it.ID, 10)
	add("/api/v1/networks/{slug}/risks", "/api/v1/networks/{slug}/risks/{risk_id}", "updateNetwork",
		"/api/v1/networks/ggvv/risks", "/api/v1/networks/ggvv/risks/"+ids.risk, ids.riskA)
	add("/api/v1/collaborations/{id}/risks", "/api/v1/collaborations/{id}/risks/{risk_id}", "editCollaboration",
		"/api/v1/collaborations/"+it+"/risks", "/api/v1/collaborations/"+it+"/risks/"+ids.collabRisk, ids.collabRiskA)
	add("/api/v1/networks/{slug}/meetings", "/api/v1/networks/{slug}/meetings/{meeting_id}", "updateNetwork",
		"/api/v1/networks/ggvv/meetings", "/api/v1/networks/ggvv/meetings/"+ids.meeting, ids.meetingA)
	add("/api/v1/networks/{slug}/work-groups", "/api/v1/networks/{slug}/work-groups/{group_id}", "updateNetwork",
		"/api/v1/networks/ggvv/work-groups", "/api/v1/networks/ggvv/work-groups/"+ids.group, ids.groupA)
	add("/api/v1/networks/{slug}/advocacy", "/api/v1/networks/{slug}/advocacy/{issue_id}", "updateNetwork",
		"/api/v1/networks/ggvv/advocacy", "/api/v1/networks/ggvv/advocacy/"+ids.issue, ids.issueA)
	return out
}

// Acceptance 2 of issue 12: Region 10's 2023 assembly and its four named
// risks and obstacles through the API.
func TestRegion10LifeAPI(t *testing.T) {
	a := newAuthAPI(t)
	res := a.as(roleReader, req{Path: "/api/v1/networks/region-10/meetings"})
	if res.Status != http.StatusOK {
		t.Fatalf("meetings = %d: %s", res.Status, res.Body)
	}
	ms := decodeAs[list[samverkan.Meeting]](t, res)
	found := false
	for _, m := range ms.Items {
		if m.Kind == samverkan.MeetingAssembly && m.Place == "Arvidsjaur" && m.Start.String() == "2023-12-14" && m.End.String() == "2023-12-15" {
			found = true
		}
	}
	if !found {
		t.Errorf("no 2023 assembly in Arvidsjaur among %s", res.Body)
	}
	if y := decodeAs[list[samverkan.Meeting]](t, a.as(roleReader, req{Path: "/api/v1/networks/region-10/meetings?year=2024"})); y.Total != 0 {
		t.Errorf("meetings of 2024: %d", y.Total)
	}
	rs := decodeAs[list[samverkan.RiskEntry]](t, a.as(roleReader, req{Path: "/api/v1/networks/region-10/risks"}))
	want := map[string]string{"Kostsamma nya administrativa överbyggnader": "risk", "Minskad insyn": "risk", "Lagstiftning": "hinder", "Olika digital mognad": "hinder"}
	got := map[string]string{}
	for _, r := range rs.Items {
		got[r.Title] = r.Kind
		if r.Likelihood != nil || r.Impact != nil {
			t.Errorf("%q has likelihood %v impact %v; the source gives none", r.Title, r.Likelihood, r.Impact)
		}
	}
	if len(got) != 4 || rs.Total != 4 {
		t.Errorf("risks %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%q: kind %q, want %q", k, got[k], v)
		}
	}
	// Unknown likelihood is null in the JSON, not 0.
	if !jsonHas(res.Body, `"end":"2023-12-15"`) || !jsonHas(a.as(roleReader, req{Path: "/api/v1/networks/region-10/risks"}).Body, `"likelihood":null`) {
		t.Errorf("JSON does not carry the dates and null likelihood as expected")
	}
}

func jsonHas(b []byte, s string) bool { return strings.Contains(string(b), s) }

// A record is found only under its own owner: another network's or
// collaboration's path answers 404 for every method, and a coordinator's
// rule over their own network reaches nothing elsewhere.
func TestNetRecordOwner(t *testing.T) {
	a := newAuthAPI(t)
	ctx := context.Background()
	ids := newLifeIDs(t, a.store, a.it.ID)
	rs, err := a.store.(samverkan.RiskStore).RisksByNetwork(ctx, "region-10")
	if err != nil || len(rs) == 0 {
		t.Fatal(err)
	}
	r10 := strconv.FormatInt(rs[0].ID, 10)
	tierp := strconv.FormatInt(a.tierp.ID, 10)
	body := map[string]any{"kind": "risk", "category": "annan", "title": "Kapad"}
	for _, r := range []req{
		{Path: "/api/v1/networks/ggvv/risks/" + r10},
		{Method: "PUT", Path: "/api/v1/networks/ggvv/risks/" + r10, Body: body, Header: map[string]string{"If-Match": `"1"`}},
		{Method: "DELETE", Path: "/api/v1/networks/ggvv/risks/" + r10 + "?version=1"},
		{Path: "/api/v1/networks/ggvv/risks/" + r10 + "/history"},
		{Path: "/api/v1/networks/ggvv/risks/" + ids.collabRisk}, // a collaboration's, not GGVV's own
		{Path: "/api/v1/collaborations/" + tierp + "/risks/" + ids.collabRisk},
		{Path: "/api/v1/networks/v6/meetings/" + ids.meeting},
		{Path: "/api/v1/networks/v6/work-groups/" + ids.group},
		{Path: "/api/v1/networks/v6/advocacy/" + ids.issue},
		{Path: "/api/v1/networks/ggvv/risks/abc"},
	} {
		if r.Method == "" {
			r.Method = "GET"
		}
		if res := a.as(roleCoord, r); res.Status != http.StatusNotFound {
			t.Errorf("%s %s as GGVV's coordinator = %d, want 404: %s", r.Method, r.Path, res.Status, res.Body)
		}
	}
	// Region 10's risk through its own path: the coordinator of GGVV is refused.
	res := a.as(roleCoord, req{Method: "PUT", Path: "/api/v1/networks/region-10/risks/" + r10, Body: body, Header: map[string]string{"If-Match": `"1"`}})
	if res.Status != http.StatusForbidden {
		t.Errorf("PUT Region 10's risk as GGVV's coordinator = %d", res.Status)
	}
	got, _ := a.store.(samverkan.RiskStore).RiskByID(ctx, rs[0].ID)
	if got.Title == "Kapad" || got.Version != 1 {
		t.Errorf("Region 10's risk changed: %+v", got)
	}
	// A body naming another owner is refused, and so is a collaboration's
	// risk posted under the network.
	for _, b := range []map[string]any{
		{"network": "v6", "kind": "risk", "category": "annan", "title": "x"},
		{"collaboration_id": a.it.ID, "kind": "risk", "category": "annan", "title": "x"},
	} {
		res := a.as(roleCoord, req{Method: "POST", Path: "/api/v1/networks/ggvv/risks", Body: b})
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST %v = %d, want 422", b, res.Status)
		}
	}
	res = a.as(roleHeby, req{Method: "POST", Path: "/api/v1/collaborations/" + strconv.FormatInt(a.it.ID, 10) + "/risks",
		Body: map[string]any{"network": "ggvv", "kind": "risk", "category": "annan", "title": "x"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("a collaboration risk naming a network = %d, want 422", res.Status)
	}
}

// The write protocol: created with Location and ETag, a stale or missing
// version refused, the history kept after a delete, a restore audited.
func TestNetRecordWrites(t *testing.T) {
	a := newAuthAPI(t)
	base := "/api/v1/networks/ggvv/meetings"
	body := map[string]any{"kind": "stormote", "title": "Stormöte 2025", "start": "2025-11-20", "end": "2025-11-21",
		"place": "Värnamo", "host": "0683", "decisions": []map[string]any{{"text": "Växeln utreds.", "collaboration_id": nil}}}
	res := a.as(roleCoord, req{Method: "POST", Path: base, Body: body})
	if res.Status != http.StatusCreated || res.Header.Get("ETag") != `"1"` {
		t.Fatalf("create = %d (ETag %s): %s", res.Status, res.Header.Get("ETag"), res.Body)
	}
	m := decodeAs[samverkan.Meeting](t, res)
	item := base + "/" + strconv.FormatInt(m.ID, 10)
	if res.Header.Get("Location") != item || m.Network != "ggvv" || m.Host != "0683" {
		t.Errorf("Location %q, meeting %+v", res.Header.Get("Location"), m)
	}
	body["place"] = "Gislaved"
	if res := a.as(roleCoord, req{Method: "PUT", Path: item, Body: body}); res.Status != http.StatusPreconditionRequired {
		t.Errorf("PUT without a version = %d, want 428", res.Status)
	}
	res = a.as(roleCoord, req{Method: "PUT", Path: item, Body: body, Header: map[string]string{"If-Match": `"1"`}})
	if res.Status != http.StatusOK || decodeAs[samverkan.Meeting](t, res).Place != "Gislaved" {
		t.Fatalf("PUT = %d: %s", res.Status, res.Body)
	}
	if res := a.as(roleCoord, req{Method: "PUT", Path: item, Body: body, Header: map[string]string{"If-Match": `"1"`}}); res.Status != http.StatusPreconditionFailed {
		t.Errorf("stale PUT = %d, want 412", res.Status)
	} else if p := problem(t, res); p.CurrentVersion != 2 {
		t.Errorf("stale PUT names current version %v", p.CurrentVersion)
	}
	body["host"] = "0180" // Stockholm is no member of GGVV
	if res := a.as(roleCoord, req{Method: "PUT", Path: item, Body: body, Header: map[string]string{"If-Match": `"2"`}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("host outside = %d", res.Status)
	} else if p := problem(t, res); !hasField(p, "host", "not_member") {
		t.Errorf("problem %+v", p)
	}
	hist := decodeAs[list[samverkan.AuditEvent]](t, a.as(roleReader, req{Path: item + "/history"}))
	if hist.Total != 2 || hist.Items[0].Actor != "coordinator.ggvv@test.samverkan.se" {
		t.Fatalf("history %+v", hist)
	}
	first := strconv.FormatInt(hist.Items[0].ID, 10)
	res = a.as(roleCoord, req{Method: "POST", Path: item + "/history/" + first + "/restore", Header: map[string]string{"If-Match": `"2"`}})
	if res.Status != http.StatusOK || decodeAs[samverkan.Meeting](t, res).Place != "Värnamo" {
		t.Fatalf("restore = %d: %s", res.Status, res.Body)
	}
	if res := a.as(roleCoord, req{Method: "DELETE", Path: item}); res.Status != http.StatusPreconditionRequired {
		t.Errorf("DELETE without a version = %d", res.Status)
	}
	if res := a.as(roleCoord, req{Method: "DELETE", Path: item + "?version=3"}); res.Status != http.StatusNoContent {
		t.Fatalf("DELETE = %d: %s", res.Status, res.Body)
	}
	if res := a.as(roleReader, req{Path: item}); res.Status != http.StatusNotFound {
		t.Errorf("GET after delete = %d", res.Status)
	}
	hist = decodeAs[list[samverkan.AuditEvent]](t, a.as(roleReader, req{Path: item + "/history"}))
	if hist.Total != 4 || hist.Items[2].Action != samverkan.AuditRestore || hist.Items[3].Action != samverkan.AuditDelete {
		t.Errorf("history after delete %+v", hist)
	}
	if res := a.as(roleReader, req{Path: "/api/v1/networks/v6/meetings/" + strconv.FormatInt(m.ID, 10) + "/history"}); res.Status != http.StatusNotFound {
		t.Errorf("a deleted meeting's history under another network = %d", res.Status)
	}
	if res := a.as(roleReader, req{Path: base + "?year=x"}); res.Status != http.StatusBadRequest {
		t.Errorf("?year=x = %d", res.Status)
	}
}

// lifeConformance sends a validated sample to every route of the
// network's own life (TestOpenAPIConformance calls it).
func lifeConformance(t *testing.T, c *conformance) {
	ifMatch := func(v int) map[string]string { return map[string]string{"If-Match": `"` + strconv.Itoa(v) + `"`} }
	stale := map[string]string{"If-Match": `"999"`}
	ctx := context.Background()
	cs, _, err := c.store.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "ggvv", Limit: 1})
	if err != nil || len(cs) == 0 {
		t.Fatal(err)
	}
	ggvvCollab := cs[0].ID

	// Region 10's demo records.
	c.ok(req{Path: "/api/v1/networks/region-10/risks"}, 200)
	c.ok(req{Path: "/api/v1/networks/region-10/meetings?year=2023"}, 200)
	c.off(req{Path: "/api/v1/networks/region-10/meetings?year=1800"}, 400)
	c.ok(req{Path: "/api/v1/networks/region-10/advocacy"}, 200)
	c.ok(req{Path: "/api/v1/networks/finns-inte/risks"}, 404)

	// Each kind: create, refuse, read, replace, stale, history, restore,
	// delete.
	type kind struct {
		list  string
		body  map[string]any
		bad   map[string]any
		edit  func(m map[string]any)
		offOK bool // bad breaks the document too (an enum)
	}
	for _, k := range []kind{
		{list: "/api/v1/networks/ggvv/risks",
			body: map[string]any{"kind": "risk", "category": "kompetens", "title": "Svårt att rekrytera", "likelihood": 3, "impact": nil,
				"responsible": "kommundirektörsgruppen", "status": "bevakas", "review": "2025-06-01"},
			bad: map[string]any{"kind": "risk", "category": "kompetens", "title": "", "likelihood": 3},
			edit: func(m map[string]any) {
				m["impact"] = 4
			}},
		{list: "/api/v1/collaborations/" + strconv.FormatInt(ggvvCollab, 10) + "/risks",
			body: map[string]any{"kind": "hinder", "category": "juridiskt_hinder", "title": "Sekretess"},
			bad:  map[string]any{"kind": "kanske", "category": "juridiskt_hinder", "title": "Sekretess"}, offOK: true,
			edit: func(m map[string]any) { m["mitigation"] = "Utred samtycke." }},
		{list: "/api/v1/networks/ggvv/meetings",
			body: map[string]any{"kind": "stormote", "title": "Stormöte", "start": "2024-11-20", "end": "2024-11-21", "place": "Gnosjö",
				"host": "0617", "decisions": []map[string]any{{"text": "Fortsatt arbete.", "collaboration_id": ggvvCollab}}},
			bad:  map[string]any{"kind": "stormote", "title": "Stormöte", "start": "2024-11-20", "end": "2024-11-19"},
			edit: func(m map[string]any) { m["minutes_url"] = "https://example.se/protokoll.pdf" }},
		{list: "/api/v1/networks/ggvv/work-groups",
			body: map[string]any{"name": "Utbildning", "area": "", "members": []map[string]any{{"municipality": "0662", "function": "skolchef"}},
				"collaborations": []map[string]any{{"id": ggvvCollab}}},
			bad:  map[string]any{"name": "Utbildning", "members": []map[string]any{{"municipality": "0180", "function": "skolchef"}}},
			edit: func(m map[string]any) { m["mandate"] = "Ta fram ett förslag." }},
		{list: "/api/v1/networks/ggvv/advocacy",
			body: map[string]any{"title": "Yrkesutbildning", "targets": []string{"stat", "region"},
				"actions": []map[string]any{{"date": "2024-05-02", "text": "Skrivelse."}}, "supporters": []string{"0662", "0617"}},
			bad: map[string]any{"title": "Yrkesutbildning", "targets": []string{"kommun"}}, offOK: true,
			edit: func(m map[string]any) { m["position"] = "Fler platser." }},
	} {
		created := decodeJSON[map[string]any](t, c.ok(req{Method: "POST", Path: k.list, Body: k.body}, 201))
		if k.offOK {
			c.off(req{Method: "POST", Path: k.list, Body: k.bad}, 422)
		} else {
			c.ok(req{Method: "POST", Path: k.list, Body: k.bad}, 422)
		}
		c.check(sample{as: asReader, r: req{Method: "POST", Path: k.list, Body: k.body}, status: 403})
		c.ok(req{Path: k.list}, 200)
		id := strconv.FormatInt(int64(created["id"].(float64)), 10)
		item := k.list + "/" + id
		c.ok(req{Path: item}, 200)
		c.ok(req{Path: k.list + "/99999999"}, 404)
		edited := asBody(t, created, k.edit)
		// What the server fills on read is not sent back.
		for _, ro := range []string{"collaboration_title", "work_group_name"} {
			delete(edited, ro)
		}
		for list, keys := range map[string][]string{"decisions": {"collaboration_title"}, "collaborations": {"title", "status"}} {
			items, _ := edited[list].([]any)
			for _, it := range items {
				for _, k := range keys {
					delete(it.(map[string]any), k)
				}
			}
		}
		c.ok(req{Method: "PUT", Path: item, Body: edited, Header: ifMatch(1)}, 200)
		c.ok(req{Method: "PUT", Path: item, Body: edited, Header: stale}, 412)
		hist := decodeJSON[list[samverkan.AuditEvent]](t, c.ok(req{Path: item + "/history"}, 200))
		first := strconv.FormatInt(hist.Items[0].ID, 10)
		c.ok(req{Method: "POST", Path: item + "/history/" + first + "/restore", Header: ifMatch(2)}, 200)
		c.ok(req{Method: "POST", Path: item + "/history/" + first + "/restore", Header: stale}, 412)
		c.ok(req{Method: "DELETE", Path: item, Header: stale}, 412)
		c.ok(req{Method: "DELETE", Path: item + "?version=3"}, 204)
	}
}
