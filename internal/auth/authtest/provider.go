// Package authtest runs a real OpenID Provider inside a test: zitadel's
// op package on a loopback httptest server, with an in-memory storage for
// one client and a few users. Tests log in through it as a browser would;
// nothing reaches the internet.
package authtest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The one client the provider knows.
const (
	ClientID     = "samverkan"
	ClientSecret = "hemligt-klientlosenord"
)

// User is an account at the provider.
type User struct {
	Subject       string
	Email         string
	EmailVerified bool
}

// Provider is the running OpenID Provider.
type Provider struct {
	// Issuer is the provider's URL (http://127.0.0.1:port).
	Issuer string

	srv *httptest.Server
	op  *op.Provider
	st  *storage

	mu   sync.Mutex
	down bool
}

// New starts a provider whose client may redirect to redirectURIs, with
// users. Who logs in at the provider's login step is chosen with
// LogInAs (the first user until then).
func New(tb testing.TB, redirectURIs []string, users ...User) *Provider {
	tb.Helper()
	return NewAt(tb, "127.0.0.1:0", redirectURIs, users...)
}

// NewAt is New listening on addr ("127.0.0.1:0" for any port), for a
// test whose provider comes up where one was expected all along.
func NewAt(tb testing.TB, addr string, redirectURIs []string, users ...User) *Provider {
	tb.Helper()
	if len(users) == 0 {
		tb.Fatal("authtest: no users")
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	p := &Provider{}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		tb.Fatalf("authtest: %v", err)
	}
	p.srv = &httptest.Server{Listener: ln, Config: &http.Server{}}
	p.Issuer = "http://" + p.srv.Listener.Addr().String()
	p.st = &storage{
		key: key, redirects: redirectURIs, loginURL: p.Issuer + "/login?id=",
		users: map[string]User{}, requests: map[string]*authRequest{}, codes: map[string]string{},
		loggingIn: users[0].Subject,
	}
	for _, u := range users {
		p.st.users[u.Subject] = u
	}
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	p.op, err = op.NewProvider(&op.Config{CryptoKey: cryptoKey, CodeMethodS256: true, AuthMethodPost: true},
		p.st, op.StaticIssuer(p.Issuer), op.WithAllowInsecure())
	if err != nil {
		tb.Fatalf("authtest: %v", err)
	}
	mux := http.NewServeMux()
	// The login step: the user at the provider's login page is whoever
	// LogInAs named; a real provider would ask for a password here.
	mux.Handle("/login", op.NewIssuerInterceptor(p.op.IssuerFromRequest).HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("id")
		if err := p.st.logIn(id); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, op.AuthCallbackURL(p.op)(r.Context(), id), http.StatusFound)
	}))
	mux.Handle("/", p.op)
	p.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			http.Error(w, "provider down", http.StatusServiceUnavailable)
			return
		}
		mux.ServeHTTP(w, r)
	})
	p.srv.Start()
	tb.Cleanup(p.srv.Close)
	return p
}

// LogInAs makes the user with subject the one who logs in at the
// provider from now on.
func (p *Provider) LogInAs(subject string) {
	p.st.mu.Lock()
	defer p.st.mu.Unlock()
	p.st.loggingIn = subject
}

// SetDown makes every request to the provider fail with 503 (down) or
// be served again.
func (p *Provider) SetDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

// Client is an HTTP client for the provider's pages, for a test acting
// as the browser.
func (p *Provider) Client() *http.Client { return p.srv.Client() }

// storage is op.Storage in memory: one confidential web client, users,
// authorisation requests until their code is redeemed.
type storage struct {
	key       *rsa.PrivateKey
	redirects []string
	loginURL  string

	mu        sync.Mutex
	users     map[string]User
	loggingIn string
	requests  map[string]*authRequest
	codes     map[string]string // code → request id
}

var errNotFound = errors.New("authtest: not found")

func (s *storage) logIn(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok {
		return errNotFound
	}
	r.subject, r.authTime, r.done = s.loggingIn, time.Now(), true
	return nil
}

func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &authRequest{id: rand.Text(), req: *req}
	if req.CodeChallenge != "" {
		r.challenge = &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod}
	}
	s.requests[r.id] = r
	return r, nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.requests[id]; ok {
		return r, nil
	}
	return nil, errNotFound
}

func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.requests[s.codes[code]]; ok {
		return r, nil
	}
	return nil, errNotFound
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

func (s *storage) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	return rand.Text(), time.Now().Add(5 * time.Minute), nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("authtest: no refresh tokens")
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return signingKey{s.key}, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) { return []op.Key{publicKey{s.key}}, nil }

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != ClientID {
		return nil, errNotFound
	}
	return client{s}, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != ClientID || secret != ClientSecret {
		return errors.New("authtest: wrong client credentials")
	}
	return nil
}

func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest puts the e-mail claims into the ID token.
// email_verified=false goes out explicitly: oidc.UserInfo would leave a
// false one out.
func (s *storage) SetUserinfoFromRequest(_ context.Context, ui *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	s.mu.Lock()
	u, ok := s.users[req.GetSubject()]
	s.mu.Unlock()
	if !ok {
		return errNotFound
	}
	ui.Subject = u.Subject
	if slices.Contains(scopes, oidc.ScopeEmail) && u.Email != "" {
		ui.Email = u.Email
		if u.EmailVerified {
			ui.EmailVerified = true
		} else {
			ui.AppendClaims("email_verified", false)
		}
	}
	return nil
}

func (s *storage) SetUserinfoFromToken(context.Context, *oidc.UserInfo, string, string, string) error {
	return errors.New("authtest: no userinfo endpoint")
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("authtest: no introspection")
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errNotFound
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("authtest: no JWT profile grant")
}

func (s *storage) Health(context.Context) error { return nil }

type authRequest struct {
	id        string
	req       oidc.AuthRequest
	challenge *oidc.CodeChallenge
	subject   string
	authTime  time.Time
	done      bool
}

func (r *authRequest) GetID() string                         { return r.id }
func (r *authRequest) GetACR() string                        { return "" }
func (r *authRequest) GetAMR() []string                      { return []string{"pwd"} }
func (r *authRequest) GetAudience() []string                 { return []string{r.req.ClientID} }
func (r *authRequest) GetAuthTime() time.Time                { return r.authTime }
func (r *authRequest) GetClientID() string                   { return r.req.ClientID }
func (r *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return r.challenge }
func (r *authRequest) GetNonce() string                      { return r.req.Nonce }
func (r *authRequest) GetRedirectURI() string                { return r.req.RedirectURI }
func (r *authRequest) GetResponseType() oidc.ResponseType    { return r.req.ResponseType }
func (r *authRequest) GetResponseMode() oidc.ResponseMode    { return r.req.ResponseMode }
func (r *authRequest) GetScopes() []string                   { return r.req.Scopes }
func (r *authRequest) GetState() string                      { return r.req.State }
func (r *authRequest) GetSubject() string                    { return r.subject }
func (r *authRequest) Done() bool                            { return r.done }

type client struct{ s *storage }

func (c client) GetID() string                       { return ClientID }
func (c client) RedirectURIs() []string              { return c.s.redirects }
func (c client) PostLogoutRedirectURIs() []string    { return nil }
func (c client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c client) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c client) LoginURL(id string) string            { return c.s.loginURL + id }
func (c client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c client) IDTokenLifetime() time.Duration       { return 5 * time.Minute }
func (c client) DevMode() bool                        { return true } // http redirect URIs
func (c client) IsScopeAllowed(string) bool           { return false }
func (c client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c client) ClockSkew() time.Duration             { return 0 }
func (c client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

type signingKey struct{ k *rsa.PrivateKey }

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.k }
func (k signingKey) ID() string                                  { return "k1" }

type publicKey struct{ k *rsa.PrivateKey }

func (k publicKey) ID() string                         { return "k1" }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.k.PublicKey }
