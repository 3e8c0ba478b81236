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
func createDatabase(ctx context.Context, c *config, work, kind string) (dsn string, drop func(), err error) {
	if kind == "sqlite" {
		p := filepath.Join(work, "bench.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(p + suffix)
		}
		return "sqlite:" + p, func() {}, nil
	}
	if !dbNameRE.MatchString(c.PostgresDB) {
		return "", nil, fmt.Errorf("--postgres-db %q is not a plain lower-case name", c.PostgresDB)
	}
	admin, err := sql.Open("pgx", c.Postgres)
	if err != nil {
		return "", nil, err
	}
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := admin.PingContext(actx); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("PostgreSQL at %s: %w", redact(c.Postgres), err)
	}
	// The name is checked above; identifiers cannot be placeholders.
	if _, err := admin.ExecContext(actx, "DROP DATABASE IF EXISTS "+c.PostgresDB+" WITH (FORCE)"); err != nil {
		admin.Close()
		return "", nil, err
	}
	if _, err := admin.ExecContext(actx, "CREATE DATABASE "+c.PostgresDB); err != nil {
		admin.Close()
		return "", nil, err
	}
	u, err := url.Parse(c.Postgres)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + c.PostgresDB
	drop = func() {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(dctx, "DROP DATABASE IF EXISTS "+c.PostgresDB+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "loadbench: drop database:", err)
		}
		admin.Close()
	}
	return u.String(), drop, nil
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
