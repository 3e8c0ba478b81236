package api_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/refdata"
)

// storeHarvests stores two harvests built from the store's own public
// records under two addresses, so the national register has every
// collaboration twice over and must show each once.
func storeHarvests(t *testing.T, st samverkan.Store) {
	t.Helper()
	ctx := context.Background()
	hs, ok := st.(opendata.HarvestStore)
	if !ok {
		t.Fatal("the store keeps no harvests")
	}
	nets, err := st.Networks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cs, _, err := st.FindCollaborations(ctx, samverkan.CollaborationFilter{PublicOnly: true, Limit: samverkan.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"https://a.example.se/oppna-data/samverkan.json", "https://b.example.se/oppna-data/samverkan.json"} {
		ds := opendata.Build(opendata.Records{Networks: nets, Collaborations: cs},
			opendata.Options{BaseURL: strings.TrimSuffix(src, "/oppna-data/samverkan.json"), On: samverkan.Today(), Catalog: refdata.MustCatalog()})
		var b bytes.Buffer
		if err := opendata.WriteJSON(&b, ds); err != nil {
			t.Fatal(err)
		}
		if err := hs.SaveHarvest(ctx, opendata.StoredHarvest{Source: src, Final: src, Fetched: time.Now().UTC(), Body: b.Bytes()}); err != nil {
			t.Fatal(err)
		}
	}
}

// openMatrixCases are the route × role matrix's cases of issue 17.
func openMatrixCases(t *testing.T, a *authAPI) map[string]routeCase {
	return map[string]routeCase{
		"GET /api/v1/open-data/settings": {"admin", req{Path: "/api/v1/open-data/settings"}},
		"PUT /api/v1/open-data/settings": {"admin", req{Method: "PUT", Path: "/api/v1/open-data/settings", Body: map[string]any{"licence": opendata.CC0},
			Header: map[string]string{"If-Match": `"999"`}}},
		"GET /api/v1/harvests": {"read", req{Path: "/api/v1/harvests"}},
		"GET /api/v1/national": {"public", req{Path: "/api/v1/national"}},
	}
}

// openConformance samples the open-data endpoints against the OpenAPI
// document: the settings' versioned writes, the sources and the national
// register over two harvests of the same records.
func openConformance(t *testing.T, c *conformance) {
	storeHarvests(t, c.store)
	set := decodeJSON[opendata.Settings](t, c.ok(req{Path: "/api/v1/open-data/settings"}, 200))
	if set.Version != 1 || set.LicenceOrDefault() != opendata.CC0 {
		t.Errorf("default settings %+v", set)
	}
	body := map[string]any{"licence": opendata.CCBY, "publisher_name": "Samverkanskansliet (exempel)", "contact_name": "Samverkanskansliet",
		"contact_email": "oppnadata@example.se", "version": 1}
	saved := decodeJSON[opendata.Settings](t, c.ok(req{Method: "PUT", Path: "/api/v1/open-data/settings", Body: body}, 200))
	if saved.Version != 2 || saved.Licence != opendata.CCBY {
		t.Errorf("saved %+v", saved)
	}
	c.ok(req{Method: "PUT", Path: "/api/v1/open-data/settings", Body: body}, 412)
	c.off(req{Method: "PUT", Path: "/api/v1/open-data/settings", Body: map[string]any{"licence": "https://example.se/egen", "version": 2}}, 422)
	c.ok(req{Method: "PUT", Path: "/api/v1/open-data/settings", Body: map[string]any{"licence": opendata.CC0}}, 428)
	c.check(sample{as: asReader, r: req{Path: "/api/v1/open-data/settings"}, status: 403})

	srcs := decodeJSON[list[struct {
		Source         string `json:"source"`
		Collaborations int    `json:"collaborations"`
	}]](t, c.ok(req{Path: "/api/v1/harvests"}, 200))
	if len(srcs.Items) != 2 || srcs.Items[0].Collaborations == 0 {
		t.Errorf("harvests %+v", srcs)
	}
	nat := decodeJSON[list[struct {
		MatchedBy string           `json:"matched_by"`
		Sources   []map[string]any `json:"sources"`
	}]](t, c.check(sample{as: asNobody, r: req{Path: "/api/v1/national"}, status: 200}))
	if len(nat.Items) != srcs.Items[0].Collaborations {
		t.Errorf("%d national records from two harvests of %d collaborations", len(nat.Items), srcs.Items[0].Collaborations)
	}
	for _, n := range nat.Items {
		if len(n.Sources) != 2 {
			t.Errorf("a national record with %d sources, want 2", len(n.Sources))
			break
		}
	}
}
