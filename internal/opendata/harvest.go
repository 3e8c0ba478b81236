package opendata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Harvest limits, unless HarvestOptions say otherwise.
const (
	DefaultMaxBytes     = 20 << 20 // 20 MB: about 20 000 collaborations with their decisions
	DefaultTimeout      = 60 * time.Second
	DefaultMaxRedirects = 5
)

// Error kinds (Error.Kind), for callers that explain a failed harvest.
const (
	KindURL      = "bad_url"   // not an http or https address
	KindFetch    = "fetch"     // the server could not be reached or broke off
	KindTimeout  = "timeout"   // the server did not answer in time
	KindRedirect = "redirect"  // a redirect to another scheme, a downgrade, or too many
	KindStatus   = "status"    // an answer other than 200 OK
	KindTooLarge = "too_large" // the body is larger than the limit
	KindNotJSON  = "not_json"  // an HTML page, another media type, or broken JSON
	KindSchema   = "schema"    // JSON that does not match the dataset's schema
)

// Error is a failed harvest or parse. Detail says what was wrong in a way
// an operator can act on; Message gives it in Swedish or English.
type Error struct {
	Kind   string
	URL    string
	Detail string
	Err    error
}

func (e *Error) Error() string {
	s := "opendata: " + e.Kind
	if e.URL != "" {
		s += " " + e.URL
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil && e.Kind != KindSchema {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

var kindMessages = map[string][2]string{
	KindURL:      {"Adressen måste börja med http:// eller https://.", "The address must start with http:// or https://."},
	KindFetch:    {"Det gick inte att hämta data från adressen.", "The data could not be fetched from the address."},
	KindTimeout:  {"Servern svarade inte i tid.", "The server did not answer in time."},
	KindRedirect: {"Servern skickade vidare till en otillåten adress.", "The server redirected to an address that is not allowed."},
	KindStatus:   {"Servern svarade med ett fel.", "The server answered with an error."},
	KindTooLarge: {"Svaret är större än vad som tas emot.", "The answer is larger than allowed."},
	KindNotJSON:  {"Svaret är inte öppna data i JSON (kanske en webbsida).", "The answer is not open data in JSON (perhaps a web page)."},
	KindSchema:   {"Svaret följer inte schemat för öppna data.", "The answer does not follow the open-data schema."},
}

// Message is the error for a person, in lang ("sv" or "en"), with the
// detail after the sentence.
func (e *Error) Message(lang string) string {
	m, ok := kindMessages[e.Kind]
	if !ok {
		return e.Error()
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// HarvestOptions bound a harvest. Zero values take the defaults.
type HarvestOptions struct {
	// Client sends the request; its Timeout and Transport are used, its
	// CheckRedirect is replaced by the rules below. Nil uses a new client.
	Client       *http.Client
	MaxBytes     int64
	Timeout      time.Duration
	MaxRedirects int
	UserAgent    string
	Now          func() time.Time // when the fetch happened; time.Now when nil
}

// Harvest is another instance's dataset as it was fetched.
type Harvest struct {
	Source  string    // the address asked for
	Final   string    // the address answered from, after redirects
	Fetched time.Time // when the answer arrived
	ETag    string    // the source's ETag, for a conditional fetch next time
	Dataset *Dataset
}

// Fetch harvests the dataset at rawURL: one GET, only http and https (also
// after redirects, and never from https down to http), the body read up to
// MaxBytes, within Timeout (and ctx), and parsed with Parse. Any failure is
// an *Error and no partial result.
func Fetch(ctx context.Context, rawURL string, opt HarvestOptions) (*Harvest, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{Kind: KindURL, URL: rawURL}
	}
	if u.User != nil {
		return nil, &Error{Kind: KindURL, URL: rawURL, Detail: "the address must not carry a user name or password"}
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxRedirects <= 0 {
		opt.MaxRedirects = DefaultMaxRedirects
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.UserAgent == "" {
		opt.UserAgent = "samverkan-harvest/1"
	}
	source := u.String()
	fail := func(kind, detail string, err error) (*Harvest, error) {
		return nil, &Error{Kind: kind, URL: source, Detail: detail, Err: err}
	}

	client := &http.Client{}
	if opt.Client != nil {
		*client = *opt.Client
	}
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		switch {
		case len(via) >= opt.MaxRedirects:
			return &redirectError{fmt.Sprintf("more than %d redirects", opt.MaxRedirects)}
		case req.URL.Scheme != "http" && req.URL.Scheme != "https":
			return &redirectError{fmt.Sprintf("a redirect to %q, which is not http or https", req.URL.Scheme)}
		case via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme == "http":
			return &redirectError{"a redirect from https down to http"}
		}
		return nil
	}

	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
	if err != nil {
		return fail(KindURL, "", err)
	}
	req.Header.Set("Accept", MediaJSON)
	req.Header.Set("User-Agent", opt.UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		return fail(transportKind(ctx, err), transportDetail(err), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fail(KindStatus, fmt.Sprintf("HTTP %d", resp.StatusCode), nil)
	}
	ct := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if mt == "text/html" || mt == "application/xhtml+xml" {
		return fail(KindNotJSON, "the server sent an HTML page ("+ct+")", nil)
	}
	if mt != "" && !jsonish(mt) {
		return fail(KindNotJSON, "the server sent "+ct+", not JSON", nil)
	}
	if resp.ContentLength > opt.MaxBytes {
		return fail(KindTooLarge, fmt.Sprintf("%d bytes, more than the limit of %d", resp.ContentLength, opt.MaxBytes), nil)
	}
	// Read one byte past the limit to tell a body of exactly MaxBytes from
	// a longer one; the transport has already undone any gzip, so the
	// limit is on what is parsed.
	body, err := io.ReadAll(io.LimitReader(resp.Body, opt.MaxBytes+1))
	if err != nil {
		return fail(transportKind(ctx, err), "the body broke off", err)
	}
	if int64(len(body)) > opt.MaxBytes {
		return fail(KindTooLarge, fmt.Sprintf("more than the limit of %d bytes", opt.MaxBytes), nil)
	}
	if t := strings.TrimLeft(string(body[:min(len(body), 512)]), " \t\r\n\uFEFF"); strings.HasPrefix(t, "<") {
		return fail(KindNotJSON, "the body is HTML or XML", nil)
	}
	ds, err := Parse(body)
	if err != nil {
		var pe *Error
		if errors.As(err, &pe) {
			pe.URL = source
		}
		return nil, err
	}
	return &Harvest{Source: source, Final: resp.Request.URL.String(), Fetched: opt.Now().UTC(),
		ETag: resp.Header.Get("ETag"), Dataset: ds}, nil
}

func jsonish(mt string) bool {
	switch mt {
	case "application/json", "text/json", "application/ld+json", "text/plain", "application/octet-stream":
		// Static file servers often send text/plain or octet-stream for a
		// .json file; the body must still parse and match the schema.
		return true
	}
	return strings.HasSuffix(mt, "+json")
}

type redirectError struct{ detail string }

func (e *redirectError) Error() string { return e.detail }

func transportKind(ctx context.Context, err error) string {
	var re *redirectError
	var ne net.Error
	switch {
	case errors.As(err, &re):
		return KindRedirect
	case errors.Is(err, context.DeadlineExceeded), errors.Is(ctx.Err(), context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return KindTimeout
	}
	return KindFetch
}

func transportDetail(err error) string {
	var re *redirectError
	if errors.As(err, &re) {
		return re.detail
	}
	return ""
}
