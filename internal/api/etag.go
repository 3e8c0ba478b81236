package api

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// versionETag is the strong ETag of a record at version v.
func versionETag(v int) string { return `"` + strconv.Itoa(v) + `"` }

// listETag derives an ETag for a list from the store's data version and the
// request: any committed write changes it.
func (s *Server) listETag(r *http.Request) (string, error) {
	dv, err := s.store.DataVersion(r.Context())
	if err != nil {
		return "", err
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s\x00%s", dv, r.URL.Path, r.URL.Query().Encode())
	return fmt.Sprintf(`"l%d-%x"`, dv, h.Sum64()), nil
}

// listNotModified is the start of every list's GET: it sets the list's
// ETag (listETag, with extra appended for a list that also changes with
// something besides the data, such as the date) and answers 304 when the
// client has it, or the error of reading the data version. It reports
// whether the request is answered.
func (s *Server) listNotModified(w http.ResponseWriter, r *http.Request, extra ...string) bool {
	etag, err := s.listETag(r)
	if err != nil {
		s.Error(w, r, err)
		return true
	}
	for _, x := range extra {
		etag = strings.TrimSuffix(etag, `"`) + "-" + x + `"`
	}
	return notModified(w, r, etag)
}

// notModified sets the ETag and reports whether If-None-Match already has
// it, in which case it has written 304 and the caller is done.
func notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	inm := r.Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/") // weak comparison
		if t == "*" || t == etag {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

// writeVersion returns the version a write is based on: If-Match, else the
// version in the body (0 when absent). Neither is EPRECONDITION (428).
func writeVersion(r *http.Request, body int) (int, error) {
	im := strings.TrimSpace(r.Header.Get("If-Match"))
	if im == "" {
		if body > 0 {
			return body, nil
		}
		return 0, &httpError{code: samverkan.EPRECONDITION}
	}
	if strings.Contains(im, ",") {
		return 0, badParam("If-Match", "multiple_etags")
	}
	if im == "*" {
		// "Any version" would be a blind overwrite, which the API never does.
		return 0, &httpError{code: samverkan.EPRECONDITION}
	}
	v, err := strconv.Atoi(strings.Trim(im, `"`))
	if err != nil || v < 1 || !strings.HasPrefix(im, `"`) || !strings.HasSuffix(im, `"`) || len(im) < 3 {
		return 0, badParam("If-Match", "invalid_etag", im)
	}
	return v, nil
}

// deleteVersion is writeVersion for DELETE, which has no body but may give
// ?version=.
func deleteVersion(r *http.Request) (int, error) {
	q := r.URL.Query().Get("version")
	if q == "" || r.Header.Get("If-Match") != "" {
		return writeVersion(r, 0)
	}
	v, err := strconv.Atoi(q)
	if err != nil || v < 1 {
		return 0, badParam("version", "invalid_integer", q)
	}
	return v, nil
}
