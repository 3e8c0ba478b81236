package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/chart"
)

// The charts of a network (/natverk/{slug}/diagram), drawn server-side by
// internal/chart, each with a title, a text alternative and a table of the
// same figures: running collaborations by legal form, area group and start
// year, the pipeline funnel, and the annual cost per member where the
// collaborations' cost and key allow it (unknown stays unknown).

type chartsPage struct {
	Network *samverkan.Network
	Charts  []chartView
}

type chartView struct {
	ID, Title string
	SVG       template.HTML
	Label     string // heading of the table's first column
	Value     string // heading of the table's value column
	Rows      []chartRow
	Note      string
}

type chartRow struct{ Label, Value string }

// newChart draws c with draw and tabulates its bars.
func newChart(c chart.Chart, draw func(chart.Chart) template.HTML, label, value string) chartView {
	v := chartView{ID: c.ID, Title: c.Title, SVG: draw(c), Label: label, Value: value}
	for _, b := range c.Bars {
		text := c.Unknown
		if b.Value != nil {
			if c.Format != nil {
				text = c.Format(*b.Value)
			} else {
				text = strconv.FormatFloat(*b.Value, 'f', -1, 64)
			}
		}
		v.Rows = append(v.Rows, chartRow{b.Label, text})
	}
	return v
}

func (s *server) handleCharts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := langOf(r)
	n, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	all, err := samverkan.NetworkOutlines(ctx, s.store, n.Slug, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var running []*samverkan.Collaboration
	for _, c := range all {
		if samverkan.PhaseOf(c.Status) == samverkan.PhaseRunning {
			running = append(running, c)
		}
	}
	unknown := tr(lang, "value.unknown")
	count := func(f float64) string { return groupDigits(int64(f), lang) }
	d := chartsPage{Network: n}

	// By legal form, in the vocabulary's order.
	byForm := map[string]int{}
	for _, c := range running {
		byForm[c.LegalForm]++
	}
	var bars []chart.Bar
	for _, t := range vocabularies["legal_form"] {
		if k := byForm[t.Code]; k > 0 {
			bars = append(bars, chart.Bar{Label: t.Label(lang), Value: chart.Known(float64(k))})
		}
	}
	d.Charts = append(d.Charts, newChart(chart.Chart{ID: "form", Title: tr(lang, "charts.form"), Bars: bars, Unknown: unknown, Format: count, Class: "chart"},
		chart.HBar, tr(lang, "col.legal_form"), tr(lang, "charts.col.count")))

	// By area group: a collaboration counts once per group it touches.
	byGroup := map[string]int{}
	for _, c := range running {
		seen := map[string]bool{}
		for _, a := range c.Areas {
			g := a
			if ar, ok := s.cat.Area(a); ok && ar.Parent != "" {
				g = ar.Parent
			}
			if !seen[g] {
				seen[g] = true
				byGroup[g]++
			}
		}
	}
	bars = nil
	for _, a := range s.cat.Areas() {
		if a.Parent == "" && byGroup[a.Code] > 0 {
			bars = append(bars, chart.Bar{Label: a.Label(lang), Value: chart.Known(float64(byGroup[a.Code]))})
		}
	}
	d.Charts = append(d.Charts, newChart(chart.Chart{ID: "omrade", Title: tr(lang, "charts.area"), Bars: bars, Unknown: unknown, Format: count, Class: "chart"},
		chart.HBar, tr(lang, "charts.col.area_group"), tr(lang, "charts.col.count")))

	// By start year; those without a known start are said in words.
	byYear := map[int]int{}
	noStart := 0
	for _, c := range running {
		if c.Start.IsZero() {
			noStart++
			continue
		}
		byYear[c.Start.Year()]++
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	slices.Sort(years)
	bars = nil
	for _, y := range years {
		bars = append(bars, chart.Bar{Label: strconv.Itoa(y), Value: chart.Known(float64(byYear[y]))})
	}
	cv := newChart(chart.Chart{ID: "startar", Title: tr(lang, "charts.year"), Bars: bars, Unknown: unknown, Format: count, Class: "chart"},
		chart.Columns, tr(lang, "charts.col.year"), tr(lang, "charts.col.count"))
	if noStart > 0 {
		cv.Note = tr(lang, "charts.year.unknown", noStart)
	}
	d.Charts = append(d.Charts, cv)

	// The pipeline funnel: ideas to decided, in lifecycle order.
	byStatus := map[string]int{}
	for _, c := range all {
		byStatus[c.Status]++
	}
	bars = nil
	for _, t := range samverkan.StatusTerms() {
		if samverkan.PhaseOf(t.Code) == samverkan.PhasePipeline {
			bars = append(bars, chart.Bar{Label: t.Label(lang), Value: chart.Known(float64(byStatus[t.Code]))})
		}
	}
	d.Charts = append(d.Charts, newChart(chart.Chart{ID: "tratt", Title: tr(lang, "charts.funnel"), Bars: bars, Unknown: unknown, Format: count, Class: "chart"},
		chart.Funnel, tr(lang, "col.status"), tr(lang, "charts.col.count")))

	// Cost per member.
	d.Charts = append(d.Charts, s.costPerMember(n, running, lang))
	s.render(w, r, http.StatusOK, "charts", page{Title: tr(lang, "charts.title", n.Name), Data: d})
}

// costPerMember sums, per current member, its share of the annual cost of
// the running collaborations whose cost is known and whose key splits it
// without figures the register does not hold (equal shares, or population
// from the reference data). A member with no such collaboration has an
// unknown cost, not 0 kr; the note says how many collaborations could not
// be split.
func (s *server) costPerMember(n *samverkan.Network, running []*samverkan.Collaboration, lang string) chartView {
	today := samverkan.Today()
	sums := map[string]int64{}
	known := map[string]bool{}
	skipped := 0
	for _, c := range running {
		if c.AnnualCost == nil || (c.CostKey != samverkan.CostKeyEqual && c.CostKey != samverkan.CostKeyPopulation) {
			skipped++
			continue
		}
		in := samverkan.CostKeyInputs{Key: c.CostKey, Year: today.Year(), Total: c.AnnualCost, ReferenceDate: today}
		for _, code := range c.ParticipantCodes() {
			m := samverkan.CostMember{Code: code}
			if mu, ok := s.cat.Municipality(code); ok && mu.Population > 0 {
				pop := int64(mu.Population)
				m.Population = &pop
			}
			in.Members = append(in.Members, m)
		}
		// The usual case in machine integers, the rest exactly.
		if amounts, ok := samverkan.CostAmounts(in, s.cat); ok {
			for i, m := range in.Members {
				sums[m.Code] += amounts[i]
				known[m.Code] = true
			}
			continue
		}
		shares, err := samverkan.ComputeCostShares(in, s.cat)
		if err != nil || !shares.Computed {
			skipped++
			continue
		}
		for _, sh := range shares.Members {
			if sh.Amount != nil {
				sums[sh.Code] += *sh.Amount
				known[sh.Code] = true
			}
		}
	}
	var bars []chart.Bar
	for _, m := range s.memberViews(n) {
		if !m.Current {
			continue
		}
		b := chart.Bar{Label: m.Name}
		if known[m.Code] {
			b.Value = chart.Known(float64(sums[m.Code]))
		}
		bars = append(bars, b)
	}
	cv := newChart(chart.Chart{ID: "kostnad", Title: tr(lang, "charts.cost"), Bars: bars, Unknown: tr(lang, "value.unknown"),
		Format: func(f float64) string { return kronor(int64(f), lang) }, Class: "chart"},
		chart.HBar, tr(lang, "col.municipality"), tr(lang, "charts.col.cost"))
	cv.Note = tr(lang, "charts.cost.note")
	if skipped > 0 {
		cv.Note += " " + tr(lang, "charts.cost.skipped", skipped)
	}
	return cv
}
