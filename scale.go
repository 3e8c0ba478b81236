package samverkan

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"
)

// Economies of scale: within one area and year, how the cost per inhabitant
// varies with population across municipalities, fitted as a power law
//
//	ln(cost per inhabitant) = a + b·ln(population)
//
// by least squares (research/anchors.md §2, "Method suggestion"). b < 0
// means larger municipalities spend less per inhabitant. An estimate for a
// population, such as a network's combined one, comes as a prediction
// interval and always with the caveats below: the curve is an association
// across municipalities, not a promised saving.

// MinScalePoints is the fewest municipalities a fit needs: two parameters
// and at least one degree of freedom for the error.
const MinScalePoints = 3

// Caveat is a reservation that must be shown next to an estimate, with the
// source it comes from.
type Caveat struct {
	Code string `json:"code"`
	SV   string `json:"sv"`
	EN   string `json:"en"`
	// Source names the publication; Ref is where the research notes cite
	// it; URL is where a reader can check it.
	Source string `json:"source"`
	Ref    string `json:"ref"`
	URL    string `json:"url"`
}

// Text returns the caveat in lang ("sv" or "en").
func (c Caveat) Text(lang string) string {
	if lang == "en" {
		return c.EN
	}
	return c.SV
}

// scaleCaveats are the reservations for any economies-of-scale figure.
var scaleCaveats = []Caveat{
	{
		Code: "statskontoret_2023",
		SV: "Statskontoret fann 2023 att samverkan sällan sänker kommunernas kostnader, men att den underlättar " +
			"kompetensförsörjningen och kan höja kvaliteten. Läs skattningen som en möjlig stordriftsfördel, inte som en besparing.",
		EN: "Statskontoret found in 2023 that collaboration seldom lowers municipalities' costs, but that it eases the " +
			"supply of competence and can raise quality. Read the estimate as a possible economy of scale, not as a saving.",
		Source: "Statskontoret, Hand i hand – en analys av kommunal samverkan (2023)",
		Ref:    "research/domain.md c.1 [S16]",
		URL:    "https://statskontoret.se/publicerat/publikationer/publikationer-2023/hand-i-hand--en-analys-av-kommunal-samverkan/",
	},
	{
		Code: "riksrevisionen_2018",
		SV: "Riksrevisionen påpekade 2018 att kommunerna själva väljer hur de fördelar gemensamma kostnader på " +
			"verksamheterna, så verksamhetens kostnader är inte fullt jämförbara mellan kommuner.",
		EN: "Riksrevisionen pointed out in 2018 that municipalities choose how to allocate shared overheads to their " +
			"activities, so activity costs are not fully comparable between municipalities.",
		Source: "Riksrevisionen, RiR 2018:7; the government's response, skr. 2017/18:293",
		Ref:    "research/anchors.md §2 (not in domain.md's source list)",
		URL:    "https://github.com/civictechsweden/g0vse/blob/main/rattsliga-dokument/skrivelse/2018/09/skr.-201718293.md",
	},
	{
		Code: "cross_section",
		SV: "Kurvan beskriver hur kostnaden per invånare skiljer sig mellan kommuner av olika storlek ett visst år. " +
			"Den tar inte hänsyn till glesbygd, åldersstruktur eller kvalitet och visar inte vad som händer när kommuner samverkar.",
		EN: "The curve describes how cost per inhabitant differs between municipalities of different size in one year. " +
			"It does not account for sparsity, age structure or quality, and does not show what happens when municipalities collaborate.",
		Source: "Method note",
		Ref:    "research/anchors.md §2, method suggestion (inference)",
	},
}

// ScaleCaveats returns the caveats every economies-of-scale figure carries.
func ScaleCaveats() []Caveat { return append([]Caveat(nil), scaleCaveats...) }

// ScalePoint is one municipality's cost per inhabitant in the series.
type ScalePoint struct {
	Code       string `json:"code"`
	Population int64  `json:"population"`
	// CostPerInhabitant in kronor; nil when unknown (a Kolada null),
	// which leaves the point out rather than counting it as 0.
	CostPerInhabitant *float64 `json:"cost_per_inhabitant"`
}

// ScaleSeries is the cost per inhabitant of one area (and the Kolada KPI it
// comes from) across municipalities in one year.
type ScaleSeries struct {
	Area   string       `json:"area"`
	KPI    string       `json:"kpi"`
	Year   int          `json:"year"`
	Points []ScalePoint `json:"points"`
}

// ScaleFit is the least-squares fit of ln(cost per inhabitant) on
// ln(population).
type ScaleFit struct {
	Area string `json:"area"`
	KPI  string `json:"kpi"`
	Year int    `json:"year"`
	// N is the number of points used; Excluded lists the codes left out
	// because their cost was unknown or not positive.
	N        int      `json:"n"`
	Excluded []string `json:"excluded"`
	// Intercept a and Slope b (the elasticity of cost per inhabitant with
	// respect to population), with their standard errors.
	Intercept   float64 `json:"intercept"`
	Slope       float64 `json:"slope"`
	InterceptSE float64 `json:"intercept_se"`
	SlopeSE     float64 `json:"slope_se"`
	// ResidualSE is the standard deviation of the residuals (n−2 degrees
	// of freedom); R2 the share of variance explained.
	ResidualSE float64 `json:"residual_se"`
	R2         float64 `json:"r2"`
	// MeanLnPopulation and SxxLnPopulation (the sum of squared deviations
	// of ln population) are what a prediction interval needs.
	MeanLnPopulation float64 `json:"mean_ln_population"`
	SxxLnPopulation  float64 `json:"sxx_ln_population"`
	// MinPopulation and MaxPopulation bound the data; an estimate outside
	// them is an extrapolation.
	MinPopulation int64 `json:"min_population"`
	MaxPopulation int64 `json:"max_population"`
}

// Caveats returns the reservations that go with the fit.
func (f *ScaleFit) Caveats() []Caveat { return ScaleCaveats() }

// MarshalJSON writes the fit with its caveats.
func (f ScaleFit) MarshalJSON() ([]byte, error) {
	type plain ScaleFit
	return json.Marshal(struct {
		plain
		Caveats []Caveat `json:"caveats"`
	}{plain(f), ScaleCaveats()})
}

// FitScale fits the power law to the series. Points with an unknown or
// non-positive cost, or a non-positive population, are left out and listed
// in Excluded. Too few points or no spread in population is an EINVALID error.
func FitScale(s ScaleSeries) (*ScaleFit, error) {
	var v Validation
	f := &ScaleFit{Area: s.Area, KPI: s.KPI, Year: s.Year, Excluded: []string{}}
	var xs, ys []float64
	seen := map[string]bool{}
	for i, p := range s.Points {
		if seen[p.Code] {
			v.Add(fmt.Sprintf("points[%d].code", i), "duplicate_member", p.Code)
			continue
		}
		seen[p.Code] = true
		if p.CostPerInhabitant == nil || !(*p.CostPerInhabitant > 0) || math.IsInf(*p.CostPerInhabitant, 0) || p.Population <= 0 {
			f.Excluded = append(f.Excluded, p.Code)
			continue
		}
		xs = append(xs, math.Log(float64(p.Population)))
		ys = append(ys, math.Log(*p.CostPerInhabitant))
		if f.MinPopulation == 0 || p.Population < f.MinPopulation {
			f.MinPopulation = p.Population
		}
		if p.Population > f.MaxPopulation {
			f.MaxPopulation = p.Population
		}
	}
	sort.Strings(f.Excluded)
	n := len(xs)
	f.N = n
	if n < MinScalePoints {
		v.Add("points", "too_few_points", MinScalePoints, n)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= float64(n)
	my /= float64(n)
	var sxx, sxy, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if sxx == 0 {
		v.Add("points", "no_spread")
		return nil, v.Err()
	}
	b := sxy / sxx
	a := my - b*mx
	var sse float64
	for i := range xs {
		e := ys[i] - (a + b*xs[i])
		sse += e * e
	}
	s2 := sse / float64(n-2)
	f.Intercept, f.Slope = a, b
	f.ResidualSE = math.Sqrt(s2)
	f.SlopeSE = math.Sqrt(s2 / sxx)
	f.InterceptSE = math.Sqrt(s2 * (1/float64(n) + mx*mx/sxx))
	f.R2 = 1
	if syy > 0 {
		f.R2 = 1 - sse/syy
	}
	f.MeanLnPopulation, f.SxxLnPopulation = mx, sxx
	return f, nil
}

// ScaleEstimate is the fitted cost per inhabitant at one population, as a
// prediction interval. It is made by ScaleFit.Estimate and always carries
// the caveats: Caveats returns them and the JSON form includes them, so no
// way of showing an estimate leaves them out.
type ScaleEstimate struct {
	Area       string `json:"area"`
	KPI        string `json:"kpi"`
	Year       int    `json:"year"`
	Population int64  `json:"population"`
	// Level of the prediction interval, e.g. 0.9.
	Level float64 `json:"level"`
	// CostPerInhabitant is exp(a + b·ln population), the fitted median;
	// Low and High bound the prediction interval for one municipality of
	// that size. All in kronor per inhabitant.
	CostPerInhabitant float64 `json:"cost_per_inhabitant"`
	Low               float64 `json:"low"`
	High              float64 `json:"high"`
	// Total, TotalLow and TotalHigh are the same times Population, in kronor.
	Total     float64 `json:"total"`
	TotalLow  float64 `json:"total_low"`
	TotalHigh float64 `json:"total_high"`
	// Extrapolated is true when Population lies outside the populations
	// the fit was made from.
	Extrapolated bool `json:"extrapolated"`
}

// Caveats returns the reservations that must be shown with the estimate.
func (e *ScaleEstimate) Caveats() []Caveat { return ScaleCaveats() }

// MarshalJSON writes the estimate with its caveats.
func (e ScaleEstimate) MarshalJSON() ([]byte, error) {
	type plain ScaleEstimate
	return json.Marshal(struct {
		plain
		Caveats []Caveat `json:"caveats"`
	}{plain(e), ScaleCaveats()})
}

// Estimate returns the fitted cost per inhabitant at population with a
// prediction interval at level (0.9 for 90 %), using Student's t with n−2
// degrees of freedom on the log scale:
//
//	ŷ ± t·s·√(1 + 1/n + (x₀ − x̄)²/Sxx), back-transformed with exp.
func (f *ScaleFit) Estimate(population int64, level float64) (*ScaleEstimate, error) {
	var v Validation
	if population <= 0 {
		v.Add("population", "population_not_positive")
	}
	if !(level > 0 && level < 1) {
		v.Add("level", "invalid_confidence")
	}
	if f.N < MinScalePoints || f.SxxLnPopulation <= 0 {
		v.Add("points", "too_few_points", MinScalePoints, f.N)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	x0 := math.Log(float64(population))
	y0 := f.Intercept + f.Slope*x0
	dx := x0 - f.MeanLnPopulation
	se := f.ResidualSE * math.Sqrt(1+1/float64(f.N)+dx*dx/f.SxxLnPopulation)
	t := StudentTQuantile(1-(1-level)/2, float64(f.N-2))
	e := &ScaleEstimate{
		Area: f.Area, KPI: f.KPI, Year: f.Year, Population: population, Level: level,
		CostPerInhabitant: math.Exp(y0),
		Low:               math.Exp(y0 - t*se),
		High:              math.Exp(y0 + t*se),
		Extrapolated:      population < f.MinPopulation || population > f.MaxPopulation,
	}
	p := float64(population)
	e.Total, e.TotalLow, e.TotalHigh = e.CostPerInhabitant*p, e.Low*p, e.High*p
	return e, nil
}

// StudentTQuantile returns t such that P(T ≤ t) = p for Student's t with
// nu degrees of freedom (nu > 0, 0 < p < 1), found by bisection on the
// distribution function; NaN for arguments out of range.
func StudentTQuantile(p, nu float64) float64 {
	if !(p > 0 && p < 1) || !(nu > 0) {
		return math.NaN()
	}
	if p < 0.5 {
		return -StudentTQuantile(1-p, nu)
	}
	if p == 0.5 {
		return 0
	}
	hi := 1.0
	for studentTCDF(hi, nu) < p {
		hi *= 2
		if hi > 1e300 {
			return math.Inf(1)
		}
	}
	lo := 0.0
	for i := 0; i < 200 && hi-lo > 1e-13*hi; i++ {
		mid := (lo + hi) / 2
		if studentTCDF(mid, nu) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// studentTCDF is P(T ≤ t) for t ≥ 0: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½).
func studentTCDF(t, nu float64) float64 {
	return 1 - 0.5*regIncBeta(nu/(nu+t*t), nu/2, 0.5)
}

// regIncBeta is the regularised incomplete beta function I_x(a, b), by the
// continued fraction (modified Lentz), using the symmetry
// I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly.
func regIncBeta(x, a, b float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaCF(1-x, b, a)/b
	}
	return front * betaCF(x, a, b) / a
}

func betaCF(x, a, b float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 10000; m++ {
		fm := float64(m)
		// Even step.
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		// Odd step.
		num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}

// KPIValue is a Kolada key figure for a municipality, year and gender
// ("T" total, "K" women, "M" men) as fetched; Value nil is a figure Kolada
// reports as missing, which is unknown, not zero.
type KPIValue struct {
	KPI          string    `json:"kpi"`
	Municipality string    `json:"municipality"`
	Year         int       `json:"year"`
	Gender       string    `json:"gender"`
	Value        *float64  `json:"value"`
	Fetched      time.Time `json:"fetched"`
}

// KPIInfo names a Kolada key figure.
type KPIInfo struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// KPIStore keeps Kolada values fetched by `samverkan kolada sync`.
type KPIStore interface {
	// SaveKPIValues replaces the stored values of the same key (kpi,
	// municipality, year, gender) and names the KPIs, in one transaction:
	// a sync stores all it fetched or nothing.
	SaveKPIValues(ctx context.Context, kpis []KPIInfo, vs []KPIValue) error
	// KPIValues returns stored values of kpi for the municipalities codes
	// (all when empty) and years (all when empty), ordered by municipality,
	// year and gender.
	KPIValues(ctx context.Context, kpi string, codes []string, years []int) ([]KPIValue, error)
	// KPIInfos names the stored KPIs.
	KPIInfos(ctx context.Context) ([]KPIInfo, error)
}

// KPIs returns s as a KPIStore, or an error saying it is not one.
func KPIs(s Store) (KPIStore, error) {
	ks, ok := s.(KPIStore)
	if !ok {
		return nil, fmt.Errorf("samverkan: the store %T keeps no Kolada values", s)
	}
	return ks, nil
}

// KPIComparison compares a network's members on one KPI and year: each
// member's value (nil when Kolada has none), the network's average weighted
// by population over the members with a value (Kolada's own group averages
// are unweighted), and the median of all municipalities with a value. The
// weighted average and the median are this product's calculations on
// Kolada's values, not Kolada's figures.
type KPIComparison struct {
	KPI     string         `json:"kpi"`
	Year    int            `json:"year"`
	Members []KPIMemberRow `json:"members"`
	// NetworkWeighted is nil when no member has a value; Known counts the
	// members it rests on.
	NetworkWeighted *float64 `json:"network_weighted"`
	Known           int      `json:"known"`
	// NationalMedian over the municipalities with a value (N of them);
	// nil when none has.
	NationalMedian *float64 `json:"national_median"`
	N              int      `json:"n"`
}

// KPIMemberRow is one member's value.
type KPIMemberRow struct {
	Code       string   `json:"code"`
	Population int64    `json:"population"`
	Value      *float64 `json:"value"`
}

// CompareKPI builds the comparison of members on the total (gender T)
// values of one KPI and year; all holds the values of every municipality
// and pops their populations.
func CompareKPI(kpi string, year int, all []KPIValue, members []string, pops map[string]int64) KPIComparison {
	byCode := map[string]*float64{}
	var known []float64
	for _, v := range all {
		if v.KPI != kpi || v.Year != year || v.Gender != "T" {
			continue
		}
		byCode[v.Municipality] = v.Value
		if v.Value != nil && !math.IsNaN(*v.Value) && !math.IsInf(*v.Value, 0) {
			known = append(known, *v.Value)
		}
	}
	out := KPIComparison{KPI: kpi, Year: year, Members: []KPIMemberRow{}, N: len(known)}
	var wsum, psum float64
	for _, code := range members {
		row := KPIMemberRow{Code: code, Population: pops[code], Value: byCode[code]}
		if row.Value != nil && row.Population > 0 {
			wsum += *row.Value * float64(row.Population)
			psum += float64(row.Population)
			out.Known++
		}
		out.Members = append(out.Members, row)
	}
	if psum > 0 {
		w := wsum / psum
		out.NetworkWeighted = &w
	}
	if len(known) > 0 {
		sort.Float64s(known)
		m := known[len(known)/2]
		if len(known)%2 == 0 {
			m = (known[len(known)/2-1] + known[len(known)/2]) / 2
		}
		out.NationalMedian = &m
	}
	return out
}

// LatestKPIYear is the latest year in vs with a known total value of kpi,
// or 0.
func LatestKPIYear(kpi string, vs []KPIValue) int {
	y := 0
	for _, v := range vs {
		if v.KPI == kpi && v.Gender == "T" && v.Value != nil && v.Year > y {
			y = v.Year
		}
	}
	return y
}

// ScaleSeriesOf is the cost-per-inhabitant series of a KPI and year over
// the municipalities in pops, from stored Kolada values (total gender).
func ScaleSeriesOf(area, kpi string, year int, vs []KPIValue, pops map[string]int64) ScaleSeries {
	s := ScaleSeries{Area: area, KPI: kpi, Year: year}
	for _, v := range vs {
		if v.KPI != kpi || v.Year != year || v.Gender != "T" {
			continue
		}
		p, ok := pops[v.Municipality]
		if !ok {
			continue
		}
		s.Points = append(s.Points, ScalePoint{Code: v.Municipality, Population: p, CostPerInhabitant: v.Value})
	}
	sort.Slice(s.Points, func(i, j int) bool { return s.Points[i].Code < s.Points[j].Code })
	return s
}
