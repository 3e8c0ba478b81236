package sqldb

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

func openSQLiteForTest(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

const codesQuery = `SELECT code FROM municipalities ORDER BY code`

func readCodes(ctx context.Context, t *tx, each func(code string) error) error {
	return eachRow(ctx, t, codesQuery, nil, func(s scanner) error {
		var c string
		if err := s.Scan(&c); err != nil {
			return err
		}
		return each(c)
	})
}

// A kept statement runs one query at a time: the same query read again
// while its rows are open (a page reading a list inside a loop over the
// same list) must not reset the outer rows.
func TestStmtCacheNestedSameQuery(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteForTest(t)
	var want []string
	if err := db.read(ctx, func(t *tx) error {
		return readCodes(ctx, t, func(c string) error { want = append(want, c); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if len(want) != 290 {
		t.Fatalf("read %d municipalities, want 290", len(want))
	}
	if db.stmts.m[codesQuery] == nil {
		t.Fatalf("the query was not kept prepared")
	}
	var outer []string
	inner := 0
	err := db.read(ctx, func(t *tx) error {
		return readCodes(ctx, t, func(c string) error {
			outer = append(outer, c)
			if len(outer) > 2*290 { // reset rows start over
				return fmt.Errorf("the outer rows never end")
			}
			if len(outer) <= 3 { // the same query, nested, twice deep
				return readCodes(ctx, t, func(string) error {
					inner++
					if inner%290 == 1 {
						return readCodes(ctx, t, func(string) error { return nil })
					}
					return nil
				})
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(outer, want) {
		t.Errorf("outer rows: %d read, first %v; want all 290 in order", len(outer), outer[:min(5, len(outer))])
	}
	if inner != 3*290 {
		t.Errorf("inner rows: %d, want %d", inner, 3*290)
	}
	// After the nesting the kept statement is free again.
	var taken map[string]bool
	n := 0
	if err := db.read(ctx, func(x *tx) error {
		err := readCodes(ctx, x, func(string) error { n++; return nil })
		taken = x.open
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(taken) != 0 || n != 290 {
		t.Errorf("after the nesting: read %d (want 290), statements still taken %v", n, taken)
	}
}

// The cache keeps at most size statements, evicting the oldest, and the
// evicted ones still answer correctly when asked for again; queries with
// a placeholder per list value are not kept.
func TestStmtCacheBounded(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteForTest(t)
	db.stmts.size = 4
	for round := 0; round < 2; round++ {
		for i := 0; i < 10; i++ {
			q := `SELECT ` + strconv.Itoa(i) + ` + COUNT(*) FROM municipalities WHERE code > ?`
			var n int
			if err := db.read(ctx, func(t *tx) error { return t.queryRow(ctx, q, "0").Scan(&n) }); err != nil {
				t.Fatal(err)
			}
			if n != 290+i {
				t.Fatalf("round %d query %d = %d, want %d", round, i, n, 290+i)
			}
		}
	}
	if len(db.stmts.m) != 4 || len(db.stmts.order) != 4 {
		t.Errorf("kept %d statements (order %d), want 4", len(db.stmts.m), len(db.stmts.order))
	}
	long := `SELECT COUNT(*) FROM municipalities WHERE code IN (` + placeholders(stmtCacheMaxArgs+1) + `)`
	args := make([]any, stmtCacheMaxArgs+1)
	for i := range args {
		args[i] = "0180"
	}
	var n int
	if err := db.read(ctx, func(t *tx) error { return t.queryRow(ctx, long, args...).Scan(&n) }); err != nil {
		t.Fatal(err)
	}
	if n != 1 || db.stmts.m[long] != nil {
		t.Errorf("long IN list: count %d (want 1), kept %v (want not)", n, db.stmts.m[long] != nil)
	}
}

// idsIn pads a list to a power of two by repeating its last id: the rows
// selected are those of the ids themselves, and lists of lengths in one
// bucket share one query text (so one kept statement).
func TestIdsIn(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteForTest(t)
	texts := map[string]bool{}
	for n := 1; n <= 40; n++ {
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = int64(3*i + 1) // rowids of municipalities, in order
		}
		in, args := idsIn(ids)
		texts[in] = true
		var got []int64
		err := db.read(ctx, func(x *tx) error {
			return eachRow(ctx, x, `SELECT rowid FROM municipalities WHERE rowid IN `+in+` ORDER BY rowid`, args, func(s scanner) error {
				var id int64
				err := s.Scan(&id)
				got = append(got, id)
				return err
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("n=%d: rows %v, want %v", n, got, ids)
		}
		if len(args) < n || len(args)&(len(args)-1) != 0 || len(args) < 8 {
			t.Errorf("n=%d: %d arguments, want a power of two ≥ max(n, 8)", n, len(args))
		}
	}
	if len(texts) != 4 { // 8, 16, 32, 64
		t.Errorf("%d query texts for lengths 1–40, want 4", len(texts))
	}
	if in, args := idsIn(nil); in != "(NULL)" || len(args) != 0 {
		t.Errorf("idsIn(nil) = %q, %v", in, args)
	}
}
