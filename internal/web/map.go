package web

import (
	"cmp"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/geo"
)

// The map (/karta) and the maps on the network and municipality pages:
// server-rendered SVG from the embedded boundaries (internal/geo), which
// are projected and simplified once at start; a request only chooses the
// fills. Every map has a table with the same facts beside it.

// Layers of /karta.
const (
	layerCount        = "antal"     // choropleth: collaborations per municipality
	layerParticipants = "deltagare" // a network's members and outside participants
)

// mapPanel is one map with its table, for the "map.panel" template.
type mapPanel struct {
	ID      string
	SVG     template.HTML
	Caption string
	// CountLabel heads the table's count column.
	CountLabel string
	Rows       []mapRow
	// More links to the full map for the same selection.
	More string
}

// mapRow is one municipality of a map's table.
type mapRow struct {
	Code, Name, County string
	Count              int
	Role               string // member, outside participant, the municipality itself; "" on the choropleth
}

type mapPage struct {
	Panel    mapPanel
	Filter   mapFilter
	Networks []option
	Areas    []option
	Forms    []option
	Layers   []option
	Summary  string
	Reset    string
}

// mapFilter is /karta's selection, bad values dropped.
type mapFilter struct {
	Network, Area, LegalForm, Layer string
}

func (f mapFilter) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"natverk": f.Network, "omrade": f.Area, "form": f.LegalForm, "lager": f.Layer} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// store returns the collaborations the map counts: running ones matching
// the filter. Ideas and ended collaborations are no collaboration on the
// ground.
func (s *server) mapStoreFilter(f mapFilter) samverkan.CollaborationFilter {
	sf := samverkan.CollaborationFilter{Network: f.Network, LegalForm: f.LegalForm, Phase: samverkan.PhaseRunning}
	if f.Area != "" {
		sf.Areas = s.cat.AreaWithChildren(f.Area)
	}
	return sf
}

// participation counts per municipality the collaborations matching f,
// with the store's aggregate when it has one.
func (s *server) participation(ctx context.Context, f samverkan.CollaborationFilter) (map[string]int, error) {
	if ps, ok := s.store.(samverkan.ParticipationStore); ok {
		return ps.ParticipationCounts(ctx, f)
	}
	cs, err := s.allCollaborations(ctx, f)
	if err != nil {
		return nil, err
	}
	today := samverkan.Today()
	out := map[string]int{}
	for _, c := range cs {
		for _, code := range c.ParticipantCodes() {
			for _, p := range c.Participants {
				if p.Code == code && (p.Left.IsZero() || !p.Left.Before(today)) {
					out[code]++
					break
				}
			}
		}
	}
	return out, nil
}

func (s *server) handleMap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := langOf(r)
	q := r.URL.Query()
	// The summaries (cached by the store) name the networks; only the
	// chosen one is loaded whole.
	nets, err := s.store.NetworkSummaries(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var f mapFilter
	var net *samverkan.Network
	for _, n := range nets {
		if n.Slug == q.Get("natverk") {
			if net, err = s.store.NetworkBySlug(ctx, n.Slug); err != nil {
				s.error(w, r, err)
				return
			}
			f.Network = n.Slug
		}
	}
	if a := q.Get("omrade"); a != "" {
		if _, ok := s.cat.Area(a); ok {
			f.Area = a
		}
	}
	if v := q.Get("form"); v != "" {
		if _, ok := samverkan.FindLegalForm(v); ok {
			f.LegalForm = v
		}
	}
	f.Layer = layerCount
	if q.Get("lager") == layerParticipants && net != nil {
		f.Layer = layerParticipants
	}
	counts, err := s.participation(ctx, s.mapStoreFilter(f))
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := mapPage{Filter: f, Reset: "/karta"}
	for _, n := range nets {
		d.Networks = append(d.Networks, option{Value: n.Slug, Label: n.Name, Selected: n.Slug == f.Network})
	}
	for _, a := range s.areaOpts[lang] {
		d.Areas = append(d.Areas, option{Value: a.Code, Label: a.Label, Selected: a.Code == f.Area, Child: a.Child})
	}
	for _, t := range vocabularies["legal_form"] {
		d.Forms = append(d.Forms, option{Value: t.Code, Label: t.Label(lang), Selected: t.Code == f.LegalForm})
	}
	for _, l := range []string{layerCount, layerParticipants} {
		d.Layers = append(d.Layers, option{Value: l, Label: tr(lang, "map.layer."+l), Selected: l == f.Layer})
	}
	if f.Layer == layerParticipants {
		d.Panel, err = s.networkMap(lang, net, counts, false)
	} else {
		d.Panel, err = s.countMap(lang, counts)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	active := 0
	for _, n := range counts {
		if n > 0 {
			active++
		}
	}
	d.Summary = tr(lang, "map.summary", active, len(s.cat.Municipalities()))
	s.render(w, r, http.StatusOK, "map", page{Title: tr(lang, "map.title"), Nav: "map", Data: d})
}

// countMap is the choropleth of the whole country: how many collaborations
// each municipality takes part in. A municipality with none has a known
// zero (the register holds none for it), so all 290 have a value.
func (s *server) countMap(lang string, counts map[string]int) (mapPanel, error) {
	m, err := geo.Sweden()
	if err != nil {
		return mapPanel{}, err
	}
	values := make(map[string]float64, len(s.cat.Municipalities()))
	all := make([]float64, 0, len(s.cat.Municipalities()))
	p := mapPanel{ID: "karta", Caption: tr(lang, "map.table.caption"), CountLabel: tr(lang, "map.col.count")}
	for _, mu := range s.cat.Municipalities() {
		n := counts[mu.Code]
		values[mu.Code] = float64(n)
		all = append(all, float64(n))
		p.Rows = append(p.Rows, mapRow{Code: mu.Code, Name: mu.Name, County: mu.CountyName, Count: n})
	}
	sortRows(p.Rows)
	scale := countScale(all)
	p.SVG = m.Render(geo.View{
		ID: "karta", Class: "map", Title: tr(lang, "map.svg.title"), Desc: tr(lang, "map.svg.desc"),
		Scale: &scale, Values: values, LegendTitle: tr(lang, "map.legend.count"), MissingLabel: tr(lang, "map.legend.missing"),
	})
	return p, nil
}

// networkMap draws a network's members and the outside municipalities that
// take part in its collaborations (counts holds, per municipality, the
// network's collaborations it takes part in). Zoomed to the members for a
// network's page, the whole country for /karta.
func (s *server) networkMap(lang string, n *samverkan.Network, counts map[string]int, zoom bool) (mapPanel, error) {
	m, err := geo.Sweden()
	if err != nil {
		return mapPanel{}, err
	}
	today := samverkan.Today()
	layer := map[string]string{}
	p := mapPanel{ID: "karta-" + n.Slug, Caption: tr(lang, "map.network.caption", n.Name), CountLabel: tr(lang, "map.col.network_count"),
		More: "/karta?" + mapFilter{Network: n.Slug, Layer: layerParticipants}.values().Encode()}
	var members []string
	for _, mb := range n.Members {
		if !mb.Current(today) {
			continue
		}
		members = append(members, mb.Code)
		layer[mb.Code] = "member"
		p.Rows = append(p.Rows, s.mapRow(mb.Code, counts[mb.Code], tr(lang, "map.role.member")))
	}
	for code, c := range counts {
		if layer[code] == "" && c > 0 {
			layer[code] = "outside"
			p.Rows = append(p.Rows, s.mapRow(code, c, tr(lang, "map.role.outside")))
		}
	}
	sortRows(p.Rows)
	v := geo.View{
		ID: p.ID, Class: "map", Title: tr(lang, "map.network.title", n.Name), Desc: tr(lang, "map.network.desc", n.Name),
		Categories: []geo.Category{
			{Key: "member", Label: tr(lang, "map.role.member")},
			{Key: "outside", Label: tr(lang, "map.role.outside"), Hatch: true},
		},
		Layer: layer, OtherLabel: tr(lang, "map.legend.other"),
	}
	if zoom {
		v.Focus, v.Names = members, true
		v.Class = "map map-zoom"
	}
	p.SVG = m.Render(v)
	return p, nil
}

// municipalityMap shows the municipality and the municipalities it shares
// running collaborations with, coloured by how many.
func (s *server) municipalityMap(lang string, mu samverkan.Municipality, shared map[string]int) (mapPanel, error) {
	m, err := geo.Sweden()
	if err != nil {
		return mapPanel{}, err
	}
	p := mapPanel{ID: "karta-" + mu.Code, Caption: tr(lang, "map.muni.caption", mu.Name), CountLabel: tr(lang, "map.col.shared")}
	focus := []string{mu.Code}
	values := map[string]float64{}
	var all []float64
	for code, n := range shared {
		if code == mu.Code || n == 0 {
			continue
		}
		focus = append(focus, code)
		values[code] = float64(n)
		all = append(all, float64(n))
		p.Rows = append(p.Rows, s.mapRow(code, n, ""))
	}
	sortRows(p.Rows)
	v := geo.View{
		ID: p.ID, Class: "map map-zoom", Title: tr(lang, "map.muni.title", mu.Name), Desc: tr(lang, "map.muni.desc", mu.Name),
		Focus: focus, Names: true,
		Categories: []geo.Category{{Key: "self", Label: mu.Name, Fill: "#e69f00", Hatch: true}},
		Layer:      map[string]string{mu.Code: "self"}, OtherLabel: tr(lang, "map.legend.other"),
	}
	if len(all) > 0 {
		scale := geo.Quantiles(all, 4)
		v.Scale, v.Values, v.LegendTitle = &scale, values, tr(lang, "map.legend.shared")
	}
	p.SVG = m.Render(v)
	return p, nil
}

// countScale classes counts with none in a class of its own ("0") and
// the rest in up to four classes of about equally many municipalities, so
// the many municipalities without a collaboration do not flatten the ramp.
func countScale(values []float64) geo.Scale {
	var some []float64
	for _, v := range values {
		if v > 0 {
			some = append(some, v)
		}
	}
	q := geo.Quantiles(some, 4)
	if len(some) == 0 {
		return q
	}
	if s, err := geo.Breaks(append([]float64{0}, q.Bounds...)...); err == nil {
		return s
	}
	return geo.Quantiles(values, 5)
}

func (s *server) mapRow(code string, n int, role string) mapRow {
	mu, _ := s.cat.Municipality(code)
	return mapRow{Code: code, Name: cmp.Or(mu.Name, code), County: mu.CountyName, Count: n, Role: role}
}

// sortRows puts the most collaborations first, then names in Swedish order.
func sortRows(rows []mapRow) {
	samverkan.SortSwedish(rows, func(r mapRow) string { return r.Name })
	slices.SortStableFunc(rows, func(a, b mapRow) int { return cmp.Compare(b.Count, a.Count) })
}
