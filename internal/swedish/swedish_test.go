package swedish_test

import (
	"bufio"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/samverkan/samverkan/internal/swedish"
)

var update = flag.Bool("update", false, "rewrite testdata/stems.txt from PostgreSQL's Swedish stemmer")

func TestStem(t *testing.T) {
	for w, want := range map[string]string{
		"kommunerna": "kommun", "möjligheter": "möj", "friskt": "frisk", "gemensamma": "gemensamm",
		"nämnden": "nämnd", "ambitionen": "ambition", "skatter": "skatt", "it": "it", "samverkan": "samverkan",
		"fullt": "fullt", "barnen": "barn", "avtalen": "avtal", "": "", "å": "å",
	} {
		if got := swedish.Stem(w); got != want {
			t.Errorf("Stem(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestTerms(t *testing.T) {
	got := swedish.Terms("Gemensam IT-nämnd för Tierp och Älvkarleby; ambitionen 2019")
	want := []string{"gemensam", "it", "nämnd", "tierp", "älvkarleby", "ambition", "2019"}
	if !slices.Equal(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
	if !swedish.IsStopWord("och") || swedish.IsStopWord("it") {
		t.Error("stop words: och is one, it is not")
	}
}

// TestStemsAsPostgreSQL: every word of the demo's pages stems as
// PostgreSQL's Swedish configuration stems it (testdata/stems.txt, made
// with -update from PostgreSQL, and live when SAMVERKAN_TEST_POSTGRES is
// set), so a search finds the same records on both databases.
func TestStemsAsPostgreSQL(t *testing.T) {
	golden := readPairs(t, "testdata/stems.txt")
	if url := strings.TrimSpace(os.Getenv("SAMVERKAN_TEST_POSTGRES")); url != "" {
		live := postgresStems(t, url, keys(golden))
		if *update {
			var b strings.Builder
			for _, w := range keys(live) {
				fmt.Fprintf(&b, "%s\t%s\n", w, live[w])
			}
			if err := os.WriteFile("testdata/stems.txt", []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			golden = live
		}
		for w, s := range live {
			if golden[w] != s {
				t.Errorf("testdata/stems.txt says %q → %q, PostgreSQL says %q (run with -update)", w, golden[w], s)
			}
		}
	}
	if len(golden) < 1000 {
		t.Fatalf("only %d words in testdata/stems.txt", len(golden))
	}
	for _, w := range keys(golden) {
		want := golden[w]
		got := ""
		if !swedish.IsStopWord(w) {
			got = swedish.Stem(w)
		}
		if got != want {
			t.Errorf("%q: Stem = %q, PostgreSQL = %q", w, got, want)
		}
	}
}

// postgresStems asks PostgreSQL for the stem of each word ("" for a stop
// word).
func postgresStems(t *testing.T, url string, words []string) map[string]string {
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	rows, err := db.Query(`SELECT w, COALESCE((ts_lexize('swedish_stem', w))[1], '') FROM unnest($1::text[]) w`, words)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var w, s string
		if err := rows.Scan(&w, &s); err != nil {
			t.Fatal(err)
		}
		out[w] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readPairs(t *testing.T, path string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w, s, _ := strings.Cut(sc.Text(), "\t")
		if w != "" {
			out[w] = s
		}
	}
	return out
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
