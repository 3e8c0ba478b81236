package sqldb_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// private fails the test unless the file at path is readable by its owner
// only: the database and its backups hold password and token hashes.
func private(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, want -rw-------", filepath.Base(path), st.Mode().Perm())
	}
}

// TestSQLiteFileModes: a new SQLite database, its write-ahead log and its
// shared-memory file are created for their owner only.
func TestSQLiteFileModes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "samverkan.db")
	db := sqldbtest.Open(t, "sqlite:"+path)
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		private(t, p)
	}
}

// TestBackupFileMode: a backup, from either database, is its owner's only.
func TestBackupFileMode(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		path := filepath.Join(t.TempDir(), "kopia.db")
		if _, err := db.Backup(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		private(t, path)
	})
}
