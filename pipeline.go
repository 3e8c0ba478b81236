package samverkan

import "slices"

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
	Code    string             // unknown_status, skipped_stage, not_allowed, decisions_missing, no_legal_form
	Missing []RequiredDecision // for decisions_missing
}

// CheckTransition decides whether c may move from its status to `to`,
// given the decisions taken so far. It returns nil when the move is
// allowed. Rules (domain.md a.6, b):
//   - pipeline stages move forward one step at a time, or back to any
//     earlier pipeline stage (e.g. after återremiss);
//   - an idea triaged "kan starta direkt" whose form needs no decision may
//     go straight to igång;
//   - any pipeline stage may end as avslagen;
//   - beslutad, and igång from the pipeline, need every required decision
//     to be bifall (or a form that needs none); the form must be stated;
//   - running collaborations move between igång, under översyn and
//     uppsagd, and end as ombildad or avslutad, which are final.
func CheckTransition(c *Collaboration, to string, decisions []Decision) *TransitionProblem {
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
			return decisionGate(c, decisions)
		}
		return nil
	case fi >= 0 && fi < len(pipelineOrder)-1 && to == StatusRunning && c.Triage == "kan_starta_direkt":
		return decisionGate(c, decisions)
	case fi >= 0 && ti > fi+1:
		return &TransitionProblem{Code: "skipped_stage"}
	}
	if slices.Contains(runningMoves[from], to) {
		return nil
	}
	return &TransitionProblem{Code: "not_allowed"}
}

func decisionGate(c *Collaboration, decisions []Decision) *TransitionProblem {
	missing, ok := MissingDecisions(c, decisions)
	if !ok {
		return &TransitionProblem{Code: "no_legal_form"}
	}
	if len(missing) > 0 {
		return &TransitionProblem{Code: "decisions_missing", Missing: missing}
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
		if p := CheckTransition(c, s.Code, nil); p == nil || p.Code == "decisions_missing" || p.Code == "no_legal_form" {
			out = append(out, s.Code)
		}
	}
	return out
}

// ProposeTriage proposes "kan starta direkt" or "kräver politiskt beslut"
// from the legal form (domain.md b.6) and names the highest body whose
// decision is needed. ok is false when the form is not stated.
func ProposeTriage(form string, o PathOptions) (triage, body string, ok bool) {
	rules, ok := RulesFor(form, o)
	if !ok {
		return "", "", false
	}
	rank := map[string]int{"tjansteperson": 1, "namnd": 2, "ksau": 3, "ks": 4, "kf": 5}
	for _, r := range rules {
		if rank[r.Body] > rank[body] {
			body = r.Body
		}
	}
	if body == "" || body == "tjansteperson" {
		return "kan_starta_direkt", body, true
	}
	return "kraver_politiskt_beslut", body, true
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
	case "decisions_missing":
		e.Code = ECONFLICT
		e.Message = "Alla beslut som krävs är inte fattade med bifall."
		e.Missing = p.Missing
		e.Fields = []FieldError{{Field: "status", Code: "decisions_missing", Params: []any{DescribeMissing(p.Missing, cat, "sv")}}}
	default:
		e.Fields = []FieldError{{Field: "status", Code: "transition_not_allowed", Params: []any{from, toLabel}}}
	}
	return e
}
