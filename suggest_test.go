package samverkan_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// Suggestions for GGVV are ranked by signals whose points add up to the
// score, are the same when computed twice and for shuffled input, leave out
// areas all members already collaborate in, and explain themselves.
func TestSuggestGGVV(t *testing.T) {
	cat := refdata.MustCatalog()
	members := []string{"0662", "0617", "0665", "0683"}
	n := &samverkan.Network{Slug: "ggvv"}
	sam := &samverkan.Collaboration{Title: "SÅM", Status: samverkan.StatusRunning, Areas: []string{"870"}, Networks: []string{"ggvv"}}
	lon := &samverkan.Collaboration{Title: "Löneservice", Status: samverkan.StatusRunning, Areas: []string{"865"}, Networks: []string{"ggvv"}}
	for _, m := range members {
		sam.Participants = append(sam.Participants, samverkan.Participant{Code: m})
	}
	lon.Participants = []samverkan.Participant{{Code: "0662"}, {Code: "0617"}}
	adj := map[string]bool{}
	for _, m := range members {
		for _, nb := range refdata.Neighbours(m) {
			adj[m+nb] = true
		}
	}
	in := samverkan.SuggestionInput{Network: n, Members: members, Collaborations: []*samverkan.Collaboration{sam, lon}, Catalog: cat,
		Adjacent: func(a, b string) bool { return adj[a+b] }, Costs: map[string]map[string]float64{"249": {"0662": 2000, "0617": 3000}},
		MaxResults: 100}
	a := samverkan.Suggest(in)
	in.Members = []string{"0683", "0665", "0617", "0662"}
	in.Collaborations = []*samverkan.Collaboration{lon, sam}
	b := samverkan.Suggest(in)
	if !reflect.DeepEqual(a, b) || len(a) == 0 {
		t.Fatalf("not reproducible or empty: %d vs %d", len(a), len(b))
	}
	for i, s := range a {
		var sum float64
		for _, sig := range s.Signals {
			sum += sig.Points
			if sig.SV == "" || sig.EN == "" {
				t.Errorf("%s: signal %s without words", s.Area, sig.Code)
			}
		}
		if d := sum - s.Score; d > 0.001 || d < -0.001 {
			t.Errorf("%s: signals add up to %.2f, score %.2f", s.Area, sum, s.Score)
		}
		if s.Area == "870" {
			t.Error("suggested waste, where all four already collaborate in SÅM")
		}
		if i > 0 && (a[i-1].Score < s.Score || a[i-1].Score == s.Score && a[i-1].Area > s.Area) {
			t.Errorf("order broken at %d", i)
		}
		if s.Explanation("sv") == "" {
			t.Errorf("%s: no explanation", s.Area)
		}
	}
	// Water (865): Gislaved and Gnosjö already collaborate; the others can join.
	var water *samverkan.Suggestion
	for i := range a {
		if a[i].Area == "865" {
			water = &a[i]
		}
	}
	if water == nil || !strings.Contains(water.Explanation("sv"), "”Löneservice”") {
		t.Errorf("865: %+v", water)
	}
	// Cost gap where Kolada values are stored.
	for _, s := range a {
		if s.Area == "249" && !strings.Contains(s.Explanation("sv"), "Källa: Kolada") {
			t.Errorf("249 lacks the cost gap: %s", s.Explanation("sv"))
		}
	}
}

// TestSuggestMatchesReference: the ranking over ties indexed by area gives
// exactly what testing every collaboration against every area gave, on
// random networks (members, statuses of every phase, areas of one group,
// collaborations in and outside the network, parties, repeated areas).
func TestSuggestMatchesReference(t *testing.T) {
	cat := refdata.MustCatalog()
	rnd := rand.New(rand.NewPCG(16, 4))
	var codes, areas []string
	for _, m := range cat.Municipalities() {
		codes = append(codes, m.Code)
	}
	for _, a := range cat.Areas() {
		areas = append(areas, a.Code)
	}
	statuses := []string{samverkan.StatusIdea, samverkan.StatusStudyOngoing, samverkan.StatusRunning, samverkan.StatusRunning,
		samverkan.StatusUnderReview, samverkan.StatusNoticeGiven, samverkan.StatusEnded, samverkan.StatusRejected}
	pick := func(from []string, n int) []string {
		var out []string
		for range n {
			out = append(out, from[rnd.IntN(len(from))])
		}
		return out
	}
	compared := 0
	for round := range 40 {
		// Members and the municipalities around them, so ties overlap.
		pool := pick(codes[:20+rnd.IntN(40)], 12)
		members := pool[:2+rnd.IntN(6)]
		n := &samverkan.Network{Slug: "n"}
		var cs []*samverkan.Collaboration
		for i := range 30 + rnd.IntN(200) {
			// Titles of one to three digits, so that one is often the
			// start of another ("S5", "S50").
			c := &samverkan.Collaboration{ID: int64(i + 1), Title: fmt.Sprintf("S%0*d", 1+rnd.IntN(3), rnd.IntN(500)),
				Status: statuses[rnd.IntN(len(statuses))], Areas: pick(areas, 1+rnd.IntN(3))}
			for _, code := range pick(pool, 1+rnd.IntN(4)) {
				c.Participants = append(c.Participants, samverkan.Participant{Code: code})
			}
			if rnd.IntN(4) == 0 {
				c.Participants = append(c.Participants, samverkan.Participant{Party: "Regionen"})
			}
			if rnd.IntN(2) == 0 {
				c.Networks = []string{"n"}
			}
			cs = append(cs, c)
		}
		in := samverkan.SuggestionInput{Network: n, Members: members, Collaborations: cs, Catalog: cat,
			Adjacent: func(a, b string) bool { return a < b }, MaxResults: 1000}
		if round%2 == 1 {
			in.Costs = map[string]map[string]float64{areas[rnd.IntN(len(areas))]: {members[0]: 1000, members[1]: 1500}}
		}
		want := samverkan.SuggestReference(in)
		if got := samverkan.Suggest(in); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: differs from the reference\n got %+v\nwant %+v", round, got, want)
		}
		in.Ties, in.Collaborations = samverkan.TiesOf(cs, members, n.Slug), nil
		if got := samverkan.Suggest(in); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: from ties, differs from the reference\n got %+v\nwant %+v", round, got, want)
		}
		compared += len(want)
	}
	if compared < 100 {
		t.Errorf("only %d suggestions compared; the random data suggests too little", compared)
	}
}
