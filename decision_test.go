package samverkan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

func collab(form string, codes ...string) *samverkan.Collaboration {
	c := &samverkan.Collaboration{Title: "T", LegalForm: form, Status: samverkan.StatusIdea}
	for _, code := range codes {
		c.Participants = append(c.Participants, samverkan.Participant{Code: code, Role: samverkan.RoleMember})
	}
	return c
}

// TestDecisionPathPerForm checks, form by form, which body decides what
// about which document in every participant, and the legal reference.
func TestDecisionPathPerForm(t *testing.T) {
	for _, tc := range []struct {
		form        string
		opts        samverkan.PathOptions
		body, kind  string
		docs        []string
		refContains string
		steps       int // per municipality
	}{
		{samverkan.FormFederationAssembly, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"forbundsordning"}, "KL 9 kap. 1 §", 1},
		{samverkan.FormFederationBoard, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"forbundsordning"}, "KL 9 kap. 1 §", 1},
		{samverkan.FormJointCommittee, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"samverkansavtal", "reglemente"}, "KL 9 kap. 19–36 §§", 1},
		{samverkan.FormAgreement, samverkan.PathOptions{}, "namnd", samverkan.KindAdopt, []string{"avtal"}, "KL 9 kap. 37 §", 1},
		{samverkan.FormAgreement, samverkan.PathOptions{OfPrinciple: true}, "kf", samverkan.KindAdopt, []string{"avtal"}, "5 kap. 1 §", 1},
		{samverkan.FormAgreement, samverkan.PathOptions{ExternalDelegation: true}, "namnd", samverkan.KindAdopt, []string{"avtal"}, "KL 9 kap. 37 §", 2},
		{samverkan.FormAgreementSpecial, samverkan.PathOptions{}, "namnd", samverkan.KindAdopt, []string{"avtal"}, "Speciallag", 1},
		{samverkan.FormCompany, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"bolagsordning"}, "KL 10 kap. 1 §", 2}, // + ägardirektiv as practice
		{samverkan.FormEconomicAssoc, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"ovrigt"}, "KL 10 kap.", 1},
		{samverkan.FormNonProfitAssoc, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"ovrigt"}, "KL 10 kap.", 1},
		{samverkan.FormFoundation, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"ovrigt"}, "KL 10 kap.", 1},
		{samverkan.FormFinsam, samverkan.PathOptions{}, "kf", samverkan.KindAdopt, []string{"forbundsordning"}, "2003:1210", 1},
		{samverkan.FormPurchase, samverkan.PathOptions{}, "tjansteperson", samverkan.KindAdopt, []string{"avtal"}, "KL 9 kap. 37 §", 1},
		{samverkan.FormProject, samverkan.PathOptions{}, "tjansteperson", samverkan.KindDirection, nil, "KL 6 kap. 37 §", 1},
		{samverkan.FormLetterOfIntent, samverkan.PathOptions{}, "ks", samverkan.KindDirection, []string{"avsiktsforklaring"}, "KL 6 kap. 1 §", 1},
		{samverkan.FormInformalNetwork, samverkan.PathOptions{}, "", "", nil, "", 0},
	} {
		t.Run(tc.form, func(t *testing.T) {
			c := collab(tc.form, "0662", "0617", "0683")
			c.OfPrinciple, c.ExternalDelegation = tc.opts.OfPrinciple, tc.opts.ExternalDelegation
			c.Participants = append(c.Participants, samverkan.Participant{Code: "0665", Role: samverkan.RoleObserver})
			path, ok := samverkan.StepPath(c, samverkan.PathSettings{}, samverkan.StepFound)
			if !ok {
				t.Fatalf("DecisionPath(%s) not ok", tc.form)
			}
			if len(path) != 3*tc.steps {
				t.Fatalf("DecisionPath(%s) has %d steps, want %d (3 deciding members × %d; observer decides nothing)", tc.form, len(path), 3*tc.steps, tc.steps)
			}
			if tc.steps == 0 {
				return
			}
			for _, code := range []string{"0662", "0617", "0683"} {
				first := path[slices.IndexFunc(path, func(r samverkan.RequiredDecision) bool { return r.Municipality == code })]
				if first.Body != tc.body || first.Kind != tc.kind || !slices.Equal(first.Documents, tc.docs) || !strings.Contains(first.Reference, tc.refContains) {
					t.Errorf("%s for %s = %+v; want body %s kind %s docs %v ref containing %q", tc.form, code, first, tc.body, tc.kind, tc.docs, tc.refContains)
				}
			}
			if tc.opts.ExternalDelegation && !slices.ContainsFunc(path, func(r samverkan.RequiredDecision) bool {
				return r.Kind == samverkan.KindDelegation && slices.Contains(r.Documents, "delegationsordning")
			}) {
				t.Errorf("external delegation adds no delegationsordning decision: %+v", path)
			}
		})
	}
	if _, ok := samverkan.DecisionPath(collab(samverkan.FormUnknown, "0662", "0617")); ok {
		t.Error("a form that is not stated has a path")
	}
	// Every form but the unknown has rules or is known to need none.
	for _, f := range samverkan.LegalForms {
		if _, ok := samverkan.RulesFor(f.Code, samverkan.PathOptions{}); ok != (f.Code != samverkan.FormUnknown) {
			t.Errorf("RulesFor(%s) ok = %v", f.Code, ok)
		}
	}
}

func TestMissingDecisionsAndGate(t *testing.T) {
	c := collab(samverkan.FormJointCommittee, "0331", "0330", "0360")
	c.Status = samverkan.StatusDeciding
	d := func(code, outcome, date string, id int64) samverkan.Decision {
		return samverkan.Decision{ID: id, Municipality: code, Body: "kf", Kind: samverkan.KindAdopt, Outcome: outcome, Date: samverkan.MustDate(date)}
	}
	decisions := []samverkan.Decision{
		d("0331", samverkan.OutcomeApproved, "2018-06-01", 1),
		d("0330", samverkan.OutcomeReferred, "2018-06-10", 2),
		d("0330", samverkan.OutcomeApproved, "2018-09-10", 3), // later bifall wins
		d("0360", samverkan.OutcomeRejected, "2018-09-01", 4),
	}
	p := samverkan.CheckTransition(c, samverkan.StatusDecided, decisions)
	if p == nil || p.Code != "decisions_missing" || len(p.Missing) != 1 || p.Missing[0].Municipality != "0360" {
		t.Fatalf("gate = %+v; want Tierp (0360) missing", p)
	}
	msg := samverkan.DescribeMissing(p.Missing, refdata.MustCatalog(), "sv")
	if !strings.Contains(msg, "Tierp") || !strings.Contains(msg, "Kommunfullmäktige") {
		t.Errorf("message %q does not name Tierp's council", msg)
	}
	decisions = append(decisions, d("0360", samverkan.OutcomeApproved, "2018-10-03", 5))
	if p := samverkan.CheckTransition(c, samverkan.StatusDecided, decisions); p != nil {
		t.Errorf("all approved, gate = %+v", p)
	}
}

func TestCheckTransition(t *testing.T) {
	for _, tc := range []struct {
		from, to, form, triage string
		want                   string // "" allowed
	}{
		{"ide", "inventerad", "avtalssamverkan", "", ""},
		{"ide", "forstudie_pagar", "avtalssamverkan", "", "skipped_stage"},
		{"forstudie_klar", "forstudie_pagar", "avtalssamverkan", "", ""},
		{"beslut_pagar", "beslutad", "gemensam_namnd", "", "decisions_missing"},
		{"beslut_pagar", "beslutad", "informellt_natverk", "", ""},
		{"beslut_pagar", "beslutad", "ej_angiven", "", "no_legal_form"},
		{"beslutad", "igang", "gemensam_namnd", "", "decisions_missing"},
		{"ide", "igang", "informellt_natverk", "kan_starta_direkt", ""},
		{"ide", "igang", "informellt_natverk", "", "skipped_stage"},
		{"inventerad", "avslagen", "bolag", "", ""},
		{"igang", "under_oversyn", "bolag", "", ""},
		{"under_oversyn", "igang", "bolag", "", ""},
		// Ending is gated like starting: notice and dissolution need
		// decisions (TestEndingGate has them).
		{"igang", "uppsagd", "bolag", "", "decisions_missing"},
		{"uppsagd", "avslutad", "bolag", "", "decisions_missing"},
		{"igang", "ombildad", "bolag", "", "decisions_missing"},
		{"igang", "avslutad", "informellt_natverk", "", ""},
		{"igang", "ide", "bolag", "", "not_allowed"},
		{"avslutad", "igang", "bolag", "", "not_allowed"},
		{"ombildad", "igang", "bolag", "", "not_allowed"},
		{"avslagen", "ide", "bolag", "", ""},
		{"ide", "okand", "bolag", "", "unknown_status"},
	} {
		c := collab(tc.form, "0662", "0617")
		c.Status, c.Triage = tc.from, tc.triage
		got := ""
		if p := samverkan.CheckTransition(c, tc.to, nil); p != nil {
			got = p.Code
		}
		if got != tc.want {
			t.Errorf("%s → %s (%s, triage %q) = %q, want %q", tc.from, tc.to, tc.form, tc.triage, got, tc.want)
		}
	}
}

func TestProposeTriage(t *testing.T) {
	for _, tc := range []struct {
		form         string
		opts         samverkan.PathOptions
		triage, body string
	}{
		{samverkan.FormInformalNetwork, samverkan.PathOptions{}, "kan_starta_direkt", ""},
		{samverkan.FormPurchase, samverkan.PathOptions{}, "kan_starta_direkt", "tjansteperson"},
		{samverkan.FormAgreement, samverkan.PathOptions{}, "kraver_politiskt_beslut", "namnd"},
		{samverkan.FormAgreement, samverkan.PathOptions{OfPrinciple: true}, "kraver_politiskt_beslut", "kf"},
		{samverkan.FormJointCommittee, samverkan.PathOptions{}, "kraver_politiskt_beslut", "kf"},
		{samverkan.FormFederationBoard, samverkan.PathOptions{}, "kraver_politiskt_beslut", "kf"},
		{samverkan.FormCompany, samverkan.PathOptions{}, "kraver_politiskt_beslut", "kf"},
	} {
		tr, body, ok := samverkan.ProposeTriage(tc.form, tc.opts)
		if !ok || tr != tc.triage || body != tc.body {
			t.Errorf("ProposeTriage(%s, %+v) = %s, %s, %v; want %s, %s", tc.form, tc.opts, tr, body, ok, tc.triage, tc.body)
		}
	}
	cat := refdata.MustCatalog()
	c := collab(samverkan.FormJointCommittee, "0662", "0617")
	c.Triage = "kan_starta_direkt" // differs from the proposal: needs a reason
	if err := c.Validate(cat); !hasField(err, "triage_reason") {
		t.Errorf("override without reason: %v", err)
	}
	c.TriageReason = "Beslut finns redan sedan tidigare"
	if err := c.Validate(cat); err != nil {
		t.Errorf("override with reason: %v", err)
	}
}

func hasField(err error, field string) bool {
	for _, f := range samverkan.FieldErrors(err) {
		if f.Field == field {
			return true
		}
	}
	return false
}

func TestEconomics(t *testing.T) {
	for _, tc := range []struct {
		name    string
		e       samverkan.Economics
		payback float64
		paysOff bool
		npv     int64
	}{
		// Net 300 000 a year: 1 000 000 / 300 000 = 3.33 years;
		// NPV = −1 000 000 + 300 000 × (1 − 1.04⁻⁵)/0.04 = 335 546.7.
		{"typical", samverkan.Economics{OneOffCost: 1_000_000, AnnualCost: 200_000, AnnualSaving: 500_000, Years: 5, DiscountRate: 4}, 10.0 / 3, true, 335_547},
		// No discounting: −600 000 + 5 × 200 000.
		{"zero rate", samverkan.Economics{OneOffCost: 600_000, AnnualSaving: 200_000, Years: 5}, 3, true, 400_000},
		// Saving zero: the running cost is never paid back.
		{"zero saving", samverkan.Economics{OneOffCost: 500_000, AnnualCost: 100_000, Years: 3}, 0, false, -800_000},
		// Negative saving: −50 000/1.1 − 50 000/1.21 = −86 776.86.
		{"negative saving", samverkan.Economics{AnnualSaving: -50_000, Years: 2, DiscountRate: 10}, 0, false, -86_777},
		{"nothing to pay back", samverkan.Economics{AnnualSaving: 10_000, Years: 1}, 0, true, 10_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := tc.e.Payback()
			if ok != tc.paysOff || (ok && (p-tc.payback > 1e-9 || tc.payback-p > 1e-9)) {
				t.Errorf("Payback() = %v, %v; want %v, %v", p, ok, tc.payback, tc.paysOff)
			}
			if got := tc.e.NPV(); got != tc.npv {
				t.Errorf("NPV() = %d, want %d", got, tc.npv)
			}
		})
	}
}

func TestDecisionValidate(t *testing.T) {
	c := collab(samverkan.FormJointCommittee, "0331", "0330")
	today := samverkan.MustDate("2026-11-23")
	ok := samverkan.Decision{Municipality: "0331", Body: "kf", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2018-10-03"), Paragraph: "§ 112"}
	if err := ok.Validate(c, today); err != nil {
		t.Fatalf("valid decision: %v", err)
	}
	for _, tc := range []struct {
		name  string
		mod   func(*samverkan.Decision)
		field string
	}{
		{"not a participant", func(d *samverkan.Decision) { d.Municipality = "0180" }, "municipality"},
		{"taken in the future", func(d *samverkan.Decision) { d.Date = samverkan.MustDate("2026-12-01") }, "date"},
		{"taken without a date", func(d *samverkan.Decision) { d.Date = samverkan.Date{} }, "date"},
		{"bad date", func(d *samverkan.Decision) { d.Date = samverkan.LenientDate("igår") }, "date"},
		{"unknown body", func(d *samverkan.Decision) { d.Body = "riksdagen" }, "body"},
		{"unknown outcome", func(d *samverkan.Decision) { d.Outcome = "kanske" }, "outcome"},
		{"unknown kind", func(d *samverkan.Decision) { d.Kind = "fika" }, "kind"},
	} {
		d := ok
		tc.mod(&d)
		if err := d.Validate(c, today); !hasField(err, tc.field) {
			t.Errorf("%s: err = %v, want a problem with %s", tc.name, err, tc.field)
		}
	}
	pending := ok
	pending.Outcome, pending.Date = samverkan.OutcomePending, samverkan.MustDate("2027-02-01")
	if err := pending.Validate(c, today); err != nil {
		t.Errorf("a pending decision planned for a future meeting: %v", err)
	}
}

func TestAssessmentValidate(t *testing.T) {
	c := collab(samverkan.FormAgreement, "0331", "0330")
	a := samverkan.Assessment{
		LegalFeasibility: "mojlig_med_villkor",
		Organisation:     []samverkan.OrgReadiness{{Municipality: "0331", Readiness: "hog", DigitalMaturity: 3}},
		Economics:        samverkan.Economics{OneOffCost: 1, AnnualCost: 2, AnnualSaving: -3, Years: 4, DiscountRate: 3},
		Effects:          []samverkan.PurposeEffect{{Purpose: "Minskad sårbarhet", Effect: "positiv"}},
		Risks:            []samverkan.Risk{{Category: "digital_mognad", Description: "Olika system", Likelihood: 3, Impact: 2}},
		RecommendedForm:  samverkan.FormAgreement,
	}
	if err := a.Validate(c); err != nil {
		t.Fatalf("valid assessment: %v", err)
	}
	bad := a
	bad.Economics.OneOffCost, bad.Economics.AnnualCost = -1, -5
	bad.Organisation = []samverkan.OrgReadiness{{Municipality: "0180"}}
	bad.Risks = []samverkan.Risk{{Category: "x", Likelihood: 9}}
	err := bad.Validate(c)
	for _, f := range []string{"economics.one_off_cost", "economics.annual_cost", "organisation[0].municipality", "risks[0].category", "risks[0].likelihood", "risks[0].description"} {
		if !hasField(err, f) {
			t.Errorf("bad assessment: no problem with %s in %v", f, err)
		}
	}
}
