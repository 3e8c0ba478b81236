package refdata

import (
	"encoding/json"
	"testing"
)

func TestMunicipalities(t *testing.T) {
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 290 {
		t.Fatalf("got %d municipalities, want 290", len(ms))
	}
	seen := map[string]bool{}
	counties := map[string]string{}
	total := 0
	for _, m := range ms {
		if len(m.Code) != 4 || seen[m.Code] {
			t.Errorf("bad or duplicate code %q", m.Code)
		}
		seen[m.Code] = true
		if m.Name == "" || m.CountyName == "" {
			t.Errorf("%s: name %q county %q: want both set", m.Code, m.Name, m.CountyName)
		}
		if m.Code[:2] != m.CountyCode {
			t.Errorf("%s: county code %s does not match", m.Code, m.CountyCode)
		}
		counties[m.CountyCode] = m.CountyName
		total += m.Population
		if m.SKRGroup == "" {
			t.Errorf("%s: no SKR group", m.Code)
		}
	}
	if len(counties) != 21 {
		t.Errorf("got %d counties, want 21", len(counties))
	}
	if total != 10327589 {
		t.Errorf("population sum %d, want SCB's 10327589 for 2019-12-31", total)
	}
}

func TestNeighbours(t *testing.T) {
	got := map[string]bool{}
	for _, c := range Neighbours("0662") { // Gislaved
		got[c] = true
	}
	for _, want := range []string{"0617", "0665", "0683"} { // Gnosjö, Vaggeryd, Värnamo
		if !got[want] {
			t.Errorf("Gislaved's neighbours lack %s", want)
		}
	}
	if n := Neighbours("0980"); len(n) != 0 { // Gotland
		t.Errorf("Gotland has neighbours %v, want none", n)
	}
}

func TestBoundaries(t *testing.T) {
	var fc struct {
		Features []struct {
			Properties struct{ Code string } `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(Boundaries, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 290 {
		t.Errorf("got %d features, want 290", len(fc.Features))
	}
}

func TestLookup(t *testing.T) {
	cat := MustCatalog()
	for in, want := range map[string]string{
		"Värnamo": "0683", "värnamo kommun": "0683", "VÄRNAMO": "0683", "Gislaveds kommun": "0662",
		"Ornskoldsvik": "2284", "0683": "0683", "683": "0683", "Malmö stad": "1280", "Borås": "1490",
	} {
		m, ok := cat.LookupMunicipality(in)
		if !ok || m.Code != want {
			t.Errorf("LookupMunicipality(%q) = %q, %v; want %q", in, m.Code, ok, want)
		}
	}
	if _, ok := cat.LookupMunicipality("Atlantis"); ok {
		t.Error("LookupMunicipality(Atlantis) found something")
	}
}

// The legal names come from SCB's register (data/README.md): formal
// documents such as the KL 9:38 report use them.
func TestOfficialNames(t *testing.T) {
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"0662": "Gislaveds kommun", "0180": "Stockholms kommun", "0980": "Gotlands kommun",
		"0114": "Upplands Väsby kommun", "0331": "Heby kommun"}
	for _, m := range ms {
		if m.OfficialName == "" {
			t.Errorf("%s %s: no official name", m.Code, m.Name)
		}
		if w, ok := want[m.Code]; ok && m.OfficialName != w {
			t.Errorf("%s: official name %q, want %q", m.Code, m.OfficialName, w)
		}
	}
}
