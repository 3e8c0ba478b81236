package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, to create the throwaway database

	"github.com/samverkan/samverkan/internal/serverproc"
)

var dbNameRE = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// createDatabase returns the URL of a fresh, empty database and a function
// that removes it: a SQLite file in work, or a new PostgreSQL database.
// With --reuse it returns the database an earlier --reuse run loaded
// (loaded true) and keeps it afterwards; the writer's changes stay in it.
func createDatabase(ctx context.Context, c *config, work, kind string) (dsn string, loaded bool, drop func(), err error) {
	if kind == "sqlite" {
		p := filepath.Join(work, "bench.db")
		if c.Reuse {
			p = filepath.Join(os.TempDir(), fmt.Sprintf("samverkan-loadbench-%d-%d.db", c.N, c.Seed))
			if _, err := os.Stat(loadedMarker(c, kind)); err == nil {
				return "sqlite:" + p, true, func() {}, nil
			}
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(p + suffix)
		}
		return "sqlite:" + p, false, func() {}, nil
	}
	if !dbNameRE.MatchString(c.PostgresDB) {
		return "", false, nil, fmt.Errorf("--postgres-db %q is not a plain lower-case name", c.PostgresDB)
	}
	admin, err := sql.Open("pgx", c.Postgres)
	if err != nil {
		return "", false, nil, err
	}
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := admin.PingContext(actx); err != nil {
		admin.Close()
		return "", false, nil, fmt.Errorf("PostgreSQL at %s: %w", redact(c.Postgres), err)
	}
	u, err := url.Parse(c.Postgres)
	if err != nil {
		admin.Close()
		return "", false, nil, err
	}
	u.Path = "/" + c.PostgresDB
	if c.Reuse {
		var exists bool
		if err := admin.QueryRowContext(actx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`,
			c.PostgresDB).Scan(&exists); err != nil {
			admin.Close()
			return "", false, nil, err
		}
		if _, err := os.Stat(loadedMarker(c, kind)); err == nil && exists {
			admin.Close()
			return u.String(), true, func() {}, nil
		}
	}
	// The name is checked above; identifiers cannot be placeholders.
	if _, err := admin.ExecContext(actx, "DROP DATABASE IF EXISTS "+c.PostgresDB+" WITH (FORCE)"); err != nil {
		admin.Close()
		return "", false, nil, err
	}
	if _, err := admin.ExecContext(actx, "CREATE DATABASE "+c.PostgresDB); err != nil {
		admin.Close()
		return "", false, nil, err
	}
	if c.Reuse {
		admin.Close()
		return u.String(), false, func() {}, nil
	}
	drop = func() {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(dctx, "DROP DATABASE IF EXISTS "+c.PostgresDB+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "loadbench: drop database:", err)
		}
		admin.Close()
	}
	return u.String(), false, drop, nil
}

// loadedMarker is the file that says a --reuse database was loaded in
// full, with these --n and --seed (and, on PostgreSQL, this --postgres-db).
func loadedMarker(c *config, kind string) string {
	name := fmt.Sprintf("samverkan-loadbench-%d-%d.loaded", c.N, c.Seed)
	if kind == "postgres" {
		name = fmt.Sprintf("samverkan-loadbench-%s-%d-%d.loaded", c.PostgresDB, c.N, c.Seed)
	}
	return filepath.Join(os.TempDir(), name)
}

// markLoaded writes the marker after a complete load.
func markLoaded(_ context.Context, c *config, dsn, kind string) error {
	return os.WriteFile(loadedMarker(c, kind), []byte(redact(dsn)+"\n"), 0o644)
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}

// loadSynthetic runs `samverkan demo --synthetic n --seed seed`.
func loadSynthetic(ctx context.Context, bin, dsn string, n int, seed int64) error {
	cmd := exec.CommandContext(ctx, bin, "demo", "--db", dsn, "--synthetic", fmt.Sprint(n), "--seed", fmt.Sprint(seed))
	cmd.Env = serverproc.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("samverkan demo --synthetic %d: %w\n%s", n, err, out)
	}
	return nil
}

// The account the harness creates for the measuring clients.
const (
	benchEmail    = "loadbench@bench.samverkan.invalid"
	benchPassword = "loadbench-lösenord-som-är-långt"
)

// createAccount runs `samverkan user add` for an admin with password.
func createAccount(ctx context.Context, bin, dsn, email, password string) error {
	cmd := exec.CommandContext(ctx, bin, "user", "add", "--db", dsn, "--email", email, "--role", "admin", "--password-stdin")
	cmd.Env = serverproc.Env()
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("samverkan user add: %w\n%s", err, out)
	}
	return nil
}
