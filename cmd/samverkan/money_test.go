package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// refdata population loads an SCB PxWeb file ("0114 Upplands Väsby"
// regions, a year column) with its reference date; loading it again
// changes nothing.
func TestRefdataPopulationCommand(t *testing.T) {
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	file := filepath.Join("..", "..", "internal", "refdata", "testdata", "befolkning_lang_utf8bom.csv")
	for i := 0; i < 2; i++ {
		var out bytes.Buffer
		if err := run(ctx, []string{"refdata", "population", "--db", db, file}, noEnv, &out, io.Discard); err != nil {
			t.Fatalf("refdata: %v", err)
		}
		if !strings.Contains(out.String(), "Läste in folkmängd för 290 kommuner per 2024-12-31") || !strings.Contains(out.String(), "9999") {
			t.Errorf("said %q", out.String())
		}
	}
	s, err := openDB(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	figs, err := s.PopulationFigures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, f := range figs {
		sum += f.Population
		if f.ReferenceDate.String() != "2024-12-31" {
			t.Fatalf("reference date %s", f.ReferenceDate)
		}
	}
	if len(figs) != 290 || sum != 10_411_925 {
		t.Errorf("%d figures, sum %d; want 290 and 10 411 925 (testdata/README.md)", len(figs), sum)
	}
	if err := run(ctx, []string{"refdata", "population", "--db", db, "finns-inte.csv"}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("a missing file was accepted")
	}
}

// kolada sync against a local server in Kolada's format stores the values
// of the 290 municipalities; a re-sync is idempotent; a failing or slow
// server gives a clear error and keeps the old values.
func TestKoladaSyncCommand(t *testing.T) {
	ctx := context.Background()
	kpi, _ := os.ReadFile("testdata/kolada/kpi.json")
	data, _ := os.ReadFile("testdata/kolada/data.json")
	var mode atomic.Int32 // 0 ok, 1 failing, 2 slow
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch mode.Load() {
		case 1:
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		case 2:
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		paths = append(paths, r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v3/kpi/N07024":
			w.Write(kpi)
		case "/v3/data/kpi/N07024/year/2023":
			w.Write(data)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	env := func(k string) string {
		if k == "SAMVERKAN_KOLADA_URL" {
			return srv.URL + "/v3"
		}
		return ""
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	sync := func(extra ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append([]string{"kolada", "sync", "--db", db, "--kpi", "N07024", "--years", "2023"}, extra...), env, &out, io.Discard)
		return out.String(), err
	}
	stored := func() string {
		s, err := openDB(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		vs, err := s.KPIValues(ctx, "N07024", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vs {
			b.WriteString(v.Municipality + ":")
			if v.Value == nil {
				b.WriteString("null")
			} else {
				b.WriteString(strconv.FormatFloat(*v.Value, 'f', -1, 64))
			}
			b.WriteString(" ")
		}
		return b.String()
	}
	out, err := sync()
	if err != nil || !strings.Contains(out, "Hämtade 5 värden") || !strings.Contains(out, "Källa: Kolada") {
		t.Fatalf("sync: %q, %v", out, err)
	}
	want := "0180:950 0617:2100 0662:1650.5 0665:1800 0683:null "
	if got := stored(); got != want {
		t.Fatalf("stored %q, want %q (the country 0000 left out, null kept unknown)", got, want)
	}
	if _, err := sync(); err != nil {
		t.Fatal(err)
	}
	if got := stored(); got != want {
		t.Errorf("after re-sync %q", got)
	}
	mode.Store(1)
	_, err = sync()
	if err == nil || !strings.Contains(err.Error(), "svarade med fel 500") || !strings.Contains(err.Error(), "inga värden ändrades") {
		t.Errorf("failing server: %v", err)
	}
	mode.Store(2)
	_, err = sync("--timeout", "300ms")
	if err == nil || !strings.Contains(err.Error(), "svarade inte inom 300ms") {
		t.Errorf("slow server: %v", err)
	}
	if got := stored(); got != want {
		t.Errorf("after failures %q, want the old values", got)
	}
	if len(paths) != 4 {
		t.Errorf("requests %v", paths)
	}
}
