package sqldb_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func hashOf(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

func newUser(email string, grants ...samverkan.Grant) *samverkan.User {
	if len(grants) == 0 {
		grants = []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: uppsala}}
	}
	return &samverkan.User{Email: email, PasswordHash: "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", Grants: grants}
}

func TestUserRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "admin@example.se")
		n := fullNetwork()
		mustOK(t, "CreateNetwork", db.CreateNetwork(ctx, n))
		u := newUser("Anna.Berg@Uppsala.se",
			samverkan.Grant{Role: samverkan.RoleCoordinator, Network: n.Slug, Municipality: "ignored"},
			samverkan.Grant{Role: samverkan.RoleEditor, Municipality: uppsala})
		mustOK(t, "CreateUser", db.CreateUser(ctx, u))
		if u.ID == 0 || u.Version != 1 || u.Created.IsZero() {
			t.Fatalf("created user = %+v", u)
		}
		got, err := db.UserByEmail(ctx, "anna.berg@UPPSALA.se")
		mustOK(t, "UserByEmail", err)
		if got.ID != u.ID || got.Email != "Anna.Berg@Uppsala.se" || got.PasswordHash != u.PasswordHash {
			t.Errorf("UserByEmail = %+v", got)
		}
		want := []samverkan.Grant{{Role: samverkan.RoleCoordinator, Network: n.Slug}, {Role: samverkan.RoleEditor, Municipality: uppsala}}
		if asJSON(t, got.Grants) != asJSON(t, want) {
			t.Errorf("grants = %s, want %s", asJSON(t, got.Grants), asJSON(t, want))
		}
		_, err = db.UserByEmail(ctx, "nobody@example.se")
		wantCode(t, "UserByEmail unknown", err, samverkan.ENOTFOUND)
		_, err = db.UserByID(ctx, 9999)
		wantCode(t, "UserByID unknown", err, samverkan.ENOTFOUND)

		// Update: grants replaced, version checked, disabling audited.
		got.Grants = []samverkan.Grant{{Role: samverkan.RoleAdmin}}
		got.Disabled = true
		mustOK(t, "UpdateUser", db.UpdateUser(ctx, got))
		if got.Version != 2 {
			t.Errorf("version after update = %d", got.Version)
		}
		stale := *u
		stale.Email = "other@uppsala.se"
		wantCode(t, "UpdateUser stale", db.UpdateUser(ctx, &stale), samverkan.ESTALE)
		again, err := db.UserByID(ctx, u.ID)
		mustOK(t, "UserByID", err)
		if !again.Disabled || len(again.Grants) != 1 || again.Grants[0].Role != samverkan.RoleAdmin || again.PasswordHash != u.PasswordHash {
			t.Errorf("after update = %+v", again)
		}

		mustOK(t, "SetPasswordHash", db.SetPasswordHash(ctx, u.ID, "$argon2id$new-secret-hash"))
		wantCode(t, "SetPasswordHash unknown", db.SetPasswordHash(ctx, 9999, "x"), samverkan.ENOTFOUND)

		users, err := db.Users(ctx)
		mustOK(t, "Users", err)
		if len(users) != 1 || users[0].ID != u.ID {
			t.Errorf("Users = %v", users)
		}

		events, err := db.AuditEvents(ctx, sqldb.EntityUser, "")
		mustOK(t, "AuditEvents", err)
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
			if e.Actor != "admin@example.se" {
				t.Errorf("audit actor = %q", e.Actor)
			}
			if strings.Contains(e.Before+e.After, "argon2id") || strings.Contains(e.Before+e.After, "secret") {
				t.Errorf("audit row %s holds a password hash: %s %s", e.Action, e.Before, e.After)
			}
		}
		if strings.Join(actions, ",") != "create,disable,password" {
			t.Errorf("audit actions = %v", actions)
		}
	})
}

func TestUserValidationAndUniqueness(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		mustOK(t, "CreateUser", db.CreateUser(ctx, newUser("a@example.se")))
		err := db.CreateUser(ctx, newUser("A@EXAMPLE.se"))
		wantCode(t, "duplicate e-mail in other case", err, samverkan.ECONFLICT)
		if f := samverkan.FieldErrors(err); len(f) != 1 || f[0].Field != "email" {
			t.Errorf("field errors = %v", f)
		}
		b := newUser("b@example.se")
		mustOK(t, "CreateUser b", db.CreateUser(ctx, b))
		b.Email = "a@Example.se"
		wantCode(t, "update to taken e-mail", db.UpdateUser(ctx, b), samverkan.ECONFLICT)

		err = db.CreateUser(ctx, newUser("c@example.se", samverkan.Grant{Role: samverkan.RoleReader, Network: "finns-inte"}))
		wantCode(t, "unknown network", err, samverkan.EINVALID)
		if f := samverkan.FieldErrors(err); len(f) != 1 || f[0].Field != "grants[0].network" || f[0].Code != "unknown_network" {
			t.Errorf("field errors = %v", f)
		}
		err = db.CreateUser(ctx, &samverkan.User{Email: "not-an-address"})
		wantCode(t, "invalid user", err, samverkan.EINVALID)
		users, err := db.Users(ctx)
		mustOK(t, "Users", err)
		if len(users) != 2 {
			t.Errorf("%d users after refused writes, want 2", len(users))
		}
	})
}

func TestSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		u := newUser("s@example.se")
		mustOK(t, "CreateUser", db.CreateUser(ctx, u))
		now := time.Now().UTC()
		live := &samverkan.Session{Hash: hashOf("live"), UserID: u.ID, Via: "password", Created: now, LastSeen: now, Expires: now.Add(time.Hour)}
		other := &samverkan.Session{Hash: hashOf("other"), UserID: u.ID, Via: "oidc", Created: now, LastSeen: now, Expires: now.Add(time.Hour)}
		expired := &samverkan.Session{Hash: hashOf("expired"), UserID: u.ID, Via: "password", Created: now.Add(-2 * time.Hour), LastSeen: now.Add(-2 * time.Hour), Expires: now.Add(-time.Minute)}
		for _, s := range []*samverkan.Session{live, other, expired} {
			mustOK(t, "CreateSession", db.CreateSession(ctx, s))
		}
		s, su, err := db.SessionByHash(ctx, live.Hash)
		mustOK(t, "SessionByHash", err)
		if su.ID != u.ID || s.Via != "password" || len(su.Grants) != 1 || !s.Expires.Equal(live.Expires.Truncate(time.Microsecond)) {
			t.Errorf("session = %+v, user = %+v", s, su)
		}
		_, _, err = db.SessionByHash(ctx, expired.Hash)
		wantCode(t, "expired session", err, samverkan.ENOTFOUND)
		_, _, err = db.SessionByHash(ctx, hashOf("unknown"))
		wantCode(t, "unknown session", err, samverkan.ENOTFOUND)

		// Touching moves the expiry.
		later := now.Add(3 * time.Hour)
		mustOK(t, "TouchSession", db.TouchSession(ctx, live.Hash, now, later))
		s, _, err = db.SessionByHash(ctx, live.Hash)
		mustOK(t, "SessionByHash after touch", err)
		if !s.Expires.Equal(later.Truncate(time.Microsecond)) {
			t.Errorf("expires = %v, want %v", s.Expires, later)
		}

		// Ending the others keeps the one named.
		mustOK(t, "DeleteUserSessions", db.DeleteUserSessions(ctx, u.ID, live.Hash))
		_, _, err = db.SessionByHash(ctx, other.Hash)
		wantCode(t, "other session ended", err, samverkan.ENOTFOUND)
		_, _, err = db.SessionByHash(ctx, live.Hash)
		mustOK(t, "kept session", err)
		mustOK(t, "DeleteSession", db.DeleteSession(ctx, live.Hash))
		_, _, err = db.SessionByHash(ctx, live.Hash)
		wantCode(t, "deleted session", err, samverkan.ENOTFOUND)

		// A remembered session still expires by the clock.
		clock := now
		db.SetClock(func() time.Time { return clock })
		short := &samverkan.Session{Hash: hashOf("short"), UserID: u.ID, Via: "password", Created: now, LastSeen: now, Expires: now.Add(time.Minute)}
		mustOK(t, "CreateSession", db.CreateSession(ctx, short))
		for range 2 {
			_, _, err = db.SessionByHash(ctx, short.Hash)
			mustOK(t, "short session", err)
		}
		clock = now.Add(2 * time.Minute)
		_, _, err = db.SessionByHash(ctx, short.Hash)
		wantCode(t, "remembered session past its expiry", err, samverkan.ENOTFOUND)
		db.SetClock(time.Now)

		// Changing what one session returns does not reach the next caller.
		s, su, err = db.SessionByHash(ctx, other.Hash)
		if err == nil {
			su.Grants[0].Role, s.Via = samverkan.RoleAdmin, "changed"
			s2, su2, err := db.SessionByHash(ctx, other.Hash)
			mustOK(t, "SessionByHash again", err)
			if su2.Grants[0].Role == samverkan.RoleAdmin || s2.Via == "changed" {
				t.Errorf("callers share the remembered session: %+v %+v", s2, su2)
			}
		}

		// Disabling a user ends their sessions.
		mustOK(t, "CreateSession", db.CreateSession(ctx, other))
		u.Disabled = true
		mustOK(t, "UpdateUser", db.UpdateUser(ctx, u))
		_, _, err = db.SessionByHash(ctx, other.Hash)
		wantCode(t, "session of disabled user", err, samverkan.ENOTFOUND)
	})
}

func TestTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		u := newUser("t@example.se")
		mustOK(t, "CreateUser", db.CreateUser(ctx, u))
		v := newUser("v@example.se")
		mustOK(t, "CreateUser", db.CreateUser(ctx, v))
		a := &samverkan.APIToken{UserID: u.ID, Name: "export", Prefix: "svk_abcdef", Hash: hashOf("svk_plain-a")}
		b := &samverkan.APIToken{UserID: u.ID, Name: "import", Prefix: "svk_ghijkl", Hash: hashOf("svk_plain-b")}
		mustOK(t, "CreateToken a", db.CreateToken(ctx, a))
		mustOK(t, "CreateToken b", db.CreateToken(ctx, b))
		if a.ID == 0 || a.Created.IsZero() {
			t.Fatalf("token = %+v", a)
		}
		tok, tu, err := db.TokenByHash(ctx, a.Hash)
		mustOK(t, "TokenByHash", err)
		if tok.ID != a.ID || tu.ID != u.ID || tok.LastUsed.IsZero() {
			t.Errorf("TokenByHash = %+v, %+v", tok, tu)
		}
		wantCode(t, "revoke someone else's token", db.RevokeToken(ctx, v.ID, a.ID), samverkan.ENOTFOUND)
		mustOK(t, "RevokeToken", db.RevokeToken(ctx, u.ID, a.ID))
		mustOK(t, "RevokeToken again", db.RevokeToken(ctx, u.ID, a.ID))
		_, _, err = db.TokenByHash(ctx, a.Hash)
		wantCode(t, "revoked token", err, samverkan.ENOTFOUND)
		_, _, err = db.TokenByHash(ctx, hashOf("svk_wrong"))
		wantCode(t, "unknown token", err, samverkan.ENOTFOUND)
		_, _, err = db.TokenByHash(ctx, b.Hash)
		mustOK(t, "other token still valid", err)

		list, err := db.Tokens(ctx, u.ID)
		mustOK(t, "Tokens", err)
		if len(list) != 2 || list[0].ID != b.ID || list[0].Revoked || !list[1].Revoked || list[1].Name != "export" {
			t.Errorf("Tokens = %+v", list)
		}
		if list, _ := db.Tokens(ctx, v.ID); len(list) != 0 {
			t.Errorf("Tokens of other user = %+v", list)
		}
		events, err := db.AuditEvents(ctx, sqldb.EntityToken, "")
		mustOK(t, "AuditEvents", err)
		if len(events) != 3 || events[2].Action != sqldb.ActionRevoke {
			t.Errorf("token audit = %+v", events)
		}
		for _, e := range events {
			if strings.Contains(e.Before+e.After, "plain") || bytes.Contains([]byte(e.Before+e.After), []byte(`"hash"`)) {
				t.Errorf("audit row holds a token secret: %s %s", e.Before, e.After)
			}
		}
	})
}

func TestLoginAttempts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := time.Now()
		limit := func(key string, max int, window time.Duration) samverkan.LoginLimit {
			return samverkan.LoginLimit{Key: key, Max: max, Since: now.Add(-window)}
		}
		count := func(key string) int {
			t.Helper()
			n, err := db.LoginAttempts(ctx, key, now.Add(-time.Hour))
			mustOK(t, "LoginAttempts", err)
			return n
		}
		// Attempts 20 and 10 minutes ago: only the later is in a
		// 15-minute window.
		for _, ago := range []time.Duration{20 * time.Minute, 10 * time.Minute} {
			_, ok, err := db.ReserveLoginAttempt(ctx, now.Add(-ago), time.Hour, []samverkan.LoginLimit{limit("pair:x", 9, time.Hour)})
			mustOK(t, "ReserveLoginAttempt", err)
			if !ok {
				t.Fatal("refused under the limit")
			}
		}
		var attempts []string
		for i := range 3 {
			a, ok, err := db.ReserveLoginAttempt(ctx, now, time.Hour,
				[]samverkan.LoginLimit{limit("pair:x", 3, 15*time.Minute), limit("ip:192.0.2.1", 10, 15*time.Minute)})
			mustOK(t, "ReserveLoginAttempt", err)
			if ok != (i < 2) {
				t.Fatalf("reservation %d: ok = %v", i+1, ok)
			}
			if ok {
				attempts = append(attempts, a)
			}
		}
		// The refused third wrote nothing, under either key.
		if n, m := count("pair:x"), count("ip:192.0.2.1"); n != 4 || m != 2 {
			t.Errorf("after a refusal: %d and %d attempts, want 4 and 2", n, m)
		}
		// Releasing one attempt removes its rows under every key.
		mustOK(t, "ReleaseLoginAttempt", db.ReleaseLoginAttempt(ctx, attempts[0]))
		if n, m := count("pair:x"), count("ip:192.0.2.1"); n != 3 || m != 1 {
			t.Errorf("after release: %d and %d, want 3 and 1", n, m)
		}
		// A success clears the pair, keeps the address's other attempts and
		// leaves a mark.
		mustOK(t, "LoginSucceeded", db.LoginSucceeded(ctx, attempts[1], []string{"pair:x"}, "known:x", now, now.Add(24*time.Hour)))
		if n, m, k := count("pair:x"), count("ip:192.0.2.1"), count("known:x"); n != 0 || m != 0 || k != 1 {
			t.Errorf("after success: pair %d, address %d, mark %d; want 0, 0, 1", n, m, k)
		}
		// Rows are purged after they expire, the mark only after its own time.
		_, _, err := db.ReserveLoginAttempt(ctx, now, time.Minute, []samverkan.LoginLimit{limit("pair:y", 5, time.Minute)})
		mustOK(t, "ReserveLoginAttempt", err)
		_, _, err = db.ReserveLoginAttempt(ctx, now.Add(2*time.Hour), time.Minute, []samverkan.LoginLimit{limit("pair:z", 5, time.Minute)})
		mustOK(t, "ReserveLoginAttempt", err)
		if n, k := count("pair:y"), count("known:x"); n != 0 || k != 1 {
			t.Errorf("after the purge: %d expired attempts, %d marks; want 0, 1", n, k)
		}
		if _, _, err := db.ReserveLoginAttempt(ctx, now, time.Minute, nil); err == nil {
			t.Error("a reservation without limits accepted")
		}
	})
}

// TestLoginAttemptsConcurrent: two handles on one database (two
// instances) reserve at once; exactly the limit get through.
func TestLoginAttemptsConcurrent(t *testing.T) {
	dialects := []bool{false}
	if sqldbtest.PostgresURL() != "" {
		dialects = append(dialects, true)
	}
	for _, pg := range dialects {
		a, b := sqldbtest.NewShared(t, pg)
		ctx := context.Background()
		now := time.Now()
		var wg sync.WaitGroup
		var ok atomic.Int64
		for i := range 60 {
			db := a
			if i%2 == 1 {
				db = b
			}
			wg.Go(func() {
				// Overlapping key sets in different orders must not deadlock.
				limits := []samverkan.LoginLimit{{Key: "pair:k", Max: 4, Since: now.Add(-time.Hour)},
					{Key: fmt.Sprintf("ip:%d", i%3), Max: 100, Since: now.Add(-time.Hour)}}
				if i%2 == 0 {
					limits[0], limits[1] = limits[1], limits[0]
				}
				_, got, err := db.ReserveLoginAttempt(ctx, now, time.Hour, limits)
				if err != nil {
					t.Errorf("reservation %d: %v", i, err)
				}
				if got {
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 4 {
			t.Errorf("postgres=%v: %d of 60 concurrent reservations got through, want 4", pg, ok.Load())
		}
	}
}
