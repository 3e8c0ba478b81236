package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

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
