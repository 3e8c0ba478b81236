package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportExportCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "s.db")
	if err := run(ctx, []string{"demo", "--db", db}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatalf("demo: %v", err)
	}
	csv := filepath.Join(dir, "ggvv.csv")
	if err := run(ctx, []string{"export", "--db", db, "--network", "ggvv", "--format", "csv", "-o", csv}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatalf("export: %v", err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--db", db, "--network", "ggvv", csv, "--dry-run"}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "0 skapas, 0 ändras") || !strings.Contains(out.String(), "Provkörning") {
		t.Errorf("re-import of an export:\n%s", out.String())
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Namn;Värdkommun;Deltagande kommuner\nVäxel;Varnamå;Gislaved och Gnosjö\n"), 0o600)
	out.Reset()
	err := run(ctx, []string{"import", "--db", db, "--network", "ggvv", bad}, noEnv, &out, io.Discard)
	if err == nil || !strings.Contains(out.String(), "Rad 2, Värdkommun") || !strings.Contains(out.String(), "Menade du Värnamo?") {
		t.Errorf("bad file: %v\n%s", err, out.String())
	}

	long := filepath.Join(dir, "lang.csv")
	os.WriteFile(long, []byte("Namn;Värdkommun\nVäxel;"+strings.Repeat("x", 40000)+"\n"), 0o600)
	out.Reset()
	err = run(ctx, []string{"import", "--db", db, "--network", "ggvv", long}, noEnv, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), long+": Cell B2 (rad 2) har 40 000 tecken") || out.Len() != 0 {
		t.Errorf("long cell: %v\n%s", err, out.String())
	}

	var u usageError
	for _, args := range [][]string{{"import", "--network", "ggvv"}, {"import", bad}, {"export", "--network", "ggvv", "--format", "pdf"}} {
		if err := run(ctx, args, noEnv, io.Discard, io.Discard); !asUsage(err, &u) {
			t.Errorf("run %v = %v, want a usage error", args, err)
		}
	}
}

func asUsage(err error, u *usageError) bool {
	v, ok := err.(usageError)
	if ok {
		*u = v
	}
	return ok
}
