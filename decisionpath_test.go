package samverkan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// pathLines renders a path as "step who body kind" lines; who is the
// municipality code, the party, "egen" (own body) or "en" (any member).
func pathLines(path []samverkan.RequiredDecision) []string {
	out := make([]string, len(path))
	for i, r := range path {
		who := r.Municipality
		switch {
		case r.Party != "":
			who = r.Party
		case r.Own:
			who = "egen"
		case r.AnyMember:
			who = "en"
		}
		out[i] = fmt.Sprintf("%s %s %s %s", r.Step, who, r.Body, r.Kind)
		if r.Practice {
			out[i] += " (praxis)"
		}
	}
	return out
}

// TestPathPerLegalForm lists, form by form, every decision the path asks
// for with two members (Gislaved 0662, Gnosjö 0617), elections, revision
// and discharge included. Sources are research/domain.md's tags:
//   - kommunalförbund: formed when the members' fullmäktige adopt the
//     förbundsordning, KL 9 kap. 1 § [S4]; each member elects its ledamöter
//     and ersättare [S6]; with förbundsfullmäktige the förbund elects the
//     revisorer and decides discharge, with a direktion the members do
//     (KL 9 kap. 12 §, SKR's revision handbook; annual report to each
//     member's KF for discharge [S55]); a change needs every member's
//     fullmäktige [S57]; exit by notice, then likvidation [S32][S52];
//   - gemensam nämnd: överenskommelse and reglemente in each KF, each KF
//     elects, each KF decides discharge [S3]; avtalssamverkan: the nämnd,
//     or KF when of principle [S2], the 9:38 report [S1];
//   - company: KF hands over (KL 10 kap. 1 §) [S5]; board and
//     lekmannarevisor per owner (KL 10 kap. 3–4 §§) [S8][S9]; ägardirektiv
//     are practice, not law (domain.md b.5 point 3, marked [A]);
//   - Finsam: lag (2003:1210); the state agencies decide too; each
//     municipality's and region's fullmäktige appoints a revisor (LFS 25 §
//     per SKR's handbook) [S3][S60].
func TestPathPerLegalForm(t *testing.T) {
	two := func(form string) *samverkan.Collaboration { return collab(form, "0662", "0617") }
	finsam := func() *samverkan.Collaboration {
		c := collab(samverkan.FormFinsam, "0662")
		c.Participants = append(c.Participants,
			samverkan.Participant{Party: "Region Jönköpings län", PartyKind: "region", Role: samverkan.RoleMember},
			samverkan.Participant{Party: "Försäkringskassan", PartyKind: "myndighet", Role: samverkan.RoleMember},
			samverkan.Participant{Party: "Arbetsförmedlingen", PartyKind: "myndighet", Role: samverkan.RoleMember})
		return c
	}
	for _, tc := range []struct {
		name string
		c    *samverkan.Collaboration
		s    samverkan.PathSettings
		want []string
	}{
		{"kommunalförbund med förbundsfullmäktige", two(samverkan.FormFederationAssembly), samverkan.PathSettings{}, []string{
			"grund 0662 kf anta_dokument", "grund 0617 kf anta_dokument",
			"start 0662 kf val_ledamoter", "start 0617 kf val_ledamoter",
			"start egen forbundsfullmaktige val_revisorer",
			"drift egen forbundsfullmaktige budget", "drift egen forbundsfullmaktige ansvarsfrihet",
			"andring 0662 kf andring", "andring 0617 kf andring",
			"uttrade 0662 kf uttrade", "uttrade 0617 kf uttrade",
			"upplosning 0662 kf upplosning", "upplosning 0617 kf upplosning",
		}},
		{"kommunalförbund med förbundsdirektion", two(samverkan.FormFederationBoard), samverkan.PathSettings{}, []string{
			"grund 0662 kf anta_dokument", "grund 0617 kf anta_dokument",
			"start 0662 kf val_ledamoter", "start 0617 kf val_ledamoter",
			"start 0662 kf val_revisorer", "start 0617 kf val_revisorer",
			"drift egen forbundsdirektion budget", "drift egen forbundsdirektion arsredovisning",
			"drift 0662 kf ansvarsfrihet", "drift 0617 kf ansvarsfrihet",
			"andring 0662 kf andring", "andring 0617 kf andring",
			"uttrade 0662 kf uttrade", "uttrade 0617 kf uttrade",
			"upplosning 0662 kf upplosning", "upplosning 0617 kf upplosning",
		}},
		{"gemensam nämnd", two(samverkan.FormJointCommittee), samverkan.PathSettings{}, []string{
			"grund 0662 kf anta_dokument", "grund 0617 kf anta_dokument",
			"start 0662 kf val_ledamoter", "start 0617 kf val_ledamoter",
			"drift 0662 kf ansvarsfrihet", "drift 0617 kf ansvarsfrihet",
			"andring 0662 kf andring", "andring 0617 kf andring",
			"uttrade 0662 kf uttrade", "uttrade 0617 kf uttrade",
			"upplosning 0662 kf upplosning", "upplosning 0617 kf upplosning",
		}},
		{"gemensam nämnd där personal flyttar", two(samverkan.FormJointCommittee), samverkan.PathSettings{StaffTransfer: true}, []string{
			"grund 0662 kf anta_dokument", "grund 0617 kf anta_dokument",
			"grund 0662 tjansteperson mbl_forhandling", "grund 0617 tjansteperson mbl_forhandling",
			"start 0662 kf val_ledamoter", "start 0617 kf val_ledamoter",
			"start 0662 ks verksamhetsovergang", "start 0617 ks verksamhetsovergang",
			"drift 0662 kf ansvarsfrihet", "drift 0617 kf ansvarsfrihet",
			"andring 0662 kf andring", "andring 0617 kf andring",
			"uttrade 0662 kf uttrade", "uttrade 0617 kf uttrade",
			"upplosning 0662 kf upplosning", "upplosning 0617 kf upplosning",
		}},
		{"avtalssamverkan", two(samverkan.FormAgreement), samverkan.PathSettings{}, []string{
			"grund 0662 namnd anta_dokument", "grund 0617 namnd anta_dokument",
			"drift 0662 kf rapport_9kap38", "drift 0617 kf rapport_9kap38",
			"andring 0662 namnd andring", "andring 0617 namnd andring",
			"uttrade 0662 namnd uttrade", "uttrade 0617 namnd uttrade",
			"upplosning en namnd uttrade",
		}},
		{"köp av tjänst", two(samverkan.FormPurchase), samverkan.PathSettings{}, []string{
			"grund 0662 tjansteperson anta_dokument", "grund 0617 tjansteperson anta_dokument",
			"upplosning en tjansteperson uttrade",
		}},
		{"gemensamt ägt bolag", two(samverkan.FormCompany), samverkan.PathSettings{}, []string{
			"grund 0662 kf anta_dokument", "grund 0617 kf anta_dokument",
			"grund 0662 kf anta_dokument (praxis)", "grund 0617 kf anta_dokument (praxis)",
			"start 0662 kf val_ledamoter", "start 0617 kf val_ledamoter",
			"start 0662 kf val_revisorer", "start 0617 kf val_revisorer",
			"drift egen bolagsstamma ansvarsfrihet",
			"uttrade 0662 kf uttrade", "uttrade 0617 kf uttrade",
			"upplosning 0662 kf upplosning", "upplosning 0617 kf upplosning",
		}},
		{"samordningsförbund (Finsam)", finsam(), samverkan.PathSettings{}, []string{
			"grund 0662 kf anta_dokument", "grund Region Jönköpings län regionfullmaktige anta_dokument",
			"grund Försäkringskassan myndighet anta_dokument", "grund Arbetsförmedlingen myndighet anta_dokument",
			"start 0662 kf val_ledamoter", "start Region Jönköpings län regionfullmaktige val_ledamoter",
			"start Försäkringskassan myndighet val_ledamoter", "start Arbetsförmedlingen myndighet val_ledamoter",
			"start 0662 kf val_revisorer", "start Region Jönköpings län regionfullmaktige val_revisorer",
			"drift egen forbundsstyrelse budget",
			"drift 0662 kf ansvarsfrihet", "drift Region Jönköpings län regionfullmaktige ansvarsfrihet",
			"drift Försäkringskassan myndighet ansvarsfrihet", "drift Arbetsförmedlingen myndighet ansvarsfrihet",
			"andring 0662 kf andring", "andring Region Jönköpings län regionfullmaktige andring",
			"andring Försäkringskassan myndighet andring", "andring Arbetsförmedlingen myndighet andring",
			"uttrade 0662 kf uttrade", "uttrade Region Jönköpings län regionfullmaktige uttrade",
			"upplosning 0662 kf upplosning", "upplosning Region Jönköpings län regionfullmaktige upplosning",
			"upplosning Försäkringskassan myndighet upplosning", "upplosning Arbetsförmedlingen myndighet upplosning",
		}},
		{"projekt", two(samverkan.FormProject), samverkan.PathSettings{}, []string{
			"grund 0662 tjansteperson inriktning", "grund 0617 tjansteperson inriktning",
		}},
		{"informellt nätverk", two(samverkan.FormInformalNetwork), samverkan.PathSettings{}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, ok := samverkan.FullPath(tc.c, tc.s)
			if !ok {
				t.Fatal("no path")
			}
			if got := pathLines(path); !slices.Equal(got, tc.want) {
				t.Errorf("path:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			for _, r := range path {
				if _, ok := samverkan.FindLegalRef(r.Ref); !ok || r.Reference == "" {
					t.Errorf("%+v cites no reference of the table", r)
				}
			}
		})
	}
}

// TestLegalRefs: one table, every entry sourced; the corrected references
// of issue 13.
func TestLegalRefs(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range samverkan.LegalRefs {
		if seen[r.Key] || r.Cite == "" || r.Says == "" || len(r.Sources) == 0 {
			t.Errorf("reference %+v: duplicate key or missing cite, text or source", r)
		}
		seen[r.Key] = true
	}
	for _, r := range samverkan.DecisionRules {
		if !seen[r.Ref] {
			t.Errorf("rule %s/%s/%s cites %q, not in LegalRefs", r.Form, r.Step, r.Kind, r.Ref)
		}
	}
	for key, want := range map[string]string{
		samverkan.RefFederationFormed: "KL 9 kap. 1 §",
		samverkan.RefFederationBasis:  "KL 9 kap. 1–18 §§",
		samverkan.RefCompanyShared:    "KL 10 kap. 4 §",
		samverkan.RefFinsam:           "lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser",
		samverkan.RefDelegation:       "7 kap. 4–8 §§",
		samverkan.RefAppeal:           "KL 13 kap. 5 §",
	} {
		r, _ := samverkan.FindLegalRef(key)
		if !strings.Contains(strings.ToLower(r.Cite), strings.ToLower(want)) {
			t.Errorf("%s cites %q, want %q", key, r.Cite, want)
		}
	}
	if r, _ := samverkan.FindLegalRef(samverkan.RefOwnerDirective); !r.Practice || strings.Contains(r.Cite, "KL") {
		t.Errorf("ägardirektiv %+v: practice, not a KL requirement", r)
	}
	// The practice rule never gates.
	c := collab(samverkan.FormCompany, "0662", "0617")
	c.Status = samverkan.StatusDeciding
	var ds []samverkan.Decision
	for i, code := range []string{"0662", "0617"} {
		ds = append(ds, samverkan.Decision{ID: int64(i + 1), Municipality: code, Body: "kf", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2020-01-01")})
	}
	if p := samverkan.CheckTransition(c, samverkan.StatusDecided, ds); p != nil {
		t.Errorf("company with bolagsordning decided, no ägardirektiv: %+v", p)
	}
}

func TestWhoMayBeMember(t *testing.T) {
	cat := refdata.MustCatalog()
	for _, form := range []string{samverkan.FormJointCommittee, samverkan.FormFederationBoard, samverkan.FormFederationAssembly} {
		c := collab(form, "0662", "0617")
		c.Participants = append(c.Participants, samverkan.Participant{Party: "Gnosjö Energi AB", PartyKind: "bolag", Role: samverkan.RoleMember})
		err := c.Validate(cat)
		var msg string
		for _, f := range samverkan.FieldErrors(err) {
			if f.Field == "participants[2].party" && f.Code == "member_not_allowed" {
				msg = f.Message("sv")
			}
		}
		if !strings.Contains(msg, "bara kommuner och regioner") {
			t.Errorf("%s: a company as member: %v (message %q)", form, err, msg)
		}
		c.Participants[2].Role = samverkan.RoleObserver
		if err := c.Validate(cat); err != nil {
			t.Errorf("%s: a company as observer: %v", form, err)
		}
		c.Participants[2] = samverkan.Participant{Party: "Region Jönköpings län", PartyKind: "region", Role: samverkan.RoleMember}
		if err := c.Validate(cat); err != nil {
			t.Errorf("%s: a region as member: %v", form, err)
		}
		// The region gets its own decisions, by its own fullmäktige.
		path, _ := samverkan.DecisionPath(c)
		if !slices.ContainsFunc(path, func(r samverkan.RequiredDecision) bool {
			return r.Party == "Region Jönköpings län" && r.Body == "regionfullmaktige" && r.Kind == samverkan.KindAdopt
		}) {
			t.Errorf("%s: region has no decision of its own: %v", form, pathLines(path))
		}
	}
	// Flags only where they exist in law.
	c := collab(samverkan.FormJointCommittee, "0662", "0617")
	c.ExternalDelegation = true
	if !hasField(c.Validate(cat), "external_delegation") {
		t.Error("external delegation accepted in a joint committee")
	}
	c = collab(samverkan.FormCompany, "0662", "0617")
	c.PublicAuthority = true
	if !hasField(c.Validate(cat), "public_authority_basis") {
		t.Error("public authority in a company without legal basis accepted")
	}
	c.PublicAuthorityBasis = "Lag (2003:778) om skydd mot olyckor"
	if err := c.Validate(cat); err != nil {
		t.Errorf("public authority in a company with support in law: %v", err)
	}
	// Finsam needs FK, AF, a region and a municipality.
	f := collab(samverkan.FormFinsam, "0662", "0617")
	f.Status = samverkan.StatusDeciding
	p := samverkan.CheckTransition(f, samverkan.StatusDecided, nil)
	if p == nil || p.Code != "finsam_members" || !slices.Equal(p.Parties, []string{"forsakringskassan", "arbetsformedlingen", "region"}) {
		t.Errorf("finsam without the state and a region: %+v", p)
	}
	if got := samverkan.FinsamShares; got[0].Numerator*4 != got[0].Denominator*2 || got[1].Denominator != 4 || got[2].Denominator != 4 {
		t.Errorf("Finsam shares %+v, want 1/2, 1/4, 1/4", got)
	}
}

func TestHigherBodySatisfies(t *testing.T) {
	c := collab(samverkan.FormAgreement, "0662", "0617")
	c.Status = samverkan.StatusDeciding
	ds := []samverkan.Decision{
		{ID: 1, Municipality: "0662", Body: "kf", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2024-01-01")},
		{ID: 2, Municipality: "0617", Body: "ks", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2024-01-02")},
	}
	if p := samverkan.CheckTransition(c, samverkan.StatusDecided, ds); p != nil {
		t.Errorf("KF and KS for a nämnd step: %+v", p)
	}
	// A nämnd cannot take the council's step.
	c.OfPrinciple = true
	ds[0].Body = "namnd"
	if p := samverkan.CheckTransition(c, samverkan.StatusDecided, ds); p == nil || len(p.Missing) != 2 {
		t.Errorf("nämnd for a KF step: %+v", p)
	}
}

func TestConditionalUnknownDateAndLegalForce(t *testing.T) {
	today := samverkan.MustDate("2024-03-01")
	c := collab(samverkan.FormJointCommittee, "0662", "0617")
	c.Status = samverkan.StatusDeciding
	cond := samverkan.Decision{ID: 1, Municipality: "0662", Body: "kf", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomeConditional,
		Condition: "att Gnosjö fattar likalydande beslut", Date: samverkan.MustDate("2024-01-10"), AnnouncedOn: samverkan.MustDate("2024-01-15")}
	if err := cond.Validate(c, today); err != nil {
		t.Fatalf("conditional decision: %v", err)
	}
	// Alone, the condition is not met.
	p := samverkan.CheckTransition(c, samverkan.StatusDecided, []samverkan.Decision{cond})
	if p == nil || len(p.Missing) != 2 {
		t.Fatalf("a lone conditional decision: %+v", p)
	}
	// An old decision with an unknown date, taken with bifall.
	old := samverkan.Decision{ID: 2, Municipality: "0617", Body: "kf", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomeApproved, DateUnknown: true}
	if err := old.Validate(c, today); err != nil {
		t.Fatalf("unknown date: %v", err)
	}
	noFlag := old
	noFlag.DateUnknown = false
	if !hasField(noFlag.Validate(c, today), "date") {
		t.Error("a taken decision without a date and without 'unknown' accepted")
	}
	ds := []samverkan.Decision{cond, old}
	if p := samverkan.CheckTransition(c, samverkan.StatusDecided, ds); p != nil {
		t.Fatalf("conditional + bifall: %+v", p)
	}
	// Legal force: announced Monday 2024-01-15, three weeks to Monday
	// 2024-02-05, legal force 2024-02-06 (KL 13 kap. 5 §).
	if on, ok := cond.LegalForce(); !ok || on.String() != "2024-02-06" {
		t.Errorf("legal force %s, %v; want 2024-02-06", on, ok)
	}
	gate := samverkan.GateOptions{Settings: samverkan.PathSettings{RequireLegalForce: true}, Today: today}
	p = samverkan.CheckTransitionAt(c, samverkan.StatusDecided, ds, gate)
	if p == nil || p.Code != "legal_force_missing" || len(p.Missing) != 1 || p.Missing[0].Municipality != "0617" {
		t.Fatalf("gate requiring legal force, Gnosjö not announced: %+v", p)
	}
	ds[1].AnnouncedOn = samverkan.MustDate("2024-01-20") // Saturday + 21 = Saturday 2024-02-10 → Monday 02-12
	if on, _ := ds[1].LegalForce(); on.String() != "2024-02-13" {
		t.Errorf("deadline on a Saturday: legal force %s, want 2024-02-13", on)
	}
	if p := samverkan.CheckTransitionAt(c, samverkan.StatusDecided, ds, gate); p != nil {
		t.Errorf("both in legal force: %+v", p)
	}
	ds[1].Appealed = true
	if p := samverkan.CheckTransitionAt(c, samverkan.StatusDecided, ds, gate); p == nil || p.Code != "legal_force_missing" {
		t.Errorf("appealed: %+v", p)
	}
	ds[1].LegalForceOn = samverkan.MustDate("2024-02-28") // the appeal was settled
	if p := samverkan.CheckTransitionAt(c, samverkan.StatusDecided, ds, gate); p != nil {
		t.Errorf("appeal settled: %+v", p)
	}
	// Easter: announced 2024-03-08, 21 days → Friday 2024-03-29
	// (långfredagen) → Tuesday 2024-04-02 after annandag påsk.
	if d := samverkan.AppealDeadline(samverkan.MustDate("2024-03-08")); d.String() != "2024-04-02" {
		t.Errorf("deadline over Easter %s, want 2024-04-02", d)
	}
}

func TestEndingAndLeavingGated(t *testing.T) {
	today := samverkan.MustDate("2025-06-01")
	c := collab(samverkan.FormFederationBoard, "0662", "0617", "0665", "0685") // SÅM's four
	c.Status = samverkan.StatusRunning
	o := samverkan.GateOptions{Today: today}
	p := samverkan.CheckTransitionAt(c, samverkan.StatusEnded, nil, o)
	if p == nil || p.Code != "decisions_missing" || len(p.Missing) != 4 {
		t.Fatalf("SÅM ended with no decision: %+v", p)
	}
	var ds []samverkan.Decision
	for i, code := range c.ParticipantCodes() {
		ds = append(ds, samverkan.Decision{ID: int64(i + 1), Municipality: code, Body: "kf", Kind: samverkan.KindDissolve, Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2025-05-01")})
	}
	if p := samverkan.CheckTransitionAt(c, samverkan.StatusEnded, ds, o); p != nil {
		t.Errorf("all four dissolved: %+v", p)
	}
	// Leaving: Vaggeryd gets a leaving date without a decision.
	now := *c
	now.Participants = slices.Clone(c.Participants)
	now.Participants[2].Left = samverkan.MustDate("2025-12-31")
	p = samverkan.CheckLeaving(c, &now, nil, o)
	if p == nil || p.Code != "leave_decisions_missing" || len(p.Missing) != 1 || p.Missing[0].Municipality != "0665" || p.Missing[0].Kind != samverkan.KindLeave {
		t.Fatalf("leaving without notice: %+v", p)
	}
	leave := samverkan.Decision{ID: 9, Municipality: "0665", Body: "kf", Kind: samverkan.KindLeave, Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2024-11-20")}
	if p := samverkan.CheckLeaving(c, &now, []samverkan.Decision{leave}, o); p != nil {
		t.Errorf("leaving with notice: %+v", p)
	}
	// Notice on the whole collaboration needs one member's decision.
	if p := samverkan.CheckTransitionAt(c, samverkan.StatusNoticeGiven, []samverkan.Decision{leave}, o); p != nil {
		t.Errorf("notice with Vaggeryd's decision: %+v", p)
	}
	// An agreement that has run out ends without a decision.
	a := collab(samverkan.FormAgreement, "0662", "0617")
	a.Status, a.End = samverkan.StatusRunning, samverkan.MustDate("2024-12-31")
	if p := samverkan.CheckTransitionAt(a, samverkan.StatusEnded, nil, o); p != nil {
		t.Errorf("agreement run out: %+v", p)
	}
	a.End = samverkan.Date{}
	if p := samverkan.CheckTransitionAt(a, samverkan.StatusEnded, nil, o); p == nil || !p.Missing[0].AnyMember {
		t.Errorf("agreement ended without notice or end date: %+v", p)
	}
}

func TestTriageFromTriggers(t *testing.T) {
	c := collab(samverkan.FormUnknown, "0662", "0617")
	if p := samverkan.ProposeTriageFor(c, nil, samverkan.PathSettings{}); p.Triage != "kan_starta_direkt" || len(p.Triggers) != 0 {
		t.Errorf("idea without form or trigger: %+v", p)
	}
	cost := int64(400_000)
	c.AnnualCost = &cost
	if p := samverkan.ProposeTriageFor(c, nil, samverkan.PathSettings{}); p.Triage != "kraver_politiskt_beslut" || !slices.Contains(p.Triggers, samverkan.TriggerMoney) {
		t.Errorf("money moves: %+v", p)
	}
	c.AnnualCost = nil
	a := &samverkan.Assessment{PublicAuthority: true, RecommendedForm: samverkan.FormJointCommittee}
	p := samverkan.ProposeTriageFor(c, a, samverkan.PathSettings{StaffTransfer: true})
	if p.Triage != "kraver_politiskt_beslut" || p.Body != "kf" || p.Form != samverkan.FormJointCommittee ||
		!slices.Contains(p.Triggers, samverkan.TriggerPublicAuthority) || !slices.Contains(p.Triggers, samverkan.TriggerStaff) {
		t.Errorf("pre-study answers: %+v", p)
	}
	n := collab(samverkan.FormInformalNetwork, "0662", "0617")
	if p := samverkan.ProposeTriageFor(n, nil, samverkan.PathSettings{}); p.Triage != "kan_starta_direkt" {
		t.Errorf("network: %+v", p)
	}
}

func TestPostDecisionChecklist(t *testing.T) {
	c := collab(samverkan.FormFederationBoard, "0662", "0617")
	s := samverkan.PathSettings{StaffTransfer: true}
	got := samverkan.PostDecisionChecklist(c, s, nil)
	codes := make([]string, len(got))
	for i, it := range got {
		codes[i] = it.Code
		if it.Done {
			t.Errorf("%s done with nothing recorded", it.Code)
		}
	}
	if want := []string{"org_nr", "ledamoter", "revisorer", "personal", "avtal"}; !slices.Equal(codes, want) {
		t.Errorf("federation checklist %v, want %v", codes, want)
	}
	s.OrgNumber = "222000-1234"
	c.Documents = []samverkan.Document{{Type: "forbundsordning"}}
	var ds []samverkan.Decision
	for i, code := range []string{"0662", "0617"} {
		ds = append(ds, samverkan.Decision{ID: int64(i + 1), Municipality: code, Body: "kf", Kind: samverkan.KindElect, Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2024-01-01")})
	}
	for _, it := range samverkan.PostDecisionChecklist(c, s, ds) {
		if want := it.Code == "org_nr" || it.Code == "ledamoter" || it.Code == "avtal"; it.Done != want {
			t.Errorf("%s done = %v, want %v", it.Code, it.Done, want)
		}
	}
	a := collab(samverkan.FormAgreement, "0662", "0617")
	a.ExternalDelegation = true
	codes = nil
	for _, it := range samverkan.PostDecisionChecklist(a, samverkan.PathSettings{}, nil) {
		codes = append(codes, it.Code)
		if it.Code == "rapport_9_38" && it.Known {
			t.Error("the 9:38 item claims to know")
		}
	}
	if want := []string{"avtal", "delegation", "rapport_9_38"}; !slices.Equal(codes, want) {
		t.Errorf("agreement checklist %v, want %v", codes, want)
	}
}
