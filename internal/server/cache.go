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
// again while the data they were built from is unchanged. A page that
// belongs to one collaboration, network or municipality (by its path,
// scopeOf) is valid while that scope's version and the store's "base"
// version are unchanged: a write to a collaboration bumps the scopes of
// the collaboration, its networks and its municipalities (before and
// after), and any other write bumps base (sqldb.ScopeVersion). Every other
// page (the overview, search, lists over everything) is valid while the
// store's data version, bumped by every write, is unchanged. Both are
// indexed reads of tables every instance writes in the write's own
// transaction, plus today's date, since which members count as current
// depends on it. So instances behind a load balancer never serve stale
// pages, no state has to be shared, and a write to one collaboration keeps
// the pages of other networks and municipalities.
type responseCache struct {
	store      samverkan.Store
	scopes     scopeVersioner // nil: every page depends on everything
	log        *slog.Logger
	withAuth   bool // the auth middleware runs before the cache
	maxEntries int
	maxBody    int

	mu      sync.RWMutex
	entries map[string]*cachedResponse
	// flights are the pages being built now, by key and version: a second
	// request for the same stale page waits for the first one's build
	// instead of building it again. After a write, the clients asking for
	// the pages it made stale would otherwise all build them at once, and
	// on a busy machine that pile-up was what made the latency explode.
	flights map[string]*flight
}

type flight struct {
	done chan struct{}
	e    *cachedResponse // nil: the response could not be cached
}

// scopeVersioner is a store that versions scopes (sqldb.DB).
type scopeVersioner interface {
	ScopeVersion(ctx context.Context, scope string) (base, version int64, err error)
}

// cacheVersion is what a response was built from: the data version (for a
// page of everything) or base and the scope's version, and the day.
type cacheVersion struct {
	a, b int64
	day  string
}

type cachedResponse struct {
	version cacheVersion
	status  int
	header  http.Header
	body    []byte
	length  []string // Content-Length
}

var hitHeader = []string{"hit"}

func newResponseCache(store samverkan.Store, log *slog.Logger) *responseCache {
	c := &responseCache{store: store, log: log, maxEntries: 4096, maxBody: 1 << 20,
		entries: map[string]*cachedResponse{}, flights: map[string]*flight{}}
	c.scopes, _ = store.(scopeVersioner)
	return c
}

// scopePrefixes map a path to the one record it shows: its first segment
// after the prefix names the collaboration, network or municipality.
var scopePrefixes = []struct{ prefix, scope string }{
	{"/samverkan/", "collaboration:"},
	{"/insyn/samverkan/", "collaboration:"},
	{"/api/v1/collaborations/", "collaboration:"},
	{"/natverk/", "network:"},
	{"/insyn/natverk/", "network:"},
	{"/api/v1/networks/", "network:"},
	{"/kommun/", "municipality:"},
	{"/api/v1/municipalities/", "municipality:"},
}

// scopeOf returns the scope a page depends on besides base, or "" when it
// may depend on anything. A collaboration's pages show it, its events,
// decisions, risks and the names of its networks; a network's pages list
// its collaborations; a municipality's pages list the collaborations it
// takes part in or hosts. What else they show (networks, risks, plans,
// users…) is written by writes that bump base.
func scopeOf(path string) string {
	for _, p := range scopePrefixes {
		if rest, ok := strings.CutPrefix(path, p.prefix); ok {
			id, _, _ := strings.Cut(rest, "/")
			if id == "" {
				return ""
			}
			return p.scope + id
		}
	}
	return ""
}

// cacheKey returns the key for r, or "" when r must not be served from the
// cache: only plain GETs whose answer depends on nothing but the URL, the
// language and who is asking. Who is asking is the principal that the
// auth middleware, running before the cache, put on the context: nobody,
// or a user by id (from the session cookie or a bearer token). A request
// is never answered with a page built for someone else; a change to a
// user's grants or tokens is a write, which bumps base. Any other
// cookie or a conditional request goes to the handler. Without the auth
// middleware (withAuth false) the session cookie and the Authorization
// header bypass the cache, as nothing on the context says whose they are.
func cacheKey(r *http.Request, withAuth bool) string {
	if r.Method != http.MethodGet || r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		return ""
	}
	// The open data (/oppna-data) are served from their own publication,
	// made in the background (web/opendata_publish.go): kept here under
	// the newest data version, the previous publication served meanwhile
	// would outlive the next one, and the files vary on Accept-Encoding.
	if r.URL.Path == "/oppna-data" || strings.HasPrefix(r.URL.Path, "/oppna-data/") {
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
	// Pages may write absolute addresses from the host and scheme the
	// request came by, so those are part of the key too.
	return r.URL.Path + "?" + r.URL.RawQuery + "|" + lang + "|" + al + "|" + who + "|" + r.Host + "|" + r.Header.Get("X-Forwarded-Proto")
}

// current returns the version a page of path is built from now.
func (c *responseCache) current(ctx context.Context, path string) (cacheVersion, error) {
	day := samverkan.Today().String()
	if scope := scopeOf(path); scope != "" && c.scopes != nil {
		base, v, err := c.scopes.ScopeVersion(ctx, scope)
		if err != nil {
			return cacheVersion{}, err
		}
		// -1 keeps a scoped version apart from a data version.
		return cacheVersion{a: -1 - base, b: v, day: day}, nil
	}
	v, err := c.store.DataVersion(ctx)
	if err != nil {
		return cacheVersion{}, err
	}
	return cacheVersion{a: v, day: day}, nil
}

func (c *responseCache) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := cacheKey(r, c.withAuth)
		if key == "" {
			next.ServeHTTP(w, r)
			return
		}
		v, err := c.current(r.Context(), r.URL.Path)
		if err != nil {
			// The handler will meet the same database and report it properly.
			next.ServeHTTP(w, r)
			return
		}
		c.mu.RLock()
		e, ok := c.entries[key]
		c.mu.RUnlock()
		if ok && e.version == v {
			serveEntry(w, e)
			return
		}
		fk := key + "|" + strconv.FormatInt(v.a, 10) + ":" + strconv.FormatInt(v.b, 10) + ":" + v.day
		c.mu.Lock()
		if f, ok := c.flights[fk]; ok {
			c.mu.Unlock()
			select {
			case <-f.done:
			case <-r.Context().Done():
				return
			}
			if f.e != nil {
				serveEntry(w, f.e)
				return
			}
			next.ServeHTTP(w, r) // the first one's answer was not for sharing
			return
		}
		f := &flight{done: make(chan struct{})}
		c.flights[fk] = f
		c.mu.Unlock()
		defer func() {
			c.mu.Lock()
			delete(c.flights, fk)
			c.mu.Unlock()
			close(f.done)
		}()
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
		f.e = &cachedResponse{version: v, status: rec.status, header: hdr, body: bytes.Clone(rec.body.Bytes()),
			length: []string{strconv.Itoa(rec.body.Len())}}
		c.store1(key, f.e)
	})
}

// serveEntry answers with a cached response.
func serveEntry(w http.ResponseWriter, e *cachedResponse) {
	h := w.Header()
	for k, vs := range e.header {
		h[k] = vs
	}
	h["X-Cache"] = hitHeader
	// A known length lets net/http send the body in one write instead of
	// chunks.
	h["Content-Length"] = e.length
	w.WriteHeader(e.status)
	w.Write(e.body)
}

// store1 saves one response with the version it was built from; a stale
// entry is replaced when its page is asked for again.
func (c *responseCache) store1(key string, e *cachedResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
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
