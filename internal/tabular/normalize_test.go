package tabular

import (
	"slices"
	"testing"

	"github.com/samverkan/samverkan/internal/refdata"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "", true},
		{"2018-10-03", "2018-10-03", true},
		{" 2018-10-03 00:00:00", "2018-10-03", true},
		{"2018-10-03T12:00:00Z", "2018-10-03", true},
		{"2018/10/03", "2018-10-03", true},
		{"20181003", "2018-10-03", true},
		{"03.10.2018", "2018-10-03", true},
		{"3.10.2018", "2018-10-03", true},
		{"3/10/2018", "2018-10-03", true},
		{"3/10/18", "2018-10-03", true},
		{"3 oktober 2018", "2018-10-03", true},
		{"den 3 okt. 2018", "2018-10-03", true},
		{"3 Oktober 2018", "2018-10-03", true},
		{"1:a januari 2019", "2019-01-01", true},
		{"October 3, 2018", "2018-10-03", true},
		{"oktober 2018", "2018-10-01", true},
		{"2018-10", "2018-10-01", true},
		{"2018", "2018-01-01", true},
		{"43376", "2018-10-03", true},
		{"43376.5", "2018-10-03", true},
		// Everyday forms from real inventories (issue 11).
		{"jan 2017", "2017-01-01", true},
		{"Januari 2019", "2019-01-01", true},
		{"1 jan 2019", "2019-01-01", true},
		{"den 1 mars 2016", "2016-03-01", true},
		{"1/7 2015", "2015-07-01", true},
		{"1/7-2015", "2015-07-01", true},
		{"ht 2019", "2019-08-01", true},
		{"HT-19", "2019-08-01", true},
		{"vt 2020", "2020-01-01", true},
		{"hösten 2019", "2019-09-01", true},
		{"våren 2016", "2016-03-01", true},
		{"sommaren 2018", "2018-06-01", true},
		{"Q2 2021", "2021-04-01", true},
		{"kv 3 2021", "2021-07-01", true},
		{"fr.o.m. 2018-10-03", "2018-10-03", true},
		{"from 2018", "2018-01-01", true},
		{"2018 (ca)", "2018-01-01", true},
		{"ca 2015", "2015-01-01", true},
		{"31.04.2018", "", false},
		{"2018-02-30", "", false},
		{"snart", "", false},
		{"12", "", false},
		{"3 smörgås 2018", "", false},
	}
	for _, tc := range tests {
		got, ok := ParseDate(tc.in)
		if ok != tc.ok || got.String() != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v, want %q, %v", tc.in, got.String(), ok, tc.want, tc.ok)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		null bool
		ok   bool
	}{
		{"", 0, true, true},
		{"1 200 000 kr", 1200000, false, true},
		{"1\u00a0200\u00a0000", 1200000, false, true},
		{"1,2 mnkr", 1200000, false, true},
		{"1,2 Mkr", 1200000, false, true},
		{"1.5 miljoner", 1500000, false, true},
		{"350 tkr", 350000, false, true},
		{"350 tusen kronor", 350000, false, true},
		{"1 200 000,50", 1200001, false, true},
		{"1.200.000", 1200000, false, true},
		{"1,200,000", 1200000, false, true},
		{"1.200.000,00 kr", 1200000, false, true},
		{"1200000", 1200000, false, true},
		{"1200000.25", 1200000, false, true},
		{"SEK 5000", 5000, false, true},
		{"5 000:-", 5000, false, true},
		{"250 000 kr/år", 250000, false, true},
		{"-100", -100, false, true},
		{"gratis", 0, false, true},
		{"Ingen kostnad", 0, false, true},
		{"0 kr", 0, false, true},
		{"Okänd", 0, true, true},
		{"okänt", 0, true, true},
		{"?", 0, true, true},
		{"-", 0, true, true},
		{"Uppgift saknas", 0, true, true},
		{"ca 400 tkr", 400000, false, true},
		{"ca. 1 mkr", 1000000, false, true},
		{"Cirka 2,5 milj", 2500000, false, true},
		{"~300 000", 300000, false, true},
		{"150 000:-", 150000, false, true},
		{"1,8 milj", 1800000, false, true},
		{"2 Mnkr", 2000000, false, true},
		{"kr 250 000", 250000, false, true},
		{"550 000 SEK", 550000, false, true},
		{"300 000 kr/år", 300000, false, true},
		{"350 tkr per år", 350000, false, true},
		{"1 200 tkr", 1200000, false, true},
		{"3,5 mkr/år", 3500000, false, true},
		{"12 000 000 kronor", 12000000, false, true},
		{"450.000", 450000, false, true},
		{"1.2 mkr", 1200000, false, true},
		{"kanske", 0, true, false},
		{"1 2 3 a", 0, true, false},
		{"1e400", 0, true, false},
	}
	for _, tc := range tests {
		got, ok := ParseAmount(tc.in)
		if ok != tc.ok || (got == nil) != tc.null || got != nil && *got != tc.want {
			t.Errorf("ParseAmount(%q) = %v, %v, want %d (nil %v), %v", tc.in, deref(got), ok, tc.want, tc.null, tc.ok)
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string][3]bool{
		"ja": {true, true, true}, "Ja": {true, true, true}, "x": {true, true, true}, "X": {true, true, true},
		"true": {true, true, true}, "TRUE": {true, true, true}, "1": {true, true, true},
		"nej": {false, true, true}, "Nej": {false, true, true}, "false": {false, true, true}, "0": {false, true, true},
		"": {false, false, true}, "kanske": {false, false, false},
	} {
		v, set, ok := ParseBool(in)
		if [3]bool{v, set, ok} != want {
			t.Errorf("ParseBool(%q) = %v, %v, %v, want %v", in, v, set, ok, want)
		}
	}
}

func TestMunicipality(t *testing.T) {
	r := NewResolver(refdata.MustCatalog())
	tests := []struct{ in, code, suggestion string }{
		{"Värnamo", "0683", ""},
		{"värnamo kommun", "0683", ""},
		{"VÄRNAMO", "0683", ""},
		{"Gislaveds kommun", "0662", ""},
		{"Ornskoldsvik", "2284", ""},
		{"0683", "0683", ""},
		{"683", "0683", ""},
		{"Upplands Väsby", "0114", ""},
		{"Dals-Ed", "1438", ""},
		{"Varnamå", "", "Värnamo"},
		{"Gislavd", "", "Gislaved"},
		{"Värnamo kommunn", "0683", ""},
		{"Varnamo kommunn", "0683", ""},
		{"Atlantis", "", ""},
	}
	for _, tc := range tests {
		code, sug, ok := r.Municipality(tc.in)
		if code != tc.code || sug != tc.suggestion || ok != (tc.code != "") {
			t.Errorf("Municipality(%q) = %q, %q, %v, want %q, %q", tc.in, code, sug, ok, tc.code, tc.suggestion)
		}
	}
}

func TestSplitMatch(t *testing.T) {
	r := NewResolver(refdata.MustCatalog())
	isArea := func(s string) bool { _, _, ok := r.Area(s); return ok }
	cat := refdata.MustCatalog()
	isMuni := func(s string) bool { _, ok := cat.LookupMunicipality(s); return ok }
	tests := []struct {
		in    string
		match func(string) bool
		seps  []string
		want  []string
	}{
		{"Gislaved, Gnosjö och Vaggeryd", isMuni, muniSeps, []string{"Gislaved", "Gnosjö", "Vaggeryd"}},
		{"Gislaved;Gnosjö\nVaggeryd & Värnamo", isMuni, muniSeps, []string{"Gislaved", "Gnosjö", "Vaggeryd", "Värnamo"}},
		{"Infrastruktur, skydd m.m.; Grundskola", isArea, areaSeps, []string{"Infrastruktur, skydd m.m.", "Grundskola"}},
		{"Fysisk och teknisk planering, bostadsförbättring, Räddningstjänst", isArea, areaSeps,
			[]string{"Fysisk och teknisk planering, bostadsförbättring", "Räddningstjänst"}},
		{"Region Jönköpings län, Länsstyrelsen", func(string) bool { return false }, noSeps,
			[]string{"Region Jönköpings län", "Länsstyrelsen"}},
		{" ; ,, ", isMuni, muniSeps, nil},
	}
	for _, tc := range tests {
		if got := splitMatch(tc.in, tc.seps, tc.match); !slices.Equal(got, tc.want) {
			t.Errorf("splitMatch(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The headers of real inventories (issue 11) name the template's fields.
func TestMatchEverydayHeaders(t *testing.T) {
	tests := []struct {
		header string
		field  Field
		scale  int64
	}{
		{"Ingående kommuner", FieldMunicipalities, 0},
		{"Berörda kommuner", FieldMunicipalities, 0},
		{"Kommuner som ingår i samverkan", FieldMunicipalities, 0},
		{"Deltagande kommunerna", FieldMunicipalities, 0},
		{"Verksamhet", FieldAreas, 0},
		{"Verksamhetsområde (RS)", FieldAreas, 0},
		{"Organisationsform", FieldLegalForm, 0},
		{"Ansvarig kommun", FieldHost, 0},
		{"Startår", FieldStart, 0},
		{"Budget (kr)", FieldAnnualCost, 0},
		{"Kostnad (tkr)", FieldAnnualCost, 1000},
		{"Årlig kostnad, mnkr", FieldAnnualCost, 1000000},
		{"Budget 2024", FieldAnnualCost, 0},
		{"Årlig kostnad för kommunerna", FieldAnnualCost, 0},
		{"Kontaktperson/funktion", FieldContact, 0},
		{"Namn på samverkan", FieldTitle, 0},
		{"Samverkan", FieldTitle, 0},
		{"Kostnadsfördelning mellan kommunerna", FieldCostKey, 0},
		{"Avtalet löper ut", FieldAgreementValidTo, 0},
		{"Övriga parter (region, myndighet)", FieldParties, 0},
	}
	for _, tc := range tests {
		m := MatchColumns([]string{tc.header}, nil)
		if len(m.Columns) != 1 || m.Columns[0].Field != tc.field || m.Columns[0].Scale != tc.scale {
			t.Errorf("MatchColumns(%q) = %+v, want %s (scale %d)", tc.header, m.Columns, tc.field, tc.scale)
		}
	}
	// A title above the header is not a header, though it has the word.
	if m := MatchColumns([]string{"Kartläggning av pågående samverkan mellan Gislaved, Gnosjö, Vaggeryd och Värnamo – våren 2020"}, nil); len(m.Columns) != 0 {
		t.Errorf("title row matched %+v", m.Columns)
	}
	for _, h := range []string{"Nr", "Ansvarig chef", "Löpnummer"} {
		if m := MatchColumns([]string{h}, nil); len(m.Columns) != 0 {
			t.Errorf("%q matched %+v", h, m.Columns)
		}
	}
}

func TestMatchColumns(t *testing.T) {
	header := []string{"NAMN", "kommuner", "Title", "Start date", "Legal form", "Årlig kostnad (kr)", "Deltagande  kommunner",
		"Värdkommun*", "Ansvarig chef", ""}
	m := MatchColumns(header, nil)
	want := map[int]Field{0: FieldTitle, 1: FieldMunicipalities, 3: FieldStart, 4: FieldLegalForm, 5: FieldAnnualCost, 7: FieldHost}
	for _, c := range m.Columns {
		if want[c.Index] != c.Field {
			t.Errorf("column %d %q = %q, want %q", c.Index, c.Header, c.Field, want[c.Index])
		}
		delete(want, c.Index)
	}
	if len(want) > 0 {
		t.Errorf("unmatched %v", want)
	}
	var un []string
	for _, c := range m.Unmatched {
		un = append(un, c.Header)
	}
	// "Title" names the title again (taken by NAMN), a near miss of a
	// taken field and an unknown header are offered for mapping.
	if !slices.Equal(un, []string{"Title", "Deltagande  kommunner", "Ansvarig chef"}) {
		t.Errorf("unmatched = %q", un)
	}
	m = MatchColumns(header, map[int]Field{8: FieldContact, 1: ""})
	if i, ok := m.Index(FieldContact); !ok || i != 8 {
		t.Errorf("override: contact at %d, %v", i, ok)
	}
	// The ignored column gives up the field; the misspelt
	// "Deltagande  kommunner" is then read as it.
	if i, ok := m.Index(FieldMunicipalities); ok && i == 1 {
		t.Errorf("override: ignored column still matched")
	}
}

func TestColumnMap(t *testing.T) {
	header := []string{"Nr", "Benämning", "Huvudort", "Kommunerna"}
	for _, tc := range []struct {
		spec string
		idx  int
		f    Field
	}{
		{"Huvudort=Värdkommun", 2, FieldHost},
		{"huvudort = host", 2, FieldHost},
		{"C=Ansvarig kommun", 2, FieldHost},
		{"3=Värdkommun", 2, FieldHost},
		{"Nr=ID", 0, FieldID},
		{"Kommunerna=", 3, ""},
	} {
		cm, err := ParseColumnMapping(tc.spec)
		if err != nil {
			t.Fatalf("%q: %v", tc.spec, err)
		}
		got, err := ColumnMap{cm}.Resolve(header)
		if f, ok := got[tc.idx]; err != nil || !ok || f != tc.f || len(got) != 1 {
			t.Errorf("%q = %v, %v; want column %d as %q", tc.spec, got, err, tc.idx, tc.f)
		}
	}
	for _, bad := range []string{"Huvudort", "=Område", "Huvudort=Skostorlek"} {
		if _, err := ParseColumnMapping(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if _, err := (ColumnMap{{"Saknas", "Område"}}).Resolve(header); err == nil {
		t.Error("a missing column resolved")
	}
}

func TestParseNumFmt(t *testing.T) {
	tests := []struct {
		code  string
		date  bool
		scale float64
	}{
		{"yyyy-mm-dd", true, 0},
		{`yyyy\-mm\-dd`, true, 0},
		{`[$-41D]d mmmm yyyy;@`, true, 0},
		{"d/m/yyyy", true, 0},
		{"mmm-yy", true, 0},
		{"mmmm", true, 0},
		{"yyyy-mm-dd hh:mm", true, 0},
		{"h:mm", false, 0},
		{"[h]:mm:ss", false, 0},
		{"mm:ss", false, 0},
		{"General", false, 0},
		{"0.00", false, 0},
		{`#,##0 "tkr"`, false, 1000},
		{`#,##0, "tkr"`, false, 1},
		{`#,##0,, "mkr"`, false, 1},
		{`0.0\ \m\k\r`, false, 1e6},
		{`# ##0 "kr"`, false, 1},
		{`#,##0 "tkr";[Red]-#,##0 "tkr"`, false, 1000},
		{`"Datum: "0`, false, 0},
		{`#,##0 "st"`, false, 0},
	}
	for _, tc := range tests {
		if got := parseNumFmt(tc.code); got.date != tc.date || got.scale != tc.scale {
			t.Errorf("parseNumFmt(%q) = %+v, want date %v scale %v", tc.code, got, tc.date, tc.scale)
		}
	}
	for id, want := range map[int]bool{0: false, 1: false, 14: true, 15: true, 17: true, 18: false, 21: false, 22: true, 45: false, 49: false, 57: true} {
		if builtinDate(id) != want {
			t.Errorf("builtinDate(%d) = %v", id, !want)
		}
	}
}

// softSep finds what searching for each separator in turn found: the
// first separator in the text, the one listed first at the same place,
// and no joining word right after a hyphen.
func TestSoftSepAsEachSeparatorInTurn(t *testing.T) {
	// eachInTurn is how softSep searched before it became one pass.
	eachInTurn := func(s string, seps []string) (int, int) {
		best, n := -1, 0
		for _, w := range seps {
			from := 0
			for {
				i := indexFold(s[from:], w)
				if i < 0 {
					break
				}
				i += from
				if w[0] == ' ' && i > 0 && s[i-1] == '-' {
					from = i + len(w)
					continue
				}
				if best < 0 || i < best {
					best, n = i, len(w)
				}
				break
			}
		}
		return best, n
	}
	texts := []string{"", "Gislaved", "Gislaved, Gnosjö och Vaggeryd", "Gislaved OCH Gnosjö", "Miljö- och hälsoskydd och Gnosjö",
		"Barn- och ungdom- samt  vård", "Gislaved–Gnosjö—Värnamo", "a - b | c", "Gislaved/Gnosjö + Vaggeryd & Värnamo",
		"x and y", " och ", "- och", "A & B", "Å+Ä", "ö, ", "Gislaved -Gnosjö - Vaggeryd", "Tranås samt Aneby, Eksjö"}
	for _, s := range texts {
		for _, seps := range [][]string{muniSeps, areaSeps, noSeps} {
			for from := 0; from <= len(s); from++ {
				gi, gn := softSep(s[from:], seps)
				if wi, wn := eachInTurn(s[from:], seps); gi != wi || gn != wn {
					t.Errorf("softSep(%q, %q) = %d, %d; want %d, %d", s[from:], seps, gi, gn, wi, wn)
				}
			}
		}
	}
}

// containsAnyFold finds what indexFold finds for any of the words.
func TestContainsAnyFold(t *testing.T) {
	words := []string{"alla", "samtliga", "hela", "ggvv", "gnosjo"}
	for _, s := range []string{"", "Gislaved", "Alla kommuner", "SAMTLIGA", "GGVV-kommunerna", "gnosjö", "Gnosjo", "xhel", "hel",
		"de fyra i nätverket", "Gislaved, Gnosjö och Vaggeryd", "GGV"} {
		for _, ws := range [][]string{words, words[:3], nil, {"a"}, {"x", ""}} {
			want := slices.ContainsFunc(ws, func(w string) bool { return indexFold(s, w) >= 0 })
			if got := containsAnyFold(s, ws); got != want {
				t.Errorf("containsAnyFold(%q, %q) = %v, want %v", s, ws, got, want)
			}
		}
	}
}
