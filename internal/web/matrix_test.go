package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/web"
)

// Who may use a route: everybody, every logged-in user, or the roles named.
var (
	everybody = allRoles
	loggedIn  = allRoles[1:]
	adminOnly = []string{roleAdmin}
	// The IT board of C-Tillsammans: Heby takes part, Enköping does not,
	// and it is not GGVV's.
	itEditors = []string{roleAdmin, roleHeby}
	// GGVV itself: its coordinator.
	ggvvEditors = []string{roleAdmin, roleCoord}
	creators    = []string{roleAdmin, roleCoord, roleHeby, roleEnkoping}
)

// matrixCase is one request per route and the roles it lets through.
type matrixCase struct {
	path    string
	form    url.Values
	allowed []string
}

// TestRouteRoleMatrix sends a request to every route of the web UI as every
// role, through the real login and auth middleware, and checks who gets
// through: anonymous visitors are sent to the login page, logged-in users
// without the right get 403. A route added to the table without a case
// here fails the test. Writes are made so that they do not change data
// (empty forms, stale versions), so the order does not matter.
func TestRouteRoleMatrix(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	it := strconv.FormatInt(a.it.ID, 10)
	ds, err := a.db.Decisions(ctx, a.it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		d := &samverkan.Decision{CollaborationID: a.it.ID, Municipality: heby, Body: "kf", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomePending}
		if err := a.db.CreateDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, *d)
	}
	bid := strconv.FormatInt(ds[0].ID, 10)
	audit, err := a.db.AuditEvents(ctx, "collaboration", it)
	if err != nil || len(audit) == 0 {
		t.Fatalf("no audit events of the IT board: %v", err)
	}
	auditID := strconv.FormatInt(audit[0].ID, 10)
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
		"GET /{$}":                                {"/", nil, loggedIn},
		"GET /sprak":                              {"/sprak?lang=en&next=/", nil, everybody},
		"GET /static/{file}":                      {css[1], nil, everybody},
		"GET /logga-in":                           {"/logga-in", nil, everybody},
		"POST /logga-in":                          {"/logga-in", url.Values{}, everybody},
		"POST /logga-ut":                          {"/logga-ut", url.Values{}, everybody},
		"GET /login/oidc":                         {"/login/oidc", nil, everybody},
		"GET /login/oidc/callback":                {"/login/oidc/callback?state=x&code=y", nil, everybody},
		"GET /konto":                              {"/konto", nil, loggedIn},
		"GET /konto/losenord":                     {"/konto/losenord", nil, loggedIn},
		"POST /konto/losenord":                    {"/konto/losenord", url.Values{"old_password": {"fel"}, "new_password": {"x"}, "new_password2": {"x"}}, loggedIn},
		"POST /konto/nycklar":                     {"/konto/nycklar", url.Values{"name": {""}}, loggedIn},
		"POST /konto/nycklar/{tokenID}/aterkalla": {"/konto/nycklar/999999/aterkalla", url.Values{}, loggedIn},
		"GET /admin/anvandare":                    {"/admin/anvandare", nil, adminOnly},
		"GET /admin/anvandare/ny":                 {"/admin/anvandare/ny", nil, adminOnly},
		"POST /admin/anvandare/ny":                {"/admin/anvandare/ny", url.Values{"email": {""}}, adminOnly},
		"GET /admin/anvandare/{userID}":           {"/admin/anvandare/" + readerID, nil, adminOnly},
		"POST /admin/anvandare/{userID}":          {"/admin/anvandare/" + readerID, url.Values{"email": {""}, "version": {"0"}}, adminOnly},

		"GET /natverk":                                {"/natverk", nil, loggedIn},
		"GET /natverk/{slug}":                         {"/natverk/ggvv", nil, loggedIn},
		"GET /natverk/{slug}/import":                  {"/natverk/ggvv/import", nil, ggvvEditors},
		"POST /natverk/{slug}/import":                 {"/natverk/ggvv/import", url.Values{}, ggvvEditors},
		"POST /natverk/{slug}/import/forhandsgranska": {"/natverk/ggvv/import/forhandsgranska", url.Values{"token": {"x"}}, ggvvEditors},
		"POST /natverk/{slug}/import/bekrafta":        {"/natverk/ggvv/import/bekrafta", url.Values{"token": {"x"}}, ggvvEditors},
		"GET /natverk/{slug}/import/klar":             {"/natverk/ggvv/import/klar", nil, ggvvEditors},
		"GET /natverk/{slug}/export.xlsx":             {"/natverk/ggvv/export.xlsx", nil, loggedIn},
		"GET /natverk/{slug}/export.csv":              {"/natverk/ggvv/export.csv", nil, loggedIn},
		"GET /natverk/{slug}/export.json":             {"/natverk/ggvv/export.json", nil, loggedIn},
		"GET /import/mall.xlsx":                       {"/import/mall.xlsx", nil, loggedIn},

		"GET /samverkan/ny":             {"/samverkan/ny", nil, creators},
		"POST /samverkan/ny":            {"/samverkan/ny", hebyForm, itEditors},
		"GET /samverkan/{id}":           {"/samverkan/" + it, nil, loggedIn},
		"GET /samverkan/{id}/redigera":  {"/samverkan/" + it + "/redigera", nil, itEditors},
		"POST /samverkan/{id}/redigera": {"/samverkan/" + it + "/redigera", hebyForm, itEditors},
		"GET /samverkan/{id}/ta-bort":   {"/samverkan/" + it + "/ta-bort", nil, itEditors},
		"POST /samverkan/{id}/ta-bort":  {"/samverkan/" + it + "/ta-bort", stale, itEditors},

		"GET /samverkan/{id}/historik":                      {"/samverkan/" + it + "/historik", nil, loggedIn},
		"POST /samverkan/{id}/historik/{auditID}/aterstall": {"/samverkan/" + it + "/historik/" + auditID + "/aterstall", stale, itEditors},
		"GET /insyn":                {"/insyn", nil, everybody},
		"GET /insyn.json":           {"/insyn.json", nil, everybody},
		"GET /insyn/natverk/{slug}": {"/insyn/natverk/ggvv", nil, everybody},
		"GET /insyn/samverkan/{id}": {"/insyn/samverkan/" + it, nil, everybody},

		"GET /natverk/{slug}/mojligheter":            {"/natverk/ggvv/mojligheter", nil, loggedIn},
		"GET /natverk/{slug}/beslut":                 {"/natverk/ggvv/beslut", nil, loggedIn},
		"POST /samverkan/{id}/status":                {"/samverkan/" + it + "/status", url.Values{"version": {"0"}, "status": {samverkan.StatusEnded}}, itEditors},
		"GET /samverkan/{id}/beslut/ny":              {"/samverkan/" + it + "/beslut/ny", nil, itEditors},
		"POST /samverkan/{id}/beslut/ny":             {"/samverkan/" + it + "/beslut/ny", url.Values{}, itEditors},
		"GET /samverkan/{id}/beslut/{bid}/redigera":  {"/samverkan/" + it + "/beslut/" + bid + "/redigera", nil, itEditors},
		"POST /samverkan/{id}/beslut/{bid}/redigera": {"/samverkan/" + it + "/beslut/" + bid + "/redigera", stale, itEditors},
		"POST /samverkan/{id}/beslut/{bid}/ta-bort":  {"/samverkan/" + it + "/beslut/" + bid + "/ta-bort", stale, itEditors},
		"GET /samverkan/{id}/forstudie":              {"/samverkan/" + it + "/forstudie", nil, itEditors},
		"POST /samverkan/{id}/forstudie":             {"/samverkan/" + it + "/forstudie", url.Values{"version": {"999"}}, itEditors},
		"GET /samverkan/{id}/beslutsunderlag":        {"/samverkan/" + it + "/beslutsunderlag", nil, loggedIn},
		"GET /kommun/{code}/beslut":                  {"/kommun/" + heby + "/beslut", nil, loggedIn},
		"GET /kommun/{code}/rapport-9-38":            {"/kommun/" + heby + "/rapport-9-38", nil, loggedIn},
		"GET /kommun":                                {"/kommun", nil, loggedIn},
		"GET /kommun/{code}":                         {"/kommun/" + heby, nil, loggedIn},
		"GET /sok":                                   {"/sok?q=it", nil, loggedIn},
		"/":                                          {"/finns-inte", nil, everybody},
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
		if (rt.Rule == "public") != slices.Equal(c.allowed, everybody) {
			t.Errorf("%s: rule %s, but the matrix expects %v", rt.Pattern, rt.Rule, c.allowed)
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
			want := slices.Contains(c.allowed, role)
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
