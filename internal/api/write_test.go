package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestVersionedWriteOrder pins the order in which a versioned write refuses
// a request: the path first, then the body, then the version, then what the
// body says; each handler shares it through versionedWrite.
func TestVersionedWriteOrder(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	c := a.createCollaboration(jointCommitteeBody("IT-drift", samverkan.StatusDeciding))
	cpath := fmt.Sprintf("/api/v1/collaborations/%d", c.ID)
	d := decodeAs[samverkan.Decision](t, a.mustDo(req{Method: http.MethodPost, Path: cpath + "/decisions",
		Body: decisionBody(gislaved, "bifall", "2018-10-03")}, http.StatusCreated))
	dpath := fmt.Sprintf("/api/v1/decisions/%d", d.ID)

	other := collaborationBody("IT-drift", gislaved, gnosjo)
	other["id"] = c.ID + 1
	otherDecision := decisionBody(gislaved, "bifall", "2018-10-03")
	otherDecision["id"] = d.ID + 1
	otherNetwork := networkBody("annat")

	for _, tc := range []struct {
		name   string
		method string
		path   string
		body   any
		header map[string]string
		want   int
		field  string // the field a 422 names
	}{
		{"bad id before the body", http.MethodPut, "/api/v1/collaborations/x", "{", nil, http.StatusNotFound, ""},
		{"body before the version", http.MethodPut, cpath, "{", nil, http.StatusBadRequest, ""},
		{"version before the id in the body", http.MethodPut, cpath, other, nil, http.StatusPreconditionRequired, ""},
		{"id in the body", http.MethodPut, cpath, other, ifMatch(c.Version), http.StatusUnprocessableEntity, "id"},
		{"decision: body before the version", http.MethodPut, dpath, "{", nil, http.StatusBadRequest, ""},
		{"decision: version before the id in the body", http.MethodPut, dpath, otherDecision, nil, http.StatusPreconditionRequired, ""},
		{"decision: id in the body", http.MethodPut, dpath, otherDecision, ifMatch(d.Version), http.StatusUnprocessableEntity, "id"},
		{"network: version before the slug in the body", http.MethodPut, "/api/v1/networks/ggvv", otherNetwork, nil, http.StatusPreconditionRequired, ""},
		{"network: slug in the body", http.MethodPut, "/api/v1/networks/ggvv", otherNetwork, ifMatch(1), http.StatusUnprocessableEntity, "slug"},
		{"status: body before the version", http.MethodPost, cpath + "/status", "{", nil, http.StatusBadRequest, ""},
		{"delete: bad id before the version", http.MethodDelete, "/api/v1/decisions/0", nil, nil, http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := problem(t, a.mustDo(req{Method: tc.method, Path: tc.path, Body: tc.body, Header: tc.header}, tc.want))
			if tc.field != "" && !hasField(p, tc.field, tc.field+"_mismatch") {
				t.Errorf("errors = %+v, want %s_mismatch", p.Errors, tc.field)
			}
		})
	}
}

// TestVersionedWriteAnswers pins what a versioned write answers: the stored
// record with its ETag (and a Location only when created), 412 with the
// current version for a stale DELETE, and 204 with no body.
func TestVersionedWriteAnswers(t *testing.T) {
	a := newTestAPI(t)
	n := a.createNetwork("ggvv")
	c := a.createCollaboration(jointCommitteeBody("IT-drift", samverkan.StatusStudyOngoing))
	cpath := fmt.Sprintf("/api/v1/collaborations/%d", c.ID)
	d := decodeAs[samverkan.Decision](t, a.mustDo(req{Method: http.MethodPost, Path: cpath + "/decisions",
		Body: decisionBody(gislaved, "bifall", "2018-10-03")}, http.StatusCreated))
	dpath := fmt.Sprintf("/api/v1/decisions/%d", d.ID)

	// The pre-study: created with a Location, replaced without one.
	apath := cpath + "/assessment"
	res := a.mustDo(req{Method: http.MethodPut, Path: apath, Body: map[string]any{}}, http.StatusCreated)
	if res.Header.Get("Location") != apath || res.Header.Get("ETag") != `"1"` {
		t.Errorf("created assessment: Location %q, ETag %q", res.Header.Get("Location"), res.Header.Get("ETag"))
	}
	res = a.mustDo(req{Method: http.MethodPut, Path: apath, Body: map[string]any{}, Header: ifMatch(1)}, http.StatusOK)
	if res.Header.Get("Location") != "" || res.Header.Get("ETag") != `"2"` {
		t.Errorf("replaced assessment: Location %q, ETag %q", res.Header.Get("Location"), res.Header.Get("ETag"))
	}
	// A body naming another collaboration is refused before its version.
	p := problem(t, a.mustDo(req{Method: http.MethodPut, Path: apath, Body: map[string]any{"collaboration_id": c.ID + 1},
		Header: map[string]string{"If-Match": "*"}}, http.StatusUnprocessableEntity))
	if !hasField(p, "collaboration_id", "id_mismatch") {
		t.Errorf("assessment mismatch: %+v", p.Errors)
	}

	// An update answers the record with its ETag and no Location.
	upd := jointCommitteeBody("IT-drift 2", samverkan.StatusStudyOngoing)
	res = a.mustDo(req{Method: http.MethodPut, Path: cpath, Body: upd, Header: ifMatch(c.Version)}, http.StatusOK)
	up := decodeAs[samverkan.Collaboration](t, res)
	if res.Header.Get("Location") != "" || res.Header.Get("ETag") != fmt.Sprintf(`"%d"`, up.Version) || up.Title != "IT-drift 2" {
		t.Errorf("updated: Location %q, ETag %q, %+v", res.Header.Get("Location"), res.Header.Get("ETag"), up)
	}

	// A stale DELETE tells the current version and keeps the record.
	for _, tc := range []struct {
		path    string
		stale   int
		current int
	}{
		{dpath, d.Version + 1, d.Version},
		{"/api/v1/networks/ggvv", n.Version + 1, n.Version},
		{cpath, c.Version, up.Version},
	} {
		p := problem(t, a.mustDo(req{Method: http.MethodDelete, Path: tc.path, Header: ifMatch(tc.stale)}, http.StatusPreconditionFailed))
		if p.Type != "/problems/stale" || p.CurrentVersion != tc.current {
			t.Errorf("DELETE %s at %d: %+v, want current_version %d", tc.path, tc.stale, p, tc.current)
		}
		a.mustDo(req{Method: http.MethodGet, Path: tc.path}, http.StatusOK)
	}

	res = a.mustDo(req{Method: http.MethodDelete, Path: dpath, Header: ifMatch(d.Version)}, http.StatusNoContent)
	if len(res.Body) != 0 || res.Header.Get("ETag") != "" {
		t.Errorf("204 with body %q, ETag %q", res.Body, res.Header.Get("ETag"))
	}
}
