package samverkan

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Codes of the cost-sharing keys in CostKeys (domain.md a.9). The vocabulary
// in terms.go is the list users pick from; these names let the computation
// below switch on them without string literals scattered about.
const (
	CostKeyPopulation   = "invanare"
	CostKeyEqual        = "lika_delar"
	CostKeyUsage        = "nyttjande"
	CostKeyFixed        = "fast_andel"
	CostKeySizeAndUsage = "storlek_och_nyttjande"
	CostKeyFees         = "taxa_avgift"
	CostKeyPerAgreement = "varierar_per_avtal"
)

// ShareScale is the number of display units in a whole: shares are shown in
// hundredths of a percent (basis points), so 10000 is 100,00 %.
const ShareScale = 10000

// CostKeyInputs is what a cost-sharing key needs to split one year's cost
// among the members. Which fields a key reads:
//
//   - invanare: ReferenceDate and every member's Population.
//   - lika_delar: nothing but the members.
//   - nyttjande: every member's Usage (units: cases, users, hours…; 0 is
//     allowed, missing is not), at least one above zero.
//   - fast_andel: every member's Percent; they must add up to exactly 100.
//   - storlek_och_nyttjande: the weights; Population (and ReferenceDate)
//     when SizeWeight > 0, Usage when UsageWeight > 0. The Lystkom style
//     "by population and by share of activities" is SizeWeight and
//     UsageWeight; BaseWeight adds an equal part (grundavgift).
//   - taxa_avgift: every member's Fee in kronor; the fees are the amounts
//     and their sum is the total (a Total that differs is an error).
//   - varierar_per_avtal: nothing; the result says no computation is made.
//
// Fields a key does not read are ignored, so one form can carry them all.
// A nil pointer is unknown, which is never read as zero.
type CostKeyInputs struct {
	Key  string `json:"key"`
	Year int    `json:"year"`
	// Total is the year's cost in whole kronor; nil when unknown, which
	// gives shares but no amounts.
	Total *int64 `json:"total"`
	// ReferenceDate is the date the populations refer to (folkmängd per
	// 1 november or 31 december, as the agreement says).
	ReferenceDate Date `json:"reference_date"`
	// Weights of the mixed key. Only their ratios matter: 50/50, 0.5/0.5
	// and 1/1 give the same split.
	BaseWeight  float64      `json:"base_weight"`
	SizeWeight  float64      `json:"size_weight"`
	UsageWeight float64      `json:"usage_weight"`
	Members     []CostMember `json:"members"`
}

// CostMember is one member's figures for a cost-sharing key.
type CostMember struct {
	Code       string   `json:"code"`
	Population *int64   `json:"population"`
	Usage      *float64 `json:"usage"`
	// Percent is the fixed share in percent (2.69 means 2,69 %).
	Percent *float64 `json:"percent"`
	// Fee is what the member pays in fees, in whole kronor.
	Fee *int64 `json:"fee"`
}

// CostShares is the split of one year's cost among the members.
type CostShares struct {
	Key  string `json:"key"`
	Year int    `json:"year"`
	// Total in whole kronor; nil when unknown (then every Amount is nil).
	Total         *int64 `json:"total"`
	ReferenceDate Date   `json:"reference_date"`
	// Computed is false for "varierar_per_avtal": the split is set in each
	// agreement and nothing is computed; Members is then empty.
	Computed bool          `json:"computed"`
	Members  []MemberShare `json:"members"`
}

// MemberShare is one member's part of the cost.
type MemberShare struct {
	Code       string `json:"code"`
	Population *int64 `json:"population"`
	// Share is the exact fraction of the whole (written "1/3" in JSON).
	Share *big.Rat `json:"share"`
	// ShareBP is the share in hundredths of a percent, rounded so that
	// the members' ShareBP add up to exactly ShareScale (100,00 %).
	ShareBP int64 `json:"share_bp"`
	// Amount in whole kronor, rounded so that the amounts add up to the
	// total exactly; nil when the total is unknown.
	Amount *int64 `json:"amount"`
	// PerInhabitant is Amount divided by Population, rounded to öre; nil
	// when either is unknown.
	PerInhabitant *float64 `json:"per_inhabitant"`
}

// PercentText writes the share as a percentage with two decimals in the
// language's style: "33,33 %" (sv) or "33.33%" (en).
func (m MemberShare) PercentText(lang string) string {
	s := fmt.Sprintf("%d.%02d", m.ShareBP/100, m.ShareBP%100)
	if lang == "en" {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// Note explains a result in words when there are no figures to show.
func (c *CostShares) Note(lang string) string {
	if c.Computed {
		return ""
	}
	if lang == "en" {
		return "The cost is split as each agreement says; there is nothing to compute."
	}
	return "Kostnaden fördelas enligt varje avtal; här görs ingen beräkning."
}

// ComputeCostShares splits the year's cost by the key. cat, when not nil,
// checks the member codes. Bad or missing input gives an EINVALID error
// with one FieldError per problem ("members[2].usage"), never a silent 0.
//
// Amounts and shares use largest-remainder rounding on exact fractions:
// each member gets the whole part of its exact amount, and the kronor left
// over go one each to the members with the largest remainders (ties to the
// lower member code). So the amounts always add up to the total and the
// displayed shares to 100,00 %.
func ComputeCostShares(in CostKeyInputs, cat *Catalog) (*CostShares, error) {
	weights, err := in.weights(cat)
	if err != nil {
		return nil, err
	}
	out := &CostShares{Key: in.Key, Year: in.Year, Total: in.Total, ReferenceDate: in.ReferenceDate, Members: []MemberShare{}}
	if weights == nil { // per agreement
		return out, nil
	}
	out.Computed = true
	if in.Key == CostKeyFees {
		sum := new(big.Int)
		for _, m := range in.Members {
			sum.Add(sum, big.NewInt(*m.Fee))
		}
		t := sum.Int64() // fits: validated against overflow in weights
		out.Total = &t
	}
	sum := new(big.Rat)
	for _, w := range weights {
		sum.Add(sum, w)
	}
	codes := make([]string, len(in.Members))
	shares := make([]*big.Rat, len(in.Members))
	for i, m := range in.Members {
		codes[i] = m.Code
		shares[i] = new(big.Rat).Quo(weights[i], sum)
	}
	bp := apportion(big.NewInt(ShareScale), shares, codes)
	var amounts []*big.Int
	if out.Total != nil {
		amounts = apportion(big.NewInt(*out.Total), shares, codes)
	}
	for i, m := range in.Members {
		ms := MemberShare{Code: m.Code, Population: m.Population, Share: shares[i], ShareBP: bp[i].Int64()}
		if amounts != nil {
			a := amounts[i].Int64()
			ms.Amount = &a
			if m.Population != nil && *m.Population > 0 {
				ms.PerInhabitant = perInhabitant(a, *m.Population)
			}
		}
		out.Members = append(out.Members, ms)
	}
	return out, nil
}

// weights validates the inputs and returns each member's unnormalised
// weight, or nil for the per-agreement key.
func (in *CostKeyInputs) weights(cat *Catalog) ([]*big.Rat, error) {
	var v Validation
	if strings.TrimSpace(in.Key) == "" {
		v.Add("key", "required")
	} else if !CostKeys.Has(in.Key) {
		v.Add("key", "unknown_cost_key", in.Key)
	}
	if in.Key == CostKeyPerAgreement {
		return nil, v.Err()
	}
	if in.Year < 1900 || in.Year > 2200 {
		v.Add("year", "invalid_year")
	}
	if in.Total != nil && *in.Total < 0 {
		v.Add("total", "negative")
	}
	if len(in.Members) == 0 {
		v.Add("members", "no_cost_members")
	}
	seen := map[string]bool{}
	for i, m := range in.Members {
		f := fmt.Sprintf("members[%d].code", i)
		switch {
		case strings.TrimSpace(m.Code) == "":
			v.Add(f, "required")
		case cat != nil && !knownMunicipality(cat, m.Code):
			v.Add(f, "unknown_municipality", m.Code)
		case seen[m.Code]:
			name := m.Code
			if cat != nil {
				name = cat.MunicipalityName(m.Code)
			}
			v.Add(f, "duplicate_member", name)
		}
		seen[m.Code] = true
	}
	if v.Err() != nil {
		return nil, v.Err()
	}

	n := len(in.Members)
	base := make([]*big.Rat, n)
	for i := range base {
		base[i] = big.NewRat(1, 1)
	}
	var w []*big.Rat
	switch in.Key {
	case CostKeyEqual:
		w = base
	case CostKeyPopulation:
		in.checkReferenceDate(&v)
		w = in.populations(&v)
	case CostKeyUsage:
		w = in.usages(&v)
	case CostKeyFixed:
		w = in.percents(&v)
	case CostKeyFees:
		w = in.fees(&v)
	case CostKeySizeAndUsage:
		w = in.mixed(&v, base)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return w, nil
}

func knownMunicipality(cat *Catalog, code string) bool {
	_, ok := cat.Municipality(code)
	return ok
}

func (in *CostKeyInputs) checkReferenceDate(v *Validation) {
	switch {
	case !in.ReferenceDate.Valid():
		v.Add("reference_date", "invalid_date", in.ReferenceDate.Raw())
	case in.ReferenceDate.IsZero():
		v.Add("reference_date", "required")
	case in.Year >= 1900 && in.ReferenceDate.After(NewDate(in.Year, time.December, 31)):
		v.Add("reference_date", "reference_date_after_year", in.Year)
	}
}

func (in *CostKeyInputs) populations(v *Validation) []*big.Rat {
	w := make([]*big.Rat, len(in.Members))
	for i, m := range in.Members {
		f := fmt.Sprintf("members[%d].population", i)
		switch {
		case m.Population == nil:
			v.Add(f, "population_missing", m.Code)
		case *m.Population <= 0:
			v.Add(f, "population_not_positive")
		default:
			w[i] = new(big.Rat).SetInt64(*m.Population)
		}
	}
	return w
}

func (in *CostKeyInputs) usages(v *Validation) []*big.Rat {
	w := make([]*big.Rat, len(in.Members))
	sum := new(big.Rat)
	ok := true
	for i, m := range in.Members {
		f := fmt.Sprintf("members[%d].usage", i)
		if m.Usage == nil {
			v.Add(f, "usage_missing", m.Code)
			ok = false
			continue
		}
		r, good := decimal(*m.Usage)
		switch {
		case !good:
			v.Add(f, "not_a_number")
			ok = false
		case r.Sign() < 0:
			v.Add(f, "negative_value")
			ok = false
		default:
			w[i] = r
			sum.Add(sum, r)
		}
	}
	if ok && sum.Sign() == 0 {
		v.Add("members", "usage_zero_sum")
	}
	return w
}

func (in *CostKeyInputs) percents(v *Validation) []*big.Rat {
	w := make([]*big.Rat, len(in.Members))
	sum := new(big.Rat)
	ok := true
	for i, m := range in.Members {
		f := fmt.Sprintf("members[%d].percent", i)
		if m.Percent == nil {
			v.Add(f, "percent_missing", m.Code)
			ok = false
			continue
		}
		r, good := decimal(*m.Percent)
		switch {
		case !good:
			v.Add(f, "not_a_number")
			ok = false
		case r.Sign() < 0 || r.Cmp(big.NewRat(100, 1)) > 0:
			v.Add(f, "out_of_scale", 0, 100)
			ok = false
		default:
			w[i] = r
			sum.Add(sum, r)
		}
	}
	if ok && sum.Cmp(big.NewRat(100, 1)) != 0 {
		v.Add("members", "percent_sum", strings.Replace(strings.TrimRight(strings.TrimRight(sum.FloatString(6), "0"), "."), ".", ",", 1))
	}
	return w
}

func (in *CostKeyInputs) fees(v *Validation) []*big.Rat {
	w := make([]*big.Rat, len(in.Members))
	sum := new(big.Int)
	ok := true
	for i, m := range in.Members {
		f := fmt.Sprintf("members[%d].fee", i)
		switch {
		case m.Fee == nil:
			v.Add(f, "fee_missing", m.Code)
			ok = false
		case *m.Fee < 0:
			v.Add(f, "negative")
			ok = false
		default:
			w[i] = new(big.Rat).SetInt64(*m.Fee)
			sum.Add(sum, big.NewInt(*m.Fee))
		}
	}
	switch {
	case !ok:
	case sum.Sign() == 0:
		v.Add("members", "fees_zero_sum")
	case !sum.IsInt64():
		v.Add("members", "fees_too_large")
	case in.Total != nil && *in.Total >= 0 && sum.Int64() != *in.Total:
		v.Add("total", "fees_total_mismatch", sum.Int64(), *in.Total)
	}
	return w
}

// mixed weights each member by BaseWeight·1/n + SizeWeight·pop/Σpop +
// UsageWeight·usage/Σusage; the common factor 1/(sum of weights) cancels in
// the normalisation later.
func (in *CostKeyInputs) mixed(v *Validation, base []*big.Rat) []*big.Rat {
	var parts [3]*big.Rat
	for i, p := range []struct {
		field string
		val   float64
	}{{"base_weight", in.BaseWeight}, {"size_weight", in.SizeWeight}, {"usage_weight", in.UsageWeight}} {
		r, ok := decimal(p.val)
		switch {
		case !ok:
			v.Add(p.field, "not_a_number")
		case r.Sign() < 0:
			v.Add(p.field, "negative_value")
		default:
			parts[i] = r
		}
	}
	if parts[0] == nil || parts[1] == nil || parts[2] == nil {
		return nil
	}
	if parts[0].Sign() == 0 && parts[1].Sign() == 0 && parts[2].Sign() == 0 {
		v.Add("size_weight", "weights_zero")
		return nil
	}
	comps := [][]*big.Rat{base, nil, nil}
	if parts[1].Sign() > 0 {
		in.checkReferenceDate(v)
		comps[1] = in.populations(v)
	}
	if parts[2].Sign() > 0 {
		comps[2] = in.usages(v)
	}
	if v.Err() != nil {
		return nil
	}
	w := make([]*big.Rat, len(in.Members))
	for i := range w {
		w[i] = new(big.Rat)
	}
	for k, c := range comps {
		if parts[k].Sign() == 0 || c == nil {
			continue
		}
		total := new(big.Rat)
		for _, x := range c {
			total.Add(total, x)
		}
		for i, x := range c {
			t := new(big.Rat).Mul(parts[k], x)
			w[i].Add(w[i], t.Quo(t, total))
		}
	}
	return w
}

// decimal reads f as the shortest decimal that prints as f, so 2.69 is
// exactly 269/100 and 33.33 + 33.33 + 33.34 is exactly 100, as the person
// who typed them meant.
func decimal(f float64) (*big.Rat, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	return r, ok
}

// apportion splits total (≥ 0) in whole units by shares, which are ≥ 0 and
// add up to 1, so that the parts add up to total exactly: the largest
// remainder method, ties broken by code so the result never depends on the
// order of the members.
func apportion(total *big.Int, shares []*big.Rat, codes []string) []*big.Int {
	parts := make([]*big.Int, len(shares))
	rems := make([]*big.Rat, len(shares))
	left := new(big.Int).Set(total)
	for i, s := range shares {
		exact := new(big.Rat).Mul(new(big.Rat).SetInt(total), s)
		q, r := new(big.Int).QuoRem(exact.Num(), exact.Denom(), new(big.Int))
		parts[i] = q
		rems[i] = new(big.Rat).SetFrac(r, exact.Denom())
		left.Sub(left, q)
	}
	order := make([]int, len(shares))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		if c := rems[order[a]].Cmp(rems[order[b]]); c != 0 {
			return c > 0
		}
		return codes[order[a]] < codes[order[b]]
	})
	// left < len(shares) because every remainder is below one unit.
	for k := int64(0); k < left.Int64(); k++ {
		parts[order[k]].Add(parts[order[k]], big.NewInt(1))
	}
	return parts
}

// perInhabitant is amount/pop rounded half up to öre.
func perInhabitant(amount, pop int64) *float64 {
	n := new(big.Int).Mul(big.NewInt(amount), big.NewInt(200))
	n.Add(n, big.NewInt(pop))
	n.Quo(n, big.NewInt(2*pop)) // öre, rounded half up
	f, _ := new(big.Rat).SetFrac(n, big.NewInt(100)).Float64()
	return &f
}

// CatalogPopulation returns the catalogue's population for each code and
// the date it refers to (31 December of its year), for keys that split by
// population. It refuses codes it does not know and a mix of years, since
// a split must rest on one reference date.
func CatalogPopulation(cat *Catalog, codes []string) (map[string]int64, Date, error) {
	out := make(map[string]int64, len(codes))
	year := 0
	var v Validation
	for i, code := range codes {
		m, ok := cat.Municipality(code)
		switch {
		case !ok:
			v.Add(fmt.Sprintf("members[%d].code", i), "unknown_municipality", code)
			continue
		case m.Population <= 0 || m.PopulationYear == 0:
			v.Add(fmt.Sprintf("members[%d].population", i), "population_missing", code)
			continue
		case year != 0 && m.PopulationYear != year:
			v.Add(fmt.Sprintf("members[%d].population", i), "population_years_differ", year, m.PopulationYear)
			continue
		}
		year = m.PopulationYear
		out[code] = int64(m.Population)
	}
	if err := v.Err(); err != nil {
		return nil, Date{}, err
	}
	if year == 0 {
		return out, Date{}, nil
	}
	return out, NewDate(year, time.December, 31), nil
}
