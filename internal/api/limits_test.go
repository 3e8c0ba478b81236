package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestAPIRefusesBadText: NUL, other control characters and invalid UTF-8
// are bad input wherever they come: 422 with a field error in a body, 400
// in a query parameter, 404 in a path segment. PostgreSQL answered 500.
func TestAPIRefusesBadText(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	before := a.count()
	for _, tc := range []struct {
		field string
		value any
		code  string
	}{
		{"title", "Växel\u0000", "control_character"},
		{"description", "Rad ett\u001b[31m", "control_character"},
		{"title", "Gemensam\nIT", "line_break"},
		{"contacts[0].phone", "\u0000", "control_character"},
	} {
		body := collaborationBody("Växel", gislaved, gnosjo)
		switch tc.field {
		case "contacts[0].phone":
			body["contacts"] = []map[string]any{{"function": "samordnare", "phone": tc.value}}
		default:
			body[tc.field] = tc.value
		}
		p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusUnprocessableEntity))
		if !hasField(p, tc.field, tc.code) {
			t.Errorf("%s = %q: %+v, want %s on %s", tc.field, tc.value, p.Errors, tc.code, tc.field)
		}
	}
	// Raw bytes that are not UTF-8: encoding/json would quietly make them
	// U+FFFD; the body is refused instead. So are escaped lone surrogates.
	raw := `{"title": "V` + "\xff" + `xel", "participants": [{"code": "0662"}, {"code": "0617"}]}`
	p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: raw}, http.StatusBadRequest))
	if !hasField(p, "body", "invalid_json") || !strings.Contains(p.Errors[0].Message, "UTF-8") {
		t.Errorf("invalid UTF-8: %+v", p.Errors)
	}
	raw = `{"title": "V\ud800xel", "participants": [{"code": "0662"}, {"code": "0617"}]}`
	p = problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: raw}, http.StatusBadRequest))
	if !hasField(p, "body", "invalid_json") {
		t.Errorf("lone surrogate: %+v", p.Errors)
	}
	if a.count() != before {
		t.Errorf("a refused write stored something: %d → %d", before, a.count())
	}

	for _, q := range []string{"q=%00", "q=%1b", "q=%ff", "network=%00", "municipality=%00", "area=%00", "sort=%00", "lang=%00"} {
		p := problem(t, a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/collaborations?" + q}, http.StatusBadRequest))
		name, _, _ := strings.Cut(q, "=")
		if len(p.Errors) != 1 || p.Errors[0].Field != name {
			t.Errorf("?%s: %+v", q, p.Errors)
		}
	}
	for _, path := range []string{
		"/api/v1/networks/%00", "/api/v1/networks/%ff/collaborations", "/api/v1/municipalities/%00",
		"/api/v1/collaborations/%00", "/api/v1/networks/%00/export",
	} {
		problem(t, a.mustDo(req{Method: http.MethodGet, Path: path}, http.StatusNotFound))
	}
	// The rule of a write runs after the check, so it never looks the
	// bad slug up.
	problem(t, a.mustDo(req{Method: http.MethodPut, Path: "/api/v1/networks/%00", Body: networkBody("x")}, http.StatusNotFound))
}

// TestAPIAmountLimits: amounts beyond ±10^12 kr and notice periods beyond
// 600 months are refused with a message; what was stored is unchanged.
func TestAPIAmountLimits(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	for _, tc := range []struct {
		field, value, code string
	}{
		{"annual_cost", "9223372036854775807", "amount_too_large"},
		{"annual_cost", "1000000000001", "amount_too_large"},
		{"annual_cost", "-1", "negative"},
	} {
		body := collaborationBody("Belopp", gislaved, gnosjo)
		delete(body, tc.field)
		js := strings.Replace(mustJSON(t, body), "{", `{"`+tc.field+`": `+tc.value+`, `, 1)
		p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: js}, http.StatusUnprocessableEntity))
		if !hasField(p, tc.field, tc.code) {
			t.Errorf("%s %s: %+v", tc.field, tc.value, p.Errors)
		}
	}
	body := collaborationBody("Uppsägning", gislaved, gnosjo)
	body["documents"] = []map[string]any{{"type": "avtal", "notice_months": int64(2147483648)}}
	p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusUnprocessableEntity))
	if !hasField(p, "documents[0].notice_months", "out_of_scale") {
		t.Errorf("notice_months: %+v", p.Errors)
	}
	body["documents"] = []map[string]any{{"type": "avtal", "notice_months": samverkan.MaxNoticeMonths}}
	a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusCreated)

	c := a.createCollaboration(jointCommitteeBody("Förstudie", samverkan.StatusStudyOngoing))
	path := fmt.Sprintf("/api/v1/collaborations/%d/assessment", c.ID)
	p = problem(t, a.mustDo(req{Method: http.MethodPut, Path: path, Body: `{"economics": {"annual_saving": -9223372036854775808, "years": 2147483648}}`}, http.StatusUnprocessableEntity))
	if !hasField(p, "economics.annual_saving", "amount_out_of_range") || !hasField(p, "economics.years", "out_of_scale") {
		t.Errorf("economics: %+v", p.Errors)
	}
	a.mustDo(req{Method: http.MethodPut, Path: path, Body: `{"economics": {"annual_saving": -1000000000000, "annual_cost": 1000000000000, "years": 100}}`}, http.StatusCreated)
}

// TestAPIEmailsAndDates: an e-mail is a plain address; a date is in
// 1800–2200, and only null, "" or a missing field mean unknown.
func TestAPIEmailsAndDates(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	for _, email := range []string{"x@kommun.se?bcc=chef@kommun.se&body=hej", "inte-en-epost", "<script>@x.se"} {
		body := collaborationBody("E-post", gislaved, gnosjo)
		body["contacts"] = []map[string]any{{"function": "samordnare", "email": email}}
		p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusUnprocessableEntity))
		if !hasField(p, "contacts[0].email", "invalid_email") {
			t.Errorf("%q: %+v", email, p.Errors)
		}
	}
	for _, d := range []string{"0001-01-01", "0000-06-01", "2201-01-01"} {
		body := collaborationBody("Datum", gislaved, gnosjo)
		body["start"] = d
		p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusUnprocessableEntity))
		if !hasField(p, "start", "invalid_date") {
			t.Errorf("start %s: %+v", d, p.Errors)
		}
	}
	body := collaborationBody("Okänt datum", gislaved, gnosjo)
	body["start"] = nil
	if c := a.createCollaboration(body); !c.Start.IsZero() {
		t.Errorf("start null: %v", c.Start)
	}
}

// TestAPINullLists: "networks": null is refused; [] and a missing field
// both mean none. A collaboration may be in no network (an editor for a
// municipality registers one outside every network; the web form allows
// it too), but null used to create one silently. Other lists take null as
// empty, as Go clients write nil slices.
func TestAPINullLists(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	body := collaborationBody("Null", gislaved, gnosjo)
	body["networks"] = nil
	p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusUnprocessableEntity))
	if len(p.Errors) != 1 || !hasField(p, "networks", "null_list") || !strings.Contains(p.Errors[0].Message, "[]") {
		t.Errorf("networks null: %+v", p.Errors)
	}
	js := strings.Replace(mustJSON(t, collaborationBody("Null", gislaved, gnosjo)), "{", `{"Networks": null, `, 1)
	p = problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: js}, http.StatusUnprocessableEntity))
	if !hasField(p, "networks", "null_list") {
		t.Errorf("Networks null (the decoder ignores case): %+v", p.Errors)
	}
	c := a.createCollaboration(collaborationBody("I nätverk", gislaved, gnosjo))
	body = collaborationBody("Null", gislaved, gnosjo)
	body["networks"], body["version"] = nil, c.Version
	p = problem(t, a.mustDo(req{Method: http.MethodPut, Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID), Body: body}, http.StatusUnprocessableEntity))
	if !hasField(p, "networks", "null_list") {
		t.Errorf("networks null on update: %+v", p.Errors)
	}
	body = collaborationBody("Null i andra listor", gislaved, gnosjo)
	body["contacts"], body["areas"] = nil, nil
	a.createCollaboration(body)

	body = collaborationBody("Utan nätverk", gislaved, gnosjo)
	if c := a.createCollaboration(body); len(c.Networks) != 0 {
		t.Errorf("networks missing: %v", c.Networks)
	}
	body["networks"] = []string{}
	if c := a.createCollaboration(body); len(c.Networks) != 0 {
		t.Errorf("networks []: %v", c.Networks)
	}
	body["networks"] = []string{"ggvv"}
	if c := a.createCollaboration(body); len(c.Networks) != 1 {
		t.Errorf("networks [ggvv]: %v", c.Networks)
	}
	// Dates and amounts may be null: that is how unknown is written.
	body["annual_cost"], body["end"] = nil, nil
	a.createCollaboration(body)
}

// TestAPIListLimits: 50 000 contacts made a 39 MB edit page; a list over
// its limit is refused with one field error.
func TestAPIListLimits(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	body := collaborationBody("Många", gislaved, gnosjo)
	contacts := make([]map[string]any, 50_000)
	for i := range contacts {
		contacts[i] = map[string]any{"function": "f"}
	}
	body["contacts"] = contacts
	p := problem(t, a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusUnprocessableEntity))
	if len(p.Errors) != 1 || !hasField(p, "contacts", "too_many") || !strings.Contains(p.Errors[0].Message, "100") {
		t.Errorf("50 000 contacts: %d errors, first %+v", len(p.Errors), p.Errors[:min(2, len(p.Errors))])
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
