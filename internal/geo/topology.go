package geo

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
)

// Simplifying each municipality's rings on their own would move a shared
// border differently on its two sides and open gaps and slivers between
// neighbours. So the rings are first cut into arcs at junctions (vertices
// where the set of rings running through them changes, as in TopoJSON),
// every arc shared by two rings is stored once, each arc is simplified once
// with its end points fixed, and the rings are put back together from the
// simplified arcs. Both neighbours then draw the very same vertices.

// vkey is a vertex of the source data in 1e-5 degrees, the precision the
// embedded boundaries are rounded to; equal borders have equal keys.
type vkey struct{ lon, lat int32 }

func keyOf(lon, lat float64) vkey {
	return vkey{int32(math.Round(lon * 1e5)), int32(math.Round(lat * 1e5))}
}

func (k vkey) compare(o vkey) int {
	if c := cmp.Compare(k.lon, o.lon); c != 0 {
		return c
	}
	return cmp.Compare(k.lat, o.lat)
}

// arcRef is one arc of a ring, walked backwards when rev is set.
type arcRef struct {
	arc int
	rev bool
}

// topology is the rings of all municipalities as sequences of shared arcs.
type topology struct {
	arcs  [][]vkey   // each arc runs from one junction to the next (closed for a ring without junctions)
	rings [][]arcRef // one entry per input ring, in input order
}

// buildTopology cuts the open rings (no repeated closing vertex) into
// arcs and stores each arc once.
func buildTopology(rings [][]vkey) topology {
	junction := junctions(rings)
	t := topology{rings: make([][]arcRef, len(rings))}
	index := map[string]int{}
	add := func(arc []vkey) arcRef {
		rev := slices.Clone(arc)
		slices.Reverse(rev)
		ref := arcRef{}
		if slices.CompareFunc(rev, arc, vkey.compare) < 0 {
			arc, ref.rev = rev, true
		}
		id := arcID(arc)
		i, ok := index[id]
		if !ok {
			i = len(t.arcs)
			index[id] = i
			t.arcs = append(t.arcs, arc)
		}
		ref.arc = i
		return ref
	}
	for ri, ring := range rings {
		start := slices.IndexFunc(ring, func(k vkey) bool { return junction[k] })
		if start < 0 {
			// A ring that touches no other ring, or that is shared whole
			// (an enclave): start at its smallest vertex so both sides
			// produce the same closed arc.
			start = 0
			for i, k := range ring {
				if k.compare(ring[start]) < 0 {
					start = i
				}
			}
			closed := append(slices.Clone(ring[start:]), ring[:start+1]...)
			t.rings[ri] = []arcRef{add(closed)}
			continue
		}
		n := len(ring)
		arc := []vkey{ring[start]}
		for step := 1; step <= n; step++ {
			k := ring[(start+step)%n]
			arc = append(arc, k)
			if junction[k] {
				t.rings[ri] = append(t.rings[ri], add(arc))
				arc = []vkey{k}
			}
		}
	}
	return t
}

// junctions returns the vertices at which arcs must be cut: a vertex is a
// junction when two of its passages have different neighbours, i.e. where
// a shared border begins, ends or branches.
func junctions(rings [][]vkey) map[vkey]bool {
	type pair struct{ a, b vkey }
	seen := map[vkey]pair{}
	junction := map[vkey]bool{}
	for _, ring := range rings {
		n := len(ring)
		for i, k := range ring {
			p := pair{ring[(i+n-1)%n], ring[(i+1)%n]}
			if p.b.compare(p.a) < 0 {
				p.a, p.b = p.b, p.a
			}
			if q, ok := seen[k]; !ok {
				seen[k] = p
			} else if q != p {
				junction[k] = true
			}
		}
	}
	return junction
}

func arcID(arc []vkey) string {
	b := make([]byte, 0, 8*len(arc))
	for _, k := range arc {
		b = binary.LittleEndian.AppendUint32(b, uint32(k.lon))
		b = binary.LittleEndian.AppendUint32(b, uint32(k.lat))
	}
	return string(b)
}

// xy is a point in projected metres (easting, northing).
type xy struct{ x, y float64 }

// simplify returns the indexes of the points of line kept by
// Douglas–Peucker with tolerance tol (metres). The end points are always
// kept; a closed line is first split at the point farthest from its start,
// so that it keeps an area instead of collapsing onto its start.
func simplify(line []xy, tol float64) []int {
	n := len(line)
	if n <= 2 {
		return []int{0, n - 1}[:n]
	}
	keep := make([]bool, n)
	keep[0], keep[n-1] = true, true
	if line[0] == line[n-1] {
		far, best := 0, -1.0
		for i := 1; i < n-1; i++ {
			if d := dist2(line[i], line[0]); d > best {
				far, best = i, d
			}
		}
		keep[far] = true
		dp(line, 0, far, tol*tol, keep)
		dp(line, far, n-1, tol*tol, keep)
	} else {
		dp(line, 0, n-1, tol*tol, keep)
	}
	var out []int
	for i, k := range keep {
		if k {
			out = append(out, i)
		}
	}
	return out
}

func dp(line []xy, from, to int, tol2 float64, keep []bool) {
	if to-from < 2 {
		return
	}
	far, best := -1, tol2
	for i := from + 1; i < to; i++ {
		if d := segDist2(line[i], line[from], line[to]); d > best {
			far, best = i, d
		}
	}
	if far < 0 {
		return
	}
	keep[far] = true
	dp(line, from, far, tol2, keep)
	dp(line, far, to, tol2, keep)
}

func dist2(p, q xy) float64 { return (p.x-q.x)*(p.x-q.x) + (p.y-q.y)*(p.y-q.y) }

// segDist2 is the squared distance from p to the segment a–b.
func segDist2(p, a, b xy) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return dist2(p, a)
	}
	t := max(0, min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l2))
	return dist2(p, xy{a.x + t*dx, a.y + t*dy})
}
