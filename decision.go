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
	// OutcomeConditional is bifall on condition that the others decide
	// likewise, the usual form of parallel decisions (domain.md a.10:
	// Kalmar's and Kungsbacka's decisions, S51, S48). It counts as bifall
	// once every other decision of the same step is bifall or conditional.
	OutcomeConditional = "villkorat"
)

// Outcomes of a decision.
var Outcomes = Vocabulary{
	{OutcomeApproved, "Bifall", "Approved"},
	{OutcomeConditional, "Bifall med villkor om de andras beslut", "Approved on condition of the others' decisions"},
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
	// Elections, revision and discharge (domain.md a.10: VÄLJA_LEDAMÖTER,
	// ANSVARSFRIHET; KL 5 kap. 1 §).
	KindElect         = "val_ledamoter"
	KindElectAuditors = "val_revisorer"
	KindDischarge     = "ansvarsfrihet"
	KindAnnualReport  = "arsredovisning"
	KindDissolve      = "upplosning"
	// Staff: the negotiation under MBL 11 § comes before the decision; the
	// transfer under LAS 6 b § is a step of its own.
	KindNegotiation   = "mbl_forhandling"
	KindStaffTransfer = "verksamhetsovergang"
)

// DecisionKinds lists what a decision can be about.
var DecisionKinds = Vocabulary{
	{KindJoin, "Gå med / inträde", "Join"},
	{KindAdopt, "Anta styrdokument", "Adopt a governing document"},
	{KindElect, "Val av ledamöter och ersättare", "Election of members and substitutes"},
	{KindElectAuditors, "Val av revisorer eller lekmannarevisor", "Election of auditors or lay auditor"},
	{KindBudget, "Budget eller medlemsbidrag", "Budget or member fee"},
	{KindAnnualReport, "Årsredovisning", "Annual report"},
	{KindDischarge, "Ansvarsfrihet", "Discharge from liability"},
	{KindChange, "Ändring", "Change"},
	{KindLeave, "Utträde eller uppsägning", "Leave or give notice"},
	{KindDissolve, "Upplösning eller likvidation", "Dissolution or liquidation"},
	{KindDelegation, "Extern delegering", "External delegation"},
	{KindNegotiation, "MBL-förhandling före beslut", "Union negotiation before the decision"},
	{KindStaffTransfer, "Övergång av personal (LAS 6 b §)", "Transfer of staff (LAS § 6 b)"},
	{KindPreStudy, "Uppdrag om förstudie", "Commission a pre-study"},
	{KindDirection, "Inriktningsbeslut", "Decision in principle"},
	{KindReport, "Årsrapport enligt KL 9 kap. 38 § mottagen", "Annual report under KL ch. 9 § 38 received"},
}

// Decision owners: a decision belongs to a municipality, to a party that
// takes part (a region, a state agency) or to the collaboration's own body
// (a direktion's budget, a joint committee's decisions).
const (
	OwnerMunicipality  = "kommun"
	OwnerParty         = "part"
	OwnerCollaboration = "samverkan"
)

// DecisionOwners labels the owners.
var DecisionOwners = Vocabulary{
	{OwnerMunicipality, "Kommun", "Municipality"},
	{OwnerParty, "Region eller annan part", "Region or other party"},
	{OwnerCollaboration, "Samverkans eget organ", "The collaboration's own body"},
}

// OwnBodies are the bodies of a collaboration itself.
var OwnBodies = []string{"gemensam_namnd", "forbundsfullmaktige", "forbundsdirektion", "forbundsstyrelse", "bolagsstamma", "bolagsstyrelse"}

// Decision is one decision by one body about one collaboration: in a
// municipality, in a party (Party) or in the collaboration's own body
// (neither). Decisions keep coming after start (budget, changes, a member
// leaving) and stay on the same record.
type Decision struct {
	ID              int64  `json:"id"`
	CollaborationID int64  `json:"collaboration_id"`
	Municipality    string `json:"municipality"` // code; empty for a party's or the own body's decision
	// Party names the participating party that decided (a region, a state
	// agency), as it stands among the participants.
	Party string `json:"party,omitempty"`
	// Owner is derived: kommun, part or samverkan.
	Owner    string `json:"owner"`
	Body     string `json:"body"`      // see Bodies
	BodyName string `json:"body_name"` // e.g. "Miljö- och byggnadsnämnden"
	// Date is the meeting's date, the date of the protokoll. Zero with
	// DateUnknown for an old decision whose date nobody knows: it is shown
	// as unknown, never given an invented date.
	Date        Date `json:"date"`
	DateUnknown bool `json:"date_unknown"`
	// AnnouncedOn is the day the justering of the protokoll was announced
	// on the anslagstavla; the three weeks for appeal run from it
	// (KL 13 kap. 5 §).
	AnnouncedOn Date `json:"announced_on"`
	// Appealed marks a decision that was appealed: it has no legal force
	// until LegalForceOn is entered.
	Appealed bool `json:"appealed"`
	// LegalForceOn overrides the computed date of legal force (after an
	// appeal was settled, or where a holiday moved the deadline).
	LegalForceOn Date      `json:"legal_force_on"`
	Condition    string    `json:"condition"` // for villkorat: on what
	Diarienummer string    `json:"diarienummer"`
	Paragraph    string    `json:"paragraph"` // "§ 182"
	Outcome      string    `json:"outcome"`
	Kind         string    `json:"kind"`
	Document     string    `json:"document"` // document type it concerns, see DocumentTypes
	URL          string    `json:"url"`
	Note         string    `json:"note"`
	Version      int       `json:"version"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// Pending reports whether the decision is still to be taken.
func (d *Decision) Pending() bool { return d.Outcome == OutcomePending }

// Taken reports whether the decision was taken with bifall, with or
// without a condition.
func (d *Decision) Taken() bool {
	return d.Outcome == OutcomeApproved || d.Outcome == OutcomeConditional
}

// FillOwner derives Owner from who decided, for records read back.
func (d *Decision) FillOwner() { d.fillOwner() }

// fillOwner derives Owner from who decided.
func (d *Decision) fillOwner() {
	switch {
	case d.Municipality != "":
		d.Owner = OwnerMunicipality
	case d.Party != "":
		d.Owner = OwnerParty
	default:
		d.Owner = OwnerCollaboration
	}
}

// partyOf returns the participating party named p.
func (c *Collaboration) partyOf(name string) (Participant, bool) {
	k := MatchKey(name)
	for _, p := range c.Participants {
		if p.Code == "" && p.Party != "" && MatchKey(p.Party) == k {
			return p, true
		}
	}
	return Participant{}, false
}

// Validate checks a decision against the collaboration it belongs to.
// today is passed in so the rule "a taken decision cannot be dated in the
// future" is testable.
func (d *Decision) Validate(c *Collaboration, today Date) error {
	var v Validation
	given := d.Owner
	d.fillOwner()
	if given != "" && given != d.Owner {
		if DecisionOwners.Has(given) {
			v.Add("owner", "owner_mismatch", DecisionOwners.Label(given, "sv"))
		} else {
			v.Add("owner", "unknown_owner", given)
		}
	}
	own := isOwnBody(d.Body)
	switch {
	case d.Municipality != "" && d.Party != "":
		v.Add("party", "owner_both")
	case d.Municipality != "":
		if !c.Takes(d.Municipality) {
			v.Add("municipality", "not_participant", d.Municipality)
		} else if own || isRegionBody(d.Body) || d.Body == "myndighet" {
			v.Add("body", "body_not_municipal", Bodies.Label(d.Body, "sv"))
		}
	case d.Party != "":
		p, ok := c.partyOf(d.Party)
		if !ok {
			v.Add("party", "party_not_participant", d.Party)
		} else if own || (p.PartyKind == "region" && !isRegionBody(d.Body) && d.Body != "namnd" && d.Body != "tjansteperson") {
			v.Add("body", "body_not_party", Bodies.Label(d.Body, "sv"), d.Party)
		}
	case !own:
		v.Add("municipality", "required")
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
	taken := d.Outcome != OutcomePending && d.Outcome != ""
	switch {
	case !d.Date.Valid():
		v.Add("date", "invalid_date", d.Date.Raw())
	case d.DateUnknown && !d.Date.IsZero():
		v.Add("date", "date_and_unknown")
	case d.DateUnknown && !taken:
		v.Add("date_unknown", "date_unknown_pending")
	case taken && d.Date.IsZero() && !d.DateUnknown:
		v.Add("date", "decision_date_required")
	case taken && d.Date.After(today):
		v.Add("date", "decision_in_future")
	}
	if checkDate(&v, "announced_on", d.AnnouncedOn) && !d.AnnouncedOn.IsZero() {
		switch {
		case !taken:
			v.Add("announced_on", "announced_pending")
		case d.AnnouncedOn.Before(d.Date):
			v.Add("announced_on", "announced_before_decision")
		case d.AnnouncedOn.After(today):
			v.Add("announced_on", "date_in_future")
		}
	}
	if checkDate(&v, "legal_force_on", d.LegalForceOn) && !d.LegalForceOn.IsZero() {
		if !taken {
			v.Add("legal_force_on", "announced_pending")
		} else if d.LegalForceOn.Before(d.AnnouncedOn) || d.LegalForceOn.Before(d.Date) {
			v.Add("legal_force_on", "legal_force_before_decision")
		}
	}
	if d.Appealed && !taken && d.Outcome != OutcomeRejected {
		v.Add("appealed", "appealed_not_taken")
	}
	if d.Condition != "" && d.Outcome != OutcomeConditional {
		v.Add("condition", "condition_without_conditional")
	}
	checkText(&v, "condition", d.Condition, MaxShortText, false)
	checkText(&v, "diarienummer", d.Diarienummer, 50, false)
	checkText(&v, "paragraph", d.Paragraph, 50, false)
	checkText(&v, "note", d.Note, MaxDescription, false)
	checkURL(&v, "url", d.URL)
	return v.Err()
}

// DescribeRequirement renders a requirement for messages, e.g.
// "Heby: Kommunfullmäktige – Anta styrdokument".
func DescribeRequirement(r RequiredDecision, cat *Catalog, lang string) string {
	who := r.Party
	switch {
	case r.Municipality != "":
		who = cat.MunicipalityName(r.Municipality)
	case r.AnyMember:
		who = map[bool]string{true: "One of the members", false: "En av medlemmarna"}[lang == "en"]
	case r.Own:
		who = DecisionOwners.Label(OwnerCollaboration, lang)
	}
	return fmt.Sprintf("%s: %s – %s", who, Bodies.Label(r.Body, lang), DecisionKinds.Label(r.Kind, lang))
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
	for _, s := range []*string{&d.Municipality, &d.Party, &d.Body, &d.BodyName, &d.Paragraph, &d.Outcome, &d.Kind,
		&d.Document, &d.URL, &d.Note, &d.Condition, &d.Diarienummer} {
		*s = strings.TrimSpace(*s)
	}
}
