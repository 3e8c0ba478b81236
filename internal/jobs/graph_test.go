package jobs_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/netgraph"
)

type graphStore struct {
	collabs  []samverkan.Collaboration
	scope    string
	computed time.Time
	data     []byte
}

func (s *graphStore) RunningParticipations(context.Context) ([]samverkan.Collaboration, error) {
	return s.collabs, nil
}

func (s *graphStore) SaveGraphFigures(_ context.Context, scope string, computed time.Time, data []byte) error {
	s.scope, s.computed, s.data = scope, computed, data
	return nil
}

func (s *graphStore) GraphFigures(context.Context, string) ([]byte, time.Time, error) {
	return nil, time.Time{}, errors.New("not used")
}

// TestNationalGraph: the task keeps the graph of the running
// collaborations, judged on the day it runs, with the time it ran; the
// page draws from that what a graph built on the spot draws.
func TestNationalGraph(t *testing.T) {
	p := func(code, left string) samverkan.Participant {
		pt := samverkan.Participant{Code: code}
		if left != "" {
			pt.Left = samverkan.MustDate(left)
		}
		return pt
	}
	s := &graphStore{collabs: []samverkan.Collaboration{
		{ID: 1, Participants: []samverkan.Participant{p("0662", ""), p("0665", ""), p("0680", "")}},
		{ID: 2, Participants: []samverkan.Participant{p("0662", ""), p("0665", "")}},
		{ID: 3, Participants: []samverkan.Participant{p("0680", ""), p("1382", "2026-03-01")}}, // left before the day
		{ID: 4, Participants: []samverkan.Participant{p("0680", ""), p("0684", "2026-03-20")}}, // leaves after it
	}}
	now := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC) // 11 March in Sweden
	if err := (&jobs.NationalGraph{Store: s, Now: func() time.Time { return now }}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.scope != jobs.NationalGraphScope || !s.computed.Equal(now) {
		t.Fatalf("kept under %q at %v", s.scope, s.computed)
	}
	kept, err := netgraph.Decode(s.data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := netgraph.Build(s.collabs, netgraph.Options{On: samverkan.MustDate("2026-03-11")})
	if err != nil {
		t.Fatal(err)
	}
	if len(kept.Nodes) != 4 || len(kept.Edges) != 4 {
		t.Fatalf("%d nodes, %d ties; want 4 and 4 (Falkenberg left before the day)", len(kept.Nodes), len(kept.Edges))
	}
	d := netgraph.Drawing{ID: "graf", Title: "Sverige", MinWeight: 1}
	if kept.Draw(d) != want.Draw(d) {
		t.Fatal("the kept graph is drawn differently from the graph built on the day")
	}
}
