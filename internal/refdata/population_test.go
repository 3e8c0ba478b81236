package refdata

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

func parseFixture(t *testing.T, name string) *PopulationTable {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := ParsePopulation(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tab
}

func counts(t *testing.T, tab *PopulationTable, year int) (map[string]int64, int64) {
	t.Helper()
	pops, ok := tab.Year(year)
	if !ok {
		t.Fatalf("no year %d in %v", year, tab.Years)
	}
	out, sum := map[string]int64{}, int64(0)
	for code, p := range pops {
		if p.Code != code || p.ReferenceDate.String() != samverkan.NewDate(year, 12, 31).String() {
			t.Errorf("%s: %+v", code, p)
		}
		out[code] = p.Count
		sum += p.Count
	}
	return out, sum
}

// The two fixtures (testdata/README.md: invented values) hold the same
// 2024 figures in PxWeb's wide and long layouts, different separators and
// encodings.
func TestParsePopulationFixtures(t *testing.T) {
	wide := parseFixture(t, "befolkning_bred_cp1252.csv")
	long := parseFixture(t, "befolkning_lang_utf8bom.csv")
	if !reflect.DeepEqual(wide.Years, []int{2023, 2024}) || !reflect.DeepEqual(long.Years, []int{2024}) {
		t.Fatalf("years %v and %v", wide.Years, long.Years)
	}
	w24, wsum := counts(t, wide, 2024)
	l24, lsum := counts(t, long, 2024)
	if len(w24) != 290 || wsum != 10411925 || lsum != 10411925 {
		t.Errorf("2024: %d municipalities, sums %d and %d, want 290 and 10411925", len(w24), wsum, lsum)
	}
	if !reflect.DeepEqual(w24, l24) {
		t.Error("wide and long layouts disagree")
	}
	// 0114: 46786 + 114 + 7; Kiruna: 22867 + 84 + 7 (män + kvinnor, age rows ignored).
	if w24["0114"] != 46907 || l24["0114"] != 46907 || l24["2584"] != 22958 {
		t.Errorf("0114 %d/%d, 2584 %d", w24["0114"], l24["0114"], l24["2584"])
	}
	if _, sum := counts(t, wide, 2023); sum != 10409895 {
		t.Errorf("2023 sum %d", sum)
	}
	if wide.Latest() != 2024 || len(wide.Unknown) != 0 || !reflect.DeepEqual(long.Unknown, []string{"9999"}) {
		t.Errorf("latest %d, unknown %v and %v", wide.Latest(), wide.Unknown, long.Unknown)
	}
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := long.Apply(ms, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if fresh[0].Code != "0114" || fresh[0].Population != 46907 || fresh[0].PopulationYear != 2024 || ms[0].Population != 46786 {
		t.Errorf("applied %+v, original %+v", fresh[0], ms[0])
	}
	if _, err := long.Apply(ms, 2023); samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("apply a year not in the file: %v", err)
	}
}

func parseSmall(text string) (*PopulationTable, error) {
	return ParsePopulationFor(strings.NewReader(text), []string{"0114", "0115", "2584"})
}

func TestParsePopulationFlavours(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		year       int
		want       map[string]int64
	}{
		{"comma, unquoted, code only", "region,2024\n0114,100\n0115,200\n2584,300\n", 2024,
			map[string]int64{"0114": 100, "0115": 200, "2584": 300}},
		{"tab, thousands spaces, leading zero lost", "region\t2024\n114 Upplands Väsby\t48 353\n115 Vallentuna\t34\u00a0205\n2584 Kiruna\t22 958\n", 2024,
			map[string]int64{"0114": 48353, "0115": 34205, "2584": 22958}},
		{"year column with content and year", "\"region\";\"Folkmängd 2024\";\"Folkökning 2024\"\n\"0114 Upplands Väsby\";10;1\n\"0115 Vallentuna\";20;2\n\"2584 Kiruna\";30;3\n", 2024,
			map[string]int64{"0114": 10, "0115": 20, "2584": 30}},
		{"long, English, sexes added up", "\"region\",\"sex\",\"year\",\"Population\"\n\"0114\",\"men\",\"2024\",1\n\"0114\",\"women\",\"2024\",2\n\"0115\",\"men\",\"2024\",3\n\"0115\",\"women\",\"2024\",4\n\"2584\",\"men\",\"2024\",5\n\"2584\",\"women\",\"2024\",6\n", 2024,
			map[string]int64{"0114": 3, "0115": 7, "2584": 11}},
		{"CRLF and CR-free mix", "Titel\r\n\r\nregion;2024\r\n0114 A;1\r\n0115 B;2\n2584 C;3\r\n", 2024,
			map[string]int64{"0114": 1, "0115": 2, "2584": 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := parseSmall(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := counts(t, tab, tc.year)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParsePopulationWindows1252(t *testing.T) {
	// Long layout in Windows-1252: the year column "år" (E5) and the value
	// column "Folkmängd" (E4) are found only if the text is decoded, and the
	// value column is not last, so guessing would pick "kön" (F6) instead.
	text := "\"region\";\"\xe5r\";\"Folkm\xe4ngd\";\"k\xf6n\"\n" +
		"\"0114 \xd6ster\xe5ker\";2024;1;\"b\xe5da k\xf6nen\"\n\"0114\";2024;7;\"m\xe4n\"\n" +
		"\"0115\";2024;2;\"b\xe5da k\xf6nen\"\n\"2584\";2024;3;\"b\xe5da k\xf6nen\"\n"
	tab, err := ParsePopulationFor(strings.NewReader(text), []string{"0114", "0115", "2584"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := counts(t, tab, 2024); got["0114"] != 1 || got["0115"] != 2 || got["2584"] != 3 {
		t.Errorf("got %v", got)
	}
}

func TestParsePopulationRefusesGaps(t *testing.T) {
	// 0115 has no row, 2584 is marked missing (".."), 0999 is not a
	// municipality: the file is refused with all three named.
	_, err := parseSmall("region;2023;2024\n0114;1;2\n2584;3;..\n0999 Påhittad;5;6\n")
	var cov *CoverageError
	if !errors.As(err, &cov) {
		t.Fatalf("got %v, want a coverage error", err)
	}
	want := map[int][]string{2023: {"0115"}, 2024: {"0115", "2584"}}
	if !reflect.DeepEqual(cov.Missing, want) || !reflect.DeepEqual(cov.Unknown, []string{"0999"}) {
		t.Errorf("missing %v unknown %v", cov.Missing, cov.Unknown)
	}
	if samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("code %q", samverkan.ErrorCode(err))
	}
	msg := samverkan.ErrorMessage(err)
	for _, s := range []string{"År 2023 saknas 1: 0115.", "År 2024 saknas 2: 0115, 2584.", "Okända kommunkoder i filen: 0999."} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
	// Against the real 290, a file with one municipality lists the other 289.
	_, err = ParsePopulation(strings.NewReader("region,2024\n0114,5\n"))
	if !errors.As(err, &cov) || len(cov.Missing[2024]) != 289 || !strings.Contains(err.Error(), "och 259 till") {
		t.Errorf("one municipality: %v", err)
	}
}

func TestParsePopulationBadFiles(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"no header", "kommun nummer ett\n0114 2\n", "rubrikrad"},
		{"no year", "region;Folkmängd\n0114;1\n", "kolumn för år"},
		{"bad number", "region;2024\n0114;12a\n0115;1\n2584;1\n", "rad 2"},
		{"negative", "region;2024\n0114;-5\n0115;1\n2584;1\n", "inte ett antal"},
		{"ragged row", "region;2023;2024\n0114;1;2\n0115;1\n", "rad 3 har 2 fält"},
		{"duplicate", "region;2024\n0114;1\n0114 Upplands Väsby;1\n0115;1\n2584;1\n", "två gånger (rad 2 och 3)"},
		{"bad year", "region,år,Folkmängd\n0114,i fjol,1\n", "inget år"},
		{"two year columns", "region;2024;2024 (reviderad)\n0114;1;1\n", "flera kolumner för år 2024"},
		{"no municipalities", "region;2024\n00 Riket;100\n01 Stockholms län;50\n", "inga kommuner"},
		{"two value columns", "region,år,Folkmängd,Befolkning\n0114,2024,1,1\n", "flera kolumner med värden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSmall(tc.text)
			if samverkan.ErrorCode(err) != samverkan.EINVALID || !strings.Contains(samverkan.ErrorMessage(err), tc.want) {
				t.Errorf("got %v, want an invalid-input error containing %q", err, tc.want)
			}
		})
	}
}
