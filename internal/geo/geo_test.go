package geo

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/refdata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
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

func mustSweden(t testing.TB) *Map {
	t.Helper()
	m, err := Sweden()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSwedenHasEveryMunicipality(t *testing.T) {
	m := mustSweden(t)
	munis, err := refdata.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Codes()); got != len(munis) || got != 290 {
		t.Fatalf("map has %d municipalities, refdata %d, want 290", got, len(munis))
	}
	for _, mu := range munis {
		i := m.byCode[mu.Code]
		s := m.shapes[i]
		if s.name != mu.Name {
			t.Errorf("%s: name %q, want %q", mu.Code, s.name, mu.Name)
		}
		for level := range levels {
			if !strings.HasPrefix(s.d[level], "M") || !strings.HasSuffix(s.d[level], "z") {
				t.Errorf("%s level %d: path data %.40q", mu.Code, level, s.d[level])
			}
		}
		// The anchor lies inside the municipality's box.
		x, y, _ := m.Anchor(mu.Code)
		if x < s.box.X0 || x > s.box.X1 || y < s.box.Y0 || y > s.box.Y1 {
			t.Errorf("%s: anchor (%v, %v) outside box %+v", mu.Code, x, y, s.box)
		}
	}
}

// segments parses path data written by outline.d back into the set of its
// ring edges, each as (from, to) in map units.
func segments(t *testing.T, d string) [][2][2]int {
	t.Helper()
	var out [][2][2]int
	var cur, start [2]int
	num := func(s string) int {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("path data %q: %v", d, err)
		}
		return v
	}
	for _, sub := range strings.Split(strings.TrimSuffix(d, "z"), "z") {
		sub = strings.TrimPrefix(sub, "M")
		head, rel, _ := strings.Cut(sub, "l")
		xs := strings.Fields(head)
		start = [2]int{num(xs[0]), num(xs[1])}
		cur = start
		rel = strings.ReplaceAll(rel, "-", " -")
		f := strings.Fields(rel)
		for i := 0; i+1 < len(f); i += 2 {
			next := [2]int{cur[0] + num(f[i]), cur[1] + num(f[i+1])}
			out = append(out, [2][2]int{cur, next})
			cur = next
		}
		out = append(out, [2][2]int{cur, start})
	}
	return out
}

// TestNoGapsBetweenNeighbours checks the simplified borders against the
// independent adjacency list: every pair of municipalities that shares a
// border segment in the source data must still share an identical segment
// at every detail level. Simplifying each municipality on its own fails
// this, because the two sides of a border move apart.
func TestNoGapsBetweenNeighbours(t *testing.T) {
	m := mustSweden(t)
	data, err := os.ReadFile("../refdata/data/adjacency.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for level := range levels {
		owners := map[[2][2]int][]string{}
		for _, s := range m.shapes {
			for _, seg := range segments(t, s.d[level]) {
				if seg[1][0] < seg[0][0] || seg[1][0] == seg[0][0] && seg[1][1] < seg[0][1] {
					seg[0], seg[1] = seg[1], seg[0]
				}
				owners[seg] = append(owners[seg], s.code)
			}
		}
		shared := map[[2]string]bool{}
		for seg, codes := range owners {
			if len(codes) > 2 {
				t.Errorf("level %d: segment %v drawn by %v", level, seg, codes)
			}
			if len(codes) == 2 {
				a, b := min(codes[0], codes[1]), max(codes[0], codes[1])
				shared[[2]string{a, b}] = true
			}
		}
		n := 0
		for _, r := range rows[1:] {
			if r[2] != "border" {
				continue
			}
			n++
			if !shared[[2]string{r[0], r[1]}] {
				t.Errorf("level %d: %s and %s share a border but no drawn segment", level, r[0], r[1])
			}
		}
		if n != 690 {
			t.Fatalf("adjacency.csv has %d border pairs, want 690", n)
		}
	}
}

// TestNoTJunctions checks that borders meet vertex for vertex. Where one
// side of a border keeps a vertex the other side dropped, the vertex lies on
// or next to the neighbour's border without being one of its vertices (a
// T-junction), and the two sides part into a sliver or a gap. The source
// data have a few near-touches of their own (the overlaps and point
// contacts in internal/refdata/data/README.md), so the simplified map may
// have no more T-junctions than the source (11); simplifying each
// municipality on its own gives 55 at national detail.
func TestNoTJunctions(t *testing.T) {
	m := mustSweden(t)
	var fc struct{ Features []feature }
	if err := json.Unmarshal(refdata.Boundaries, &fc); err != nil {
		t.Fatal(err)
	}
	var source [][][]xy
	for _, f := range fc.Features {
		polys, err := polygons(f)
		if err != nil {
			t.Fatal(err)
		}
		var rings [][]xy
		for _, poly := range polys {
			for _, ring := range poly {
				var r []xy
				for _, c := range ring[:len(ring)-1] {
					x, y := Project(c[1], c[0])
					r = append(r, xy{x, y})
				}
				rings = append(rings, r)
			}
		}
		source = append(source, rings)
	}
	want := tJunctions(source)
	for level := range levels {
		var drawn [][][]xy
		for _, s := range m.shapes {
			var r []xy
			for _, g := range segments(t, s.d[level]) {
				r = append(r, xy{float64(g[0][0]), float64(g[0][1])})
			}
			drawn = append(drawn, [][]xy{r}) // ring boundaries do not matter here
		}
		if got := tJunctions(drawn); got > want {
			t.Errorf("level %d: %d T-junctions, the source has %d", level, got, want)
		}
	}
}

// tJunctions counts the (vertex, municipality) pairs where a vertex of one
// municipality lies within 1.5 map units of another's border segment
// without being a vertex of it.
func tJunctions(shapes [][][]xy) int {
	const near, cell = 1.5, 50.0
	type seg struct {
		a, b  xy
		owner int
	}
	cellOf := func(v float64) int { return int(math.Floor(v / cell)) }
	buckets := map[[2]int][]seg{}
	vertices := make([]map[xy]bool, len(shapes))
	for i, rings := range shapes {
		vertices[i] = map[xy]bool{}
		for _, r := range rings {
			for j, a := range r {
				b := r[(j+1)%len(r)]
				vertices[i][a] = true
				for cx := cellOf(min(a.x, b.x) - near); cx <= cellOf(max(a.x, b.x)+near); cx++ {
					for cy := cellOf(min(a.y, b.y) - near); cy <= cellOf(max(a.y, b.y)+near); cy++ {
						buckets[[2]int{cx, cy}] = append(buckets[[2]int{cx, cy}], seg{a, b, i})
					}
				}
			}
		}
	}
	type hit struct {
		v     xy
		owner int
	}
	found := map[hit]bool{}
	for i := range shapes {
		for v := range vertices[i] {
			for _, sg := range buckets[[2]int{cellOf(v.x), cellOf(v.y)}] {
				if sg.owner != i && !vertices[sg.owner][v] && segDist2(v, sg.a, sg.b) <= near*near {
					found[hit{v, sg.owner}] = true
				}
			}
		}
	}
	return len(found)
}
