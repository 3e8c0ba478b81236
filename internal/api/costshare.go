package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// Cost sharing: a collaboration's key inputs (GET/PUT
// /collaborations/{id}/cost-sharing: usage, fixed percentages and fees per
// member, weights, reference date, budget and outcome per year) and the
// split of a year they give (GET /collaborations/{id}/cost-shares?year=),
// computed by samverkan.CollaborationCostShares like every page.

// CostShareItem is one member's part of a year's cost.
type CostShareItem struct {
	Code string `json:"code"`
	// Share in percent with two decimals; the items' shares add up to
	// exactly 100.
	Share float64 `json:"share"`
	// ShareExact is the exact fraction ("1/3").
	ShareExact string `json:"share_exact"`
	Population *int64 `json:"population"`
	// Amount in whole kronor (they add up to total exactly); null when
	// the total is unknown.
	Amount *int64 `json:"amount"`
	// PerInhabitant in kronor, to öre; null when amount or population is
	// unknown.
	PerInhabitant *float64 `json:"per_inhabitant"`
}

// CostSharesView is the split of a collaboration's cost in one year.
type CostSharesView struct {
	Key  string `json:"key"`
	Year int    `json:"year"`
	// Total in whole kronor: the year's budget, else the annual cost, or
	// the sum of the fees; null when unknown.
	Total *int64 `json:"total"`
	// Budget and Outcome of the year as kept; null when unknown.
	Budget  *int64 `json:"budget"`
	Outcome *int64 `json:"outcome"`
	// ReferenceDate of the populations used; null when none were needed.
	ReferenceDate samverkan.Date `json:"reference_date"`
	// Computed is false when the key is "per agreement", when no key is
	// chosen, or when the key's figures are missing (Missing says which):
	// then items is empty, never a split into zeros.
	Computed bool            `json:"computed"`
	Missing  []MissingFigure `json:"missing"`
	Items    []CostShareItem `json:"items"`
}

// MissingFigure is one thing a key still needs, in the request's language.
type MissingFigure struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (s *Server) money() (samverkan.MoneyStore, error) { return samverkan.Money(s.store) }

func (s *Server) costSharingRecord(id int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			ms, err := s.money()
			if err != nil {
				return nil, 0, err
			}
			cs, err := ms.CostSharing(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			return cs, cs.Version, nil
		},
		path: "/api/v1/collaborations/" + strconv.FormatInt(id, 10) + "/cost-sharing",
	}
}

func (s *Server) handleCostSharingGet(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.costSharingRecord(id))
}

// handleCostSharingPut replaces the inputs: without a record yet with
// version 0 (or none), after that with the version read (If-Match or body).
func (s *Server) handleCostSharingPut(w http.ResponseWriter, r *http.Request) {
	ms, err := s.money()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	cur, err := ms.CostSharing(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var cs samverkan.CostSharing
	s.savedWrite(w, r, s.costSharingRecord(id), &cs, &cs.Version, cur.Version > 0, http.StatusOK, func() error {
		return ownedBy(&cs.CollaborationID, id)
	}, func(ctx context.Context) error {
		return ms.SaveCostSharing(ctx, &cs)
	})
}

func (s *Server) handleCostShares(w http.ResponseWriter, r *http.Request) {
	ms, err := s.money()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	year := samverkan.Today().Year()
	if v := r.URL.Query().Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.Error(w, r, badParam("year", "invalid_integer", v))
			return
		}
		if n < samverkan.MinYear || n > samverkan.MaxYear {
			s.Error(w, r, badParam("year", "out_of_range", samverkan.MinYear, samverkan.MaxYear))
			return
		}
		year = n
	}
	ctx := r.Context()
	c, err := s.store.CollaborationByID(ctx, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	cs, err := ms.CostSharing(ctx, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	pop, err := samverkan.Populations(ctx, ms, s.cat)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := CostSharesView{Key: c.CostKey, Year: year, Missing: []MissingFigure{}, Items: []CostShareItem{}}
	if y, ok := cs.Year(year); ok {
		out.Budget, out.Outcome = y.Budget, y.Outcome
	}
	split, err := samverkan.CollaborationCostShares(c, cs, year, pop)
	switch {
	case samverkan.ErrorCode(err) == samverkan.EINVALID:
		for _, fe := range samverkan.FieldErrors(err) {
			out.Missing = append(out.Missing, MissingFigure{Field: fe.Field, Code: fe.Code, Message: fe.Message(langOf(r))})
		}
		s.respond(w, r, http.StatusOK, out)
		return
	case err != nil:
		s.Error(w, r, err)
		return
	}
	out.Total, out.Computed = split.Total, split.Computed
	if split.Computed {
		out.ReferenceDate = split.ReferenceDate
	}
	for _, m := range split.Members {
		out.Items = append(out.Items, CostShareItem{Code: m.Code, Share: float64(m.ShareBP) / 100, ShareExact: m.Share.RatString(),
			Population: m.Population, Amount: m.Amount, PerInhabitant: m.PerInhabitant})
	}
	s.respond(w, r, http.StatusOK, out)
}

// costShareSpec documents cost sharing.
func costShareSpec(sp *spec) {
	sp.note("CostSharing.collaboration_id", map[string]any{"description": "Set from the URL."})
	sp.note("CostSharing.version", map[string]any{"description": "0 while none is kept; the version read to replace (or use If-Match)."})
	sp.note("CostSharing.reference_date", map[string]any{"description": "Date of the population the key uses (the latest figures on or before it); null: 31 December of the year before the year split."})
	sp.note("CostSharing.size_weight", map[string]any{"minimum": 0, "description": "Weight of population in the size-and-usage key; only the ratio of the weights counts."})
	sp.note("CostSharing.usage_weight", map[string]any{"minimum": 0, "description": "Weight of usage in the size-and-usage key."})
	sp.note("CostSharing.base_weight", map[string]any{"minimum": 0, "description": "Weight of an equal base part in the size-and-usage key."})
	sp.note("CostSharing.members", map[string]any{"maxItems": samverkan.MaxParticipants})
	sp.note("CostSharing.years", map[string]any{"maxItems": samverkan.MaxCostYears})
	sp.note("CostInput.code", map[string]any{"description": "A participating municipality."})
	sp.note("CostInput.usage", map[string]any{"minimum": 0, "description": "Usage units (cases, users, computers …); null when unknown."})
	sp.note("CostInput.percent", map[string]any{"minimum": 0, "maximum": 100, "description": "Fixed share in percent; the paying members' must add up to 100."})
	sp.note("CostInput.fee", map[string]any{"minimum": 0, "maximum": int64(samverkan.MaxAmount), "description": "Fee in whole kronor."})
	sp.note("CostYear.budget", map[string]any{"minimum": 0, "maximum": int64(samverkan.MaxAmount), "description": "The year's budget in whole kronor: the total the key splits; null when unknown."})
	sp.note("CostYear.outcome", map[string]any{"minimum": 0, "maximum": int64(samverkan.MaxAmount), "description": "The year's outcome in whole kronor; null when unknown."})
	sp.note("CostSharesView.items", map[string]any{"description": "Each paying municipality's share, amount and kronor per inhabitant; empty when nothing is computed."})
	sp.note("CostSharesView.missing", map[string]any{"description": "What the key still needs, when it cannot be computed."})
	sp.note("CostShareItem.share", map[string]any{"description": "Percent with two decimals; the items add up to exactly 100."})
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/collaborations/{id}/cost-sharing": {summary: "A collaboration's cost-sharing inputs",
			status: 200, result: obj[samverkan.CostSharing](), errors: readErrors},
		"PUT /api/v1/collaborations/{id}/cost-sharing": {summary: "Replace a collaboration's cost-sharing inputs",
			description: "Usage, fixed percentages and fees per member, the weights, the reference date and the budget and outcome per year. " +
				"Version 0 while none is kept; after that the version read (If-Match or body).",
			body: obj[samverkan.CostSharing](), status: 200, result: obj[samverkan.CostSharing](),
			errors: []int{400, 404, 412, 413, 415, 422, 428, 500}},
		"GET /api/v1/collaborations/{id}/cost-shares": {summary: "Each member's share, amount and kronor per inhabitant of a year",
			description: "By the collaboration's cost-sharing key; amounts in whole kronor that add up to the total, shares to 100 %. This year when year is absent.",
			status:      200, result: obj[CostSharesView](), errors: readErrors},
	} {
		sp.op(pattern, d)
	}
}
