package samverkan_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// demoCoverage computes every demo network's matrix from a store holding
// the demo data.
func demoCoverage(t *testing.T) map[string]samverkan.Coverage {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	cat := refdata.MustCatalog()
	out := map[string]samverkan.Coverage{}
	on := samverkan.MustDate("2026-01-01")
	for _, slug := range demo.Slugs {
		n, err := db.NetworkBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		cs, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: slug, Limit: samverkan.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		out[slug] = samverkan.BuildCoverage(n, cs, cat, on)
	}
	return out
}

// SÅM covers waste for all four GGVV members; the gaps of every demo
// network are pinned in words.
func TestCoverageDemo(t *testing.T) {
	cat := refdata.MustCatalog()
	covs := demoCoverage(t)
	ggvv := covs["ggvv"]
	var waste *samverkan.CoverageArea
	for i := range ggvv.Areas {
		if ggvv.Areas[i].Area == "870" {
			waste = &ggvv.Areas[i]
		}
	}
	if waste == nil || waste.Covered != 4 || len(waste.Missing) != 0 {
		t.Fatalf("GGVV waste row = %+v, want SÅM for all four", waste)
	}
	for i, cell := range waste.Cells {
		if len(cell) != 1 || !strings.HasPrefix(cell[0].Title, "SÅM") {
			t.Errorf("waste cell of %s = %+v, want SÅM", ggvv.Members[i], cell)
		}
	}
	got := map[string][]string{}
	for _, slug := range demo.Slugs {
		got[slug] = []string{}
		for _, g := range covs[slug].Gaps() {
			a, _ := cat.Area(g.Area)
			got[slug] = append(got[slug], g.Text("sv", a.Label("sv"), cat.MunicipalityName))
		}
	}
	want := map[string][]string{
		"ggvv": {},
		"c-tillsammans": {
			"IT-drift, infrastruktur, licenser: 5 av 7 deltar; Enköping och Håbo saknas",
			"Överförmyndare: 6 av 7 deltar; Enköping saknas",
		},
		"dalslandssamverkan": {
			"Konsument- och energirådgivning: 4 av 5 deltar; Åmål saknas",
			"Miljö- och hälsoskydd, myndighetsutövning: 4 av 5 deltar; Åmål saknas",
			"Miljö, hälsa och hållbar utveckling: 4 av 5 deltar; Åmål saknas",
			"Vård för vuxna med missbruksproblem: 2 av 5 deltar; Dals-Ed, Färgelanda och Åmål saknas",
			"Barn- och ungdomsvård: 2 av 5 deltar; Dals-Ed, Färgelanda och Åmål saknas",
			"Övriga insatser till vuxna: 2 av 5 deltar; Dals-Ed, Färgelanda och Åmål saknas",
			"Ekonomiskt bistånd: 2 av 5 deltar; Dals-Ed, Färgelanda och Åmål saknas",
			"Familjerätt och familjerådgivning: 2 av 5 deltar; Dals-Ed, Färgelanda och Åmål saknas",
		},
		"v6": {
			"Räddningstjänst: 4 av 6 deltar; Skara och Götene saknas",
			"Totalförsvar och samhällsskydd: 4 av 6 deltar; Skara och Götene saknas",
		},
		"region-10": {
			"IT-drift, infrastruktur, licenser: 4 av 10 deltar; Arjeplog, Arvidsjaur, Dorotea, Malå, Norsjö och Sorsele saknas",
			"Kontaktcenter och växel: 4 av 10 deltar; Arjeplog, Arvidsjaur, Dorotea, Malå, Norsjö och Sorsele saknas",
			"Överförmyndare: 5 av 10 deltar; Arjeplog, Arvidsjaur, Malå, Norsjö och Vilhelmina saknas",
		},
	}
	for slug, w := range want {
		if !slices.Equal(got[slug], w) {
			t.Errorf("%s gaps = %q, want %q", slug, got[slug], w)
		}
	}
}

func TestGapText(t *testing.T) {
	name := map[string]string{"0617": "Gnosjö", "0665": "Vaggeryd", "0683": "Värnamo"}
	f := func(c string) string { return name[c] }
	for _, c := range []struct {
		g          samverkan.Gap
		lang, want string
	}{
		{samverkan.Gap{Covered: 3, Of: 4, Missing: []string{"0617"}}, "sv", "Avfallshantering: 3 av 4 deltar; Gnosjö saknas"},
		{samverkan.Gap{Covered: 1, Of: 4, Missing: []string{"0617", "0665", "0683"}}, "sv", "Avfallshantering: 1 av 4 deltar; Gnosjö, Vaggeryd och Värnamo saknas"},
		{samverkan.Gap{Covered: 2, Of: 4, Missing: []string{"0617", "0665"}}, "en", "Avfallshantering: 2 of 4 take part; Gnosjö and Vaggeryd are missing"},
	} {
		if got := c.g.Text(c.lang, "Avfallshantering", f); got != c.want {
			t.Errorf("Text = %q, want %q", got, c.want)
		}
	}
}
