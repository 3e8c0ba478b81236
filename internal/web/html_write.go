package web

import (
	"html/template"
	"strconv"
	"strings"
)

// The writers the Go-written tables and lists share (steering_html.go,
// report_html.go, insyn_html.go, municipality_html.go, coverage_html.go,
// …): text, ids, links and plain lists escaped byte for byte as
// html/template escapes them. Those tables are written in Go rather than
// by their templates because at national scale every {{.Field}} of
// html/template is a reflective call to an escaper (issues 12 and 16);
// each file's tests compare its output with the template text it
// replaced.

// htmlTextTable is html/template's replacement table for text (its
// htmlReplacementTable), so that writeText escapes exactly as
// {{.}} in text does, '+' included.
var htmlTextTable = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// writeText writes s to b escaped as html/template escapes a string in
// text (htmlEscaper: the table above, every other rune as it is). The
// table holds ASCII only, which no byte of a longer UTF-8 sequence is, so
// walking bytes is walking runes.
//
// The writers of whole lists grow their builder first to about the size
// their rows take: grown by doubling, a builder allocated about twice its
// text, a twelfth of the annual report's allocations (issue 12).
func writeText(b *strings.Builder, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(htmlTextTable) && htmlTextTable[c] != "" {
			b.WriteString(s[written:i])
			b.WriteString(htmlTextTable[c])
			written = i + 1
		}
	}
	b.WriteString(s[written:])
}

func writeID(b *strings.Builder, id int64) { b.WriteString(strconv.FormatInt(id, 10)) }

// writeCollabLink writes a link to collaboration id's page, or to the
// page below it that rest names ("/uppfoljning/2025", "#kostnader"), with
// title as its text: what the Go-written tables' rows open with.
func writeCollabLink(b *strings.Builder, id int64, rest, title string) {
	b.WriteString(`<a href="/samverkan/`)
	writeID(b, id)
	b.WriteString(rest)
	b.WriteString(`">`)
	writeText(b, title)
	b.WriteString(`</a>`)
}

// plainList is a table cell's list: a <ul class="plain"> with an <li>
// that item writes for each of items (about size bytes each), or a dash
// when there is none.
func plainList[T any](items []T, size int, item func(b *strings.Builder, v T)) template.HTML {
	if len(items) == 0 {
		return "–"
	}
	var b strings.Builder
	b.Grow(len(items)*size + 32)
	b.WriteString(`<ul class="plain">`)
	for _, v := range items {
		b.WriteString(`<li>`)
		item(&b, v)
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul>`)
	return template.HTML(b.String())
}

// writeURLPart writes s as html/template writes a value inside a URL in a
// quoted attribute after a fixed start ("/natverk/{{.Slug}}"): its URL
// normalizer percent-encodes (lower-case hex) every byte that is neither
// unreserved nor reserved, keeping a valid %XX, and the attribute escaper
// then escapes as text does.
func writeURLPart(b *strings.Builder, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~", c) >= 0:
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			// Kept by the normalizer; & and + are escaped for the attribute.
			if int(c) < len(htmlTextTable) && htmlTextTable[c] != "" {
				b.WriteString(s[written:i])
				b.WriteString(htmlTextTable[c])
				written = i + 1
			}
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
}

// writeHref writes s as html/template writes a whole attribute value that
// is a URL (href="{{.}}"): a scheme other than http, https or mailto is
// refused as "#ZgotmplZ" (its urlFilter), the rest normalized and escaped
// as writeURLPart does.
func writeHref(b *strings.Builder, s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	writeURLPart(b, s)
}

// writeMunicipalityLink writes the opening <a> of a link to a
// municipality's page. A catalogue code is four digits, which the
// template writes as they are; anything else goes through the template.
func writeMunicipalityLink(b *strings.Builder, code string) {
	plain := code != ""
	for i := 0; i < len(code) && plain; i++ {
		c := code[i]
		plain = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
	}
	if plain {
		b.WriteString(`<a href="/kommun/`)
		b.WriteString(code)
		b.WriteString(`">`)
		return
	}
	if err := municipalityLink.Execute(b, code); err != nil {
		// The template is a constant and a string cannot fail it.
		panic(err)
	}
}
