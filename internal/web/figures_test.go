package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestTotalsSayWhatTheyCover: a total over amounts some of which nobody
// entered says how many it covers; a total over none is unknown, never
// 0 kr: on the overview, the public view and its JSON, in both languages.
func TestTotalsSayWhatTheyCover(t *testing.T) {
	e := newEnv(t)
	cost := func(n int64) *int64 { return &n }
	add := func(title, net, status string, c *int64) {
		co := sqldbtest.Collaboration(title, gislaved, gnosjo)
		co.Networks, co.Status, co.AnnualCost = []string{net}, status, c
		e.mustCreate(co)
	}
	add("Känd A", "ggvv", samverkan.StatusRunning, cost(1_000_000))
	add("Okänd", "ggvv", samverkan.StatusRunning, nil)
	add("Känd B", "ggvv", samverkan.StatusRunning, cost(200_000))
	add("Idé med kostnad", "ggvv", samverkan.StatusIdea, cost(5)) // not running: not in the sum
	other := sqldbtest.Network("ovrigt", gislaved, gnosjo)
	other.Name = "Övrigt"
	sqldbtest.MustCreateNetwork(t, e.db, other)
	add("Ingen kostnad", "ovrigt", samverkan.StatusRunning, nil)

	row := func(body, name string) string {
		i := strings.Index(body, ">"+name+"</a>")
		if i < 0 {
			t.Fatalf("no row for %s", name)
		}
		end := strings.Index(body[i:], "</tr>")
		return strings.Join(strings.Fields(text(body[i:i+end])), " ")
	}
	for _, tc := range []struct {
		lang, known, unknown string
		cookies              []*http.Cookie
	}{
		{"sv", "1 200 000 kr (2 av 3 samverkan har uppgift)", "uppgift saknas", nil},
		{"en", "SEK 1,200,000 (2 of 3 collaborations have a figure)", "not known", []*http.Cookie{{Name: "lang", Value: "en"}}},
	} {
		for _, path := range []string{"/", "/insyn"} {
			body := e.get(path, tc.cookies...).Body
			if r := row(body, "GGVV"); !strings.Contains(r, tc.known) {
				t.Errorf("%s %s: GGVV row %q lacks %q", tc.lang, path, r, tc.known)
			}
			if r := row(body, "Övrigt"); !strings.Contains(r, tc.unknown) || strings.Contains(r, "0 kr") || strings.Contains(r, "SEK 0") {
				t.Errorf("%s %s: row without a known cost %q, want %q", tc.lang, path, r, tc.unknown)
			}
		}
		body := text(e.get("/insyn/natverk/ggvv", tc.cookies...).Body)
		if !strings.Contains(strings.Join(strings.Fields(body), " "), tc.known) {
			t.Errorf("%s /insyn/natverk/ggvv lacks %q", tc.lang, tc.known)
		}
	}

	var home struct {
		Networks []struct {
			Slug  string `json:"slug"`
			Cost  *int64 `json:"annual_cost_running"`
			Known int    `json:"annual_cost_known"`
		} `json:"networks"`
		Totals struct {
			Cost    *int64 `json:"annual_cost_running"`
			Known   int    `json:"annual_cost_known"`
			Running int    `json:"running"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(e.get("/insyn.json").Body), &home); err != nil {
		t.Fatal(err)
	}
	for _, n := range home.Networks {
		switch {
		case n.Slug == "ggvv" && (n.Cost == nil || *n.Cost != 1_200_000 || n.Known != 2):
			t.Errorf("insyn.json ggvv: cost %v of %d known, want 1200000 of 2", n.Cost, n.Known)
		case n.Slug == "ovrigt" && (n.Cost != nil || n.Known != 0):
			t.Errorf("insyn.json ovrigt: cost %v of %d known, want null of 0", *n.Cost, n.Known)
		}
	}
	if home.Totals.Cost == nil || *home.Totals.Cost != 1_200_000 || home.Totals.Known != 2 || home.Totals.Running != 4 {
		t.Errorf("insyn.json totals = %+v", home.Totals)
	}
}

// TestUnknownStartAndCostInLists: a collaboration without a start date or
// a cost shows "okänt" and "uppgift saknas" in the lists, not blanks.
func TestUnknownStartAndCostInLists(t *testing.T) {
	e := newEnv(t)
	c := sqldbtest.Collaboration("Utan datum och kostnad", gislaved, gnosjo)
	c.Networks = []string{"ggvv"}
	c = e.mustCreate(c)
	for _, path := range []string{"/natverk/ggvv", "/kommun/" + gislaved, "/insyn/natverk/ggvv"} {
		body := e.get(path).Body
		i := strings.Index(body, "Utan datum och kostnad")
		if i < 0 {
			t.Fatalf("%s: no row", path)
		}
		r := strings.Join(strings.Fields(text(body[i:i+strings.Index(body[i:], "</tr>")])), " ")
		if !strings.Contains(r, "okänt") || !strings.Contains(r, "uppgift saknas") {
			t.Errorf("%s: row %q, want okänt and uppgift saknas", path, r)
		}
	}
	body := text(e.get(fmt.Sprintf("/samverkan/%d", c.ID)).Body)
	wantContains(t, "collaboration page", body, "Okänt", "Uppgift saknas")
}

// TestSearchITInDemo: a search for "IT" in the demo lists the IT
// collaborations (IT in the title) first, finds IT as a word and never
// inside one ("ambitionen"), and marks the whole word it matched.
func TestSearchITInDemo(t *testing.T) {
	a := newAuthEnv(t)
	res := a.request(roleAdmin, "GET", "/sok?q=IT", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("GET /sok?q=IT = %d", res.Code)
	}
	titles := regexp.MustCompile(`<a href="/samverkan/\d+">([^<]+)</a>`).FindAllStringSubmatch(res.Body, -1)
	if len(titles) < 3 {
		t.Fatalf("only %d results for IT: %v", len(titles), titles)
	}
	itTitle := regexp.MustCompile(`(?i)(^|[^\p{L}])it([^\p{L}]|$)`)
	seenOther := false
	for _, m := range titles {
		title := html.UnescapeString(m[1])
		if itTitle.MatchString(title) {
			if seenOther {
				t.Errorf("%q comes after a result without IT in its title: %v", title, titles)
			}
		} else {
			seenOther = true
		}
	}
	if !itTitle.MatchString(html.UnescapeString(titles[0][1])) || !itTitle.MatchString(html.UnescapeString(titles[2][1])) {
		t.Errorf("the first results are not the IT collaborations: %v", titles)
	}
	for _, m := range regexp.MustCompile(`<mark>([^<]*)</mark>`).FindAllStringSubmatch(res.Body, -1) {
		if !strings.HasPrefix(strings.ToLower(m[1]), "it") {
			t.Errorf("marked %q for IT", m[1])
		}
	}
	if strings.Contains(strings.ToLower(text(res.Body)), "ambitionen") && strings.Contains(res.Body, "mbit<mark>") {
		t.Error("IT is marked inside ambitionen")
	}
}
