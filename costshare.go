package samverkan

import (
	"context"
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
	// cat names members in messages when the caller gave a catalogue.
	cat *Catalog
}

// nameOf is the municipality's name for messages, or its code.
func (in *CostKeyInputs) nameOf(code string) string {
	if in.cat != nil {
		if m, ok := in.cat.Municipality(code); ok {
			return m.Name
		}
	}
	return code
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
	// Budget and Outcome of the year as kept for the collaboration, for
	// the follow-up to compare; nil when unknown.
	Budget  *int64 `json:"budget,omitempty"`
	Outcome *int64 `json:"outcome,omitempty"`
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
	in.cat = cat

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
			v.Add(f, "population_missing", in.nameOf(m.Code))
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
			v.Add(f, "usage_missing", in.nameOf(m.Code))
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
			v.Add(f, "percent_missing", in.nameOf(m.Code))
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
			v.Add(f, "fee_missing", in.nameOf(m.Code))
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

// AuditEntityCostSharing names a collaboration's cost-sharing inputs in the
// audit log; the entity id is the collaboration's id.
const AuditEntityCostSharing = "cost_sharing"

// MaxCostYears bounds the years of budget and outcome one record holds.
const MaxCostYears = 100

// CostSharing is what a collaboration's cost-sharing key needs beyond the
// key itself (Collaboration.CostKey): the reference date of the population,
// the weights of a mixed key, each member's usage units, fixed percentage
// or fee, and the budget and outcome per year. It is one record per
// collaboration, versioned and audited as a whole, so a change of the key's
// figures is as traceable as a change of the collaboration.
type CostSharing struct {
	CollaborationID int64 `json:"collaboration_id"`
	// ReferenceDate of the population (folkmängd per 1 november or
	// 31 december, as the agreement says); zero means 31 December of the
	// year before the year split.
	ReferenceDate Date    `json:"reference_date"`
	BaseWeight    float64 `json:"base_weight"`
	SizeWeight    float64 `json:"size_weight"`
	UsageWeight   float64 `json:"usage_weight"`
	// Members holds the figures per municipality; a municipality that is
	// not listed has none (unknown, not zero).
	Members []CostInput `json:"members"`
	Years   []CostYear  `json:"years"`
	Note    string      `json:"note"`
	// Example marks figures that are examples, not sourced facts.
	Example bool `json:"example"`
	Version int  `json:"version"`
	// Created and Updated are left out until the inputs are first saved.
	Created time.Time `json:"created,omitzero"`
	Updated time.Time `json:"updated,omitzero"`
}

// CostInput is one member's figures for the key; nil is unknown.
type CostInput struct {
	Code    string   `json:"code"`
	Usage   *float64 `json:"usage"`
	Percent *float64 `json:"percent"`
	Fee     *int64   `json:"fee"`
}

// CostYear is a year's budget and outcome in whole kronor; nil is unknown.
type CostYear struct {
	Year    int    `json:"year"`
	Budget  *int64 `json:"budget"`
	Outcome *int64 `json:"outcome"`
}

// Deviation is outcome minus budget when both are known.
func (y CostYear) Deviation() (int64, bool) {
	if y.Budget == nil || y.Outcome == nil {
		return 0, false
	}
	return *y.Outcome - *y.Budget, true
}

// Normalize sorts members by code and years by year, and gives nil lists
// as empty ones, so equal records compare and print equal.
func (cs *CostSharing) Normalize() {
	if cs.Members == nil {
		cs.Members = []CostInput{}
	}
	if cs.Years == nil {
		cs.Years = []CostYear{}
	}
	cs.Note = strings.TrimSpace(cs.Note)
	sort.SliceStable(cs.Members, func(i, j int) bool { return cs.Members[i].Code < cs.Members[j].Code })
	sort.SliceStable(cs.Years, func(i, j int) bool { return cs.Years[i].Year < cs.Years[j].Year })
}

// Input returns the figures of member code, or an empty input.
func (cs *CostSharing) Input(code string) CostInput {
	if cs != nil {
		for _, m := range cs.Members {
			if m.Code == code {
				return m
			}
		}
	}
	return CostInput{Code: code}
}

// Year returns the budget and outcome of year; ok is false when none is kept.
func (cs *CostSharing) Year(year int) (CostYear, bool) {
	if cs != nil {
		for _, y := range cs.Years {
			if y.Year == year {
				return y, true
			}
		}
	}
	return CostYear{Year: year}, false
}

// Validate checks the record against its collaboration: members must be
// municipalities taking part, figures finite and in range, years unique.
// When the key is fixed percentages and every paying member has one, they
// must add up to 100 %, so a split that cannot be computed is never saved.
func (cs *CostSharing) Validate(c *Collaboration) error {
	var v Validation
	if !cs.ReferenceDate.Valid() {
		v.Add("reference_date", "invalid_date", cs.ReferenceDate.Raw())
	}
	for _, p := range []struct {
		field string
		val   float64
	}{{"base_weight", cs.BaseWeight}, {"size_weight", cs.SizeWeight}, {"usage_weight", cs.UsageWeight}} {
		switch {
		case math.IsNaN(p.val) || math.IsInf(p.val, 0):
			v.Add(p.field, "not_a_finite_number")
		case p.val < 0:
			v.Add(p.field, "negative_value")
		}
	}
	if c != nil && c.CostKey == CostKeySizeAndUsage && cs.BaseWeight+cs.SizeWeight+cs.UsageWeight == 0 {
		v.Add("size_weight", "weights_zero")
	}
	checkText(&v, "note", cs.Note, MaxShortText, false)
	if len(cs.Members) > MaxParticipants {
		v.Add("members", "too_many", MaxParticipants)
	}
	seen := map[string]bool{}
	for i, m := range cs.Members {
		f := func(s string) string { return fmt.Sprintf("members[%d].%s", i, s) }
		switch {
		case strings.TrimSpace(m.Code) == "":
			v.Add(f("code"), "required")
		case c != nil && !c.Takes(m.Code):
			v.Add(f("code"), "not_participant", m.Code)
		case seen[m.Code]:
			v.Add(f("code"), "duplicate_member", m.Code)
		}
		seen[m.Code] = true
		if m.Usage != nil {
			if math.IsNaN(*m.Usage) || math.IsInf(*m.Usage, 0) {
				v.Add(f("usage"), "not_a_finite_number")
			} else if *m.Usage < 0 {
				v.Add(f("usage"), "negative_value")
			}
		}
		if m.Percent != nil {
			if math.IsNaN(*m.Percent) || math.IsInf(*m.Percent, 0) {
				v.Add(f("percent"), "not_a_finite_number")
			} else if *m.Percent < 0 || *m.Percent > 100 {
				v.Add(f("percent"), "out_of_scale", 0, 100)
			}
		}
		if m.Fee != nil {
			checkOptAmount(&v, f("fee"), m.Fee)
		}
	}
	if len(cs.Years) > MaxCostYears {
		v.Add("years", "too_many", MaxCostYears)
	}
	years := map[int]bool{}
	for i, y := range cs.Years {
		f := func(s string) string { return fmt.Sprintf("years[%d].%s", i, s) }
		switch {
		case y.Year < MinYear || y.Year > MaxYear:
			v.Add(f("year"), "invalid_year")
		case years[y.Year]:
			v.Add(f("year"), "duplicate_year", y.Year)
		}
		years[y.Year] = true
		checkOptAmount(&v, f("budget"), y.Budget)
		checkOptAmount(&v, f("outcome"), y.Outcome)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if c != nil && c.CostKey == CostKeyFixed {
		return cs.checkPercents(c)
	}
	return nil
}

// checkOptAmount checks a cost that may be unknown (nil).
func checkOptAmount(v *Validation, field string, a *int64) {
	if a != nil {
		checkAmount(v, field, *a, false)
	}
}

// checkPercents runs the fixed-percentage key on today's payers when every
// one of them has a percentage, so the sum rule gives its own message.
func (cs *CostSharing) checkPercents(c *Collaboration) error {
	payers := CostPayers(c, Today().Year())
	in := CostKeyInputs{Key: CostKeyFixed, Year: Today().Year()}
	for _, code := range payers {
		m := cs.Input(code)
		if m.Percent == nil {
			return nil
		}
		in.Members = append(in.Members, CostMember{Code: code, Percent: m.Percent})
	}
	if len(in.Members) == 0 {
		return nil
	}
	_, err := ComputeCostShares(in, nil)
	return err
}

// CostPayers returns the codes of the municipalities that pay in year:
// participants (not observers, not external parties) whose membership
// overlaps the year, in code order.
func CostPayers(c *Collaboration, year int) []string {
	first, last := NewDate(year, time.January, 1), NewDate(year, time.December, 31)
	var out []string
	seen := map[string]bool{}
	for _, p := range c.Participants {
		if p.Code == "" || p.Role == RoleObserver || seen[p.Code] {
			continue
		}
		if !p.Joined.IsZero() && p.Joined.After(last) || !p.Left.IsZero() && p.Left.Before(first) {
			continue
		}
		seen[p.Code] = true
		out = append(out, p.Code)
	}
	sort.Strings(out)
	return out
}

// PopulationFigures are municipalities' populations at reference dates:
// the embedded catalogue's and any loaded later (samverkan refdata
// population). A split uses one reference date for every member.
type PopulationFigures struct {
	byDate map[Date]map[string]int64
	cat    *Catalog // checks codes and names members in messages
}

// NewPopulationFigures starts with the catalogue's figures.
func NewPopulationFigures(cat *Catalog) *PopulationFigures {
	pf := &PopulationFigures{byDate: map[Date]map[string]int64{}, cat: cat}
	if cat != nil {
		for _, m := range cat.Municipalities() {
			if m.Population > 0 && m.PopulationYear > 0 {
				pf.Add(m.Code, NewDate(m.PopulationYear, time.December, 31), int64(m.Population))
			}
		}
	}
	return pf
}

// Add records code's population at date.
func (pf *PopulationFigures) Add(code string, date Date, n int64) {
	if pf.byDate[date] == nil {
		pf.byDate[date] = map[string]int64{}
	}
	pf.byDate[date][code] = n
}

// At returns the populations of codes at the latest reference date on or
// before at that has a figure for every one of them, and that date. ok is
// false when no date has them all.
func (pf *PopulationFigures) At(codes []string, at Date) (map[string]int64, Date, bool) {
	var best Date
	found := false
	for d, m := range pf.byDate {
		if !at.IsZero() && d.After(at) {
			continue
		}
		all := true
		for _, c := range codes {
			if _, ok := m[c]; !ok {
				all = false
				break
			}
		}
		if all && (!found || d.After(best)) {
			best, found = d, true
		}
	}
	if !found {
		return nil, Date{}, false
	}
	out := make(map[string]int64, len(codes))
	for _, c := range codes {
		out[c] = pf.byDate[best][c]
	}
	return out, best, true
}

// Latest returns the populations at the latest date that has every code.
func (pf *PopulationFigures) Latest(codes []string) (map[string]int64, Date, bool) {
	return pf.At(codes, Date{})
}

// CollaborationCostShares splits collaboration c's cost of year among the
// municipalities paying that year, by its key and the inputs in cs (nil
// when none are kept). The total is the year's budget, or the annual cost
// when no budget is kept, or unknown. Populations are those at the key's
// reference date (the latest figures on or before it); every member's
// population is given for kronor per inhabitant whatever the key.
//
// A key that cannot be computed yet (no key, inputs missing) gives an
// EINVALID error saying what is missing; the caller shows it as such, never
// as zero.
func CollaborationCostShares(c *Collaboration, cs *CostSharing, year int, pop *PopulationFigures) (*CostShares, error) {
	if c.CostKey == "" {
		var v Validation
		v.Add("cost_key", "required")
		return nil, v.Err()
	}
	payers := CostPayers(c, year)
	in := CostKeyInputs{Key: c.CostKey, Year: year, Total: c.AnnualCost}
	if y, ok := cs.Year(year); ok && y.Budget != nil {
		in.Total = y.Budget
	}
	if cs != nil {
		in.BaseWeight, in.SizeWeight, in.UsageWeight = cs.BaseWeight, cs.SizeWeight, cs.UsageWeight
		in.ReferenceDate = cs.ReferenceDate
	}
	if in.ReferenceDate.IsZero() && year > MinYear {
		in.ReferenceDate = NewDate(year-1, time.December, 31)
	}
	var pops map[string]int64
	if pop != nil {
		var date Date
		var ok bool
		if pops, date, ok = pop.At(payers, in.ReferenceDate); ok {
			in.ReferenceDate = date
		} else if pops, date, ok = pop.Latest(payers); ok && !usesPopulation(c.CostKey, cs) {
			// kr per inhabitant only: the latest figures will do.
			in.ReferenceDate = date
		} else {
			pops = nil
		}
	}
	if in.Key == CostKeyFees {
		in.Total = nil // the fees are the total
	}
	for _, code := range payers {
		m := cs.Input(code)
		cm := CostMember{Code: code, Usage: m.Usage, Percent: m.Percent, Fee: m.Fee}
		if n, ok := pops[code]; ok {
			cm.Population = &n
		}
		in.Members = append(in.Members, cm)
	}
	var cat *Catalog
	if pop != nil {
		cat = pop.cat
	}
	out, err := ComputeCostShares(in, cat)
	if err != nil {
		return nil, err
	}
	if y, ok := cs.Year(year); ok {
		out.Budget, out.Outcome = y.Budget, y.Outcome
	}
	return out, nil
}

// usesPopulation reports whether the key splits by population.
func usesPopulation(key string, cs *CostSharing) bool {
	return key == CostKeyPopulation || key == CostKeySizeAndUsage && cs != nil && cs.SizeWeight > 0
}

// PopulationFigure is one loaded population count.
type PopulationFigure struct {
	Code          string `json:"code"`
	ReferenceDate Date   `json:"reference_date"`
	Population    int64  `json:"population"`
	Source        string `json:"source"`
}

// MoneyStore is what cost sharing needs of a store beyond Store: the
// cost-sharing records and the population figures loaded later than the
// embedded ones.
type MoneyStore interface {
	// CostSharing returns the inputs kept for collaboration id; ENOTFOUND
	// when the collaboration does not exist, an empty record (Version 0)
	// when it has none yet.
	CostSharing(ctx context.Context, id int64) (*CostSharing, error)
	// CostSharings returns the records of the given collaborations that
	// have one.
	CostSharings(ctx context.Context, ids []int64) (map[int64]*CostSharing, error)
	// SaveCostSharing validates cs against its collaboration and creates
	// (Version 0) or updates it (Version current; ESTALE otherwise).
	SaveCostSharing(ctx context.Context, cs *CostSharing) error
	// PopulationFigures returns every loaded population count.
	PopulationFigures(ctx context.Context) ([]PopulationFigure, error)
	// SavePopulationFigures stores counts, replacing those with the same
	// code and reference date.
	SavePopulationFigures(ctx context.Context, fs []PopulationFigure) error
}

// Money returns s as a MoneyStore, or an error saying it is not one.
func Money(s Store) (MoneyStore, error) {
	ms, ok := s.(MoneyStore)
	if !ok {
		return nil, fmt.Errorf("samverkan: the store %T keeps no cost sharing", s)
	}
	return ms, nil
}

// Populations returns the catalogue's figures with every loaded one added.
func Populations(ctx context.Context, ms MoneyStore, cat *Catalog) (*PopulationFigures, error) {
	pf := NewPopulationFigures(cat)
	fs, err := ms.PopulationFigures(ctx)
	if err != nil {
		return nil, fmt.Errorf("population figures: %w", err)
	}
	for _, f := range fs {
		pf.Add(f.Code, f.ReferenceDate, f.Population)
	}
	return pf, nil
}

// MemberCost is what one municipality pays for one collaboration in a
// year: its share and amount, or why it is not known.
type MemberCost struct {
	Collaboration *Collaboration
	// Pays is false when the municipality is not among the year's payers
	// (an observer, or not a member that year).
	Pays bool
	// Amount is nil when unknown: no total, no key, per agreement, or the
	// key's figures are missing (Reason says which).
	Amount  *int64
	ShareBP int64
	Reason  string // "", "no_key", "agreement", "no_total", "inputs_missing"
}

// MunicipalityCostStore is a store that keeps MunicipalityCosts' rows
// current with its writes, so a municipality's cost table is one read.
type MunicipalityCostStore interface {
	// KeptMunicipalityCosts returns what municipality code pays in year
	// for each running collaboration it pays for (Pays is true), by
	// title; ok is false when the kept rows are not of year. Each row's
	// Collaboration has only its ID, Title and CostKey.
	KeptMunicipalityCosts(ctx context.Context, code string, year int) (_ []MemberCost, ok bool, err error)
}

// MunicipalityCosts is what municipality code pays in year for each of cs,
// and the total over those it pays for: "what we pay in all our
// collaborations". An unknown amount stays unknown: the total counts how
// many of them are known (AmountTotal), never adds them as 0.
func MunicipalityCosts(code string, cs []*Collaboration, sharing map[int64]*CostSharing, year int, pop *PopulationFigures) ([]MemberCost, AmountTotal) {
	var out []MemberCost
	var total AmountTotal
	for _, c := range cs {
		mc, ok := CollaborationMemberCosts(c, sharing[c.ID], year, pop)[code]
		if !ok {
			out = append(out, MemberCost{Collaboration: c})
			continue
		}
		total.Add(mc.Amount)
		out = append(out, mc)
	}
	return out, total
}

// CollaborationMemberCosts is what each municipality paying for c in year
// pays (MunicipalityCosts' row of c for each of them), by code, from one
// split: the store keeps these rows for every collaboration.
func CollaborationMemberCosts(c *Collaboration, cs *CostSharing, year int, pop *PopulationFigures) map[string]MemberCost {
	payers := CostPayers(c, year)
	if len(payers) == 0 {
		return nil
	}
	split, err := CollaborationCostShares(c, cs, year, pop)
	reason := ""
	switch {
	case c.CostKey == "":
		reason = "no_key"
	case err != nil:
		reason = "inputs_missing"
	case !split.Computed:
		reason = "agreement"
	case split.Total == nil:
		reason = "no_total"
	}
	out := make(map[string]MemberCost, len(payers))
	for _, code := range payers {
		out[code] = MemberCost{Collaboration: c, Pays: true, Reason: reason}
	}
	if err == nil && split.Computed {
		for _, m := range split.Members {
			if mc, ok := out[m.Code]; ok {
				mc.Amount, mc.ShareBP = m.Amount, m.ShareBP
				out[m.Code] = mc
			}
		}
	}
	return out
}
