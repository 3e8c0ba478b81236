package samverkan

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// CollaborationRef is the little of a collaboration that lists, plans,
// follow-ups and reports need: read in one query, without child rows.
type CollaborationRef struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	LegalForm string `json:"legal_form"`
	Start     Date   `json:"start"`
	End       Date   `json:"end"`
}

// Ref returns c's reference.
func (c *Collaboration) Ref() CollaborationRef {
	return CollaborationRef{ID: c.ID, Title: c.Title, Status: c.Status, LegalForm: c.LegalForm, Start: c.Start, End: c.End}
}

// RefFilter selects collaboration references: those of a network, or
// those a municipality takes or took part in.
type RefFilter struct {
	Network      string
	Municipality string
}

// Ending is an agreement or a collaboration that ends on a date: a
// governing document's valid-to date, or the collaboration's end date.
type Ending struct {
	CollaborationRef
	On Date `json:"on"`
	// Document is the document's title (or type) that ends; "" when the
	// collaboration itself ends.
	Document string `json:"document"`
}

// StartItems is what waits for a user in their network or municipality,
// read at once for the start page (issue 16): the counts in full and the
// first few of each list, so a scope of hundreds of collaborations is not
// read row by row. Each part follows the same rule as the page's parts
// read one by one: PendingOnly decisions, FollowUpsDue, Endings,
// ReviewsDue and NextMeeting.
type StartItems struct {
	// Name is the network's name for a network scope.
	Name string
	// Pending are the oldest pending decisions (by created, id), at most
	// limit; PendingTotal counts them all.
	Pending      []DecisionItem
	PendingTotal int
	// FollowUps are last year's follow-ups due (the year before today's).
	FollowUps FollowUpsDueCount
	// Endings are the documents and collaborations ending within six
	// months of today (Endings with from today, to six months on).
	Endings []Ending
	// Reviews are the risk reviews due (ReviewsDue) of the scope's
	// networks, soonest first, at most limit; ReviewsTotal counts them
	// all. A municipality's are the networks' own risks and those of its
	// own collaborations.
	Reviews      []StartReview
	ReviewsTotal int
	// Next is the next meeting of the scope's networks (NextMeeting over
	// this year's and next year's, and last year's in January); nil when
	// none is coming.
	Next *StartMeeting
}

// StartReview is a risk whose review is due, with the network it is
// handled in.
type StartReview struct {
	ID                 int64
	Title              string
	Review             Date
	CollaborationID    *int64
	CollaborationTitle string
	Network            string // slug
	NetworkName        string
}

// StartMeeting is the next meeting on the start page, with its network.
type StartMeeting struct {
	ID          int64
	Network     string // slug
	NetworkName string
	Kind        string
	Title       string
	Start, End  Date
	Place       string
	Host        string
}

// SteeringStore is what the network's steering pages need of a store:
// plans, follow-ups, light references, what ends soon and restoring a
// network. sqldb.DB implements it next to Store.
type SteeringStore interface {
	PlanStore
	FollowUpStore
	// CollaborationRefs lists the references f selects, by title.
	CollaborationRefs(ctx context.Context, f RefFilter) ([]CollaborationRef, error)
	// Endings lists the documents and collaborations f selects that end
	// between from and to (both included), soonest first; only
	// collaborations that have not ended yet.
	Endings(ctx context.Context, f RefFilter, from, to Date) ([]Ending, error)
	// MemberNetworks returns the networks municipality code is a member
	// of on day on (it has not left before it), in Swedish name order.
	MemberNetworks(ctx context.Context, code string, on Date) ([]*Network, error)
	// StartItems reads what waits in a network or municipality (f names
	// one of them) on day today: what the personal start page shows.
	// ENOTFOUND when f names a network that does not exist.
	StartItems(ctx context.Context, f RefFilter, today Date, limit int) (*StartItems, error)
	// RestoreNetwork writes network slug back to the state audit event
	// auditID left it in, if version is current, through the normal
	// update; the restore is audited as action "restore".
	RestoreNetwork(ctx context.Context, slug string, auditID int64, version int) (*Network, error)
}

// Steering returns s as a SteeringStore, or an error saying it is not one.
func Steering(s Store) (SteeringStore, error) {
	ss, ok := s.(SteeringStore)
	if !ok {
		return nil, fmt.Errorf("samverkan: the store %T keeps no plans or follow-ups", s)
	}
	return ss, nil
}

// AnnualReport is a network's annual report (verksamhetsberättelse) of
// one year: who took part and hosted, how far the plan came, what the
// follow-ups say per purpose, what started and ended, what was decided.
type AnnualReport struct {
	Network string `json:"network"`
	Name    string `json:"name"`
	Year    int    `json:"year"`
	// Members are those that were members at some time during the year.
	Members []NetworkMember `json:"members"`
	Host    string          `json:"host"`  // code, "" when not recorded
	Chair   string          `json:"chair"` // code, "" when not recorded
	// Plan is the current plan if it covers the year, else the newest one
	// that does; null when none does.
	Plan             *NetworkPlan   `json:"plan"`
	PlanProgress     *Progress      `json:"plan_progress"`
	PriorityProgress []Progress     `json:"priority_progress"`
	Purposes         []string       `json:"purposes"`
	FollowUp         FollowUpRollup `json:"follow_up"`
	// Started and Ended are the collaborations whose start or end date
	// falls in the year.
	Started   []CollaborationRef `json:"started"`
	Ended     []CollaborationRef `json:"ended"`
	Decisions []DecisionItem     `json:"decisions"`
	// Risks are the risks and obstacles of the network and its
	// collaborations that are open (not closed), gravest first.
	Risks []ReportRisk `json:"risks"`
	// ClosedRisks counts the closed entries the report leaves out.
	ClosedRisks int `json:"closed_risks"`
	// Meetings are the meetings that started in the year, oldest first.
	Meetings []Meeting `json:"meetings"`
	// Advocacy are the issues still open, or acted on in the year.
	Advocacy []ReportAdvocacy `json:"advocacy"`
	// WorkGroups are the network's work groups as they are now, each with
	// its meetings in the year.
	WorkGroups []ReportWorkGroup `json:"work_groups"`
	// Titles names every collaboration the report refers to by id.
	Titles map[int64]string `json:"titles"`
}

// ReportRisk is a risk or obstacle in the annual report, with its grade.
type ReportRisk struct {
	RiskEntry
	// Score is likelihood × impact; null while either is unknown.
	Score *int `json:"score"`
	// Level grades the score (see RiskLevels); "" while it is unknown.
	Level string `json:"level"`
	// Overdue says the review date had passed, still open, at the end of
	// the year (or today, for the running year).
	Overdue bool `json:"overdue"`
}

// ReportAdvocacy is an advocacy issue in the annual report with the
// actions dated in the year.
type ReportAdvocacy struct {
	AdvocacyIssue
	YearActions []AdvocacyAction `json:"year_actions"`
}

// ReportWorkGroup is a work group in the annual report with how many
// times it met in the year.
type ReportWorkGroup struct {
	WorkGroup
	MeetingsInYear int `json:"meetings_in_year"`
}

// netLifeStore is what the report reads of a network's own life.
type netLifeStore interface {
	RiskStore
	MeetingStore
	WorkGroupStore
	AdvocacyStore
}

// BuildAnnualReport reads what the report of network slug for year needs
// from s and puts it together. Web and API both show this one report.
func BuildAnnualReport(ctx context.Context, s Store, slug string, year int) (*AnnualReport, error) {
	ss, err := Steering(s)
	if err != nil {
		return nil, err
	}
	n, err := s.NetworkBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	first, last := NewDate(year, 1, 1), NewDate(year, 12, 31)
	r := &AnnualReport{Network: n.Slug, Name: n.Name, Year: year, Members: []NetworkMember{},
		Purposes: n.PurposeTexts(), Started: []CollaborationRef{}, Ended: []CollaborationRef{},
		Decisions: []DecisionItem{}, Titles: map[int64]string{}, PriorityProgress: []Progress{},
		Risks: []ReportRisk{}, Meetings: []Meeting{}, Advocacy: []ReportAdvocacy{}, WorkGroups: []ReportWorkGroup{}}
	for _, m := range n.Members {
		if !m.Joined.After(last) && !m.Left.Before(first) {
			r.Members = append(r.Members, m)
		}
	}
	r.Host, r.Chair = n.HostOf(year)
	refs, err := ss.CollaborationRefs(ctx, RefFilter{Network: n.Slug})
	if err != nil {
		return nil, err
	}
	// Sized for the network's few hundred records: grown from empty, the
	// two maps were rehashed several times, a tenth of what the report
	// allocated besides its reads (issue 16).
	r.Titles = make(map[int64]string, len(refs))
	status := make(map[int64]string, len(refs))
	for _, c := range refs {
		r.Titles[c.ID] = c.Title
		status[c.ID] = c.Status
		if c.Start.Year() == year {
			r.Started = append(r.Started, c)
		}
		if c.End.Year() == year {
			r.Ended = append(r.Ended, c)
		}
	}
	plans, err := ss.Plans(ctx, n.Slug)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(plans, func(p *NetworkPlan) bool { return p.Covers(year) }); i >= 0 {
		r.Plan = plans[i]
		total, per := PlanProgress(r.Plan, func(id int64) string { return status[id] })
		r.PlanProgress, r.PriorityProgress = &total, per
	}
	fus, err := ss.FollowUpScores(ctx, RefFilter{Network: n.Slug}, year)
	if err != nil {
		return nil, err
	}
	r.FollowUp = RollUp(r.Purposes, year, refs, fus)
	ds, err := s.FindDecisions(ctx, DecisionFilter{Network: n.Slug, DecidedFrom: first, DecidedTo: last})
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if !d.Pending() && d.Date.Year() == year {
			r.Decisions = append(r.Decisions, d)
		}
	}
	if err := r.addLife(ctx, s, n.Slug, year); err != nil {
		return nil, err
	}
	return r, nil
}

// addLife adds the network's risks, meetings, advocacy and work groups of
// the year to r.
func (r *AnnualReport) addLife(ctx context.Context, s Store, slug string, year int) error {
	ls, ok := s.(netLifeStore)
	if !ok {
		return fmt.Errorf("samverkan: the store %T keeps no risks, meetings, work groups or advocacy", s)
	}
	// Overdue is judged at the end of the year, or today while it runs.
	asOf := NewDate(year, 12, 31)
	if t := Today(); t.Before(asOf) {
		asOf = t
	}
	rs, err := ls.RisksByNetwork(ctx, slug)
	if err != nil {
		return err
	}
	for _, e := range rs {
		if e.Closed() {
			r.ClosedRisks++
			continue
		}
		rr := ReportRisk{RiskEntry: e, Level: e.Level(), Overdue: !e.Review.IsZero() && e.Review.Before(asOf)}
		if sc, ok := e.Score(); ok {
			rr.Score = &sc
		}
		r.Risks = append(r.Risks, rr)
	}
	ms, err := ls.MeetingsByNetwork(ctx, slug, year)
	if err != nil {
		return err
	}
	met := map[int64]int{}
	for i := len(ms) - 1; i >= 0; i-- { // the store gives newest first
		r.Meetings = append(r.Meetings, ms[i])
		if g := ms[i].WorkGroupID; g != nil {
			met[*g]++
		}
	}
	as, err := ls.AdvocacyByNetwork(ctx, slug)
	if err != nil {
		return err
	}
	for _, a := range as {
		acts := a.ActionsIn(year)
		if a.Status == "avslutad" && len(acts) == 0 {
			continue
		}
		if acts == nil {
			acts = []AdvocacyAction{}
		}
		r.Advocacy = append(r.Advocacy, ReportAdvocacy{AdvocacyIssue: a, YearActions: acts})
	}
	gs, err := ls.WorkGroupsByNetwork(ctx, slug)
	if err != nil {
		return err
	}
	for _, g := range gs {
		r.WorkGroups = append(r.WorkGroups, ReportWorkGroup{WorkGroup: g, MeetingsInYear: met[g.ID]})
	}
	return nil
}

// RiskReviewLeadDays is how far ahead a person's start page warns of a
// risk review: reviews due within it are shown beside the overdue ones,
// so there is time to call the meeting that reviews them.
const RiskReviewLeadDays = 30

// ReviewsDue returns the open entries of rs whose review date has passed
// or falls within RiskReviewLeadDays of today, soonest first. Entries
// without a review date are never due.
func ReviewsDue(rs []RiskEntry, today Date) []RiskEntry {
	until := DateOf(today.Time().AddDate(0, 0, RiskReviewLeadDays))
	var out []RiskEntry
	for _, r := range rs {
		if !r.Closed() && !r.Review.IsZero() && !r.Review.After(until) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b RiskEntry) int {
		if c := strings.Compare(a.Review.String(), b.Review.String()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// NextMeeting returns the meeting of ms that comes next: the one that has
// not ended by today and starts first; nil when none is coming.
func NextMeeting(ms []Meeting, today Date) *Meeting {
	var next *Meeting
	for i := range ms {
		m := &ms[i]
		if m.Start.IsZero() || m.LastDay().Before(today) {
			continue
		}
		if next == nil || m.Start.Before(next.Start) {
			next = m
		}
	}
	return next
}
