package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// pictureMatrixCases are the route × role cases of the pictures (issue 14).
func pictureMatrixCases() map[string]matrixCase {
	return map[string]matrixCase{
		"GET /karta":                          {"read", "/karta", nil},
		"GET /natverk/{slug}/matris":          {"read", "/natverk/ggvv/matris", nil},
		"GET /natverk/{slug}/graf":            {"read", "/natverk/ggvv/graf", nil},
		"GET /graf":                           {"read", "/graf", nil},
		"GET /natverk/{slug}/diagram":         {"read", "/natverk/ggvv/diagram", nil},
		"GET /natverk/{slug}/sarbarhet":       {"read", "/natverk/ggvv/sarbarhet", nil},
		"GET /kommun/{code}/nyckelfunktioner": {"read", "/kommun/0331/nyckelfunktioner", nil},
		// A stale version: allowed, refused by the store, nothing changes.
		"POST /kommun/{code}/nyckelfunktioner": {"updateMunicipality", "/kommun/0331/nyckelfunktioner", url.Values{"version": {"999"}}},
		"GET /natverk/{slug}/matris.csv":       {"read", "/natverk/ggvv/matris.csv", nil},
		"GET /natverk/{slug}/matris.xlsx":      {"read", "/natverk/ggvv/matris.xlsx", nil},
	}
}

var linkedPath = regexp.MustCompile(`<a href="/kommun/(\d{4})" aria-label="[^"]+"><title>[^<]+</title><path d="M[-0-9 lzM]+"/></a>`)

// The map of Sweden has one linked path per municipality, with its name as
// title, and a table of the same facts beside it; the page stays under
// 250 kB.
func TestMapPage(t *testing.T) {
	a := newAuthEnv(t)
	for _, path := range []string{"/karta", "/karta?natverk=ggvv&lager=deltagare", "/karta?omrade=X-IT&form=gemensam_namnd&natverk=c-tillsammans"} {
		res := a.request(roleReader, "GET", path, nil)
		if res.Code != 200 {
			t.Fatalf("%s = %d", path, res.Code)
		}
		codes := map[string]bool{}
		for _, m := range linkedPath.FindAllStringSubmatch(res.Body, -1) {
			codes[m[1]] = true
		}
		if len(codes) != 290 {
			t.Errorf("%s: %d linked municipalities, want 290", path, len(codes))
		}
		if n := len(res.Body); n > 250*1024 {
			t.Errorf("%s weighs %d bytes, budget 250 kB", path, n)
		} else {
			t.Logf("%s weighs %d bytes", path, n)
		}
		if !strings.Contains(res.Body, `<caption id="karta`) {
			t.Errorf("%s: no table beside the map", path)
		}
	}
	// The GGVV layer: members and Jönköping-free outside list in the table.
	res := a.request(roleReader, "GET", "/karta?natverk=ggvv&lager=deltagare", nil)
	body := text(res.Body)
	for _, want := range []string{"Gislaved", "Medlem i nätverket", "Gnosjö", "Vaggeryd", "Värnamo"} {
		if !strings.Contains(body, want) {
			t.Errorf("GGVV layer lacks %q", want)
		}
	}
	// The choropleth counts what the register holds: Heby takes part in
	// the joint IT board.
	res = a.request(roleReader, "GET", "/karta", nil)
	if !regexp.MustCompile(`<a href="/kommun/0331">Heby</a></th><td>Uppsala län</td><td class="num">[1-9]`).MatchString(res.Body) {
		t.Error("Heby's row does not count its collaborations")
	}
	// Municipalities without a collaboration have a class of their own.
	if !strings.Contains(res.Body, `">0</text>`) || strings.Count(res.Body, `<rect x=`) < 3 {
		t.Error("the legend has no class 0 beside the classes of the counts")
	}
	// The network and municipality pages carry their own maps.
	for _, path := range []string{"/natverk/ggvv", "/kommun/0331"} {
		res := a.request(roleReader, "GET", path, nil)
		if res.Code != 200 || !strings.Contains(res.Body, `class="map map-zoom"`) || !strings.Contains(res.Body, `<div class="table-scroll map-table"`) {
			t.Errorf("%s = %d without a map and its table", path, res.Code)
		}
	}
}

// The GGVV matrix shows SÅM covering waste for all four; C-Tillsammans'
// gaps are written out; the exports hold the same rows.
func TestCoveragePage(t *testing.T) {
	a := newAuthEnv(t)
	res := a.request(roleReader, "GET", "/natverk/ggvv/matris", nil)
	if res.Code != 200 {
		t.Fatalf("matris = %d", res.Code)
	}
	row := regexp.MustCompile(`(?s)<th scope="row">Avfallshantering</th>(.*?)</tr>`).FindStringSubmatch(res.Body)
	if row == nil || strings.Count(row[1], ">SÅM – Samverkan Återvinning Miljö</a>") != 4 || !strings.Contains(row[1], "4 av 4") {
		t.Errorf("GGVV waste row: %v", row)
	}
	wantContains(t, "GGVV", text(res.Body), "Inga luckor")
	res = a.request(roleReader, "GET", "/natverk/c-tillsammans/matris", nil)
	wantContains(t, "C-Tillsammans", text(res.Body), "IT-drift, infrastruktur, licenser: 5 av 7 deltar; Enköping och Håbo saknas")
	// Uncovered cells and the count column, translated once per page.
	if !strings.Contains(res.Body, `<td class="uncovered">Deltar inte</td>`) || !strings.Contains(res.Body, `<td class="num">5 av 7</td>`) {
		t.Error("C-Tillsammans: no uncovered cell or no \"5 av 7\" in the count column")
	}
	res = a.request(roleReader, "GET", "/natverk/ggvv/matris.csv", nil)
	if res.Code != 200 || !strings.HasPrefix(res.Body, "\uFEFFOmråde;Gislaved;Gnosjö;Vaggeryd;Värnamo;Deltar\r\n") ||
		!strings.Contains(res.Body, "Avfallshantering;SÅM – Samverkan Återvinning Miljö;SÅM – Samverkan Återvinning Miljö;SÅM – Samverkan Återvinning Miljö;SÅM – Samverkan Återvinning Miljö;4 / 4") {
		t.Errorf("CSV = %d %q", res.Code, res.Body)
	}
	res = a.request(roleReader, "GET", "/natverk/ggvv/matris.xlsx", nil)
	if res.Code != 200 || !strings.HasPrefix(res.Body, "PK") {
		t.Errorf("XLSX = %d", res.Code)
	}
}

// The network graph of GGVV: the four members all tied by SÅM and the
// company, weighted 2, with the table of measures beside it.
func TestGraphPage(t *testing.T) {
	a := newAuthEnv(t)
	res := a.request(roleReader, "GET", "/natverk/ggvv/graf", nil)
	if res.Code != 200 {
		t.Fatalf("graf = %d", res.Code)
	}
	if !strings.Contains(res.Body, `<svg`) || !strings.Contains(res.Body, `role="img"`) {
		t.Error("no drawn graph")
	}
	// Each member shares two collaborations with each of the other three:
	// degree 3, weighted degree 6, no betweenness, one community.
	row := regexp.MustCompile(`<a href="/kommun/0662">Gislaved</a></th><td>Medlem i nätverket</td><td class="num">(\d+)</td><td class="num">(\d+)</td><td class="num">([0-9,]+)</td><td class="num">(\d+)</td>`).FindStringSubmatch(res.Body)
	if row == nil || row[1] != "3" || row[2] != "6" || row[3] != "0,0" || row[4] != "1" {
		t.Errorf("Gislaved's row = %v", row)
	}
	res = a.request(roleReader, "GET", "/graf", nil)
	if res.Code != 200 || !strings.Contains(res.Body, `<caption id="noder-caption">`) {
		t.Errorf("national graph = %d", res.Code)
	}
}

// Every chart has its title, a drawn svg and the table of the same
// figures; a cost nobody entered stays unknown.
func TestChartsPage(t *testing.T) {
	a := newAuthEnv(t)
	res := a.request(roleReader, "GET", "/natverk/ggvv/diagram", nil)
	if res.Code != 200 {
		t.Fatalf("diagram = %d", res.Code)
	}
	// GGVV's running collaborations have no known start year: that chart
	// says so in words instead of drawing nothing.
	if n := strings.Count(res.Body, `<figure class="chart-figure"><svg`); n != 4 {
		t.Errorf("%d charts, want 4", n)
	}
	body := text(res.Body)
	wantContains(t, "charts", body, "2 pågående samverkan har inget känt startår")
	wantContains(t, "charts", body, "Pågående samverkan per samverkansform", "Kommunalförbund", "Årlig kostnad per medlem")
	// GGVV's collaborations state no annual cost: every member's is unknown.
	row := regexp.MustCompile(`<th scope="row">Gislaved</th><td class="num">([^<]+)</td>`).FindStringSubmatch(res.Body)
	if row == nil || row[1] != "Okänd" {
		t.Errorf("Gislaved's cost = %v, want unknown", row)
	}
}

// The vulnerability map of GGVV: a real table with the words in each
// cell, single-person dependencies flagged in words with the collaborations
// that share the function; the register is edited with a version.
func TestKeyFunctionsAndVulnerability(t *testing.T) {
	a := newAuthEnv(t)
	res := a.request(roleReader, "GET", "/natverk/ggvv/sarbarhet", nil)
	if res.Code != 200 {
		t.Fatalf("sarbarhet = %d", res.Code)
	}
	body := text(res.Body)
	wantContains(t, "vulnerability", body, "Exempel: värden märkta som exempel är påhittade",
		"Miljö- och hälsoskyddsinspektör: en person ensam i Gnosjö.", "4 av 4 medlemmar har registrerat nyckelfunktioner.")
	if !strings.Contains(res.Body, `<table class="heatmap">`) || !strings.Contains(res.Body, `<td class="heat heat-hog"><span class="level">Ensamberoende</span>`) {
		t.Error("no heat map table with words in its cells")
	}

	// Heby's editor saves Heby's register; a stale version is refused
	// and a bad figure is named.
	path := "/kommun/" + heby + "/nyckelfunktioner"
	form := url.Values{"version": {"0"}, "fte.kommunjurist": {"1,5"}, "ensam.kommunjurist": {"nej"}, "svarighet.kommunjurist": {"4"}}
	res = a.request(roleHeby, "POST", path, form)
	if res.Code != 303 {
		t.Fatalf("save = %d %s", res.Code, text(res.Body))
	}
	res = a.request(roleHeby, "GET", path, nil)
	if !strings.Contains(res.Body, `name="fte.kommunjurist" value="1,5"`) || !strings.Contains(res.Body, `name="version" value="1"`) {
		t.Error("the saved register does not come back")
	}
	if res = a.request(roleHeby, "POST", path, form); res.Code != 409 || !strings.Contains(text(res.Body), "Någon annan har ändrat nyckelfunktionerna") {
		t.Errorf("stale save = %d", res.Code)
	}
	bad := url.Values{"version": {"1"}, "fte.kommunjurist": {"mycket"}}
	if res = a.request(roleHeby, "POST", path, bad); res.Code != 422 || !strings.Contains(res.Body, `id="fte-kommunjurist-err"`) {
		t.Errorf("bad save = %d", res.Code)
	}
	// A reader sees the register without a form.
	res = a.request(roleReader, "GET", path, nil)
	if res.Code != 200 || strings.Contains(res.Body, `<form method="post" action="`+path) {
		t.Errorf("reader's view = %d", res.Code)
	}
}
