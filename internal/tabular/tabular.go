// Package tabular reads and writes collaborations as spreadsheets: XLSX
// (through excelize) and CSV in, XLSX, CSV and JSON out. Reading is
// forgiving about what people type (headers, municipality names, dates,
// amounts) and strict about what it writes: an import is planned row by
// row first, and applied in one Store.Batch only when no row has an error.
package tabular

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Limits on what one import may hold. Together they bound what reading
// and planning one upload may cost the server, whatever the file holds:
// about 150 MB at the most (BenchmarkHostileUploads measures it).
const (
	MaxFileSize = 10 << 20 // bytes
	MaxRows     = 20000    // data rows, header not counted
	// MaxColumns is how many columns may hold values; columns past the
	// last header are never read, so only their count matters.
	MaxColumns = 64
	// MaxCellChars is Excel's own limit on the text of one cell.
	MaxCellChars = 32767
	// MaxText bounds the text of all cells of the rows read, counted per
	// cell: many cells may refer to one shared string, and each becomes
	// its own value.
	MaxText = 24 << 20 // bytes
	// MaxUnzipped bounds what the parts of a workbook may unpack to, as
	// the zip directory declares it (reading more than declared fails).
	MaxUnzipped = 48 << 20 // bytes
)

// Table is a sheet as text: the header row and the data rows below it,
// each with the line number the spreadsheet program shows.
type Table struct {
	Format    string   `json:"format"` // "xlsx" or "csv"
	Sheet     string   `json:"sheet,omitempty"`
	Header    []string `json:"header"`
	HeaderRow int      `json:"header_row"`
	// Date1904 says the workbook counts date serials from 1904.
	Date1904 bool  `json:"-"`
	Rows     []Row `json:"-"`
}

// Row is one data row.
type Row struct {
	Line  int
	Cells []string
}

// Cell returns column i of the row, or "" past its end.
func (r Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// Kinds of FileError.
const (
	KindTooBig         = "too_big"
	KindNotSpreadsheet = "not_spreadsheet"
	KindEncrypted      = "encrypted"
	KindOldExcel       = "old_excel"
	KindDamaged        = "damaged"
	KindEmpty          = "empty"
	KindNoHeader       = "no_header"
	KindNoRows         = "no_rows"
	KindTooManyRows    = "too_many_rows"
	KindTooLarge       = "too_large"        // unpacks to too much, or is packed suspiciously hard
	KindCellTooLong    = "cell_too_long"    // a cell over MaxCellChars
	KindTooManyColumns = "too_many_columns" // values past column MaxColumns
	KindTooMuchText    = "too_much_text"    // more than MaxText in all
)

// FileError says why a whole file cannot be imported. Message is Swedish
// and safe to show; it unwraps to an EINVALID application error so every
// surface renders it as bad input.
type FileError struct {
	Kind    string
	Message string
	// Where the problem is and how big it is, for the kinds that say so,
	// so a page can word the message in another language.
	Where Location
	Count int
}

// Location is a place in a file as the spreadsheet program shows it. Any
// part may be unknown.
type Location struct {
	Sheet string
	Cell  string // e.g. "B7"
	Row   int
}

// String words the location in Swedish: "Cell B7 (rad 7) på bladet X".
func (l Location) String() string {
	var s string
	switch {
	case l.Cell != "" && l.Row > 0:
		s = fmt.Sprintf("Cell %s (rad %d)", l.Cell, l.Row)
	case l.Cell != "":
		s = "Cell " + l.Cell
	case l.Row > 0:
		s = fmt.Sprintf("Rad %d", l.Row)
	default:
		return "En cell i filen"
	}
	if l.Sheet != "" {
		s += " på bladet " + l.Sheet
	}
	return s
}

func (e *FileError) Error() string { return e.Message }

// Unwrap returns the application error the surfaces render.
func (e *FileError) Unwrap() error {
	return &samverkan.Error{Code: samverkan.EINVALID, Message: e.Message}
}

var fileMessages = map[string]string{
	KindTooBig:         "Filen är för stor. Den får vara högst %d MB.",
	KindNotSpreadsheet: "Filen är inte ett kalkylark. Ladda upp en Excel-fil (.xlsx) eller en CSV-fil.",
	KindEncrypted:      "Filen är lösenordsskyddad. Spara en kopia utan lösenord i Excel och försök igen.",
	KindOldExcel:       "Filen är i det gamla Excel-formatet (.xls). Spara den som Excel-arbetsbok (.xlsx) eller CSV och försök igen.",
	KindDamaged:        "Excel-filen är skadad eller ofullständig och kan inte läsas. Spara den på nytt och försök igen.",
	KindEmpty:          "Filen är tom.",
	KindNoHeader:       "Hittade ingen rubrikrad. Första raden ska ha kolumnrubriker som Namn, Värdkommun och Deltagande kommuner – utgå gärna från mallen.",
	KindNoRows:         "Filen har en rubrikrad men inga rader med samverkan.",
	KindTooManyRows:    "Filen har fler än %d rader. Dela upp den i flera filer.",
	KindTooLarge: "Excel-filen packas upp till mer än %d MB eller är ovanligt hårt packad, och kan inte läsas. " +
		"Spara bladet med samverkan i en ny fil, eller som CSV, och försök igen.",
	KindTooMuchText: "Filen innehåller mer än %d MB text. Dela upp den i flera filer.",
	// The location comes first in these two.
	KindCellTooLong:    "%s har %s tecken. En cell får ha högst %s tecken, samma gräns som i Excel. Korta texten och försök igen.",
	KindTooManyColumns: "%s har ett värde i kolumn %s, men filen får ha värden i högst %d kolumner. Ta bort kolumnerna längst till höger och försök igen.",
}

func fileError(kind string) *FileError {
	msg := fileMessages[kind]
	switch kind {
	case KindTooBig:
		msg = fmt.Sprintf(msg, MaxFileSize>>20)
	case KindTooManyRows:
		msg = fmt.Sprintf(msg, MaxRows)
	case KindTooLarge:
		msg = fmt.Sprintf(msg, MaxUnzipped>>20)
	case KindTooMuchText:
		msg = fmt.Sprintf(msg, MaxText>>20)
	}
	return &FileError{Kind: kind, Message: msg}
}

// cellTooLong is the error for a cell of n characters.
func cellTooLong(at Location, n int) *FileError {
	return &FileError{Kind: KindCellTooLong, Where: at, Count: n,
		Message: fmt.Sprintf(fileMessages[KindCellTooLong], at, Grouped(n), Grouped(MaxCellChars))}
}

// tooManyColumns is the error for a value in column col.
func tooManyColumns(at Location, col int) *FileError {
	return &FileError{Kind: KindTooManyColumns, Where: at, Count: col,
		Message: fmt.Sprintf(fileMessages[KindTooManyColumns], at, Grouped(col), MaxColumns)}
}

// csvTooManyFields is the error for a CSV record of n fields.
func csvTooManyFields(row, n int) *FileError {
	return &FileError{Kind: KindTooManyColumns, Where: Location{Row: row}, Count: n,
		Message: fmt.Sprintf("Rad %d har %s kolumner, fler än ett kalkylark kan ha. Filen kan inte läsas som CSV.", row, Grouped(n))}
}

// Grouped writes n with a space between thousands, as Swedish does.
func Grouped(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FileErrorKind returns the kind of a FileError in err's chain, or "".
func FileErrorKind(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ""
}
