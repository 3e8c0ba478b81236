package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
)

// TestRepresentationAPI: nothing stated reads as version 0 with no seats;
// a PUT with the seats and the data protection is read back with the
// members' names and ETag; a stale If-Match is 412; a non-participant is
// 422 problem+json in Swedish.
func TestRepresentationAPI(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	c := a.createCollaboration(jointCommitteeBody("Gemensam IT-nämnd", samverkan.StatusDeciding))
	path := fmt.Sprintf("/api/v1/collaborations/%d/representation", c.ID)
	empty := decodeAs[samverkan.Representation](t, a.mustDo(req{Path: path}, 200))
	if empty.Version != 0 || len(empty.Seats) != 0 || empty.DataProtection.Controller != "" {
		t.Fatalf("nothing stated: %+v", empty)
	}
	body := map[string]any{"seats": []any{map[string]any{"member": "k:" + gislaved, "seats": 3, "substitutes": 3, "elected_by": "kf"},
		map[string]any{"member": "k:" + gnosjo, "seats": 2, "substitutes": 2, "elected_by": "kf"}},
		"data_protection": map[string]any{"controller": samverkan.ControllerParticipant, "controller_member": "k:" + gislaved,
			"arrangement": samverkan.ArrangementProcessor}}
	saved := decodeAs[samverkan.Representation](t, a.mustDo(req{Method: http.MethodPut, Path: path, Body: body}, 200))
	if saved.Version != 1 || len(saved.Seats) != 2 || saved.Seats[0].Name != "Gislaved" {
		t.Fatalf("saved: %+v", saved)
	}
	res := a.mustDo(req{Path: path}, 200)
	if res.Header.Get("ETag") == "" {
		t.Errorf("no ETag on GET")
	}
	a.mustDo(req{Method: http.MethodPut, Path: path, Body: body, Header: ifMatch(7)}, http.StatusPreconditionFailed)
	body["seats"] = []any{map[string]any{"member": "k:0180", "seats": 1}}
	res = a.mustDo(req{Method: http.MethodPut, Path: path, Body: body, Header: ifMatch(1)}, http.StatusUnprocessableEntity)
	p := decodeAs[api.Problem](t, res)
	if len(p.Errors) != 1 || p.Errors[0].Field != "seats[0].member" || !strings.Contains(p.Errors[0].Message, "deltar inte i samverkan") {
		t.Errorf("non-participant: %s", res.Body)
	}
}
