package dcat

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/knakk/rdf"
	"github.com/piprate/json-gold/ld"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/refdata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var cat = refdata.MustCatalog()

// hostile is text that every serialisation must carry unchanged: quotes,
// a backslash, line breaks, a tab, markup, Swedish letters and an emoji.
const hostile = "Kansliet \"GGVV\" <b>&amp;</b> \\ rad ett\nrad två\r\n\tÅÄÖ åäö 🙂"

func dataset() *opendata.Dataset {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	recs := opendata.Records{
		Networks: []*samverkan.Network{{Slug: "ggvv", Name: "GGVV", Public: true, Updated: t0,
			Members: []samverkan.NetworkMember{{Code: "0331"}, {Code: "2180"}}}},
		Collaborations: []*samverkan.Collaboration{
			{ID: 1, Title: hostile, LegalForm: samverkan.FormAgreement, Status: samverkan.StatusRunning, Public: true,
				Start: samverkan.MustDate("2019-01-01"), Updated: t0,
				Participants: []samverkan.Participant{{Code: "0331", Role: samverkan.RoleMember}, {Code: "0380", Role: samverkan.RoleMember}}},
			{ID: 2, Title: "Avslutad", LegalForm: samverkan.FormAgreement, Status: samverkan.StatusEnded, Public: true,
				Start: samverkan.MustDate("2020-06-01"), End: samverkan.MustDate("2024-12-31"), Updated: t0},
		},
	}
	return opendata.Build(recs, opendata.Options{Publisher: opendata.Publisher{Name: "GGVV"}, On: samverkan.MustDate("2026-11-30"), Catalog: cat})
}

func config() Config {
	return Config{BaseURL: "https://ggvv.example.se", PublisherName: hostile, PublisherURL: "https://ggvv.example.se/om",
		ContactName: "Samverkanskansliet", ContactEmail: "oppnadata@ggvv.example.se",
		Issued: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)}
}

func catalogue(t *testing.T) *Graph {
	t.Helper()
	g, err := Catalogue(dataset(), config(), cat)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// canonical writes each triple as one N-Triples-like line, so sets from
// different parsers compare as strings.
func canonical(s, p string, oKind Kind, o, lang, dt string) string {
	obj := "<" + o + ">"
	if oKind == KindLiteral {
		q, _ := json.Marshal(o)
		obj = string(q)
		switch {
		case lang != "":
			obj += "@" + strings.ToLower(lang)
		case dt == "" || dt == NSXSD+"string":
			obj += "^^<" + NSXSD + "string>"
		default:
			obj += "^^<" + dt + ">"
		}
	}
	return "<" + s + "> <" + p + "> " + obj
}

func fromGraph(g *Graph) []string {
	var out []string
	for _, t := range g.Triples() {
		out = append(out, canonical(t.S, t.P, t.O.Kind, t.O.Value, t.O.Lang, t.O.Datatype))
	}
	sort.Strings(out)
	return out
}

// fromTurtle parses Turtle with knakk/rdf, an independent parser.
func fromTurtle(t *testing.T, b []byte) []string {
	t.Helper()
	triples, err := rdf.NewTripleDecoder(bytes.NewReader(b), rdf.Turtle).DecodeAll()
	if err != nil {
		t.Fatalf("Turtle does not parse: %v\n%s", err, b)
	}
	var out []string
	for _, tr := range triples {
		if tr.Subj.Type() != rdf.TermIRI {
			t.Fatalf("a blank node in Turtle: %v", tr)
		}
		switch o := tr.Obj.(type) {
		case rdf.IRI:
			out = append(out, canonical(tr.Subj.String(), tr.Pred.String(), KindIRI, o.String(), "", ""))
		case rdf.Literal:
			out = append(out, canonical(tr.Subj.String(), tr.Pred.String(), KindLiteral, o.String(), o.Lang(), o.DataType.String()))
		default:
			t.Fatalf("unexpected object %v", tr.Obj)
		}
	}
	sort.Strings(out)
	return out
}

// fromJSONLD turns JSON-LD into RDF with json-gold (expansion and toRDF
// per the JSON-LD 1.1 API), another independent implementation.
func fromJSONLD(t *testing.T, b []byte) []string {
	t.Helper()
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = refuseLoader{t}
	res, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("JSON-LD to RDF: %v", err)
	}
	var out []string
	for name, quads := range res.(*ld.RDFDataset).Graphs {
		if name != "@default" && len(quads) > 0 {
			t.Fatalf("triples in a named graph %s", name)
		}
		for _, q := range quads {
			s, p := q.Subject.GetValue(), q.Predicate.GetValue()
			switch o := q.Object.(type) {
			case ld.IRI:
				out = append(out, canonical(s, p, KindIRI, o.Value, "", ""))
			case ld.Literal:
				dt := o.Datatype
				if o.Language != "" {
					dt = ""
				}
				out = append(out, canonical(s, p, KindLiteral, o.Value, o.Language, dt))
			default:
				t.Fatalf("unexpected object %#v", q.Object)
			}
		}
	}
	sort.Strings(out)
	return out
}

// refuseLoader fails the test if JSON-LD processing tries to fetch a
// remote context: the document must stand on its own.
type refuseLoader struct{ t *testing.T }

func (l refuseLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	l.t.Errorf("JSON-LD processing tried to load %s", u)
	return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, u)
}

func TestBothSerialisationsGiveTheSameTriples(t *testing.T) {
	g := catalogue(t)
	var ttl, jsonld bytes.Buffer
	if err := WriteTurtle(&ttl, g); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSONLD(&jsonld, g); err != nil {
		t.Fatal(err)
	}
	want := fromGraph(g)
	if len(want) < 100 {
		t.Fatalf("only %d triples", len(want))
	}
	gotTTL, gotLD := fromTurtle(t, ttl.Bytes()), fromJSONLD(t, jsonld.Bytes())
	if !reflect.DeepEqual(gotTTL, want) {
		t.Errorf("Turtle gives other triples:\n%s", diff(want, gotTTL))
	}
	if !reflect.DeepEqual(gotLD, want) {
		t.Errorf("JSON-LD gives other triples:\n%s", diff(want, gotLD))
	}
	golden(t, "katalog.ttl", ttl.Bytes())
	golden(t, "katalog.jsonld", jsonld.Bytes())
}

func TestTextRoundTrips(t *testing.T) {
	g := NewGraph()
	s := "https://example.se/x"
	odd := []string{hostile, `"`, `\`, "\\\"", "a\u0000b\u001fc\u007f", "''' \"\"\" @en ^^ # . ;", "tab\tend", "\u2028\u2029 line separators", "é (e + combining) e\u0301"}
	for i, v := range odd {
		g.Add(s, "https://example.se/p"+string(rune('a'+i)), LangLiteral(v, "sv"))
	}
	g.Add(s, "https://example.se/typed", Typed("2026-01-01", NSXSD+"date"))
	g.Add("https://example.se/a b<c>\"{d}|^`\\", "https://example.se/iri", IRI("https://example.se/ä ö?q=<1>"))
	var ttl, jsonld bytes.Buffer
	if err := WriteTurtle(&ttl, g); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSONLD(&jsonld, g); err != nil {
		t.Fatal(err)
	}
	want := fromGraph(g)
	if got := fromTurtle(t, ttl.Bytes()); !reflect.DeepEqual(got, want) {
		t.Errorf("Turtle:\n%s\n%s", diff(want, got), ttl.String())
	}
	if got := fromJSONLD(t, jsonld.Bytes()); !reflect.DeepEqual(got, want) {
		t.Errorf("JSON-LD:\n%s", diff(want, got))
	}
	for _, line := range want {
		if strings.Contains(line, "iri") && !strings.Contains(line, "<https://example.se/a%20b%3Cc%3E%22%7Bd%7D%7C%5E%60%5C>") {
			t.Errorf("the subject IRI was not percent-encoded: %s", line)
		}
	}
}

func diff(want, got []string) string {
	w, g := map[string]bool{}, map[string]bool{}
	for _, s := range want {
		w[s] = true
	}
	for _, s := range got {
		g[s] = true
	}
	var b strings.Builder
	for _, s := range want {
		if !g[s] {
			b.WriteString("- " + s + "\n")
		}
	}
	for _, s := range got {
		if !w[s] {
			b.WriteString("+ " + s + "\n")
		}
	}
	return b.String()
}

func TestCatalogueMeetsTheProfile(t *testing.T) {
	g := catalogue(t)
	if m := MissingMandatory(g); m != nil {
		t.Errorf("mandatory properties missing: %+v", m)
	}
	if m := MissingRecommended(g); len(m) != 2 {
		// The contact point has no telephone or postal address: a function
		// mailbox is all the catalogue publishes.
		t.Errorf("recommended properties missing: %+v", m)
	}
	// After the same checks on a graph read back from Turtle.
	var ttl bytes.Buffer
	WriteTurtle(&ttl, g)
	if m := MissingMandatory(graphFromLines(t, fromTurtle(t, ttl.Bytes()))); m != nil {
		t.Errorf("read back from Turtle, mandatory properties missing: %+v", m)
	}
}

// graphFromLines rebuilds a graph from canonical lines, by parsing them as
// N-Triples with knakk/rdf.
func graphFromLines(t *testing.T, lines []string) *Graph {
	t.Helper()
	triples, err := rdf.NewTripleDecoder(strings.NewReader(strings.Join(lines, " .\n")+" .\n"), rdf.NTriples).DecodeAll()
	if err != nil {
		t.Fatal(err)
	}
	g := NewGraph()
	for _, tr := range triples {
		switch o := tr.Obj.(type) {
		case rdf.IRI:
			g.Add(tr.Subj.String(), tr.Pred.String(), IRI(o.String()))
		case rdf.Literal:
			g.Add(tr.Subj.String(), tr.Pred.String(), Term{Kind: KindLiteral, Value: o.String(), Lang: o.Lang(), Datatype: o.DataType.String()})
		}
	}
	return g
}

func TestMissingMandatoryFindsGaps(t *testing.T) {
	full := catalogue(t)
	without := func(drop func(Triple) bool) *Graph {
		g := NewGraph()
		for _, tr := range full.Triples() {
			if !drop(tr) {
				g.Add(tr.S, tr.P, tr.O)
			}
		}
		return g
	}
	cases := []struct {
		name string
		drop func(Triple) bool
		want []string // property local names reported
	}{
		{"no format", func(tr Triple) bool { return tr.P == NSDCT+"format" && strings.HasSuffix(tr.S, "#json") }, []string{NSDCT + "format"}},
		{"no publisher type", func(tr Triple) bool { return tr.P == NSDCT+"type" }, []string{NSDCT + "type"}},
		{"no e-mail", func(tr Triple) bool { return tr.P == NSVCARD+"hasEmail" }, []string{NSVCARD + "hasEmail"}},
		{"untyped publisher", func(tr Triple) bool { return tr.P == RDFType && tr.O.Value == NSFOAF+"Agent" }, []string{RDFType, RDFType}},
		{"no catalogue", func(tr Triple) bool { return tr.P == RDFType && tr.O.Value == NSDCAT+"Catalog" }, []string{RDFType}},
		{"untitled dataset", func(tr Triple) bool { return tr.P == NSDCT+"title" && strings.HasSuffix(tr.S, "#dataset") }, []string{NSDCT + "title"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range MissingMandatory(without(tc.drop)) {
				got = append(got, m.Property)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("missing = %v, want %v", got, tc.want)
			}
		})
	}
	licence := without(func(tr Triple) bool { return tr.P == NSDCT+"license" && strings.HasSuffix(tr.S, "/katalog") })
	if m := MissingMandatory(licence); len(m) != 1 || m[0].Property != NSDCT+"license" {
		t.Errorf("a catalogue without licence gave %+v", m)
	}
}

func TestCatalogueContent(t *testing.T) {
	g := catalogue(t)
	cat := "https://ggvv.example.se/oppna-data/katalog"
	ds := cat + "#dataset"
	has := func(s, p string, o Term) {
		t.Helper()
		for _, x := range g.Objects(s, p) {
			if x == o {
				return
			}
		}
		t.Errorf("no %s %s %+v; have %+v", s, p, o, g.Objects(s, p))
	}
	has(cat, NSDCT+"license", IRI(opendata.CC0))
	has(cat+"#contact", NSVCARD+"hasEmail", IRI("mailto:oppnadata@ggvv.example.se"))
	has(cat+"#publisher", NSDCT+"type", IRI(PublisherLocalAuthority))
	has(ds, NSDCAT+"theme", IRI(ThemeGovernment))
	has(ds, NSDCT+"spatial", IRI(cat+"#kommun-0380"))
	has(cat+"#kommun-0380", NSSKOS+"prefLabel", LangLiteral("Uppsala", "sv"))
	has(cat+"#kommun-0380", NSDCT+"identifier", Literal("0380"))
	has(ds, NSDCT+"spatial", IRI(cat+"#kommun-2180")) // a member without collaborations
	has(cat+"#period", NSDCAT+"startDate", Typed("2019-01-01", NSXSD+"date"))
	if end := g.Objects(cat+"#period", NSDCAT+"endDate"); end != nil {
		t.Errorf("the period has an end %v while a collaboration runs", end)
	}
	has(ds, NSDCT+"modified", Typed("2026-03-01T09:00:00Z", NSXSD+"dateTime"))
	has(cat+"#csv-cost-shares", NSDCAT+"downloadURL", IRI("https://ggvv.example.se/oppna-data/cost_shares.csv"))
	has(cat+"#csv-cost-shares", NSDCT+"format", Literal("text/csv"))
	has(cat+"#json", NSDCT+"conformsTo", IRI("https://ggvv.example.se/oppna-data/schema.json"))
	if n := len(g.Objects(ds, NSDCAT+"distribution")); n != 3+len(opendata.Tables) {
		t.Errorf("%d distributions", n)
	}
	for _, tr := range g.Triples() {
		if strings.Contains(tr.O.Value, "@") && tr.O.Value != "mailto:oppnadata@ggvv.example.se" {
			t.Errorf("an address other than the function's: %v", tr)
		}
	}
}

func TestConfigIsChecked(t *testing.T) {
	for name, edit := range map[string]func(*Config){
		"no e-mail":        func(c *Config) { c.ContactEmail = "" },
		"a named address":  func(c *Config) { c.ContactEmail = "Anna Andersson <anna@kommun.se>" },
		"no function name": func(c *Config) { c.ContactName = " " },
		"no publisher":     func(c *Config) { c.PublisherName = "" },
		"no base URL":      func(c *Config) { c.BaseURL = "ggvv.example.se" },
	} {
		cfg := config()
		edit(&cfg)
		if _, err := Catalogue(dataset(), cfg, cat); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestNegotiate(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                MediaTurtle,
		"text/html,application/xhtml+xml": MediaTurtle,
		"application/ld+json":             MediaJSONLD,
		"application/json":                MediaJSONLD,
		"text/turtle;q=0.5, application/ld+json;q=0.9": MediaJSONLD,
		"application/ld+json;q=0.5, text/turtle":       MediaTurtle,
		"text/turtle, application/ld+json":             MediaTurtle,
	} {
		if got := Negotiate(accept); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", accept, got, want)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update after checking the change", name)
	}
}
