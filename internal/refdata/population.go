package refdata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/samverkan/samverkan"
)

// The embedded population (data/municipalities.csv) is SCB's for
// 2019-12-31. ParsePopulation reads a newer one from the CSV that SCB's
// Statistikdatabas (PxWeb) exports for table BE0101A/BefolkningNy
// ("Folkmängd efter region, civilstånd, ålder, kön och år"), so an
// administrator can refresh it without a new release.
//
// What it accepts, since PxWeb offers several CSV flavours and a file may
// have passed through Excel on its way:
//   - separator semicolon, comma or tab; fields quoted or not;
//   - UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252;
//   - title or note lines before the header and footnotes after the data;
//   - wide layout, one column per year: "region","2023","2024" (a year
//     column may also read "Folkmängd 2024"), or long layout with a year
//     column and a value column: "region","år","Folkmängd";
//   - further columns such as "ålder" and "kön": where a column has a
//     total ("totalt ålder", "totalt") only the total rows count, otherwise
//     the rows are added up (män + kvinnor);
//   - regions as "0114 Upplands Väsby" or "0114" (a code whose leading
//     zero was lost, "114", is read as 0114); the country and counties
//     ("00 Riket", "01 Stockholms län") are skipped;
//   - numbers with spaces as thousands separators; ".." or "-" as missing.

// maxPopulationFile bounds what ParsePopulation reads; a full BE0101N1
// export for every municipality, age, sex and year is far smaller.
const maxPopulationFile = 64 << 20

// Population is a municipality's population at a reference date.
type Population struct {
	Code  string `json:"code"`
	Count int64  `json:"count"`
	// ReferenceDate is 31 December of the year the count refers to.
	ReferenceDate samverkan.Date `json:"reference_date"`
}

// PopulationTable is a population file read and checked: every year in it
// has a count for every municipality.
type PopulationTable struct {
	// Years in the file, ascending.
	Years []int
	// Unknown lists four-digit codes in the file that are not among the
	// known municipalities, for the caller to report; they are not used.
	Unknown []string
	counts  map[int]map[string]int64
}

// Latest returns the last year in the table.
func (t *PopulationTable) Latest() int { return t.Years[len(t.Years)-1] }

// Year returns the populations of year, keyed by municipality code.
func (t *PopulationTable) Year(year int) (map[string]Population, bool) {
	c, ok := t.counts[year]
	if !ok {
		return nil, false
	}
	date := samverkan.NewDate(year, time.December, 31)
	out := make(map[string]Population, len(c))
	for code, n := range c {
		out[code] = Population{Code: code, Count: n, ReferenceDate: date}
	}
	return out, true
}

// Apply returns a copy of ms with Population and PopulationYear from year.
func (t *PopulationTable) Apply(ms []samverkan.Municipality, year int) ([]samverkan.Municipality, error) {
	c, ok := t.counts[year]
	if !ok {
		return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen har inga värden för år %d.", year)
	}
	out := append([]samverkan.Municipality(nil), ms...)
	for i := range out {
		n, ok := c[out[i].Code]
		if !ok {
			return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen saknar %s %s år %d.", out[i].Code, out[i].Name, year)
		}
		out[i].Population, out[i].PopulationYear = int(n), year
	}
	return out, nil
}

// CoverageError says which municipalities a population file lacks. It
// unwraps to an EINVALID application error with the same Swedish message,
// so surfaces show it as bad input.
type CoverageError struct {
	// Missing maps each year to the codes that have no count that year.
	Missing map[int][]string
	// Unknown lists codes in the file that are not municipalities.
	Unknown []string
	Known   int
}

func (e *CoverageError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Befolkningsfilen täcker inte alla %d kommuner.", e.Known)
	years := make([]int, 0, len(e.Missing))
	for y := range e.Missing {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		codes := e.Missing[y]
		shown := codes
		if len(shown) > 30 {
			shown = shown[:30]
		}
		fmt.Fprintf(&b, " År %d saknas %d: %s", y, len(codes), strings.Join(shown, ", "))
		if len(codes) > len(shown) {
			fmt.Fprintf(&b, " och %d till", len(codes)-len(shown))
		}
		b.WriteString(".")
	}
	if len(e.Unknown) > 0 {
		fmt.Fprintf(&b, " Okända kommunkoder i filen: %s.", strings.Join(e.Unknown, ", "))
	}
	b.WriteString(" Exportera tabellen igen med alla kommuner och bara år som har värden för alla.")
	return b.String()
}

// Unwrap lets errors.As find the application error.
func (e *CoverageError) Unwrap() error {
	return &samverkan.Error{Code: samverkan.EINVALID, Message: e.Error()}
}

// ParsePopulation reads a PxWeb CSV export and checks it against the 290
// embedded municipalities.
func ParsePopulation(r io.Reader) (*PopulationTable, error) {
	ms, err := Municipalities()
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code
	}
	return ParsePopulationFor(r, codes)
}

// ParsePopulationFor reads a PxWeb CSV export and requires a count for
// every code in known, every year in the file. A file that lacks any gives
// a *CoverageError listing what is missing.
func ParsePopulationFor(r io.Reader, known []string) (*PopulationTable, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxPopulationFile+1))
	if err != nil {
		return nil, fmt.Errorf("read population file: %w", err)
	}
	if len(raw) > maxPopulationFile {
		return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen är större än %d MB.", maxPopulationFile>>20)
	}
	text, err := decodeText(raw)
	if err != nil {
		return nil, err
	}
	rows, err := readPopulationRows(text)
	if err != nil {
		return nil, err
	}
	return checkCoverage(rows, known)
}

// decodeText turns the file into UTF-8: BOMs say what they are; text that
// is not valid UTF-8 is Windows-1252, which PxWeb and Excel write on
// Swedish Windows.
func decodeText(raw []byte) (string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		if err != nil {
			return "", samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen går inte att läsa som UTF-16: %v", err)
		}
		return string(out), nil
	}
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return "", samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen har en okänd teckenkodning.")
	}
	return string(out), nil
}

// popRow is one data row: a municipality, a year, the values of any other
// columns (ålder, kön), and the count (nil when missing).
type popRow struct {
	line  int
	code  string
	year  int
	dims  []string
	count *int64
}

var (
	yearToken   = regexp.MustCompile(`(?:^|\D)((?:18|19|20|21)\d\d)(?:\D|$)`)
	regionCode  = regexp.MustCompile(`^(\d{2,4})(?:\s|$)`)
	regionNames = map[string]bool{"region": true, "kommun": true, "municipality": true, "regionkod": true, "kommunkod": true}
	yearNames   = map[string]bool{"år": true, "year": true, "tid": true, "period": true}
)

func readPopulationRows(text string) ([]popRow, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	head, sep := -1, rune(0)
	var header []string
	for i, l := range lines {
		if i > 50 {
			break
		}
		if fields, s, ok := headerFields(l); ok {
			head, sep, header = i, s, fields
			break
		}
	}
	if head < 0 {
		return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen saknar en rubrikrad med kolumnen ”region”. Exportera tabellen från SCB:s statistikdatabas som CSV med rubrik.")
	}
	cr := csv.NewReader(strings.NewReader(strings.Join(lines[head+1:], "\n")))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes, cr.TrimLeadingSpace = sep, -1, true, true
	lay, err := layoutOf(header)
	if err != nil {
		return nil, err
	}
	var out []popRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen rad %d går inte att läsa: %v", head+1+pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("read population rows: %w", err)
		}
		l, _ := cr.FieldPos(0)
		line := head + 1 + l             // lines of the file, counted from 1
		if blank(rec) || len(rec) == 1 { // empty lines and footnotes
			continue
		}
		if len(rec) != len(header) {
			return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen rad %d har %d fält, rubriken har %d.", line, len(rec), len(header))
		}
		code, ok := municipalityCode(rec[lay.region])
		if !ok {
			continue // the country, a county, or a total row
		}
		dims := make([]string, len(lay.dims))
		for i, c := range lay.dims {
			dims[i] = strings.TrimSpace(rec[c])
		}
		if lay.yearCol >= 0 {
			y, ok := yearOf(rec[lay.yearCol])
			if !ok {
				return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen rad %d: %q är inget år.", line, rec[lay.yearCol])
			}
			n, err := countOf(rec[lay.valueCol])
			if err != nil {
				return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen rad %d: %v", line, err)
			}
			out = append(out, popRow{line: line, code: code, year: y, dims: dims, count: n})
			continue
		}
		for _, yc := range lay.years {
			n, err := countOf(rec[yc.col])
			if err != nil {
				return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen rad %d, kolumn %q: %v", line, header[yc.col], err)
			}
			out = append(out, popRow{line: line, code: code, year: yc.year, dims: dims, count: n})
		}
	}
	return out, nil
}

// headerFields reports whether line is the header: a record with a region
// column and at least two fields under the separator that gives most fields.
func headerFields(line string) ([]string, rune, bool) {
	var best []string
	var bestSep rune
	for _, sep := range []rune{';', '\t', ','} {
		cr := csv.NewReader(strings.NewReader(line))
		cr.Comma, cr.LazyQuotes, cr.TrimLeadingSpace = sep, true, true
		rec, err := cr.Read()
		if err != nil || len(rec) < 2 || len(rec) <= len(best) {
			continue
		}
		for _, f := range rec {
			if regionNames[normHeader(f)] {
				best, bestSep = rec, sep
				break
			}
		}
	}
	return best, bestSep, best != nil
}

func normHeader(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

type yearCol struct{ col, year int }

type layout struct {
	region, yearCol, valueCol int
	years                     []yearCol // wide layout
	dims                      []int     // other columns (ålder, kön…)
}

var valueWords = []string{"folkmängd", "folkmangd", "population", "befolkning", "antal"}

func isValueName(h string) bool {
	h = normHeader(h)
	for _, w := range valueWords {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

func layoutOf(header []string) (layout, error) {
	lay := layout{region: -1, yearCol: -1, valueCol: -1}
	var rest []int
	for i, h := range header {
		n := normHeader(h)
		switch {
		case lay.region < 0 && regionNames[n]:
			lay.region = i
		case lay.yearCol < 0 && yearNames[n]:
			lay.yearCol = i
		default:
			rest = append(rest, i)
		}
	}
	if lay.yearCol >= 0 { // long
		var values []int
		for _, i := range rest {
			if isValueName(header[i]) {
				values = append(values, i)
			}
		}
		switch {
		case len(values) == 1:
			lay.valueCol = values[0]
		case len(values) == 0 && len(rest) > 0:
			lay.valueCol = rest[len(rest)-1] // PxWeb puts the content last
		default:
			return lay, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen har flera kolumner med värden (%s); exportera bara folkmängd.", quoted(header, values))
		}
		for _, i := range rest {
			if i != lay.valueCol {
				lay.dims = append(lay.dims, i)
			}
		}
		return lay, nil
	}
	// Wide: year columns, preferring those that name the population when
	// the export holds several contents per year.
	var years, named []yearCol
	var other []int
	for _, i := range rest {
		if m := yearToken.FindAllStringSubmatch(header[i], -1); len(m) == 1 {
			y, _ := strconv.Atoi(m[0][1])
			years = append(years, yearCol{i, y})
			if isValueName(header[i]) {
				named = append(named, yearCol{i, y})
			}
			continue
		}
		other = append(other, i)
	}
	if len(named) > 0 && len(named) < len(years) {
		years = named
	}
	if len(years) == 0 {
		return lay, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen har varken en kolumn för år eller en kolumn per år.")
	}
	seen := map[int]bool{}
	for _, y := range years {
		if seen[y.year] {
			return lay, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen har flera kolumner för år %d; exportera bara folkmängd.", y.year)
		}
		seen[y.year] = true
	}
	lay.years, lay.dims = years, other
	return lay, nil
}

func quoted(header []string, cols []int) string {
	var s []string
	for _, c := range cols {
		s = append(s, strconv.Quote(header[c]))
	}
	return strings.Join(s, ", ")
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// municipalityCode reads "0114 Upplands Väsby", "0114" or "114"; two-digit
// codes are the country or a county and give false.
func municipalityCode(s string) (string, bool) {
	m := regionCode.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	switch len(m[1]) {
	case 4:
		return m[1], true
	case 3:
		return "0" + m[1], true
	}
	return "", false
}

func yearOf(s string) (int, bool) {
	m := yearToken.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(m[1])
	return y, true
}

// countOf reads a whole number; ".." and "-" (SCB's marks for missing) and
// an empty field give nil.
func countOf(s string) (*int64, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u2009', '\u202f':
			return -1
		}
		return r
	}, s)
	switch s {
	case "", "..", "-", "–", "…", ".":
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%q är inte ett antal invånare", s)
	}
	return &n, nil
}

func isTotal(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v == "tot" || v == "totalt" || v == "total" || strings.HasPrefix(v, "totalt ") || strings.HasPrefix(v, "total ") ||
		strings.HasPrefix(v, "tot ") || strings.Contains(v, "samtliga") || strings.Contains(v, "båda könen") || strings.Contains(v, "both sexes")
}

// checkCoverage adds up the rows per municipality and year and requires
// every known code every year.
func checkCoverage(rows []popRow, known []string) (*PopulationTable, error) {
	if len(rows) == 0 {
		return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen innehåller inga kommuner (rader som ”0114 Upplands Väsby”).")
	}
	// In a column that has a total, only the total rows count.
	ndims := len(rows[0].dims)
	useTotal := make([]bool, ndims)
	for d := 0; d < ndims; d++ {
		for _, r := range rows {
			if isTotal(r.dims[d]) {
				useTotal[d] = true
				break
			}
		}
	}
	isKnown := make(map[string]bool, len(known))
	for _, c := range known {
		isKnown[c] = true
	}
	type key struct {
		code string
		year int
	}
	sums := map[key]int64{}
	missing := map[key]bool{}
	seen := map[string]int{}
	unknown := map[string]bool{}
	years := map[int]bool{}
rows:
	for _, r := range rows {
		for d, total := range useTotal {
			if total && !isTotal(r.dims[d]) {
				continue rows
			}
		}
		years[r.year] = true
		if !isKnown[r.code] {
			unknown[r.code] = true
			continue
		}
		id := fmt.Sprintf("%s|%d|%s", r.code, r.year, strings.Join(r.dims, "|"))
		if first, dup := seen[id]; dup {
			return nil, samverkan.Errorf(samverkan.EINVALID, "Befolkningsfilen har samma uppgift för %s år %d två gånger (rad %d och %d).", r.code, r.year, first, r.line)
		}
		seen[id] = r.line
		k := key{r.code, r.year}
		if r.count == nil {
			missing[k] = true
			continue
		}
		sums[k] += *r.count
	}
	t := &PopulationTable{counts: map[int]map[string]int64{}, Unknown: sortedKeys(unknown)}
	for y := range years {
		t.Years = append(t.Years, y)
	}
	sort.Ints(t.Years)
	cov := &CoverageError{Missing: map[int][]string{}, Unknown: t.Unknown, Known: len(known)}
	for _, y := range t.Years {
		t.counts[y] = map[string]int64{}
		for _, c := range known {
			k := key{c, y}
			n, ok := sums[k]
			if !ok || missing[k] {
				cov.Missing[y] = append(cov.Missing[y], c)
				continue
			}
			t.counts[y][c] = n
		}
		sort.Strings(cov.Missing[y])
	}
	if len(cov.Missing) > 0 {
		return nil, cov
	}
	return t, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
