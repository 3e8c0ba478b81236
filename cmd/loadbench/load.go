package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// cell is one measurement: one target at one number of clients.
type cell struct {
	Clients  int     `json:"clients"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P95ms    float64 `json:"p95_ms"`
	P99ms    float64 `json:"p99_ms"`
	MaxMs    float64 `json:"max_ms"`
}

// endpointCell is a page's cell with the static ceiling beside it.
type endpointCell struct {
	cell
	Static *cell   `json:"static,omitempty"`
	Ratio  float64 `json:"ratio_of_static,omitempty"`
}

type endpointResult struct {
	Path        string         `json:"path"`
	Status      int            `json:"status"`
	Missing     bool           `json:"missing,omitempty"`
	Bytes       int            `json:"bytes"`
	LoggedIn    bool           `json:"logged_in"` // measured with a session (else anonymously)
	ContentType string         `json:"content_type,omitempty"`
	Cells       []endpointCell `json:"cells,omitempty"`
}

// benchEndpoint measures one path of the server at every number of
// clients, and the same bytes served statically.
func benchEndpoint(ctx context.Context, c *config, baseURL, path string, log io.Writer) (*endpointResult, error) {
	var session sessionFunc
	if !publicPath(path) {
		session = func() (string, error) { return login(ctx, baseURL, c.Email, c.Password) }
	}
	cookie := ""
	if session != nil {
		var err error
		if cookie, err = session(); err != nil {
			return nil, err
		}
	}
	body, header, status, err := fetchOnce(ctx, baseURL+path, cookie)
	if err != nil {
		return nil, err
	}
	res := &endpointResult{Path: path, Status: status, Bytes: len(body), ContentType: header.Get("Content-Type"), LoggedIn: session != nil}
	if status == http.StatusNotFound {
		res.Missing = true
		fmt.Fprintf(log, "%s: 404, not measured\n", path)
		return res, nil
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET %s = %d:\n%.500s", path, status, body)
	}
	static, err := serveStatic(body, res.ContentType)
	if err != nil {
		return nil, err
	}
	defer static.close()

	maxClients := slices.Max(c.Clients)
	if c.Warmup > 0 {
		measure(ctx, baseURL+path, maxClients, c.Warmup, session)
		if !c.SkipStatic {
			measure(ctx, static.url, maxClients, c.Warmup/2, nil)
		}
	}
	for _, n := range c.Clients {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ec := endpointCell{cell: measure(ctx, baseURL+path, n, c.Duration, session)}
		if !c.SkipStatic {
			sc := measure(ctx, static.url, n, c.Duration, nil)
			ec.Static = &sc
			if sc.RPS > 0 {
				ec.Ratio = ec.RPS / sc.RPS
			}
		}
		fmt.Fprintf(log, "%-45s %3d clients: %8.0f req/s  p99 %6.2f ms  (static %8.0f req/s)\n",
			path, n, ec.RPS, ec.P99ms, staticRPS(ec.Static))
		res.Cells = append(res.Cells, ec)
	}
	return res, nil
}

func staticRPS(c *cell) float64 {
	if c == nil {
		return 0
	}
	return c.RPS
}

// publicPath reports whether path is measured without a login: the public
// view and the operational endpoints.
func publicPath(path string) bool {
	for _, p := range []string{"/insyn", "/static/", "/healthz", "/readyz", "/openapi.json", "/logga-in"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// sessionFunc logs one client in and returns its Cookie header.
type sessionFunc func() (string, error)

// noRedirect stops at the first answer, so a page that sends anonymous
// visitors to the login page is not measured as the login page.
var noRedirect = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// login posts the login form and returns the session cookie as a Cookie
// header value.
func login(ctx context.Context, baseURL, email, password string) (string, error) {
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/logga-in", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := noRedirect.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "samverkan_session" && c.Value != "" {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("login as %s: %s, no session cookie", email, resp.Status)
}

func fetchOnce(ctx context.Context, u, cookie string) ([]byte, http.Header, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, 0, err
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		return nil, nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.Header, resp.StatusCode, err
}

// staticServer serves one fixed body on a loopback port: the ceiling of
// what any page of that size can reach over HTTP on this machine.
type staticServer struct {
	url string
	srv *http.Server
}

func serveStatic(body []byte, contentType string) (*staticServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	length := strconv.Itoa(len(body))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", length)
		w.Write(body)
	})
	s := &staticServer{url: "http://" + ln.Addr().String() + "/", srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *staticServer) close() { s.srv.Close() }

// measure runs clients keep-alive clients against u for d, each sending
// one request after the other, and summarises the latencies. Every loop
// ends by itself at the deadline (or when ctx ends); a request cannot
// outlive its 10 s timeout.
//
// With session, every client logs in once before the clock starts and
// sends its own cookie.
func measure(ctx context.Context, u string, clients int, d time.Duration, session sessionFunc) cell {
	tr := &http.Transport{
		MaxIdleConns:        clients,
		MaxIdleConnsPerHost: clients,
		MaxConnsPerHost:     clients,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ctx, cancel := context.WithTimeout(ctx, d+15*time.Second)
	defer cancel()

	lat := make([][]time.Duration, clients)
	errs := make([]int, clients)
	cookies := make([]string, clients)
	if session != nil {
		for i := range cookies {
			c, err := session()
			if err != nil {
				return cell{Clients: clients, Errors: clients}
			}
			cookies[i] = c
		}
	}
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, 4096)
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				ok := get(ctx, client, u, cookies[i])
				if ok {
					own = append(own, time.Since(t0))
				} else {
					errs[i]++
				}
			}
			lat[i] = own
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	nerr := 0
	for i := range lat {
		all = append(all, lat[i]...)
		nerr += errs[i]
	}
	slices.Sort(all)
	return cell{
		Clients: clients, Requests: len(all), Errors: nerr, Seconds: elapsed.Seconds(),
		RPS:   float64(len(all)) / elapsed.Seconds(),
		P50ms: ms(percentile(all, 0.50)), P95ms: ms(percentile(all, 0.95)),
		P99ms: ms(percentile(all, 0.99)), MaxMs: ms(percentile(all, 1)),
	}
}

// get sends one request and reads the whole answer.
func get(ctx context.Context, client *http.Client, u, cookie string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err == nil && resp.StatusCode == http.StatusOK
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }
