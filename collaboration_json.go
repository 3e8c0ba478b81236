package samverkan

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The JSON of a whole collaboration, written by hand. encoding/json spent
// a fifth of the API's answers that carry whole records (the network
// export's 365 and a municipality's oversight of ~200; issue 16, first
// render) in reflection over the record's 40 fields and its nine lists,
// calling Date.MarshalJSON and compacting its result for every date, and
// indenting the export afterwards in a second pass over the bytes.
// AppendJSON writes the same bytes, indented as it goes;
// collaboration_json_test.go holds encoding/json as the oracle.

// JSONStyle is how AppendJSON writes: as encoding/json's Encoder with
// SetEscapeHTML(EscapeHTML) and SetIndent("", Indent) would (compact when
// Indent is empty), at Depth levels of indentation.
type JSONStyle struct {
	EscapeHTML bool
	Indent     string
	Depth      int
}

// jsonWriter appends JSON in one style.
type jsonWriter struct {
	b     []byte
	style JSONStyle
	first bool // no member written yet in the innermost object or array
	err   error
}

// newline starts a member's line: a comma after the one before it, and
// the indentation when indented.
func (w *jsonWriter) newline() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.indent()
}

func (w *jsonWriter) indent() {
	if w.style.Indent == "" {
		return
	}
	w.b = append(w.b, '\n')
	for range w.style.Depth {
		w.b = append(w.b, w.style.Indent...)
	}
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.style.Depth++
	w.first = true
}

// close ends an object or array that has members.
func (w *jsonWriter) close(c byte) {
	w.style.Depth--
	w.indent()
	w.b = append(w.b, c)
	w.first = false
}

// key starts the member name; its value follows.
func (w *jsonWriter) key(name string) {
	w.newline()
	w.b = append(w.b, '"')
	w.b = append(w.b, name...)
	w.b = append(w.b, '"', ':')
	if w.style.Indent != "" {
		w.b = append(w.b, ' ')
	}
}

func (w *jsonWriter) str(name, v string) {
	w.key(name)
	w.b = appendJSONString(w.b, v, w.style.EscapeHTML)
}

// strOmit is str for a field tagged omitempty.
func (w *jsonWriter) strOmit(name, v string) {
	if v != "" {
		w.str(name, v)
	}
}

func (w *jsonWriter) boolean(name string, v bool) {
	w.key(name)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *jsonWriter) int(name string, v int64) {
	w.key(name)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) date(name string, d Date) {
	w.key(name)
	if d.t.IsZero() {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '"')
	w.b = d.t.AppendFormat(w.b, dateLayout)
	w.b = append(w.b, '"')
}

func (w *jsonWriter) time(name string, t time.Time) {
	w.key(name)
	b, err := t.MarshalJSON()
	if err != nil && w.err == nil {
		w.err = err
	}
	w.b = append(w.b, b...)
}

// list writes a slice as encoding/json does: null when nil, [] when
// empty, else each element by elem.
func list[T any](w *jsonWriter, name string, s []T, elem func(*T)) {
	w.key(name)
	if s == nil {
		w.b = append(w.b, "null"...)
		return
	}
	if len(s) == 0 {
		w.b = append(w.b, '[', ']')
		return
	}
	w.open('[')
	for i := range s {
		w.newline()
		elem(&s[i])
	}
	w.close(']')
}

func (w *jsonWriter) strings(name string, s []string) {
	list(w, name, s, func(v *string) { w.b = appendJSONString(w.b, *v, w.style.EscapeHTML) })
}

// object writes one struct: fields writes its members (at least one).
func (w *jsonWriter) object(fields func()) {
	w.open('{')
	fields()
	w.close('}')
}

// AppendJSON appends c as encoding/json writes *Collaboration in style
// (null for nil). It fails only where encoding/json fails: on a created
// or updated time outside the years 0–9999.
func (c *Collaboration) AppendJSON(b []byte, style JSONStyle) ([]byte, error) {
	if c == nil {
		return append(b, "null"...), nil
	}
	w := &jsonWriter{b: b, style: style}
	w.object(func() {
		w.int("id", c.ID)
		w.str("title", c.Title)
		w.str("description", c.Description)
		w.strings("areas", c.Areas)
		w.strings("areas_to_review", c.AreasToReview)
		w.str("legal_form", c.LegalForm)
		w.str("status", c.Status)
		w.strOmit("triage", c.Triage)
		w.strOmit("triage_reason", c.TriageReason)
		w.strOmit("proposer", c.Proposer)
		if c.Priority != 0 {
			w.int("priority", int64(c.Priority))
		}
		w.boolean("of_principle", c.OfPrinciple)
		w.str("host", c.Host)
		list(w, "participants", c.Participants, func(p *Participant) {
			w.object(func() {
				w.strOmit("code", p.Code)
				w.strOmit("party", p.Party)
				w.strOmit("party_kind", p.PartyKind)
				w.strOmit("name", p.Name)
				w.str("role", p.Role)
				w.date("joined", p.Joined)
				w.date("left", p.Left)
			})
		})
		w.strings("networks", c.Networks)
		w.date("start", c.Start)
		w.date("end", c.End)
		list(w, "documents", c.Documents, func(d *Document) {
			w.object(func() {
				w.str("type", d.Type)
				w.str("title", d.Title)
				w.str("adopted_by", d.AdoptedBy)
				w.str("adopted_in", d.AdoptedIn)
				w.date("adopted", d.Adopted)
				w.str("paragraph", d.Paragraph)
				w.date("valid_from", d.ValidFrom)
				w.date("valid_to", d.ValidTo)
				w.key("notice_months")
				if d.NoticeMonths == nil {
					w.b = append(w.b, "null"...)
				} else {
					w.b = strconv.AppendInt(w.b, int64(*d.NoticeMonths), 10)
				}
				w.str("renewal", d.Renewal)
				w.str("url", d.URL)
			})
		})
		w.boolean("public_authority", c.PublicAuthority)
		w.str("public_authority_basis", c.PublicAuthorityBasis)
		w.boolean("external_delegation", c.ExternalDelegation)
		w.str("special_acts", c.SpecialActs)
		w.str("procurement_basis", c.ProcurementBasis)
		w.key("annual_cost")
		if c.AnnualCost == nil {
			w.b = append(w.b, "null"...)
		} else {
			w.b = strconv.AppendInt(w.b, *c.AnnualCost, 10)
		}
		w.str("cost_key", c.CostKey)
		w.str("cost_key_note", c.CostKeyNote)
		w.str("representation_key", c.RepresentationKey)
		w.strings("purposes", c.Purposes)
		list(w, "contacts", c.Contacts, func(k *Contact) {
			w.object(func() {
				w.str("function", k.Function)
				w.strOmit("name", k.Name)
				w.strOmit("email", k.Email)
				w.strOmit("phone", k.Phone)
			})
		})
		w.boolean("public", c.Public)
		list(w, "sources", c.Sources, func(s *Source) {
			w.object(func() {
				w.strOmit("field", s.Field)
				w.str("text", s.Text)
				w.strOmit("url", s.URL)
			})
		})
		list(w, "relations", c.Relations, func(r *Relation) {
			w.object(func() {
				w.str("kind", r.Kind)
				w.int("id", r.ID)
				w.strOmit("title", r.Title)
			})
		})
		w.boolean("example", c.Example)
		w.int("version", int64(c.Version))
		w.time("created", c.Created)
		w.time("updated", c.Updated)
	})
	return w.b, w.err
}

const jsonHex = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json does: \" \\ \b \f \n
// \r \t, other control characters as \u00XX, <, > and & as \u003c… when
// escapeHTML, bytes that are not UTF-8 as \ufffd, U+2028 and U+2029
// escaped.
func appendJSONString(b []byte, s string, escapeHTML bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
