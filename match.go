package samverkan

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// The synonym tables are data, kept where a non-programmer can read and
// correct them: one "code;synonym" pair a line, # starts a comment.
//
//go:embed synonyms/*.csv
var synonymFiles embed.FS

// Synonym is one everyday word for a vocabulary code.
type Synonym struct {
	Code, Text string
	Line       int
}

// loadSynonyms reads one synonym table. A malformed line is a programming
// error in a file that ships inside the binary, so it panics at start-up,
// and the tests read every file.
func loadSynonyms(name string) []Synonym {
	f, err := synonymFiles.Open("synonyms/" + name)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	var out []Synonym
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		code, text, ok := strings.Cut(s, ";")
		code, text = strings.TrimSpace(code), strings.TrimSpace(text)
		if !ok || code == "" || text == "" || strings.Contains(text, ";") {
			panic(fmt.Sprintf("synonyms/%s:%d: want kod;synonym, got %q", name, line, s))
		}
		if line == 1 || code == "kod" && text == "synonym" {
			continue // the header
		}
		out = append(out, Synonym{Code: code, Text: text, Line: line})
	}
	if err := sc.Err(); err != nil {
		panic(err)
	}
	return out
}

// MatchKey reduces what a person typed to what matching compares: lower
// case without diacritics, every run of punctuation and white space one
// space. "Miljö- och hälsoskydd" and "miljo och halsoskydd" get one key;
// so do "X-IT" and "x it".
func MatchKey(s string) string {
	s = Fold(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '§' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// inflections are Swedish endings a noun takes in a list ("biblioteken",
// "räddningstjänsten", "överförmyndaren", "lönerna"), longest first.
var inflections = []string{"ernas", "arnas", "erna", "arna", "orna", "ens", "ets", "en", "et", "na", "er", "ar", "or", "n", "t", "s"}

// uninflect returns the forms of key without a Swedish ending on its last
// word, for looking up the base form.
func uninflect(key string) []string {
	var out []string
	for _, e := range inflections {
		if b, ok := strings.CutSuffix(key, e); ok && len(b) >= 3 && b[len(b)-1] != ' ' {
			out = append(out, b)
		}
	}
	return out
}

// editDistance is the Levenshtein distance of a and b by byte (keys are
// folded to ASCII letters), or limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
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
	return min(prev[len(b)], limit)
}

// Ways a typed value was matched, from surest to loosest. The first three
// are the value itself; the rest are readings a person should check, and
// importers say so.
const (
	ViaExact      = "exact"      // the code or the vocabulary's own name
	ViaSynonym    = "synonym"    // a word from the synonym table
	ViaInflection = "inflection" // either of those with a Swedish ending
	ViaCompound   = "compound"   // a longer word that starts with one ("bygglovshandläggning")
	ViaPrefix     = "prefix"     // the start of one ("vuxenutb")
	ViaWord       = "word"       // one phrase inside longer text ("gemensam IT-drift")
	ViaSpelling   = "spelling"   // one letter off ("räddingstjänst")
	ViaGeneral    = "general"    // a general kind where the vocabulary has variants
	ViaQualified  = "qualified"  // read from a note beside the word ("avtal (enligt LSO)")
)

// Sure reports whether a match by via needs no second look.
func Sure(via string) bool { return via == ViaExact || via == ViaSynonym || via == ViaInflection }

// keyIndex maps match keys to codes and finds a code for typed text by
// ever looser readings.
type keyIndex struct {
	codes map[string]string // key → code; "" marks a key two codes claim
	via   map[string]string // key → ViaExact or ViaSynonym
	keys  []string          // every key with a code, for compound and spelling matches
}

func newKeyIndex() *keyIndex {
	return &keyIndex{codes: map[string]string{}, via: map[string]string{}}
}

// add maps key to code. A name or synonym wins over a part of a name
// (weak); two codes on one key at the same level leave the key to neither,
// so an ambiguous word is never read as one of its meanings.
func (x *keyIndex) add(key, code, via string, weak bool) {
	if key == "" {
		return
	}
	cur, ok := x.codes[key]
	if !ok {
		if weak {
			via = "part"
		}
		x.codes[key], x.via[key] = code, via
		x.keys = append(x.keys, key)
		return
	}
	curWeak := x.via[key] == "part"
	switch {
	case cur == code && (weak || !curWeak):
	case weak && !curWeak: // a name or synonym already has the key
	case !weak && curWeak:
		x.codes[key], x.via[key] = code, via
	default:
		x.codes[key] = "" // claimed by two at one level: ambiguous
	}
}

// direct looks key up as it is and without an inflection.
func (x *keyIndex) direct(key string) (code, via string) {
	if c := x.codes[key]; c != "" {
		v := x.via[key]
		if v == "part" {
			v = ViaExact
		}
		return c, v
	}
	for _, b := range uninflect(key) {
		if c := x.codes[b]; c != "" {
			return c, ViaInflection
		}
	}
	return "", ""
}

// minCompound is the shortest key a longer word may start with: "lön"
// must not claim "lönnträd", "bygglov" may claim "bygglovshandläggning".
const minCompound = 5

func (x *keyIndex) match(key string) (code, via string) {
	if key == "" {
		return "", ""
	}
	if c, v := x.direct(key); c != "" {
		return c, v
	}
	// A compound: the longest key the text starts with, ending inside a
	// word ("räddningstjänstförbund") or at a word boundary.
	best := ""
	for _, k := range x.keys {
		if len(k) >= minCompound && len(k) > len(best) && strings.HasPrefix(key, k) && x.codes[k] != "" {
			best = k
		}
	}
	if best != "" && !strings.Contains(key[len(best):], " ") {
		return x.codes[best], ViaCompound
	}
	// The start of names that all mean one thing ("turistverks").
	if len(key) >= 4 {
		found := ""
		for _, k := range x.keys {
			if c := x.codes[k]; c != "" && strings.HasPrefix(k, key) {
				if found != "" && found != c {
					found = "\x00"
					break
				}
				found = c
			}
		}
		if found != "" && found != "\x00" {
			return found, ViaPrefix
		}
	}
	// One phrase in longer text ("gemensam IT-drift"): the runs of words
	// that name something, longest first, a run inside a longer one not
	// counted ("vård av äldre" is not also "vård"), must all name one thing.
	words := strings.Fields(key)
	if len(words) > 1 {
		covered := make([]bool, len(words))
		found := ""
		for n := len(words) - 1; n >= 1; n-- {
			for i := 0; i+n <= len(words); i++ {
				if !slices.Contains(covered[i:i+n], false) {
					continue
				}
				phrase := strings.Join(words[i:i+n], " ")
				if len(phrase) < 2 {
					continue
				}
				c, _ := x.direct(phrase)
				if c == "" {
					continue
				}
				if found != "" && found != c {
					return "", ""
				}
				found = c
				for j := i; j < i+n; j++ {
					covered[j] = true
				}
			}
		}
		if found != "" {
			return found, ViaWord
		}
	}
	// One letter off, in a word long enough that one letter cannot
	// make it another word.
	if len(key) >= 7 {
		found := ""
		for _, k := range x.keys {
			if len(k) < 7 || x.codes[k] == "" || editDistance(key, k, 2) > 1 {
				continue
			}
			if found != "" && found != x.codes[k] {
				return "", ""
			}
			found = x.codes[k]
		}
		if found != "" {
			return found, ViaSpelling
		}
	}
	return "", ""
}
