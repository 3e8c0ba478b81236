package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, to create the throwaway database
)

// buildBinary builds cmd/samverkan into dir.
func buildBinary(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "samverkan")
	cmd := exec.CommandContext(ctx, goTool(), "build", "-o", bin, "github.com/samverkan/samverkan/cmd/samverkan")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

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
	cmd.Env = serverEnv()
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
	cmd.Env = serverEnv()
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("samverkan user add: %w\n%s", err, out)
	}
	return nil
}

func serverEnv() []string {
	return append(os.Environ(), "SAMVERKAN_LOG_LEVEL=warn", "SAMVERKAN_DB=", "SAMVERKAN_ADDR=")
}

// server is a running `samverkan serve`.
type server struct {
	url  string
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan error
	once sync.Once
	err  error
}

var listenRE = regexp.MustCompile(`http://(\S+?)/`)

// startServer starts `samverkan serve` on a free loopback port.
func startServer(ctx context.Context, bin, dsn, work string) (*server, error) {
	s := &server{log: &syncBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	s.cmd.Env = serverEnv()
	s.cmd.Stderr = s.log
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- "http://" + m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- s.cmd.Wait() }()
	select {
	case s.url = <-found:
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("samverkan serve ended: %v\n%s", err, s.log)
	case <-ctx.Done():
		s.cmd.Process.Kill()
		return nil, ctx.Err()
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		return nil, fmt.Errorf("samverkan serve did not start in 60 s\n%s", s.log)
	}
}

// stop interrupts the server and waits for it; calling it again returns
// the first result.
func (s *server) stop() error {
	s.once.Do(func() {
		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			s.err = err
			return
		}
		select {
		case err := <-s.done:
			if err != nil {
				s.err = fmt.Errorf("samverkan serve: %w\n%s", err, s.log)
			}
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			s.err = errors.New("samverkan serve did not stop in 15 s")
		}
	})
	return s.err
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
