package samverkan

// Lifecycle statuses, research/domain.md a.6. One collaboration keeps one
// record from idea to end; the phase groups the statuses into the pipeline
// (möjligheter), the running register and the ended ones.
const (
	StatusIdea         = "ide"
	StatusInventoried  = "inventerad"
	StatusStudyOngoing = "forstudie_pagar"
	StatusStudyDone    = "forstudie_klar"
	StatusPreparation  = "beredning"
	StatusDeciding     = "beslut_pagar"
	StatusDecided      = "beslutad"
	StatusRunning      = "igang"
	StatusUnderReview  = "under_oversyn"
	StatusNoticeGiven  = "uppsagd"
	StatusReformed     = "ombildad"
	StatusEnded        = "avslutad"
	StatusRejected     = "avslagen"
)

// Phases.
const (
	PhasePipeline = "pipeline"
	PhaseRunning  = "running"
	PhaseEnded    = "ended"
)

// Status is one lifecycle stage with its phase.
type Status struct {
	Term
	Phase string
}

// Statuses lists the lifecycle in order.
var Statuses = []Status{
	{Term{StatusIdea, "Idé", "Idea"}, PhasePipeline},
	{Term{StatusInventoried, "Inventerad", "Inventoried"}, PhasePipeline},
	{Term{StatusStudyOngoing, "Förstudie pågår", "Pre-study under way"}, PhasePipeline},
	{Term{StatusStudyDone, "Förstudie klar", "Pre-study done"}, PhasePipeline},
	{Term{StatusPreparation, "Beredning", "In preparation"}, PhasePipeline},
	{Term{StatusDeciding, "Beslut pågår", "Decisions under way"}, PhasePipeline},
	{Term{StatusDecided, "Beslutad", "Decided"}, PhasePipeline},
	{Term{StatusRunning, "Igång", "Running"}, PhaseRunning},
	{Term{StatusUnderReview, "Under översyn", "Under review"}, PhaseRunning},
	{Term{StatusNoticeGiven, "Uppsagd", "Notice given"}, PhaseRunning},
	{Term{StatusReformed, "Ombildad", "Re-formed"}, PhaseEnded},
	{Term{StatusEnded, "Avslutad", "Ended"}, PhaseEnded},
	{Term{StatusRejected, "Avslagen", "Rejected"}, PhaseEnded},
}

// Phases with labels.
var Phases = Vocabulary{
	{PhasePipeline, "Möjligheter", "Pipeline"},
	{PhaseRunning, "Pågående samverkan", "Running"},
	{PhaseEnded, "Avslutade", "Ended"},
}

// FindStatus returns the status with the given code.
func FindStatus(code string) (Status, bool) {
	for _, s := range Statuses {
		if s.Code == code {
			return s, true
		}
	}
	return Status{}, false
}

// StatusTerms returns the statuses as a vocabulary.
func StatusTerms() Vocabulary {
	v := make(Vocabulary, len(Statuses))
	for i, s := range Statuses {
		v[i] = s.Term
	}
	return v
}

// StatusesInPhase returns the codes of the statuses in a phase.
func StatusesInPhase(phase string) []string {
	var out []string
	for _, s := range Statuses {
		if s.Phase == phase {
			out = append(out, s.Code)
		}
	}
	return out
}

// PhaseOf returns the phase of a status code ("" when unknown).
func PhaseOf(status string) string {
	s, _ := FindStatus(status)
	return s.Phase
}
