package tabular

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// The fuzz targets run as unit tests on their seed corpus; run one with
// go test -fuzz FuzzParseDate ./internal/tabular/ to search further.

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2018-10-03", "3 oktober 2018", "03.10.2018", "3/10/18", "43376", "43376.5", "2018",
		"2018-10", "den 1:a jan. 2019", "October 3, 2018", "2018-02-30", "9999999999", "-1", "3 okt", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if ok && !d.Valid() {
			t.Errorf("ParseDate(%q) ok with an invalid date", s)
		}
		if ok && !d.IsZero() && (d.Year() < 1900 || d.Year() > 2201) {
			t.Errorf("ParseDate(%q) = %v, out of range", s, d)
		}
		if ok && !d.IsZero() { // what we write, we read back
			if again, ok := ParseDate(d.String()); !ok || again != d {
				t.Errorf("ParseDate(%q) = %v, which does not read back", s, d)
			}
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"", "1 200 000 kr", "1,2 mnkr", "350 tkr", "1 200 000,50", "1.200.000", "1,200,000", "-5",
		"SEK 5000", "5 000:-", "1e400", "NaN", "Inf", "0x10", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseAmount(s)
		if !ok && v != nil {
			t.Errorf("ParseAmount(%q) failed but returned %d", s, *v)
		}
		if ok && v != nil && (*v > 1e15 || *v < -1e15) {
			t.Errorf("ParseAmount(%q) = %d, out of range", s, *v)
		}
	})
}

func FuzzParseBool(f *testing.F) {
	for _, s := range []string{"", "ja", "Nej", "x", "TRUE", "0", "kanske"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, set, ok := ParseBool(s)
		if !set && v {
			t.Errorf("ParseBool(%q) true but not set", s)
		}
		if !ok && set {
			t.Errorf("ParseBool(%q) set but not ok", s)
		}
	})
}

func FuzzMunicipalities(f *testing.F) {
	r := NewResolver(refdata.MustCatalog())
	cat := refdata.MustCatalog()
	for _, s := range []string{"Gislaved, Gnosjö och Vaggeryd", "0683;683\nVärnamo kommun", "Ornskoldsvik", "Varnamå",
		"Upplands Väsby och Dals-Ed", ",,,;;;", strings.Repeat("och ", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, item := range splitMatch(s, muniSeps, func(x string) bool { _, ok := cat.LookupMunicipality(x); return ok }) {
			if item == "" {
				t.Errorf("splitMatch(%q) gave an empty item", s)
			}
			code, sug, ok := r.Municipality(item)
			if ok && (len(code) != 4 || sug != "") {
				t.Errorf("Municipality(%q) = %q, %q", item, code, sug)
			}
		}
		if utf8.ValidString(s) {
			_, _, _ = r.Area(s)
			_, _ = samverkan.MatchLegalForm(s)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"Namn;Värdkommun;Deltagande kommuner\nVäxel;Gislaved;Gislaved och Gnosjö\n",
		"\xEF\xBB\xBFTitle,Municipalities,Start date\r\n\"A, B\",\"Gislaved\nGnosjö\",2018-01-01\r\n",
		"Namn\tKommuner\nx\ty\n",
		"N\xe4mn;V\xe4rdkommun\nV\xe4xel;Gislaved\n",
		"Namn;\"Deltagande kommuner\nVärdkommun\n",
		"", "\x00\x01\x02",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := Read(data)
		if err == nil && (len(tb.Rows) == 0 || tb.Header == nil) {
			t.Errorf("Read: no error but no rows")
		}
		if err != nil && FileErrorKind(err) == "" {
			t.Errorf("Read: error without a kind: %v", err)
		}
	})
}

func FuzzReadXLSX(f *testing.F) {
	seed := func(rows [][]any) []byte {
		x := excelize.NewFile()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			x.SetSheetRow("Sheet1", cell, &r)
		}
		var buf bytes.Buffer
		x.WriteTo(&buf)
		return buf.Bytes()
	}
	good := seed([][]any{{"Namn", "Värdkommun", "Start"}, {"Växel", "Gislaved", 43376}})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(seed([][]any{{"a"}}))
	var tmpl bytes.Buffer
	WriteTemplate(&tmpl, refdata.MustCatalog())
	f.Add(tmpl.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, zipMagic) {
			return
		}
		tb, err := Read(data)
		if err == nil && len(tb.Rows) == 0 {
			t.Errorf("Read: no error but no rows")
		}
		if err != nil && FileErrorKind(err) == "" {
			t.Errorf("Read: error without a kind: %v", err)
		}
	})
}
