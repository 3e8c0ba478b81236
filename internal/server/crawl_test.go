package server_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// demoSite is the product as `serve --demo` composes it, over the demo
// data, on a real HTTP server, with an admin account to crawl it as.
type demoSite struct {
	t   *testing.T
	db  *sqldb.DB
	url string
}

const (
	crawlAdmin    = "admin@crawl.samverkan.se"
	crawlPassword = "ett långt lösenord för genomgången"
)

func newDemoSite(t *testing.T) *demoSite {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := auth.New(ctx, auth.Options{Store: db, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	// The admin, and one account of every other kind, as `serve --demo`
	// has: the users page shows their grants.
	for _, u := range []*samverkan.User{
		{Email: crawlAdmin, Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}},
		{Email: "samordnare@crawl.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleCoordinator, Network: "ggvv"}}},
		{Email: "redaktor@crawl.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: "0331"}}},
		{Email: "lasare@crawl.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleReader, Network: "v6"}}},
	} {
		if err := svc.CreateUser(ctx, u, crawlPassword); err != nil {
			t.Fatal(err)
		}
	}
	cat := refdata.MustCatalog()
	webH, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log, Auth: svc})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Options{Store: db, Web: webH, Logger: log, Auth: svc,
		API: api.New(api.Options{Store: db, Catalog: cat, Logger: log, Auth: svc})})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &demoSite{t: t, db: db, url: srv.URL}
}

// client returns a browser-like client logged in as the admin (or not at
// all) that speaks lang.
func (s *demoSite) client(lang string, loggedIn bool) *http.Client {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if loggedIn {
		res, err := c.PostForm(s.url+"/logga-in", url.Values{"email": {crawlAdmin}, "password": {crawlPassword}})
		if err != nil {
			s.t.Fatal(err)
		}
		res.Body.Close()
		if res.Request.URL.Path == "/logga-in" {
			s.t.Fatalf("login failed: %d", res.StatusCode)
		}
	}
	res, err := c.Get(s.url + "/sprak?lang=" + lang + "&next=/insyn")
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	return c
}

// crawledPage is one response of a crawl.
type crawledPage struct {
	Path        string
	Status      int
	ContentType string
	Body        []byte
}

func (p crawledPage) isHTML() bool { return strings.HasPrefix(p.ContentType, "text/html") }
func (p crawledPage) isJSON() bool { return strings.Contains(p.ContentType, "json") }

var hrefRE = regexp.MustCompile(`(?i)href="([^"#]*)`)

// skipLink keeps the crawl to reading: it does not log out, switch
// language or fetch assets.
func skipLink(p string) bool {
	return !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") ||
		strings.HasPrefix(p, "/logga-ut") || strings.HasPrefix(p, "/sprak") || strings.HasPrefix(p, "/static/")
}

// crawl follows every local link from the start paths and returns every
// page it reached, each once. Every page must answer 200.
func (s *demoSite) crawl(c *http.Client, start ...string) map[string]crawledPage {
	s.t.Helper()
	seen := map[string]bool{}
	out := map[string]crawledPage{}
	queue := append([]string(nil), start...)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		res, err := c.Get(s.url + p)
		if err != nil {
			s.t.Fatalf("GET %s: %v", p, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			s.t.Fatalf("GET %s: %v", p, err)
		}
		// An API sub-resource a record does not have (a pre-study not yet
		// begun) is a 404; everything else must answer.
		if res.StatusCode != http.StatusOK && (res.StatusCode != http.StatusNotFound || !strings.HasPrefix(p, "/api/")) {
			s.t.Errorf("GET %s = %d, want 200", p, res.StatusCode)
		}
		if final := res.Request.URL.RequestURI(); final != p && strings.HasPrefix(final, "/logga-in") {
			s.t.Fatalf("GET %s went to the login page: the crawl is not logged in", p)
		}
		pg := crawledPage{Path: p, Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: body}
		out[p] = pg
		if !pg.isHTML() {
			continue
		}
		for _, m := range hrefRE.FindAllSubmatch(body, -1) {
			link := html.UnescapeString(string(m[1]))
			if skipLink(link) || seen[link] {
				continue
			}
			queue = append(queue, link)
		}
	}
	return out
}

// apiPaths returns every GET route of the OpenAPI document with its path
// parameters filled in from the demo: each network, each collaboration,
// each decision and the municipalities that take part in something. A
// route with a parameter this test does not know fails the test, so a new
// route is crawled as soon as it exists.
func (s *demoSite) apiPaths(c *http.Client) []string {
	s.t.Helper()
	ctx := context.Background()
	res, err := c.Get(s.url + "/openapi.json")
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		s.t.Fatal(err)
	}
	values := map[string][]string{}
	nets, err := s.db.Networks(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, n := range nets {
		values["networks"] = append(values["networks"], n.Slug)
	}
	cs, _, err := s.db.FindCollaborations(ctx, samverkan.CollaborationFilter{Limit: samverkan.MaxLimit})
	if err != nil {
		s.t.Fatal(err)
	}
	munis := map[string]bool{"0180": true} // and one that takes part in nothing
	for _, co := range cs {
		values["collaborations"] = append(values["collaborations"], itoa(co.ID))
		for _, p := range co.Participants {
			if p.Code != "" {
				munis[p.Code] = true
			}
		}
		ds, err := s.db.Decisions(ctx, co.ID)
		if err != nil {
			s.t.Fatal(err)
		}
		for _, d := range ds {
			values["decisions"] = append(values["decisions"], itoa(d.ID))
		}
	}
	for code := range munis {
		values["municipalities"] = append(values["municipalities"], code)
	}
	// Years: the last one and this one (the demo's follow-ups and reports).
	year := samverkan.Today().Time().Year()
	for _, seg := range []string{"follow-ups", "report"} {
		values[seg] = []string{strconv.Itoa(year - 1), strconv.Itoa(year)}
	}
	// The demo runs no background jobs, so there is no job to read.
	values["jobs"] = nil
	var out []string
	paramRE := regexp.MustCompile(`\{[^}]+\}`)
	for p, ops := range doc.Paths {
		if _, ok := ops["get"]; !ok {
			continue
		}
		paths := []string{p}
		for more := true; more; {
			more = false
			var next []string
			for _, q := range paths {
				loc := paramRE.FindStringIndex(q)
				if loc == nil {
					next = append(next, q)
					continue
				}
				more = true
				list := strings.TrimSuffix(q[:loc[0]], "/")
				segs := strings.Split(list, "/")
				vals, known := values[segs[len(segs)-1]]
				if !known {
					// A record under a list of its own: the ids the list has.
					var ok bool
					if vals, ok = s.listIDs(c, list); !ok {
						s.t.Errorf("crawl: no demo values for %s in %s; add them to apiPaths", q[loc[0]:loc[1]], p)
						continue
					}
				}
				for _, v := range vals {
					next = append(next, q[:loc[0]]+url.PathEscape(v)+q[loc[1]:])
				}
			}
			paths = next
		}
		for _, q := range paths {
			// A KPI list needs the KPI it lists (one the area table names).
			if strings.HasSuffix(q, "/kpis") {
				q += "?kpi=N00003"
			}
			out = append(out, q)
		}
	}
	sort.Strings(out)
	return out
}

// listIDs reads the ids of the records an API list holds ({"items":
// [{"id": …}]} or an array); false when the list does not answer.
func (s *demoSite) listIDs(c *http.Client, path string) ([]string, bool) {
	res, err := c.Get(s.url + path)
	if err != nil {
		return nil, false
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, false
	}
	var body any
	if json.NewDecoder(res.Body).Decode(&body) != nil {
		return nil, false
	}
	items, _ := body.([]any)
	if m, ok := body.(map[string]any); ok {
		items, _ = m["items"].([]any)
	}
	var out []string
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			switch id := m["id"].(type) {
			case float64:
				out = append(out, strconv.FormatInt(int64(id), 10))
			case string:
				out = append(out, id)
			}
		}
	}
	return out, true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var (
	// Text in <code> is shown as code on purpose (the open data's field
	// and file names), so it is not the reader's text.
	dropRE = regexp.MustCompile(`(?is)<(script|style|textarea|code)\b[^>]*>.*?</(script|style|textarea|code)>`)
	attrRE = regexp.MustCompile(`(?i)\s(?:aria-label|title|alt)="([^"]*)"`)
	tagRE  = regexp.MustCompile(`(?s)<[^>]*>`)
	wsRE   = regexp.MustCompile(`\s+`)
)

// visibleText is what a person reads on an HTML page (and what a screen
// reader says): the text and the aria-label, title and alt attributes,
// without scripts, styles and the typed contents of text areas.
func visibleText(body []byte) string {
	s := dropRE.ReplaceAllString(string(body), " ")
	var attrs []string
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		attrs = append(attrs, m[1])
	}
	s = tagRE.ReplaceAllString(s, " ")
	s = html.UnescapeString(s + " " + html.UnescapeString(strings.Join(attrs, " ")))
	return wsRE.ReplaceAllString(s, " ")
}
