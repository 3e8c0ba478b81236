package samverkan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The follow-up (uppföljning) of a collaboration, once a year: how much it
// contributes to each of its network's purposes, on a fixed scale with
// "not assessed" kept apart from a low score; its cost against its budget;
// free indicators; a narrative. A network rolls the year's follow-ups up
// per purpose, which is what it reports to its municipal directors.

// Contribution scores. NotAssessed is not a low score: nobody has judged.
const (
	NotAssessed        = 0
	ContributionNone   = 1
	ContributionWeak   = 2
	ContributionClear  = 3
	ContributionStrong = 4
	MaxContribution    = ContributionStrong
	FirstFollowUpYear  = 2000
	MaxIndicators      = 50
)

// Contributions label the scale.
var Contributions = Vocabulary{
	{"0", "Ej bedömt", "Not assessed"},
	{"1", "Inget bidrag", "No contribution"},
	{"2", "Svagt bidrag", "Weak contribution"},
	{"3", "Tydligt bidrag", "Clear contribution"},
	{"4", "Starkt bidrag", "Strong contribution"},
}

// FollowUp is one year's follow-up of one collaboration.
type FollowUp struct {
	CollaborationID int64               `json:"collaboration_id"`
	Year            int                 `json:"year"`
	Assessments     []PurposeAssessment `json:"assessments"`
	// Budget and Cost are the year's budget and actual cost in whole
	// kronor; null when unknown, never 0 for unknown.
	Budget     *int64      `json:"budget"`
	Cost       *int64      `json:"cost"`
	Indicators []Indicator `json:"indicators"`
	Narrative  string      `json:"narrative"`
	// Example marks demonstration values, not a real assessment.
	Example bool      `json:"example"`
	Version int       `json:"version"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// PurposeAssessment is the contribution to one purpose of the network,
// named by its text.
type PurposeAssessment struct {
	Purpose    string `json:"purpose"`
	Score      int    `json:"score"`
	Motivation string `json:"motivation"`
}

// Indicator is a free measure with its unit, value and target; either may
// be unknown (null).
type Indicator struct {
	Name   string   `json:"name"`
	Unit   string   `json:"unit"`
	Value  *float64 `json:"value"`
	Target *float64 `json:"target"`
}

// Normalize trims the texts and makes lists empty rather than absent.
func (f *FollowUp) Normalize() {
	f.Narrative = strings.TrimSpace(f.Narrative)
	if f.Assessments == nil {
		f.Assessments = []PurposeAssessment{}
	}
	if f.Indicators == nil {
		f.Indicators = []Indicator{}
	}
	for i := range f.Assessments {
		f.Assessments[i].Purpose = strings.TrimSpace(f.Assessments[i].Purpose)
		f.Assessments[i].Motivation = strings.TrimSpace(f.Assessments[i].Motivation)
	}
	for i := range f.Indicators {
		f.Indicators[i].Name = strings.TrimSpace(f.Indicators[i].Name)
		f.Indicators[i].Unit = strings.TrimSpace(f.Indicators[i].Unit)
	}
}

// Validate checks a follow-up against the purposes it may be assessed
// against: those of the collaboration's networks (FollowUpPurposes).
func (f *FollowUp) Validate(purposes []string) error {
	var v Validation
	if f.Year < FirstFollowUpYear || f.Year > MaxYear {
		v.Add("year", "year_not_followed", FirstFollowUpYear, MaxYear)
	}
	if checkList(&v, "assessments", len(f.Assessments), MaxPurposes) {
		seen := map[string]bool{}
		for i, a := range f.Assessments {
			af := fmt.Sprintf("assessments[%d]", i)
			checkText(&v, af+".purpose", a.Purpose, MaxShortText, true)
			switch {
			case v.Has(af + ".purpose"):
			case !slices.Contains(purposes, a.Purpose):
				v.Add(af+".purpose", "unknown_network_purpose", a.Purpose)
			case seen[a.Purpose]:
				v.Add(af+".purpose", "duplicate_purpose", a.Purpose)
			}
			seen[a.Purpose] = true
			if a.Score < NotAssessed || a.Score > MaxContribution {
				v.Add(af+".score", "unknown_contribution")
			}
			checkParagraph(&v, af+".motivation", a.Motivation, MaxShortText*2, false)
		}
	}
	if f.Budget != nil {
		checkAmount(&v, "budget", *f.Budget, false)
	}
	if f.Cost != nil {
		checkAmount(&v, "cost", *f.Cost, false)
	}
	if checkList(&v, "indicators", len(f.Indicators), MaxIndicators) {
		for i, in := range f.Indicators {
			inf := fmt.Sprintf("indicators[%d]", i)
			checkText(&v, inf+".name", in.Name, MaxShortText, true)
			checkText(&v, inf+".unit", in.Unit, MaxShortText, false)
			for _, x := range []struct {
				f string
				v *float64
			}{{".value", in.Value}, {".target", in.Target}} {
				if x.v != nil && (math.IsNaN(*x.v) || math.IsInf(*x.v, 0) || math.Abs(*x.v) > MaxAmount) {
					v.Add(inf+x.f, "not_a_finite_number")
				}
			}
		}
	}
	checkParagraph(&v, "narrative", f.Narrative, MaxDescription, false)
	return v.Err()
}

// Score returns the score given to purpose (NotAssessed when none).
func (f *FollowUp) Score(purpose string) int {
	for _, a := range f.Assessments {
		if a.Purpose == purpose {
			return a.Score
		}
	}
	return NotAssessed
}

// Deviation is the cost minus the budget; ok is false when either is
// unknown, which stays unknown rather than becoming 0.
func (f *FollowUp) Deviation() (kr int64, ok bool) {
	if f.Budget == nil || f.Cost == nil {
		return 0, false
	}
	return subAmounts(*f.Cost, *f.Budget), true
}

// FollowUpPurposes is what a collaboration is followed up against: the
// purposes of its networks, in the networks' order, each text once.
func FollowUpPurposes(nets []*Network) []string {
	var out []string
	for _, n := range nets {
		for _, t := range n.PurposeTexts() {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// FollowUpsDueCount is what FollowUpStore.FollowUpsDue counts: the same
// Due and len(Missing) as RollUp, and the first of Missing by title.
type FollowUpsDueCount struct {
	Due, Missing int
	First        []CollaborationRef
}

// FollowUpDue reports whether collaboration c should be followed up for
// year: it ran during the year. One that runs is due unless it starts
// after the year; one that has ended is due only when its end date is
// known and falls in or after the year (an ended collaboration whose end
// is unknown cannot be placed); ideas and rejected ones never are.
func FollowUpDue(c CollaborationRef, year int) bool {
	first, last := NewDate(year, 1, 1), NewDate(year, 12, 31)
	if c.Start.After(last) {
		return false
	}
	switch PhaseOf(c.Status) {
	case PhaseRunning:
		return !c.End.Before(first)
	case PhaseEnded:
		return c.Status != StatusRejected && !c.End.IsZero() && !c.End.Before(first)
	}
	return false
}

// PurposeRollup is one purpose over a network's follow-ups of a year.
type PurposeRollup struct {
	Purpose string `json:"purpose"`
	// Counts[s] is the number of follow-ups that gave score s; Counts[0]
	// also counts follow-ups that do not name the purpose.
	Counts [MaxContribution + 1]int `json:"counts"`
	// Assessed have a score of 1–4; Contributing 2–4; Strong 4.
	Assessed     int `json:"assessed"`
	Contributing int `json:"contributing"`
	Strong       int `json:"strong"`
	// Mean of the assessed scores, one decimal; null when none is
	// assessed (unknown, not zero).
	Mean *float64 `json:"mean"`
	// Weak are the collaborations that gave no or a weak contribution
	// (score 1 or 2): where the network's work for the purpose is thin.
	Weak []int64 `json:"weak"`
}

// FollowUpRollup is a network's follow-ups of one year rolled up.
type FollowUpRollup struct {
	Year     int             `json:"year"`
	Purposes []PurposeRollup `json:"purposes"`
	// Due are the collaborations that ran during the year, FollowedUp
	// those of them with a follow-up, Missing the rest.
	Due        int     `json:"due"`
	FollowedUp int     `json:"followed_up"`
	Missing    []int64 `json:"missing"`
	// Budget and Cost sum the follow-ups that state both, so the two
	// compare like with like; WithBudget counts them. Both are null when
	// none does: unknown, not 0 kr.
	Budget     *int64 `json:"budget"`
	Cost       *int64 `json:"cost"`
	WithBudget int    `json:"with_budget"`
}

// RollUp rolls the follow-ups of year up per purpose of the network, over
// the collaborations due that year (FollowUpDue). A follow-up of a
// collaboration that is not due (say, one that ended without a known date)
// still counts: someone followed it up.
func RollUp(purposes []string, year int, cs []CollaborationRef, fus []*FollowUp) FollowUpRollup {
	r := FollowUpRollup{Year: year, Missing: []int64{}, Purposes: make([]PurposeRollup, len(purposes))}
	byID := map[int64]*FollowUp{}
	for _, f := range fus {
		if f.Year == year {
			byID[f.CollaborationID] = f
		}
	}
	for _, c := range cs {
		if !FollowUpDue(c, year) {
			continue
		}
		r.Due++
		if byID[c.ID] == nil {
			r.Missing = append(r.Missing, c.ID)
		}
	}
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	r.FollowedUp = len(ids)
	for i, p := range purposes {
		pr := PurposeRollup{Purpose: p, Weak: []int64{}}
		sum := 0
		for _, id := range ids {
			s := byID[id].Score(p)
			pr.Counts[s]++
			if s >= ContributionNone {
				pr.Assessed++
				sum += s
			}
			if s >= ContributionWeak {
				pr.Contributing++
			}
			if s == ContributionStrong {
				pr.Strong++
			}
			if s == ContributionNone || s == ContributionWeak {
				pr.Weak = append(pr.Weak, id)
			}
		}
		if pr.Assessed > 0 {
			m := math.Round(float64(sum)/float64(pr.Assessed)*10) / 10
			pr.Mean = &m
		}
		r.Purposes[i] = pr
	}
	var budget, cost int64
	for _, id := range ids {
		f := byID[id]
		if f.Budget != nil && f.Cost != nil {
			budget = AddAmounts(budget, *f.Budget)
			cost = AddAmounts(cost, *f.Cost)
			r.WithBudget++
		}
	}
	if r.WithBudget > 0 {
		r.Budget, r.Cost = &budget, &cost
	}
	return r
}

// FollowUpStore keeps follow-ups. Stores that can implement it next to
// Store.
type FollowUpStore interface {
	// FollowUp returns a collaboration's follow-up of year (ENOTFOUND if
	// none).
	FollowUp(ctx context.Context, collaborationID int64, year int) (*FollowUp, error)
	// FollowUps returns a collaboration's follow-ups, newest year first.
	FollowUps(ctx context.Context, collaborationID int64) ([]*FollowUp, error)
	// ScopeFollowUps returns the follow-ups in the years given of the
	// collaborations f selects (a network's, or a municipality's).
	ScopeFollowUps(ctx context.Context, f RefFilter, years ...int) ([]*FollowUp, error)
	// FollowUpScores is ScopeFollowUps with only what RollUp reads and a
	// list of costs shows: collaboration, year, assessments, budget,
	// cost, example. The rest (indicators, narrative, version, times) is
	// left empty; the roll-up pages read it for every follow-up of a
	// network and need none of it.
	FollowUpScores(ctx context.Context, f RefFilter, years ...int) ([]*FollowUp, error)
	// FollowedUp returns the ids of the collaborations f selects that are
	// followed up for year: what a list of those still due needs, without
	// reading the assessments.
	FollowedUp(ctx context.Context, f RefFilter, year int) ([]int64, error)
	// FollowUpsDue counts the collaborations f selects that are due for
	// follow-up for year (FollowUpDue) and those of them not followed up,
	// and lists the first limit of the latter by title: a start page's
	// reminder without reading every collaboration of the scope.
	FollowUpsDue(ctx context.Context, f RefFilter, year, limit int) (FollowUpsDueCount, error)
	// SaveFollowUp creates (Version 0) or updates (Version current) it,
	// validated against the purposes of the collaboration's networks.
	SaveFollowUp(ctx context.Context, f *FollowUp) error
}
