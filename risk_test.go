package samverkan_test

import (
	"slices"
	"testing"

	"github.com/samverkan/samverkan"
)

func ip(n int) *int { return &n }

func TestRiskScoreAndLevel(t *testing.T) {
	for _, c := range []struct {
		l, i  *int
		score int
		ok    bool
		level string
	}{
		{nil, nil, 0, false, ""},
		{ip(3), nil, 0, false, ""},
		{ip(1), ip(4), 4, true, "lag"},
		{ip(1), ip(5), 5, true, "medel"},
		{ip(3), ip(4), 12, true, "medel"},
		{ip(3), ip(5), 15, true, "hog"},
		{ip(5), ip(5), 25, true, "hog"},
	} {
		r := samverkan.RiskEntry{Likelihood: c.l, Impact: c.i}
		score, ok := r.Score()
		if score != c.score || ok != c.ok || r.Level() != c.level {
			t.Errorf("%v×%v: score %d %v level %q, want %d %v %q", c.l, c.i, score, ok, r.Level(), c.score, c.ok, c.level)
		}
		if c.level != "" && !samverkan.RiskLevels.Has(c.level) {
			t.Errorf("level %q is not in RiskLevels", c.level)
		}
	}
}

func TestRiskOverdue(t *testing.T) {
	today := samverkan.MustDate("2025-03-10")
	for _, c := range []struct {
		review, status string
		want           bool
	}{
		{"", "", false},
		{"2025-03-09", "", true},
		{"2025-03-09", "bevakas", true},
		{"2025-03-10", "", false},
		{"2025-03-11", "", false},
		{"2024-01-01", samverkan.RiskClosed, false},
	} {
		r := samverkan.RiskEntry{Review: samverkan.LenientDate(c.review), Status: c.status}
		if got := r.Overdue(today); got != c.want {
			t.Errorf("review %q status %q: overdue %v, want %v", c.review, c.status, got, c.want)
		}
	}
}

func TestRiskMatrix(t *testing.T) {
	rs := []samverkan.RiskEntry{
		{Likelihood: ip(1), Impact: ip(5)},
		{Likelihood: ip(1), Impact: ip(5)},
		{Likelihood: ip(5), Impact: ip(1)},
		{Likelihood: ip(3)},
		{},
		{Likelihood: ip(4), Impact: ip(4), Status: samverkan.RiskClosed},
		{Likelihood: ip(9), Impact: ip(1)}, // stored before the scale was checked
	}
	m := samverkan.NewRiskMatrix(rs)
	if m.Counts[0][4] != 2 || m.Counts[4][0] != 1 || m.Counts[3][3] != 0 || m.Unassessed != 3 || m.Closed != 1 {
		t.Errorf("matrix %+v", m)
	}
}

func TestSortRisks(t *testing.T) {
	rs := []samverkan.RiskEntry{
		{ID: 1, Title: "Öde", Likelihood: ip(2), Impact: ip(2), Review: samverkan.MustDate("2025-05-01"), Kind: "hinder"},
		{ID: 2, Title: "Ankare", Kind: "risk", Status: "bevakas"},
		{ID: 3, Title: "Ärende", Likelihood: ip(5), Impact: ip(4), Review: samverkan.MustDate("2025-01-01"), Kind: "risk", Status: "identifierad"},
		{ID: 4, Title: "Zon", Likelihood: ip(1), Impact: ip(1), Kind: "hinder"},
	}
	order := func(key string) []int64 {
		c := slices.Clone(rs)
		samverkan.SortRisks(c, key)
		var out []int64
		for _, r := range c {
			out = append(out, r.ID)
		}
		return out
	}
	for key, want := range map[string][]int64{
		"-score":  {3, 1, 4, 2}, // unknown score last, also descending
		"score":   {4, 1, 3, 2},
		"title":   {2, 4, 3, 1}, // Swedish order: Z before Ä before Ö
		"-title":  {1, 3, 4, 2},
		"review":  {3, 1, 2, 4}, // no review date last, then by title
		"-review": {1, 3, 2, 4},
		"kind":    {2, 3, 4, 1}, // risks first; ties by title
		"status":  {3, 2, 4, 1}, // vocabulary order, not stated last
	} {
		if got := order(key); !slices.Equal(got, want) {
			t.Errorf("sort %s = %v, want %v", key, got, want)
		}
	}
	if !samverkan.ValidRiskSort("-review") || samverkan.ValidRiskSort("id") {
		t.Error("ValidRiskSort")
	}
}

func TestMeetingRotation(t *testing.T) {
	n := &samverkan.Network{Hosts: []samverkan.HostYear{
		{Year: 2023, Code: "2425", Role: "vard"},
		{Year: 2024, Code: "2421", Role: "ordforande"},
		{Year: 2025, Code: "2462", Role: "vard_ordforande"},
	}}
	for year, want := range map[int][2]string{2023: {"2425", ""}, 2024: {"", "2421"}, 2025: {"2462", "2462"}, 2026: {"", ""}} {
		if h, c := samverkan.MeetingRotation(n, year); h != want[0] || c != want[1] {
			t.Errorf("%d: host %q chair %q, want %v", year, h, c, want)
		}
	}
}

func TestMeetingDays(t *testing.T) {
	m := samverkan.Meeting{Start: samverkan.MustDate("2023-12-14"), End: samverkan.MustDate("2023-12-14")}
	m.Normalize()
	if !m.End.IsZero() || m.LastDay().String() != "2023-12-14" || m.Year() != 2023 || m.Decisions == nil {
		t.Errorf("normalized one-day meeting %+v", m)
	}
	m.End = samverkan.MustDate("2023-12-15")
	if m.LastDay().String() != "2023-12-15" {
		t.Errorf("last day %s", m.LastDay())
	}
}

func TestRestoredRecord(t *testing.T) {
	id := func(r *samverkan.RiskEntry) int64 { return r.ID }
	e := samverkan.AuditEvent{Entity: samverkan.AuditEntityRisk, EntityID: "7", Action: samverkan.AuditUpdate,
		After: `{"id":7,"version":2,"title":"Lagstiftning","likelihood":null}`}
	if r := samverkan.RestoredRecord(e, samverkan.AuditEntityRisk, id); r == nil || r.Title != "Lagstiftning" || r.Likelihood != nil {
		t.Errorf("restored %+v", r)
	}
	for name, bad := range map[string]samverkan.AuditEvent{
		"other entity": {Entity: samverkan.AuditEntityMeeting, EntityID: "7", After: e.After},
		"deletion":     {Entity: e.Entity, EntityID: "7", Action: samverkan.AuditDelete, After: e.After},
		"other id":     {Entity: e.Entity, EntityID: "8", After: e.After},
		"partial":      {Entity: e.Entity, EntityID: "7", After: `{"id":7}`},
		"broken":       {Entity: e.Entity, EntityID: "7", After: `{"id":7,"version":`},
	} {
		if r := samverkan.RestoredRecord(bad, samverkan.AuditEntityRisk, id); r != nil {
			t.Errorf("%s: restored %+v", name, r)
		}
	}
}
