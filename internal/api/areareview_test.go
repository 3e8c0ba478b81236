package api_test

import (
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
)

// An import keeps an area nobody can place; the API lists it, maps it for
// the network, and the collaboration then has the area (issue 11).
func TestAreasToReviewAPI(t *testing.T) {
	a := newTestAPI(t)
	a.createNetwork("ggvv")
	csv := "Namn;Verksamhet;Värdkommun;Berörda kommuner\nSkolläkare;Elevhälsa;Gislaved;Gislaved och Gnosjö\n" +
		"Elevhälsoteam;Elevhälsa, Grundskola;Gnosjö;Gnosjö/Gislaved\n"
	a.mustDo(req{Method: "POST", Path: "/api/v1/networks/ggvv/import", Body: csv, Header: map[string]string{"Content-Type": "text/csv"}}, http.StatusOK)

	review := decodeAs[list[samverkan.AreaReview]](t, a.mustDo(req{Path: "/api/v1/networks/ggvv/areas-to-review"}, http.StatusOK))
	if len(review.Items) != 1 || review.Items[0].Text != "Elevhälsa" || len(review.Items[0].Collaborations) != 2 {
		t.Fatalf("areas to review: %+v", review.Items)
	}
	id := review.Items[0].Collaborations[0].ID
	c := decodeAs[samverkan.Collaboration](t, a.get("/api/v1/collaborations/"+strconv.FormatInt(id, 10)))
	if !slices.Equal(c.AreasToReview, []string{"Elevhälsa"}) {
		t.Errorf("collaboration: areas_to_review %q", c.AreasToReview)
	}

	res := decodeAs[api.AreaMappingResult](t, a.mustDo(req{Method: "POST", Path: "/api/v1/networks/ggvv/area-mappings",
		Body: map[string]any{"text": "elevhalsa", "area": "440"}}, http.StatusOK))
	if res.Changed != 2 || res.Mapping.Area != "440" {
		t.Errorf("mapping result %+v", res)
	}
	c = decodeAs[samverkan.Collaboration](t, a.get("/api/v1/collaborations/"+strconv.FormatInt(id, 10)))
	if len(c.AreasToReview) != 0 || !slices.Contains(c.Areas, "440") || c.Version != 2 {
		t.Errorf("after mapping: areas %v, to review %v, version %d", c.Areas, c.AreasToReview, c.Version)
	}
	if l := decodeAs[list[samverkan.AreaReview]](t, a.get("/api/v1/networks/ggvv/areas-to-review")); len(l.Items) != 0 {
		t.Errorf("still to review: %+v", l.Items)
	}
	maps := decodeAs[list[samverkan.AreaMapping]](t, a.get("/api/v1/networks/ggvv/area-mappings"))
	if len(maps.Items) != 1 || maps.Items[0].Text != "elevhalsa" {
		t.Errorf("mappings %+v", maps.Items)
	}

	p := problem(t, a.mustDo(req{Method: "POST", Path: "/api/v1/networks/ggvv/area-mappings",
		Body: map[string]any{"text": "Tillsyn", "area": "999"}}, http.StatusUnprocessableEntity))
	if !hasField(p, "area", "unknown_area") {
		t.Errorf("unknown area: %+v", p)
	}
	a.mustDo(req{Path: "/api/v1/networks/finns-inte/areas-to-review"}, http.StatusNotFound)
}
