// Package netgraph sees municipalities as a network: two municipalities
// are tied when they take part in the same collaboration, and the tie's
// weight is the number of collaborations they share. It builds that graph
// for a samverkansnätverk or for the whole country, measures it (degree,
// weighted degree, betweenness, and communities with gonum's Louvain),
// lists the outside municipalities a network's members are already tied
// to, and draws the graph as SVG on a faint map, each node at its
// municipality.
package netgraph

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/geo"
	"github.com/samverkan/samverkan/internal/refdata"
)

// Node is a municipality in the graph and its measures.
type Node struct {
	Code   string
	Name   string
	Member bool // a member of the network the graph was built for
	// Degree is the number of municipalities it shares a collaboration with.
	Degree int
	// Strength (weighted degree) is the sum of its ties' weights: how many
	// (municipality, collaboration) ties it has.
	Strength int
	// Betweenness is how often the node lies on the shortest paths between
	// two other municipalities, summed over unordered pairs, a pair with k
	// shortest paths adding 1/k per path through the node. A tie's length
	// is 1/weight: municipalities sharing many collaborations are close, so
	// the paths prefer strong ties.
	Betweenness float64
	// Community numbers the group of municipalities more tied to each other
	// than to the rest (Louvain modularity, resolution 1), from 0, in the
	// order of each community's smallest code.
	Community int
	// X, Y is the municipality's place on the map (geo map units).
	X, Y float64
}

// Edge is a tie between two municipalities.
type Edge struct {
	A, B           string  // codes, A < B
	Weight         int     // collaborations both take part in
	Collaborations []int64 // their IDs, ascending (0 for one not yet stored)
}

// Graph is the network of ties, with nodes sorted by code and edges by
// their codes. Built once, it is read-only.
type Graph struct {
	Nodes       []Node
	Edges       []Edge
	Communities int // the number of communities
	index       map[string]int
	atlas       *geo.Map
	// pos is the drawing's layout (layout), made once.
	layoutOnce sync.Once
	pos        [][2]float64
}

// Node returns the node of code.
func (g *Graph) Node(code string) (Node, bool) {
	i, ok := g.index[code]
	if !ok {
		return Node{}, false
	}
	return g.Nodes[i], true
}

// Options say which graph Build makes.
type Options struct {
	// Members are the network's member codes. Build then keeps only the
	// collaborations with at least one member, and marks members; members
	// without ties are nodes too. Empty: every collaboration, the country.
	Members []string
	// On is the day participation is judged: a participant counts unless
	// it left before On. With On zero, one that has left does not count.
	On samverkan.Date
}

// takesPart reports whether p counts as taking part on day on.
func takesPart(p samverkan.Participant, on samverkan.Date) bool {
	if p.Code == "" {
		return false // an external party, not a municipality
	}
	if on.IsZero() {
		return p.Left.IsZero()
	}
	return p.Left.IsZero() || !p.Left.Before(on)
}

// codesOf returns the distinct municipalities taking part in c, sorted.
func codesOf(c *samverkan.Collaboration, on samverkan.Date) []string {
	var out []string
	for _, p := range c.Participants {
		if takesPart(p, on) {
			out = append(out, p.Code)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Build makes the graph of the collaborations, which the caller chooses
// (running ones, say, or a network's), and computes its measures.
func Build(collabs []samverkan.Collaboration, opt Options) (*Graph, error) {
	m, err := geo.Sweden()
	if err != nil {
		return nil, fmt.Errorf("netgraph: %w", err)
	}
	names, err := nameIndex()
	if err != nil {
		return nil, err
	}
	member := map[string]bool{}
	for _, c := range opt.Members {
		member[c] = true
	}
	nodes := map[string]bool{}
	for c := range member {
		nodes[c] = true
	}
	type pair struct{ a, b string }
	ties := map[pair][]int64{}
	for i := range collabs {
		c := &collabs[i]
		codes := codesOf(c, opt.On)
		if len(member) > 0 && !slices.ContainsFunc(codes, func(s string) bool { return member[s] }) {
			continue
		}
		for j, a := range codes {
			nodes[a] = true
			for _, b := range codes[j+1:] {
				ties[pair{a, b}] = append(ties[pair{a, b}], c.ID)
			}
		}
	}

	g := &Graph{index: map[string]int{}, atlas: m}
	var unplaced []int
	var cx, cy float64
	for _, code := range slices.Sorted(maps.Keys(nodes)) {
		n := Node{Code: code, Name: cmp.Or(names[code], code), Member: member[code]}
		var ok bool
		if n.X, n.Y, ok = m.Anchor(code); ok {
			cx, cy = cx+n.X, cy+n.Y
		} else {
			unplaced = append(unplaced, len(g.Nodes))
		}
		g.index[code] = len(g.Nodes)
		g.Nodes = append(g.Nodes, n)
	}
	// A code that is no municipality (validation lets none through) is
	// put in the middle of the others rather than at the map's corner.
	if placed := len(g.Nodes) - len(unplaced); placed > 0 {
		for _, i := range unplaced {
			g.Nodes[i].X, g.Nodes[i].Y = math.Round(cx/float64(placed)), math.Round(cy/float64(placed))
		}
	}
	for p, ids := range ties {
		slices.Sort(ids)
		g.Edges = append(g.Edges, Edge{A: p.a, B: p.b, Weight: len(ids), Collaborations: ids})
	}
	slices.SortFunc(g.Edges, func(x, y Edge) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	g.measure()
	return g, nil
}

// measure fills in degree, strength, betweenness and communities.
func (g *Graph) measure() {
	// For modularity a weight is a strength; for shortest paths a tie's
	// length is 1/weight, so that a strong tie is a short one.
	strength := simple.NewWeightedUndirectedGraph(0, 0)
	adj := make([][]arc, len(g.Nodes))
	for i := range g.Nodes {
		strength.AddNode(simple.Node(i))
	}
	for _, e := range g.Edges {
		a, b := g.index[e.A], g.index[e.B]
		strength.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(a), T: simple.Node(b), W: float64(e.Weight)})
		adj[a] = append(adj[a], arc{b, 1 / float64(e.Weight)})
		adj[b] = append(adj[b], arc{a, 1 / float64(e.Weight)})
		g.Nodes[a].Degree++
		g.Nodes[b].Degree++
		g.Nodes[a].Strength += e.Weight
		g.Nodes[b].Strength += e.Weight
	}
	for i, b := range betweenness(adj) {
		g.Nodes[i].Betweenness = b
	}

	// Louvain visits nodes in an order drawn from the random source, so a
	// fixed seed and ordered iteration make the communities repeatable.
	if len(g.Edges) == 0 {
		for i := range g.Nodes {
			g.Nodes[i].Community = i
		}
		g.Communities = len(g.Nodes)
		return
	}
	reduced := community.Modularize(newOrdered(strength), 1, rand.NewPCG(14, 2026))
	comms := reduced.Communities()
	for _, c := range comms {
		slices.SortFunc(c, func(x, y graph.Node) int { return cmp.Compare(x.ID(), y.ID()) })
	}
	slices.SortFunc(comms, func(x, y []graph.Node) int { return cmp.Compare(x[0].ID(), y[0].ID()) })
	for k, c := range comms {
		for _, n := range c {
			g.Nodes[n.ID()].Community = k
		}
	}
	g.Communities = len(comms)
}

// ordered makes gonum visit nodes and neighbours in ID order: the simple
// graphs iterate over maps, whose order changes from run to run. The
// sorted lists are made once, as Dijkstra asks for them n² times.
type ordered struct {
	*simple.WeightedUndirectedGraph
	nodes []graph.Node
	from  [][]graph.Node // by node ID, which is the index
}

func newOrdered(g *simple.WeightedUndirectedGraph) ordered {
	o := ordered{WeightedUndirectedGraph: g, nodes: sortedNodes(g.Nodes())}
	o.from = make([][]graph.Node, len(o.nodes))
	for _, n := range o.nodes {
		o.from[n.ID()] = sortedNodes(g.From(n.ID()))
	}
	return o
}

func (g ordered) Nodes() graph.Nodes { return iterator.NewOrderedNodes(g.nodes) }

func (g ordered) From(id int64) graph.Nodes { return iterator.NewOrderedNodes(g.from[id]) }

func sortedNodes(it graph.Nodes) []graph.Node {
	ns := graph.NodesOf(it)
	slices.SortFunc(ns, func(x, y graph.Node) int { return cmp.Compare(x.ID(), y.ID()) })
	return ns
}

// Tie is an outside municipality that the network's members already work
// with: the answer to "who are we already tied to outside the network?".
type Tie struct {
	Code, Name string
	// Weight is the number of collaborations it shares with at least one
	// member.
	Weight int
	// Members are the members it shares them with, sorted.
	Members        []string
	Collaborations []int64 // ascending
}

// OutsideTies returns the municipalities outside members that take part in
// a collaboration together with at least one member, strongest tie first
// (then by code). Participation is judged on day on as in Options.
func OutsideTies(collabs []samverkan.Collaboration, members []string, on samverkan.Date) ([]Tie, error) {
	names, err := nameIndex()
	if err != nil {
		return nil, err
	}
	member := map[string]bool{}
	for _, c := range members {
		member[c] = true
	}
	ties := map[string]*Tie{}
	for i := range collabs {
		c := &collabs[i]
		codes := codesOf(c, on)
		var in []string
		for _, code := range codes {
			if member[code] {
				in = append(in, code)
			}
		}
		if len(in) == 0 {
			continue
		}
		for _, code := range codes {
			if member[code] {
				continue
			}
			t := ties[code]
			if t == nil {
				t = &Tie{Code: code, Name: cmp.Or(names[code], code)}
				ties[code] = t
			}
			t.Collaborations = append(t.Collaborations, c.ID)
			t.Members = append(t.Members, in...)
		}
	}
	out := make([]Tie, 0, len(ties))
	for _, t := range ties {
		slices.Sort(t.Collaborations)
		slices.Sort(t.Members)
		t.Members = slices.Compact(t.Members)
		t.Weight = len(t.Collaborations)
		out = append(out, *t)
	}
	slices.SortFunc(out, func(x, y Tie) int {
		return cmp.Or(cmp.Compare(y.Weight, x.Weight), cmp.Compare(x.Code, y.Code))
	})
	return out, nil
}

// nameIndex maps municipality codes to names.
func nameIndex() (map[string]string, error) {
	ms, err := refdata.Municipalities()
	if err != nil {
		return nil, fmt.Errorf("netgraph: %w", err)
	}
	out := make(map[string]string, len(ms))
	for _, m := range ms {
		out[m.Code] = m.Name
	}
	return out, nil
}

// Restore makes the graph of nodes and edges measured before (by Build,
// perhaps in another process: the country's graph is measured by a
// background task and kept in the store), ready to be drawn or read. The
// nodes must be sorted by code and the edges by their codes (A < B), as
// Build leaves them; their measures are taken as they are.
func Restore(nodes []Node, edges []Edge, communities int) (*Graph, error) {
	m, err := geo.Sweden()
	if err != nil {
		return nil, fmt.Errorf("netgraph: %w", err)
	}
	g := &Graph{Nodes: nodes, Edges: edges, Communities: communities, index: make(map[string]int, len(nodes)), atlas: m}
	for i, n := range nodes {
		if i > 0 && nodes[i-1].Code >= n.Code {
			return nil, fmt.Errorf("netgraph: nodes not sorted by code at %q", n.Code)
		}
		g.index[n.Code] = i
	}
	for i, e := range edges {
		if i > 0 && cmp.Or(cmp.Compare(edges[i-1].A, e.A), cmp.Compare(edges[i-1].B, e.B)) >= 0 {
			return nil, fmt.Errorf("netgraph: ties not sorted by codes at %s–%s", e.A, e.B)
		}
		if _, ok := g.index[e.A]; !ok {
			return nil, fmt.Errorf("netgraph: tie %s–%s: no node %q", e.A, e.B, e.A)
		}
		if _, ok := g.index[e.B]; !ok {
			return nil, fmt.Errorf("netgraph: tie %s–%s: no node %q", e.A, e.B, e.B)
		}
	}
	return g, nil
}
