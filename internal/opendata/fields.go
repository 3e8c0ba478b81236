package opendata

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/samverkan/samverkan"
)

// FieldType is a field's type, named as in Frictionless Table Schema.
type FieldType string

// Field types. A list is a JSON array of strings and, in CSV, one cell with
// the items joined by ListSeparator.
const (
	TypeString   FieldType = "string"
	TypeInteger  FieldType = "integer"
	TypeNumber   FieldType = "number"
	TypeDate     FieldType = "date"     // YYYY-MM-DD
	TypeDateTime FieldType = "datetime" // RFC 3339, UTC
	TypeList     FieldType = "list"
)

// ListSeparator joins a list's items in a CSV cell.
const ListSeparator = ";"

// Field is one column of a table and one key of its JSON object. Every
// output that names a field (JSON, CSV, JSON Schema, Table Schema, the
// schema page) reads it from here.
type Field struct {
	Name     string // snake_case; CSV header and JSON key
	Type     FieldType
	Required bool // never null or empty
	// ParentKey marks the column that links a child row to its parent in
	// CSV (collaboration_id, network_slug). In JSON the row sits inside its
	// parent, so the key is left out there.
	ParentKey bool
	Enum      []string // the closed vocabulary of codes, when there is one
	Pattern   string   // a regular expression the value (each item of a list) matches
	Format    string   // "uri" for web addresses (http or https only)
	MaxLength int      // in characters, for strings and list items
	Minimum   *float64
	Maximum   *float64
	SV, EN    string // what the field means, in Swedish and English
}

// Table is one CSV file and one kind of JSON object.
type Table struct {
	Name       string // the file is Name + ".csv"
	SV, EN     string
	Fields     []Field
	PrimaryKey []string
	// Parent is the table whose JSON objects hold this table's rows under
	// JSONKey; ParentField is the parent's key that ParentKey refers to.
	Parent      string
	ParentField string
	JSONKey     string
	goType      reflect.Type
}

// CSVName is the table's file name.
func (t *Table) CSVName() string { return t.Name + ".csv" }

// Field returns the field with the given name.
func (t *Table) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Patterns shared by several fields.
const (
	patternCode      = `^[0-9]{4}$`
	patternSlug      = `^[a-z0-9]+(-[a-z0-9]+)*$`
	patternArea      = `^[0-9A-Z]+(-[0-9A-Z]+)*$`
	patternOrgNumber = `^[0-9]{6}-[0-9]{4}$`
	patternURL       = `^https?://`
)

// Lengths, the domain's own limits (validate.go) where it has them.
const (
	maxTitle = samverkan.MaxTitle
	maxText  = samverkan.MaxDescription
	maxShort = samverkan.MaxShortText
	maxURL   = 2000
	maxCode  = 60
)

func num(f float64) *float64 { return &f }

func codes(v samverkan.Vocabulary) []string {
	out := make([]string, len(v))
	for i, t := range v {
		out[i] = t.Code
	}
	return out
}

// Cost-sharing methods (Collaboration.CostSharing) and bases (CostShare.Basis).
const (
	SharingPopulation = "population"
	SharingEqual      = "equal"
	SharingAgreement  = "agreement"
	SharingUnknown    = "unknown_cost"
)

var (
	fCollabID = Field{Name: "collaboration_id", Type: TypeInteger, Required: true, ParentKey: true, Minimum: num(1),
		SV: "Samverkans id i källan (collaborations.id).", EN: "The collaboration's id at the source (collaborations.id)."}
	fURL = func(sv, en string) Field {
		return Field{Name: "url", Type: TypeString, Format: "uri", Pattern: patternURL, MaxLength: maxURL, SV: sv, EN: en}
	}
)

// Tables is the description of the dataset, parents before children.
var Tables = []*Table{
	{
		Name: "networks", SV: "Offentliga samverkansnätverk.", EN: "Public networks of municipalities.",
		PrimaryKey: []string{"slug"}, goType: reflect.TypeFor[Network](),
		Fields: []Field{
			{Name: "slug", Type: TypeString, Required: true, Pattern: patternSlug, MaxLength: 60,
				SV: "Nätverkets kortnamn i adresser, unikt i källan.", EN: "The network's short name in addresses, unique at the source."},
			{Name: "name", Type: TypeString, Required: true, MaxLength: maxTitle, SV: "Nätverkets namn.", EN: "The network's name."},
			{Name: "description", Type: TypeString, MaxLength: maxText, SV: "Beskrivning.", EN: "Description."},
			{Name: "coordinator_function", Type: TypeString, MaxLength: maxShort,
				SV: "Funktionen som samordnar nätverket (aldrig en persons namn).", EN: "The function that coordinates the network (never a person's name)."},
			{Name: "declaration_adopted", Type: TypeDate, SV: "Dag då avsiktsförklaringen antogs.", EN: "Date the declaration of intent was adopted."},
			fURL("Nätverkets offentliga sida.", "The network's public page."),
			{Name: "updated", Type: TypeDateTime, Required: true, SV: "Senast ändrad.", EN: "Last changed."},
		},
	},
	{
		Name: "network_members", SV: "Nätverkens medlemskommuner i dag.", EN: "The networks' member municipalities today.",
		PrimaryKey: []string{"network_slug", "code"}, Parent: "networks", ParentField: "slug", JSONKey: "members",
		goType: reflect.TypeFor[NetworkMember](),
		Fields: []Field{
			{Name: "network_slug", Type: TypeString, Required: true, ParentKey: true, Pattern: patternSlug, MaxLength: 60,
				SV: "Nätverkets kortnamn (networks.slug).", EN: "The network's short name (networks.slug)."},
			{Name: "code", Type: TypeString, Required: true, Pattern: patternCode, SV: "Kommunkod (SCB).", EN: "Municipality code (SCB)."},
			{Name: "name", Type: TypeString, Required: true, MaxLength: maxTitle, SV: "Kommunens namn.", EN: "The municipality's name."},
			{Name: "joined", Type: TypeDate, SV: "Dag då kommunen gick med.", EN: "Date the municipality joined."},
		},
	},
	{
		Name: "collaborations", SV: "Offentliga samverkansärenden, från idé till avslut.", EN: "Public collaborations, from idea to end.",
		PrimaryKey: []string{"id"}, goType: reflect.TypeFor[Collaboration](),
		Fields: []Field{
			{Name: "id", Type: TypeInteger, Required: true, Minimum: num(1), SV: "Id i källan.", EN: "Id at the source."},
			fURL("Samverkans offentliga sida.", "The collaboration's public page."),
			{Name: "title", Type: TypeString, Required: true, MaxLength: maxTitle, SV: "Namn.", EN: "Title."},
			{Name: "description", Type: TypeString, MaxLength: maxText, SV: "Beskrivning.", EN: "Description."},
			{Name: "org_number", Type: TypeString, Pattern: patternOrgNumber,
				SV: "Organisationsnummer (NNNNNN-NNNN) när samverkan är en egen juridisk person.", EN: "Organisation number (NNNNNN-NNNN) when the collaboration is a legal person of its own."},
			{Name: "areas", Type: TypeList, Pattern: patternArea, MaxLength: 20,
				SV: "Verksamhetsområden: SCB:s RS-koder och X-koder för stödfunktioner, åtskilda av ; i CSV.", EN: "Areas: SCB's RS activity codes and X- codes for support functions, separated by ; in CSV."},
			{Name: "legal_form", Type: TypeString, Required: true, Enum: codes(samverkan.LegalFormTerms()), SV: "Samverkansform.", EN: "Legal form."},
			{Name: "status", Type: TypeString, Required: true, Enum: codes(samverkan.StatusTerms()), SV: "Status i livscykeln.", EN: "Lifecycle status."},
			{Name: "phase", Type: TypeString, Required: true, Enum: codes(samverkan.Phases), SV: "Fas: möjlighet, pågående eller avslutad.", EN: "Phase: pipeline, running or ended."},
			{Name: "host", Type: TypeString, Pattern: patternCode, SV: "Värdkommunens kod.", EN: "The host municipality's code."},
			{Name: "networks", Type: TypeList, Pattern: patternSlug, MaxLength: 60,
				SV: "De offentliga nätverk samverkan hör till (networks.slug), åtskilda av ; i CSV.", EN: "The public networks it belongs to (networks.slug), separated by ; in CSV."},
			{Name: "start", Type: TypeDate, SV: "Startdag.", EN: "Start date."},
			{Name: "end", Type: TypeDate, SV: "Slutdag.", EN: "End date."},
			{Name: "annual_cost", Type: TypeInteger, Minimum: num(0), SV: "Årlig kostnad i hela kronor; tom när den är okänd.", EN: "Annual cost in whole kronor; empty when unknown."},
			{Name: "cost_key", Type: TypeString, Enum: codes(samverkan.CostKeys), SV: "Fördelningsnyckel.", EN: "Cost-sharing key."},
			{Name: "cost_key_note", Type: TypeString, MaxLength: maxShort, SV: "Förklaring till fördelningsnyckeln.", EN: "Note on the cost-sharing key."},
			{Name: "cost_sharing", Type: TypeString, Required: true, Enum: []string{SharingPopulation, SharingEqual, SharingAgreement, SharingUnknown},
				SV: "Hur andelarna i cost_shares har räknats: efter invånarantal, lika delar, enligt avtal (inga andelar publiceras) eller okänd kostnad.",
				EN: "How the shares in cost_shares were computed: by population, in equal parts, by agreement (no shares published) or unknown cost."},
			{Name: "updated", Type: TypeDateTime, Required: true, SV: "Senast ändrad.", EN: "Last changed."},
		},
	},
	{
		Name: "participants", SV: "Deltagare: kommuner och externa parter.", EN: "Participants: municipalities and external parties.",
		Parent: "collaborations", ParentField: "id", JSONKey: "participants", goType: reflect.TypeFor[Participant](),
		Fields: []Field{
			fCollabID,
			{Name: "code", Type: TypeString, Pattern: patternCode, SV: "Kommunkod, för en kommun.", EN: "Municipality code, for a municipality."},
			{Name: "party", Type: TypeString, MaxLength: maxShort, SV: "Partens namn, för en extern part.", EN: "The party's name, for an external party."},
			{Name: "party_kind", Type: TypeString, Enum: codes(samverkan.PartyKinds), SV: "Slag av extern part.", EN: "Kind of external party."},
			{Name: "name", Type: TypeString, Required: true, MaxLength: maxShort, SV: "Kommunens eller partens namn.", EN: "The municipality's or party's name."},
			{Name: "role", Type: TypeString, Required: true, Enum: codes(samverkan.Roles), SV: "Roll i samverkan.", EN: "Role in the collaboration."},
			{Name: "joined", Type: TypeDate, SV: "Dag då deltagaren gick med.", EN: "Date the participant joined."},
			{Name: "left", Type: TypeDate, SV: "Dag då deltagaren lämnade.", EN: "Date the participant left."},
		},
	},
	{
		Name: "documents", SV: "Styrdokument: förbundsordningar, avtal, reglementen.", EN: "Governing documents: articles of federation, agreements, rules.",
		Parent: "collaborations", ParentField: "id", JSONKey: "documents", goType: reflect.TypeFor[Document](),
		Fields: []Field{
			fCollabID,
			{Name: "type", Type: TypeString, Required: true, Enum: codes(samverkan.DocumentTypes), SV: "Slag av dokument.", EN: "Document type."},
			{Name: "title", Type: TypeString, MaxLength: maxTitle, SV: "Dokumentets titel.", EN: "Title."},
			{Name: "adopted_by", Type: TypeString, Enum: codes(samverkan.Bodies), SV: "Organet som antog dokumentet.", EN: "The body that adopted it."},
			{Name: "adopted_in", Type: TypeString, Pattern: patternCode, SV: "Kommunen där det antogs (kod).", EN: "The municipality where it was adopted (code)."},
			{Name: "adopted", Type: TypeDate, SV: "Dag då det antogs.", EN: "Date adopted."},
			{Name: "paragraph", Type: TypeString, MaxLength: 50, SV: "Paragraf i protokollet, t.ex. § 182.", EN: "Minute paragraph, e.g. § 182."},
			{Name: "valid_from", Type: TypeDate, SV: "Gäller från.", EN: "Valid from."},
			{Name: "valid_to", Type: TypeDate, SV: "Gäller till.", EN: "Valid to."},
			fURL("Dokumentets adress.", "The document's address."),
		},
	},
	{
		Name: "decisions", SV: "Beslut i kommunernas organ.", EN: "Decisions by the municipalities' bodies.",
		Parent: "collaborations", ParentField: "id", JSONKey: "decisions", goType: reflect.TypeFor[Decision](),
		Fields: []Field{
			fCollabID,
			{Name: "municipality", Type: TypeString, Pattern: patternCode, SV: "Beslutande kommun (kod); tom när en part eller samverkans eget organ beslutar.", EN: "Deciding municipality (code); empty when a party or the collaboration's own body decides."},
			{Name: "party", Type: TypeString, MaxLength: maxShort, SV: "Beslutande part (region eller statlig myndighet); tom annars.", EN: "Deciding party (region or state agency); empty otherwise."},
			{Name: "body", Type: TypeString, Required: true, Enum: codes(samverkan.Bodies), SV: "Beslutande organ.", EN: "Deciding body."},
			{Name: "body_name", Type: TypeString, MaxLength: maxShort, SV: "Organets namn, t.ex. Miljö- och byggnadsnämnden.", EN: "The body's name."},
			{Name: "date", Type: TypeDate, SV: "Beslutsdag (planerad, för väntande beslut).", EN: "Date of the decision (planned, for pending ones)."},
			{Name: "paragraph", Type: TypeString, MaxLength: 50, SV: "Paragraf i protokollet.", EN: "Minute paragraph."},
			{Name: "kind", Type: TypeString, Required: true, Enum: codes(samverkan.DecisionKinds), SV: "Vad beslutet gäller.", EN: "What the decision is about."},
			{Name: "outcome", Type: TypeString, Required: true, Enum: codes(samverkan.Outcomes), SV: "Utfall.", EN: "Outcome."},
			{Name: "document", Type: TypeString, Enum: codes(samverkan.DocumentTypes), SV: "Slag av dokument beslutet gäller.", EN: "Type of document the decision concerns."},
			fURL("Protokollets adress.", "The minutes' address."),
		},
	},
	{
		Name: "cost_shares", SV: "Varje betalande kommuns andel av den årliga kostnaden, där nyckeln gör den beräkningsbar.",
		EN:     "Each paying municipality's share of the annual cost, where the key makes it computable.",
		Parent: "collaborations", ParentField: "id", JSONKey: "cost_shares", goType: reflect.TypeFor[CostShare](),
		Fields: []Field{
			fCollabID,
			{Name: "code", Type: TypeString, Required: true, Pattern: patternCode, SV: "Kommunkod.", EN: "Municipality code."},
			{Name: "share_percent", Type: TypeNumber, Required: true, Minimum: num(0), Maximum: num(100), SV: "Andel i procent, en decimal.", EN: "Share in per cent, one decimal."},
			{Name: "amount", Type: TypeInteger, Required: true, Minimum: num(0), SV: "Belopp per år i hela kronor.", EN: "Amount a year in whole kronor."},
			{Name: "basis", Type: TypeString, Required: true, Enum: []string{SharingPopulation, SharingEqual}, SV: "Efter invånarantal eller lika delar.", EN: "By population or in equal parts."},
			{Name: "population_year", Type: TypeInteger, SV: "Året för invånarantalet, när andelen följer det.", EN: "The population figures' year, when the share follows them."},
		},
	},
}

// TableByName returns the table with the given name.
func TableByName(name string) (*Table, bool) {
	for _, t := range Tables {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

// children returns the tables whose rows sit inside t's JSON objects.
func (t *Table) children() []*Table {
	var out []*Table
	for _, c := range Tables {
		if c.Parent == t.Name {
			out = append(out, c)
		}
	}
	return out
}

// binding maps a table's fields to its Go type's struct fields.
type binding struct {
	index    map[string]int // field name → struct field index
	children map[string]int // child table name → struct field index (a slice)
}

// bindings is checked when the package loads: a Go type and Tables that
// disagree are a programming error and stop the program at once.
var bindings = mustBind()

func mustBind() map[string]binding {
	out := map[string]binding{}
	for _, t := range Tables {
		b, err := bind(t, t.goType)
		if err != nil {
			panic(err)
		}
		out[t.Name] = b
	}
	return out
}

// bind checks that typ's JSON names are exactly t's fields, in order,
// followed by its child tables' JSON keys, and returns where each lives.
func bind(t *Table, typ reflect.Type) (binding, error) {
	b := binding{index: map[string]int{}, children: map[string]int{}}
	var want []string
	for _, f := range t.Fields {
		want = append(want, f.Name)
	}
	kids := t.children()
	for _, c := range kids {
		want = append(want, c.JSONKey)
	}
	var got []string
	for i := 0; i < typ.NumField(); i++ {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		got = append(got, name)
		if i < len(t.Fields) {
			b.index[name] = i
		} else if i-len(t.Fields) < len(kids) {
			b.children[kids[i-len(t.Fields)].Name] = i
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		return b, fmt.Errorf("opendata: %s has JSON fields %v, table %s describes %v", typ, got, t.Name, want)
	}
	return b, nil
}
