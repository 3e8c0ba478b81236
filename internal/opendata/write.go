package opendata

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// Media types of the distributions.
const (
	MediaJSON       = "application/json"
	MediaCSV        = "text/csv"
	MediaJSONSchema = "application/schema+json"
)

// WriteJSON writes the dataset as one JSON document. Keys come from Tables,
// in its order; a field that is not required and has no value is null
// (an empty list is []).
func WriteJSON(w io.Writer, ds *Dataset) error {
	bw := bufio.NewWriter(w)
	var b bytes.Buffer
	b.WriteString(`{"schema_version":`)
	b.WriteString(strconv.Itoa(ds.SchemaVersion))
	b.WriteString(`,"publisher":{"name":`)
	jsonString(&b, ds.Publisher.Name)
	b.WriteString(`,"url":`)
	jsonString(&b, ds.Publisher.URL)
	b.WriteString(`},"generated":`)
	jsonString(&b, stamp(ds.Generated).Format(time.RFC3339))
	b.WriteString(`,"licence":`)
	jsonString(&b, ds.Licence)
	b.WriteString(`,"networks":[`)
	flush := func() error {
		_, err := bw.Write(b.Bytes())
		b.Reset()
		return err
	}
	nets, _ := TableByName("networks")
	for i := range ds.Networks {
		if i > 0 {
			b.WriteByte(',')
		}
		encodeObject(&b, nets, reflect.ValueOf(&ds.Networks[i]).Elem())
		if err := flush(); err != nil {
			return err
		}
	}
	b.WriteString(`],"collaborations":[`)
	collabs, _ := TableByName("collaborations")
	for i := range ds.Collaborations {
		if i > 0 {
			b.WriteByte(',')
		}
		encodeObject(&b, collabs, reflect.ValueOf(&ds.Collaborations[i]).Elem())
		if err := flush(); err != nil {
			return err
		}
	}
	b.WriteString("]}\n")
	if err := flush(); err != nil {
		return err
	}
	return bw.Flush()
}

func encodeObject(b *bytes.Buffer, t *Table, v reflect.Value) {
	bd := bindings[t.Name]
	b.WriteByte('{')
	first := true
	for _, f := range t.Fields {
		if f.ParentKey {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		jsonString(b, f.Name)
		b.WriteByte(':')
		encodeValue(b, f, v.Field(bd.index[f.Name]))
	}
	for _, c := range t.children() {
		if !first {
			b.WriteByte(',')
		}
		first = false
		jsonString(b, c.JSONKey)
		b.WriteString(":[")
		rows := v.Field(bd.children[c.Name])
		for i := 0; i < rows.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeObject(b, c, rows.Index(i))
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}

func encodeValue(b *bytes.Buffer, f Field, v reflect.Value) {
	if f.Type == TypeList {
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			jsonString(b, v.Index(i).String())
		}
		b.WriteByte(']')
		return
	}
	s, ok := cell(f, v)
	switch {
	case !ok:
		b.WriteString("null")
	case f.Type == TypeInteger || f.Type == TypeNumber:
		b.WriteString(s)
	default:
		jsonString(b, s)
	}
}

// cell returns a field's value as text, and false when it has none.
func cell(f Field, v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case string:
		return x, x != "" || f.Required
	case int64:
		return strconv.FormatInt(x, 10), true
	case int:
		return strconv.Itoa(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case samverkan.Date:
		return x.String(), !x.IsZero()
	case time.Time:
		if x.IsZero() {
			return "", false
		}
		return stamp(x).Format(time.RFC3339), true
	case []string:
		return strings.Join(x, ListSeparator), true
	}
	panic(fmt.Sprintf("opendata: field %s has unsupported Go type %s", f.Name, v.Type()))
}

func jsonString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a string always marshals
	b.Write(q)
}

// WriteCSV writes one table as CSV (RFC 4180: comma, CRLF, UTF-8 without
// BOM, a header row of the field names). Unknown values are empty cells.
// Text cells that a spreadsheet would take for a formula are neutralised,
// see Neutralise.
func WriteCSV(w io.Writer, ds *Dataset, table string) error {
	t, ok := TableByName(table)
	if !ok {
		return fmt.Errorf("opendata: no table %q", table)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		header[i] = f.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(t.Fields))
	write := func(v reflect.Value, parentKey string) error {
		bd := bindings[t.Name]
		for i, f := range t.Fields {
			if f.ParentKey {
				row[i] = parentKey
				continue
			}
			s, _ := cell(f, v.Field(bd.index[f.Name]))
			if f.Type == TypeString || f.Type == TypeList {
				s = Neutralise(s)
			}
			row[i] = s
		}
		return cw.Write(row)
	}
	var err error
	switch t.Parent {
	case "":
		rows := topRows(ds, t)
		for i := 0; i < rows.Len() && err == nil; i++ {
			err = write(rows.Index(i), "")
		}
	default:
		parent, _ := TableByName(t.Parent)
		pf, _ := parent.Field(t.ParentField)
		parents := topRows(ds, parent)
		for i := 0; i < parents.Len() && err == nil; i++ {
			p := parents.Index(i)
			key, _ := cell(pf, p.Field(bindings[parent.Name].index[t.ParentField]))
			kids := p.Field(bindings[parent.Name].children[t.Name])
			for j := 0; j < kids.Len() && err == nil; j++ {
				err = write(kids.Index(j), key)
			}
		}
	}
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func topRows(ds *Dataset, t *Table) reflect.Value {
	if t.Name == "networks" {
		return reflect.ValueOf(ds.Networks)
	}
	return reflect.ValueOf(ds.Collaborations)
}

// Neutralise guards a text cell against formula injection in spreadsheets,
// as OWASP recommends: a cell that starts with = + - @, a tab or a carriage
// return gets a leading apostrophe, which spreadsheets show as text.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// ETag is a strong entity tag for a representation's bytes: the same bytes
// give the same tag on every instance and after every restart.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// LastModified is the newest change of any record in the dataset, in whole
// seconds, for the Last-Modified header. A record made non-public or
// deleted does not move it forward, so conditional requests should prefer
// the ETag (If-None-Match), which follows the bytes.
func LastModified(ds *Dataset) time.Time { return stamp(ds.Generated) }

// Rendered is one representation ready to serve.
type Rendered struct {
	Body         []byte
	ContentType  string
	ETag         string
	LastModified time.Time
}

// RenderJSON renders the dataset's JSON document.
func RenderJSON(ds *Dataset) (*Rendered, error) {
	var b bytes.Buffer
	if err := WriteJSON(&b, ds); err != nil {
		return nil, err
	}
	return &Rendered{Body: b.Bytes(), ContentType: MediaJSON + "; charset=utf-8", ETag: ETag(b.Bytes()), LastModified: LastModified(ds)}, nil
}

// RenderCSV renders one table as CSV.
func RenderCSV(ds *Dataset, table string) (*Rendered, error) {
	var b bytes.Buffer
	if err := WriteCSV(&b, ds, table); err != nil {
		return nil, err
	}
	return &Rendered{Body: b.Bytes(), ContentType: MediaCSV + "; charset=utf-8; header=present", ETag: ETag(b.Bytes()), LastModified: LastModified(ds)}, nil
}
