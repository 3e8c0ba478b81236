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
	// Next is the URL of the next page of rows, or null on the last: the
	// rows come a page at a time (limit, offset) like every list, while
	// forms, own_cost and total cover them all.
	Next *string `json:"next"`
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

// reportPage reads a report's ?limit= and ?offset= (pageParams),
// answering the error itself when either is bad.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) (limit, offset int, ok bool) {
	var errs []samverkan.FieldError
	limit, offset = pageParams(r.URL.Query(), func(field, code string, params ...any) {
		errs = append(errs, samverkan.FieldError{Field: field, Code: code, Params: params})
	})
	if errs != nil {
		s.Error(w, r, &httpError{code: eBadRequest, fields: errs})
		return 0, 0, false
	}
	return limit, offset, true
}

// pageOf is the part of rows from offset, at most limit long.
func pageOf[T any](rows []T, limit, offset int) []T {
	if offset >= len(rows) {
		return rows[:0]
	}
	return rows[offset:min(len(rows), offset+limit)]
}

// wholeRecords gives the whole record (FindCollaborations) of each of cs,
// in cs's order. A report chooses and sums its rows from a narrow read of
// all of them, as the web's report pages do, and reads whole only the
// records of the page it answers: reading all of a municipality's ~200
// whole records with their nine child tables was most of the answer
// (issue 16). A store without OversightStore already gave whole records.
func (s *Server) wholeRecords(ctx context.Context, cs []*samverkan.Collaboration) ([]*samverkan.Collaboration, error) {
	if _, ok := s.store.(samverkan.OversightStore); !ok || len(cs) == 0 {
		return cs, nil
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	whole, _, err := s.store.FindCollaborations(ctx, samverkan.CollaborationFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*samverkan.Collaboration, len(whole))
	for _, c := range whole {
		byID[c.ID] = c
	}
	out := make([]*samverkan.Collaboration, len(cs))
	for i, c := range cs {
		if out[i] = byID[c.ID]; out[i] == nil {
			// Deleted between the two reads: the row keeps what the
			// first read had rather than failing the whole report.
			out[i] = c
		}
	}
	return out, nil
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

// oversightRecords reads the records of forms (every form when none)
// that code took part in during year, by form and title, with the child
// rows in with (whole records when with is nil, and always from a store
// without OversightStore), and the year of
// each one's latest follow-up up to year: from the store's own reads when
// it has them (samverkan.OversightStore), else every record of those
// forms that code takes part in and their follow-ups (the rows' builders
// choose the ones of the year).
func (s *Server) oversightRecords(ctx context.Context, code string, year int, forms, with []string) ([]*samverkan.Collaboration, map[int64]int, error) {
	if ovs, ok := s.store.(samverkan.OversightStore); ok {
		cs, err := ovs.OversightRecords(ctx, code, year, forms, with)
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
	limit, offset, ok := s.reportPage(w, r)
	if !ok {
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	// Who takes part when, with which cost, decides a row, its role and
	// own cost (as on the web's oversight page); the rest of a record
	// only its page needs.
	cs, latest, err := s.oversightRecords(r.Context(), m.Code, year, nil, []string{samverkan.WithPayers})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	o := samverkan.BuildOversightLatest(m.Code, year, cs, latest, s.cat)
	o.Rows = slices.Clone(pageOf(o.Rows, limit, offset))
	page := make([]*samverkan.Collaboration, len(o.Rows))
	for i, row := range o.Rows {
		page[i] = row.Collaboration
	}
	if page, err = s.wholeRecords(r.Context(), page); err != nil {
		s.Error(w, r, err)
		return
	}
	for i := range o.Rows {
		o.Rows[i].Collaboration = page[i]
		s.present(page[i])
	}
	v := OversightView{Oversight: o, MunicipalityName: m.Name, OfficialName: s.cat.MunicipalityOfficialName(m.Code),
		Next: nextPage(r, samverkan.CollaborationFilter{Limit: limit, Offset: offset}, len(o.Rows), o.Total)}
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
			"with its role, its own cost (its share by the cost key; null when unknown, never 0) and the latest follow-up, and the totals per legal form. " +
			"The rows come a page at a time (`limit`, `offset`; `next` is the next page's URL); `forms`, `own_cost` and `total` cover every row.",
		status: 200, result: obj[OversightView](), errors: readErrors})
}
