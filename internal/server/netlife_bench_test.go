package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/web"
)

var (
	lifeOnce    sync.Once
	lifeErr     error
	lifeHandler http.Handler // without the response cache
	// lifeCollab has risks of its own, plainCollab none.
	lifeCollab, plainCollab int64
)

// nationalLife is the national handler, without the response cache, with a network's own life at a
// busy network's scale in syn-01: 60 risks (half of them its
// collaborations'), 40 meetings with decisions, 12 work groups and 12
// advocacy issues. The synthetic data has none of its own.
func nationalLife(b *testing.B) http.Handler {
	b.Helper()
	nationalHandler(b)
	lifeOnce.Do(func() {
		ctx := context.Background()
		db := benchDB
		svc, err := auth.New(ctx, auth.Options{Store: db})
		if err != nil {
			lifeErr = err
			return
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		cat := refdata.MustCatalog()
		w, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log, Auth: svc})
		if err != nil {
			lifeErr = err
			return
		}
		lifeHandler = server.New(server.Options{Store: db, Web: w, Logger: log, Auth: svc, NoCache: true,
			API: api.New(api.Options{Store: db, Catalog: cat, Logger: log})})
		n, err := db.NetworkBySlug(ctx, "syn-01")
		if err != nil {
			lifeErr = err
			return
		}
		cs, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "syn-01", Limit: 60})
		if err != nil || len(cs) < 30 {
			lifeErr = fmt.Errorf("syn-01 collaborations: %d, %v", len(cs), err)
			return
		}
		lifeCollab, plainCollab = cs[1].ID, cs[0].ID
		g := func(i int) *int { v := i%5 + 1; return &v }
		for i := 0; i < 60; i++ {
			r := &samverkan.RiskEntry{Kind: samverkan.RiskKindRisk, Category: "kompetens", Title: fmt.Sprintf("Risk %d", i),
				Likelihood: g(i), Impact: g(i / 5), Responsible: "samordnare", Review: samverkan.MustDate("2024-06-01")}
			if i%2 == 0 {
				r.Network = n.Slug
			} else {
				id := cs[i%len(cs)].ID
				r.CollaborationID = &id
			}
			if lifeErr = db.CreateRisk(ctx, r); lifeErr != nil {
				return
			}
		}
		var groups []int64
		for i := 0; i < 12; i++ {
			wg := &samverkan.WorkGroup{Network: n.Slug, Name: fmt.Sprintf("Arbetsgrupp %d", i),
				Members:        []samverkan.WorkGroupMember{{Municipality: n.Members[0].Code, Function: "socialchef"}, {Municipality: n.Members[1].Code, Function: "IT-chef"}},
				Collaborations: []samverkan.CollaborationRef{{ID: cs[i].ID}, {ID: cs[i+12].ID}}}
			if lifeErr = db.CreateWorkGroup(ctx, wg); lifeErr != nil {
				return
			}
			groups = append(groups, wg.ID)
		}
		for i := 0; i < 40; i++ {
			id := cs[i%len(cs)].ID
			m := &samverkan.Meeting{Network: n.Slug, Kind: samverkan.MeetingSteering, Title: fmt.Sprintf("Möte %d", i),
				Start: samverkan.NewDate(2020+i%5, 3, 1+i%20), Place: "Kommunhuset", Host: n.Members[i%len(n.Members)].Code,
				Decisions: []samverkan.MeetingDecision{{Text: "Beslut", CollaborationID: &id}, {Text: "Övrigt"}}}
			if i%3 == 0 {
				m.WorkGroupID, m.Kind = &groups[i%len(groups)], samverkan.MeetingWorkGroup
			}
			if lifeErr = db.CreateMeeting(ctx, m); lifeErr != nil {
				return
			}
		}
		for i := 0; i < 12; i++ {
			a := &samverkan.AdvocacyIssue{Network: n.Slug, Title: fmt.Sprintf("Fråga %d", i), Targets: []string{"region", "stat"},
				Actions:    []samverkan.AdvocacyAction{{Date: samverkan.MustDate("2024-02-01"), Text: "Skrivelse"}},
				Supporters: []string{n.Members[0].Code, n.Members[1].Code}}
			if lifeErr = db.CreateAdvocacyIssue(ctx, a); lifeErr != nil {
				return
			}
		}
	})
	if lifeErr != nil {
		b.Fatal(lifeErr)
	}
	return lifeHandler
}

// benchLife measures GET path on the handler without the response
// cache, and reports the process's CPU time per request besides the wall
// time: on a machine shared with other work the wall time says more about
// the neighbours than about the page.
func benchLife(b *testing.B, path func() string) {
	h := nationalLife(b)
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	benchGetWith(b, h, path())
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func at(path string) func() string { return func() string { return path } }

func BenchmarkRisksPage(b *testing.B)       { benchLife(b, at("/natverk/syn-01/risker")) }
func BenchmarkRisksPageSorted(b *testing.B) { benchLife(b, at("/natverk/syn-01/risker?sort=review")) }
func BenchmarkMeetingsPage(b *testing.B)    { benchLife(b, at("/natverk/syn-01/moten")) }
func BenchmarkWorkGroupsPage(b *testing.B)  { benchLife(b, at("/natverk/syn-01/arbetsgrupper")) }
func BenchmarkAdvocacyPage(b *testing.B)    { benchLife(b, at("/natverk/syn-01/paverkan")) }

// The collaboration page without the response cache, with its risk
// section and, for comparison, one without risks.
func BenchmarkCollaborationWithRisks(b *testing.B) {
	benchLife(b, func() string { return fmt.Sprintf("/samverkan/%d", lifeCollab) })
}
func BenchmarkCollaborationNoRisks(b *testing.B) {
	benchLife(b, func() string { return fmt.Sprintf("/samverkan/%d", plainCollab) })
}

func BenchmarkAPIRisks(b *testing.B) { benchLife(b, at("/api/v1/networks/syn-01/risks")) }
func BenchmarkAPIMeetings(b *testing.B) {
	benchLife(b, at("/api/v1/networks/syn-01/meetings?year=2022"))
}
func BenchmarkAPIWorkGroups(b *testing.B) { benchLife(b, at("/api/v1/networks/syn-01/work-groups")) }
func BenchmarkAPIAdvocacy(b *testing.B)   { benchLife(b, at("/api/v1/networks/syn-01/advocacy")) }
