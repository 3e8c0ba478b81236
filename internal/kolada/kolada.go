// Package kolada reads key figures (nyckeltal) for Swedish municipalities
// from Kolada, RKA's open database, through its REST API v3.
//
// What the API looks like, and where that comes from. The machine that
// wrote this had no internet access, so /v3/docs (Swagger) could not be
// read; the client follows what these sources agree on and tolerates the
// points where they differ:
//
//   - Paths (v2 documentation, Hypergene/kolada README.rst, kept in v3 per
//     research/anchors.md §2 and every v3 client found): KPI metadata at
//     /kpi/{id,id…}; values at /data/kpi/{ids}/municipality/{ids}/year/{years},
//     each list comma-separated, with ?page=N&per_page=M (at most 5000).
//   - Envelope: {"count": n, "values": [...], "next_url": "…"} in v3, as
//     read by the koladapy client ("A Python wrapper for the Kolada API
//     (V3)") and a public harvester that loops on next_url; v2 called the
//     link "next_page" (Hypergene README; isakskogstad/Kolada-MCP, the
//     README cited as [S62] in research/domain.md, still reads next_page
//     against https://api.kolada.se/v3). The client follows next_url and
//     falls back to next_page.
//   - A data row: {"kpi", "municipality", "period", "values": [{"gender":
//     "T"|"K"|"M", "value": number or null, "status", "count"}]}; T is the
//     total, K women, M men; count > 1 only for group averages, which are
//     unweighted (Hypergene README).
//   - Id lists: koladapy and Kolada-MCP batch at most 25 ids per request,
//     and the harvester notes "the API refuses longer year lists"
//     (YEARS_PER_REQUEST = 25). No official figure was found; MaxIDs = 25.
//   - Errors (v2 documentation via anchors.md §2): 404 for a bad path, 400
//     for bad or too long parameters, 500 to be reported to RKA.
//
// Terms of use (kolada.se/om-oss/api): free, no agreement; show "Källa:
// Kolada" (Attribution) and never attribute own processing to Kolada.
//
// The base URL is a parameter: the caller reads SAMVERKAN_KOLADA_URL.
package kolada

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	// DefaultBaseURL is Kolada's API v3.
	DefaultBaseURL = "https://api.kolada.se/v3"
	// MaxIDs is the most ids (KPIs, municipalities or years) the client
	// puts in one request.
	MaxIDs = 25
	// MaxPerPage is the largest page Kolada serves.
	MaxPerPage = 5000
	// Attribution must be shown with Kolada data.
	Attribution = "Källa: Kolada"
	// maxBody bounds one response; a full page of 5000 rows is a few MB.
	maxBody = 64 << 20
)

// Genders in value rows.
const (
	GenderTotal = "T"
	GenderWomen = "K"
	GenderMen   = "M"
)

// Client talks to one Kolada server. The zero value is not usable; call New.
// Fields may be changed before first use.
type Client struct {
	base *url.URL
	// HTTP does the requests. Its Timeout is a safety net for callers
	// without a deadline; the context is the real limit.
	HTTP *http.Client
	// BatchSize is how many ids go in one request (at most MaxIDs).
	BatchSize int
	// PerPage is the page size asked for (at most MaxPerPage).
	PerPage int
	// Retries is how many times a request that failed for a reason that
	// may pass (a 5xx, 429 or a broken connection) is tried again, after
	// Backoff, then twice Backoff. Kept small so a sick server is not
	// hammered.
	Retries int
	Backoff time.Duration
	// MaxPages stops a paging loop that never ends.
	MaxPages int
	Log      *slog.Logger
}

// New returns a client for baseURL ("" means DefaultBaseURL).
func New(baseURL string) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("kolada: base URL %q is not an http(s) URL", baseURL)
	}
	return &Client{
		base:      u,
		HTTP:      &http.Client{Timeout: 2 * time.Minute},
		BatchSize: MaxIDs,
		PerPage:   MaxPerPage,
		Retries:   2,
		Backoff:   500 * time.Millisecond,
		MaxPages:  1000,
		Log:       slog.Default(),
	}, nil
}

// BaseURL returns the server the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// Error is a request to Kolada that failed.
type Error struct {
	URL string
	// Status is the HTTP status, or 0 when no response came.
	Status int
	// Body is the start of the response body, for logs.
	Body string
	// Err is the cause: a network error, a context error
	// (context.DeadlineExceeded for a slow server), or a JSON error.
	Err error
}

func (e *Error) Error() string {
	switch {
	case e.Status != 0 && e.Status != http.StatusOK:
		return fmt.Sprintf("kolada: GET %s: HTTP %d: %s", e.URL, e.Status, e.Body)
	case e.Status == http.StatusOK:
		return fmt.Sprintf("kolada: GET %s: invalid response: %v", e.URL, e.Err)
	}
	return fmt.Sprintf("kolada: GET %s: %v", e.URL, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// retryable reports whether trying again may help.
func (e *Error) retryable() bool {
	if e.Status == http.StatusTooManyRequests || e.Status >= 500 {
		return true
	}
	return e.Status == 0 && !errors.Is(e.Err, context.Canceled) && !errors.Is(e.Err, context.DeadlineExceeded)
}

// KPI is a key figure's metadata.
type KPI struct {
	ID               string `json:"id"`
	Title            string `json:"title"`
	Description      string `json:"description"`
	OperatingArea    string `json:"operating_area"`
	Perspective      string `json:"perspective"`
	MunicipalityType string `json:"municipality_type"`
	DividedByGender  bool   `json:"is_divided_by_gender"`
	HasOUData        bool   `json:"has_ou_data"`
	PublicationDate  string `json:"publication_date"`
}

// UnmarshalJSON reads a KPI whether its flags are booleans or 0/1 (the v2
// documentation shows 0|1) and its dates strings or null.
func (k *KPI) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID               string          `json:"id"`
		Title            string          `json:"title"`
		Description      string          `json:"description"`
		OperatingArea    string          `json:"operating_area"`
		Perspective      string          `json:"perspective"`
		MunicipalityType string          `json:"municipality_type"`
		DividedByGender  json.RawMessage `json:"is_divided_by_gender"`
		HasOUData        json.RawMessage `json:"has_ou_data"`
		PublicationDate  *string         `json:"publication_date"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*k = KPI{ID: raw.ID, Title: raw.Title, Description: raw.Description, OperatingArea: raw.OperatingArea,
		Perspective: raw.Perspective, MunicipalityType: raw.MunicipalityType}
	var err error
	if k.DividedByGender, err = flag(raw.DividedByGender); err != nil {
		return fmt.Errorf("is_divided_by_gender: %w", err)
	}
	if k.HasOUData, err = flag(raw.HasOUData); err != nil {
		return fmt.Errorf("has_ou_data: %w", err)
	}
	if raw.PublicationDate != nil {
		k.PublicationDate = *raw.PublicationDate
	}
	return nil
}

func flag(b json.RawMessage) (bool, error) {
	switch s := string(bytes.TrimSpace(b)); s {
	case "", "null", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	default:
		return false, fmt.Errorf("%s is not a flag", s)
	}
}

// Value is one figure: a KPI for a municipality, year and gender. Value is
// nil when Kolada has no figure (null), which is unknown, not zero.
type Value struct {
	KPI          string   `json:"kpi"`
	Municipality string   `json:"municipality"`
	Year         int      `json:"year"`
	Gender       string   `json:"gender"`
	Value        *float64 `json:"value"`
	Status       string   `json:"status"`
	// Count is the number of members behind a group average; 1 otherwise.
	Count int `json:"count"`
}

// dataRow is a row of /data as Kolada sends it.
type dataRow struct {
	KPI          string          `json:"kpi"`
	Municipality string          `json:"municipality"`
	Period       json.RawMessage `json:"period"`
	Values       []struct {
		Gender string          `json:"gender"`
		Value  json.RawMessage `json:"value"`
		Status *string         `json:"status"`
		Count  *int            `json:"count"`
	} `json:"values"`
}

func (r dataRow) values() ([]Value, error) {
	year, err := strconv.Atoi(strings.Trim(string(r.Period), `" `))
	if err != nil {
		return nil, fmt.Errorf("period %s is not a year", r.Period)
	}
	out := make([]Value, 0, len(r.Values))
	for _, v := range r.Values {
		val := Value{KPI: r.KPI, Municipality: r.Municipality, Year: year, Gender: v.Gender, Count: 1}
		if v.Status != nil {
			val.Status = *v.Status
		}
		if v.Count != nil {
			val.Count = *v.Count
		}
		switch s := strings.TrimSpace(string(v.Value)); s {
		case "", "null":
		default:
			f, err := strconv.ParseFloat(strings.Trim(s, `"`), 64)
			if err != nil {
				return nil, fmt.Errorf("value %s is not a number", s)
			}
			val.Value = &f
		}
		out = append(out, val)
	}
	return out, nil
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// ids trims, checks and de-duplicates ids so none can change the path.
func ids(kind string, in []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if !idRE.MatchString(s) {
			return nil, fmt.Errorf("kolada: %s id %q is not an id", kind, s)
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

func (c *Client) batches(list []string) [][]string {
	n := c.BatchSize
	if n <= 0 || n > MaxIDs {
		n = MaxIDs
	}
	var out [][]string
	for len(list) > 0 {
		k := min(n, len(list))
		out = append(out, list[:k])
		list = list[k:]
	}
	return out
}

// KPIs returns the metadata of the given KPIs, in batches of BatchSize. An
// id Kolada does not know is simply absent from the result.
func (c *Client) KPIs(ctx context.Context, kpiIDs []string) ([]KPI, error) {
	list, err := ids("KPI", kpiIDs)
	if err != nil {
		return nil, err
	}
	var out []KPI
	for _, b := range c.batches(list) {
		err := c.getAll(ctx, c.endpoint("kpi/"+strings.Join(b, ",")), func(raw json.RawMessage) error {
			var k KPI
			if err := json.Unmarshal(raw, &k); err != nil {
				return err
			}
			out = append(out, k)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Values returns the figures of the given KPIs for the given municipalities
// and years, one Value per gender row. The lists are split into batches of
// BatchSize and every page is fetched. Years may be empty (all years);
// municipalities may be empty if years are given (all municipalities).
func (c *Client) Values(ctx context.Context, kpiIDs, municipalities []string, years []int) ([]Value, error) {
	kpis, err := ids("KPI", kpiIDs)
	if err != nil {
		return nil, err
	}
	munis, err := ids("municipality", municipalities)
	if err != nil {
		return nil, err
	}
	var ys []string
	seen := map[int]bool{}
	for _, y := range years {
		if y < 1900 || y > 2200 {
			return nil, fmt.Errorf("kolada: year %d out of range", y)
		}
		if !seen[y] {
			seen[y] = true
			ys = append(ys, strconv.Itoa(y))
		}
	}
	switch {
	case len(kpis) == 0:
		return nil, errors.New("kolada: no KPI given")
	case len(munis) == 0 && len(ys) == 0:
		return nil, errors.New("kolada: give municipalities or years")
	}
	kb, mb, yb := c.batches(kpis), c.batches(munis), c.batches(ys)
	if mb == nil {
		mb = [][]string{nil}
	}
	if yb == nil {
		yb = [][]string{nil}
	}
	var out []Value
	for _, k := range kb {
		for _, m := range mb {
			for _, y := range yb {
				p := "data/kpi/" + strings.Join(k, ",")
				if m != nil {
					p += "/municipality/" + strings.Join(m, ",")
				}
				if y != nil {
					p += "/year/" + strings.Join(y, ",")
				}
				err := c.getAll(ctx, c.endpoint(p), func(raw json.RawMessage) error {
					var row dataRow
					if err := json.Unmarshal(raw, &row); err != nil {
						return err
					}
					vs, err := row.values()
					out = append(out, vs...)
					return err
				})
				if err != nil {
					return nil, err
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.KPI != b.KPI {
			return a.KPI < b.KPI
		}
		if a.Municipality != b.Municipality {
			return a.Municipality < b.Municipality
		}
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		return genderOrder(a.Gender) < genderOrder(b.Gender)
	})
	return out, nil
}

func genderOrder(g string) int { return strings.Index("TKM", g) }

// Totals keeps the rows for both genders together (T).
func Totals(vs []Value) []Value {
	var out []Value
	for _, v := range vs {
		if v.Gender == GenderTotal {
			out = append(out, v)
		}
	}
	return out
}

func (c *Client) endpoint(p string) *url.URL {
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + "/" + p
	u.RawPath = ""
	q := url.Values{}
	q.Set("page", "1")
	q.Set("per_page", strconv.Itoa(c.perPage()))
	u.RawQuery = q.Encode()
	return &u
}

func (c *Client) perPage() int {
	if c.PerPage <= 0 || c.PerPage > MaxPerPage {
		return MaxPerPage
	}
	return c.PerPage
}

type envelope struct {
	Count    int               `json:"count"`
	Values   []json.RawMessage `json:"values"`
	NextURL  *string           `json:"next_url"`
	NextPage *string           `json:"next_page"`
}

// getAll fetches u and every following page, calling fn for each item.
func (c *Client) getAll(ctx context.Context, u *url.URL, fn func(json.RawMessage) error) error {
	visited := map[string]bool{}
	for pages := 0; u != nil; pages++ {
		if pages >= c.MaxPages || visited[u.String()] {
			return &Error{URL: u.String(), Status: http.StatusOK, Err: fmt.Errorf("paging does not end after %d pages", pages)}
		}
		visited[u.String()] = true
		var env envelope
		if err := c.get(ctx, u, &env); err != nil {
			return err
		}
		if env.Values == nil {
			return &Error{URL: u.String(), Status: http.StatusOK, Err: errors.New(`no "values" in the response`)}
		}
		for _, raw := range env.Values {
			if err := fn(raw); err != nil {
				return &Error{URL: u.String(), Status: http.StatusOK, Err: err}
			}
		}
		next := ""
		switch {
		case env.NextURL != nil && *env.NextURL != "":
			next = *env.NextURL
		case env.NextPage != nil && *env.NextPage != "":
			next = *env.NextPage
		}
		u = nil
		if next != "" {
			n, err := c.follow(next)
			if err != nil {
				return err
			}
			u = n
		}
	}
	return nil
}

// follow turns a next-page link into a URL on the configured server: the
// path and query are kept, the scheme and host are always the base's. So a
// link that names the public host (or plain http) still goes to a mirror
// or test server set in SAMVERKAN_KOLADA_URL, and a link can never send
// the client elsewhere.
func (c *Client) follow(next string) (*url.URL, error) {
	n, err := url.Parse(next)
	if err != nil {
		return nil, &Error{URL: next, Status: http.StatusOK, Err: fmt.Errorf("next page link: %w", err)}
	}
	n = c.base.ResolveReference(n)
	n.Scheme, n.Host, n.User = c.base.Scheme, c.base.Host, nil
	return n, nil
}

// get fetches one page into out, retrying what may pass.
func (c *Client) get(ctx context.Context, u *url.URL, out *envelope) error {
	var last *Error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			wait := c.Backoff << (attempt - 1)
			c.Log.Warn("kolada: retrying", "url", u.String(), "attempt", attempt, "wait", wait, "err", last)
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return &Error{URL: u.String(), Err: ctx.Err()}
			case <-t.C:
			}
		}
		last = c.once(ctx, u, out)
		if last == nil {
			return nil
		}
		if !last.retryable() || ctx.Err() != nil {
			break
		}
	}
	return last
}

func (c *Client) once(ctx context.Context, u *url.URL, out *envelope) *Error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return &Error{URL: u.String(), Err: err}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "samverkan (+https://github.com/samverkan/samverkan)")
	start := time.Now()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return &Error{URL: u.String(), Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	c.Log.Debug("kolada: GET", "url", u.String(), "status", resp.StatusCode, "bytes", len(body), "took", time.Since(start))
	switch {
	case err != nil:
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return &Error{URL: u.String(), Err: err}
	case resp.StatusCode != http.StatusOK:
		return &Error{URL: u.String(), Status: resp.StatusCode, Body: snippet(body)}
	case len(body) > maxBody:
		return &Error{URL: u.String(), Status: resp.StatusCode, Err: fmt.Errorf("response larger than %d MB", maxBody>>20)}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &Error{URL: u.String(), Status: resp.StatusCode, Body: snippet(body), Err: err}
	}
	return nil
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
