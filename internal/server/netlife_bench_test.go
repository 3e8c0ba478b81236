package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// The pages and lists of a network's own life at national scale, without
// the response cache (benchNoCache), in syn-01, which
// demo.SyntheticNetworkLife gives 60 risks, 40 meetings, 12 work groups and
// 12 advocacy issues.

// benchLife measures GET path without the response cache, and reports the
// process's CPU time per request besides the wall time: on a machine
// shared with other work the wall time says more about the neighbours than
// about the page.
func benchLife(b *testing.B, path func(h http.Handler) string) {
	nationalHandler(b)
	p := path(benchNoCache)
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	benchWith(b, benchNoCache, p)
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func at(path string) func(http.Handler) string { return func(http.Handler) string { return path } }

// collabOf finds a collaboration of syn-01 with risks of its own (with
// true) or without (false), through the API.
func collabOf(b *testing.B, h http.Handler, with bool) string {
	get := func(path string, v any) {
		r := httptest.NewRequest("GET", path, nil)
		r.AddCookie(benchCookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), v) != nil {
			b.Fatalf("GET %s = %d", path, rec.Code)
		}
	}
	var risks struct{ Items []samverkan.RiskEntry }
	get("/api/v1/networks/syn-01/risks", &risks)
	var withRisks []int64
	for _, r := range risks.Items {
		if r.CollaborationID != nil {
			withRisks = append(withRisks, *r.CollaborationID)
		}
	}
	if with && len(withRisks) > 0 {
		return fmt.Sprintf("/samverkan/%d", withRisks[0])
	}
	var cs struct{ Items []samverkan.Collaboration }
	get("/api/v1/networks/syn-01/collaborations?limit=100", &cs)
	for _, c := range cs.Items {
		if !with && !slices.Contains(withRisks, c.ID) {
			return fmt.Sprintf("/samverkan/%d", c.ID)
		}
	}
	b.Fatal("no such collaboration in syn-01")
	return ""
}

func BenchmarkRisksPage(b *testing.B)       { benchLife(b, at("/natverk/syn-01/risker")) }
func BenchmarkRisksPageSorted(b *testing.B) { benchLife(b, at("/natverk/syn-01/risker?sort=review")) }
func BenchmarkMeetingsPage(b *testing.B)    { benchLife(b, at("/natverk/syn-01/moten")) }
func BenchmarkWorkGroupsPage(b *testing.B)  { benchLife(b, at("/natverk/syn-01/arbetsgrupper")) }
func BenchmarkAdvocacyPage(b *testing.B)    { benchLife(b, at("/natverk/syn-01/paverkan")) }

// The collaboration page with its risk section, and one without risks
// for comparison.
func BenchmarkCollaborationWithRisks(b *testing.B) {
	benchLife(b, func(h http.Handler) string { return collabOf(b, h, true) })
}
func BenchmarkCollaborationNoRisks(b *testing.B) {
	benchLife(b, func(h http.Handler) string { return collabOf(b, h, false) })
}

func BenchmarkAPIRisks(b *testing.B) { benchLife(b, at("/api/v1/networks/syn-01/risks")) }
func BenchmarkAPIMeetings(b *testing.B) {
	benchLife(b, at("/api/v1/networks/syn-01/meetings?year=2022"))
}
func BenchmarkAPIWorkGroups(b *testing.B) { benchLife(b, at("/api/v1/networks/syn-01/work-groups")) }
func BenchmarkAPIAdvocacy(b *testing.B)   { benchLife(b, at("/api/v1/networks/syn-01/advocacy")) }
