package sqldb_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBackup: a backup from either database is a SQLite file that holds
// the same register, accounts, tokens and history, but no sessions; it
// never replaces a file.
func TestBackup(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "admin@example.se")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		old := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Gamla nämnden", gavle, sundsvall))
		c := sqldbtest.MustCreateCollaboration(t, db, fullCollaboration(old.ID))
		d := &samverkan.Decision{CollaborationID: c.ID, Municipality: gavle, Body: "kf", Outcome: samverkan.OutcomePending,
			Kind: samverkan.KindAdopt, Document: "reglemente"}
		mustOK(t, "CreateDecision", db.CreateDecision(ctx, d))
		u := newUser("backup@example.se", samverkan.Grant{Role: samverkan.RoleCoordinator, Network: "norr"})
		mustOK(t, "CreateUser", db.CreateUser(ctx, u))
		tok := &samverkan.APIToken{UserID: u.ID, Name: "skript", Prefix: "svk_backup", Hash: hashOf("svk_backup")}
		mustOK(t, "CreateToken", db.CreateToken(ctx, tok))
		now := time.Now().UTC()
		mustOK(t, "CreateSession", db.CreateSession(ctx, &samverkan.Session{Hash: hashOf("sess"), UserID: u.ID, Via: "password",
			Created: now, LastSeen: now, Expires: now.Add(time.Hour)}))

		path := filepath.Join(t.TempDir(), "kopia.db")
		info, err := db.Backup(ctx, path)
		mustOK(t, "Backup", err)
		if info.Rows("collaborations") != 2 || info.Rows("users") != 1 || info.Rows("municipalities") != 290 ||
			info.Rows("sessions") != 0 || info.Bytes == 0 {
			t.Errorf("info = %+v", info)
		}

		b := sqldbtest.Open(t, "sqlite:"+path)
		for _, id := range []int64{old.ID, c.ID} {
			want, err := db.CollaborationByID(ctx, id)
			mustOK(t, "CollaborationByID", err)
			got, err := b.CollaborationByID(ctx, id)
			mustOK(t, "backup CollaborationByID", err)
			if jsonOf(t, got) != jsonOf(t, want) {
				t.Errorf("collaboration %d differs:\nbackup %s\nsource %s", id, jsonOf(t, got), jsonOf(t, want))
			}
		}
		wantN, _ := db.NetworkBySlug(ctx, "norr")
		gotN, err := b.NetworkBySlug(ctx, "norr")
		mustOK(t, "backup NetworkBySlug", err)
		if jsonOf(t, gotN) != jsonOf(t, wantN) {
			t.Errorf("network differs:\nbackup %s\nsource %s", jsonOf(t, gotN), jsonOf(t, wantN))
		}
		wantD, _ := db.Decisions(ctx, c.ID)
		gotD, err := b.Decisions(ctx, c.ID)
		mustOK(t, "backup Decisions", err)
		if jsonOf(t, gotD) != jsonOf(t, wantD) {
			t.Errorf("decisions differ:\nbackup %s\nsource %s", jsonOf(t, gotD), jsonOf(t, wantD))
		}
		bu, err := b.UserByEmail(ctx, "backup@example.se")
		mustOK(t, "backup UserByEmail", err)
		if bu.PasswordHash != u.PasswordHash || len(bu.Grants) != 1 || bu.Grants[0].Network != "norr" {
			t.Errorf("user = %+v", bu)
		}
		if _, _, err := b.TokenByHash(ctx, tok.Hash); err != nil {
			t.Errorf("the token does not work on the backup: %v", err)
		}
		_, _, err = b.SessionByHash(ctx, hashOf("sess"))
		wantCode(t, "session in the backup", err, samverkan.ENOTFOUND)
		wantEvents, _ := db.AuditEvents(ctx, "", "")
		gotEvents, err := b.AuditEvents(ctx, "", "")
		mustOK(t, "backup AuditEvents", err)
		if len(gotEvents) != len(wantEvents) || len(gotEvents) == 0 {
			t.Errorf("audit events: backup %d, source %d", len(gotEvents), len(wantEvents))
		}
		// The backup is a working database.
		c2 := sqldbtest.MustCreateCollaboration(t, b, sqldbtest.Collaboration("Ny efter återläsning", gavle, sundsvall))
		if c2.ID <= c.ID {
			t.Errorf("new id %d in the backup reuses an id (<= %d)", c2.ID, c.ID)
		}

		// Never over an existing file, and nothing left behind.
		before, _ := os.ReadFile(path)
		_, err = db.Backup(ctx, path)
		wantCode(t, "backup over an existing file", err, samverkan.ECONFLICT)
		after, _ := os.ReadFile(path)
		if string(before) != string(after) {
			t.Error("a refused backup changed the existing file")
		}
		_, err = db.Backup(ctx, filepath.Join(t.TempDir(), "finns-inte", "kopia.db"))
		if err == nil {
			t.Error("backup into a missing folder: no error")
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		for _, e := range entries {
			if e.Name() != "kopia.db" && e.Name() != "kopia.db-wal" && e.Name() != "kopia.db-shm" {
				t.Errorf("left behind: %s", e.Name())
			}
		}
	})
}
