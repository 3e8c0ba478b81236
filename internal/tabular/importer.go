package tabular

import (
	"context"
	"log/slog"
	"time"

	"github.com/samverkan/samverkan"
)

// Importer is the import the web pages, the API and the command line
// share: read the file once, plan it against the network, and apply the
// plan in one transaction when it has no errors and is no dry run.
type Importer struct {
	store   samverkan.Store
	planner *Planner
	limiter *Limiter
	log     *slog.Logger
}

// NewImporter returns an importer over store that takes its turn in
// Imports; build it once and reuse it. log may be nil.
func NewImporter(store samverkan.Store, cat *samverkan.Catalog, log *slog.Logger) *Importer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Importer{store: store, planner: NewPlanner(store, cat), limiter: Imports, log: log}
}

// Request is one import.
type Request struct {
	Network  string // slug
	Data     []byte // the file, XLSX or CSV
	Filename string // for the log
	DryRun   bool
	// Override is the mapping step's choice: column index → field ("" to
	// ignore the column).
	Override map[int]Field
	// Map is a mapping by column name (the command line's --map).
	Map ColumnMap
	// Progress, when set, is called every ProgressEvery rows and at the end.
	Progress func(read, validated, total int)
}

// Import reads req.Data, plans it and, unless it is a dry run or a row
// has an error, applies the plan. A file that cannot be read, or a write
// that fails, is an error; row errors are not: they are in the plan, and
// the result is nil. A busy server answers ErrBusy at once.
func (im *Importer) Import(ctx context.Context, req Request) (*Plan, *Result, error) {
	release, err := im.limiter.Acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	start := time.Now()
	t, err := Read(req.Data)
	im.log.DebugContext(ctx, "import file read", "network", req.Network, "file", req.Filename, "bytes", len(req.Data),
		"rows", rowCount(t), "duration", time.Since(start), "error", err)
	if err != nil {
		return nil, nil, err
	}
	p, err := im.planner.Plan(ctx, t, Options{Network: req.Network, Override: req.Override, Map: req.Map, Progress: req.Progress, consume: true})
	if err != nil {
		return nil, nil, err
	}
	if req.DryRun || !p.OK() {
		return p, nil, nil
	}
	res, err := Apply(ctx, im.store, p)
	if err != nil {
		return p, nil, err
	}
	im.log.InfoContext(ctx, "import applied", "network", req.Network, "file", req.Filename, "created", res.Created,
		"updated", res.Updated, "unchanged", res.Unchanged, "duration", time.Since(start))
	return p, &res, nil
}

func rowCount(t *Table) int {
	if t == nil {
		return 0
	}
	return len(t.Rows)
}

// MaxConcurrentImports is how many imports one process runs at once.
// Each may cost up to about 150 MB while it reads and plans.
const MaxConcurrentImports = 2

// RetryAfter is what a busy server asks a client to wait.
const RetryAfter = 10 * time.Second

// ErrBusy is the answer when every import slot stays taken.
var ErrBusy = &samverkan.Error{Code: samverkan.ETHROTTLED,
	Message: "Servern läser redan in andra filer. Vänta en stund och försök igen."}

// Limiter bounds how many imports run at once.
type Limiter struct {
	slots chan struct{}
	wait  time.Duration
}

// NewLimiter returns a limiter of n slots; Acquire waits up to wait for
// one.
func NewLimiter(n int, wait time.Duration) *Limiter {
	return &Limiter{slots: make(chan struct{}, n), wait: wait}
}

// Imports is the limiter every Importer in the process shares, whether
// the import comes from the web pages, the API or the command line.
var Imports = NewLimiter(MaxConcurrentImports, time.Second)

// Acquire takes a slot, waiting a moment for one; it answers ErrBusy when
// none frees up. Call release when the import is done.
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-l.slots }
	select {
	case l.slots <- struct{}{}:
		return release, nil
	default:
	}
	timer := time.NewTimer(l.wait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return release, nil
	case <-timer.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
