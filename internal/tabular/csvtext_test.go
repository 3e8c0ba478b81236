package tabular

import (
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
