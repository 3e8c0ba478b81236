package samverkan_test

import (
	"testing"

	"github.com/samverkan/samverkan"
)

func TestRotation(t *testing.T) {
	n := &samverkan.Network{
		RotationOrder: []string{"A", "B", "C"},
		Hosts: []samverkan.HostYear{
			{Year: 2023, Code: "B", Role: "vard_ordforande"},
			{Year: 2024, Code: "C", Role: "vard"},
			{Year: 2024, Code: "A", Role: "ordforande"},
		},
	}
	got := n.Rotation(2025, 2027)
	want := []samverkan.RotationYear{
		{Year: 2023, Host: "B", Chair: "B"},
		{Year: 2024, Host: "C", Chair: "A"},
		{Year: 2025, Host: "A", Chair: "A", Planned: true},
		{Year: 2026, Host: "B", Chair: "B", Planned: true},
		{Year: 2027, Host: "C", Chair: "C", Planned: true},
	}
	if len(got) != len(want) {
		t.Fatalf("rotation %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("year %d: %+v, want %+v", want[i].Year, got[i], want[i])
		}
	}
	// Nothing recorded: the order starts in the year given.
	empty := &samverkan.Network{RotationOrder: []string{"A", "B"}}
	if r := empty.Rotation(2026, 2027); len(r) != 2 || r[0] != (samverkan.RotationYear{Year: 2026, Host: "A", Chair: "A", Planned: true}) {
		t.Errorf("from nothing: %+v", r)
	}
	// No order: only what is recorded.
	n.RotationOrder = nil
	if r := n.Rotation(2025, 2030); len(r) != 2 {
		t.Errorf("without an order: %+v", r)
	}
	if h, c := (&samverkan.Network{Hosts: want2023()}).HostOf(2023); h != "2506" || c != "2506" {
		t.Errorf("HostOf = %q, %q", h, c)
	}
}

func want2023() []samverkan.HostYear {
	return []samverkan.HostYear{{Year: 2023, Code: "2506", Role: "vard_ordforande"}}
}

// TestPlanProgressIsComputed: completing an activity moves the priority and
// the plan; a running linked collaboration counts as done, an idea as not
// yet, a rejected one and a cancelled activity not at all.
func TestPlanProgressIsComputed(t *testing.T) {
	p := &samverkan.NetworkPlan{Priorities: []samverkan.Priority{
		{Title: "Digitalisering", Collaborations: []int64{1, 2, 3},
			Activities: []samverkan.Activity{{ID: 1, Status: samverkan.ActivityPlanned}, {ID: 2, Status: samverkan.ActivityDone},
				{ID: 3, Status: samverkan.ActivityCancelled}}},
		{Title: "Tom"},
	}}
	status := map[int64]string{1: samverkan.StatusRunning, 2: samverkan.StatusIdea, 3: samverkan.StatusRejected}
	st := func(id int64) string { return status[id] }
	total, per := samverkan.PlanProgress(p, st)
	// Activities 1 of 2 counted; collaborations 1 of 2 (running, idea).
	if total.Done != 2 || total.Total != 4 || *total.Percent != 50 || per[0].CollaborationsIdeas != 1 {
		t.Fatalf("before: %+v", total)
	}
	if per[1].Percent != nil {
		t.Errorf("an empty priority has progress %d, want unknown", *per[1].Percent)
	}
	i, j, ok := p.FindActivity(1)
	if !ok {
		t.Fatal("activity 1 not found")
	}
	p.Priorities[i].Activities[j].Status = samverkan.ActivityDone
	total, _ = samverkan.PlanProgress(p, st)
	if total.Done != 3 || *total.Percent != 75 {
		t.Errorf("after completing an activity: %+v", total)
	}
	status[2] = samverkan.StatusRunning
	total, _ = samverkan.PlanProgress(p, st)
	if total.Done != 4 || *total.Percent != 100 {
		t.Errorf("after the idea started: %+v", total)
	}
}

func TestPlanValidateAndNumber(t *testing.T) {
	n := &samverkan.Network{Declaration: samverkan.Declaration{Purposes: []samverkan.Purpose{{Text: "Minska sårbarheten"}}}}
	p := &samverkan.NetworkPlan{Title: "NetworkPlan", FromYear: 2027, ToYear: 2025, Priorities: []samverkan.Priority{
		{Title: "A", Purposes: []string{"Minska sårbarheten", "Okänt"}, Collaborations: []int64{5, 5},
			Activities: []samverkan.Activity{{Title: "", Status: "konstig"}}},
	}}
	p.Normalize()
	err := p.Validate(n, func(id int64) bool { return id == 5 })
	got := map[string]string{}
	for _, fe := range samverkan.FieldErrors(err) {
		got[fe.Field] = fe.Code
	}
	want := map[string]string{
		"to_year": "period_reversed", "priorities[0].purposes[1]": "unknown_network_purpose",
		"priorities[0].collaborations[1]": "duplicate_link", "priorities[0].activities[0].title": "required",
		"priorities[0].activities[0].status": "unknown_activity_status",
	}
	for f, c := range want {
		if got[f] != c {
			t.Errorf("%s: %q, want %q (all: %v)", f, got[f], c, got)
		}
	}
	q := &samverkan.NetworkPlan{Priorities: []samverkan.Priority{{ID: 4, Activities: []samverkan.Activity{{ID: 7}, {}}}, {}}}
	q.Number()
	if q.Priorities[1].ID != 5 || q.Priorities[0].Activities[1].ID != 8 || q.Priorities[0].Activities[0].ID != 7 {
		t.Errorf("numbered %+v", q.Priorities)
	}
}

// TestRollUpByHand: a hand count of scores per purpose over four
// collaborations, one not followed up.
func TestRollUpByHand(t *testing.T) {
	purposes := []string{"Kvalitet", "Sårbarhet"}
	cs := []samverkan.CollaborationRef{
		{ID: 1, Status: samverkan.StatusRunning},
		{ID: 2, Status: samverkan.StatusRunning, Start: samverkan.MustDate("2024-05-01")},
		{ID: 3, Status: samverkan.StatusRunning},
		{ID: 4, Status: samverkan.StatusRunning},
		{ID: 5, Status: samverkan.StatusIdea},                                             // not due
		{ID: 6, Status: samverkan.StatusEnded, End: samverkan.MustDate("2023-06-30")},     // ended before
		{ID: 7, Status: samverkan.StatusRunning, Start: samverkan.MustDate("2025-01-01")}, // starts after
	}
	fu := func(id int64, year int, scores ...int) *samverkan.FollowUp {
		f := &samverkan.FollowUp{CollaborationID: id, Year: year}
		for i, s := range scores {
			f.Assessments = append(f.Assessments, samverkan.PurposeAssessment{Purpose: purposes[i], Score: s})
		}
		return f
	}
	fus := []*samverkan.FollowUp{
		fu(1, 2024, 4, 1),
		fu(2, 2024, 2, 0),
		fu(3, 2024, 3), // Sårbarhet not named: not assessed
		fu(4, 2023, 4, 4),
	}
	fus[0].Budget, fus[0].Cost = ptr(int64(100)), ptr(int64(130))
	fus[1].Budget = ptr(int64(50)) // cost unknown: left out of the sums
	r := samverkan.RollUp(purposes, 2024, cs, fus)
	if r.Due != 4 || r.FollowedUp != 3 || len(r.Missing) != 1 || r.Missing[0] != 4 {
		t.Fatalf("due %d, followed up %d, missing %v", r.Due, r.FollowedUp, r.Missing)
	}
	k, s := r.Purposes[0], r.Purposes[1]
	// Kvalitet: 4, 2, 3 → assessed 3, contributing 3, strong 1, mean 3.0, weak [2].
	if k.Assessed != 3 || k.Contributing != 3 || k.Strong != 1 || *k.Mean != 3.0 || len(k.Weak) != 1 || k.Weak[0] != 2 ||
		k.Counts != [5]int{0, 0, 1, 1, 1} {
		t.Errorf("Kvalitet: %+v", k)
	}
	// Sårbarhet: 1, 0, absent → assessed 1, contributing 0, mean 1.0, weak [1], not assessed 2.
	if s.Assessed != 1 || s.Contributing != 0 || *s.Mean != 1.0 || s.Counts[0] != 2 || len(s.Weak) != 1 || s.Weak[0] != 1 {
		t.Errorf("Sårbarhet: %+v", s)
	}
	if r.WithBudget != 1 || r.Budget == nil || *r.Budget != 100 || r.Cost == nil || *r.Cost != 130 {
		t.Errorf("budget %v, cost %v over %d", r.Budget, r.Cost, r.WithBudget)
	}
	// A year nobody followed up: means unknown, not zero.
	if e := samverkan.RollUp(purposes, 2022, cs, fus); e.Purposes[0].Mean != nil || e.FollowedUp != 0 || e.Budget != nil || e.Cost != nil {
		t.Errorf("empty year: %+v", e.Purposes[0])
	}
	if d, ok := fus[1].Deviation(); ok {
		t.Errorf("deviation with an unknown cost = %d", d)
	}
	if d, ok := fus[0].Deviation(); !ok || d != 30 {
		t.Errorf("deviation = %d, %v", d, ok)
	}
}

func TestFollowUpValidate(t *testing.T) {
	f := &samverkan.FollowUp{Year: 1999, Assessments: []samverkan.PurposeAssessment{
		{Purpose: "A", Score: 5}, {Purpose: "A", Score: 1}, {Purpose: "B"},
	}, Cost: ptr(int64(-1)), Indicators: []samverkan.Indicator{{Name: ""}}}
	got := map[string]string{}
	for _, fe := range samverkan.FieldErrors(f.Validate([]string{"A"})) {
		got[fe.Field] = fe.Code
	}
	for fld, code := range map[string]string{"year": "year_not_followed", "assessments[0].score": "unknown_contribution",
		"assessments[1].purpose": "duplicate_purpose", "assessments[2].purpose": "unknown_network_purpose",
		"cost": "negative", "indicators[0].name": "required"} {
		if got[fld] != code {
			t.Errorf("%s: %q, want %q (%v)", fld, got[fld], code, got)
		}
	}
}
func ptr[T any](v T) *T { return &v }
