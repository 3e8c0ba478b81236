package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/chart"
	"github.com/samverkan/samverkan/internal/kolada"
)

// The member comparison per area (/natverk/{slug}/jamforelse?omrade=):
// for each Kolada KPI the area maps to (internal/kolada/areas.csv), each
// member's value, the network's average weighted by population and the
// national median, as an SVG chart with a table. The values are Kolada's
// ("Källa: Kolada"); the weighted average and the median are this
// product's calculations and are said to be so.

type kpiPage struct {
	Network  *samverkan.Network
	Area     string
	AreaName string
	Areas    []option
	Blocks   []kpiBlock
	NoArea   bool
}

type kpiBlock struct {
	KPI, Title, Kind string
	Year             int
	Rows             []kpiRow
	Chart            template.HTML
	Empty            bool
}

type kpiRow struct {
	Label, Value string
	Own          bool // the product's own calculation, not Kolada's figure
	Unknown      bool
}

// kpiAreaOptions are the areas the KPI map covers, for the area choice.
func (s *server) kpiAreaOptions(selected, lang string) []option {
	all, _ := kolada.AreaKPIs()
	seen := map[string]bool{}
	var out []option
	for _, a := range all {
		if seen[a.Area] {
			continue
		}
		seen[a.Area] = true
		out = append(out, option{Value: a.Area, Label: s.areaName(a.Area, lang), Selected: a.Area == selected})
	}
	return out
}

// networkPopulations are the populations of the network's current members
// at the latest reference date that has them all.
func (s *server) networkPopulations(r *http.Request, n *samverkan.Network) ([]string, map[string]int64, *samverkan.PopulationFigures, error) {
	ms, err := samverkan.Money(s.store)
	if err != nil {
		return nil, nil, nil, err
	}
	pf, err := samverkan.Populations(r.Context(), ms, s.cat)
	if err != nil {
		return nil, nil, nil, err
	}
	var codes []string
	for _, m := range n.ActiveMembers(today()) {
		codes = append(codes, m.Code)
	}
	pops, _, _ := pf.Latest(codes)
	return codes, pops, pf, nil
}

func (s *server) handleKPIComparison(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	ks, err := samverkan.KPIs(s.store)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	area := r.URL.Query().Get("omrade")
	d := kpiPage{Network: n, Area: area, Areas: s.kpiAreaOptions(area, lang)}
	if area == "" || len(kolada.KPIsForArea(area)) == 0 {
		d.NoArea = true
		s.render(w, r, http.StatusOK, "kpi", page{Title: tr(lang, "kpi.title", n.Name), Data: d})
		return
	}
	d.AreaName = s.areaName(area, lang)
	codes, pops, _, err := s.networkPopulations(r, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for i, ak := range kolada.KPIsForArea(area) {
		vs, err := ks.KPIValues(ctx, ak.KPI, nil, nil)
		if err != nil {
			s.error(w, r, err)
			return
		}
		b := kpiBlock{KPI: ak.KPI, Title: ak.Title, Kind: tr(lang, "kpi.kind."+ak.Kind)}
		b.Year = samverkan.LatestKPIYear(ak.KPI, vs)
		if b.Year == 0 {
			b.Empty = true
			d.Blocks = append(d.Blocks, b)
			continue
		}
		cmp := samverkan.CompareKPI(ak.KPI, b.Year, vs, codes, pops)
		var bars []chart.Bar
		add := func(label string, v *float64, own bool) {
			row := kpiRow{Label: label, Own: own, Value: tr(lang, "figure.no_amount"), Unknown: v == nil}
			if v != nil {
				row.Value = kpiNumber(*v, lang)
			}
			b.Rows = append(b.Rows, row)
			bars = append(bars, chart.Bar{Label: label, Value: v})
		}
		for _, m := range cmp.Members {
			add(s.cat.MunicipalityName(m.Code), m.Value, false)
		}
		add(tr(lang, "kpi.network_weighted", cmp.Known, len(cmp.Members)), cmp.NetworkWeighted, true)
		add(tr(lang, "kpi.national_median", cmp.N), cmp.NationalMedian, true)
		b.Chart = chart.HBar(chart.Chart{ID: fmt.Sprintf("kpi-%d", i), Title: tr(lang, "kpi.chart", ak.Title, b.Year), Bars: bars,
			Unknown: tr(lang, "figure.no_amount"), Class: "chart", Format: func(v float64) string { return kpiNumber(v, lang) }})
		d.Blocks = append(d.Blocks, b)
	}
	s.render(w, r, http.StatusOK, "kpi", page{Title: tr(lang, "kpi.title", n.Name), Data: d})
}

// kpiNumber writes a KPI value with digit grouping and at most one
// decimal.
func kpiNumber(v float64, lang string) string {
	r := math.Round(v*10) / 10
	whole := int64(r)
	dec := int64(math.Round(math.Abs(r-float64(whole)) * 10))
	s := groupDigits(whole, lang)
	if dec != 0 {
		sep := ","
		if lang == "en" {
			sep = "."
		}
		s += sep + strconv.FormatInt(dec, 10)
	}
	return s
}
