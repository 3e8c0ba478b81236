package sqldb_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// startParts is what the start page showed when it read its parts one by
// one (before issue 16): every pending decision, the scope's references
// for a municipality's risk filter, every risk of each network filtered by
// samverkan.ReviewsDue and every meeting of the years by
// samverkan.NextMeeting. StartItems must give the same.
func startParts(t *testing.T, db *sqldb.DB, f samverkan.RefFilter, now samverkan.Date, limit int) *samverkan.StartItems {
	t.Helper()
	ctx := context.Background()
	out := &samverkan.StartItems{}
	var nets []*samverkan.Network
	if f.Network != "" {
		n, err := db.NetworkBySlug(ctx, f.Network)
		mustOK(t, "NetworkBySlug", err)
		out.Name, nets = n.Name, []*samverkan.Network{n}
	} else {
		var err error
		nets, err = db.MemberNetworks(ctx, f.Municipality, now)
		mustOK(t, "MemberNetworks", err)
	}
	ds, err := db.FindDecisions(ctx, samverkan.DecisionFilter{Network: f.Network, Municipality: f.Municipality, PendingOnly: true})
	mustOK(t, "FindDecisions", err)
	for _, d := range ds {
		if d.Pending() {
			out.PendingTotal++
			if len(out.Pending) < limit {
				out.Pending = append(out.Pending, d)
			}
		}
	}
	out.FollowUps, err = db.FollowUpsDue(ctx, f, now.Year()-1, limit)
	mustOK(t, "FollowUpsDue", err)
	out.Endings, err = db.Endings(ctx, f, now, samverkan.DateOf(now.Time().AddDate(0, 6, 0)))
	mustOK(t, "Endings", err)
	mine := map[int64]bool{}
	if f.Municipality != "" {
		refs, err := db.CollaborationRefs(ctx, f)
		mustOK(t, "CollaborationRefs", err)
		for _, r := range refs {
			mine[r.ID] = true
		}
	}
	var due []samverkan.StartReview
	for _, n := range nets {
		risks, err := db.RisksByNetwork(ctx, n.Slug)
		mustOK(t, "RisksByNetwork", err)
		for _, e := range samverkan.ReviewsDue(risks, now) {
			if f.Municipality != "" && e.CollaborationID != nil && !mine[*e.CollaborationID] {
				continue
			}
			due = append(due, samverkan.StartReview{ID: e.ID, Title: e.Title, Review: e.Review, CollaborationID: e.CollaborationID,
				CollaborationTitle: e.CollaborationTitle, Network: n.Slug, NetworkName: n.Name})
		}
		from := now.Year()
		if now.Time().Month() == time.January {
			from--
		}
		var list []samverkan.Meeting
		for y := from; y <= now.Year()+1; y++ {
			ys, err := db.MeetingsByNetwork(ctx, n.Slug, y)
			mustOK(t, "MeetingsByNetwork", err)
			list = append(list, ys...)
		}
		if m := samverkan.NextMeeting(list, now); m != nil && (out.Next == nil || m.Start.Before(out.Next.Start)) {
			out.Next = &samverkan.StartMeeting{ID: m.ID, Network: n.Slug, NetworkName: n.Name, Kind: m.Kind, Title: m.Title,
				Start: m.Start, End: m.End, Place: m.Place, Host: m.Host}
		}
	}
	slices.SortStableFunc(due, func(a, b samverkan.StartReview) int { return strings.Compare(a.Review.String(), b.Review.String()) })
	out.ReviewsTotal = len(due)
	out.Reviews = due[:min(limit, len(due))]
	return out
}

// TestStartItemsAsParts: the start page's one read gives what its parts
// read one by one gave, for a network and for municipalities, with more
// decisions and reviews than the page lists, closed and undated risks,
// risks of collaborations the municipality is not in, a review date and a
// meeting day shared by two networks, and meetings past, running over
// today, beyond next year and on the same day in one network.
func TestStartItemsAsParts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := samverkan.Today()
		day := func(n int) samverkan.Date { return samverkan.DateOf(now.Time().AddDate(0, 0, n)) }
		n, running, idea := steeringFixture(t, db)
		other := fullNetwork()
		other.Slug, other.Name = "annat", "Ånge med flera"
		other.Members = []samverkan.NetworkMember{{Code: sundsvall}, {Code: stockholm}}
		mustOK(t, "create other", db.CreateNetwork(ctx, other))
		mk := func(title, status string, nets []string, end samverkan.Date, codes ...string) *samverkan.Collaboration {
			c := &samverkan.Collaboration{Title: title, Status: status, Networks: nets, Start: samverkan.MustDate("2020-01-01"), End: end}
			for _, code := range codes {
				c.Participants = append(c.Participants, samverkan.Participant{Code: code})
			}
			mustOK(t, "create "+title, db.CreateCollaboration(ctx, c))
			return c
		}
		both := mk("I båda nätverken", samverkan.StatusRunning, []string{n.Slug, other.Slug}, day(40), sundsvall, stockholm)
		theirs := mk("Stockholms egen", samverkan.StatusRunning, []string{other.Slug}, samverkan.Date{}, stockholm, uppsala)
		soon := mk("Slutar snart", samverkan.StatusNoticeGiven, []string{n.Slug}, day(100), ostersund, gavle)
		soon.Documents = []samverkan.Document{{Type: "avtal", Title: "Avtal <A&B>", ValidTo: day(100)}, {Type: "avtal", ValidTo: day(20)},
			{Type: "avtal", Title: "Senare", ValidTo: day(300)}}
		mustOK(t, "documents", db.UpdateCollaboration(ctx, soon))
		mk("Redan avslutad", samverkan.StatusEnded, []string{n.Slug, other.Slug}, day(30), sundsvall, ostersund)

		// Seven pending decisions and a taken one: the page lists five.
		for i, c := range []*samverkan.Collaboration{running, idea, both, running, both, theirs, running} {
			code := sundsvall
			if c == theirs || i == 4 {
				code = stockholm
			}
			mustOK(t, "pending", db.CreateDecision(ctx, decision(c, code, samverkan.OutcomePending, "")))
		}
		mustOK(t, "taken", db.CreateDecision(ctx, decision(running, sundsvall, samverkan.OutcomeApproved, "2025-01-10")))

		risk := func(network string, c *samverkan.Collaboration, title string, review samverkan.Date, status string) {
			r := &samverkan.RiskEntry{Network: network, Kind: "risk", Category: "kompetens", Title: title, Review: review, Status: status}
			if c != nil {
				r.Network, r.CollaborationID = "", &c.ID
			}
			mustOK(t, "risk "+title, db.CreateRisk(ctx, r))
		}
		risk(n.Slug, nil, "Försenad", day(-10), "")
		risk(n.Slug, nil, "Snart", day(10), "")
		risk(n.Slug, nil, "Gränsen", day(samverkan.RiskReviewLeadDays), "")
		risk(n.Slug, nil, "Dagen efter gränsen", day(samverkan.RiskReviewLeadDays+1), "")
		risk(n.Slug, nil, "Stängd", day(-10), samverkan.RiskClosed)
		risk(n.Slug, nil, "Utan datum", samverkan.Date{}, "")
		risk(other.Slug, nil, "Annat nätverk samma dag", day(10), "")
		risk(other.Slug, nil, "Annat nätverk i dag", day(0), "")
		risk("", running, "Växelns risk", day(5), "")
		risk("", both, "Båda nätverkens risk", day(10), "")
		risk("", theirs, "Stockholms risk", day(-3), "")
		risk("", idea, "Idéns risk", day(-30), "")

		meeting := func(network, title string, start, end samverkan.Date) {
			m := &samverkan.Meeting{Network: network, Kind: samverkan.MeetingSteering, Title: title, Start: start, End: end, Place: "Sundsvall"}
			mustOK(t, "meeting "+title, db.CreateMeeting(ctx, m))
		}
		meeting(n.Slug, "Förra veckan", day(-7), samverkan.Date{})
		meeting(n.Slug, "Pågår", day(-1), day(1))
		meeting(other.Slug, "Om tre dagar", day(3), samverkan.Date{})
		meeting(other.Slug, "Om tre dagar också", day(3), samverkan.Date{})
		meeting(n.Slug, "Om två år", day(800), samverkan.Date{})

		for _, f := range []samverkan.RefFilter{{Network: n.Slug}, {Network: other.Slug}, {Municipality: sundsvall},
			{Municipality: stockholm}, {Municipality: ostersund}, {Municipality: uppsala}} {
			for _, limit := range []int{5, 2} {
				got, err := db.StartItems(ctx, f, now, limit)
				mustOK(t, "StartItems", err)
				if want := startParts(t, db, f, now, limit); !reflect.DeepEqual(got, want) {
					t.Errorf("%+v limit %d:\n got %s\nwant %s", f, limit, asJSON(t, got), asJSON(t, want))
				}
			}
		}
		// The checks above must have something to compare.
		got, err := db.StartItems(ctx, samverkan.RefFilter{Municipality: sundsvall}, now, 5)
		mustOK(t, "StartItems", err)
		if got.PendingTotal != 5 || len(got.Pending) != 5 || got.ReviewsTotal < 6 || len(got.Reviews) != 5 || got.Next == nil || got.Next.Title != "Pågår" ||
			len(got.Endings) != 1 {
			t.Errorf("Sundsvall's start: %s", asJSON(t, got))
		}
		got, err = db.StartItems(ctx, samverkan.RefFilter{Network: n.Slug}, now, 5)
		mustOK(t, "StartItems", err)
		if len(got.Endings) != 4 || got.FollowUps.Due == 0 || got.FollowUps.Missing == 0 {
			t.Errorf("the network's start: %s", asJSON(t, got))
		}
		_, err = db.StartItems(ctx, samverkan.RefFilter{Network: "finns-inte"}, now, 5)
		wantCode(t, "a network that is gone", err, samverkan.ENOTFOUND)
	})
}
