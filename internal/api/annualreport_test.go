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

// TestRegion10AssemblyHostAPI: the 2023 assembly in Arvidsjaur, 14–15
// December, was hosted by Dorotea, the host and chair of 2023 by the
// rotation (demo-facts.md, Region 10).
func TestRegion10AssemblyHostAPI(t *testing.T) {
	a := newAuthAPI(t)
	ms := decodeAs[list[samverkan.Meeting]](t, a.as(roleReader, req{Path: "/api/v1/networks/region-10/meetings?year=2023"}))
	if ms.Total != 1 {
		t.Fatalf("%d meetings in 2023, want the assembly", ms.Total)
	}
	m := ms.Items[0]
	if m.Kind != samverkan.MeetingAssembly || m.Place != "Arvidsjaur" || m.Start.String() != "2023-12-14" || m.End.String() != "2023-12-15" || m.Host != "2425" {
		t.Errorf("assembly %s %s %s–%s host %q, want stormote Arvidsjaur 2023-12-14–2023-12-15 host 2425 (Dorotea)",
			m.Kind, m.Place, m.Start, m.End, m.Host)
	}
	n := decodeAs[samverkan.Network](t, a.as(roleReader, req{Path: "/api/v1/networks/region-10"}))
	for year, want := range map[int]string{2023: "2425", 2024: "2421"} { // Dorotea, Storuman
		if h, c := n.HostOf(year); h != want || c != want {
			t.Errorf("%d: host %q chair %q, want %s for both", year, h, c, want)
		}
	}
}
