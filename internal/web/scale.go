package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/chart"
	"github.com/samverkan/samverkan/internal/kolada"
)

// Economies of scale per area (/natverk/{slug}/skalfordelar?omrade=): cost
// per inhabitant against population across the municipalities (a log-log
// fit, samverkan.FitScale), each member and the network's combined
// population placed on the curve, the estimate as a prediction interval,
// and always the caveats (Statskontoret 2023, Riksrevisionen 2018, the
// method's own limits). Never a single "you will save X kr".

type scalePage struct {
	Network  *samverkan.Network
	Area     string
	AreaName string
	Areas    []option
	NoArea   bool
	KPI      string
	Title    string
	Year     int
	Problem  string
	Fit      *scaleFitView
	Chart    template.HTML
	Estimate *estimateTable
}

type scaleFitView struct {
	N                  int
	Slope, SlopeSE, R2 string
}

// estimateTable is the only form in which a page shows estimates: its
// rows are unexported, and its one way out, HTML, writes the caveats
// with them. A template cannot print an estimate without its caveats.
type estimateTable struct {
	id      string
	caption string
	cols    []string
	rows    [][]string
	summary string
	caveats []samverkan.Caveat
	lang    string
	heading string
}

// newEstimateTable starts a table of estimates; the caveats come from the
// estimates themselves (ScaleEstimate.Caveats), added with each row.
func newEstimateTable(id, caption, heading string, cols []string, lang string) *estimateTable {
	return &estimateTable{id: id, caption: caption, heading: heading, cols: cols, lang: lang}
}

// add puts one estimate's row in the table and takes its caveats.
func (t *estimateTable) add(e *samverkan.ScaleEstimate, cells ...string) {
	t.rows = append(t.rows, cells)
	for _, c := range e.Caveats() {
		dup := false
		for _, have := range t.caveats {
			dup = dup || have.Code == c.Code
		}
		if !dup {
			t.caveats = append(t.caveats, c)
		}
	}
}

// HTML writes the table, the summary and the caveats, in that order.
func (t *estimateTable) HTML() template.HTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.WriteString(`<div class="estimate">`)
	b.WriteString(`<div class="table-scroll" role="region" aria-labelledby="` + esc(t.id) + `" tabindex="0"><table><caption id="` + esc(t.id) + `">` + esc(t.caption) + `</caption><thead><tr>`)
	for _, c := range t.cols {
		b.WriteString(`<th scope="col">` + esc(c) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range t.rows {
		b.WriteString(`<tr>`)
		for i, c := range r {
			if i == 0 {
				b.WriteString(`<th scope="row">` + esc(c) + `</th>`)
			} else {
				b.WriteString(`<td class="num">` + esc(c) + `</td>`)
			}
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div>`)
	if t.summary != "" {
		b.WriteString(`<p>` + esc(t.summary) + `</p>`)
	}
	b.WriteString(`<aside class="caveats" aria-label="` + esc(t.heading) + `"><h3>` + esc(t.heading) + `</h3><ul>`)
	for _, c := range t.caveats {
		b.WriteString(`<li>` + esc(c.Text(t.lang)) + ` <span class="muted">(` + esc(c.Source))
		if c.URL != "" {
			b.WriteString(`, <a href="` + esc(c.URL) + `">` + esc(tr(t.lang, "scale.read")) + `</a>`)
		}
		b.WriteString(`)</span></li>`)
	}
	b.WriteString(`</ul></aside></div>`)
	return template.HTML(b.String())
}

// scaleLevel is the prediction interval shown: 90 %.
const scaleLevel = 0.9

func (s *server) handleScale(w http.ResponseWriter, r *http.Request) {
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
	d := scalePage{Network: n, Area: area, Areas: s.kpiAreaOptions(area, lang)}
	var ak *kolada.AreaKPI
	for _, k := range kolada.KPIsForArea(area) {
		if k.Kind == kolada.KindCostPerInhabitant {
			k := k
			ak = &k
			break
		}
	}
	title := tr(lang, "scale.title", n.Name)
	if ak == nil {
		d.NoArea = true
		s.render(w, r, http.StatusOK, "scale", page{Title: title, Data: d})
		return
	}
	d.AreaName, d.KPI, d.Title = s.areaName(area, lang), ak.KPI, ak.Title
	codes, pops, pf, err := s.networkPopulations(r, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	all := make([]string, 0, len(s.cat.Municipalities()))
	for _, m := range s.cat.Municipalities() {
		all = append(all, m.Code)
	}
	allPops, _, _ := pf.Latest(all)
	vs, err := ks.KPIValues(ctx, ak.KPI, nil, nil)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d.Year = samverkan.LatestKPIYear(ak.KPI, vs)
	if d.Year == 0 {
		d.Problem = tr(lang, "kpi.empty", ak.KPI)
		s.render(w, r, http.StatusOK, "scale", page{Title: title, Data: d})
		return
	}
	series := samverkan.ScaleSeriesOf(area, ak.KPI, d.Year, vs, allPops)
	fit, err := samverkan.FitScale(series)
	if err != nil {
		if samverkan.ErrorCode(err) != samverkan.EINVALID {
			s.error(w, r, err)
			return
		}
		d.Problem = samverkan.ErrorMessage(err)
		for _, fe := range samverkan.FieldErrors(err) {
			d.Problem = fe.Message(lang)
		}
		s.render(w, r, http.StatusOK, "scale", page{Title: title, Data: d})
		return
	}
	d.Fit = &scaleFitView{N: fit.N, Slope: decimalText(fit.Slope, 2, lang), SlopeSE: decimalText(fit.SlopeSE, 2, lang), R2: decimalText(fit.R2, 2, lang)}
	perInh := tr(lang, "cost.per_inhabitant.unit")
	t := newEstimateTable("scale-est", tr(lang, "scale.caption", ak.Title, d.Year, int(scaleLevel*100)), tr(lang, "scale.caveats"),
		[]string{tr(lang, "kpi.col.who"), tr(lang, "cost.col.population"), tr(lang, "scale.col.actual"), tr(lang, "scale.col.range")}, lang)
	actual := map[string]*float64{}
	for _, p := range series.Points {
		actual[p.Code] = p.CostPerInhabitant
	}
	var points []chart.Point
	for _, p := range series.Points {
		if p.CostPerInhabitant != nil {
			points = append(points, chart.Point{Label: s.cat.MunicipalityName(p.Code), X: float64(p.Population), Y: *p.CostPerInhabitant})
		}
	}
	var combined int64
	var todayTotal float64
	todayKnown := true
	for _, code := range codes {
		pop := pops[code]
		if pop <= 0 {
			continue
		}
		combined += pop
		e, err := fit.Estimate(pop, scaleLevel)
		if err != nil {
			continue
		}
		act := tr(lang, "figure.no_amount")
		if v := actual[code]; v != nil {
			act = kpiNumber(*v, lang) + " " + perInh
			todayTotal += *v * float64(pop)
			points = append(points, chart.Point{Label: s.cat.MunicipalityName(code), X: float64(pop), Y: *v, Mark: true})
		} else {
			todayKnown = false
		}
		t.add(e, s.cat.MunicipalityName(code), groupDigits(pop, lang), act, rangeText(e.Low, e.High, perInh, lang))
	}
	if combined > 0 {
		e, err := fit.Estimate(combined, scaleLevel)
		if err == nil {
			label := tr(lang, "scale.combined", n.Name)
			t.add(e, label, groupDigits(combined, lang), "–", rangeText(e.Low, e.High, perInh, lang))
			points = append(points, chart.Point{Label: label, X: float64(combined), Y: e.CostPerInhabitant, Mark: true})
			if todayKnown && todayTotal > 0 {
				t.summary = tr(lang, "scale.summary", kronorRange(todayTotal-e.TotalHigh, todayTotal-e.TotalLow, lang))
			} else {
				t.summary = tr(lang, "scale.summary.partial")
			}
			if e.Extrapolated {
				t.summary += " " + tr(lang, "scale.extrapolated")
			}
		}
	}
	d.Estimate = t
	sigma := fit.ResidualSE
	tq := samverkan.StudentTQuantile(1-(1-scaleLevel)/2, float64(fit.N-2))
	band := func(x float64, sign float64) float64 {
		lx := math.Log(x)
		dx := lx - fit.MeanLnPopulation
		se := sigma * math.Sqrt(1+1/float64(fit.N)+dx*dx/fit.SxxLnPopulation)
		return math.Exp(fit.Intercept + fit.Slope*lx + sign*tq*se)
	}
	d.Chart = chart.Scatter(chart.LogLog{ID: "scale", Class: "chart", Title: tr(lang, "scale.chart", ak.Title, d.Year),
		Desc: tr(lang, "scale.chart.desc", fit.N, decimalText(fit.Slope, 2, lang)), XLabel: tr(lang, "cost.col.population"), YLabel: perInh,
		Points: points, Fit: true, A: fit.Intercept, B: fit.Slope,
		Low: func(x float64) float64 { return band(x, -1) }, High: func(x float64) float64 { return band(x, 1) },
		Format: func(v float64) string { return groupDigits(int64(math.Round(v)), lang) }})
	s.render(w, r, http.StatusOK, "scale", page{Title: title, Data: d})
}

// decimalText writes v with n decimals in the language's style.
func decimalText(v float64, n int, lang string) string {
	s := fmt.Sprintf("%.*f", n, v)
	s = strings.Replace(s, "-", "−", 1)
	if lang == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

// rangeText is "1 200–1 900 kr/inv.".
func rangeText(lo, hi float64, unit, lang string) string {
	return groupDigits(int64(math.Round(lo)), lang) + "–" + groupDigits(int64(math.Round(hi)), lang) + " " + unit
}

// kronorRange is "mellan −2 000 000 och 5 000 000 kr", rounded to
// thousands: an estimate this rough has no more digits worth showing.
func kronorRange(lo, hi float64, lang string) string {
	r := func(v float64) string {
		n := int64(math.Round(v/1000) * 1000)
		if n < 0 {
			return "−" + groupDigits(-n, lang)
		}
		return groupDigits(n, lang)
	}
	return tr(lang, "scale.between", r(lo), r(hi))
}
