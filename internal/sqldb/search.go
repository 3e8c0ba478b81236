package sqldb

import (
	"database/sql/driver"
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
