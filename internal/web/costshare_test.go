package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// Fixed percentages are entered per member on the form; a split that does
// not add up to 100 % is refused with a Swedish message next to the
// form, keeping what was typed; the saved split shows on the collaboration
// page with amounts that add up to the budget, and a stale version is
// refused with 409.
func TestCostSharingFormAndPage(t *testing.T) {
	e := newEnv(t)
	c := sqldbtest.Collaboration("Gemensam lönenämnd", gislaved, gnosjo, vaggeryd)
	c.CostKey = samverkan.CostKeyFixed
	annual := int64(2_000_000)
	c.AnnualCost = &annual
	c = e.mustCreate(c)
	path := fmt.Sprintf("/samverkan/%d/kostnadsfordelning", c.ID)

	res := e.get(path)
	if res.Code != http.StatusOK {
		t.Fatalf("GET form = %d", res.Code)
	}
	wantContains(t, "form", text(res.Body), "Fast andel (%)", "Gislaved", "Gnosjö", "Vaggeryd", "används av nyckeln")

	v := url.Values{"version": {"0"},
		"m.0.code": {gislaved}, "m.0.percent": {"50"},
		"m.1.code": {gnosjo}, "m.1.percent": {"25,5"},
		"m.2.code": {vaggeryd}, "m.2.percent": {"24"},
		"y.0.year": {"2025"}, "y.0.budget": {"1 000 001 kr"}, "y.0.outcome": {"1 100 000"}}
	res = e.post(path, v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("99,5 %% = %d", res.Code)
	}
	wantContains(t, "refusal", text(res.Body), "Andelarna måste tillsammans bli 100 %; nu blir de 99,5 %")
	wantContains(t, "refusal keeps input", res.Body, `value="25,5"`, `value="1 000 001 kr"`)

	v.Set("m.2.percent", "24,5")
	if res = e.post(path, v); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %s", res.Code, text(res.Body))
	}
	res = e.get(fmt.Sprintf("/samverkan/%d?ar=2025", c.ID))
	txt := text(res.Body)
	// 1 000 001 kr: 500 000,5 / 255 000,255 / 245 000,245: the odd krona
	// goes to the largest remainder, Gislaved.
	wantContains(t, "page", txt, "Kostnadsfördelning 2025", "1 000 001 kr", "budget för 2025", "500 001 kr", "255 000 kr", "245 000 kr",
		"50,00\u00a0%", "25,50\u00a0%", "24,50\u00a0%", "+99 999 kr", "kr/inv.")
	if !strings.Contains(res.Body, `<svg`) {
		t.Error("no chart of the split")
	}
	// 2024 has no budget: the annual cost is split.
	res = e.get(fmt.Sprintf("/samverkan/%d?ar=2024", c.ID))
	wantContains(t, "2024", text(res.Body), "årlig kostnad (ingen budget angiven för året)", "1 000 000 kr")
	// The brief shows the same split.
	res = e.get(fmt.Sprintf("/samverkan/%d/beslutsunderlag?ar=2025", c.ID))
	wantContains(t, "brief", text(res.Body), "Kostnadsfördelning 2025", "500 001 kr", "25,50\u00a0%")

	v.Set("version", "0")
	if res = e.post(path, v); res.Code != http.StatusConflict {
		t.Errorf("stale save = %d", res.Code)
	}
	if n := len(e.auditOf(samverkan.AuditEntityCostSharing, c.ID)); n != 1 {
		t.Errorf("%d audit events", n)
	}

	// A key that needs usage says what is missing, never 0 kr.
	u := sqldbtest.Collaboration("Gemensam IT", gislaved, gnosjo)
	u.CostKey = samverkan.CostKeyUsage
	u = e.mustCreate(u)
	res = e.get(fmt.Sprintf("/samverkan/%d", u.ID))
	wantContains(t, "usage missing", text(res.Body), "Fördelningen kan inte beräknas ännu", "Nyttjande saknas för Gislaved")

	// What Gislaved pays this year: half of the first (annual cost, no
	// budget this year), the second unknown: one of two has a figure.
	res = e.get("/kommun/" + gislaved)
	wantContains(t, "municipality", text(res.Body), "Vad vi betalar i alla våra samverkan", "1 000 000 kr (1 av 2 samverkan har uppgift)",
		"uppgift saknas (nyckelns uppgifter saknas)")
	if strings.Contains(text(res.Body), " 0 kr") {
		t.Error("the municipality page shows an unknown amount as 0 kr")
	}
}

func (e *env) auditOf(entity string, id int64) []samverkan.AuditEvent {
	e.t.Helper()
	es, err := e.db.AuditEvents(context.Background(), entity, strconv.FormatInt(id, 10))
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}

// The demo's joint IT board splits its cost by size and by computers
// (example figures, marked as such): the split shows on its page and in
// its decision brief, with amounts adding up to the example budget.
func TestCostSharingDemoITBoard(t *testing.T) {
	e := newDemoEnv(t)
	cs, _, err := e.db.FindCollaborations(context.Background(), samverkan.CollaborationFilter{Network: "c-tillsammans", Query: "Gemensam IT-nämnd", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var it *samverkan.Collaboration
	for _, c := range cs {
		if c.Title == "Gemensam IT-nämnd" {
			it = c
		}
	}
	if it == nil {
		t.Fatal("no IT board in the demo")
	}
	for _, path := range []string{fmt.Sprintf("/samverkan/%d?ar=2025", it.ID), fmt.Sprintf("/samverkan/%d/beslutsunderlag?ar=2025", it.ID)} {
		res := e.get(path)
		if res.Code != http.StatusOK {
			t.Fatalf("%s = %d", path, res.Code)
		}
		// 50/50 by population (SCB 2019-12-31) and computers (example):
		// 40 000 000 kr split as in costshare_test.go's hand computation.
		wantContains(t, path, text(res.Body), "Kostnadsfördelning 2025", "Storlek och nyttjande", "Exempel", "exempelvärden",
			"40 000 000 kr", "6 477 224 kr", "10 531 117 kr", "16,19\u00a0%", "Folkmängd per 2019-12-31", "+1 250 000 kr")
	}
}
