package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// liveScopes reads scopes' versions past the memo: inside a Batch
// ScopeVersion reads the database.
func liveScopes(t *testing.T, db *sqldb.DB, scopes []string) map[string][2]int64 {
	t.Helper()
	out := map[string][2]int64{}
	err := db.Batch(context.Background(), func(ctx context.Context, s samverkan.Store) error {
		for _, scope := range scopes {
			base, v, err := s.(*sqldb.DB).ScopeVersion(ctx, scope)
			if err != nil {
				return err
			}
			out[scope] = [2]int64{base, v}
		}
		return nil
	})
	mustOK(t, "live scope versions", err)
	return out
}

// rememberedScopes asks db's memo.
func rememberedScopes(t *testing.T, db *sqldb.DB, scopes []string) map[string][2]int64 {
	t.Helper()
	out := map[string][2]int64{}
	for _, s := range scopes {
		base, v, err := db.ScopeVersion(context.Background(), s)
		mustOK(t, "ScopeVersion", err)
		out[s] = [2]int64{base, v}
	}
	return out
}

func mustCollab(t *testing.T, db *sqldb.DB, id int64) *samverkan.Collaboration {
	t.Helper()
	c, err := db.CollaborationByID(context.Background(), id)
	mustOK(t, "CollaborationByID", err)
	return c
}

// TestScopeVersionsFollowWrites: an instance that remembers the scope
// versions of many pages learns what another instance's writes changed
// (versionMemo catches up from the rows stamped since the data version it
// knew) and what its own changed at once: after writes to one
// collaboration, to several at the same time from both instances, to a
// network and a session, every remembered scope answers what a handle
// with nothing remembered reads, and the scopes no write touched keep
// their versions.
func TestScopeVersionsFollowWrites(t *testing.T) {
	run := func(t *testing.T, postgres bool) {
		ctx := context.Background()
		a, b := sqldbtest.NewShared(t, postgres)
		sqldbtest.MustCreateNetwork(t, a, sqldbtest.Network("ett", "0180", "0380"))
		sqldbtest.MustCreateNetwork(t, a, sqldbtest.Network("tva", "1280", "1480"))
		var ids []int64
		for i := range 6 {
			c := sqldbtest.Collaboration(fmt.Sprintf("C%d", i), "0180", "0380")
			c.Networks = []string{"ett"}
			if i%2 == 1 {
				c = sqldbtest.Collaboration(fmt.Sprintf("C%d", i), "1280", "1480")
				c.Networks = []string{"tva"}
			}
			ids = append(ids, sqldbtest.MustCreateCollaboration(t, a, c).ID)
		}
		scopes := []string{"base", "network:ett", "network:tva", "network:saknas",
			"municipality:0180", "municipality:0380", "municipality:1280", "municipality:1480", "municipality:2480"}
		for _, id := range ids {
			scopes = append(scopes, fmt.Sprintf("collaboration:%d", id))
		}
		// check compares what a and b remember with a fresh handle's reads,
		// within the data version's lifetime for the instance that did not
		// write (100 ms).
		check := func(what string) map[string][2]int64 {
			t.Helper()
			want := liveScopes(t, a, scopes)
			for name, db := range map[string]*sqldb.DB{"a": a, "b": b} {
				deadline := time.Now().Add(2 * time.Second)
				for {
					got := rememberedScopes(t, db, scopes)
					diff := ""
					for _, s := range scopes {
						if got[s] != want[s] {
							diff += fmt.Sprintf(" %s: %v, want %v;", s, got[s], want[s])
						}
					}
					if diff == "" {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s: instance %s remembers%s", what, name, diff)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			return want
		}
		before := check("after the setup")

		// One collaboration of network ett, written by a: its scopes move
		// on, network tva's and its municipalities' do not, nor base.
		c := mustCollab(t, a, ids[0])
		c.Title = "C0 ändrad"
		mustOK(t, "UpdateCollaboration", a.UpdateCollaboration(ctx, c))
		after := check("after a's write to one collaboration")
		for _, s := range []string{fmt.Sprintf("collaboration:%d", ids[0]), "network:ett", "municipality:0180", "municipality:0380"} {
			if after[s][1] <= before[s][1] {
				t.Errorf("%s did not move on: %v -> %v", s, before[s], after[s])
			}
		}
		for _, s := range []string{"base", "network:tva", "municipality:1280", fmt.Sprintf("collaboration:%d", ids[1])} {
			if after[s] != before[s] {
				t.Errorf("%s moved on after a write elsewhere: %v -> %v", s, before[s], after[s])
			}
		}

		// Writes at the same time from both instances, to different
		// collaborations: on PostgreSQL they commit in either order.
		var wg sync.WaitGroup
		errs := make(chan error, len(ids))
		for i, id := range ids[1:] {
			db := a
			if i%2 == 0 {
				db = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for try := 0; ; try++ {
					c, err := db.CollaborationByID(ctx, id)
					if err != nil {
						errs <- err
						return
					}
					c.Title += " (samtidigt)"
					err = db.UpdateCollaboration(ctx, c)
					if samverkan.ErrorCode(err) == samverkan.ECONFLICT && try < 5 {
						continue
					}
					if err != nil {
						errs <- err
					}
					return
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		after2 := check("after writes from both instances at once")
		for _, id := range ids[1:] {
			s := fmt.Sprintf("collaboration:%d", id)
			if after2[s][1] <= after[s][1] {
				t.Errorf("%s did not move on: %v -> %v", s, after[s], after2[s])
			}
		}

		// A network's write and a session ended move base.
		n, err := b.NetworkBySlug(ctx, "tva")
		mustOK(t, "NetworkBySlug", err)
		n.Name = "Två"
		mustOK(t, "UpdateNetwork", b.UpdateNetwork(ctx, n))
		after3 := check("after b's write to a network")
		if after3["base"][0] <= after2["base"][0] {
			t.Errorf("base did not move on after a network's write: %v -> %v", after2["base"], after3["base"])
		}
		mustOK(t, "DeleteSession", a.DeleteSession(ctx, hashOf("ingen")))
		after4 := check("after a session ended")
		if after4["base"][0] <= after3["base"][0] {
			t.Errorf("base did not move on after a session ended: %v -> %v", after3["base"], after4["base"])
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, false) })
	if sqldbtest.PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) { run(t, true) })
	}
}

// TestCredentialsKeptAcrossCollaborationWrites: a remembered session
// outlives a write to a collaboration (the memo is keyed by base, which
// such a write leaves), and still ends at once when the session does.
func TestCredentialsKeptAcrossCollaborationWrites(t *testing.T) {
	run := func(t *testing.T, postgres bool) {
		ctx := context.Background()
		a, b := sqldbtest.NewShared(t, postgres)
		u := newUser("kvar@example.se")
		mustOK(t, "CreateUser", a.CreateUser(ctx, u))
		now := time.Now().UTC()
		sess := &samverkan.Session{Hash: hashOf("kvar"), UserID: u.ID, Via: "password", Created: now, LastSeen: now, Expires: now.Add(time.Hour)}
		mustOK(t, "CreateSession", a.CreateSession(ctx, sess))
		c := sqldbtest.MustCreateCollaboration(t, a, sqldbtest.Collaboration("C", "0180", "0380"))
		_, _, err := a.SessionByHash(ctx, sess.Hash)
		mustOK(t, "SessionByHash", err)
		baseBefore, _, err := a.ScopeVersion(ctx, "base")
		mustOK(t, "ScopeVersion", err)
		c.Title = "C ändrad"
		mustOK(t, "UpdateCollaboration", a.UpdateCollaboration(ctx, c))
		baseAfter, _, err := a.ScopeVersion(ctx, "base")
		mustOK(t, "ScopeVersion", err)
		if baseAfter != baseBefore {
			t.Errorf("a collaboration's write moved base %d -> %d", baseBefore, baseAfter)
		}
		// Ended by the other instance: refused within the lifetime.
		mustOK(t, "DeleteSession", b.DeleteSession(ctx, sess.Hash))
		eventually(t, "a refuses the ended session", func() bool {
			_, _, err := a.SessionByHash(ctx, sess.Hash)
			return samverkan.ErrorCode(err) == samverkan.ENOTFOUND
		})
	}
	t.Run("sqlite", func(t *testing.T) { run(t, false) })
	if sqldbtest.PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) { run(t, true) })
	}
}

// TestScopeVersionBeforeAnyWrite: a database nobody has written to yet
// (data version 0) answers ScopeVersion, and then follows its first write.
func TestScopeVersionBeforeAnyWrite(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		done := make(chan error, 1)
		go func() {
			_, _, err := db.ScopeVersion(ctx, "network:ett")
			done <- err
		}()
		select {
		case err := <-done:
			mustOK(t, "ScopeVersion", err)
		case <-time.After(10 * time.Second):
			t.Fatal("ScopeVersion on an unwritten database did not answer in 10 s")
		}
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ett", "0180", "0380"))
		c := sqldbtest.Collaboration("C", "0180", "0380")
		c.Networks = []string{"ett"}
		sqldbtest.MustCreateCollaboration(t, db, c)
		_, v, err := db.ScopeVersion(ctx, "network:ett")
		mustOK(t, "ScopeVersion", err)
		if v == 0 {
			t.Error("network:ett still at version 0 after a collaboration was created in it")
		}
	})
}
