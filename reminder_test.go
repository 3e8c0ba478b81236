package samverkan_test

import (
	"testing"

	"github.com/samverkan/samverkan"
)

func TestNoticeDeadline(t *testing.T) {
	months := func(n int) *int { return &n }
	for _, c := range []struct {
		to     string
		notice *int
		want   string
	}{
		{"2026-12-31", months(6), "2026-06-30"},
		{"2026-05-31", months(3), "2026-02-28"},
		{"2028-05-31", months(3), "2028-02-29"},
		{"2027-01-15", months(12), "2026-01-15"},
		{"2026-03-31", months(0), "2026-03-31"},
		{"2026-12-31", nil, ""},
		{"", months(6), ""},
	} {
		d := samverkan.Document{NoticeMonths: c.notice}
		if c.to != "" {
			d.ValidTo = samverkan.MustDate(c.to)
		}
		got, ok := samverkan.NoticeDeadline(d)
		if ok != (c.want != "") || (ok && got.String() != c.want) {
			t.Errorf("%s minus %v: got %v %v, want %q", c.to, c.notice, got, ok, c.want)
		}
	}
}

func TestDueReminders(t *testing.T) {
	today := samverkan.MustDate("2026-03-01")
	ds := []samverkan.Deadline{
		{UID: "a", Kind: samverkan.ReminderNotice, Day: samverkan.MustDate("2026-03-20")},
		{UID: "b", Kind: samverkan.ReminderNotice, Day: samverkan.MustDate("2026-05-01")},       // beyond the lead time
		{UID: "c", Kind: samverkan.ReminderAgreementEnd, Day: samverkan.MustDate("2026-03-02")}, // kind not chosen
		{UID: "d", Kind: samverkan.ReminderRiskReview, Day: samverkan.MustDate("2026-02-01")},   // overdue: still reminded
		{UID: "m2", Kind: samverkan.ReminderMeeting, Day: samverkan.MustDate("2026-03-25")},
		{UID: "m1", Kind: samverkan.ReminderMeeting, Day: samverkan.MustDate("2026-03-10")},
		{UID: "m0", Kind: samverkan.ReminderMeeting, Day: samverkan.MustDate("2026-02-10")}, // past meeting
	}
	s := samverkan.DefaultReminderSettings(1)
	s.Kinds = []string{samverkan.ReminderNotice, samverkan.ReminderRiskReview, samverkan.ReminderMeeting}
	got := samverkan.DueReminders(ds, s, today)
	var uids []string
	for _, d := range got {
		uids = append(uids, d.UID)
	}
	if want := "d m1 a"; join(uids) != want {
		t.Fatalf("due = %q, want %q", join(uids), want)
	}
}

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out
}

func TestReminderSettingsValidate(t *testing.T) {
	s := samverkan.DefaultReminderSettings(1)
	s.Kinds = []string{"avtal-slut", "nej"}
	s.Municipalities = []string{"0662", "9999"}
	s.LeadDays = 400
	err := s.Validate(samverkan.NewCatalog([]samverkan.Municipality{{Code: "0662", Name: "Gislaved"}}, samverkan.DefaultAreas))
	fields := samverkan.FieldErrors(err)
	if len(fields) != 3 {
		t.Fatalf("fields = %+v", fields)
	}
}
