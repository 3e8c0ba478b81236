package jobs_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// databases runs f on two handles on one SQLite file and, when
// SAMVERKAN_TEST_POSTGRES is set, on one PostgreSQL schema: two instances.
func databases(t *testing.T, f func(t *testing.T, a, b *sqldb.DB)) {
	t.Run("sqlite", func(t *testing.T) { a, b := sqldbtest.NewShared(t, false); f(t, a, b) })
	if sqldbtest.PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) { a, b := sqldbtest.NewShared(t, true); f(t, a, b) })
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A periodic task that both instances find due runs once.
func TestPeriodicTaskRunsOnceOnTwoInstances(t *testing.T) {
	databases(t, func(t *testing.T, a, b *sqldb.DB) {
		var runs atomic.Int32
		task := []jobs.Task{{Name: "t", Period: time.Hour, Run: func(ctx context.Context) error {
			runs.Add(1)
			time.Sleep(50 * time.Millisecond) // both instances ask while it runs
			return nil
		}}}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ra := jobs.NewRunner(a, task, nil, jobs.Options{Holder: "a", Poll: 5 * time.Millisecond})
		rb := jobs.NewRunner(b, task, nil, jobs.Options{Holder: "b", Poll: 5 * time.Millisecond})
		for _, r := range []*jobs.Runner{ra, rb} {
			if err := r.Start(ctx); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, "the task to run", func() bool { return runs.Load() >= 1 })
		time.Sleep(300 * time.Millisecond)
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		ra.Shutdown(sctx)
		rb.Shutdown(sctx)
		if n := runs.Load(); n != 1 {
			t.Fatalf("task ran %d times, want 1", n)
		}
	})
}

// An instance that dies in the middle of a job keeps its lease (it cannot
// release it); after the lease runs out the other instance runs the job to
// the end, and the dead one's late writes are refused.
func TestJobOfDeadInstanceIsFinishedByAnother(t *testing.T) {
	databases(t, func(t *testing.T, a, b *sqldb.DB) {
		started := make(chan string, 2)
		var mu sync.Mutex
		var finishedBy []string
		handler := func(holder string) jobs.Handler {
			return func(ctx context.Context, j *jobs.Job, p jobs.Progress) (string, error) {
				started <- holder
				for i := 1; i <= 5; i++ {
					select {
					case <-ctx.Done():
						return "", ctx.Err()
					case <-time.After(40 * time.Millisecond):
					}
					if err := p(i, 5, "steg"); err != nil {
						return "", err
					}
				}
				mu.Lock()
				finishedBy = append(finishedBy, holder)
				mu.Unlock()
				return "klart", nil
			}
		}
		const lease = 400 * time.Millisecond
		ctxA, killA := context.WithCancel(context.Background())
		ra := jobs.NewRunner(a, nil, map[string]jobs.Handler{"work": handler("a")},
			jobs.Options{Holder: "a", Lease: lease, Poll: 10 * time.Millisecond})
		if err := ra.Start(ctxA); err != nil {
			t.Fatal(err)
		}
		j := &jobs.Job{Kind: "work", Total: 5}
		if err := ra.Enqueue(context.Background(), j); err != nil {
			t.Fatal(err)
		}
		if h := <-started; h != "a" {
			t.Fatalf("started by %s", h)
		}
		// Instance b is up but cannot take the job while a's lease holds.
		ctxB, stopB := context.WithCancel(context.Background())
		defer stopB()
		rb := jobs.NewRunner(b, nil, map[string]jobs.Handler{"work": handler("b")},
			jobs.Options{Holder: "b", Lease: lease, Poll: 10 * time.Millisecond})
		if err := rb.Start(ctxB); err != nil {
			t.Fatal(err)
		}
		time.Sleep(60 * time.Millisecond)
		killA() // a dies: no release
		got, err := b.JobByID(context.Background(), j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Holder != "a" || got.Status != jobs.StatusRunning {
			t.Fatalf("after a died: holder %q status %q, want a's lease kept", got.Holder, got.Status)
		}
		select {
		case h := <-started:
			if h != "b" {
				t.Fatalf("restarted by %s", h)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("b never took the job up")
		}
		waitFor(t, "the job to end", func() bool {
			got, err = b.JobByID(context.Background(), j.ID)
			return err == nil && got.Ended()
		})
		if got.Status != jobs.StatusDone || got.Result != "klart" || got.Attempts != 2 || got.Percent() != 100 {
			t.Fatalf("job = %+v", got)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(finishedBy) != 1 || finishedBy[0] != "b" {
			t.Fatalf("finished by %v, want b alone", finishedBy)
		}
		// a's late write is refused.
		if err := a.JobProgress(context.Background(), j.ID, "a", 1, 5, ""); !errors.Is(err, jobs.ErrLeaseLost) {
			t.Fatalf("late progress from a: %v", err)
		}
	})
}

// Shutdown cancels a running job and gives it back at once: the other
// instance takes it without waiting for the lease.
func TestShutdownReleasesLease(t *testing.T) {
	databases(t, func(t *testing.T, a, b *sqldb.DB) {
		started := make(chan string, 2)
		h := func(holder string) jobs.Handler {
			return func(ctx context.Context, j *jobs.Job, p jobs.Progress) (string, error) {
				started <- holder
				if holder == "a" {
					<-ctx.Done()
					return "", ctx.Err()
				}
				return "ok", nil
			}
		}
		ra := jobs.NewRunner(a, nil, map[string]jobs.Handler{"w": h("a")}, jobs.Options{Holder: "a", Lease: time.Hour, Poll: 10 * time.Millisecond})
		if err := ra.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		j := &jobs.Job{Kind: "w"}
		if err := ra.Enqueue(context.Background(), j); err != nil {
			t.Fatal(err)
		}
		<-started
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := ra.Shutdown(sctx); err != nil {
			t.Fatal(err)
		}
		got, _ := b.JobByID(context.Background(), j.ID)
		if got.Status != jobs.StatusQueued || got.Holder != "" {
			t.Fatalf("after shutdown: %+v", got)
		}
		rb := jobs.NewRunner(b, nil, map[string]jobs.Handler{"w": h("b")}, jobs.Options{Holder: "b", Lease: time.Hour, Poll: 10 * time.Millisecond})
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		if err := rb.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if h := <-started; h != "b" {
			t.Fatal(h)
		}
		waitFor(t, "b to finish", func() bool { got, _ = b.JobByID(ctx, j.ID); return got.Ended() })
		if got.Status != jobs.StatusDone {
			t.Fatalf("%+v", got)
		}
	})
}

// The file a job leaves is written only by the instance that holds the
// job, replaced when the job runs again, read by anyone who asks with the
// job's id (the web checks who may), and gone a day after it was written.
func TestJobFileKeptForHolder(t *testing.T) {
	databases(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		j := &jobs.Job{Kind: "export", Network: "ggvv"}
		if err := a.EnqueueJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		if _, err := a.JobFile(ctx, j.ID); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
			t.Fatalf("file before the job ran: %v, want not found", err)
		}
		now := time.Now()
		if got, err := a.ClaimJob(ctx, "a", []string{"export"}, now, now.Add(time.Minute)); err != nil || got == nil || got.ID != j.ID {
			t.Fatalf("claim: %+v %v", got, err)
		}
		f := &jobs.File{Name: "samverkan-ggvv.csv", ContentType: "text/csv; charset=utf-8", Content: []byte("a;b\n1;2\n")}
		if err := b.SaveJobFile(ctx, j.ID, "b", f); !errors.Is(err, jobs.ErrLeaseLost) {
			t.Fatalf("save by an instance that does not hold the job: %v, want ErrLeaseLost", err)
		}
		if err := a.SaveJobFile(ctx, j.ID, "a", f); err != nil {
			t.Fatal(err)
		}
		second := &jobs.File{Name: "samverkan-ggvv.csv", ContentType: "text/csv; charset=utf-8", Content: []byte("a;b\n3;4\n")}
		if err := a.SaveJobFile(ctx, j.ID, "a", second); err != nil {
			t.Fatalf("saving again replaces: %v", err)
		}
		got, err := b.JobFile(ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != second.Name || got.ContentType != second.ContentType || string(got.Content) != string(second.Content) {
			t.Fatalf("file = %q %q %q, want the second one", got.Name, got.ContentType, got.Content)
		}
		if err := a.FinishJob(ctx, j.ID, "a", jobs.StatusDone, "/jobb/1/fil", "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := a.SaveJobFile(ctx, j.ID, "a", f); !errors.Is(err, jobs.ErrLeaseLost) {
			t.Fatalf("save after the job ended: %v, want ErrLeaseLost", err)
		}
		b.SetClock(func() time.Time { return now.Add(25 * time.Hour) })
		if _, err := b.JobFile(ctx, j.ID); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
			t.Fatalf("file a day later: %v, want not found", err)
		}
	})
}
