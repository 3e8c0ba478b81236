package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/ruletest"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// The roles of the one route × role matrix (ruletest).
const (
	roleAnon     = ruletest.Anon
	roleAdmin    = ruletest.Admin
	roleCoord    = ruletest.Coord
	roleHeby     = ruletest.Heby
	roleEnkoping = ruletest.Enkoping
	roleReader   = ruletest.Reader
	heby         = ruletest.HebyCode
	enkoping     = ruletest.EnkopingCode
)

var allRoles = ruletest.Roles

// authAPI is the API behind the real auth middleware over the demo data,
// with an API token per role.
type authAPI struct {
	*testAPI
	tokens  map[string]string
	fixture ruletest.Fixture
	it      *samverkan.Collaboration // C-Tillsammans' IT board: Heby, not Enköping
	tierp   *samverkan.Collaboration // C-Tillsammans without Heby
}

func newAuthAPI(t *testing.T) *authAPI {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc, err := auth.New(ctx, auth.Options{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	h := api.New(api.Options{Store: db, Catalog: refdata.MustCatalog(), Auth: svc})
	a := &authAPI{testAPI: &testAPI{t: t, h: svc.Middleware(h), store: db}, tokens: map[string]string{}}
	for _, role := range allRoles[1:] {
		u := ruletest.Principal(role).User
		if err := svc.CreateUser(ctx, u, "ett långt testlösenord"); err != nil {
			t.Fatalf("user %s: %v", role, err)
		}
		plain, _, err := svc.CreateToken(ctx, u, "test")
		if err != nil {
			t.Fatal(err)
		}
		a.tokens[role] = plain
	}
	a.fixture = ruletest.Find(t, db)
	a.it, a.tierp = a.fixture.IT, a.fixture.Tierp
	return a
}

// as sends r with role's token.
func (a *authAPI) as(role string, r req) response {
	a.t.Helper()
	if r.Header == nil {
		r.Header = map[string]string{}
	}
	if tok := a.tokens[role]; tok != "" {
		r.Header["Authorization"] = "Bearer " + tok
	}
	return a.do(r)
}

// recordBody is c as the API would take it back, with changes.
func recordBody(t *testing.T, c *samverkan.Collaboration, change func(m map[string]any)) map[string]any {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"created", "updated", "id", "example"} {
		delete(m, k)
	}
	if ps, ok := m["participants"].([]any); ok {
		for _, p := range ps {
			delete(p.(map[string]any), "name")
		}
	}
	if change != nil {
		change(m)
	}
	return m
}

// TestRouteRoleMatrix sends a request to every API route as every role
// (anonymous, or a Bearer token through the real auth middleware) and
// checks that who gets through is who the route's rule lets through in the
// one matrix (ruletest.Expect): 401 problem+json with WWW-Authenticate for
// anonymous callers, 403 for those the rule refuses. A route added
// without a rule the matrix knows, or without a case here, fails the test.
// Every case names the fixture's records (ruletest.Fixture).
// Writes are made so that they change nothing (stale versions, invalid
// bodies).
func TestRouteRoleMatrix(t *testing.T) {
	a := newAuthAPI(t)
	it, did, auditID := a.fixture.IDs()
	stale := map[string]string{"If-Match": `"999"`}
	// The IT board as stored, at a stale version: allowed writes end in 412.
	itStale := recordBody(t, a.it, func(m map[string]any) { m["version"] = 999 })
	newHeby := recordBody(t, a.it, func(m map[string]any) { m["title"] = "" }) // allowed, invalid
	// Each route's case names the rule it must carry and one request.
	cases := map[string]struct {
		rule string
		r    req
	}{
		"GET /openapi.json": {"public", req{Path: "/openapi.json"}},

		"GET /api/v1/municipalities":                                  {"read", req{Path: "/api/v1/municipalities"}},
		"GET /api/v1/me/reminders":                                    {"self", req{Path: "/api/v1/me/reminders"}},
		"PUT /api/v1/me/reminders":                                    {"self", req{Method: "PUT", Path: "/api/v1/me/reminders", Body: map[string]any{"version": 999}}},
		"GET /api/v1/networks/{slug}/deadlines":                       {"read", req{Path: "/api/v1/networks/ggvv/deadlines"}},
		"GET /api/v1/jobs/{job_id}":                                   {"read", req{Path: "/api/v1/jobs/99999999"}},
		"GET /api/v1/jobs/{job_id}/file":                              {"read", req{Path: "/api/v1/jobs/99999999/file"}},
		"GET /api/v1/municipalities/{code}":                           {"read", req{Path: "/api/v1/municipalities/" + heby}},
		"GET /api/v1/municipalities/{code}/collaborations":            {"read", req{Path: "/api/v1/municipalities/" + heby + "/collaborations"}},
		"GET /api/v1/municipalities/{code}/decisions":                 {"read", req{Path: "/api/v1/municipalities/" + heby + "/decisions"}},
		"GET /api/v1/municipalities/{code}/report-9-38":               {"read", req{Path: "/api/v1/municipalities/" + heby + "/report-9-38"}},
		"GET /api/v1/municipalities/{code}/oversight":                 {"read", req{Path: "/api/v1/municipalities/" + heby + "/oversight"}},
		"GET /api/v1/areas":                                           {"read", req{Path: "/api/v1/areas"}},
		"GET /api/v1/legal-forms":                                     {"read", req{Path: "/api/v1/legal-forms"}},
		"GET /api/v1/statuses":                                        {"read", req{Path: "/api/v1/statuses"}},
		"GET /api/v1/networks":                                        {"read", req{Path: "/api/v1/networks"}},
		"POST /api/v1/networks":                                       {"admin", req{Method: "POST", Path: "/api/v1/networks", Body: map[string]any{"slug": ""}}},
		"GET /api/v1/networks/{slug}":                                 {"read", req{Path: "/api/v1/networks/ggvv"}},
		"PUT /api/v1/networks/{slug}":                                 {"updateNetwork", req{Method: "PUT", Path: "/api/v1/networks/ggvv", Body: map[string]any{"slug": "ggvv"}, Header: stale}},
		"DELETE /api/v1/networks/{slug}":                              {"admin", req{Method: "DELETE", Path: "/api/v1/networks/ggvv?version=999"}},
		"GET /api/v1/networks/{slug}/collaborations":                  {"read", req{Path: "/api/v1/networks/ggvv/collaborations"}},
		"GET /api/v1/networks/{slug}/decisions":                       {"read", req{Path: "/api/v1/networks/ggvv/decisions"}},
		"GET /api/v1/networks/{slug}/export":                          {"read", req{Path: "/api/v1/networks/ggvv/export?format=json"}},
		"POST /api/v1/networks/{slug}/exports":                        {"read", req{Method: "POST", Path: "/api/v1/networks/ggvv/exports", Body: map[string]any{"format": "pdf"}}},
		"POST /api/v1/networks/{slug}/import":                         {"updateNetwork", req{Method: "POST", Path: "/api/v1/networks/ggvv/import?dry_run=true", Body: "x", Header: map[string]string{"Content-Type": "text/csv"}}},
		"GET /api/v1/collaborations":                                  {"read", req{Path: "/api/v1/collaborations"}},
		"POST /api/v1/collaborations":                                 {"createCollaboration", req{Method: "POST", Path: "/api/v1/collaborations", Body: newHeby}},
		"GET /api/v1/collaborations/{id}":                             {"read", req{Path: "/api/v1/collaborations/" + it}},
		"PUT /api/v1/collaborations/{id}":                             {"updateCollaboration", req{Method: "PUT", Path: "/api/v1/collaborations/" + it, Body: itStale}},
		"DELETE /api/v1/collaborations/{id}":                          {"deleteCollaboration", req{Method: "DELETE", Path: "/api/v1/collaborations/" + it + "?version=999"}},
		"GET /api/v1/collaborations/{id}/events":                      {"read", req{Path: "/api/v1/collaborations/" + it + "/events"}},
		"GET /api/v1/collaborations/{id}/history":                     {"read", req{Path: "/api/v1/collaborations/" + it + "/history"}},
		"POST /api/v1/collaborations/{id}/history/{audit_id}/restore": {"restoreCollaboration", req{Method: "POST", Path: "/api/v1/collaborations/" + it + "/history/" + auditID + "/restore?version=999"}},
		"POST /api/v1/collaborations/{id}/status":                     {"editCollaboration", req{Method: "POST", Path: "/api/v1/collaborations/" + it + "/status", Body: map[string]any{"status": samverkan.StatusEnded}, Header: stale}},
		"GET /api/v1/collaborations/{id}/decision-path":               {"read", req{Path: "/api/v1/collaborations/" + it + "/decision-path"}},
		"GET /api/v1/collaborations/{id}/decisions":                   {"read", req{Path: "/api/v1/collaborations/" + it + "/decisions"}},
		"GET /api/v1/collaborations/{id}/decision-settings":           {"read", req{Path: "/api/v1/collaborations/" + it + "/decision-settings"}},
		"PUT /api/v1/collaborations/{id}/decision-settings":           {"editCollaboration", req{Method: "PUT", Path: "/api/v1/collaborations/" + it + "/decision-settings", Body: map[string]any{"version": 999}}},
		"GET /api/v1/collaborations/{id}/representation":              {"read", req{Path: "/api/v1/collaborations/" + it + "/representation"}},
		"PUT /api/v1/collaborations/{id}/representation":              {"editCollaboration", req{Method: "PUT", Path: "/api/v1/collaborations/" + it + "/representation", Body: map[string]any{"version": 999}}},
		"GET /api/v1/legal-references":                                {"read", req{Path: "/api/v1/legal-references"}},
		"POST /api/v1/collaborations/{id}/decisions":                  {"editCollaboration", req{Method: "POST", Path: "/api/v1/collaborations/" + it + "/decisions", Body: map[string]any{}}},
		"GET /api/v1/decisions/{id}":                                  {"read", req{Path: "/api/v1/decisions/" + did}},
		"PUT /api/v1/decisions/{id}":                                  {"editDecision", req{Method: "PUT", Path: "/api/v1/decisions/" + did, Body: map[string]any{}, Header: stale}},
		"DELETE /api/v1/decisions/{id}":                               {"editDecision", req{Method: "DELETE", Path: "/api/v1/decisions/" + did + "?version=999"}},
		"GET /api/v1/collaborations/{id}/assessment":                  {"read", req{Path: "/api/v1/collaborations/" + it + "/assessment"}},
		"PUT /api/v1/collaborations/{id}/assessment":                  {"editCollaboration", req{Method: "PUT", Path: "/api/v1/collaborations/" + it + "/assessment", Body: map[string]any{"version": 999}}},

		// The network's own steering (issue 12): writes are stale or invalid.
		"GET /api/v1/networks/{slug}/areas-to-review": {"updateNetwork", req{Path: "/api/v1/networks/ggvv/areas-to-review"}},
		"GET /api/v1/networks/{slug}/area-mappings":   {"updateNetwork", req{Path: "/api/v1/networks/ggvv/area-mappings"}},
		// No area: the store refuses the mapping and nothing changes.
		"POST /api/v1/networks/{slug}/area-mappings":              {"updateNetwork", req{Method: "POST", Path: "/api/v1/networks/ggvv/area-mappings", Body: map[string]any{"text": "Elevhälsa"}}},
		"GET /api/v1/networks/{slug}/plan":                        {"read", req{Path: "/api/v1/networks/ggvv/plan"}},
		"PUT /api/v1/networks/{slug}/plan":                        {"updateNetwork", req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: map[string]any{"title": ""}, Header: stale}},
		"GET /api/v1/networks/{slug}/plans":                       {"read", req{Path: "/api/v1/networks/ggvv/plans"}},
		"POST /api/v1/networks/{slug}/plan/activities":            {"updateNetwork", req{Method: "POST", Path: "/api/v1/networks/ggvv/plan/activities", Body: map[string]any{"title": ""}, Header: stale}},
		"PUT /api/v1/networks/{slug}/plan/activities/{activity}":  {"updateNetwork", req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan/activities/1", Body: map[string]any{"title": ""}, Header: stale}},
		"GET /api/v1/networks/{slug}/history":                     {"read", req{Path: "/api/v1/networks/ggvv/history"}},
		"POST /api/v1/networks/{slug}/history/{audit_id}/restore": {"updateNetwork", req{Method: "POST", Path: "/api/v1/networks/ggvv/history/1/restore?version=999"}},
		"GET /api/v1/networks/{slug}/follow-ups":                  {"read", req{Path: "/api/v1/networks/ggvv/follow-ups?year=2025"}},
		"GET /api/v1/collaborations/{id}/follow-ups/{year}":       {"read", req{Path: "/api/v1/collaborations/" + it + "/follow-ups/2025"}},
		"PUT /api/v1/collaborations/{id}/follow-ups/{year}":       {"editCollaboration", req{Method: "PUT", Path: "/api/v1/collaborations/" + it + "/follow-ups/2025", Body: map[string]any{"version": 999}}},
		"GET /api/v1/collaborations/{id}/cost-sharing":            {"read", req{Path: "/api/v1/collaborations/" + it + "/cost-sharing"}},
		"PUT /api/v1/collaborations/{id}/cost-sharing":            {"editCollaboration", req{Method: "PUT", Path: "/api/v1/collaborations/" + it + "/cost-sharing", Body: map[string]any{"version": 999}}},
		"GET /api/v1/collaborations/{id}/cost-shares":             {"read", req{Path: "/api/v1/collaborations/" + it + "/cost-shares?year=2025"}},
		"GET /api/v1/municipalities/{code}/kpis":                  {"read", req{Path: "/api/v1/municipalities/0662/kpis?kpi=N07024"}},
		"GET /api/v1/networks/{slug}/suggestions":                 {"read", req{Path: "/api/v1/networks/ggvv/suggestions"}},
		"POST /api/v1/networks/{slug}/suggestions":                {"updateNetwork", req{Method: "POST", Path: "/api/v1/networks/ggvv/suggestions", Body: map[string]any{"area": "finns-inte"}}},
		"GET /api/v1/networks/{slug}/report/{year}":               {"read", req{Path: "/api/v1/networks/ggvv/report/2024"}},
		"GET /api/v1/networks/{slug}/matrix":                      {"read", req{Path: "/api/v1/networks/ggvv/matrix"}},
		"GET /api/v1/networks/{slug}/gaps":                        {"read", req{Path: "/api/v1/networks/ggvv/gaps"}},
		"GET /api/v1/networks/{slug}/graph":                       {"read", req{Path: "/api/v1/networks/ggvv/graph"}},
		"GET /api/v1/networks/{slug}/key-functions":               {"read", req{Path: "/api/v1/networks/ggvv/key-functions"}},
		"GET /api/v1/municipalities/{code}/key-functions":         {"read", req{Path: "/api/v1/municipalities/0331/key-functions"}},
		"PUT /api/v1/municipalities/{code}/key-functions":         {"updateMunicipality", req{Method: "PUT", Path: "/api/v1/municipalities/0331/key-functions", Body: map[string]any{"entries": []any{}}, Header: stale}},
	}

	for p, c := range lifeMatrixCases(t, a) { // netlife_test.go
		cases[p] = c
	}
	for p, c := range openMatrixCases(t, a) { // opendata_test.go
		cases[p] = c
	}
	routes := api.RouteRules()
	seen := map[string]bool{}
	checks, allowedN := 0, 0
	for _, rt := range routes {
		seen[rt.Pattern] = true
		c, ok := cases[rt.Pattern]
		if !ok {
			t.Errorf("route %q (rule %s) has no case in the route × role matrix", rt.Pattern, rt.Rule)
			continue
		}
		if c.r.Method == "" {
			c.r.Method = http.MethodGet
		}
		if rt.Rule != c.rule {
			t.Errorf("route %q carries rule %q, the matrix expects %q", rt.Pattern, rt.Rule, c.rule)
			continue
		}
		if _, ok := ruletest.Allowed(rt.Rule, roleAnon); !ok {
			t.Errorf("route %q: rule %q has no row in the matrix (ruletest.Expect)", rt.Pattern, rt.Rule)
			continue
		}
		for _, role := range allRoles {
			r := c.r
			r.Header = map[string]string{}
			for k, v := range c.r.Header {
				r.Header[k] = v
			}
			res := a.as(role, r)
			checks++
			want, _ := ruletest.Allowed(rt.Rule, role)
			if want {
				allowedN++
			}
			switch {
			case res.Status >= 500:
				t.Errorf("%s %s as %s = %d: %s", r.Method, r.Path, role, res.Status, res.Body)
			case want && (res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden):
				t.Errorf("%s %s as %s = %d, want allowed: %s", r.Method, r.Path, role, res.Status, res.Body)
			case !want && role == roleAnon:
				if res.Status != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("%s %s as anonymous = %d (WWW-Authenticate %q), want 401 Bearer", r.Method, r.Path, res.Status, res.Header.Get("WWW-Authenticate"))
				} else {
					problem(t, res)
				}
			case !want && res.Status != http.StatusForbidden:
				t.Errorf("%s %s as %s = %d, want 403: %s", r.Method, r.Path, role, res.Status, res.Body)
			case !want:
				problem(t, res)
			}
		}
	}
	for p := range cases {
		if !seen[p] {
			t.Errorf("the matrix has a case for %q, which is not a route", p)
		}
	}
	t.Logf("api: %d routes × %d roles = %d requests, %d allowed", len(routes), len(allRoles), checks, allowedN)

	// A revoked or unknown token is anonymous.
	res := a.do(req{Method: "GET", Path: "/api/v1/networks", Header: map[string]string{"Authorization": "Bearer svk_nonsense"}})
	if res.Status != http.StatusUnauthorized {
		t.Errorf("unknown token = %d, want 401", res.Status)
	}
}

// TestEditorScopeAPI is acceptance 2 through the API.
func TestEditorScopeAPI(t *testing.T) {
	a := newAuthAPI(t)
	it := fmt.Sprintf("/api/v1/collaborations/%d", a.it.ID)
	tierp := fmt.Sprintf("/api/v1/collaborations/%d", a.tierp.ID)

	// Heby changes the IT board; the history names the token's user.
	body := recordBody(t, a.it, func(m map[string]any) { m["title"] = "Gemensam IT-nämnd (API)" })
	res := a.as(roleHeby, req{Method: "PUT", Path: it, Body: body})
	if res.Status != http.StatusOK {
		t.Fatalf("PUT as Heby = %d: %s", res.Status, res.Body)
	}
	cur := decodeAs[samverkan.Collaboration](t, res)
	hist := decodeAs[list[samverkan.AuditEvent]](t, a.as(roleHeby, req{Method: "GET", Path: it + "/history"}))
	if last := hist.Items[len(hist.Items)-1]; last.Actor != "editor.Heby@test.samverkan.se" {
		t.Errorf("history actor = %q", last.Actor)
	}

	// Moving it out of Heby's reach: 403, nothing changed.
	out := recordBody(t, &cur, func(m map[string]any) {
		var keep []any
		for _, p := range m["participants"].([]any) {
			if p.(map[string]any)["code"] != heby {
				keep = append(keep, p)
			}
		}
		m["participants"] = keep
	})
	if res := a.as(roleHeby, req{Method: "PUT", Path: it, Body: out}); res.Status != http.StatusForbidden {
		t.Errorf("PUT without Heby as Heby = %d, want 403", res.Status)
	}
	// A record without Heby: 403 on every write, for Heby, Enköping, GGVV's coordinator and the reader.
	tb := recordBody(t, a.tierp, func(m map[string]any) { m["title"] = "Kapad" })
	for _, role := range []string{roleHeby, roleEnkoping, roleCoord, roleReader} {
		for _, r := range []req{
			{Method: "PUT", Path: tierp, Body: tb},
			{Method: "DELETE", Path: tierp + "?version=" + strconv.Itoa(a.tierp.Version)},
			{Method: "POST", Path: tierp + "/status", Body: map[string]any{"status": samverkan.StatusEnded, "version": a.tierp.Version}},
			{Method: "PUT", Path: tierp + "/assessment", Body: map[string]any{"version": 0}},
		} {
			if res := a.as(role, r); res.Status != http.StatusForbidden {
				t.Errorf("%s %s as %s = %d, want 403", r.Method, r.Path, role, res.Status)
			}
		}
	}
	// Creating: Heby only with Heby in it.
	create := recordBody(t, a.tierp, func(m map[string]any) { m["title"] = "Ny"; delete(m, "version") })
	if res := a.as(roleHeby, req{Method: "POST", Path: "/api/v1/collaborations", Body: create}); res.Status != http.StatusForbidden {
		t.Errorf("POST without Heby as Heby = %d, want 403", res.Status)
	}
	if got, err := a.store.CollaborationByID(context.Background(), a.tierp.ID); err != nil || got.Title == "Kapad" {
		t.Errorf("the record without Heby changed: %v", err)
	}
}

// TestFilterMetacharactersAPI: SQL and LIKE metacharacters in every
// filter parameter give no 500 and leave the data intact.
func TestFilterMetacharactersAPI(t *testing.T) {
	a := newAuthAPI(t)
	_, before, _ := a.store.FindCollaborations(context.Background(), samverkan.CollaborationFilter{Limit: 1})
	payloads := []string{`' OR 1=1 --`, `%`, `_`, `\`, `"; DROP TABLE collaborations; --`, `%' OR '1'='1`}
	for _, rt := range []string{"/api/v1/collaborations", "/api/v1/networks/ggvv/collaborations", "/api/v1/municipalities/" + heby + "/collaborations", "/api/v1/municipalities"} {
		for _, p := range []string{"q", "network", "municipality", "area", "legal_form", "status", "phase", "public", "sort", "limit", "cursor", "county"} {
			for _, v := range payloads {
				path := rt + "?" + url.Values{p: {v}}.Encode()
				res := a.as(roleReader, req{Method: "GET", Path: path})
				if res.Status >= 500 {
					t.Errorf("GET %s = %d: %s", path, res.Status, res.Body)
				}
			}
		}
	}
	for _, v := range payloads {
		for _, p := range []string{"/api/v1/municipalities/", "/api/v1/networks/", "/api/v1/collaborations/"} {
			path := p + url.PathEscape(v)
			if res := a.as(roleReader, req{Method: "GET", Path: path}); res.Status >= 500 {
				t.Errorf("GET %s = %d", path, res.Status)
			}
		}
	}
	if _, after, _ := a.store.FindCollaborations(context.Background(), samverkan.CollaborationFilter{Limit: 1}); after != before {
		t.Errorf("collaborations %d → %d", before, after)
	}
}

// TestNoPasswordInAPI: users and principals never carry a password hash in
// JSON.
func TestNoPasswordInAPI(t *testing.T) {
	u := samverkan.User{Email: "a@b.se", PasswordHash: "$argon2id$secret"}
	b, _ := json.Marshal(u)
	if strings.Contains(string(b), "argon2id") {
		t.Errorf("a user's JSON holds the hash: %s", b)
	}
}
