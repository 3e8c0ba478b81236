// Package dcat describes the open data in DCAT-AP-SE, the Swedish profile
// of DCAT-AP that Sveriges dataportal harvests (öppna datalagen 2022:818
// asks public actors to give their metadata in it). Catalogue builds the
// description once, as an in-memory RDF graph; WriteTurtle and WriteJSONLD
// are two serialisations of that one graph, so they cannot say different
// things. MissingMandatory checks a graph against the profile's mandatory
// properties (profile.go).
//
// The graph has no blank nodes: every node (the publisher, the contact
// point, the period, each distribution, each municipality) has an IRI,
// mostly a fragment of the catalogue's address. Harvesters can then link to
// them, and the two serialisations give identical triples, not merely
// isomorphic ones.
package dcat

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Namespaces used in the catalogue.
const (
	NSRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NSXSD    = "http://www.w3.org/2001/XMLSchema#"
	NSDCAT   = "http://www.w3.org/ns/dcat#"
	NSDCT    = "http://purl.org/dc/terms/"
	NSFOAF   = "http://xmlns.com/foaf/0.1/"
	NSVCARD  = "http://www.w3.org/2006/vcard/ns#"
	NSSKOS   = "http://www.w3.org/2004/02/skos/core#"
	NSDCATAP = "http://data.europa.eu/r5r/"
)

// prefixes are written in both serialisations, in this order.
var prefixes = [][2]string{
	{"dcat", NSDCAT}, {"dct", NSDCT}, {"dcatap", NSDCATAP}, {"foaf", NSFOAF},
	{"rdf", NSRDF}, {"skos", NSSKOS}, {"vcard", NSVCARD}, {"xsd", NSXSD},
}

// RDFType is rdf:type.
const RDFType = NSRDF + "type"

// Kind tells IRIs from literals.
type Kind int

// Term kinds.
const (
	KindIRI Kind = iota
	KindLiteral
)

// Term is an IRI or a literal. A literal has a language (then its datatype
// is rdf:langString, left empty here) or a datatype (empty for xsd:string).
type Term struct {
	Kind     Kind
	Value    string
	Lang     string
	Datatype string
}

// IRI returns an IRI term. Characters that may not stand in an IRI
// (spaces, < > " { } | ^ ` \ and controls) are percent-encoded, so every
// serialisation writes the same, valid IRI.
func IRI(v string) Term { return Term{Kind: KindIRI, Value: cleanIRI(v)} }

// Literal returns a plain string literal.
func Literal(v string) Term { return Term{Kind: KindLiteral, Value: v} }

// LangLiteral returns a literal in a language, e.g. "sv".
func LangLiteral(v, lang string) Term { return Term{Kind: KindLiteral, Value: v, Lang: lang} }

// Typed returns a literal of an XSD datatype, e.g. Typed("2026-01-01", NSXSD+"date").
func Typed(v, datatype string) Term { return Term{Kind: KindLiteral, Value: v, Datatype: datatype} }

func cleanIRI(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c <= 0x20 || c == 0x7f || strings.IndexByte("<>\"{}|^`\\", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Triple is one statement. Subject and predicate are IRIs.
type Triple struct {
	S, P string
	O    Term
}

// Graph is a set of triples.
type Graph struct {
	triples []Triple
	seen    map[Triple]bool
}

// NewGraph returns an empty graph.
func NewGraph() *Graph { return &Graph{seen: map[Triple]bool{}} }

// Add adds the triple s p o once; a literal with an empty value is not
// added (an unknown value is left out, not stated as "").
func (g *Graph) Add(s, p string, o Term) {
	if o.Value == "" {
		return
	}
	t := Triple{S: cleanIRI(s), P: cleanIRI(p), O: o}
	if g.seen[t] {
		return
	}
	g.seen[t] = true
	g.triples = append(g.triples, t)
}

// Triples returns the triples sorted by subject, predicate and object.
func (g *Graph) Triples() []Triple {
	out := append([]Triple(nil), g.triples...)
	sort.Slice(out, func(i, j int) bool { return tripleKey(out[i]) < tripleKey(out[j]) })
	return out
}

func tripleKey(t Triple) string {
	return t.S + "\x00" + predicateOrder(t.P) + "\x00" + fmt.Sprint(t.O.Kind) + t.O.Value + "\x00" + t.O.Lang + t.O.Datatype
}

// predicateOrder puts rdf:type first, as readers expect.
func predicateOrder(p string) string {
	if p == RDFType {
		return "\x00"
	}
	return p
}

// Objects returns the objects of s p.
func (g *Graph) Objects(s, p string) []Term {
	var out []Term
	for _, t := range g.triples {
		if t.S == s && t.P == p {
			out = append(out, t.O)
		}
	}
	return out
}

// SubjectsOfType returns the subjects with rdf:type class, sorted.
func (g *Graph) SubjectsOfType(class string) []string {
	var out []string
	for _, t := range g.triples {
		if t.P == RDFType && t.O.Kind == KindIRI && t.O.Value == class {
			out = append(out, t.S)
		}
	}
	sort.Strings(out)
	return out
}

// bySubject groups the sorted triples by subject, in subject order.
func (g *Graph) bySubject() [][]Triple {
	var groups [][]Triple
	for _, t := range g.Triples() {
		if n := len(groups); n > 0 && groups[n-1][0].S == t.S {
			groups[n-1] = append(groups[n-1], t)
		} else {
			groups = append(groups, []Triple{t})
		}
	}
	return groups
}

// WriteTurtle writes the graph as Turtle 1.1.
func WriteTurtle(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	for _, p := range prefixes {
		fmt.Fprintf(bw, "@prefix %s: <%s> .\n", p[0], p[1])
	}
	for _, group := range g.bySubject() {
		fmt.Fprintf(bw, "\n%s", turtleIRI(group[0].S))
		for i, t := range group {
			switch {
			case i == 0:
				fmt.Fprintf(bw, "\n    %s %s", turtlePredicate(t.P), turtleTerm(t.O))
			case t.P == group[i-1].P:
				fmt.Fprintf(bw, ",\n        %s", turtleTerm(t.O))
			default:
				fmt.Fprintf(bw, " ;\n    %s %s", turtlePredicate(t.P), turtleTerm(t.O))
			}
		}
		bw.WriteString(" .\n")
	}
	return bw.Flush()
}

func turtlePredicate(p string) string {
	if p == RDFType {
		return "a"
	}
	return turtleIRI(p)
}

// turtleIRI writes a prefixed name where the local part is plainly safe,
// and <…> otherwise.
func turtleIRI(v string) string {
	for _, p := range prefixes {
		if local, ok := strings.CutPrefix(v, p[1]); ok && plainLocal(local) {
			return p[0] + ":" + local
		}
	}
	return "<" + v + ">"
}

func plainLocal(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case (r >= '0' && r <= '9' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

func turtleTerm(t Term) string {
	if t.Kind == KindIRI {
		return turtleIRI(t.Value)
	}
	s := `"` + turtleEscape(t.Value) + `"`
	switch {
	case t.Lang != "":
		s += "@" + t.Lang
	case t.Datatype != "":
		s += "^^" + turtleIRI(t.Datatype)
	}
	return s
}

// turtleEscape escapes a string for a "…" literal: quotes, backslashes and
// line breaks by their ECHAR escapes, other controls as \uXXXX. Other
// characters, å ä ö included, are written as they are (Turtle is UTF-8).
func turtleEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f || r == utf8.RuneError {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// WriteJSONLD writes the graph as JSON-LD 1.1: a context of the prefixes
// and one node object per subject in @graph. Keys and types are compact
// IRIs; node references stay absolute IRIs; every value is an explicit
// value object, so no context rule can change what it means.
func WriteJSONLD(w io.Writer, g *Graph) error {
	ctx := map[string]string{}
	for _, p := range prefixes {
		ctx[p[0]] = p[1]
	}
	var nodes []any
	for _, group := range g.bySubject() {
		node := orderedNode{{"@id", group[0].S}}
		var types []string
		props := map[string][]any{}
		var order []string
		for _, t := range group {
			if t.P == RDFType && t.O.Kind == KindIRI {
				types = append(types, compact(t.O.Value))
				continue
			}
			k := compact(t.P)
			if _, ok := props[k]; !ok {
				order = append(order, k)
			}
			props[k] = append(props[k], jsonldValue(t.O))
		}
		if len(types) > 0 {
			node = append(node, [2]any{"@type", types})
		}
		for _, k := range order {
			node = append(node, [2]any{k, props[k]})
		}
		nodes = append(nodes, node)
	}
	doc := orderedNode{{"@context", ctx}, {"@graph", nodes}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func compact(v string) string {
	for _, p := range prefixes {
		if local, ok := strings.CutPrefix(v, p[1]); ok && plainLocal(local) {
			return p[0] + ":" + local
		}
	}
	return v
}

func jsonldValue(t Term) any {
	switch {
	case t.Kind == KindIRI:
		return map[string]string{"@id": t.Value}
	case t.Lang != "":
		return map[string]string{"@value": t.Value, "@language": t.Lang}
	case t.Datatype != "":
		return map[string]string{"@value": t.Value, "@type": t.Datatype}
	}
	return map[string]string{"@value": t.Value}
}

// orderedNode is a JSON object that keeps its keys in order.
type orderedNode [][2]any

func (n orderedNode) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, kv := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(kv[0])
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(kv[1])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}
