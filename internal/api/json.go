package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

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
	if strings.HasPrefix(contentType, "application/problem+json") {
		contentType = "application/problem+json; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// respond writes v as the JSON body with status.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, v any) {
	s.writeJSON(w, r, status, contentTypeJSON, v)
}

// decode reads one JSON value from the request body into v: a JSON content
// type, at most maxBody bytes, no unknown fields, nothing after the value.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if !isJSON(r.Header.Get("Content-Type")) {
		return &httpError{code: eMediaType}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	var extra json.RawMessage
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
		return nil
	case isTooLarge(err):
		return &httpError{code: eTooLarge, err: err}
	default:
		return malformed("body", bilingual{
			"oväntade data efter JSON-värdet vid tecken " + strconv.FormatInt(dec.InputOffset(), 10),
			"unexpected data after the JSON value at byte " + strconv.FormatInt(dec.InputOffset(), 10),
		}, err)
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
