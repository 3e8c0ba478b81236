package samverkan

import (
	"math/bits"
	"slices"
	"strings"
	"time"
)

// CostAmounts returns the Amount ComputeCostShares gives each member of in
// (in.Members order), computed in machine integers, when in splits a known
// total equally or by population and ComputeCostShares accepts it; ok is
// false otherwise, and the caller asks ComputeCostShares. The network's
// cost chart splits some 300 collaborations' costs on every first render,
// and ComputeCostShares' exact fractions (math/big) were a quarter of it
// (issue 16). The rounding is the same: whole parts first, the kronor
// left over to the largest remainders, ties to the lower code
// (TestCostAmountsAsComputeCostShares).
func CostAmounts(in CostKeyInputs, cat *Catalog) (amounts []int64, ok bool) {
	n := len(in.Members)
	if n == 0 || cat == nil || in.Total == nil || *in.Total < 0 || in.Year < 1900 || in.Year > 2200 {
		return nil, false
	}
	// The checks of weights() for these keys, refused rather than reported.
	switch in.Key {
	case CostKeyEqual:
	case CostKeyPopulation:
		d := in.ReferenceDate
		if !d.Valid() || d.IsZero() || d.After(NewDate(in.Year, time.December, 31)) {
			return nil, false
		}
	default:
		return nil, false
	}
	weights := make([]uint64, n)
	var sum uint64
	for i, m := range in.Members {
		if strings.TrimSpace(m.Code) == "" || !knownMunicipality(cat, m.Code) {
			return nil, false
		}
		for _, o := range in.Members[:i] {
			if o.Code == m.Code {
				return nil, false
			}
		}
		w := uint64(1)
		if in.Key == CostKeyPopulation {
			if m.Population == nil || *m.Population <= 0 {
				return nil, false
			}
			w = uint64(*m.Population)
		}
		var carry uint64
		if sum, carry = bits.Add64(sum, w, 0); carry != 0 || sum > 1<<63-1 {
			return nil, false
		}
		weights[i] = w
	}
	// total·w/sum, its whole part and remainder in 128 bits: w ≤ sum, so
	// the quotient is at most the total and fits.
	total := uint64(*in.Total)
	amounts = make([]int64, n)
	rems := make([]uint64, n)
	left := total
	for i, w := range weights {
		hi, lo := bits.Mul64(total, w)
		q, r := bits.Div64(hi, lo, sum)
		amounts[i], rems[i] = int64(q), r
		left -= q
	}
	// Every remainder is below sum, the same denominator for all: the
	// largest fractions are the largest remainders.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rems[a] != rems[b]:
			if rems[a] > rems[b] {
				return -1
			}
			return 1
		default:
			return strings.Compare(in.Members[a].Code, in.Members[b].Code)
		}
	})
	for k := uint64(0); k < left; k++ {
		amounts[order[k]]++
	}
	return amounts, true
}
