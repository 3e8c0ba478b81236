package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/netgraph"
)

// The network graph (/natverk/{slug}/graf, and the country's /graf):
// municipalities as nodes, shared running collaborations as weighted ties,
// measured and drawn by internal/netgraph at the municipalities' places.
// Tables carry the same facts: the nodes with their measures, the
// strongest ties, and the outside municipalities the network is tied to.

// nationalMinWeight is the weakest tie drawn on the country's graph: with
// thousands of ties, the weak ones would hide the pattern. The tables list
// every node all the same.
const nationalMinWeight = 3

// maxTieRows bounds the ties table: the strongest first.
const maxTieRows = 60

type graphPage struct {
	Network     *samverkan.Network // nil for the country
	SVG         template.HTML
	Nodes       []graphNodeRow
	Ties        []graphTieRow
	TiesTotal   int
	Outside     []graphOutsideRow
	Communities int
	Summary     string
	// NodeRows are the nodes table's rows, built by nodeRows.
	NodeRows template.HTML
	// Computed is when the country's graph was measured (zero for a
	// network's, measured per request).
	Computed time.Time
}

type graphNodeRow struct {
	Code, Name              string
	Member                  bool
	Degree, Strength, Group int
	Betweenness             string
}

type graphTieRow struct {
	A, B, AName, BName string
	Weight             int
}

type graphOutsideRow struct {
	Code, Name string
	Weight     int
	Members    string
}

// nationalGraph returns the country's graph as the periodic task
// (jobs.NationalGraph) last measured it, and when: its betweenness and
// communities over every running collaboration take seconds. Until the
// task has run once (a new installation), or when what it kept is in an
// older form, the page measures it itself and keeps it as the task would.
func (s *server) nationalGraph(ctx context.Context) (*netgraph.Graph, time.Time, error) {
	gs, ok := s.store.(samverkan.GraphFigureStore)
	if !ok {
		return nil, time.Time{}, samverkan.Errorf(samverkan.EINTERNAL, "Lagret kan inte hålla grafens mått.")
	}
	data, at, err := gs.GraphFigures(ctx, jobs.NationalGraphScope)
	if err != nil && samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		return nil, time.Time{}, err
	}
	if err == nil {
		if g, err := netgraph.Decode(data); err == nil {
			return g, at, nil
		}
		// Kept by an older version in another form: measured again below.
	}
	if err = (&jobs.NationalGraph{Store: gs}).Run(ctx); err != nil {
		return nil, time.Time{}, err
	}
	if data, at, err = gs.GraphFigures(ctx, jobs.NationalGraphScope); err != nil {
		return nil, time.Time{}, err
	}
	g, err := netgraph.Decode(data)
	return g, at, err
}

// runningValues returns the running collaborations as values, as netgraph
// takes them.
func runningValues(cs []*samverkan.Collaboration) []samverkan.Collaboration {
	out := make([]samverkan.Collaboration, 0, len(cs))
	for _, c := range cs {
		if samverkan.PhaseOf(c.Status) == samverkan.PhaseRunning {
			out = append(out, *c)
		}
	}
	return out
}

func (s *server) handleGraph(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := langOf(r)
	var n *samverkan.Network
	var g *netgraph.Graph
	var cs []samverkan.Collaboration
	var members []string
	var computed time.Time
	today := samverkan.Today()
	if slug := r.PathValue("slug"); slug != "" {
		var err error
		if n, err = s.store.NetworkBySlug(ctx, slug); err != nil {
			s.error(w, r, err)
			return
		}
		// The graph reads the participants only (issue 16).
		ptrs, err := samverkan.NetworkOutlines(ctx, s.store, n.Slug, samverkan.PhaseRunning)
		if err != nil {
			s.error(w, r, err)
			return
		}
		cs = runningValues(ptrs)
		for _, m := range n.Members {
			if m.Current(today) {
				members = append(members, m.Code)
			}
		}
		if g, err = netgraph.Build(cs, netgraph.Options{On: today, Members: members}); err != nil {
			s.error(w, r, err)
			return
		}
	} else {
		var err error
		if g, computed, err = s.nationalGraph(ctx); err != nil {
			s.error(w, r, err)
			return
		}
	}
	d := graphPage{Network: n, Communities: g.Communities, Computed: computed}
	title, id := tr(lang, "graph.title.national"), "graf"
	drawing := netgraph.Drawing{Class: "graph", EdgeLabel: tr(lang, "graph.legend.edge")}
	if n != nil {
		title = tr(lang, "graph.title", n.Name)
		drawing.MemberLabel, drawing.OutsideLabel = tr(lang, "map.role.member"), tr(lang, "map.role.outside")
	} else {
		drawing.MinWeight = nationalMinWeight
	}
	drawing.ID, drawing.Title = id, title
	drawing.Desc = tr(lang, "graph.desc", len(g.Nodes), len(g.Edges), g.Communities)
	if drawing.MinWeight > 1 {
		drawing.Desc += " " + tr(lang, "graph.desc.min", drawing.MinWeight)
	}
	d.SVG = g.Draw(drawing)
	d.Summary = drawing.Desc
	for _, nd := range g.Nodes {
		d.Nodes = append(d.Nodes, graphNodeRow{Code: nd.Code, Name: nd.Name, Member: nd.Member, Degree: nd.Degree,
			Strength: nd.Strength, Group: nd.Community + 1, Betweenness: decimal(nd.Betweenness, 1, lang)})
	}
	// Codes are unique: the unstable sort gives the one order.
	slices.SortFunc(d.Nodes, func(a, b graphNodeRow) int {
		return cmp.Or(cmp.Compare(b.Strength, a.Strength), cmp.Compare(a.Code, b.Code))
	})
	d.NodeRows = nodeRows(d.Nodes, n != nil, lang)
	d.TiesTotal = len(g.Edges)
	for _, e := range g.Strongest(maxTieRows) {
		d.Ties = append(d.Ties, graphTieRow{A: e.A, B: e.B, AName: s.cat.MunicipalityName(e.A), BName: s.cat.MunicipalityName(e.B), Weight: e.Weight})
	}
	if n != nil {
		out, err := netgraph.OutsideTies(cs, members, today)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, t := range out {
			var names []string
			for _, m := range t.Members {
				names = append(names, s.cat.MunicipalityName(m))
			}
			d.Outside = append(d.Outside, graphOutsideRow{Code: t.Code, Name: t.Name, Weight: t.Weight, Members: samverkan.JoinList(names, tr(lang, "word.and"))})
		}
	}
	s.render(w, r, http.StatusOK, "graph", page{Title: title, Data: d})
}

// nodeRows writes the rows of the nodes table. The country's table has 290
// rows, and the template's escaping of their 1 700 values cost a request
// 3 ms of its 5 (issue 16); the values are escaped here exactly as the
// template escapes them in these places (TestGraphNodeRows compares).
func nodeRows(rows []graphNodeRow, roles bool, lang string) template.HTML {
	var b strings.Builder
	b.Grow(200 * len(rows))
	member, outside := htmlText(tr(lang, "map.role.member")), htmlText(tr(lang, "map.role.outside"))
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row"><a href="/kommun/`)
		b.WriteString(urlPart(r.Code))
		b.WriteString(`">`)
		b.WriteString(htmlText(r.Name))
		b.WriteString(`</a></th>`)
		if roles {
			b.WriteString(`<td>`)
			if r.Member {
				b.WriteString(member)
			} else {
				b.WriteString(outside)
			}
			b.WriteString(`</td>`)
		}
		b.WriteString(`<td class="num">` + strconv.Itoa(r.Degree) + `</td><td class="num">` + strconv.Itoa(r.Strength) +
			`</td><td class="num">` + htmlText(r.Betweenness) + `</td><td class="num">` + strconv.Itoa(r.Group) + "</td></tr>\n")
	}
	return template.HTML(b.String())
}

// htmlText escapes s as html/template escapes a value in text: its
// htmlEscaper, which also escapes "+" and replaces NUL.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		return s
	}
	return htmlTextReplacer.Replace(s)
}

var htmlTextReplacer = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// urlPart escapes s as html/template escapes a value inside a URL's path
// in a quoted attribute: the URL normalised (bytes that are neither
// reserved nor unreserved, and a "%" not starting an escape, as %xx), then
// escaped as attribute text.
func urlPart(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0,
			c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	return htmlText(b.String())
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
