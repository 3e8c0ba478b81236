package api_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestRestorePartialEventAPI: an audit event that holds no whole version
// (dated history added afterwards) is the restore's to refuse, 409, for
// everybody who may change the record. The API's own decoder used to read
// it as an empty collaboration, within nobody's reach but the admin's, and
// answered Heby 403.
func TestRestorePartialEventAPI(t *testing.T) {
	a := newAuthAPI(t)
	ctx := context.Background()
	rec, ok := a.store.(interface {
		RecordHistory(ctx context.Context, id int64, events []samverkan.Event) error
	})
	if !ok {
		t.Fatal("the store cannot record history")
	}
	started := samverkan.Event{Kind: "status", To: samverkan.StatusRunning, Date: samverkan.MustDate("2019-01-01")}
	if err := rec.RecordHistory(ctx, a.it.ID, []samverkan.Event{started}); err != nil {
		t.Fatal(err)
	}
	events, err := a.store.AuditEvents(ctx, samverkan.AuditEntityCollaboration, strconv.FormatInt(a.it.ID, 10))
	if err != nil || len(events) == 0 {
		t.Fatalf("audit events: %v", err)
	}
	partial := events[len(events)-1]
	if samverkan.RestoredCollaboration(partial) != nil {
		t.Fatalf("the last event is a whole version: %+v", partial)
	}
	path := "/api/v1/collaborations/" + strconv.FormatInt(a.it.ID, 10) + "/history/" + strconv.FormatInt(partial.ID, 10) +
		"/restore?version=" + strconv.Itoa(a.it.Version)
	for _, role := range []string{roleAdmin, roleHeby} {
		if res := a.as(role, req{Method: "POST", Path: path}); res.Status != http.StatusConflict {
			t.Errorf("restore a partial event as %s = %d, want 409: %s", role, res.Status, res.Body)
		}
	}
	if res := a.as(roleEnkoping, req{Method: "POST", Path: path}); res.Status != http.StatusForbidden {
		t.Errorf("restore as Enköping = %d, want 403", res.Status)
	}
}
