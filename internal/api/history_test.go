package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/samverkan/samverkan"
)

func TestHistoryAndRestore(t *testing.T) {
	a := newTestAPI(t)
	c := a.createCollaboration(collaborationBody("Före", gislaved, gnosjo))
	body := collaborationBody("Efter", gislaved, gnosjo, vaggeryd)
	a.mustDo(req{Method: "PUT", Path: fmt.Sprintf("/api/v1/collaborations/%d", c.ID), Body: body, Header: ifMatch(c.Version)}, http.StatusOK)

	histPath := fmt.Sprintf("/api/v1/collaborations/%d/history", c.ID)
	hist := decodeAs[list[samverkan.AuditEvent]](t, a.mustDo(req{Method: "GET", Path: histPath}, http.StatusOK))
	if len(hist.Items) != 2 {
		t.Fatalf("history = %+v", hist.Items)
	}
	upd := hist.Items[1]
	if upd.Action != "update" || title(t, upd.Before) != "Före" || title(t, upd.After) != "Efter" {
		t.Errorf("update audit: action %s, before %q, after %q", upd.Action, title(t, upd.Before), title(t, upd.After))
	}
	created := hist.Items[0]
	restore := fmt.Sprintf("/api/v1/collaborations/%d/history/%d/restore", c.ID, created.ID)

	// Without a version: 428; with a stale one: 412 and nothing written.
	a.mustDo(req{Method: "POST", Path: restore}, http.StatusPreconditionRequired)
	p := problem(t, a.mustDo(req{Method: "POST", Path: restore, Header: ifMatch(c.Version)}, http.StatusPreconditionFailed))
	if p.CurrentVersion != c.Version+1 {
		t.Errorf("stale problem = %+v", p)
	}
	if n := len(decodeAs[list[samverkan.AuditEvent]](t, a.get(histPath)).Items); n != 2 {
		t.Errorf("stale restore wrote: %d audit rows", n)
	}

	res := a.mustDo(req{Method: "POST", Path: restore, Header: ifMatch(c.Version + 1)}, http.StatusOK)
	got := decodeAs[samverkan.Collaboration](t, res)
	if got.Title != "Före" || len(got.Participants) != 2 || got.Version != c.Version+2 || res.Header.Get("ETag") != fmt.Sprintf(`"%d"`, got.Version) {
		t.Errorf("restored = %+v, ETag %s", got, res.Header.Get("ETag"))
	}
	hist = decodeAs[list[samverkan.AuditEvent]](t, a.get(histPath))
	last := hist.Items[len(hist.Items)-1]
	var after struct {
		Title        string `json:"title"`
		RestoredFrom int64  `json:"restored_from"`
	}
	json.Unmarshal([]byte(last.After), &after)
	if len(hist.Items) != 3 || last.Action != "restore" || last.Actor != testAdmin.Email || after.Title != "Före" || after.RestoredFrom != created.ID {
		t.Errorf("restore audit = %+v", last)
	}

	// ?version= works too; unknown events and ids are 404.
	a.mustDo(req{Method: "POST", Path: fmt.Sprintf("/api/v1/collaborations/%d/history/%d/restore?version=%d", c.ID, upd.ID, got.Version)}, http.StatusOK)
	a.mustDo(req{Method: "POST", Path: fmt.Sprintf("/api/v1/collaborations/%d/history/999999/restore", c.ID), Header: ifMatch(got.Version + 1)}, http.StatusNotFound)
	a.mustDo(req{Method: "POST", Path: fmt.Sprintf("/api/v1/collaborations/%d/history/x/restore", c.ID), Header: ifMatch(1)}, http.StatusNotFound)
	a.mustDo(req{Method: "POST", Path: fmt.Sprintf("/api/v1/collaborations/999999/history/%d/restore", created.ID), Header: ifMatch(1)}, http.StatusNotFound)
	a.mustDo(req{Method: "GET", Path: restore}, http.StatusMethodNotAllowed)
}

func title(t *testing.T, js string) string {
	t.Helper()
	var v struct {
		Title string `json:"title"`
	}
	if js == "" {
		return ""
	}
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatalf("audit JSON %q: %v", js, err)
	}
	return v.Title
}
