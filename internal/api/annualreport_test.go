package api_test

import (
	"net/http"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestAnnualReportAPI: Region 10's report of 2023 as JSON carries the
// assembly with its place and host, the four named risks and obstacles
// (unassessed: score null, not 0) and the joint advocacy, beside the host
// and chair of the year.
func TestAnnualReportAPI(t *testing.T) {
	a := newAuthAPI(t)
	res := a.as(roleReader, req{Path: "/api/v1/networks/region-10/report/2023"})
	if res.Status != http.StatusOK {
		t.Fatalf("report = %d: %s", res.Status, res.Body)
	}
	r := decodeAs[samverkan.AnnualReport](t, res)
	if r.Host != "2425" || r.Chair != "2425" { // Dorotea
		t.Errorf("host %q, chair %q; want Dorotea (2425)", r.Host, r.Chair)
	}
	if len(r.Meetings) != 1 || r.Meetings[0].Place != "Arvidsjaur" || r.Meetings[0].Start.String() != "2023-12-14" ||
		r.Meetings[0].Host != r.Host || r.Meetings[0].Kind != samverkan.MeetingAssembly {
		t.Errorf("meetings %+v, host of the year %q", r.Meetings, r.Host)
	}
	if len(r.Risks) != 4 {
		t.Errorf("%d risks, want 4", len(r.Risks))
	}
	for _, rk := range r.Risks {
		if rk.Score != nil || rk.Level != "" || rk.Overdue {
			t.Errorf("%q: score %v level %q overdue %v; the source assesses none", rk.Title, rk.Score, rk.Level, rk.Overdue)
		}
	}
	if len(r.Advocacy) != 1 || r.Advocacy[0].Title != "Gemensam påverkan mot region, stat och EU" {
		t.Errorf("advocacy %+v", r.Advocacy)
	}
	if r.WorkGroups == nil || len(r.WorkGroups) != 0 {
		t.Errorf("work groups %v, want an empty list", r.WorkGroups)
	}
	if !jsonHas(res.Body, `"score":null`) || !jsonHas(res.Body, `"work_groups":[]`) {
		t.Error("unknown score is not null, or the empty list is absent")
	}
}
