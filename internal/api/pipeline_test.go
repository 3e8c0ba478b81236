package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
)

// jointCommitteeBody is a gemensam nämnd of Gislaved (host) and Gnosjö at
// status, in the network ggvv.
func jointCommitteeBody(title, status string) map[string]any {
	b := collaborationBody(title, gislaved, gnosjo)
	b["legal_form"], b["status"], b["networks"] = samverkan.FormJointCommittee, status, []string{"ggvv"}
	return b
}

func decisionBody(code, outcome, date string) map[string]any {
	b := map[string]any{"municipality": code, "body": "kf", "outcome": outcome, "kind": samverkan.KindAdopt,
		"document": "reglemente"}
	if date != "" {
		b["date"] = date
	}
	return b
}

func (a *testAPI) createDecision(id int64, body map[string]any) samverkan.Decision {
	a.t.Helper()
	res := a.mustDo(req{Method: http.MethodPost, Path: fmt.Sprintf("/api/v1/collaborations/%d/decisions", id), Body: body}, http.StatusCreated)
	return decodeAs[samverkan.Decision](a.t, res)
}

func (a *testAPI) version(id int64) int {
	a.t.Helper()
	return decodeAs[samverkan.Collaboration](a.t, a.mustDo(req{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/collaborations/%d", id)}, 200)).Version
}

func statusPath(id int64) string { return fmt.Sprintf("/api/v1/collaborations/%d/status", id) }

// TestStatusGateAPI: acceptance 2 (409 naming the missing decisions, in
// Swedish and English, by the status route and by PUT) and 5 (unknown and
// skipped stages, 422, nothing written).
func TestStatusGateAPI(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	c := a.createCollaboration(jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDeciding))

	res := a.mustDo(req{Method: http.MethodPost, Path: statusPath(c.ID),
		Body: map[string]any{"status": "beslutad", "version": c.Version}}, http.StatusConflict)
	p := problem(t, res)
	if len(p.Missing) != 2 || p.Missing[0].MunicipalityName != "Gislaved" || p.Missing[1].MunicipalityName != "Gnosjö" ||
		p.Missing[0].Body != "kf" || p.Missing[0].Kind != samverkan.KindAdopt || !strings.Contains(p.Missing[0].Reference, "KL 9 kap.") {
		t.Errorf("missing = %+v", p.Missing)
	}
	if !hasField(p, "status", "decisions_missing") || !strings.Contains(p.Errors[0].Message, "Gislaved: Kommunfullmäktige – Anta styrdokument") ||
		!strings.Contains(p.Detail, "bifall") {
		t.Errorf("Swedish problem = %+v", p)
	}

	// English, and the same gate through PUT of the whole record.
	body := jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDecided)
	body["version"] = c.Version
	res = a.mustDo(req{Method: http.MethodPut, Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID), Body: body,
		Header: map[string]string{"Accept-Language": "en"}}, http.StatusConflict)
	p = problem(t, res)
	if len(p.Missing) != 2 || p.Missing[0].BodyLabel != "Municipal council" || !strings.Contains(p.Errors[0].Message, "Decisions missing or not approved: Gislaved: Municipal council – Adopt a governing document") ||
		!strings.Contains(p.Detail, "approval") {
		t.Errorf("English problem = %+v", p)
	}

	// A rejection still blocks; a later approval clears it.
	a.createDecision(c.ID, decisionBody(gislaved, "bifall", "2018-10-03"))
	a.createDecision(c.ID, decisionBody(gnosjo, "avslag", "2018-09-01"))
	p = problem(t, a.mustDo(req{Method: http.MethodPost, Path: statusPath(c.ID),
		Body: map[string]any{"status": "beslutad", "version": c.Version}}, http.StatusConflict))
	if len(p.Missing) != 1 || p.Missing[0].Municipality != gnosjo {
		t.Errorf("missing after one avslag = %+v", p.Missing)
	}
	if v := a.version(c.ID); v != c.Version {
		t.Fatalf("refused status changes moved the version to %d", v)
	}
	a.createDecision(c.ID, decisionBody(gnosjo, "bifall", "2018-10-01"))

	// 428 without a version, 412 with an old one.
	problem(t, a.mustDo(req{Method: http.MethodPost, Path: statusPath(c.ID), Body: map[string]any{"status": "beslutad"}}, http.StatusPreconditionRequired))
	res = a.mustDo(req{Method: http.MethodPost, Path: statusPath(c.ID), Body: map[string]any{"status": "beslutad", "version": c.Version + 5}}, http.StatusPreconditionFailed)
	if p := problem(t, res); p.CurrentVersion != c.Version {
		t.Errorf("current_version = %d, want %d", p.CurrentVersion, c.Version)
	}

	res = a.mustDo(req{Method: http.MethodPost, Path: statusPath(c.ID),
		Body:   map[string]any{"status": "beslutad", "date": "2018-10-03", "note": "Sista beslutet i Älvkarleby KF."},
		Header: map[string]string{"If-Match": strconv.Quote(strconv.Itoa(c.Version))}}, http.StatusOK)
	got := decodeAs[samverkan.Collaboration](t, res)
	if got.Status != samverkan.StatusDecided || got.Version != c.Version+1 || res.Header.Get("ETag") != strconv.Quote(strconv.Itoa(got.Version)) {
		t.Errorf("after status change: %s v%d etag %s", got.Status, got.Version, res.Header.Get("ETag"))
	}
	events := decodeAs[list[samverkan.Event]](t, a.mustDo(req{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/collaborations/%d/events", c.ID)}, 200))
	last := events.Items[len(events.Items)-1]
	if last.Kind != "status" || last.Date != samverkan.MustDate("2018-10-03") || last.Note != "Sista beslutet i Älvkarleby KF." {
		t.Errorf("status event = %+v", last)
	}

	// 422: skipped stage, unknown stage, a bad date; nothing written.
	idea := a.createCollaboration(jointCommitteeBody("Idé", samverkan.StatusIdea))
	for _, tc := range []struct {
		body        map[string]any
		field, code string
		en          string
	}{
		{map[string]any{"status": "beredning"}, "status", "skipped_stage", "Stages cannot be skipped: the next stage after Idé is Inventerad."},
		{map[string]any{"status": "klar"}, "status", "unknown_status", `Unknown status: "klar".`},
		{map[string]any{"status": "inventerad", "date": "igår"}, "date", "invalid_date", `Invalid date: "igår". Write the date as YYYY-MM-DD, between the years 1800 and 2200.`},
		{map[string]any{"status": "inventerad", "date": "2199-01-01"}, "date", "date_in_future", "The date cannot be in the future."},
	} {
		tc.body["version"] = idea.Version
		p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: statusPath(idea.ID) + "?lang=en", Body: tc.body}, http.StatusUnprocessableEntity))
		if !hasField(p, tc.field, tc.code) || p.Errors[0].Message != tc.en {
			t.Errorf("%v: %+v", tc.body, p.Errors)
		}
	}
	if v := a.version(idea.ID); v != idea.Version {
		t.Errorf("refused changes moved the version to %d", v)
	}
	put := jointCommitteeBody("Idé", samverkan.StatusPreparation)
	put["version"] = idea.Version
	p = problem(t, a.mustDo(req{Method: http.MethodPut, Path: fmt.Sprintf("/api/v1/collaborations/%d", idea.ID), Body: put}, http.StatusUnprocessableEntity))
	if !hasField(p, "status", "skipped_stage") {
		t.Errorf("PUT skipping a stage: %+v", p)
	}
	a.mustDo(req{Method: http.MethodPost, Path: statusPath(9999), Body: map[string]any{"status": "inventerad", "version": 1}}, http.StatusNotFound)
}

func TestDecisionRoutes(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	c := a.createCollaboration(jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDeciding))
	path := fmt.Sprintf("/api/v1/collaborations/%d/decisions", c.ID)

	body := decisionBody(gislaved, "bifall", "2018-10-03")
	body["paragraph"], body["body_name"], body["url"] = "§ 120", "Kommunfullmäktige", "https://example.se/protokoll.pdf"
	res := a.mustDo(req{Method: http.MethodPost, Path: path, Body: body}, http.StatusCreated)
	d := decodeAs[samverkan.Decision](t, res)
	if d.ID == 0 || d.Version != 1 || d.CollaborationID != c.ID || d.Paragraph != "§ 120" ||
		res.Header.Get("Location") != fmt.Sprintf("/api/v1/decisions/%d", d.ID) || res.Header.Get("ETag") != `"1"` {
		t.Errorf("created %+v, headers %v", d, res.Header)
	}
	dpath := fmt.Sprintf("/api/v1/decisions/%d", d.ID)
	got := decodeAs[samverkan.Decision](t, a.mustDo(req{Method: http.MethodGet, Path: dpath}, 200))
	if got.Date != samverkan.MustDate("2018-10-03") || got.Outcome != "bifall" {
		t.Errorf("GET = %+v", got)
	}
	a.mustDo(req{Method: http.MethodGet, Path: dpath, Header: map[string]string{"If-None-Match": `"1"`}}, http.StatusNotModified)

	// Refused input, with its message, and nothing written.
	for _, tc := range []struct {
		body        map[string]any
		field, code string
		en          string
	}{
		{decisionBody(varnamo, "bifall", "2018-10-03"), "municipality", "not_participant", `Municipality "0683" does not take part in the collaboration.`},
		{decisionBody(gnosjo, "bifall", "2199-01-01"), "date", "decision_in_future", "A decision that has been taken cannot be dated in the future."},
		{decisionBody(gnosjo, "bifall", ""), "date", "decision_date_required", "A decision that has been taken needs a date."},
		{decisionBody(gnosjo, "kanske", "2018-10-03"), "outcome", "unknown_outcome", `Unknown outcome: "kanske".`},
	} {
		p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: path, Body: tc.body, Header: map[string]string{"Accept-Language": "en"}}, http.StatusUnprocessableEntity))
		if !hasField(p, tc.field, tc.code) || p.Errors[0].Message != tc.en {
			t.Errorf("%v: %+v", tc.body, p.Errors)
		}
	}
	p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: path, Body: decisionBody(varnamo, "bifall", "2018-10-03")}, http.StatusUnprocessableEntity))
	if p.Errors[0].Message != `Kommunen "0683" deltar inte i samverkan.` {
		t.Errorf("Swedish message = %q", p.Errors[0].Message)
	}
	ds := decodeAs[list[samverkan.Decision]](t, a.mustDo(req{Method: http.MethodGet, Path: path}, 200))
	if ds.Total != 1 {
		t.Errorf("decisions after refused input = %d, want 1", ds.Total)
	}
	a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations/9999/decisions", Body: decisionBody(gnosjo, "vantar", "")}, http.StatusNotFound)
	a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/collaborations/9999/decisions"}, http.StatusNotFound)

	// PUT with If-Match; stale → 412 with the current version; no version → 428.
	upd := decisionBody(gislaved, "aterremiss", "2018-10-01")
	res = a.mustDo(req{Method: http.MethodPut, Path: dpath, Body: upd, Header: map[string]string{"If-Match": `"1"`}}, http.StatusOK)
	if u := decodeAs[samverkan.Decision](t, res); u.Version != 2 || u.Outcome != "aterremiss" || u.Paragraph != "" {
		t.Errorf("after PUT: %+v", u)
	}
	p = problem(t, a.mustDo(req{Method: http.MethodPut, Path: dpath, Body: upd, Header: map[string]string{"If-Match": `"1"`}}, http.StatusPreconditionFailed))
	if p.CurrentVersion != 2 {
		t.Errorf("current_version = %d", p.CurrentVersion)
	}
	a.mustDo(req{Method: http.MethodPut, Path: dpath, Body: upd}, http.StatusPreconditionRequired)
	a.mustDo(req{Method: http.MethodDelete, Path: dpath + "?version=1"}, http.StatusPreconditionFailed)
	a.mustDo(req{Method: http.MethodDelete, Path: dpath, Header: map[string]string{"If-Match": `"2"`}}, http.StatusNoContent)
	a.mustDo(req{Method: http.MethodGet, Path: dpath}, http.StatusNotFound)
	a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/decisions/abc"}, http.StatusNotFound)
}

// TestPendingDecisionsAPI: acceptance 3, per network and per
// municipality, with the age.
func TestPendingDecisionsAPI(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	c1 := a.createCollaboration(jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDeciding))
	c2 := a.createCollaboration(jointCommitteeBody("Gemensam lönenämnd", samverkan.StatusPreparation))
	outside := a.createCollaboration(collaborationBody("Utanför nätverket", gislaved, jonkoping))
	p1 := a.createDecision(c1.ID, decisionBody(gnosjo, "vantar", ""))
	a.createDecision(c1.ID, decisionBody(gislaved, "bifall", "2018-10-03"))
	p2 := a.createDecision(c2.ID, decisionBody(gislaved, "vantar", "2030-01-01"))
	p3 := a.createDecision(outside.ID, decisionBody(gislaved, "vantar", ""))
	a.createDecision(outside.ID, decisionBody(jonkoping, "avslag", "2024-01-01"))

	ids := func(path string) []int64 {
		t.Helper()
		l := decodeAs[list[api.DecisionItemView]](t, a.mustDo(req{Method: http.MethodGet, Path: path}, 200))
		out := []int64{}
		for _, it := range l.Items {
			if it.Outcome != "vantar" && strings.Contains(path, "pending=true") || it.CollaborationTitle == "" || it.AgeDays != 0 || it.MunicipalityName == "" {
				t.Errorf("%s: item %+v", path, it)
			}
			out = append(out, it.ID)
		}
		return out
	}
	for path, want := range map[string][]int64{
		"/api/v1/networks/ggvv/decisions?pending=true":                   {p1.ID, p2.ID},
		"/api/v1/municipalities/" + gislaved + "/decisions?pending=true": {p2.ID, p3.ID},
		"/api/v1/municipalities/" + gnosjo + "/decisions?pending=true":   {p1.ID},
		"/api/v1/municipalities/" + varnamo + "/decisions?pending=true":  {},
	} {
		if g := ids(path); fmt.Sprint(g) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", path, g, want)
		}
	}
	if all := ids("/api/v1/networks/ggvv/decisions"); len(all) != 3 {
		t.Errorf("all decisions of ggvv = %v", all)
	}
	a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/inget/decisions?pending=true"}, http.StatusNotFound)
	a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/municipalities/9999/decisions"}, http.StatusNotFound)
	p := problem(t, a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/ggvv/decisions?pending=kanske"}, http.StatusBadRequest))
	if !hasField(p, "pending", "invalid_boolean") {
		t.Errorf("pending=kanske: %+v", p)
	}
}

// TestAssessmentAPI: acceptance 4 through the API (payback and NPV,
// including a saving that never pays back) and negative costs refused.
func TestAssessmentAPI(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	c := a.createCollaboration(jointCommitteeBody("Förstudie e-arkiv", samverkan.StatusStudyOngoing))
	path := fmt.Sprintf("/api/v1/collaborations/%d/assessment", c.ID)
	a.mustDo(req{Method: http.MethodGet, Path: path}, http.StatusNotFound)

	body := map[string]any{
		"legal_feasibility": "mojlig",
		"legal_basis":       "KL 9 kap. 19 §",
		"organisation":      []map[string]any{{"municipality": gislaved, "readiness": "hog", "digital_maturity": 4}},
		"economics":         map[string]any{"one_off_cost": 500000, "annual_cost": 100000, "annual_saving": 350000, "years": 4, "discount_rate": 3.5},
		"effects":           []map[string]any{{"purpose": "Minska sårbarheten", "effect": "positiv"}},
		"risks":             []map[string]any{{"category": "digital_mognad", "description": "Olika system", "likelihood": 3, "impact": 3}},
		"recommended_form":  samverkan.FormJointCommittee,
	}
	res := a.mustDo(req{Method: http.MethodPut, Path: path, Body: body}, http.StatusCreated)
	v := decodeAs[api.AssessmentView](t, res)
	if v.Version != 1 || v.PaybackYears == nil || *v.PaybackYears != 2 || v.NPV != 418270 || v.NetAnnual != 250000 || res.Header.Get("ETag") != `"1"` {
		t.Errorf("created: payback %v npv %d version %d", v.PaybackYears, v.NPV, v.Version)
	}

	// No saving: never pays back; NPV is the discounted loss.
	body["economics"] = map[string]any{"one_off_cost": 500000, "annual_cost": 100000, "annual_saving": 0, "years": 4, "discount_rate": 3.5}
	res = a.mustDo(req{Method: http.MethodPut, Path: path, Body: body, Header: map[string]string{"If-Match": `"1"`}}, http.StatusOK)
	if !strings.Contains(string(res.Body), `"payback_years":null`) {
		t.Errorf("payback_years not null: %s", res.Body)
	}
	if v := decodeAs[api.AssessmentView](t, res); v.NPV != -867308 || v.Version != 2 {
		t.Errorf("no saving: npv %d version %d", v.NPV, v.Version)
	}

	// Negative costs, a non-participant and a stale version are refused.
	body["economics"] = map[string]any{"one_off_cost": -1, "annual_cost": -2}
	p := problem(t, a.mustDo(req{Method: http.MethodPut, Path: path + "?lang=en", Body: body, Header: map[string]string{"If-Match": `"2"`}}, http.StatusUnprocessableEntity))
	if !hasField(p, "economics.one_off_cost", "negative") || !hasField(p, "economics.annual_cost", "negative") || p.Errors[0].Message != "The amount cannot be negative." {
		t.Errorf("negative costs: %+v", p.Errors)
	}
	body["economics"] = map[string]any{}
	body["organisation"] = []map[string]any{{"municipality": varnamo}}
	p = problem(t, a.mustDo(req{Method: http.MethodPut, Path: path, Body: body, Header: map[string]string{"If-Match": `"2"`}}, http.StatusUnprocessableEntity))
	if !hasField(p, "organisation[0].municipality", "not_participant") {
		t.Errorf("non-participant: %+v", p.Errors)
	}
	body["organisation"] = []any{}
	p = problem(t, a.mustDo(req{Method: http.MethodPut, Path: path, Body: body, Header: map[string]string{"If-Match": `"1"`}}, http.StatusPreconditionFailed))
	if p.CurrentVersion != 2 {
		t.Errorf("stale: current_version %d", p.CurrentVersion)
	}
	// Creating again without a version is stale too: one already exists.
	a.mustDo(req{Method: http.MethodPut, Path: path, Body: body}, http.StatusPreconditionFailed)
	got := decodeAs[api.AssessmentView](t, a.mustDo(req{Method: http.MethodGet, Path: path}, 200))
	if got.Version != 2 || got.Economics.AnnualSaving != 0 || len(got.Organisation) != 1 {
		t.Errorf("refused writes changed the assessment: %+v", got)
	}
	a.mustDo(req{Method: http.MethodPut, Path: "/api/v1/collaborations/9999/assessment", Body: body}, http.StatusNotFound)
}

func TestDecisionPathAPI(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	c := a.createCollaboration(jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDeciding))
	d := a.createDecision(c.ID, decisionBody(gislaved, "bifall", "2018-10-03"))
	path := fmt.Sprintf("/api/v1/collaborations/%d/decision-path", c.ID)
	v := decodeAs[api.DecisionPathView](t, a.mustDo(req{Method: http.MethodGet, Path: path}, 200))
	// Formation (both councils adopt) and start (both elect members):
	// four steps, three missing; the gate waits for Gnosjö's council.
	if !v.Known || v.Complete || len(v.Steps) != 4 || !v.Steps[0].Done || v.Steps[0].Decision == nil || v.Steps[0].Decision.ID != d.ID ||
		v.Steps[1].Done || v.Steps[1].Decision != nil || len(v.Missing) != 3 || v.Missing[0].Municipality != gnosjo ||
		v.Steps[2].Kind != samverkan.KindElect || v.Steps[2].Step != samverkan.StepStart ||
		len(v.Gate) != 1 || v.Gate[0].Municipality != gnosjo || len(v.All) != 12 || v.All[11].Kind != samverkan.KindDissolve ||
		v.All[11].StepLabel != "Avslut och upplösning" || v.Triage.Triage != "kraver_politiskt_beslut" ||
		fmt.Sprint(v.Steps[0].Documents) != "[samverkansavtal reglemente]" || v.ProposedTriage != "kraver_politiskt_beslut" || v.HighestBody != "kf" {
		t.Errorf("decision path = %+v", v)
	}
	// Unknown form: no path yet.
	u := collaborationBody("Okänd form", gislaved, gnosjo)
	u["legal_form"] = samverkan.FormUnknown
	uc := a.createCollaboration(u)
	v = decodeAs[api.DecisionPathView](t, a.mustDo(req{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/collaborations/%d/decision-path", uc.ID)}, 200))
	if v.Known || v.Complete || len(v.Steps) != 0 {
		t.Errorf("unknown form path = %+v", v)
	}
	a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/collaborations/9999/decision-path"}, http.StatusNotFound)
}

// TestReport938API: acceptance 6, the avtalssamverkan a municipality took
// part in during a year, and nothing else.
func TestReport938API(t *testing.T) {
	a := newTestAPI(t)
	mk := func(title, form, status, start, end string, codes ...string) int64 {
		b := collaborationBody(title, codes...)
		b["legal_form"], b["status"], b["start"], b["end"] = form, status, start, end
		if start == "" {
			delete(b, "start")
		}
		if end == "" {
			delete(b, "end")
		}
		return a.createCollaboration(b).ID
	}
	running := mk("Löner", samverkan.FormAgreement, samverkan.StatusRunning, "2020-01-01", "", gislaved, gnosjo)
	special := mk("Tillsyn", samverkan.FormAgreementSpecial, samverkan.StatusUnderReview, "", "", jonkoping, gislaved)
	endedIn := mk("Upphandling", samverkan.FormAgreement, samverkan.StatusEnded, "2019-01-01", "2025-03-31", gislaved, varnamo)
	mk("Avslutad före", samverkan.FormAgreement, samverkan.StatusEnded, "2019-01-01", "2024-12-31", gislaved, varnamo)
	mk("Startar senare", samverkan.FormAgreement, samverkan.StatusRunning, "2026-01-01", "", gislaved, varnamo)
	mk("Idé", samverkan.FormAgreement, samverkan.StatusIdea, "", "", gislaved, varnamo)
	mk("Nämnd", samverkan.FormJointCommittee, samverkan.StatusRunning, "2020-01-01", "", gislaved, gnosjo)
	mk("Andra kommuner", samverkan.FormAgreement, samverkan.StatusRunning, "2020-01-01", "", gnosjo, varnamo)
	left := collaborationBody("Lämnade 2024", gnosjo, varnamo, gislaved)
	left["participants"] = []map[string]any{{"code": gnosjo}, {"code": varnamo}, {"code": gislaved, "left": "2024-06-30"}}
	a.createCollaboration(left)

	res := a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/municipalities/" + gislaved + "/report-9-38?year=2025"}, 200)
	r := decodeAs[api.Report938](t, res)
	var got []int64
	for _, c := range r.Items {
		got = append(got, c.ID)
	}
	want := []int64{running, special, endedIn}
	if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(want)) || r.Total != 3 || r.Year != 2025 || r.MunicipalityName != "Gislaved" {
		t.Errorf("report 2025 = %v (%+v), want %v", got, r, want)
	}
	p := problem(t, a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/municipalities/" + gislaved + "/report-9-38?year=tjugo"}, http.StatusBadRequest))
	if !hasField(p, "year", "invalid_integer") {
		t.Errorf("year=tjugo: %+v", p)
	}
	a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/municipalities/9999/report-9-38?year=2025"}, http.StatusNotFound)
}

func sorted(ids []int64) []int64 {
	out := append([]int64(nil), ids...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestPipelinePhase: the pipeline list is the collaborations before igång.
func TestPipelinePhase(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	idea := a.createCollaboration(jointCommitteeBody("Idé", samverkan.StatusIdea))
	decided := a.createCollaboration(jointCommitteeBody("Beslutad", samverkan.StatusDecided))
	a.createCollaboration(jointCommitteeBody("Igång", samverkan.StatusRunning))
	a.createCollaboration(jointCommitteeBody("Avslagen", samverkan.StatusRejected))
	for _, path := range []string{"/api/v1/collaborations?phase=pipeline", "/api/v1/networks/ggvv/collaborations?phase=pipeline"} {
		l := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: http.MethodGet, Path: path + "&sort=title"}, 200))
		if l.Total != 2 || l.Items[0].ID != decided.ID || l.Items[1].ID != idea.ID {
			t.Errorf("%s = %+v", path, l)
		}
	}
}
