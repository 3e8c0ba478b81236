package netgraph

import "math"

// gonum's network.BetweennessWeighted lists every shortest path between
// every pair from path.DijkstraAllPaths; for the country's graph (290
// municipalities, thousands of ties) that took seconds. Brandes' algorithm
// gets the same sums from one Dijkstra per source, accumulating path counts
// backwards: U. Brandes, "A faster algorithm for betweenness centrality",
// Journal of Mathematical Sociology 25(2), 2001, algorithm 1 with Dijkstra
// for weighted graphs (section 5). With at most 290 nodes, Dijkstra picks
// the nearest node by scanning the frontier (nodes reached but not done),
// which is simpler than a heap and as fast at this size. The tests check the result
// against gonum's.

// arc is a tie seen from one end: the other end and the tie's length.
type arc struct {
	to  int
	len float64
}

// tieTolerance is the relative difference under which two path lengths are
// equal. Lengths are sums of 1/weight, and 1/3+1/3+1/3 need not come out
// as exactly 1 in floating point; such paths are still equally short.
const tieTolerance = 1e-9

// betweenness returns each node's betweenness over unordered pairs in the
// undirected graph adj (adj[v] lists v's ties; lengths > 0).
func betweenness(adj [][]arc) []float64 {
	n := len(adj)
	cb := make([]float64, n)
	dist := make([]float64, n)
	sigma := make([]float64, n)
	delta := make([]float64, n)
	done := make([]bool, n)
	preds := make([][]int, n)
	stack := make([]int, 0, n)
	frontier := make([]int, 0, n)
	for s := range n {
		for i := range n {
			dist[i], sigma[i], delta[i], done[i] = math.Inf(1), 0, 0, false
			preds[i] = preds[i][:0]
		}
		stack = stack[:0]
		dist[s], sigma[s] = 0, 1
		frontier = append(frontier[:0], s)
		for len(frontier) > 0 {
			k := 0 // the nearest node of the frontier; the lowest index on a tie
			for j, i := range frontier {
				if v := frontier[k]; dist[i] < dist[v] || dist[i] == dist[v] && i < v {
					k = j
				}
			}
			v := frontier[k]
			frontier[k] = frontier[len(frontier)-1]
			frontier = frontier[:len(frontier)-1]
			done[v] = true
			stack = append(stack, v)
			for _, a := range adj[v] {
				w, d := a.to, dist[v]+a.len
				switch {
				case done[w]:
				case d < dist[w]*(1-tieTolerance):
					if math.IsInf(dist[w], 1) {
						frontier = append(frontier, w)
					}
					dist[w], sigma[w] = d, sigma[v]
					preds[w] = append(preds[w][:0], v)
				case d <= dist[w]*(1+tieTolerance):
					sigma[w] += sigma[v]
					preds[w] = append(preds[w], v)
				}
			}
		}
		// Nodes in order of falling distance pass their dependency back.
		for i := len(stack) - 1; i >= 0; i-- {
			w := stack[i]
			for _, v := range preds[w] {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if w != s {
				cb[w] += delta[w]
			}
		}
	}
	// Every unordered pair was counted from both ends.
	for i := range cb {
		cb[i] /= 2
	}
	return cb
}
