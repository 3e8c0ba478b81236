// Package auth proves who is asking: passwords (argon2id), sessions kept in
// the database behind an HttpOnly cookie, API tokens for scripts, and OIDC
// single sign-on. What a proven user may do is decided by
// samverkan.Authorize; this package only puts the samverkan.Principal on
// the request context.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samverkan/samverkan"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "samverkan_session"

// oidcCookie carries state, nonce, PKCE verifier and the page to go on to
// between OIDCStart and OIDCCallback.
const oidcCookie = "samverkan_oidc"

// Policy.
const (
	// MinPasswordLength is the shortest password accepted, in characters.
	MinPasswordLength = 12
	// DefaultSessionTTL is how long a session lives without use.
	DefaultSessionTTL = 12 * time.Hour
	// tokenPrefix marks API tokens, so leaked ones are easy to recognise.
	tokenPrefix = "svk_"
	// touchEvery limits session writes: activity within this of the last
	// recorded one does not move the expiry again.
	touchEvery = time.Minute
)

// Options configures the service.
type Options struct {
	Store  samverkan.UserStore
	Logger *slog.Logger
	// SecureCookies is "auto" (Secure when the request came over TLS or
	// with X-Forwarded-Proto: https), "always" or "never"; "" means auto.
	SecureCookies string
	// SessionTTL is how long a session lives after its last use (sliding);
	// 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// OIDC turns single sign-on on; nil leaves it off.
	OIDC *OIDCConfig
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Throttle is the login throttling policy; the zero value means
	// DefaultThrottle.
	Throttle Throttle
	// TrustedProxies are the reverse proxies and load balancers whose
	// X-Forwarded-For is believed (see ClientIP); none by default.
	TrustedProxies []netip.Prefix
}

// OIDCConfig names the identity provider and this application's client.
type OIDCConfig struct {
	Issuer, ClientID, ClientSecret, RedirectURL string
}

// Service implements logins, sessions and tokens.
type Service struct {
	store     samverkan.UserStore
	log       *slog.Logger
	secure    string
	ttl       time.Duration
	now       func() time.Time
	dummyHash string
	throttle  Throttle
	proxies   []netip.Prefix
	// checkPassword is CheckPassword; tests count the calls.
	checkPassword func(hash, password string) bool

	// oidc is nil when single sign-on is off.
	oidc *oidcClient
}

// New returns the service. With OIDC configured it starts discovering the
// identity provider in the background; an unreachable provider is not an
// error (see OIDCAvailable), only an incomplete configuration is.
func New(ctx context.Context, o Options) (*Service, error) {
	if o.Store == nil {
		return nil, errors.New("auth: no store")
	}
	s := &Service{store: o.Store, log: o.Logger, secure: o.SecureCookies, ttl: o.SessionTTL, now: o.Now,
		throttle: o.Throttle, proxies: o.TrustedProxies, checkPassword: CheckPassword}
	if s.throttle == (Throttle{}) {
		s.throttle = DefaultThrottle
	} else if !s.throttle.valid() {
		return nil, fmt.Errorf("auth: throttle %+v: every limit needs a positive Max and Window", o.Throttle)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	switch s.secure {
	case "":
		s.secure = "auto"
	case "auto", "always", "never":
	default:
		return nil, fmt.Errorf("auth: secure cookies %q: want auto, always or never", o.SecureCookies)
	}
	if s.ttl <= 0 {
		s.ttl = DefaultSessionTTL
	}
	if s.now == nil {
		s.now = time.Now
	}
	// A hash to check against when the e-mail is unknown, so that answer
	// takes as long as a wrong password.
	h, err := HashPassword(GeneratePassword())
	if err != nil {
		return nil, err
	}
	s.dummyHash = h
	if o.OIDC != nil {
		c, err := s.newOIDCClient(o.OIDC)
		if err != nil {
			return nil, err
		}
		s.oidc = c
		c.discoverSoon(s)
	}
	return s, nil
}

// errLogin is the one answer to a wrong password and an unknown e-mail.
func errLogin() *samverkan.Error {
	return &samverkan.Error{Code: samverkan.EUNAUTHORIZED, Message: "Fel e-postadress eller lösenord."}
}

func errThrottled() *samverkan.Error {
	return &samverkan.Error{Code: samverkan.ETHROTTLED,
		Message: "För många misslyckade inloggningsförsök. Vänta en stund och försök igen."}
}

// Limit is one throttling rule: at most Max attempts that did not succeed
// (failures, and attempts still being checked) within Window.
type Limit struct {
	Max    int
	Window time.Duration
}

// Throttle is the login throttling policy. Every attempt counts under
// three keys, and is refused without checking the password when any of
// them is full:
//
//   - Pair: the account from one address. The tight limit: it stops a
//     guesser at one address without touching anyone else.
//   - Account: the account from any address, higher and slower. It
//     bounds a guesser who spreads over many addresses. It does not apply
//     at an address that logged the account in within KnownAddress, so
//     such an attack cannot lock the owner out from where they usually
//     work.
//   - Address: every account from one address, high enough for a
//     municipality's staff behind one NAT or load balancer.
//
// A success releases its own attempt and clears the pair.
type Throttle struct {
	Pair, Account, Address Limit
	KnownAddress           time.Duration
}

// DefaultThrottle is the policy unless Options say otherwise (the README
// documents it under "Konton och roller").
var DefaultThrottle = Throttle{
	Pair:         Limit{Max: 5, Window: 15 * time.Minute},
	Account:      Limit{Max: 30, Window: time.Hour},
	Address:      Limit{Max: 100, Window: 15 * time.Minute},
	KnownAddress: 30 * 24 * time.Hour,
}

func (t Throttle) valid() bool {
	for _, l := range []Limit{t.Pair, t.Account, t.Address} {
		if l.Max <= 0 || l.Window <= 0 {
			return false
		}
	}
	return t.KnownAddress >= 0
}

// keep is how long an attempt must be kept to be counted by every limit.
func (t Throttle) keep() time.Duration {
	return max(t.Pair.Window, t.Account.Window, t.Address.Window)
}

func normEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Login checks an e-mail and password. A wrong password, an unknown
// e-mail and a disabled account get the same error after about the same
// time: all three reserve an attempt and check a hash. When the
// throttling policy refuses the attempt it answers ETHROTTLED without
// checking anything. remoteIP is the client's address (ClientIP); empty
// when there is none, as on the command line.
func (s *Service) Login(ctx context.Context, email, password, remoteIP string) (*samverkan.User, error) {
	now := s.now()
	th := s.throttle
	e := normEmail(email)
	pair := "pair:" + e + "|" + remoteIP
	limits := []samverkan.LoginLimit{{Key: pair, Max: th.Pair.Max, Since: now.Add(-th.Pair.Window)}}
	known := ""
	accountLimit := true
	if remoteIP != "" {
		known = "known:" + e + "|" + remoteIP
		limits = append(limits, samverkan.LoginLimit{Key: "ip:" + remoteIP, Max: th.Address.Max, Since: now.Add(-th.Address.Window)})
		if th.KnownAddress > 0 {
			n, err := s.store.LoginAttempts(ctx, known, now.Add(-th.KnownAddress))
			if err != nil {
				return nil, err
			}
			accountLimit = n == 0
		}
	}
	if accountLimit {
		limits = append(limits, samverkan.LoginLimit{Key: "email:" + e, Max: th.Account.Max, Since: now.Add(-th.Account.Window)})
	}
	attempt, ok, err := s.store.ReserveLoginAttempt(ctx, now, max(th.keep(), time.Minute), limits)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.log.WarnContext(ctx, "login throttled", slog.String("email", email), slog.String("ip", remoteIP))
		return nil, errThrottled()
	}
	release := func() {
		if err := s.store.ReleaseLoginAttempt(context.WithoutCancel(ctx), attempt); err != nil {
			s.log.WarnContext(ctx, "releasing a login attempt failed", slog.Any("error", err))
		}
	}
	u, err := s.store.UserByEmail(ctx, strings.TrimSpace(email))
	if err != nil && samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		release()
		return nil, err
	}
	ok = false
	if u != nil && u.PasswordHash != "" {
		ok = s.checkPassword(u.PasswordHash, password)
	} else {
		s.checkPassword(s.dummyHash, password)
	}
	if !ok || u.Disabled {
		// The reservation stays: it is the failure's record.
		s.log.InfoContext(ctx, "login failed", slog.String("email", email), slog.String("ip", remoteIP))
		return nil, errLogin()
	}
	markUntil := now.Add(th.KnownAddress)
	if th.KnownAddress == 0 {
		known = ""
	}
	if err := s.store.LoginSucceeded(ctx, attempt, []string{pair}, known, now, markUntil); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "login", slog.Int64("user", u.ID), slog.String("ip", remoteIP))
	return u, nil
}

// randomToken returns n random bytes, URL-safe base64 encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// secureRequest decides the cookie's Secure flag for r.
func (s *Service) secureRequest(r *http.Request) bool {
	switch s.secure {
	case "always":
		return true
	case "never":
		return false
	}
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func (s *Service) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode}
}

// StartSession logs u in: a new random token goes to the browser in the
// session cookie, its SHA-256 to the database. via is how the user proved
// who they are ("password", "oidc").
func (s *Service) StartSession(w http.ResponseWriter, r *http.Request, u *samverkan.User, via string) error {
	if u == nil || u.ID == 0 {
		return errors.New("auth: StartSession without a user")
	}
	if via == "" {
		via = "password"
	}
	tok := randomToken(32)
	now := s.now()
	sess := &samverkan.Session{Hash: hashToken(tok), UserID: u.ID, Via: via, Created: now, LastSeen: now, Expires: now.Add(s.ttl)}
	if err := s.store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	// A browser-session cookie: the server ends the session after SessionTTL
	// without use; the cookie need not be rewritten on every request.
	http.SetCookie(w, s.cookie(r, SessionCookie, tok, 0))
	return nil
}

// EndSession logs out: the session is deleted and the cookie cleared.
func (s *Service) EndSession(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, s.cookie(r, SessionCookie, "", -1))
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	return s.store.DeleteSession(r.Context(), hashToken(c.Value))
}

type sessionKey struct{}

// Middleware puts the principal on every request's context: the user of a
// valid "Authorization: Bearer" token, else of a live session cookie, else
// anonymous. A disabled user is anonymous.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := &samverkan.Principal{}
		if h := r.Header.Get("Authorization"); h != "" {
			if tok, ok := bearer(h); ok {
				if u := s.userForToken(ctx, tok); u != nil {
					p = &samverkan.Principal{User: u, Via: "token"}
				}
			}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			hash := hashToken(c.Value)
			if u, via := s.userForSession(ctx, hash); u != nil {
				p = &samverkan.Principal{User: u, Via: via}
				ctx = context.WithValue(ctx, sessionKey{}, hash)
			}
		}
		next.ServeHTTP(w, r.WithContext(samverkan.WithPrincipal(ctx, p)))
	})
}

func bearer(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

func (s *Service) userForToken(ctx context.Context, tok string) *samverkan.User {
	if !strings.HasPrefix(tok, tokenPrefix) || len(tok) > 200 {
		return nil
	}
	_, u, err := s.store.TokenByHash(ctx, hashToken(tok))
	if err != nil {
		if samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
			s.log.ErrorContext(ctx, "token lookup failed", slog.Any("error", err))
		}
		return nil
	}
	if u == nil || u.Disabled {
		return nil
	}
	u.PasswordHash = ""
	return u
}

func (s *Service) userForSession(ctx context.Context, hash []byte) (*samverkan.User, string) {
	sess, u, err := s.store.SessionByHash(ctx, hash)
	if err != nil {
		if samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
			s.log.ErrorContext(ctx, "session lookup failed", slog.Any("error", err))
		}
		return nil, ""
	}
	now := s.now()
	if u == nil || u.Disabled || !now.Before(sess.Expires) {
		return nil, ""
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		if err := s.store.TouchSession(ctx, hash, now, now.Add(s.ttl)); err != nil {
			s.log.WarnContext(ctx, "session touch failed", slog.Any("error", err))
		}
	}
	u.PasswordHash = ""
	via := "session"
	if sess.Via == "oidc" {
		via = "oidc"
	}
	return u, via
}

// ChangePassword replaces u's password after checking the old one, and
// ends u's other sessions (the one making the request, if any, stays).
func (s *Service) ChangePassword(ctx context.Context, u *samverkan.User, oldPassword, newPassword string) error {
	cur, err := s.store.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	var v samverkan.Validation
	if cur.PasswordHash == "" || !CheckPassword(cur.PasswordHash, oldPassword) {
		v.Add("old_password", "wrong_password")
	}
	if utf8.RuneCountInString(newPassword) < MinPasswordLength {
		v.Add("new_password", "password_too_short", MinPasswordLength)
	}
	if err := v.Err(); err != nil {
		return err
	}
	h, err := HashPassword(newPassword)
	if err != nil {
		return err
	}
	if err := s.store.SetPasswordHash(ctx, u.ID, h); err != nil {
		return err
	}
	keep, _ := ctx.Value(sessionKey{}).([]byte)
	return s.store.DeleteUserSessions(ctx, u.ID, keep)
}

// CreateUser validates u, hashes password into it and stores it. An empty
// password leaves the account without one: it can then log in only by
// single sign-on.
func (s *Service) CreateUser(ctx context.Context, u *samverkan.User, password string) error {
	u.Email = strings.TrimSpace(u.Email)
	u.PasswordHash = ""
	if password != "" {
		if utf8.RuneCountInString(password) < MinPasswordLength {
			var v samverkan.Validation
			v.Add("password", "password_too_short", MinPasswordLength)
			return v.Err()
		}
		h, err := HashPassword(password)
		if err != nil {
			return err
		}
		u.PasswordHash = h
	}
	return s.store.CreateUser(ctx, u)
}

// CreateToken makes an API token acting as u. The plain token is returned
// once; only its SHA-256 and a short prefix for display are stored.
func (s *Service) CreateToken(ctx context.Context, u *samverkan.User, name string) (string, *samverkan.APIToken, error) {
	name = strings.TrimSpace(name)
	var v samverkan.Validation
	v.Text("name", name, 100, true) // the rule of every one-line field
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	plain := tokenPrefix + randomToken(32)
	t := &samverkan.APIToken{UserID: u.ID, Name: name, Prefix: plain[:len(tokenPrefix)+6], Hash: hashToken(plain)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

// Tokens lists a user's tokens.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]samverkan.APIToken, error) {
	return s.store.Tokens(ctx, userID)
}

// RevokeToken revokes one of the user's tokens.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return s.store.RevokeToken(ctx, userID, tokenID)
}

// GeneratePassword returns a random password of 24 characters (144 bits).
func GeneratePassword() string { return randomToken(18) }
