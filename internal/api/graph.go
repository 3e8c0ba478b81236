package api

import (
	"net/http"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/netgraph"
)

// The network graph of a network (internal/netgraph), as drawn on
// /natverk/{slug}/graf: municipalities tied by shared running
// collaborations, with their measures, and the outside municipalities the
// members are already tied to.

// GraphNode is a municipality of the graph and its measures.
type GraphNode struct {
	Code           string  `json:"code"`
	Name           string  `json:"name"`
	Member         bool    `json:"member"`
	Degree         int     `json:"degree"`
	WeightedDegree int     `json:"weighted_degree"`
	Betweenness    float64 `json:"betweenness"`
	Community      int     `json:"community"`
	X              float64 `json:"x"`
	Y              float64 `json:"y"`
}

// GraphEdge is a tie between two municipalities.
type GraphEdge struct {
	A              string  `json:"a"`
	B              string  `json:"b"`
	Weight         int     `json:"weight"`
	Collaborations []int64 `json:"collaborations"`
}

// GraphTie is an outside municipality the members are tied to.
type GraphTie struct {
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	Weight         int      `json:"weight"`
	Members        []string `json:"members"`
	Collaborations []int64  `json:"collaborations"`
}

// GraphView is the answer of /graph.
type GraphView struct {
	Network     string      `json:"network"`
	Nodes       []GraphNode `json:"nodes"`
	Edges       []GraphEdge `json:"edges"`
	Communities int         `json:"communities"`
	Outside     []GraphTie  `json:"outside"`
}

func (s *Server) handleGraph(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.listNotModified(w, r) {
		return
	}
	fail := func(err error) {
		w.Header().Del("ETag")
		s.Error(w, r, err)
	}
	n, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		fail(err)
		return
	}
	ptrs, err := samverkan.NetworkOutlines(ctx, s.store, n.Slug, samverkan.PhaseRunning)
	if err != nil {
		fail(err)
		return
	}
	cs := make([]samverkan.Collaboration, len(ptrs))
	for i, c := range ptrs {
		cs[i] = *c
	}
	today := samverkan.Today()
	var members []string
	for _, m := range n.Members {
		if m.Current(today) {
			members = append(members, m.Code)
		}
	}
	g, err := netgraph.Build(cs, netgraph.Options{Members: members, On: today})
	if err != nil {
		fail(err)
		return
	}
	ties, err := netgraph.OutsideTies(cs, members, today)
	if err != nil {
		fail(err)
		return
	}
	out := GraphView{Network: n.Slug, Communities: g.Communities, Nodes: []GraphNode{}, Edges: []GraphEdge{}, Outside: []GraphTie{}}
	for _, nd := range g.Nodes {
		out.Nodes = append(out.Nodes, GraphNode{Code: nd.Code, Name: nd.Name, Member: nd.Member, Degree: nd.Degree,
			WeightedDegree: nd.Strength, Betweenness: nd.Betweenness, Community: nd.Community, X: nd.X, Y: nd.Y})
	}
	for _, e := range g.Edges {
		out.Edges = append(out.Edges, GraphEdge{A: e.A, B: e.B, Weight: e.Weight, Collaborations: e.Collaborations})
	}
	for _, t := range ties {
		out.Outside = append(out.Outside, GraphTie{Code: t.Code, Name: t.Name, Weight: t.Weight, Members: t.Members, Collaborations: t.Collaborations})
	}
	s.respond(w, r, http.StatusOK, out)
}

// graphSpec documents the graph.
func graphSpec(sp *spec) {
	sp.note("GraphNode.degree", map[string]any{"description": "The number of municipalities it shares a running collaboration with."})
	sp.note("GraphNode.weighted_degree", map[string]any{"description": "The sum of its ties' weights."})
	sp.note("GraphNode.betweenness", map[string]any{"description": "Weighted betweenness over unordered pairs; a tie's length is 1/weight."})
	sp.note("GraphNode.community", map[string]any{"description": "Louvain community, numbered from 0 in the order of each community's smallest code."})
	sp.note("GraphNode.x", map[string]any{"description": "Map position east, in map units (100 m) of SWEREF 99 TM from the map's origin."})
	sp.note("GraphNode.y", map[string]any{"description": "Map position south, in map units."})
	sp.note("GraphEdge.weight", map[string]any{"description": "Running collaborations both take part in."})
	sp.note("GraphView.outside", map[string]any{"description": "Municipalities outside the network that the members already collaborate with, strongest tie first."})
	sp.op("GET /api/v1/networks/{slug}/graph", opDoc{summary: "The network graph: municipalities tied by shared running collaborations",
		description: "Nodes with degree, weighted degree, betweenness and community (gonum); ties with their collaborations; the outside municipalities the members are tied to. As drawn on /natverk/{slug}/graf.",
		status:      200, result: obj[GraphView](), errors: readErrors})
}
