package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSmoke runs the harness end to end in its --smoke mode: a real build,
// 2 000 synthetic collaborations in SQLite, 1 s per cell at 1 client.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and loads data")
	}
	out := filepath.Join(t.TempDir(), "bench.json")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"--smoke", "--out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("loadbench --smoke: %v\n%s", err, stderr.String())
	}
	t.Log(stdout.String())
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep report
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Databases) != 1 || rep.Databases[0].Database != "sqlite" {
		t.Fatalf("databases %+v, want sqlite only", rep.Databases)
	}
	m := rep.Databases[0].Mixed
	if m == nil || m.Pages < 290 || m.Writes < 1 || m.WriteErrors != 0 || m.Ceiling.RPS <= 0 || m.Writing.RPS <= 0 ||
		m.Ceiling.Errors != 0 || m.Writing.Errors != 0 || m.Ratio <= 0 {
		t.Errorf("mixed benchmark: %+v", m)
	}
	if !strings.Contains(stdout.String(), "one write per second") {
		t.Error("the table does not show the mixed benchmark")
	}
	eps := rep.Databases[0].Endpoints
	if len(eps) != 5 {
		t.Fatalf("%d endpoints, want 5", len(eps))
	}
	for _, ep := range eps {
		if ep.LoggedIn == strings.HasPrefix(ep.Path, "/insyn") {
			t.Errorf("%s measured logged in: %v; the internal pages need a session, /insyn none", ep.Path, ep.LoggedIn)
		}
		if ep.Missing {
			if ep.Path != "/insyn" || ep.Status != 404 {
				t.Errorf("%s reported missing with status %d", ep.Path, ep.Status)
			}
			if !strings.Contains(stdout.String(), "saknas (404)") {
				t.Error("the table does not mark the missing page")
			}
			continue
		}
		if len(ep.Cells) != 1 {
			t.Fatalf("%s: %d cells, want 1", ep.Path, len(ep.Cells))
		}
		c := ep.Cells[0]
		if c.Clients != 1 || c.Requests == 0 || c.Errors != 0 || c.RPS <= 0 || c.P50ms <= 0 || c.P99ms < c.P50ms {
			t.Errorf("%s: implausible cell %+v", ep.Path, c.cell)
		}
		if c.Static == nil || c.Static.RPS <= 0 || c.Ratio <= 0 {
			t.Errorf("%s: no static ceiling: %+v", ep.Path, c.Static)
		}
		if ep.Bytes == 0 {
			t.Errorf("%s: no body", ep.Path)
		}
	}
}

func TestMeasureStopsByItself(t *testing.T) {
	s, err := serveStatic([]byte("hej"), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	start := time.Now()
	c := measure(context.Background(), s.url, 4, 300*time.Millisecond, nil)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("measure took %s for a 300 ms cell", d)
	}
	if c.Requests == 0 || c.Errors != 0 || c.Clients != 4 {
		t.Errorf("cell %+v", c)
	}
	if c.P50ms > c.P95ms || c.P95ms > c.P99ms || c.P99ms > c.MaxMs {
		t.Errorf("percentiles out of order: %+v", c)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50 * time.Millisecond}, {0.95, 95 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}} {
		if got := percentile(d, tc.q); got != tc.want {
			t.Errorf("percentile(1..100 ms, %v) = %v, want %v", tc.q, got, tc.want)
		}
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("percentile(nil) = %v", got)
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"--db", "mysql"}, {"--clients", "0"}, {"--endpoints", "natverk"}, {"extra"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%v) accepted", args)
		}
	}
	c, err := parseFlags([]string{"--smoke"}, io.Discard)
	if err != nil || c.N != 2000 || c.Duration != time.Second || len(c.Clients) != 1 || c.Databases[0] != "sqlite" || len(c.Databases) != 1 {
		t.Errorf("--smoke = %+v, %v", c, err)
	}
}
