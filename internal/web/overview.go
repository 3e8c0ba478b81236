package web

import (
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

type overviewPage struct {
	Networks []samverkan.NetworkSummary
	Total    samverkan.NetworkSummary
	// Start is the personal start: what waits in the user's network or
	// municipality; nil for admins and users without a scope.
	Start *startView
}

func (s *server) handleOverview(w http.ResponseWriter, r *http.Request) {
	sums, err := s.store.NetworkSummaries(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	var total samverkan.NetworkSummary
	var cost samverkan.AmountTotal
	for _, n := range sums {
		total.Members += n.Members
		total.Running += n.Running
		total.Pipeline += n.Pipeline
		total.Ended += n.Ended
		cost.Merge(n.CostTotal()) // saturates on rows stored before the limits
		total.OutsideMembers += n.OutsideMembers
	}
	total.AnnualCost, total.AnnualCostKnown = cost.Value(), cost.Known
	lang := langOf(r)
	start, err := s.startView(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "overview", page{
		Title: tr(lang, "overview.title"), Nav: "overview", Flash: flash(r),
		Data: overviewPage{Networks: sums, Total: total, Start: start},
	})
}

// handleNetworkIndex has no page of its own yet: the overview lists the
// networks.
func (s *server) handleNetworkIndex(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/#natverk", http.StatusSeeOther)
}

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
	if scope.Network != "" {
		n, err := s.store.NetworkBySlug(ctx, scope.Network)
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			return nil, nil // the grant names a network that is gone
		} else if err != nil {
			return nil, err
		}
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
	refs, err := ss.CollaborationRefs(ctx, scope)
	if err != nil {
		return nil, err
	}
	fus, err := ss.ScopeFollowUps(ctx, scope, v.FollowYear)
	if err != nil {
		return nil, err
	}
	roll := samverkan.RollUp(nil, v.FollowYear, refs, fus)
	v.FollowDue, v.FollowMissingN = roll.Due, len(roll.Missing)
	byID := make(map[int64]samverkan.CollaborationRef, len(refs))
	for _, c := range refs {
		byID[c.ID] = c
	}
	for _, id := range roll.Missing[:min(startLimit, len(roll.Missing))] {
		v.FollowMissing = append(v.FollowMissing, byID[id])
	}
	if scope.Network != "" {
		v.FollowHref = "/natverk/" + scope.Network + "/uppfoljning?ar=" + strconv.Itoa(v.FollowYear)
	}
	until := samverkan.DateOf(now.Time().AddDate(0, 6, 0))
	if v.Endings, err = ss.Endings(ctx, scope, now, until); err != nil {
		return nil, err
	}
	return v, nil
}
