package samverkan

import (
	"math"
	"math/big"
	"slices"
)

// AgreementForms are the forms the KL 9 kap. 38 § report covers:
// avtalssamverkan under 9 kap. 37 § or under other acts, and köp av
// tjänst from another municipality, which in law is avtalssamverkan too
// (the register only holds purchases between municipalities). This slice
// is the one place that says which forms are avtalssamverkan.
var AgreementForms = []string{FormAgreement, FormAgreementSpecial, FormPurchase}

// Report938 selects, for the yearly report the municipal executive board
// owes the council (KL 9 kap. 38 §), the avtalssamverkan that municipality
// code took part in at some time during year: the collaboration ran (it had
// started, or has no start date, and had not ended before the year) and the
// municipality was a participant during the year, not an observer or a
// funder. Ideas that never started are left out.
func Report938(code string, year int, cs []*Collaboration) []*Collaboration {
	var out []*Collaboration
	for _, c := range cs {
		if !slices.Contains(AgreementForms, c.LegalForm) {
			continue
		}
		if _, ok := takesPartIn(c, code, year); ok {
			out = append(out, c)
		}
	}
	return out
}

// takesPartIn returns code's participation in c during year when c ran
// that year (it is not an idea that never started) and code took part as
// more than an observer or a funder.
func takesPartIn(c *Collaboration, code string, year int) (Participant, bool) {
	first, last := NewDate(year, 1, 1), NewDate(year, 12, 31)
	if c.Phase() == PhasePipeline || c.Status == StatusRejected {
		return Participant{}, false
	}
	if c.Start.After(last) || c.End.Before(first) {
		return Participant{}, false
	}
	for _, p := range c.Participants {
		if p.Code != code || p.Role == RoleObserver || p.Role == RoleFunder {
			continue
		}
		if !p.Joined.After(last) && !p.Left.Before(first) {
			return p, true
		}
	}
	return Participant{}, false
}

// Roles of a municipality in an avtalssamverkan: the one that performs
// the task for the others (utförare), or one that has it performed
// (beställare).
const (
	AgreementRoleBuyer    = RoleBuyer
	AgreementRoleProvider = RoleProvider
)

// AgreementRole is the municipality's role in an avtalssamverkan: the
// host or a participant recorded as performer performs (utförare);
// everyone else has the task performed (beställare).
func AgreementRole(c *Collaboration, p Participant) string {
	if p.Role == RoleProvider || p.Role == RoleHost || (c.Host != "" && c.Host == p.Code) {
		return AgreementRoleProvider
	}
	return AgreementRoleBuyer
}

// AgreementPeriod is an agreement's period: from, to (either unknown), the notice
// period in months (nil unknown) and how it is renewed.
type AgreementPeriod struct {
	From         Date   `json:"from"`
	To           Date   `json:"to"`
	NoticeMonths *int   `json:"notice_months"`
	Renewal      string `json:"renewal"`
}

// agreementDocs are the document types that hold an agreement's term.
var agreementDocs = []string{"avtal", "samverkansavtal", "overenskommelse"}

// AgreementTerm reads the term of c's agreement: the agreement document
// in force at the end of year (else the latest one), its validity, notice
// period and renewal; without dates on the document, the collaboration's
// start and end. Nothing is guessed: what no one entered stays unknown.
func AgreementTerm(c *Collaboration, year int) AgreementPeriod {
	var doc *Document
	last := NewDate(year, 12, 31)
	for i := range c.Documents {
		d := &c.Documents[i]
		if !slices.Contains(agreementDocs, d.Type) {
			continue
		}
		inForce := !d.ValidFrom.After(last) && !d.ValidTo.Before(NewDate(year, 1, 1))
		if doc == nil || inForce {
			doc = d
		}
	}
	t := AgreementPeriod{From: c.Start, To: c.End}
	if doc == nil {
		return t
	}
	if !doc.ValidFrom.IsZero() {
		t.From = doc.ValidFrom
	}
	if !doc.ValidTo.IsZero() {
		t.To = doc.ValidTo
	}
	t.NoticeMonths, t.Renewal = doc.NoticeMonths, doc.Renewal
	return t
}

// Own-cost bases: how a municipality's own cost was found.
const (
	OwnCostShare     = "andel"        // its share by the cost key
	OwnCostWhole     = "hela"         // the one buyer of a purchase pays the whole cost
	OwnCostUnknown   = "okand"        // the collaboration's cost is not known
	OwnCostNoKey     = "ingen_nyckel" // the cost is known but not how it is split
	OwnCostPerformer = "utforare"     // the performer's net cost is not recorded
)

// OwnCostBases label the bases.
var OwnCostBases = Vocabulary{
	{OwnCostShare, "Andel enligt fördelningsnyckeln", "Share by the cost key"},
	{OwnCostWhole, "Hela kostnaden (enda beställaren)", "The whole cost (the only purchaser)"},
	{OwnCostUnknown, "Samverkans kostnad är inte angiven", "The collaboration's cost is not given"},
	{OwnCostNoKey, "Fördelningen av kostnaden är inte angiven", "How the cost is split is not given"},
	{OwnCostPerformer, "Utförarens nettokostnad är inte registrerad", "The performer's net cost is not recorded"},
}

// OwnCost is the municipality's own yearly cost of a collaboration: its
// share of the annual cost by the cost key when the key can be computed
// from what the register holds (inhabitants, equal parts), the whole cost
// when it is the only buyer of a purchase, otherwise unknown (nil), never
// 0. basis says which (OwnCostBases).
func OwnCost(c *Collaboration, code string, year int, cat *Catalog) (amount *int64, share *big.Rat, basis string) {
	if c.AnnualCost == nil {
		return nil, nil, OwnCostUnknown
	}
	var payers []string
	role := ""
	for _, p := range c.Participants {
		if p.Code == "" || p.Role == RoleObserver || p.Role == RoleFunder {
			continue
		}
		if p.Left.Before(NewDate(year, 1, 1)) || p.Joined.After(NewDate(year, 12, 31)) {
			continue
		}
		payers = append(payers, p.Code)
		if p.Code == code {
			role = AgreementRole(c, p)
		}
	}
	if role == "" {
		return nil, nil, OwnCostUnknown
	}
	in := CostKeyInputs{Key: c.CostKey, Year: year, Total: c.AnnualCost}
	switch c.CostKey {
	case CostKeyPopulation:
		pops, ref, err := CatalogPopulation(cat, payers)
		if err != nil {
			return nil, nil, OwnCostNoKey
		}
		// ComputeCostShares refuses figures of a later year than the
		// split's; the exact path below says so.
		if !ref.IsZero() && !ref.After(NewDate(year, 12, 31)) {
			ws := make([]int64, len(payers))
			for i, m := range payers {
				ws[i] = pops[m]
			}
			if amount, share, ok := ownShareInt(*c.AnnualCost, ws, payers, code, year); ok {
				return amount, share, OwnCostShare
			}
		}
		in.ReferenceDate = ref
		for _, m := range payers {
			pop := pops[m]
			in.Members = append(in.Members, CostMember{Code: m, Population: &pop})
		}
	case CostKeyEqual:
		if allKnown(cat, payers) {
			ws := make([]int64, len(payers))
			for i := range ws {
				ws[i] = 1
			}
			if amount, share, ok := ownShareInt(*c.AnnualCost, ws, payers, code, year); ok {
				return amount, share, OwnCostShare
			}
		}
		for _, m := range payers {
			in.Members = append(in.Members, CostMember{Code: m})
		}
	default:
		// A purchase with one buyer and one performer: the buyer pays
		// the whole cost; the performer's net cost is not known.
		if c.LegalForm == FormPurchase && len(payers) == 2 && c.CostKey == "" {
			if role == AgreementRoleProvider {
				return nil, nil, OwnCostPerformer
			}
			v := *c.AnnualCost
			return &v, big.NewRat(1, 1), OwnCostWhole
		}
		return nil, nil, OwnCostNoKey
	}
	shares, err := ComputeCostShares(in, cat)
	if err != nil {
		return nil, nil, OwnCostNoKey
	}
	for _, m := range shares.Members {
		if m.Code == code && m.Amount != nil {
			return m.Amount, m.Share, OwnCostShare
		}
	}
	return nil, nil, OwnCostNoKey
}

// ownShareInt is code's amount of total and its share when the payers
// (codes, unique) split it by the whole weights ws: what ComputeCostShares
// and apportion give (the largest remainders, ties to the lower code), in
// int64 arithmetic instead of big.Rat, which was most of the oversight's
// own-cost column (issue 16, first render; TestOwnCostAsComputeCostShares
// keeps the exact path as the oracle). ok is false for what that path
// refuses or might not fit here (a year outside 1900–2200, a negative
// total, a code twice, a product past int64): the caller then computes it
// exactly, and so answers as before.
func ownShareInt(total int64, ws []int64, codes []string, code string, year int) (amount *int64, share *big.Rat, ok bool) {
	if year < 1900 || year > 2200 || total < 0 || len(ws) == 0 || len(ws) != len(codes) {
		return nil, nil, false
	}
	var sum int64
	k := -1
	for i, w := range ws {
		if w <= 0 || sum > math.MaxInt64-w || (w > 0 && total > math.MaxInt64/w) {
			return nil, nil, false
		}
		sum += w
		if codes[i] == code {
			if k >= 0 {
				return nil, nil, false
			}
			k = i
		}
		if slices.Contains(codes[:i], codes[i]) {
			return nil, nil, false
		}
	}
	if k < 0 {
		return nil, nil, false
	}
	// Each part is total·w/sum rounded down; the units left over go one
	// each to the largest remainders (all over the same sum), ties to the
	// lower code.
	var given int64
	rems := make([]int64, len(ws))
	for i, w := range ws {
		given += total * w / sum
		rems[i] = total * w % sum
	}
	before := int64(0) // parts that come before code's in that order
	for i := range ws {
		if i != k && (rems[i] > rems[k] || rems[i] == rems[k] && codes[i] < codes[k]) {
			before++
		}
	}
	a := total * ws[k] / sum
	if before < total-given {
		a++
	}
	return &a, big.NewRat(ws[k], sum), true
}

// allKnown reports whether the catalogue knows every code, as
// ComputeCostShares asks of the members (a nil catalogue knows none here:
// the exact path then decides).
func allKnown(cat *Catalog, codes []string) bool {
	if cat == nil {
		return false
	}
	for _, c := range codes {
		if !knownMunicipality(cat, c) {
			return false
		}
	}
	return true
}

// Report938Row is one avtalssamverkan in a municipality's KL 9:38 report.
type Report938Row struct {
	Collaboration *Collaboration `json:"collaboration"`
	// Role is the municipality's role: "bestallare" or "utforare".
	Role               string          `json:"role"`
	ExternalDelegation bool            `json:"external_delegation"`
	Term               AgreementPeriod `json:"term"`
	// OwnCost is the municipality's own yearly cost in whole kronor;
	// null when unknown, never 0 for unknown. OwnCostBasis says how it
	// was found or why it is unknown.
	OwnCost      *int64 `json:"own_cost"`
	OwnCostBasis string `json:"own_cost_basis"`
	// OwnShareBP is the municipality's share in hundredths of a percent
	// when a cost key gave it, else null.
	OwnShareBP *int64 `json:"own_share_bp"`
	// LatestFollowUp is the year of the newest follow-up up to the
	// report's year; null when there is none.
	LatestFollowUp *int `json:"latest_follow_up"`
}

// Report938Rows builds the report's rows for municipality code and year
// from the collaborations (any forms; Report938 selects) and their
// follow-ups.
func Report938Rows(code string, year int, cs []*Collaboration, fus []*FollowUp, cat *Catalog) []Report938Row {
	return Report938RowsLatest(code, year, cs, latestFollowUps(fus, year), cat)
}

// Report938RowsLatest is Report938Rows with the year of each
// collaboration's latest follow-up up to year given (LatestFollowUps).
func Report938RowsLatest(code string, year int, cs []*Collaboration, latest map[int64]int, cat *Catalog) []Report938Row {
	var out []Report938Row
	for _, c := range Report938(code, year, cs) {
		p, _ := takesPartIn(c, code, year)
		row := Report938Row{Collaboration: c, Role: AgreementRole(c, p), ExternalDelegation: c.ExternalDelegation,
			Term: AgreementTerm(c, year)}
		var share *big.Rat
		row.OwnCost, share, row.OwnCostBasis = OwnCost(c, code, year, cat)
		if share != nil {
			bp := shareBP(share)
			row.OwnShareBP = &bp
		}
		if y, ok := latest[c.ID]; ok {
			row.LatestFollowUp = &y
		}
		out = append(out, row)
	}
	return out
}

// shareBP rounds a share to hundredths of a percent.
func shareBP(r *big.Rat) int64 {
	x := new(big.Rat).Mul(r, big.NewRat(ShareScale, 1))
	n := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(x.Num(), big.NewInt(2)), x.Denom()), new(big.Int).Mul(x.Denom(), big.NewInt(2)))
	return n.Int64()
}

// latestFollowUps maps each collaboration to the year of its newest
// follow-up up to year.
func latestFollowUps(fus []*FollowUp, year int) map[int64]int {
	out := map[int64]int{}
	for _, f := range fus {
		if f.Year <= year && f.Year > out[f.CollaborationID] {
			out[f.CollaborationID] = f.Year
		}
	}
	return out
}

// FollowUpYears are the years a report of year looks back over for the
// latest follow-up.
func FollowUpYears(year int) []int {
	var ys []int
	for y := year; y >= FirstFollowUpYear; y-- {
		ys = append(ys, y)
	}
	return ys
}

// LatestFollowUpYears maps each collaboration of fus to the year of its
// newest follow-up up to year (what OversightStore.LatestFollowUps reads).
func LatestFollowUpYears(fus []*FollowUp, year int) map[int64]int { return latestFollowUps(fus, year) }
