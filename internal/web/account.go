package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samverkan/samverkan"
)

// One's own account: who am I and what may I do, the password, and API
// tokens for scripts (the plain token is shown once, right after it was
// made; the database keeps only its hash).

type accountPage struct {
	User      *samverkan.User
	Via       string
	Tokens    []samverkan.APIToken
	NewToken  string // shown once
	TokenName string
	// NetworkNames names the networks of the grants.
	NetworkNames map[string]string
	Errors       formErrors
}

func (s *server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.showAccount(w, r, http.StatusOK, &accountPage{})
}

func (s *server) showAccount(w http.ResponseWriter, r *http.Request, status int, d *accountPage) {
	p := principal(r)
	d.User, d.Via = p.User, p.Via
	if s.auth != nil {
		ts, err := s.auth.Tokens(r.Context(), p.User.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		d.Tokens = ts
	}
	names, err := s.networkNames(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d.NetworkNames = names
	lang := langOf(r)
	title := tr(lang, "account.title")
	if d.Errors.Any() {
		title = tr(lang, "form.title.error", title)
	}
	if d.NewToken != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, status, "account", page{Title: title, Nav: "account", Flash: accountFlash(r), Data: d})
}

func accountFlash(r *http.Request) string {
	lang := langOf(r)
	switch r.URL.Query().Get("klart") {
	case "losenord":
		return tr(lang, "account.flash.password")
	case "aterkallad":
		return tr(lang, "account.flash.revoked")
	}
	return ""
}

func (s *server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	name := strings.TrimSpace(r.PostForm.Get("name"))
	d := &accountPage{TokenName: name}
	switch {
	case name == "":
		d.Errors.add("t-name", tr(lang, "token.name"), tr(lang, "token.err.name"))
	case utf8.RuneCountInString(name) > 100:
		d.Errors.add("t-name", tr(lang, "token.name"), tr(lang, "token.err.long"))
	}
	if d.Errors.Any() {
		s.showAccount(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	plain, _, err := s.auth.CreateToken(r.Context(), principal(r).User, name)
	if fes := samverkan.FieldErrors(err); fes != nil { // e.g. a control character in the name
		for _, fe := range fes {
			d.Errors.add("t-name", tr(lang, "token.name"), fe.Message(lang))
		}
		s.showAccount(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.showAccount(w, r, http.StatusOK, &accountPage{NewToken: plain, TokenName: name})
}

func (s *server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("tokenID"), 10, 64)
	if err != nil || id < 1 {
		s.notFound(w, r)
		return
	}
	if err := s.auth.RevokeToken(r.Context(), principal(r).User.ID, id); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/konto?klart=aterkallad", http.StatusSeeOther)
}

type passwordPage struct {
	Errors formErrors
}

func (s *server) handlePasswordForm(w http.ResponseWriter, r *http.Request) {
	s.renderPassword(w, r, http.StatusOK, &passwordPage{})
}

func (s *server) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	old, pw, again := r.PostForm.Get("old_password"), r.PostForm.Get("new_password"), r.PostForm.Get("new_password2")
	d := &passwordPage{}
	if pw != again {
		d.Errors.add("p-new2", tr(lang, "password.again"), tr(lang, "password.err.mismatch"))
		s.renderPassword(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	err := s.auth.ChangePassword(r.Context(), principal(r).User, old, pw)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/konto?klart=losenord", http.StatusSeeOther)
		return
	case samverkan.EINVALID:
		for _, fe := range samverkan.FieldErrors(err) {
			id, label := "p-new", tr(lang, "password.new")
			if fe.Field == "old_password" {
				id, label = "p-old", tr(lang, "password.old")
			}
			d.Errors.add(id, label, fe.Message(lang))
		}
		d.Errors.orMessage(err)
		s.renderPassword(w, r, http.StatusUnprocessableEntity, d)
	default:
		s.error(w, r, err)
	}
}

func (s *server) renderPassword(w http.ResponseWriter, r *http.Request, status int, d *passwordPage) {
	lang := langOf(r)
	title := tr(lang, "password.title")
	if d.Errors.Any() {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "password", page{Title: title, Nav: "account", Data: d})
}
