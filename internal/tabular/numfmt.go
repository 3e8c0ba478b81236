package tabular

import (
	"archive/zip"
	"strconv"
	"strings"
	"unicode"

	"github.com/samverkan/samverkan"
)

// A workbook's cells hold numbers; what a number means, a date or an
// amount in thousands, is in the cell's number format. The import reads
// it from there rather than guessing from the number: a date cell is a
// date whatever its serial, and a number shown as "350 tkr" is 350 000 kr.
// checkXLSX already streams every cell of every sheet, so it notes the
// cells whose format says more than a plain number (cellFormats), and
// readSheet writes those cells as the text people see: "2018-10-03",
// "350000 kr".

// cellFormat is what a number format says about its numbers.
type cellFormat struct {
	date bool
	// scale turns the number into kronor: 1000 for `#,##0 "tkr"`, 1 for
	// `#,##0, "tkr"` (Excel shows kronor in thousands) and `# ##0 "kr"`,
	// 0 when the format names no unit.
	scale float64
}

// cellKey is a cell by row and column (both from 1).
type cellKey struct{ row, col int }

// xlsxFormats are the special cells of a workbook, per sheet name.
type xlsxFormats struct {
	date1904 bool
	styles   map[int]cellFormat // style index → format, for special styles only
	cells    map[string]map[cellKey]cellFormat
}

// maxFormattedCells bounds how many cells are noted per workbook: a date
// or amount column of MaxRows rows in a few columns fits with room.
const maxFormattedCells = 20 * MaxRows

func (x *xlsxFormats) note(sheet string, row, col int, style string, typ string) {
	if x == nil || len(x.styles) == 0 || style == "" || (typ != "" && typ != "n") {
		return
	}
	i, err := strconv.Atoi(style)
	if err != nil {
		return
	}
	cf, ok := x.styles[i]
	if !ok {
		return
	}
	m := x.cells[sheet]
	if m == nil {
		m = map[cellKey]cellFormat{}
		x.cells[sheet] = m
	}
	if len(m) < maxFormattedCells {
		m[cellKey{row, col}] = cf
	}
}

// text returns a noted cell's raw number as the text it stands for.
func (x *xlsxFormats) text(cells map[cellKey]cellFormat, row, col int, raw string) string {
	cf, ok := cells[cellKey{row, col}]
	if !ok {
		return raw
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil {
		return raw
	}
	switch {
	case cf.date:
		if v < 1 || v > 2958465 { // a time of day, or past 9999-12-31
			return raw
		}
		return serialDate(v, x.date1904).String()
	case cf.scale > 0:
		return strconv.FormatFloat(v*cf.scale, 'f', -1, 64) + " kr"
	}
	return raw
}

// readStyles reads xl/styles.xml: which cell styles have a date format or
// an amount unit. A missing or unreadable part gives none: then numbers
// are read as numbers.
func readStyles(f *zip.File) map[int]cellFormat {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if f == nil || decodeSmall(f, &st) != nil {
		return nil
	}
	codes := map[int]string{}
	for _, n := range st.NumFmts {
		codes[n.ID] = n.Code
	}
	out := map[int]cellFormat{}
	for i, xf := range st.Xfs {
		var cf cellFormat
		if code, ok := codes[xf.NumFmtID]; ok {
			cf = parseNumFmt(code)
		} else {
			cf.date = builtinDate(xf.NumFmtID)
		}
		if cf.date || cf.scale > 0 {
			out[i] = cf
		}
	}
	return out
}

// builtinDate reports whether a built-in number format (ECMA-376 18.8.30)
// shows a date: 14–17 and 22, and the East Asian date formats; the other
// built-ins are numbers, text or times of day.
func builtinDate(id int) bool {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return true
	}
	return false
}

// parseNumFmt reads a custom format code's first section: whether it
// shows a date (day or year, or a month without hours and seconds), and
// the unit its literal text names.
func parseNumFmt(code string) cellFormat {
	var codeOnly, literal strings.Builder
	inQuote, inBracket := false, false
	section := code
	for i := 0; i < len(section); i++ {
		c := section[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			} else {
				literal.WriteByte(c)
			}
		case inBracket:
			if c == ']' {
				inBracket = false
			}
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' && i+1 < len(section):
			i++
			literal.WriteByte(section[i])
		case c == '_' || c == '*': // padding: the next character is not shown as itself
			i++
		case c == ';':
			i = len(section) // the first section only
		default:
			codeOnly.WriteByte(c)
		}
	}
	k := strings.ToLower(codeOnly.String())
	var cf cellFormat
	if !strings.Contains(k, "general") {
		k = strings.NewReplacer("am/pm", "", "a/p", "").Replace(k)
		hasTime := strings.ContainsAny(k, "hs")
		cf.date = strings.ContainsAny(k, "yd") || strings.Contains(k, "m") && !hasTime && !strings.ContainsAny(k, "0#?")
	}
	if cf.date {
		return cf
	}
	unit := 0.0
	for _, w := range strings.Fields(samverkan.MatchKey(literal.String())) {
		switch w {
		case "tkr", "tusen", "ksek", "tsek":
			unit = 1e3
		case "mkr", "mnkr", "msek", "miljoner", "milj":
			unit = 1e6
		case "kr", "sek", "kronor":
			unit = max(unit, 1) // kronor as they are; the cell says so, whatever its column's header
		}
	}
	if unit == 0 {
		return cf
	}
	// Commas after the last digit placeholder divide what is shown by a
	// thousand each: `#,##0, "tkr"` shows kronor in thousands.
	digits := strings.TrimRightFunc(k, func(r rune) bool { return !strings.ContainsRune("0#?,.", r) && !unicode.IsDigit(r) })
	for strings.HasSuffix(digits, ",") {
		digits = digits[:len(digits)-1]
		unit /= 1e3
	}
	cf.scale = unit
	return cf
}
