package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
)

// The jobs table (migration 0018) is the runner's queue and lease book
// (internal/jobs). Its writes are bookkeeping, not data: they are not
// audited and do not move data_version, so a lease renewed every few
// seconds never empties a page cache.

var _ jobs.Store = (*DB)(nil)

const jobColumns = `id, kind, task, periodic, status, run_at, holder, lease_until, attempts, user_id, network, input,
	done_count, total_count, message, result, error, created, updated, finished`

func scanJob(s scanner) (*jobs.Job, error) {
	var j jobs.Job
	var runAt, lease, created, updated, finished string
	var user sql.NullInt64
	if err := s.Scan(&j.ID, &j.Kind, &j.Task, &j.Periodic, &j.Status, &runAt, &j.Holder, &lease, &j.Attempts, &user,
		&j.Network, &j.Input, &j.Done, &j.Total, &j.Message, &j.Result, &j.Error, &created, &updated, &finished); err != nil {
		return nil, err
	}
	j.UserID = user.Int64
	for _, f := range []struct {
		s string
		t *time.Time
	}{{runAt, &j.RunAt}, {lease, &j.Lease}, {created, &j.Created}, {updated, &j.Updated}, {finished, &j.Finished}} {
		if f.s == "" {
			continue
		}
		var err error
		if *f.t, err = parseTime(f.s); err != nil {
			return nil, err
		}
	}
	return &j, nil
}

// EnsureTask gives a periodic task its row, first due at first, unless it
// has one. Two instances starting at once both try; the unique index on
// task lets one insert win and the other do nothing.
func (db *DB) EnsureTask(ctx context.Context, name string, first time.Time) (err error) {
	defer wrap(&err, "sqldb.EnsureTask")
	return db.write(ctx, func(t *tx) error {
		now := formatTime(db.timestamp())
		_, err := t.exec(ctx, `INSERT INTO jobs (kind, task, periodic, status, run_at, created, updated)
			VALUES (?, ?, TRUE, ?, ?, ?, ?) ON CONFLICT (task) WHERE periodic DO NOTHING`,
			name, name, jobs.StatusQueued, formatTime(first), now, now)
		return err
	})
}

// ClaimJob claims the oldest due job of one of kinds. On PostgreSQL the
// row is locked with FOR UPDATE SKIP LOCKED: a second instance asking at
// the same moment skips it and looks at the next instead of waiting for
// it; SQLite takes the write lock at BEGIN, so claims are serial there.
func (db *DB) ClaimJob(ctx context.Context, holder string, kinds []string, now, leaseUntil time.Time) (_ *jobs.Job, err error) {
	defer wrap(&err, "sqldb.ClaimJob")
	if len(kinds) == 0 {
		return nil, nil
	}
	var j *jobs.Job
	err = db.write(ctx, func(t *tx) error {
		lock := ""
		if t.dialect == Postgres {
			lock = " FOR UPDATE SKIP LOCKED"
		}
		n := formatTime(now)
		args := append(stringArgs(kinds), jobs.StatusQueued, n, jobs.StatusRunning, n)
		var err error
		j, err = scanJob(t.queryRow(ctx, `SELECT `+jobColumns+` FROM jobs
			WHERE kind IN (`+placeholders(len(kinds))+`)
			  AND ((status = ? AND run_at <= ?) OR (status = ? AND lease_until < ?))
			ORDER BY run_at, id LIMIT 1`+lock, args...))
		if notFound(err) {
			j = nil
			return nil
		}
		if err != nil {
			return err
		}
		j.Status, j.Holder, j.Lease, j.Attempts = jobs.StatusRunning, holder, leaseUntil, j.Attempts+1
		_, err = t.exec(ctx, `UPDATE jobs SET status = ?, holder = ?, lease_until = ?, attempts = ?, updated = ?
			WHERE id = ?`, j.Status, holder, formatTime(leaseUntil), j.Attempts, n, j.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return j, nil
}

// heldUpdate runs an UPDATE of job id guarded by its holder and answers
// jobs.ErrLeaseLost when the holder no longer holds it.
func (db *DB) heldUpdate(ctx context.Context, set string, id int64, holder string, args ...any) error {
	return db.write(ctx, func(t *tx) error {
		args = append(args, formatTime(db.timestamp()), id, holder, jobs.StatusRunning)
		res, err := t.exec(ctx, `UPDATE jobs SET `+set+`, updated = ? WHERE id = ? AND holder = ? AND status = ?`, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return jobs.ErrLeaseLost
		}
		return nil
	})
}

// RenewLease moves holder's lease on job id to leaseUntil.
func (db *DB) RenewLease(ctx context.Context, id int64, holder string, leaseUntil time.Time) (err error) {
	defer wrap(&err, "sqldb.RenewLease")
	return db.heldUpdate(ctx, `lease_until = ?`, id, holder, formatTime(leaseUntil))
}

// JobProgress records how far job id has come.
func (db *DB) JobProgress(ctx context.Context, id int64, holder string, done, total int, message string) (err error) {
	defer wrap(&err, "sqldb.JobProgress")
	return db.heldUpdate(ctx, `done_count = ?, total_count = ?, message = ?`, id, holder, done, total, message)
}

// FinishJob ends job id. A periodic task goes back in the queue at next,
// whatever the outcome; its last error stays readable until the next run.
func (db *DB) FinishJob(ctx context.Context, id int64, holder, status, result, errText string, next time.Time) (err error) {
	defer wrap(&err, "sqldb.FinishJob")
	now := formatTime(db.timestamp())
	if !next.IsZero() {
		return db.heldUpdate(ctx, `status = ?, run_at = ?, holder = '', lease_until = '', attempts = 0, result = ?,
			error = ?, finished = ?`, id, holder, jobs.StatusQueued, formatTime(next), result, errText, now)
	}
	return db.heldUpdate(ctx, `status = ?, holder = '', lease_until = '', result = ?, error = ?, finished = ?`,
		id, holder, status, result, errText, now)
}

// ReleaseJob gives job id back, due at once.
func (db *DB) ReleaseJob(ctx context.Context, id int64, holder string) (err error) {
	defer wrap(&err, "sqldb.ReleaseJob")
	return db.heldUpdate(ctx, `status = ?, holder = '', lease_until = '', run_at = ?`, id, holder,
		jobs.StatusQueued, formatTime(db.timestamp()))
}

// EnqueueJob inserts a one-off job, due at once.
func (db *DB) EnqueueJob(ctx context.Context, j *jobs.Job) (err error) {
	defer wrap(&err, "sqldb.EnqueueJob")
	if j.Kind == "" {
		return fmt.Errorf("job without kind")
	}
	now := db.timestamp()
	var user any
	if j.UserID != 0 {
		user = j.UserID
	}
	return db.write(ctx, func(t *tx) error {
		j.Status, j.Created, j.Updated, j.RunAt = jobs.StatusQueued, now, now, now
		return t.queryRow(ctx, `INSERT INTO jobs (kind, status, run_at, user_id, network, input, total_count, message,
			created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			j.Kind, j.Status, formatTime(now), user, j.Network, j.Input, j.Total, j.Message,
			formatTime(now), formatTime(now)).Scan(&j.ID)
	})
}

// JobByID returns job id.
func (db *DB) JobByID(ctx context.Context, id int64) (_ *jobs.Job, err error) {
	defer wrap(&err, "sqldb.JobByID")
	var j *jobs.Job
	err = db.read(ctx, func(t *tx) error {
		var err error
		j, err = scanJob(t.queryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = ?`, id))
		if notFound(err) {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Jobbet finns inte.")
		}
		return err
	})
	return j, err
}

var _ jobs.FileStore = (*DB)(nil)

// jobFileTTL is how long the file of a finished job is kept: long enough
// to come back for it the same day, short enough that exports of personal
// data do not pile up in the database.
const jobFileTTL = 24 * time.Hour

// SaveJobFile stores the file of job id while holder holds it, and purges
// the files older than a day. Like the job rows it is bookkeeping, not a
// change to the register: no audit row, no new data version.
func (db *DB) SaveJobFile(ctx context.Context, id int64, holder string, f *jobs.File) (err error) {
	defer wrap(&err, "sqldb.SaveJobFile")
	now := db.timestamp()
	return db.write(ctx, func(t *tx) error {
		// The lease is checked in the same transaction as the insert, so a
		// runner that lost the job cannot leave a file beside the new
		// holder's (the row lock on PostgreSQL, the write lock on SQLite).
		var held int
		lock := ""
		if t.dialect == Postgres {
			lock = " FOR UPDATE"
		}
		err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT id FROM jobs WHERE id = ? AND holder = ? AND status = ?`+lock+`) h`,
			id, holder, jobs.StatusRunning).Scan(&held)
		if err != nil {
			return err
		}
		if held == 0 {
			return jobs.ErrLeaseLost
		}
		if _, err := t.exec(ctx, `DELETE FROM job_files WHERE created < ? OR job_id = ?`, formatTime(now.Add(-jobFileTTL)), id); err != nil {
			return err
		}
		f.Created = now
		_, err = t.exec(ctx, `INSERT INTO job_files (job_id, filename, content_type, content, created) VALUES (?, ?, ?, ?, ?)`,
			id, f.Name, f.ContentType, f.Content, formatTime(now))
		return err
	})
}

// JobFile returns the file job id left; ENOTFOUND when it has none or it
// was purged.
func (db *DB) JobFile(ctx context.Context, id int64) (_ *jobs.File, err error) {
	defer wrap(&err, "sqldb.JobFile")
	f := &jobs.File{}
	var created string
	err = db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT filename, content_type, content, created FROM job_files WHERE job_id = ?`, id).
			Scan(&f.Name, &f.ContentType, &f.Content, &created)
	})
	if notFound(err) {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Filen finns inte längre. Starta exporten igen.")
	} else if err != nil {
		return nil, err
	}
	if f.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	if db.now().Sub(f.Created) > jobFileTTL {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Filen finns inte längre. Starta exporten igen.")
	}
	return f, nil
}
