package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/samverkan/samverkan"
)

// A backup is a complete SQLite database file, whichever database it was
// taken from: it can be served as it is (samverkan serve --db
// sqlite:FILE), opened with any SQLite tool, and read by later versions,
// which migrate it. It is taken from one snapshot, written beside its
// destination under a temporary name and moved into place only when
// whole, so a failed backup leaves nothing behind and never replaces a
// file.

// transientTables stay out of a backup: sessions and login attempts would
// bring logins back to life on a restore, and import uploads are files
// waiting for a confirmation that will not come; the jobs table holds
// leases of instances that will not be there and imports of those uploads
// (the periodic tasks register themselves again on start), and job files
// are exports already downloaded or soon purged.
var transientTables = map[string]bool{"sessions": true, "login_attempts": true, "import_uploads": true, "jobs": true, "job_files": true}

// BackupTable is one table of a backup and its number of rows.
type BackupTable struct {
	Name string
	Rows int64
}

// BackupInfo says what a backup holds.
type BackupInfo struct {
	Tables []BackupTable // in schema order
	Bytes  int64
}

// Rows returns the rows of table name, or 0.
func (b BackupInfo) Rows(name string) int64 {
	for _, t := range b.Tables {
		if t.Name == name {
			return t.Rows
		}
	}
	return 0
}

// Backup writes a consistent copy of the database to path, which must not
// exist yet.
func (db *DB) Backup(ctx context.Context, path string) (info BackupInfo, err error) {
	defer wrap(&err, "sqldb.Backup")
	if db.bound != nil {
		return info, fmt.Errorf("backup inside a batch")
	}
	if _, err := os.Stat(path); err == nil {
		return info, samverkan.Errorf(samverkan.ECONFLICT, "Filen %s finns redan. Välj ett nytt namn; en säkerhetskopia skriver aldrig över en fil.", path)
	}
	// The copy holds password and token hashes: CreateTemp makes it 0600,
	// and VACUUM INTO and Open write into the empty file as it is, so
	// neither the temporary nor the final file (a link to it) is ever
	// readable by others.
	f, err := os.CreateTemp(filepath.Dir(path), ".samverkan-backup-*.db")
	if err != nil {
		return info, err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Close(); err != nil {
		return info, err
	}

	switch db.dialect {
	case SQLite:
		// One read transaction, page by page, while writers go on.
		if _, err := db.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
			return info, fmt.Errorf("vacuum into: %w", err)
		}
	default:
		if err := db.copyToSQLite(ctx, tmp); err != nil {
			return info, err
		}
	}
	if info, err = finishBackup(ctx, tmp); err != nil {
		return info, err
	}
	// Link fails when path appeared meanwhile; rename would replace it.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return info, samverkan.Errorf(samverkan.ECONFLICT, "Filen %s finns redan. Välj ett nytt namn; en säkerhetskopia skriver aldrig över en fil.", path)
		}
		return info, err
	}
	return info, nil
}

// finishBackup leaves out the transient tables, checks the file, counts
// its rows and makes it a plain single-file database (no WAL beside it).
func finishBackup(ctx context.Context, path string) (info BackupInfo, err error) {
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		return info, err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return info, err
	}
	tables, err := schemaTables()
	if err != nil {
		return info, err
	}
	for _, t := range tables {
		if transientTables[t] {
			if _, err := conn.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return info, fmt.Errorf("empty %s: %w", t, err)
			}
			continue
		}
		var n int64
		if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return info, fmt.Errorf("count %s: %w", t, err)
		}
		info.Tables = append(info.Tables, BackupTable{Name: t, Rows: n})
	}
	if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
		return info, err
	}
	var check string
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil {
		return info, err
	}
	if check != "ok" {
		return info, fmt.Errorf("the copy fails SQLite's integrity check: %s", check)
	}
	if err := conn.Close(); err != nil {
		return info, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	info.Bytes = st.Size()
	return info, nil
}

var createTable = regexp.MustCompile(`(?i)(CREATE|DROP) TABLE (?:IF (?:NOT )?EXISTS )?([a-z_]+)`)

// schemaTables lists the tables the migrations create and do not drop
// again, in their order, which is also an order in which every reference
// points backwards.
func schemaTables() ([]string, error) {
	ms, err := migrations(SQLite) // a backup is a SQLite database
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		for _, match := range createTable.FindAllStringSubmatch(m.sql, -1) {
			name := strings.ToLower(match[2])
			if strings.EqualFold(match[1], "DROP") {
				out = slices.DeleteFunc(out, func(t string) bool { return t == name })
				continue
			}
			// A table rebuilt by a later migration (renamed away, made
			// again) is listed once, where it was made last.
			out = slices.DeleteFunc(out, func(t string) bool { return t == name })
			out = append(out, name)
		}
	}
	return out, nil
}

// copyToSQLite copies every table but the transient ones from a
// repeatable-read snapshot of db into a new SQLite database at path.
func (db *DB) copyToSQLite(ctx context.Context, path string) error {
	dst, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		return err
	}
	defer dst.Close()
	if err := dst.Migrate(ctx); err != nil {
		return err
	}
	tables, err := schemaTables()
	if err != nil {
		return err
	}
	src, err := db.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer src.Rollback()
	err = dst.write(ctx, func(t *tx) error {
		// References are checked once, at commit, not row by row.
		if _, err := t.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		for _, table := range tables {
			if transientTables[table] {
				continue
			}
			if err := copyTable(ctx, src, t, table); err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return dst.Close()
}

// copyTable replaces dst's rows of table (the reference data Migrate
// seeded, or nothing) with src's.
func copyTable(ctx context.Context, src *sql.Tx, dst *tx, table string) error {
	if _, err := dst.ExecContext(ctx, `DELETE FROM `+table); err != nil {
		return err
	}
	// The copy's own columns, read by name: PostgreSQL has columns of its
	// own (the full-text search vector) that a SQLite file has no use for.
	probe, err := dst.QueryContext(ctx, `SELECT * FROM `+table+` LIMIT 0`)
	if err != nil {
		return err
	}
	cols, err := probe.Columns()
	probe.Close()
	if err != nil {
		return err
	}
	rows, err := src.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	ins, err := dst.PrepareContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}
