package samverkan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Advocacy (påverkansfrågor): what a network's members press for together
// towards the region, the state, the EU or others, with what they have
// done about it and who stands behind it.

// AdvocacyTargets are whom an issue is directed at.
var AdvocacyTargets = Vocabulary{
	{"region", "Region", "Region"},
	{"stat", "Staten", "The state"},
	{"eu", "EU", "EU"},
	{"annan", "Annan", "Other"},
}

// AdvocacyStatuses is where an issue stands; empty when not stated.
var AdvocacyStatuses = Vocabulary{
	{"forbereds", "Förbereds", "In preparation"},
	{"pagar", "Pågår", "Ongoing"},
	{"vilande", "Vilande", "Dormant"},
	{"avslutad", "Avslutad", "Closed"},
}

// AdvocacyIssue is one advocacy issue of a network.
type AdvocacyIssue struct {
	ID          int64  `json:"id"`
	Network     string `json:"network"` // slug
	Title       string `json:"title"`   // the issue
	Description string `json:"description"`
	// Targets are codes of AdvocacyTargets; TargetNote names them more
	// closely ("Region Västerbotten", "Regeringskansliet").
	Targets    []string `json:"targets"`
	TargetNote string   `json:"target_note"`
	// Position is what the network wants; empty when not stated.
	Position string `json:"position"`
	Status   string `json:"status"`
	// Actions taken, dated.
	Actions   []AdvocacyAction   `json:"actions"`
	Documents []AdvocacyDocument `json:"documents"`
	// Supporters are the member municipalities that stand behind the
	// issue (codes); empty when the source names none.
	Supporters []string  `json:"supporters"`
	Source     string    `json:"source"`
	Version    int       `json:"version"`
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
}

// AdvocacyAction is one thing done about an issue: a letter, a meeting, a
// consultation response.
type AdvocacyAction struct {
	Date Date   `json:"date"`
	Text string `json:"text"`
	URL  string `json:"url"`
}

// AdvocacyDocument is a document of an issue: a position paper, a letter.
type AdvocacyDocument struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// ActionsIn returns the actions dated in year, oldest first as stored.
func (a *AdvocacyIssue) ActionsIn(year int) []AdvocacyAction {
	var out []AdvocacyAction
	for _, x := range a.Actions {
		if x.Date.Year() == year {
			out = append(out, x)
		}
	}
	return out
}

// Normalize trims the texts, drops repeated targets and supporters, orders
// the targets, and
// makes the lists empty rather than absent.
func (a *AdvocacyIssue) Normalize() {
	for _, s := range []*string{&a.Network, &a.Title, &a.Description, &a.TargetNote, &a.Position, &a.Status, &a.Source} {
		*s = strings.TrimSpace(*s)
	}
	for i := range a.Actions {
		a.Actions[i].Text = strings.TrimSpace(a.Actions[i].Text)
		a.Actions[i].URL = strings.TrimSpace(a.Actions[i].URL)
	}
	for i := range a.Documents {
		a.Documents[i].Title = strings.TrimSpace(a.Documents[i].Title)
		a.Documents[i].URL = strings.TrimSpace(a.Documents[i].URL)
	}
	a.Targets = dedupe(a.Targets)
	// In the vocabulary's order (unknown codes last), so that the same
	// targets read alike whatever order they were ticked in.
	slices.SortStableFunc(a.Targets, func(x, y string) int {
		pos := func(c string) int {
			if i := slices.IndexFunc(AdvocacyTargets, func(t Term) bool { return t.Code == c }); i >= 0 {
				return i
			}
			return len(AdvocacyTargets)
		}
		return pos(x) - pos(y)
	})
	a.Supporters = dedupe(a.Supporters)
	if a.Targets == nil {
		a.Targets = []string{}
	}
	if a.Supporters == nil {
		a.Supporters = []string{}
	}
	if a.Actions == nil {
		a.Actions = []AdvocacyAction{}
	}
	if a.Documents == nil {
		a.Documents = []AdvocacyDocument{}
	}
}

// Validate checks the issue against its network: supporters must be
// members of it (now or earlier).
func (a *AdvocacyIssue) Validate(n *Network, cat *Catalog) error {
	var v Validation
	checkText(&v, "title", a.Title, MaxTitle, true)
	checkParagraph(&v, "description", a.Description, MaxDescription, false)
	if checkList(&v, "targets", len(a.Targets), len(AdvocacyTargets)) {
		for i, t := range a.Targets {
			if !AdvocacyTargets.Has(t) {
				v.Add(fmt.Sprintf("targets[%d]", i), "unknown_advocacy_target", t)
			}
		}
	}
	checkText(&v, "target_note", a.TargetNote, MaxShortText, false)
	checkParagraph(&v, "position", a.Position, MaxDescription, false)
	if a.Status != "" && !AdvocacyStatuses.Has(a.Status) {
		v.Add("status", "unknown_advocacy_status", a.Status)
	}
	if checkList(&v, "actions", len(a.Actions), MaxSteeringRows) {
		for i, x := range a.Actions {
			f := fmt.Sprintf("actions[%d]", i)
			if x.Date.IsZero() {
				v.Add(f+".date", "required")
			}
			checkDate(&v, f+".date", x.Date)
			checkParagraph(&v, f+".text", x.Text, MaxDescription, true)
			checkText(&v, f+".url", x.URL, MaxShortText, false)
			checkURL(&v, f+".url", x.URL)
		}
	}
	if checkList(&v, "documents", len(a.Documents), MaxSteeringRows) {
		for i, d := range a.Documents {
			f := fmt.Sprintf("documents[%d]", i)
			checkText(&v, f+".title", d.Title, MaxTitle, true)
			checkText(&v, f+".url", d.URL, MaxShortText, false)
			checkURL(&v, f+".url", d.URL)
		}
	}
	if checkList(&v, "supporters", len(a.Supporters), MaxParticipants) {
		for i, code := range a.Supporters {
			checkMember(&v, fmt.Sprintf("supporters[%d]", i), code, n, cat)
		}
	}
	checkParagraph(&v, "source", a.Source, MaxDescription, false)
	return v.Err()
}

// AdvocacyStore keeps a network's advocacy issues. Stores that can
// implement it next to Store; writes are versioned and audited as entity
// "advocacy".
type AdvocacyStore interface {
	// AdvocacyByNetwork returns the network's issues by title (Swedish
	// order); ENOTFOUND when the network does not exist. A yearly report
	// takes each issue's ActionsIn(year).
	AdvocacyByNetwork(ctx context.Context, slug string) ([]AdvocacyIssue, error)
	AdvocacyIssueByID(ctx context.Context, id int64) (*AdvocacyIssue, error)
	CreateAdvocacyIssue(ctx context.Context, a *AdvocacyIssue) error
	UpdateAdvocacyIssue(ctx context.Context, a *AdvocacyIssue) error
	DeleteAdvocacyIssue(ctx context.Context, id int64, version int) error
	RestoreAdvocacyIssue(ctx context.Context, id, auditID int64, version int) (*AdvocacyIssue, error)
}
