package tabular

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samverkan/samverkan"
)

// foldKey is the comparison key for what people type: lower case, no
// diacritics, white space folded.
func foldKey(s string) string {
	return samverkan.Fold(samverkan.NormalizeName(s))
}

// distance is the Levenshtein distance of a and b (by rune), or limit when
// it is at least limit; it stops early so suggestions over many
// candidates stay cheap.
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}

// nearest returns the candidate label closest to s, when it is close
// enough to be what the person meant.
func nearest(s string, labels []string) string {
	k := foldKey(s)
	if k == "" || len(k) > 100 {
		return ""
	}
	limit := max(2, utf8.RuneCountInString(k)/4+1)
	best, bestD := "", limit
	for _, l := range labels {
		if d := distance(k, foldKey(l), bestD); d < bestD {
			best, bestD = l, d
		}
	}
	return best
}

// Resolver turns typed values into the codes the domain stores. It is
// built once per import and read-only afterwards.
type Resolver struct {
	cat       *samverkan.Catalog
	muniNames []string
	areaNames []string
}

// NewResolver indexes the catalogue.
func NewResolver(cat *samverkan.Catalog) *Resolver {
	r := &Resolver{cat: cat}
	for _, m := range cat.Municipalities() {
		r.muniNames = append(r.muniNames, m.Name)
	}
	for _, a := range cat.Areas() {
		r.areaNames = append(r.areaNames, a.SV)
	}
	return r
}

// Municipality resolves a name or code; on a miss it returns a suggestion
// ("Värnamo" for "Varnamå") when one is close.
func (r *Resolver) Municipality(s string) (code, suggestion string, ok bool) {
	return r.municipality(s, true)
}

// municipality resolves s; suggest=false skips the search for a near
// miss, which is the costly part, once a plan has made enough of them.
func (r *Resolver) municipality(s string, suggest bool) (code, suggestion string, ok bool) {
	s = strings.TrimSpace(s)
	if m, ok := r.cat.LookupMunicipality(s); ok {
		return m.Code, "", true
	}
	// "Värnamo (värd)": a note in brackets.
	if i := strings.IndexAny(s, "(["); i > 0 {
		s = strings.TrimSpace(s[:i])
		if m, ok := r.cat.LookupMunicipality(s); ok {
			return m.Code, "", true
		}
	}
	// "Värnamo kn", "Värnamo k:n", trailing dots and the like.
	t := strings.TrimRight(strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "kn"), "k:n")), ".,")
	if t != s && t != "" {
		if m, ok := r.cat.LookupMunicipality(t); ok {
			return m.Code, "", true
		}
	}
	// "Värnamo kommunn", "Gislaveds kommun i Jönköpings län", "Vaggeryds
	// kommuner": the name is what comes before the word kommun.
	base := s
	for _, w := range []string{" kommun", " stad"} {
		if i := indexFold(base, w); i > 0 {
			base = base[:i]
		}
	}
	if base != s {
		if m, ok := r.cat.LookupMunicipality(base); ok {
			return m.Code, "", true
		}
	}
	// "Gislaveds, Gnosjö och Vaggeryds kommuner": the genitive of a list.
	if g, ok := strings.CutSuffix(base, "s"); ok && len(g) >= 3 {
		if m, ok := r.cat.LookupMunicipality(g); ok {
			return m.Code, "", true
		}
	}
	if !suggest {
		return "", "", false
	}
	return "", nearest(base, r.muniNames), false
}

// Area resolves an area as people write it (samverkan.Catalog.MatchArea);
// on a miss it returns a suggestion when a name is close.
func (r *Resolver) Area(s string) (code, suggestion string, ok bool) {
	if m, ok := r.cat.MatchArea(s); ok {
		return m.Code, "", true
	}
	return "", nearest(s, r.areaNames), false
}

// vocabIndex maps typed keys to codes for one vocabulary.
type vocabIndex struct {
	keys   map[string]string
	labels []string
}

func newVocabIndex(v samverkan.Vocabulary, aliases map[string]string) vocabIndex {
	x := vocabIndex{keys: map[string]string{}}
	for _, t := range v {
		x.keys[foldKey(t.Code)] = t.Code
		x.keys[foldKey(strings.ReplaceAll(t.Code, "_", " "))] = t.Code
		x.keys[foldKey(t.SV)] = t.Code
		x.keys[foldKey(t.EN)] = t.Code
		x.labels = append(x.labels, t.SV)
	}
	for k, code := range aliases {
		x.keys[foldKey(k)] = code
	}
	return x
}

func (x vocabIndex) lookup(s string, suggest bool) (code, suggestion string, ok bool) {
	k := foldKey(strings.TrimRight(s, ".")) // "Avtalssamverkan." as typed at the end of a sentence
	if c, ok := x.keys[k]; ok {
		return c, "", true
	}
	// "Avslutad 2020", "Pågår (sedan 2019)": the word before a date or a note.
	if i := strings.IndexAny(k, "0123456789(,"); i > 0 {
		if c, ok := x.keys[strings.TrimSpace(strings.TrimRight(k[:i], " -–"))]; ok {
			return c, "", true
		}
	}
	if !suggest {
		return "", "", false
	}
	return "", nearest(s, x.labels), false
}

var (
	statuses = newVocabIndex(samverkan.StatusTerms(), map[string]string{
		"pågående": samverkan.StatusRunning, "pågår": samverkan.StatusRunning, "aktiv": samverkan.StatusRunning,
		"aktivt": samverkan.StatusRunning, "igång": samverkan.StatusRunning, "i gång": samverkan.StatusRunning,
		"i drift": samverkan.StatusRunning, "drift": samverkan.StatusRunning, "löpande": samverkan.StatusRunning,
		"startad": samverkan.StatusRunning, "avslutat": samverkan.StatusEnded, "avslutad": samverkan.StatusEnded,
		"avvecklad": samverkan.StatusEnded, "avvecklat": samverkan.StatusEnded, "nedlagd": samverkan.StatusEnded,
		"nedlagt": samverkan.StatusEnded, "upphört": samverkan.StatusEnded, "upphörd": samverkan.StatusEnded,
		"förstudie": samverkan.StatusStudyOngoing, "utredning": samverkan.StatusStudyOngoing,
		"under utredning": samverkan.StatusStudyOngoing, "utreds": samverkan.StatusStudyOngoing,
		"förstudie klar": samverkan.StatusStudyDone, "utredd": samverkan.StatusStudyDone,
		"idé": samverkan.StatusIdea, "förslag": samverkan.StatusIdea, "beslutat": samverkan.StatusDecided,
		"planeras": samverkan.StatusPreparation, "planerad": samverkan.StatusPreparation, "planerat": samverkan.StatusPreparation,
		"under beredning": samverkan.StatusPreparation, "bereds": samverkan.StatusPreparation,
		"uppsagt": samverkan.StatusNoticeGiven, "uppsägning": samverkan.StatusNoticeGiven,
		"översyn": samverkan.StatusUnderReview, "ses över": samverkan.StatusUnderReview,
	})
	costKeys = newVocabIndex(samverkan.CostKeys, map[string]string{
		"invånarantal": "invanare", "invånare": "invanare", "befolkning": "invanare", "per invånare": "invanare",
		"efter invånare": "invanare", "antal invånare": "invanare",
		"lika": "lika_delar", "nyttjande": "nyttjande", "användning": "nyttjande", "fast andel": "fast_andel",
		"procent": "fast_andel", "taxa": "taxa_avgift", "avgift": "taxa_avgift", "enligt avtal": "varierar_per_avtal",
	})
)

// costKeyWords say which key a free-text cost sharing most likely is:
// "Per elev" and "Efter antal användare" go by usage, "50/50" is equal
// shares. The text itself is kept as the key's note.
var costKeyWords = []struct {
	key   string
	words []string
}{
	{"invanare", []string{"invanar", "befolkning", "folkmangd"}},
	{"lika_delar", []string{"lika", "50 50", "halften", "jamnt"}},
	{"fast_andel", []string{"procent", "andel"}},
	{"taxa_avgift", []string{"taxa", "avgift", "timpris", "timtaxa", "pris", "per timme"}},
	{"nyttjande", []string{"nyttjande", "anvandning", "per ", "efter antal", "antal ", "forbrukning", "volym", "interkommunal ersattning"}},
	{"varierar_per_avtal", []string{"enligt avtal", "per avtal", "varierar"}},
}

// guessCostKey returns the key free text most likely means, or "".
func guessCostKey(s string) string {
	k := " " + samverkan.MatchKey(s) + " "
	for _, c := range costKeyWords {
		for _, w := range c.words {
			if strings.Contains(k, " "+w) {
				return c.key
			}
		}
	}
	return ""
}

// splitHard splits on semicolons and line breaks, which separate list
// items always; commas and "och" do only when the pieces do not make up
// one known value together ("Infrastruktur, skydd m.m.").
func splitHard(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' })
	out := f[:0]
	for _, p := range f {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Soft separators split a list cell unless the pieces make up one known
// value together. Areas split on commas and the joining words; lists of
// municipalities also on slashes, plus signs and dashes ("Gislaved–Gnosjö",
// "Gislaved/Gnosjö").
var (
	areaSeps = []string{",", " och ", " samt ", " and ", " & ", " + ", "/"}
	muniSeps = []string{",", " och ", " samt ", " and ", "&", "+", "/", " - ", "–", "—", "|"}
	noSeps   = []string{","}
)

// splitSoft splits a piece on the soft separators, keeping them so
// neighbouring tokens can be joined again. A joining word after a hyphen
// does not split: "Miljö- och hälsoskydd" is one name.
func splitSoft(s string, seps []string) (tokens, sepsFound []string) {
	for {
		i, n := softSep(s, seps)
		if i < 0 {
			return append(tokens, s), sepsFound
		}
		tokens = append(tokens, s[:i])
		sepsFound = append(sepsFound, s[i:i+n])
		s = s[i+n:]
	}
}

// softSep finds the first soft separator in s: its index and length, or
// -1. At one index the separator listed first wins. One pass over s: it
// searched the whole of s once per separator, for every token, and
// splitting the municipality column was a sixth of planning an import.
func softSep(s string, seps []string) (int, int) {
	starts := firstBytes(seps)
	for i := 0; i < len(s); i++ {
		if !starts[s[i]] {
			continue
		}
		for _, w := range seps {
			if len(w) > len(s)-i || lowerASCII(s[i]) != w[0] || indexFold(s[i:i+len(w)], w) != 0 {
				continue
			}
			// "Miljö- och hälsoskydd", "Barn- och ungdomsvård".
			if w[0] == ' ' && i > 0 && s[i-1] == '-' {
				continue
			}
			return i, len(w)
		}
	}
	return -1, 0
}

// firstBytes marks the bytes the lower-case ASCII words start with, in
// either case: the one-pass scans below look further only at those.
// Every word is non-empty.
func firstBytes(words []string) *[256]bool {
	var starts [256]bool
	for _, w := range words {
		starts[w[0]] = true
		if 'a' <= w[0] && w[0] <= 'z' {
			starts[w[0]-'a'+'A'] = true
		}
	}
	return &starts
}

// containsAnyFold reports whether s has any of the lower-case ASCII words,
// ignoring ASCII case, as indexFold finds them; in one pass over s.
func containsAnyFold(s string, words []string) bool {
	if slices.Contains(words, "") {
		return true // as indexFold finds "" anywhere
	}
	starts := firstBytes(words)
	for i := 0; i < len(s); i++ {
		if !starts[s[i]] {
			continue
		}
		c := lowerASCII(s[i])
		for _, w := range words {
			if w[0] == c && len(w) <= len(s)-i && indexFold(s[i:i+len(w)], w) == 0 {
				return true
			}
		}
	}
	return false
}

// lowerASCII lower-cases an ASCII letter, as indexFold compares.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// maxJoin bounds how many soft tokens are tried together, so a cell of a
// thousand commas stays linear.
const maxJoin = 6

// splitMatch splits a list cell into items. Hard separators always split;
// soft ones split unless the joined text is itself a known value (match).
// Unknown tokens come back as items too, for the caller to report.
func splitMatch(s string, seps []string, match func(string) bool) []string {
	var out []string
	for _, piece := range splitHard(s) {
		out = append(out, splitPiece(piece, seps, match)...)
	}
	return out
}

// splitPiece splits one piece between hard separators.
func splitPiece(piece string, seps []string, match func(string) bool) []string {
	if match(piece) {
		return []string{piece}
	}
	var out []string
	toks, found := splitSoft(piece, seps)
	for i := 0; i < len(toks); {
		taken := false
		for j := min(len(toks)-1, i+maxJoin); j > i; j-- {
			var b strings.Builder
			for k := i; k <= j; k++ {
				b.WriteString(toks[k])
				if k < j {
					b.WriteString(found[k])
				}
			}
			if c := strings.TrimSpace(b.String()); match(c) {
				out = append(out, c)
				i, taken = j+1, true
				break
			}
		}
		if !taken {
			if t := strings.TrimSpace(toks[i]); t != "" {
				out = append(out, t)
			}
			i++
		}
	}
	return out
}

// ParseBool reads ja/nej, x, true/false, 1/0. ok is false for anything
// else; set is false for an empty cell.
func ParseBool(s string) (v, set, ok bool) {
	switch foldKey(strings.Trim(s, ".!")) {
	case "":
		return false, false, true
	case "ja", "j", "x", "yes", "y", "true", "sant", "1", "✓", "✔", "offentlig", "publik":
		return true, true, true
	case "nej", "n", "no", "false", "falskt", "0", "-", "–", "ej", "inte offentlig", "intern":
		return false, true, true
	}
	return false, false, false
}

// ParseAmount reads whole kronor as spreadsheets hold them: "1 200 000 kr",
// "1,2 mnkr", "350 tkr", "150 000:-", "1 200 000,50", "1.200.000", "ca 400
// tkr", an Excel number. Fractions are rounded to whole kronor. Empty and
// the words for "not known" ("okänd", "?", "-") give nil: unknown is not
// zero; "gratis" and "ingen kostnad" are zero.
func ParseAmount(s string) (*int64, bool) {
	a, ok := parseAmount(s, 1)
	return a.value, ok
}

// amount is one amount cell as read.
type amount struct {
	value  *int64
	unit   bool // the cell named its unit (kr, tkr, mkr …)
	approx bool // "ca", "cirka", "~"
}

var (
	unknownAmounts = []string{"okand", "okant", "ej kand", "ej kant", "uppgift saknas", "saknas", "vet ej", "n a", "na",
		"ej angiven", "ej angivet", "ej klart", "oklart"}
	zeroAmounts   = []string{"gratis", "ingen kostnad", "ingen", "inga kostnader", "kostnadsfritt", "kostnadsfri", "noll", "0 kronor"}
	approxAmounts = []string{"ca.", "ca", "cirka", "ungefar", "ung.", "runt", "omkring", "~", "≈"}
)

// parseAmount reads an amount; a bare number is multiplied by colMult,
// the unit the column's header names ("Kostnad (tkr)").
func parseAmount(s string, colMult float64) (a amount, ok bool) {
	k := foldKey(strings.TrimSpace(s))
	switch {
	case k == "":
		return amount{}, true
	case strings.Trim(k, "?-–—. ") == "":
		return amount{}, true // "?", "-", "--"
	case slices.Contains(unknownAmounts, samverkan.MatchKey(k)):
		return amount{}, true
	case slices.Contains(zeroAmounts, k) || slices.Contains(zeroAmounts, samverkan.MatchKey(k)):
		n := int64(0)
		return amount{value: &n, unit: true}, true
	}
	t := k
	for changed := true; changed; {
		changed = false
		for _, w := range approxAmounts {
			if r, cut := strings.CutPrefix(t, w); cut && (r == "" || r[0] == ' ' || isDigit(r[0]) || w == "ca." || w == "~" || w == "≈") {
				t, changed, a.approx = strings.TrimSpace(r), true, true
			}
		}
	}
	t = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r) || r == '\'' || r == '’':
			return -1
		case r == '−' || r == '–':
			return '-'
		}
		return r
	}, t)
	t = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "/år"), "peryear"), "perår")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "/year"), "/ar")
	t = strings.TrimSuffix(t, "perar")
	mult := colMult
	for _, u := range []struct {
		suffix string
		mult   float64
	}{
		{"miljonerkronor", 1e6}, {"miljonerkr", 1e6}, {"miljoner", 1e6}, {"milj.kr", 1e6}, {"miljkr", 1e6}, {"milj.", 1e6}, {"milj", 1e6},
		{"mnkr", 1e6}, {"mkr", 1e6}, {"msek", 1e6}, {"mnsek", 1e6}, {"mn", 1e6},
		{"tusenkronor", 1e3}, {"tusenkr", 1e3}, {"tusen", 1e3}, {"tkr", 1e3}, {"ksek", 1e3}, {"tsek", 1e3},
		{"kronor", 1}, {"kr.", 1}, {"kr", 1}, {"sek", 1}, {":-", 1},
	} {
		if r, cut := strings.CutSuffix(t, u.suffix); cut {
			t, mult, a.unit = r, u.mult, true
			break
		}
	}
	if r, cut := strings.CutPrefix(t, "sek"); cut {
		t, a.unit = r, true
	} else if r, cut := strings.CutPrefix(t, "kr"); cut {
		t, a.unit = r, true
	}
	t = strings.TrimSuffix(t, ":-")
	f, ok := parseNumber(t)
	if !ok {
		return amount{}, false
	}
	v := math.Round(f * mult)
	if math.IsNaN(v) || math.Abs(v) > 1e15 {
		return amount{}, false
	}
	n := int64(v)
	a.value = &n
	return a, true
}

// parseNumber reads a decimal number with Swedish or English separators.
// With both "," and ".", the last one is the decimal mark; a lone comma is
// a decimal comma (Swedish); dots in groups of three are thousands.
func parseNumber(t string) (float64, bool) {
	if t == "" || len(t) > 40 {
		return 0, false
	}
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	lastDot, lastComma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	switch {
	case dots > 0 && commas > 0:
		if lastComma > lastDot {
			t = strings.ReplaceAll(t, ".", "")
			t = strings.Replace(t, ",", ".", 1)
		} else {
			t = strings.ReplaceAll(t, ",", "")
		}
	case commas > 1:
		t = strings.ReplaceAll(t, ",", "")
	case commas == 1:
		t = strings.Replace(t, ",", ".", 1)
	case dots > 1:
		t = strings.ReplaceAll(t, ".", "")
	case dots == 1 && len(t)-lastDot-1 == 3 && lastDot <= 3 && lastDot > 0 && t[0] != '0':
		t = strings.Replace(t, ".", "", 1) // "1.200" is a thousand and two hundred
	}
	for _, r := range t {
		if (r < '0' || r > '9') && r != '.' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

// indexFold finds the lower-case ASCII word w in s ignoring ASCII case.
// Unlike searching strings.ToLower(s), the index is one into s itself:
// lower-casing may change the byte length of other characters.
func indexFold(s, w string) int {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for ; j < len(w); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
		}
		if j == len(w) {
			return i
		}
	}
	return -1
}
