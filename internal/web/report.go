package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The yearly report the municipal executive board owes the council on the
// municipality's avtalssamverkan (KL 9 kap. 38 §), as a printable page.

// firstReportYear is the first year the duty applies (SFS 2018:569, in
// force 2018-07-01).
const firstReportYear = 2018

type reportPage struct {
	M         samverkan.Municipality
	Year      int
	Years     []option
	Rows      []reportRow
	Generated string
}

type reportRow struct {
	ID                                int64
	Title, Others, Host, Areas, Start string
	Documents                         []reportDoc
	Cost, CostKey, Form, End, Status  string
}

type reportDoc struct{ Title, URL string }

func (s *server) handleReport938(w http.ResponseWriter, r *http.Request) {
	m, ok := s.cat.Municipality(r.PathValue("code"))
	if !ok {
		s.notFound(w, r)
		return
	}
	now := today().Year()
	year := now - 1
	if y, err := strconv.Atoi(r.URL.Query().Get("ar")); err == nil && y >= firstReportYear && y <= now {
		year = y
	}
	cs, err := s.allCollaborations(r.Context(), samverkan.CollaborationFilter{Municipality: m.Code, Sort: "title"})
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d := reportPage{M: m, Year: year, Generated: today().String()}
	for y := now; y >= firstReportYear; y-- {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	for _, c := range samverkan.Report938(m.Code, year, cs) {
		d.Rows = append(d.Rows, s.reportRow(c, m.Code, lang))
	}
	s.render(w, r, http.StatusOK, "report938", page{Title: tr(lang, "report.title", m.Name, year), Nav: "municipalities", Data: d})
}

func (s *server) reportRow(c *samverkan.Collaboration, code, lang string) reportRow {
	row := reportRow{ID: c.ID, Title: c.Title, Start: c.Start.String(), End: c.End.String(),
		Cost: kronor(c.AnnualCost, lang), Form: vocabularies["legal_form"].Label(c.LegalForm, lang),
		Status: vocabularies["status"].Label(c.Status, lang)}
	var others []string
	for _, p := range c.Participants {
		switch {
		case p.Code == code:
		case p.Code != "":
			others = append(others, s.cat.MunicipalityName(p.Code))
		default:
			others = append(others, p.Party)
		}
	}
	row.Others = strings.Join(others, ", ")
	if c.Host != "" {
		row.Host = s.cat.MunicipalityName(c.Host)
	}
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
