package samverkan

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Reminders: which deadlines a collaboration, a decision, a risk, a
// follow-up or a meeting sets, and which of them are due for a person's
// digest. The rules live here so that the e-mail digest, the calendar
// feeds, the settings page and the API agree.

// Kinds of reminder a person can choose.
const (
	ReminderAgreementEnd = "avtal-slut"  // an agreement's valid-to date
	ReminderNotice       = "uppsagning"  // the last day to give notice: valid-to minus the notice period
	ReminderDecision     = "beslut"      // a decision pending longer than the chosen number of days
	ReminderFollowUp     = "uppfoljning" // a collaboration's yearly follow-up
	ReminderRiskReview   = "riskoversyn" // a risk's review date
	ReminderMeeting      = "mote"        // the network's next meeting
)

// ReminderKinds lists the kinds in the order pages show them.
var ReminderKinds = Vocabulary{
	{ReminderNotice, "Sista dag att säga upp avtal", "Last day to give notice on agreements"},
	{ReminderAgreementEnd, "Avtal som löper ut", "Agreements ending"},
	{ReminderDecision, "Beslut som väntar", "Decisions pending"},
	{ReminderFollowUp, "Uppföljningar att göra", "Follow-ups due"},
	{ReminderRiskReview, "Risker att se över", "Risk reviews due"},
	{ReminderMeeting, "Nästa möte", "Next meeting"},
}

// Limits and defaults of the settings.
const (
	DefaultLeadDays     = 30
	MaxLeadDays         = 365
	DefaultDecisionDays = 60
	MaxDecisionDays     = 730
)

// FollowUpDueMonth and FollowUpDueDay place the deadline for following up
// year Y: 31 March of Y+1. The law sets no date; this is the product's
// default, chosen so the follow-up is ready before the annual report
// (verksamhetsberättelse) that networks adopt in the spring.
const (
	FollowUpDueMonth = time.March
	FollowUpDueDay   = 31
)

// ReminderSettings is what one person wants to be reminded of.
type ReminderSettings struct {
	UserID int64 `json:"-"`
	// Kinds are codes of ReminderKinds; none means no reminders.
	Kinds []string `json:"kinds"`
	// Networks (slugs) and Municipalities (codes) whose deadlines count.
	Networks       []string `json:"networks"`
	Municipalities []string `json:"municipalities"`
	// LeadDays is how many days before a deadline it is reminded of.
	LeadDays int `json:"lead_days"`
	// DecisionDays is how long a decision may wait before it is reminded of.
	DecisionDays int `json:"decision_days"`
	// SendEmail turns the e-mail digest on.
	SendEmail bool `json:"email"`
	// Address is the account's e-mail, filled for the digest only.
	Address string `json:"-"`
	// Language of the e-mail: "sv" or "en".
	Language string `json:"language"`
	// UnsubscribeToken is written into each e-mail's unsubscribe link;
	// personal, never shown in exports or the API.
	UnsubscribeToken string    `json:"-"`
	Version          int       `json:"version"`
	Updated          time.Time `json:"updated,omitzero"`
}

// DefaultReminderSettings is what a person has before choosing anything:
// no kinds, so nothing is sent until they ask for it.
func DefaultReminderSettings(userID int64) ReminderSettings {
	return ReminderSettings{UserID: userID, Kinds: []string{}, Networks: []string{}, Municipalities: []string{},
		LeadDays: DefaultLeadDays, DecisionDays: DefaultDecisionDays, Language: "sv"}
}

// Wants reports whether kind is chosen.
func (s *ReminderSettings) Wants(kind string) bool { return slices.Contains(s.Kinds, kind) }

// Normalize sorts and deduplicates the lists and trims them.
func (s *ReminderSettings) Normalize() {
	for _, l := range []*[]string{&s.Kinds, &s.Networks, &s.Municipalities} {
		out := []string{}
		for _, x := range *l {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		slices.Sort(out)
		*l = slices.Compact(out)
	}
	if s.Language == "" {
		s.Language = "sv"
	}
}

// Validate checks the settings against the catalogue; the store checks
// that the networks exist.
func (s *ReminderSettings) Validate(cat *Catalog) error {
	var v Validation
	for i, k := range s.Kinds {
		if !ReminderKinds.Has(k) {
			v.Add(fmt.Sprintf("kinds[%d]", i), "unknown_reminder_kind", k)
		}
	}
	for i, m := range s.Municipalities {
		if _, ok := cat.Municipality(m); !ok {
			v.Add(fmt.Sprintf("municipalities[%d]", i), "unknown_municipality", m)
		}
	}
	if s.LeadDays < 0 || s.LeadDays > MaxLeadDays {
		v.Add("lead_days", "out_of_scale", 0, MaxLeadDays)
	}
	if s.DecisionDays < 1 || s.DecisionDays > MaxDecisionDays {
		v.Add("decision_days", "out_of_scale", 1, MaxDecisionDays)
	}
	if s.Language != "sv" && s.Language != "en" {
		v.Add("language", "unknown_language", s.Language)
	}
	return v.Err()
}

// Deadline is one dated thing someone may want to be reminded of.
type Deadline struct {
	// UID is stable across feed refreshes and reminders: the same record
	// and kind give the same UID, e.g. "uppsagning-12-0@samverkan".
	UID  string `json:"uid"`
	Kind string `json:"kind"`
	Day  Date   `json:"day"`
	// Start and End are set for a timed event (a meeting with a time);
	// Day alone makes an all-day event.
	Title string `json:"title"`
	// Detail is a longer line: the document, the body, the network.
	Detail string `json:"detail"`
	// Path is the page of the record, relative to the site root.
	Path            string   `json:"path"`
	Network         string   `json:"network,omitempty"`
	CollaborationID int64    `json:"collaboration_id,omitempty"`
	Municipalities  []string `json:"municipalities,omitempty"`
}

// Key names this reminder for the sent-log: the UID and the day, so a
// deadline that moves is reminded of again.
func (d Deadline) Key() string { return d.UID + "/" + d.Day.String() }

// uid builds a stable UID from the kind and the record's ids.
func uid(kind string, ids ...int64) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, id := range ids {
		b.WriteByte('-')
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteString("@samverkan")
	return b.String()
}

// NoticeDeadline is the last day notice can be given on d so that it ends
// at its valid-to date: valid-to minus the notice period, in calendar
// months (a month that lacks the day ends on its last day, so 31 May
// minus three months is 28 or 29 February). ok is false when the valid-to
// date or the notice period is unknown.
func NoticeDeadline(d Document) (day Date, ok bool) {
	if d.ValidTo.IsZero() || !d.ValidTo.Valid() || d.NoticeMonths == nil {
		return Date{}, false
	}
	t := d.ValidTo.Time()
	y, m := t.Year(), t.Month()-time.Month(*d.NoticeMonths)
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(t.Day(), last)), true
}

// CollaborationDeadlines are the agreement deadlines of c: each
// document's end and last day of notice, while c is not yet ended.
func CollaborationDeadlines(c *Collaboration) []Deadline {
	if PhaseOf(c.Status) == PhaseEnded {
		return nil
	}
	var out []Deadline
	codes := c.ParticipantCodes()
	path := "/samverkan/" + strconv.FormatInt(c.ID, 10)
	for i, d := range c.Documents {
		name := d.Title
		if name == "" {
			name = DocumentTypes.Label(d.Type, "sv")
		}
		if !d.ValidTo.IsZero() && d.ValidTo.Valid() {
			out = append(out, Deadline{UID: uid(ReminderAgreementEnd, c.ID, int64(i)), Kind: ReminderAgreementEnd,
				Day: d.ValidTo, Title: c.Title, Detail: name, Path: path, CollaborationID: c.ID, Municipalities: codes})
		}
		if day, ok := NoticeDeadline(d); ok {
			out = append(out, Deadline{UID: uid(ReminderNotice, c.ID, int64(i)), Kind: ReminderNotice,
				Day: day, Title: c.Title, Detail: name, Path: path, CollaborationID: c.ID, Municipalities: codes})
		}
	}
	return out
}

// DecisionDeadline is the day a pending decision has waited days days
// (counted from when it was registered), or its planned date when that
// comes first. ok is false for a decision that is not pending.
func DecisionDeadline(d DecisionItem, days int) (Deadline, bool) {
	if !d.Pending() {
		return Deadline{}, false
	}
	day := DateInSweden(d.Created).Time().AddDate(0, 0, days)
	due := DateOf(day)
	if !d.Date.IsZero() && d.Date.Valid() && d.Date.Before(due) {
		due = d.Date
	}
	return Deadline{UID: uid(ReminderDecision, d.ID), Kind: ReminderDecision, Day: due,
		Title: d.CollaborationTitle, Detail: d.BodyName, Path: "/samverkan/" + strconv.FormatInt(d.CollaborationID, 10),
		CollaborationID: d.CollaborationID, Municipalities: []string{d.Municipality}}, true
}

// RiskDeadline is an open risk's review date.
func RiskDeadline(r RiskEntry, network string) (Deadline, bool) {
	if r.Closed() || r.Review.IsZero() || !r.Review.Valid() {
		return Deadline{}, false
	}
	path := "/natverk/" + network + "/risker/" + strconv.FormatInt(r.ID, 10)
	var cid int64
	if r.CollaborationID != nil {
		cid = *r.CollaborationID
		path = "/samverkan/" + strconv.FormatInt(cid, 10) + "/risker/" + strconv.FormatInt(r.ID, 10)
	}
	return Deadline{UID: uid(ReminderRiskReview, r.ID), Kind: ReminderRiskReview, Day: r.Review, Title: r.Title,
		Detail: r.CollaborationTitle, Path: path, Network: network, CollaborationID: cid}, true
}

// MeetingDeadlines are the network's meetings from today on; the next one
// is what a person is reminded of, and a calendar shows them all.
func MeetingDeadlines(ms []Meeting, today Date) []Deadline {
	var out []Deadline
	for _, m := range ms {
		if m.Start.IsZero() || !m.Start.Valid() || m.LastDay().Before(today) {
			continue
		}
		out = append(out, Deadline{UID: uid(ReminderMeeting, m.ID), Kind: ReminderMeeting, Day: m.Start,
			Title: m.Title, Detail: m.Place, Path: "/natverk/" + m.Network + "/moten/" + strconv.FormatInt(m.ID, 10),
			Network: m.Network})
	}
	return out
}

// FollowUpDeadline is the day the follow-up of year is due for c
// (FollowUpDueMonth/Day of the next year), when c ran that year and has no
// follow-up yet.
func FollowUpDeadline(c CollaborationRef, year int, done bool) (Deadline, bool) {
	if done || !FollowUpDue(c, year) {
		return Deadline{}, false
	}
	return Deadline{UID: uid(ReminderFollowUp, c.ID, int64(year)), Kind: ReminderFollowUp,
		Day: NewDate(year+1, FollowUpDueMonth, FollowUpDueDay), Title: c.Title, Detail: strconv.Itoa(year),
		Path: "/samverkan/" + strconv.FormatInt(c.ID, 10) + "/uppfoljning/" + strconv.Itoa(year), CollaborationID: c.ID}, true
}

// DueReminders picks from ds what s asks to be reminded of on today: the
// chosen kinds whose day falls within the lead time (today up to today
// plus LeadDays), and what is already overdue but not yet reminded of.
// Only the next meeting counts. The result is sorted by day.
func DueReminders(ds []Deadline, s ReminderSettings, today Date) []Deadline {
	horizon := DateOf(today.Time().AddDate(0, 0, s.LeadDays))
	var out []Deadline
	var next *Deadline
	for _, d := range ds {
		if !s.Wants(d.Kind) || d.Day.After(horizon) {
			continue
		}
		if d.Kind == ReminderMeeting {
			if d.Day.Before(today) {
				continue
			}
			if next == nil || d.Day.Before(next.Day) {
				dd := d
				next = &dd
			}
			continue
		}
		out = append(out, d)
	}
	if next != nil {
		out = append(out, *next)
	}
	SortDeadlines(out)
	return out
}

// SortDeadlines orders by day, then kind and UID, so output is stable.
func SortDeadlines(ds []Deadline) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Day != b.Day {
			return a.Day.Before(b.Day)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.UID < b.UID
	})
}

// DedupDeadlines drops repeated UIDs (a collaboration in two chosen
// networks), keeping the first.
func DedupDeadlines(ds []Deadline) []Deadline {
	seen := map[string]bool{}
	out := ds[:0]
	for _, d := range ds {
		if !seen[d.UID] {
			seen[d.UID] = true
			out = append(out, d)
		}
	}
	return out
}

// FeedToken is a secret calendar feed: a person's own (UserID set) or a
// network's (Network set). The token itself is shown once; the store keeps
// its hash.
type FeedToken struct {
	ID        int64     `json:"id"`
	Prefix    string    `json:"prefix"`
	UserID    int64     `json:"-"`
	Network   string    `json:"network,omitempty"`
	CreatedBy int64     `json:"-"`
	Created   time.Time `json:"created"`
	Revoked   bool      `json:"revoked"`
	Hash      []byte    `json:"-"`
}

// ReminderStore keeps reminder settings, calendar feed tokens and the
// sent-log, and gathers deadlines. Stores that can implement it next to
// Store.
type ReminderStore interface {
	// ReminderSettings returns the person's settings, or the defaults
	// (Version 0) when they have chosen nothing yet.
	ReminderSettings(ctx context.Context, userID int64) (*ReminderSettings, error)
	// SaveReminderSettings validates s and writes it if s.Version is
	// current (0 for the first time); audited, setting Version and Updated.
	SaveReminderSettings(ctx context.Context, s *ReminderSettings) error
	// Unsubscribe turns e-mail off for the settings with this token;
	// ENOTFOUND for an unknown token. Audited.
	Unsubscribe(ctx context.Context, token string) error
	// ReminderSubscribers lists everyone who has e-mail on and some kind chosen.
	ReminderSubscribers(ctx context.Context) ([]ReminderSettings, error)
	// Deadlines gathers every deadline of the networks and municipalities
	// named, from today on and up to a year back (overdue ones).
	Deadlines(ctx context.Context, networks, municipalities []string, decisionDays int) ([]Deadline, error)
	// MarkReminderSent records that key was sent to userID; false when it
	// already was (by this or another instance).
	MarkReminderSent(ctx context.Context, userID int64, key string) (bool, error)
	// UnmarkReminderSent forgets a mark whose e-mail could not be sent.
	UnmarkReminderSent(ctx context.Context, userID int64, key string) error

	CreateFeedToken(ctx context.Context, f *FeedToken) error
	// FeedTokenByHash returns a feed by its token's hash, revoked or not.
	FeedTokenByHash(ctx context.Context, hash []byte) (*FeedToken, error)
	// FeedTokens lists a person's feeds (userID set) or a network's.
	FeedTokens(ctx context.Context, userID int64, network string) ([]FeedToken, error)
	// RevokeFeedToken revokes feed id if it belongs to userID (or to
	// network when userID is 0); audited.
	RevokeFeedToken(ctx context.Context, id, userID int64, network string) error
}
