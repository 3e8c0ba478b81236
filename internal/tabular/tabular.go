// Package tabular reads and writes collaborations as spreadsheets: XLSX
// (through excelize) and CSV in, XLSX, CSV and JSON out. Reading is
// forgiving about what people type (headers, municipality names, dates,
// amounts) and strict about what it writes: an import is planned row by
// row first, and applied in one Store.Batch only when no row has an error.
package tabular

import (
	"errors"
	"fmt"

	"github.com/samverkan/samverkan"
)

// Limits on what one import may hold.
const (
	MaxFileSize = 10 << 20 // bytes
	MaxRows     = 20000    // data rows, header not counted
)

// Table is a sheet as text: the header row and the data rows below it,
// each with the line number the spreadsheet program shows.
type Table struct {
	Format    string   `json:"format"` // "xlsx" or "csv"
	Sheet     string   `json:"sheet,omitempty"`
	Header    []string `json:"header"`
	HeaderRow int      `json:"header_row"`
	Rows      []Row    `json:"-"`
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
)

// FileError says why a whole file cannot be imported. Message is Swedish
// and safe to show; it unwraps to an EINVALID application error so every
// surface renders it as bad input.
type FileError struct {
	Kind    string
	Message string
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
}

func fileError(kind string) *FileError {
	msg := fileMessages[kind]
	switch kind {
	case KindTooBig:
		msg = fmt.Sprintf(msg, MaxFileSize>>20)
	case KindTooManyRows:
		msg = fmt.Sprintf(msg, MaxRows)
	}
	return &FileError{Kind: kind, Message: msg}
}

// FileErrorKind returns the kind of a FileError in err's chain, or "".
func FileErrorKind(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ""
}
