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

// The command line maps columns as the web's mapping step does, says
// which column became which field, and lists warnings without failing.
func TestImportMapAndWarnings(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "s.db")
	if err := run(ctx, []string{"demo", "--db", db}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatalf("demo: %v", err)
	}
	file := filepath.Join(dir, "egen.csv")
	os.WriteFile(file, []byte("Namn;Huvudort;Berörda kommuner;Verksamhet;Organisationsform\n"+
		"Gemensam skolläkare;Vaggeryd;Vaggeryd, Gnosjö;Elevhälsa;Kommunalförbund\n"), 0o600)

	var out bytes.Buffer
	err := run(ctx, []string{"import", "--db", db, "--network", "ggvv", "--dry-run", "--values", "--map", "Huvudort=Värdkommun", file},
		noEnv, &out, io.Discard)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		`Kolumnen "Huvudort" blir Värdkommun.`,
		`Kolumnen "Berörda kommuner" blir Deltagande kommuner.`,
		`Kolumnen "Verksamhet" blir Område.`,
		"Värdkommun: Vaggeryd → Vaggeryd",
		"Område: Elevhälsa → att granska: Elevhälsa",
		`Rad 2, Område: "Elevhälsa"`,
		`Rad 2, Samverkansform: "Kommunalförbund" – Kommunalförbund utan angivet organ`,
		"1 skapas, 0 ändras, 0 oförändrade, 0 rader med fel, 1 rader med varningar (2 varningar)",
		"/natverk/ggvv/granska",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// Without the mapping the column is left out, and the output says how
	// to map it.
	out.Reset()
	if err := run(ctx, []string{"import", "--db", db, "--network", "ggvv", "--dry-run", file}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), `Kolumnen "Huvudort" känns inte igen och importeras inte`) {
		t.Errorf("unmapped column:\n%s", out.String())
	}

	for _, m := range []string{"Huvudort=Skonummer", "=Värdkommun", "Huvudort"} {
		var u usageError
		if err := run(ctx, []string{"import", "--db", db, "--network", "ggvv", "--map", m, file}, noEnv, io.Discard, io.Discard); !asUsage(err, &u) {
			t.Errorf("--map %q = %v, want a usage error", m, err)
		}
	}
	if err := run(ctx, []string{"import", "--db", db, "--network", "ggvv", "--map", "Finns inte=Område", file}, noEnv, io.Discard, io.Discard); err == nil ||
		!strings.Contains(err.Error(), `ingen kolumn "Finns inte"`) {
		t.Errorf("--map on a missing column = %v", err)
	}
}
