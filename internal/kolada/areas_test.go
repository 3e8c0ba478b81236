package kolada

import (
	"testing"

	"github.com/samverkan/samverkan"
)

// Every row of the map names a known area and a KPI id the client accepts.
func TestAreaKPIs(t *testing.T) {
	all, err := AreaKPIs()
	if err != nil {
		t.Fatal(err)
	}
	areas := map[string]bool{}
	for _, a := range samverkan.DefaultAreas {
		areas[a.Code] = true
	}
	for _, a := range all {
		if !areas[a.Area] {
			t.Errorf("unknown area %q", a.Area)
		}
		if _, err := ids("KPI", []string{a.KPI}); err != nil || a.Title == "" || a.Kind == "" {
			t.Errorf("bad row %+v: %v", a, err)
		}
	}
	if len(KPIsForArea("249")) != 1 || KPIsForArea("249")[0].KPI != "N07024" {
		t.Errorf("249 → %v", KPIsForArea("249"))
	}
}
