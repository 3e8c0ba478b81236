package samverkan

import (
	"context"
	"fmt"
)

// BulkCreator creates many collaborations in one statement per table
// instead of several per record: an import of 10 000 rows otherwise spends
// most of its time on round trips. Each record is validated, numbered,
// given its "skapad" event and audited exactly as CreateCollaboration
// does. Stores that can implement it next to Store.
type BulkCreator interface {
	CreateCollaborations(ctx context.Context, cs []*Collaboration) error
}

// BulkError says which record of a bulk write was refused.
type BulkError struct {
	Index int
	Err   error
}

func (e *BulkError) Error() string { return fmt.Sprintf("record %d: %v", e.Index, e.Err) }

// Unwrap returns the record's own error.
func (e *BulkError) Unwrap() error { return e.Err }
