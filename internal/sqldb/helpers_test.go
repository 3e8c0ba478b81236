package sqldb_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// Municipality codes used in the tests.
const (
	stockholm = "0180"
	uppsala   = "0380"
	malmo     = "1280"
	goteborg  = "1480"
	orebro    = "1880"
	gavle     = "2180"
	sundsvall = "2281"
	ostersund = "2380"
)

// forEachDB runs fn against a fresh SQLite database, and also against a
// fresh PostgreSQL schema when SAMVERKAN_TEST_POSTGRES is set.
func forEachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, sqldbtest.NewSQLite(t))
	})
	if sqldbtest.PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			fn(t, sqldbtest.NewPostgres(t))
		})
	}
}

// wantCode fails the test unless err carries the application error code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := samverkan.ErrorCode(err); got != code {
		t.Fatalf("%s: error code = %q (%v), want %q", what, got, err, code)
	}
}

func mustOK(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func mustGet(t *testing.T, db *sqldb.DB, id int64) *samverkan.Collaboration {
	t.Helper()
	c, err := db.CollaborationByID(context.Background(), id)
	mustOK(t, "CollaborationByID", err)
	return c
}

// asJSON renders v for comparisons and readable failure messages; nil and
// empty lists render alike.
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// counts are what the store reports through its API: the number of
// collaborations, networks and audit rows, and the data version.
type counts struct {
	collaborations int
	networks       int
	audit          int
	version        int64
}

func countAll(t *testing.T, db *sqldb.DB) counts {
	t.Helper()
	ctx := context.Background()
	_, total, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{})
	mustOK(t, "FindCollaborations", err)
	ns, err := db.Networks(ctx)
	mustOK(t, "Networks", err)
	audit, err := db.AuditEvents(ctx, "", "")
	mustOK(t, "AuditEvents", err)
	v, err := db.DataVersion(ctx)
	mustOK(t, "DataVersion", err)
	return counts{total, len(ns), len(audit), v}
}

func ids(cs []*samverkan.Collaboration) []int64 {
	out := []int64{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func ptr[T any](v T) *T { return &v }
