package samverkan

import "slices"

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
	o := Oversight{Municipality: code, Year: year, Rows: []OversightRow{}, Forms: []OversightForm{}}
	latest := latestFollowUps(fus, year)
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
