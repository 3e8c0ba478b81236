package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

// Logging in and out: the login page with e-mail and password, single
// sign-on through the municipality's identity provider (OIDC), logout.
// Sessions, passwords and throttling are internal/auth's; these handlers
// only show the pages and never echo a password.

// demoAccounts are the accounts `serve --demo` creates; the login page
// lists them when they exist.
var demoAccounts = []struct{ Email, Role string }{
	{"admin@demo.samverkan.se", "login.demo.admin"},
	{"samordnare.ggvv@demo.samverkan.se", "login.demo.coordinator"},
	{"redaktor.heby@demo.samverkan.se", "login.demo.editor"},
	{"lasare.v6@demo.samverkan.se", "login.demo.reader"},
}

// DemoPassword is the demo accounts' password.
const demoPassword = "samverkan-demo"

type demoAccount struct{ Email, Role string }

type loginPage struct {
	Next      string
	Email     string
	Errors    formErrors
	Throttled bool
	LoggedOut bool
	OIDC      bool
	OIDCDown  bool // configured, but the provider has not answered yet
	Demo      []demoAccount
	DemoPass  string
}

func (s *server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	next := safeNext(q.Get("next"))
	if !principal(r).Anonymous() && q.Get("utloggad") == "" {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, &loginPage{Next: next, LoggedOut: q.Get("utloggad") != ""})
}

func (s *server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	lp := &loginPage{Next: safeNext(r.PostForm.Get("next")), Email: email}
	if s.auth == nil {
		s.error(w, r, samverkan.Errorf(samverkan.EINTERNAL, "web: no auth service"))
		return
	}
	if email == "" || password == "" {
		if email == "" {
			lp.Errors.add("l-email", tr(lang, "login.email"), tr(lang, "login.err.email"))
		}
		if password == "" {
			lp.Errors.add("l-password", tr(lang, "login.password"), tr(lang, "login.err.password"))
		}
		s.renderLogin(w, r, http.StatusUnprocessableEntity, lp)
		return
	}
	u, err := s.auth.Login(r.Context(), email, password, s.auth.ClientIP(r))
	switch samverkan.ErrorCode(err) {
	case "":
	case samverkan.EUNAUTHORIZED:
		// The same answer for an unknown e-mail and a wrong password.
		lp.Errors.add("l-email", "", tr(lang, "login.err.wrong"))
		s.renderLogin(w, r, http.StatusUnauthorized, lp)
		return
	case samverkan.ETHROTTLED:
		lp.Throttled = true
		lp.Errors.add("", "", tr(lang, "login.err.throttled"))
		s.renderLogin(w, r, http.StatusTooManyRequests, lp)
		return
	default:
		s.error(w, r, err)
		return
	}
	s.startSession(w, r, u, "password", lp.Next)
}

// startSession replaces any session the browser had (no session fixation)
// and goes on to next.
func (s *server) startSession(w http.ResponseWriter, r *http.Request, u *samverkan.User, via, next string) {
	if c, err := r.Cookie(auth.SessionCookie); err == nil && c.Value != "" {
		if err := s.auth.EndSession(w, r); err != nil {
			s.log.WarnContext(r.Context(), "ending the old session failed", "error", err)
		}
	}
	if err := s.auth.StartSession(w, r, u, via); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if s.auth != nil {
		if err := s.auth.EndSession(w, r); err != nil {
			s.error(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/logga-in?utloggad=1", http.StatusSeeOther)
}

// handleOIDCStart sends the browser to the identity provider, carrying
// next through the round trip. While the provider cannot be reached the
// login page says so (503) and password login goes on working.
func (s *server) handleOIDCStart(w http.ResponseWriter, r *http.Request) {
	if s.auth == nil || !s.auth.OIDCEnabled() {
		s.notFound(w, r)
		return
	}
	next := safeNext(r.URL.Query().Get("next"))
	if err := s.auth.OIDCStart(w, r, next); err != nil {
		s.ssoFailed(w, r, err, next)
	}
}

func (s *server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) {
	if s.auth == nil || !s.auth.OIDCEnabled() {
		s.notFound(w, r)
		return
	}
	u, next, err := s.auth.OIDCCallback(w, r)
	// It went out checked, but came back through the browser.
	next = safeNext(next)
	if err != nil {
		s.ssoFailed(w, r, err, next)
		return
	}
	s.startSession(w, r, u, "oidc", next)
}

// ssoFailed shows the login page after a single sign-on that did not
// happen, keeping next for the password form.
func (s *server) ssoFailed(w http.ResponseWriter, r *http.Request, err error, next string) {
	lang := langOf(r)
	lp := &loginPage{Next: next}
	status := http.StatusUnauthorized
	switch code := samverkan.ErrorCode(err); {
	case errors.Is(err, auth.ErrOIDCUnavailable):
		lp.Errors.add("", "", tr(lang, "login.err.sso_unavailable"))
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "30")
	case code == samverkan.EUNAUTHORIZED:
		lp.Errors.add("", "", tr(lang, "login.err.sso"))
	default:
		s.log.ErrorContext(r.Context(), "single sign-on failed", "error", err)
		lp.Errors.add("", "", tr(lang, "login.err.sso"))
		status = http.StatusInternalServerError
	}
	s.renderLogin(w, r, status, lp)
}

func (s *server) renderLogin(w http.ResponseWriter, r *http.Request, status int, lp *loginPage) {
	lp.OIDC = s.auth != nil && s.auth.OIDCEnabled()
	lp.OIDCDown = lp.OIDC && !s.auth.OIDCAvailable()
	lp.Demo = s.demoAccounts(r.Context(), langOf(r))
	if lp.Demo != nil {
		lp.DemoPass = demoPassword
	}
	lang := langOf(r)
	title := tr(lang, "login.title")
	if lp.Errors.Any() {
		title = tr(lang, "form.title.error", title)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "login", page{Title: title, Nav: "login", Data: lp})
}

// demoAccounts lists the demo accounts when all of them exist (the
// product runs with --demo); nil otherwise.
func (s *server) demoAccounts(ctx context.Context, lang string) []demoAccount {
	us, ok := s.store.(samverkan.UserStore)
	if !ok {
		return nil
	}
	var out []demoAccount
	for _, d := range demoAccounts {
		u, err := us.UserByEmail(ctx, d.Email)
		if err != nil || u.Disabled {
			return nil
		}
		out = append(out, demoAccount{Email: d.Email, Role: tr(lang, d.Role)})
	}
	return out
}

// grantLabel describes one grant: "Samordnare för ett nätverk: GGVV",
// the network by its name from names (slug → name), never by its slug.
func (s *server) grantLabel(lang string, g samverkan.Grant, names map[string]string) string {
	role := samverkan.UserRoles.Label(g.Role, lang)
	switch {
	case g.Network != "":
		if name := names[g.Network]; name != "" {
			return role + ": " + name
		}
		return role + ": " + g.Network
	case g.Municipality != "":
		return role + ": " + s.cat.MunicipalityName(g.Municipality)
	}
	return role
}

// Template functions for hiding what the user may not use.
func canEditFunc(p *samverkan.Principal, c *samverkan.Collaboration) bool {
	return c != nil && samverkan.CanEdit(p, c)
}

func canDeleteFunc(p *samverkan.Principal, c *samverkan.Collaboration) bool {
	return c != nil && samverkan.Authorize(p, samverkan.ActionDelete, samverkan.ResourceOf(c))
}

func canNetworkFunc(p *samverkan.Principal, slug string) bool {
	return samverkan.Authorize(p, samverkan.ActionUpdate, samverkan.Resource{Networks: []string{slug}})
}
