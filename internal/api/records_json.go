package api

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/samverkan/samverkan"
)

// The answers that carry many whole records (the collaboration lists, the
// oversight and the KL 9:38 report) are written in two parts: encoding/json
// writes the answer without its records, and Collaboration.AppendJSON
// writes each record where encoding/json wrote null for it. The bytes are
// encoding/json's own (records_json_test.go); what is spared is its
// reflection over each record's forty fields (issue 16, first render).

// recordsAt says where encodeRecords puts records in the blank answer:
// list is the member written as `"name":null` that holds the whole list
// cs; otherwise each `"collaboration":null` of the answer, in order, is
// replaced by the next of cs.
type recordsAt struct {
	list string
	cs   []*samverkan.Collaboration
}

// collaborationNull is the member each row that refers to its record
// writes when the record is left out.
const collaborationNull = `"collaboration":null`

// recordsPool keeps the bodies encodeRecords writes: a municipality's
// oversight is a few hundred kB, grown anew for every answer otherwise.
var recordsPool = sync.Pool{New: func() any { return new([]byte) }}

// encodeRecords appends to out the JSON of an answer as writeJSON writes it
// (compact, no HTML escaping, a final newline) from blank, the answer with
// its records left out (nil), and where they go. ok is false when the
// records could not be placed as told; the caller then encodes the whole
// answer with encoding/json.
func encodeRecords(out []byte, blank any, at ...recordsAt) (_ []byte, ok bool, _ error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(blank); err != nil {
		return nil, false, err
	}
	src := buf.Bytes()
	style := samverkan.JSONStyle{}
	var err error
	for _, a := range at {
		if a.list != "" {
			marker := []byte(`"` + a.list + `":null`)
			i := bytes.Index(src, marker)
			// The member must be there, once, and cs a list (never null).
			if i < 0 || bytes.Contains(src[i+len(marker):], marker) || a.cs == nil {
				return nil, false, nil
			}
			out = append(out, src[:i+len(marker)-len("null")]...)
			out = append(out, '[')
			for j, c := range a.cs {
				if j > 0 {
					out = append(out, ',')
				}
				if out, err = c.AppendJSON(out, style); err != nil {
					return nil, false, err
				}
			}
			out = append(out, ']')
			src = src[i+len(marker):]
			continue
		}
		for _, c := range a.cs {
			i := bytes.Index(src, []byte(collaborationNull))
			if i < 0 {
				return nil, false, nil
			}
			out = append(out, src[:i+len(collaborationNull)-len("null")]...)
			if out, err = c.AppendJSON(out, style); err != nil {
				return nil, false, err
			}
			src = src[i+len(collaborationNull):]
		}
	}
	// Every row placed: none may be left.
	if bytes.Contains(src, []byte(collaborationNull)) {
		return nil, false, nil
	}
	return append(out, src...), true, nil
}
