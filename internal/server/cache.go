package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

// responseCache keeps finished GET responses in memory and serves them
// again while the data they were built from is unchanged. Validity is the
// store's data version (one indexed read of a one-row table, bumped by
// every committed write on any instance) plus today's date, since which
// members count as current depends on it. So instances behind a load
// balancer never serve stale pages, and no state has to be shared.
type responseCache struct {
	store      samverkan.Store
	log        *slog.Logger
	withAuth   bool // the auth middleware runs before the cache
	maxEntries int
	maxBody    int

	mu      sync.RWMutex
	version cacheVersion
	entries map[string]*cachedResponse
}

type cacheVersion struct {
	data int64
	day  string
}

type cachedResponse struct {
	status int
	header http.Header
	body   []byte
	length []string // Content-Length
}

var hitHeader = []string{"hit"}

func newResponseCache(store samverkan.Store, log *slog.Logger) *responseCache {
	return &responseCache{store: store, log: log, maxEntries: 4096, maxBody: 1 << 20,
		entries: map[string]*cachedResponse{}}
}

// cacheKey returns the key for r, or "" when r must not be served from the
// cache: only plain GETs whose answer depends on nothing but the URL, the
// language and who is asking. Who is asking is the principal that the
// auth middleware, running before the cache, put on the context: nobody,
// or a user by id (from the session cookie or a bearer token). A request
// is never answered with a page built for someone else; a change to a
// user's grants or tokens is a write, which empties the cache. Any other
// cookie or a conditional request goes to the handler. Without the auth
// middleware (withAuth false) the session cookie and the Authorization
// header bypass the cache, as nothing on the context says whose they are.
func cacheKey(r *http.Request, withAuth bool) string {
	if r.Method != http.MethodGet || r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		return ""
	}
	if !withAuth && r.Header.Get("Authorization") != "" {
		return ""
	}
	lang := ""
	for _, c := range r.Cookies() {
		switch {
		case c.Name == "lang":
			lang = c.Value
		case c.Name == auth.SessionCookie && withAuth:
		default:
			return ""
		}
	}
	al := r.Header.Get("Accept-Language")
	if len(al) > 40 {
		al = al[:40]
	}
	who := "anonym"
	if p := samverkan.PrincipalFrom(r.Context()); !p.Anonymous() {
		who = "user:" + strconv.FormatInt(p.User.ID, 10) + ":" + p.Via
	}
	// The open data (/oppna-data) write absolute addresses from the host
	// and scheme the request came by, so those are part of the key too.
	return r.URL.Path + "?" + r.URL.RawQuery + "|" + lang + "|" + al + "|" + who + "|" + r.Host + "|" + r.Header.Get("X-Forwarded-Proto")
}

func (c *responseCache) current(ctx context.Context) (cacheVersion, error) {
	v, err := c.store.DataVersion(ctx)
	if err != nil {
		return cacheVersion{}, err
	}
	return cacheVersion{data: v, day: samverkan.Today().String()}, nil
}

func (c *responseCache) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := cacheKey(r, c.withAuth)
		if key == "" {
			next.ServeHTTP(w, r)
			return
		}
		v, err := c.current(r.Context())
		if err != nil {
			// The handler will meet the same database and report it properly.
			next.ServeHTTP(w, r)
			return
		}
		c.mu.RLock()
		e, ok := c.entries[key]
		fresh := c.version == v
		c.mu.RUnlock()
		if ok && fresh {
			h := w.Header()
			for k, vs := range e.header {
				h[k] = vs
			}
			h["X-Cache"] = hitHeader
			// A known length lets net/http send the body in one write
			// instead of chunks.
			h["Content-Length"] = e.length
			w.WriteHeader(e.status)
			w.Write(e.body)
			return
		}
		rec := &recorder{ResponseWriter: w, status: 0}
		next.ServeHTTP(rec, r)
		if rec.status != http.StatusOK || rec.skip || rec.body.Len() > c.maxBody {
			return
		}
		hdr := w.Header().Clone()
		if hdr.Get("Set-Cookie") != "" || hdr.Get("Cache-Control") == "no-store" {
			return
		}
		// A response chosen by the Accept header (the DCAT catalogue in
		// Turtle or JSON-LD) varies on what the key does not hold.
		for _, v := range hdr.Values("Vary") {
			for _, f := range strings.Split(v, ",") {
				if strings.EqualFold(strings.TrimSpace(f), "Accept") {
					return
				}
			}
		}
		hdr.Del("X-Request-Id")
		hdr.Del("Content-Length")
		c.store1(key, v, &cachedResponse{status: rec.status, header: hdr, body: bytes.Clone(rec.body.Bytes()),
			length: []string{strconv.Itoa(rec.body.Len())}})
	})
}

// store1 saves one response, dropping everything built from older data.
func (c *responseCache) store1(key string, v cacheVersion, e *cachedResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v {
		if v.data < c.version.data && v.day == c.version.day {
			return // a slower request built this from older data
		}
		c.version = v
		clear(c.entries)
	}
	if len(c.entries) >= c.maxEntries {
		clear(c.entries) // crude but bounded; pages are cheap to rebuild
	}
	c.entries[key] = e
}

// recorder passes the response through and keeps a copy of the body.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	skip   bool
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.skip {
		if r.body.Len()+len(b) > 1<<20 {
			r.skip = true
			r.body.Reset()
		} else {
			r.body.Write(b)
		}
	}
	return r.ResponseWriter.Write(b)
}

// Flush lets streaming handlers flush; a flushed response is not cached.
func (r *recorder) Flush() {
	r.skip = true
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
