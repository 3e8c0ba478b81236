package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

// fakeIdP is an OpenID provider in the test process: discovery, keys and
// a token endpoint that hands out the ID token the test prepared for a
// code, after checking the client's secret and the PKCE verifier.
type fakeIdP struct {
	t      *testing.T
	srv    *httptest.Server
	signer jose.Signer
	key    *rsa.PrivateKey

	mu    sync.Mutex
	codes map[string]codeGrant
}

type codeGrant struct {
	claims    map[string]any
	challenge string
}

const (
	clientID     = "samverkan"
	clientSecret = "hemligt"
)

func newFakeIdP(t *testing.T) *fakeIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeIdP{t: t, signer: signer, key: key, codes: map[string]codeGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer":                                p.srv.URL,
			"authorization_endpoint":                p.srv.URL + "/authorize",
			"token_endpoint":                        p.srv.URL + "/token",
			"jwks_uri":                              p.srv.URL + "/jwks",
			"response_types_supported":              []string{"code"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
		}
		if id != clientID || secret != clientSecret {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		p.mu.Lock()
		g, ok := p.codes[r.PostFormValue("code")]
		delete(p.codes, r.PostFormValue("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"invalid_grant"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": p.sign(g.claims),
		})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *fakeIdP) sign(claims map[string]any) string {
	b, err := json.Marshal(claims)
	if err != nil {
		p.t.Fatal(err)
	}
	jws, err := p.signer.Sign(b)
	if err != nil {
		p.t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// flow runs OIDCStart, lets the IdP issue a code whose ID token has the
// claims (after edit), and calls OIDCCallback with the state that edit
// state returns.
func (p *fakeIdP) flow(t *testing.T, svc *auth.Service, now time.Time, edit func(claims map[string]any), state func(string) string) (*samverkan.User, error) {
	t.Helper()
	w := httptest.NewRecorder()
	if err := svc.OIDCStart(w, httptest.NewRequest("GET", "/logga-in/sso", nil), "/"); err != nil {
		t.Fatalf("OIDCStart: %v", err)
	}
	res := w.Result()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("OIDCStart: status %d", res.StatusCode)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	q := loc.Query()
	if loc.Path != "/authorize" || q.Get("client_id") != clientID || q.Get("code_challenge_method") != "S256" ||
		q.Get("state") == "" || q.Get("nonce") == "" || q.Get("redirect_uri") != "https://samverkan.example/auth/oidc/callback" {
		t.Fatalf("authorize URL %s", loc)
	}
	var stateCookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "samverkan_oidc" {
			stateCookie = c
		}
	}
	if stateCookie == nil || !stateCookie.HttpOnly || stateCookie.MaxAge <= 0 || stateCookie.MaxAge > 900 {
		t.Fatalf("state cookie %+v", stateCookie)
	}
	claims := map[string]any{
		"iss": p.srv.URL, "sub": "user-1", "aud": clientID, "nonce": q.Get("nonce"),
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"email": "anna@uppsala.se", "email_verified": true,
	}
	if edit != nil {
		edit(claims)
	}
	code := rand.Text()
	p.mu.Lock()
	p.codes[code] = codeGrant{claims: claims, challenge: q.Get("code_challenge")}
	p.mu.Unlock()
	st := q.Get("state")
	if state != nil {
		st = state(st)
	}
	r := httptest.NewRequest("GET", "/auth/oidc/callback?"+url.Values{"state": {st}, "code": {code}}.Encode(), nil)
	r.AddCookie(&http.Cookie{Name: stateCookie.Name, Value: stateCookie.Value})
	w = httptest.NewRecorder()
	u, _, err := svc.OIDCCallback(w, r)
	cleared := false
	for _, c := range w.Result().Cookies() {
		cleared = cleared || (c.Name == "samverkan_oidc" && c.MaxAge < 0)
	}
	if !cleared {
		t.Error("callback did not clear the state cookie")
	}
	return u, err
}

func TestOIDC(t *testing.T) {
	idp := newFakeIdP(t)
	logs := &syncBuffer{}
	f := newFixture(t, func(o *auth.Options) {
		o.Logger = slog.New(slog.NewTextHandler(logs, nil))
		o.OIDC = &auth.OIDCConfig{Issuer: idp.srv.URL, ClientID: clientID, ClientSecret: clientSecret,
			RedirectURL: "https://samverkan.example/auth/oidc/callback"}
	})
	if !f.svc.OIDCEnabled() {
		t.Fatal("OIDC not enabled")
	}
	now := f.clock.Now()

	u, err := idp.flow(t, f.svc, now, nil, nil)
	if err != nil || u == nil || u.ID != f.user.ID {
		t.Fatalf("OIDC login = %v, %v", u, err)
	}
	w := httptest.NewRecorder()
	if err := f.svc.StartSession(w, httptest.NewRequest("GET", "/", nil), u, "oidc"); err != nil {
		t.Fatal(err)
	}
	if got := ask(whoami(f), withCookie(w.Result().Cookies()[0])); got != "Anna@Uppsala.se via oidc" {
		t.Errorf("session after OIDC: %q", got)
	}

	refused := map[string]struct {
		edit  func(map[string]any)
		state func(string) string
		why   string // in the log
	}{
		"bad state":      {state: func(string) string { return "forged" }, why: "state mismatch"},
		"wrong audience": {edit: func(c map[string]any) { c["aud"] = "another-app" }, why: "audience"},
		"wrong issuer":   {edit: func(c map[string]any) { c["iss"] = "https://evil.example" }, why: "different provider"},
		"expired": {edit: func(c map[string]any) {
			c["exp"] = now.Add(-time.Hour).Unix()
			c["iat"] = now.Add(-2 * time.Hour).Unix()
		}, why: "expired"},
		"wrong nonce":        {edit: func(c map[string]any) { c["nonce"] = "replayed" }, why: "nonce mismatch"},
		"unknown e-mail":     {edit: func(c map[string]any) { c["email"] = "okand@uppsala.se" }, why: "no such user"},
		"unverified e-mail":  {edit: func(c map[string]any) { c["email_verified"] = false }, why: "email not verified"},
		"no e-mail":          {edit: func(c map[string]any) { delete(c, "email") }, why: "no email claim"},
		"e-mail in any case": {edit: func(c map[string]any) { c["email"] = "ANNA@UPPSALA.SE" }},
	}
	for name, tc := range refused {
		t.Run(name, func(t *testing.T) {
			logs.Reset()
			u, err := idp.flow(t, f.svc, now, tc.edit, tc.state)
			if tc.why != "" && !strings.Contains(logs.String(), tc.why) {
				t.Errorf("log does not say %q: %s", tc.why, logs.String())
			}
			if name == "e-mail in any case" {
				if err != nil || u.ID != f.user.ID {
					t.Errorf("= %v, %v; want the user", u, err)
				}
				return
			}
			if err == nil || samverkan.ErrorCode(err) != samverkan.EUNAUTHORIZED || u != nil {
				t.Errorf("= %v, %v; want EUNAUTHORIZED", u, err)
			}
		})
	}

	t.Run("disabled user", func(t *testing.T) {
		f.user.Disabled = true
		if err := f.db.UpdateUser(context.Background(), f.user); err != nil {
			t.Fatal(err)
		}
		if u, err := idp.flow(t, f.svc, now, nil, nil); err == nil {
			t.Errorf("disabled user logged in: %v", u)
		}
	})

	t.Run("no state cookie", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/auth/oidc/callback?state=x&code=y", nil)
		if _, _, err := f.svc.OIDCCallback(httptest.NewRecorder(), r); err == nil {
			t.Error("callback without the state cookie accepted")
		}
	})
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
func (s *syncBuffer) Reset()         { s.mu.Lock(); defer s.mu.Unlock(); s.b.Reset() }

func TestOIDCOff(t *testing.T) {
	f := newFixture(t, nil)
	if f.svc.OIDCEnabled() || f.svc.OIDCAvailable() {
		t.Error("OIDC enabled without configuration")
	}
	w := httptest.NewRecorder()
	if err := f.svc.OIDCStart(w, httptest.NewRequest("GET", "/", nil), "/"); err != nil || w.Code != http.StatusNotFound {
		t.Errorf("OIDCStart without OIDC: %d, %v", w.Code, err)
	}
	if _, err := auth.New(context.Background(), auth.Options{Store: f.db, OIDC: &auth.OIDCConfig{Issuer: "http://x"}}); err == nil {
		t.Error("OIDC without client id and redirect URL accepted")
	}
}
