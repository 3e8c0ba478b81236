package samverkan

import (
	"fmt"
	"strings"
	"time"
)

// Decision outcomes.
const (
	OutcomeApproved = "bifall"
	OutcomeRejected = "avslag"
	OutcomeReferred = "aterremiss"
	OutcomePending  = "vantar"
)

// Outcomes of a decision.
var Outcomes = Vocabulary{
	{OutcomeApproved, "Bifall", "Approved"},
	{OutcomeRejected, "Avslag", "Rejected"},
	{OutcomeReferred, "Återremiss", "Referred back"},
	{OutcomePending, "Väntar", "Pending"},
}

// Decision kinds: what a decision is about (domain.md a.10).
const (
	KindJoin       = "intrade"
	KindAdopt      = "anta_dokument"
	KindBudget     = "budget"
	KindChange     = "andring"
	KindLeave      = "uttrade"
	KindDelegation = "extern_delegering"
	KindPreStudy   = "forstudie_uppdrag"
	KindDirection  = "inriktning"
	KindReport     = "rapport_9kap38"
)

// DecisionKinds lists what a decision can be about.
var DecisionKinds = Vocabulary{
	{KindJoin, "Gå med / inträde", "Join"},
	{KindAdopt, "Anta styrdokument", "Adopt a governing document"},
	{KindBudget, "Budget eller medlemsbidrag", "Budget or member fee"},
	{KindChange, "Ändring", "Change"},
	{KindLeave, "Utträde eller uppsägning", "Leave or give notice"},
	{KindDelegation, "Extern delegering", "External delegation"},
	{KindPreStudy, "Uppdrag om förstudie", "Commission a pre-study"},
	{KindDirection, "Inriktningsbeslut", "Decision in principle"},
	{KindReport, "Årsrapport enligt KL 9 kap. 38 § mottagen", "Annual report under KL ch. 9 § 38 received"},
}

// Decision is one decision by one body in one municipality about one
// collaboration. Decisions keep coming after start (budget, changes, a
// member leaving) and stay on the same record.
type Decision struct {
	ID              int64     `json:"id"`
	CollaborationID int64     `json:"collaboration_id"`
	Municipality    string    `json:"municipality"` // code
	Body            string    `json:"body"`         // see Bodies
	BodyName        string    `json:"body_name"`    // e.g. "Miljö- och byggnadsnämnden"
	Date            Date      `json:"date"`         // when it was (or will be) taken
	Paragraph       string    `json:"paragraph"`    // "§ 182"
	Outcome         string    `json:"outcome"`
	Kind            string    `json:"kind"`
	Document        string    `json:"document"` // document type it concerns, see DocumentTypes
	URL             string    `json:"url"`
	Note            string    `json:"note"`
	Version         int       `json:"version"`
	Created         time.Time `json:"created"`
	Updated         time.Time `json:"updated"`
}

// Pending reports whether the decision is still to be taken.
func (d *Decision) Pending() bool { return d.Outcome == OutcomePending }

// Validate checks a decision against the collaboration it belongs to.
// today is passed in so the rule "a taken decision cannot be dated in the
// future" is testable.
func (d *Decision) Validate(c *Collaboration, today Date) error {
	var v Validation
	if d.Municipality == "" {
		v.Add("municipality", "required")
	} else if !c.Takes(d.Municipality) {
		v.Add("municipality", "not_participant", d.Municipality)
	}
	if !Bodies.Has(d.Body) {
		v.Add("body", "unknown_body", d.Body)
	}
	checkText(&v, "body_name", d.BodyName, MaxShortText, false)
	if !Outcomes.Has(d.Outcome) {
		v.Add("outcome", "unknown_outcome", d.Outcome)
	}
	if !DecisionKinds.Has(d.Kind) {
		v.Add("kind", "unknown_decision_kind", d.Kind)
	}
	if d.Document != "" && !DocumentTypes.Has(d.Document) {
		v.Add("document", "unknown_document_type", d.Document)
	}
	switch {
	case !d.Date.Valid():
		v.Add("date", "invalid_date", d.Date.Raw())
	case d.Outcome != OutcomePending && d.Date.After(today):
		v.Add("date", "decision_in_future")
	}
	checkText(&v, "paragraph", d.Paragraph, 50, false)
	checkText(&v, "note", d.Note, MaxDescription, false)
	checkURL(&v, "url", d.URL)
	return v.Err()
}

// DecisionRule says which body in each participating municipality must
// decide what, for one legal form, and on which legal ground. The table is
// the single source of the decision path (domain.md b).
type DecisionRule struct {
	Form      string
	Body      string
	Kind      string
	Documents []string // document types adopted or approved
	Reference string   // legal reference
	// When limits the rule to some collaborations: "" always,
	// "principle" when the matter is of principle or greater importance,
	// "not_principle" otherwise, "delegation" when tasks are delegated to
	// an employee of another municipality.
	When string
}

// DecisionRules is the declarative table of required decisions per legal
// form. Forms without a row need no decision (an informal network); the
// unknown form has no path until a form is chosen.
var DecisionRules = []DecisionRule{
	{FormFederationAssembly, "kf", KindAdopt, []string{"forbundsordning"}, "KL 9 kap. 3 och 6 §§: förbundsordningen antas av fullmäktige i varje medlem", ""},
	{FormFederationBoard, "kf", KindAdopt, []string{"forbundsordning"}, "KL 9 kap. 3 och 6 §§: förbundsordningen antas av fullmäktige i varje medlem", ""},
	{FormJointCommittee, "kf", KindAdopt, []string{"samverkansavtal", "reglemente"}, "KL 9 kap. 19–21 §§: samverkansavtal (överenskommelse) och reglemente i varje kommuns fullmäktige", ""},
	{FormAgreement, "namnd", KindAdopt, []string{"avtal"}, "KL 9 kap. 37 §: ansvarig nämnd godkänner avtalet", "not_principle"},
	{FormAgreement, "kf", KindAdopt, []string{"avtal"}, "KL 9 kap. 37 § och 5 kap. 1 §: ärenden av principiell beskaffenhet eller större vikt avgörs av fullmäktige", "principle"},
	{FormAgreement, "namnd", KindDelegation, []string{"delegationsordning"}, "KL 9 kap. 37 § andra stycket och 6 kap. 38 §: delegation till anställd i annan kommun beslutas av nämnden", "delegation"},
	{FormAgreementSpecial, "namnd", KindAdopt, []string{"avtal"}, "Speciallagens bestämmelser om avtalssamverkan (jfr KL 9 kap. 37 § tredje stycket)", ""},
	{FormCompany, "kf", KindAdopt, []string{"bolagsordning", "agardirektiv"}, "KL 10 kap. 1–3 §§: fullmäktige fastställer ändamål, bolagsordning och ägardirektiv", ""},
	{FormEconomicAssoc, "kf", KindAdopt, []string{"ovrigt"}, "KL 10 kap. 1–6 §§: fullmäktige beslutar om överlämnande och stadgar", ""},
	{FormNonProfitAssoc, "kf", KindAdopt, []string{"ovrigt"}, "KL 10 kap. 1–6 §§: fullmäktige beslutar om överlämnande och stadgar", ""},
	{FormFoundation, "kf", KindAdopt, []string{"ovrigt"}, "KL 10 kap. 1–6 §§: fullmäktige beslutar om överlämnande och stiftelseförordnande", ""},
	{FormFinsam, "kf", KindAdopt, []string{"forbundsordning"}, "Lag (2003:1210) om finansiell samordning inom rehabiliteringsområdet: förbundsordning antas av varje medlem", ""},
	{FormPurchase, "tjansteperson", KindAdopt, []string{"avtal"}, "KL 6 kap. 37–38 §§: avtal tecknas inom gällande delegationsordning; LOU eller undantag", ""},
	{FormProject, "tjansteperson", KindDirection, nil, "KL 6 kap. 37 §: projektbeslut inom delegation och befintlig budget", ""},
	{FormLetterOfIntent, "ks", KindDirection, []string{"avsiktsforklaring"}, "KL 6 kap. 1 §: styrelsen leder och samordnar; avsiktsförklaringen är inte bindande", ""},
}

// PathOptions are the facts about a collaboration that change its path.
type PathOptions struct {
	OfPrinciple        bool // of principle or greater importance (KL 5 kap. 1 §)
	ExternalDelegation bool // tasks delegated to an employee of another municipality
}

// RequiredDecision is one step of a decision path.
type RequiredDecision struct {
	Municipality string   `json:"municipality"`
	Body         string   `json:"body"`
	Kind         string   `json:"kind"`
	Documents    []string `json:"documents"`
	Reference    string   `json:"reference"`
}

// Key identifies the requirement for matching decisions against it.
func (r RequiredDecision) Key() string { return r.Municipality + "/" + r.Body + "/" + r.Kind }

// RulesFor returns the rules that apply to a form with the given options.
// ok is false when the form is unknown or not stated, so no path can be
// proposed yet.
func RulesFor(form string, o PathOptions) (rules []DecisionRule, ok bool) {
	if form == FormUnknown {
		return nil, false
	}
	if _, known := FindLegalForm(form); !known {
		return nil, false
	}
	if len(FormVariants(form)) > 0 {
		return sharedRules(form, o), true
	}
	for _, r := range DecisionRules {
		if r.Form != form {
			continue
		}
		switch r.When {
		case "principle":
			if !o.OfPrinciple {
				continue
			}
		case "not_principle":
			if o.OfPrinciple {
				continue
			}
		case "delegation":
			if !o.ExternalDelegation {
				continue
			}
		}
		rules = append(rules, r)
	}
	return rules, true
}

// DecisionPath proposes the decisions every participating municipality must
// take for c to be decided: the rules of its form for each municipality
// that takes part (observers and funders decide nothing). ok is false when
// the form is not stated.
func DecisionPath(c *Collaboration) (path []RequiredDecision, ok bool) {
	rules, ok := RulesFor(c.LegalForm, PathOptions{OfPrinciple: c.OfPrinciple, ExternalDelegation: c.ExternalDelegation})
	if !ok {
		return nil, false
	}
	for _, p := range c.Participants {
		if p.Code == "" || p.Role == RoleObserver || p.Role == RoleFunder || !p.Left.IsZero() {
			continue
		}
		for _, r := range rules {
			path = append(path, RequiredDecision{Municipality: p.Code, Body: r.Body, Kind: r.Kind, Documents: r.Documents, Reference: r.Reference})
		}
	}
	return path, true
}

// PathStatus pairs each required decision with the latest matching
// decision, if any.
type PathStatus struct {
	Required RequiredDecision `json:"required"`
	Decision *Decision        `json:"decision"`
}

// Done reports whether the requirement is met (the latest decision is bifall).
func (p PathStatus) Done() bool { return p.Decision != nil && p.Decision.Outcome == OutcomeApproved }

// MatchPath matches decisions to a path. A decision matches a requirement
// when municipality, body and kind agree; the latest by date (then id) wins,
// so an återremiss followed by bifall counts as bifall.
func MatchPath(path []RequiredDecision, decisions []Decision) []PathStatus {
	out := make([]PathStatus, len(path))
	for i, r := range path {
		out[i].Required = r
		for j := range decisions {
			d := &decisions[j]
			if d.Municipality != r.Municipality || d.Body != r.Body || d.Kind != r.Kind {
				continue
			}
			if cur := out[i].Decision; cur == nil || d.Date.After(cur.Date) || (!d.Date.Before(cur.Date) && d.ID > cur.ID) {
				out[i].Decision = d
			}
		}
	}
	return out
}

// MissingDecisions returns the requirements not yet met by a bifall.
func MissingDecisions(c *Collaboration, decisions []Decision) (missing []RequiredDecision, ok bool) {
	path, ok := DecisionPath(c)
	if !ok {
		return nil, false
	}
	for _, s := range MatchPath(path, decisions) {
		if !s.Done() {
			missing = append(missing, s.Required)
		}
	}
	return missing, true
}

// DescribeRequirement renders a requirement for messages, e.g.
// "Heby: Kommunfullmäktige – Anta styrdokument".
func DescribeRequirement(r RequiredDecision, cat *Catalog, lang string) string {
	return fmt.Sprintf("%s: %s – %s", cat.MunicipalityName(r.Municipality), Bodies.Label(r.Body, lang), DecisionKinds.Label(r.Kind, lang))
}

// DescribeMissing joins requirements for an error message.
func DescribeMissing(missing []RequiredDecision, cat *Catalog, lang string) string {
	parts := make([]string, len(missing))
	for i, r := range missing {
		parts[i] = DescribeRequirement(r, cat, lang)
	}
	return strings.Join(parts, "; ")
}

// Normalize trims a decision's text fields, as it is kept and compared.
func (d *Decision) Normalize() {
	for _, s := range []*string{&d.Municipality, &d.Body, &d.BodyName, &d.Paragraph, &d.Outcome, &d.Kind,
		&d.Document, &d.URL, &d.Note} {
		*s = strings.TrimSpace(*s)
	}
}
