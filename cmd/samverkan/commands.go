package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/web"
)

const defaultDB = "sqlite:samverkan.db"

type env struct{ get func(string) string }

func envOf(get func(string) string) env { return env{get} }

func (e env) or(key, def string) string {
	if v := e.get(key); v != "" {
		return v
	}
	return def
}

func newLogger(e env, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(e.or("SAMVERKAN_LOG_LEVEL", "info"))); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if e.get("SAMVERKAN_LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("samverkan "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{"help"}
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("oväntat argument %q", fs.Arg(0))}
	}
	return nil
}

// openDB opens and migrates the database.
func openDB(ctx context.Context, dsn string, log *slog.Logger) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	start := time.Now()
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", redact(dsn), err)
	}
	log.Info("database ready", slog.String("db", redact(dsn)), slog.Duration("migrate", time.Since(start)))
	return db, nil
}

// redact hides a password in a PostgreSQL URL before it is logged.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			cred := dsn[i+3 : at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return dsn[:i+3] + cred[:c] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}

func cmdServe(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("serve", stderr)
	addr := fs.String("addr", e.or("SAMVERKAN_ADDR", ":8080"), "address to listen on")
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	withDemo := fs.Bool("demo", false, "load the demo data (the five networks) and the demo accounts if missing")
	secureCookies := fs.String("secure-cookies", e.or("SAMVERKAN_SECURE_COOKIES", "auto"),
		"Secure flag on cookies: auto (when the request came over HTTPS, also per X-Forwarded-Proto), always or never")
	drainDelay := fs.Duration("drain-delay", envDuration(e, "SAMVERKAN_DRAIN_DELAY", 0),
		"on SIGTERM, how long /readyz answers 503 before the listener closes (for load balancers to notice)")
	drainTimeout := fs.Duration("drain-timeout", envDuration(e, "SAMVERKAN_DRAIN_TIMEOUT", 25*time.Second),
		"how long requests in flight and background jobs get to finish at shutdown")
	trustedProxies := fs.String("trusted-proxies", e.get("SAMVERKAN_TRUSTED_PROXIES"),
		"reverse proxies and load balancers (CIDRs or addresses, comma-separated) whose X-Forwarded-For names the client; none by default")
	if err := parse(fs, args); err != nil {
		return err
	}
	proxies, err := auth.ParseTrustedProxies(*trustedProxies)
	if err != nil {
		return usageError{"--trusted-proxies: " + err.Error()}
	}
	switch *secureCookies {
	case "auto", "always", "never":
	default:
		return usageError{fmt.Sprintf("--secure-cookies: %q ska vara auto, always eller never", *secureCookies)}
	}
	oidcConf, err := oidcFromEnv(e)
	if err != nil {
		return err
	}
	// /metrics answers logged-in admins, and scrapers that send this token
	// as a bearer token.
	metricsToken := strings.TrimSpace(e.get("SAMVERKAN_METRICS_TOKEN"))
	if metricsToken != "" && len(metricsToken) < 16 {
		return usageError{"SAMVERKAN_METRICS_TOKEN ska vara minst 16 tecken"}
	}
	// The site's public address: the open data's links and the e-mails'.
	publicURL := strings.TrimSpace(e.get("SAMVERKAN_PUBLIC_URL"))
	if u, err := url.Parse(publicURL); publicURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return usageError{fmt.Sprintf("SAMVERKAN_PUBLIC_URL: %q är inte en http- eller https-adress (t.ex. https://samverkan.kommun.se)", publicURL)}
	}
	log := newLogger(e, stderr)
	// The listener opens first, so /healthz answers and /readyz says 503
	// while migrations and the demo data load; a load balancer sends
	// traffic only once the product is ready.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	life := &lifecycle{}
	srv := &http.Server{
		Handler:           life,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", slog.String("addr", ln.Addr().String()), slog.String("version", version()))
	fmt.Fprintf(stdout, "Samverkan körs på http://%s/\n", displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// A start that fails or is interrupted closes the listener at once.
	started := false
	defer func() {
		if !started {
			srv.Close()
		}
	}()
	if startupHook != nil {
		startupHook()
	}
	db, err := openDB(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if *withDemo {
		if err := demo.Load(ctx, db); err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
	}
	// An identity provider that is down does not stop the start: auth
	// discovers it lazily, and single sign-on waits until it answers.
	authSvc, err := auth.New(ctx, auth.Options{Store: db, Logger: log, SecureCookies: *secureCookies, OIDC: oidcConf,
		TrustedProxies: proxies})
	if err != nil {
		return err
	}
	if *withDemo {
		n, err := ensureDemoAccounts(ctx, db, authSvc)
		if err != nil {
			return fmt.Errorf("demo accounts: %w", err)
		}
		log.Warn("demo accounts with a public password are enabled; never use --demo with real data",
			slog.Int("created", n))
	}
	cat, err := refdata.Catalog(mustAreas(ctx, db))
	if err != nil {
		return err
	}
	runner, err := backgroundJobs(db, cat, e, log)
	if err != nil {
		return err
	}
	// The open data are published in the background until shutdown begins
	// (ctx), under the public address when one is configured.
	webH, err := web.New(web.Options{Store: db, Catalog: cat, Logger: log, Auth: authSvc, Jobs: runner,
		PublicURL: publicURL, Background: ctx})
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	h := server.New(server.Options{
		Store: db, Web: webH, Logger: log, Version: version(), Auth: authSvc, MetricsToken: metricsToken,
		API: api.New(api.Options{Store: db, Catalog: cat, Logger: log, Auth: authSvc, Jobs: runner}), Ready: life.Ready,
	})
	if wrapApp != nil {
		h = wrapApp(h)
	}
	// The runner lives until shutdown releases it, not until ctx ends:
	// ending ctx would leave its leases to run out, as a crash does.
	if err := runner.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	started = true
	life.setApp(h)
	log.Info("ready")
	select {
	case err := <-errc:
		runner.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	return shutdown(life, srv, runner, *drainDelay, *drainTimeout, log)
}

// oidcFromEnv reads the single sign-on settings; nil when no issuer is set.
func oidcFromEnv(e env) (*auth.OIDCConfig, error) {
	c := &auth.OIDCConfig{
		Issuer:       e.get("SAMVERKAN_OIDC_ISSUER"),
		ClientID:     e.get("SAMVERKAN_OIDC_CLIENT_ID"),
		ClientSecret: e.get("SAMVERKAN_OIDC_CLIENT_SECRET"),
		RedirectURL:  e.get("SAMVERKAN_OIDC_REDIRECT_URL"),
	}
	if c.Issuer == "" {
		if c.ClientID != "" || c.RedirectURL != "" {
			return nil, usageError{"SAMVERKAN_OIDC_ISSUER saknas men andra SAMVERKAN_OIDC_-variabler är satta"}
		}
		return nil, nil
	}
	if c.ClientID == "" || c.RedirectURL == "" {
		return nil, usageError{"OIDC kräver SAMVERKAN_OIDC_ISSUER, SAMVERKAN_OIDC_CLIENT_ID och SAMVERKAN_OIDC_REDIRECT_URL"}
	}
	return c, nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	if strings.HasPrefix(s, "0.0.0.0:") {
		return "localhost:" + strings.TrimPrefix(s, "0.0.0.0:")
	}
	return s
}

func mustAreas(ctx context.Context, db *sqldb.DB) []samverkan.Area {
	areas, err := db.Areas(ctx)
	if err != nil || len(areas) == 0 {
		return samverkan.DefaultAreas
	}
	return areas
}

func cmdMigrate(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("migrate", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, newLogger(e, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "Databasen är uppdaterad.")
	return nil
}

func cmdDemo(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("demo", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	n := fs.Int("synthetic", 0, "instead of the five networks, create N synthetic collaborations over all 290 municipalities")
	seed := fs.Int64("seed", 1, "seed for --synthetic")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 0 {
		return usageError{"--synthetic måste vara ett positivt tal"}
	}
	log := newLogger(e, stderr)
	db, err := openDB(ctx, *dsn, log)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if *n > 0 {
		if err := demo.Synthetic(ctx, db, *n, *seed); err != nil {
			return fmt.Errorf("synthetic data: %w", err)
		}
		fmt.Fprintf(stdout, "Skapade %d syntetiska samverkan på %s.\n", *n, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if err := demo.Load(ctx, db); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	fmt.Fprintln(stdout, "Demodata för de fem nätverken är inlästa.")
	return nil
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if dirty {
				rev += "-dirty"
			}
			return rev
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}

// cmdBackup writes a consistent copy of the database, from SQLite or
// PostgreSQL, as one SQLite file (see sqldb.Backup).
func cmdBackup(ctx context.Context, args []string, e env, stdout, stderr io.Writer) error {
	fs := flagSet("backup", stderr)
	dsn := fs.String("db", e.or("SAMVERKAN_DB", defaultDB), "database URL")
	file, err := parseWithFile(fs, args)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, newLogger(e, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	info, err := db.Backup(ctx, file)
	if err != nil {
		if samverkan.ErrorCode(err) != "" {
			return fmt.Errorf("%s", samverkan.ErrorMessage(err))
		}
		return err
	}
	var rows int64
	for _, t := range info.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "Säkerhetskopian är skriven till %s på %.1f s: %d samverkan, %d nätverk, %d beslut, %d användare, %d ändringar i historiken; %d rader i %d tabeller, %.1f MB.\n",
		file, time.Since(start).Seconds(), info.Rows("collaborations"), info.Rows("networks"), info.Rows("decisions"),
		info.Rows("users"), info.Rows("audit_events"), rows, len(info.Tables), float64(info.Bytes)/(1<<20))
	fmt.Fprintf(stdout, "Den är en vanlig SQLite-databas: starta den med  samverkan serve --db sqlite:%s\n", file)
	return nil
}
