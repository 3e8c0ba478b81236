package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/samverkan/samverkan"
)

// The public transparency view, /insyn: public networks, their public
// collaborations, participants, legal forms, documents, decisions and
// costs, as HTML and as JSON. It never shows contact persons (only contact
// functions), records that are not public, or the audit log. Every answer
// is a pure function of the URL, the language and the data, so it carries
// an ETag from the store's data version and may be cached for a minute.
// The routes are in routes.go.

// insynMaxAge is how long browsers and proxies may reuse an answer.
const insynMaxAge = "public, max-age=60"

// insynRequest is what one /insyn request asks for.
type insynRequest struct {
	lang string
	json bool
	tag  string // ETag
}

// insynStart reads the format (".json" suffix or ?format=json), sets the
// caching headers and answers 304 when If-None-Match already holds the
// current ETag, in which case ok is false and the caller is done. name is
// the path value without its ".json" suffix.
func (s *server) insynStart(w http.ResponseWriter, r *http.Request, name string) (req insynRequest, rest string, ok bool) {
	req.lang = langOf(r)
	rest = name
	if trimmed, found := strings.CutSuffix(name, ".json"); found {
		rest, req.json = trimmed, true
	}
	if strings.HasSuffix(r.URL.Path, ".json") || r.URL.Query().Get("format") == "json" {
		req.json = true
	}
	dv, err := s.store.DataVersion(r.Context())
	if err != nil {
		s.error(w, r, err)
		return req, rest, false
	}
	h := fnv.New64a()
	// The query is part of the page (the network page's ?page=).
	fmt.Fprintf(h, "%s\x00%s\x00%v", r.URL.Path, r.URL.RawQuery, req.json)
	req.tag = fmt.Sprintf(`"i%d-%s-%s-%x"`, dv, today(), req.lang, h.Sum64())
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == req.tag || t == "*" {
				s.insynHeaders(w, req)
				w.WriteHeader(http.StatusNotModified)
				return req, rest, false
			}
		}
	}
	return req, rest, true
}

func (s *server) insynHeaders(w http.ResponseWriter, req insynRequest) {
	h := w.Header()
	h.Set("ETag", req.tag)
	h.Set("Cache-Control", insynMaxAge)
	h.Set("Vary", "Cookie")
	h.Set("X-Content-Type-Options", "nosniff")
}

// insynNotFound answers 404 for something that is not public (or does not
// exist: the two are never told apart).
func (s *server) insynNotFound(w http.ResponseWriter, r *http.Request, req insynRequest) {
	if req.json {
		w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]any{"type": "/problems/not-found", "title": tr(req.lang, "notfound.title"),
			"status": http.StatusNotFound, "detail": tr(req.lang, "insyn.notfound")})
		return
	}
	s.notFound(w, r)
}

// insynSend writes the page or its JSON with the caching headers.
func (s *server) insynSend(w http.ResponseWriter, r *http.Request, req insynRequest, name, title string, data any) {
	var buf bytes.Buffer
	ctype := "application/json; charset=utf-8"
	if req.json {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", " ")
		if err := enc.Encode(data); err != nil {
			s.serverError(w, r, err)
			return
		}
	} else {
		t, err := s.insynTemplate(req.lang, name)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		p := page{Lang: req.lang, Title: title, Path: r.URL.RequestURI(), CSS: s.static.cssURL, Data: data}
		if err := t.ExecuteTemplate(&buf, "insyn_layout", p); err != nil {
			s.serverError(w, r, fmt.Errorf("web: render %s: %w", name, err))
			return
		}
		if renderHook != nil {
			renderHook(name)
			renderHook("insyn_layout")
		}
		ctype = "text/html; charset=utf-8"
	}
	s.insynHeaders(w, req)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Language", req.lang)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

// insynTemplates holds, per server, language and page, the page parsed
// with the insyn layout and the shared partials.
var insynTemplates sync.Map // insynKey → *template.Template

type insynKey struct {
	s          *server
	lang, name string
}

func (s *server) insynTemplate(lang, name string) (*template.Template, error) {
	key := insynKey{s, lang, name}
	if t, ok := insynTemplates.Load(key); ok {
		return t.(*template.Template), nil
	}
	t, err := template.New("").Funcs(s.funcs(lang)).ParseFS(templateFS,
		"templates/partials.html", "templates/insyn_layout.html", "templates/"+name+".html")
	if err != nil {
		return nil, fmt.Errorf("web: parse %s: %w", name, err)
	}
	insynTemplates.Store(key, t)
	return t, nil
}

// percent writes a share as "24,3 %" (Swedish) or "24.3 %".
func percent(f float64, lang string) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " %"
}

// handleInsynHome lists the public networks with key figures.
func (s *server) handleInsynHome(w http.ResponseWriter, r *http.Request) {
	req, _, ok := s.insynStart(w, r, "")
	if !ok {
		return
	}
	home, err := s.insynHome(r, req.lang)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.insynSend(w, r, req, "insyn", tr(req.lang, "insyn.home.title"), home)
}

func (s *server) handleInsynNetwork(w http.ResponseWriter, r *http.Request) {
	req, slug, ok := s.insynStart(w, r, r.PathValue("slug"))
	if !ok {
		return
	}
	n, err := s.store.NetworkBySlug(r.Context(), slug)
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND || err == nil && !n.Public {
		s.insynNotFound(w, r, req)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur := 0 // the JSON: every public collaboration
	if !req.json {
		cur = pageParam(r.URL.Query())
	}
	v, err := s.insynNetwork(r, n, req.lang, cur)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !req.json {
		v.RowsHTML = insynCollabRows(req.lang, v.Collaborations)
	}
	s.insynSend(w, r, req, "insyn_network", tr(req.lang, "insyn.network.title", n.Name), v)
}

func (s *server) handleInsynCollaboration(w http.ResponseWriter, r *http.Request) {
	req, idText, ok := s.insynStart(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id < 1 {
		s.insynNotFound(w, r, req)
		return
	}
	c, err := s.store.CollaborationByID(r.Context(), id)
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND || err == nil && !c.Public {
		s.insynNotFound(w, r, req)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	pub, err := s.publicNetworks(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	money, err := s.insynMoneyFor(r, []*samverkan.Collaboration{c})
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := s.insynCollab(c, money, req.lang, pub)
	ds, err := s.store.Decisions(r.Context(), c.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.Decisions = s.insynDecisions(ds, req.lang)
	v.Documents = s.insynDocuments(c.Documents, req.lang)
	s.insynSend(w, r, req, "insyn_collaboration", c.Title, v)
}
