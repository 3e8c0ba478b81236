package samverkan_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// ownCostExact is OwnCost as it was before its whole-number path: every
// split through ComputeCostShares in big.Rat. It is the oracle of
// TestOwnCostAsComputeCostShares.
func ownCostExact(c *samverkan.Collaboration, code string, year int, cat *samverkan.Catalog) (amount *int64, share *big.Rat, basis string) {
	if c.AnnualCost == nil {
		return nil, nil, samverkan.OwnCostUnknown
	}
	var payers []string
	role := ""
	for _, p := range c.Participants {
		if p.Code == "" || p.Role == samverkan.RoleObserver || p.Role == samverkan.RoleFunder {
			continue
		}
		if p.Left.Before(samverkan.NewDate(year, 1, 1)) || p.Joined.After(samverkan.NewDate(year, 12, 31)) {
			continue
		}
		payers = append(payers, p.Code)
		if p.Code == code {
			role = samverkan.AgreementRole(c, p)
		}
	}
	if role == "" {
		return nil, nil, samverkan.OwnCostUnknown
	}
	in := samverkan.CostKeyInputs{Key: c.CostKey, Year: year, Total: c.AnnualCost}
	switch c.CostKey {
	case samverkan.CostKeyPopulation:
		pops, ref, err := samverkan.CatalogPopulation(cat, payers)
		if err != nil {
			return nil, nil, samverkan.OwnCostNoKey
		}
		in.ReferenceDate = ref
		for _, m := range payers {
			pop := pops[m]
			in.Members = append(in.Members, samverkan.CostMember{Code: m, Population: &pop})
		}
	case samverkan.CostKeyEqual:
		for _, m := range payers {
			in.Members = append(in.Members, samverkan.CostMember{Code: m})
		}
	default:
		// A purchase with one buyer and one performer: the buyer pays
		// the whole cost; the performer's net cost is not known.
		if c.LegalForm == samverkan.FormPurchase && len(payers) == 2 && c.CostKey == "" {
			if role == samverkan.AgreementRoleProvider {
				return nil, nil, samverkan.OwnCostPerformer
			}
			v := *c.AnnualCost
			return &v, big.NewRat(1, 1), samverkan.OwnCostWhole
		}
		return nil, nil, samverkan.OwnCostNoKey
	}
	shares, err := samverkan.ComputeCostShares(in, cat)
	if err != nil {
		return nil, nil, samverkan.OwnCostNoKey
	}
	for _, m := range shares.Members {
		if m.Code == code && m.Amount != nil {
			return m.Amount, m.Share, samverkan.OwnCostShare
		}
	}
	return nil, nil, samverkan.OwnCostNoKey
}

// TestOwnCostAsComputeCostShares: OwnCost, which splits by population and
// in equal parts in int64 arithmetic, gives for random collaborations the
// amount, share and basis of the exact split through ComputeCostShares:
// payers joining and leaving, observers and funders, parties, codes the
// catalogue does not know, years before the population figures and out
// of range, totals of 0, 1, large and past int64 when multiplied, and
// negative.
func TestOwnCostAsComputeCostShares(t *testing.T) {
	cat := refdata.MustCatalog()
	r := rand.New(rand.NewPCG(16, 2026))
	codes := []string{"0662", "0617", "0665", "0683", "0180", "2180", "1280", "0114", "2584", "0999"}
	roles := []string{samverkan.RoleMember, samverkan.RoleMember, samverkan.RoleHost, samverkan.RoleBuyer, samverkan.RoleProvider,
		samverkan.RoleObserver, samverkan.RoleFunder}
	totals := []int64{0, 1, 2, 3, 7, 100, 99_999, 1_000_000, 123_456_789, math.MaxInt64 / 1000, math.MaxInt64, -5}
	years := []int{1899, 1900, 2015, 2019, 2023, 2024, 2025, 2200, 2201}
	keys := []string{samverkan.CostKeyPopulation, samverkan.CostKeyEqual, samverkan.CostKeyPopulation, samverkan.CostKeyEqual, "", samverkan.CostKeyUsage}
	forms := []string{samverkan.FormAgreement, samverkan.FormPurchase, samverkan.FormJointCommittee}
	shares, unknown := 0, 0
	for n := 0; n < 20000; n++ {
		c := &samverkan.Collaboration{LegalForm: forms[r.IntN(len(forms))], CostKey: keys[r.IntN(len(keys))]}
		if r.IntN(10) > 0 {
			v := totals[r.IntN(len(totals))]
			if r.IntN(2) == 0 {
				v = r.Int64N(50_000_000)
			}
			c.AnnualCost = &v
		}
		for _, i := range r.Perm(len(codes))[:1+r.IntN(6)] {
			if codes[i] == "0999" && r.IntN(3) > 0 {
				continue // unknown to the catalogue, now and then
			}
			p := samverkan.Participant{Code: codes[i], Role: roles[r.IntN(len(roles))]}
			if r.IntN(4) == 0 {
				p.Joined = samverkan.NewDate(2015+r.IntN(12), time.Month(1+r.IntN(12)), 1)
			}
			if r.IntN(4) == 0 {
				p.Left = samverkan.NewDate(2015+r.IntN(12), time.Month(1+r.IntN(12)), 28)
			}
			c.Participants = append(c.Participants, p)
		}
		if r.IntN(5) == 0 {
			c.Participants = append(c.Participants, samverkan.Participant{Party: "Region", Role: samverkan.RoleMember})
		}
		if len(c.Participants) > 0 && r.IntN(3) == 0 {
			c.Host = c.Participants[0].Code
		}
		code := codes[r.IntN(len(codes))]
		if len(c.Participants) > 0 && r.IntN(2) == 0 {
			code = c.Participants[r.IntN(len(c.Participants))].Code
		}
		year := years[r.IntN(len(years))]
		amount, share, basis := samverkan.OwnCost(c, code, year, cat)
		wantAmount, wantShare, wantBasis := ownCostExact(c, code, year, cat)
		if basis != wantBasis || (amount == nil) != (wantAmount == nil) || amount != nil && *amount != *wantAmount ||
			(share == nil) != (wantShare == nil) || share != nil && share.Cmp(wantShare) != 0 {
			t.Fatalf("%+v, %s, %d: got %v %v %s, want %v %v %s", c, code, year, deref(amount), share, basis,
				deref(wantAmount), wantShare, wantBasis)
		}
		switch basis {
		case samverkan.OwnCostShare:
			shares++
		case samverkan.OwnCostNoKey:
			unknown++
		}
	}
	if shares < 2000 || unknown < 500 {
		t.Fatalf("%d shares and %d unknown splits compared: the inputs miss the cases", shares, unknown)
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
