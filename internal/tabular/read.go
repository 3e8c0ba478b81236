package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
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
	comma := sniffDelimiter(s)
	// The csv package holds a whole record, and three words per field,
	// before anyone can look at it: ten million empty fields cost 1.6 GB.
	if row, n := csvTooWide(s, byte(comma), maxCSVFields); n > 0 {
		return nil, csvTooManyFields(row, n)
	}
	r := csv.NewReader(strings.NewReader(s))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	// Rows are numbered as a spreadsheet program shows them: an empty line
	// is a row (the csv package skips it), a cell over several lines is
	// still one.
	breaks := 0 // line breaks inside the cells read so far
	rr := &recordReader{}
	rr.next = func() ([]string, error) {
		rec, err := r.Read()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fileError(KindNotSpreadsheet)
		}
		if len(rec) > 0 {
			line, _ := r.FieldPos(0)
			rr.line = line - breaks - 1 // collect counts the row it reads
		}
		for i, f := range rec {
			breaks += strings.Count(f, "\n")
			rec[i] = UnquoteCSVText(f)
		}
		return rec, err
	}
	t, err := collect(rr)
	if err != nil {
		return nil, err
	}
	t.Format = "csv"
	return t, nil
}

// maxCSVFields is Excel's column count: a CSV record with more fields is
// no sheet anyone made.
const maxCSVFields = 16384

// csvTooWide returns the first record with more than limit fields, its
// row and field count, numbering rows as readCSV does. It follows
// the csv package with LazyQuotes: a field that starts with a quote runs
// to a quote followed by the separator or a line end (a doubled quote, or
// a quote followed by anything else, is part of the field), other fields
// to the separator or the line end; an empty line is a row.
func csvTooWide(s string, comma byte, limit int) (row, fields int) {
	n, i, rec := len(s), 0, 0
	for i < n {
		if s[i] == '\n' { // an empty line: a row of nothing
			rec, i = rec+1, i+1
			continue
		}
		if s[i] == '\r' && i+1 < n && s[i+1] == '\n' {
			rec, i = rec+1, i+2
			continue
		}
		rec++
		fields = 0
	record:
		for {
			fields++
			if i < n && s[i] == '"' {
				i++
				for {
					q := strings.IndexByte(s[i:], '"')
					if q < 0 { // unclosed: the field runs to the end of the file
						i = n
						break record
					}
					i += q + 1
					switch {
					case i == n:
						break record
					case s[i] == '"':
						i++
					case s[i] == comma:
						i++
						continue record
					case s[i] == '\n':
						i++
						break record
					case s[i] == '\r' && (i+1 == n || s[i+1] == '\n'):
						i = min(i+2, n)
						break record
					}
				}
			}
			for i < n && s[i] != comma && s[i] != '\n' {
				i++
			}
			if i < n && s[i] == comma {
				i++
				continue
			}
			i = min(i+1, n)
			break
		}
		if fields > limit {
			return rec, fields
		}
	}
	return 0, 0
}

// formulaStarts are the characters a spreadsheet program may take as the
// start of a formula when it opens a CSV file (OWASP, CSV injection).
const formulaStarts = "=+-@\t\r"

// CSVText neutralises text for a CSV file as OWASP recommends: text that
// starts like a formula gets a leading single quote, so Excel shows it
// instead of running it. Every CSV the product writes passes its text
// fields (never its numbers) through here; UnquoteCSVText undoes it.
func CSVText(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// UnquoteCSVText strips the quote CSVText adds: a leading single quote
// followed by a character that starts a formula.
func UnquoteCSVText(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// recordReader yields rows and counts lines as the spreadsheet shows them.
type recordReader struct {
	next  func() ([]string, error)
	line  int
	sheet string
}

// collect finds the header row among the first rows and reads the data
// rows below it, up to MaxRows. It keeps only the columns under the
// header, and refuses a file whose cells are too long, lie too far right
// or hold too much text in all.
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
		if err := rr.check(rec); err != nil {
			return nil, err
		}
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
	text := 0
	for {
		rec, err := rr.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		rr.line++
		if err := rr.check(rec); err != nil {
			return nil, err
		}
		if blankRow(rec) {
			continue
		}
		if len(t.Rows) >= MaxRows {
			return nil, fileError(KindTooManyRows)
		}
		rec = clip(rec, len(t.Header))
		for _, c := range rec {
			text += len(c)
		}
		if text > MaxText {
			return nil, fileError(KindTooMuchText)
		}
		t.Rows = append(t.Rows, Row{Line: rr.line, Cells: rec})
	}
	if len(t.Rows) == 0 {
		return nil, fileError(KindNoRows)
	}
	return t, nil
}

// check refuses a row with a cell over MaxCellChars or a value past
// column MaxColumns.
func (rr *recordReader) check(rec []string) error {
	for i, c := range rec {
		if len(c) > MaxCellChars {
			if n := utf8.RuneCountInString(c); n > MaxCellChars {
				return cellTooLong(Location{Sheet: rr.sheet, Cell: cellName(i+1, rr.line), Row: rr.line}, n)
			}
		}
		if i >= MaxColumns && strings.TrimSpace(c) != "" {
			return tooManyColumns(Location{Sheet: rr.sheet, Cell: cellName(i+1, rr.line), Row: rr.line}, i+1)
		}
	}
	return nil
}

// clip keeps the first n cells, on a fresh array when the one it has is
// much larger: the rows are kept until planned, and a row grown by append
// or read wider than its header would keep the rest alive.
func clip(rec []string, n int) []string {
	rec = rec[:min(len(rec), n)]
	if cap(rec) > len(rec)+len(rec)/8+2 {
		return slices.Clone(rec)
	}
	return rec
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

// xlsxOptions read cells unformatted (dates as serials, numbers without
// grouping) and bound what a zip may unpack to, which checkXLSX has
// already checked. Sheets and shared-string tables over 1 MiB stay in
// temporary files, from which excelize streams them.
var xlsxOptions = excelize.Options{RawCellValue: true, UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: 1 << 20}

func readXLSX(data []byte) (*Table, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileError(KindDamaged)
	}
	fm, err := checkXLSX(zr)
	if err != nil {
		return nil, err
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
		t, err := readSheet(f, name, fm)
		switch FileErrorKind(err) {
		case "":
			t.Format, t.Sheet, t.Date1904 = "xlsx", name, fm.date1904
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

func readSheet(f *excelize.File, name string, fm *xlsxFormats) (*Table, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, fileError(KindDamaged)
	}
	defer rows.Close()
	rr := &recordReader{sheet: name}
	in := interner{}
	formatted := fm.cells[name]
	row := 0 // Next steps one row at a time, empty rows included
	rr.next = func() ([]string, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, fileError(KindDamaged)
			}
			return nil, io.EOF
		}
		row++
		cols, err := rows.Columns(xlsxOptions)
		if err != nil {
			return nil, fileError(KindDamaged)
		}
		for i, c := range cols {
			if len(formatted) > 0 && c != "" {
				c = fm.text(formatted, row, i+1, c)
			}
			cols[i] = in.intern(c)
		}
		return cols, nil
	}
	return collect(rr)
}

// interner keeps one copy of each cell value. Excelize makes a new string
// for every cell that shows a shared string, and sheets repeat their
// values (municipalities, statuses, a description pasted down a column):
// a copy per cell was half of what a wide sheet kept in memory.
type interner map[string]string

// maxInterned bounds the table; past it values are kept as they come.
const maxInterned = 1 << 16

func (in interner) intern(s string) string {
	if s == "" {
		return s
	}
	if v, ok := in[s]; ok {
		return v
	}
	if len(in) < maxInterned {
		in[s] = s
	}
	return s
}
