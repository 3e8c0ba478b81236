package samverkan_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(1, math.Abs(want))
}

// fivePoints is a hand-made series: populations 1000·2^k (k = 0…4) and
// cost per inhabitant 20000·pop^−0.2·e^{r_k} with residuals
// r = (0.1, −0.1, 0, −0.1, 0.1). The residuals add up to 0 and are
// orthogonal to k, so least squares recovers a = ln 20000 and b = −0.2
// exactly, and by hand:
//
//	x̄ = ln 4000, Sxx = (ln 2)²·Σ(k−2)² = 10 (ln 2)², SSE = Σr² = 0.04,
//	s = √(0.04/3), SE(b) = s/(√10·ln 2), SE(a) = s·√(1/5 + (ln 4000)²/Sxx),
//	Syy = b²·Sxx + SSE, R² = b²·Sxx/Syy.
func fivePoints() samverkan.ScaleSeries {
	s := samverkan.ScaleSeries{Area: "270", KPI: "N00000", Year: 2024}
	res := []float64{0.1, -0.1, 0, -0.1, 0.1}
	for k, r := range res {
		pop := int64(1000) << k
		cost := 20000 * math.Pow(float64(pop), -0.2) * math.Exp(r)
		s.Points = append(s.Points, samverkan.ScalePoint{Code: codeOf(k + 114), Population: pop, CostPerInhabitant: &cost})
	}
	// Points the fit must leave out, not read as 0.
	s.Points = append(s.Points,
		samverkan.ScalePoint{Code: "0999", Population: 5000},
		samverkan.ScalePoint{Code: "0998", Population: 5000, CostPerInhabitant: f64(0)},
		samverkan.ScalePoint{Code: "0997", Population: 0, CostPerInhabitant: f64(10)})
	return s
}

func TestFitScaleHandComputed(t *testing.T) {
	f, err := samverkan.FitScale(fivePoints())
	if err != nil {
		t.Fatal(err)
	}
	ln2 := math.Ln2
	s := math.Sqrt(0.04 / 3)
	sxx := 10 * ln2 * ln2
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"intercept", f.Intercept, math.Log(20000)},
		{"slope", f.Slope, -0.2},
		{"residual se", f.ResidualSE, s},
		{"slope se", f.SlopeSE, s / (math.Sqrt(10) * ln2)},
		{"intercept se", f.InterceptSE, s * math.Sqrt(0.2+math.Pow(math.Log(4000), 2)/sxx)},
		{"r2", f.R2, 0.04 * sxx / (0.04*sxx + 0.04)},
		{"mean ln pop", f.MeanLnPopulation, math.Log(4000)},
		{"sxx", f.SxxLnPopulation, sxx},
	} {
		if !near(c.got, c.want, 1e-9) {
			t.Errorf("%s = %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
	if f.N != 5 || strings.Join(f.Excluded, ",") != "0997,0998,0999" || f.MinPopulation != 1000 || f.MaxPopulation != 16000 {
		t.Errorf("n %d excluded %v range %d–%d", f.N, f.Excluded, f.MinPopulation, f.MaxPopulation)
	}
	// Rounded checks against the figures worked out on paper.
	if !near(f.SlopeSE, 0.05268, 1e-4) || !near(f.InterceptSE, 0.43997, 1e-4) || !near(f.R2, 0.82772, 1e-4) {
		t.Errorf("se(b) %.5f se(a) %.5f r2 %.5f", f.SlopeSE, f.InterceptSE, f.R2)
	}
}

func TestScaleEstimate(t *testing.T) {
	f, err := samverkan.FitScale(fivePoints())
	if err != nil {
		t.Fatal(err)
	}
	s := math.Sqrt(0.04 / 3)
	const t90df3 = 2.353363434801823 // Student's t, 95th percentile, 3 degrees of freedom
	for _, c := range []struct {
		pop    int64
		factor float64 // 1 + 1/n + (x₀ − x̄)²/Sxx
		extra  bool
	}{
		{4000, 1.2, false},           // at the mean: x₀ = x̄
		{32000, 1 + 0.2 + 0.9, true}, // (ln 8)²/(10 (ln 2)²) = 9/10
	} {
		e, err := f.Estimate(c.pop, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		point := 20000 * math.Pow(float64(c.pop), -0.2)
		half := t90df3 * s * math.Sqrt(c.factor)
		if !near(e.CostPerInhabitant, point, 1e-9) || !near(e.Low, point*math.Exp(-half), 1e-9) || !near(e.High, point*math.Exp(half), 1e-9) {
			t.Errorf("pop %d: %.4f [%.4f, %.4f], want %.4f [%.4f, %.4f]", c.pop, e.CostPerInhabitant, e.Low, e.High, point, point*math.Exp(-half), point*math.Exp(half))
		}
		if !near(e.Total, point*float64(c.pop), 1e-9) || e.Extrapolated != c.extra {
			t.Errorf("pop %d: total %.2f extrapolated %v", c.pop, e.Total, e.Extrapolated)
		}
	}
	// Paper figures for 4000 inhabitants: 3807.31 kr [2827.08, 5127.42].
	e, _ := f.Estimate(4000, 0.9)
	if math.Round(e.CostPerInhabitant*100) != 380731 || math.Round(e.Low*100) != 282708 || math.Round(e.High*100) != 512742 {
		t.Errorf("estimate %.2f [%.2f, %.2f]", e.CostPerInhabitant, e.Low, e.High)
	}
}

// An estimate cannot be shown without its caveats: the struct returns them
// and its JSON always carries them, however the value was made.
func TestScaleCaveatsTravelWithTheEstimate(t *testing.T) {
	f, err := samverkan.FitScale(fivePoints())
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.Estimate(10000, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{"estimate": e, "literal estimate": samverkan.ScaleEstimate{}, "fit": f} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Caveats []samverkan.Caveat `json:"caveats"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		codes := map[string]bool{}
		for _, c := range got.Caveats {
			codes[c.Code] = true
			if c.SV == "" || c.EN == "" || c.Source == "" || c.Ref == "" {
				t.Errorf("%s: caveat %s incomplete", name, c.Code)
			}
		}
		if !codes["statskontoret_2023"] || !codes["riksrevisionen_2018"] {
			t.Errorf("%s: caveats %v in %s", name, codes, b)
		}
	}
	cs := e.Caveats()
	if len(cs) < 2 || !strings.Contains(cs[0].Text("sv"), "sällan sänker") || !strings.Contains(cs[0].Ref, "[S16]") ||
		!strings.Contains(cs[1].Text("en"), "not fully comparable") {
		t.Errorf("caveats %+v", cs)
	}
	cs[0].SV = "changed"
	if e.Caveats()[0].SV == "changed" {
		t.Error("caveats are shared; a caller changed them for everyone")
	}
}

func TestFitScaleErrors(t *testing.T) {
	two := samverkan.ScaleSeries{Points: []samverkan.ScalePoint{
		{Code: "0114", Population: 10, CostPerInhabitant: f64(5)},
		{Code: "0115", Population: 20, CostPerInhabitant: f64(4)},
		{Code: "0117", Population: 30}, // unknown: left out, so only two remain
	}}
	if _, err := samverkan.FitScale(two); !hasMoneyField(err, "points", "too_few_points") {
		t.Errorf("two points: %v", err)
	}
	same := samverkan.ScaleSeries{Points: []samverkan.ScalePoint{
		{Code: "0114", Population: 10, CostPerInhabitant: f64(5)},
		{Code: "0115", Population: 10, CostPerInhabitant: f64(4)},
		{Code: "0117", Population: 10, CostPerInhabitant: f64(3)},
	}}
	if _, err := samverkan.FitScale(same); !hasMoneyField(err, "points", "no_spread") {
		t.Errorf("same population: %v", err)
	}
	dup := fivePoints()
	dup.Points = append(dup.Points, dup.Points[0])
	if _, err := samverkan.FitScale(dup); !hasMoneyField(err, "points[8].code", "duplicate_member") {
		t.Errorf("duplicate: %v", err)
	}
	f, _ := samverkan.FitScale(fivePoints())
	if _, err := f.Estimate(0, 0.9); !hasMoneyField(err, "population", "population_not_positive") {
		t.Errorf("zero population: %v", err)
	}
	if _, err := f.Estimate(100, 90); !hasMoneyField(err, "level", "invalid_confidence") {
		t.Errorf("level 90: %v", err)
	}
	var zero samverkan.ScaleFit
	if _, err := zero.Estimate(100, 0.9); !hasMoneyField(err, "points", "too_few_points") {
		t.Errorf("empty fit: %v", err)
	}
}

func hasMoneyField(err error, field, code string) bool {
	for _, f := range samverkan.FieldErrors(err) {
		if f.Field == field && f.Code == code {
			return f.Message("sv") != code && f.Message("en") != code
		}
	}
	return false
}

func TestStudentTQuantile(t *testing.T) {
	for _, c := range []struct{ p, nu, want float64 }{
		// Closed forms: ν = 1 is Cauchy, ν = 2 has t = (2p−1)/√(2p(1−p)).
		{0.95, 1, math.Tan(math.Pi * 0.45)},
		{0.975, 1, math.Tan(math.Pi * 0.475)},
		{0.95, 2, 0.9 / math.Sqrt(2*0.95*0.05)},
		{0.995, 2, 0.99 / math.Sqrt(2*0.995*0.005)},
		{0.05, 2, -0.9 / math.Sqrt(2*0.95*0.05)},
		// Printed tables of Student's t.
		{0.95, 3, 2.353363},
		{0.975, 10, 2.228139},
		{0.95, 30, 1.697261},
		{0.995, 5, 4.032143},
		{0.95, 288, 1.650162},
		// Large ν approaches the normal quantile.
		{0.95, 1e7, 1.644854},
		{0.5, 4, 0},
	} {
		got := samverkan.StudentTQuantile(c.p, c.nu)
		if !near(got, c.want, 2e-6) {
			t.Errorf("t(%v; %v) = %.7f, want %.7f", c.p, c.nu, got, c.want)
		}
	}
	for _, bad := range [][2]float64{{0, 3}, {1, 3}, {0.9, 0}, {math.NaN(), 3}} {
		if got := samverkan.StudentTQuantile(bad[0], bad[1]); !math.IsNaN(got) {
			t.Errorf("t(%v; %v) = %v, want NaN", bad[0], bad[1], got)
		}
	}
}
