package tabular

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// ColumnMap is a column mapping given by name, as the command line takes
// it (--map "Kolumn=Fält"): a column of the file, by its header, its
// letter (C) or its number (3), and the field it holds, by the template's
// header, another header that names it or its code; an empty field leaves
// the column out.
type ColumnMap []ColumnMapping

// ColumnMapping is one "Kolumn=Fält".
type ColumnMapping struct {
	Column, Field string
}

// ParseColumnMapping reads one "Kolumn=Fält".
func ParseColumnMapping(s string) (ColumnMapping, error) {
	col, field, ok := strings.Cut(s, "=")
	col, field = strings.TrimSpace(col), strings.TrimSpace(field)
	if !ok || col == "" {
		return ColumnMapping{}, samverkan.Errorf(samverkan.EINVALID,
			"Skriv kolumnen och fältet som \"Kolumn=Fält\", t.ex. \"Verksamhet=Område\" (eller \"Kolumn=\" för att hoppa över den).")
	}
	if field != "" {
		if _, ok := FieldNamed(field); !ok {
			return ColumnMapping{}, samverkan.Errorf(samverkan.EINVALID, "Okänt fält %q. Fälten är: %s.", field, fieldList())
		}
	}
	return ColumnMapping{col, field}, nil
}

// FieldNamed finds a field by its code ("areas"), the template's header
// ("Område") or another header that names it ("Verksamhet").
func FieldNamed(s string) (Field, bool) {
	if c, ok := columnOf(Field(strings.TrimSpace(s))); ok {
		return c.Field, true
	}
	if f, ok := headerIndex[headerKey(s)]; ok {
		return f, true
	}
	return "", false
}

func fieldList() string {
	names := []string{idColumn.Header}
	for _, c := range Columns {
		names = append(names, c.Header)
	}
	return strings.Join(names, ", ")
}

// Resolve turns the mapping into column indexes of header, for
// Options.Override.
func (m ColumnMap) Resolve(header []string) (map[int]Field, error) {
	out := map[int]Field{}
	for _, cm := range m {
		i := columnIndex(header, cm.Column)
		if i < 0 {
			return nil, samverkan.Errorf(samverkan.EINVALID, "Filen har ingen kolumn %q. Kolumnerna är: %s.",
				cm.Column, strings.Join(nonEmpty(header), ", "))
		}
		f := Field("")
		if cm.Field != "" {
			var ok bool
			if f, ok = FieldNamed(cm.Field); !ok {
				return nil, samverkan.Errorf(samverkan.EINVALID, "Okänt fält %q. Fälten är: %s.", cm.Field, fieldList())
			}
		}
		out[i] = f
	}
	return out, nil
}

// columnIndex finds a column by its header (as headers are compared), its
// letter or its number; -1 when none.
func columnIndex(header []string, col string) int {
	col = strings.TrimSpace(col)
	if i := slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), col) }); i >= 0 {
		return i
	}
	if k := headerKey(col); k != "" {
		if i := slices.IndexFunc(header, func(h string) bool { return headerKey(h) == k }); i >= 0 {
			return i
		}
	}
	if n, err := strconv.Atoi(col); err == nil && n >= 1 && n <= len(header) {
		return n - 1
	}
	if n := letterIndex(col); n >= 0 && n < len(header) {
		return n
	}
	return -1
}

// letterIndex reads a spreadsheet column letter ("A", "AB") as an index.
func letterIndex(s string) int {
	if s == "" || len(s) > 3 {
		return -1
	}
	n := 0
	for _, r := range strings.ToUpper(s) {
		if r < 'A' || r > 'Z' {
			return -1
		}
		n = n*26 + int(r-'A'+1)
	}
	return n - 1
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, fmt.Sprintf("%q", s))
		}
	}
	return out
}
