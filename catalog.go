package samverkan

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Catalog is the reference data validation and lookups need: the 290
// municipalities and the area hierarchy. It is built once at start-up and
// read concurrently.
type Catalog struct {
	munis    []Municipality
	byCode   map[string]*Municipality
	byName   map[string]*Municipality // normalised name → municipality
	areas    []Area
	areaByID map[string]*Area
	children map[string][]string
	// areaIndex reads areas as people write them (MatchArea).
	areaIndex *keyIndex
}

// NewCatalog indexes municipalities and areas.
func NewCatalog(munis []Municipality, areas []Area) *Catalog {
	c := &Catalog{
		munis:    munis,
		byCode:   make(map[string]*Municipality, len(munis)),
		byName:   make(map[string]*Municipality, 3*len(munis)),
		areas:    areas,
		areaByID: make(map[string]*Area, len(areas)),
		children: map[string][]string{},
	}
	for i := range c.munis {
		m := &c.munis[i]
		c.byCode[m.Code] = m
		c.byName[NormalizeName(m.Name)] = m
		c.byName[Fold(NormalizeName(m.Name))] = m
	}
	for i := range c.areas {
		a := &c.areas[i]
		c.areaByID[a.Code] = a
		if a.Parent != "" {
			c.children[a.Parent] = append(c.children[a.Parent], a.Code)
		}
	}
	c.areaIndex = newAreaIndex(c.areas)
	return c
}

// Municipalities returns all municipalities, sorted by code.
func (c *Catalog) Municipalities() []Municipality { return c.munis }

// Municipality returns the municipality with the given 4-digit code.
func (c *Catalog) Municipality(code string) (Municipality, bool) {
	m, ok := c.byCode[code]
	if !ok {
		return Municipality{}, false
	}
	return *m, true
}

// MunicipalityName returns the name for a code, or the code when unknown.
func (c *Catalog) MunicipalityName(code string) string {
	if m, ok := c.byCode[code]; ok {
		return m.Name
	}
	return code
}

// MunicipalityOfficialName returns the legal name of the municipality
// ("Gislaveds kommun") for formal documents, its short name when the
// reference data has no legal name, or the code itself when unknown.
func (c *Catalog) MunicipalityOfficialName(code string) string {
	if m, ok := c.byCode[code]; ok {
		if m.OfficialName != "" {
			return m.OfficialName
		}
		return m.Name
	}
	return code
}

// LookupMunicipality finds a municipality from what a person typed: a
// 4-digit code, or a name with or without "kommun"/"s kommun", in any case,
// with or without å/ä/ö.
func (c *Catalog) LookupMunicipality(s string) (Municipality, bool) {
	s = strings.TrimSpace(s)
	if m, ok := c.byCode[s]; ok {
		return *m, true
	}
	if len(s) == 3 && isDigits(s) { // a code whose leading zero Excel ate
		if m, ok := c.byCode["0"+s]; ok {
			return *m, true
		}
	}
	for _, n := range nameCandidates(s) {
		if m, ok := c.byName[n]; ok {
			return *m, true
		}
		if m, ok := c.byName[Fold(n)]; ok {
			return *m, true
		}
	}
	return Municipality{}, false
}

// nameCandidates returns the forms a typed name may match: as typed, without
// "kommun"/"stad", and without the genitive s ("Gislaveds kommun").
func nameCandidates(s string) []string {
	n := NormalizeName(s)
	out := []string{n}
	for _, suffix := range []string{" kommun", " stad"} {
		if t, ok := strings.CutSuffix(n, suffix); ok {
			out = append(out, t)
			if g, ok := strings.CutSuffix(t, "s"); ok {
				out = append(out, g)
			}
		}
	}
	return out
}

// Counties returns county code → name, sorted by code.
func (c *Catalog) Counties() [][2]string {
	seen := map[string]string{}
	for _, m := range c.munis {
		seen[m.CountyCode] = m.CountyName
	}
	out := make([][2]string, 0, len(seen))
	for k, v := range seen {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Areas returns the area hierarchy in seeded order.
func (c *Catalog) Areas() []Area { return c.areas }

// Area returns the area with the given code.
func (c *Catalog) Area(code string) (Area, bool) {
	a, ok := c.areaByID[code]
	if !ok {
		return Area{}, false
	}
	return *a, true
}

// AreaChildren returns the codes directly below an area.
func (c *Catalog) AreaChildren(code string) []string { return c.children[code] }

// AreaWithChildren returns code and every code below it, for filters where
// choosing a group means all its activities.
func (c *Catalog) AreaWithChildren(code string) []string {
	out := []string{code}
	for _, ch := range c.children[code] {
		out = append(out, c.AreaWithChildren(ch)...)
	}
	return out
}

// NormalizeName lower-cases a name and folds its white space.
func NormalizeName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// Fold removes diacritics so "Ornskoldsvik" matches "Örnsköldsvik".
// Imports fold every cell several times, so text that is ASCII comes back
// as it is and the Swedish letters are looked up; only other characters
// go through Unicode decomposition.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case foldTable[r] != 0:
			b.WriteRune(foldTable[r])
		case unicode.Is(unicode.Mn, r):
		default:
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(d)
				}
			}
		}
	}
	return b.String()
}

// foldTable holds the letters Swedish text has most, folded.
var foldTable = map[rune]rune{
	'å': 'a', 'ä': 'a', 'ö': 'o', 'Å': 'A', 'Ä': 'A', 'Ö': 'O',
	'é': 'e', 'É': 'E', 'è': 'e', 'ü': 'u', 'Ü': 'U', 'á': 'a', 'à': 'a',
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
