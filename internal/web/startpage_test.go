package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestStartPageLife: the start page names the risk reviews that are
// overdue or due within the lead time and the next meeting: for a
// coordinator those of their network, for a municipality's editor those
// of the networks it is a member of (the network's own risks and those of
// collaborations it takes part in), never another network's.
func TestStartPageLife(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	now := samverkan.Today()
	day := func(n int) samverkan.Date { return samverkan.DateOf(now.Time().AddDate(0, 0, n)) }
	tierp := a.tierp.ID // Tierp and Älvkarleby: Heby takes no part
	for _, r := range []*samverkan.RiskEntry{
		{Network: "ggvv", Kind: "risk", Category: "kompetens", Title: "Översyn försenad", Review: day(-10)},
		{Network: "ggvv", Kind: "risk", Category: "kompetens", Title: "Översyn snart", Review: day(10)},
		{Network: "ggvv", Kind: "risk", Category: "kompetens", Title: "Översyn senare", Review: day(90)},
		{Network: "ggvv", Kind: "risk", Category: "kompetens", Title: "Stängd försenad", Review: day(-10), Status: samverkan.RiskClosed},
		{Network: "c-tillsammans", Kind: "hinder", Category: "kompetens", Title: "Nätverkets hinder", Review: day(-1)},
		{CollaborationID: &a.it.ID, Kind: "risk", Category: "kompetens", Title: "IT-nämndens risk", Review: day(5)},
		{CollaborationID: &tierp, Kind: "risk", Category: "kompetens", Title: "Tierps risk", Review: day(5)},
	} {
		if err := a.db.CreateRisk(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*samverkan.Meeting{
		{Network: "ggvv", Kind: samverkan.MeetingSteering, Title: "Styrgrupp förra månaden", Start: day(-30)},
		{Network: "ggvv", Kind: samverkan.MeetingSteering, Title: "Styrgrupp i höst", Start: day(60)},
		{Network: "ggvv", Kind: samverkan.MeetingSteering, Title: "Styrgrupp nästa månad", Start: day(20), Place: "Gnosjö"},
		{Network: "c-tillsammans", Kind: samverkan.MeetingAssembly, Title: "Ordförandeträff", Start: day(3)},
	} {
		if err := a.db.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	coord := text(a.request(roleCoord, "GET", "/", nil).Body)
	wantContains(t, "coordinator", coord, "Beslut som väntar", "Uppföljning", "Avtal som löper ut",
		"Risker att se över (2)", "Översyn försenad: skulle ha setts över "+day(-10).String(),
		"Översyn snart: ses över senast "+day(10).String(),
		"Nästa möte", "Styrgrupp nästa månad", day(20).String()+", Gnosjö")
	for _, not := range []string{"Översyn senare", "Stängd försenad", "Styrgrupp i höst", "Styrgrupp förra månaden", "Nätverkets hinder", "Ordförandeträff"} {
		if strings.Contains(coord, not) {
			t.Errorf("the coordinator's start shows %q", not)
		}
	}
	heby := text(a.request(roleHeby, "GET", "/", nil).Body)
	wantContains(t, "editor", heby, "Att göra i Heby", "Risker att se över (2)", "Nätverkets hinder", "IT-nämndens risk",
		"Nästa möte", "Ordförandeträff", "C-Tillsammans")
	for _, not := range []string{"Tierps risk", "Översyn försenad", "Styrgrupp nästa månad"} {
		if strings.Contains(heby, not) {
			t.Errorf("Heby's start shows %q", not)
		}
	}
	// English too.
	en := text(a.requestLang(roleCoord, "/", "en").Body)
	wantContains(t, "english", en, "Risk reviews due (2)", "Next meeting")
}
