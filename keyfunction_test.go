package samverkan_test

import (
	"slices"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// The list of key functions (vocab/key_functions.csv) reads whole, with
// names in both languages and areas the catalogue knows.
func TestKeyFunctionList(t *testing.T) {
	cat := refdata.MustCatalog()
	list := samverkan.KeyFunctionList()
	if len(list) != 10 {
		t.Fatalf("%d key functions, want the 10 of the file", len(list))
	}
	seen := map[string]bool{}
	for _, f := range list {
		if f.Code == "" || f.SV == "" || f.EN == "" || len(f.Areas) == 0 || seen[f.Code] {
			t.Errorf("bad line %+v", f)
		}
		seen[f.Code] = true
		for _, a := range f.Areas {
			if _, ok := cat.Area(a); !ok {
				t.Errorf("%s: unknown area %s", f.Code, a)
			}
		}
	}
	if samverkan.KeyFunctions().Label("miljoinspektor", "sv") != "Miljö- och hälsoskyddsinspektör" {
		t.Error("label")
	}
}

func TestVulnerability(t *testing.T) {
	one, half, two := 1.0, 0.5, 2.0
	yes, no := true, false
	vac := 1
	n := &samverkan.Network{Slug: "n", Members: []samverkan.NetworkMember{{Code: "0617"}, {Code: "0662"}}}
	regs := map[string]*samverkan.MunicipalityKeyFunctions{
		"0617": {Municipality: "0617", Entries: []samverkan.KeyFunctionEntry{
			{Function: "miljoinspektor", FTE: &one},                   // one FTE: single-person
			{Function: "kommunjurist", FTE: &half, SinglePerson: &no}, // said otherwise
		}},
		"0662": {Municipality: "0662", Entries: []samverkan.KeyFunctionEntry{
			{Function: "miljoinspektor", FTE: &two, SinglePerson: &yes},
			{Function: "arkivarie", FTE: &two, Vacancies: &vac},
		}},
	}
	cs := []*samverkan.Collaboration{
		{ID: 1, Title: "Miljöförbund", Areas: []string{"261"}, Status: samverkan.StatusRunning},
		{ID: 2, Title: "Gemensam jurist", Areas: []string{"X-JUR"}, Status: samverkan.StatusIdea},
		{ID: 3, Title: "Avfall", Areas: []string{"870"}, Status: samverkan.StatusRunning},
	}
	v := samverkan.BuildVulnerability(n, regs, cs, samverkan.MustDate("2026-01-01"))
	get := func(code string) samverkan.VulnerableFunction {
		for _, f := range v.Functions {
			if f.Function == code {
				return f
			}
		}
		t.Fatalf("no %s", code)
		return samverkan.VulnerableFunction{}
	}
	env := get("miljoinspektor")
	if !slices.Equal(env.SinglePerson, []string{"0617", "0662"}) || len(env.Sharing) != 1 || env.Sharing[0].ID != 1 || len(env.Ideas) != 0 {
		t.Errorf("miljoinspektor = %+v", env)
	}
	jur := get("kommunjurist")
	if len(jur.SinglePerson) != 0 || len(jur.Ideas) != 1 || jur.Ideas[0].ID != 2 || jur.Entries[1] != nil {
		t.Errorf("kommunjurist = %+v", jur)
	}
	ark := get("arkivarie")
	if e := ark.Entries[1]; e == nil || !e.Vulnerable() || e.SinglePersonDependent() {
		t.Errorf("arkivarie = %+v", ark)
	}
}
