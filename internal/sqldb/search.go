package sqldb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
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

// idSet is a set of collaboration ids as a bitset, with its size.
type idSet struct {
	bits []uint64
	n    int
}

func (s idSet) has(id int64) bool {
	return id >= 0 && id/64 < int64(len(s.bits)) && s.bits[id/64]&(1<<(id%64)) != 0
}

// matchSet reads the ids of the records the words match, in column when
// given, as a set. The index hands them over as one comma-separated list
// in one row: a row per match through database/sql cost more than the
// search, and "c.id IN (SELECT rowid … MATCH …)" made SQLite copy the
// 12 000 matches of a common word into a temporary index, one B-tree
// insert each, for a walk down the title index that probed a few hundred
// of them: two thirds of the search page (issue 16).
func (q searchQuery) matchSet(ctx context.Context, t *tx, column string) (idSet, error) {
	// A string, not []byte: Scan hands the driver's string over without
	// a second copy of the 70 kB list.
	var list string
	if err := t.queryRow(ctx, `SELECT COALESCE(group_concat(rowid), '') FROM collaboration_search
		WHERE collaboration_search MATCH ?`, q.fts(column, true)).Scan(&list); err != nil {
		return idSet{}, fmt.Errorf("matches: %w", err)
	}
	var s idSet
	var id int64
	digits := false
	for i := 0; i <= len(list); i++ {
		if i < len(list) && list[i] >= '0' && list[i] <= '9' {
			id, digits = id*10+int64(list[i]-'0'), true
			continue
		}
		if i < len(list) && list[i] != ',' {
			return idSet{}, fmt.Errorf("matches: unexpected %q in the id list", list[i])
		}
		if digits {
			if need := int(id/64) + 1; need > len(s.bits) {
				s.bits = slices.Grow(s.bits, need-len(s.bits))[:need]
			}
			if s.bits[id/64]&(1<<(id%64)) == 0 {
				s.bits[id/64] |= 1 << (id % 64)
				s.n++
			}
		}
		id, digits = 0, false
	}
	return s, nil
}

// errPageFull stops a walk down the title index at the page's end.
var errPageFull = errors.New("page full")

// titleWalk is the first run of a ranked text search on SQLite, the text
// its only filter and its words common: the ids of the page of records
// whose title has every word, in order (the title's: the ranked order
// within the run), from offset, at most limit; and how many records'
// titles have the words. The title matches come as a set (matchSet),
// and the walk down the title index stops at the page's end. The order
// is the same ORDER BY as the other runs; the number of title matches
// comes with the set, so a later page needs no count of them.
func (q searchQuery) titleWalk(ctx context.Context, t *tx, order string, offset, limit int) (page []int64, inTitle int, err error) {
	in, err := q.matchSet(ctx, t, "title")
	if err != nil {
		return nil, 0, err
	}
	if in.n <= offset {
		return nil, in.n, nil
	}
	skip := offset
	err = eachRow(ctx, t, `SELECT c.id FROM collaborations c INDEXED BY collaborations_title ORDER BY `+order, nil,
		func(s scanner) error {
			var id int64
			if err := s.Scan(&id); err != nil {
				return err
			}
			if !in.has(id) {
				return nil
			}
			if skip > 0 {
				skip--
				return nil
			}
			page = append(page, id)
			if len(page) == limit {
				return errPageFull
			}
			return nil
		})
	if err != nil && !errors.Is(err, errPageFull) {
		return nil, 0, fmt.Errorf("title walk: %w", err)
	}
	return page, in.n, nil
}

// titlesInGo is titleWalk without the index's second run over the
// titles: down the title index, the matches' titles are read in batches
// and their words compared in Go, as the index would, until the page is
// full of title matches. done is false when it could not tell, and the
// caller takes titleWalk: when a word or a title has a letter outside
// plainLetter, when fewer title matches than the page's end are found in
// a few times the page's matches, or at the end of the index.
//
// Why it finds what the index finds: the index holds a title as
// swedish.Terms of it joined by spaces (samverkan_search_terms, kept by
// the triggers in the writer's transaction), split again into tokens by
// FTS5's unicode61 tokenizer without removing diacritics, and matches a
// word when a token of the title starts with it. For words of plain
// letters (ASCII letters and digits, Latin-1 small letters) that
// tokenizer splits at the spaces only and folds nothing, so the tokens
// are the terms; a word matches when a term starts with it, which is
// what is compared here. Anything else goes to the index.
func (q searchQuery) titlesInGo(ctx context.Context, t *tx, matches idSet, order string, offset, limit int) (page []int64, done bool, err error) {
	for _, w := range q.terms {
		if !plainWord(w) {
			return nil, false, nil
		}
	}
	skip, seen := offset, 0
	batch := make([]int64, 0, limit)
	// flush reads the batch's titles and takes the title matches in
	// walk order; true when the page is full.
	flush := func() (bool, error) {
		if len(batch) == 0 {
			return false, nil
		}
		titles := make(map[int64]string, len(batch))
		in, args := idsIn(batch)
		err := eachRow(ctx, t, `SELECT id, title FROM collaborations WHERE id IN `+in, args, func(s scanner) error {
			var id int64
			var title string
			err := s.Scan(&id, &title)
			titles[id] = title
			return err
		})
		if err != nil {
			return false, fmt.Errorf("titles: %w", err)
		}
		for _, id := range batch {
			has, plain := q.inTitle(titles[id])
			if !plain {
				return false, errNotPlain
			}
			if !has {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			page = append(page, id)
			if len(page) == limit {
				return true, nil
			}
		}
		batch = batch[:0]
		return false, nil
	}
	// stop says why the walk stopped before the index's end: the page
	// is full (errPageFull), a title was not plain (errNotPlain), too
	// many matches were not in their titles (errGiveUp), or an error.
	var stop error
	err = eachRow(ctx, t, `SELECT c.id FROM collaborations c INDEXED BY collaborations_title ORDER BY `+order, nil,
		func(s scanner) error {
			var id int64
			if err := s.Scan(&id); err != nil {
				return err
			}
			if !matches.has(id) {
				return nil
			}
			batch = append(batch, id)
			if seen++; len(batch) < cap(batch) {
				return nil
			}
			full, err := flush()
			switch {
			case err != nil:
				stop = err
			case full:
				stop = errPageFull
			case seen > 4*(offset+limit):
				stop = errGiveUp
			default:
				return nil
			}
			return errWalkStopped
		})
	if err != nil && !errors.Is(err, errWalkStopped) {
		return nil, false, fmt.Errorf("title walk: %w", err)
	}
	if stop == nil { // the index's end: the last batch
		full, err := flush()
		if err != nil {
			stop = err
		} else if full {
			stop = errPageFull
		}
	}
	switch {
	case errors.Is(stop, errPageFull):
		return page, true, nil
	case stop == nil, errors.Is(stop, errNotPlain), errors.Is(stop, errGiveUp):
		// Not full at the index's end: the other records' run needs the
		// number of title matches, which titleWalk counts.
		return nil, false, nil
	}
	return nil, false, stop
}

var (
	errWalkStopped = errors.New("walk stopped")
	errNotPlain    = errors.New("not plain letters")
	errGiveUp      = errors.New("too few title matches")
)

// inTitle reports whether every word of q starts a term of title (as
// the index holds it), and whether those terms are all plainWord.
func (q searchQuery) inTitle(title string) (has, plain bool) {
	terms := swedish.Terms(title)
	for _, term := range terms {
		if !plainWord(term) {
			return false, false
		}
	}
	for _, w := range q.terms {
		if !slices.ContainsFunc(terms, func(term string) bool { return strings.HasPrefix(term, w) }) {
			return false, true
		}
	}
	return true, true
}

// plainWord reports whether w has only letters that FTS5's unicode61
// tokenizer (remove_diacritics 0) keeps in a token as they are: ASCII
// small letters and digits, and the small letters of Latin-1 (à–ÿ but
// ÷), which take in å, ä, ö, é and ü.
func plainWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r >= 0xE0 && r <= 0xFF && r != 0xF7:
		default:
			return false
		}
	}
	return true
}
