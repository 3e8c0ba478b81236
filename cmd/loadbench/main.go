// Command loadbench measures Samverkan at national scale: it builds the
// samverkan binary, fills a fresh database with a synthetic national
// dataset (`samverkan demo --synthetic`), starts `samverkan serve` on a
// loopback port and measures throughput and p50/p95/p99 latency of the main
// pages at several numbers of concurrent keep-alive clients, on SQLite and
// PostgreSQL. As a ceiling it serves the very same bytes of each page from a
// plain in-process static handler and reports each page's throughput as a
// share of it. It prints a table and writes the figures as JSON.
//
//	go run ./cmd/loadbench                      # what `make bench` runs
//	go run ./cmd/loadbench --smoke              # 1 s, 1 client, SQLite, 2 000 collaborations
//	go run ./cmd/loadbench --db sqlite --clients 64 --endpoints /natverk/syn-01
//	go run ./cmd/loadbench --db sqlite --duration 10s --mixed   # only the mixed benchmark
//	go run ./cmd/loadbench --db postgres --mixed --reuse --postgres-db mine  # load once, measure again and again
//	go run ./cmd/loadbench --url http://127.0.0.1:8080 --mixed   # the mixed benchmark against a running server
//
// After the pages one by one comes the mixed benchmark (mixed.go): 64
// clients over every municipality and network page, pipelines, 400
// collaborations and searches at random, without and then with a writer
// changing one collaboration a second through the API.
//
// The internal pages need a login: the harness creates an admin account
// (`samverkan user add`) and every measuring client logs in once through
// the login page and keeps its session cookie; the public view /insyn is
// measured anonymously. With --url, give an existing account with --email
// and --password (or SAMVERKAN_BENCH_EMAIL and SAMVERKAN_BENCH_PASSWORD).
//
// Everything runs on this machine over 127.0.0.1; nothing else is contacted
// but the PostgreSQL server named by --postgres.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/samverkan/samverkan/internal/serverproc"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// defaultEndpoints are the pages the issue names; all but /insyn are
// measured logged in. A page that answers 404 is reported as missing.
const defaultEndpoints = "/,/natverk/syn-01,/kommun/0662,/api/v1/collaborations?network=syn-01,/insyn"

// config is what the flags set.
type config struct {
	Duration    time.Duration `json:"duration_per_cell"`
	Warmup      time.Duration `json:"warmup"`
	Clients     []int         `json:"clients"`
	Databases   []string      `json:"databases"`
	Endpoints   []string      `json:"endpoints"`
	N           int           `json:"collaborations"`
	Seed        int64         `json:"seed"`
	Postgres    string        `json:"-"`
	PostgresDB  string        `json:"postgres_database,omitempty"`
	Bin         string        `json:"-"`
	URL         string        `json:"url,omitempty"`
	Out         string        `json:"-"`
	CPUProfile  string        `json:"-"`
	Smoke       bool          `json:"smoke"`
	SkipStatic  bool          `json:"skip_static"`
	KeepWorkDir bool          `json:"-"`
	Reuse       bool          `json:"reused_database,omitempty"`
	Email       string        `json:"login_email,omitempty"`
	Password    string        `json:"-"`
	// The mixed benchmark (mixed.go): Mixed runs only it, NoMixed skips it.
	Mixed        bool `json:"mixed_only"`
	NoMixed      bool `json:"no_mixed"`
	MixedClients int  `json:"mixed_clients"`
	MixedCollabs int  `json:"mixed_collaborations"`
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.DurationVar(&c.Duration, "duration", 5*time.Second, "measuring time of each cell (endpoint × clients)")
	fs.DurationVar(&c.Warmup, "warmup", 1*time.Second, "unmeasured load on each endpoint before its cells")
	clients := fs.String("clients", "1,16,64", "numbers of concurrent clients, comma-separated")
	dbs := fs.String("db", "sqlite,postgres", "databases to measure: sqlite, postgres")
	endpoints := fs.String("endpoints", defaultEndpoints, "paths to measure, comma-separated")
	fs.IntVar(&c.N, "n", 20000, "synthetic collaborations to load (samverkan demo --synthetic N)")
	fs.Int64Var(&c.Seed, "seed", 1, "seed of the synthetic data")
	fs.StringVar(&c.Postgres, "postgres", envOr("SAMVERKAN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"),
		"PostgreSQL server URL; a database --postgres-db is created there and dropped afterwards")
	fs.StringVar(&c.PostgresDB, "postgres-db", "samverkan_bench", "name of the throwaway PostgreSQL database")
	fs.StringVar(&c.Bin, "bin", "", "samverkan binary to use instead of building one")
	fs.StringVar(&c.URL, "url", "", "measure this running server instead (no build, no database; e.g. one started under perf)")
	fs.StringVar(&c.Out, "out", "bench-results.json", "where to write the results as JSON (empty: don't)")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "write a CPU profile of the load generator (this process) to this file")
	fs.BoolVar(&c.Smoke, "smoke", false, "a quick check of the harness: 1 s cells, 1 client, SQLite, 2 000 collaborations")
	fs.BoolVar(&c.SkipStatic, "no-static", false, "do not measure the static ceiling")
	fs.BoolVar(&c.KeepWorkDir, "keep", false, "keep the work folder (binary, SQLite database, server log)")
	fs.BoolVar(&c.Reuse, "reuse", false, "for development: keep the loaded database between runs and use it again "+
		"(PostgreSQL: --postgres-db is not dropped; SQLite: a file in the temporary folder named after --n and --seed)")
	fs.StringVar(&c.Email, "email", envOr("SAMVERKAN_BENCH_EMAIL", benchEmail), "account the clients log in as (created by the harness unless --url)")
	fs.StringVar(&c.Password, "password", envOr("SAMVERKAN_BENCH_PASSWORD", benchPassword), "its password")
	fs.BoolVar(&c.Mixed, "mixed", false, "run only the mixed benchmark (many pages at random, a writer once a second)")
	fs.BoolVar(&c.NoMixed, "no-mixed", false, "skip the mixed benchmark")
	fs.IntVar(&c.MixedClients, "mixed-clients", 64, "clients of the mixed benchmark")
	fs.IntVar(&c.MixedCollabs, "mixed-collaborations", 400, "collaboration pages in the mixed benchmark")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.Smoke {
		c.Duration, c.Warmup, c.N = time.Second, 200*time.Millisecond, 2000
		c.MixedClients, c.MixedCollabs = 4, 50
		*clients, *dbs = "1", "sqlite"
	}
	var err error
	if c.Clients, err = parseInts(*clients); err != nil {
		return nil, fmt.Errorf("--clients: %w", err)
	}
	c.Databases = splitList(*dbs)
	for _, d := range c.Databases {
		if d != "sqlite" && d != "postgres" {
			return nil, fmt.Errorf("--db: unknown database %q (sqlite, postgres)", d)
		}
	}
	c.Endpoints = splitList(*endpoints)
	for _, e := range c.Endpoints {
		if !strings.HasPrefix(e, "/") {
			return nil, fmt.Errorf("--endpoints: %q does not start with /", e)
		}
	}
	if c.Duration <= 0 || c.N <= 0 || len(c.Clients) == 0 || len(c.Databases) == 0 || len(c.Endpoints) == 0 {
		return nil, errors.New("--duration, --n, --clients, --db and --endpoints must not be empty or zero")
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	work, err := os.MkdirTemp("", "samverkan-bench-")
	if err != nil {
		return err
	}
	if c.KeepWorkDir {
		fmt.Fprintln(stderr, "work folder:", work)
	} else {
		defer os.RemoveAll(work)
	}
	rep := &report{Machine: describeMachine(), Config: c, Started: time.Now().UTC()}
	if c.URL != "" {
		res, err := benchURL(ctx, c, stderr)
		if err != nil {
			return err
		}
		rep.Databases = append(rep.Databases, res)
		return rep.finish(stdout)
	}
	bin := c.Bin
	if bin == "" {
		fmt.Fprintln(stderr, "building samverkan …")
		if bin, err = serverproc.Build(ctx, work); err != nil {
			return err
		}
	}
	for _, db := range c.Databases {
		res, err := benchDatabase(ctx, c, bin, work, db, stderr)
		if err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
		rep.Databases = append(rep.Databases, res)
	}
	return rep.finish(stdout)
}

// finish prints the table and writes the JSON.
func (r *report) finish(stdout io.Writer) error {
	r.Targets = checkTargets(r)
	r.printTable(stdout)
	if r.Config.Out != "" {
		if err := r.writeJSON(r.Config.Out); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "JSON:", r.Config.Out)
	}
	return nil
}

// benchURL measures a server that runs already.
func benchURL(ctx context.Context, c *config, log io.Writer) (*dbResult, error) {
	res := &dbResult{Database: "url " + strings.TrimSuffix(c.URL, "/")}
	for _, ep := range c.Endpoints {
		if c.Mixed {
			break
		}
		er, err := benchEndpoint(ctx, c, strings.TrimSuffix(c.URL, "/"), ep, log)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ep, err)
		}
		res.Endpoints = append(res.Endpoints, er)
	}
	// Only when asked for: the writer changes the server's data.
	if c.Mixed {
		var err error
		if res.Mixed, err = benchMixed(ctx, c, strings.TrimSuffix(c.URL, "/"), log); err != nil {
			return nil, fmt.Errorf("mixed: %w", err)
		}
	}
	return res, nil
}

// benchDatabase creates and fills one database, serves it and measures
// every endpoint.
func benchDatabase(ctx context.Context, c *config, bin, work, kind string, log io.Writer) (*dbResult, error) {
	dsn, loaded, drop, err := createDatabase(ctx, c, work, kind)
	if err != nil {
		return nil, err
	}
	defer drop()
	res := &dbResult{Database: kind}
	if loaded {
		fmt.Fprintf(log, "%s: using the database loaded by an earlier --reuse run …\n", kind)
	} else {
		fmt.Fprintf(log, "%s: loading %d synthetic collaborations …\n", kind, c.N)
		start := time.Now()
		if err := loadSynthetic(ctx, bin, dsn, c.N, c.Seed); err != nil {
			return nil, err
		}
		if err := createAccount(ctx, bin, dsn, c.Email, c.Password); err != nil {
			return nil, err
		}
		res.LoadSeconds = time.Since(start).Seconds()
		if c.Reuse {
			if err := markLoaded(ctx, c, dsn, kind); err != nil {
				return nil, err
			}
		}
	}
	srv, err := serverproc.Start(ctx, bin, "--db", dsn)
	if err != nil {
		return nil, err
	}
	defer func() {
		srv.Stop()
		// The server's warnings and errors, for looking at afterwards
		// (with --keep the folder stays).
		os.WriteFile(filepath.Join(work, "server-"+kind+".log"), []byte(srv.Log.String()), 0o644)
	}()
	for _, ep := range c.Endpoints {
		if c.Mixed {
			break
		}
		er, err := benchEndpoint(ctx, c, srv.URL, ep, log)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ep, err)
		}
		res.Endpoints = append(res.Endpoints, er)
	}
	if !c.NoMixed {
		if res.Mixed, err = benchMixed(ctx, c, srv.URL, log); err != nil {
			return nil, fmt.Errorf("mixed: %w", err)
		}
	}
	return res, srv.Stop()
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}
