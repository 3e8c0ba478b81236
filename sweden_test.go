package samverkan_test

import (
	"bytes"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// TestSwedishOrder: å, ä and ö come after z, in that order; case and
// accents do not move a name past another letter.
func TestSwedishOrder(t *testing.T) {
	names := []string{"Örebro", "Älvkarleby", "Åre", "Östhammar", "Enköping", "Zeta", "ängelholm", "Ale", "Ödeshög", "Eda", "Émile"}
	samverkan.SortSwedish(names, func(s string) string { return s })
	want := []string{"Ale", "Eda", "Émile", "Enköping", "Zeta", "Åre", "Älvkarleby", "ängelholm", "Ödeshög", "Örebro", "Östhammar"}
	if !slices.Equal(names, want) {
		t.Errorf("SortSwedish = %v\nwant          %v", names, want)
	}
	if samverkan.CompareSwedish("Ödeshög", "Zeta") <= 0 || samverkan.CompareSwedish("Åre", "Älvkarleby") >= 0 {
		t.Error("CompareSwedish does not put å before ä before ö after z")
	}
	if bytes.Compare(samverkan.SwedishKey("Ängelholm"), samverkan.SwedishKey("Åre")) <= 0 {
		t.Error("SwedishKey puts ä before å")
	}
}

// TestSwedishConcurrent: the collation is safe from many goroutines (run
// with -race), and gives each the same answer.
func TestSwedishConcurrent(t *testing.T) {
	want := samverkan.SwedishKey("Älvkarleby")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if !bytes.Equal(samverkan.SwedishKey("Älvkarleby"), want) || samverkan.CompareSwedish("Åre", "Ör") >= 0 {
					t.Error("a concurrent collation differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestToday: "today" is Stockholm's date, from the embedded zone
// database: at 23:30 UTC on a summer day it is already tomorrow in
// Sweden.
func TestToday(t *testing.T) {
	if samverkan.Stockholm.String() != "Europe/Stockholm" {
		t.Fatalf("Stockholm = %v", samverkan.Stockholm)
	}
	late := time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC)
	if d := samverkan.DateInSweden(late); d.String() != "2026-07-01" {
		t.Errorf("DateInSweden(%v) = %v, want 2026-07-01", late, d)
	}
	winter := time.Date(2026, 12, 31, 22, 59, 0, 0, time.UTC)
	if d := samverkan.DateInSweden(winter); d.String() != "2026-12-31" {
		t.Errorf("DateInSweden(%v) = %v, want 2026-12-31", winter, d)
	}
	// Today is that date now (read twice, in case midnight passes between).
	before := samverkan.DateInSweden(time.Now())
	got := samverkan.Today()
	if after := samverkan.DateInSweden(time.Now()); got != before && got != after {
		t.Errorf("Today = %v, want %v", got, after)
	}
}

var sink []byte

// BenchmarkSwedishKey is the cost of one key from the pool; compare
// BenchmarkSwedishKeyNewCollator, a collator made per call.
func BenchmarkSwedishKey(b *testing.B) {
	for b.Loop() {
		sink = samverkan.SwedishKey("Gemensam IT-nämnd för Älvkarleby")
	}
}

func BenchmarkSwedishKeyNewCollator(b *testing.B) {
	var buf collate.Buffer
	for b.Loop() {
		sink = collate.New(language.Swedish).KeyFromString(&buf, "Gemensam IT-nämnd för Älvkarleby")
		buf.Reset()
	}
}

func BenchmarkSortSwedish290(b *testing.B) {
	names := refNames()
	for b.Loop() {
		s := slices.Clone(names)
		samverkan.SortSwedish(s, func(n string) string { return n })
	}
}

// refNames are the 290 municipalities' names.
func refNames() []string {
	var out []string
	for _, m := range cat.Municipalities() {
		out = append(out, m.Name)
	}
	return out
}
