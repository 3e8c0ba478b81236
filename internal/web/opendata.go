package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/opendata/dcat"
)

// Open data, /oppna-data (issue 17): the public records as JSON and CSV,
// their schemas, and the DCAT-AP-SE catalogue that describes them for
// Sveriges dataportal. internal/opendata decides what is public and writes
// the files; opendata_publish.go publishes them in the background; this
// file serves them from the newest publication with ETag and Last-Modified
// (so harvesters poll cheaply) and gzipped to clients that take it, and
// lets an administrator set the licence, publisher and contact point. The
// routes are in routes.go.

// openDataMaxAge is how long a harvester or proxy may reuse a file before
// asking again (with If-None-Match).
const openDataMaxAge = "public, max-age=300"

// openDataStore is what the open data needs beside samverkan.Store: the
// settings and the harvests. internal/sqldb implements it.
type openDataStore interface {
	OpenDataSettings(ctx context.Context) (*opendata.Settings, error)
	SaveOpenDataSettings(ctx context.Context, s *opendata.Settings) error
	opendata.HarvestStore
}

func (s *server) openData() (openDataStore, bool) {
	st, ok := s.store.(openDataStore)
	return st, ok
}

// settings returns the open-data settings, the defaults when the store
// keeps none.
func (s *server) settings(ctx context.Context) (opendata.Settings, error) {
	st, ok := s.openData()
	if !ok {
		return opendata.Settings{}, nil
	}
	set, err := st.OpenDataSettings(ctx)
	if err != nil {
		return opendata.Settings{}, err
	}
	return *set, nil
}

// baseURL is the instance's public address as the request reached it.
// Behind a proxy that ends TLS, X-Forwarded-Proto says https.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// serveConditional writes body with its validators, or 304 when the
// request already holds it: If-None-Match wins over If-Modified-Since
// (RFC 9110 §13.2.2).
func serveConditional(w http.ResponseWriter, r *http.Request, body []byte, contentType, etag string, modified time.Time) {
	h := w.Header()
	h.Set("ETag", etag)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	h.Set("Cache-Control", openDataMaxAge)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Access-Control-Allow-Origin", "*") // open data: any site may read it
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
	} else if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !modified.Truncate(time.Second).After(t) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Type", contentType)
	// A known length lets net/http send the body in one piece.
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Write(body)
}

// acceptsGzip reports whether the request's Accept-Encoding takes gzip
// (or x-gzip, or *) with a weight above zero (RFC 9110 §12.5.3).
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != "gzip" && name != "x-gzip" && name != "*" {
				continue
			}
			q := 1.0
			for _, param := range strings.Split(params, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						q = f
					}
				}
			}
			if q > 0 {
				return true
			}
		}
	}
	return false
}

// servePublished serves a file of a publication: gzipped when the client
// takes gzip, with that representation's own ETag. vary names what else
// chose the file (the catalogue's Accept), or "".
func servePublished(w http.ResponseWriter, r *http.Request, f *publishedFile, vary string) {
	h := w.Header()
	if vary != "" {
		vary += ", "
	}
	h.Set("Vary", vary+"Accept-Encoding")
	body, etag := f.body, f.etag
	if acceptsGzip(r) {
		body, etag = f.gz, f.gzETag
		h.Set("Content-Encoding", "gzip")
	}
	serveConditional(w, r, body, f.contentType, etag, f.modified)
}

// publication is the newest open-data publication for r's address.
func (s *server) publication(r *http.Request) (*publication, error) {
	return s.pub.get(r.Context(), s.pub.baseOf(r))
}

// handleOpenDataFile serves /oppna-data/{file}: samverkan.json, a table's
// CSV, schema.json and datapackage.json, from the newest publication.
func (s *server) handleOpenDataFile(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	if file == "schema.json" {
		s.handleOpenDataSchema(w, r)
		return
	}
	if name, ok := strings.CutSuffix(file, ".csv"); ok {
		if _, known := opendata.TableByName(name); !known {
			s.notFound(w, r)
			return
		}
	} else if file != "samverkan.json" && file != "datapackage.json" {
		s.notFound(w, r)
		return
	}
	pub, err := s.publication(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := pub.files[file]
	if f == nil {
		s.error(w, r, fmt.Errorf("open data: %s not in the publication", file))
		return
	}
	servePublished(w, r, f, "")
}

// handleOpenDataSchema serves the JSON Schema of samverkan.json, with its
// own address as $id.
func (s *server) handleOpenDataSchema(w http.ResponseWriter, r *http.Request) {
	body := opendata.JSONSchema(s.pub.baseOf(r) + "/oppna-data/schema.json")
	serveConditional(w, r, body, opendata.MediaJSONSchema+"; charset=utf-8", opendata.ETag(body), time.Time{})
}

// handleCatalogue serves /oppna-data/katalog as Turtle or JSON-LD, by
// ?format=ttl|jsonld or else by the Accept header.
func (s *server) handleCatalogue(w http.ResponseWriter, r *http.Request) {
	var media string
	switch strings.ToLower(r.URL.Query().Get("format")) {
	case "":
		media = dcat.Negotiate(r.Header.Get("Accept"))
	case "ttl", "turtle":
		media = dcat.MediaTurtle
	case "jsonld", "json-ld", "json":
		media = dcat.MediaJSONLD
	default:
		s.renderError(w, r, http.StatusBadRequest, "opendata.err.format")
		return
	}
	pub, err := s.publication(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Published only with a contact point; the catalogue follows the
	// settings of the publication it describes.
	f := pub.files[catalogueFile(media)]
	if f == nil {
		s.renderError(w, r, http.StatusServiceUnavailable, "opendata.err.no_contact")
		return
	}
	servePublished(w, r, f, "Accept")
}

// openDataPage is the landing page /oppna-data.
type openDataPage struct {
	Publisher      string
	Licence        string
	LicenceLabel   string
	Generated      time.Time
	Networks       int
	Collaborations int
	Catalogue      bool // the contact point is set, so the catalogue is published
	Files          []openDataFile
	Tables         []openDataTable
	Admin          bool
}

type openDataFile struct {
	URL, Label, Format string
}

type openDataTable struct {
	Name, File, About string
	Fields            []openDataField
}

type openDataField struct {
	Name, Type string
	About      template.HTML
	Required   bool
}

// snakeRE finds field names (snake_case) in a field's description.
var snakeRE = regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b`)

// codeMarked escapes s and marks the field names it mentions as code.
func codeMarked(s string) template.HTML {
	return template.HTML(snakeRE.ReplaceAllString(template.HTMLEscapeString(s), "<code>$0</code>"))
}

func (s *server) handleOpenData(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	pub, err := s.publication(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := &openDataPage{Publisher: pub.publisher, Licence: pub.licence, Generated: pub.generated,
		Networks: pub.networks, Collaborations: pub.collaborations,
		Catalogue: pub.files[catalogueFile(dcat.MediaTurtle)] != nil, Admin: principal(r).IsAdmin()}
	d.LicenceLabel = pub.licence
	if l, ok := opendata.LicenceByURI(pub.licence); ok {
		d.LicenceLabel = l.SV
		if lang == "en" {
			d.LicenceLabel = l.EN
		}
	}
	d.Files = append(d.Files, openDataFile{"/oppna-data/samverkan.json", tr(lang, "opendata.file.json"), "JSON"})
	for _, t := range opendata.Tables {
		about := t.SV
		if lang == "en" {
			about = t.EN
		}
		d.Files = append(d.Files, openDataFile{"/oppna-data/" + t.CSVName(), about, "CSV"})
		tv := openDataTable{Name: t.Name, File: t.CSVName(), About: about}
		for _, f := range t.Fields {
			fa := f.SV
			if lang == "en" {
				fa = f.EN
			}
			tv.Fields = append(tv.Fields, openDataField{Name: f.Name, Type: string(f.Type), About: codeMarked(fa), Required: f.Required})
		}
		d.Tables = append(d.Tables, tv)
	}
	d.Files = append(d.Files,
		openDataFile{"/oppna-data/schema", tr(lang, "opendata.file.schema"), "JSON Schema"},
		openDataFile{"/oppna-data/datapackage.json", tr(lang, "opendata.file.datapackage"), "Frictionless Data Package"})
	if d.Catalogue {
		d.Files = append(d.Files,
			openDataFile{"/oppna-data/katalog?format=ttl", tr(lang, "opendata.file.catalogue"), "Turtle"},
			openDataFile{"/oppna-data/katalog?format=jsonld", tr(lang, "opendata.file.catalogue"), "JSON-LD"})
	}
	s.render(w, r, http.StatusOK, "opendata", page{Title: tr(lang, "opendata.title"), Nav: "opendata",
		Description: tr(lang, "opendata.meta"), Data: d})
}

// openDataSettingsPage is the administrator's form.
type openDataSettingsPage struct {
	Settings opendata.Settings
	Licences []option
	Errors   formErrors
	Stale    bool
	Saved    bool
}

func (s *server) renderOpenDataSettings(w http.ResponseWriter, r *http.Request, status int, d *openDataSettingsPage) {
	lang := langOf(r)
	cur := d.Settings.LicenceOrDefault()
	d.Licences = nil
	for _, l := range opendata.Licences {
		label := l.SV
		if lang == "en" {
			label = l.EN
		}
		d.Licences = append(d.Licences, option{Value: l.URI, Label: label, Selected: l.URI == cur})
	}
	title := tr(lang, "opendata.settings.title")
	if d.Errors.Any() || d.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "opendata_settings", page{Title: title, Nav: "opendata", Data: d})
}

func (s *server) handleOpenDataSettings(w http.ResponseWriter, r *http.Request) {
	set, err := s.settings(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderOpenDataSettings(w, r, http.StatusOK, &openDataSettingsPage{Settings: set, Saved: r.URL.Query().Get("klart") == "1"})
}

func (s *server) handleOpenDataSettingsSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	st, ok := s.openData()
	if !ok {
		s.notFound(w, r)
		return
	}
	lang := langOf(r)
	f := r.PostForm
	set := opendata.Settings{Licence: strings.TrimSpace(f.Get("licence")), PublisherName: strings.TrimSpace(f.Get("publisher_name")),
		PublisherURL: strings.TrimSpace(f.Get("publisher_url")), ContactName: strings.TrimSpace(f.Get("contact_name")),
		ContactEmail: strings.TrimSpace(f.Get("contact_email")), Version: -1}
	if v, err := strconv.Atoi(f.Get("version")); err == nil {
		set.Version = v
	}
	d := &openDataSettingsPage{Settings: set}
	if errs := set.Validate(); len(errs) > 0 {
		for _, fe := range errs {
			msg := fe.SV
			if lang == "en" {
				msg = fe.EN
			}
			d.Errors.add("od-"+fe.Field, tr(lang, "opendata.field."+fe.Field), msg)
		}
		s.renderOpenDataSettings(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	err := st.SaveOpenDataSettings(r.Context(), &set)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/oppna-data/installningar?klart=1", http.StatusSeeOther)
	case samverkan.ESTALE:
		d.Stale = true
		s.renderOpenDataSettings(w, r, http.StatusPreconditionFailed, d)
	case samverkan.EINVALID:
		d.Errors.orMessage(err)
		s.renderOpenDataSettings(w, r, http.StatusUnprocessableEntity, d)
	default:
		s.error(w, r, err)
	}
}
