package web

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// TestXLSXAsExcelize: writeXLSX writes byte for byte the workbook excelize
// writes (writeXLSXExcelize) for the matrix's sheet names and for texts
// that need escaping, repeat, are empty, fill more than 26 columns or
// leave rows empty; and for the texts and names excelize would change or
// refuse, which it hands to excelize.
func TestXLSXAsExcelize(t *testing.T) {
	if err := xlsxTemplate().err; err != nil {
		t.Fatal(err)
	}
	odd := `IT & <drift> "A+B" 'x'` + "\x00\ufdd0\xff\uFFFD\t\r\nslut"
	wide := []string{"Område"}
	for i := range 60 {
		wide = append(wide, "Kommun "+strconv.Itoa(i%7))
	}
	plain := [][][]string{
		{{"Område", "Gävle", "Sandviken", "Deltar"}, {"Vatten", "SÅM; Räddning", "", "1 / 2"}, {}, {"Utanför", "Samverkan"}, {"Region", odd}},
		{{odd}},
		{{""}},
		{wide, wide[1:], nil, nil, {"=1+1", "-2", "@x", "'quoted'", "_", "x_", "_X1234_"}},
	}
	for i, rows := range plain {
		for _, sheet := range []string{tr("sv", "cov.kind"), tr("en", "cov.kind"), "Ett & <två>", "åäö \"x\""} {
			if !xlsxPlainRows(rows) || !xlsxPlainName(sheet) {
				t.Fatalf("case %d, %q: not written here", i, sheet)
			}
			same(t, sheet, rows)
		}
	}
	// Written by excelize: texts it changes, names it refuses.
	changed := [][][]string{
		nil,
		{{}},
		{{" leading"}},
		{{"a", "trailing\n"}},
		{{"escape _x0041_ here"}},
		{{strings.Repeat("å", 20000)}},
	}
	for i, rows := range changed {
		if xlsxPlainRows(rows) {
			t.Fatalf("changed case %d: written here", i)
		}
		same(t, "Täckning", rows)
	}
	for _, sheet := range []string{"", "a/b", "'q'", strings.Repeat("x", 32), "[x]"} {
		if xlsxPlainName(sheet) {
			t.Fatalf("sheet %q: written here", sheet)
		}
		same(t, sheet, plain[0])
	}
}

func same(t *testing.T, sheet string, rows [][]string) {
	t.Helper()
	var got, want bytes.Buffer
	gotErr, wantErr := writeXLSX(&got, sheet, rows), writeXLSXExcelize(&want, sheet, rows)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("sheet %q, rows %q: error %v, excelize's %v", sheet, rows, gotErr, wantErr)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("sheet %q, rows %.200q: %d bytes differ from excelize's %d", sheet, rows, got.Len(), want.Len())
	}
}
