package web_test

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// Codes of the GGVV members and an outside municipality.
const (
	gislaved  = "0662"
	gnosjo    = "0617"
	vaggeryd  = "0665"
	varnamo   = "0683"
	jonkoping = "0680"
)

var (
	renderedMu sync.Mutex
	rendered   = map[string]bool{}
)

func TestMain(m *testing.M) {
	web.SetRenderHook(func(name string) {
		renderedMu.Lock()
		rendered[name] = true
		renderedMu.Unlock()
	})
	code := m.Run()
	// Every template must be executed by some test; only checked when the
	// whole suite ran.
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		names, err := web.PageNames()
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		var missing []string
		for _, n := range names {
			if !rendered[n] {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			fmt.Printf("templates never executed by a test: %v\n", missing)
			code = 1
		}
	}
	os.Exit(code)
}

type env struct {
	t   *testing.T
	db  *sqldb.DB
	h   http.Handler
	cat *samverkan.Catalog
}

// newEnv returns the real handler over a fresh SQLite store holding the
// network GGVV.
func newEnv(t *testing.T) *env {
	t.Helper()
	db := sqldbtest.New(t)
	n := sqldbtest.Network("ggvv", gislaved, gnosjo, vaggeryd, varnamo)
	n.Name = "GGVV"
	n.Description = "Gislaved, Gnosjö, Vaggeryd och Värnamo samverkar."
	n.Coordinator = "Samverkanssamordnare"
	n.Declaration = samverkan.Declaration{Adopted: samverkan.MustDate("2020-05-07"),
		Purposes: []samverkan.Purpose{{Text: "Minska sårbarheten", Dimension: "sarbarhet"}}}
	n.Hosts = []samverkan.HostYear{{Year: 2024, Code: varnamo, Role: "vard_ordforande"}}
	sqldbtest.MustCreateNetwork(t, db, n)
	cat := refdata.MustCatalog()
	h, err := web.New(web.Options{Store: db, Catalog: cat, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// The handler's own tests act as an admin; the login itself, the
	// rules and the roles are tested through the real auth middleware in
	// auth_test.go and matrix_test.go.
	return &env{t: t, db: db, h: asUser(h, testAdmin), cat: cat}
}

type response struct {
	Code   int
	Body   string
	Header http.Header
}

func (e *env) do(req *http.Request, cookies ...*http.Cookie) response {
	e.t.Helper()
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Body.String(), rec.Header()}
}

func (e *env) get(path string, cookies ...*http.Cookie) response {
	e.t.Helper()
	return e.do(httptest.NewRequest("GET", path, nil), cookies...)
}

func (e *env) post(path string, v url.Values) response {
	e.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(req)
}

func (e *env) mustCreate(c *samverkan.Collaboration) *samverkan.Collaboration {
	e.t.Helper()
	return sqldbtest.MustCreateCollaboration(e.t, e.db, c)
}

func (e *env) count() int {
	e.t.Helper()
	_, n, err := e.db.FindCollaborations(context.Background(), samverkan.CollaborationFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func wantContains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: body lacks %q", what, w)
		}
	}
}

// text returns the body with tags stripped and entities decoded, for
// checks of what a reader sees.
func text(body string) string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, ""))
}

// validForm is a form for a collaboration of two GGVV members and one
// outside municipality (typed by name, by code and with "kommun").
func validForm() url.Values {
	return url.Values{
		"title":                     {"Gemensam överförmyndare"},
		"description":               {"En gemensam nämnd för överförmyndarfrågor."},
		"legal_form":                {samverkan.FormJointCommittee},
		"status":                    {samverkan.StatusRunning},
		"areas":                     {"X-OF"},
		"networks":                  {"ggvv"},
		"purposes":                  {"sarbarhet"},
		"host":                      {"Gislaved"},
		"start":                     {"2021-01-01"},
		"annual_cost":               {"1 200 000"},
		"cost_key":                  {"invanare"},
		"public":                    {"1"},
		"members.0.code":            {"Gislaved"},
		"members.0.role":            {samverkan.RoleHost},
		"members.0.joined":          {""},
		"members.0.left":            {""},
		"members.1.code":            {"gnosjö kommun"},
		"members.1.role":            {samverkan.RoleMember},
		"members.1.joined":          {""},
		"members.1.left":            {""},
		"members.2.code":            {jonkoping},
		"members.2.role":            {samverkan.RoleMember},
		"members.2.joined":          {"2022-01-01"},
		"members.2.left":            {""},
		"members.3.code":            {""},
		"members.3.role":            {samverkan.RoleMember},
		"members.3.joined":          {""},
		"members.3.left":            {""},
		"parties.0.name":            {"Region Jönköpings län"},
		"parties.0.kind":            {"region"},
		"parties.0.role":            {samverkan.RoleObserver},
		"parties.0.joined":          {""},
		"parties.0.left":            {""},
		"documents.0.type":          {"samverkansavtal"},
		"documents.0.title":         {"Avtal om gemensam överförmyndarnämnd"},
		"documents.0.url":           {"https://example.org/avtal.pdf"},
		"documents.0.notice_months": {"12"},
		"contacts.0.function":       {"Samverkanssamordnare"},
		"sources.0.text":            {"Kommunernas protokoll"},
		"sources.0.url":             {"https://example.org/protokoll"},
	}
}

func TestCreateViaForm(t *testing.T) {
	e := newEnv(t)
	res := e.post("/samverkan/ny", validForm())
	if res.Code != http.StatusSeeOther {
		t.Fatalf("POST /samverkan/ny = %d, want 303: %s", res.Code, text(res.Body))
	}
	loc := res.Header.Get("Location")
	if !regexp.MustCompile(`^/samverkan/\d+\?klart=skapad$`).MatchString(loc) {
		t.Fatalf("Location = %q", loc)
	}
	page := e.get(loc)
	if page.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", loc, page.Code)
	}
	wantContains(t, "collaboration page", text(page.Body), "Gemensam överförmyndare", "Samverkan är registrerad.",
		"1 200 000 kr", "Gemensam nämnd", "KL 3 kap. 9 §", "Gislaved", "Gnosjö", "Jönköping", "Region Jönköpings län",
		"Överförmyndare", "Minskad sårbarhet", "Efter invånarantal", "Samverkansavtal", "12 månader",
		"Samverkanssamordnare", "Registrerad", "Redigera", "Ta bort", "GGVV")
	// A source links to where it is, named by its site.
	wantContains(t, "collaboration page", page.Body, `<a href="https://example.org/protokoll">example.org</a>`)
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/samverkan/")
	link := `href="/samverkan/` + id + `"`
	for _, code := range []string{gislaved, gnosjo, jonkoping} {
		if got := e.get("/kommun/" + code); !strings.Contains(got.Body, link) {
			t.Errorf("/kommun/%s does not link the new collaboration", code)
		}
	}
	if got := e.get("/kommun/" + vaggeryd); strings.Contains(got.Body, link) {
		t.Errorf("/kommun/%s links a collaboration it does not take part in", vaggeryd)
	}
	if got := e.get("/natverk/ggvv"); !strings.Contains(got.Body, link) {
		t.Errorf("network page does not list the new collaboration")
	}
}

func TestCreateInvalid(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(v url.Values)
		wants []string // in the page as the reader sees it
		field string   // id of the input marked invalid
		input string   // the user's input, as it appears in the HTML
	}{
		{"fewer than two participants", func(v url.Values) {
			v.Set("members.1.code", "")
			v.Set("members.2.code", "")
			v.Set("members.2.joined", "")
			v.Set("parties.0.name", "")
			v.Set("host", "")
		}, []string{"En samverkan måste ha minst två deltagare."}, "f-members-0-code", `value="Gislaved"`},
		{"unknown municipality", func(v url.Values) { v.Set("members.1.code", "Atlantis") },
			[]string{`Okänd kommun: "Atlantis". Ange kommunens namn eller fyrsiffriga kod.`}, "f-members-1-code", `value="Atlantis"`},
		{"end before start", func(v url.Values) { v.Set("end", "2020-01-01") },
			[]string{"Slutdatum kan inte ligga före startdatum."}, "f-end", `value="2020-01-01"`},
		{"unknown legal form", func(v url.Values) { v.Set("legal_form", "kollektiv") },
			[]string{`Okänd samverkansform: "kollektiv".`}, "f-legal_form", `value="kollektiv" selected`},
		{"unknown area", func(v url.Values) { v["areas"] = []string{"X-OF", "Z-9"} },
			[]string{`Okänt verksamhetsområde: "Z-9".`}, "", `value="Z-9" checked`},
		{"empty title", func(v url.Values) { v.Set("title", "  ") },
			[]string{"Fältet måste fyllas i."}, "f-title", `value="1 200 000"`},
		{"bad amount", func(v url.Values) { v.Set("annual_cost", "en miljon") },
			[]string{`Ogiltigt belopp: "en miljon".`}, "f-annual_cost", `value="en miljon"`},
		{"bad notice period", func(v url.Values) { v.Set("documents.0.notice_months", "ett år") },
			[]string{`Ogiltigt antal månader: "ett år".`}, "f-documents-0-notice_months", `value="ett år"`},
		{"bad source url", func(v url.Values) { v.Set("sources.0.url", "javascript:alert(1)") },
			[]string{`Ogiltig webbadress`}, "f-sources-0-url", `Kommunernas protokoll`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			v := validForm()
			tc.edit(v)
			res := e.post("/samverkan/ny", v)
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("POST = %d, want 422: %.500s", res.Code, text(res.Body))
			}
			wantContains(t, "page text", text(res.Body), append(tc.wants, "Uppgifterna behöver rättas")...)
			wantContains(t, "html", res.Body, tc.input, `class="error-summary"`, `>En gemensam nämnd för överförmyndarfrågor.</textarea>`)
			if tc.field != "" {
				wantContains(t, "html", res.Body, `href="#`+tc.field+`"`, `id="`+tc.field+`-err"`)
				if !describedByError(res.Body, tc.field) {
					t.Errorf("the control %s does not point at its error", tc.field)
				}
				re := regexp.MustCompile(`id="` + tc.field + `"[^>]*aria-invalid="true"`)
				if !re.MatchString(res.Body) {
					t.Errorf("input %s is not marked aria-invalid", tc.field)
				}
			}
			if n := e.count(); n != 0 {
				t.Errorf("%d collaborations stored, want 0", n)
			}
		})
	}
}

func TestMoreRows(t *testing.T) {
	e := newEnv(t)
	v := validForm()
	v.Set("fler", "members")
	res := e.post("/samverkan/ny", v)
	if res.Code != http.StatusOK {
		t.Fatalf("POST fler = %d", res.Code)
	}
	wantContains(t, "form", res.Body, `name="members.6.code"`, `value="gnosjö kommun"`)
	if strings.Contains(res.Body, `name="members.7.code"`) {
		t.Errorf("more than three rows added")
	}
	if n := e.count(); n != 0 {
		t.Errorf("Fler rader stored %d collaborations", n)
	}
}

func editVersion(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no version in the edit form")
	}
	return m[1]
}

func TestEditAndStale(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(sqldbtest.Collaboration("IT-drift", gislaved, gnosjo))
	path := fmt.Sprintf("/samverkan/%d/redigera", c.ID)
	form := e.get(path)
	if form.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, form.Code)
	}
	wantContains(t, "edit form", form.Body, `value="IT-drift"`, `value="Gislaved"`, `value="Gnosjö"`)
	version := editVersion(t, form.Body)

	first := validForm()
	first.Set("version", version)
	first.Set("title", "IT-drift (första)")
	if res := e.post(path, first); res.Code != http.StatusSeeOther {
		t.Fatalf("first POST = %d: %.500s", res.Code, text(res.Body))
	}
	second := validForm()
	second.Set("version", version)
	second.Set("title", "IT-drift (andra)")
	res := e.post(path, second)
	if res.Code != http.StatusConflict {
		t.Fatalf("stale POST = %d, want 409", res.Code)
	}
	wantContains(t, "conflict page", text(res.Body), "Någon annan har ändrat den här samverkan sedan du öppnade formuläret")
	wantContains(t, "conflict page", res.Body, `value="IT-drift (andra)"`, fmt.Sprintf(`href="/samverkan/%d"`, c.ID))
	got, err := e.db.CollaborationByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "IT-drift (första)" || len(got.Participants) != 4 {
		t.Errorf("stored %q with %d participants, want the first write", got.Title, len(got.Participants))
	}
}

func TestDelete(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(sqldbtest.Collaboration("Räddningstjänst", gislaved, gnosjo))
	path := fmt.Sprintf("/samverkan/%d/ta-bort", c.ID)
	confirm := e.get(path)
	if confirm.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, confirm.Code)
	}
	version := editVersion(t, confirm.Body)
	if res := e.post(path, url.Values{"version": {"999"}}); res.Code != http.StatusConflict {
		t.Errorf("stale delete = %d, want 409", res.Code)
	}
	res := e.post(path, url.Values{"version": {version}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("delete = %d: %.300s", res.Code, text(res.Body))
	}
	if got := e.get(fmt.Sprintf("/samverkan/%d", c.ID)); got.Code != http.StatusNotFound {
		t.Errorf("deleted collaboration = %d, want 404", got.Code)
	}
}

func TestPages(t *testing.T) {
	e := newEnv(t)
	c := sqldbtest.Collaboration("Gemensam växel", gislaved, gnosjo, vaggeryd)
	c.Description = "Kommunerna driver en gemensam växel och ett kontaktcenter för invånarna."
	c.Networks = []string{"ggvv"}
	c.Areas = []string{"X-KONT"}
	cost := int64(2500000)
	c.AnnualCost = &cost
	e.mustCreate(c)
	tests := []struct {
		path  string
		wants []string
	}{
		{"/", []string{"Samverkan mellan kommuner", "GGVV", "2 500 000 kr", "Totalt"}},
		{"/natverk/ggvv", []string{"GGVV", "Gislaved", "Värnamo", "Avsiktsförklaring", "2020-05-07", "Minska sårbarheten",
			"Samverkanssamordnare", "Värd och ordförande", "Gemensam växel", "Ny samverkan i nätverket", "Visar 1–1 av 1 samverkan."}},
		{fmt.Sprintf("/samverkan/%d", c.ID), []string{"Gemensam växel", "Kontaktcenter och växel", "2 500 000 kr", "Historik"}},
		{"/samverkan/ny", []string{"Ny samverkan", "Fler rader", "Deltagande kommuner, rad 3", "Överförmyndare"}},
		{"/samverkan/ny?natverk=ggvv", []string{"Ny samverkan"}},
		{"/kommun", []string{"Sveriges kommuner", "Jönköpings län", "Gnosjö", "Kiruna"}},
		{"/kommun/" + gislaved, []string{"Gislaved", "Jönköpings län", "Folkmängd", "GGVV", "Gemensam växel", "Grannkommuner", "Gnosjö"}},
		{"/sok", []string{"Sök samverkan"}},
		{"/sok?q=kontaktcenter", []string{"Gemensam växel", "Visar 1–1 av 1 samverkan."}},
		{"/sok?q=finnsinte", []string{"Ingen samverkan matchar"}},
	}
	for _, tc := range tests {
		res := e.get(tc.path)
		if res.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200: %.300s", tc.path, res.Code, text(res.Body))
			continue
		}
		wantContains(t, tc.path, text(res.Body), tc.wants...)
		wantContains(t, tc.path, res.Body, `<html lang="sv">`, `href="#main"`, `<main id="main"`)
		if n := strings.Count(res.Body, "<h1"); n != 1 {
			t.Errorf("GET %s has %d h1, want 1", tc.path, n)
		}
	}
	res := e.get("/samverkan/ny?natverk=ggvv")
	if !regexp.MustCompile(`value="ggvv" checked`).MatchString(res.Body) {
		t.Errorf("?natverk=ggvv does not preselect the network")
	}
	res = e.get("/sok?q=kontaktcenter")
	wantContains(t, "search snippet", res.Body, "<mark>kontaktcenter</mark>")
}

func TestStylesheet(t *testing.T) {
	e := newEnv(t)
	m := regexp.MustCompile(`href="(/static/style\.[0-9a-f]+\.css)"`).FindStringSubmatch(e.get("/").Body)
	if m == nil {
		t.Fatal("no hashed stylesheet link")
	}
	res := e.get(m[1])
	if res.Code != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "max-age=31536000") ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("GET %s = %d %v", m[1], res.Code, res.Header)
	}
	if res := e.get("/static/style.0000.css"); res.Code != http.StatusNotFound {
		t.Errorf("unknown static file = %d, want 404", res.Code)
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/natverk/finns-inte", "/kommun/9999", "/samverkan/999999", "/samverkan/abc",
		"/samverkan/999999/redigera", "/samverkan/-1/ta-bort", "/nope"} {
		res := e.get(p)
		if res.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.Code)
		}
		wantContains(t, p, res.Body, "Sidan finns inte")
	}
}

func TestBadQueryParams(t *testing.T) {
	e := newEnv(t)
	e.mustCreate(sqldbtest.Collaboration("Växel", gislaved, gnosjo))
	for _, p := range []string{
		"/natverk/ggvv?page=abc&sort=nope&omrade=zzz&status=x&fas=y&kommun=z&form=q",
		"/natverk/ggvv?page=-3&sort=-",
		"/natverk/ggvv?page=99999999999999999999",
		"/natverk/ggvv?page=40",
		"/sok?q=v%C3%A4xel&page=abc",
		"/sok?q=%27%22", // NUL and bad UTF-8 are refused: TestBadTextInParameters
		"/kommun/" + gislaved + "?page=0",
		"/?page=x",
	} {
		if res := e.get(p); res.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", p, res.Code)
		}
	}
}

func TestNetworkListing(t *testing.T) {
	e := newEnv(t)
	for i := range 55 {
		c := sqldbtest.Collaboration(fmt.Sprintf("Samverkan %02d", i), gislaved, gnosjo)
		c.Networks = []string{"ggvv"}
		if i%2 == 0 {
			c.Areas = []string{"440"}
		}
		if i == 7 {
			c.Participants = append(c.Participants, samverkan.Participant{Code: vaggeryd})
		}
		e.mustCreate(c)
	}
	res := e.get("/natverk/ggvv?sort=title")
	wantContains(t, "page 1", text(res.Body), "Visar 1–50 av 55 samverkan.", "Samverkan 00")
	wantContains(t, "page 1", res.Body, `aria-sort="ascending"`, `href="/natverk/ggvv?page=2&amp;sort=title"`, `href="/natverk/ggvv?sort=-title"`)
	wantContains(t, "facet counts", text(res.Body), "– Grundskola (28)", "Igång (55)")
	res = e.get("/natverk/ggvv?sort=title&page=2")
	wantContains(t, "page 2", text(res.Body), "Visar 51–55 av 55 samverkan.", "Samverkan 54")
	if strings.Contains(res.Body, ">Samverkan 00<") {
		t.Errorf("page 2 shows the first row")
	}
	res = e.get("/natverk/ggvv?sort=-title")
	wantContains(t, "descending", res.Body, `aria-sort="descending"`)
	// A group expands to its activities: 490 covers 440 (grundskola).
	res = e.get("/natverk/ggvv?omrade=490")
	wantContains(t, "area filter", text(res.Body), "av 28 samverkan.")
	res = e.get("/natverk/ggvv?kommun=" + vaggeryd)
	wantContains(t, "member filter", text(res.Body), "Visar 1–1 av 1 samverkan.", "Samverkan 07")
	res = e.get("/natverk/ggvv?q=Samverkan+07")
	wantContains(t, "free text", text(res.Body), "Samverkan 07")
}

func TestLanguage(t *testing.T) {
	e := newEnv(t)
	res := e.get("/sprak?lang=en&next=/natverk/ggvv")
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/natverk/ggvv" {
		t.Fatalf("GET /sprak = %d → %q", res.Code, res.Header.Get("Location"))
	}
	cookies := (&http.Response{Header: res.Header}).Cookies()
	if len(cookies) != 1 || cookies[0].Value != "en" {
		t.Fatalf("cookies = %v", cookies)
	}
	page := e.get("/natverk/ggvv", cookies...)
	wantContains(t, "English page", page.Body, `<html lang="en">`, "Collaborations in the network", "Declaration of intent", ">Svenska<")
	bad := validForm()
	bad.Set("end", "2020-01-01")
	req := httptest.NewRequest("POST", "/samverkan/ny", strings.NewReader(bad.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantContains(t, "English form errors", text(e.do(req, cookies...).Body), "The end date cannot be before the start date.")

	for next, want := range map[string]string{
		"//evil.example/x":      "/",
		"https://evil.example/": "/",
		"/\\evil.example":       "/",
		"":                      "/",
		"javascript:alert(1)":   "/",
		"/kommun/0662?page=2":   "/kommun/0662?page=2",
	} {
		res := e.get("/sprak?" + url.Values{"lang": {"sv"}, "next": {next}}.Encode())
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next=%q redirects to %q, want %q", next, got, want)
		}
	}
}

func TestEscaping(t *testing.T) {
	e := newEnv(t)
	c := sqldbtest.Collaboration(`<script>alert("x")</script>`, gislaved, gnosjo)
	c.Description = `<img src=x onerror=alert(1)>`
	c.Networks = []string{"ggvv"}
	c.Sources = []samverkan.Source{{Text: "<b>källa</b>", URL: "https://example.org/?a=<x>"}}
	e.mustCreate(c)
	for _, p := range []string{fmt.Sprintf("/samverkan/%d", c.ID), "/natverk/ggvv", "/kommun/" + gislaved,
		"/sok?q=script", fmt.Sprintf("/samverkan/%d/redigera", c.ID)} {
		res := e.get(p)
		if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, "<img src=x") || strings.Contains(res.Body, "<b>källa") {
			t.Errorf("GET %s shows markup unescaped", p)
		}
		wantContains(t, p, res.Body, "&lt;script&gt;")
	}
}

func TestMessages(t *testing.T) {
	keys, err := web.TemplateKeys()
	if err != nil {
		t.Fatal(err)
	}
	var missing, noSv, noEn []string
	for _, k := range keys {
		sv, en, ok := web.Message(k)
		switch {
		case !ok:
			missing = append(missing, k)
		case strings.TrimSpace(sv) == "":
			noSv = append(noSv, k)
		case strings.TrimSpace(en) == "":
			noEn = append(noEn, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("message keys used in templates but missing from the catalogue: %v", missing)
	}
	if len(noSv)+len(noEn) > 0 {
		t.Errorf("message keys used in templates without Swedish text: %v; without English text: %v", noSv, noEn)
	}
}

// TestMessageConflicts: two tables of the catalogue that define one key
// with different texts are a conflict naming both; the same texts twice
// are not.
func TestMessageConflicts(t *testing.T) {
	got := web.MergeMessages(map[string]map[string][2]string{
		"a.go": {"x": {"Ja", "Yes"}, "y": {"Nej", "No"}, "z": {"Kanske", "Maybe"}},
		"b.go": {"x": {"Ja", "Yes"}, "y": {"Nej", "Nope"}},
		"c.go": {"z": {"Kanske inte", "Maybe"}},
	})
	if len(got) != 2 || !strings.Contains(got[0], `"y"`) || !strings.Contains(got[0], "a.go") || !strings.Contains(got[0], "b.go") ||
		!strings.Contains(got[1], `"z"`) || !strings.Contains(got[1], "c.go") {
		t.Errorf("conflicts = %q, want y (a.go, b.go) and z (a.go, c.go)", got)
	}
}

// brokenStore fails where a database would fail.
type brokenStore struct{ samverkan.Store }

func (brokenStore) NetworkSummaries(context.Context) ([]samverkan.NetworkSummary, error) {
	return nil, fmt.Errorf("sql: database is locked (secret detail)")
}

func TestInternalError(t *testing.T) {
	e := newEnv(t)
	var logged strings.Builder
	h, err := web.New(web.Options{Store: brokenStore{e.db}, Catalog: e.cat, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h = asUser(h, testAdmin)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("GET / = %d, want 500", rec.Code)
	}
	wantContains(t, "error page", text(rec.Body.String()), "Något gick fel", "Försök igen om en stund.")
	if strings.Contains(rec.Body.String(), "secret detail") {
		t.Error("the error page shows internal details")
	}
	if n := strings.Count(logged.String(), "secret detail"); n != 1 {
		t.Errorf("error logged %d times, want once: %s", n, logged.String())
	}
	// A form without its version is a bad request, not a crash.
	c := e.mustCreate(sqldbtest.Collaboration("Växel", gislaved, gnosjo))
	if res := e.post(fmt.Sprintf("/samverkan/%d/ta-bort", c.ID), url.Values{}); res.Code != http.StatusBadRequest {
		t.Errorf("delete without version = %d, want 400", res.Code)
	}
}

// describedByError reports whether the control with id field names its
// error message, field-err, in its one aria-describedby (beside a hint).
func describedByError(body, field string) bool {
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(field) + `"[^>]*aria-describedby="(?:[^"]* )?` + regexp.QuoteMeta(field) + `-err"`)
	return re.MatchString(body)
}
