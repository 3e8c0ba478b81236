package tabular

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/samverkan/samverkan"
)

// Field is what a column holds.
type Field string

// Fields of the import template (DESIGN.md), plus the ID that exports add.
const (
	FieldID               Field = "id"
	FieldTitle            Field = "title"
	FieldAreas            Field = "areas"
	FieldLegalForm        Field = "legal_form"
	FieldHost             Field = "host"
	FieldMunicipalities   Field = "municipalities"
	FieldParties          Field = "parties"
	FieldStart            Field = "start"
	FieldEnd              Field = "end"
	FieldStatus           Field = "status"
	FieldAgreementValidTo Field = "agreement_valid_to"
	FieldAnnualCost       Field = "annual_cost"
	FieldCostKey          Field = "cost_key"
	FieldContact          Field = "contact"
	FieldDescription      Field = "description"
	FieldPublic           Field = "public"
)

// Column is one column of the template: its Swedish header, the other
// headers people write for it (from headers.csv), a width for exports and
// a hint for the instructions sheet.
type Column struct {
	Field   Field
	Header  string
	Aliases []string
	Width   float64
	Hint    string
}

// Columns are the template's columns in DESIGN.md order.
var Columns = []Column{
	{FieldTitle, "Namn", nil, 40,
		"Samverkans namn. Måste fyllas i."},
	{FieldAreas, "Område", nil, 30,
		"Verksamhetsområde: kod, namn från bladet Koder eller ett vardagsord (VA, lön, LSS, gymnasiet …). Flera skiljs med semikolon. Det som inte känns igen sparas som område att granska."},
	{FieldLegalForm, "Samverkansform", nil, 30,
		"Samverkansform: kod eller namn från bladet Koder, eller som man brukar skriva (GN, avtal, kommunalförbund med direktion)."},
	{FieldHost, "Värdkommun", nil, 18,
		"Kommunens namn eller fyrsiffriga kod, med eller utan ”kommun”."},
	{FieldMunicipalities, "Deltagande kommuner", nil, 40,
		"Namn eller koder, skilda med komma, semikolon, ”och” eller radbrytning. Värdkommunen räknas alltid med."},
	{FieldParties, "Externa parter", nil, 30,
		"Regioner, myndigheter, bolag och andra som inte är kommuner. Flera skiljs med semikolon."},
	{FieldStart, "Start", nil, 12,
		"Datum, t.ex. 2018-10-03 eller 3 oktober 2018."},
	{FieldEnd, "Slut", nil, 12,
		"Datum då samverkan upphörde eller upphör."},
	{FieldStatus, "Status", nil, 16,
		"Status: kod eller namn från bladet Koder. Tom betyder Igång för nya rader."},
	{FieldAgreementValidTo, "Avtal giltigt till", nil, 16,
		"Datum då avtalet löper ut."},
	{FieldAnnualCost, "Årlig kostnad", nil, 16,
		"Hela kronor, t.ex. 1 200 000 kr, 1,2 mnkr eller 350 tkr."},
	{FieldCostKey, "Fördelningsnyckel", nil, 22,
		"Fördelningsnyckel: kod eller namn från bladet Koder."},
	{FieldContact, "Kontaktfunktion", nil, 24,
		"En funktion, inte en person, t.ex. Samverkanssamordnare."},
	{FieldDescription, "Beskrivning", nil, 50,
		"Fri text."},
	{FieldPublic, "Offentlig", nil, 10,
		"Ja eller nej (även x, true, false). Tom betyder ja för nya rader."},
}

// idColumn is the column exports add first, so a re-import updates the
// same records.
var idColumn = Column{FieldID, "ID", nil, 8, "Samverkans nummer i Samverkan."}

// HeaderOf returns the Swedish header of a field.
func HeaderOf(f Field) string {
	if c, ok := columnOf(f); ok {
		return c.Header
	}
	return string(f)
}

func columnOf(f Field) (Column, bool) {
	if f == FieldID {
		return idColumn, true
	}
	for _, c := range Columns {
		if c.Field == f {
			return c, true
		}
	}
	return Column{}, false
}

// headerSynonyms is the table of other headers per column: a file a
// non-programmer can read and extend.
//
//go:embed headers.csv
var headerSynonyms string

// headerIndex maps header keys to fields; headerPhrases are the headers
// and aliases as words, for headers that contain one ("Kommuner som ingår
// i samverkan").
var headerIndex, headerPhrases = indexHeaders()

type headerPhrase struct {
	words []string
	size  int
	field Field
}

// indexHeaders reads headers.csv into the Columns' Aliases and indexes
// them. A line naming no column is a mistake in a file that ships inside
// the binary, so it stops the start; the tests read the file.
func indexHeaders() (map[string]Field, []headerPhrase) {
	cols := []*Column{&idColumn}
	for i := range Columns {
		cols = append(cols, &Columns[i])
	}
	for i, line := range strings.Split(headerSynonyms, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || i == 0 {
			continue
		}
		header, alias, ok := strings.Cut(line, ";")
		header, alias = strings.TrimSpace(header), strings.TrimSpace(alias)
		j := slices.IndexFunc(cols, func(c *Column) bool { return c.Header == header })
		if !ok || alias == "" || j < 0 {
			panic(fmt.Sprintf("headers.csv:%d: want a template header;another header, got %q", i+1, line))
		}
		cols[j].Aliases = append(cols[j].Aliases, alias)
	}
	m := map[string]Field{}
	var phrases []headerPhrase
	for _, c := range cols {
		for _, n := range append([]string{c.Header, string(c.Field)}, c.Aliases...) {
			m[headerKey(n)] = c.Field
			words := strings.Fields(samverkan.MatchKey(n))
			if k := strings.Join(words, ""); len(k) >= 4 {
				phrases = append(phrases, headerPhrase{words, len(k), c.Field})
			}
		}
	}
	return m, phrases
}

// headerKey reduces a header to lower-case letters and digits without
// diacritics, dropping parenthesised hints ("Start (ÅÅÅÅ-MM-DD)").
func headerKey(s string) string {
	s = samverkan.Fold(strings.ToLower(stripHint(s)))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func stripHint(s string) string {
	if i := strings.IndexAny(s, "(["); i > 0 {
		return s[:i]
	}
	return s
}

// maxHeaderWords is the longest header read word by word: longer text is
// a title or a note above the header, not a column name.
const maxHeaderWords = 6

// phraseField finds the field whose header or alias stands as whole words
// in h ("Årlig kostnad för kommunen", "Kontaktperson/funktion"); a word of
// h may carry a short ending ("kommunerna" for "kommuner"). The longest
// phrase wins; two fields with equally long phrases leave h unmatched.
func phraseField(h string) Field {
	words := strings.Fields(samverkan.MatchKey(stripHint(h)))
	if len(words) == 0 || len(words) > maxHeaderWords {
		return ""
	}
	best, bestSize, tie := Field(""), 0, false
	for _, p := range headerPhrases {
		if p.size < bestSize || !containsPhrase(words, p.words) {
			continue
		}
		if p.size == bestSize && p.field != best {
			tie = true
			continue
		}
		best, bestSize, tie = p.field, p.size, false
	}
	if tie {
		return ""
	}
	return best
}

func containsPhrase(words, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(words); i++ {
		ok := true
		for j, w := range phrase {
			h := words[i+j]
			if h != w && !(len(w) >= 5 && strings.HasPrefix(h, w) && len(h)-len(w) <= 4) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// headerScale is the unit a cost column's header gives its bare numbers:
// "Kostnad (tkr)", "Budget, mnkr"; 0 when it names none.
func headerScale(h string) int64 {
	for _, w := range strings.Fields(samverkan.MatchKey(h)) {
		switch w {
		case "tkr", "tusental", "ksek", "tsek":
			return 1000
		case "mkr", "mnkr", "msek", "miljoner", "milj":
			return 1000000
		}
	}
	return 0
}

// matchHeader returns the field a header names, or a guess when only a
// near miss matches.
func matchHeader(h string) (f Field, guess Field) {
	k := headerKey(h)
	if k == "" {
		return "", ""
	}
	if f, ok := headerIndex[k]; ok {
		return f, ""
	}
	// "Kostnad 2020", "Budget 2024".
	if t := strings.TrimRightFunc(k, unicode.IsDigit); t != k && len(t) >= 3 {
		if f, ok := headerIndex[t]; ok {
			return f, ""
		}
	}
	if f := phraseField(h); f != "" {
		return f, ""
	}
	if len(k) < 4 {
		return "", ""
	}
	best, bestD := Field(""), 3
	if len(k) < 8 {
		bestD = 2
	}
	for key, f := range headerIndex {
		if d := distance(k, key, bestD); d < bestD {
			best, bestD = f, d
		}
	}
	return "", best
}

// ColumnMatch is what one column of the file was matched to.
type ColumnMatch struct {
	Index  int    `json:"index"`
	Header string `json:"header"`
	Field  Field  `json:"field,omitempty"`
	// Guess is the field a near-miss header probably means; the UI
	// preselects it in the mapping step.
	Guess Field `json:"guess,omitempty"`
	// Scale is the unit the header gives a cost column's bare numbers:
	// 1000 for "Kostnad (tkr)", 1000000 for "Budget (mkr)".
	Scale int64 `json:"scale,omitempty"`
}

// Mapping says which column holds which field.
type Mapping struct {
	Columns   []ColumnMatch `json:"columns"`
	Unmatched []ColumnMatch `json:"unmatched,omitempty"`
	byField   map[Field]int
}

// MatchColumns matches a header row. override (column index → field, ""
// to ignore) is what the user chose in the mapping step; it wins over
// the automatic match. A field claimed by two columns goes to the first.
func MatchColumns(header []string, override map[int]Field) Mapping {
	m := Mapping{byField: map[Field]int{}}
	for i, h := range header {
		f, guess := matchHeader(h)
		o, overridden := override[i]
		if overridden {
			f, guess = o, ""
			if _, ok := columnOf(f); !ok {
				f = ""
			}
		}
		if _, taken := m.byField[f]; f != "" && taken {
			f, guess = "", ""
		}
		cm := ColumnMatch{Index: i, Header: strings.TrimSpace(h), Field: f, Guess: guess}
		if f == FieldAnnualCost {
			cm.Scale = headerScale(h)
		}
		if f != "" {
			m.byField[f] = i
			m.Columns = append(m.Columns, cm)
		} else if cm.Header != "" {
			m.Unmatched = append(m.Unmatched, cm) // ignored by choice or not understood
		}
	}
	return m
}

// Has reports whether some column holds f.
func (m Mapping) Has(f Field) bool { _, ok := m.byField[f]; return ok }

// Index returns the column holding f.
func (m Mapping) Index(f Field) (int, bool) { i, ok := m.byField[f]; return i, ok }

// score is how well a row looks like a header: the number of fields it
// names. A header must name the title and at least one more field.
func headerScore(row []string) int {
	m := MatchColumns(row, nil)
	if !m.Has(FieldTitle) {
		return 0
	}
	return len(m.Columns)
}
