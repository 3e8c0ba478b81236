package api

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// List is the body of every list response. Next is the URL of the next page,
// or null on the last one.
type List[T any] struct {
	Items []T     `json:"items"`
	Total int     `json:"total"`
	Next  *string `json:"next"`
}

func newList[T any](items []T, total int, next *string) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Total: total, Next: next}
}

// Query parameters every endpoint accepts.
var commonParams = []string{"lang"}

// Filter parameters of the collaboration lists.
var filterParams = []string{"network", "municipality", "area", "legal_form", "status", "phase", "q", "sort", "limit", "offset"}

// repeatable are the parameters that may be given more than once.
var repeatable = map[string]bool{"area": true}

// checkParams rejects parameters the route does not know, and repeats of
// ones that take a single value.
func checkParams(q url.Values, allowed []string) error {
	var errs []samverkan.FieldError
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch {
		case !slices.Contains(allowed, k) && !slices.Contains(commonParams, k):
			errs = append(errs, samverkan.FieldError{Field: k, Code: "unknown_parameter"})
		case len(q[k]) > 1 && !repeatable[k]:
			errs = append(errs, samverkan.FieldError{Field: k, Code: "repeated_parameter"})
		}
	}
	if errs != nil {
		return &httpError{code: eBadRequest, fields: errs}
	}
	return nil
}

// checkText refuses text no parameter may hold, before the route's rule
// looks anything up: a path segment with a control character or invalid
// UTF-8 names nothing (404), a query parameter with one is a bad request
// (400). The rule is the domain's, the one for every one-line field.
func (s *Server) checkText(rt route, next http.Handler) http.Handler {
	names := pathNames(rt.pattern)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, n := range names {
			if !samverkan.LineOK(r.PathValue(n)) {
				s.Error(w, r, &httpError{code: samverkan.ENOTFOUND})
				return
			}
		}
		if err := checkQueryText(r.URL.Query()); err != nil {
			s.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkQueryText reports every query parameter (name or value) that is not
// one line of text.
func checkQueryText(q url.Values) error {
	var v samverkan.Validation
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v.Text(k, k, len(k), false)
		if v.Has(k) {
			continue
		}
		for _, val := range q[k] {
			if v.Text(k, val, len(val), false); v.Has(k) {
				break
			}
		}
	}
	if fields := samverkan.FieldErrors(v.Err()); fields != nil {
		return &httpError{code: eBadRequest, fields: fields}
	}
	return nil
}

// pathNames lists the wildcards of a ServeMux pattern ("{slug}", "{id}").
func pathNames(pattern string) []string {
	var out []string
	for rest := pattern; ; {
		_, after, ok := strings.Cut(rest, "{")
		if !ok {
			return out
		}
		name, tail, _ := strings.Cut(after, "}")
		if name = strings.TrimSuffix(name, "..."); name != "$" {
			out = append(out, name)
		}
		rest = tail
	}
}

// collaborationFilter reads the list filters, reporting every bad value.
func (s *Server) collaborationFilter(r *http.Request) (samverkan.CollaborationFilter, error) {
	q := r.URL.Query()
	var (
		f    samverkan.CollaborationFilter
		errs []samverkan.FieldError
	)
	bad := func(field, code string, params ...any) {
		errs = append(errs, samverkan.FieldError{Field: field, Code: code, Params: params})
	}
	if v := q.Get("network"); v != "" {
		if _, err := s.store.NetworkBySlug(r.Context(), v); samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			bad("network", "unknown_network", v)
		} else if err != nil {
			return f, err
		}
		f.Network = v
	}
	if v := q.Get("municipality"); v != "" {
		if m, ok := s.cat.LookupMunicipality(v); ok {
			f.Municipality = m.Code
		} else {
			bad("municipality", "unknown_municipality", v)
		}
	}
	for _, a := range q["area"] {
		if _, ok := s.cat.Area(a); !ok {
			bad("area", "unknown_area", a)
			continue
		}
		for _, c := range s.cat.AreaWithChildren(a) {
			if !slices.Contains(f.Areas, c) {
				f.Areas = append(f.Areas, c)
			}
		}
	}
	if v := q.Get("legal_form"); v != "" {
		if _, ok := samverkan.FindLegalForm(v); !ok {
			bad("legal_form", "unknown_legal_form", v)
		}
		f.LegalForm = v
	}
	if v := q.Get("status"); v != "" {
		if _, ok := samverkan.FindStatus(v); !ok {
			bad("status", "unknown_status", v)
		}
		f.Status = v
	}
	if v := q.Get("phase"); v != "" {
		if !samverkan.Phases.Has(v) {
			bad("phase", "unknown_phase", v)
		}
		f.Phase = v
	}
	f.Query = strings.TrimSpace(q.Get("q"))
	if len(f.Query) > samverkan.MaxShortText {
		bad("q", "too_long", samverkan.MaxShortText)
	}
	if v := q.Get("sort"); v != "" {
		if !slices.Contains(samverkan.SortFields, strings.TrimPrefix(v, "-")) {
			bad("sort", "unknown_sort", v)
		}
		f.Sort = v
	}
	f.Limit, f.Offset = pageParams(q, bad)
	if errs != nil {
		return f, &httpError{code: eBadRequest, fields: errs}
	}
	return f, nil
}

// pageParams reads ?limit= (DefaultLimit when absent) and ?offset= (0),
// telling bad about a value out of range: the one paging rule of the
// lists and the reports.
func pageParams(q url.Values, bad func(field, code string, params ...any)) (limit, offset int) {
	limit = samverkan.DefaultLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			bad("limit", "invalid_integer", v)
		case n < 1 || n > samverkan.MaxLimit:
			bad("limit", "out_of_range", 1, samverkan.MaxLimit)
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			bad("offset", "invalid_integer", v)
		case n < 0:
			bad("offset", "negative_offset")
		}
		offset = n
	}
	return limit, offset
}

// nextPage returns the URL of the page after the one shown, or nil.
func nextPage(r *http.Request, f samverkan.CollaborationFilter, shown, total int) *string {
	if shown == 0 || f.Offset+shown >= total {
		return nil
	}
	q := r.URL.Query()
	q.Set("offset", strconv.Itoa(f.Offset+shown))
	q.Set("limit", strconv.Itoa(f.Limit))
	u := r.URL.Path + "?" + q.Encode()
	return &u
}
