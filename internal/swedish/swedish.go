// Package swedish analyses Swedish text for search: it splits text into
// words, drops the stop words and reduces each word to its stem with the
// Snowball Swedish algorithm, the one PostgreSQL's "swedish" text search
// configuration uses, so that a search finds the same records on SQLite
// (where the store indexes these terms) and on PostgreSQL.
package swedish

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Words splits text into its words, lower-cased: runs of letters and
// digits. "IT-nämnden" is two words, "it" and "nämnden".
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(norm.NFC.String(text)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Terms returns the stems of text's words that are not stop words, in
// order: what the search index holds and what a query looks for.
func Terms(text string) []string {
	words := Words(text)
	out := words[:0]
	for _, w := range words {
		if !stopWords[w] {
			out = append(out, Stem(w))
		}
	}
	return out
}

// IsStopWord reports whether a lower-case word is too common to search
// for ("och", "i", "att").
func IsStopWord(w string) bool { return stopWords[w] }

// stopWords is Snowball's Swedish stop word list, as PostgreSQL ships it
// (tsearch_data/swedish.stop).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`och det att i en jag hon som han på den med var sig för så till är men
		ett om hade de av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid
		kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon
		eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa
		några deras blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka
		ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas`) {
		m[w] = true
	}
	return m
}()

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'å', 'ö':
		return true
	}
	return false
}

// Step 1's suffixes, deleted when in R1; the longest that fits wins.
var mainSuffixes = []string{
	"heterna", "hetens", "anden", "andes", "andet", "arens", "arnas", "ernas", "heten", "heter", "ornas",
	"ande", "arna", "arne", "aren", "aste", "erna", "erns", "orna", "ades", "ade", "are", "ern", "het", "ast",
	"ens", "ad", "ar", "as", "at", "en", "er", "es", "or", "a", "e",
}

// validSEnding are the letters an s may follow to be removed.
const validSEnding = "bcdfghjklmnoprtvy"

// Stem returns the Snowball Swedish stem of a lower-case word:
// "kommunerna" → "kommun", "möjligheter" → "möj", "friskt" → "frisk".
func Stem(word string) string {
	w := []rune(word)
	p1 := r1(w)
	inR1 := func(suffix []rune) bool {
		return len(w)-len(suffix) >= p1 && hasSuffix(w, suffix)
	}
	longest := -1
	for i, s := range mainSuffixRunes {
		if inR1(s) && (longest < 0 || len(s) > len(mainSuffixRunes[longest])) {
			longest = i
		}
	}
	switch {
	case longest >= 0:
		w = w[:len(w)-len(mainSuffixRunes[longest])]
	case inR1(suffixS) && len(w) >= 2 && strings.ContainsRune(validSEnding, w[len(w)-2]):
		w = w[:len(w)-1]
	}
	for _, s := range doubleSuffixRunes {
		if inR1(s) {
			w = w[:len(w)-1]
			break
		}
	}
	switch {
	case inR1(suffixFullt):
		w = w[:len(w)-1]
	case inR1(suffixLost):
		w = w[:len(w)-1]
	case inR1(suffixLig):
		w = w[:len(w)-3]
	case inR1(suffixEls):
		w = w[:len(w)-3]
	case inR1(suffixIg):
		w = w[:len(w)-2]
	}
	return string(w)
}

// The suffixes as runes, converted once: Stem runs for every word of
// every title and description written (the SQLite search index), and
// converting each suffix anew on every call was most of its cost.
var (
	mainSuffixRunes   = runesOf(mainSuffixes...)
	doubleSuffixRunes = runesOf("dd", "gd", "nn", "dt", "gt", "kt", "tt")
	suffixS           = []rune("s")
	suffixFullt       = []rune("fullt")
	suffixLost        = []rune("löst")
	suffixLig         = []rune("lig")
	suffixEls         = []rune("els")
	suffixIg          = []rune("ig")
)

func runesOf(ss ...string) [][]rune {
	out := make([][]rune, len(ss))
	for i, s := range ss {
		out[i] = []rune(s)
	}
	return out
}

// r1 is where R1 begins: after the first non-vowel that follows a vowel,
// but at least three letters in; the word's length when there is none.
func r1(w []rune) int {
	if len(w) < 3 {
		return len(w)
	}
	for i := 1; i < len(w); i++ {
		if !isVowel(w[i]) && isVowel(w[i-1]) {
			return max(i+1, 3)
		}
	}
	return len(w)
}

func hasSuffix(w, s []rune) bool {
	if len(s) > len(w) {
		return false
	}
	for i := range s {
		if w[len(w)-len(s)+i] != s[i] {
			return false
		}
	}
	return true
}
