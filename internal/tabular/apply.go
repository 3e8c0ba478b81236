package tabular

import (
	"context"
	"errors"
	"fmt"

	"github.com/samverkan/samverkan"
)

// Result counts what Apply wrote.
type Result struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// allOrNothing is a store whose batch can skip the savepoint a Batch
// puts around each write, so that a caller may go on after a failed one.
// An import stops at the first failed write and rolls back, so it needs
// none: on PostgreSQL they were two round trips per row.
type allOrNothing interface {
	BatchAllOrNothing(ctx context.Context, fn func(ctx context.Context, s samverkan.Store) error) error
}

// Apply writes a plan in one Store.Batch: every row or none. A plan with
// errors writes nothing. Unchanged rows are not written at all, so they
// get no new version and no audit row.
func Apply(ctx context.Context, s samverkan.Store, p *Plan) (Result, error) {
	var res Result
	if !p.OK() {
		return res, &samverkan.Error{Code: samverkan.EINVALID,
			Message: fmt.Sprintf("Filen har fel på %d rader. Ingenting har sparats; rätta raderna och försök igen.", p.Summary.Errors)}
	}
	batch := s.Batch
	if b, ok := s.(allOrNothing); ok {
		batch = b.BatchAllOrNothing
	}
	err := batch(ctx, func(ctx context.Context, s samverkan.Store) error {
		// New records go in together where the store can (one statement
		// per table instead of several per row); the rest row by row.
		bulk, _ := s.(samverkan.BulkCreator)
		var created []*samverkan.Collaboration
		var lines []int
		for _, r := range p.Rows {
			var err error
			switch {
			case r.Action == ActionCreate && bulk != nil:
				created, lines = append(created, r.record), append(lines, r.Line)
			case r.Action == ActionCreate:
				err = s.CreateCollaboration(ctx, r.record)
			case r.Action == ActionUpdate:
				err = s.UpdateCollaboration(ctx, r.record)
			}
			if err != nil {
				return rowWriteError(r.Line, err)
			}
		}
		if len(created) == 0 {
			return nil
		}
		if err := bulk.CreateCollaborations(ctx, created); err != nil {
			var be *samverkan.BulkError
			if errors.As(err, &be) && be.Index < len(lines) {
				return rowWriteError(lines[be.Index], be.Err)
			}
			return fmt.Errorf("import: %w", err)
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	res.Created, res.Updated, res.Unchanged = p.Summary.Create, p.Summary.Update, p.Summary.Unchanged
	return res, nil
}

// rowWriteError names the row a failed write came from, keeping the
// error's code; internal errors stay internal.
func rowWriteError(line int, err error) error {
	switch samverkan.ErrorCode(err) {
	case samverkan.ESTALE, samverkan.ECONFLICT:
		return &samverkan.Error{Code: samverkan.ECONFLICT,
			Message: fmt.Sprintf("Rad %d: samverkan har ändrats av någon annan sedan filen förhandsgranskades. Ingenting har sparats; läs in filen igen.", line)}
	case samverkan.EINVALID:
		return &samverkan.Error{Code: samverkan.EINVALID, Fields: samverkan.FieldErrors(err),
			Message: fmt.Sprintf("Rad %d: %s Ingenting har sparats.", line, samverkan.ErrorMessage(err))}
	}
	return fmt.Errorf("import row %d: %w", line, err)
}
