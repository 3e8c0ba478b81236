package sqldb

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/samverkan/samverkan"
)

// FindCollaborations returns one page of the collaborations matching f,
// with all their list fields, and the number of matches. An unknown Sort
// or Phase is EINVALID.
func (db *DB) FindCollaborations(ctx context.Context, f samverkan.CollaborationFilter) (_ []*samverkan.Collaboration, total int, err error) {
	defer wrap(&err, "sqldb.FindCollaborations")
	// The search words are folded before they become arguments, which
	// would quietly turn bad UTF-8 into U+FFFD; refuse it as it came.
	if err := checkArgs([]any{f.Query}); err != nil {
		return nil, 0, err
	}
	where, args, err := filterWhere(db.dialect, f)
	if err != nil {
		return nil, 0, err
	}
	order, err := orderBy(f.Sort)
	if err != nil {
		return nil, 0, err
	}
	// Matches of a text search come ranked unless a sort is asked for.
	ranked := strings.TrimSpace(f.Query) != "" && f.Sort == ""
	sq := newSearchQuery(db.dialect, f.Query)
	var orderArgs []any
	if ranked && db.dialect == Postgres {
		var rank string
		rank, orderArgs = sq.pgRanking()
		order = rank + order
	}
	limit := f.Limit
	if limit <= 0 {
		limit = samverkan.DefaultLimit
	}
	limit = min(limit, samverkan.MaxLimit)
	offset := max(f.Offset, 0)

	var out []*samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		countSQL, countArgs := `SELECT COUNT(*) FROM collaborations c `+where, args
		if onlyText(f) {
			if q, a := newSearchQuery(db.dialect, f.Query).count(db.dialect); q != "" {
				countSQL, countArgs = q, a
			}
		}
		// A network's whole list (its page, the API's list) counts its
		// memberships: the foreign key keeps each to a collaboration, so
		// the count needs no look-up of every record.
		if onlyNetwork(f) {
			countSQL, countArgs = `SELECT COUNT(*) FROM collaboration_networks cn
				JOIN networks n ON n.id = cn.network_id WHERE n.slug = ?`, []any{f.Network}
		}
		// So does a municipality's (its page, the API's list): a
		// municipality takes part once in a collaboration (the unique
		// index participants_municipality), and the foreign key keeps each
		// participation to a record, so counting them in that index is
		// counting the records without looking each one up.
		if onlyMunicipality(f) {
			countSQL, countArgs = `SELECT COUNT(*) FROM participants p WHERE p.municipality_code = ?`, []any{f.Municipality}
		}
		// A ranked text search on SQLite reads its matches as a set, which
		// counts them too: the title walk below needs them (matchSet).
		var matches idSet
		if onlyText(f) && ranked && db.dialect == SQLite && len(sq.terms) > 0 {
			var err error
			if matches, err = sq.matchSet(ctx, t, ""); err != nil {
				return err
			}
			total = matches.n
		} else if err := t.queryRow(ctx, countSQL, countArgs...).Scan(&total); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if total == 0 || offset >= total {
			return nil
		}
		// Sort and cut the page on ids alone, so the sorter carries no
		// descriptions; then load the page's rows.
		var page []int64
		ids := func(query string, a ...any) error {
			return eachRow(ctx, t, query, a, func(s scanner) error {
				var id int64
				err := s.Scan(&id)
				page = append(page, id)
				return err
			})
		}
		if ranked && db.dialect == SQLite {
			// SQLite ranks in two runs down the title index, each able to
			// stop at the page: the records whose title has the words, then
			// the others.
			title, targs := sq.titleMatch()
			// A title match is a match: the first run needs only the
			// other filters.
			g := f
			g.Query = ""
			plain, pargs, err := filterWhere(db.dialect, g)
			if err != nil {
				return err
			}
			if plain == "" {
				plain = "WHERE 1 = 1"
			}
			inTitle := -1 // not counted: not needed for the first page
			// SQLite's planner takes the matches, looks each record up and
			// sorts them all, even when the page is the first 50 of 12 000.
			// When the words are common, walking the title index and
			// stopping at the page visits far fewer rows: about
			// (offset+limit)·N/matches against the matches themselves
			// (N estimated by the largest id, which costs one seek). The
			// walk tests each record against the set of matches; which of
			// them have the words in the title it tells in Go when it can
			// (titlesInGo), else from the index's set of title matches
			// (titleWalk).
			walk := false
			var n int64
			if onlyText(f) { // ranked: the order is the title's
				if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM collaborations`).Scan(&n); err != nil {
					return fmt.Errorf("register size: %w", err)
				}
				walk = int64(total)*int64(total) > int64(offset+limit)*n
			}
			done := false
			if walk && matches.n > 0 {
				var err error
				if page, done, err = sq.titlesInGo(ctx, t, matches, order, offset, limit); err != nil {
					return err
				}
			}
			if done {
				inTitle = offset + limit // the page is all title matches: no second run
			} else if walk {
				var err error
				if page, inTitle, err = sq.titleWalk(ctx, t, order, offset, limit); err != nil {
					return err
				}
			} else {
				if offset > 0 {
					if err := t.queryRow(ctx, `SELECT COUNT(*) FROM collaborations c `+plain+` AND `+title,
						append(append([]any{}, pargs...), targs...)...).Scan(&inTitle); err != nil {
						return fmt.Errorf("count title matches: %w", err)
					}
				}
				if inTitle < 0 || offset < inTitle {
					err := ids(`SELECT c.id FROM collaborations c `+plain+` AND `+title+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
						append(append(append([]any{}, pargs...), targs...), limit, offset)...)
					if err != nil {
						return fmt.Errorf("page: %w", err)
					}
					if inTitle < 0 {
						inTitle = len(page) // offset 0: all of them, or more than a page
					}
				}
			}
			if rest := limit - len(page); rest > 0 && total > inTitle {
				err := ids(`SELECT c.id FROM collaborations c `+where+` AND NOT `+title+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
					append(append(append([]any{}, args...), targs...), rest, max(0, offset-inTitle))...)
				if err != nil {
					return fmt.Errorf("page: %w", err)
				}
			}
		} else {
			err := ids(`SELECT c.id FROM collaborations c `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
				append(append(append([]any{}, args...), orderArgs...), limit, offset)...)
			if err != nil {
				return fmt.Errorf("page: %w", err)
			}
		}
		var err error
		out, err = collaborationsByIDsWith(ctx, t, page, f.With)
		return err
	})
	return out, total, err
}

// onlyNetwork reports whether the network is f's only filter.
func onlyNetwork(f samverkan.CollaborationFilter) bool {
	return f.Network != "" && strings.TrimSpace(f.Query) == "" && f.Municipality == "" && len(f.Areas) == 0 &&
		f.LegalForm == "" && f.Status == "" && len(f.Statuses) == 0 && f.Phase == "" && !f.PublicOnly && len(f.IDs) == 0
}

// onlyMunicipality reports whether the municipality is f's only filter.
func onlyMunicipality(f samverkan.CollaborationFilter) bool {
	return f.Municipality != "" && strings.TrimSpace(f.Query) == "" && f.Network == "" && len(f.Areas) == 0 &&
		f.LegalForm == "" && f.Status == "" && len(f.Statuses) == 0 && f.Phase == "" && !f.PublicOnly && len(f.IDs) == 0
}

// onlyText reports whether a text search is f's only filter.
func onlyText(f samverkan.CollaborationFilter) bool {
	return strings.TrimSpace(f.Query) != "" && f.Network == "" && f.Municipality == "" && len(f.Areas) == 0 &&
		f.LegalForm == "" && f.Status == "" && len(f.Statuses) == 0 && f.Phase == "" && !f.PublicOnly && len(f.IDs) == 0
}

// filterWhere builds the WHERE clause for f over "collaborations c". Every
// clause uses an index: the list filters go through the child tables'
// (value, collaboration_id) indexes.
func filterWhere(dialect string, f samverkan.CollaborationFilter) (string, []any, error) {
	var where []string
	var args []any
	add := func(clause string, a ...any) {
		where = append(where, clause)
		args = append(args, a...)
	}
	if f.Network != "" {
		if statuses, ok := outlineStatuses(f); ok {
			// A network's records of some statuses (its pipeline, its
			// running ones) are picked from its range of the kept outline
			// rows, which hold each one's status and legal form
			// (collaboration_outlines.go): looking up all ~365 wide records
			// of the network to test their status, once to count and once
			// for the page, was half of the opportunities page's first
			// render at national scale (issue 16). The same conditions on
			// c below still hold, and cost little on the few records left.
			q := `c.id IN (SELECT o.collaboration_id FROM network_outlines o
				JOIN networks n ON n.id = o.network_id WHERE n.slug = ?`
			a := []any{f.Network}
			if len(statuses) > 0 {
				q += ` AND o.status IN (` + placeholders(len(statuses)) + `)`
				a = append(a, stringArgs(statuses)...)
			}
			if f.LegalForm != "" {
				q += ` AND o.legal_form = ?`
				a = append(a, f.LegalForm)
			}
			add(q+`)`, a...)
		} else {
			add(`c.id IN (SELECT cn.collaboration_id FROM collaboration_networks cn
				JOIN networks n ON n.id = cn.network_id WHERE n.slug = ?)`, f.Network)
		}
	}
	if f.Municipality != "" {
		add(`c.id IN (SELECT p.collaboration_id FROM participants p WHERE p.municipality_code = ?)`, f.Municipality)
	}
	if len(f.Areas) > 0 {
		add(`c.id IN (SELECT ca.collaboration_id FROM collaboration_areas ca WHERE ca.area_code IN (`+
			placeholders(len(f.Areas))+`))`, stringArgs(f.Areas)...)
	}
	// With a network or a municipality, that list (a few hundred) is the
	// way in; SQLite otherwise took the status index and tested 13 600
	// running collaborations against a municipality's 300 participations
	// (EXPLAIN QUERY PLAN; 6× the time). A unary + keeps it off the
	// status and legal-form indexes. PostgreSQL plans by its statistics.
	col := func(name string) string { return "c." + name }
	if dialect == SQLite && (f.Network != "" || f.Municipality != "" || len(f.IDs) > 0) {
		col = func(name string) string { return "+c." + name }
	}
	if f.LegalForm != "" {
		add(col("legal_form")+` = ?`, f.LegalForm)
	}
	if f.Status != "" {
		add(col("status")+` = ?`, f.Status)
	}
	if len(f.Statuses) > 0 {
		add(col("status")+` IN (`+placeholders(len(f.Statuses))+`)`, stringArgs(f.Statuses)...)
	}
	if f.Phase != "" {
		statuses := samverkan.StatusesInPhase(f.Phase)
		if len(statuses) == 0 {
			return "", nil, invalidFilter("phase", f.Phase)
		}
		add(col("status")+` IN (`+placeholders(len(statuses))+`)`, stringArgs(statuses)...)
	}
	if strings.TrimSpace(f.Query) != "" {
		clause, a := newSearchQuery(dialect, f.Query).match(dialect)
		add(clause, a...)
	}
	if f.PublicOnly {
		add(`c.public = ?`, true)
	}
	if len(f.IDs) > 0 {
		add(`c.id IN (`+placeholders(len(f.IDs))+`)`, int64Args(f.IDs)...)
	}
	if len(where) == 0 {
		return "", nil, nil
	}
	return "WHERE " + strings.Join(where, "\n\tAND "), args, nil
}

// outlineStatuses returns the statuses f admits when it selects by
// status (Status, Statuses, Phase: all of them must hold) or legal form,
// which a network's outline rows can test; ok is false when f has neither.
// An empty list with ok means any status (only the legal form is asked).
func outlineStatuses(f samverkan.CollaborationFilter) (_ []string, ok bool) {
	var sets [][]string
	if f.Status != "" {
		sets = append(sets, []string{f.Status})
	}
	if len(f.Statuses) > 0 {
		sets = append(sets, f.Statuses)
	}
	if f.Phase != "" {
		sets = append(sets, samverkan.StatusesInPhase(f.Phase))
	}
	if len(sets) == 0 {
		return nil, f.LegalForm != ""
	}
	// Those in every set: the conditions on c are a conjunction.
	out := []string{}
	for _, st := range sets[0] {
		all := true
		for _, set := range sets[1:] {
			all = all && slices.Contains(set, st)
		}
		if all && !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	if len(out) == 0 {
		// No status can match; an impossible one keeps the IN list valid.
		out = append(out, "")
	}
	return out, true
}

func invalidFilter(field, value string) error {
	return &samverkan.Error{
		Code:    samverkan.EINVALID,
		Message: fmt.Sprintf("Okänt värde för %s: %q.", field, value),
		Fields:  []samverkan.FieldError{{Field: field, Code: "unknown_field"}},
	}
}

// sortExprs maps samverkan.SortFields to SQL. Nullable ones sort their
// NULLs last in both directions and both dialects. Status and legal form
// sort in vocabulary order (the lifecycle), titles and host names in
// Swedish collation via the stored keys.
var sortExprs = map[string]struct {
	expr     string
	nullable bool
}{
	"title":       {"c.title_key", false},
	"status":      {rankExpr("c.status", samverkan.StatusTerms()), false},
	"legal_form":  {rankExpr("c.legal_form", samverkan.LegalFormTerms()), false},
	"start":       {"c.start_on", true},
	"end":         {"c.end_on", true},
	"annual_cost": {"c.annual_cost", true},
	"host":        {"(SELECT m.name_key FROM municipalities m WHERE m.code = c.host)", true},
	"updated":     {"c.updated", false},
}

var codeRE = regexp.MustCompile(`^[a-z0-9_]+$`)

// rankExpr orders a column by the vocabulary's order. The codes are
// compile-time constants; the check keeps it that way.
func rankExpr(col string, v samverkan.Vocabulary) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i, t := range v {
		if !codeRE.MatchString(t.Code) {
			panic("sqldb: vocabulary code unfit for SQL: " + t.Code)
		}
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", t.Code, i)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(v))
	return b.String()
}

// orderBy returns the ORDER BY list for a sort field ("-" prefix for
// descending), with title and id as tie-breakers so pages are stable.
func orderBy(sort string) (string, error) {
	if sort == "" {
		sort = "title"
	}
	field, desc := strings.CutPrefix(sort, "-")
	s, ok := sortExprs[field]
	if !ok {
		return "", invalidFilter("sort", sort)
	}
	var parts []string
	if s.nullable {
		parts = append(parts, "("+s.expr+" IS NULL)")
	}
	dir := ""
	if desc {
		dir = " DESC"
	}
	parts = append(parts, s.expr+dir)
	if field != "title" {
		parts = append(parts, "c.title_key")
	}
	parts = append(parts, "c.id")
	return strings.Join(parts, ", "), nil
}

// Facets counts the collaborations matching f (ignoring Limit and Offset)
// per status, legal form and area. An area group's count is the number of
// collaborations with any area in the group, each counted once.
func (db *DB) Facets(ctx context.Context, f samverkan.CollaborationFilter) (_ samverkan.Facets, err error) {
	defer wrap(&err, "sqldb.Facets")
	var fc samverkan.Facets
	where, args, err := filterWhere(db.dialect, f)
	if err != nil {
		return fc, err
	}
	err = db.read(ctx, func(t *tx) error {
		v, err := db.cached(ctx, t, fmt.Sprintf("facets %q %#v", where, args), func() (any, error) {
			return facets(ctx, t, where, args)
		})
		if err == nil {
			fc = cloneFacets(v.(samverkan.Facets))
		}
		return err
	})
	return fc, err
}

func facets(ctx context.Context, t *tx, where string, args []any) (samverkan.Facets, error) {
	fc := samverkan.Facets{Status: map[string]int{}, LegalForm: map[string]int{}, Area: map[string]int{}}
	matching := `SELECT c.id FROM collaborations c ` + where
	count := func(m map[string]int) func(scanner) error {
		return func(s scanner) error {
			var k string
			var n int
			err := s.Scan(&k, &n)
			m[k] = n
			return err
		}
	}
	err := eachRow(ctx, t, `SELECT c.status, COUNT(*) FROM collaborations c `+where+` GROUP BY c.status`, args, count(fc.Status))
	if err != nil {
		return fc, fmt.Errorf("status: %w", err)
	}
	err = eachRow(ctx, t, `SELECT c.legal_form, COUNT(*) FROM collaborations c `+where+` GROUP BY c.legal_form`, args, count(fc.LegalForm))
	if err != nil {
		return fc, fmt.Errorf("legal form: %w", err)
	}
	err = eachRow(ctx, t, `SELECT x.code, COUNT(DISTINCT x.cid) FROM (
			SELECT ca.area_code AS code, ca.collaboration_id AS cid FROM collaboration_areas ca
			WHERE ca.collaboration_id IN (`+matching+`)
			UNION ALL
			SELECT a.parent, ca.collaboration_id FROM collaboration_areas ca JOIN areas a ON a.code = ca.area_code
			WHERE a.parent IS NOT NULL AND ca.collaboration_id IN (`+matching+`)
		) x GROUP BY x.code`, append(append([]any{}, args...), args...), count(fc.Area))
	if err != nil {
		return fc, fmt.Errorf("area: %w", err)
	}
	for _, n := range fc.Status {
		fc.Total += n
	}
	return fc, nil
}

func cloneFacets(f samverkan.Facets) samverkan.Facets {
	f.Status, f.LegalForm, f.Area = maps.Clone(f.Status), maps.Clone(f.LegalForm), maps.Clone(f.Area)
	return f
}
