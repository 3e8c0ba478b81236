// Package geo draws Sweden's 290 municipalities as server-rendered SVG maps
// from the embedded boundaries (internal/refdata): the whole country or the
// area around a set of municipalities, with a categorical layer (network
// members, outside participants) or a choropleth, a legend, a link per
// municipality and an accessible name and description.
//
// The boundaries are projected once to SWEREF 99 TM, simplified without
// opening gaps between neighbours (see topology.go), snapped to a grid of
// Unit metres and turned into SVG path data; drawing a map is then string
// assembly. Coordinates in the SVG are map units: x east, y south, integers
// at national detail.
package geo

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/samverkan/samverkan/internal/refdata"
)

// Unit is the size of one map unit in metres: the grid the boundaries are
// snapped to. 100 m keeps a city municipality of a few km² recognisable in
// a zoomed view while the whole country stays small.
const Unit = 100.0

// The map's origin in SWEREF 99 TM: a little west of Sweden's westernmost
// and north of its northernmost point, so all map units are positive.
const (
	originE = 260000.0
	originN = 7690000.0
)

// Detail levels. The tolerance is how far (metres) Douglas–Peucker may move
// a border. At national scale on a screen or an A4 page one pixel or dot is
// 1–3 km, so 400 m is invisible; a zoomed view (a network of a few
// municipalities, ~100 km across) gets 50 m.
const (
	national = iota
	regional
	levels
)

var tolerance = [levels]float64{national: 400, regional: 50}

// regionalBelow is the view width (map units) below which the regional
// detail level is drawn.
const regionalBelow = 3000

// Box is a rectangle in map units.
type Box struct{ X0, Y0, X1, Y1 float64 }

// W is the width of b.
func (b Box) W() float64 { return b.X1 - b.X0 }

// H is the height of b.
func (b Box) H() float64 { return b.Y1 - b.Y0 }

// Union returns the smallest box holding b and o; the zero Box is empty.
func (b Box) Union(o Box) Box {
	if b == (Box{}) {
		return o
	}
	return Box{min(b.X0, o.X0), min(b.Y0, o.Y0), max(b.X1, o.X1), max(b.Y1, o.Y1)}
}

// Intersects reports whether b and o overlap.
func (b Box) Intersects(o Box) bool {
	return b.X0 <= o.X1 && o.X0 <= b.X1 && b.Y0 <= o.Y1 && o.Y0 <= b.Y1
}

// Pad grows b by frac of its larger side on every side, and to at least
// minSide units in each direction, around its centre.
func (b Box) Pad(frac, minSide float64) Box {
	p := frac * max(b.W(), b.H())
	b = Box{b.X0 - p, b.Y0 - p, b.X1 + p, b.Y1 + p}
	if d := minSide - b.W(); d > 0 {
		b.X0, b.X1 = b.X0-d/2, b.X1+d/2
	}
	if d := minSide - b.H(); d > 0 {
		b.Y0, b.Y1 = b.Y0-d/2, b.Y1+d/2
	}
	return b
}

// Map is the prepared map of Sweden's municipalities. It is built once and
// safe for concurrent use.
type Map struct {
	shapes []shape // sorted by code
	byCode map[string]int
	all    Box
}

type shape struct {
	code, name string
	box        Box
	d          [levels]string // SVG path data per detail level
	anchor     [2]float64     // representative point (refdata lat/lon)
	link       string         // `<a href="/kommun/code" aria-label="name"><title>name</title>`, escaped
}

var (
	sweden    *Map
	swedenErr error
	swedenOne sync.Once
)

// Sweden returns the map of the 290 municipalities, prepared on first use
// from the embedded reference data.
func Sweden() (*Map, error) {
	swedenOne.Do(func() { sweden, swedenErr = build() })
	return sweden, swedenErr
}

// Project returns the map position of a geodetic position (degrees).
func Project(lat, lon float64) (x, y float64) {
	n, e := SWEREF99TM(lat, lon)
	return (e - originE) / Unit, (originN - n) / Unit
}

// Codes returns the municipality codes on the map, sorted.
func (m *Map) Codes() []string {
	out := make([]string, len(m.shapes))
	for i, s := range m.shapes {
		out[i] = s.code
	}
	return out
}

// Anchor returns the map position of municipality code's representative
// point (an interior point, see internal/refdata/data/README.md), where a
// node or label for it goes.
func (m *Map) Anchor(code string) (x, y float64, ok bool) {
	i, ok := m.byCode[code]
	if !ok {
		return 0, 0, false
	}
	return m.shapes[i].anchor[0], m.shapes[i].anchor[1], true
}

// Bounds returns the bounding box of the given municipalities, or of the
// whole country when codes holds no known code.
func (m *Map) Bounds(codes ...string) Box {
	var b Box
	for _, c := range codes {
		if i, ok := m.byCode[c]; ok {
			b = b.Union(m.shapes[i].box)
		}
	}
	if b == (Box{}) {
		return m.all
	}
	return b
}

// feature is the part of a GeoJSON feature the map reads.
type feature struct {
	Properties struct{ Code, Name string }
	Geometry   struct {
		Type        string
		Coordinates json.RawMessage
	}
}

func build() (*Map, error) {
	var fc struct{ Features []feature }
	if err := json.Unmarshal(refdata.Boundaries, &fc); err != nil {
		return nil, fmt.Errorf("geo: boundaries: %w", err)
	}
	munis, err := refdata.Municipalities()
	if err != nil {
		return nil, fmt.Errorf("geo: %w", err)
	}
	m := &Map{byCode: map[string]int{}}
	var rings [][]vkey
	var owner []int // shape index of each ring
	for _, f := range fc.Features {
		polys, err := polygons(f)
		if err != nil {
			return nil, err
		}
		si := len(m.shapes)
		m.shapes = append(m.shapes, shape{code: f.Properties.Code, name: f.Properties.Name})
		for _, poly := range polys {
			for _, ring := range poly {
				if r := openRing(ring); len(r) >= 3 {
					rings = append(rings, r)
					owner = append(owner, si)
				}
			}
		}
	}
	for _, mu := range munis {
		if _, ok := indexOf(m.shapes, mu.Code); !ok {
			return nil, fmt.Errorf("geo: municipality %s has no boundary", mu.Code)
		}
	}
	topo := buildTopology(rings)
	for level := range levels {
		paths := assemble(topo, owner, len(m.shapes), tolerance[level])
		for i := range m.shapes {
			if len(paths[i].rings) == 0 {
				return nil, fmt.Errorf("geo: %s vanishes at tolerance %v m", m.shapes[i].code, tolerance[level])
			}
			m.shapes[i].d[level] = paths[i].d()
			if level == regional {
				m.shapes[i].box = paths[i].box
			}
		}
	}
	slices.SortFunc(m.shapes, func(a, b shape) int { return strings.Compare(a.code, b.code) })
	for i := range m.shapes {
		s := &m.shapes[i]
		m.byCode[s.code] = i
		m.all = m.all.Union(s.box)
		name := escape(s.name)
		s.link = `<a href="/kommun/` + escape(s.code) + `" aria-label="` + name + `"><title>` + name + `</title>`
	}
	for _, mu := range munis {
		i := m.byCode[mu.Code]
		x, y := Project(mu.Lat, mu.Lon)
		m.shapes[i].anchor = [2]float64{math.Round(x*10) / 10, math.Round(y*10) / 10}
	}
	return m, nil
}

func indexOf(shapes []shape, code string) (int, bool) {
	i := slices.IndexFunc(shapes, func(s shape) bool { return s.code == code })
	return i, i >= 0
}

// polygons returns the rings of a Polygon or MultiPolygon as [lon, lat].
func polygons(f feature) ([][][][2]float64, error) {
	var polys [][][][2]float64
	var err error
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][2]float64
		err = json.Unmarshal(f.Geometry.Coordinates, &p)
		polys = [][][][2]float64{p}
	case "MultiPolygon":
		err = json.Unmarshal(f.Geometry.Coordinates, &polys)
	default:
		err = fmt.Errorf("geometry type %q", f.Geometry.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("geo: boundary of %s: %w", f.Properties.Code, err)
	}
	return polys, nil
}

// openRing returns ring's vertex keys without the repeated closing vertex
// and without consecutive duplicates.
func openRing(ring [][2]float64) []vkey {
	var out []vkey
	for _, c := range ring {
		k := keyOf(c[0], c[1])
		if len(out) == 0 || out[len(out)-1] != k {
			out = append(out, k)
		}
	}
	for len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// outline is a municipality's rings in map units at one detail level.
type outline struct {
	rings [][][2]int
	box   Box
}

// assemble simplifies every arc once, snaps it to the grid and puts each
// municipality's rings back together from the arcs.
func assemble(t topology, owner []int, nShapes int, tol float64) []outline {
	grid := make([][][2]int, len(t.arcs))
	for i, arc := range t.arcs {
		line := make([]xy, len(arc))
		for j, k := range arc {
			n, e := SWEREF99TM(float64(k.lat)/1e5, float64(k.lon)/1e5)
			line[j] = xy{e, n}
		}
		for _, j := range simplify(line, tol) {
			p := line[j]
			grid[i] = append(grid[i], [2]int{
				int(math.Round((p.x - originE) / Unit)),
				int(math.Round((originN - p.y) / Unit)),
			})
		}
	}
	out := make([]outline, nShapes)
	for ri, refs := range t.rings {
		var ring [][2]int
		for _, ref := range refs {
			pts := slices.Clone(grid[ref.arc])
			if ref.rev {
				slices.Reverse(pts)
			}
			for _, p := range pts {
				if len(ring) == 0 || ring[len(ring)-1] != p {
					ring = append(ring, p)
				}
			}
		}
		ring = despike(ring)
		if len(ring) < 3 {
			continue // collapsed below the grid: too small to draw at this level
		}
		o := &out[owner[ri]]
		o.rings = append(o.rings, ring)
		for _, p := range ring {
			o.box = o.box.Union(Box{float64(p[0]), float64(p[1]), float64(p[0]), float64(p[1])})
		}
	}
	return out
}

// despike removes repeated closing vertices and needles (a→b→a), which
// appear where a sliver in the source is narrower than the grid. A needle
// has no area, so removing it opens no gap next to a neighbour.
func despike(ring [][2]int) [][2]int {
	for changed := true; changed; {
		changed = false
		for len(ring) > 1 && ring[0] == ring[len(ring)-1] {
			ring, changed = ring[:len(ring)-1], true
		}
		n := len(ring)
		for i := 0; i < n && n >= 3; i++ {
			if ring[(i+n-1)%n] == ring[(i+1)%n] {
				// drop the tip and one of the two equal vertices around it
				j, k := i, (i+1)%n
				ring = slices.Delete(ring, max(j, k), max(j, k)+1)
				ring = slices.Delete(ring, min(j, k), min(j, k)+1)
				changed = true
				break
			}
		}
		for i := 1; i < len(ring); i++ {
			if ring[i] == ring[i-1] {
				ring, changed = slices.Delete(ring, i, i+1), true
				break
			}
		}
	}
	return ring
}

// d returns the SVG path data: an absolute move to each ring's first
// vertex, then relative lines, which keeps the numbers short.
func (o outline) d() string {
	var b []byte
	for _, r := range o.rings {
		b = append(b, 'M')
		b = strconv.AppendInt(b, int64(r[0][0]), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(r[0][1]), 10)
		b = append(b, 'l')
		for i := 1; i < len(r); i++ {
			for c := range 2 {
				v := r[i][c] - r[i-1][c]
				if v >= 0 && (i > 1 || c > 0) {
					b = append(b, ' ')
				}
				b = strconv.AppendInt(b, int64(v), 10)
			}
		}
		b = append(b, 'z')
	}
	return string(b)
}
