package samverkan_test

import (
	"testing"

	"github.com/samverkan/samverkan"
)

// TestReviewsDue: overdue and due within the lead time, soonest first;
// not later ones, closed ones or those without a date.
func TestReviewsDue(t *testing.T) {
	today := samverkan.MustDate("2026-03-10")
	rs := []samverkan.RiskEntry{
		{ID: 1, Title: "later", Review: samverkan.MustDate("2026-04-10")},
		{ID: 2, Title: "in lead", Review: samverkan.MustDate("2026-04-09")},
		{ID: 3, Title: "overdue", Review: samverkan.MustDate("2026-01-01")},
		{ID: 4, Title: "closed", Review: samverkan.MustDate("2026-01-01"), Status: samverkan.RiskClosed},
		{ID: 5, Title: "no date"},
		{ID: 6, Title: "today", Review: today},
	}
	var got []string
	for _, r := range samverkan.ReviewsDue(rs, today) {
		got = append(got, r.Title)
	}
	if want := "[overdue today in lead]"; fmtList(got) != want {
		t.Errorf("due %v, want %s", got, want)
	}
}

// TestNextMeeting: the first meeting that has not ended; one running over
// several days still counts on its last day.
func TestNextMeeting(t *testing.T) {
	ms := []samverkan.Meeting{
		{Title: "past", Start: samverkan.MustDate("2026-01-01")},
		{Title: "later", Start: samverkan.MustDate("2026-06-01")},
		{Title: "running", Start: samverkan.MustDate("2026-03-09"), End: samverkan.MustDate("2026-03-10")},
		{Title: "undated"},
	}
	if m := samverkan.NextMeeting(ms, samverkan.MustDate("2026-03-10")); m == nil || m.Title != "running" {
		t.Errorf("next %+v, want running", m)
	}
	if m := samverkan.NextMeeting(ms, samverkan.MustDate("2026-03-11")); m == nil || m.Title != "later" {
		t.Errorf("next %+v, want later", m)
	}
	if m := samverkan.NextMeeting(ms, samverkan.MustDate("2026-06-02")); m != nil {
		t.Errorf("next %+v, want none", m)
	}
}

func fmtList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}
