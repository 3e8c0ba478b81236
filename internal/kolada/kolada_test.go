package kolada

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder is a Kolada stand-in: it serves handler and remembers the
// requests it got.
type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, q := range r.reqs {
		out = append(out, q.URL.Path+"?"+q.URL.RawQuery)
	}
	return out
}

func serve(t *testing.T, h http.HandlerFunc) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r)
		rec.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL + "/v3")
	if err != nil {
		t.Fatal(err)
	}
	c.Backoff = time.Millisecond
	c.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	return c, rec
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestKPIs(t *testing.T) {
	body := fixture(t, "kpi.json")
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v3/kpi/N00003,N01951" {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	})
	got, err := c.KPIs(context.Background(), []string{"N00003", " N01951", "N00003"})
	if err != nil {
		t.Fatal(err)
	}
	want := []KPI{
		{ID: "N00003", Title: "Personalkostnader, kr/inv", Description: "Personalkostnader kommunen totalt, dividerat med antal invånare totalt 31/12. Avser egen regi. Källa: SCB.",
			OperatingArea: "Kommunen, övergripande", Perspective: "Resurser", MunicipalityType: "K", PublicationDate: "2024-04-30"},
		{ID: "N01951", Title: "Invånare totalt, antal", Description: "Antal invånare totalt den 31/12. Källa: SCB.",
			OperatingArea: "Befolkning", Perspective: "Volymer", MunicipalityType: "A", DividedByGender: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if p := rec.paths(); len(p) != 1 || !strings.Contains(p[0], "page=1") || !strings.Contains(p[0], "per_page=5000") {
		t.Errorf("requests %v", p)
	}
}

// Three pages: page 1 links on with a v3 next_url naming the public host,
// page 2 with a v2-style relative next_page, page 3 ends. Every request
// must reach the test server, and the rows come out one per gender, with
// the null value unknown.
func TestValuesPagingGenderNull(t *testing.T) {
	pages := map[string][]byte{"1": fixture(t, "data_page1.json"), "2": fixture(t, "data_page2.json"), "3": fixture(t, "data_page3.json")}
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v3/data/kpi/N01951/municipality/0114,0115/year/2022,2023" {
			http.NotFound(w, r)
			return
		}
		b, ok := pages[r.URL.Query().Get("page")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	})
	c.PerPage = 2
	got, err := c.Values(context.Background(), []string{"N01951"}, []string{"0114", "0115"}, []int{2022, 2023})
	if err != nil {
		t.Fatal(err)
	}
	f := func(v float64) *float64 { return &v }
	want := []Value{
		{KPI: "N01951", Municipality: "0114", Year: 2022, Gender: "T", Value: f(48353), Count: 1},
		{KPI: "N01951", Municipality: "0114", Year: 2023, Gender: "T", Value: f(48819), Count: 1},
		{KPI: "N01951", Municipality: "0114", Year: 2023, Gender: "K", Value: f(24400), Count: 1},
		{KPI: "N01951", Municipality: "0114", Year: 2023, Gender: "M", Value: f(24419), Count: 1},
		{KPI: "N01951", Municipality: "0115", Year: 2022, Gender: "T", Value: nil, Status: "Saknas", Count: 1},
		{KPI: "N01951", Municipality: "0115", Year: 2023, Gender: "T", Value: f(34520.5), Count: 1},
	}
	if !reflect.DeepEqual(got, want) {
		b, _ := json.Marshal(got)
		t.Errorf("got %s", b)
	}
	if p := rec.paths(); len(p) != 3 || !strings.Contains(p[0], "page=1") || !strings.Contains(p[1], "page=2") || !strings.Contains(p[2], "page=3") {
		t.Errorf("requests %v, want pages 1, 2, 3", p)
	}
	if tot := Totals(got); len(tot) != 4 {
		t.Errorf("totals %d rows, want 4", len(tot))
	}
}

// Ids are sent at most MaxIDs at a time: 30 KPIs make two metadata
// requests; 60 municipalities × 2 KPIs × 30 years make 3 × 1 × 2 = 6 data
// requests, and every id is asked for.
func TestBatching(t *testing.T) {
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"count":0,"values":[]}`)
	})
	var kpis, munis []string
	for i := range 30 {
		kpis = append(kpis, fmt.Sprintf("N%05d", i))
	}
	for i := range 60 {
		munis = append(munis, fmt.Sprintf("%04d", 114+i))
	}
	if _, err := c.KPIs(context.Background(), kpis); err != nil {
		t.Fatal(err)
	}
	var years []int
	for y := 1995; y < 2025; y++ {
		years = append(years, y)
	}
	if _, err := c.Values(context.Background(), kpis[:2], munis, years); err != nil {
		t.Fatal(err)
	}
	paths := rec.paths()
	if len(paths) != 2+6 {
		t.Fatalf("%d requests, want 8: %v", len(paths), paths)
	}
	askedKPI, askedMuni, askedYear := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range paths {
		p = p[:strings.Index(p, "?")]
		parts := strings.Split(strings.TrimPrefix(p, "/v3/"), "/")
		for i := 0; i+1 < len(parts); i++ {
			list := strings.Split(parts[i+1], ",")
			if len(list) > 25 { // the limit found in the sources, not the constant under test
				t.Errorf("%s: %d ids in one request", p, len(list))
			}
			for _, id := range list {
				switch {
				case parts[0] == "kpi" && i == 0:
					askedKPI[id] = true
				case parts[i] == "municipality":
					askedMuni[id] = true
				case parts[i] == "year":
					askedYear[id] = true
				}
			}
		}
	}
	if len(askedKPI) != 30 || len(askedMuni) != 60 || len(askedYear) != 30 {
		t.Errorf("asked %d KPIs, %d municipalities, %d years", len(askedKPI), len(askedMuni), len(askedYear))
	}
}

func TestHTTP500IsRetriedAFewTimesOnly(t *testing.T) {
	var n atomic.Int32
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	})
	_, err := c.KPIs(context.Background(), []string{"N00003"})
	var ke *Error
	if !errors.As(err, &ke) || ke.Status != http.StatusInternalServerError || !strings.Contains(ke.Body, "Internal Server Error") {
		t.Fatalf("got %v, want an HTTP 500 error", err)
	}
	if got := n.Load(); got != 3 {
		t.Errorf("%d requests, want 1 + 2 retries", got)
	}
}

func TestRetryRecovers(t *testing.T) {
	var n atomic.Int32
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		fmt.Fprint(w, `{"count":1,"values":[{"id":"N00003","title":"x"}]}`)
	})
	got, err := c.KPIs(context.Background(), []string{"N00003"})
	if err != nil || len(got) != 1 || n.Load() != 2 {
		t.Errorf("got %v %v after %d requests", got, err, n.Load())
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	var n atomic.Int32
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Error(w, `{"error":"bad parameter"}`, http.StatusBadRequest)
	})
	_, err := c.Values(context.Background(), []string{"N00003"}, []string{"0114"}, nil)
	var ke *Error
	if !errors.As(err, &ke) || ke.Status != http.StatusBadRequest || n.Load() != 1 {
		t.Errorf("got %v after %d requests", err, n.Load())
	}
}

func TestInvalidJSON(t *testing.T) {
	for name, body := range map[string]string{
		"truncated":    `{"count":1,"values":[{"id":"N0`,
		"html":         `<html><body>Underhåll pågår</body></html>`,
		"no values":    `{"count":0}`,
		"bad value":    `{"count":1,"values":[{"kpi":"N1","municipality":"0114","period":2023,"values":[{"gender":"T","value":"många"}]}]}`,
		"bad period":   `{"count":1,"values":[{"kpi":"N1","municipality":"0114","period":"i fjol","values":[]}]}`,
		"values array": `{"count":1,"values":{"kpi":"N1"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				fmt.Fprint(w, body)
			})
			_, err := c.Values(context.Background(), []string{"N1"}, []string{"0114"}, []int{2023})
			var ke *Error
			if !errors.As(err, &ke) || ke.Status != http.StatusOK || ke.Err == nil {
				t.Fatalf("got %v, want an invalid-response error", err)
			}
			if n.Load() != 1 {
				t.Errorf("%d requests; a bad body is not retried", n.Load())
			}
		})
	}
}

// A server that never answers is cut off by the caller's deadline, and the
// client does not start a retry after the deadline.
func TestSlowServer(t *testing.T) {
	var n atomic.Int32
	c, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.KPIs(ctx, []string{"N00003"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
	var ke *Error
	if !errors.As(err, &ke) || ke.Status != 0 {
		t.Errorf("got %#v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests after the deadline, want 1", n.Load())
	}
}

func TestPagingLoopStops(t *testing.T) {
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"count":0,"values":[],"next_url":"`+r.URL.Path+`?page=1&per_page=5000"}`)
	})
	_, err := c.KPIs(context.Background(), []string{"N00003"})
	if err == nil || !strings.Contains(err.Error(), "paging does not end") || len(rec.paths()) != 1 {
		t.Errorf("got %v after %v", err, rec.paths())
	}
}

func TestBadInput(t *testing.T) {
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"values":[]}`) })
	for name, call := range map[string]func() error{
		"path in KPI id": func() error { _, err := c.KPIs(context.Background(), []string{"N1/../../x"}); return err },
		"empty id":       func() error { _, err := c.KPIs(context.Background(), []string{""}); return err },
		"no KPI":         func() error { _, err := c.Values(context.Background(), nil, []string{"0114"}, nil); return err },
		"no filter":      func() error { _, err := c.Values(context.Background(), []string{"N1"}, nil, nil); return err },
		"year":           func() error { _, err := c.Values(context.Background(), []string{"N1"}, nil, []int{20}); return err },
		"municipality": func() error {
			_, err := c.Values(context.Background(), []string{"N1"}, []string{"01 14"}, nil)
			return err
		},
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if p := rec.paths(); len(p) != 0 {
		t.Errorf("bad input reached the server: %v", p)
	}
	for _, u := range []string{"ftp://x", "not a url", "http://"} {
		if _, err := New(u); err == nil {
			t.Errorf("New(%q): no error", u)
		}
	}
	if c, err := New(""); err != nil || c.BaseURL() != DefaultBaseURL {
		t.Errorf("default: %v %v", c, err)
	}
}

// Years only (all municipalities) and municipalities only (all years) make
// the two-dimension paths.
func TestTwoDimensionPaths(t *testing.T) {
	c, rec := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"values":[]}`) })
	if _, err := c.Values(context.Background(), []string{"N1"}, nil, []int{2023, 2023}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Values(context.Background(), []string{"N1"}, []string{"0114"}, nil); err != nil {
		t.Fatal(err)
	}
	p := rec.paths()
	sort.Strings(p)
	want := []string{"/v3/data/kpi/N1/municipality/0114?page=1&per_page=5000", "/v3/data/kpi/N1/year/2023?page=1&per_page=5000"}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("paths %v, want %v", p, want)
	}
}
