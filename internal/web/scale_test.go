package web_test

import (
	"context"
	"html"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// seedKPI stores a cost per inhabitant for every municipality that falls
// with size (elasticity −0,2) with a deterministic spread, and none for
// Vaggeryd, so a member without a value shows as unknown.
func seedKPI(t *testing.T, e *env, kpi string) {
	t.Helper()
	var vs []samverkan.KPIValue
	for i, m := range e.cat.Municipalities() {
		v := samverkan.KPIValue{KPI: kpi, Municipality: m.Code, Year: 2023, Gender: "T"}
		if m.Code != vaggeryd {
			x := 20000 * math.Pow(float64(m.Population), -0.2) * (1 + 0.15*math.Sin(float64(i)))
			v.Value = &x
		}
		vs = append(vs, v)
	}
	if err := e.db.SaveKPIValues(context.Background(), []samverkan.KPIInfo{{ID: kpi, Title: "Test"}}, vs); err != nil {
		t.Fatal(err)
	}
}

// The member comparison shows each member, the network weighted by
// population and the national median, with "Källa: Kolada" and the note
// that the two comparisons are our own calculations.
func TestKPIComparisonPage(t *testing.T) {
	e := newEnv(t)
	res := e.get("/natverk/ggvv/jamforelse")
	wantContains(t, "no area", text(res.Body), "Välj ett verksamhetsområde")
	res = e.get("/natverk/ggvv/jamforelse?omrade=249")
	wantContains(t, "empty", text(res.Body), "Inga värden för N07024 är hämtade än")
	seedKPI(t, e, "N07024")
	res = e.get("/natverk/ggvv/jamforelse?omrade=249")
	if res.Code != http.StatusOK {
		t.Fatalf("= %d", res.Code)
	}
	wantContains(t, "comparison", text(res.Body), "Gislaved", "Gnosjö", "Värnamo", "Vaggeryd",
		"Nätverket, viktat efter folkmängd (3 av 4 medlemmar)", "Riksmedian (289 kommuner)", "Källa: Kolada", "egen beräkning", "uppgift saknas")
	if !strings.Contains(res.Body, "<svg") || !strings.Contains(res.Body, "<table") {
		t.Error("no chart or no table")
	}
}

// Every estimate on the economies-of-scale page comes with its caveats:
// the test fails if a range is rendered without Statskontoret 2023,
// Riksrevisionen 2018 and the method note next to it.
func TestScalePageShowsCaveats(t *testing.T) {
	e := newEnv(t)
	seedKPI(t, e, "N07024")
	res := e.get("/natverk/ggvv/skalfordelar?omrade=249")
	if res.Code != http.StatusOK {
		t.Fatalf("= %d", res.Code)
	}
	body := res.Body
	estimates := strings.Count(body, `class="estimate"`)
	caveats := strings.Count(body, `class="caveats"`)
	if estimates == 0 || estimates != caveats {
		t.Fatalf("%d estimate blocks, %d caveat blocks", estimates, caveats)
	}
	for _, c := range samverkan.ScaleCaveats() {
		if !strings.Contains(html.UnescapeString(body), c.SV) {
			t.Errorf("caveat %s missing", c.Code)
		}
	}
	// Inside the estimate block, the caveats follow the ranges.
	block := body[strings.Index(body, `class="estimate"`):]
	if strings.Index(block, `class="caveats"`) < strings.Index(block, "kr/inv.") {
		t.Error("caveats not with the estimate")
	}
	txt := text(body)
	wantContains(t, "scale", txt, "GGVV tillsammans", "Anpassningen bygger på 289 kommuner", "Källa: Kolada", "egna beräkningar",
		"Alla medlemmar har inte värden")
	if strings.Contains(txt, "ni sparar") || strings.Contains(txt, "you will save") {
		t.Error("a single saving is promised")
	}
	if !strings.Contains(body, "<svg") {
		t.Error("no chart")
	}
	// An area without a cost-per-inhabitant KPI shows no estimate.
	res = e.get("/natverk/ggvv/skalfordelar?omrade=407")
	if strings.Contains(res.Body, `class="estimate"`) {
		t.Error("estimate for a unit-cost area")
	}
}
