package samverkan

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Legal feasibility verdicts.
var Feasibilities = Vocabulary{
	{"mojlig", "Möjlig", "Possible"},
	{"mojlig_med_villkor", "Möjlig med villkor", "Possible with conditions"},
	{"ej_mojlig", "Inte möjlig", "Not possible"},
}

// Readiness levels for organisational feasibility, per participant.
var Readiness = Vocabulary{
	{"hog", "Hög", "High"},
	{"medel", "Medel", "Medium"},
	{"lag", "Låg", "Low"},
}

// Effects on a declared purpose.
var Effects = Vocabulary{
	{"stor_positiv", "Stor positiv effekt", "Large positive effect"},
	{"positiv", "Positiv effekt", "Positive effect"},
	{"ingen", "Ingen effekt", "No effect"},
	{"negativ", "Negativ effekt", "Negative effect"},
}

// RiskCategories, domain.md a.13.
var RiskCategories = Vocabulary{
	{"administrativ_overbyggnad", "Kostsam administrativ överbyggnad", "Costly administrative superstructure"},
	{"insyn", "Minskad insyn och demokratisk styrning", "Less transparency and democratic control"},
	{"maktasymmetri", "Maktasymmetri mellan stora och små", "Power asymmetry"},
	{"juridiskt_hinder", "Juridiskt hinder", "Legal obstacle"},
	{"digital_mognad", "Olika digital mognad", "Uneven digital maturity"},
	{"kostnad_ej_sankt", "Kostnaderna sjunker inte", "Costs do not fall"},
	{"kostnadsfordelning", "Kostnadsfördelningen upplevs orättvis", "Cost sharing felt unfair"},
	{"oversikt_saknas", "Överblick saknas", "No overview"},
	{"kompetens", "Kompetens och bemanning", "Competence and staffing"},
	{"annan", "Annan risk", "Other risk"},
}

// Assessment is the pre-study (förstudie) of a collaboration: is it legally
// and organisationally possible, and is it worth it?
type Assessment struct {
	CollaborationID int64 `json:"collaboration_id"`

	LegalFeasibility   string `json:"legal_feasibility"` // see Feasibilities
	LegalBasis         string `json:"legal_basis"`
	LegalConditions    string `json:"legal_conditions"`
	PublicAuthority    bool   `json:"public_authority"`
	ExternalDelegation bool   `json:"external_delegation"`
	SpecialActs        string `json:"special_acts"`
	ProcurementBasis   string `json:"procurement_basis"`

	Organisation        []OrgReadiness `json:"organisation"`
	OrganisationSummary string         `json:"organisation_summary"`

	Economics Economics `json:"economics"`

	Effects         []PurposeEffect `json:"effects"`
	Risks           []Risk          `json:"risks"`
	RecommendedForm string          `json:"recommended_form"`
	Recommendation  string          `json:"recommendation"`

	Version int       `json:"version"`
	Updated time.Time `json:"updated"`
}

// OrgReadiness is one participant's organisational readiness.
type OrgReadiness struct {
	Municipality    string `json:"municipality"`
	Readiness       string `json:"readiness"`        // see Readiness
	Staffing        string `json:"staffing"`         // e.g. "2 årsarbetare, 1 vakans"
	DigitalMaturity int    `json:"digital_maturity"` // 1 (låg) – 5 (hög), 0 not assessed
	Note            string `json:"note"`
}

// PurposeEffect is the expected effect on one of the network's purposes.
type PurposeEffect struct {
	Purpose string `json:"purpose"` // the purpose's text or a dimension code
	Effect  string `json:"effect"`  // see Effects
	Note    string `json:"note"`
}

// Risk is a risk or obstacle with likelihood and impact on 1–5 scales.
type Risk struct {
	Category    string `json:"category"`
	Description string `json:"description"`
	Likelihood  int    `json:"likelihood"`
	Impact      int    `json:"impact"`
	Mitigation  string `json:"mitigation"`
}

// Economics is the money side of a pre-study, in whole kronor per year.
// AnnualCost is what running the collaboration costs all participants;
// AnnualSaving is what they save against today (negative when the
// collaboration costs more than the way things are done now).
type Economics struct {
	OneOffCost   int64   `json:"one_off_cost"`
	AnnualCost   int64   `json:"annual_cost"`
	AnnualSaving int64   `json:"annual_saving"`
	Years        int     `json:"years"`         // the agreement period
	DiscountRate float64 `json:"discount_rate"` // per cent per year, e.g. 3.5
}

// NetAnnual is the yearly net effect: saving minus running cost. It
// saturates rather than wraps, for amounts stored before their limits.
func (e Economics) NetAnnual() int64 { return subAmounts(e.AnnualSaving, e.AnnualCost) }

// Payback returns the years until the one-off cost is paid back by the
// net yearly effect, undiscounted. ok is false when it never is (the net
// effect is zero or negative); a zero one-off cost pays back at once.
func (e Economics) Payback() (years float64, ok bool) {
	net := e.NetAnnual()
	if e.OneOffCost == 0 && net >= 0 {
		return 0, true
	}
	if net <= 0 {
		return 0, false
	}
	return float64(e.OneOffCost) / float64(net), true
}

// NPV returns the net present value over the agreement period: minus the
// one-off cost now, plus the net effect at the end of each year,
// discounted at DiscountRate, rounded to whole kronor.
func (e Economics) NPV() int64 {
	r := e.DiscountRate / 100
	v := -float64(e.OneOffCost)
	for t := 1; t <= e.Years; t++ {
		v += float64(e.NetAnnual()) / math.Pow(1+r, float64(t))
	}
	return RoundAmount(v)
}

// Validate checks an assessment against its collaboration.
func (a *Assessment) Validate(c *Collaboration) error {
	var v Validation
	if a.LegalFeasibility != "" && !Feasibilities.Has(a.LegalFeasibility) {
		v.Add("legal_feasibility", "unknown_feasibility", a.LegalFeasibility)
	}
	checkParagraph(&v, "legal_basis", a.LegalBasis, MaxDescription, false)
	checkParagraph(&v, "legal_conditions", a.LegalConditions, MaxDescription, false)
	checkText(&v, "special_acts", a.SpecialActs, MaxShortText, false)
	if a.ProcurementBasis != "" && !ProcurementBases.Has(a.ProcurementBasis) {
		v.Add("procurement_basis", "unknown_procurement", a.ProcurementBasis)
	}
	if checkList(&v, "organisation", len(a.Organisation), MaxParticipants) {
		seen := map[string]bool{}
		for i, o := range a.Organisation {
			f := fmt.Sprintf("organisation[%d]", i)
			switch {
			case !c.Takes(o.Municipality):
				v.Add(f+".municipality", "not_participant", o.Municipality)
			case seen[o.Municipality]:
				v.Add(f+".municipality", "duplicate_participant", o.Municipality)
			}
			seen[o.Municipality] = true
			if o.Readiness != "" && !Readiness.Has(o.Readiness) {
				v.Add(f+".readiness", "unknown_readiness", o.Readiness)
			}
			if o.DigitalMaturity < 0 || o.DigitalMaturity > 5 {
				v.Add(f+".digital_maturity", "out_of_scale", 0, 5)
			}
			checkText(&v, f+".staffing", o.Staffing, MaxShortText, false)
			checkParagraph(&v, f+".note", o.Note, MaxDescription, false)
		}
	}
	checkParagraph(&v, "organisation_summary", a.OrganisationSummary, MaxDescription, false)
	e := a.Economics
	checkAmount(&v, "economics.one_off_cost", e.OneOffCost, false)
	checkAmount(&v, "economics.annual_cost", e.AnnualCost, false)
	checkAmount(&v, "economics.annual_saving", e.AnnualSaving, true)
	if e.Years < 0 || e.Years > 100 {
		v.Add("economics.years", "out_of_scale", 0, 100)
	}
	if !(e.DiscountRate >= 0 && e.DiscountRate <= 50) { // NaN fails both
		v.Add("economics.discount_rate", "out_of_scale", 0, 50)
	}
	if checkList(&v, "effects", len(a.Effects), MaxAssessmentRows) {
		for i, pe := range a.Effects {
			f := fmt.Sprintf("effects[%d]", i)
			checkText(&v, f+".purpose", pe.Purpose, MaxShortText, true)
			if !Effects.Has(pe.Effect) {
				v.Add(f+".effect", "unknown_effect", pe.Effect)
			}
			checkParagraph(&v, f+".note", pe.Note, MaxDescription, false)
		}
	}
	if checkList(&v, "risks", len(a.Risks), MaxAssessmentRows) {
		for i, r := range a.Risks {
			f := fmt.Sprintf("risks[%d]", i)
			if !RiskCategories.Has(r.Category) {
				v.Add(f+".category", "unknown_risk_category", r.Category)
			}
			checkParagraph(&v, f+".description", r.Description, MaxDescription, true)
			if r.Likelihood < 1 || r.Likelihood > 5 {
				v.Add(f+".likelihood", "out_of_scale", 1, 5)
			}
			if r.Impact < 1 || r.Impact > 5 {
				v.Add(f+".impact", "out_of_scale", 1, 5)
			}
			checkParagraph(&v, f+".mitigation", r.Mitigation, MaxDescription, false)
		}
	}
	if a.RecommendedForm != "" {
		if _, ok := FindLegalForm(a.RecommendedForm); !ok {
			v.Add("recommended_form", "unknown_legal_form", a.RecommendedForm)
		}
	}
	checkParagraph(&v, "recommendation", a.Recommendation, MaxDescription, false)
	return v.Err()
}

// Normalize trims a pre-study's texts and makes its lists empty rather
// than absent, so they read back as [] and never as null.
func (a *Assessment) Normalize() {
	for _, s := range []*string{&a.LegalFeasibility, &a.LegalBasis, &a.LegalConditions, &a.SpecialActs,
		&a.ProcurementBasis, &a.OrganisationSummary, &a.RecommendedForm, &a.Recommendation} {
		*s = strings.TrimSpace(*s)
	}
	for i := range a.Organisation {
		a.Organisation[i].Municipality = strings.TrimSpace(a.Organisation[i].Municipality)
	}
	if a.Organisation == nil {
		a.Organisation = []OrgReadiness{}
	}
	if a.Effects == nil {
		a.Effects = []PurposeEffect{}
	}
	if a.Risks == nil {
		a.Risks = []Risk{}
	}
}
