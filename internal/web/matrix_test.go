package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/ruletest"
	"github.com/samverkan/samverkan/internal/web"
)

// matrixCase is one request per route and the rule the route must carry.
// Who it lets through follows from the rule (ruletest.Expect), for the
// records of the fixture.
type matrixCase struct {
	rule string // the rule the route must carry
	path string
	form url.Values
}

// TestRouteRoleMatrix sends a request to every route of the web UI as every
// role, through the real login and auth middleware, and checks that who
// gets through is who the route's rule lets through in the one matrix
// (ruletest.Expect): anonymous visitors are sent to the login page,
// logged-in users without the right get 403. A route added to the table
// without a rule the matrix knows, or without a case here, fails the test.
// Every case names the fixture's records (ruletest.Fixture). Writes are
// made so that they do not change data (empty forms, stale versions), so
// the order does not matter.
func TestRouteRoleMatrix(t *testing.T) {
	a := newAuthEnv(t)
	it, bid, auditID := ruletest.Find(t, a.db).IDs()
	css := regexp.MustCompile(`href="(/static/[^"]+\.css)"`).FindStringSubmatch(a.request(roleAnon, "GET", "/logga-in", nil).Body)
	if css == nil {
		t.Fatal("the login page links no stylesheet")
	}
	readerID := strconv.FormatInt(a.users[roleReader].ID, 10)
	stale := url.Values{"version": {"0"}}
	// A record Heby takes part in, in C-Tillsammans, with no title: an
	// allowed write that validation refuses.
	hebyForm := url.Values{"version": {"0"}, "title": {""}, "networks": {"c-tillsammans"},
		"members.0.code": {"Heby"}, "members.1.code": {"Knivsta"}}

	cases := map[string]matrixCase{
		"GET /{$}":                         {"read", "/", nil},
		"GET /sprak":                       {"public", "/sprak?lang=en&next=/", nil},
		"GET /static/{file}":               {"public", css[1], nil},
		"GET /logga-in":                    {"public", "/logga-in", nil},
		"POST /logga-in":                   {"public", "/logga-in", url.Values{}},
		"POST /logga-ut":                   {"public", "/logga-ut", url.Values{}},
		"GET /login/oidc":                  {"public", "/login/oidc", nil},
		"GET /login/oidc/callback":         {"public", "/login/oidc/callback?state=x&code=y", nil},
		"GET /konto":                       {"self", "/konto", nil},
		"GET /konto/losenord":              {"self", "/konto/losenord", nil},
		"GET /konto/paminnelser":           {"self", "/konto/paminnelser", nil},
		"POST /konto/paminnelser":          {"self", "/konto/paminnelser", url.Values{"version": {"99"}, "lead_days": {"30"}, "decision_days": {"60"}, "language": {"sv"}}},
		"POST /konto/paminnelser/kalender": {"self", "/konto/paminnelser/kalender", url.Values{}},
		"POST /konto/paminnelser/kalender/{feedID}/aterkalla": {"self", "/konto/paminnelser/kalender/999999/aterkalla", url.Values{}},
		"GET /natverk/{slug}/kalender":                        {"updateNetwork", "/natverk/ggvv/kalender", nil},
		"POST /natverk/{slug}/kalender":                       {"updateNetwork", "/natverk/ggvv/kalender", url.Values{}},
		"POST /natverk/{slug}/kalender/{feedID}/aterkalla":    {"updateNetwork", "/natverk/ggvv/kalender/999999/aterkalla", url.Values{}},
		"GET /kalender/{token}":                               {"public", "/kalender/okand.ics", nil},
		"GET /paminnelser/avsluta/{token}":                    {"public", "/paminnelser/avsluta/okand", nil},
		"POST /paminnelser/avsluta/{token}":                   {"public", "/paminnelser/avsluta/okand", url.Values{}},
		"GET /jobb/{jobID}":                                   {"read", "/jobb/999999", nil},
		"GET /jobb/{jobID}/fil":                               {"read", "/jobb/999999/fil", nil},
		"POST /konto/losenord":                                {"self", "/konto/losenord", url.Values{"old_password": {"fel"}, "new_password": {"x"}, "new_password2": {"x"}}},
		"POST /konto/nycklar":                                 {"self", "/konto/nycklar", url.Values{"name": {""}}},
		"POST /konto/nycklar/{tokenID}/aterkalla":             {"self", "/konto/nycklar/999999/aterkalla", url.Values{}},
		"GET /admin/anvandare":                                {"admin", "/admin/anvandare", nil},
		"GET /admin/anvandare/ny":                             {"admin", "/admin/anvandare/ny", nil},
		"POST /admin/anvandare/ny":                            {"admin", "/admin/anvandare/ny", url.Values{"email": {""}}},
		"GET /admin/anvandare/{userID}":                       {"admin", "/admin/anvandare/" + readerID, nil},
		"POST /admin/anvandare/{userID}":                      {"admin", "/admin/anvandare/" + readerID, url.Values{"email": {""}, "version": {"0"}}},

		"GET /natverk":                                {"read", "/natverk", nil},
		"GET /natverk/{slug}":                         {"read", "/natverk/ggvv", nil},
		"GET /natverk/{slug}/import":                  {"updateNetwork", "/natverk/ggvv/import", nil},
		"POST /natverk/{slug}/import":                 {"updateNetwork", "/natverk/ggvv/import", url.Values{}},
		"POST /natverk/{slug}/import/forhandsgranska": {"updateNetwork", "/natverk/ggvv/import/forhandsgranska", url.Values{"token": {"x"}}},
		"POST /natverk/{slug}/import/bekrafta":        {"updateNetwork", "/natverk/ggvv/import/bekrafta", url.Values{"token": {"x"}}},
		"GET /natverk/{slug}/import/klar":             {"updateNetwork", "/natverk/ggvv/import/klar", nil},
		"GET /natverk/{slug}/granska":                 {"updateNetwork", "/natverk/ggvv/granska", nil},
		// No area: the store refuses the mapping and nothing changes.
		"POST /natverk/{slug}/granska":    {"updateNetwork", "/natverk/ggvv/granska", url.Values{"text": {"Elevhälsa"}}},
		"GET /natverk/{slug}/export.xlsx": {"read", "/natverk/ggvv/export.xlsx", nil},
		"GET /natverk/{slug}/export.csv":  {"read", "/natverk/ggvv/export.csv", nil},
		"GET /natverk/{slug}/export.json": {"read", "/natverk/ggvv/export.json", nil},
		"POST /natverk/{slug}/export":     {"read", "/natverk/ggvv/export", url.Values{"format": {"csv"}}},
		"GET /import/mall.xlsx":           {"read", "/import/mall.xlsx", nil},

		"GET /samverkan/ny":             {"createSome", "/samverkan/ny", nil},
		"POST /samverkan/ny":            {"createCollaboration", "/samverkan/ny", hebyForm},
		"GET /samverkan/{id}":           {"read", "/samverkan/" + it, nil},
		"GET /samverkan/{id}/redigera":  {"editCollaboration", "/samverkan/" + it + "/redigera", nil},
		"POST /samverkan/{id}/redigera": {"updateCollaboration", "/samverkan/" + it + "/redigera", hebyForm},
		"GET /samverkan/{id}/ta-bort":   {"deleteCollaboration", "/samverkan/" + it + "/ta-bort", nil},
		"POST /samverkan/{id}/ta-bort":  {"deleteCollaboration", "/samverkan/" + it + "/ta-bort", stale},

		"GET /samverkan/{id}/historik":                      {"read", "/samverkan/" + it + "/historik", nil},
		"POST /samverkan/{id}/historik/{auditID}/aterstall": {"restoreCollaboration", "/samverkan/" + it + "/historik/" + auditID + "/aterstall", stale},
		"GET /insyn":                {"public", "/insyn", nil},
		"GET /insyn.json":           {"public", "/insyn.json", nil},
		"GET /insyn/natverk/{slug}": {"public", "/insyn/natverk/ggvv", nil},
		"GET /insyn/samverkan/{id}": {"public", "/insyn/samverkan/" + it, nil},

		"GET /natverk/{slug}/mojligheter":            {"read", "/natverk/ggvv/mojligheter", nil},
		"GET /natverk/{slug}/beslut":                 {"read", "/natverk/ggvv/beslut", nil},
		"POST /samverkan/{id}/status":                {"editCollaboration", "/samverkan/" + it + "/status", url.Values{"version": {"0"}, "status": {samverkan.StatusEnded}}},
		"GET /samverkan/{id}/beslut/ny":              {"editCollaboration", "/samverkan/" + it + "/beslut/ny", nil},
		"POST /samverkan/{id}/beslut/ny":             {"editCollaboration", "/samverkan/" + it + "/beslut/ny", url.Values{}},
		"GET /samverkan/{id}/beslut/{bid}/redigera":  {"editCollaboration", "/samverkan/" + it + "/beslut/" + bid + "/redigera", nil},
		"POST /samverkan/{id}/beslut/{bid}/redigera": {"editCollaboration", "/samverkan/" + it + "/beslut/" + bid + "/redigera", stale},
		"POST /samverkan/{id}/beslut/{bid}/ta-bort":  {"editCollaboration", "/samverkan/" + it + "/beslut/" + bid + "/ta-bort", stale},
		"POST /samverkan/{id}/beslutsvag":            {"editCollaboration", "/samverkan/" + it + "/beslutsvag", url.Values{"version": {"999"}}},
		"GET /samverkan/{id}/representation":         {"editCollaboration", "/samverkan/" + it + "/representation", nil},
		"POST /samverkan/{id}/representation":        {"editCollaboration", "/samverkan/" + it + "/representation", url.Values{"version": {"999"}}},
		"GET /samverkan/{id}/forstudie":              {"editCollaboration", "/samverkan/" + it + "/forstudie", nil},
		"POST /samverkan/{id}/forstudie":             {"editCollaboration", "/samverkan/" + it + "/forstudie", url.Values{"version": {"999"}}},
		"GET /samverkan/{id}/beslutsunderlag":        {"read", "/samverkan/" + it + "/beslutsunderlag", nil},
		"GET /samverkan/{id}/kostnadsfordelning":     {"editCollaboration", "/samverkan/" + it + "/kostnadsfordelning", nil},
		"GET /natverk/{slug}/jamforelse":             {"read", "/natverk/ggvv/jamforelse?omrade=249", nil},
		"GET /natverk/{slug}/skalfordelar":           {"read", "/natverk/ggvv/skalfordelar?omrade=249", nil},
		"GET /natverk/{slug}/forslag":                {"read", "/natverk/ggvv/forslag", nil},
		"POST /natverk/{slug}/forslag":               {"updateNetwork", "/natverk/ggvv/forslag", url.Values{"area": {"finns-inte"}}},
		"POST /samverkan/{id}/kostnadsfordelning":    {"editCollaboration", "/samverkan/" + it + "/kostnadsfordelning", url.Values{"version": {"999"}}},
		"GET /kommun/{code}/beslut":                  {"read", "/kommun/" + heby + "/beslut", nil},
		"GET /kommun/{code}/rapport-9-38":            {"read", "/kommun/" + heby + "/rapport-9-38", nil},
		"GET /kommun/{code}/uppsikt":                 {"read", "/kommun/" + heby + "/uppsikt", nil},
		"GET /kommun":                                {"read", "/kommun", nil},
		"GET /kommun/{code}":                         {"read", "/kommun/" + heby, nil},
		"GET /sok":                                   {"read", "/sok?q=it", nil},
		"/":                                          {"public", "/finns-inte", nil},

		// The network's own steering (issue 12). Writes are stale or
		// invalid, so they change nothing.
		"GET /natverk/ny":                                   {"admin", "/natverk/ny", nil},
		"POST /natverk/ny":                                  {"admin", "/natverk/ny", url.Values{"slug": {""}}},
		"GET /natverk/{slug}/redigera":                      {"updateNetwork", "/natverk/ggvv/redigera", nil},
		"POST /natverk/{slug}/redigera":                     {"updateNetwork", "/natverk/ggvv/redigera", url.Values{"version": {"0"}, "name": {""}}},
		"GET /natverk/{slug}/historik":                      {"read", "/natverk/ggvv/historik", nil},
		"POST /natverk/{slug}/historik/{auditID}/aterstall": {"updateNetwork", "/natverk/ggvv/historik/1/aterstall", stale},
		"GET /natverk/{slug}/plan":                          {"read", "/natverk/ggvv/plan", nil},
		"GET /natverk/{slug}/plan/ny":                       {"updateNetwork", "/natverk/ggvv/plan/ny", nil},
		"POST /natverk/{slug}/plan/ny":                      {"updateNetwork", "/natverk/ggvv/plan/ny", url.Values{"title": {""}}},
		"GET /natverk/{slug}/plan/{pid}":                    {"read", "/natverk/ggvv/plan/999999", nil},
		"GET /natverk/{slug}/plan/{pid}/redigera":           {"updateNetwork", "/natverk/ggvv/plan/999999/redigera", nil},
		"POST /natverk/{slug}/plan/{pid}/redigera":          {"updateNetwork", "/natverk/ggvv/plan/999999/redigera", stale},
		"POST /natverk/{slug}/plan/{pid}/aktivitet/{aid}":   {"updateNetwork", "/natverk/ggvv/plan/999999/aktivitet/1", stale},
		"GET /natverk/{slug}/uppfoljning":                   {"read", "/natverk/ggvv/uppfoljning?ar=2025", nil},
		"GET /samverkan/{id}/uppfoljning/{year}":            {"editCollaboration", "/samverkan/" + it + "/uppfoljning/2025", nil},
		"POST /samverkan/{id}/uppfoljning/{year}":           {"editCollaboration", "/samverkan/" + it + "/uppfoljning/2025", url.Values{"version": {"999"}}},
		"GET /natverk/{slug}/verksamhetsberattelse":         {"read", "/natverk/ggvv/verksamhetsberattelse?ar=2024", nil},
		"GET /natverk/{slug}/verksamhetsberattelse/{year}":  {"read", "/natverk/ggvv/verksamhetsberattelse/2024", nil},
	}

	for p, c := range lifeMatrixCases(t, a) { // netlife_test.go
		cases[p] = c
	}
	for p, c := range pictureMatrixCases() { // pictures_test.go
		cases[p] = c
	}
	for p, c := range openMatrixCases(t, a) { // opendata_test.go
		cases[p] = c
	}
	routes := web.RouteRules()
	seen := map[string]bool{}
	checks, allowedN := 0, 0
	for _, rt := range routes {
		seen[rt.Pattern] = true
		c, ok := cases[rt.Pattern]
		if !ok {
			t.Errorf("route %q (rule %s) has no case in the route × role matrix", rt.Pattern, rt.Rule)
			continue
		}
		if rt.Rule != c.rule {
			t.Errorf("route %q carries rule %q, the matrix expects %q", rt.Pattern, rt.Rule, c.rule)
			continue
		}
		if _, ok := ruletest.Allowed(rt.Rule, roleAnon); !ok {
			t.Errorf("route %q: rule %q has no row in the matrix (ruletest.Expect)", rt.Pattern, rt.Rule)
			continue
		}
		method := "GET"
		if m, _, ok := strings.Cut(rt.Pattern, " "); ok && m == "POST" {
			method = "POST"
		}
		for _, role := range allRoles {
			if rt.Pattern == "POST /logga-ut" && role != roleAnon {
				delete(a.cookies, role) // logging out ends this session: a fresh one
			}
			res := a.request(role, method, c.path, c.form)
			checks++
			want, _ := ruletest.Allowed(rt.Rule, role)
			if want {
				allowedN++
			}
			switch {
			case res.Code >= 500:
				t.Errorf("%s %s as %s = %d", method, c.path, role, res.Code)
			case want && (toLogin(res) || res.Code == http.StatusForbidden):
				t.Errorf("%s %s as %s = %d (%s), want allowed", method, c.path, role, res.Code, res.Header.Get("Location"))
			case !want && role == roleAnon && !toLogin(res):
				t.Errorf("%s %s as anonymous = %d (%s), want 303 to the login page", method, c.path, res.Code, res.Header.Get("Location"))
			case !want && role != roleAnon && res.Code != http.StatusForbidden:
				t.Errorf("%s %s as %s = %d, want 403", method, c.path, role, res.Code)
			}
			if rt.Pattern == "POST /logga-ut" {
				delete(a.cookies, role)
			}
		}
	}
	for p := range cases {
		if !seen[p] {
			t.Errorf("the matrix has a case for %q, which is not a route", p)
		}
	}
	t.Logf("web: %d routes × %d roles = %d requests, %d allowed", len(routes), len(allRoles), checks, allowedN)

	// The anonymous redirect keeps where the visitor was going.
	if res := a.request(roleAnon, "GET", "/samverkan/"+it+"?x=1", nil); res.Header.Get("Location") != "/logga-in?next="+url.QueryEscape("/samverkan/"+it+"?x=1") {
		t.Errorf("redirect = %q", res.Header.Get("Location"))
	}
}
