package netgraph

import (
	"fmt"
	"strconv"
	"strings"
)

// A measured graph is kept in the store as text: the country's
// graph is measured by a background task (betweenness and communities over
// 290 municipalities cost too much for a request) and drawn per request
// from what the task kept. The ties' collaboration lists are left out:
// the drawing and the tables do not show them.
//
// Nodes and ties are compact text rather than JSON objects: decoding 290
// node objects and 2 600 tie objects cost a request more than drawing
// them (issue 16). Nodes are ";"-separated records of "|"-separated fields
// (code, name, member, degree, strength, betweenness, community, x, y and
// the drawing's layout x, y); ties are "a b weight" triples of node
// indexes. Floats are written in the shortest form that reads back
// exactly.
//
// The text has three lines: "netgraph <version> <communities>", the
// nodes, the ties. (Not JSON: scanning 60 kB of JSON for the two strings
// cost a request another half millisecond.)
const (
	snapshotVersion = 1
	nodeFields      = 11
)

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// Encode returns g as the store keeps it, without the ties' collaboration
// lists but with the drawing's layout.
func (g *Graph) Encode() ([]byte, error) {
	pos := g.layout()
	var nodes strings.Builder
	for i, n := range g.Nodes {
		if strings.ContainsAny(n.Code+n.Name, "|;\n") {
			return nil, fmt.Errorf("netgraph: encode: %q contains |, ; or a line break", n.Code+" "+n.Name)
		}
		if i > 0 {
			nodes.WriteByte(';')
		}
		nodes.WriteString(strings.Join([]string{n.Code, n.Name, strconv.FormatBool(n.Member), strconv.Itoa(n.Degree),
			strconv.Itoa(n.Strength), ftoa(n.Betweenness), strconv.Itoa(n.Community), ftoa(n.X), ftoa(n.Y),
			ftoa(pos[i][0]), ftoa(pos[i][1])}, "|"))
	}
	var ties strings.Builder
	for i, e := range g.Edges {
		if i > 0 {
			ties.WriteByte(' ')
		}
		ties.WriteString(strconv.Itoa(g.index[e.A]) + " " + strconv.Itoa(g.index[e.B]) + " " + strconv.Itoa(e.Weight))
	}
	return []byte("netgraph " + strconv.Itoa(snapshotVersion) + " " + strconv.Itoa(g.Communities) + "\n" + nodes.String() + "\n" + ties.String()), nil
}

// Decode returns the graph Encode kept, ready to be drawn.
func Decode(data []byte) (*Graph, error) {
	lines := strings.Split(string(data), "\n")
	var version, communities int
	if len(lines) != 3 {
		return nil, fmt.Errorf("netgraph: decode: %d lines, not 3", len(lines))
	}
	if _, err := fmt.Sscanf(lines[0], "netgraph %d %d", &version, &communities); err != nil {
		return nil, fmt.Errorf("netgraph: decode: %q: %w", lines[0], err)
	}
	if version != snapshotVersion {
		return nil, fmt.Errorf("netgraph: decode: version %d, not %d", version, snapshotVersion)
	}
	s := struct {
		Communities int
		Nodes, Ties string
	}{communities, lines[1], lines[2]}
	var nodes []Node
	var pos [][2]float64
	if s.Nodes != "" {
		records := strings.Split(s.Nodes, ";")
		nodes, pos = make([]Node, len(records)), make([][2]float64, len(records))
		for i, rec := range records {
			f := strings.Split(rec, "|")
			if len(f) != nodeFields {
				return nil, fmt.Errorf("netgraph: decode: node %d has %d fields, not %d", i, len(f), nodeFields)
			}
			var errs [9]error
			n := &nodes[i]
			n.Code, n.Name = f[0], f[1]
			n.Member, errs[0] = strconv.ParseBool(f[2])
			n.Degree, errs[1] = strconv.Atoi(f[3])
			n.Strength, errs[2] = strconv.Atoi(f[4])
			n.Betweenness, errs[3] = strconv.ParseFloat(f[5], 64)
			n.Community, errs[4] = strconv.Atoi(f[6])
			n.X, errs[5] = strconv.ParseFloat(f[7], 64)
			n.Y, errs[6] = strconv.ParseFloat(f[8], 64)
			pos[i][0], errs[7] = strconv.ParseFloat(f[9], 64)
			pos[i][1], errs[8] = strconv.ParseFloat(f[10], 64)
			for _, err := range errs {
				if err != nil {
					return nil, fmt.Errorf("netgraph: decode: node %d: %w", i, err)
				}
			}
		}
	}
	var edges []Edge
	if s.Ties != "" {
		f := strings.Split(s.Ties, " ")
		if len(f)%3 != 0 {
			return nil, fmt.Errorf("netgraph: decode: %d numbers in the ties, not triples", len(f))
		}
		edges = make([]Edge, 0, len(f)/3)
		for k := 0; k < len(f); k += 3 {
			var v [3]int
			for j := range v {
				n, err := strconv.Atoi(f[k+j])
				if err != nil || n < 0 || j < 2 && n >= len(nodes) {
					return nil, fmt.Errorf("netgraph: decode: tie %d: bad number %q", k/3, f[k+j])
				}
				v[j] = n
			}
			edges = append(edges, Edge{A: nodes[v[0]].Code, B: nodes[v[1]].Code, Weight: v[2]})
		}
	}
	g, err := Restore(nodes, edges, s.Communities)
	if err != nil {
		return nil, err
	}
	g.layoutOnce.Do(func() { g.pos = pos })
	return g, nil
}
