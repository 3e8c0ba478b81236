package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/opendata/dcat"
)

// Open data, /oppna-data (issue 17): the public records as JSON and CSV,
// their schemas, and the DCAT-AP-SE catalogue that describes them for
// Sveriges dataportal. internal/opendata decides what is public and writes
// the files; this file loads the records, serves the files with ETag and
// Last-Modified so harvesters poll cheaply, and lets an administrator set
// the licence, publisher and contact point. The routes are in routes.go.

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

// datasetCache keeps the last dataset built, per data version, day and
// address: building it reads every public record.
type datasetCache struct {
	mu  sync.Mutex
	key string
	ds  *opendata.Dataset
	set opendata.Settings
	// rendered keeps each file once written (by file name), so a poll
	// with an unchanged ETag and a repeated download cost no rendering.
	rendered map[string]*opendata.Rendered
}

// datasetCaches holds one cache per handler (server), so two handlers
// over different stores never share a dataset.
var datasetCaches sync.Map // *server → *datasetCache

// dataset builds the public dataset from the store.
func (s *server) dataset(r *http.Request) (*opendata.Dataset, opendata.Settings, error) {
	ctx := r.Context()
	dv, err := s.store.DataVersion(ctx)
	if err != nil {
		return nil, opendata.Settings{}, err
	}
	base := baseURL(r)
	on := today()
	key := strings.Join([]string{strconv.FormatInt(dv, 10), on.String(), base}, "\x00")
	v, _ := datasetCaches.LoadOrStore(s, &datasetCache{})
	openDataCache := v.(*datasetCache)
	openDataCache.mu.Lock()
	if openDataCache.key == key && openDataCache.ds != nil {
		ds, set := openDataCache.ds, openDataCache.set
		openDataCache.mu.Unlock()
		return ds, set, nil
	}
	openDataCache.mu.Unlock()

	set, err := s.settings(ctx)
	if err != nil {
		return nil, set, err
	}
	nets, err := s.store.Networks(ctx)
	if err != nil {
		return nil, set, err
	}
	var collabs []*samverkan.Collaboration
	for {
		pg, total, err := s.store.FindCollaborations(ctx, samverkan.CollaborationFilter{PublicOnly: true,
			Limit: samverkan.MaxLimit, Offset: len(collabs)})
		if err != nil {
			return nil, set, err
		}
		collabs = append(collabs, pg...)
		if len(pg) == 0 || len(collabs) >= total {
			break
		}
	}
	public := map[int64]bool{}
	for _, c := range collabs {
		public[c.ID] = c.Public
	}
	items, err := s.store.FindDecisions(ctx, samverkan.DecisionFilter{})
	if err != nil {
		return nil, set, err
	}
	decisions := map[int64][]samverkan.Decision{}
	for _, it := range items {
		if public[it.CollaborationID] {
			decisions[it.CollaborationID] = append(decisions[it.CollaborationID], it.Decision)
		}
	}
	ds := opendata.Build(opendata.Records{Networks: nets, Collaborations: collabs, Decisions: decisions},
		opendata.Options{Publisher: opendata.Publisher{Name: set.PublisherName, URL: set.PublisherURL},
			Licence: set.LicenceOrDefault(), BaseURL: base, On: on, Catalog: s.cat})
	openDataCache.mu.Lock()
	openDataCache.key, openDataCache.ds, openDataCache.set = key, ds, set
	openDataCache.rendered = map[string]*opendata.Rendered{}
	openDataCache.mu.Unlock()
	return ds, set, nil
}

// renderedFile returns file (samverkan.json or a table's CSV) of ds,
// rendered once per dataset.
func (s *server) renderedFile(ds *opendata.Dataset, file string, render func() (*opendata.Rendered, error)) (*opendata.Rendered, error) {
	v, _ := datasetCaches.LoadOrStore(s, &datasetCache{})
	c := v.(*datasetCache)
	c.mu.Lock()
	if c.ds == ds {
		if r, ok := c.rendered[file]; ok {
			c.mu.Unlock()
			return r, nil
		}
	}
	c.mu.Unlock()
	r, err := render()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.ds == ds && c.rendered != nil {
		c.rendered[file] = r
	}
	c.mu.Unlock()
	return r, nil
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
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Write(body)
}

// handleOpenDataFile serves /oppna-data/{file}: samverkan.json, a table's
// CSV, schema.json and datapackage.json.
func (s *server) handleOpenDataFile(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	switch file {
	case "schema.json":
		s.handleOpenDataSchema(w, r)
		return
	case "datapackage.json":
		ds, _, err := s.dataset(r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		base := baseURL(r) + "/oppna-data"
		body := opendata.DataPackage(opendata.PackageOptions{Licence: ds.Licence, BaseURL: base})
		serveConditional(w, r, body, "application/json; charset=utf-8", opendata.ETag(body), opendata.LastModified(ds))
		return
	}
	ds, _, err := s.dataset(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var rend *opendata.Rendered
	if file == "samverkan.json" {
		rend, err = s.renderedFile(ds, file, func() (*opendata.Rendered, error) { return opendata.RenderJSON(ds) })
	} else if name, ok := strings.CutSuffix(file, ".csv"); ok {
		if _, known := opendata.TableByName(name); !known {
			s.notFound(w, r)
			return
		}
		rend, err = s.renderedFile(ds, file, func() (*opendata.Rendered, error) { return opendata.RenderCSV(ds, name) })
	} else {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	serveConditional(w, r, rend.Body, rend.ContentType, rend.ETag, rend.LastModified)
}

// handleOpenDataSchema serves the JSON Schema of samverkan.json, with its
// own address as $id.
func (s *server) handleOpenDataSchema(w http.ResponseWriter, r *http.Request) {
	body := opendata.JSONSchema(baseURL(r) + "/oppna-data/schema.json")
	serveConditional(w, r, body, opendata.MediaJSONSchema+"; charset=utf-8", opendata.ETag(body), time.Time{})
}

// errNoContact is why the catalogue is not published yet.
var errNoContact = errors.New("open data: no contact point set")

// catalogue renders the DCAT-AP-SE catalogue of the dataset in media,
// once per dataset like the files it describes (renderedFile): it follows
// from the dataset, its settings and the address, which the dataset's
// key already holds. Building the graph and writing it cost ~25 CPU-ms
// a request at 20 000 collaborations.
func (s *server) catalogue(r *http.Request, media string) (*opendata.Rendered, error) {
	ds, set, err := s.dataset(r)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(set.ContactName) == "" || strings.TrimSpace(set.ContactEmail) == "" {
		return nil, errNoContact
	}
	return s.renderedFile(ds, "katalog\x00"+media, func() (*opendata.Rendered, error) {
		g, err := dcat.Catalogue(ds, dcat.Config{BaseURL: baseURL(r), PublisherName: ds.Publisher.Name, PublisherURL: ds.Publisher.URL,
			ContactName: set.ContactName, ContactEmail: set.ContactEmail, Licence: ds.Licence}, s.cat)
		if err != nil {
			return nil, err
		}
		body, ct, err := dcat.Render(g, media)
		if err != nil {
			return nil, err
		}
		return &opendata.Rendered{Body: body, ContentType: ct, ETag: opendata.ETag(body)}, nil
	})
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
	rend, err := s.catalogue(r, media)
	if errors.Is(err, errNoContact) {
		s.renderError(w, r, http.StatusServiceUnavailable, "opendata.err.no_contact")
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Vary", "Accept")
	serveConditional(w, r, rend.Body, rend.ContentType, rend.ETag, time.Time{})
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
	ds, set, err := s.dataset(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := &openDataPage{Publisher: ds.Publisher.Name, Licence: ds.Licence, Generated: ds.Generated,
		Networks: len(ds.Networks), Collaborations: len(ds.Collaborations),
		Catalogue: set.ContactName != "" && set.ContactEmail != "", Admin: principal(r).IsAdmin()}
	d.LicenceLabel = ds.Licence
	if l, ok := opendata.LicenceByURI(ds.Licence); ok {
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
