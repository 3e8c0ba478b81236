package tabular

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
)

// A workbook is a zip of XML parts, and excelize turns what they hold into
// memory: a 53 KB file with one shared string of 50 MiB cost 440 MB of heap
// to read and plan, and a server 750 MB (issue 10). checkXLSX looks at the
// file first, holding a few kilobytes
// whatever the file holds: the sizes the zip directory declares (reading
// more than declared fails, so they are a true bound), how hard each part
// is packed, and, streaming through the shared strings and the sheets,
// the length of every text and the columns that hold values.

// Limits of the check.
const (
	// maxRatio is how many times a part over ratioFloor may unpack to its
	// packed size. Real sheets reach 10 to 30 (thousands of empty styled
	// rows: 28); the hostile file above, 1 000.
	maxRatio   = 100
	ratioFloor = 1 << 20
	maxParts   = 10000
	// maxSharedStrings bounds the shared-string table: excelize keeps an
	// index entry per string.
	maxSharedStrings = 20 * MaxRows
	// maxRun bounds one stretch of text between tags (the XML reader
	// holds it whole): a cell's 32 767 characters written as entities.
	maxRun = MaxCellChars * 10
	// maxMarkup bounds one tag, comment or processing instruction.
	maxMarkup = 1 << 20
	// maxLocalXML bounds workbook.xml and its relationships, read whole
	// for the sheet names.
	maxLocalXML = 4 << 20
)

// zipName is a part's name as excelize matches it.
func zipName(f *zip.File) string { return strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/")) }

func checkXLSX(zr *zip.Reader) (*xlsxFormats, error) {
	if len(zr.File) > maxParts {
		return nil, fileError(KindTooLarge)
	}
	var total uint64
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if total > MaxUnzipped || size > ratioFloor && size/maxRatio > f.CompressedSize64 {
			return nil, fileError(KindTooLarge)
		}
		parts[zipName(f)] = f
	}
	long, err := checkSharedStrings(parts["xl/sharedstrings.xml"])
	if err != nil {
		return nil, err
	}
	fm := &xlsxFormats{styles: readStyles(parts["xl/styles.xml"]), cells: map[string]map[cellKey]cellFormat{},
		date1904: workbookDate1904(parts)}
	sheets := sheetParts(parts)
	for _, s := range sheets {
		if err := checkSheet(s.file, s.name, long, fm); err != nil {
			return nil, err
		}
	}
	for _, n := range long { // a long string no cell shows
		return nil, cellTooLong(Location{}, n)
	}
	return fm, nil
}

// workbookDate1904 reports whether the workbook counts dates from 1904
// (Excel for Mac before 2011, some other programs).
func workbookDate1904(parts map[string]*zip.File) bool {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
	}
	if decodeSmall(parts["xl/workbook.xml"], &wb) != nil {
		return false
	}
	return wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
}

// sheetPart is a worksheet and the name it has in the workbook.
type sheetPart struct {
	file *zip.File
	name string
}

// sheetParts returns the worksheets in workbook order, then any other
// part in xl/worksheets/ (excelize reads those too).
func sheetParts(parts map[string]*zip.File) []sheetPart {
	var out []sheetPart
	seen := map[*zip.File]bool{}
	for _, s := range workbookSheets(parts) {
		if f := parts[s.path]; f != nil && !seen[f] {
			out = append(out, sheetPart{f, s.name})
			seen[f] = true
		}
	}
	for name, f := range parts {
		if strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml") && !seen[f] {
			out = append(out, sheetPart{f, ""})
			seen[f] = true
		}
	}
	return out
}

type workbookSheet struct{ name, path string }

// workbookSheets reads the sheet names from xl/workbook.xml and where
// their parts are from its relationships. Names only make messages
// clearer, so any problem here gives none.
func workbookSheets(parts map[string]*zip.File) []workbookSheet {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if decodeSmall(parts["xl/workbook.xml"], &wb) != nil || decodeSmall(parts["xl/_rels/workbook.xml.rels"], &rels) != nil {
		return nil
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := strings.ReplaceAll(r.Target, `\`, "/")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = strings.ToLower(t)
	}
	var out []workbookSheet
	for _, s := range wb.Sheets {
		if t, ok := targets[s.RID]; ok {
			out = append(out, workbookSheet{s.Name, t})
		}
	}
	return out
}

func decodeSmall(f *zip.File, v any) error {
	if f == nil {
		return io.EOF
	}
	if f.UncompressedSize64 > maxLocalXML {
		return io.ErrShortBuffer
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(io.LimitReader(r, maxLocalXML)).Decode(v)
}

// checkSharedStrings counts the shared strings and returns the lengths of
// those over MaxCellChars, by index (at most a few).
func checkSharedStrings(f *zip.File) (map[int]int, error) {
	if f == nil {
		return nil, nil
	}
	long := map[int]int{}
	index, chars, inItem, inText := 0, 0, false, 0
	err := scanXML(f, xmlHandler{
		start: func(name string, _ attrs, empty bool) error {
			switch name {
			case "si":
				if index >= maxSharedStrings {
					return fileError(KindTooLarge)
				}
				inItem, chars = !empty, 0
				if empty {
					index++
				}
			case "t":
				if inItem && !empty {
					inText++
				}
			}
			return nil
		},
		end: func(name string) {
			switch name {
			case "si":
				if chars > MaxCellChars && len(long) < 16 {
					long[index] = chars
				}
				index, inItem = index+1, false
			case "t":
				inText = max(inText-1, 0)
			}
		},
		text: func(_ []byte, n int) {
			if inText > 0 {
				chars += n
			}
		},
	})
	return long, err
}

// checkSheet checks every cell of a sheet: the length of its value and
// formula, the shared string it shows, and that a cell with a value lies
// within MaxColumns.
func checkSheet(f *zip.File, sheet string, long map[int]int, fm *xlsxFormats) error {
	var (
		row, col           int
		ref, typ           string
		value, formula     int
		inV, inF, inT      bool
		inCell, hasFormula bool
		v                  []byte // the <v> of a shared-string cell: an index
	)
	at := func() Location {
		if ref == "" {
			ref = cellName(col, row)
		}
		return Location{Sheet: sheet, Cell: ref, Row: row}
	}
	endCell := func() error {
		inCell = false
		switch {
		case value > MaxCellChars:
			return cellTooLong(at(), value)
		case formula > MaxCellChars:
			return cellTooLong(at(), formula)
		}
		if typ == "s" {
			if i, err := strconv.Atoi(strings.TrimSpace(string(v))); err == nil {
				if n, ok := long[i]; ok {
					return cellTooLong(at(), n)
				}
			}
		}
		if col > MaxColumns && (value > 0 || formula > 0 || hasFormula) {
			return tooManyColumns(at(), col)
		}
		return nil
	}
	return scanXML(f, xmlHandler{
		start: func(name string, a attrs, empty bool) error {
			switch name {
			case "row":
				if n, err := strconv.Atoi(a.r); err == nil && n > 0 {
					row = n
				} else {
					row++
				}
				col = 0
			case "c":
				col++
				ref, typ = a.r, a.t
				if c, r, ok := splitRef(a.r); ok {
					col = c
					if r > 0 {
						row = r
					}
				} else {
					ref = "" // named when needed
				}
				fm.note(sheet, row, col, a.s, a.t)
				value, formula, hasFormula, v = 0, 0, false, v[:0]
				inCell = true
				if empty {
					return endCell()
				}
			case "v":
				inV = inCell && !empty
			case "f":
				inF = inCell && !empty
				hasFormula = hasFormula || inCell
			case "t":
				inT = inCell && !empty
			}
			return nil
		},
		end: func(name string) {
			switch name {
			case "v":
				inV = false
			case "f":
				inF = false
			case "t":
				inT = false
			}
		},
		endErr: func(name string) error {
			if name == "c" && inCell {
				return endCell()
			}
			return nil
		},
		text: func(b []byte, n int) {
			switch {
			case inF:
				formula += n
			case inV:
				value += n
				if typ == "s" && len(v) < 24 {
					v = append(v, b[:min(len(b), 24-len(v))]...)
				}
			case inT:
				value += n
			}
		},
	})
}

// splitRef splits "XFD12" into column 16384 and row 12. A reference
// without a row number gives row 0.
func splitRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || i > 3 {
		return 0, 0, false
	}
	if i < len(ref) {
		r, err := strconv.Atoi(ref[i:])
		if err != nil {
			return 0, 0, false
		}
		row = r
	}
	return col, row, true
}

// cellName writes column col and row as "B7".
func cellName(col, row int) string {
	var letters []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		letters = append([]byte{byte('A' + (c-1)%26)}, letters...)
	}
	if row <= 0 {
		return string(letters)
	}
	return string(letters) + strconv.Itoa(row)
}

// attrs are the attributes the checks need.
type attrs struct{ r, t, s string }

// xmlHandler receives what scanXML finds. Names are local (no prefix);
// text comes in pieces with the characters each holds (an entity counts
// as one).
type xmlHandler struct {
	start  func(name string, a attrs, empty bool) error
	end    func(name string)
	endErr func(name string) error
	text   func(b []byte, chars int)
}

// scanXML streams through one part byte by byte. It is no XML parser: it
// finds tags, text, comments, CDATA and processing instructions well
// enough to measure them, and leaves judging the XML to excelize.
func scanXML(f *zip.File, h xmlHandler) error {
	rc, err := f.Open()
	if err != nil {
		return fileError(KindDamaged)
	}
	defer rc.Close()
	s := &xmlScan{h: h}
	buf := make([]byte, 64<<10)
	for {
		n, err := rc.Read(buf)
		if n > 0 {
			if serr := s.feed(buf[:n]); serr != nil {
				return serr
			}
		}
		if err == io.EOF {
			return nil
		} else if err != nil {
			return fileError(KindDamaged)
		}
	}
}

// States of xmlScan.
const (
	stText    = iota
	stEntity  // after & in text
	stOpen    // after <, deciding what follows
	stTag     // in a start or end tag
	stQuote   // in a quoted attribute value
	stComment // in <!-- -->
	stCDATA   // in <![CDATA[ ]]>
	stOther   // in <? ?> or <! >
)

type xmlScan struct {
	h      xmlHandler
	state  int
	run    int    // bytes of the current text, or of the current markup
	tag    []byte // the start of the current markup, enough for its name and attributes
	quote  byte
	tail   [3]byte // the last three bytes of the markup
	entity int     // bytes of the current entity
	cdata  int     // characters of the current CDATA section
}

// maxTagKept is how much of a tag is kept to read its name and
// attributes; the rest is only counted.
const maxTagKept = 4 << 10

func (s *xmlScan) feed(b []byte) error {
	textStart := -1 // start in b of text not yet handed on
	flush := func(end int) {
		if textStart >= 0 && end > textStart && s.h.text != nil {
			s.h.text(b[textStart:end], countChars(b[textStart:end]))
		}
		textStart = -1
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch s.state {
		case stText, stEntity:
			if c == '<' {
				flush(i)
				s.state, s.run, s.tag, s.tail = stOpen, 1, append(s.tag[:0], c), [3]byte{}
				continue
			}
			if s.run++; s.run > maxRun {
				return fileError(KindTooLarge)
			}
			if s.state == stEntity {
				if s.entity++; c == ';' || s.entity > 32 {
					s.state = stText
				}
				continue
			}
			if c == '&' {
				flush(i)
				s.state, s.entity = stEntity, 0
				if s.h.text != nil {
					s.h.text(b[i:i+1], 1) // one character, whichever
				}
				continue
			}
			if textStart < 0 {
				textStart = i
			}
			continue
		}
		if s.run++; s.run > maxMarkup {
			return fileError(KindTooLarge)
		}
		if len(s.tag) < maxTagKept {
			s.tag = append(s.tag, c)
		}
		s.tail = [3]byte{s.tail[1], s.tail[2], c}
		switch s.state {
		case stOpen:
			t := string(s.tag)
			switch {
			case len(t) == 2 && c == '?':
				s.state = stOther
			case len(t) == 2 && c != '!':
				s.state = stTag
				if c == '>' {
					if err := s.endTag(); err != nil {
						return err
					}
				}
			case t == "<!--":
				s.state, s.tail = stComment, [3]byte{}
			case t == "<![CDATA[":
				s.state, s.tail, s.run, s.cdata = stCDATA, [3]byte{}, 0, 0
			case !strings.HasPrefix("<!--", t) && !strings.HasPrefix("<![CDATA[", t):
				s.state = stOther
			}
		case stTag:
			switch c {
			case '"', '\'':
				s.state, s.quote = stQuote, c
			case '>':
				if err := s.endTag(); err != nil {
					return err
				}
			}
		case stQuote:
			if c == s.quote {
				s.state = stTag
			}
		case stComment:
			if s.tail == [3]byte{'-', '-', '>'} {
				s.state, s.run = stText, 0
			}
		case stCDATA:
			// CDATA is text, counted and bounded like it.
			if s.run > maxRun {
				return fileError(KindTooLarge)
			}
			if c&0xC0 != 0x80 {
				s.cdata++
			}
			if s.tail == [3]byte{']', ']', '>'} {
				if s.h.text != nil {
					s.h.text(nil, s.cdata-3)
				}
				s.state, s.run = stText, 0
			}
		case stOther:
			if c == '>' {
				s.state, s.run = stText, 0
			}
		}
	}
	if s.state == stText {
		flush(len(b))
	}
	return nil
}

// endTag handles a complete start or end tag.
func (s *xmlScan) endTag() error {
	tag := s.tag
	s.state, s.run = stText, 0
	if len(tag) < 3 {
		return nil
	}
	closing := tag[1] == '/'
	body := tag[1:]
	if closing {
		body = tag[2:]
	}
	if len(tag) < maxTagKept {
		body = body[:len(body)-1] // the >
	}
	empty := s.tail[1] == '/'
	if empty && len(body) > 0 && body[len(body)-1] == '/' {
		body = body[:len(body)-1]
	}
	name, rest := splitName(body)
	if closing {
		if s.h.end != nil {
			s.h.end(name)
		}
		if s.h.endErr != nil {
			return s.h.endErr(name)
		}
		return nil
	}
	if s.h.start == nil {
		return nil
	}
	var a attrs
	if name == "c" || name == "row" {
		a = parseAttrs(rest)
	}
	return s.h.start(name, a, empty)
}

// splitName returns a tag's local name and the rest of it.
func splitName(body []byte) (string, []byte) {
	end := 0
	for end < len(body) && !isSpace(body[end]) {
		end++
	}
	name := body[:end]
	if i := strings.LastIndexByte(string(name), ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name), body[end:]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseAttrs finds the r, t and s attributes.
func parseAttrs(b []byte) attrs {
	var a attrs
	for len(b) > 0 {
		for len(b) > 0 && isSpace(b[0]) {
			b = b[1:]
		}
		eq := strings.IndexByte(string(b), '=')
		if eq < 0 {
			break
		}
		key := strings.TrimSpace(string(b[:eq]))
		if i := strings.LastIndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		b = b[eq+1:]
		for len(b) > 0 && isSpace(b[0]) {
			b = b[1:]
		}
		if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
			break
		}
		q := b[0]
		end := strings.IndexByte(string(b[1:]), q)
		if end < 0 {
			break
		}
		val := string(b[1 : 1+end])
		b = b[2+end:]
		switch key {
		case "r":
			a.r = val
		case "t":
			a.t = val
		case "s":
			a.s = val
		}
	}
	return a
}

// countChars counts the UTF-8 characters of b: every byte that does not
// continue a character.
func countChars(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}
