package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/swedish"
)

type searchPage struct {
	Q       string
	Results []searchResult
	Pager   pager
	Done    bool
}

type searchResult struct {
	C       *samverkan.Collaboration
	Snippet snippet
}

// snippet is an excerpt with the first matching word marked; the template
// writes the three parts, so nothing is assembled as HTML here.
type snippet struct{ Before, Match, After string }

func (s *server) handleSearch(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	q := cleanQuery(r.URL.Query().Get("q"))
	d := searchPage{Q: q}
	title := tr(lang, "search.title")
	if q != "" {
		cur := pageParam(r.URL.Query())
		rows, total, err := s.store.FindCollaborations(r.Context(), samverkan.CollaborationFilter{
			Query: q, Limit: pageSize, Offset: (cur - 1) * pageSize,
			With: []string{}, // a result shows the record's own columns only
		})
		if err != nil {
			s.error(w, r, err)
			return
		}
		d.Done = true
		d.Pager = newPager("/sok", url.Values{"q": {q}}, cur, total)
		for _, c := range rows {
			d.Results = append(d.Results, searchResult{C: c, Snippet: makeSnippet(readable(c.Description), q)})
		}
		title = tr(lang, "search.title.q", q)
	}
	s.render(w, r, http.StatusOK, "search", page{Title: title, Nav: "search", Data: d})
}

// makeSnippet cuts about 200 characters of text around the first word
// the search matched: a word that starts with a word of q, or whose stem
// does (the store searches stems), and marks that whole word.
func makeSnippet(text, q string) snippet {
	const around = 90
	var terms []string
	for _, w := range swedish.Words(q) {
		if !swedish.IsStopWord(w) {
			terms = append(terms, w, swedish.Stem(w))
		}
	}
	start, end := -1, -1
	for i := 0; i < len(text) && start < 0; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += size
		}
		word := strings.ToLower(text[i:j])
		stem := swedish.Stem(word)
		for _, t := range terms {
			if strings.HasPrefix(word, t) || strings.HasPrefix(stem, t) {
				start, end = i, j
				break
			}
		}
		i = j
	}
	if start >= 0 {
		from := max(0, start-around)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
		to := min(len(text), end+around)
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to++
		}
		sn := snippet{Before: text[from:start], Match: text[start:end], After: text[end:to]}
		if from > 0 {
			sn.Before = "…" + sn.Before
		}
		if to < len(text) {
			sn.After += "…"
		}
		return sn
	}
	if utf8.RuneCountInString(text) > 2*around {
		return snippet{Before: string([]rune(text)[:2*around]) + "…"}
	}
	return snippet{Before: text}
}

// cleanQuery makes free text ready to search for: trimmed, at most 200
// characters. Control characters and invalid UTF-8 never get here: the
// request was refused (checkText).
func cleanQuery(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200])
	}
	return s
}
