package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan"
)

// maxParams keeps multi-row statements under SQLite's limit on bound
// parameters (32766) and PostgreSQL's (65535).
const maxParams = 30000

// insertRows inserts rows into table with as few statements as the
// parameter limit allows.
func insertRows(ctx context.Context, t *tx, table string, cols []string, rows [][]any) error {
	if t.conn != nil && len(rows) >= copyMinRows {
		return copyRows(ctx, t, table, cols, rows)
	}
	return insertRowsSuffix(ctx, t, table, cols, rows, "")
}

// copyMinRows is the number of rows from which insertRows uses COPY on
// PostgreSQL: below it one INSERT is as quick.
const copyMinRows = 64

// copyRows inserts rows with PostgreSQL's COPY through pgx, in the
// transaction t runs: one stream per table instead of one statement per
// few hundred rows, which the server must parse and plan with thousands
// of parameters each. A 10 000-row import wrote its collaborations in
// 1.5 s by multi-row INSERT and in 1.0 s by COPY; 0.7 s of that is the
// search column PostgreSQL computes for each row either way.
func copyRows(ctx context.Context, t *tx, table string, cols []string, rows [][]any) error {
	if err := readyToCopy(rows); err != nil {
		return err
	}
	return copyReady(ctx, t, table, cols, rows)
}

// readyToCopy checks the texts of rows and converts their driver values
// in place, as copyRows does before sending them; a bulk load does it
// while the chunk before is written (writeChunks).
func readyToCopy(rows [][]any) error {
	for _, r := range rows {
		if err := checkArgs(r); err != nil {
			return err
		}
		for i, v := range r {
			// pgx encodes driver.Valuer itself for most types, but a
			// Date's text must go as it is (the column is TEXT).
			if dv, ok := v.(driver.Valuer); ok {
				val, err := dv.Value()
				if err != nil {
					return err
				}
				r[i] = val
			}
		}
	}
	return nil
}

// copyReady sends rows that readyToCopy has made ready with COPY.
func copyReady(ctx context.Context, t *tx, table string, cols []string, rows [][]any) error {
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: driver connection %T is not pgx", table, dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}

// insertReady inserts rows that readyToCopy has made ready, as
// insertRows would: by COPY from copyMinRows on.
func insertReady(ctx context.Context, t *tx, table string, cols []string, rows [][]any) error {
	if t.conn != nil && len(rows) >= copyMinRows {
		return copyReady(ctx, t, table, cols, rows)
	}
	return insertRowsSuffix(ctx, t, table, cols, rows, "")
}

// insertRowsShared inserts rows into table as insertRows does, each row
// followed by the values shared, the same for every row (shared names
// their columns). SQLite gets the shared values once per statement
// instead of once per row, and so the values a column has in every row
// of a statement of many rows (an import's defaults: an empty triage, no
// end date, the one network): binding an argument is a conversion, a copy
// into C memory and a slot freed again, and most of what a bulk load
// bound was the same time stamp, actor, fixed word or default again.
// PostgreSQL copies the rows whole (copyRows).
func insertRowsShared(ctx context.Context, t *tx, table string, cols []string, rows [][]any, shared []string, values []any) error {
	if t.dialect != SQLite {
		full := rows
		if len(shared) > 0 {
			full = make([][]any, len(rows))
			for i, r := range rows {
				full[i] = append(r[:len(r):len(r)], values...)
			}
		}
		return insertRows(ctx, t, table, append(slices.Clone(cols), shared...), full)
	}
	per := max(1, (maxParams-len(values)-len(cols))/len(cols))
	for len(rows) > 0 {
		chunk := rows[:min(per, len(rows))]
		rows = rows[len(chunk):]
		if err := insertChunkShared(ctx, t, table, cols, chunk, shared, values); err != nil {
			return err
		}
	}
	return nil
}

// sameColumnMin is the number of rows from which a statement binds a
// column's value once when every row has it: below it the statement's
// shape would only vary more for little gain.
const sameColumnMin = 64

// insertChunkShared is one statement of insertRowsShared on SQLite:
//
//	INSERT INTO t (a, b, c, x) SELECT v.column1, s.column2, v.column2, s.column1
//	FROM (VALUES (x, b)) AS s CROSS JOIN (VALUES (a, c), (a, c), ...) AS v
//
// CROSS JOIN keeps the order SQLite runs the loops in: the one row of
// shared values outside, the rows inside in their order (the audit rows'
// ids follow it).
func insertChunkShared(ctx context.Context, t *tx, table string, cols []string, chunk [][]any, shared []string, values []any) error {
	same := make([]any, len(cols)) // a column's value in every row
	isSame := make([]bool, len(cols))
	varying := len(cols)
	if len(chunk) >= sameColumnMin {
		for j := range cols {
			if v, ok := columnValue(chunk, j); ok && varying > 1 {
				same[j], isSame[j] = v, true
				varying--
			}
		}
	}
	sargs := append([]any{}, values...)
	var sel strings.Builder
	nv := 0
	for j := range cols {
		if j > 0 {
			sel.WriteString(", ")
		}
		if isSame[j] {
			sargs = append(sargs, same[j])
			fmt.Fprintf(&sel, "s.column%d", len(sargs))
		} else {
			nv++
			fmt.Fprintf(&sel, "v.column%d", nv)
		}
	}
	for i := range shared {
		fmt.Fprintf(&sel, ", s.column%d", i+1)
	}
	names := strings.Join(cols, ", ")
	if len(shared) > 0 {
		names += ", " + strings.Join(shared, ", ")
	}
	if len(sargs) == 0 { // nothing shared: the plain statement
		return insertRowsSuffix(ctx, t, table, cols, chunk, "")
	}
	head := "INSERT INTO " + table + " (" + names + ") SELECT " + sel.String() +
		" FROM (VALUES (" + placeholders(len(sargs)) + ")) AS s CROSS JOIN (VALUES "
	tuple := "(" + placeholders(varying) + ")"
	var b strings.Builder
	b.Grow(len(head) + len(chunk)*(len(tuple)+2) + 8)
	b.WriteString(head)
	args := make([]any, 0, len(sargs)+len(chunk)*varying)
	args = append(args, sargs...)
	for i, r := range chunk {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
		for j, v := range r {
			if !isSame[j] {
				args = append(args, v)
			}
		}
	}
	b.WriteString(") AS v")
	_, err := t.exec(ctx, b.String(), args...)
	return err
}

// columnValue returns the value column j has in every row of chunk, if it
// is one: nil, text, a number or a truth value (a date as its text). Any
// other kind counts as varying.
func columnValue(chunk [][]any, j int) (any, bool) {
	plain := func(v any) (any, bool) {
		if dv, ok := v.(driver.Valuer); ok {
			var err error
			if v, err = dv.Value(); err != nil {
				return nil, false
			}
		}
		switch v.(type) {
		case nil, string, int, int64, bool:
			return v, true
		}
		return nil, false
	}
	first, ok := plain(chunk[0][j])
	if !ok {
		return nil, false
	}
	for _, r := range chunk[1:] {
		// Comparable: first holds one of the kinds above, and == between
		// different dynamic types is false.
		if v, ok := plain(r[j]); !ok || v != first {
			return nil, false
		}
	}
	return first, true
}

func insertRowsSuffix(ctx context.Context, t *tx, table string, cols []string, rows [][]any, suffix string) error {
	per := max(1, maxParams/len(cols))
	tuple := "(" + placeholders(len(cols)) + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for len(rows) > 0 {
		chunk := rows[:min(per, len(rows))]
		rows = rows[len(chunk):]
		var b strings.Builder
		// Sized at once: grown by doubling, the text of a bulk load's
		// statements was 6 % of the bytes it allocated.
		b.Grow(len(head) + len(chunk)*(len(tuple)+2) + len(suffix))
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(cols))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, r...)
		}
		b.WriteString(suffix)
		if _, err := t.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// sumAmount is the SQL for the sum of an amount column (whole kronor) over
// a group, never NULL, saturating at the int64 bounds instead of failing:
// plain SUM raises "integer overflow" in SQLite and "bigint out of range"
// at the cast in PostgreSQL, and one row stored before amounts had limits
// turned the overview into a 500 for everyone. PostgreSQL sums bigints
// exactly (as numeric) and clamps; SQLite's TOTAL sums as a float, exact
// for sums below 2^53 kronor (9 000 000 miljarder, far beyond what
// validation lets in) and clamped by the cast to INTEGER.
func sumAmount(dialect, expr string) string {
	if dialect == Postgres {
		return "CAST(LEAST(GREATEST(COALESCE(SUM(" + expr + "), 0), -9223372036854775808), 9223372036854775807) AS BIGINT)"
	}
	return "CAST(TOTAL(" + expr + ") AS INTEGER)"
}

// knownCount counts the rows where cond holds and col is not NULL: how
// many amounts a sumAmount over the same rows really covers.
func knownCount(cond, col string) string {
	return "COALESCE(SUM(CASE WHEN " + cond + " AND " + col + " IS NOT NULL THEN 1 ELSE 0 END), 0)"
}

// knownSum is a sum over known amounts, or nil when none was known: a sum
// of no amounts is unknown, not 0 kr.
func knownSum(sum int64, known int) *int64 {
	if known == 0 {
		return nil
	}
	return &sum
}

// idsIn is "(?, ?, …)" for ids with its arguments, the list padded to
// the next power of two (at least 8) by repeating the last id: a list
// whose length follows the page or the scope would otherwise be a query
// text of its own for every length, compiled anew each time and never
// kept (stmtcache.go). A repeated value changes nothing for IN.
func idsIn(ids []int64) (string, []any) { return valuesIn(ids) }

// valuesIn is idsIn for any key (ids, codes, slugs).
func valuesIn[T any](ids []T) (string, []any) {
	if len(ids) == 0 {
		return "(NULL)", nil
	}
	n := 8
	for n < len(ids) {
		n *= 2
	}
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return "(" + placeholders(n) + ")", args
}

// int64Args returns ids as query arguments.
func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func stringArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// nullString stores "" as NULL, for optional foreign keys.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt64(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func int64Ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// sortKey is the Swedish collation key the store keeps beside titles and
// names, so that SQL orders them as samverkan.SwedishKey does.
func sortKey(s string) []byte { return samverkan.SwedishKey(s) }

// searchText is what the Query filter matches against: lower-cased in Go
// because SQLite's lower() only folds ASCII.
func searchText(c *samverkan.Collaboration) string {
	return foldSearch(c.Title + " " + c.Description)
}

func foldSearch(s string) string {
	return strings.ToLower(norm.NFC.String(s))
}

// likePattern returns %word% with LIKE's wildcards escaped (ESCAPE '\').
func likePattern(word string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(word) + "%"
}
