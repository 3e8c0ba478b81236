package archive

import (
	"bytes"
	"encoding/xml"
	"time"
)

// node is a tiny XML tree. encoding/xml cannot write the prefixed names
// (mets:file, xlink:href) that METS readers and the E-ARK examples use, and
// a tree written by hand keeps attribute order, and so the output, stable.
type node struct {
	name     string
	attrs    []attr
	text     string
	children []*node
}

type attr struct{ name, value string }

func el(name string, attrs ...attr) *node { return &node{name: name, attrs: attrs} }

func a(name, value string) attr { return attr{name, value} }

// textEl is an element holding only text.
func textEl(name, text string, attrs ...attr) *node {
	return &node{name: name, attrs: attrs, text: text}
}

func (n *node) add(children ...*node) *node {
	n.children = append(n.children, children...)
	return n
}

// document renders n with an XML declaration, two-space indentation and a
// final newline. Text and attribute values are escaped by encoding/xml,
// which also turns characters XML 1.0 cannot carry into U+FFFD.
func document(n *node) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	n.write(&b, 0)
	return b.Bytes()
}

func (n *node) write(b *bytes.Buffer, depth int) {
	for range depth {
		b.WriteString("  ")
	}
	b.WriteString("<" + n.name)
	for _, at := range n.attrs {
		b.WriteString(" " + at.name + `="`)
		xml.EscapeText(b, []byte(at.value))
		b.WriteByte('"')
	}
	switch {
	case len(n.children) > 0:
		b.WriteString(">\n")
		for _, c := range n.children {
			c.write(b, depth+1)
		}
		for range depth {
			b.WriteString("  ")
		}
		b.WriteString("</" + n.name + ">\n")
	case n.text != "":
		b.WriteByte('>')
		xml.EscapeText(b, []byte(n.text))
		b.WriteString("</" + n.name + ">\n")
	default:
		b.WriteString("/>\n")
	}
}

// xsdDateTime formats t as xsd:dateTime in UTC, which METS and PREMIS both
// take, keeping fractions of a second so audit times come back exact.
func xsdDateTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
