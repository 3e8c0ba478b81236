package tabular

import (
	"fmt"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestCSVValue: only text is neutralised; a number stays a number even
// when it is negative.
func TestCSVValue(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{int64(-500), "-500"},
		{-3, "-3"},
		{"-500", "'-500"},
		{"=1+1", "'=1+1"},
		{"+46", "'+46"},
		{"@x", "'@x"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"Växel", "Växel"},
		{"", ""},
		{samverkan.MustDate("2020-01-02"), "2020-01-02"},
		{nil, ""},
	}
	for _, tc := range tests {
		if got := csvValue(tc.in); got != tc.want {
			t.Errorf("csvValue(%#v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzCSVText: what CSVText writes, UnquoteCSVText reads back, except
// text that itself starts with a quote and a formula character, which
// reads back without its quote.
func FuzzCSVText(f *testing.F) {
	for _, s := range []string{"", "=", "'", "'=x", "''=x", "-5", "a", "\t", "@@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := CSVText(s)
		if w != "" && strings.IndexByte(formulaStarts, w[0]) >= 0 {
			t.Errorf("CSVText(%q) = %q starts like a formula", s, w)
		}
		ambiguous := len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0
		if got := UnquoteCSVText(w); got != s && !ambiguous {
			t.Errorf("UnquoteCSVText(CSVText(%q)) = %q", s, got)
		}
	})
}

// FuzzScanXML: the XML scan sees the same tags and counts the same
// characters however the bytes are split across reads, and never panics.
func FuzzScanXML(f *testing.F) {
	for _, s := range []string{
		`<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="inlineStr"><is><t>a&amp;b</t></is></c></row>`,
		`<?xml version="1.0"?><!-- x > y --><si><t><![CDATA[a]]b]]></t></si><x:c x:r="C1"/>`,
		`<c a='>' r="A1">&#x1F600;åäö</c><!DOCTYPE x><`, "&&&;;<<>>", "<![CDATA[", "<!--->",
	} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, split int) {
		whole, err1 := scanEvents([]byte(s), len(s)+1)
		parts, err2 := scanEvents([]byte(s), max(1, split%17))
		if whole != parts || (err1 == nil) != (err2 == nil) {
			t.Errorf("whole: %q %v\nsplit by %d: %q %v", whole, err1, max(1, split%17), parts, err2)
		}
	})
}

// scanEvents feeds data to an xmlScan in pieces of n bytes and writes down
// what it reports.
func scanEvents(data []byte, n int) (string, error) {
	var b strings.Builder
	chars := 0
	text := func() {
		if chars > 0 {
			fmt.Fprintf(&b, "text %d;", chars)
			chars = 0
		}
	}
	s := &xmlScan{h: xmlHandler{
		start: func(name string, a attrs, empty bool) error {
			text()
			fmt.Fprintf(&b, "<%s r=%q t=%q empty=%v>;", name, a.r, a.t, empty)
			return nil
		},
		end:  func(name string) { text(); fmt.Fprintf(&b, "</%s>;", name) },
		text: func(_ []byte, c int) { chars += c },
	}}
	for len(data) > 0 {
		k := min(n, len(data))
		if err := s.feed(data[:k]); err != nil {
			return b.String(), err
		}
		data = data[k:]
	}
	text()
	return b.String(), nil
}
