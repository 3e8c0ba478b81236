// Package web is the server-rendered user interface: HTML pages in Swedish
// (English on request) over the samverkan.Store. Templates and the
// stylesheet are embedded and parsed once at start.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

//go:embed templates/*.html
var templateFS embed.FS

// Options configure the web handler.
type Options struct {
	Store   samverkan.Store
	Catalog *samverkan.Catalog
	Logger  *slog.Logger
	// Auth logs users in and out; the principal itself comes from its
	// Middleware, which internal/server wires in front of this handler.
	Auth *auth.Service
	// Jobs, when set, runs large imports in the background (reminder.go).
	Jobs JobQueue
	// PublicURL is the site's public address (SAMVERKAN_PUBLIC_URL, such
	// as https://samverkan.kommun.se): the open data's links are written
	// under it. Empty: under the address each request arrives at.
	PublicURL string
	// Background, when set, lives as long as the instance serves: the
	// open data are republished in it as soon as the data change (a
	// watcher polls the data version). Without it they are republished
	// when a request notices the change (opendata_publish.go).
	Background context.Context
}

// server holds what the handlers share. It has no per-request state.
type server struct {
	store  samverkan.Store
	auth   *auth.Service
	cat    *samverkan.Catalog
	log    *slog.Logger
	pages  map[string]map[string]*template.Template // lang → page → template
	static *staticFiles
	munis  []muniOption // datalist options, sorted by name
	// areaOpts are the area filter's options per language.
	areaOpts   map[string][]areaOption
	facetCache facetCache
	// suggested remembers the area suggested for a text to review.
	suggestMu sync.Mutex
	suggested map[string]string
	jobs      JobQueue
	// importTemplate is /import/mall.xlsx, written at start.
	importTemplate []byte
	// pub publishes the open data (opendata_publish.go).
	pub *publisher
}

// New returns the web UI handler. It parses every template up front and
// fails if one does not parse.
func New(opts Options) (http.Handler, error) {
	if opts.Store == nil || opts.Catalog == nil {
		return nil, errors.New("web: Store and Catalog are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	st, err := newStatic()
	if err != nil {
		return nil, err
	}
	s := &server{store: opts.Store, auth: opts.Auth, cat: opts.Catalog, log: opts.Logger, static: st, jobs: opts.Jobs}
	s.munis = muniOptions(opts.Catalog)
	s.areaOpts = map[string][]areaOption{}
	for _, l := range languages {
		s.areaOpts[l] = s.areaOptions(l)
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	if s.importTemplate, err = buildImportTemplate(opts.Catalog); err != nil {
		return nil, err
	}
	if s.pub, err = newPublisher(s, opts.PublicURL, opts.Background); err != nil {
		return nil, err
	}
	return s.routes(), nil
}

// pageNames lists the page templates (one file each under templates/);
// layout.html and partials*.html (one per topic) are shared by all of them.
func pageNames() ([]string, error) {
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if n == "layout.html" || strings.HasPrefix(n, "partials") {
			continue
		}
		out = append(out, strings.TrimSuffix(n, ".html"))
	}
	return out, nil
}

// parseTemplates parses each page once per language, with that language's
// functions bound, so templates call {{t "key"}} without passing the language.
func (s *server) parseTemplates() (map[string]map[string]*template.Template, error) {
	names, err := pageNames()
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range languages {
		base, err := template.New("").Funcs(s.funcs(lang)).ParseFS(templateFS, "templates/layout.html", "templates/partials*.html")
		if err != nil {
			return nil, fmt.Errorf("web: parse layout: %w", err)
		}
		out[lang] = map[string]*template.Template{}
		for _, n := range names {
			t, err := template.Must(base.Clone()).ParseFS(templateFS, path.Join("templates", n+".html"))
			if err != nil {
				return nil, fmt.Errorf("web: parse %s: %w", n, err)
			}
			out[lang][n] = t
		}
	}
	return out, nil
}

// page is what every template receives. Data holds the page's own values.
type page struct {
	Lang  string
	Title string
	// Description is the page's meta description (public pages); the
	// layout says what Samverkan is when it is empty.
	Description string
	Path        string // the request URI, for the language switch
	Nav         string // which main navigation item is current
	Flash       string
	CSS         string
	// Refresh reloads the page every so many seconds when JavaScript is
	// off (a meta refresh in <noscript>); Script is the one script a page
	// may have, which does the same live when JavaScript is on.
	Refresh int
	Script  string
	Data    any
	ErrorID string // focus target of an error summary
	// Principal is who is logged in (anonymous when nobody), for the
	// header and for hiding actions the user may not use.
	Principal *samverkan.Principal
}

// renderHook lets tests see which templates ran.
var renderHook func(name string)

// render executes page name into a buffer and writes it only when the whole
// page succeeded, so a failing template never leaves half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	lang := langOf(r)
	p.Lang = lang
	p.Path = r.URL.RequestURI()
	p.CSS = s.static.cssURL
	p.Principal = principal(r)
	t, ok := s.pages[lang][name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("web: no template %q", name))
		return
	}
	buf := pageBufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer putPageBuf(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		s.serverError(w, r, fmt.Errorf("web: render %s: %w", name, err))
		return
	}
	if renderHook != nil {
		renderHook(name)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Set("X-Content-Type-Options", "nosniff")
	if h.Get("Cache-Control") != "no-store" { // pages showing a secret once say no-store
		h.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// Error is the one error renderer of the web surface: not found gives the
// 404 page, bad input a 400 page, anything else is logged once and shown as
// a calm message.
func (s *server) error(w http.ResponseWriter, r *http.Request, err error) {
	switch samverkan.ErrorCode(err) {
	case samverkan.ENOTFOUND:
		s.notFound(w, r)
	case samverkan.EINVALID:
		s.renderError(w, r, http.StatusBadRequest, "error.bad_request")
	default:
		s.serverError(w, r, err)
	}
}

func (s *server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "web request failed",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	s.renderError(w, r, http.StatusInternalServerError, "error.internal")
}

// pageBufs holds the buffers pages render into before they are written.
// A page of a national network is 50–100 kB; grown anew by doubling for
// every request the buffer was an eighth of the annual report's
// allocations (issue 12), and allocation is what the collector's work
// follows.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuf returns buf to the pool unless an unusually large page grew
// it: keeping that would hold its memory for every later small page.
func putPageBuf(buf *bytes.Buffer) {
	if buf.Cap() <= 1<<20 {
		pageBufs.Put(buf)
	}
}

// renderError renders the generic error page; when even that fails, a
// plain-text line is the last resort.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int, key string) {
	lang := langOf(r)
	p := page{Lang: lang, Title: tr(lang, "error.title"), Path: r.URL.RequestURI(), CSS: s.static.cssURL,
		Data: errorPage{Status: status, Message: tr(lang, key)}, Principal: principal(r)}
	var buf bytes.Buffer
	t := s.pages[lang]["error"]
	if t == nil || t.ExecuteTemplate(&buf, "layout", p) != nil {
		http.Error(w, tr(lang, key), status)
		return
	}
	if renderHook != nil {
		renderHook("error")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorPage struct {
	Status  int
	Message string
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", page{Title: tr(langOf(r), "notfound.title")})
}
