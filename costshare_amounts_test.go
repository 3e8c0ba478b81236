package samverkan_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestCostAmountsAsComputeCostShares: whenever CostAmounts answers, its
// amounts are ComputeCostShares' (the oracle), over random members,
// populations (equal ones, to tie remainders), totals up to the largest
// int64 and keys; and it answers for the usual inputs, and not for those
// ComputeCostShares refuses or computes otherwise.
func TestCostAmountsAsComputeCostShares(t *testing.T) {
	munis := moneyCat.Municipalities()
	rng := rand.New(rand.NewSource(16))
	ref := samverkan.MustDate("2025-06-30")
	answered := 0
	for n := range 20000 {
		in := samverkan.CostKeyInputs{Key: samverkan.CostKeyEqual, Year: 2025, ReferenceDate: ref}
		if rng.Intn(2) == 0 {
			in.Key = samverkan.CostKeyPopulation
		}
		switch rng.Intn(6) {
		case 0:
			in.Total = i64(rng.Int63n(10))
		case 1:
			in.Total = i64(math.MaxInt64 - rng.Int63n(3))
		case 2:
			in.Total = i64(rng.Int63())
		default:
			in.Total = i64(rng.Int63n(5_000_000))
		}
		pop := int64(1 + rng.Intn(3))
		for range 1 + rng.Intn(12) {
			m := samverkan.CostMember{Code: munis[rng.Intn(len(munis))].Code}
			switch rng.Intn(4) {
			case 0:
				m.Population = i64(pop) // ties
			case 1:
				m.Population = i64(1 + rng.Int63n(1_000_000))
			case 2:
				m.Population = i64(math.MaxInt64/4 - rng.Int63n(9))
			default:
				m.Population = i64(1 + rng.Int63n(100))
			}
			in.Members = append(in.Members, m)
		}
		// Now and then what ComputeCostShares refuses.
		switch rng.Intn(40) {
		case 0:
			in.Total = nil
		case 1:
			in.Total = i64(-1)
		case 2:
			in.Members[0].Code = "9999"
		case 3:
			in.Members = append(in.Members, in.Members[0])
		case 4:
			in.Members[0].Population = nil
		case 5:
			in.Members[0].Population = i64(0)
		case 6:
			in.ReferenceDate = samverkan.MustDate("2026-01-01")
		case 7:
			in.ReferenceDate = samverkan.Date{}
		case 8:
			in.Key = samverkan.CostKeyUsage
		case 9:
			in.Year = 1800
		case 10:
			in.Members = nil
		}
		got, ok := samverkan.CostAmounts(in, moneyCat)
		want, err := samverkan.ComputeCostShares(in, moneyCat)
		if !ok {
			if err == nil && want.Computed && want.Total != nil && (in.Key == samverkan.CostKeyEqual ||
				in.Key == samverkan.CostKeyPopulation) && !overflows(in) {
				t.Fatalf("case %d: no answer for inputs ComputeCostShares computes: %+v", n, in)
			}
			continue
		}
		answered++
		if err != nil || !want.Computed {
			t.Fatalf("case %d: amounts %v where ComputeCostShares says %v", n, got, err)
		}
		for i, m := range want.Members {
			if m.Amount == nil || *m.Amount != got[i] {
				t.Fatalf("case %d: member %s: %d, want %v (inputs %+v)", n, m.Code, got[i], m.Amount, in)
			}
		}
	}
	if answered < 10000 {
		t.Fatalf("answered only %d cases", answered)
	}
}

// overflows reports whether in's populations add up past an int64.
func overflows(in samverkan.CostKeyInputs) bool {
	if in.Key != samverkan.CostKeyPopulation {
		return false
	}
	var sum int64
	for _, m := range in.Members {
		if m.Population == nil || sum > math.MaxInt64-*m.Population {
			return true
		}
		sum += *m.Population
	}
	return false
}
