package sqldb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"

	"modernc.org/sqlite"

	"github.com/samverkan/samverkan/internal/swedish"
)

// Full-text search over collaborations' titles and descriptions, with
// each database's own index, both stemming as Snowball's Swedish
// algorithm does:
//
//   - PostgreSQL keeps a tsvector column generated from the title (weight
//     A) and the description (weight B) with the "swedish" configuration,
//     under a GIN index (migration 0011_search.postgres.sql).
//   - SQLite keeps an FTS5 table of the two, as the stems package swedish
//     makes, filled by triggers that call the SQL function
//     samverkan_search_terms (0011_search.sqlite.sql), so that every write
//     keeps it in step in its own transaction.
//
// A query is words; each matches as a word start (prefix) of a stem, all
// must match, and stop words are left out. Records whose title has the
// words come first, on both databases; then ts_rank (PostgreSQL); then
// the title. SQLite pages the two groups in two runs down the title
// index (FindCollaborations), so a page of a word in thousands of records
// need not rank them all.

// searchTermsFunc is the SQL function the SQLite triggers index with.
const searchTermsFunc = "samverkan_search_terms"

var registerSearch = sync.OnceValue(func() error {
	return sqlite.RegisterDeterministicScalarFunction(searchTermsFunc, 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return strings.Join(swedish.Terms(v), " "), nil
			case []byte:
				return strings.Join(swedish.Terms(string(v)), " "), nil
			case nil:
				return "", nil
			}
			return nil, fmt.Errorf("%s: text expected, got %T", searchTermsFunc, args[0])
		})
})

// searchQuery is a text filter made ready for the database.
type searchQuery struct {
	terms []string // stems (SQLite) or words (PostgreSQL, which stems them)
}

// newSearchQuery reads the words of q. No terms at all (only stop words
// or punctuation) matches nothing.
func newSearchQuery(dialect, q string) searchQuery {
	var terms []string
	for _, w := range swedish.Words(q) {
		if swedish.IsStopWord(w) {
			continue
		}
		if dialect == SQLite {
			w = swedish.Stem(w)
		}
		terms = append(terms, w)
	}
	return searchQuery{terms: terms}
}

// count is a query of the number of matches when the text is the only
// filter: SQLite counts them in its index, one row per collaboration,
// without visiting the collaborations. "" when the database has no such
// shortcut.
func (q searchQuery) count(dialect string) (string, []any) {
	if dialect != SQLite || len(q.terms) == 0 {
		return "", nil
	}
	return `SELECT COUNT(*) FROM collaboration_search WHERE collaboration_search MATCH ?`, []any{q.fts("", true)}
}

// match is the condition on "collaborations c" and its argument.
func (q searchQuery) match(dialect string) (string, []any) {
	if len(q.terms) == 0 {
		return "1 = 0", nil
	}
	if dialect == Postgres {
		return `c.search_vector @@ to_tsquery('swedish', ?)`, []any{q.tsquery("", true)}
	}
	return `c.id IN (SELECT rowid FROM collaboration_search WHERE collaboration_search MATCH ?)`, []any{q.fts("", true)}
}

// pgRanking is PostgreSQL's ORDER BY prefix of a ranked search: records
// whose title has every word first, then ts_rank; with its arguments.
func (q searchQuery) pgRanking() (string, []any) {
	if len(q.terms) == 0 {
		return "", nil
	}
	return `(c.search_vector @@ to_tsquery('swedish', ?)) DESC, ts_rank(c.search_vector, to_tsquery('swedish', ?)) DESC, `,
		[]any{q.tsquery("A", true), q.tsquery("", true)}
}

// titleMatch is SQLite's condition "the title has every word" on
// "collaborations c", with its argument.
func (q searchQuery) titleMatch() (string, []any) {
	if len(q.terms) == 0 {
		return "1 = 0", nil
	}
	return `c.id IN (SELECT rowid FROM collaboration_search WHERE collaboration_search MATCH ?)`, []any{q.fts("title", true)}
}

// tsquery is the PostgreSQL query: every word, as a prefix when prefix,
// restricted to weight (A for the title) when given. The words are
// letters and digits only, so nothing in them is query syntax.
func (q searchQuery) tsquery(weight string, prefix bool) string {
	parts := make([]string, len(q.terms))
	for i, t := range q.terms {
		parts[i] = t
		if prefix || weight != "" {
			parts[i] += ":"
		}
		if prefix {
			parts[i] += "*"
		}
		parts[i] += weight
	}
	return strings.Join(parts, " & ")
}

// fts is the FTS5 query: every stem, as a word start when prefix, in
// column when given. Stems are letters and digits only; quoted, nothing
// in them is query syntax.
func (q searchQuery) fts(column string, prefix bool) string {
	parts := make([]string, len(q.terms))
	for i, t := range q.terms {
		parts[i] = `"` + t + `"`
		if prefix {
			parts[i] += "*"
		}
	}
	s := strings.Join(parts, " AND ")
	if column != "" {
		s = column + " : (" + s + ")"
	}
	return s
}

// titleWalk is the first run of a ranked text search on SQLite, the text
// its only filter and its words common: the ids of the page of records
// whose title has every word, in order (the title's: the ranked order
// within the run), from offset, at most limit; and how many records'
// titles have the words. n is the largest id.
//
// Asked as "c.id IN (SELECT rowid … MATCH …) ORDER BY title" down the
// title index, SQLite copied the 12 000 matches of a common word into a
// temporary index, one B-tree insert each, for a walk that probed a few
// hundred: two thirds of the search page (issue 16). Here the index
// hands the matches over as one list in one row, kept as a bitset, and
// the walk down the title index stops at the page's end. The order is
// the same ORDER BY as the other runs; the number of title matches comes
// with the list, so a later page needs no count of them.
func (q searchQuery) titleWalk(ctx context.Context, t *tx, order string, n int64, offset, limit int) (page []int64, inTitle int, err error) {
	var list []byte
	if err := t.queryRow(ctx, `SELECT COALESCE(group_concat(rowid), '') FROM collaboration_search
		WHERE collaboration_search MATCH ?`, q.fts("title", true)).Scan(&list); err != nil {
		return nil, 0, fmt.Errorf("title matches: %w", err)
	}
	in := make([]uint64, n/64+1)
	var id int64
	digits := false
	for i := 0; i <= len(list); i++ {
		if i < len(list) && list[i] >= '0' && list[i] <= '9' {
			id, digits = id*10+int64(list[i]-'0'), true
			continue
		}
		if i < len(list) && list[i] != ',' {
			return nil, 0, fmt.Errorf("title matches: unexpected %q in the id list", list[i])
		}
		if digits {
			for id/64 >= int64(len(in)) { // a record newer than n: not in this transaction, but be safe
				in = append(in, 0)
			}
			if in[id/64]&(1<<(id%64)) == 0 {
				in[id/64] |= 1 << (id % 64)
				inTitle++
			}
		}
		id, digits = 0, false
	}
	if inTitle <= offset {
		return nil, inTitle, nil
	}
	skip := offset
	errFull := errors.New("page full")
	err = eachRow(ctx, t, `SELECT c.id FROM collaborations c INDEXED BY collaborations_title ORDER BY `+order, nil,
		func(s scanner) error {
			var id int64
			if err := s.Scan(&id); err != nil {
				return err
			}
			if id < 0 || id/64 >= int64(len(in)) || in[id/64]&(1<<(id%64)) == 0 {
				return nil
			}
			if skip > 0 {
				skip--
				return nil
			}
			page = append(page, id)
			if len(page) == limit {
				return errFull
			}
			return nil
		})
	if err != nil && !errors.Is(err, errFull) {
		return nil, 0, fmt.Errorf("title walk: %w", err)
	}
	return page, inTitle, nil
}
