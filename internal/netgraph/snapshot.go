package netgraph

import (
	"encoding/json"
	"fmt"
)

// snapshot is a measured graph as it is kept in the store: the country's
// graph is measured by a background task (betweenness and communities over
// 290 municipalities cost too much for a request) and drawn per request
// from what the task kept. The ties' collaboration lists are left out:
// the drawing and the tables do not show them.
type snapshot struct {
	Nodes       []Node `json:"nodes"`
	Edges       []Edge `json:"edges"`
	Communities int    `json:"communities"`
}

// Encode returns g as the store keeps it (JSON), without the ties'
// collaboration lists.
func (g *Graph) Encode() ([]byte, error) {
	s := snapshot{Nodes: g.Nodes, Edges: make([]Edge, len(g.Edges)), Communities: g.Communities}
	for i, e := range g.Edges {
		s.Edges[i] = Edge{A: e.A, B: e.B, Weight: e.Weight}
	}
	return json.Marshal(s)
}

// Decode returns the graph Encode kept, ready to be drawn.
func Decode(data []byte) (*Graph, error) {
	var s snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("netgraph: decode: %w", err)
	}
	return Restore(s.Nodes, s.Edges, s.Communities)
}
