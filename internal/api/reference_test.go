package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/samverkan/samverkan"
)

func TestMunicipalityList(t *testing.T) {
	a := newTestAPI(t)
	res := a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/municipalities"}, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	got := decodeAs[list[map[string]json.RawMessage]](t, res)
	if len(got.Items) != 290 || got.Total != 290 || got.Next != nil {
		t.Fatalf("municipalities: %d items, total %d, next %v; want 290, 290, nil", len(got.Items), got.Total, got.Next)
	}
	required := []string{"code", "name", "county_code", "county_name", "population", "population_year", "area_km2", "lat", "lon"}
	for _, m := range got.Items {
		for _, f := range required {
			if _, ok := m[f]; !ok {
				t.Fatalf("municipality %s lacks %q", m["code"], f)
			}
		}
		var code string
		if err := json.Unmarshal(m["code"], &code); err != nil || len(code) != 4 {
			t.Fatalf("code = %s, want 4 digits", m["code"])
		}
	}
}

func TestMunicipalityFilters(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		name      string
		path      string
		wantCodes []string // exact, when set
		wantMin   int
	}{
		{"county", "/api/v1/municipalities?county=06", nil, 13},
		{"name", "/api/v1/municipalities?q=gislaved", []string{gislaved}, 1},
		{"name without diacritics", "/api/v1/municipalities?q=varnamo", []string{varnamo}, 1},
		{"name in county", "/api/v1/municipalities?county=03&q=upp", []string{"0380"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := decodeAs[list[samverkan.Municipality]](t, a.mustDo(req{Method: "GET", Path: tc.path}, http.StatusOK))
			if len(got.Items) < tc.wantMin || got.Total != len(got.Items) {
				t.Fatalf("GET %s: %d items (total %d), want at least %d", tc.path, len(got.Items), got.Total, tc.wantMin)
			}
			if tc.wantCodes != nil {
				var codes []string
				for _, m := range got.Items {
					codes = append(codes, m.Code)
				}
				if len(codes) != len(tc.wantCodes) || codes[0] != tc.wantCodes[0] {
					t.Errorf("GET %s = %v, want %v", tc.path, codes, tc.wantCodes)
				}
			}
			for _, m := range got.Items {
				if tc.name == "county" && m.CountyCode != "06" {
					t.Errorf("county filter let through %s (%s)", m.Name, m.CountyCode)
				}
			}
		})
	}
}

func TestMunicipalityGet(t *testing.T) {
	a := newTestAPI(t)
	m := decodeAs[samverkan.Municipality](t, a.mustDo(req{Method: "GET", Path: "/api/v1/municipalities/0662"}, http.StatusOK))
	if m.Name != "Gislaved" || m.CountyCode != "06" || m.Population == 0 {
		t.Errorf("GET /municipalities/0662 = %+v", m)
	}
	for _, path := range []string{"/api/v1/municipalities/9999", "/api/v1/municipalities/abc", "/api/v1/municipalities/9999/collaborations"} {
		if p := problem(t, a.mustDo(req{Method: "GET", Path: path}, http.StatusNotFound)); p.Type != "/problems/not-found" {
			t.Errorf("GET %s: type %q", path, p.Type)
		}
	}
}

func TestVocabularies(t *testing.T) {
	a := newTestAPI(t)

	areas := decodeAs[list[struct {
		Code     string `json:"code"`
		Name     string `json:"name"`
		Children []struct {
			Code   string `json:"code"`
			Parent string `json:"parent"`
		} `json:"children"`
	}]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/areas"}, http.StatusOK))
	if len(areas.Items) != 8 {
		t.Errorf("areas: %d groups, want 8", len(areas.Items))
	}
	for _, g := range areas.Items {
		if len(g.Children) == 0 || g.Name == "" {
			t.Errorf("area group %s has no children or name", g.Code)
		}
		for _, c := range g.Children {
			if c.Parent != g.Code {
				t.Errorf("area %s under %s has parent %q", c.Code, g.Code, c.Parent)
			}
		}
	}

	forms := decodeAs[list[struct {
		Code  string `json:"code"`
		SV    string `json:"sv"`
		EN    string `json:"en"`
		Basis string `json:"basis"`
	}]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/legal-forms"}, http.StatusOK))
	if len(forms.Items) != len(samverkan.LegalForms) {
		t.Fatalf("legal forms: %d, want %d", len(forms.Items), len(samverkan.LegalForms))
	}
	if f := forms.Items[2]; f.Code != samverkan.FormJointCommittee || f.SV != "Gemensam nämnd" || f.EN == "" || f.Basis == "" {
		t.Errorf("legal form 2 = %+v", f)
	}

	statuses := decodeAs[list[struct {
		Code  string `json:"code"`
		SV    string `json:"sv"`
		Phase string `json:"phase"`
	}]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/statuses"}, http.StatusOK))
	if len(statuses.Items) != len(samverkan.Statuses) {
		t.Fatalf("statuses: %d, want %d", len(statuses.Items), len(samverkan.Statuses))
	}
	for _, s := range statuses.Items {
		if s.Phase != samverkan.PhaseOf(s.Code) || s.SV == "" {
			t.Errorf("status %+v", s)
		}
	}
}

func TestNotFoundAndMethod(t *testing.T) {
	a := newTestAPI(t)
	p := problem(t, a.mustDo(req{Method: "GET", Path: "/api/v1/nothing"}, http.StatusNotFound))
	if p.Type != "/problems/not-found" {
		t.Errorf("type = %q", p.Type)
	}
	res := a.mustDo(req{Method: "PATCH", Path: "/api/v1/networks"}, http.StatusMethodNotAllowed)
	problem(t, res)
	if got := res.Header.Get("Allow"); got != "GET, POST, HEAD" {
		t.Errorf("Allow = %q, want GET, POST, HEAD", got)
	}
}
