package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The pre-study (förstudie) of a collaboration: legal and organisational
// feasibility, economics with payback and net present value, effects on
// the declared purposes, risks and the recommended legal form.

// emptyRiskRows are the blank risk rows offered below the stored ones.
const emptyRiskRows = 2

type assessmentForm struct {
	C       *samverkan.Collaboration
	Version string
	Action  string

	LegalFeasibility, LegalBasis, LegalConditions string
	SpecialActs, ProcurementBasis                 string
	PublicAuthority, ExternalDelegation           bool

	Org        []orgRow
	OrgSummary string

	OneOff, Annual, Saving, Years, Rate string

	Effects []effectRow
	Risks   []riskRow

	RecommendedForm, Recommendation string

	Result *economicsView // of the stored assessment
	Errors formErrors
	Stale  bool
}

type orgRow struct {
	Municipality, Name                  string
	Readiness, Staffing, Maturity, Note string
}

type effectRow struct {
	Purpose, Label, Effect, Note string
}

type riskRow struct {
	Category, Description, Likelihood, Impact, Mitigation string
}

// economicsView is the economics as shown, with the computed figures.
type economicsView struct {
	OneOff, Annual, Saving, Net string
	Years                       int
	Rate                        string
	Payback                     string
	PaysBack                    bool
	NPV                         string
	NPVNegative                 bool
}

func (s *server) economicsView(e samverkan.Economics, lang string) *economicsView {
	v := &economicsView{OneOff: kronor(e.OneOffCost, lang), Annual: kronor(e.AnnualCost, lang),
		Saving: kronor(e.AnnualSaving, lang), Net: kronor(e.NetAnnual(), lang), Years: e.Years,
		Rate: decimal(e.DiscountRate, 2, lang) + " %"}
	years, ok := e.Payback()
	v.PaysBack = ok
	switch {
	case !ok:
		v.Payback = tr(lang, "econ.never")
	case years == 0:
		v.Payback = tr(lang, "econ.at_once")
	default:
		v.Payback = tr(lang, "econ.years", decimal(years, 1, lang))
	}
	npv := e.NPV()
	v.NPV, v.NPVNegative = kronor(npv, lang), npv < 0
	return v
}

// decimal writes x with up to prec decimals, with a decimal comma in
// Swedish ("3,3"); trailing zeros beyond the first decimal are dropped.
func decimal(x float64, prec int, lang string) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") && prec > 1 {
		s = strings.TrimRight(s, "0")
		if strings.HasSuffix(s, ".") {
			s += "0"
		}
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (s *server) handleAssessment(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.decisionTarget(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.store.Assessment(r.Context(), c.ID)
	switch samverkan.ErrorCode(err) {
	case "":
	case samverkan.ENOTFOUND:
		a = &samverkan.Assessment{CollaborationID: c.ID, PublicAuthority: c.PublicAuthority,
			ExternalDelegation: c.ExternalDelegation, SpecialActs: c.SpecialActs, ProcurementBasis: c.ProcurementBasis}
	default:
		s.error(w, r, err)
		return
	}
	f, err := s.assessmentFormFrom(r.Context(), c, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if a.Version > 0 {
		f.Result = s.economicsView(a.Economics, langOf(r))
	}
	s.renderAssessment(w, r, http.StatusOK, f)
}

// assessmentFormFrom fills the form: a row per participating municipality
// and per declared purpose, the stored risks and some empty rows.
func (s *server) assessmentFormFrom(ctx context.Context, c *samverkan.Collaboration, a *samverkan.Assessment) (*assessmentForm, error) {
	f := &assessmentForm{C: c, Version: strconv.Itoa(a.Version),
		LegalFeasibility: a.LegalFeasibility, LegalBasis: a.LegalBasis, LegalConditions: a.LegalConditions,
		SpecialActs: a.SpecialActs, ProcurementBasis: a.ProcurementBasis,
		PublicAuthority: a.PublicAuthority, ExternalDelegation: a.ExternalDelegation,
		OrgSummary: a.OrganisationSummary, RecommendedForm: a.RecommendedForm, Recommendation: a.Recommendation}
	e := a.Economics
	if a.Version > 0 || e != (samverkan.Economics{}) {
		f.OneOff, f.Annual, f.Saving = strconv.FormatInt(e.OneOffCost, 10), strconv.FormatInt(e.AnnualCost, 10), strconv.FormatInt(e.AnnualSaving, 10)
		f.Years = strconv.Itoa(e.Years)
		f.Rate = strings.Replace(strconv.FormatFloat(e.DiscountRate, 'f', -1, 64), ".", ",", 1)
	}
	org := map[string]samverkan.OrgReadiness{}
	for _, o := range a.Organisation {
		org[o.Municipality] = o
	}
	for _, code := range s.orgCodes(c, a) {
		o := org[code]
		row := orgRow{Municipality: code, Name: s.cat.MunicipalityName(code), Readiness: o.Readiness, Staffing: o.Staffing, Note: o.Note}
		if o.DigitalMaturity > 0 {
			row.Maturity = strconv.Itoa(o.DigitalMaturity)
		}
		f.Org = append(f.Org, row)
	}
	purposes, err := s.effectPurposes(ctx, c)
	if err != nil {
		return nil, err
	}
	effects := map[string]samverkan.PurposeEffect{}
	for _, pe := range a.Effects {
		effects[pe.Purpose] = pe
	}
	for _, p := range purposes {
		pe := effects[p]
		delete(effects, p)
		f.Effects = append(f.Effects, effectRow{Purpose: p, Effect: pe.Effect, Note: pe.Note})
	}
	// Effects on purposes no longer declared are kept.
	for _, pe := range a.Effects {
		if _, left := effects[pe.Purpose]; left {
			f.Effects = append(f.Effects, effectRow{Purpose: pe.Purpose, Effect: pe.Effect, Note: pe.Note})
		}
	}
	for _, rk := range a.Risks {
		f.Risks = append(f.Risks, riskRow{Category: rk.Category, Description: rk.Description,
			Likelihood: strconv.Itoa(rk.Likelihood), Impact: strconv.Itoa(rk.Impact), Mitigation: rk.Mitigation})
	}
	for range emptyRiskRows {
		f.Risks = append(f.Risks, riskRow{})
	}
	return f, nil
}

// orgCodes are the municipalities assessed: the participating ones, then
// any assessed earlier that no longer take part.
func (s *server) orgCodes(c *samverkan.Collaboration, a *samverkan.Assessment) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range c.Participants {
		if p.Code != "" && !seen[p.Code] {
			seen[p.Code] = true
			out = append(out, p.Code)
		}
	}
	for _, o := range a.Organisation {
		if !seen[o.Municipality] {
			seen[o.Municipality] = true
			out = append(out, o.Municipality)
		}
	}
	return out
}

// effectPurposes are the purposes declared by the collaboration's networks;
// without any, the follow-up dimensions (the collaboration's own, or all).
func (s *server) effectPurposes(ctx context.Context, c *samverkan.Collaboration) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, slug := range c.Networks {
		n, err := s.store.NetworkBySlug(ctx, slug)
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		for _, p := range n.Declaration.Purposes {
			t := strings.TrimSpace(p.Text)
			if t == "" || seen[t] {
				continue
			}
			seen[t] = true
			out = append(out, t)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	out = append(out, c.Purposes...)
	if len(out) == 0 {
		for _, t := range samverkan.Purposes {
			out = append(out, t.Code)
		}
	}
	return out, nil
}

func (s *server) handleAssessmentSave(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.postedTarget(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeAssessmentForm(r, c)
	a, m, ferrs := f.build()
	a.CollaborationID = c.ID
	a.Version, _ = strconv.Atoi(f.Version)
	// Validate here too, so every problem shows at once and nothing is written.
	fes := append(ferrs, samverkan.FieldErrors(a.Validate(c))...)
	if len(fes) == 0 {
		err = s.store.SaveAssessment(writeCtx(r), a)
		fes = samverkan.FieldErrors(err)
	}
	lang := langOf(r)
	switch {
	case len(fes) > 0:
		f.Errors = assessmentErrors(lang, fes, m)
		s.renderAssessment(w, r, http.StatusUnprocessableEntity, f)
	case err == nil:
		http.Redirect(w, r, "/samverkan/"+strconv.FormatInt(c.ID, 10)+"/forstudie?klart=forstudie#resultat", http.StatusSeeOther)
	case samverkan.ErrorCode(err) == samverkan.ESTALE || samverkan.ErrorCode(err) == samverkan.EPRECONDITION:
		f.Stale = true
		s.renderAssessment(w, r, http.StatusConflict, f)
	case samverkan.ErrorCode(err) == samverkan.EINVALID:
		f.Errors.add("", "", samverkan.ErrorMessage(err))
		s.renderAssessment(w, r, http.StatusUnprocessableEntity, f)
	default:
		s.error(w, r, err)
	}
}

func decodeAssessmentForm(r *http.Request, c *samverkan.Collaboration) *assessmentForm {
	v := r.PostForm
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := &assessmentForm{C: c, Version: g("version"),
		LegalFeasibility: g("legal_feasibility"), LegalBasis: g("legal_basis"), LegalConditions: g("legal_conditions"),
		SpecialActs: g("special_acts"), ProcurementBasis: g("procurement_basis"),
		PublicAuthority: g("public_authority") != "", ExternalDelegation: g("external_delegation") != "",
		OrgSummary: g("organisation_summary"),
		OneOff:     g("one_off_cost"), Annual: g("annual_cost"), Saving: g("annual_saving"), Years: g("years"), Rate: g("discount_rate"),
		RecommendedForm: g("recommended_form"), Recommendation: g("recommendation")}
	rows(v, "org", "municipality", func(p string) {
		code := g(p + "municipality")
		f.Org = append(f.Org, orgRow{Municipality: code, Name: code, Readiness: g(p + "readiness"),
			Staffing: g(p + "staffing"), Maturity: g(p + "maturity"), Note: g(p + "note")})
	})
	rows(v, "effects", "purpose", func(p string) {
		f.Effects = append(f.Effects, effectRow{Purpose: g(p + "purpose"), Effect: g(p + "effect"), Note: g(p + "note")})
	})
	rows(v, "risks", "category", func(p string) {
		f.Risks = append(f.Risks, riskRow{Category: g(p + "category"), Description: g(p + "description"),
			Likelihood: g(p + "likelihood"), Impact: g(p + "impact"), Mitigation: g(p + "mitigation")})
	})
	return f
}

// assessmentMap remembers the form row of each list item.
type assessmentMap struct{ org, effects, risks []int }

// build turns the form into an assessment; text that is not a number is
// reported as a field error.
func (f *assessmentForm) build() (*samverkan.Assessment, assessmentMap, []samverkan.FieldError) {
	var m assessmentMap
	var errs []samverkan.FieldError
	a := &samverkan.Assessment{LegalFeasibility: f.LegalFeasibility, LegalBasis: f.LegalBasis,
		LegalConditions: f.LegalConditions, SpecialActs: f.SpecialActs, ProcurementBasis: f.ProcurementBasis,
		PublicAuthority: f.PublicAuthority, ExternalDelegation: f.ExternalDelegation,
		OrganisationSummary: f.OrgSummary, RecommendedForm: f.RecommendedForm, Recommendation: f.Recommendation}
	money := func(field, text string) int64 {
		n, ok := parseKronor(strings.ReplaceAll(text, "−", "-"))
		if !ok {
			errs = append(errs, samverkan.FieldError{Field: "economics." + field, Code: "invalid_number", Params: []any{text}})
			return 0
		}
		if n == nil {
			return 0
		}
		return *n
	}
	a.Economics.OneOffCost = money("one_off_cost", f.OneOff)
	a.Economics.AnnualCost = money("annual_cost", f.Annual)
	a.Economics.AnnualSaving = money("annual_saving", f.Saving)
	if f.Years != "" {
		n, err := strconv.Atoi(f.Years)
		if err != nil {
			errs = append(errs, samverkan.FieldError{Field: "economics.years", Code: "web.invalid_integer", Params: []any{f.Years}})
		}
		a.Economics.Years = n
	}
	if f.Rate != "" {
		x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.Replace(f.Rate, ",", ".", 1), "%")), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			errs = append(errs, samverkan.FieldError{Field: "economics.discount_rate", Code: "web.invalid_decimal", Params: []any{f.Rate}})
			x = 0
		}
		a.Economics.DiscountRate = x
	}
	for i, o := range f.Org {
		if blank(o.Readiness, o.Staffing, o.Maturity, o.Note) {
			continue
		}
		or := samverkan.OrgReadiness{Municipality: o.Municipality, Readiness: o.Readiness, Staffing: o.Staffing, Note: o.Note}
		if o.Maturity != "" {
			n, err := strconv.Atoi(o.Maturity)
			if err != nil {
				n = -1 // reported as out of scale
			}
			or.DigitalMaturity = n
		}
		m.org = append(m.org, i)
		a.Organisation = append(a.Organisation, or)
	}
	for i, e := range f.Effects {
		if blank(e.Effect, e.Note) {
			continue
		}
		if e.Effect == "" {
			errs = append(errs, samverkan.FieldError{Field: fmt.Sprintf("effects[%d].effect", len(a.Effects)), Code: "web.effect_required"})
		}
		m.effects = append(m.effects, i)
		a.Effects = append(a.Effects, samverkan.PurposeEffect{Purpose: e.Purpose, Effect: e.Effect, Note: e.Note})
	}
	for i, rk := range f.Risks {
		if blank(rk.Category, rk.Description, rk.Likelihood, rk.Impact, rk.Mitigation) {
			continue
		}
		l, _ := strconv.Atoi(rk.Likelihood)
		im, _ := strconv.Atoi(rk.Impact)
		m.risks = append(m.risks, i)
		a.Risks = append(a.Risks, samverkan.Risk{Category: rk.Category, Description: rk.Description,
			Likelihood: l, Impact: im, Mitigation: rk.Mitigation})
	}
	return a, m, errs
}

// assessmentFieldOrder is the page order of the form's fields.
var assessmentFieldOrder = []string{
	"legal_feasibility", "legal_basis", "legal_conditions", "public_authority", "external_delegation", "special_acts",
	"procurement_basis", "organisation", "organisation_summary", "economics", "effects", "risks", "recommended_form", "recommendation",
}

var assessmentPathRE = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?$`)

// assessmentErrors places field errors on the form's inputs.
func assessmentErrors(lang string, fes []samverkan.FieldError, m assessmentMap) formErrors {
	type placed struct {
		pos       int
		id, label string
		msg       string
	}
	var ps []placed
	for _, fe := range fes {
		p := placed{pos: len(assessmentFieldOrder), msg: fe.Message(lang)}
		if code, ok := strings.CutPrefix(fe.Code, "web."); ok {
			p.msg = tr(lang, "err."+code, fe.Params...)
		}
		if mm := assessmentPathRE.FindStringSubmatch(fe.Field); mm != nil {
			base, sub := mm[1], mm[3]
			idx := -1
			if mm[2] != "" {
				idx, _ = strconv.Atoi(mm[2])
			}
			p.pos = fieldPosition(assessmentFieldOrder, base)
			row := func(prefix, group string, rows []int, def string) {
				if idx < 0 || idx >= len(rows) {
					p.label = tr(lang, "study.group."+group)
					return
				}
				if sub == "" {
					sub = def
				}
				p.id = fmt.Sprintf("a-%s-%d-%s", prefix, rows[idx], sub)
				p.label = tr(lang, "form.row", tr(lang, "study.group."+group), rows[idx]+1)
			}
			switch base {
			case "economics":
				p.id, p.label = "a-"+sub, tr(lang, "study.field."+sub)
			case "organisation":
				if sub == "municipality" {
					sub = "readiness"
				}
				row("org", "organisation", m.org, "readiness")
			case "effects":
				if sub == "purpose" {
					sub = "effect"
				}
				row("effects", "effects", m.effects, "effect")
			case "risks":
				row("risks", "risks", m.risks, "category")
			default:
				p.id, p.label = "a-"+base, tr(lang, "study.field."+base)
			}
		}
		ps = append(ps, p)
	}
	// Stable insertion sort by page position keeps the store's order within a field.
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].pos < ps[j-1].pos; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	var out formErrors
	for _, p := range ps {
		out.add(p.id, p.label, p.msg)
	}
	return out
}

func (s *server) renderAssessment(w http.ResponseWriter, r *http.Request, status int, f *assessmentForm) {
	lang := langOf(r)
	f.Action = "/samverkan/" + strconv.FormatInt(f.C.ID, 10) + "/forstudie"
	for i := range f.Effects {
		// A follow-up dimension is labelled; a declared purpose is its own text.
		f.Effects[i].Label = samverkan.Purposes.Label(f.Effects[i].Purpose, lang)
	}
	for i := range f.Org {
		if _, ok := s.cat.Municipality(f.Org[i].Municipality); ok {
			f.Org[i].Name = s.cat.MunicipalityName(f.Org[i].Municipality)
		}
	}
	title := tr(lang, "study.title", f.C.Title)
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "assessment", page{Title: title, Flash: flash(r), Data: f})
}
