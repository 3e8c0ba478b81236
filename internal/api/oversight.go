package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The municipal board's yearly oversight (uppsikt, KL 6 kap. 1 §):
// everything a municipality took part in during a year, across all
// legal forms, with its role, own cost and latest follow-up.

// OversightView is a municipality's oversight of one year.
type OversightView struct {
	samverkan.Oversight
	MunicipalityName string `json:"municipality_name"`
	// OfficialName is the legal name ("Gislaveds kommun").
	OfficialName string `json:"official_name"`
}

// reportTarget reads the municipality and ?year= of a yearly report (last
// year when absent), answering the error itself when either is bad.
func (s *Server) reportTarget(w http.ResponseWriter, r *http.Request) (samverkan.Municipality, int, bool) {
	m, ok := s.municipality(r)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Kommunen finns inte."))
		return m, 0, false
	}
	year := samverkan.Today().Time().Year() - 1
	if v := r.URL.Query().Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.Error(w, r, badParam("year", "invalid_integer", v))
			return m, 0, false
		}
		if n < 1900 || n > 2200 {
			s.Error(w, r, badParam("year", "out_of_range", 1900, 2200))
			return m, 0, false
		}
		year = n
	}
	return m, year, true
}

// municipalityCollaborations pages through every collaboration f selects.
func (s *Server) municipalityCollaborations(ctx context.Context, f samverkan.CollaborationFilter) ([]*samverkan.Collaboration, error) {
	f.Limit, f.Sort = samverkan.MaxLimit, "title"
	var all []*samverkan.Collaboration
	for {
		page, total, err := s.store.FindCollaborations(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return all, nil
		}
	}
}

// followUpsOf returns the follow-ups of the municipality's collaborations
// up to year; none when the store keeps no follow-ups.
func (s *Server) followUpsOf(ctx context.Context, code string, year int) ([]*samverkan.FollowUp, error) {
	ss, err := samverkan.Steering(s.store)
	if err != nil {
		return nil, nil //nolint:nilerr // a store without follow-ups: none to show
	}
	return ss.ScopeFollowUps(ctx, samverkan.RefFilter{Municipality: code}, samverkan.FollowUpYears(year)...)
}

// oversightRecords reads the whole records of forms (every form when
// none) that code took part in during year, by form and title, and the year of
// each one's latest follow-up up to year: from the store's own reads when
// it has them (samverkan.OversightStore), else every record of those
// forms that code takes part in and their follow-ups (the rows' builders
// choose the ones of the year).
func (s *Server) oversightRecords(ctx context.Context, code string, year int, forms []string) ([]*samverkan.Collaboration, map[int64]int, error) {
	if ovs, ok := s.store.(samverkan.OversightStore); ok {
		cs, err := ovs.OversightRecords(ctx, code, year, forms, nil)
		if err != nil {
			return nil, nil, err
		}
		// By form in the order given, then by title: the order the API
		// has always answered in (one list per form).
		slices.SortStableFunc(cs, func(a, b *samverkan.Collaboration) int {
			return slices.Index(forms, a.LegalForm) - slices.Index(forms, b.LegalForm)
		})
		latest, err := ovs.LatestFollowUps(ctx, code, year)
		return cs, latest, err
	}
	var cs []*samverkan.Collaboration
	if len(forms) == 0 {
		forms = []string{""} // every form
	}
	for _, form := range forms {
		page, err := s.municipalityCollaborations(ctx, samverkan.CollaborationFilter{Municipality: code, LegalForm: form})
		if err != nil {
			return nil, nil, err
		}
		cs = append(cs, page...)
	}
	fus, err := s.followUpsOf(ctx, code, year)
	return cs, samverkan.LatestFollowUpYears(fus, year), err
}

func (s *Server) handleOversight(w http.ResponseWriter, r *http.Request) {
	m, year, ok := s.reportTarget(w, r)
	if !ok {
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	cs, latest, err := s.oversightRecords(r.Context(), m.Code, year, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	o := samverkan.BuildOversightLatest(m.Code, year, cs, latest, s.cat)
	for _, row := range o.Rows {
		s.present(row.Collaboration)
	}
	v := OversightView{Oversight: o, MunicipalityName: m.Name, OfficialName: s.cat.MunicipalityOfficialName(m.Code)}
	blank, cs := v, make([]*samverkan.Collaboration, len(o.Rows))
	blank.Rows = slices.Clone(o.Rows)
	for i := range blank.Rows {
		cs[i], blank.Rows[i].Collaboration = blank.Rows[i].Collaboration, nil
	}
	s.respondRecords(w, r, http.StatusOK, v, blank, recordsAt{cs: cs})
}

// oversightSpec documents the oversight route (newSpec calls it).
func oversightSpec(sp *spec) {
	sp.note("OversightRow.role", sp.vocab("Role", samverkan.Roles))
	sp.note("OversightRow.own_cost_basis", sp.vocab("OwnCostBasis", samverkan.OwnCostBases))
	sp.note("Report938Row.own_cost_basis", sp.vocab("OwnCostBasis", samverkan.OwnCostBases))
	sp.note("Report938Row.role", map[string]any{"type": "string", "enum": []string{samverkan.AgreementRoleBuyer, samverkan.AgreementRoleProvider},
		"description": "bestallare: the municipality has the task performed; utforare: it performs the task for the others."})
	sp.note("OversightForm.form", sp.vocab("LegalForm", samverkan.LegalFormTerms()))
	sp.op("GET /api/v1/municipalities/{code}/oversight", opDoc{
		summary: "The board's yearly oversight (uppsikt, KL 6 kap. 1 §): everything the municipality took part in",
		description: "Every collaboration, in all legal forms, that ran during the year with the municipality taking part (not as observer or funder), " +
			"with its role, its own cost (its share by the cost key; null when unknown, never 0) and the latest follow-up, and the totals per legal form.",
		status: 200, result: obj[OversightView](), errors: readErrors})
}
