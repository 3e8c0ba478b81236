package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

var (
	countyRE = regexp.MustCompile(`^[0-9]{2}$`)
	codeRE   = regexp.MustCompile(`^[0-9]{4}$`)
)

func (s *Server) handleMunicipalityList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	county := q.Get("county")
	if county != "" && !s.hasCounty(county) {
		s.Error(w, r, badParam("county", "unknown_county", county))
		return
	}
	name := samverkan.Fold(samverkan.NormalizeName(q.Get("q")))
	var out []samverkan.Municipality
	for _, m := range s.cat.Municipalities() {
		if county != "" && m.CountyCode != county {
			continue
		}
		if name != "" && !strings.Contains(samverkan.Fold(samverkan.NormalizeName(m.Name)), name) {
			continue
		}
		out = append(out, m)
	}
	s.respondStatic(w, r, newList(out, len(out), nil))
}

func (s *Server) hasCounty(code string) bool {
	if !countyRE.MatchString(code) {
		return false
	}
	for _, c := range s.cat.Counties() {
		if c[0] == code {
			return true
		}
	}
	return false
}

func (s *Server) handleMunicipalityGet(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipality(r)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Kommunen finns inte."))
		return
	}
	s.respondStatic(w, r, m)
}

func (s *Server) municipality(r *http.Request) (samverkan.Municipality, bool) {
	code := r.PathValue("code")
	if !codeRE.MatchString(code) {
		return samverkan.Municipality{}, false
	}
	return s.cat.Municipality(code)
}

func (s *Server) handleMunicipalityCollaborations(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipality(r)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Kommunen finns inte."))
		return
	}
	s.listCollaborations(w, r, func(f *samverkan.CollaborationFilter) { f.Municipality = m.Code })
}

// AreaNode is an area with the areas below it.
type AreaNode struct {
	samverkan.Area
	Children []AreaNode `json:"children"`
}

func (s *Server) handleAreaList(w http.ResponseWriter, r *http.Request) {
	var build func(parent string) []AreaNode
	build = func(parent string) []AreaNode {
		out := []AreaNode{}
		for _, a := range s.cat.Areas() {
			if a.Parent == parent {
				out = append(out, AreaNode{Area: a, Children: build(a.Code)})
			}
		}
		return out
	}
	roots := build("")
	s.respondStatic(w, r, newList(roots, len(roots), nil))
}

// LegalFormView is a legal form as the API shows it.
type LegalFormView struct {
	samverkan.Term
	Basis       string `json:"basis"`
	LegalPerson bool   `json:"legal_person"`
	PublicLaw   bool   `json:"public_law"`
}

func (s *Server) handleLegalFormList(w http.ResponseWriter, r *http.Request) {
	out := make([]LegalFormView, len(samverkan.LegalForms))
	for i, f := range samverkan.LegalForms {
		out[i] = LegalFormView{f.Term, f.Basis, f.LegalPerson, f.PublicLaw}
	}
	s.respondStatic(w, r, newList(out, len(out), nil))
}

// StatusView is a lifecycle status as the API shows it.
type StatusView struct {
	samverkan.Term
	Phase string `json:"phase"`
}

func (s *Server) handleStatusList(w http.ResponseWriter, r *http.Request) {
	out := make([]StatusView, len(samverkan.Statuses))
	for i, st := range samverkan.Statuses {
		out[i] = StatusView{st.Term, st.Phase}
	}
	s.respondStatic(w, r, newList(out, len(out), nil))
}

// respondStatic sends reference data, which changes only with a release,
// under an ETag hashed from the body itself.
func (s *Server) respondStatic(w http.ResponseWriter, r *http.Request, v any) {
	b, err := encodeStatic(v)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	serveStatic(w, r, b)
}

// staticJSON is a fixed document as the API sends it, with its ETag.
type staticJSON struct {
	body []byte
	etag string
}

// encodeStatic writes v as writeJSON does (no HTML escaping); the ETag is
// hashed from the default encoding, as it always was, so clients' tags
// stay valid.
func encodeStatic(v any) (staticJSON, error) {
	var tagged, body bytes.Buffer
	if err := json.NewEncoder(&tagged).Encode(v); err != nil {
		return staticJSON{}, err
	}
	h := fnv.New64a()
	h.Write(tagged.Bytes())
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return staticJSON{}, err
	}
	return staticJSON{body: body.Bytes(), etag: fmt.Sprintf(`"r-%x"`, h.Sum64())}, nil
}

// serveStatic answers with b, or 304 when the client holds it.
func serveStatic(w http.ResponseWriter, r *http.Request, b staticJSON) {
	if notModified(w, r, b.etag) {
		return
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.Header().Set("Content-Length", strconv.Itoa(len(b.body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.body)
}
