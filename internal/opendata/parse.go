package opendata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/unicode/norm"
)

// schemaID is the $id the package validates against; the schema is the
// same whatever address an instance publishes it under.
const schemaID = "urn:samverkan:opendata:schema"

var compiled struct {
	once sync.Once
	sch  *jsonschema.Schema
	err  error
}

// compiledSchema compiles JSONSchema once, with format assertions on (dates
// and date-times are checked, not only described).
func compiledSchema() (*jsonschema.Schema, error) {
	compiled.once.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema(schemaID)))
		if err != nil {
			compiled.err = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(schemaID, doc); err != nil {
			compiled.err = err
			return
		}
		compiled.sch, compiled.err = c.Compile(schemaID)
	})
	return compiled.sch, compiled.err
}

// Parse reads a dataset's JSON document: it must be JSON, valid against
// JSONSchema, with unique collaboration ids and network slugs. The text it
// returns is sanitised (see Sanitise). On any error it returns no dataset.
func Parse(body []byte) (*Dataset, error) {
	if !utf8.Valid(body) {
		return nil, &Error{Kind: KindNotJSON, Detail: "the body is not UTF-8 text"}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return nil, &Error{Kind: KindNotJSON, Detail: "the body is not valid JSON", Err: err}
	}
	sch, err := compiledSchema()
	if err != nil {
		return nil, fmt.Errorf("opendata: compile schema: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return nil, &Error{Kind: KindSchema, Detail: schemaDetail(err), Err: err}
	}
	var ds Dataset
	if err := json.Unmarshal(body, &ds); err != nil {
		return nil, &Error{Kind: KindSchema, Detail: "the document does not decode", Err: err}
	}
	if err := checkKeys(&ds); err != nil {
		return nil, err
	}
	linkChildren(&ds)
	Sanitise(&ds)
	return &ds, nil
}

// schemaDetail names the first few places where a document breaks the
// schema, e.g. "/collaborations/3/legal_form: value must be one of …".
func schemaDetail(err error) string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	var leaves []string
	var walk func(u jsonschema.OutputUnit)
	walk = func(u jsonschema.OutputUnit) {
		if len(u.Errors) == 0 && u.Error != nil {
			loc := u.InstanceLocation
			if loc == "" {
				loc = "/"
			}
			leaves = append(leaves, loc+": "+u.Error.String())
		}
		for _, e := range u.Errors {
			walk(e)
		}
	}
	walk(*ve.BasicOutput())
	sort.Strings(leaves)
	if len(leaves) > 5 {
		leaves = append(leaves[:5], fmt.Sprintf("and %d more", len(leaves)-5))
	}
	return "the document does not match the schema: " + strings.Join(leaves, "; ")
}

func checkKeys(ds *Dataset) error {
	slugs := map[string]bool{}
	for _, n := range ds.Networks {
		if slugs[n.Slug] {
			return &Error{Kind: KindSchema, Detail: fmt.Sprintf("network %q occurs twice", n.Slug)}
		}
		slugs[n.Slug] = true
	}
	ids := map[int64]bool{}
	for _, c := range ds.Collaborations {
		if ids[c.ID] {
			return &Error{Kind: KindSchema, Detail: fmt.Sprintf("collaboration id %d occurs twice", c.ID)}
		}
		ids[c.ID] = true
	}
	return nil
}

// linkChildren fills the parent keys JSON leaves out and makes missing
// lists empty, so a parsed dataset writes the same CSV as a built one.
func linkChildren(ds *Dataset) {
	if ds.Networks == nil {
		ds.Networks = []Network{}
	}
	if ds.Collaborations == nil {
		ds.Collaborations = []Collaboration{}
	}
	for i := range ds.Networks {
		n := &ds.Networks[i]
		if n.Members == nil {
			n.Members = []NetworkMember{}
		}
		for j := range n.Members {
			n.Members[j].NetworkSlug = n.Slug
		}
	}
	for i := range ds.Collaborations {
		c := &ds.Collaborations[i]
		orEmpty(&c.Areas)
		orEmpty(&c.Networks)
		orEmpty(&c.Participants)
		orEmpty(&c.Documents)
		orEmpty(&c.Decisions)
		orEmpty(&c.CostShares)
		for j := range c.Participants {
			c.Participants[j].CollaborationID = c.ID
		}
		for j := range c.Documents {
			c.Documents[j].CollaborationID = c.ID
		}
		for j := range c.Decisions {
			c.Decisions[j].CollaborationID = c.ID
		}
		for j := range c.CostShares {
			c.CostShares[j].CollaborationID = c.ID
		}
	}
}

func orEmpty[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

// Sanitise makes every text field of a dataset plain, bounded text, for a
// dataset that came from elsewhere: Unicode NFC; no control characters
// (descriptions keep their line breaks); no bidirectional overrides or
// byte-order marks, which can make text read differently from what it is;
// no leading or trailing space; at most the field's MaxLength characters;
// addresses only http or https. The text stays text: nothing here is
// trusted as HTML, and pages escape it as they escape any other string.
func Sanitise(ds *Dataset) {
	ds.Publisher.Name = cleanText(ds.Publisher.Name, false, maxTitle)
	ds.Publisher.URL = webURL(cleanText(ds.Publisher.URL, false, maxURL))
	ds.Licence = cleanText(ds.Licence, false, maxURL)
	for _, t := range Tables {
		if t.Parent != "" {
			continue
		}
		rows := topRows(ds, t)
		for i := 0; i < rows.Len(); i++ {
			sanitiseRow(t, rows.Index(i))
		}
	}
}

func sanitiseRow(t *Table, v reflect.Value) {
	bd := bindings[t.Name]
	for _, f := range t.Fields {
		fv := v.Field(bd.index[f.Name])
		max := f.MaxLength
		if max == 0 {
			max = maxCode
		}
		switch fv.Kind() {
		case reflect.String:
			s := cleanText(fv.String(), f.Name == "description", max)
			if f.Format == "uri" {
				s = webURL(s)
			}
			fv.SetString(s)
		case reflect.Slice:
			if fv.Type().Elem().Kind() == reflect.String {
				for j := 0; j < fv.Len(); j++ {
					fv.Index(j).SetString(cleanText(fv.Index(j).String(), false, max))
				}
			}
		}
	}
	for _, c := range t.children() {
		kids := v.Field(bd.children[c.Name])
		for j := 0; j < kids.Len(); j++ {
			sanitiseRow(c, kids.Index(j))
		}
	}
}

// cleanText is one text value made plain; see Sanitise.
func cleanText(s string, multiline bool, max int) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
			b.WriteRune(r)
		case r == '\r' && multiline: // CR LF becomes LF
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(' ')
		case unicode.IsControl(r), isBidiControl(r), r == '\uFEFF', r == utf8.RuneError:
		default:
			b.WriteRune(r)
		}
	}
	s = strings.TrimSpace(b.String())
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	return s
}

func isBidiControl(r rune) bool {
	return r == '\u200E' || r == '\u200F' || r == '\u061C' || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}
