package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/samverkan/samverkan"
)

// setupOIDC discovers the identity provider.
func (s *Service) setupOIDC(ctx context.Context, c *OIDCConfig) error {
	if c.Issuer == "" || c.ClientID == "" || c.RedirectURL == "" {
		return errors.New("auth: OIDC needs issuer, client id and redirect URL")
	}
	// The provider keeps the context for fetching keys later; it must
	// outlive New's caller.
	p, err := oidc.NewProvider(context.WithoutCancel(ctx), c.Issuer)
	if err != nil {
		return fmt.Errorf("auth: OIDC discovery at %s: %w", c.Issuer, err)
	}
	s.oidcConf = c
	s.oauth = &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURL,
		Endpoint:     p.Endpoint(),
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
	}
	s.oidcVerifier = p.Verifier(&oidc.Config{ClientID: c.ClientID, Now: s.now})
	return nil
}

// OIDCEnabled reports whether single sign-on is configured.
func (s *Service) OIDCEnabled() bool { return s.oauth != nil }

// OIDCStart sends the browser to the identity provider. State, nonce and
// the PKCE verifier wait in a short-lived HttpOnly cookie for the callback.
func (s *Service) OIDCStart(w http.ResponseWriter, r *http.Request) {
	if !s.OIDCEnabled() {
		http.NotFound(w, r)
		return
	}
	state, nonce, verifier := randomToken(24), randomToken(24), oauth2.GenerateVerifier()
	http.SetCookie(w, s.cookie(r, oidcCookie, state+"."+nonce+"."+verifier, 600))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, s.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// errSSO is the answer to every refused single sign-on; the log says why.
func errSSO() *samverkan.Error {
	return &samverkan.Error{Code: samverkan.EUNAUTHORIZED,
		Message: "Inloggningen via organisationens inloggningstjänst misslyckades. Försök igen eller kontakta administratören."}
}

// OIDCCallback completes single sign-on: it checks the state, exchanges
// the code (with the PKCE verifier), verifies the ID token (signature,
// issuer, audience, expiry, nonce) and returns the existing, enabled user
// with the token's e-mail. The caller then calls StartSession(…, "oidc").
func (s *Service) OIDCCallback(w http.ResponseWriter, r *http.Request) (*samverkan.User, error) {
	if !s.OIDCEnabled() {
		return nil, errSSO()
	}
	ctx := r.Context()
	refuse := func(why string, args ...any) (*samverkan.User, error) {
		s.log.WarnContext(ctx, "oidc login refused", append([]any{slog.String("reason", why)}, args...)...)
		return nil, errSSO()
	}
	// The cookie is single-use.
	clear := s.cookie(r, oidcCookie, "", -1)
	http.SetCookie(w, clear)
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return refuse("no state cookie")
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 3 {
		return refuse("malformed state cookie")
	}
	state, nonce, verifier := parts[0], parts[1], parts[2]
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return refuse("identity provider error", slog.String("error", e), slog.String("description", q.Get("error_description")))
	}
	if got := q.Get("state"); got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(state)) != 1 {
		return refuse("state mismatch")
	}
	code := q.Get("code")
	if code == "" {
		return refuse("no code")
	}
	tok, err := s.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return refuse("code exchange failed", slog.Any("error", err))
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return refuse("no id_token")
	}
	idt, err := s.oidcVerifier.Verify(ctx, raw)
	if err != nil {
		return refuse("id token invalid", slog.Any("error", err))
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return refuse("nonce mismatch")
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified *bool  `json:"email_verified"`
	}
	if err := idt.Claims(&claims); err != nil {
		return refuse("claims unreadable", slog.Any("error", err))
	}
	if claims.Email == "" {
		return refuse("no email claim", slog.String("subject", idt.Subject))
	}
	if claims.EmailVerified != nil && !*claims.EmailVerified {
		return refuse("email not verified", slog.String("email", claims.Email))
	}
	u, err := s.store.UserByEmail(ctx, claims.Email)
	if err != nil {
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			return refuse("no such user", slog.String("email", claims.Email))
		}
		return nil, err
	}
	if u.Disabled {
		return refuse("user disabled", slog.Int64("user", u.ID))
	}
	s.log.InfoContext(ctx, "oidc login", slog.Int64("user", u.ID))
	u.PasswordHash = ""
	return u, nil
}
