package samverkan

import "slices"

// DecisionStages are the lifecycle stages in which decisions are being
// prepared or taken: the pending-decisions lists show every required
// decision still missing for collaborations in them.
var DecisionStages = []string{StatusPreparation, StatusDeciding, StatusDecided}

// InDecisionStage reports whether c is in one of the DecisionStages.
func InDecisionStage(c *Collaboration) bool { return slices.Contains(DecisionStages, c.Status) }

// DecisionsUnregistered reports whether the decisions missing from c's
// path are decisions nobody registered rather than decisions still to be
// taken: c runs or has ended (it was registered as already running, or
// its decisions were taken before the register existed). Such a gap is
// shown in a neutral style ("beslut ej registrerade"), not as "Saknas".
// A rejected idea is not counted: its path stopped at the rejection.
func DecisionsUnregistered(c *Collaboration) bool {
	ph := c.Phase()
	return (ph == PhaseRunning || ph == PhaseEnded) && c.Status != StatusRejected
}

// CheckDecided is the one rule that no record claims "beslutad" while its
// decision path lacks decisions: every write of a collaboration (create,
// edit, import, API) runs it with the decisions registered on it (none
// for a new record). It returns nil unless c's status is beslutad and a
// required decision is not bifall, or the form is not stated, so no path
// can be known. A collaboration that already runs is registered as igång,
// which needs no registered decisions.
func CheckDecided(c *Collaboration, decisions []Decision, cat *Catalog) error {
	if c.Status != StatusDecided {
		return nil
	}
	missing, ok := MissingDecisions(c, decisions)
	if !ok {
		return &Error{Code: EINVALID, Message: "Uppgifterna innehåller fel.",
			Fields: []FieldError{{Field: "status", Code: "decided_without_form"}}}
	}
	if len(missing) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Alla beslut som krävs är inte fattade med bifall.", Missing: missing,
		Fields: []FieldError{{Field: "status", Code: "decided_decisions_missing", Params: []any{DescribeMissing(missing, cat, "sv")}}}}
}
