package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

func ifMatch(v int) map[string]string {
	return map[string]string{"If-Match": `"` + strconv.Itoa(v) + `"`}
}

func TestCollaborationAcrossNetwork(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	body := collaborationBody("Gemensam IT-drift", gislaved, gnosjo, jonkoping)
	body["networks"] = []string{"ggvv"}
	res := a.mustDo(req{Method: "POST", Path: "/api/v1/collaborations", Body: body}, http.StatusCreated)
	c := decodeAs[samverkan.Collaboration](t, res)
	if c.ID == 0 || c.Version < 1 || res.Header.Get("Location") != fmt.Sprintf("/api/v1/collaborations/%d", c.ID) {
		t.Fatalf("created %+v, Location %q", c, res.Header.Get("Location"))
	}
	if res.Header.Get("ETag") != fmt.Sprintf(`"%d"`, c.Version) {
		t.Errorf("ETag = %q, version %d", res.Header.Get("ETag"), c.Version)
	}
	if len(c.Participants) != 3 || c.Participants[2].Name != "Jönköping" || c.Host != gislaved {
		t.Errorf("participants = %+v, host %q", c.Participants, c.Host)
	}
	if c.AnnualCost == nil || *c.AnnualCost != 1200000 || c.Start.String() != "2020-01-01" {
		t.Errorf("annual_cost %v, start %v", c.AnnualCost, c.Start)
	}

	for _, code := range []string{gislaved, gnosjo, jonkoping} {
		got := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/municipalities/" + code + "/collaborations"}, http.StatusOK))
		if got.Total != 1 || len(got.Items) != 1 || got.Items[0].ID != c.ID {
			t.Errorf("/municipalities/%s/collaborations = %+v, want [%d]", code, got, c.ID)
		}
	}
	got := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/municipalities/" + varnamo + "/collaborations"}, http.StatusOK))
	if got.Total != 0 || got.Items == nil {
		t.Errorf("Värnamo takes part in %d, want 0 (items %v)", got.Total, got.Items)
	}
	got = decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/networks/ggvv/collaborations"}, http.StatusOK))
	if got.Total != 1 || got.Items[0].ID != c.ID {
		t.Errorf("/networks/ggvv/collaborations = %+v", got)
	}

	one := decodeAs[samverkan.Collaboration](t, a.mustDo(req{Method: "GET", Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID)}, http.StatusOK))
	if one.Title != "Gemensam IT-drift" || !slices.Equal(one.Networks, []string{"ggvv"}) {
		t.Errorf("GET = %+v", one)
	}

	hist := decodeAs[list[samverkan.AuditEvent]](t, a.mustDo(req{Method: "GET", Path: fmt.Sprintf("/api/v1/collaborations/%d/history", c.ID)}, http.StatusOK))
	if len(hist.Items) != 1 || hist.Items[0].Action != "create" || hist.Items[0].Actor != testAdmin.Email {
		t.Errorf("history = %+v", hist.Items)
	}
	a.mustDo(req{Method: "GET", Path: fmt.Sprintf("/api/v1/collaborations/%d/events", c.ID)}, http.StatusOK)
	a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations/999999/events"}, http.StatusNotFound)
	a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations/999999"}, http.StatusNotFound)
	a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations/x"}, http.StatusNotFound)

	a.mustDo(req{Method: "DELETE", Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID), Header: ifMatch(c.Version)}, http.StatusNoContent)
	a.mustDo(req{Method: "GET", Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID)}, http.StatusNotFound)
	if n := a.count(); n != 0 {
		t.Errorf("after DELETE the store holds %d", n)
	}
}

func TestCollaborationInvalid(t *testing.T) {
	a := newTestAPI(t)
	valid := func() map[string]any { return collaborationBody("IT-drift", gislaved, gnosjo) }
	edit := func(f func(map[string]any)) any { b := valid(); f(b); return b }
	tests := []struct {
		name        string
		body        any
		contentType string
		wantStatus  int
		wantType    string
		wantField   string
		wantCode    string
	}{
		{"one participant", edit(func(b map[string]any) { b["participants"] = []map[string]any{{"code": gislaved}} }),
			"", 422, "/problems/validation", "participants", "min_participants"},
		{"unknown municipality", edit(func(b map[string]any) {
			b["participants"] = []map[string]any{{"code": gislaved}, {"code": "9999"}}
		}), "", 422, "/problems/validation", "participants[1].code", "unknown_municipality"},
		{"end before start", edit(func(b map[string]any) { b["end"] = "2019-01-01" }),
			"", 422, "/problems/validation", "end", "end_before_start"},
		{"bad date", edit(func(b map[string]any) { b["start"] = "1 jan 2020" }),
			"", 422, "/problems/validation", "start", "invalid_date"},
		{"unknown legal form", edit(func(b map[string]any) { b["legal_form"] = "kartell" }),
			"", 422, "/problems/validation", "legal_form", "unknown_legal_form"},
		{"unknown area", edit(func(b map[string]any) { b["areas"] = []string{"X-IT", "999"} }),
			"", 422, "/problems/validation", "areas[1]", "unknown_area"},
		{"empty title", edit(func(b map[string]any) { b["title"] = "  " }),
			"", 422, "/problems/validation", "title", "required"},
		{"negative cost", edit(func(b map[string]any) { b["annual_cost"] = -5 }),
			"", 422, "/problems/validation", "annual_cost", "negative"},
		{"malformed JSON", `{"title": "x",`, "", 400, "/problems/malformed-json", "body", "invalid_json"},
		{"syntax error", `{"title" "x"}`, "", 400, "/problems/malformed-json", "body", "invalid_json"},
		{"wrong type", `{"title": 5}`, "", 400, "/problems/malformed-json", "title", "invalid_json"},
		{"fractional kronor", `{"title": "x", "annual_cost": 1.5}`, "", 400, "/problems/malformed-json", "annual_cost", "invalid_json"},
		{"trailing garbage", `{"title": "x"} {"title": "y"}`, "", 400, "/problems/malformed-json", "body", "invalid_json"},
		{"empty body", ``, "", 400, "/problems/malformed-json", "body", "invalid_json"},
		{"unknown field", edit(func(b map[string]any) { b["colour"] = "blue" }),
			"", 400, "/problems/malformed-json", "colour", "unknown_field"},
		{"wrong content type", valid(), "text/plain", 415, "/problems/unsupported-media-type", "", ""},
		{"no content type", valid(), "-", 415, "/problems/unsupported-media-type", "", ""},
		{"too large", `{"description": "` + strings.Repeat("a", 1<<20) + `"}`, "", 413, "/problems/too-large", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			switch tc.contentType {
			case "-":
				h["Content-Type"] = ""
			case "":
			default:
				h["Content-Type"] = tc.contentType
			}
			res := a.do(req{Method: "POST", Path: "/api/v1/collaborations", Body: tc.body, Header: h})
			if res.Status != tc.wantStatus {
				t.Fatalf("POST = %d, want %d; body %s", res.Status, tc.wantStatus, res.Body)
			}
			p := problem(t, res)
			if p.Type != tc.wantType {
				t.Errorf("type = %q, want %q", p.Type, tc.wantType)
			}
			if tc.wantField != "" && !hasField(p, tc.wantField, tc.wantCode) {
				t.Errorf("errors = %+v, want field %q code %q", p.Errors, tc.wantField, tc.wantCode)
			}
			if n := a.count(); n != 0 {
				t.Errorf("a rejected POST wrote %d collaborations", n)
			}
		})
	}
}

func TestCollaborationConcurrentUpdate(t *testing.T) {
	a := newTestAPI(t)
	c := a.createCollaboration(collaborationBody("IT-drift", gislaved, gnosjo))
	path := fmt.Sprintf("/api/v1/collaborations/%d", c.ID)

	first := collaborationBody("IT-drift (Anna)", gislaved, gnosjo)
	second := collaborationBody("IT-drift (Bertil)", gislaved, gnosjo)
	second["version"] = c.Version // in the body this time

	res := a.mustDo(req{Method: "PUT", Path: path, Body: first, Header: ifMatch(c.Version)}, http.StatusOK)
	up := decodeAs[samverkan.Collaboration](t, res)
	if up.Version <= c.Version || res.Header.Get("ETag") != fmt.Sprintf(`"%d"`, up.Version) {
		t.Fatalf("first PUT: version %d, ETag %q", up.Version, res.Header.Get("ETag"))
	}
	p := problem(t, a.mustDo(req{Method: "PUT", Path: path, Body: second}, http.StatusPreconditionFailed))
	if p.Type != "/problems/stale" || p.CurrentVersion != up.Version {
		t.Errorf("second PUT problem = %+v, want stale with current_version %d", p, up.Version)
	}
	got := decodeAs[samverkan.Collaboration](t, a.mustDo(req{Method: "GET", Path: path}, http.StatusOK))
	if got.Title != "IT-drift (Anna)" || got.Version != up.Version {
		t.Errorf("GET after the stale PUT = %q v%d, want the first update", got.Title, got.Version)
	}

	// If-Match wins over the body's version.
	second["version"] = up.Version
	a.mustDo(req{Method: "PUT", Path: path, Body: second, Header: ifMatch(c.Version)}, http.StatusPreconditionFailed)

	tests := []struct {
		name   string
		method string
		body   any
		header map[string]string
		want   int
	}{
		{"PUT without version", "PUT", collaborationBody("x", gislaved, gnosjo), nil, http.StatusPreconditionRequired},
		{"PUT with If-Match *", "PUT", collaborationBody("x", gislaved, gnosjo), map[string]string{"If-Match": "*"}, http.StatusPreconditionRequired},
		{"PUT with a bad If-Match", "PUT", collaborationBody("x", gislaved, gnosjo), map[string]string{"If-Match": "three"}, http.StatusBadRequest},
		{"DELETE without version", "DELETE", nil, nil, http.StatusPreconditionRequired},
		{"DELETE with a stale version", "DELETE", nil, ifMatch(c.Version), http.StatusPreconditionFailed},
		{"PUT to a missing record", "PUT", collaborationBody("x", gislaved, gnosjo), ifMatch(1), http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := path
			if tc.want == http.StatusNotFound {
				p = "/api/v1/collaborations/999999"
			}
			problem(t, a.mustDo(req{Method: tc.method, Path: p, Body: tc.body, Header: tc.header}, tc.want))
			got := decodeAs[samverkan.Collaboration](t, a.mustDo(req{Method: "GET", Path: path}, http.StatusOK))
			if got.Version != up.Version || got.Title != "IT-drift (Anna)" {
				t.Errorf("record changed: %q v%d", got.Title, got.Version)
			}
		})
	}
}

func TestETags(t *testing.T) {
	a := newTestAPI(t)
	c := a.createCollaboration(collaborationBody("IT-drift", gislaved, gnosjo))
	paths := []string{
		fmt.Sprintf("/api/v1/collaborations/%d", c.ID),
		"/api/v1/collaborations?status=igang",
		"/api/v1/municipalities",
		"/api/v1/municipalities/0662",
		"/api/v1/areas",
		"/api/v1/networks",
		"/openapi.json",
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			res := a.mustDo(req{Method: "GET", Path: path}, http.StatusOK)
			etag := res.Header.Get("ETag")
			if etag == "" || !strings.HasPrefix(etag, `"`) {
				t.Fatalf("ETag = %q", etag)
			}
			res = a.mustDo(req{Method: "GET", Path: path, Header: map[string]string{"If-None-Match": etag}}, http.StatusNotModified)
			if len(res.Body) != 0 {
				t.Errorf("304 with a body: %s", res.Body)
			}
			a.mustDo(req{Method: "GET", Path: path, Header: map[string]string{"If-None-Match": `"other"`}}, http.StatusOK)
		})
	}
	// A write changes the list's ETag and the record's.
	list1 := a.get("/api/v1/collaborations").Header.Get("ETag")
	one1 := a.get(fmt.Sprintf("/api/v1/collaborations/%d", c.ID)).Header.Get("ETag")
	a.mustDo(req{Method: "PUT", Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID),
		Body: collaborationBody("IT-drift 2", gislaved, gnosjo), Header: ifMatch(c.Version)}, http.StatusOK)
	a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations", Header: map[string]string{"If-None-Match": list1}}, http.StatusOK)
	a.mustDo(req{Method: "GET", Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID), Header: map[string]string{"If-None-Match": one1}}, http.StatusOK)
}

func TestCollaborationFilters(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	mk := func(title, form, status string, areas []string, cost int, codes ...string) int64 {
		b := collaborationBody(title, codes...)
		b["legal_form"], b["status"], b["areas"], b["annual_cost"] = form, status, areas, cost
		if slices.Contains(codes, varnamo) {
			b["networks"] = []string{"ggvv"}
		}
		return a.createCollaboration(b).ID
	}
	itID := mk("IT-nämnd", samverkan.FormJointCommittee, samverkan.StatusRunning, []string{"X-IT"}, 300, gislaved, varnamo)
	wasteID := mk("Avfall SÅM", samverkan.FormFederationBoard, samverkan.StatusRunning, []string{"870"}, 900, gnosjo, varnamo)
	schoolID := mk("Gymnasiesamverkan", samverkan.FormAgreement, samverkan.StatusStudyOngoing, []string{"450"}, 100, gislaved, jonkoping)
	oldID := mk("Bibliotek", samverkan.FormAgreement, samverkan.StatusEnded, []string{"320"}, 200, vaggeryd, jonkoping)

	tests := []struct {
		query string
		want  []int64 // in order when sort is given
	}{
		{"network=ggvv", []int64{itID, wasteID}},
		{"municipality=" + jonkoping, []int64{schoolID, oldID}},
		{"area=490", []int64{schoolID}}, // a group expands to its children
		{"area=870&area=320", []int64{wasteID, oldID}},
		{"legal_form=" + samverkan.FormAgreement, []int64{schoolID, oldID}},
		{"status=" + samverkan.StatusStudyOngoing, []int64{schoolID}},
		{"phase=pipeline", []int64{schoolID}},
		{"phase=running", []int64{itID, wasteID}},
		{"phase=ended", []int64{oldID}},
		{"q=avfall", []int64{wasteID}},
		{"sort=annual_cost", []int64{schoolID, oldID, itID, wasteID}},
		{"sort=-annual_cost", []int64{wasteID, itID, oldID, schoolID}},
		{"sort=title", []int64{wasteID, oldID, schoolID, itID}},
		{"phase=running&municipality=" + gislaved, []int64{itID}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations?" + tc.query}, http.StatusOK))
			var ids []int64
			for _, c := range got.Items {
				ids = append(ids, c.ID)
			}
			want := tc.want
			if !strings.Contains(tc.query, "sort=") {
				slices.Sort(ids)
				want = slices.Sorted(slices.Values(tc.want))
			}
			if !slices.Equal(ids, want) || got.Total != len(tc.want) {
				t.Errorf("GET ?%s = %v (total %d), want %v", tc.query, ids, got.Total, want)
			}
		})
	}

	t.Run("network scope", func(t *testing.T) {
		got := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/networks/ggvv/collaborations?phase=running&area=870"}, http.StatusOK))
		if got.Total != 1 || got.Items[0].ID != wasteID {
			t.Errorf("network list = %+v", got)
		}
	})

	t.Run("pagination", func(t *testing.T) {
		var seen []int64
		next := "/api/v1/collaborations?sort=annual_cost&limit=3"
		for pages := 0; next != ""; pages++ {
			if pages > 3 {
				t.Fatal("more pages than items")
			}
			got := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: "GET", Path: next}, http.StatusOK))
			if got.Total != 4 {
				t.Errorf("total = %d, want 4", got.Total)
			}
			for _, c := range got.Items {
				seen = append(seen, c.ID)
			}
			next = ""
			if got.Next != nil {
				next = *got.Next
			}
		}
		if want := []int64{schoolID, oldID, itID, wasteID}; !slices.Equal(seen, want) {
			t.Errorf("pages gave %v, want %v", seen, want)
		}
		got := decodeAs[list[samverkan.Collaboration]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations?limit=2"}, http.StatusOK))
		if got.Next == nil || !strings.Contains(*got.Next, "offset=2") || !strings.Contains(*got.Next, "limit=2") {
			t.Errorf("next = %v, want offset=2&limit=2", got.Next)
		}
	})
}

func TestBadQueryParams(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		path      string
		wantField string
		wantCode  string
	}{
		{"/api/v1/collaborations?sort=colour", "sort", "unknown_sort"},
		{"/api/v1/collaborations?sort=-", "sort", "unknown_sort"},
		{"/api/v1/collaborations?limit=abc", "limit", "invalid_integer"},
		{"/api/v1/collaborations?limit=0", "limit", "out_of_range"},
		{"/api/v1/collaborations?limit=501", "limit", "out_of_range"},
		{"/api/v1/collaborations?offset=-1", "offset", "negative_offset"},
		{"/api/v1/collaborations?offset=1e3", "offset", "invalid_integer"},
		{"/api/v1/collaborations?phase=later", "phase", "unknown_phase"},
		{"/api/v1/collaborations?status=klar", "status", "unknown_status"},
		{"/api/v1/collaborations?legal_form=kartell", "legal_form", "unknown_legal_form"},
		{"/api/v1/collaborations?area=999", "area", "unknown_area"},
		{"/api/v1/collaborations?network=nope", "network", "unknown_network"},
		{"/api/v1/collaborations?municipality=Atlantis", "municipality", "unknown_municipality"},
		{"/api/v1/collaborations?colour=blue", "colour", "unknown_parameter"},
		{"/api/v1/collaborations?status=igang&status=ide", "status", "repeated_parameter"},
		{"/api/v1/networks/ggvv/collaborations?network=ggvv", "network", "unknown_parameter"},
		{"/api/v1/municipalities?county=99", "county", "unknown_county"},
		{"/api/v1/municipalities/0662/collaborations?sort=x", "sort", "unknown_sort"},
		{"/api/v1/collaborations/1?version=1", "version", "unknown_parameter"},
	}
	a.createNetwork("ggvv")
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			p := problem(t, a.mustDo(req{Method: "GET", Path: tc.path}, http.StatusBadRequest))
			if p.Type != "/problems/bad-request" || !hasField(p, tc.wantField, tc.wantCode) {
				t.Errorf("problem = %+v, want field %q code %q", p, tc.wantField, tc.wantCode)
			}
		})
	}
	// Every bad value is reported at once.
	p := problem(t, a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations?limit=x&offset=-2&phase=y"}, http.StatusBadRequest))
	if len(p.Errors) != 3 {
		t.Errorf("errors = %+v, want 3", p.Errors)
	}
}

func TestLanguage(t *testing.T) {
	a := newTestAPI(t)
	body := collaborationBody("", gislaved)
	tests := []struct {
		name       string
		path       string
		header     map[string]string
		wantMsg    string
		wantDetail string
	}{
		{"default Swedish", "/api/v1/collaborations", nil, "En samverkan måste ha minst två deltagare.", "Uppgifterna innehåller fel"},
		{"Accept-Language en", "/api/v1/collaborations", map[string]string{"Accept-Language": "en-GB,en;q=0.9"}, "A collaboration needs at least two participants.", "The data contains errors"},
		{"Swedish preferred", "/api/v1/collaborations", map[string]string{"Accept-Language": "sv;q=1, en;q=0.5"}, "En samverkan måste ha minst två deltagare.", "Uppgifterna"},
		{"lang=en", "/api/v1/collaborations?lang=en", nil, "A collaboration needs at least two participants.", "The data contains errors"},
		{"lang=sv beats the header", "/api/v1/collaborations?lang=sv", map[string]string{"Accept-Language": "en"}, "En samverkan måste ha minst två deltagare.", "Uppgifterna"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := problem(t, a.mustDo(req{Method: "POST", Path: tc.path, Body: body, Header: tc.header}, http.StatusUnprocessableEntity))
			var msg string
			for _, e := range p.Errors {
				if e.Field == "participants" {
					msg = e.Message
				}
			}
			if msg != tc.wantMsg || !strings.HasPrefix(p.Detail, tc.wantDetail) {
				t.Errorf("message %q, detail %q; want %q, %q…", msg, p.Detail, tc.wantMsg, tc.wantDetail)
			}
			if !hasField(p, "title", "required") {
				t.Errorf("errors %+v lack title", p.Errors)
			}
		})
	}
	p := problem(t, a.mustDo(req{Method: "GET", Path: "/api/v1/collaborations?limit=x", Header: map[string]string{"Accept-Language": "en"}}, http.StatusBadRequest))
	if p.Title != "Bad request" || p.Errors[0].Message != `Invalid integer: "x".` {
		t.Errorf("English query problem = %+v", p)
	}
	p = problem(t, a.mustDo(req{Method: "POST", Path: "/api/v1/collaborations", Body: `{"title": 5}`}, http.StatusBadRequest))
	if p.Errors[0].Message != "Ogiltig JSON: väntade text, fick number." {
		t.Errorf("Swedish JSON problem = %+v", p)
	}
}
