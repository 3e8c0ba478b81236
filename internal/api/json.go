package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/samverkan/samverkan"
)

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

const contentTypeJSON = "application/json; charset=utf-8"

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeJSON encodes v completely before writing, so an encoding failure
// becomes a clean 500 instead of half a body.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		if _, isProblem := v.(Problem); isProblem {
			http.Error(w, "Internal error.", http.StatusInternalServerError)
			return
		}
		s.Error(w, r, err)
		return
	}
	writeBody(w, status, contentType, buf.Bytes())
}

// writeBody writes an encoded JSON body with its headers.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	if strings.HasPrefix(contentType, "application/problem+json") {
		contentType = "application/problem+json; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// respondRecords is respond for an answer v that carries whole records:
// blank is v with its records left out, at where they go (encodeRecords).
func (s *Server) respondRecords(w http.ResponseWriter, r *http.Request, status int, v, blank any, at ...recordsAt) {
	pooled := recordsPool.Get().(*[]byte)
	body, ok, err := encodeRecords((*pooled)[:0], blank, at...)
	if err != nil || !ok {
		recordsPool.Put(pooled)
		// encoding/json tells the error, or places what could not be.
		s.respond(w, r, status, v)
		return
	}
	writeBody(w, status, contentTypeJSON, body)
	*pooled = body
	recordsPool.Put(pooled)
}

// respond writes v as the JSON body with status.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, v any) {
	s.writeJSON(w, r, status, contentTypeJSON, v)
}

// decode reads one JSON value from the request body into v (decodeBody)
// and refuses the lists that must not be null (explicitLists).
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := decodeBody(w, r, v)
	if err != nil {
		return err
	}
	if fields := nullLists(data, reflect.TypeOf(v)); fields != nil {
		return &httpError{code: samverkan.EINVALID, fields: fields}
	}
	return nil
}

// decodeBody reads one JSON value from the request body into v: a JSON
// content type, at most maxBody bytes of UTF-8, no unknown fields, nothing
// after the value. encoding/json would quietly turn bytes that are not
// UTF-8, and escaped lone surrogates, into U+FFFD; such a body is refused
// instead (400). It returns the body read.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) ([]byte, error) {
	if !isJSON(r.Header.Get("Content-Type")) {
		return nil, &httpError{code: eMediaType}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		if isTooLarge(err) {
			return nil, &httpError{code: eTooLarge, err: err}
		}
		return nil, malformed("body", bilingual{"kunde inte läsas", "could not be read"}, err)
	}
	if !utf8.Valid(data) {
		off := strconv.Itoa(invalidUTF8At(data))
		return nil, malformed("body", bilingual{"innehållet är inte UTF-8 (vid tecken " + off + ")", "the body is not UTF-8 (at byte " + off + ")"}, nil)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, jsonError(err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, malformed("body", bilingual{
			"oväntade data efter JSON-värdet vid tecken " + strconv.FormatInt(dec.InputOffset(), 10),
			"unexpected data after the JSON value at byte " + strconv.FormatInt(dec.InputOffset(), 10),
		}, err)
	}
	if off := loneSurrogateAt(data); off >= 0 {
		o := strconv.Itoa(off)
		return nil, malformed("body", bilingual{"ett ensamt surrogattecken (\\uD800–\\uDFFF) vid tecken " + o + " är inte ett tecken",
			"a lone surrogate escape (\\uD800–\\uDFFF) at byte " + o + " is not a character"}, nil)
	}
	return data, nil
}

// invalidUTF8At returns the offset of the first byte that is not UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// loneSurrogateAt returns the offset of the first \u escape in a JSON
// string that is half of a surrogate pair without its other half, or -1.
// data is valid JSON.
func loneSurrogateAt(data []byte) int {
	hex := func(i int) (rune, bool) {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 16)
		return rune(n), err == nil
	}
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString:
			r, ok := hex(i)
			if !ok {
				i++ // a two-character escape such as \" or \\
				continue
			}
			switch {
			case r >= 0xD800 && r <= 0xDBFF:
				if lo, ok := hex(i + 6); !ok || lo < 0xDC00 || lo > 0xDFFF {
					return i
				}
				i += 11
			case r >= 0xDC00 && r <= 0xDFFF:
				return i
			default:
				i += 5
			}
		}
	}
	return -1
}

// explicitLists are the lists a writer must give as a list: [] (or leaving
// the field out) says none, null is refused. A collaboration may belong to
// no network on purpose (DESIGN.md: zero or more; an editor for a
// municipality registers collaborations outside every network, and the web
// form allows none), but "networks": null created one in no network
// without the writer saying so. Other lists take null as empty, as Go's
// encoding/json writes a nil slice.
var explicitLists = map[string]bool{"networks": true}

// nullLists names every field of t in explicitLists (by JSON path, as
// validation names fields) that data gives as null.
func nullLists(data []byte, t reflect.Type) []samverkan.FieldError {
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var out []samverkan.FieldError
	walkNulls(doc, t, "", &out)
	return out
}

func walkNulls(doc any, t reflect.Type, path string, out *[]samverkan.FieldError) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice:
		items, _ := doc.([]any)
		for i, item := range items {
			walkNulls(item, t.Elem(), path+"["+strconv.Itoa(i)+"]", out)
		}
	case reflect.Struct:
		obj, ok := doc.(map[string]any)
		if !ok {
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if f.Anonymous && name == "" {
				walkNulls(doc, f.Type, path, out)
				continue
			}
			if name == "" {
				name = f.Name
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			for k, val := range obj { // encoding/json matches names regardless of case
				if !strings.EqualFold(k, name) {
					continue
				}
				if val == nil && f.Type.Kind() == reflect.Slice && explicitLists[name] {
					*out = append(*out, samverkan.FieldError{Field: p, Code: "null_list"})
				} else {
					walkNulls(val, f.Type, p, out)
				}
			}
		}
	}
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

func isTooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

func malformed(field string, detail bilingual, err error) *httpError {
	return &httpError{code: eMalformed, err: err,
		fields: []samverkan.FieldError{{Field: field, Code: "invalid_json", Params: []any{detail}}}}
}

// jsonError explains a decoding failure with the field or byte offset.
func jsonError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case isTooLarge(err):
		return &httpError{code: eTooLarge, err: err}
	case errors.As(err, &syn):
		off := strconv.FormatInt(syn.Offset, 10)
		return malformed("body", bilingual{"syntaxfel vid tecken " + off, "syntax error at byte " + off}, err)
	case errors.As(err, &typ):
		want := jsonKind(typ.Type.Kind().String())
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return malformed(field, bilingual{"väntade " + want[0] + ", fick " + typ.Value, "expected " + want[1] + ", got " + typ.Value}, err)
	case errors.Is(err, io.EOF):
		return malformed("body", bilingual{"innehållet är tomt", "the body is empty"}, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("body", bilingual{"innehållet tar slut mitt i", "the body ends too early"}, err)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return &httpError{code: eMalformed, err: err,
			fields: []samverkan.FieldError{{Field: name, Code: "unknown_field"}}}
	}
	return malformed("body", bilingual{"kunde inte läsas", "could not be read"}, err)
}

// jsonKind names the JSON type a Go kind decodes from, in sv and en.
func jsonKind(kind string) [2]string {
	switch {
	case kind == "string":
		return [2]string{"text", "a string"}
	case kind == "bool":
		return [2]string{"true eller false", "true or false"}
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return [2]string{"ett tal", "a number"}
	case kind == "slice", kind == "array":
		return [2]string{"en lista", "an array"}
	default:
		return [2]string{"ett objekt", "an object"}
	}
}
