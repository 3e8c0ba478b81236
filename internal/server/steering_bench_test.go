package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// Every page of the network's steering (issue 12) at national scale
// (20 000 collaborations), without the response cache: the figures are a
// first render. syn-01 has a plan, follow-ups of 2024 and 2025 and the
// network life of demo.SyntheticNetworkLife (meetings 2020–2024), so its
// annual report of 2024 has every section filled. Run with
//
//	go test -run '^$' -bench 'Steering' -benchtime 100x ./internal/server/
//
// The goal is under 10 ms per page.

var (
	steeringOnce sync.Once
	steeringErr  error
	// steeringEditor is the session of an editor for a member of
	// syn-01: the start page of a municipality.
	steeringEditor *http.Cookie
	// steeringCollab is a running collaboration of syn-01.
	steeringCollab int64
	// steeringPlan is syn-01's plan, for its edit form.
	steeringPlan int64
)

// steeringSetup adds, once, what only these benchmarks need to the
// national database: an editor's session, and finds a running
// collaboration for the follow-up form.
func steeringSetup(b *testing.B) {
	b.Helper()
	h := nationalHandler(b)
	steeringOnce.Do(func() {
		get := func(path string, v any) error {
			r := httptest.NewRequest("GET", path, nil)
			r.AddCookie(benchCookie)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != http.StatusOK {
				return fmt.Errorf("GET %s = %d", path, rec.Code)
			}
			return json.Unmarshal(rec.Body.Bytes(), v)
		}
		var n samverkan.Network
		if steeringErr = get("/api/v1/networks/syn-01", &n); steeringErr != nil {
			return
		}
		var cs struct{ Items []samverkan.Collaboration }
		if steeringErr = get("/api/v1/networks/syn-01/collaborations?limit=100", &cs); steeringErr != nil {
			return
		}
		for _, c := range cs.Items {
			if c.Status == samverkan.StatusRunning && steeringCollab == 0 {
				steeringCollab = c.ID
			}
		}
		var ps struct {
			Items []struct {
				ID int64 `json:"id"`
			}
		}
		if steeringErr = get("/api/v1/networks/syn-01/plans", &ps); steeringErr != nil {
			return
		}
		if len(ps.Items) == 0 {
			steeringErr = fmt.Errorf("syn-01 has no plan")
			return
		}
		steeringPlan = ps.Items[0].ID
		if len(n.Members) == 0 || steeringCollab == 0 {
			steeringErr = fmt.Errorf("syn-01 has %d members and no running collaboration among %d", len(n.Members), len(cs.Items))
			return
		}
		// The sessions live in the database: a second service on the same
		// file starts one the benchmark's handler accepts.
		ctx := context.Background()
		db, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(benchDir, "bench.db"))
		if err != nil {
			steeringErr = err
			return
		}
		svc, err := auth.New(ctx, auth.Options{Store: db})
		if err != nil {
			steeringErr = err
			return
		}
		u := &samverkan.User{Email: "redaktor@bench.example.se",
			Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: n.Members[0].Code}}}
		if steeringErr = svc.CreateUser(ctx, u, "ett-langt-losenord"); steeringErr != nil {
			return
		}
		rec := httptest.NewRecorder()
		if steeringErr = svc.StartSession(rec, httptest.NewRequest("POST", "/", nil), u, "password"); steeringErr != nil {
			return
		}
		c := rec.Result().Cookies()[0]
		steeringEditor = &http.Cookie{Name: c.Name, Value: c.Value}
	})
	if steeringErr != nil {
		b.Fatal(steeringErr)
	}
}

// steeringAs measures path without the response cache as the session
// cookie gives (nil: the reader of syn-01).
func steeringAs(b *testing.B, path string, cookie func() *http.Cookie) {
	steeringSetup(b)
	c := benchCookie
	if cookie != nil {
		c = cookie()
	}
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	benchAs(b, benchNoCache, path, c)
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	// The process's CPU time per request besides the wall time: on a
	// machine shared with other work the wall time says more about the
	// neighbours than about the page.
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func coordinator() *http.Cookie { return benchCoordinator }
func editor() *http.Cookie      { return steeringEditor }

func BenchmarkSteeringNetworkEdit(b *testing.B) {
	steeringAs(b, "/natverk/syn-01/redigera", coordinator)
}
func BenchmarkSteeringPlan(b *testing.B)     { steeringAs(b, "/natverk/syn-01/plan", nil) }
func BenchmarkSteeringPlanForm(b *testing.B) { steeringAs(b, "/natverk/syn-01/plan/ny", coordinator) }
func BenchmarkSteeringPlanEdit(b *testing.B) {
	steeringSetup(b)
	steeringAs(b, fmt.Sprintf("/natverk/syn-01/plan/%d/redigera", steeringPlan), coordinator)
}
func BenchmarkSteeringFollowUp(b *testing.B) {
	steeringAs(b, "/natverk/syn-01/uppfoljning?ar=2025", nil)
}
func BenchmarkSteeringFollowUpForm(b *testing.B) {
	steeringSetup(b)
	steeringAs(b, fmt.Sprintf("/samverkan/%d/uppfoljning/2025", steeringCollab), coordinator)
}
func BenchmarkSteeringRisks(b *testing.B)      { steeringAs(b, "/natverk/syn-01/risker", nil) }
func BenchmarkSteeringMeetings(b *testing.B)   { steeringAs(b, "/natverk/syn-01/moten", nil) }
func BenchmarkSteeringWorkGroups(b *testing.B) { steeringAs(b, "/natverk/syn-01/arbetsgrupper", nil) }
func BenchmarkSteeringAdvocacy(b *testing.B)   { steeringAs(b, "/natverk/syn-01/paverkan", nil) }
func BenchmarkSteeringAnnualReport(b *testing.B) {
	steeringAs(b, "/natverk/syn-01/verksamhetsberattelse/2024", nil)
}
func BenchmarkSteeringAnnualReportAPI(b *testing.B) {
	steeringAs(b, "/api/v1/networks/syn-01/report/2024", nil)
}
func BenchmarkSteeringStartCoordinator(b *testing.B)  { steeringAs(b, "/", coordinator) }
func BenchmarkSteeringStartMunicipality(b *testing.B) { steeringAs(b, "/", editor) }

// BenchmarkSteeringReferenceNetworkPage is the network page, uncached,
// measured the same way: the yardstick for the machine's load at the time.
func BenchmarkSteeringReferenceNetworkPage(b *testing.B) { steeringAs(b, "/natverk/syn-01", nil) }

// BenchmarkSteeringOneAtATime asks for each steering page one request at
// a time and reports the wall time a request took from handler entry to
// the last byte (p50-ms, p95-ms over b.N requests) beside the process's
// CPU time per request. The benchmarks above run two clients in parallel
// and divide, which is throughput; this is the render time one person
// waits for, with the collector's concurrent work on the other core. Run
//
//	go test -run '^$' -bench 'SteeringOneAtATime' -benchtime 300x ./internal/server/
func BenchmarkSteeringOneAtATime(b *testing.B) {
	steeringSetup(b)
	pages := []struct {
		name, path string
		cookie     func() *http.Cookie
	}{
		{"network-edit", "/natverk/syn-01/redigera", coordinator},
		{"plan", "/natverk/syn-01/plan", nil},
		{"plan-form", "/natverk/syn-01/plan/ny", coordinator},
		{"plan-edit", fmt.Sprintf("/natverk/syn-01/plan/%d/redigera", steeringPlan), coordinator},
		{"follow-up", "/natverk/syn-01/uppfoljning?ar=2025", nil},
		{"follow-up-form", fmt.Sprintf("/samverkan/%d/uppfoljning/2025", steeringCollab), coordinator},
		{"risks", "/natverk/syn-01/risker", nil},
		{"meetings", "/natverk/syn-01/moten", nil},
		{"work-groups", "/natverk/syn-01/arbetsgrupper", nil},
		{"advocacy", "/natverk/syn-01/paverkan", nil},
		{"annual-report", "/natverk/syn-01/verksamhetsberattelse/2024", nil},
		{"annual-report-api", "/api/v1/networks/syn-01/report/2024", nil},
		{"start-coordinator", "/", coordinator},
		{"start-municipality", "/", editor},
	}
	h := benchNoCache
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			c := benchCookie
			if p.cookie != nil {
				c = p.cookie()
			}
			get := func() *httptest.ResponseRecorder {
				r := httptest.NewRequest("GET", p.path, nil)
				r.AddCookie(c)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				return rec
			}
			if rec := get(); rec.Code != http.StatusOK {
				b.Fatalf("GET %s = %d", p.path, rec.Code)
			}
			took := make([]time.Duration, 0, b.N)
			var before, after syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &before)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				if rec := get(); rec.Code != http.StatusOK {
					b.Fatalf("GET %s = %d", p.path, rec.Code)
				}
				took = append(took, time.Since(start))
			}
			b.StopTimer()
			syscall.Getrusage(syscall.RUSAGE_SELF, &after)
			cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
			slices.Sort(took)
			ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))]) / 1e6 }
			b.ReportMetric(ms(0.5), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
