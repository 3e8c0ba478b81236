package netgraph

import (
	"cmp"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/geo"
)

// Drawing holds the texts of a drawn graph, in the reader's language.
type Drawing struct {
	// ID is unique on the page; the ids of the title and desc start with it.
	ID    string
	Title string
	// Desc describes the graph; empty lists the drawn ties as "A–B:
	// weight", strongest first, at most 40 of them.
	Desc  string
	Class string // class attribute of the svg element
	// Legend texts. With members, circles are members and squares outside
	// municipalities; without, nodes are coloured by community.
	MemberLabel, OutsideLabel string
	EdgeLabel                 string // e.g. "Linjens bredd: antal gemensamma samverkan"
	// MinWeight leaves out ties weaker than this. The whole country has
	// thousands of ties; drawing only the strong ones keeps the picture
	// readable and small. 0 draws all.
	MinWeight int
}

// Colours: members and outside municipalities in the Okabe–Ito blue and
// orange, told apart by shape too; communities cycle through the palette.
var palette = []string{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"}

const (
	edgeColor = "#4f5661"
	textColor = "#1b1f24"
	// labelAll is the most nodes that all get a name; larger graphs name
	// only their members and the strongest nodes, up to labelAll.
	labelAll = 40
)

// Draw draws the graph as an SVG element: the nodes at their
// municipalities on a faint map, nudged apart where they would overlap,
// ties as lines as wide as their weight. The layout depends on nothing but
// the graph, so the same graph is drawn the same way every time.
func (g *Graph) Draw(d Drawing) template.HTML {
	side, fs, r, small := g.scale()

	maxStrength, maxWeight := 1, 1
	for _, n := range g.Nodes {
		maxStrength = max(maxStrength, n.Strength)
	}
	for _, e := range g.Edges {
		maxWeight = max(maxWeight, e.Weight)
	}
	radii := make([]float64, len(g.Nodes))
	for i, n := range g.Nodes {
		radii[i] = math.Round(r*(0.8+0.8*math.Sqrt(float64(n.Strength)/float64(maxStrength)))*10) / 10
	}
	pos := g.layout()
	labels := placeLabels(g.Nodes, pos, radii, g.labelOrder(), fs, small)
	var view geo.Box
	for i := range pos {
		view = view.Union(geo.Box{X0: pos[i][0], Y0: pos[i][1], X1: pos[i][0], Y1: pos[i][1]})
	}
	view = view.Pad(0.08, 400)
	for _, l := range labels {
		view = view.Union(l.box)
	}
	view = geo.Box{X0: math.Floor(view.X0 - fs/2), Y0: math.Floor(view.Y0 - fs/2), X1: math.Ceil(view.X1 + fs/2), Y1: math.Ceil(view.Y1 + fs/2)}

	edges := make([]Edge, 0, len(g.Edges))
	for _, e := range g.Edges {
		if e.Weight >= d.MinWeight {
			edges = append(edges, e)
		}
	}

	legend := g.legend(d)
	width := 0
	for _, l := range legend {
		width = max(width, len([]rune(l.text)))
	}
	box := view
	if len(legend) > 0 {
		box.X1 += fs*3 + float64(width)*fs*0.6
	}

	var b strings.Builder
	// About 30 bytes a tie and 150 a node, and the map's outlines: grown
	// once rather than by doubling (the country's drawing is 100 kB).
	b.Grow(32*len(edges) + 160*len(g.Nodes) + 16<<10)
	id := esc(d.ID)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="` + num(box.X0) + ` ` + num(box.Y0) + ` ` + num(box.W()) + ` ` + num(box.H()) +
		`" role="img" aria-labelledby="` + id + `-t" aria-describedby="` + id + `-d"`)
	if d.Class != "" {
		b.WriteString(` class="` + esc(d.Class) + `"`)
	}
	b.WriteString(` font-family="system-ui, sans-serif">`)
	b.WriteString(`<title id="` + id + `-t">` + esc(d.Title) + `</title><desc id="` + id + `-d">` + esc(g.desc(d, edges)) + `</desc>`)
	b.WriteString(`<defs><clipPath id="` + id + `-c"><rect x="` + num(view.X0) + `" y="` + num(view.Y0) + `" width="` + num(view.W()) + `" height="` + num(view.H()) + `"/></clipPath></defs>`)
	if g.atlas != nil {
		b.WriteString(`<g clip-path="url(#` + id + `-c)">` + g.atlas.Outlines(view) + `</g>`)
	}

	// Ties as one path per weight, weakest first so the strong ones are on
	// top; the path's width grows with the weight.
	sw := side / 500
	edges = byWeight(edges)
	b.WriteString(`<g fill="none" stroke="` + edgeColor + `" stroke-opacity="0.7" stroke-linecap="round">`)
	for i := 0; i < len(edges); {
		w := edges[i].Weight
		width := sw
		if maxWeight > 1 {
			width = sw * (1 + 4*float64(w-1)/float64(maxWeight-1))
		}
		b.WriteString(`<path stroke-width="` + num(width) + `" d="`)
		for ; i < len(edges) && edges[i].Weight == w; i++ {
			a, c := pos[g.index[edges[i].A]], pos[g.index[edges[i].B]]
			// Written in place: the country's 2 600 ties made 10 000
			// strings here.
			var buf [96]byte
			out := append(buf[:0], 'M')
			out = appendNum(out, a[0])
			out = append(out, ' ')
			out = appendNum(out, a[1])
			out = append(out, 'L')
			out = appendNum(out, c[0])
			out = append(out, ' ')
			out = appendNum(out, c[1])
			b.Write(out)
		}
		b.WriteString(`"/>`)
	}
	b.WriteString(`</g>`)
	// The weight as a number on each tie, when there are few enough to
	// read: width alone is no way to tell 3 from 4.
	if len(edges) <= labelAll && maxWeight > 1 {
		b.WriteString(halo(fs*0.75, "middle"))
		for _, e := range edges {
			a, c := pos[g.index[e.A]], pos[g.index[e.B]]
			b.WriteString(`<text x="` + num((a[0]+c[0])/2) + `" y="` + num((a[1]+c[1])/2+fs*0.25) + `">` + strconv.Itoa(e.Weight) + `</text>`)
		}
		b.WriteString(`</g>`)
	}

	// Nodes: members are circles, outside municipalities squares.
	members := g.hasMembers()
	b.WriteString(`<g stroke="#ffffff" stroke-width="` + num(sw) + `">`)
	for i, n := range g.Nodes {
		x, y, rr := pos[i][0], pos[i][1], radii[i]
		switch {
		case members && !n.Member:
			b.WriteString(`<rect x="` + num(x-rr*0.9) + `" y="` + num(y-rr*0.9) + `" width="` + num(rr*1.8) + `" height="` + num(rr*1.8) +
				`" fill="` + palette[1] + `" stroke="` + textColor + `"/>`)
		case members:
			b.WriteString(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(rr) + `" fill="` + palette[0] + `"/>`)
		default:
			b.WriteString(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(rr) + `" fill="` + palette[n.Community%len(palette)] + `"/>`)
		}
	}
	b.WriteString(`</g>`)

	b.WriteString(halo(fs, ""))
	for _, l := range labels {
		b.WriteString(`<text x="` + num(l.x) + `" y="` + num(l.y) + `"`)
		if l.anchor != "" {
			b.WriteString(` text-anchor="` + l.anchor + `"`)
		}
		b.WriteString(`>` + esc(g.Nodes[l.node].Name) + `</text>`)
	}
	b.WriteString(`</g>`)

	if len(legend) > 0 {
		x, y := view.X1+fs, view.Y0+fs
		b.WriteString(`<g font-size="` + num(fs) + `" fill="` + textColor + `">`)
		for k, l := range legend {
			cy := y + fs*1.6*float64(k) + fs*0.6
			switch l.mark {
			case "circle":
				b.WriteString(`<circle cx="` + num(x+fs*0.6) + `" cy="` + num(cy) + `" r="` + num(fs*0.5) + `" fill="` + palette[0] + `"/>`)
			case "square":
				b.WriteString(`<rect x="` + num(x+fs*0.15) + `" y="` + num(cy-fs*0.45) + `" width="` + num(fs*0.9) + `" height="` + num(fs*0.9) + `" fill="` + palette[1] + `" stroke="` + textColor + `" stroke-width="` + num(sw) + `"/>`)
			case "line":
				b.WriteString(`<line x1="` + num(x) + `" y1="` + num(cy) + `" x2="` + num(x+fs*1.2) + `" y2="` + num(cy) + `" stroke="` + edgeColor + `" stroke-width="` + num(sw*3) + `"/>`)
			}
			b.WriteString(`<text x="` + num(x+fs*1.6) + `" y="` + num(cy+fs*0.35) + `">` + esc(l.text) + `</text>`)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

type legendEntry struct{ mark, text string }

func (g *Graph) legend(d Drawing) []legendEntry {
	var out []legendEntry
	if g.hasMembers() {
		if d.MemberLabel != "" {
			out = append(out, legendEntry{"circle", d.MemberLabel})
		}
		if d.OutsideLabel != "" && slices.ContainsFunc(g.Nodes, func(n Node) bool { return !n.Member }) {
			out = append(out, legendEntry{"square", d.OutsideLabel})
		}
	}
	if d.EdgeLabel != "" && len(g.Edges) > 0 {
		out = append(out, legendEntry{"line", d.EdgeLabel})
	}
	return out
}

func (g *Graph) hasMembers() bool {
	return slices.ContainsFunc(g.Nodes, func(n Node) bool { return n.Member })
}

// labelOrder is the order in which nodes get their names: members first,
// then by strength, then by code.
func (g *Graph) labelOrder() []int {
	order := make([]int, len(g.Nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := g.Nodes[a], g.Nodes[b]
		if x.Member != y.Member {
			if x.Member {
				return -1
			}
			return 1
		}
		return cmp.Compare(y.Strength, x.Strength)
	})
	return order
}

// label is a placed name: its text position and anchor, and its box.
type label struct {
	node   int
	x, y   float64
	anchor string
	box    geo.Box
}

// placeLabels writes names in order, each right, left, above or below its
// node, wherever it first overlaps no name placed before it and no other
// node. A small graph names every node (right of it, if nowhere is free);
// a large one at most labelAll nodes, skipping those with no free place.
func placeLabels(nodes []Node, pos [][2]float64, radii []float64, order []int, fs float64, all bool) []label {
	var out []label
	free := func(b geo.Box, self int) bool {
		for _, l := range out {
			if l.box.Intersects(b) {
				return false
			}
		}
		for j := range pos {
			nb := geo.Box{X0: pos[j][0] - radii[j], Y0: pos[j][1] - radii[j], X1: pos[j][0] + radii[j], Y1: pos[j][1] + radii[j]}
			if j != self && nb.Intersects(b) {
				return false
			}
		}
		return true
	}
	for _, i := range order {
		if !all && len(out) == labelAll {
			break
		}
		w := fs * 0.6 * float64(len([]rune(nodes[i].Name)))
		x, y, r, gap := pos[i][0], pos[i][1], radii[i], fs*0.3
		candidates := []label{
			{i, x + r + gap, y + fs*0.35, "", geo.Box{X0: x + r + gap, Y0: y - fs*0.5, X1: x + r + gap + w, Y1: y + fs*0.5}},
			{i, x - r - gap, y + fs*0.35, "end", geo.Box{X0: x - r - gap - w, Y0: y - fs*0.5, X1: x - r - gap, Y1: y + fs*0.5}},
			{i, x, y - r - gap, "middle", geo.Box{X0: x - w/2, Y0: y - r - gap - fs*0.8, X1: x + w/2, Y1: y - r - gap + fs*0.2}},
			{i, x, y + r + gap + fs*0.8, "middle", geo.Box{X0: x - w/2, Y0: y + r + gap, X1: x + w/2, Y1: y + r + gap + fs}},
		}
		placed := false
		for _, c := range candidates {
			if free(c.box, i) {
				out = append(out, c)
				placed = true
				break
			}
		}
		if !placed && all {
			out = append(out, candidates[0])
		}
	}
	return out
}

func (g *Graph) desc(d Drawing, drawn []Edge) string {
	if d.Desc != "" {
		return d.Desc
	}
	ties := slices.Clone(drawn)
	slices.SortStableFunc(ties, func(x, y Edge) int { return cmp.Compare(y.Weight, x.Weight) })
	parts := make([]string, 0, labelAll)
	for _, e := range ties[:min(len(ties), labelAll)] {
		parts = append(parts, g.Nodes[g.index[e.A]].Name+"–"+g.Nodes[g.index[e.B]].Name+": "+strconv.Itoa(e.Weight))
	}
	return strings.Join(parts, "; ")
}

// spread nudges nodes apart until no two are closer than max(far, near),
// so that marks (and, with far, names) do not pile up where municipalities
// are small. It moves both nodes of a pair half the
// shortfall along the line between them, in a fixed order, for a bounded
// number of rounds: the result depends only on the input.
func spread(pos [][2]float64, far, near float64) {
	want := max(far, near)
	for range 60 {
		moved := false
		for i := range pos {
			for j := i + 1; j < len(pos); j++ {
				dx, dy := pos[j][0]-pos[i][0], pos[j][1]-pos[i][1]
				// Apart by want along one axis is apart by want: the test
				// spares most of the country's 42 000 pairs the Hypot (the
				// drawing's main cost, issue 16) and moves no node otherwise.
				if dx >= want || -dx >= want || dy >= want || -dy >= want {
					continue
				}
				d := math.Hypot(dx, dy)
				if d >= want {
					continue
				}
				if d == 0 { // the same place: part them along a fixed direction
					dx, dy, d = 1, 0.5, math.Hypot(1, 0.5)
				}
				push := (want - d) / 2 / d
				pos[i][0] -= dx * push
				pos[i][1] -= dy * push
				pos[j][0] += dx * push
				pos[j][1] += dy * push
				moved = true
			}
		}
		if !moved {
			return
		}
	}
}

// scale returns the drawing's scale: the side of the nodes' square, the
// font size, the base radius of a node, and whether the graph is small
// enough for every node to be named.
func (g *Graph) scale() (side, fs, r float64, small bool) {
	var view geo.Box
	for _, n := range g.Nodes {
		view = view.Union(geo.Box{X0: n.X, Y0: n.Y, X1: n.X, Y1: n.Y})
	}
	view = view.Pad(0.12, 400)
	side = max(view.W(), view.H())
	fs = math.Round(side / 45)
	// A small graph has room for large nodes; in the whole country's the
	// south is crowded and a node is a dot of a few km.
	small = len(g.Nodes) <= labelAll
	r = side / 110
	if !small {
		fs, r = math.Round(side/60), side/400
	}
	return side, fs, r, small
}

// layout returns the nodes' places in the drawing: at their
// municipalities, nudged apart where they would overlap, rounded. It
// depends on the nodes' places alone, so it is computed once per graph,
// and kept with the country's graph (Encode) so a request does not nudge
// 290 nodes again (issue 16).
func (g *Graph) layout() [][2]float64 {
	g.layoutOnce.Do(func() {
		_, fs, r, small := g.scale()
		pos := make([][2]float64, len(g.Nodes))
		for i, n := range g.Nodes {
			pos[i] = [2]float64{n.X, n.Y}
		}
		far := 0.0
		if small {
			far = fs * 1.5 // room for two names side by side
		}
		spread(pos, far, r*2.2)
		for i := range pos {
			pos[i][0], pos[i][1] = math.Round(pos[i][0]), math.Round(pos[i][1])
		}
		g.pos = pos
	})
	return g.pos
}

// halo opens a text group whose letters have a white outline, legible on
// lines and map alike.
func halo(fs float64, anchor string) string {
	s := `<g font-size="` + num(fs) + `" fill="` + textColor + `" stroke="#ffffff" stroke-width="` + num(fs/4) + `" stroke-linejoin="round" paint-order="stroke"`
	if anchor != "" {
		s += ` text-anchor="` + anchor + `"`
	}
	return s + `>`
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func num(f float64) string { return string(appendNum(nil, f)) }

// appendNum appends f rounded to one decimal, as short as it reads back.
func appendNum(dst []byte, f float64) []byte {
	f = math.Round(f*10) / 10
	// Most numbers of a drawing are whole (rounded places): AppendInt
	// writes them as AppendFloat does, at a fraction of its cost. -0
	// keeps its sign through AppendFloat.
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 && (f != 0 || !math.Signbit(f)) {
		return strconv.AppendInt(dst, int64(f), 10)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

// byWeight returns es ordered by weight, weakest first, keeping their
// order within a weight: a stable sort, done by counting, as moving the
// country's 2 600 ties about in a comparison sort cost a request 3 ms
// (issue 16).
func byWeight(es []Edge) []Edge {
	top := 0
	for _, e := range es {
		top = max(top, e.Weight)
	}
	start := make([]int, top+2)
	for _, e := range es {
		start[max(e.Weight, 0)+1]++
	}
	for w := 1; w < len(start); w++ {
		start[w] += start[w-1]
	}
	out := make([]Edge, len(es))
	for _, e := range es {
		w := max(e.Weight, 0)
		out[start[w]] = e
		start[w]++
	}
	return out
}

// Strongest returns the n strongest ties, strongest first, ties of equal
// weight in the order of their codes.
func (g *Graph) Strongest(n int) []Edge {
	asc := byWeight(g.Edges)
	out := make([]Edge, 0, min(n, len(asc)))
	for i := len(asc) - 1; i >= 0 && len(out) < n; {
		// The run of equal weights ending at i, in codes' order.
		j := i
		for j > 0 && asc[j-1].Weight == asc[i].Weight {
			j--
		}
		for k := j; k <= i && len(out) < n; k++ {
			out = append(out, asc[k])
		}
		i = j - 1
	}
	return out
}
