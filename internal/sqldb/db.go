// Package sqldb stores the samverkan domain in SQLite (modernc.org/sqlite)
// or PostgreSQL (pgx through database/sql). Both dialects share one schema
// and one set of hand-written queries; the differences live in rebind and
// in the two tokens migrate.go substitutes into the schema.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers driver "pgx"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is the SQL store. It satisfies samverkan.Store. A DB returned by Open
// owns a connection pool; the DB that Batch hands to its function is bound
// to one transaction and must not be used after the function returns or by
// several goroutines at once.
type DB struct {
	db      *sql.DB
	dialect string
	cat     *atomic.Pointer[samverkan.Catalog] // shared with bound copies
	cache   *readCache                         // shared with bound copies
	version *versionMemo                       // shared with bound copies
	creds   *credentialMemo                    // shared with bound copies
	stmts   *stmtCache                         // SQLite only; shared with bound copies
	bound   *tx                                // non-nil inside Batch
	now     func() time.Time
	// bulkChunk, when not 0, is the records per chunk of a bulk load
	// instead of the constant: tests make chunks of a few records.
	bulkChunk int
}

var _ samverkan.Store = (*DB)(nil)

// sqlitePragmas are set on every SQLite connection. WAL lets readers run
// beside the writer; busy_timeout makes a second writer wait rather than
// fail; _txlock=immediate takes the write lock at BEGIN, so two writers
// never both read under a shared lock and then deadlock upgrading it
// (read-only transactions still begin deferred). The default 2 MB page
// cache is far smaller than a national register; 64 MB holds all of it.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_txlock=immediate"

// pgMaxConns bounds the PostgreSQL pool. A request holds a connection for
// its read transaction only; more connections than this on a small
// machine only make the database's backends compete for the same cores.
const pgMaxConns = 20

// Open connects to dsn: "sqlite:PATH" (the file is created when missing) or
// "postgres://…"/"postgresql://…". It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (_ *DB, err error) {
	defer wrap(&err, "sqldb.Open")
	var driver, source, dialect string
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("sqlite dsn without a path")
		}
		if err := createPrivate(path); err != nil {
			return nil, err
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		driver, source, dialect = "sqlite", "file:"+path+sep+sqlitePragmas, SQLite
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		driver, source, dialect = "pgx", dsn, Postgres
	default:
		return nil, fmt.Errorf("unsupported dsn %q: want sqlite:PATH or postgres://", redact(dsn))
	}
	if dialect == SQLite {
		// The search index's triggers call it (search.go).
		if err := registerSearch(); err != nil {
			return nil, err
		}
	}
	sqlDB, err := sql.Open(driver, source)
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		// One writer at a time anyway; a few connections serve readers.
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
	} else {
		// As many idle connections as open ones: with fewer, every burst
		// (the pages a write made stale, rebuilt at once by many clients)
		// closed the connections past the idle limit as they came back and
		// opened new ones for the next burst, each a PostgreSQL backend
		// forked, authenticated and with its prepared statements gone:
		// about 200 new connections in a 40 s mixed run with one write a
		// second. Idle ones still close after ConnMaxIdleTime.
		sqlDB.SetMaxOpenConns(pgMaxConns)
		sqlDB.SetMaxIdleConns(pgMaxConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	db := &DB{db: sqlDB, dialect: dialect, cat: new(atomic.Pointer[samverkan.Catalog]), cache: &readCache{}, version: &versionMemo{}, creds: &credentialMemo{}, now: time.Now}
	if dialect == SQLite {
		db.stmts = newStmtCache(sqlDB)
	}
	db.cat.Store(refdata.MustCatalog())
	return db, nil
}

// createPrivate creates the SQLite file at path, empty and readable by its
// owner only, when it does not exist yet: it holds password and token
// hashes, and SQLite would create it world-readable (0644 less the umask).
// SQLite gives the write-ahead log and shared-memory files beside it the
// database file's mode. An existing file is left as its owner set it.
func createPrivate(path string) error {
	path, _, _ = strings.Cut(path, "?")
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return f.Close()
}

// redact hides a password in a DSN for error messages.
func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i >= 0 {
		if j := strings.Index(dsn, "://"); j >= 0 && j < i {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
}

// Dialect returns SQLite or Postgres.
func (db *DB) Dialect() string { return db.dialect }

// Catalog returns the reference data the store validates against: the
// municipalities and the areas as read from the database by Migrate.
func (db *DB) Catalog() *samverkan.Catalog { return db.cat.Load() }

// Close closes the connection pool. On a DB bound by Batch it does nothing.
func (db *DB) Close() error {
	if db.bound != nil {
		return nil
	}
	if db.stmts != nil {
		db.stmts.close()
	}
	return db.db.Close()
}

// Ping checks the database is reachable.
func (db *DB) Ping(ctx context.Context) (err error) {
	defer wrap(&err, "sqldb.Ping")
	if db.bound != nil {
		return db.read(ctx, func(t *tx) error { return t.queryRow(ctx, `SELECT 1`).Scan(new(int)) })
	}
	return db.db.PingContext(ctx)
}

// tx is a transaction plus the dialect, so helpers write `?` placeholders.
// Helpers take a *tx and never open their own transaction.
type tx struct {
	*sql.Tx
	dialect    string
	savepoints int
	// stmts caches prepared statements for the life of a batch: an import
	// or a bulk load runs the same dozen statements thousands of times, and
	// preparing each anew was most of the cost.
	stmts map[string]*sql.Stmt
	// inBatch defers the data_version bump to the end of the batch: one
	// transaction needs one bump, and on PostgreSQL updating the same row
	// ten thousand times in one transaction was a third of an import.
	inBatch, written bool
	// touched is what the transaction's writes changed, for the key
	// figures and scope versions refreshed before it commits (keyfigures.go).
	touched touched
	// allOrNothing runs the batch's writes without a savepoint each; the
	// first failed one is kept in failed and fails the batch.
	allOrNothing bool
	failed       error
	// conn is the connection the transaction runs on (PostgreSQL only),
	// for COPY.
	conn *sql.Conn
	// cache keeps statements prepared across transactions (SQLite,
	// outside batches; stmtcache.go); open names the kept statements
	// whose rows may still be open in this transaction.
	cache *stmtCache
	open  map[string]bool
}

// stmt returns the prepared statement for query, or nil outside a batch.
func (t *tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if t.stmts == nil {
		return nil, nil
	}
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	query = rebind(t.dialect, query)
	if st, err := t.stmt(ctx, query); err != nil {
		return nil, err
	} else if st != nil {
		return st.ExecContext(ctx, args...)
	}
	if st := t.shared(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.ExecContext(ctx, query, args...)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, _, err := t.queryKept(ctx, query, args...)
	return rows, err
}

// queryKept is query that also says whether the rows came from a kept
// statement (stmtcache.go), which stays taken until done is called.
func (t *tx) queryKept(ctx context.Context, query string, args ...any) (_ *sql.Rows, kept bool, _ error) {
	if err := checkArgs(args); err != nil {
		return nil, false, err
	}
	query = rebind(t.dialect, query)
	if st, err := t.stmt(ctx, query); err != nil {
		return nil, false, err
	} else if st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, false, err
	}
	if st := t.shared(ctx, query); st != nil {
		// The rows may outlive this call: the statement is taken until
		// done (eachRow calls it), else for the rest of the transaction.
		if t.open == nil {
			t.open = map[string]bool{}
		}
		t.open[query] = true
		rows, err := st.QueryContext(ctx, args...)
		if err != nil {
			delete(t.open, query)
		}
		return rows, err == nil, err
	}
	rows, err := t.QueryContext(ctx, query, args...)
	return rows, false, err
}

// row is what queryRow returns: a *sql.Row, or the refusal of checkArgs.
type row interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (t *tx) queryRow(ctx context.Context, query string, args ...any) row {
	if err := checkArgs(args); err != nil {
		return errRow{err}
	}
	query = rebind(t.dialect, query)
	if st, err := t.stmt(ctx, query); err == nil && st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	// Every caller scans the row at once, which closes its rows, so the
	// statement is free again when the next query runs.
	if st := t.shared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	// A failed prepare surfaces as the query's own error.
	return t.QueryRowContext(ctx, query, args...)
}

// checkArgs refuses text that no field may hold before it reaches a
// driver: PostgreSQL cannot store NUL or invalid UTF-8 and answers with an
// error that surfaced as a 500, while SQLite kept it. Validation refuses
// such text in records with a field error first; this catches lookups,
// searches and anything else, on both databases alike.
func checkArgs(args []any) error {
	for _, a := range args {
		if s, ok := a.(string); ok && (strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)) {
			return errBadText()
		}
	}
	return nil
}

func errBadText() *samverkan.Error {
	return samverkan.Errorf(samverkan.EINVALID, "Texten innehåller ett tecken som inte kan sparas eller sökas på (NUL eller ogiltig UTF-8).")
}

// closeStmts releases the batch's prepared statements.
func (t *tx) closeStmts() {
	for _, st := range t.stmts {
		st.Close()
	}
	t.stmts = nil
}

// read runs fn in a read-only transaction, so a page and its child rows
// come from one snapshot. Inside Batch it joins the batch's transaction.
func (db *DB) read(ctx context.Context, fn func(*tx) error) error {
	if db.bound != nil {
		return fn(db.bound)
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	sqlTx, err := db.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	if err := fn(&tx{Tx: sqlTx, dialect: db.dialect, cache: db.stmts}); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// write runs fn in a write transaction and commits. Inside Batch it runs in
// a savepoint of the batch's transaction, so a failed write leaves nothing
// behind and (on PostgreSQL) does not abort the whole batch.
func (db *DB) write(ctx context.Context, fn func(*tx) error) error {
	if t := db.bound; t != nil && t.allOrNothing {
		if t.failed != nil {
			return fmt.Errorf("an earlier write of the batch failed: %w", t.failed)
		}
		if err := fn(t); err != nil {
			t.failed = err
			return err
		}
		return nil
	} else if t != nil {
		return t.savepoint(ctx, fn)
	}
	// On PostgreSQL the transaction runs on a connection of its own, so
	// that bulk writes can reach the driver for COPY (copyRows).
	var conn *sql.Conn
	var sqlTx *sql.Tx
	var err error
	if db.dialect == Postgres {
		if conn, err = db.db.Conn(ctx); err != nil {
			return err
		}
		defer conn.Close()
		sqlTx, err = conn.BeginTx(ctx, nil)
	} else {
		sqlTx, err = db.db.BeginTx(ctx, nil)
	}
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	if err := fn(&tx{Tx: sqlTx, dialect: db.dialect, conn: conn, cache: db.stmts}); err != nil {
		return err
	}
	err = sqlTx.Commit()
	db.version.invalidate() // also after a failed commit: the outcome is unknown
	return err
}

func (t *tx) savepoint(ctx context.Context, fn func(*tx) error) error {
	t.savepoints++
	name := fmt.Sprintf("sp%d", t.savepoints)
	// Straight to the driver: savepoint names differ each time and would
	// only fill the statement cache.
	if _, err := t.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return err
	}
	if err := fn(t); err != nil {
		if _, rerr := t.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	_, err := t.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
	return err
}

// Batch runs fn with a store bound to one transaction: everything fn writes
// commits together, or nothing does. A nested Batch joins the outer
// transaction (as a savepoint).
func (db *DB) Batch(ctx context.Context, fn func(ctx context.Context, s samverkan.Store) error) (err error) {
	defer wrap(&err, "sqldb.Batch")
	return db.batch(ctx, false, fn)
}

// BatchAllOrNothing is Batch for a caller that gives up at the first
// failed write, as an import does: its writes run without the savepoint
// Batch puts around each (two round trips a write on PostgreSQL). A failed
// write fails the batch even if fn goes on and returns nil, and every
// later write answers that error, so nothing half-written commits. Inside
// a Batch it is a nested Batch like any other.
func (db *DB) BatchAllOrNothing(ctx context.Context, fn func(ctx context.Context, s samverkan.Store) error) (err error) {
	defer wrap(&err, "sqldb.BatchAllOrNothing")
	return db.batch(ctx, true, fn)
}

func (db *DB) batch(ctx context.Context, allOrNothing bool, fn func(ctx context.Context, s samverkan.Store) error) error {
	return db.write(ctx, func(t *tx) error {
		outer := !t.inBatch
		if outer {
			t.stmts = map[string]*sql.Stmt{}
			t.inBatch = true
			t.allOrNothing = allOrNothing
			defer t.closeStmts()
		}
		bound := *db
		bound.bound = t
		if err := fn(ctx, &bound); err != nil {
			return err
		}
		if t.failed != nil {
			return t.failed
		}
		// A write rolled back to its savepoint may have set written too;
		// the extra bump only empties caches.
		if outer && t.written {
			return bumpVersion(ctx, t)
		}
		return nil
	})
}

// rebind turns `?` placeholders into PostgreSQL's `$1, $2, …`, skipping
// quoted literals. SQLite takes `?` as written.
func rebind(dialect, query string) string {
	if dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// wrap prefixes a returned error with the operation and translates driver
// errors into application errors. Application errors keep their code.
func wrap(err *error, op string) {
	if *err == nil {
		return
	}
	*err = fmt.Errorf("%s: %w", op, translate(*err))
}

// translate maps "no rows" and unique violations to application errors;
// only this package knows the drivers' error types.
func translate(err error) error {
	var appErr *samverkan.Error
	if errors.As(err, &appErr) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &wrapped{samverkan.Errorf(samverkan.ENOTFOUND, "Posten finns inte."), err}
	}
	if isUniqueViolation(err) {
		return &wrapped{samverkan.Errorf(samverkan.ECONFLICT, "Posten finns redan."), err}
	}
	if isBadText(err) {
		return &wrapped{errBadText(), err}
	}
	return err
}

// isBadText reports PostgreSQL's refusal of NUL or bytes that are not
// UTF-8 (SQLSTATE 22021, 22P05), should any reach it past checkArgs.
func isBadText(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05")
}

// wrapped carries an application error and the driver error behind it;
// errors.As finds the first, the message keeps the second.
type wrapped struct {
	app   *samverkan.Error
	cause error
}

func (w *wrapped) Error() string   { return w.app.Error() + ": " + w.cause.Error() }
func (w *wrapped) Unwrap() []error { return []error{w.app, w.cause} }

func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// Timestamps are stored as UTC RFC 3339 text with microseconds: fixed
// width, so they sort as text in both dialects.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse timestamp %q: %w", s, err)
	}
	return t, nil
}

// timestamp returns the current time as the store records it.
func (db *DB) timestamp() time.Time {
	return db.now().UTC().Truncate(time.Microsecond)
}

// today is the Swedish calendar date, for events and current memberships.
func (db *DB) today() samverkan.Date { return samverkan.DateInSweden(db.now()) }
