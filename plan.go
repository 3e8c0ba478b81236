package samverkan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The long-term plan (långsiktig plan) of a network: prioritised areas in
// rank order, each with goals, the purposes it serves, activities and the
// collaborations and ideas that carry it out. A network can have several
// plans over time; one of them is current.

// Activity statuses.
const (
	ActivityPlanned   = "planerad"
	ActivityRunning   = "pagar"
	ActivityDone      = "klar"
	ActivityCancelled = "installd"
)

// ActivityStatuses label an activity's status.
var ActivityStatuses = Vocabulary{
	{ActivityPlanned, "Planerad", "Planned"},
	{ActivityRunning, "Pågår", "In progress"},
	{ActivityDone, "Klar", "Done"},
	{ActivityCancelled, "Inställd", "Cancelled"},
}

// NetworkPlan is one long-term plan of a network.
type NetworkPlan struct {
	ID      int64  `json:"id"`
	Network string `json:"network"` // slug
	Title   string `json:"title"`
	// FromYear and ToYear are the plan period (0 when not stated).
	FromYear int  `json:"from_year"`
	ToYear   int  `json:"to_year"`
	Current  bool `json:"current"`
	// Note says what the plan is based on, e.g. that the source names no
	// priorities yet.
	Note       string     `json:"note"`
	Example    bool       `json:"example"`
	Priorities []Priority `json:"priorities"`
	Version    int        `json:"version"`
	Created    time.Time  `json:"created"`
	Updated    time.Time  `json:"updated"`
}

// Priority is one prioritised area; its rank is its place in the plan's
// list (1 is the highest).
type Priority struct {
	// ID identifies the priority within its plan; the store numbers new
	// ones (0) when it writes the plan.
	ID    int    `json:"id"`
	Title string `json:"title"`
	Goals string `json:"goals"`
	// Purposes are texts of the network's declared purposes it serves.
	Purposes   []string   `json:"purposes"`
	Activities []Activity `json:"activities"`
	// Collaborations are the ids of the network's collaborations and ideas
	// that carry the priority out.
	Collaborations []int64 `json:"collaborations"`
}

// Activity is one thing to do for a priority.
type Activity struct {
	// ID identifies the activity within its plan; the store numbers new
	// ones (0).
	ID    int    `json:"id"`
	Title string `json:"title"`
	// Responsible is a function ("samverkanssamordnare"), never a person.
	Responsible string `json:"responsible"`
	Due         Date   `json:"due"`
	Status      string `json:"status"`
}

// Limits of a plan.
const (
	MaxPriorities  = 50
	MaxActivities  = 100 // per priority
	MaxPlanLinks   = 500 // collaborations per priority
	MaxPurposeRefs = MaxPurposes
)

// Normalize trims the plan's texts, fills defaults and makes lists empty
// rather than absent.
func (p *NetworkPlan) Normalize() {
	p.Title = strings.TrimSpace(p.Title)
	p.Note = strings.TrimSpace(p.Note)
	if p.Priorities == nil {
		p.Priorities = []Priority{}
	}
	for i := range p.Priorities {
		pr := &p.Priorities[i]
		pr.Title = strings.TrimSpace(pr.Title)
		pr.Goals = strings.TrimSpace(pr.Goals)
		pr.Purposes = dedupe(pr.Purposes)
		if pr.Purposes == nil {
			pr.Purposes = []string{}
		}
		if pr.Activities == nil {
			pr.Activities = []Activity{}
		}
		if pr.Collaborations == nil {
			pr.Collaborations = []int64{}
		}
		for j := range pr.Activities {
			a := &pr.Activities[j]
			a.Title = strings.TrimSpace(a.Title)
			a.Responsible = strings.TrimSpace(a.Responsible)
			if a.Status == "" {
				a.Status = ActivityPlanned
			}
		}
	}
}

// Validate checks a plan against its network: every purpose must be one
// the network declares, and every linked collaboration one of inNetwork
// (the ids of the network's collaborations).
func (p *NetworkPlan) Validate(n *Network, inNetwork func(id int64) bool) error {
	var v Validation
	checkText(&v, "title", p.Title, MaxTitle, true)
	checkParagraph(&v, "note", p.Note, MaxDescription, false)
	for _, y := range []struct {
		f string
		y int
	}{{"from_year", p.FromYear}, {"to_year", p.ToYear}} {
		if y.y != 0 && (y.y < MinYear || y.y > MaxYear) {
			v.Add(y.f, "invalid_year")
		}
	}
	if p.FromYear != 0 && p.ToYear != 0 && p.ToYear < p.FromYear {
		v.Add("to_year", "period_reversed")
	}
	purposes := n.PurposeTexts()
	if !checkList(&v, "priorities", len(p.Priorities), MaxPriorities) {
		return v.Err()
	}
	for i, pr := range p.Priorities {
		f := fmt.Sprintf("priorities[%d]", i)
		checkText(&v, f+".title", pr.Title, MaxTitle, true)
		checkParagraph(&v, f+".goals", pr.Goals, MaxDescription, false)
		if checkList(&v, f+".purposes", len(pr.Purposes), MaxPurposeRefs) {
			for j, pu := range pr.Purposes {
				if !slices.Contains(purposes, pu) {
					v.Add(fmt.Sprintf("%s.purposes[%d]", f, j), "unknown_network_purpose", pu)
				}
			}
		}
		if checkList(&v, f+".activities", len(pr.Activities), MaxActivities) {
			for j, a := range pr.Activities {
				af := fmt.Sprintf("%s.activities[%d]", f, j)
				checkText(&v, af+".title", a.Title, MaxTitle, true)
				checkText(&v, af+".responsible", a.Responsible, MaxShortText, false)
				checkDate(&v, af+".due", a.Due)
				if !ActivityStatuses.Has(a.Status) {
					v.Add(af+".status", "unknown_activity_status", a.Status)
				}
			}
		}
		if checkList(&v, f+".collaborations", len(pr.Collaborations), MaxPlanLinks) {
			seen := map[int64]bool{}
			for j, id := range pr.Collaborations {
				cf := fmt.Sprintf("%s.collaborations[%d]", f, j)
				switch {
				case seen[id]:
					v.Add(cf, "duplicate_link", id)
				case inNetwork != nil && !inNetwork(id):
					v.Add(cf, "not_in_network", id)
				}
				seen[id] = true
			}
		}
	}
	return v.Err()
}

// Number gives every priority and activity that has no id yet (0) the
// next free one, so that links to them (an activity's own route) stay
// stable when the plan is rewritten.
func (p *NetworkPlan) Number() {
	maxP, maxA := 0, 0
	for _, pr := range p.Priorities {
		maxP = max(maxP, pr.ID)
		for _, a := range pr.Activities {
			maxA = max(maxA, a.ID)
		}
	}
	for i := range p.Priorities {
		pr := &p.Priorities[i]
		if pr.ID <= 0 {
			maxP++
			pr.ID = maxP
		}
		for j := range pr.Activities {
			if pr.Activities[j].ID <= 0 {
				maxA++
				pr.Activities[j].ID = maxA
			}
		}
	}
}

// FindActivity returns the activity with id and the index of its priority.
func (p *NetworkPlan) FindActivity(id int) (pri, act int, ok bool) {
	for i, pr := range p.Priorities {
		for j, a := range pr.Activities {
			if a.ID == id {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// Progress is how far a priority or a plan has come: Done of Total items.
// Unknown (Total 0) is not zero: nothing has been planned to measure by.
type Progress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
	// Percent is Done/Total rounded down to whole per cent; null when
	// Total is 0.
	Percent *int `json:"percent"`
	// Activities done of activities counted, and linked collaborations
	// running (or ended) of those counted.
	ActivitiesDone      int `json:"activities_done"`
	Activities          int `json:"activities"`
	CollaborationsDone  int `json:"collaborations_done"`
	Collaborations      int `json:"collaborations"`
	CollaborationsIdeas int `json:"collaborations_in_pipeline"`
}

func (pg *Progress) add(o Progress) {
	pg.ActivitiesDone += o.ActivitiesDone
	pg.Activities += o.Activities
	pg.CollaborationsDone += o.CollaborationsDone
	pg.Collaborations += o.Collaborations
	pg.CollaborationsIdeas += o.CollaborationsIdeas
	pg.finish()
}

func (pg *Progress) finish() {
	pg.Done = pg.ActivitiesDone + pg.CollaborationsDone
	pg.Total = pg.Activities + pg.Collaborations
	pg.Percent = nil
	if pg.Total > 0 {
		p := pg.Done * 100 / pg.Total
		pg.Percent = &p
	}
}

// PriorityProgress computes a priority's progress from its activities and
// linked collaborations; it is never typed in. The rule:
//   - every activity counts except a cancelled one; a done one is done;
//   - every linked collaboration counts except a rejected idea or one that
//     no longer exists; it is done once it runs, and stays done when it has
//     ended (the priority was carried out); one still in the pipeline
//     (idea to decided) is planned, not done.
//
// status gives the status of a linked collaboration ("" when it does not
// exist).
func PriorityProgress(pr Priority, status func(id int64) string) Progress {
	var pg Progress
	for _, a := range pr.Activities {
		if a.Status == ActivityCancelled {
			continue
		}
		pg.Activities++
		if a.Status == ActivityDone {
			pg.ActivitiesDone++
		}
	}
	for _, id := range pr.Collaborations {
		st := status(id)
		if st == "" || st == StatusRejected {
			continue
		}
		pg.Collaborations++
		if PhaseOf(st) == PhasePipeline {
			pg.CollaborationsIdeas++
		} else {
			pg.CollaborationsDone++
		}
	}
	pg.finish()
	return pg
}

// PlanProgress is the plan's progress, the sum over its priorities'
// items (each activity and link weighs the same), and each priority's.
func PlanProgress(p *NetworkPlan, status func(id int64) string) (total Progress, per []Progress) {
	per = make([]Progress, len(p.Priorities))
	for i, pr := range p.Priorities {
		per[i] = PriorityProgress(pr, status)
		total.add(per[i])
	}
	total.finish()
	return total, per
}

// LinkedIDs returns every collaboration id the plan links, once.
func (p *NetworkPlan) LinkedIDs() []int64 {
	var out []int64
	for _, pr := range p.Priorities {
		for _, id := range pr.Collaborations {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// Covers reports whether the plan's period covers year; a plan without a
// stated period covers every year.
func (p *NetworkPlan) Covers(year int) bool {
	return (p.FromYear == 0 || p.FromYear <= year) && (p.ToYear == 0 || year <= p.ToYear)
}

// PlanStore keeps the networks' plans. Stores that can implement it next
// to Store.
type PlanStore interface {
	// Plans returns the network's plans, current first, then newest first.
	Plans(ctx context.Context, network string) ([]*NetworkPlan, error)
	// PlanByID returns one plan (ENOTFOUND if none).
	PlanByID(ctx context.Context, id int64) (*NetworkPlan, error)
	// CurrentPlan returns the network's current plan (ENOTFOUND if none).
	CurrentPlan(ctx context.Context, network string) (*NetworkPlan, error)
	// SavePlan creates (ID 0) or updates (Version current) a plan after
	// validating it against its network. A plan saved as current makes
	// the network's other plans not current.
	SavePlan(ctx context.Context, p *NetworkPlan) error
	// CollaborationStatuses returns the status of each of ids that exists.
	CollaborationStatuses(ctx context.Context, ids []int64) (map[int64]string, error)
}
