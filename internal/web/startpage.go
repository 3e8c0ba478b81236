package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// The personal start page: what waits for a user in their network or
// municipality — decisions, follow-ups, risk reviews, agreements ending,
// the next meeting — shown above the overview of networks.

// startLimit is how many items each list of the start page shows.
const startLimit = 5

// startView is what waits for a user in their network or municipality.
type startView struct {
	Heading, Href string
	// Network is the network's slug for a network scope.
	Network string
	// Pending decisions: the oldest few and how many in all.
	Pending      []pendingItem
	PendingTotal int
	PendingHref  string
	// Follow-ups of the last year still missing.
	FollowYear     int
	FollowDue      int
	FollowMissing  []samverkan.CollaborationRef
	FollowMissingN int
	FollowHref     string
	// Agreements and collaborations ending within six months.
	Endings []samverkan.Ending
	// Risk reviews overdue or due within samverkan.RiskReviewLeadDays:
	// the soonest few and how many in all.
	Reviews  []reviewItem
	ReviewsN int
	LeadDays int
	// Next is the next meeting of the network (or of the municipality's
	// networks); nil when none is registered.
	Next *nextMeeting
}

// reviewItem is a risk whose review is due, with where it is handled.
type reviewItem struct {
	samverkan.RiskEntry
	Overdue     bool
	NetworkName string
	Href        string
}

// nextMeeting is a meeting on the start page with its network.
type nextMeeting struct {
	samverkan.Meeting
	NetworkName string
	Href        string
}

// startScope is the scope of the principal's first grant that has one:
// a coordinator's or reader's network, an editor's municipality. Admins
// have none: they look after everything.
func startScope(p *samverkan.Principal) (samverkan.RefFilter, bool) {
	if p.Anonymous() || p.IsAdmin() {
		return samverkan.RefFilter{}, false
	}
	for _, g := range p.User.Grants {
		switch {
		case g.Network != "":
			return samverkan.RefFilter{Network: g.Network}, true
		case g.Municipality != "":
			return samverkan.RefFilter{Municipality: g.Municipality}, true
		}
	}
	return samverkan.RefFilter{}, false
}

func (s *server) startView(r *http.Request) (*startView, error) {
	scope, ok := startScope(principal(r))
	if !ok {
		return nil, nil
	}
	ss, err := samverkan.Steering(s.store)
	if err != nil {
		return nil, nil // a store without steering keeps the plain overview
	}
	ctx := r.Context()
	lang := langOf(r)
	v := &startView{Network: scope.Network}
	df := samverkan.DecisionFilter{Network: scope.Network, Municipality: scope.Municipality, PendingOnly: true}
	var network *samverkan.Network
	if scope.Network != "" {
		n, err := s.store.NetworkBySlug(ctx, scope.Network)
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			return nil, nil // the grant names a network that is gone
		} else if err != nil {
			return nil, err
		}
		network = n
		v.Heading, v.Href = tr(lang, "start.heading", n.Name), "/natverk/"+n.Slug
		v.PendingHref = "/natverk/" + n.Slug + "/beslut"
	} else {
		m, ok := s.cat.Municipality(scope.Municipality)
		if !ok {
			return nil, nil
		}
		v.Heading, v.Href = tr(lang, "start.heading", m.Name), "/kommun/"+m.Code
		v.PendingHref = "/kommun/" + m.Code + "/beslut"
	}
	ds, err := s.store.FindDecisions(ctx, df)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if !d.Pending() {
			continue
		}
		v.PendingTotal++
		if len(v.Pending) < startLimit {
			v.Pending = append(v.Pending, pendingItem{DecisionItem: d, Age: days(lang, daysSince(d.Created)),
				Href: "/samverkan/" + strconv.FormatInt(d.CollaborationID, 10) + "#beslut"})
		}
	}
	now := today()
	v.FollowYear = now.Year() - 1
	// Two numbers and the first titles: counted by the store rather than
	// rolled up from every collaboration of the scope (issue 12).
	due, err := ss.FollowUpsDue(ctx, scope, v.FollowYear, startLimit)
	if err != nil {
		return nil, err
	}
	v.FollowDue, v.FollowMissingN, v.FollowMissing = due.Due, due.Missing, due.First
	// A municipality's risk reviews are those of its own collaborations.
	var byID map[int64]samverkan.CollaborationRef
	if scope.Municipality != "" {
		refs, err := ss.CollaborationRefs(ctx, scope)
		if err != nil {
			return nil, err
		}
		byID = make(map[int64]samverkan.CollaborationRef, len(refs))
		for _, c := range refs {
			byID[c.ID] = c
		}
	}
	if scope.Network != "" {
		v.FollowHref = "/natverk/" + scope.Network + "/uppfoljning?ar=" + strconv.Itoa(v.FollowYear)
	}
	until := samverkan.DateOf(now.Time().AddDate(0, 6, 0))
	if v.Endings, err = ss.Endings(ctx, scope, now, until); err != nil {
		return nil, err
	}
	if err := s.startLife(r, ss, v, scope, network, byID); err != nil {
		return nil, err
	}
	return v, nil
}

// startLife adds the risk reviews due and the next meeting: those of the
// network, or for a municipality those of the networks it is a member of
// (their own risks and the risks of collaborations it takes part in).
func (s *server) startLife(r *http.Request, ss samverkan.SteeringStore, v *startView, scope samverkan.RefFilter,
	network *samverkan.Network, mine map[int64]samverkan.CollaborationRef) error {
	ctx := r.Context()
	rs, okR := s.store.(samverkan.RiskStore)
	ms, okM := s.store.(samverkan.MeetingStore)
	if !okR || !okM {
		return nil // a store without the network's own life keeps the rest
	}
	now := today()
	var nets []*samverkan.Network
	if network != nil {
		nets = []*samverkan.Network{network} // read by startView
	} else {
		// Only the municipality's networks, not every network with its
		// members to pick them from.
		var err error
		if nets, err = ss.MemberNetworks(ctx, scope.Municipality, now); err != nil {
			return err
		}
	}
	v.LeadDays = samverkan.RiskReviewLeadDays
	var due []reviewItem
	var meetings []nextMeeting
	for _, n := range nets {
		risks, err := rs.RisksByNetwork(ctx, n.Slug)
		if err != nil {
			return err
		}
		if scope.Municipality != "" {
			// The network's own risks and those of the municipality's
			// collaborations; not other members' collaborations.
			risks = slices.DeleteFunc(risks, func(e samverkan.RiskEntry) bool {
				if e.CollaborationID == nil {
					return false
				}
				_, ok := mine[*e.CollaborationID]
				return !ok
			})
		}
		for _, e := range samverkan.ReviewsDue(risks, now) {
			href := "/natverk/" + n.Slug + "/risker"
			if e.CollaborationID != nil {
				href = "/samverkan/" + strconv.FormatInt(*e.CollaborationID, 10)
			}
			due = append(due, reviewItem{RiskEntry: e, Overdue: e.Overdue(now), NetworkName: n.Name, Href: href})
		}
		// This year's and next year's meetings (and last year's in
		// January, for one that runs over the new year): not every year's.
		var list []samverkan.Meeting
		from := now.Year()
		if now.Time().Month() == time.January {
			from--
		}
		for y := from; y <= now.Year()+1; y++ {
			ys, err := ms.MeetingsByNetwork(ctx, n.Slug, y)
			if err != nil {
				return err
			}
			list = append(list, ys...)
		}
		if m := samverkan.NextMeeting(list, now); m != nil {
			meetings = append(meetings, nextMeeting{Meeting: *m, NetworkName: n.Name,
				Href: "/natverk/" + n.Slug + "/moten#mote-" + strconv.FormatInt(m.ID, 10)})
		}
	}
	slices.SortStableFunc(due, func(a, b reviewItem) int { return strings.Compare(a.Review.String(), b.Review.String()) })
	v.ReviewsN = len(due)
	v.Reviews = due[:min(startLimit, len(due))]
	for i := range meetings {
		if v.Next == nil || meetings[i].Start.Before(v.Next.Start) {
			v.Next = &meetings[i]
		}
	}
	return nil
}
