package tabular

import (
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
// headers people write for it, a width for exports and a hint for the
// instructions sheet.
type Column struct {
	Field   Field
	Header  string
	Aliases []string
	Width   float64
	Hint    string
}

// Columns are the template's columns in DESIGN.md order.
var Columns = []Column{
	{FieldTitle, "Namn", []string{"titel", "title", "name", "benämning", "samverkan", "samverkansnamn", "rubrik", "namn på samverkan"}, 40,
		"Samverkans namn. Måste fyllas i."},
	{FieldAreas, "Område", []string{"områden", "verksamhetsområde", "verksamhetsområden", "area", "areas", "sektor", "verksamhet"}, 30,
		"Verksamhetsområde: kod eller namn från bladet Koder. Flera skiljs med semikolon."},
	{FieldLegalForm, "Samverkansform", []string{"form", "juridisk form", "legal form", "organisationsform", "samarbetsform", "typ av samverkan"}, 30,
		"Samverkansform: kod eller namn från bladet Koder."},
	{FieldHost, "Värdkommun", []string{"värd", "huvudman", "host", "host municipality", "utförarkommun", "ansvarig kommun", "värdkommun kod"}, 18,
		"Kommunens namn eller fyrsiffriga kod, med eller utan ”kommun”."},
	{FieldMunicipalities, "Deltagande kommuner", []string{"kommuner", "deltagare", "municipalities", "participants", "participating municipalities", "medlemmar", "medlemskommuner", "ingående kommuner", "deltagande kommun"}, 40,
		"Namn eller koder, skilda med komma, semikolon, ”och” eller radbrytning. Värdkommunen räknas alltid med."},
	{FieldParties, "Externa parter", []string{"parter", "externa", "external parties", "parties", "övriga parter", "andra parter", "extern part"}, 30,
		"Regioner, myndigheter, bolag och andra som inte är kommuner. Flera skiljs med semikolon."},
	{FieldStart, "Start", []string{"startdatum", "start date", "från", "from", "startar", "påbörjad", "datum start", "startår"}, 12,
		"Datum, t.ex. 2018-10-03 eller 3 oktober 2018."},
	{FieldEnd, "Slut", []string{"slutdatum", "end date", "end", "till", "to", "upphör", "datum slut", "slutår"}, 12,
		"Datum då samverkan upphörde eller upphör."},
	{FieldStatus, "Status", []string{"fas", "läge", "state", "skede", "livscykel"}, 16,
		"Status: kod eller namn från bladet Koder. Tom betyder Igång för nya rader."},
	{FieldAgreementValidTo, "Avtal giltigt till", []string{"avtalet gäller till", "giltigt till", "avtal till", "avtalstid till", "agreement valid to", "valid to", "avtal gäller till", "avtalsslut"}, 16,
		"Datum då avtalet löper ut."},
	{FieldAnnualCost, "Årlig kostnad", []string{"kostnad", "kostnad per år", "årskostnad", "annual cost", "cost", "budget", "kostnad kr", "kostnad sek"}, 16,
		"Hela kronor, t.ex. 1 200 000 kr, 1,2 mnkr eller 350 tkr."},
	{FieldCostKey, "Fördelningsnyckel", []string{"kostnadsfördelning", "cost key", "cost sharing", "cost sharing key", "fördelning", "fördelningsgrund"}, 22,
		"Fördelningsnyckel: kod eller namn från bladet Koder."},
	{FieldContact, "Kontaktfunktion", []string{"kontakt", "kontaktfunktioner", "kontaktperson", "contact", "contact function", "ansvarig funktion"}, 24,
		"En funktion, inte en person, t.ex. Samverkanssamordnare."},
	{FieldDescription, "Beskrivning", []string{"description", "kommentar", "kommentarer", "anteckningar", "notes", "övrigt", "syfte och innehåll"}, 50,
		"Fri text."},
	{FieldPublic, "Offentlig", []string{"public", "publicera", "synlig", "offentligt", "visas offentligt", "publik"}, 10,
		"Ja eller nej (även x, true, false). Tom betyder ja för nya rader."},
}

// idColumn is the column exports add first, so a re-import updates the
// same records.
var idColumn = Column{FieldID, "ID", []string{"samverkans id", "collaboration id", "id nr"}, 8, "Samverkans nummer i Samverkan."}

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

// headerIndex maps header keys to fields.
var headerIndex = func() map[string]Field {
	m := map[string]Field{}
	for _, c := range append([]Column{idColumn}, Columns...) {
		m[headerKey(c.Header)] = c.Field
		m[headerKey(string(c.Field))] = c.Field
		for _, a := range c.Aliases {
			m[headerKey(a)] = c.Field
		}
	}
	return m
}()

// headerKey reduces a header to lower-case letters and digits without
// diacritics, dropping parenthesised hints ("Start (ÅÅÅÅ-MM-DD)").
func headerKey(s string) string {
	if i := strings.IndexAny(s, "(["); i > 0 {
		s = s[:i]
	}
	s = samverkan.Fold(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
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
