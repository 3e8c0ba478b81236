package auth_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

const (
	uppsala  = "0380"
	password = "korrekt-hast-batteri"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type fixture struct {
	db    *sqldb.DB
	svc   *auth.Service
	clock *clock
	user  *samverkan.User
}

func newFixture(t *testing.T, mod func(*auth.Options)) *fixture {
	t.Helper()
	db := sqldbtest.New(t)
	f := &fixture{db: db, clock: &clock{t: time.Now()}}
	o := auth.Options{Store: db, Now: f.clock.Now}
	if mod != nil {
		mod(&o)
	}
	svc, err := auth.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	f.svc = svc
	f.user = f.createUser(t, "Anna@Uppsala.se", password)
	return f
}

func (f *fixture) createUser(t *testing.T, email, pw string) *samverkan.User {
	t.Helper()
	u := &samverkan.User{Email: email, Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: uppsala}}}
	if err := f.svc.CreateUser(context.Background(), u, pw); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	return u
}

func TestHashPassword(t *testing.T) {
	h, err := auth.HashPassword("rätt häst batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=") || strings.Count(h, "$") != 5 {
		t.Errorf("hash %q is not a PHC argon2id string", h)
	}
	if !auth.CheckPassword(h, "rätt häst batteri") {
		t.Error("the right password does not match")
	}
	for _, wrong := range []string{"", "rätt häst batteri ", "Rätt häst batteri"} {
		if auth.CheckPassword(h, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	h2, _ := auth.HashPassword("rätt häst batteri")
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=19456,t=2,p=1$!!$!!", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdA$aGFzaA"} {
		if auth.CheckPassword(bad, "plain") {
			t.Errorf("malformed hash %q matches", bad)
		}
	}
	if p := auth.GeneratePassword(); len(p) < 20 || p == auth.GeneratePassword() {
		t.Errorf("GeneratePassword = %q", p)
	}
}

func TestLoginSameAnswer(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	u, err := f.svc.Login(ctx, "anna@uppsala.se", password, "192.0.2.1")
	if err != nil || u.ID != f.user.ID {
		t.Fatalf("Login = %v, %v", u, err)
	}
	// Alternate the two failures, each from its own address so throttling
	// stays out of it, and compare the median times.
	var unknown, wrong []time.Duration
	var errUnknown, errWrong error
	for i := range 4 {
		start := time.Now()
		_, errUnknown = f.svc.Login(ctx, "okand"+string(rune('a'+i))+"@uppsala.se", password, "198.51.100."+string(rune('1'+i)))
		unknown = append(unknown, time.Since(start))
		start = time.Now()
		_, errWrong = f.svc.Login(ctx, "anna@uppsala.se", "fel-losenord-123", "203.0.113."+string(rune('1'+i)))
		wrong = append(wrong, time.Since(start))
	}
	var e *samverkan.Error
	if !errors.As(errUnknown, &e) || e.Code != samverkan.EUNAUTHORIZED {
		t.Fatalf("unknown e-mail: %v", errUnknown)
	}
	if !reflect.DeepEqual(errUnknown, errWrong) || errUnknown.Error() != errWrong.Error() {
		t.Errorf("unknown e-mail answers %#v, wrong password %#v", errUnknown, errWrong)
	}
	if strings.Contains(strings.ToLower(e.Message), "finns inte") {
		t.Errorf("message %q tells that the account does not exist", e.Message)
	}
	mu, mw := median(unknown), median(wrong)
	if ratio := float64(max(mu, mw)) / float64(min(mu, mw)); ratio > 3 {
		t.Errorf("unknown e-mail takes %v, wrong password %v: ratio %.1f", mu, mw, ratio)
	}

	// A disabled account answers the same.
	f.user.Disabled = true
	if err := f.db.UpdateUser(ctx, f.user); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Login(ctx, "anna@uppsala.se", password, "192.0.2.9")
	if !reflect.DeepEqual(err, errWrong) {
		t.Errorf("disabled account: %v", err)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// whoami answers with the principal the middleware found.
func whoami(f *fixture) http.Handler {
	return f.svc.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := samverkan.PrincipalFrom(r.Context())
		if p.Anonymous() {
			w.Write([]byte("anonymous"))
			return
		}
		w.Write([]byte(p.User.Email + " via " + p.Via))
	}))
}

func login(t *testing.T, f *fixture, r *http.Request) *http.Cookie {
	t.Helper()
	w := httptest.NewRecorder()
	if err := f.svc.StartSession(w, r, f.user, "password"); err != nil {
		t.Fatal(err)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == auth.SessionCookie {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

func ask(h http.Handler, mod func(*http.Request)) string {
	r := httptest.NewRequest("GET", "/", nil)
	mod(r)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Body.String()
}

func withCookie(c *http.Cookie) func(*http.Request) {
	return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value}) }
}

func TestSessionCookieFlags(t *testing.T) {
	for _, tc := range []struct {
		mode   string
		req    func(*http.Request)
		secure bool
	}{
		{"auto", func(*http.Request) {}, false},
		{"", func(*http.Request) {}, false},
		{"auto", func(r *http.Request) { r.Header.Set("X-Forwarded-Proto", "https") }, true},
		{"auto", func(r *http.Request) { r.TLS = &tls.ConnectionState{} }, true},
		{"always", func(*http.Request) {}, true},
		{"never", func(r *http.Request) { r.Header.Set("X-Forwarded-Proto", "https") }, false},
	} {
		f := newFixture(t, func(o *auth.Options) { o.SecureCookies = tc.mode })
		r := httptest.NewRequest("POST", "/logga-in", nil)
		tc.req(r)
		c := login(t, f, r)
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != tc.secure {
			t.Errorf("mode %q: cookie %+v, want HttpOnly, Lax, Path /, Secure %v", tc.mode, c, tc.secure)
		}
		if len(c.Value) < 40 {
			t.Errorf("token %q is short", c.Value)
		}
	}
	if _, err := auth.New(context.Background(), auth.Options{Store: sqldbtest.New(t), SecureCookies: "sometimes"}); err == nil {
		t.Error("unknown secure-cookie mode accepted")
	}
}

func TestSessionLifecycle(t *testing.T) {
	f := newFixture(t, func(o *auth.Options) { o.SessionTTL = time.Hour })
	h := whoami(f)
	c := login(t, f, httptest.NewRequest("POST", "/", nil))
	if got := ask(h, withCookie(c)); got != "Anna@Uppsala.se via session" {
		t.Fatalf("with session: %q", got)
	}
	if got := ask(h, func(*http.Request) {}); got != "anonymous" {
		t.Errorf("without cookie: %q", got)
	}
	if got := ask(h, withCookie(&http.Cookie{Name: auth.SessionCookie, Value: "forged"})); got != "anonymous" {
		t.Errorf("forged cookie: %q", got)
	}
	// Sliding: used every 50 minutes, the session lives on past its TTL.
	for range 3 {
		f.clock.Add(50 * time.Minute)
		if got := ask(h, withCookie(c)); got == "anonymous" {
			t.Fatalf("session expired although used within its TTL")
		}
	}
	f.clock.Add(61 * time.Minute)
	if got := ask(h, withCookie(c)); got != "anonymous" {
		t.Errorf("after the TTL without use: %q", got)
	}

	// Logout.
	c = login(t, f, httptest.NewRequest("POST", "/", nil))
	r := httptest.NewRequest("POST", "/logga-ut", nil)
	withCookie(c)(r)
	w := httptest.NewRecorder()
	if err := f.svc.EndSession(w, r); err != nil {
		t.Fatal(err)
	}
	cleared := w.Result().Cookies()
	if len(cleared) != 1 || cleared[0].Name != auth.SessionCookie || cleared[0].MaxAge >= 0 || cleared[0].Value != "" {
		t.Errorf("logout cookie = %+v", cleared)
	}
	if got := ask(h, withCookie(c)); got != "anonymous" {
		t.Errorf("after logout: %q", got)
	}

	// A disabled user is anonymous, whatever the session.
	c = login(t, f, httptest.NewRequest("POST", "/", nil))
	f.user.Disabled = true
	if err := f.db.UpdateUser(context.Background(), f.user); err != nil {
		t.Fatal(err)
	}
	if got := ask(h, withCookie(c)); got != "anonymous" {
		t.Errorf("disabled user: %q", got)
	}
}

func TestChangePassword(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	current := login(t, f, httptest.NewRequest("POST", "/", nil))
	other := login(t, f, httptest.NewRequest("POST", "/", nil))

	change := func(old, nw string) error {
		var err error
		r := httptest.NewRequest("POST", "/konto/losenord", nil)
		withCookie(current)(r)
		f.svc.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			err = f.svc.ChangePassword(r.Context(), samverkan.PrincipalFrom(r.Context()).User, old, nw)
		})).ServeHTTP(httptest.NewRecorder(), r)
		return err
	}
	fields := func(err error) (out []string) {
		for _, fe := range samverkan.FieldErrors(err) {
			out = append(out, fe.Field+":"+fe.Code)
		}
		return out
	}
	if err := change("fel", "ett-nytt-langt-losenord"); samverkan.ErrorCode(err) != samverkan.EINVALID ||
		!slices.Equal(fields(err), []string{"old_password:wrong_password"}) {
		t.Errorf("wrong old password: %v %v", err, fields(err))
	}
	if err := change(password, "kort"); !slices.Equal(fields(err), []string{"new_password:password_too_short"}) {
		t.Errorf("short new password: %v %v", err, fields(err))
	}
	if err := change(password, "ett-nytt-langt-losenord"); err != nil {
		t.Fatalf("ChangePassword: %v", err)
	}
	if _, err := f.svc.Login(ctx, "anna@uppsala.se", password, ""); err == nil {
		t.Error("old password still works")
	}
	if _, err := f.svc.Login(ctx, "anna@uppsala.se", "ett-nytt-langt-losenord", ""); err != nil {
		t.Errorf("new password: %v", err)
	}
	h := whoami(f)
	if got := ask(h, withCookie(current)); got == "anonymous" {
		t.Error("the session that changed the password was ended")
	}
	if got := ask(h, withCookie(other)); got != "anonymous" {
		t.Errorf("other session after password change: %q", got)
	}
	// The new hash is not in the audit history.
	events, err := f.db.AuditEvents(ctx, sqldb.EntityUser, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if strings.Contains(e.Before+e.After, "argon2") {
			t.Errorf("audit row %s holds a hash", e.Action)
		}
	}
}

func TestCreateUserPassword(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	u := &samverkan.User{Email: "kort@uppsala.se", Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}}
	if err := f.svc.CreateUser(ctx, u, "kort"); samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("short password: %v", err)
	}
	got, err := f.db.UserByEmail(ctx, "anna@uppsala.se")
	if err != nil {
		t.Fatal(err)
	}
	if !auth.CheckPassword(got.PasswordHash, password) || strings.Contains(got.PasswordHash, password) {
		t.Errorf("stored hash %q", got.PasswordHash)
	}
	// Without a password the account can only use single sign-on.
	sso := f.createUser(t, "sso@uppsala.se", "")
	if sso.PasswordHash != "" {
		t.Error("hash set without a password")
	}
	if _, err := f.svc.Login(ctx, "sso@uppsala.se", "", ""); samverkan.ErrorCode(err) != samverkan.EUNAUTHORIZED {
		t.Errorf("password login to an SSO-only account: %v", err)
	}
}

func TestBearerTokens(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	plain, tok, err := f.svc.CreateToken(ctx, f.user, "Exportskript")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(plain, "svk_") || !strings.HasPrefix(plain, tok.Prefix) || len(tok.Prefix) >= len(plain)/2 {
		t.Errorf("token %q, prefix %q", plain, tok.Prefix)
	}
	if _, _, err := f.svc.CreateToken(ctx, f.user, " "); samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("token without name: %v", err)
	}
	h := whoami(f)
	bearer := func(v string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", v) }
	}
	if got := ask(h, bearer("Bearer "+plain)); got != "Anna@Uppsala.se via token" {
		t.Errorf("valid token: %q", got)
	}
	for _, bad := range []string{"Bearer svk_wrong", "Bearer " + plain + "x", "Basic " + plain, "Bearer", plain} {
		if got := ask(h, bearer(bad)); got != "anonymous" {
			t.Errorf("%q: %q", bad, got)
		}
	}
	// A bad Authorization header does not fall back to a session.
	c := login(t, f, httptest.NewRequest("POST", "/", nil))
	if got := ask(h, func(r *http.Request) { withCookie(c)(r); bearer("Bearer svk_wrong")(r) }); got != "anonymous" {
		t.Errorf("wrong token with a session cookie: %q", got)
	}

	list, err := f.svc.Tokens(ctx, f.user.ID)
	if err != nil || len(list) != 1 || list[0].Name != "Exportskript" || len(list[0].Hash) == 0 {
		t.Fatalf("Tokens = %+v, %v", list, err)
	}
	other := f.createUser(t, "other@uppsala.se", password)
	if err := f.svc.RevokeToken(ctx, other.ID, tok.ID); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		t.Errorf("revoking another user's token: %v", err)
	}
	if err := f.svc.RevokeToken(ctx, f.user.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if got := ask(h, bearer("Bearer "+plain)); got != "anonymous" {
		t.Errorf("revoked token: %q", got)
	}
}
