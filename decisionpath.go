package samverkan

import (
	"slices"
	"strings"
)

// Path steps: when in a collaboration's life a decision is needed.
const (
	StepFound    = "grund"      // the founding decisions; gate for beslutad and igång
	StepStart    = "start"      // elections and staff transfer before it runs
	StepRunning  = "drift"      // every year: budget, annual report, discharge
	StepChange   = "andring"    // a change of förbundsordning, reglemente or agreement
	StepLeave    = "uttrade"    // a member leaves (notice)
	StepDissolve = "upplosning" // the collaboration ends; gate for avslutad and ombildad
)

// PathSteps labels the steps in the order of a collaboration's life.
var PathSteps = Vocabulary{
	{StepFound, "Bildande", "Formation"},
	{StepStart, "Före start", "Before start"},
	{StepRunning, "Varje år", "Every year"},
	{StepChange, "Ändring", "Change"},
	{StepLeave, "Utträde", "Leaving"},
	{StepDissolve, "Avslut och upplösning", "Ending and dissolution"},
}

// Deciders: who takes a rule's decision.
const (
	DecideMembers = ""     // each deciding member: municipalities and regions
	DecideState   = "stat" // the state agencies of a Finsam federation
	DecideOwn     = "egen" // the collaboration's own body
	DecideAnyOne  = "en"   // any one member (notice ends an agreement)
	DecideAll     = "alla" // members and state agencies (Finsam board)
	condPrinciple = "principle"
	condNotPrinc  = "not_principle"
	condDelegate  = "delegation"
	condStaff     = "staff"
)

// DecisionRule says which body must decide what, for one legal form, at
// which step, and on which legal ground. The table is the single source of
// the decision path (domain.md b).
type DecisionRule struct {
	Form      string
	Body      string // the municipal body; a region's is mapped (kf → regionfullmäktige)
	Kind      string
	Documents []string // document types adopted or approved
	Reference string   // filled from Ref
	// When limits the rule to some collaborations: "" always,
	// "principle" when the matter is of principle or greater importance,
	// "not_principle" otherwise, "delegation" when tasks are delegated to
	// an employee of another municipality, "staff" when staff move.
	When    string
	Step    string // see PathSteps; "" is StepFound
	Decider string // see Decide…
	Ref     string // key into LegalRefs
	// Practice marks a decision that is established practice but not
	// required by law: shown on the path, never a gate.
	Practice bool
}

// rule builds a table row.
func rule(form, step, decider, body, kind, ref string, docs ...string) DecisionRule {
	return DecisionRule{Form: form, Step: step, Decider: decider, Body: body, Kind: kind, Ref: ref, Documents: docs}
}

func (r DecisionRule) when(w string) DecisionRule { r.When = w; return r }
func (r DecisionRule) practice() DecisionRule     { r.Practice = true; return r }
func withRef(rules []DecisionRule) []DecisionRule {
	for i := range rules {
		rules[i].Reference = refText(rules[i].Ref)
		if rules[i].Step == "" {
			rules[i].Step = StepFound
		}
	}
	return rules
}

// staffForms are the forms where tasks and staff can move to another
// employer: there the staff steps apply when staff move.
var staffForms = []string{FormFederationAssembly, FormFederationBoard, FormJointCommittee, FormAgreement,
	FormAgreementSpecial, FormCompany, FormEconomicAssoc, FormNonProfitAssoc, FormFoundation}

// DecisionRules is the declarative table of required decisions per legal
// form and step. Forms without a row need no decision (an informal
// network); the unknown form has no path until a form is chosen.
var DecisionRules = withRef(func() []DecisionRule {
	fa, fb, gn := FormFederationAssembly, FormFederationBoard, FormJointCommittee
	ag, as, co := FormAgreement, FormAgreementSpecial, FormCompany
	rules := []DecisionRule{
		// Kommunalförbund (domain.md b.2): formed when every member's
		// fullmäktige adopts the förbundsordning (KL 9 kap. 1 §).
		rule(fa, StepFound, DecideMembers, "kf", KindAdopt, RefFederationFormed, "forbundsordning"),
		rule(fa, StepStart, DecideMembers, "kf", KindElect, RefFederationElect),
		// With förbundsfullmäktige the förbund elects its revisorer and
		// decides on discharge (KL 9 kap. 12 §).
		rule(fa, StepStart, DecideOwn, "forbundsfullmaktige", KindElectAuditors, RefFederationAudit),
		rule(fa, StepRunning, DecideOwn, "forbundsfullmaktige", KindBudget, RefFederationBudget, "budget"),
		rule(fa, StepRunning, DecideOwn, "forbundsfullmaktige", KindDischarge, RefFederationAudit),
		rule(fa, StepChange, DecideMembers, "kf", KindChange, RefFederationChange, "forbundsordning"),
		rule(fa, StepLeave, DecideMembers, "kf", KindLeave, RefFederationEnd, "forbundsordning"),
		rule(fa, StepDissolve, DecideMembers, "kf", KindDissolve, RefFederationEnd, "forbundsordning"),

		rule(fb, StepFound, DecideMembers, "kf", KindAdopt, RefFederationFormed, "forbundsordning"),
		rule(fb, StepStart, DecideMembers, "kf", KindElect, RefFederationElect),
		// With a direktion the members' fullmäktige elect the revisorer
		// and each decides on discharge (KL 9 kap. 12 §; S55).
		rule(fb, StepStart, DecideMembers, "kf", KindElectAuditors, RefFederationAudit),
		rule(fb, StepRunning, DecideOwn, "forbundsdirektion", KindBudget, RefFederationBudget, "budget"),
		rule(fb, StepRunning, DecideOwn, "forbundsdirektion", KindAnnualReport, RefFederationBudget, "arsredovisning"),
		rule(fb, StepRunning, DecideMembers, "kf", KindDischarge, RefFederationAudit),
		rule(fb, StepChange, DecideMembers, "kf", KindChange, RefFederationChange, "forbundsordning"),
		rule(fb, StepLeave, DecideMembers, "kf", KindLeave, RefFederationEnd, "forbundsordning"),
		rule(fb, StepDissolve, DecideMembers, "kf", KindDissolve, RefFederationEnd, "forbundsordning"),

		// Gemensam nämnd (domain.md b.3).
		rule(gn, StepFound, DecideMembers, "kf", KindAdopt, RefJointCommittee, "samverkansavtal", "reglemente"),
		rule(gn, StepStart, DecideMembers, "kf", KindElect, RefJointElect),
		rule(gn, StepRunning, DecideMembers, "kf", KindDischarge, RefJointAudit),
		rule(gn, StepChange, DecideMembers, "kf", KindChange, RefJointCommittee, "samverkansavtal", "reglemente"),
		rule(gn, StepLeave, DecideMembers, "kf", KindLeave, RefJointCommittee, "samverkansavtal"),
		rule(gn, StepDissolve, DecideMembers, "kf", KindDissolve, RefJointCommittee, "samverkansavtal"),

		// Avtalssamverkan (domain.md b.4).
		rule(ag, StepFound, DecideMembers, "namnd", KindAdopt, RefAgreement, "avtal").when(condNotPrinc),
		rule(ag, StepFound, DecideMembers, "kf", KindAdopt, RefAgreementKF, "avtal").when(condPrinciple),
		rule(ag, StepFound, DecideMembers, "namnd", KindDelegation, RefDelegation, "delegationsordning").when(condDelegate),
		rule(ag, StepRunning, DecideMembers, "kf", KindReport, RefReport938, "rapport_9kap38"),
		rule(ag, StepChange, DecideMembers, "namnd", KindChange, RefAgreement, "avtal").when(condNotPrinc),
		rule(ag, StepChange, DecideMembers, "kf", KindChange, RefAgreementKF, "avtal").when(condPrinciple),
		rule(ag, StepLeave, DecideMembers, "namnd", KindLeave, RefAgreement, "avtal"),
		rule(ag, StepDissolve, DecideAnyOne, "namnd", KindLeave, RefAgreement, "avtal"),
		rule(as, StepFound, DecideMembers, "namnd", KindAdopt, RefSpecialAct, "avtal"),
		rule(as, StepLeave, DecideMembers, "namnd", KindLeave, RefSpecialAct, "avtal"),
		rule(as, StepDissolve, DecideAnyOne, "namnd", KindLeave, RefSpecialAct, "avtal"),
		// Köp av tjänst from another municipality is avtalssamverkan in
		// law: a nämnd or a delegat decides; the procurement basis is
		// recorded (the gate asks for it).
		rule(FormPurchase, StepFound, DecideMembers, "tjansteperson", KindAdopt, RefPurchase, "avtal"),
		rule(FormPurchase, StepDissolve, DecideAnyOne, "tjansteperson", KindLeave, RefPurchase, "avtal"),

		// Jointly owned company (domain.md b.5): no single owner, so
		// KL 10 kap. 4 § in proportion to ownership.
		rule(co, StepFound, DecideMembers, "kf", KindAdopt, RefCompany, "bolagsordning"),
		rule(co, StepFound, DecideMembers, "kf", KindAdopt, RefOwnerDirective, "agardirektiv", "aktieagaravtal").practice(),
		rule(co, StepStart, DecideMembers, "kf", KindElect, RefCompanyShared),
		rule(co, StepStart, DecideMembers, "kf", KindElectAuditors, RefCompanyShared),
		rule(co, StepRunning, DecideOwn, "bolagsstamma", KindDischarge, RefCompanyAGM, "arsredovisning"),
		rule(co, StepLeave, DecideMembers, "kf", KindLeave, RefCompany),
		rule(co, StepDissolve, DecideMembers, "kf", KindDissolve, RefCompany),

		// Samordningsförbund (Finsam): the municipalities and regions, and
		// Försäkringskassan and Arbetsförmedlingen.
		rule(FormFinsam, StepFound, DecideMembers, "kf", KindAdopt, RefFinsam, "forbundsordning"),
		rule(FormFinsam, StepFound, DecideState, "myndighet", KindAdopt, RefFinsam, "forbundsordning"),
		rule(FormFinsam, StepStart, DecideAll, "kf", KindElect, RefFinsam),
		rule(FormFinsam, StepStart, DecideMembers, "kf", KindElectAuditors, RefFinsamAudit),
		rule(FormFinsam, StepRunning, DecideOwn, "forbundsstyrelse", KindBudget, RefFinsam, "budget"),
		rule(FormFinsam, StepRunning, DecideMembers, "kf", KindDischarge, RefFinsamAudit),
		rule(FormFinsam, StepRunning, DecideState, "myndighet", KindDischarge, RefFinsamAudit),
		rule(FormFinsam, StepChange, DecideAll, "kf", KindChange, RefFinsam, "forbundsordning"),
		rule(FormFinsam, StepLeave, DecideMembers, "kf", KindLeave, RefFinsam, "forbundsordning"),
		rule(FormFinsam, StepDissolve, DecideAll, "kf", KindDissolve, RefFinsam, "forbundsordning"),

		rule(FormProject, StepFound, DecideMembers, "tjansteperson", KindDirection, RefProject),
		rule(FormLetterOfIntent, StepFound, DecideMembers, "ks", KindDirection, RefLetterOfIntent, "avsiktsforklaring"),
	}
	for _, f := range []string{FormEconomicAssoc, FormNonProfitAssoc, FormFoundation} {
		rules = append(rules,
			rule(f, StepFound, DecideMembers, "kf", KindAdopt, RefPrivateLaw, "ovrigt"),
			rule(f, StepLeave, DecideMembers, "kf", KindLeave, RefPrivateLaw),
			rule(f, StepDissolve, DecideMembers, "kf", KindDissolve, RefPrivateLaw))
	}
	// Where staff move: MBL negotiation before the founding decision and
	// the transfer before start, in every member whose staff move.
	for _, f := range staffForms {
		rules = append(rules,
			rule(f, StepFound, DecideMembers, "tjansteperson", KindNegotiation, RefStaffNegotiation).when(condStaff),
			rule(f, StepStart, DecideMembers, "ks", KindStaffTransfer, RefStaffTransfer).when(condStaff))
	}
	return rules
}())

// PathOptions are the facts about a collaboration that change its path.
type PathOptions struct {
	OfPrinciple        bool // of principle or greater importance (KL 5 kap. 1 §)
	ExternalDelegation bool // tasks delegated to an employee of another municipality
	StaffTransfer      bool // staff move to another employer
}

// RequiredDecision is one step of a decision path: a body of a
// municipality, of a party (a region, a state agency) or of the
// collaboration itself, or any one member's (AnyMember).
type RequiredDecision struct {
	Municipality string   `json:"municipality"`
	Party        string   `json:"party,omitempty"`
	Own          bool     `json:"own,omitempty"`
	AnyMember    bool     `json:"any_member,omitempty"`
	Body         string   `json:"body"`
	Kind         string   `json:"kind"`
	Documents    []string `json:"documents"`
	Reference    string   `json:"reference"`
	Ref          string   `json:"ref"`
	Step         string   `json:"step"`
	Practice     bool     `json:"practice,omitempty"`
}

// Key identifies the requirement for matching decisions against it.
func (r RequiredDecision) Key() string {
	who := r.Municipality
	switch {
	case r.Party != "":
		who = "p:" + r.Party
	case r.Own:
		who = "own"
	case r.AnyMember:
		who = "any"
	}
	return who + "/" + r.Body + "/" + r.Kind + "/" + r.Step
}

// RulesFor returns the rules that apply to a form with the given options.
// ok is false when the form is unknown or not stated, so no path can be
// proposed yet.
func RulesFor(form string, o PathOptions) (rules []DecisionRule, ok bool) {
	ok = eachRule(form, o, func(r *DecisionRule) { rules = append(rules, *r) })
	return rules, ok
}

// eachRule calls fn with each rule RulesFor returns, without gathering
// them: ProposeTriage runs for every row of an import, and the copied
// rules were a fifth of a 10 000-row import's allocations.
func eachRule(form string, o PathOptions, fn func(r *DecisionRule)) (ok bool) {
	if form == FormUnknown {
		return false
	}
	if _, known := FindLegalForm(form); !known {
		return false
	}
	if len(FormVariants(form)) > 0 {
		shared := sharedRules(form, o)
		for i := range shared {
			fn(&shared[i])
		}
		return true
	}
	for i := range DecisionRules {
		r := &DecisionRules[i]
		if r.Form != form {
			continue
		}
		switch r.When {
		case condPrinciple:
			if !o.OfPrinciple {
				continue
			}
		case condNotPrinc:
			if o.OfPrinciple {
				continue
			}
		case condDelegate:
			if !o.ExternalDelegation {
				continue
			}
		case condStaff:
			if !o.StaffTransfer {
				continue
			}
		}
		fn(r)
	}
	return true
}

// PathSettings are the facts about a collaboration's decision path that
// are kept beside it: whether staff move, whether the gate waits for legal
// force, and its organisation number once it has one.
type PathSettings struct {
	CollaborationID   int64  `json:"collaboration_id"`
	StaffTransfer     bool   `json:"staff_transfer"`
	RequireLegalForce bool   `json:"require_legal_force"`
	OrgNumber         string `json:"org_number"`
	Version           int    `json:"version"`
}

// Options returns the path options of c with these settings.
func (s PathSettings) Options(c *Collaboration) PathOptions {
	return PathOptions{OfPrinciple: c.OfPrinciple, ExternalDelegation: c.ExternalDelegation, StaffTransfer: s.StaffTransfer}
}

// deciding reports whether a participant decides: a member that has not
// left, not an observer or a funder.
func deciding(p Participant) bool {
	return p.Role != RoleObserver && p.Role != RoleFunder && p.Left.IsZero()
}

// isStateAgency reports whether a party is a state agency of a Finsam
// federation.
func isStateAgency(p Participant) bool { return p.Code == "" && p.PartyKind == "myndighet" }

// isRegion reports whether a party is a region.
func isRegion(p Participant) bool { return p.Code == "" && p.PartyKind == "region" }

// regionBody maps a municipal body to a region's.
func regionBody(body string) string {
	switch body {
	case "kf":
		return "regionfullmaktige"
	case "ks":
		return "regionstyrelse"
	}
	return body
}

func isRegionBody(b string) bool { return b == "regionfullmaktige" || b == "regionstyrelse" }
func isOwnBody(b string) bool    { return slices.Contains(OwnBodies, b) }

// FullPath lists every decision the path of c asks for, step by step:
// formation, start, every year, change, leaving (per member) and
// dissolution. ok is false when the form is not stated.
func FullPath(c *Collaboration, s PathSettings) (path []RequiredDecision, ok bool) {
	rules, ok := RulesFor(c.LegalForm, s.Options(c))
	if !ok {
		return nil, false
	}
	for _, step := range PathSteps {
		for _, r := range rules {
			if r.Step == step.Code {
				path = append(path, expand(c, r)...)
			}
		}
	}
	return path, true
}

// expand turns one rule into the requirements of the participants it
// names.
func expand(c *Collaboration, r DecisionRule) (out []RequiredDecision) {
	req := func() RequiredDecision {
		return RequiredDecision{Body: r.Body, Kind: r.Kind, Documents: r.Documents, Reference: r.Reference, Ref: r.Ref,
			Step: r.Step, Practice: r.Practice}
	}
	switch r.Decider {
	case DecideOwn:
		q := req()
		q.Own = true
		return []RequiredDecision{q}
	case DecideAnyOne:
		q := req()
		q.AnyMember = true
		return []RequiredDecision{q}
	}
	for _, p := range c.Participants {
		if !deciding(p) {
			continue
		}
		q := req()
		switch {
		case p.Code != "" && r.Decider != DecideState:
			q.Municipality = p.Code
		case isRegion(p) && r.Decider != DecideState:
			q.Party, q.Body = p.Party, regionBody(r.Body)
		case isStateAgency(p) && (r.Decider == DecideState || r.Decider == DecideAll) && c.LegalForm == FormFinsam:
			q.Party, q.Body = p.Party, "myndighet"
		default:
			continue
		}
		out = append(out, q)
	}
	return out
}

// StepPath returns the requirements of some steps.
func StepPath(c *Collaboration, s PathSettings, steps ...string) (path []RequiredDecision, ok bool) {
	full, ok := FullPath(c, s)
	for _, r := range full {
		if slices.Contains(steps, r.Step) {
			path = append(path, r)
		}
	}
	return path, ok
}

// DecisionPath proposes the decisions every participating municipality
// (and region) must take for c to be formed and started: the founding and
// start steps of its form. Observers and funders decide nothing. ok is
// false when the form is not stated.
func DecisionPath(c *Collaboration) (path []RequiredDecision, ok bool) {
	return StepPath(c, PathSettings{}, StepFound, StepStart)
}

// PathStatus pairs each required decision with the latest matching
// decision, if any.
type PathStatus struct {
	Required RequiredDecision `json:"required"`
	Decision *Decision        `json:"decision"`
	// ConditionMet says that a conditional decision's condition is met:
	// every other decision of its step is bifall or conditional.
	ConditionMet bool `json:"condition_met"`
}

// Done reports whether the requirement is met: the latest decision is
// bifall, or conditional bifall whose condition is met.
func (p PathStatus) Done() bool {
	if p.Decision == nil {
		return false
	}
	return p.Decision.Outcome == OutcomeApproved || p.Decision.Outcome == OutcomeConditional && p.ConditionMet
}

// bodyRank orders the bodies of one municipality or region: a decision by
// a higher body satisfies a step a lower body could take (KF or KS for a
// nämnd step; the product does not know which nämnd is responsible, so KS
// counts for any nämnd step). KSAU prepares and is left out.
var bodyRank = map[string]int{"tjansteperson": 1, "namnd": 2, "ks": 3, "kf": 4, "regionstyrelse": 3, "regionfullmaktige": 4}

// satisfies reports whether a decision by body `by` meets a step for
// body `want`. The owner check keeps the municipal and the regional
// chains apart.
func satisfies(by, want string) bool {
	if by == want {
		return true
	}
	rb, rw := bodyRank[by], bodyRank[want]
	return rb > 0 && rw > 0 && rb > rw
}

// matches reports whether d meets r (owner, kind and body).
func (r RequiredDecision) matches(d *Decision) bool {
	if d.Kind != r.Kind || !satisfies(d.Body, r.Body) {
		return false
	}
	switch {
	case r.Own:
		return d.Municipality == "" && d.Party == ""
	case r.AnyMember:
		return d.Municipality != "" || d.Party != ""
	case r.Party != "":
		return d.Municipality == "" && MatchKey(d.Party) == MatchKey(r.Party)
	}
	return d.Municipality == r.Municipality
}

// later reports whether d was taken after cur: by date (an unknown date
// counts as earliest), then by id.
func later(d, cur *Decision) bool {
	return d.Date.After(cur.Date) || (!d.Date.Before(cur.Date) && d.ID > cur.ID)
}

// MatchPath matches decisions to a path. A decision matches a requirement
// when its owner and kind agree and its body is the one asked for or a
// higher one; the latest by date (then id) wins, so an återremiss
// followed by bifall counts as bifall. For an AnyMember step the latest
// bifall of any member counts.
func MatchPath(path []RequiredDecision, decisions []Decision) []PathStatus {
	out := make([]PathStatus, len(path))
	for i, r := range path {
		out[i].Required = r
		for j := range decisions {
			d := &decisions[j]
			if !r.matches(d) || r.AnyMember && !d.Taken() {
				continue
			}
			if cur := out[i].Decision; cur == nil || later(d, cur) {
				out[i].Decision = d
			}
		}
	}
	// A conditional decision's condition is met when every other decision
	// of its step (practice aside) is bifall or conditional.
	for i := range out {
		d := out[i].Decision
		if d == nil || d.Outcome != OutcomeConditional {
			continue
		}
		met := true
		for j := range out {
			o := out[j]
			if o.Required.Step != out[i].Required.Step || o.Required.Practice {
				continue
			}
			if o.Decision == nil || !o.Decision.Taken() {
				met = false
				break
			}
		}
		out[i].ConditionMet = met
	}
	return out
}

// Missing returns the requirements in statuses that are not met, leaving
// out practice. With requireLegalForce a met requirement also needs a
// decision that has gained legal force by today.
func Missing(statuses []PathStatus, requireLegalForce bool, today Date) (missing, noForce []RequiredDecision) {
	for _, s := range statuses {
		switch {
		case s.Required.Practice:
		case !s.Done():
			missing = append(missing, s.Required)
		case requireLegalForce && !s.Decision.HasLegalForce(today):
			noForce = append(noForce, s.Required)
		}
	}
	return missing, noForce
}

// MissingDecisions returns the founding requirements of c not yet met by
// a bifall (the gate for beslutad and igång; default settings).
func MissingDecisions(c *Collaboration, decisions []Decision) (missing []RequiredDecision, ok bool) {
	path, ok := StepPath(c, PathSettings{}, StepFound)
	if !ok {
		return nil, false
	}
	missing, _ = Missing(MatchPath(path, decisions), false, Date{})
	return missing, true
}

// LeavePath returns what must be decided for one member to leave.
func LeavePath(c *Collaboration, s PathSettings, member Participant) []RequiredDecision {
	one := *c
	one.Participants = []Participant{member}
	one.Participants[0].Left = Date{}
	path, _ := StepPath(&one, s, StepLeave)
	return path
}

// partyIs reports whether a party's name contains one of the words.
func partyIs(p Participant, word string) bool {
	return p.Code == "" && strings.Contains(MatchKey(p.Party), word)
}

// FinsamMembersOK checks the members of a samordningsförbund: Försäkrings-
// kassan, Arbetsförmedlingen, at least one region and at least one
// municipality (RefFinsam). It returns the codes of what is missing.
func FinsamMembersOK(c *Collaboration) (missing []string) {
	var fk, af, region, muni bool
	for _, p := range c.Participants {
		if !deciding(p) {
			continue
		}
		switch {
		case p.Code != "":
			muni = true
		case isRegion(p):
			region = true
		case partyIs(p, "forsakringskassan"):
			fk = true
		case partyIs(p, "arbetsformedlingen"):
			af = true
		}
	}
	for _, m := range []struct {
		ok   bool
		code string
	}{{fk, "forsakringskassan"}, {af, "arbetsformedlingen"}, {region, "region"}, {muni, "kommun"}} {
		if !m.ok {
			missing = append(missing, m.code)
		}
	}
	return missing
}

// FinsamShares is the financing split fixed by the Finsam act: the state
// half, the region a quarter, the municipalities a quarter (RefFinsam).
var FinsamShares = []struct {
	Who         string
	Numerator   int
	Denominator int
}{{"stat", 1, 2}, {"region", 1, 4}, {"kommuner", 1, 4}}

// Validate checks the settings: an organisation number is ten digits,
// written NNNNNN-NNNN (a kommunalförbund gets one from SCB after the
// members' decisions).
func (s *PathSettings) Validate() error {
	var v Validation
	if s.OrgNumber != "" {
		digits := strings.ReplaceAll(s.OrgNumber, "-", "")
		ok := len(digits) == 10
		for _, r := range digits {
			ok = ok && r >= '0' && r <= '9'
		}
		if !ok {
			v.Add("org_number", "invalid_org_number", s.OrgNumber)
		} else {
			s.OrgNumber = digits[:6] + "-" + digits[6:]
		}
	}
	return v.Err()
}
