// Package sqldbtest gives tests fresh, migrated databases and helpers to
// fill them.
//
// New returns SQLite in a temporary directory, or, when the environment
// variable SAMVERKAN_TEST_POSTGRES holds a PostgreSQL URL (for example
// postgres://postgres@127.0.0.1:5432/test), a fresh schema in that
// database. With the variable set, an unreachable server fails the test.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx" for schema set-up

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// EnvPostgres names the variable that selects PostgreSQL for tests.
const EnvPostgres = "SAMVERKAN_TEST_POSTGRES"

// New returns a fresh migrated database for one test: PostgreSQL when
// SAMVERKAN_TEST_POSTGRES is set, else SQLite. It is closed (and a
// PostgreSQL schema dropped) in tb.Cleanup.
func New(tb testing.TB) *sqldb.DB {
	tb.Helper()
	if PostgresURL() != "" {
		return NewPostgres(tb)
	}
	return NewSQLite(tb)
}

// PostgresURL returns SAMVERKAN_TEST_POSTGRES, or "".
func PostgresURL() string { return strings.TrimSpace(os.Getenv(EnvPostgres)) }

// NewSQLite returns a fresh migrated SQLite database in tb.TempDir().
func NewSQLite(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return Open(tb, "sqlite:"+filepath.Join(tb.TempDir(), "samverkan.db"))
}

// NewPostgres returns a fresh migrated PostgreSQL database: a uniquely
// named schema in the SAMVERKAN_TEST_POSTGRES database, reached through
// search_path and dropped in tb.Cleanup. It fails the test when the
// variable is unset or the server cannot be reached.
func NewPostgres(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return Open(tb, postgresDSN(tb))
}

// NewShared returns two handles on one fresh database, as two instances
// of the product behind a load balancer have: a SQLite file, or with
// postgres a PostgreSQL schema as NewPostgres makes.
func NewShared(tb testing.TB, postgres bool) (*sqldb.DB, *sqldb.DB) {
	tb.Helper()
	dsn := "sqlite:" + filepath.Join(tb.TempDir(), "shared.db")
	if postgres {
		dsn = postgresDSN(tb)
	}
	return Open(tb, dsn), Open(tb, dsn)
}

// postgresDSN creates a fresh schema and returns the URL that reaches it.
func postgresDSN(tb testing.TB) string {
	tb.Helper()
	base := PostgresURL()
	if base == "" {
		tb.Fatalf("sqldbtest: %s is not set", EnvPostgres)
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("sqldbtest: open %s: %v", EnvPostgres, err)
	}
	tb.Cleanup(func() { admin.Close() })
	schema := "test_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("sqldbtest: PostgreSQL at %s unusable: %v", EnvPostgres, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("sqldbtest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("sqldbtest: parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens and migrates dsn and closes it in tb.Cleanup.
func Open(tb testing.TB, dsn string) *sqldb.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("sqldbtest: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("sqldbtest: %v", err)
	}
	dsns.Store(db, dsn)
	tb.Cleanup(func() { dsns.Delete(db) })
	return db
}

// dsns remembers where each database of Open lives, for Exec.
var dsns sync.Map // *sqldb.DB → dsn

// Exec runs one statement on db's database past the store and its rules,
// over a connection of its own: for rows that validation refuses today
// but older versions stored. Placeholders are written "?". It does not
// move data_version, so run it before the first read it should affect.
func Exec(tb testing.TB, db *sqldb.DB, query string, args ...any) {
	tb.Helper()
	v, ok := dsns.Load(db)
	if !ok {
		tb.Fatal("sqldbtest.Exec: db was not opened by sqldbtest")
	}
	dsn := v.(string)
	driver, source := "pgx", dsn
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, source = "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)"
	} else {
		var b strings.Builder
		n := 0
		for _, r := range query {
			if r == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
			} else {
				b.WriteRune(r)
			}
		}
		query = b.String()
	}
	raw, err := sql.Open(driver, source)
	if err != nil {
		tb.Fatalf("sqldbtest.Exec: %v", err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(context.Background(), query, args...); err != nil {
		tb.Fatalf("sqldbtest.Exec %q: %v", query, err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// MustCreateNetwork creates n (with the given store, e.g. a Batch's) or
// stops the test.
func MustCreateNetwork(tb testing.TB, s samverkan.Store, n *samverkan.Network) *samverkan.Network {
	tb.Helper()
	if err := s.CreateNetwork(context.Background(), n); err != nil {
		tb.Fatalf("CreateNetwork(%q): %v", n.Slug, err)
	}
	return n
}

// MustCreateCollaboration creates c or stops the test.
func MustCreateCollaboration(tb testing.TB, s samverkan.Store, c *samverkan.Collaboration) *samverkan.Collaboration {
	tb.Helper()
	if err := s.CreateCollaboration(context.Background(), c); err != nil {
		tb.Fatalf("CreateCollaboration(%q): %v", c.Title, err)
	}
	return c
}

// Network returns a valid network with the given slug and member codes,
// for tests to adjust.
func Network(slug string, members ...string) *samverkan.Network {
	n := &samverkan.Network{Slug: slug, Name: "Nätverk " + slug, Public: true}
	for _, code := range members {
		n.Members = append(n.Members, samverkan.NetworkMember{Code: code})
	}
	return n
}

// Collaboration returns a valid running collaboration with the given
// title and participating municipality codes (the first is host).
func Collaboration(title string, codes ...string) *samverkan.Collaboration {
	c := &samverkan.Collaboration{Title: title, Status: samverkan.StatusRunning, LegalForm: samverkan.FormAgreement, Public: true}
	for _, code := range codes {
		c.Participants = append(c.Participants, samverkan.Participant{Code: code})
	}
	if len(codes) > 0 {
		c.Host = codes[0]
	}
	return c
}
