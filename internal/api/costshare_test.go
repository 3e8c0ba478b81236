package api_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
)

// moneyConformance sends the cost-sharing samples through the OpenAPI
// conformance check (openapi_validate_test.go): the inputs are kept and
// versioned, the split adds up to the budget and 100 %, and a split that
// cannot be computed says what is missing instead of zeros.
func moneyConformance(t *testing.T, c *conformance, ggvv samverkan.Collaboration) {
	t.Helper()
	base := "/api/v1/collaborations/" + strconv.FormatInt(ggvv.ID, 10)
	c.ok(req{Path: base + "/cost-sharing"}, 200)
	c.ok(req{Path: "/api/v1/collaborations/99999999/cost-sharing"}, 404)
	var members []map[string]any
	var codes []string
	for _, p := range ggvv.Participants {
		if p.Code != "" {
			codes = append(codes, p.Code)
			members = append(members, map[string]any{"code": p.Code, "usage": 10 + len(members), "percent": nil, "fee": nil})
		}
	}
	body := map[string]any{"reference_date": "2024-12-31", "size_weight": 50, "usage_weight": 50, "base_weight": 0,
		"members": members, "years": []map[string]any{{"year": 2025, "budget": 1000003, "outcome": nil}}, "note": "Exempel", "example": true}
	cs := decodeJSON[samverkan.CostSharing](t, c.ok(req{Method: "PUT", Path: base + "/cost-sharing", Body: body}, 200))
	if cs.Version != 1 || len(cs.Members) != len(codes) {
		t.Fatalf("saved %+v", cs)
	}
	c.ok(req{Method: "PUT", Path: base + "/cost-sharing", Body: body}, 428)
	c.ok(req{Method: "PUT", Path: base + "/cost-sharing", Body: body, Header: ifMatch(cs.Version + 5)}, 412)
	bad := asBody(t, body, func(m map[string]any) { m["members"] = []map[string]any{{"code": "0180", "usage": 1}} })
	c.ok(req{Method: "PUT", Path: base + "/cost-sharing", Body: bad, Header: ifMatch(cs.Version)}, 422)

	c.ok(req{Path: "/api/v1/municipalities/0662/kpis?kpi=N07024"}, 200)
	c.ok(req{Path: "/api/v1/municipalities/9999/kpis?kpi=N07024"}, 404)
	c.off(req{Path: "/api/v1/municipalities/0662/kpis"}, 400)
	sv := decodeJSON[api.SuggestionsView](t, c.ok(req{Path: "/api/v1/networks/ggvv/suggestions"}, 200))
	if len(sv.Items) > 0 {
		c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/suggestions", Body: map[string]any{"area": sv.Items[len(sv.Items)-1].Area}}, 201)
	}
	c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/suggestions", Body: map[string]any{"area": "finns-inte"}}, 404)
	c.ok(req{Path: base + "/cost-shares"}, 200)
	c.off(req{Path: base + "/cost-shares?year=tjugo"}, 400)
	view := decodeJSON[api.CostSharesView](t, c.ok(req{Path: base + "/cost-shares?year=2025"}, 200))
	if ggvv.CostKey == "" {
		if view.Computed || len(view.Missing) == 0 || len(view.Items) != 0 {
			t.Errorf("no key: %+v", view)
		}
		return
	}
	if !view.Computed {
		return // a key that needs other figures: Missing says which
	}
	var sum int64
	var share float64
	for _, it := range view.Items {
		if it.Amount == nil {
			t.Fatalf("amount unknown with a budget: %+v", it)
		}
		sum += *it.Amount
		share += it.Share
	}
	if view.Total == nil || sum != *view.Total || int(share*100+0.5) != 10000 {
		t.Errorf("split %+v: sum %d, shares %.2f", view, sum, share)
	}
}

// The stored Kolada values come back per municipality with "Källa:
// Kolada"; a missing figure stays null.
func TestMunicipalityKPIs(t *testing.T) {
	a := newTestAPI(t)
	ks := a.store.(samverkan.KPIStore)
	v := 1650.5
	if err := ks.SaveKPIValues(context.Background(), []samverkan.KPIInfo{{ID: "N07024", Title: "Nettokostnad gator och vägar samt parkering, kr/inv"}},
		[]samverkan.KPIValue{{KPI: "N07024", Municipality: "0662", Year: 2023, Gender: "T", Value: &v},
			{KPI: "N07024", Municipality: "0662", Year: 2022, Gender: "T"},
			{KPI: "N07024", Municipality: "0617", Year: 2023, Gender: "T", Value: &v}}); err != nil {
		t.Fatal(err)
	}
	got := decodeAs[api.KPIsView](t, a.mustDo(req{Path: "/api/v1/municipalities/0662/kpis?kpi=N07024"}, 200))
	if got.Source != "Källa: Kolada" || len(got.Items) != 2 || got.Items[0].Year != 2022 || got.Items[0].Value != nil ||
		*got.Items[1].Value != 1650.5 || got.Items[1].Gender != "T" || got.Title == "" {
		t.Errorf("got %+v", got)
	}
	if p := problem(t, a.mustDo(req{Path: "/api/v1/municipalities/0662/kpis?kpi=../x"}, 400)); !hasField(p, "kpi", "invalid_kpi") {
		t.Errorf("problem %+v", p)
	}
}
