// Package jobs runs Samverkan's background work: a declared list of
// periodic tasks (the reminder digest, clean-ups) and one-off jobs that
// take longer than a request should (large imports and exports), on one
// instance or many behind a load balancer.
//
// Every piece of work is a row in the store's jobs table. A runner claims a
// row by writing itself as holder with a lease (on PostgreSQL with
// SELECT … FOR UPDATE SKIP LOCKED, so two instances never claim the same
// row; SQLite has one writer anyway), renews the lease while it works, and
// writes the outcome only while it still holds it. An instance that dies
// stops renewing; once the lease has run out another instance claims the
// row and does the work again, so handlers must be safe to run twice (an
// import is one transaction, the digest keeps a sent-log).
//
// Periodic tasks are declared like goatcounter's cron list:
//
//	tasks := []jobs.Task{
//		{Name: "paminnelser", Period: time.Hour, Run: digest.Run},
//	}
//	r := jobs.NewRunner(store, tasks, handlers, jobs.Options{Logger: log})
//	r.Start(ctx)           // ctx ending is a crash: leases are kept
//	defer r.Shutdown(sctx) // graceful: running work is cancelled and its leases released
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/samverkan/samverkan"
)

// Statuses of a job row.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Job is one row of the jobs table.
type Job struct {
	ID       int64
	Kind     string // the handler that runs it; for a periodic task its name
	Task     string // the periodic task's name; "" for a one-off job
	Periodic bool
	Status   string
	RunAt    time.Time
	Holder   string
	Lease    time.Time
	Attempts int
	UserID   int64  // who started a one-off job; 0 for none
	Network  string // the network a one-off job works on
	Input    []byte
	Done     int
	Total    int
	Message  string
	Result   string // what a finished job leaves for its page, e.g. a link
	Error    string
	Created  time.Time
	Updated  time.Time
	Finished time.Time
}

// Percent is the progress in whole percent, or -1 while the size is unknown.
func (j *Job) Percent() int {
	if j.Total <= 0 {
		return -1
	}
	return min(100, j.Done*100/j.Total)
}

// Finished reports whether the job has ended, well or not.
func (j *Job) Ended() bool { return j.Status == StatusDone || j.Status == StatusFailed }

// ErrLeaseLost is returned when a runner writes to a job it no longer
// holds: its lease ran out and another instance claimed the job.
var ErrLeaseLost = errors.New("jobs: lease lost")

// Store is what the runner needs from the database (internal/sqldb).
type Store interface {
	// EnsureTask makes sure the periodic task has its row, first due at
	// first; an existing row keeps its schedule.
	EnsureTask(ctx context.Context, name string, first time.Time) error
	// ClaimJob claims the oldest job of one of kinds due at now (queued
	// with run_at <= now, or running with a lease that ran out before now)
	// for holder until leaseUntil, or returns nil when there is none.
	ClaimJob(ctx context.Context, holder string, kinds []string, now, leaseUntil time.Time) (*Job, error)
	// RenewLease moves the lease on; ErrLeaseLost if holder no longer holds it.
	RenewLease(ctx context.Context, id int64, holder string, leaseUntil time.Time) error
	// JobProgress records progress; ErrLeaseLost as RenewLease.
	JobProgress(ctx context.Context, id int64, holder string, done, total int, message string) error
	// FinishJob ends a one-off job as done or failed, or puts a periodic
	// task back in the queue at next; ErrLeaseLost as RenewLease.
	FinishJob(ctx context.Context, id int64, holder, status, result, errText string, next time.Time) error
	// ReleaseJob gives a job back unfinished (graceful shutdown): queued,
	// no holder, due at once.
	ReleaseJob(ctx context.Context, id int64, holder string) error
	// EnqueueJob inserts a one-off job, setting ID, Status and Created.
	EnqueueJob(ctx context.Context, j *Job) error
	// JobByID returns one job; ENOTFOUND when there is none.
	JobByID(ctx context.Context, id int64) (*Job, error)
}

// File is what a job leaves to download, such as a large export: kept
// with its job until whoever started the job has fetched it, for a day.
type File struct {
	Name        string // the file name offered to the browser
	ContentType string
	Content     []byte
	Created     time.Time
}

// Serve writes the file as a download. It may hold personal data (an
// export with contact persons), so no shared cache keeps it.
func (f *File) Serve(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(f.Content)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(f.Content)
}

// VisibleTo reports whether p may follow the job and fetch what it left:
// who started a one-off job, or an admin. Periodic tasks are nobody's.
func (j *Job) VisibleTo(p *samverkan.Principal) bool {
	return !j.Periodic && (j.UserID == p.User.ID || p.IsAdmin())
}

// Visible returns job id of st when p may follow it (VisibleTo). A job p
// may not see is ENOTFOUND like one that does not exist, so job numbers
// say nothing about others' work. The web's and the API's job routes ask
// here.
func Visible(ctx context.Context, st Store, id int64, p *samverkan.Principal) (*Job, error) {
	j, err := st.JobByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !j.VisibleTo(p) {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Jobbet finns inte.")
	}
	return j, nil
}

// FileStore keeps the files jobs leave (internal/sqldb).
type FileStore interface {
	// SaveJobFile stores job id's file while holder still holds the job
	// (ErrLeaseLost otherwise: the work went to another instance, which
	// writes its own). A job has one file; saving again replaces it.
	SaveJobFile(ctx context.Context, id int64, holder string, f *File) error
	// JobFile returns job id's file; ENOTFOUND when there is none (yet,
	// or any longer).
	JobFile(ctx context.Context, id int64) (*File, error)
}

// Task is one periodic task.
type Task struct {
	Name   string
	Period time.Duration
	Run    func(ctx context.Context) error
}

// Handler runs one one-off job of its kind, reporting progress through p.
// It returns the result text the job's page shows.
type Handler func(ctx context.Context, j *Job, p Progress) (result string, err error)

// Progress records how far a job has come.
type Progress func(done, total int, message string) error

// Options tune a Runner; zero values take the defaults.
type Options struct {
	Logger *slog.Logger
	// Holder names this instance in the jobs table; host name, process
	// id and a random part by default.
	Holder string
	// Lease is how long a claim holds without renewal (default 1 min); it
	// is renewed every third of it. A job whose instance died is taken up
	// again after at most this long.
	Lease time.Duration
	// Poll is how often the runner looks for due work (default 5 s).
	Poll time.Duration
	// Now is the clock (tests); time.Now by default.
	Now func() time.Time
}

// Runner claims and runs due work until stopped.
type Runner struct {
	store    Store
	tasks    map[string]Task
	handlers map[string]Handler
	kinds    []string // what this runner can run: task names and handler kinds
	o        Options

	mu      sync.Mutex
	running map[int64]context.CancelFunc // jobs this runner works on now
	wg      sync.WaitGroup               // the loop and the running jobs
	stop    context.CancelFunc           // ends the loop (Shutdown)
	release bool                         // Shutdown: give running jobs back
	wake    chan struct{}
}

// NewRunner returns a runner for the declared tasks and one-off handlers.
func NewRunner(store Store, tasks []Task, handlers map[string]Handler, o Options) *Runner {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Holder == "" {
		o.Holder = DefaultHolder()
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	r := &Runner{store: store, tasks: map[string]Task{}, handlers: map[string]Handler{}, o: o,
		running: map[int64]context.CancelFunc{}, wake: make(chan struct{}, 1)}
	for _, t := range tasks {
		if t.Period <= 0 {
			t.Period = time.Hour
		}
		r.tasks[t.Name] = t
	}
	for k, h := range handlers {
		r.handlers[k] = h
		r.kinds = append(r.kinds, k)
	}
	for _, t := range tasks {
		r.kinds = append(r.kinds, t.Name)
	}
	return r
}

// DefaultHolder names this process: host, pid and a random part, so two
// processes on one host (or one restarted with the same pid) differ.
func DefaultHolder() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Holder returns the name this runner claims work under.
func (r *Runner) Holder() string { return r.o.Holder }

// Start registers the tasks and runs the loop in the background until ctx
// ends or Shutdown is called. ctx ending is treated as the process dying:
// running jobs are cancelled but their leases are kept, to run out.
func (r *Runner) Start(ctx context.Context) error {
	now := r.o.Now()
	for _, t := range r.tasks {
		if err := r.store.EnsureTask(ctx, t.Name, now); err != nil {
			return fmt.Errorf("jobs: register %s: %w", t.Name, err)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	r.mu.Lock()
	r.stop = cancel
	r.mu.Unlock()
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		r.loop(ctx)
	}()
	return nil
}

// Wake asks the loop to look for work now, e.g. after a job was enqueued.
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Enqueue stores a one-off job and wakes the runner.
func (r *Runner) Enqueue(ctx context.Context, j *Job) error {
	if _, ok := r.handlers[j.Kind]; !ok {
		return fmt.Errorf("jobs: no handler for kind %q", j.Kind)
	}
	if err := r.store.EnqueueJob(ctx, j); err != nil {
		return err
	}
	r.Wake()
	return nil
}

// Shutdown stops claiming work, cancels what runs, waits for it to end (or
// for ctx) and gives each job back so another instance takes it up at once
// instead of after the lease.
func (r *Runner) Shutdown(ctx context.Context) error {
	r.mu.Lock()
	r.release = true
	stop := r.stop
	for _, cancel := range r.running {
		cancel()
	}
	r.mu.Unlock()
	if stop != nil {
		stop()
	}
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: shutdown: %w", ctx.Err())
	}
}

func (r *Runner) loop(ctx context.Context) {
	t := time.NewTicker(r.o.Poll)
	defer t.Stop()
	for {
		// Run everything due before sleeping again.
		for ctx.Err() == nil && r.RunDue(ctx) {
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.wake:
		}
	}
}

// RunDue claims one due job and starts it in the background; it reports
// whether it found one. The loop calls it; tests may too.
func (r *Runner) RunDue(ctx context.Context) bool {
	now := r.o.Now()
	j, err := r.store.ClaimJob(ctx, r.o.Holder, r.kinds, now, now.Add(r.o.Lease))
	if err != nil {
		if ctx.Err() == nil {
			r.o.Logger.ErrorContext(ctx, "jobs: claim", slog.Any("error", err))
		}
		return false
	}
	if j == nil {
		return false
	}
	jctx, cancel := context.WithCancel(ctx)
	r.mu.Lock()
	r.running[j.ID] = cancel
	r.mu.Unlock()
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer cancel()
		r.run(jctx, j)
		r.mu.Lock()
		delete(r.running, j.ID)
		r.mu.Unlock()
	}()
	return true
}

// run works on one claimed job, renewing its lease, and records the outcome.
func (r *Runner) run(ctx context.Context, j *Job) {
	log := r.o.Logger.With(slog.Int64("job", j.ID), slog.String("kind", j.Kind))
	// The lease is renewed beside the work; losing it stops the work.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(r.o.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := r.store.RenewLease(ctx, j.ID, r.o.Holder, r.o.Now().Add(r.o.Lease)); err != nil {
					if ctx.Err() == nil {
						cancel(err)
					}
					return
				}
			}
		}
	}()
	start := r.o.Now()
	result, err := r.work(ctx, j)
	cancel(nil)
	<-renewed
	// The outcome is written with a context of its own: the job's may be
	// cancelled by now.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer wcancel()
	r.mu.Lock()
	release := r.release
	r.mu.Unlock()
	switch {
	case context.Cause(ctx) != nil && errors.Is(context.Cause(ctx), ErrLeaseLost):
		log.WarnContext(wctx, "jobs: lease lost; another instance runs it")
	case err != nil && release:
		if rerr := r.store.ReleaseJob(wctx, j.ID, r.o.Holder); rerr != nil {
			log.ErrorContext(wctx, "jobs: release", slog.Any("error", rerr))
		} else {
			log.InfoContext(wctx, "jobs: released at shutdown")
		}
	case err != nil && errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// Cancelled without Shutdown: the process is going away without
		// its say-so. Leave the lease to run out, as a crash would.
	case err != nil:
		log.ErrorContext(wctx, "jobs: failed", slog.Any("error", err))
		r.finish(wctx, log, j, StatusFailed, result, err.Error())
	default:
		log.InfoContext(wctx, "jobs: done", slog.Duration("took", r.o.Now().Sub(start)))
		r.finish(wctx, log, j, StatusDone, result, "")
	}
}

func (r *Runner) finish(ctx context.Context, log *slog.Logger, j *Job, status, result, errText string) {
	var next time.Time
	if j.Periodic {
		next = r.o.Now().Add(r.tasks[j.Task].Period)
	}
	if err := r.store.FinishJob(ctx, j.ID, r.o.Holder, status, result, errText, next); err != nil {
		log.ErrorContext(ctx, "jobs: finish", slog.Any("error", err))
	}
}

func (r *Runner) work(ctx context.Context, j *Job) (result string, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("jobs: panic: %v", v)
		}
	}()
	if j.Periodic {
		t, ok := r.tasks[j.Task]
		if !ok {
			// Another version of the product declares it; not ours to run.
			return "", fmt.Errorf("jobs: unknown task %q", j.Task)
		}
		return "", t.Run(ctx)
	}
	h, ok := r.handlers[j.Kind]
	if !ok {
		return "", fmt.Errorf("jobs: no handler for kind %q", j.Kind)
	}
	return h(ctx, j, func(done, total int, message string) error {
		return r.store.JobProgress(ctx, j.ID, r.o.Holder, done, total, message)
	})
}
