package samverkan

import (
	"context"
	"slices"
)

// The municipal board's oversight (uppsikt, KL 6 kap. 1 §): once a year,
// everything the municipality takes part in, across all forms — its
// federations, joint committees, companies, agreements and purchases —
// with its role, its own cost where the register can tell it, and the
// latest follow-up. The KL 9:38 report is the part of it that the law
// asks for about avtalssamverkan.

// OversightRow is one collaboration the municipality took part in during
// the year.
type OversightRow struct {
	Collaboration *Collaboration `json:"collaboration"`
	// Role is the municipality's role as a participant (Roles).
	Role string `json:"role"`
	// OwnCost is the municipality's own yearly cost in whole kronor; null
	// when unknown, never 0 for unknown. OwnCostBasis says how it was
	// found or why it is unknown (OwnCostBases).
	OwnCost      *int64 `json:"own_cost"`
	OwnCostBasis string `json:"own_cost_basis"`
	// LatestFollowUp is the year of the newest follow-up up to the year;
	// null when there is none.
	LatestFollowUp *int `json:"latest_follow_up"`
	// InReport938 marks an avtalssamverkan, which the KL 9:38 report
	// covers.
	InReport938 bool `json:"in_report_9_38"`
}

// OversightForm sums the rows of one legal form.
type OversightForm struct {
	Form    string      `json:"form"`
	Count   int         `json:"count"`
	OwnCost CostSummary `json:"own_cost"`
}

// CostSummary is an AmountTotal for JSON: the sum of the known amounts
// (null when none is known), how many were known, and of how many.
type CostSummary struct {
	Sum   *int64 `json:"sum"`
	Known int    `json:"known"`
	Of    int    `json:"of"`
}

// Summary writes t for JSON.
func (t AmountTotal) Summary() CostSummary {
	return CostSummary{Sum: t.Value(), Known: t.Known, Of: t.Of}
}

// Oversight is a municipality's yearly oversight view.
type Oversight struct {
	Municipality string          `json:"municipality"`
	Year         int             `json:"year"`
	Rows         []OversightRow  `json:"rows"`
	Forms        []OversightForm `json:"forms"`
	// OwnCost totals the own costs over all rows.
	OwnCost CostSummary `json:"own_cost"`
	// Total is the number of rows.
	Total int `json:"total"`
}

// BuildOversight selects what municipality code took part in during year
// (a collaboration that ran that year, the municipality a participant
// other than an observer or a funder) from cs, in cs's order, with the
// follow-ups fus of those collaborations. Forms are listed in the order of
// LegalForms.
func BuildOversight(code string, year int, cs []*Collaboration, fus []*FollowUp, cat *Catalog) Oversight {
	return BuildOversightLatest(code, year, cs, latestFollowUps(fus, year), cat)
}

// BuildOversightLatest is BuildOversight with the year of each
// collaboration's latest follow-up up to year given (LatestFollowUps).
func BuildOversightLatest(code string, year int, cs []*Collaboration, latest map[int64]int, cat *Catalog) Oversight {
	o := Oversight{Municipality: code, Year: year, Rows: []OversightRow{}, Forms: []OversightForm{}}
	totals := map[string]*AmountTotal{}
	counts := map[string]int{}
	var all AmountTotal
	for _, c := range cs {
		p, ok := takesPartIn(c, code, year)
		if !ok {
			continue
		}
		row := OversightRow{Collaboration: c, Role: p.Role, InReport938: isAgreement(c.LegalForm)}
		if row.Role == "" {
			row.Role = RoleMember
		}
		row.OwnCost, _, row.OwnCostBasis = OwnCost(c, code, year, cat)
		if y, ok := latest[c.ID]; ok {
			row.LatestFollowUp = &y
		}
		o.Rows = append(o.Rows, row)
		if totals[c.LegalForm] == nil {
			totals[c.LegalForm] = &AmountTotal{}
		}
		totals[c.LegalForm].Add(row.OwnCost)
		counts[c.LegalForm]++
		all.Add(row.OwnCost)
	}
	for _, f := range LegalForms {
		if counts[f.Code] > 0 {
			o.Forms = append(o.Forms, OversightForm{Form: f.Code, Count: counts[f.Code], OwnCost: totals[f.Code].Summary()})
		}
	}
	o.OwnCost, o.Total = all.Summary(), len(o.Rows)
	return o
}

func isAgreement(form string) bool { return slices.Contains(AgreementForms, form) }

// OversightStore is a store that reads what the oversight and the KL 9:38
// report show without paging through every collaboration the
// municipality takes part in with all its child rows (about 300 at
// national scale, nine child tables each; issue 16, first render).
type OversightStore interface {
	// OversightRecords returns the collaborations of the given legal
	// forms (every form when none) that code took part in during year
	// (TookPartIn), in the order of FindCollaborations' sort by title.
	// With with nil each is the whole record, as FindCollaborations
	// gives it; otherwise only the fields OversightFields names, and of
	// the child rows only those in with (or WithPayers). A municipality
	// among participants read that way has no Name (the catalogue names
	// it); a party's is its party.
	OversightRecords(ctx context.Context, code string, year int, forms, with []string) ([]*Collaboration, error)
	// LatestFollowUps maps each collaboration code takes part in that
	// was followed up in a year from FirstFollowUpYear up to year to the
	// newest such year: what latestFollowUps makes of the follow-ups
	// ScopeFollowUps gives for FollowUpYears(year).
	LatestFollowUps(ctx context.Context, code string, year int) (map[int64]int, error)
}

// OversightFields are the fields of a record OversightRecords reads when
// it is not asked for the whole record: what the oversight and the
// report show of the record itself and what TookPartIn, OwnCost,
// AgreementRole and AgreementTerm read.
var OversightFields = []string{"id", "title", "legal_form", "status", "host", "start", "end",
	"annual_cost", "cost_key", "external_delegation"}

// TookPartIn reports whether municipality code took part in c during
// year: c ran that year and code was a participant then, not an observer
// or a funder.
func TookPartIn(c *Collaboration, code string, year int) bool {
	_, ok := takesPartIn(c, code, year)
	return ok
}
