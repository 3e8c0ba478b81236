package web

import (
	"net/http"
	"strconv"

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
	samverkan.StartReview
	Overdue bool
	Href    string
}

// nextMeeting is a meeting on the start page with its network.
type nextMeeting struct {
	samverkan.StartMeeting
	Href string
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
	lang := langOf(r)
	v := &startView{Network: scope.Network}
	if scope.Municipality != "" {
		m, ok := s.cat.Municipality(scope.Municipality)
		if !ok {
			return nil, nil
		}
		v.Heading, v.Href = tr(lang, "start.heading", m.Name), "/kommun/"+m.Code
		v.PendingHref = "/kommun/" + m.Code + "/beslut"
	}
	now := today()
	// One read for the whole start: counts and the first few of each list
	// rather than every row of the scope (issue 16).
	it, err := ss.StartItems(r.Context(), scope, now, startLimit)
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
		return nil, nil // the grant names a network that is gone
	} else if err != nil {
		return nil, err
	}
	if scope.Network != "" {
		v.Heading, v.Href = tr(lang, "start.heading", it.Name), "/natverk/"+scope.Network
		v.PendingHref = "/natverk/" + scope.Network + "/beslut"
		v.FollowHref = "/natverk/" + scope.Network + "/uppfoljning?ar=" + strconv.Itoa(now.Year()-1)
	}
	v.PendingTotal = it.PendingTotal
	v.Pending = make([]pendingItem, len(it.Pending))
	for i, d := range it.Pending {
		v.Pending[i] = pendingItem{DecisionItem: d, Age: days(lang, daysSince(d.Created)),
			Href: "/samverkan/" + strconv.FormatInt(d.CollaborationID, 10) + "#beslut"}
	}
	v.FollowYear = now.Year() - 1
	v.FollowDue, v.FollowMissingN, v.FollowMissing = it.FollowUps.Due, it.FollowUps.Missing, it.FollowUps.First
	v.Endings = it.Endings
	v.LeadDays = samverkan.RiskReviewLeadDays
	v.ReviewsN = it.ReviewsTotal
	v.Reviews = make([]reviewItem, len(it.Reviews))
	for i, e := range it.Reviews {
		href := "/natverk/" + e.Network + "/risker"
		if e.CollaborationID != nil {
			href = "/samverkan/" + strconv.FormatInt(*e.CollaborationID, 10)
		}
		// Overdue as samverkan.RiskEntry.Overdue: the items are open.
		v.Reviews[i] = reviewItem{StartReview: e, Overdue: e.Review.Before(now), Href: href}
	}
	if m := it.Next; m != nil {
		v.Next = &nextMeeting{StartMeeting: *m,
			Href: "/natverk/" + m.Network + "/moten#mote-" + strconv.FormatInt(m.ID, 10)}
	}
	return v, nil
}
