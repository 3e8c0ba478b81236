package samverkan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// oddTexts are strings encoding/json escapes in every way it has, and
// some it leaves alone.
var oddTexts = []string{
	"", "Gemensam nämnd", `citat "så" och \ snedstreck`, "<script>&amp;</script>", "rad\nny\trad\r\b\f",
	"\x00\x01\x1f\x7f", "radavgränsare \u2028 och \u2029", "ogiltig \xff\xfe UTF-8 \xc3", "emoji 🤝 och ÅÄÖ åäö é",
	"slut på \xe2\x80", strings.Repeat("lång text ", 40), "/api/v1/x?a=1&b=2", "'enkla'",
}

// randomCollaboration is a record with every field chosen from r: lists
// nil, empty or full, amounts and dates unknown or known, texts odd.
func randomCollaboration(r *rand.Rand) *Collaboration {
	text := func() string { return oddTexts[r.IntN(len(oddTexts))] }
	date := func() Date {
		switch r.IntN(4) {
		case 0:
			return Date{}
		case 1:
			return NewDate(1800+r.IntN(400), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		case 2:
			return NewDate(r.IntN(1000), time.January, 2) // before year 1000: padded
		default:
			return LenientDate("inte ett datum") // bad input is null
		}
	}
	texts := func() []string {
		switch r.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		out := make([]string, 1+r.IntN(3))
		for i := range out {
			out[i] = text()
		}
		return out
	}
	some := func(n int) int {
		switch r.IntN(3) {
		case 0:
			return -1 // nil
		case 1:
			return 0 // empty
		}
		return 1 + r.IntN(n)
	}
	c := &Collaboration{
		ID: r.Int64N(1 << 40), Title: text(), Description: text(), Areas: texts(), AreasToReview: texts(),
		LegalForm: text(), Status: text(), Triage: text(), TriageReason: text(), Proposer: text(),
		Priority: r.IntN(5) - 1, OfPrinciple: r.IntN(2) == 0, Host: text(), Networks: texts(),
		Start: date(), End: date(), PublicAuthority: r.IntN(2) == 0, PublicAuthorityBasis: text(),
		ExternalDelegation: r.IntN(2) == 0, SpecialActs: text(), ProcurementBasis: text(),
		CostKey: text(), CostKeyNote: text(), RepresentationKey: text(), Purposes: texts(),
		Public: r.IntN(2) == 0, Example: r.IntN(2) == 0, Version: r.IntN(100),
	}
	switch r.IntN(3) {
	case 0:
		v := r.Int64N(1<<50) - 1<<49
		c.AnnualCost = &v
	case 1:
		v := int64(0) // known zero, not unknown
		c.AnnualCost = &v
	}
	if n := some(5); n >= 0 {
		c.Participants = make([]Participant, n)
		for i := range c.Participants {
			c.Participants[i] = Participant{Code: text(), Party: text(), PartyKind: text(), Name: text(), Role: text(), Joined: date(), Left: date()}
		}
	}
	if n := some(3); n >= 0 {
		c.Documents = make([]Document, n)
		for i := range c.Documents {
			d := Document{Type: text(), Title: text(), AdoptedBy: text(), AdoptedIn: text(), Adopted: date(), Paragraph: text(),
				ValidFrom: date(), ValidTo: date(), Renewal: text(), URL: text()}
			if r.IntN(2) == 0 {
				m := r.IntN(40) - 2
				d.NoticeMonths = &m
			}
			c.Documents[i] = d
		}
	}
	if n := some(3); n >= 0 {
		c.Contacts = make([]Contact, n)
		for i := range c.Contacts {
			c.Contacts[i] = Contact{Function: text(), Name: text(), Email: text(), Phone: text()}
		}
	}
	if n := some(3); n >= 0 {
		c.Sources = make([]Source, n)
		for i := range c.Sources {
			c.Sources[i] = Source{Field: text(), Text: text(), URL: text()}
		}
	}
	if n := some(3); n >= 0 {
		c.Relations = make([]Relation, n)
		for i := range c.Relations {
			c.Relations[i] = Relation{Kind: text(), ID: r.Int64N(1000), Title: text()}
		}
	}
	stockholm := time.FixedZone("CET", 3600)
	switch r.IntN(3) {
	case 0: // zero
	case 1:
		c.Created = time.Date(2024, 3, 1, 12, 30, 45, r.IntN(1e9), time.UTC)
	default:
		c.Created = time.Date(1999, 12, 31, 23, 59, 59, 0, stockholm)
	}
	c.Updated = c.Created.Add(time.Duration(r.Int64N(1e15)))
	return c
}

// encodeOracle is what encoding/json's Encoder writes for v in style,
// without its final newline.
func encodeOracle(v any, style JSONStyle) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(style.EscapeHTML)
	if style.Indent != "" {
		enc.SetIndent("", style.Indent)
	}
	err := enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
}

var jsonStyles = []JSONStyle{{}, {EscapeHTML: true}, {EscapeHTML: true, Indent: "  "}, {Indent: "\t"}}

// TestCollaborationAppendJSONAsEncodingJSON: AppendJSON writes the bytes
// encoding/json writes, for records with every field varied, in every
// style, alone and as the members of a list (indented one level deeper).
func TestCollaborationAppendJSONAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 38))
	cs := []*Collaboration{nil, {}, {Participants: []Participant{{}}, Documents: []Document{{}}, Contacts: []Contact{{}},
		Sources: []Source{{}}, Relations: []Relation{{}}, Areas: []string{""}}}
	for range 2000 {
		cs = append(cs, randomCollaboration(r))
	}
	for _, style := range jsonStyles {
		for i, c := range cs {
			want, err := encodeOracle(c, style)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.AppendJSON([]byte("x"), style)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[1:], want) || got[0] != 'x' {
				t.Fatalf("record %d in %+v:\n got %s\nwant %s", i, style, got, want)
			}
		}
		// As members of a list: the depth carries the indentation.
		want, err := encodeOracle(cs[:50], style)
		if err != nil {
			t.Fatal(err)
		}
		got := []byte{'['}
		for i, c := range cs[:50] {
			if i > 0 {
				got = append(got, ',')
			}
			if style.Indent != "" {
				got = append(got, '\n')
				got = append(got, style.Indent...)
			}
			in := style
			in.Depth = 1
			if got, err = c.AppendJSON(got, in); err != nil {
				t.Fatal(err)
			}
		}
		if style.Indent != "" {
			got = append(got, '\n')
		}
		got = append(got, ']')
		if !bytes.Equal(got, want) {
			t.Fatalf("list in %+v:\n got %s\nwant %s", style, got, want)
		}
	}
}

// TestCollaborationAppendJSONFailsAsEncodingJSON: a time encoding/json
// cannot write fails AppendJSON too.
func TestCollaborationAppendJSONFailsAsEncodingJSON(t *testing.T) {
	for _, y := range []int{-1, 10000} {
		c := &Collaboration{Updated: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)}
		_, oracle := encodeOracle(c, JSONStyle{})
		_, err := c.AppendJSON(nil, JSONStyle{})
		if oracle == nil || err == nil {
			t.Errorf("year %d: AppendJSON error %v, encoding/json %v", y, err, oracle)
		}
	}
	c := &Collaboration{Created: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -(23*3600+59*60)))}
	want, werr := encodeOracle(c, JSONStyle{})
	got, err := c.AppendJSON(nil, JSONStyle{})
	if (werr == nil) != (err == nil) || werr == nil && !bytes.Equal(got, want) {
		t.Errorf("odd zone: %s %v, want %s %v", got, err, want, werr)
	}
}

// TestCollaborationAppendJSONKnowsEveryField fills every field of a
// record, and of each element of its lists, by reflection, so a field
// added to Collaboration (or to Participant, Document, …) that AppendJSON
// does not write fails here even when randomCollaboration was not taught
// about it.
func TestCollaborationAppendJSONKnowsEveryField(t *testing.T) {
	for seed := range 3 {
		c := &Collaboration{}
		fillEvery(reflect.ValueOf(c).Elem(), seed)
		for _, style := range jsonStyles {
			want, err := encodeOracle(c, style)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.AppendJSON(nil, style)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("seed %d in %+v:\n got %s\nwant %s", seed, style, got, want)
			}
		}
	}
}

// fillEvery sets every settable field of v to a value that is not its
// zero value (seed varies them), descending into structs, pointers and
// slices (one element each).
func fillEvery(v reflect.Value, seed int) {
	switch v.Interface().(type) {
	case time.Time:
		v.Set(reflect.ValueOf(time.Date(2020+seed, 3, 4, 5, 6, 7, 0, time.UTC)))
		return
	case Date:
		v.Set(reflect.ValueOf(NewDate(2021+seed, time.May, 6)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("text %d <&>", seed))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(7 + seed))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(7 + seed))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5 + float64(seed))
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillEvery(p.Elem(), seed)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillEvery(s.Index(0), seed)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillEvery(k, seed)
		fillEvery(e, seed)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillEvery(v.Field(i), seed)
			}
		}
	}
}
