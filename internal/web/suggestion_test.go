package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// GGVV's suggestions in the demo come in the same order every time, each
// with its signals and their points; accepting one creates an idea in the
// pipeline with the explanation as its rationale.
func TestSuggestionsGGVVReproducibleAndAccept(t *testing.T) {
	e := newDemoEnv(t)
	first := e.get("/natverk/ggvv/forslag")
	if first.Code != http.StatusOK {
		t.Fatalf("= %d", first.Code)
	}
	second := e.get("/natverk/ggvv/forslag")
	ids := regexp.MustCompile(`id="forslag-([^"]+)"`)
	a, b := ids.FindAllStringSubmatch(first.Body, -1), ids.FindAllStringSubmatch(second.Body, -1)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d and %d suggestions", len(a), len(b))
	}
	for i := range a {
		if a[i][1] != b[i][1] {
			t.Fatalf("order differs at %d: %s vs %s", i, a[i][1], b[i][1])
		}
	}
	wantContains(t, "suggestions", text(first.Body), "par av kommunerna gränsar till varandra", "medlemmar har ingen samverkan inom området",
		"Sårbarhet (nyckelfunktioner) finns inte i registret", "Gör till idé", "Poäng")
	if strings.Contains(first.Body, `id="forslag-870"`) {
		t.Error("suggests waste, which SÅM already covers for all four")
	}

	area := a[0][1]
	res := e.post("/natverk/ggvv/forslag", url.Values{"area": {area}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("accept = %d: %s", res.Code, text(res.Body))
	}
	loc := res.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/samverkan/"), 10, 64)
	if err != nil {
		t.Fatalf("location %q", loc)
	}
	c, err := e.db.CollaborationByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != samverkan.StatusIdea || len(c.Areas) != 1 || c.Areas[0] != area || len(c.Participants) != 4 ||
		!strings.Contains(c.Description, "gränsar till varandra") || c.Networks[0] != "ggvv" {
		t.Errorf("idea %+v", c)
	}
	if res := e.post("/natverk/ggvv/forslag", url.Values{"area": {"finns-inte"}}); res.Code != http.StatusNotFound {
		t.Errorf("unknown suggestion = %d", res.Code)
	}
}
