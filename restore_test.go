package samverkan_test

import (
	"testing"

	"github.com/samverkan/samverkan"
)

// TestRestoredCollaboration: the one decoder of restorable versions
// refuses every event that holds no whole collaboration of its own. The
// API's copy of it used to accept deletions and partial events, the web
// UI's other entities and records of another id.
func TestRestoredCollaboration(t *testing.T) {
	whole := `{"id":7,"title":"Räddningstjänst","status":"drift","legal_form":"avtal","version":3}`
	cases := []struct {
		name string
		e    samverkan.AuditEvent
		ok   bool
	}{
		{"a whole version", samverkan.AuditEvent{Entity: "collaboration", EntityID: "7", Action: "update", After: whole}, true},
		{"a restore", samverkan.AuditEvent{Entity: "collaboration", EntityID: "7", Action: "restore", After: whole[:len(whole)-1] + `,"restored_from":2}`}, true},
		{"a deletion", samverkan.AuditEvent{Entity: "collaboration", EntityID: "7", Action: "delete", After: whole}, false},
		{"another entity", samverkan.AuditEvent{Entity: "network", EntityID: "7", Action: "update", After: whole}, false},
		{"another record's id", samverkan.AuditEvent{Entity: "collaboration", EntityID: "8", Action: "update", After: whole}, false},
		{"history added in retrospect", samverkan.AuditEvent{Entity: "collaboration", EntityID: "7", Action: "update", After: `{"id":7,"history":[]}`}, false},
		{"nothing after", samverkan.AuditEvent{Entity: "collaboration", EntityID: "7", Action: "update"}, false},
		{"not JSON", samverkan.AuditEvent{Entity: "collaboration", EntityID: "7", Action: "update", After: `{"id":`}, false},
		{"wrong types", samverkan.AuditEvent{Entity: "collaboration", EntityID: "7", Action: "update", After: `{"id":"7","title":1,"status":"","legal_form":"","version":1}`}, false},
	}
	for _, c := range cases {
		got := samverkan.RestoredCollaboration(c.e)
		if (got != nil) != c.ok {
			t.Errorf("%s: RestoredCollaboration = %+v, want ok %v", c.name, got, c.ok)
		}
		if got != nil && (got.ID != 7 || got.Title != "Räddningstjänst") {
			t.Errorf("%s: decoded %+v", c.name, got)
		}
	}
	if n := samverkan.RestoredFrom(cases[1].e); n != 2 {
		t.Errorf("RestoredFrom(restore) = %d, want 2", n)
	}
	if n := samverkan.RestoredFrom(cases[0].e); n != 0 {
		t.Errorf("RestoredFrom(update) = %d, want 0", n)
	}
}
