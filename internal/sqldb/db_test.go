package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func TestMigrate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("n", stockholm, uppsala))
		before := countAll(t, db)
		// A second (and third) run applies nothing and keeps the data.
		for range 2 {
			mustOK(t, "Migrate again", db.Migrate(ctx))
		}
		if after := countAll(t, db); after != before {
			t.Errorf("counts after re-migrate = %+v, want %+v", after, before)
		}

		areas, err := db.Areas(ctx)
		mustOK(t, "Areas", err)
		if len(areas) != len(samverkan.DefaultAreas) {
			t.Fatalf("len(Areas) = %d, want %d", len(areas), len(samverkan.DefaultAreas))
		}
		for i, a := range areas {
			if a != samverkan.DefaultAreas[i] {
				t.Errorf("Areas()[%d] = %+v, want %+v", i, a, samverkan.DefaultAreas[i])
			}
		}
		if n := len(db.Catalog().Municipalities()); n != 290 {
			t.Errorf("catalogue municipalities = %d, want 290", n)
		}
	})
}

// TestMunicipalitiesSeeded checks all 290 rows through a join: every
// municipality can be a network member and comes back with its name.
func TestMunicipalitiesSeeded(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		munis := db.Catalog().Municipalities()
		if len(munis) != 290 {
			t.Fatalf("len(Municipalities) = %d, want 290", len(munis))
		}
		n := sqldbtest.Network("alla")
		for _, m := range munis {
			n.Members = append(n.Members, samverkan.NetworkMember{Code: m.Code})
		}
		sqldbtest.MustCreateNetwork(t, db, n)
		got, err := db.NetworkBySlug(context.Background(), "alla")
		mustOK(t, "NetworkBySlug", err)
		if len(got.Members) != 290 {
			t.Fatalf("members = %d, want 290", len(got.Members))
		}
		for i, m := range got.Members {
			if m.Code != munis[i].Code || m.Name != munis[i].Name {
				t.Errorf("member %d = %s %q, want %s %q", i, m.Code, m.Name, munis[i].Code, munis[i].Name)
			}
		}
	})
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"", "mysql://x", "sqlite:"} {
		if db, err := sqldb.Open(ctx, dsn); err == nil {
			db.Close()
			t.Errorf("Open(%q) = nil error, want an error", dsn)
		}
	}
}

func TestPersistence(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "persist.db")
	db := sqldbtest.Open(t, dsn)
	c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Gemensam räddningstjänst", gavle, sundsvall))
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
	v1, err := db.DataVersion(ctx)
	mustOK(t, "DataVersion", err)
	mustOK(t, "Close", db.Close())

	db2 := sqldbtest.Open(t, dsn)
	got := mustGet(t, db2, c.ID)
	if got.Title != c.Title || got.Version != 1 || len(got.Participants) != 2 {
		t.Errorf("after reopen = %q v%d %d participants, want %q v1 2", got.Title, got.Version, len(got.Participants), c.Title)
	}
	if _, err := db2.NetworkBySlug(ctx, "norr"); err != nil {
		t.Errorf("NetworkBySlug after reopen: %v", err)
	}
	v2, err := db2.DataVersion(ctx)
	mustOK(t, "DataVersion", err)
	if v2 != v1 {
		t.Errorf("DataVersion after reopen = %d, want %d", v2, v1)
	}
}

func TestPing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		mustOK(t, "Ping", db.Ping(context.Background()))
	})
}
