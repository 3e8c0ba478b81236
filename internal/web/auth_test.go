package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

// formValues reads the values a browser would submit from the first
// <form method="post"> in the page's main part: inputs (checked boxes only), selected
// options and text areas; buttons are left out.
func formValues(t *testing.T, body string) url.Values {
	t.Helper()
	_, main, _ := strings.Cut(body, "<main")
	m := regexp.MustCompile(`(?s)<form method="post"[^>]*>(.*?)</form>`).FindStringSubmatch(main)
	if m == nil {
		t.Fatal("no form on the page")
	}
	form := m[1]
	attr := func(tag, name string) (string, bool) {
		a := regexp.MustCompile(`\s` + name + `(?:="([^"]*)")?[\s>]`).FindStringSubmatch(tag)
		if a == nil {
			return "", false
		}
		return html.UnescapeString(a[1]), true
	}
	v := url.Values{}
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(form, -1) {
		name, _ := attr(tag, "name")
		typ, _ := attr(tag, "type")
		if name == "" {
			continue
		}
		if typ == "checkbox" || typ == "radio" {
			if _, on := attr(tag, "checked"); !on {
				continue
			}
		}
		val, _ := attr(tag, "value")
		v.Add(name, val)
	}
	for _, sel := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		for _, opt := range regexp.MustCompile(`<option value="([^"]*)"[^>]*\sselected`).FindAllStringSubmatch(sel[2], -1) {
			v.Add(sel[1], html.UnescapeString(opt[1]))
		}
	}
	for _, ta := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Add(ta[1], html.UnescapeString(strings.TrimPrefix(ta[2], "\n")))
	}
	return v
}

// TestEditorScope is acceptance 2 through the UI: an editor for Heby may
// change a C-Tillsammans record Heby takes part in, but not one without
// Heby, and cannot move a record out of Heby's reach; the coordinator of
// GGVV may not change C-Tillsammans' records. Buttons follow the rules.
func TestEditorScope(t *testing.T) {
	a := newAuthEnv(t)
	it := fmt.Sprintf("/samverkan/%d", a.it.ID)
	tierp := fmt.Sprintf("/samverkan/%d", a.tierp.ID)

	page := a.request(roleHeby, "GET", it, nil)
	wantContains(t, "IT board as Heby", page.Body, `href="`+it+`/redigera"`, `href="`+it+`/ta-bort"`, `action="`+it+`/status"`)
	form := a.request(roleHeby, "GET", it+"/redigera", nil)
	if form.Code != http.StatusOK {
		t.Fatalf("edit form as Heby = %d", form.Code)
	}
	v := formValues(t, form.Body)
	v.Set("title", "Gemensam IT-nämnd (ändrad av Heby)")
	if res := a.request(roleHeby, "POST", it+"/redigera", v); res.Code != http.StatusSeeOther {
		t.Fatalf("Heby saves the IT board = %d: %.600s", res.Code, text(res.Body))
	}
	got, err := a.db.CollaborationByID(context.Background(), a.it.ID)
	if err != nil || got.Title != "Gemensam IT-nämnd (ändrad av Heby)" {
		t.Fatalf("not saved: %v %q", err, got.Title)
	}
	hist, err := a.db.AuditEvents(context.Background(), "collaboration", fmt.Sprint(a.it.ID))
	if err != nil || hist[len(hist)-1].Actor != roleUsers[roleHeby].Email {
		t.Errorf("the history does not name the editor: %+v", hist[len(hist)-1])
	}

	// Moving the record out of Heby's reach: Heby's row removed.
	form = a.request(roleHeby, "GET", it+"/redigera", nil)
	v = formValues(t, form.Body)
	for k, vals := range v {
		if strings.HasPrefix(k, "members.") && strings.HasSuffix(k, ".code") && vals[0] == "Heby" {
			v.Set(k, "")
		}
	}
	if res := a.request(roleHeby, "POST", it+"/redigera", v); res.Code != http.StatusForbidden {
		t.Errorf("Heby removes Heby = %d, want 403", res.Code)
	}

	// A record without Heby: no buttons, 403 on every write.
	page = a.request(roleHeby, "GET", tierp, nil)
	if page.Code != http.StatusOK {
		t.Fatalf("GET %s as Heby = %d", tierp, page.Code)
	}
	for _, h := range []string{`href="` + tierp + `/redigera"`, `href="` + tierp + `/ta-bort"`, `action="` + tierp + `/status"`, `/beslut/ny"`} {
		if strings.Contains(page.Body, h) {
			t.Errorf("the page shows %s to an editor who may not use it", h)
		}
	}
	for _, p := range []string{tierp + "/redigera", tierp + "/ta-bort", tierp + "/beslut/ny", tierp + "/forstudie"} {
		if res := a.request(roleHeby, "GET", p, nil); res.Code != http.StatusForbidden {
			t.Errorf("GET %s as Heby = %d, want 403", p, res.Code)
		}
	}
	stolen := formValues(t, a.request(roleAdmin, "GET", tierp+"/redigera", nil).Body)
	stolen.Set("title", "Kapad")
	for _, role := range []string{roleHeby, roleEnkoping, roleCoord, roleReader} {
		if res := a.request(role, "POST", tierp+"/redigera", stolen); res.Code != http.StatusForbidden {
			t.Errorf("POST %s/redigera as %s = %d, want 403", tierp, role, res.Code)
		}
	}
	if res := a.request(roleHeby, "POST", tierp+"/ta-bort", url.Values{"version": {fmt.Sprint(a.tierp.Version)}}); res.Code != http.StatusForbidden {
		t.Errorf("delete as Heby = %d, want 403", res.Code)
	}
	if got, _ := a.db.CollaborationByID(context.Background(), a.tierp.ID); got == nil || got.Title == "Kapad" {
		t.Error("the record without Heby was changed or deleted")
	}
	// 403 page in Swedish, with the header.
	res := a.request(roleCoord, "GET", it+"/redigera", nil)
	wantContains(t, "403 page", text(res.Body), "Du har inte behörighet", roleUsers[roleCoord].Email, "Logga ut")

	// The coordinator edits GGVV's records, not C-Tillsammans'.
	ggvv := fmt.Sprintf("/samverkan/%d", a.ggvvRec.ID)
	if res := a.request(roleCoord, "GET", ggvv+"/redigera", nil); res.Code != http.StatusOK {
		t.Errorf("coordinator on a GGVV record = %d", res.Code)
	}
	if res := a.request(roleReader, "GET", "/", nil); strings.Contains(res.Body, `href="/samverkan/ny"`) || strings.Contains(res.Body, `href="/admin/anvandare"`) {
		t.Error("a reader is offered to create records or manage users")
	}
	if res := a.request(roleAdmin, "GET", "/", nil); !strings.Contains(res.Body, `href="/admin/anvandare"`) {
		t.Error("the admin is not offered user administration")
	}
}

// TestLoginFlow goes through the login page: the same answer for a wrong
// password and an unknown e-mail, next kept and checked, the header,
// logout, password change, API tokens, and no password in pages or logs.
func TestLoginFlow(t *testing.T) {
	a := newAuthEnv(t)
	email := roleUsers[roleReader].Email

	page := a.request(roleAnon, "GET", "/logga-in?next=/kommun", nil)
	if page.Code != http.StatusOK {
		t.Fatalf("GET /logga-in = %d", page.Code)
	}
	wantContains(t, "login page", page.Body, `name="next" value="/kommun"`, `autocomplete="current-password"`, `action="/logga-in"`)
	if strings.Contains(page.Body, "Demoläge") || strings.Contains(page.Body, "/login/oidc") {
		t.Error("the login page shows the demo box or SSO without reason")
	}

	wrong, _ := a.login(email, "fel lösenord 123")
	unknown, _ := a.login("ingen@test.samverkan.se", "fel lösenord 123")
	if wrong.Code != http.StatusUnauthorized || unknown.Code != http.StatusUnauthorized {
		t.Fatalf("wrong password = %d, unknown e-mail = %d, want 401", wrong.Code, unknown.Code)
	}
	w, u := text(wrong.Body), text(unknown.Body)
	if strings.ReplaceAll(w, email, "") != strings.ReplaceAll(u, "ingen@test.samverkan.se", "") {
		t.Error("a wrong password and an unknown e-mail get different answers")
	}
	wantContains(t, "failed login", w, "Fel e-postadress eller lösenord.")
	if strings.Contains(wrong.Body, "fel lösenord 123") {
		t.Error("the login page echoes the password")
	}

	// next: kept when local, else the start page.
	for next, want := range map[string]string{"/kommun?x=1": "/kommun?x=1", "//evil.example": "/", "https://evil.example/": "/", "": "/"} {
		req := httptest.NewRequest("POST", "/logga-in", strings.NewReader(url.Values{"email": {email}, "password": {testPass}, "next": {next}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("next=%q: %d to %q, want %q", next, rec.Code, rec.Header().Get("Location"), want)
		}
		for _, c := range rec.Result().Cookies() {
			if c.Name == auth.SessionCookie && c.Value != "" && (!c.HttpOnly || c.SameSite != http.SameSiteLaxMode) {
				t.Errorf("session cookie flags: %+v", c)
			}
		}
	}

	// Logged in: the header names the user and offers logout.
	home := a.request(roleReader, "GET", "/", nil)
	wantContains(t, "header", home.Body, email, `action="/logga-ut"`, `href="/konto"`)
	if res := a.request(roleReader, "GET", "/logga-in", nil); res.Code != http.StatusSeeOther {
		t.Errorf("login page when logged in = %d, want 303", res.Code)
	}

	// The account page and API tokens.
	acct := a.request(roleReader, "GET", "/konto", nil)
	wantContains(t, "account", text(acct.Body), email, "Läsare i ett nätverk: V6", "Du har inga API-nycklar.")
	if res := a.request(roleReader, "POST", "/konto/nycklar", url.Values{"name": {""}}); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("token without name = %d, want 422", res.Code)
	}
	made := a.request(roleReader, "POST", "/konto/nycklar", url.Values{"name": {"Exportskript"}})
	tok := regexp.MustCompile(`value="(svk_[^"]+)"`).FindStringSubmatch(made.Body)
	if made.Code != http.StatusOK || tok == nil || made.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create token = %d, Cache-Control %q, token shown: %v", made.Code, made.Header.Get("Cache-Control"), tok != nil)
	}
	wantContains(t, "new token", text(made.Body), "Den visas bara den här gången")
	acct = a.request(roleReader, "GET", "/konto", nil)
	if strings.Contains(acct.Body, tok[1]) || !strings.Contains(acct.Body, "Exportskript") {
		t.Error("the token list shows the whole token or lacks it")
	}
	// The token works as a Bearer token, and the account page says so.
	req := httptest.NewRequest("GET", "/konto", nil)
	req.Header.Set("Authorization", "Bearer "+tok[1])
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "API-nyckel") {
		t.Errorf("GET /konto with the token = %d", rec.Code)
	}
	ts, err := a.auth.Tokens(context.Background(), a.users[roleReader].ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("tokens: %v %v", ts, err)
	}
	if res := a.request(roleReader, "POST", fmt.Sprintf("/konto/nycklar/%d/aterkalla", ts[0].ID), url.Values{}); res.Code != http.StatusSeeOther {
		t.Errorf("revoke = %d", res.Code)
	}
	// Someone else's token is not found.
	if res := a.request(roleHeby, "POST", fmt.Sprintf("/konto/nycklar/%d/aterkalla", ts[0].ID), url.Values{}); res.Code != http.StatusNotFound {
		t.Errorf("revoke another's token = %d, want 404", res.Code)
	}
	wantContains(t, "revoked", text(a.request(roleReader, "GET", "/konto?klart=aterkallad", nil).Body), "Återkallad", "API-nyckeln är återkallad.")

	// Changing the password.
	if res := a.request(roleReader, "GET", "/konto/losenord", nil); res.Code != http.StatusOK {
		t.Errorf("password form = %d", res.Code)
	}
	newPass := "ett helt nytt lösenord"
	for _, f := range []url.Values{
		{"old_password": {testPass}, "new_password": {newPass}, "new_password2": {newPass + "x"}},
		{"old_password": {"fel gammalt lösenord"}, "new_password": {newPass}, "new_password2": {newPass}},
		{"old_password": {testPass}, "new_password": {"kort"}, "new_password2": {"kort"}},
	} {
		res := a.request(roleReader, "POST", "/konto/losenord", f)
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("password change %v = %d, want 422", f, res.Code)
		}
		for _, pw := range []string{testPass, newPass, "fel gammalt", "kort\""} {
			if strings.Contains(res.Body, pw) {
				t.Errorf("the password form echoes a password")
			}
		}
	}
	if res := a.request(roleReader, "POST", "/konto/losenord", url.Values{"old_password": {testPass}, "new_password": {newPass}, "new_password2": {newPass}}); res.Code != http.StatusSeeOther {
		t.Fatalf("password change = %d: %.300s", res.Code, text(res.Body))
	}
	if res, _ := a.login(email, testPass); res.Code != http.StatusUnauthorized {
		t.Errorf("old password still works: %d", res.Code)
	}
	if res, c := a.login(email, newPass); res.Code != http.StatusSeeOther || c == nil {
		t.Errorf("new password = %d", res.Code)
	}

	// Logout ends the session.
	cookie := a.loginAs(roleReader)
	out := a.request(roleReader, "POST", "/logga-ut", url.Values{})
	if out.Code != http.StatusSeeOther || out.Header.Get("Location") != "/logga-in?utloggad=1" {
		t.Errorf("logout = %d to %q", out.Code, out.Header.Get("Location"))
	}
	req = httptest.NewRequest("GET", "/", nil)
	req.AddCookie(cookie)
	rec = httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/logga-in" {
		t.Errorf("old session after logout = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	wantContains(t, "logged out", text(a.request(roleAnon, "GET", "/logga-in?utloggad=1", nil).Body), "Du är utloggad.")

	// Passwords never reach the log.
	for _, pw := range []string{testPass, newPass, "fel lösenord 123", "fel gammalt lösenord"} {
		if strings.Contains(a.logs.String(), pw) {
			t.Errorf("the log holds a password: %q", pw)
		}
	}
}

// TestLoginThrottled: after repeated failures for one e-mail from one
// address the login page asks to wait there, even with the right
// password; from another address the owner logs in.
func TestLoginThrottled(t *testing.T) {
	a := newAuthEnv(t)
	email := roleUsers[roleHeby].Email
	post := func(pw, addr string) response {
		req := httptest.NewRequest("POST", "/logga-in", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = addr + ":1234"
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		return response{rec.Code, rec.Body.String(), rec.Header()}
	}
	for range auth.DefaultThrottle.Pair.Max {
		post("fel", "198.51.100.66")
	}
	res := post(testPass, "198.51.100.66")
	if res.Code != http.StatusTooManyRequests {
		t.Fatalf("login after %d failures = %d, want 429", auth.DefaultThrottle.Pair.Max, res.Code)
	}
	wantContains(t, "throttled", text(res.Body), "Vänta en stund", "För många misslyckade inloggningsförsök")
	if res := post(testPass, "192.0.2.10"); res.Code != http.StatusSeeOther {
		t.Errorf("the owner from another address = %d, want 303", res.Code)
	}
}

// TestDemoBox: with the demo accounts in the store the login page lists
// them and their password.
func TestDemoBox(t *testing.T) {
	a := newAuthEnv(t)
	for _, email := range []string{"admin@demo.samverkan.se", "samordnare.ggvv@demo.samverkan.se", "redaktor.heby@demo.samverkan.se"} {
		if err := a.auth.CreateUser(context.Background(), &samverkan.User{Email: email, Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}}, "samverkan-demo"); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(a.request(roleAnon, "GET", "/logga-in", nil).Body, "Demoläge") {
		t.Error("the demo box shows before every demo account exists")
	}
	if err := a.auth.CreateUser(context.Background(), &samverkan.User{Email: "lasare.v6@demo.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleReader, Network: "v6"}}}, "samverkan-demo"); err != nil {
		t.Fatal(err)
	}
	wantContains(t, "demo box", text(a.request(roleAnon, "GET", "/logga-in", nil).Body), "Demoläge", "admin@demo.samverkan.se", "lasare.v6@demo.samverkan.se", "samverkan-demo")
}

// TestUserAdmin: the admin creates a user (the generated password is shown
// once and works), edits grants, sees errors by row, and disables.
func TestUserAdmin(t *testing.T) {
	a := newAuthEnv(t)
	list := a.request(roleAdmin, "GET", "/admin/anvandare", nil)
	wantContains(t, "user list", text(list.Body), roleUsers[roleHeby].Email, "Redaktör för en kommun: Heby")

	if res := a.request(roleAdmin, "GET", "/admin/anvandare/ny", nil); res.Code != http.StatusOK {
		t.Fatalf("new user form = %d", res.Code)
	}
	bad := url.Values{"email": {"ny@test.samverkan.se"}, "grants.0.role": {samverkan.RoleCoordinator}, "grants.0.network": {""}, "grants.0.municipality": {""}}
	res := a.request(roleAdmin, "POST", "/admin/anvandare/ny", bad)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("coordinator without network = %d, want 422: %.300s", res.Code, text(res.Body))
	}
	wantContains(t, "grant error", res.Body, `href="#u-grant-0-network"`)
	taken := url.Values{"email": {roleUsers[roleHeby].Email}, "grants.0.role": {samverkan.RoleReader}, "grants.0.network": {"v6"}}
	if res := a.request(roleAdmin, "POST", "/admin/anvandare/ny", taken); res.Code != http.StatusConflict && res.Code != http.StatusUnprocessableEntity {
		t.Errorf("taken e-mail = %d, want 409 or 422", res.Code)
	}

	good := url.Values{"email": {"ny@test.samverkan.se"}, "grants.0.role": {samverkan.RoleEditor}, "grants.0.network": {""}, "grants.0.municipality": {"Heby"},
		"grants.1.role": {""}, "grants.1.network": {""}, "grants.1.municipality": {""}}
	res = a.request(roleAdmin, "POST", "/admin/anvandare/ny", good)
	pw := regexp.MustCompile(`id="u-password" value="([^"]+)"`).FindStringSubmatch(res.Body)
	if res.Code != http.StatusCreated || pw == nil || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create user = %d: %.300s", res.Code, text(res.Body))
	}
	if login, c := a.login("ny@test.samverkan.se", html.UnescapeString(pw[1])); login.Code != http.StatusSeeOther || c == nil {
		t.Fatalf("the generated password does not work: %d", login.Code)
	}
	if strings.Contains(a.logs.String(), pw[1]) {
		t.Error("the generated password is in the log")
	}

	nu, err := a.db.UserByEmail(context.Background(), "ny@test.samverkan.se")
	if err != nil || len(nu.Grants) != 1 || nu.Grants[0].Municipality != heby {
		t.Fatalf("stored user: %+v %v", nu, err)
	}
	path := fmt.Sprintf("/admin/anvandare/%d", nu.ID)
	form := a.request(roleAdmin, "GET", path, nil)
	v := formValues(t, form.Body)
	if v.Get("grants.0.municipality") != "Heby" || v.Get("version") == "" {
		t.Fatalf("edit form values: %v", v)
	}
	v.Set("grants.0.role", samverkan.RoleReader)
	v.Set("grants.0.network", "v6")
	v.Set("disabled", "1")
	if res := a.request(roleAdmin, "POST", path, v); res.Code != http.StatusSeeOther {
		t.Fatalf("edit user = %d: %.300s", res.Code, text(res.Body))
	}
	if res := a.request(roleAdmin, "POST", path, v); res.Code != http.StatusConflict {
		t.Errorf("stale edit = %d, want 409", res.Code)
	}
	nu, _ = a.db.UserByID(context.Background(), nu.ID)
	if !nu.Disabled || nu.Grants[0].Role != samverkan.RoleReader || nu.Grants[0].Network != "v6" {
		t.Errorf("after edit: %+v", nu)
	}
	if login, _ := a.login("ny@test.samverkan.se", html.UnescapeString(pw[1])); login.Code != http.StatusUnauthorized {
		t.Errorf("a disabled user logs in: %d", login.Code)
	}
	wantContains(t, "list after edit", text(a.request(roleAdmin, "GET", "/admin/anvandare?klart=sparad", nil).Body), "Användaren är sparad.", "Avstängd")
	if res := a.request(roleAdmin, "GET", "/admin/anvandare/999999", nil); res.Code != http.StatusNotFound {
		t.Errorf("unknown user = %d, want 404", res.Code)
	}
}
