package server

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/samverkan/samverkan"
)

// metrics counts requests per surface and status class, and a latency
// histogram, in the Prometheus text format. A handful of counters does not
// earn the Prometheus client library as a dependency.
type metrics struct {
	start   time.Time
	mu      sync.Mutex
	reqs    map[[2]string]*atomic.Int64 // {surface, status class}
	buckets []float64
	hist    map[string][]atomic.Int64 // surface → bucket counts (+Inf last)
	sums    map[string]*atomic.Int64  // surface → total microseconds
}

func newMetrics() *metrics {
	return &metrics{
		start:   time.Now(),
		reqs:    map[[2]string]*atomic.Int64{},
		buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		hist:    map[string][]atomic.Int64{},
		sums:    map[string]*atomic.Int64{},
	}
}

// surface groups paths coarsely so label cardinality stays fixed.
func surface(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return "api"
	case strings.HasPrefix(path, "/static/"):
		return "static"
	case path == "/healthz" || path == "/readyz" || path == "/metrics":
		return "ops"
	default:
		return "web"
	}
}

func (m *metrics) observe(r *http.Request, status int, d time.Duration) {
	s := surface(r.URL.Path)
	class := fmt.Sprintf("%dxx", status/100)
	m.mu.Lock()
	c, ok := m.reqs[[2]string{s, class}]
	if !ok {
		c = new(atomic.Int64)
		m.reqs[[2]string{s, class}] = c
	}
	h, ok := m.hist[s]
	if !ok {
		h = make([]atomic.Int64, len(m.buckets)+1)
		m.hist[s] = h
		m.sums[s] = new(atomic.Int64)
	}
	sum := m.sums[s]
	m.mu.Unlock()
	c.Add(1)
	sum.Add(d.Microseconds())
	sec := d.Seconds()
	i := sort.SearchFloat64s(m.buckets, sec)
	h[i].Add(1)
}

func (m *metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP samverkan_http_requests_total HTTP requests by surface and status class.")
	fmt.Fprintln(w, "# TYPE samverkan_http_requests_total counter")
	keys := make([][2]string, 0, len(m.reqs))
	for k := range m.reqs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(w, "samverkan_http_requests_total{surface=%q,code=%q} %d\n", k[0], k[1], m.reqs[k].Load())
	}
	fmt.Fprintln(w, "# HELP samverkan_http_request_duration_seconds Request latency by surface.")
	fmt.Fprintln(w, "# TYPE samverkan_http_request_duration_seconds histogram")
	surfaces := make([]string, 0, len(m.hist))
	for s := range m.hist {
		surfaces = append(surfaces, s)
	}
	sort.Strings(surfaces)
	for _, s := range surfaces {
		var cum int64
		h := m.hist[s]
		for i, b := range m.buckets {
			cum += h[i].Load()
			fmt.Fprintf(w, "samverkan_http_request_duration_seconds_bucket{surface=%q,le=\"%g\"} %d\n", s, b, cum)
		}
		cum += h[len(m.buckets)].Load()
		fmt.Fprintf(w, "samverkan_http_request_duration_seconds_bucket{surface=%q,le=\"+Inf\"} %d\n", s, cum)
		fmt.Fprintf(w, "samverkan_http_request_duration_seconds_sum{surface=%q} %g\n", s, float64(m.sums[s].Load())/1e6)
		fmt.Fprintf(w, "samverkan_http_request_duration_seconds_count{surface=%q} %d\n", s, cum)
	}
	fmt.Fprintln(w, "# HELP samverkan_uptime_seconds Seconds since the process started.")
	fmt.Fprintln(w, "# TYPE samverkan_uptime_seconds gauge")
	fmt.Fprintf(w, "samverkan_uptime_seconds %d\n", int(time.Since(m.start).Seconds()))
}

// metricsGuard lets through a request that carries the metrics token as a
// bearer token, or comes from a logged-in admin; it answers anyone else
// 401 (with WWW-Authenticate) or, when logged in, 403.
func metricsGuard(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			if scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") &&
				subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) == 1 {
				next.ServeHTTP(w, r)
				return
			}
		}
		err := samverkan.Allow(samverkan.PrincipalFrom(r.Context()), samverkan.ActionAdmin, samverkan.Resource{})
		if err == nil {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if samverkan.ErrorCode(err) == samverkan.EUNAUTHORIZED {
			w.Header().Set("WWW-Authenticate", `Bearer realm="samverkan-metrics"`)
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintln(w, "Mätvärdena kräver metrics-nyckeln eller en administratör. / Metrics need the metrics token or an admin.")
			return
		}
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintln(w, "Mätvärdena är bara för administratörer. / Metrics are for admins only.")
	})
}
