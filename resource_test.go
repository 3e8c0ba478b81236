package samverkan_test

import (
	"context"
	"slices"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func sameResource(a, b samverkan.Resource) bool {
	return slices.Equal(a.Networks, b.Networks) && slices.Equal(a.Municipalities, b.Municipalities)
}

// TestResourceLoaders runs the shared rule loaders against a real store
// (SQLite, and PostgreSQL when SAMVERKAN_TEST_POSTGRES is set).
func TestResourceLoaders(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
	c := sqldbtest.Collaboration("Gemensam IT-nämnd", "0662", "0617")
	c.Networks = []string{"ggvv"}
	sqldbtest.MustCreateCollaboration(t, db, c)
	d := &samverkan.Decision{CollaborationID: c.ID, Municipality: "0617", Body: "kf", Outcome: samverkan.OutcomePending,
		Kind: samverkan.KindAdopt, Document: "reglemente"}
	if err := db.CreateDecision(ctx, d); err != nil {
		t.Fatal(err)
	}
	want := samverkan.Resource{Networks: []string{"ggvv"}, Municipalities: []string{"0662", "0617"}}

	if res, err := samverkan.CollaborationResource(ctx, db, c.ID); err != nil || !sameResource(res, want) {
		t.Errorf("CollaborationResource = %+v, %v; want %+v", res, err, want)
	}
	if res, err := samverkan.DecisionResource(ctx, db, d.ID); err != nil || !sameResource(res, want) {
		t.Errorf("DecisionResource = %+v, %v; a decision has its collaboration's reach", res, err)
	}
	if res, err := samverkan.NetworkResource(ctx, db, "ggvv"); err != nil || !sameResource(res, samverkan.Resource{Networks: []string{"ggvv"}}) {
		t.Errorf("NetworkResource = %+v, %v", res, err)
	}
	// A missing record keeps its code through the wrapping.
	for name, load := range map[string]func() (samverkan.Resource, error){
		"collaboration": func() (samverkan.Resource, error) { return samverkan.CollaborationResource(ctx, db, 9999) },
		"decision":      func() (samverkan.Resource, error) { return samverkan.DecisionResource(ctx, db, 9999) },
		"network":       func() (samverkan.Resource, error) { return samverkan.NetworkResource(ctx, db, "annat") },
	} {
		if _, err := load(); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
			t.Errorf("%s: missing record gave %v, want not_found", name, err)
		}
	}
}

// TestRestoredResource: a restore is judged by the collaboration as the
// audit event left it, not as it is now.
func TestRestoredResource(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Räddningstjänst", "0662", "0617"))
	events, err := db.AuditEvents(ctx, "collaboration", "")
	if err != nil || len(events) != 1 {
		t.Fatalf("AuditEvents = %+v, %v", events, err)
	}
	c.Participants = []samverkan.Participant{{Code: "0380"}, {Code: "0381"}}
	c.Host = "0380"
	if err := db.UpdateCollaboration(ctx, c); err != nil {
		t.Fatal(err)
	}
	res, ok, err := samverkan.RestoredResource(ctx, db, events[0].ID)
	if !ok || err != nil || !slices.Equal(res.Municipalities, []string{"0662", "0617"}) {
		t.Errorf("RestoredResource = %+v, %v, %v; want the first version's municipalities", res, ok, err)
	}
	// Nothing to check: no such event, or no collaboration in it.
	if _, ok, err := samverkan.RestoredResource(ctx, db, 99999); ok || err != nil {
		t.Errorf("unknown event: ok %v, err %v; want nothing to check", ok, err)
	}
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617"))
	nets, err := db.AuditEvents(ctx, "network", "ggvv")
	if err != nil || len(nets) != 1 {
		t.Fatalf("network events = %+v, %v", nets, err)
	}
	if _, ok, err := samverkan.RestoredResource(ctx, db, nets[0].ID); ok || err != nil {
		t.Errorf("event without a collaboration: ok %v, err %v; want nothing to check", ok, err)
	}
}
