package samverkan_test

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/quick"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

var moneyCat = refdata.MustCatalog()

func i64(v int64) *int64                      { return &v }
func f64(v float64) *float64                  { return &v }
func member(code string) samverkan.CostMember { return samverkan.CostMember{Code: code} }

func amountsOf(t *testing.T, cs *samverkan.CostShares) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, m := range cs.Members {
		if m.Amount == nil {
			t.Fatalf("%s: amount nil, want known", m.Code)
		}
		out[m.Code] = *m.Amount
	}
	return out
}

func bpOf(cs *samverkan.CostShares) map[string]int64 {
	out := map[string]int64{}
	for _, m := range cs.Members {
		out[m.Code] = m.ShareBP
	}
	return out
}

// The C-Tillsammans joint IT board (Heby, Knivsta, Tierp, Älvkarleby,
// Östhammar; domain.md a.9 [S40]) splits its cost by size and by the number
// of computers. The total, the 50/50 weights and the computer counts below
// are EXAMPLE VALUES, not the board's real figures; the populations are
// SCB's for 2019-12-31 as embedded in refdata.
//
// Hand computation: Σpop = 14047+18835+21136+9457+22250 = 85725, Σpc = 7500.
// Heby: ½·14047/85725 + ½·1200/7500 = 0.0819306 + 0.08 = 0.1619306,
// × 40 000 000 = 6 477 223.68 → 6 477 223, remainder 0.68.
// Floors add up to 39 999 998; the two kronor left go to the largest
// remainders: Tierp (0.94) and Heby (0.68).
func TestCostSharesITBoardExample(t *testing.T) {
	in := samverkan.CostKeyInputs{
		Key: samverkan.CostKeySizeAndUsage, Year: 2020, Total: i64(40_000_000),
		ReferenceDate: samverkan.MustDate("2019-12-31"), SizeWeight: 50, UsageWeight: 50,
		Members: []samverkan.CostMember{
			{Code: "0331", Population: i64(14047), Usage: f64(1200)}, // Heby
			{Code: "0330", Population: i64(18835), Usage: f64(1500)}, // Knivsta
			{Code: "0360", Population: i64(21136), Usage: f64(2100)}, // Tierp
			{Code: "0319", Population: i64(9457), Usage: f64(700)},   // Älvkarleby
			{Code: "0382", Population: i64(22250), Usage: f64(2000)}, // Östhammar
		},
	}
	cs, err := samverkan.ComputeCostShares(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantAmount := map[string]int64{"0331": 6477224, "0330": 8394284, "0360": 10531117, "0319": 4073024, "0382": 10524351}
	if got := amountsOf(t, cs); !reflect.DeepEqual(got, wantAmount) {
		t.Errorf("amounts %v, want %v", got, wantAmount)
	}
	// 10000 × share: 1619.31, 2098.57, 2632.78, 1018.26, 2631.09; floors
	// add up to 9998, the two left go to Knivsta (.57) and Tierp (.78).
	wantBP := map[string]int64{"0331": 1619, "0330": 2099, "0360": 2633, "0319": 1018, "0382": 2631}
	if got := bpOf(cs); !reflect.DeepEqual(got, wantBP) {
		t.Errorf("shares %v, want %v", got, wantBP)
	}
	wantPerInh := map[string]float64{"0331": 461.11, "0330": 445.67, "0360": 498.25, "0319": 430.69, "0382": 473.00}
	for _, m := range cs.Members {
		if m.PerInhabitant == nil || *m.PerInhabitant != wantPerInh[m.Code] {
			t.Errorf("%s: per inhabitant %v, want %v", m.Code, m.PerInhabitant, wantPerInh[m.Code])
		}
	}
	if want := big.NewRat(27763, 171450); cs.Members[0].Share.Cmp(want) != 0 { // 14047/171450 + 2/25 = (14047+13716)/171450
		t.Errorf("Heby's exact share %v, want %v", cs.Members[0].Share, want)
	}
	if got := cs.Members[2].PercentText("sv"); got != "26,33\u00a0%" {
		t.Errorf("Tierp sv %q", got)
	}
	if got := cs.Members[3].PercentText("en"); got != "10.18%" {
		t.Errorf("Älvkarleby en %q", got)
	}
}

func TestCostSharesHandComputed(t *testing.T) {
	three := []samverkan.CostMember{member("0117"), member("0114"), member("0115")}
	for _, tc := range []struct {
		name   string
		in     samverkan.CostKeyInputs
		amount map[string]int64
		bp     map[string]int64
		total  int64
	}{
		{
			// 100/3 = 33.33…: floors 33+33+33, one krona left, equal
			// remainders, so the lowest code (0114) gets it.
			name:   "equal shares, tie to the lowest code",
			in:     samverkan.CostKeyInputs{Key: samverkan.CostKeyEqual, Year: 2024, Total: i64(100), Members: three},
			amount: map[string]int64{"0114": 34, "0115": 33, "0117": 33},
			bp:     map[string]int64{"0114": 3334, "0115": 3333, "0117": 3333},
			total:  100,
		},
		{
			// Överförmyndare split by folkmängd (domain.md a.9 [S48]);
			// EXAMPLE populations 1000, 3000: 25 % and 75 % of 1 001 kr
			// = 250.25 and 750.75 → 250 + 750, the krona left to 0115 (.75).
			name: "population",
			in: samverkan.CostKeyInputs{Key: samverkan.CostKeyPopulation, Year: 2024, Total: i64(1001), ReferenceDate: samverkan.MustDate("2023-11-01"),
				Members: []samverkan.CostMember{{Code: "0114", Population: i64(1000)}, {Code: "0115", Population: i64(3000)}}},
			amount: map[string]int64{"0114": 250, "0115": 751},
			bp:     map[string]int64{"0114": 2500, "0115": 7500},
			total:  1001,
		},
		{
			// Fixed percentages like the ambulance-flight förbund
			// (Dalarna 2.69 % of 140 tkr, domain.md a.9 [S56]); the other
			// two percentages are EXAMPLE VALUES that make 100.
			// 140000 × 0.0269 = 3766, × 0.4831 = 67634, × 0.49 = 68600.
			name: "fixed percentages",
			in: samverkan.CostKeyInputs{Key: samverkan.CostKeyFixed, Year: 2024, Total: i64(140_000),
				Members: []samverkan.CostMember{{Code: "2080", Percent: f64(2.69)}, {Code: "0114", Percent: f64(48.31)}, {Code: "0115", Percent: f64(49)}}},
			amount: map[string]int64{"2080": 3766, "0114": 67634, "0115": 68600},
			bp:     map[string]int64{"2080": 269, "0114": 4831, "0115": 4900},
			total:  140_000,
		},
		{
			// Usage 1, 1, 2 units of 10 kr: 2.5, 2.5, 5 → 2, 2, 5 and one
			// krona left to the lower code of the tied .5 remainders.
			name: "usage",
			in: samverkan.CostKeyInputs{Key: samverkan.CostKeyUsage, Year: 2024, Total: i64(10),
				Members: []samverkan.CostMember{{Code: "0117", Usage: f64(1)}, {Code: "0115", Usage: f64(1)}, {Code: "0114", Usage: f64(2)}}},
			amount: map[string]int64{"0114": 5, "0115": 3, "0117": 2},
			bp:     map[string]int64{"0114": 5000, "0115": 2500, "0117": 2500},
			total:  10,
		},
		{
			// A member with zero usage pays nothing and never gets a
			// rounding krona.
			name: "usage with a zero",
			in: samverkan.CostKeyInputs{Key: samverkan.CostKeyUsage, Year: 2024, Total: i64(7),
				Members: []samverkan.CostMember{{Code: "0114", Usage: f64(0)}, {Code: "0115", Usage: f64(1)}, {Code: "0117", Usage: f64(1)}}},
			amount: map[string]int64{"0114": 0, "0115": 4, "0117": 3},
			bp:     map[string]int64{"0114": 0, "0115": 5000, "0117": 5000},
			total:  7,
		},
		{
			// Fees are the amounts; their sum is the total.
			name: "fees",
			in: samverkan.CostKeyInputs{Key: samverkan.CostKeyFees, Year: 2024,
				Members: []samverkan.CostMember{{Code: "0114", Fee: i64(100)}, {Code: "0115", Fee: i64(300)}}},
			amount: map[string]int64{"0114": 100, "0115": 300},
			bp:     map[string]int64{"0114": 2500, "0115": 7500},
			total:  400,
		},
		{
			// Base 1 + size 1 (Lystkom-like with a grundavgift), EXAMPLE
			// populations 1000 and 3000: ½·½ + ½·¼ = 3/8 and ½·½ + ½·¾ = 5/8.
			name: "base and size",
			in: samverkan.CostKeyInputs{Key: samverkan.CostKeySizeAndUsage, Year: 2024, Total: i64(800), ReferenceDate: samverkan.MustDate("2023-12-31"),
				BaseWeight: 1, SizeWeight: 1,
				Members: []samverkan.CostMember{{Code: "0114", Population: i64(1000)}, {Code: "0115", Population: i64(3000)}}},
			amount: map[string]int64{"0114": 300, "0115": 500},
			bp:     map[string]int64{"0114": 3750, "0115": 6250},
			total:  800,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := samverkan.ComputeCostShares(tc.in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !cs.Computed || cs.Total == nil || *cs.Total != tc.total {
				t.Fatalf("computed %v total %v, want %d", cs.Computed, cs.Total, tc.total)
			}
			if got := amountsOf(t, cs); !reflect.DeepEqual(got, tc.amount) {
				t.Errorf("amounts %v, want %v", got, tc.amount)
			}
			if got := bpOf(cs); !reflect.DeepEqual(got, tc.bp) {
				t.Errorf("shares %v, want %v", got, tc.bp)
			}
		})
	}
}

func TestCostSharesUnknownTotal(t *testing.T) {
	cs, err := samverkan.ComputeCostShares(samverkan.CostKeyInputs{
		Key: samverkan.CostKeyEqual, Year: 2024,
		Members: []samverkan.CostMember{{Code: "0114", Population: i64(48000)}, {Code: "0115"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Total != nil {
		t.Errorf("total %v, want unknown", *cs.Total)
	}
	for _, m := range cs.Members {
		if m.Amount != nil || m.PerInhabitant != nil {
			t.Errorf("%s: amount %v per inhabitant %v, want both unknown", m.Code, m.Amount, m.PerInhabitant)
		}
		if m.ShareBP != 5000 {
			t.Errorf("%s: share %d, want 5000", m.Code, m.ShareBP)
		}
	}
}

func TestCostSharesPerAgreement(t *testing.T) {
	cs, err := samverkan.ComputeCostShares(samverkan.CostKeyInputs{Key: samverkan.CostKeyPerAgreement, Total: i64(5)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Computed || len(cs.Members) != 0 {
		t.Errorf("computed %v with %d members, want nothing computed", cs.Computed, len(cs.Members))
	}
	if !strings.Contains(cs.Note("sv"), "avtal") || !strings.Contains(cs.Note("en"), "agreement") {
		t.Errorf("note %q / %q", cs.Note("sv"), cs.Note("en"))
	}
}

// Largest-remainder ties are broken by code, so the order in which the
// members come does not change who gets the odd krona.
func TestCostSharesOrderIndependent(t *testing.T) {
	members := []samverkan.CostMember{{Code: "0115", Usage: f64(1)}, {Code: "0117", Usage: f64(1)}, {Code: "0114", Usage: f64(1)}, {Code: "0120", Usage: f64(1)}}
	in := samverkan.CostKeyInputs{Key: samverkan.CostKeyUsage, Year: 2024, Total: i64(1_000_000_000_003), Members: members}
	first, err := samverkan.ComputeCostShares(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	rev := append([]samverkan.CostMember(nil), members...)
	sort.Slice(rev, func(i, j int) bool { return rev[i].Code > rev[j].Code })
	in.Members = rev
	second, err := samverkan.ComputeCostShares(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := amountsOf(t, first), amountsOf(t, second)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("order changed amounts: %v vs %v", a, b)
	}
	if a["0114"] != 250_000_000_001 || a["0115"] != 250_000_000_001 || a["0117"] != 250_000_000_001 || a["0120"] != 250_000_000_000 {
		t.Errorf("amounts %v: the three odd kronor should go to the three lowest codes", a)
	}
}

func TestCostSharesHugeTotal(t *testing.T) {
	in := samverkan.CostKeyInputs{Key: samverkan.CostKeyPopulation, Year: 2024, Total: i64(math.MaxInt64), ReferenceDate: samverkan.MustDate("2023-12-31"),
		Members: []samverkan.CostMember{{Code: "0114", Population: i64(math.MaxInt64)}, {Code: "0115", Population: i64(math.MaxInt64 - 1)}, {Code: "0117", Population: i64(1)}}}
	cs, err := samverkan.ComputeCostShares(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := new(big.Int)
	for _, a := range amountsOf(t, cs) {
		sum.Add(sum, big.NewInt(a))
	}
	if !sum.IsInt64() || sum.Int64() != math.MaxInt64 {
		t.Errorf("amounts add up to %v, want %d", sum, int64(math.MaxInt64))
	}
}

func TestCostSharesValidation(t *testing.T) {
	cat := moneyCat
	type fe struct{ field, code string }
	for _, tc := range []struct {
		name string
		in   samverkan.CostKeyInputs
		want []fe
	}{
		{"no key", samverkan.CostKeyInputs{Year: 2024, Members: []samverkan.CostMember{member("0114")}}, []fe{{"key", "required"}}},
		{"unknown key", samverkan.CostKeyInputs{Key: "lotteri", Year: 2024, Members: []samverkan.CostMember{member("0114")}}, []fe{{"key", "unknown_cost_key"}}},
		{"no members", samverkan.CostKeyInputs{Key: samverkan.CostKeyEqual, Year: 2024}, []fe{{"members", "no_cost_members"}}},
		{"bad year and negative total", samverkan.CostKeyInputs{Key: samverkan.CostKeyEqual, Total: i64(-1), Members: []samverkan.CostMember{member("0114")}},
			[]fe{{"total", "negative"}, {"year", "invalid_year"}}},
		{"duplicate and unknown codes", samverkan.CostKeyInputs{Key: samverkan.CostKeyEqual, Year: 2024, Members: []samverkan.CostMember{member("0114"), member("0114"), member("9999"), member(" ")}},
			[]fe{{"members[1].code", "duplicate_member"}, {"members[2].code", "unknown_municipality"}, {"members[3].code", "required"}}},
		{"population missing is an error, not zero", samverkan.CostKeyInputs{Key: samverkan.CostKeyPopulation, Year: 2024, ReferenceDate: samverkan.MustDate("2023-12-31"),
			Members: []samverkan.CostMember{{Code: "0114", Population: i64(5)}, member("0115"), {Code: "0117", Population: i64(0)}}},
			[]fe{{"members[1].population", "population_missing"}, {"members[2].population", "population_not_positive"}}},
		{"reference date missing", samverkan.CostKeyInputs{Key: samverkan.CostKeyPopulation, Year: 2024,
			Members: []samverkan.CostMember{{Code: "0114", Population: i64(5)}}}, []fe{{"reference_date", "required"}}},
		{"reference date after the year", samverkan.CostKeyInputs{Key: samverkan.CostKeyPopulation, Year: 2024, ReferenceDate: samverkan.MustDate("2025-01-01"),
			Members: []samverkan.CostMember{{Code: "0114", Population: i64(5)}}}, []fe{{"reference_date", "reference_date_after_year"}}},
		{"bad reference date", samverkan.CostKeyInputs{Key: samverkan.CostKeyPopulation, Year: 2024, ReferenceDate: samverkan.LenientDate("31/12"),
			Members: []samverkan.CostMember{{Code: "0114", Population: i64(5)}}}, []fe{{"reference_date", "invalid_date"}}},
		{"usage missing, negative, NaN", samverkan.CostKeyInputs{Key: samverkan.CostKeyUsage, Year: 2024,
			Members: []samverkan.CostMember{member("0114"), {Code: "0115", Usage: f64(-1)}, {Code: "0117", Usage: f64(math.NaN())}}},
			[]fe{{"members[0].usage", "usage_missing"}, {"members[1].usage", "negative_value"}, {"members[2].usage", "not_a_number"}}},
		{"usage all zero", samverkan.CostKeyInputs{Key: samverkan.CostKeyUsage, Year: 2024,
			Members: []samverkan.CostMember{{Code: "0114", Usage: f64(0)}}}, []fe{{"members", "usage_zero_sum"}}},
		{"percentages off 100", samverkan.CostKeyInputs{Key: samverkan.CostKeyFixed, Year: 2024,
			Members: []samverkan.CostMember{{Code: "0114", Percent: f64(49.5)}, {Code: "0115", Percent: f64(50)}}}, []fe{{"members", "percent_sum"}}},
		{"percent missing and out of range", samverkan.CostKeyInputs{Key: samverkan.CostKeyFixed, Year: 2024,
			Members: []samverkan.CostMember{member("0114"), {Code: "0115", Percent: f64(101)}}},
			[]fe{{"members[0].percent", "percent_missing"}, {"members[1].percent", "out_of_scale"}}},
		{"fees missing", samverkan.CostKeyInputs{Key: samverkan.CostKeyFees, Year: 2024,
			Members: []samverkan.CostMember{member("0114"), {Code: "0115", Fee: i64(-3)}}},
			[]fe{{"members[0].fee", "fee_missing"}, {"members[1].fee", "negative"}}},
		{"fees differ from the total", samverkan.CostKeyInputs{Key: samverkan.CostKeyFees, Year: 2024, Total: i64(10),
			Members: []samverkan.CostMember{{Code: "0114", Fee: i64(4)}, {Code: "0115", Fee: i64(5)}}}, []fe{{"total", "fees_total_mismatch"}}},
		{"fees all zero", samverkan.CostKeyInputs{Key: samverkan.CostKeyFees, Year: 2024,
			Members: []samverkan.CostMember{{Code: "0114", Fee: i64(0)}}}, []fe{{"members", "fees_zero_sum"}}},
		{"weights zero", samverkan.CostKeyInputs{Key: samverkan.CostKeySizeAndUsage, Year: 2024,
			Members: []samverkan.CostMember{member("0114")}}, []fe{{"size_weight", "weights_zero"}}},
		{"weights negative", samverkan.CostKeyInputs{Key: samverkan.CostKeySizeAndUsage, Year: 2024, SizeWeight: -1, UsageWeight: math.Inf(1),
			Members: []samverkan.CostMember{member("0114")}}, []fe{{"size_weight", "negative_value"}, {"usage_weight", "not_a_number"}}},
		{"mixed needs what its weights use", samverkan.CostKeyInputs{Key: samverkan.CostKeySizeAndUsage, Year: 2024, SizeWeight: 1, UsageWeight: 1,
			Members: []samverkan.CostMember{member("0114")}},
			[]fe{{"members[0].population", "population_missing"}, {"members[0].usage", "usage_missing"}, {"reference_date", "required"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := samverkan.ComputeCostShares(tc.in, cat)
			if err == nil {
				t.Fatalf("no error; got %+v", cs)
			}
			if samverkan.ErrorCode(err) != samverkan.EINVALID {
				t.Fatalf("code %q, want invalid: %v", samverkan.ErrorCode(err), err)
			}
			var got []fe
			for _, f := range samverkan.FieldErrors(err) {
				got = append(got, fe{f.Field, f.Code})
				for _, lang := range []string{"sv", "en"} {
					if msg := f.Message(lang); msg == f.Code || strings.Contains(msg, "%!") || strings.Contains(msg, "%%") {
						t.Errorf("%s %s: message %q", f.Field, lang, msg)
					}
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("field errors %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCostSharesPercentSumMessage(t *testing.T) {
	_, err := samverkan.ComputeCostShares(samverkan.CostKeyInputs{Key: samverkan.CostKeyFixed, Year: 2024,
		Members: []samverkan.CostMember{{Code: "0114", Percent: f64(49.5)}, {Code: "0115", Percent: f64(50)}}}, nil)
	fs := samverkan.FieldErrors(err)
	if len(fs) != 1 || fs[0].Message("sv") != "Andelarna måste tillsammans bli 100 %; nu blir de 99,5 %." {
		t.Errorf("field errors %+v", fs)
	}
}

// Every key in the vocabulary is handled: either computed or, for
// "varierar_per_avtal", explicitly not.
func TestCostSharesEveryKey(t *testing.T) {
	in := samverkan.CostKeyInputs{Year: 2024, Total: i64(1000), ReferenceDate: samverkan.MustDate("2023-12-31"), SizeWeight: 1, UsageWeight: 1,
		Members: []samverkan.CostMember{{Code: "0114", Population: i64(10), Usage: f64(1), Percent: f64(40), Fee: i64(400)}, {Code: "0115", Population: i64(30), Usage: f64(3), Percent: f64(60), Fee: i64(600)}}}
	for _, k := range samverkan.CostKeys {
		in.Key = k.Code
		cs, err := samverkan.ComputeCostShares(in, nil)
		if err != nil {
			t.Errorf("%s: %v", k.Code, err)
			continue
		}
		if cs.Computed != (k.Code != samverkan.CostKeyPerAgreement) {
			t.Errorf("%s: computed %v", k.Code, cs.Computed)
		}
	}
}

func TestCatalogPopulation(t *testing.T) {
	cat := moneyCat
	pops, date, err := samverkan.CatalogPopulation(cat, []string{"0114", "0115"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := cat.Municipality("0114")
	if pops["0114"] != int64(m.Population) || date.Year() != m.PopulationYear || date.String()[5:] != "12-31" {
		t.Errorf("got %v %v", pops, date)
	}
	if _, _, err := samverkan.CatalogPopulation(cat, []string{"0114", "9999"}); samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("unknown code: %v", err)
	}
}

// costCase is a random cost-sharing problem for the property test: 1–300
// members with random populations, usage, percentages (that add up to 100)
// and fees, random weights and a random total up to 10^12 kr.
type costCase struct {
	In samverkan.CostKeyInputs
}

func (costCase) Generate(r *rand.Rand, _ int) reflect.Value {
	n := 1 + r.Intn(300)
	keys := []string{samverkan.CostKeyPopulation, samverkan.CostKeyEqual, samverkan.CostKeyUsage, samverkan.CostKeyFixed, samverkan.CostKeySizeAndUsage, samverkan.CostKeyFees}
	in := samverkan.CostKeyInputs{Key: keys[r.Intn(len(keys))], Year: 2024, ReferenceDate: samverkan.MustDate("2023-12-31")}
	total := r.Int63n(1_000_000_000_001)
	if r.Intn(4) == 0 {
		total = r.Int63n(1000) // small totals make many ties
	}
	in.Total = &total
	// Percentages: n random hundredths of a percent that add up to 10000,
	// given as decimals the way a person would type them (12.34).
	cuts := make([]int, n-1)
	for i := range cuts {
		cuts[i] = r.Intn(10001)
	}
	sort.Ints(cuts)
	prev := 0
	for i := 0; i < n; i++ {
		end := 10000
		if i < n-1 {
			end = cuts[i]
		}
		pct := float64(end-prev) / 100
		prev = end
		pop := 1 + r.Int63n(1_000_000)
		usage := float64(r.Intn(5000)) / float64(1+r.Intn(8))
		if r.Intn(5) == 0 {
			usage = 0
		}
		fee := r.Int63n(1_000_000_000)
		in.Members = append(in.Members, samverkan.CostMember{Code: codeOf(i), Population: &pop, Usage: &usage, Percent: &pct, Fee: &fee})
	}
	*in.Members[r.Intn(n)].Usage = 1 + float64(r.Intn(100)) // at least one user
	*in.Members[r.Intn(n)].Fee = 1 + r.Int63n(1000)         // at least one payer
	in.BaseWeight = float64(r.Intn(3))
	in.SizeWeight = float64(r.Intn(101))
	in.UsageWeight = float64(r.Intn(101)) / 4
	if in.BaseWeight+in.SizeWeight+in.UsageWeight == 0 {
		in.SizeWeight = 1
	}
	if in.Key == samverkan.CostKeyFees {
		in.Total = nil
	}
	r.Shuffle(n, func(i, j int) { in.Members[i], in.Members[j] = in.Members[j], in.Members[i] })
	return reflect.ValueOf(costCase{in})
}

func codeOf(i int) string {
	return string(rune('0'+i/1000%10)) + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}

func TestCostSharesProperties(t *testing.T) {
	prop := func(c costCase) bool {
		cs, err := samverkan.ComputeCostShares(c.In, nil)
		if err != nil {
			t.Logf("%s with %d members: %v", c.In.Key, len(c.In.Members), err)
			return false
		}
		if cs.Total == nil {
			t.Logf("%s: total unknown", c.In.Key)
			return false
		}
		sumAmount, sumBP, sumShare := new(big.Int), int64(0), new(big.Rat)
		for _, m := range cs.Members {
			if m.Amount == nil || *m.Amount < 0 || m.ShareBP < 0 || m.Share.Sign() < 0 {
				t.Logf("%s: bad member %+v", c.In.Key, m)
				return false
			}
			// Each rounded figure is within one unit of its exact value.
			exact := new(big.Rat).Mul(m.Share, new(big.Rat).SetInt64(*cs.Total))
			if d := new(big.Rat).Sub(exact, new(big.Rat).SetInt64(*m.Amount)); d.Abs(d).Cmp(big.NewRat(1, 1)) >= 0 {
				t.Logf("%s: %s amount %d, exact %s", c.In.Key, m.Code, *m.Amount, exact.FloatString(3))
				return false
			}
			sumAmount.Add(sumAmount, big.NewInt(*m.Amount))
			sumBP += m.ShareBP
			sumShare.Add(sumShare, m.Share)
		}
		if sumAmount.Cmp(big.NewInt(*cs.Total)) != 0 || sumBP != samverkan.ShareScale || sumShare.Cmp(big.NewRat(1, 1)) != 0 {
			t.Logf("%s with %d members: amounts %v of %d, shares %d, exact %v", c.In.Key, len(cs.Members), sumAmount, *cs.Total, sumBP, sumShare)
			return false
		}
		return true
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 300}); err != nil {
		t.Error(err)
	}
}

// The JSON form is what the API serves: exact shares as fractions, unknown
// amounts as null (never 0).
func TestCostSharesJSON(t *testing.T) {
	cs, err := samverkan.ComputeCostShares(samverkan.CostKeyInputs{Key: samverkan.CostKeyEqual, Year: 2024,
		Members: []samverkan.CostMember{member("0114"), member("0115"), member("0117")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"total":null`, `"share":"1/3"`, `"share_bp":3334`, `"amount":null`, `"per_inhabitant":null`, `"computed":true`, `"key":"lika_delar"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
}

// CollaborationCostShares splits between the municipalities paying that
// year (observers, parties and those who left before it pay nothing), uses
// the year's budget over the annual cost, and the population at the latest
// reference date on or before the key's.
func TestCollaborationCostShares(t *testing.T) {
	c := &samverkan.Collaboration{CostKey: samverkan.CostKeyPopulation, AnnualCost: i64(1000),
		Participants: []samverkan.Participant{
			{Code: "0662"}, {Code: "0617"},
			{Code: "0665", Left: samverkan.MustDate("2022-06-30")},
			{Code: "0683", Role: samverkan.RoleObserver},
			{Party: "Region Jönköpings län"},
		}}
	pf := samverkan.NewPopulationFigures(nil)
	pf.Add("0662", samverkan.MustDate("2019-12-31"), 300)
	pf.Add("0617", samverkan.MustDate("2019-12-31"), 100)
	pf.Add("0662", samverkan.MustDate("2023-12-31"), 100)
	pf.Add("0617", samverkan.MustDate("2023-12-31"), 100)
	pf.Add("0662", samverkan.MustDate("2024-12-31"), 1) // only one member: not a usable date
	cs := &samverkan.CostSharing{Years: []samverkan.CostYear{{Year: 2024, Budget: i64(2000)}}}
	got, err := samverkan.CollaborationCostShares(c, cs, 2024, pf)
	if err != nil {
		t.Fatal(err)
	}
	if *got.Total != 2000 || got.ReferenceDate.String() != "2023-12-31" || len(got.Members) != 2 ||
		*got.Members[0].Amount != 1000 || *got.Members[0].PerInhabitant != 10 {
		t.Fatalf("2024: %+v", got)
	}
	// 2021: no budget, the annual cost; the default reference date is
	// 2020-12-31, so the 2019 figures; Gnosjö (0617)… and 0665 who left in 2022 pays.
	pf.Add("0665", samverkan.MustDate("2019-12-31"), 100)
	got, err = samverkan.CollaborationCostShares(c, cs, 2021, pf)
	if err != nil {
		t.Fatal(err)
	}
	if *got.Total != 1000 || got.ReferenceDate.String() != "2019-12-31" || len(got.Members) != 3 {
		t.Fatalf("2021: %+v", got)
	}
	if a := amountsOf(t, got); a["0662"] != 600 || a["0617"] != 200 || a["0665"] != 200 {
		t.Errorf("2021 amounts %v", a)
	}
	// A usage key without usage says what is missing, never 0.
	c.CostKey = samverkan.CostKeyUsage
	if _, err := samverkan.CollaborationCostShares(c, cs, 2024, pf); samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("usage missing: %v", err)
	}
	// Fixed percentages entered per member.
	c.CostKey = samverkan.CostKeyFixed
	cs.Members = []samverkan.CostInput{{Code: "0662", Percent: f64(33.33)}, {Code: "0617", Percent: f64(66.67)}}
	got, err = samverkan.CollaborationCostShares(c, cs, 2024, pf)
	if err != nil {
		t.Fatal(err)
	}
	if a := amountsOf(t, got); a["0662"]+a["0617"] != 2000 || bpOf(got)["0662"] != 3333 {
		t.Errorf("fixed: %v %v", a, bpOf(got))
	}
}

// Every key through CollaborationCostShares, over random memberships and
// figures (a seeded loop): amounts add up to the total exactly and shares
// to 100,00 %.
func TestCollaborationCostSharesEveryKeyProperty(t *testing.T) {
	r := rand.New(rand.NewSource(15))
	keys := []string{samverkan.CostKeyPopulation, samverkan.CostKeyEqual, samverkan.CostKeyUsage, samverkan.CostKeyFixed, samverkan.CostKeySizeAndUsage, samverkan.CostKeyFees}
	munis := moneyCat.Municipalities()
	pf := samverkan.NewPopulationFigures(moneyCat)
	for i := 0; i < 600; i++ {
		key := keys[i%len(keys)]
		n := 2 + r.Intn(12)
		c := &samverkan.Collaboration{CostKey: key, AnnualCost: i64(r.Int63n(100_000_000_000))}
		cs := &samverkan.CostSharing{BaseWeight: float64(r.Intn(3)), SizeWeight: float64(r.Intn(101)), UsageWeight: float64(1 + r.Intn(100))}
		left := 10000
		for j, k := range r.Perm(len(munis))[:n] {
			code := munis[k].Code
			c.Participants = append(c.Participants, samverkan.Participant{Code: code})
			pct := r.Intn(left + 1)
			if j == n-1 {
				pct = left
			}
			left -= pct
			cs.Members = append(cs.Members, samverkan.CostInput{Code: code, Usage: f64(float64(1 + r.Intn(900))),
				Percent: f64(float64(pct) / 100), Fee: i64(1 + r.Int63n(10_000_000))})
		}
		got, err := samverkan.CollaborationCostShares(c, cs, 2024, pf)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		var sum, bp int64
		for _, m := range got.Members {
			sum += *m.Amount
			bp += m.ShareBP
		}
		if got.Total == nil || sum != *got.Total || bp != samverkan.ShareScale || len(got.Members) != n {
			t.Fatalf("%s: %d members, amounts %d of %v, shares %d", key, len(got.Members), sum, got.Total, bp)
		}
	}
}
