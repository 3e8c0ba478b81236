package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
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
	// Each export names the second it was taken ("exported"); two exports
	// taken on either side of a second's boundary differ there and only
	// there, so that line is compared by its presence, not its value.
	orig, copy := export(db), export("sqlite:"+file)
	orig, copy = withoutExported(t, orig), withoutExported(t, copy)
	if d := lineDiff(orig, copy); d != "" || !strings.Contains(copy, "IT-nämnd") {
		t.Errorf("the backup exports differently (- original, + backup):\n%s", d)
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

var exportedLine = regexp.MustCompile(`(?m)^  "exported": "[0-9T:Z-]+",$`)

// withoutExported blanks the export's one moment in time.
func withoutExported(t *testing.T, export string) string {
	t.Helper()
	if n := len(exportedLine.FindAllString(export, -1)); n != 1 {
		t.Fatalf("the export names its time %d times, want once:\n%.500s", n, export)
	}
	return exportedLine.ReplaceAllString(export, `  "exported": "…",`)
}

// lineDiff lists the lines where a and b differ, with their numbers; ""
// when they are equal.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			fmt.Fprintf(&out, "%d- %s\n%d+ %s\n", i+1, x, i+1, y)
		}
	}
	return out.String()
}
