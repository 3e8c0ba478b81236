package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupCommand: the demo, backed up, serves as it is: the copy
// exports the same network as the original.
func TestBackupCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "s.db")
	if err := run(ctx, []string{"demo", "--db", db}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatalf("demo: %v", err)
	}
	file := filepath.Join(dir, "kopia.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "--db", db, file}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(out.String(), "Säkerhetskopian är skriven till "+file) || !strings.Contains(out.String(), "serve --db sqlite:"+file) {
		t.Errorf("backup said:\n%s", out.String())
	}
	export := func(dsn string) string {
		var b bytes.Buffer
		if err := run(ctx, []string{"export", "--db", dsn, "--network", "c-tillsammans", "--format", "json"}, noEnv, &b, io.Discard); err != nil {
			t.Fatalf("export from %s: %v", dsn, err)
		}
		return b.String()
	}
	orig, copy := export(db), export("sqlite:"+file)
	if orig != copy || !strings.Contains(copy, "IT-nämnd") {
		t.Errorf("the backup exports differently:\noriginal %.300s\nbackup   %.300s", orig, copy)
	}

	// A second backup to the same name is refused, in Swedish.
	err := run(ctx, []string{"backup", "--db", db, file}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "finns redan") {
		t.Errorf("backup over an existing file: %v", err)
	}
	var u usageError
	if err := run(ctx, []string{"backup", "--db", db}, noEnv, io.Discard, io.Discard); !asUsage(err, &u) {
		t.Errorf("backup without a file = %v, want a usage error", err)
	}
}
