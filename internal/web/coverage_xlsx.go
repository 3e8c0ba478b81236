package web

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// The matrix's XLSX export is one sheet of text cells. excelize spent
// about 2.5 of the export's 9 CPU-ms (issue 16) building its workbook
// model and marshalling it: parsing its default parts, a struct per cell,
// encoding/xml over all of them. writeXLSX writes the same bytes itself:
// the parts that never change are taken once from a workbook excelize
// wrote, already compressed, and the sheet, its shared strings and the
// workbook (which names the sheet) are written here as excelize writes
// them, into a zip in excelize's order with its method. Text that
// excelize would change (leading or trailing white space, "_xHHHH_"
// escapes, over-long cells) and sheet names it would refuse go through
// excelize itself (writeXLSXExcelize), so the output is excelize's in
// every case (TestXLSXAsExcelize).

// xlsxParts are the parts of excelize's one-sheet workbook: the constant
// ones, and the sheet's and the workbook's text around what varies.
type xlsxParts struct {
	names []string // every part, in excelize's zip order
	// constant are the parts written as they are, compressed as excelize's
	// zip writer compressed them, with their headers: copied, not
	// compressed again for every export.
	constant map[string]xlsxRawPart
	// sheetHead and sheetTail surround the <sheetData> rows,
	// sstHead the shared strings' counts, workbookHead and workbookTail
	// the sheet's name.
	sheetHead, sheetTail, sstHead, workbookHead, workbookTail string
	err                                                       error
}

const (
	xlsxSheetPath    = "xl/worksheets/sheet1.xml"
	xlsxSSTPath      = "xl/sharedStrings.xml"
	xlsxWorkbookPath = "xl/workbook.xml"
	// xlsxProbeName is the sheet name of the probe workbook, found again
	// in its workbook part.
	xlsxProbeName = "Probe"
)

var xlsxTemplate = sync.OnceValue(func() *xlsxParts {
	p := &xlsxParts{constant: map[string]xlsxRawPart{}}
	var buf bytes.Buffer
	if p.err = writeXLSXExcelize(&buf, xlsxProbeName, [][]string{{"x"}}); p.err != nil {
		return p
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		p.err = err
		return p
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			p.err = err
			return p
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			p.err = err
			return p
		}
		p.names = append(p.names, f.Name)
		parts[f.Name] = string(b)
		if f.Name != xlsxSheetPath && f.Name != xlsxSSTPath && f.Name != xlsxWorkbookPath {
			raw, err := f.OpenRaw()
			if err != nil {
				p.err = err
				return p
			}
			data, err := io.ReadAll(raw)
			if err != nil {
				p.err = err
				return p
			}
			p.constant[f.Name] = xlsxRawPart{header: f.FileHeader, data: data}
		}
	}
	cut := func(s, before, after string) (head, tail string, ok bool) {
		i, j := strings.Index(s, before), strings.LastIndex(s, after)
		if i < 0 || j < i+len(before) {
			return "", "", false
		}
		return s[:i+len(before)], s[j:], true
	}
	var ok1, ok2, ok3 bool
	p.sheetHead, p.sheetTail, ok1 = cut(parts[xlsxSheetPath], "<sheetData>", "</sheetData>")
	sst := parts[xlsxSSTPath]
	if i := strings.Index(sst, ` count="`); i >= 0 {
		p.sstHead, ok2 = sst[:i], true
	}
	p.workbookHead, p.workbookTail, ok3 = cut(parts[xlsxWorkbookPath], `<sheet name="`, `" sheetId="1"`)
	if !ok1 || !ok2 || !ok3 || !strings.HasSuffix(parts[xlsxWorkbookPath][len(p.workbookHead):], xlsxProbeName+p.workbookTail) ||
		parts[xlsxSheetPath][len(p.sheetHead):] != `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`+p.sheetTail ||
		parts[xlsxSSTPath][len(p.sstHead):] != ` count="1" uniqueCount="1"><si><t>x</t></si></sst>` {
		p.err = fmt.Errorf("xlsx: excelize's workbook is not as expected")
	}
	return p
})

// writeXLSX writes rows as a one-sheet workbook, byte for byte as
// writeXLSXExcelize does.
func writeXLSX(w io.Writer, sheet string, rows [][]string) error {
	p := xlsxTemplate()
	if p.err != nil || !xlsxPlainName(sheet) || !xlsxPlainRows(rows) {
		return writeXLSXExcelize(w, sheet, rows)
	}
	// The sheet and its shared strings, each text once, in the order of
	// its first cell.
	index := map[string]int{}
	var sheetXML, sst strings.Builder
	sheetXML.Grow(len(p.sheetHead) + len(p.sheetTail) + 64*len(rows))
	sheetXML.WriteString(p.sheetHead)
	var texts strings.Builder
	for i, row := range rows {
		if len(row) == 0 {
			continue
		}
		r := strconv.Itoa(i + 1)
		sheetXML.WriteString(`<row r="`)
		sheetXML.WriteString(r)
		sheetXML.WriteString(`">`)
		for j, v := range row {
			k, ok := index[v]
			if !ok {
				k = len(index)
				index[v] = k
				texts.WriteString("<si><t>")
				if err := xml.EscapeText(&texts, []byte(v)); err != nil {
					return err
				}
				texts.WriteString("</t></si>")
			}
			sheetXML.WriteString(`<c r="`)
			writeColumnName(&sheetXML, j+1)
			sheetXML.WriteString(r)
			sheetXML.WriteString(`" t="s"><v>`)
			sheetXML.WriteString(strconv.Itoa(k))
			sheetXML.WriteString(`</v></c>`)
		}
		sheetXML.WriteString(`</row>`)
	}
	sheetXML.WriteString(p.sheetTail)
	n := strconv.Itoa(len(index))
	sst.Grow(len(p.sstHead) + texts.Len() + 48)
	sst.WriteString(p.sstHead)
	sst.WriteString(` count="` + n + `" uniqueCount="` + n + `">`)
	sst.WriteString(texts.String())
	sst.WriteString(`</sst>`)
	var workbook strings.Builder
	workbook.WriteString(p.workbookHead)
	if err := xml.EscapeText(&workbook, []byte(sheet)); err != nil {
		return err
	}
	workbook.WriteString(p.workbookTail)

	zw := zip.NewWriter(w)
	for _, name := range p.names {
		var text string
		switch name {
		case xlsxSheetPath:
			text = sheetXML.String()
		case xlsxSSTPath:
			text = sst.String()
		case xlsxWorkbookPath:
			text = workbook.String()
		default:
			part := p.constant[name]
			h := part.header
			f, err := zw.CreateRaw(&h)
			if err != nil {
				return err
			}
			if _, err := f.Write(part.data); err != nil {
				return err
			}
			continue
		}
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, text); err != nil {
			return err
		}
	}
	return zw.Close()
}

// xlsxRawPart is a part as a zip holds it: header and compressed bytes.
type xlsxRawPart struct {
	header zip.FileHeader
	data   []byte
}

// xlsxPlainName reports whether excelize takes sheet as a sheet's name as
// it is (checkSheetName): else it refuses it.
func xlsxPlainName(sheet string) bool {
	return sheet != "" && len(utf16.Encode([]rune(sheet))) <= 31 && !strings.HasPrefix(sheet, "'") &&
		!strings.HasSuffix(sheet, "'") && !strings.ContainsAny(sheet, ":\\/?*[]")
}

// xlsxPlainRows reports whether excelize writes every text of rows as it
// is: none begins or ends with white space (it marks those to be kept),
// none holds "_x" (the start of its escapes for characters) and none is
// longer than a cell holds. There is a row with a cell: an empty
// workbook has no shared strings part.
func xlsxPlainRows(rows [][]string) bool {
	cells := false
	for _, row := range rows {
		for _, v := range row {
			cells = true
			if len(v) > 32767 || strings.Contains(v, "_x") {
				return false
			}
			if v != "" {
				switch v[0] {
				case '\t', '\n', '\r', ' ':
					return false
				}
				switch v[len(v)-1] {
				case '\t', '\n', '\r', ' ':
					return false
				}
			}
		}
	}
	return cells
}

// writeColumnName writes the letters of column col (1 is A, 27 AA).
func writeColumnName(b *strings.Builder, col int) {
	var buf [8]byte
	i := len(buf)
	for col > 0 {
		col--
		i--
		buf[i] = byte('A' + col%26)
		col /= 26
	}
	b.Write(buf[i:])
}
