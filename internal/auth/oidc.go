package auth

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/samverkan/samverkan"
)

// Discovery. An identity provider that is down when the product starts
// must not take password login, the API and /insyn down with it, so the
// provider is discovered lazily: first in the background at start-up,
// again when single sign-on is wanted and the last try is long enough ago.
// The wait between tries doubles from discoveryBackoff up to
// maxDiscoveryBackoff; each try gives up after discoveryTimeout.
const (
	discoveryBackoff    = 2 * time.Second
	maxDiscoveryBackoff = 2 * time.Minute
	discoveryTimeout    = 10 * time.Second
)

// ErrOIDCUnavailable: single sign-on is configured but the identity
// provider has not answered yet.
var ErrOIDCUnavailable = errors.New("auth: the identity provider cannot be reached")

type oidcClient struct {
	conf OIDCConfig
	hc   *http.Client
	// ctx carries the HTTP client for discovery and, later, key fetches
	// (go-oidc keeps it), so it must outlive any request.
	ctx context.Context

	ready atomic.Pointer[oidcEndpoints]

	mu       sync.Mutex
	trying   bool
	failures int
	nextTry  time.Time
	done     chan struct{} // closed when the running try ends
}

type oidcEndpoints struct {
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

func (s *Service) newOIDCClient(c *OIDCConfig) (*oidcClient, error) {
	if c.Issuer == "" || c.ClientID == "" || c.RedirectURL == "" {
		return nil, errors.New("auth: OIDC needs issuer, client id and redirect URL")
	}
	hc := &http.Client{Timeout: discoveryTimeout}
	return &oidcClient{conf: *c, hc: hc, ctx: oidc.ClientContext(context.Background(), hc)}, nil
}

// discoverSoon starts a try in the background when none is running and
// the backoff allows one, and returns its done channel (nil when no try
// is running).
func (c *oidcClient) discoverSoon(s *Service) <-chan struct{} {
	if c.ready.Load() != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.trying {
		return c.done
	}
	if s.now().Before(c.nextTry) {
		return nil
	}
	c.trying, c.done = true, make(chan struct{})
	done := c.done
	go func() {
		err := c.discover(s)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.trying = false
		close(done)
		if err == nil {
			c.failures = 0
			return
		}
		wait := min(discoveryBackoff<<min(c.failures, 16), maxDiscoveryBackoff)
		c.failures++
		c.nextTry = s.now().Add(wait)
		s.log.Warn("identity provider unreachable; single sign-on waits, password login works",
			slog.String("issuer", c.conf.Issuer), slog.Duration("retry_after", wait), slog.Any("error", err))
	}()
	return done
}

func (c *oidcClient) discover(s *Service) error {
	// The provider keeps c.ctx for fetching keys later; the client in it
	// bounds every request by discoveryTimeout.
	p, err := oidc.NewProvider(c.ctx, c.conf.Issuer)
	if err != nil {
		return fmt.Errorf("OIDC discovery at %s: %w", c.conf.Issuer, err)
	}
	c.ready.Store(&oidcEndpoints{
		oauth: &oauth2.Config{
			ClientID:     c.conf.ClientID,
			ClientSecret: c.conf.ClientSecret,
			RedirectURL:  c.conf.RedirectURL,
			Endpoint:     p.Endpoint(),
			Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
		},
		verifier: p.Verifier(&oidc.Config{ClientID: c.conf.ClientID, Now: s.now}),
	})
	s.log.Info("identity provider discovered", slog.String("issuer", c.conf.Issuer))
	return nil
}

// endpoints returns the discovered provider, trying now (and waiting for
// that try, at most discoveryTimeout or until ctx ends) when the backoff
// allows; ErrOIDCUnavailable when it is still unknown.
func (s *Service) endpoints(ctx context.Context) (*oidcEndpoints, error) {
	c := s.oidc
	if e := c.ready.Load(); e != nil {
		return e, nil
	}
	if done := c.discoverSoon(s); done != nil {
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
	if e := c.ready.Load(); e != nil {
		return e, nil
	}
	return nil, ErrOIDCUnavailable
}

// OIDCEnabled reports whether single sign-on is configured.
func (s *Service) OIDCEnabled() bool { return s.oidc != nil }

// OIDCAvailable reports whether the identity provider has been
// discovered. It never waits: when it has not, it starts a try in the
// background (if the backoff allows) for the next asker.
func (s *Service) OIDCAvailable() bool {
	if s.oidc == nil {
		return false
	}
	if s.oidc.ready.Load() != nil {
		return true
	}
	s.oidc.discoverSoon(s)
	return false
}

// maxNext bounds the page carried through the provider, so the state
// cookie stays far below the 4 kB browsers keep.
const maxNext = 1024

// OIDCStart sends the browser to the identity provider. State, nonce, the
// PKCE verifier and next wait in a short-lived HttpOnly cookie for the
// callback. next must already be a checked local path (the web layer's
// safeNext); it comes back from OIDCCallback. ErrOIDCUnavailable, with
// nothing written, when the provider cannot be reached.
func (s *Service) OIDCStart(w http.ResponseWriter, r *http.Request, next string) error {
	if !s.OIDCEnabled() {
		http.NotFound(w, r)
		return nil
	}
	e, err := s.endpoints(r.Context())
	if err != nil {
		return err
	}
	if next == "" || len(next) > maxNext {
		next = "/"
	}
	state, nonce, verifier := randomToken(24), randomToken(24), oauth2.GenerateVerifier()
	http.SetCookie(w, s.cookie(r, oidcCookie,
		state+"."+nonce+"."+verifier+"."+base64.RawURLEncoding.EncodeToString([]byte(next)), 600))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, e.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
	return nil
}

// errSSO is the answer to every refused single sign-on; the log says why.
func errSSO() *samverkan.Error {
	return &samverkan.Error{Code: samverkan.EUNAUTHORIZED,
		Message: "Inloggningen via organisationens inloggningstjänst misslyckades. Försök igen eller kontakta administratören."}
}

// OIDCCallback completes single sign-on: it checks the state, exchanges
// the code (with the PKCE verifier), verifies the ID token (signature,
// issuer, audience, expiry, nonce) and returns the existing, enabled user
// with the token's e-mail, and the next page OIDCStart was given (check it
// again before use: it came back through the browser). The caller then
// calls StartSession(…, "oidc").
func (s *Service) OIDCCallback(w http.ResponseWriter, r *http.Request) (_ *samverkan.User, next string, _ error) {
	next = "/"
	if !s.OIDCEnabled() {
		return nil, next, errSSO()
	}
	ctx := r.Context()
	refuse := func(why string, args ...any) (*samverkan.User, string, error) {
		s.log.WarnContext(ctx, "oidc login refused", append([]any{slog.String("reason", why)}, args...)...)
		return nil, next, errSSO()
	}
	// The cookie is single-use.
	clear := s.cookie(r, oidcCookie, "", -1)
	http.SetCookie(w, clear)
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return refuse("no state cookie")
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 4 {
		return refuse("malformed state cookie")
	}
	state, nonce, verifier := parts[0], parts[1], parts[2]
	if b, err := base64.RawURLEncoding.DecodeString(parts[3]); err == nil && len(b) > 0 {
		next = string(b)
	}
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
	e, err := s.endpoints(ctx)
	if err != nil {
		return nil, next, err
	}
	tok, err := e.oauth.Exchange(oidc.ClientContext(ctx, s.oidc.hc), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return refuse("code exchange failed", slog.Any("error", err))
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return refuse("no id_token")
	}
	idt, err := e.verifier.Verify(ctx, raw)
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
		return nil, next, err
	}
	if u.Disabled {
		return refuse("user disabled", slog.Int64("user", u.ID))
	}
	s.log.InfoContext(ctx, "oidc login", slog.Int64("user", u.ID))
	u.PasswordHash = ""
	return u, next, nil
}
