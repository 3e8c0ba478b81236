package web

import (
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The decision brief (beslutsunderlag) of a collaboration: one printable
// page with the summary, the participants, the pre-study and the decision
// path, for a board or council to decide on.

type briefPage struct {
	C          *samverkan.Collaboration
	Form       samverkan.LegalForm
	Networks   []networkRef
	Members    []samverkan.Participant
	Parties    []samverkan.Participant
	Triage     triageView
	Study      *samverkan.Assessment
	Org        []orgRow
	Effects    []effectRow
	Economics  *economicsView
	Path       pathView
	Generated  string
	BackHref   string
	Recommends string       // the recommended legal form, labelled
	Costs      *costSection // the cost split of a year (costshare.go)
}

func (s *server) handleBrief(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.decisionTarget(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ctx := r.Context()
	lang := langOf(r)
	d := briefPage{C: c, Generated: today().String(), BackHref: "/samverkan/" + strconv.FormatInt(c.ID, 10)}
	d.Form, _ = samverkan.FindLegalForm(c.LegalForm)
	if d.Networks, err = s.networkRefs(r, c.Networks); err != nil {
		s.error(w, r, err)
		return
	}
	for _, p := range c.Participants {
		if p.Code != "" {
			d.Members = append(d.Members, p)
		} else {
			d.Parties = append(d.Parties, p)
		}
	}
	lv, err := s.lifecycle(r, c, nil)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d.Triage, d.Path = lv.Triage, lv.Path
	// A brief goes to a board or council: municipalities by their legal names.
	for i := range d.Path.Rows {
		d.Path.Rows[i].MuniName = s.cat.MunicipalityOfficialName(d.Path.Rows[i].Municipality)
	}
	if d.Costs, err = s.costSection(r, c, costYearParam(r)); err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.store.Assessment(ctx, c.ID)
	switch samverkan.ErrorCode(err) {
	case "":
		d.Study = a
		d.Economics = s.economicsView(a.Economics, lang)
		for _, o := range a.Organisation {
			row := orgRow{Municipality: o.Municipality, Name: s.cat.MunicipalityOfficialName(o.Municipality),
				Readiness: o.Readiness, Staffing: o.Staffing, Note: o.Note}
			if o.DigitalMaturity > 0 {
				row.Maturity = strconv.Itoa(o.DigitalMaturity)
			}
			d.Org = append(d.Org, row)
		}
		for _, pe := range a.Effects {
			d.Effects = append(d.Effects, effectRow{Purpose: pe.Purpose, Label: samverkan.Purposes.Label(pe.Purpose, lang), Effect: pe.Effect, Note: pe.Note})
		}
		if a.RecommendedForm != "" {
			d.Recommends = vocabularies["legal_form"].Label(a.RecommendedForm, lang)
		}
	case samverkan.ENOTFOUND:
	default:
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "brief", page{Title: tr(lang, "brief.title", c.Title), Data: d})
}
