package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/refdata"
)

// TestRegion10HostsAPI: the demo's Region 10 hosts, from the assembly
// text: Dorotea host and chair 2023, Storuman host and chair 2024.
func TestRegion10HostsAPI(t *testing.T) {
	a := newAuthAPI(t)
	n := decodeAs[samverkan.Network](t, a.as(roleReader, req{Path: "/api/v1/networks/region-10"}))
	want := map[int]string{2023: "Dorotea", 2024: "Storuman"}
	got := map[int]string{}
	for _, h := range n.Hosts {
		if h.Role != "vard_ordforande" {
			t.Errorf("%d: role %q, want vard_ordforande (host and chair)", h.Year, h.Role)
		}
		got[h.Year] = refdata.MustCatalog().MunicipalityName(h.Code)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("hosts %v, want %v", got, want)
	}
}

// TestV6RollupByHand: the demo's example follow-ups of V6's two running
// collaborations, rolled up per purpose, against a count by hand of
// internal/demo/data/steering.json.
func TestV6RollupByHand(t *testing.T) {
	a := newAuthAPI(t)
	res := a.as(roleReader, req{Path: "/api/v1/networks/v6/follow-ups?year=2025"})
	if res.Status != http.StatusOK {
		t.Fatalf("follow-ups = %d: %s", res.Status, res.Body)
	}
	v := decodeAs[api.FollowUpRollupView](t, res)
	if len(v.Purposes) != 6 || v.Rollup.Due != 2 || v.Rollup.FollowedUp != 2 || len(v.Rollup.Missing) != 0 {
		t.Fatalf("purposes %d, due %d, followed up %d, missing %v", len(v.Purposes), v.Rollup.Due, v.Rollup.FollowedUp, v.Rollup.Missing)
	}
	// purpose: assessed, contributing, strong, mean (Göliska IT, räddningsnämnden)
	want := map[string]string{
		"Förbereda kommunerna för framtida krav":              "2 2 0 2.5", // 3, 2
		"Höja kvaliteten i verksamheterna":                    "2 2 0 3.0", // 3, 3
		"Minska sårbarheten":                                  "2 2 2 4.0", // 4, 4
		"Höja kompetensen":                                    "2 2 0 2.5", // 2, 3
		"Effektivisera verksamheterna och minska kostnaderna": "1 1 0 2.0", // 0, 2
		"Stärka områdets attraktivitet":                       "1 0 0 1.0", // 1, 0
	}
	for _, p := range v.Rollup.Purposes {
		mean := "null"
		if p.Mean != nil {
			mean = fmt.Sprintf("%.1f", *p.Mean)
		}
		if got := fmt.Sprintf("%d %d %d %s", p.Assessed, p.Contributing, p.Strong, mean); got != want[p.Purpose] {
			t.Errorf("%s: %s, want %s", p.Purpose, got, want[p.Purpose])
		}
	}
}

// TestPlanProgressAPI: completing an activity through the API moves the
// computed progress of its priority and of the plan.
func TestPlanProgressAPI(t *testing.T) {
	a := newAuthAPI(t)
	plan := map[string]any{"title": "Plan", "priorities": []map[string]any{
		{"title": "IT", "activities": []map[string]any{{"title": "Kartlägg"}, {"title": "Upphandla"}}},
		{"title": "Kompetens", "activities": []map[string]any{{"title": "Gemensam annons"}}},
	}}
	res := a.as(roleCoord, req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: plan})
	if res.Status != http.StatusCreated {
		t.Fatalf("create plan as GGVV's coordinator = %d: %s", res.Status, res.Body)
	}
	pv := decodeAs[api.PlanView](t, res)
	if pv.Progress.Done != 0 || pv.Progress.Total != 3 || *pv.Progress.Percent != 0 {
		t.Fatalf("before: %+v", pv.Progress)
	}
	act := pv.Priorities[0].Activities[0]
	res = a.as(roleCoord, req{Method: "PUT", Path: fmt.Sprintf("/api/v1/networks/ggvv/plan/activities/%d", act.ID),
		Body: map[string]any{"title": act.Title, "status": samverkan.ActivityDone}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, pv.Version)}})
	if res.Status != http.StatusOK {
		t.Fatalf("complete activity = %d: %s", res.Status, res.Body)
	}
	pv = decodeAs[api.PlanView](t, res)
	if pv.Progress.Done != 1 || *pv.Progress.Percent != 33 || *pv.PriorityProgress[0].Percent != 50 || *pv.PriorityProgress[1].Percent != 0 {
		t.Errorf("after: plan %+v, priorities %+v", pv.Progress, pv.PriorityProgress)
	}
	// Another network's coordinator may not; a reader may not.
	for _, role := range []string{roleReader, roleHeby} {
		if res := a.as(role, req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: plan, Header: map[string]string{"If-Match": `"2"`}}); res.Status != http.StatusForbidden {
			t.Errorf("PUT plan as %s = %d, want 403", role, res.Status)
		}
	}
}
