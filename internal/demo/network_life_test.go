package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// Region 10's own life as the sources describe it (demo-facts.md): the
// 2023 assembly, the four named risks and obstacles with their likelihood
// and impact unknown, and the joint advocacy as an advocacy issue instead
// of a made-up collaboration.
func TestLoadRegion10Life(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()

	ms, err := s.(samverkan.MeetingStore).MeetingsByNetwork(ctx, "region-10", 2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Fatalf("Region 10 meetings in 2023: %d, want the assembly", len(ms))
	}
	m := ms[0]
	if m.Kind != samverkan.MeetingAssembly || m.Start.String() != "2023-12-14" || m.End.String() != "2023-12-15" ||
		m.Place != "Arvidsjaur" || m.Host != code(t, "Dorotea") || !strings.Contains(m.Attendance, "70") || m.Source == "" {
		t.Errorf("the 2023 assembly: %+v", m)
	}
	if m.AgendaURL != "" || m.MinutesURL != "" || len(m.Decisions) != 0 {
		t.Errorf("the assembly has an agenda, minutes or decisions the source does not give: %+v", m)
	}

	rs, err := s.(samverkan.RiskStore).RisksByNetwork(ctx, "region-10")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rs {
		got[r.Title] = r.Kind + "/" + r.Category
		if r.Likelihood != nil || r.Impact != nil || r.Mitigation != "" || r.Responsible != "" || r.Status != "" {
			t.Errorf("%q carries an assessment the source does not give: %+v", r.Title, r)
		}
		if r.Source == "" || r.Network != "region-10" {
			t.Errorf("%q: source %q network %q", r.Title, r.Source, r.Network)
		}
	}
	want := map[string]string{
		"Kostsamma nya administrativa överbyggnader": "risk/administrativ_overbyggnad",
		"Minskad insyn":        "risk/insyn",
		"Lagstiftning":         "hinder/juridiskt_hinder",
		"Olika digital mognad": "hinder/digital_mognad",
	}
	if len(got) != len(want) || len(rs) != len(want) {
		t.Errorf("Region 10 risks %v, want %v", got, want)
	}
	for title, kc := range want {
		if got[title] != kc {
			t.Errorf("%q = %q, want %q", title, got[title], kc)
		}
	}

	as, err := s.(samverkan.AdvocacyStore).AdvocacyByNetwork(ctx, "region-10")
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || !slices.Equal(as[0].Targets, []string{"region", "stat", "eu"}) || as[0].Source == "" {
		t.Fatalf("Region 10 advocacy: %+v", as)
	}
	if a := as[0]; a.Position != "" || a.Status != "" || len(a.Actions) != 0 || len(a.Supporters) != 0 {
		t.Errorf("the advocacy issue says more than the source: %+v", a)
	}
	for _, c := range all(t, s, "region-10") {
		if strings.Contains(strings.ToLower(c.Title), "påverkan") {
			t.Errorf("advocacy is still squeezed into the collaboration %q", c.Title)
		}
	}
	// The source names no work group, so the demo has none.
	if gs, err := s.(samverkan.WorkGroupStore).WorkGroupsByNetwork(ctx, "region-10"); err != nil || len(gs) != 0 {
		t.Errorf("Region 10 work groups %v (%v), want none", gs, err)
	}
}
