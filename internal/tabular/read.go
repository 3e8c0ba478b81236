package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// Magic numbers.
var (
	zipMagic = []byte("PK\x03\x04")
	// oleMagic starts a Compound File: an encrypted OOXML workbook or an
	// old binary .xls.
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// encryptionInfo is the stream name an encrypted OOXML file holds, in
	// UTF-16LE as the compound file directory stores it.
	encryptionInfo = utf16le("EncryptionInfo")
)

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// headerScanRows is how far down a sheet the header row is looked for
// (titles and notes often come first).
const headerScanRows = 15

// Read reads a spreadsheet: XLSX when the bytes are a zip, CSV when they
// are text. It never panics on bad input; every problem with the file as
// a whole comes back as a *FileError.
func Read(data []byte) (t *Table, err error) {
	defer func() {
		if v := recover(); v != nil { // a library bug must not take the server down
			t, err = nil, fileError(KindDamaged)
		}
	}()
	switch {
	case len(data) > MaxFileSize:
		return nil, fileError(KindTooBig)
	case len(bytes.TrimSpace(data)) == 0:
		return nil, fileError(KindEmpty)
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data)
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, encryptionInfo) {
			return nil, fileError(KindEncrypted)
		}
		return nil, fileError(KindOldExcel)
	}
	return readCSV(data)
}

// decodeText returns data as UTF-8: without a byte-order mark, and from
// Windows-1252 (what Swedish Excel writes as "CSV") when it is not valid
// UTF-8.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")) {
		return "", fileError(KindNotSpreadsheet) // UTF-16 text: Excel's "Unicode text", rare; ask for CSV
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", fileError(KindNotSpreadsheet)
	}
	return string(b), nil
}

// looksLikeText rejects binary files: control characters other than tab
// and line breaks do not occur in CSV.
func looksLikeText(s string) bool {
	bad := 0
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == utf8.RuneError {
			bad++
		}
	}
	return bad == 0 || bad*100 < len(s) && bad < 10
}

// sniffDelimiter picks the separator the first line uses most, outside
// quotes: semicolon (Swedish Excel), comma or tab.
func sniffDelimiter(s string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range s {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (r == '\n' || r == '\r') {
			break
		}
		if !quoted && (r == ';' || r == ',' || r == '\t') {
			counts[r]++
		}
	}
	best := ';'
	for _, r := range []rune{',', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func readCSV(data []byte) (*Table, error) {
	s, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	if !looksLikeText(s) {
		return nil, fileError(KindNotSpreadsheet)
	}
	r := csv.NewReader(strings.NewReader(s))
	r.Comma = sniffDelimiter(s)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	rr := &recordReader{next: func() ([]string, error) {
		rec, err := r.Read()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fileError(KindNotSpreadsheet)
		}
		return rec, err
	}}
	t, err := collect(rr)
	if err != nil {
		return nil, err
	}
	t.Format = "csv"
	return t, nil
}

// recordReader yields rows and counts lines as the spreadsheet shows them.
type recordReader struct {
	next func() ([]string, error)
	line int
}

// collect finds the header row among the first rows and reads the data
// rows below it, up to MaxRows.
func collect(rr *recordReader) (*Table, error) {
	var head [][]string
	t := &Table{}
	for len(head) < headerScanRows {
		rec, err := rr.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		rr.line++
		head = append(head, rec)
		if headerScore(rec) >= 2 {
			t.Header, t.HeaderRow = trimAll(rec), rr.line
			break
		}
	}
	if t.Header == nil {
		if allBlank(head) {
			return nil, fileError(KindEmpty)
		}
		return nil, fileError(KindNoHeader)
	}
	for {
		rec, err := rr.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		rr.line++
		if blankRow(rec) {
			continue
		}
		if len(t.Rows) >= MaxRows {
			return nil, fileError(KindTooManyRows)
		}
		t.Rows = append(t.Rows, Row{Line: rr.line, Cells: rec})
	}
	if len(t.Rows) == 0 {
		return nil, fileError(KindNoRows)
	}
	return t, nil
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func blankRow(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

func allBlank(rows [][]string) bool {
	for _, r := range rows {
		if !blankRow(r) {
			return false
		}
	}
	return true
}

// Sheet names the template and exports use for collaborations.
const (
	SheetCollaborations = "Samverkan"
	SheetParticipants   = "Deltagare"
	SheetDocuments      = "Dokument"
	SheetContacts       = "Kontakter"
	SheetInstructions   = "Instruktioner"
	SheetCodes          = "Koder"
)

// xlsxOptions bound what a small zip may unpack to (a zip bomb) and read
// cells unformatted: dates as serials, numbers without grouping.
var xlsxOptions = excelize.Options{RawCellValue: true, UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 64 << 20}

func readXLSX(data []byte) (*Table, error) {
	if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
		return nil, fileError(KindDamaged)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), xlsxOptions)
	if err != nil {
		return nil, fileError(KindDamaged)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError(KindDamaged)
	}
	// The template's sheet first, then the others in order.
	for i, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), SheetCollaborations) && i > 0 {
			sheets = append([]string{s}, append(sheets[:i:i], sheets[i+1:]...)...)
			break
		}
	}
	noHeader := false
	for _, name := range sheets {
		t, err := readSheet(f, name)
		switch FileErrorKind(err) {
		case "":
			t.Format, t.Sheet = "xlsx", name
			return t, nil
		case KindEmpty:
		case KindNoHeader:
			noHeader = true
		default:
			return nil, err // a sheet with a header but too many or no rows, or a damaged one
		}
	}
	if noHeader {
		return nil, fileError(KindNoHeader)
	}
	return nil, fileError(KindEmpty)
}

func readSheet(f *excelize.File, name string) (*Table, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, fileError(KindDamaged)
	}
	defer rows.Close()
	rr := &recordReader{}
	rr.next = func() ([]string, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, fileError(KindDamaged)
			}
			return nil, io.EOF
		}
		cols, err := rows.Columns(xlsxOptions)
		if err != nil {
			return nil, fileError(KindDamaged)
		}
		return cols, nil
	}
	return collect(rr)
}
