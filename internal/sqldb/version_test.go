package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestDataVersionAcrossInstances: a handle sees its own writes at once; a
// second handle on the same database (another instance) sees them within
// the remembered version's lifetime (100 ms), never later.
func TestDataVersionAcrossInstances(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	a := sqldbtest.Open(t, dsn)
	b := sqldbtest.Open(t, dsn)
	before, err := a.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.DataVersion(ctx); err != nil {
		t.Fatal(err)
	}
	sqldbtest.MustCreateNetwork(t, b, sqldbtest.Network("delad", "0662", "0617"))
	vb, err := b.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if vb <= before {
		t.Fatalf("the writing handle's version %d did not move past %d", vb, before)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		va, err := a.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if va == vb {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the other handle still reports %d, want %d", va, vb)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// eventually polls cond until it holds or two seconds have passed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 2 s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestCredentialsAcrossInstances: a session or token one instance
// remembers stops working there once another instance ends it, revokes
// it or changes its user, within the data version's lifetime.
func TestCredentialsAcrossInstances(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	a := sqldbtest.Open(t, dsn)
	b := sqldbtest.Open(t, dsn)
	u := newUser("delad@example.se")
	mustOK(t, "CreateUser", a.CreateUser(ctx, u))
	now := time.Now().UTC()
	sess := &samverkan.Session{Hash: hashOf("delad"), UserID: u.ID, Via: "password", Created: now, LastSeen: now, Expires: now.Add(time.Hour)}
	mustOK(t, "CreateSession", a.CreateSession(ctx, sess))
	tok := &samverkan.APIToken{UserID: u.ID, Name: "skript", Prefix: "svk_delad", Hash: hashOf("svk_delad")}
	mustOK(t, "CreateToken", a.CreateToken(ctx, tok))

	// b remembers both.
	_, bu, err := b.SessionByHash(ctx, sess.Hash)
	mustOK(t, "b.SessionByHash", err)
	if bu.Grants[0].Role != samverkan.RoleEditor {
		t.Fatalf("grants = %+v", bu.Grants)
	}
	_, _, err = b.TokenByHash(ctx, tok.Hash)
	mustOK(t, "b.TokenByHash", err)

	// a makes the user an admin: b sees the new grants.
	u.Grants = []samverkan.Grant{{Role: samverkan.RoleAdmin}}
	mustOK(t, "UpdateUser", a.UpdateUser(ctx, u))
	eventually(t, "b sees the changed role", func() bool {
		_, bu, err := b.SessionByHash(ctx, sess.Hash)
		return err == nil && len(bu.Grants) == 1 && bu.Grants[0].Role == samverkan.RoleAdmin
	})

	// a revokes the token and logs the session out: b refuses both.
	mustOK(t, "RevokeToken", a.RevokeToken(ctx, u.ID, tok.ID))
	eventually(t, "b refuses the revoked token", func() bool {
		_, _, err := b.TokenByHash(ctx, tok.Hash)
		return samverkan.ErrorCode(err) == samverkan.ENOTFOUND
	})
	mustOK(t, "DeleteSession", a.DeleteSession(ctx, sess.Hash))
	eventually(t, "b refuses the ended session", func() bool {
		_, _, err := b.SessionByHash(ctx, sess.Hash)
		return samverkan.ErrorCode(err) == samverkan.ENOTFOUND
	})
}
