package samverkan

import (
	"slices"
	"strings"
)

// The pipeline runs idé → … → beslutad → igång, one stage at a time.
var pipelineOrder = []string{
	StatusIdea, StatusInventoried, StatusStudyOngoing, StatusStudyDone,
	StatusPreparation, StatusDeciding, StatusDecided, StatusRunning,
}

// runningMoves are the transitions of a running or ending collaboration.
var runningMoves = map[string][]string{
	StatusRunning:     {StatusUnderReview, StatusNoticeGiven, StatusReformed, StatusEnded},
	StatusUnderReview: {StatusRunning, StatusNoticeGiven, StatusReformed, StatusEnded},
	StatusNoticeGiven: {StatusRunning, StatusReformed, StatusEnded},
	StatusRejected:    {StatusIdea}, // an idea can be taken up again
}

// TransitionProblem explains why a status change is not allowed.
type TransitionProblem struct {
	// unknown_status, skipped_stage, not_allowed, decisions_missing,
	// no_legal_form, legal_force_missing, finsam_members,
	// procurement_basis_missing
	Code    string
	Missing []RequiredDecision // for decisions_missing and legal_force_missing
	Parties []string           // for finsam_members: what kind of member is missing
}

// GateOptions are what the decision gate needs beside the decisions: the
// collaboration's path settings (staff, legal force) and today, for legal
// force.
type GateOptions struct {
	Settings PathSettings
	Today    Date
}

// CheckTransition decides whether c may move from its status to `to`,
// given the decisions taken so far. It returns nil when the move is
// allowed. Rules (domain.md a.6, b):
//   - pipeline stages move forward one step at a time, or back to any
//     earlier pipeline stage (e.g. after återremiss);
//   - an idea triaged "kan starta direkt" whose form needs no decision may
//     go straight to igång;
//   - any pipeline stage may end as avslagen;
//   - beslutad, and igång from the pipeline, need every founding decision
//     (StepFound) to be bifall (or a form that needs none); the form must
//     be stated. The start step (elections, staff transfer) is shown on
//     the path but does not hold a start back: members are often elected
//     after the collaboration is formed;
//   - running collaborations move between igång, under översyn and
//     uppsagd, and end as ombildad or avslutad, which are final.
func CheckTransition(c *Collaboration, to string, decisions []Decision) *TransitionProblem {
	return CheckTransitionAt(c, to, decisions, GateOptions{})
}

// CheckTransitionAt is CheckTransition with the path settings and today:
// with RequireLegalForce the gate also waits for legal force. Ending a
// running collaboration (avslutad, ombildad) is gated like starting one,
// by the dissolution step of its form, and giving notice (uppsagd) by a
// member's decision to leave.
func CheckTransitionAt(c *Collaboration, to string, decisions []Decision, o GateOptions) *TransitionProblem {
	from := c.Status
	if _, ok := FindStatus(to); !ok {
		return &TransitionProblem{Code: "unknown_status"}
	}
	if from == to {
		return nil
	}
	fi, ti := slices.Index(pipelineOrder, from), slices.Index(pipelineOrder, to)
	switch {
	case fi >= 0 && fi < len(pipelineOrder)-1 && to == StatusRejected:
		return nil
	case fi >= 0 && ti >= 0 && ti < fi && from != StatusRunning:
		return nil // back to an earlier stage
	case fi >= 0 && ti == fi+1 && from != StatusRunning:
		if to == StatusDecided || to == StatusRunning {
			return decisionGate(c, decisions, o, StepFound)
		}
		return nil
	case fi >= 0 && fi < len(pipelineOrder)-1 && to == StatusRunning && c.Triage == "kan_starta_direkt":
		return decisionGate(c, decisions, o, StepFound)
	case fi >= 0 && ti > fi+1:
		return &TransitionProblem{Code: "skipped_stage"}
	}
	if slices.Contains(runningMoves[from], to) {
		switch to {
		case StatusEnded, StatusReformed:
			return endGate(c, decisions, o)
		case StatusNoticeGiven:
			return noticeGate(c, decisions, o)
		}
		return nil
	}
	return &TransitionProblem{Code: "not_allowed"}
}

func decisionGate(c *Collaboration, decisions []Decision, o GateOptions, steps ...string) *TransitionProblem {
	path, ok := StepPath(c, o.Settings, steps...)
	if !ok {
		return &TransitionProblem{Code: "no_legal_form"}
	}
	if c.LegalForm == FormFinsam {
		if m := FinsamMembersOK(c); len(m) > 0 {
			return &TransitionProblem{Code: "finsam_members", Parties: m}
		}
	}
	if c.LegalForm == FormPurchase && c.ProcurementBasis == "" {
		return &TransitionProblem{Code: "procurement_basis_missing"}
	}
	return missingProblem(MatchPath(path, decisions), o)
}

func missingProblem(st []PathStatus, o GateOptions) *TransitionProblem {
	missing, noForce := Missing(st, o.Settings.RequireLegalForce, o.Today)
	switch {
	case len(missing) > 0:
		return &TransitionProblem{Code: "decisions_missing", Missing: missing}
	case len(noForce) > 0:
		return &TransitionProblem{Code: "legal_force_missing", Missing: noForce}
	}
	return nil
}

// endGate: a collaboration ends (or is re-formed into another) when its
// dissolution step is decided. An agreement also ends when it has run out
// (its end date has passed); a form without a path needs nothing.
func endGate(c *Collaboration, decisions []Decision, o GateOptions) *TransitionProblem {
	path, ok := StepPath(c, o.Settings, StepDissolve)
	if !ok {
		return &TransitionProblem{Code: "no_legal_form"}
	}
	if len(path) == 1 && path[0].AnyMember && !c.End.IsZero() && !o.Today.IsZero() && !c.End.After(o.Today) {
		return nil
	}
	return missingProblem(MatchPath(path, decisions), o)
}

// noticeGate: notice (uppsagd) needs one member's decision to leave, by the
// body its form names for leaving.
func noticeGate(c *Collaboration, decisions []Decision, o GateOptions) *TransitionProblem {
	path, ok := StepPath(c, o.Settings, StepLeave)
	if !ok {
		return &TransitionProblem{Code: "no_legal_form"}
	}
	if len(path) == 0 {
		return nil
	}
	st := MatchPath(path, decisions)
	for _, s := range st {
		if s.Done() && (!o.Settings.RequireLegalForce || s.Decision.HasLegalForce(o.Today)) {
			return nil
		}
	}
	any := path[0]
	any.Municipality, any.Party, any.AnyMember = "", "", true
	return &TransitionProblem{Code: "decisions_missing", Missing: []RequiredDecision{any}}
}

// CheckLeaving gates a member leaving: a participant that gets a leaving
// date in an update needs its decisions to leave (the leave step of the
// form, for that member) with bifall.
func CheckLeaving(old, c *Collaboration, decisions []Decision, o GateOptions) *TransitionProblem {
	was := map[string]Participant{}
	for _, p := range old.Participants {
		was[p.Key()] = p
	}
	var missing []RequiredDecision
	for _, p := range c.Participants {
		prev, ok := was[p.Key()]
		if p.Left.IsZero() || !ok || !prev.Left.IsZero() || !deciding(Participant{Role: p.Role}) {
			continue
		}
		path := LeavePath(c, o.Settings, p)
		m, noForce := Missing(MatchPath(path, decisions), o.Settings.RequireLegalForce, o.Today)
		missing = append(append(missing, m...), noForce...)
	}
	if len(missing) > 0 {
		return &TransitionProblem{Code: "leave_decisions_missing", Missing: missing}
	}
	return nil
}

// NextStatuses lists the statuses c may move to now, ignoring the decision
// gate (the UI offers them and explains a refusal).
func NextStatuses(c *Collaboration) []string {
	var out []string
	for _, s := range Statuses {
		if s.Code == c.Status {
			continue
		}
		if p := CheckTransition(c, s.Code, nil); p == nil || p.Gate() {
			out = append(out, s.Code)
		}
	}
	return out
}

// Gate reports whether the problem is the decision gate's (the move is
// possible once decisions are taken), not the lifecycle's.
func (p *TransitionProblem) Gate() bool {
	switch p.Code {
	case "decisions_missing", "no_legal_form", "legal_force_missing", "finsam_members", "procurement_basis_missing", "leave_decisions_missing":
		return true
	}
	return false
}

// ProposeTriage proposes "kan starta direkt" or "kräver politiskt beslut"
// from the legal form (domain.md b.6) and names the highest body whose
// decision is needed. ok is false when the form is not stated.
func ProposeTriage(form string, o PathOptions) (triage, body string, ok bool) {
	ok = eachRule(form, o, func(r *DecisionRule) {
		// The founding decisions decide the triage; yearly and later
		// steps, and practice, do not.
		if r.Step != StepFound || r.Practice {
			return
		}
		if triageRank(r.Body) > triageRank(body) {
			body = r.Body
		}
	})
	if !ok {
		return "", "", false
	}
	if body == "" || body == "tjansteperson" {
		return "kan_starta_direkt", body, true
	}
	return "kraver_politiskt_beslut", body, true
}

// triageRank orders the bodies whose founding decision sets the triage,
// lowest first; other bodies rank 0.
func triageRank(body string) int {
	switch body {
	case "tjansteperson":
		return 1
	case "namnd":
		return 2
	case "ksau":
		return 3
	case "ks":
		return 4
	case "kf":
		return 5
	}
	return 0
}

// Err turns a refused transition into an application error: a skipped or
// impossible move is invalid input (422); missing decisions or a missing
// legal form clash with the record's state (409) and list what is missing.
func (p *TransitionProblem) Err(c *Collaboration, to string, cat *Catalog) error {
	from, toLabel := StatusTerms().Label(c.Status, "sv"), StatusTerms().Label(to, "sv")
	e := &Error{Code: EINVALID, Message: "Statusbytet är inte tillåtet."}
	switch p.Code {
	case "unknown_status":
		e.Fields = []FieldError{{Field: "status", Code: "unknown_status", Params: []any{to}}}
	case "skipped_stage":
		next := ""
		if i := slices.Index(pipelineOrder, c.Status); i >= 0 && i+1 < len(pipelineOrder) {
			next = StatusTerms().Label(pipelineOrder[i+1], "sv")
		}
		e.Fields = []FieldError{{Field: "status", Code: "skipped_stage", Params: []any{from, next}}}
	case "no_legal_form":
		e.Code = ECONFLICT
		e.Fields = []FieldError{{Field: "legal_form", Code: "no_legal_form"}}
	case "decisions_missing", "leave_decisions_missing":
		e.Code = ECONFLICT
		e.Message = "Alla beslut som krävs är inte fattade med bifall."
		e.Missing = p.Missing
		field := "status"
		if p.Code == "leave_decisions_missing" {
			field = "participants"
		}
		e.Fields = []FieldError{{Field: field, Code: p.Code, Params: []any{DescribeMissing(p.Missing, cat, "sv")}}}
	case "legal_force_missing":
		e.Code = ECONFLICT
		e.Message = "Besluten har inte vunnit laga kraft."
		e.Missing = p.Missing
		e.Fields = []FieldError{{Field: "status", Code: "legal_force_missing", Params: []any{DescribeMissing(p.Missing, cat, "sv")}}}
	case "finsam_members":
		e.Code = ECONFLICT
		e.Fields = []FieldError{{Field: "participants", Code: "finsam_members", Params: []any{strings.Join(p.Parties, ", ")}}}
	case "procurement_basis_missing":
		e.Code = ECONFLICT
		e.Fields = []FieldError{{Field: "procurement_basis", Code: "procurement_basis_missing"}}
	default:
		e.Fields = []FieldError{{Field: "status", Code: "transition_not_allowed", Params: []any{from, toLabel}}}
	}
	return e
}
