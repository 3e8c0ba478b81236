package samverkan

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Meetings of a network: the yearly assembly (stormöte), the steering
// group, the work groups. A network decides nothing itself (domain.md
// a.3); what a meeting agrees is recorded as its decisions, each linked to
// the collaboration it concerns, if any.

// Meeting kinds.
const (
	MeetingAssembly  = "stormote"
	MeetingSteering  = "styrgrupp"
	MeetingWorkGroup = "arbetsgrupp"
	MeetingOther     = "annat"
)

// MeetingKinds lists the kinds of meeting.
var MeetingKinds = Vocabulary{
	{MeetingAssembly, "Stormöte", "Assembly"},
	{MeetingSteering, "Styrgruppsmöte", "Steering group meeting"},
	{MeetingWorkGroup, "Arbetsgruppsmöte", "Work group meeting"},
	{MeetingOther, "Annat möte", "Other meeting"},
}

// MaxSteeringRows bounds each list of a meeting, work group or advocacy
// issue: decisions, members, linked collaborations, actions, documents.
const MaxSteeringRows = 200

// Meeting is one meeting of a network. It may span days (Start–End).
type Meeting struct {
	ID      int64  `json:"id"`
	Network string `json:"network"` // slug
	Kind    string `json:"kind"`    // see MeetingKinds
	Title   string `json:"title"`
	// WorkGroupID is the work group that met; null for the network's
	// own meetings.
	WorkGroupID *int64 `json:"work_group_id"`
	// WorkGroupName names that group, filled on read.
	WorkGroupName string `json:"work_group_name,omitempty"`
	Start         Date   `json:"start"`
	// End is the last day of a meeting over several days; null for one
	// day.
	End   Date   `json:"end"`
	Place string `json:"place"`
	// Host is the host municipality's code: a member of the network.
	Host string `json:"host"`
	// Attendance says who came, in words ("omkring 70 förtroendevalda och
	// tjänstepersoner"): no names.
	Attendance string            `json:"attendance"`
	AgendaURL  string            `json:"agenda_url"`
	MinutesURL string            `json:"minutes_url"`
	Notes      string            `json:"notes"`
	Decisions  []MeetingDecision `json:"decisions"`
	Source     string            `json:"source"`
	Version    int               `json:"version"`
	Created    time.Time         `json:"created"`
	Updated    time.Time         `json:"updated"`
}

// MeetingDecision is what a meeting agreed, linked to the collaboration it
// concerns when it concerns one.
type MeetingDecision struct {
	Text            string `json:"text"`
	CollaborationID *int64 `json:"collaboration_id"`
	// CollaborationTitle is filled on read; empty when the collaboration
	// has since been deleted.
	CollaborationTitle string `json:"collaboration_title,omitempty"`
}

// Year is the year the meeting starts, or 0 when its date is unknown.
func (m *Meeting) Year() int { return m.Start.Year() }

// LastDay is the last day of the meeting: End, or Start for one day.
func (m *Meeting) LastDay() Date {
	if m.End.IsZero() {
		return m.Start
	}
	return m.End
}

// Normalize trims the texts, drops an End equal to Start and makes the
// decisions an empty list rather than absent.
func (m *Meeting) Normalize() {
	for _, s := range []*string{&m.Network, &m.Kind, &m.Title, &m.Place, &m.Host, &m.Attendance, &m.AgendaURL,
		&m.MinutesURL, &m.Notes, &m.Source} {
		*s = strings.TrimSpace(*s)
	}
	if !m.End.IsZero() && m.End.String() == m.Start.String() {
		m.End = Date{}
	}
	for i := range m.Decisions {
		m.Decisions[i].Text = strings.TrimSpace(m.Decisions[i].Text)
	}
	if m.Decisions == nil {
		m.Decisions = []MeetingDecision{}
	}
}

// Validate checks the meeting against its network: the host must be a
// member (now or earlier). The store checks that the linked work group
// and collaborations exist and belong to the network.
func (m *Meeting) Validate(n *Network, cat *Catalog) error {
	var v Validation
	if !MeetingKinds.Has(m.Kind) {
		v.Add("kind", "unknown_meeting_kind", m.Kind)
	}
	checkText(&v, "title", m.Title, MaxTitle, true)
	if m.Start.IsZero() {
		v.Add("start", "required")
	}
	checkDates(&v, "start", m.Start, "end", m.End)
	checkText(&v, "place", m.Place, MaxShortText, false)
	checkMember(&v, "host", m.Host, n, cat)
	checkText(&v, "attendance", m.Attendance, MaxShortText, false)
	checkText(&v, "agenda_url", m.AgendaURL, MaxShortText, false)
	checkURL(&v, "agenda_url", m.AgendaURL)
	checkText(&v, "minutes_url", m.MinutesURL, MaxShortText, false)
	checkURL(&v, "minutes_url", m.MinutesURL)
	checkParagraph(&v, "notes", m.Notes, MaxDescription, false)
	checkParagraph(&v, "source", m.Source, MaxDescription, false)
	if m.WorkGroupID != nil && *m.WorkGroupID < 1 {
		v.Add("work_group_id", "unknown_work_group", *m.WorkGroupID)
	}
	if checkList(&v, "decisions", len(m.Decisions), MaxSteeringRows) {
		for i, d := range m.Decisions {
			f := fmt.Sprintf("decisions[%d]", i)
			checkParagraph(&v, f+".text", d.Text, MaxDescription, true)
			if d.CollaborationID != nil && *d.CollaborationID < 1 {
				v.Add(f+".collaboration_id", "unknown_collaboration", *d.CollaborationID)
			}
		}
	}
	return v.Err()
}

// checkMember reports a municipality code that is not a member of n, now
// or earlier; "" passes.
func checkMember(v *Validation, field, code string, n *Network, cat *Catalog) {
	if code == "" {
		return
	}
	mu, ok := cat.Municipality(code)
	if !ok {
		v.Add(field, "unknown_municipality", code)
		return
	}
	for _, m := range n.Members {
		if m.Code == code {
			return
		}
	}
	v.Add(field, "not_member", mu.Name)
}

// MeetingRotation returns who hosts and who chairs network n in year, by
// its rotation (Network.Hosts); "" where the rotation says nothing.
func MeetingRotation(n *Network, year int) (host, chair string) {
	for _, h := range n.Hosts {
		if h.Year != year {
			continue
		}
		switch h.Role {
		case "vard":
			host = h.Code
		case "ordforande":
			chair = h.Code
		case "vard_ordforande":
			host, chair = h.Code, h.Code
		}
	}
	return host, chair
}

// MeetingStore keeps a network's meetings. Stores that can implement it
// next to Store; writes are versioned and audited as entity "meeting".
type MeetingStore interface {
	// MeetingsByNetwork returns the network's meetings starting in year
	// (every year when year is 0), newest first; ENOTFOUND when the
	// network does not exist.
	MeetingsByNetwork(ctx context.Context, slug string, year int) ([]Meeting, error)
	MeetingByID(ctx context.Context, id int64) (*Meeting, error)
	// CreateMeeting validates m against its network (m.Network) and
	// inserts it, setting ID, Version, Created and Updated.
	CreateMeeting(ctx context.Context, m *Meeting) error
	// UpdateMeeting writes m if m.Version is current; the network is
	// taken from the stored row.
	UpdateMeeting(ctx context.Context, m *Meeting) error
	DeleteMeeting(ctx context.Context, id int64, version int) error
	RestoreMeeting(ctx context.Context, id, auditID int64, version int) (*Meeting, error)
}
