package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The yearly report the municipal executive board owes the council on the
// municipality's avtalssamverkan (KL 9 kap. 38 §), and the board's yearly
// oversight view of everything the municipality takes part in (uppsikt,
// KL 6 kap. 1 §), as printable pages. Both name the municipality by its
// legal name ("Gislaveds kommun").

// firstReportYear is the first year the duty applies (SFS 2018:569, in
// force 2018-07-01).
const firstReportYear = 2018

type reportPage struct {
	M         samverkan.Municipality
	Legal     string // the legal name
	Year      int
	Years     []option
	Rows      []reportRow
	Generated string
}

type reportRow struct {
	ID                               int64
	Title, Others, Role, Areas       string
	Documents                        []reportDoc
	Delegation                       string
	From, To, Notice, Renewal        string
	OwnCost, OwnCostNote, FollowUp   string
	Cost, CostKey, Form, End, Status string
}

type reportDoc struct{ Title, URL string }

// reportYear reads ?ar=, defaulting to last year; min is the first year
// offered.
func reportYear(r *http.Request, min int) (year int, years []option) {
	now := today().Year()
	year = now - 1
	if y, err := strconv.Atoi(r.URL.Query().Get("ar")); err == nil && y >= min && y <= now {
		year = y
	}
	for y := now; y >= min; y-- {
		years = append(years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	return year, years
}

// municipalityFollowUps returns the follow-ups of the municipality's
// collaborations up to year, or none when the store keeps no follow-ups.
func (s *server) municipalityFollowUps(ctx context.Context, code string, year int) ([]*samverkan.FollowUp, error) {
	ss, err := samverkan.Steering(s.store)
	if err != nil {
		return nil, nil //nolint:nilerr // a store without follow-ups: none to show
	}
	return ss.ScopeFollowUps(ctx, samverkan.RefFilter{Municipality: code}, samverkan.FollowUpYears(year)...)
}

// oversightRecords reads the collaborations of forms (every form when
// none) that code took part in during year, by title, with the child
// rows in with, and the year of each one's latest follow-up up to year:
// from the store's own reads when it has them (samverkan.OversightStore),
// else every collaboration code takes part in and their follow-ups (the
// rows' builders choose the ones of the year and forms).
func (s *server) oversightRecords(ctx context.Context, code string, year int, forms, with []string) ([]*samverkan.Collaboration, map[int64]int, error) {
	if ovs, ok := s.store.(samverkan.OversightStore); ok {
		cs, err := ovs.OversightRecords(ctx, code, year, forms, with)
		if err != nil {
			return nil, nil, err
		}
		latest, err := ovs.LatestFollowUps(ctx, code, year)
		return cs, latest, err
	}
	if slices.Contains(with, samverkan.WithPayers) {
		with = append(slices.Clone(with), samverkan.WithParticipants)
	}
	cs, err := s.allCollaborations(ctx, samverkan.CollaborationFilter{Municipality: code, Sort: "title", With: with})
	if err != nil {
		return nil, nil, err
	}
	fus, err := s.municipalityFollowUps(ctx, code, year)
	return cs, samverkan.LatestFollowUpYears(fus, year), err
}

func (s *server) handleReport938(w http.ResponseWriter, r *http.Request) {
	m, ok := s.cat.Municipality(r.PathValue("code"))
	if !ok {
		s.notFound(w, r)
		return
	}
	year, years := reportYear(r, firstReportYear)
	// What the report reads of a record besides its own columns: who
	// takes part when (Report938Rows, OwnCost), the agreement's term
	// (AgreementTerm), and the areas and documents a row shows.
	cs, latest, err := s.oversightRecords(r.Context(), m.Code, year, samverkan.AgreementForms,
		[]string{samverkan.WithParticipants, samverkan.WithAreas, samverkan.WithDocuments})
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	legal := s.cat.MunicipalityOfficialName(m.Code)
	d := reportPage{M: m, Legal: legal, Year: year, Years: years, Generated: today().String()}
	for _, row := range samverkan.Report938RowsLatest(m.Code, year, cs, latest, s.cat) {
		d.Rows = append(d.Rows, s.reportRow(row, m.Code, lang))
	}
	s.render(w, r, http.StatusOK, "report938", page{Title: tr(lang, "report.title", legal, year), Nav: "municipalities", Data: d})
}

func (s *server) reportRow(rr samverkan.Report938Row, code, lang string) reportRow {
	c := rr.Collaboration
	row := reportRow{ID: c.ID, Title: c.Title, End: c.End.String(),
		Cost: kronor(c.AnnualCost, lang), Form: vocabularies["legal_form"].Label(c.LegalForm, lang),
		Status: vocabularies["status"].Label(c.Status, lang), Role: vocabularies["role"].Label(rr.Role, lang),
		From: rr.Term.From.String(), To: rr.Term.To.String(), Renewal: rr.Term.Renewal}
	row.Delegation = tr(lang, "value.no")
	if rr.ExternalDelegation {
		row.Delegation = tr(lang, "value.yes")
	}
	if rr.Term.NoticeMonths != nil {
		row.Notice = tr(lang, "report.months", *rr.Term.NoticeMonths)
	}
	if rr.OwnCost != nil {
		row.OwnCost = kronor(*rr.OwnCost, lang)
		if rr.OwnShareBP != nil {
			row.OwnCostNote = samverkan.MemberShare{ShareBP: *rr.OwnShareBP}.PercentText(lang)
		}
	}
	if rr.OwnCostBasis != samverkan.OwnCostShare {
		row.OwnCostNote = samverkan.OwnCostBases.Label(rr.OwnCostBasis, lang)
	}
	if rr.LatestFollowUp != nil {
		row.FollowUp = strconv.Itoa(*rr.LatestFollowUp)
	}
	var others []string
	for _, p := range c.Participants {
		switch {
		case p.Code == code:
		case p.Code != "":
			others = append(others, s.cat.MunicipalityOfficialName(p.Code))
		default:
			others = append(others, p.Party)
		}
	}
	row.Others = strings.Join(others, ", ")
	var areas []string
	for _, a := range c.Areas {
		if ar, ok := s.cat.Area(a); ok {
			areas = append(areas, ar.Label(lang))
		} else {
			areas = append(areas, a)
		}
	}
	row.Areas = strings.Join(areas, ", ")
	for _, doc := range c.Documents {
		t := doc.Title
		if t == "" {
			t = vocabularies["doc_type"].Label(doc.Type, lang)
		}
		if !doc.Adopted.IsZero() {
			t += " (" + doc.Adopted.String() + ")"
		}
		row.Documents = append(row.Documents, reportDoc{Title: t, URL: doc.URL})
	}
	if c.CostKey != "" {
		row.CostKey = vocabularies["cost_key"].Label(c.CostKey, lang)
	}
	return row
}

// The oversight view -------------------------------------------------------

type oversightPage struct {
	M         samverkan.Municipality
	Legal     string
	Year      int
	Years     []option
	Forms     []oversightForm
	Total     int
	OwnCost   totalView
	Generated string
}

type oversightForm struct {
	Code, Label string
	Count       int
	OwnCost     totalView
	Rows        []oversightRow
}

type oversightRow struct {
	ID                                    int64
	Title, Role, Status, Host, Start, End string
	OwnCost, OwnCostNote, FollowUp        string
	InReport                              bool
}

func (s *server) handleOversight(w http.ResponseWriter, r *http.Request) {
	m, ok := s.cat.Municipality(r.PathValue("code"))
	if !ok {
		s.notFound(w, r)
		return
	}
	year, years := reportYear(r, samverkan.FirstFollowUpYear)
	// The rows show the record's own columns; which rows, and the own
	// cost, follow from the participants, and only where the cost is
	// known: the child tables of ~300 records were most of the page's
	// time (issue 16).
	cs, latest, err := s.oversightRecords(r.Context(), m.Code, year, nil, []string{samverkan.WithPayers})
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	o := samverkan.BuildOversightLatest(m.Code, year, cs, latest, s.cat)
	legal := s.cat.MunicipalityOfficialName(m.Code)
	d := oversightPage{M: m, Legal: legal, Year: year, Years: years, Total: o.Total, Generated: today().String(),
		OwnCost: costTotal(samverkan.TotalOf(o.OwnCost.Sum, o.OwnCost.Known, o.OwnCost.Of), lang)}
	byForm := map[string]*oversightForm{}
	for _, f := range o.Forms {
		d.Forms = append(d.Forms, oversightForm{Code: f.Form, Label: vocabularies["legal_form"].Label(f.Form, lang), Count: f.Count,
			OwnCost: costTotal(samverkan.TotalOf(f.OwnCost.Sum, f.OwnCost.Known, f.OwnCost.Of), lang)})
	}
	for i := range d.Forms {
		byForm[d.Forms[i].Code] = &d.Forms[i]
	}
	for _, row := range o.Rows {
		c := row.Collaboration
		or := oversightRow{ID: c.ID, Title: c.Title, Role: vocabularies["role"].Label(row.Role, lang),
			Status: vocabularies["status"].Label(c.Status, lang), Start: c.Start.String(), End: c.End.String(), InReport: row.InReport938}
		if c.Host != "" {
			or.Host = s.cat.MunicipalityOfficialName(c.Host)
		}
		if row.OwnCost != nil {
			or.OwnCost = kronor(*row.OwnCost, lang)
		} else {
			or.OwnCostNote = samverkan.OwnCostBases.Label(row.OwnCostBasis, lang)
		}
		if row.LatestFollowUp != nil {
			or.FollowUp = strconv.Itoa(*row.LatestFollowUp)
		}
		f := byForm[c.LegalForm]
		f.Rows = append(f.Rows, or)
	}
	s.render(w, r, http.StatusOK, "oversight", page{Title: tr(lang, "oversight.title", legal, year), Nav: "municipalities", Data: d})
}
