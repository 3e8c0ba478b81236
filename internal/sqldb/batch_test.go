package sqldb_test

import (
	"context"
	"errors"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func TestBatch(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name       string
		fn         func(t *testing.T, ctx context.Context, s samverkan.Store) error
		wantErr    bool
		wantWrites int // collaborations committed
	}{
		{"commit", func(t *testing.T, ctx context.Context, s samverkan.Store) error {
			sqldbtest.MustCreateNetwork(t, s, sqldbtest.Network("ny", malmo, goteborg))
			c := sqldbtest.Collaboration("Ett", malmo, goteborg)
			c.Networks = []string{"ny"} // sees the network written in the same batch
			return s.CreateCollaboration(ctx, c)
		}, false, 1},
		{"error rolls back everything", func(t *testing.T, ctx context.Context, s samverkan.Store) error {
			sqldbtest.MustCreateNetwork(t, s, sqldbtest.Network("ny", malmo, goteborg))
			if err := s.CreateCollaboration(ctx, sqldbtest.Collaboration("Ett", malmo, goteborg)); err != nil {
				return err
			}
			return errBoom
		}, true, 0},
		{"invalid record rolls back", func(t *testing.T, ctx context.Context, s samverkan.Store) error {
			if err := s.CreateCollaboration(ctx, sqldbtest.Collaboration("Ett", malmo, goteborg)); err != nil {
				return err
			}
			return s.CreateCollaboration(ctx, sqldbtest.Collaboration("", malmo, goteborg))
		}, true, 0},
		{"nested batch joins", func(t *testing.T, ctx context.Context, s samverkan.Store) error {
			if err := s.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
				return s.CreateCollaboration(ctx, sqldbtest.Collaboration("Inre", malmo, goteborg))
			}); err != nil {
				return err
			}
			return errBoom // the inner batch's write goes too
		}, true, 0},
		{"a failed nested batch undoes only its own writes", func(t *testing.T, ctx context.Context, s samverkan.Store) error {
			if err := s.CreateCollaboration(ctx, sqldbtest.Collaboration("Yttre", malmo, goteborg)); err != nil {
				return err
			}
			err := s.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
				if err := s.CreateCollaboration(ctx, sqldbtest.Collaboration("Inre", malmo, goteborg)); err != nil {
					return err
				}
				return errBoom
			})
			if !errors.Is(err, errBoom) {
				return errors.New("nested batch error lost")
			}
			return nil
		}, false, 1},
		{"a failed write inside does not poison the batch", func(t *testing.T, ctx context.Context, s samverkan.Store) error {
			sqldbtest.MustCreateNetwork(t, s, sqldbtest.Network("ny", malmo, goteborg))
			if err := s.CreateNetwork(ctx, sqldbtest.Network("ny", malmo, goteborg)); samverkan.ErrorCode(err) != samverkan.ECONFLICT {
				return errors.New("duplicate network not refused")
			}
			return s.CreateCollaboration(ctx, sqldbtest.Collaboration("Efter", malmo, goteborg))
		}, false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, db *sqldb.DB) {
				ctx := context.Background()
				before := countAll(t, db)
				err := db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error { return tc.fn(t, ctx, s) })
				if (err != nil) != tc.wantErr {
					t.Fatalf("Batch() error = %v, want error %v", err, tc.wantErr)
				}
				after := countAll(t, db)
				if got := after.collaborations - before.collaborations; got != tc.wantWrites {
					t.Errorf("collaborations written = %d, want %d", got, tc.wantWrites)
				}
				if tc.wantErr && after != before {
					t.Errorf("after failed batch counts = %+v, want %+v", after, before)
				}
				if !tc.wantErr && after.version == before.version {
					t.Errorf("DataVersion unchanged after committed batch")
				}
			})
		})
	}
}

// TestBatchReadsOwnWrites: reads through the bound store see the batch's
// uncommitted writes; updates with versions work inside too.
func TestBatchReadsOwnWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		var id int64
		err := db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
			c := sqldbtest.MustCreateCollaboration(t, s, sqldbtest.Collaboration("Ny", malmo, goteborg))
			id = c.ID
			got, err := s.CollaborationByID(ctx, c.ID)
			if err != nil {
				return err
			}
			got.Title = "Ändrad i batch"
			if err := s.UpdateCollaboration(ctx, got); err != nil {
				return err
			}
			_, total, err := s.FindCollaborations(ctx, samverkan.CollaborationFilter{Query: "ändrad"})
			if err != nil || total != 1 {
				t.Errorf("FindCollaborations in batch = %d, %v; want 1", total, err)
			}
			return nil
		})
		mustOK(t, "Batch", err)
		if got := mustGet(t, db, id); got.Title != "Ändrad i batch" || got.Version != 2 {
			t.Errorf("after batch = %q v%d", got.Title, got.Version)
		}
	})
}

// TestBatchAllOrNothing: its writes run without a savepoint each, so the
// first failed write fails the whole batch, even when fn goes on and
// returns nil, and every later write refuses; nothing commits.
func TestBatchAllOrNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		before := countAll(t, db)
		err := db.BatchAllOrNothing(ctx, func(ctx context.Context, s samverkan.Store) error {
			if err := s.CreateCollaboration(ctx, sqldbtest.Collaboration("Före", malmo, goteborg)); err != nil {
				return err
			}
			sqldbtest.MustCreateNetwork(t, s, sqldbtest.Network("ny", malmo, goteborg))
			if err := s.CreateNetwork(ctx, sqldbtest.Network("ny", malmo, goteborg)); samverkan.ErrorCode(err) != samverkan.ECONFLICT {
				t.Errorf("duplicate network: %v, want a conflict", err)
			}
			if err := s.CreateCollaboration(ctx, sqldbtest.Collaboration("Efter", malmo, goteborg)); err == nil {
				t.Error("a write after the failed one succeeded")
			}
			return nil // the failure is swallowed; the batch must fail anyway
		})
		if samverkan.ErrorCode(err) != samverkan.ECONFLICT {
			t.Errorf("BatchAllOrNothing = %v, want the conflict", err)
		}
		if after := countAll(t, db); after != before {
			t.Errorf("after the failed batch counts = %+v, want %+v", after, before)
		}
		err = db.BatchAllOrNothing(ctx, func(ctx context.Context, s samverkan.Store) error {
			c := sqldbtest.MustCreateCollaboration(t, s, sqldbtest.Collaboration("Ny", malmo, goteborg))
			c.Title = "Ändrad"
			return s.UpdateCollaboration(ctx, c)
		})
		mustOK(t, "BatchAllOrNothing", err)
		if after := countAll(t, db); after.collaborations != before.collaborations+1 || after.version == before.version {
			t.Errorf("after the clean batch counts = %+v, before %+v", after, before)
		}
	})
}
