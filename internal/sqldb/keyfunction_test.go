package sqldb_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// A municipality's key functions: empty until saved, versioned, audited,
// an unchanged entry keeps its date, bad figures are refused.
func TestKeyFunctionStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "test")
		const gnosjo = "0617"
		k, err := db.KeyFunctionsOf(ctx, gnosjo)
		mustOK(t, "KeyFunctionsOf", err)
		if k.Version != 0 || len(k.Entries) != 0 {
			t.Fatalf("empty register = %+v", k)
		}
		k.Entries = []samverkan.KeyFunctionEntry{
			{Function: "miljoinspektor", FTE: ptr(1.0), SinglePerson: ptr(true), Difficulty: ptr(4)},
			{Function: "kommunjurist", Vacancies: ptr(1)},
			{Function: "arkivarie"}, // nothing given: dropped
		}
		mustOK(t, "create", db.SaveKeyFunctions(ctx, k))
		got, err := db.KeyFunctionsOf(ctx, gnosjo)
		mustOK(t, "read", err)
		if got.Version != 1 || len(got.Entries) != 2 || got.Entries[0].Function != "kommunjurist" || got.Entries[1].Updated.IsZero() ||
			*got.Entries[1].Difficulty != 4 || got.Entries[0].FTE != nil {
			t.Fatalf("read back %+v", got)
		}
		stale := *got
		stale.Version = 0
		wantCode(t, "stale", db.SaveKeyFunctions(ctx, &stale), samverkan.ESTALE)
		bad := *got
		bad.Entries = []samverkan.KeyFunctionEntry{{Function: "astronaut", FTE: ptr(1.0)}, {Function: "kommunjurist", Difficulty: ptr(9)}}
		wantCode(t, "bad", db.SaveKeyFunctions(ctx, &bad), samverkan.EINVALID)
		got.Entries[0].Vacancies = ptr(0)
		mustOK(t, "update", db.SaveKeyFunctions(ctx, got))
		if got.Version != 2 {
			t.Errorf("version %d", got.Version)
		}
		in, err := db.KeyFunctionsIn(ctx, []string{gnosjo, "0662"})
		mustOK(t, "KeyFunctionsIn", err)
		if len(in) != 1 || in[gnosjo].Version != 2 {
			t.Errorf("KeyFunctionsIn = %+v", in)
		}
		evs, err := db.AuditEvents(ctx, samverkan.AuditEntityKeyFunctions, gnosjo)
		mustOK(t, "AuditEvents", err)
		if len(evs) != 2 {
			t.Errorf("%d audit events, want 2", len(evs))
		}
	})
}
