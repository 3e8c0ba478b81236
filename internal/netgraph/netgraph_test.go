package netgraph

import (
	"bytes"
	"cmp"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking the change)", path)
	}
}

// Five municipalities in Jönköpings län, named A–E in the hand computations.
const (
	A = "0617" // Gnosjö
	B = "0662" // Gislaved
	C = "0665" // Vaggeryd
	D = "0680" // Jönköping
	E = "0683" // Värnamo
	F = "0684" // Sävsjö
)

var nextID int64

// collab returns a collaboration in which the codes take part.
func collab(codes ...string) samverkan.Collaboration {
	nextID++
	c := samverkan.Collaboration{ID: nextID}
	for _, code := range codes {
		c.Participants = append(c.Participants, samverkan.Participant{Code: code, Role: samverkan.RoleMember})
	}
	return c
}

func build(t *testing.T, collabs []samverkan.Collaboration, opt Options) *Graph {
	t.Helper()
	g, err := Build(collabs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func node(t *testing.T, g *Graph, code string) Node {
	t.Helper()
	n, ok := g.Node(code)
	if !ok {
		t.Fatalf("no node %s", code)
	}
	return n
}

func checkBetweenness(t *testing.T, g *Graph, want map[string]float64) {
	t.Helper()
	for code, w := range want {
		if got := node(t, g, code).Betweenness; math.Abs(got-w) > 1e-9 {
			t.Errorf("betweenness of %s = %v, want %v", code, got, w)
		}
	}
}

// The path A–B–C–D–E, one collaboration per link.
//
// Betweenness by hand, over unordered pairs, every shortest path unique:
//
//	A: endpoint                          0
//	B: on A–C, A–D, A–E                  3
//	C: on A–D, A–E, B–D, B–E             4
//	D: on A–E, B–E, C–E                  3
//	E: endpoint                          0
//
// Degree and strength: 1 at the ends, 2 inside.
func TestPathGraph(t *testing.T) {
	g := build(t, []samverkan.Collaboration{collab(A, B), collab(B, C), collab(C, D), collab(D, E)}, Options{})
	checkBetweenness(t, g, map[string]float64{A: 0, B: 3, C: 4, D: 3, E: 0})
	for code, deg := range map[string]int{A: 1, B: 2, C: 2, D: 2, E: 1} {
		if n := node(t, g, code); n.Degree != deg || n.Strength != deg {
			t.Errorf("%s: degree %d strength %d, want %d", code, n.Degree, n.Strength, deg)
		}
	}
	if len(g.Edges) != 4 {
		t.Errorf("%d edges, want 4", len(g.Edges))
	}
}

// A star with centre E and leaves A–D: E is on the one shortest path of
// each of the C(4,2) = 6 pairs of leaves, so its betweenness is 6.
func TestStarGraph(t *testing.T) {
	g := build(t, []samverkan.Collaboration{collab(E, A), collab(E, B), collab(E, C), collab(E, D)}, Options{})
	checkBetweenness(t, g, map[string]float64{E: 6, A: 0, B: 0, C: 0, D: 0})
	if n := node(t, g, E); n.Degree != 4 || n.Strength != 4 {
		t.Errorf("centre: degree %d strength %d, want 4 and 4", n.Degree, n.Strength)
	}
}

// The square A–B–C–D–A with weights A–B 1, B–C 1, C–D 2, D–A 2. A tie's
// length is 1/weight, so strong ties are short:
//
//	A–C: via B 1+1 = 2, via D ½+½ = 1   → only via D:        D += 1
//	B–D: via A 1+½ = 1.5, via C 1+½ = 1.5 → two paths:       A += ½, C += ½
//	neighbours: the direct tie is shortest
//
// so A ½, B 0, C ½, D 1. Taking weights as lengths would give B 1, D 0.
func TestBetweennessUsesInverseWeights(t *testing.T) {
	g := build(t, []samverkan.Collaboration{
		collab(A, B), collab(B, C), collab(C, D), collab(C, D), collab(D, A), collab(A, D),
	}, Options{})
	checkBetweenness(t, g, map[string]float64{A: 0.5, B: 0, C: 0.5, D: 1})
	if n := node(t, g, D); n.Degree != 2 || n.Strength != 4 {
		t.Errorf("D: degree %d strength %d, want 2 and 4", n.Degree, n.Strength)
	}
}

// A collaboration of three ties all three pairs; weights add up over
// collaborations, and the edge lists them.
func TestWeights(t *testing.T) {
	x, y := collab(A, B, C), collab(B, A)
	g := build(t, []samverkan.Collaboration{x, y}, Options{})
	want := []Edge{
		{A: A, B: B, Weight: 2, Collaborations: []int64{x.ID, y.ID}},
		{A: A, B: C, Weight: 1, Collaborations: []int64{x.ID}},
		{A: B, B: C, Weight: 1, Collaborations: []int64{x.ID}},
	}
	if !reflect.DeepEqual(g.Edges, want) {
		t.Errorf("edges %+v, want %+v", g.Edges, want)
	}
}

// Two triangles, A–B–C and D–E–F, each tie of weight 3, joined by one
// collaboration C–D. Modularity by hand (m = total weight = 2·9 + 1 = 19;
// each triangle has internal weight 9 and degree sum 2·9 + 1 = 19):
//
//	one community:  Q = 19/19 − (38/38)²            = 0
//	two triangles:  Q = 2 · (9/19 − (19/38)²)        ≈ 0.447
//
// and any other split cuts a weight-3 tie, so the triangles are the
// communities: 0 for the one with the smallest code (A), 1 for the other.
func TestCommunities(t *testing.T) {
	var cs []samverkan.Collaboration
	for range 3 {
		cs = append(cs, collab(A, B, C), collab(D, E, F))
	}
	cs = append(cs, collab(C, D))
	g := build(t, cs, Options{})
	if g.Communities != 2 {
		t.Fatalf("%d communities, want 2", g.Communities)
	}
	for code, want := range map[string]int{A: 0, B: 0, C: 0, D: 1, E: 1, F: 1} {
		if got := node(t, g, code).Community; got != want {
			t.Errorf("community of %s = %d, want %d", code, got, want)
		}
	}
}

// Who takes part: a participant that has left does not, unless it left on
// or after the day asked about; an external party is no node.
func TestParticipation(t *testing.T) {
	c := collab(A, B, C)
	c.Participants[2].Left = samverkan.MustDate("2024-06-30")
	c.Participants = append(c.Participants, samverkan.Participant{Party: "Region Jönköpings län", PartyKind: "region", Role: samverkan.RoleMember})
	g := build(t, []samverkan.Collaboration{c}, Options{})
	if _, ok := g.Node(C); ok || len(g.Nodes) != 2 {
		t.Errorf("nodes %v: C has left and should not count", g.Nodes)
	}
	g = build(t, []samverkan.Collaboration{c}, Options{On: samverkan.MustDate("2024-01-01")})
	if _, ok := g.Node(C); !ok || len(g.Nodes) != 3 {
		t.Errorf("on 2024-01-01 C had not yet left; nodes %v", g.Nodes)
	}
}

// A network's graph keeps the collaborations with a member and all their
// participants; members without ties are nodes too.
func TestNetworkGraph(t *testing.T) {
	g := build(t, []samverkan.Collaboration{collab(A, C), collab(C, D), collab(B, C, F)}, Options{Members: []string{A, B, E}})
	var codes []string
	for _, n := range g.Nodes {
		codes = append(codes, n.Code)
	}
	if want := []string{A, B, C, E, F}; !slices.Equal(codes, want) {
		t.Errorf("nodes %v, want %v (D only works with C, outside the network)", codes, want)
	}
	for code, want := range map[string]bool{A: true, B: true, C: false, E: true, F: false} {
		if got := node(t, g, code).Member; got != want {
			t.Errorf("%s member = %v, want %v", code, got, want)
		}
	}
	if n := node(t, g, E); n.Degree != 0 {
		t.Errorf("E has degree %d, want 0", n.Degree)
	}
}

func TestOutsideTies(t *testing.T) {
	c1, c2, c3, c4 := collab(A, C), collab(A, B, C), collab(B, D), collab(C, D)
	c5 := collab(A)
	c5.Participants = append(c5.Participants, samverkan.Participant{Party: "Vinnova", PartyKind: "annan"})
	ties, err := OutsideTies([]samverkan.Collaboration{c1, c2, c3, c4, c5}, []string{A, B}, samverkan.Date{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Tie{
		{Code: C, Name: "Vaggeryd", Weight: 2, Members: []string{A, B}, Collaborations: []int64{c1.ID, c2.ID}},
		{Code: D, Name: "Jönköping", Weight: 1, Members: []string{B}, Collaborations: []int64{c3.ID}},
	}
	if !reflect.DeepEqual(ties, want) {
		t.Errorf("ties\n%+v\nwant\n%+v", ties, want)
	}
}

// synthetic returns n collaborations of 2–6 municipalities drawn with a
// fixed seed, clustered by county as real ones are.
func synthetic(t testing.TB, n int, counties int) []samverkan.Collaboration {
	ms, err := refdata.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	byCounty := map[string][]string{}
	var keys []string
	for _, m := range ms {
		if _, ok := byCounty[m.CountyCode]; !ok {
			keys = append(keys, m.CountyCode)
		}
		byCounty[m.CountyCode] = append(byCounty[m.CountyCode], m.Code)
	}
	keys = keys[:min(counties, len(keys))]
	rnd := rand.New(rand.NewPCG(1, 2))
	var out []samverkan.Collaboration
	for i := range n {
		pool := byCounty[keys[rnd.IntN(len(keys))]]
		k := 2 + rnd.IntN(5)
		var codes []string
		for range k {
			codes = append(codes, pool[rnd.IntN(len(pool))])
		}
		if rnd.IntN(5) == 0 { // now and then a partner from anywhere
			codes = append(codes, ms[rnd.IntN(len(ms))].Code)
		}
		c := collab(codes...)
		c.ID = int64(i + 1)
		out = append(out, c)
	}
	return out
}

// Brandes' algorithm gives what gonum's network.BetweennessWeighted gives
// (which lists all shortest paths) on a graph of four counties. Weights
// are 1, 2 or 4, so path lengths 1/w add up exactly and both agree on
// which paths tie.
func TestBetweennessMatchesGonum(t *testing.T) {
	g := build(t, synthetic(t, 150, 4), Options{})
	dist := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	for i := range g.Nodes {
		dist.AddNode(simple.Node(i))
	}
	adj := make([][]arc, len(g.Nodes))
	for _, e := range g.Edges {
		a, b := g.index[e.A], g.index[e.B]
		l := 1 / float64(int(1)<<(e.Weight%3)) // 1/1, 1/2 or 1/4
		dist.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(a), T: simple.Node(b), W: l})
		adj[a] = append(adj[a], arc{b, l})
		adj[b] = append(adj[b], arc{a, l})
	}
	want := network.BetweennessWeighted(dist, path.DijkstraAllPaths(dist))
	got := betweenness(adj)
	nonzero := 0
	for i := range g.Nodes {
		w := want[int64(i)] / 2 // gonum counts (s, t) and (t, s)
		if math.Abs(got[i]-w) > 1e-9*max(1, w) {
			t.Errorf("%s: betweenness %v, gonum %v", g.Nodes[i].Code, got[i], w)
		}
		if w > 0 {
			nonzero++
		}
	}
	if nonzero < 10 {
		t.Errorf("only %d nodes with betweenness: the graph is too simple to compare", nonzero)
	}
}

// Building and drawing the same graph gives the same measures and the same
// SVG every time, although gonum's graphs iterate over maps.
func TestDeterministic(t *testing.T) {
	cs := synthetic(t, 150, 4)
	first := build(t, cs, Options{})
	svg := first.Draw(Drawing{ID: "g", Title: "Graf"})
	if first.Communities < 2 {
		t.Fatalf("%d communities in a graph of four counties", first.Communities)
	}
	for range 20 {
		g := build(t, cs, Options{})
		if !reflect.DeepEqual(g.Nodes, first.Nodes) || !reflect.DeepEqual(g.Edges, first.Edges) {
			t.Fatal("two builds of the same graph differ")
		}
		if g.Draw(Drawing{ID: "g", Title: "Graf"}) != svg {
			t.Fatal("two drawings of the same graph differ")
		}
	}
}

func ggvv() *Graph {
	cs := []samverkan.Collaboration{
		collab(A, B, C, E), collab(A, B, C, E), collab(A, B, C, E), // the four together
		collab(A, B), collab(C, E), collab(B, E), collab(C, D), collab(E, F), collab(B, "1382"), // Falkenberg
	}
	g, err := Build(cs, Options{Members: []string{A, B, C, E}})
	if err != nil {
		panic(err)
	}
	return g
}

func TestDrawGolden(t *testing.T) {
	g := ggvv()
	svg := string(g.Draw(Drawing{
		ID: "graf", Title: "GGVV:s band", Class: "graph",
		Desc:        "Kommunerna som noder, gemensamma samverkan som linjer. Tabellen under grafen har samma uppgifter.",
		MemberLabel: "Medlem", OutsideLabel: "Utanför nätverket", EdgeLabel: "Bredd: antal samverkan",
	}))
	golden(t, "ggvv.svg", []byte(svg))

	// Members are circles, outside municipalities squares: 4 and 3.
	if n := strings.Count(svg, "<circle "); n != 4+1 { // + the legend's
		t.Errorf("%d circles, want 5", n)
	}
	if n := strings.Count(svg, `<rect x=`); n != 3+1+1 { // + legend square + clip rect
		t.Errorf("%d rects, want 5", n)
	}
	for _, name := range []string{">Gnosjö</text>", ">Falkenberg</text>", ">Medlem</text>"} {
		if !strings.Contains(svg, name) {
			t.Errorf("missing %s", name)
		}
	}
}

func TestDrawEscapes(t *testing.T) {
	evil := `<script>alert("x")</script>`
	svg := string(ggvv().Draw(Drawing{ID: evil, Title: evil, Desc: evil, Class: evil, MemberLabel: evil, OutsideLabel: evil, EdgeLabel: evil}))
	if strings.Contains(svg, "<script") {
		t.Errorf("unescaped text in %s", svg)
	}
}

// Without a Desc, the description lists the ties.
func TestDrawDefaultDesc(t *testing.T) {
	g := build(t, []samverkan.Collaboration{collab(A, B), collab(A, B)}, Options{})
	if svg := string(g.Draw(Drawing{ID: "g", Title: "T"})); !strings.Contains(svg, "<desc id=\"g-d\">Gnosjö–Gislaved: 2</desc>") {
		t.Errorf("desc: %s", svg)
	}
}

// national is the demo's national-scale data: 20 000 synthetic
// collaborations in 60 networks over all 290 municipalities.
func national(b testing.TB) ([]*samverkan.Network, []samverkan.Collaboration) {
	nets, ptrs, _ := demo.SyntheticData(20000, 1)
	cs := make([]samverkan.Collaboration, len(ptrs))
	for i, c := range ptrs {
		cs[i] = *c
		cs[i].ID = int64(i + 1) // as if stored
	}
	return nets, cs
}

func BenchmarkBuildNational(b *testing.B) {
	_, cs := national(b)
	var g *Graph
	for b.Loop() {
		var err error
		if g, err = Build(cs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(g.Edges)), "edges")
}

func BenchmarkDrawNational(b *testing.B) {
	_, cs := national(b)
	g, err := Build(cs, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var n int
	for b.Loop() {
		n = len(g.Draw(Drawing{ID: "g", Title: "Sverige", MinWeight: 20}))
	}
	b.ReportMetric(float64(n), "bytes")
}

// BenchmarkNetwork builds and draws one demo network's graph from its
// collaborations, as the network's graph page would.
func BenchmarkNetwork(b *testing.B) {
	nets, cs := national(b)
	n := nets[0]
	var mine []samverkan.Collaboration
	for _, c := range cs {
		if slices.Contains(c.Networks, n.Slug) {
			mine = append(mine, c)
		}
	}
	var members []string
	for _, m := range n.Members {
		members = append(members, m.Code)
	}
	var size int
	for b.Loop() {
		g, err := Build(mine, Options{Members: members})
		if err != nil {
			b.Fatal(err)
		}
		size = len(g.Draw(Drawing{ID: "g", Title: n.Name}))
	}
	b.ReportMetric(float64(len(mine)), "collaborations")
	b.ReportMetric(float64(size), "bytes")
}

// TestEncodeDecode: the graph kept in the store (the country's, measured
// by a background task) comes back with the same nodes and measures and
// is drawn exactly as the graph it was encoded from.
func TestEncodeDecode(t *testing.T) {
	for _, g := range []*Graph{build(t, synthetic(t, 150, 4), Options{}), ggvv()} {
		data, err := g.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back.Nodes, g.Nodes) || back.Communities != g.Communities || len(back.Edges) != len(g.Edges) {
			t.Fatal("decoded nodes differ")
		}
		for i, e := range back.Edges {
			if w := g.Edges[i]; e.A != w.A || e.B != w.B || e.Weight != w.Weight || e.Collaborations != nil {
				t.Fatalf("tie %d: %+v, want %s–%s %d without collaborations", i, e, w.A, w.B, w.Weight)
			}
		}
		for _, d := range []Drawing{{ID: "g", Title: "Graf", MinWeight: 2}, {ID: "h", Title: "Graf", MemberLabel: "Medlem", OutsideLabel: "Utanför"}} {
			if back.Draw(d) != g.Draw(d) {
				t.Fatal("the decoded graph is drawn differently")
			}
		}
	}
	for _, bad := range []string{
		"netgraph 1 2\n2|B|false|0|0|0|0|0|0|0|0;1|A|false|0|0|0|0|0|0|0|0\n", // nodes out of order
		"netgraph 1 1\n1|A|false|0|0|0|0|0|0|0|0\n0 1 1",                      // a tie to a missing node
		"netgraph 1 2\n1|A|false|0|0|0|0|0|0|0|0;2|B|false|0|0|0|0|0|0|0|0\n0 1",
		"netgraph 1 1\n1|A|false|0|0|0|0|0|0|0\n", // no layout
		"netgraph 1 1\n1|A|nej|0|0|0|0|0|0|0|0\n",
		"netgraph 2 1\n1|A|false|0|0|0|0|0|0|0|0\n",          // another version
		`{"nodes":[{"Code":"1"}],"ties":"","communities":1}`, // an older form
		"netgraph 1 1\n1|A|false|0|0|0|0|0|0|0|0",
	} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%s) accepted", bad)
		}
	}
}

// TestWeightOrder: the counting sort and Strongest give the stable sorts
// they replaced (kept here as the oracle).
func TestWeightOrder(t *testing.T) {
	g := build(t, synthetic(t, 400, 6), Options{})
	asc := slices.Clone(g.Edges)
	slices.SortStableFunc(asc, func(x, y Edge) int { return cmp.Compare(x.Weight, y.Weight) })
	if got := byWeight(g.Edges); !reflect.DeepEqual(got, asc) {
		t.Fatal("byWeight is not the stable sort by weight")
	}
	desc := slices.Clone(g.Edges)
	slices.SortStableFunc(desc, func(x, y Edge) int { return cmp.Compare(y.Weight, x.Weight) })
	for _, n := range []int{0, 1, 7, 60, len(desc), len(desc) + 5} {
		if got, want := g.Strongest(n), desc[:min(n, len(desc))]; !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("Strongest(%d) differs from the stable sort", n)
		}
	}
	if len(g.Edges) < 100 {
		t.Fatalf("only %d ties: the test needs equal weights to mean anything", len(g.Edges))
	}
}

// TestNum: the whole-number shortcut writes what FormatFloat writes.
func TestNum(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), -0.04, 0.04, 0.05, 1, -1, 12.34, 12.35, 1e15, -987654.25, 1 << 53, 1e300, math.Inf(1)} {
		want := strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
		if got := num(f); got != want {
			t.Errorf("num(%v) = %q, want %q", f, got, want)
		}
	}
}
