package samverkan_test

import (
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
