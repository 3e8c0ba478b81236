package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"strings"
)

//go:embed static/style.css static/job.js
var staticFS embed.FS

// staticFiles serves the stylesheet and the one script under
// content-hashed names, so they can be cached for a year and still change
// with every release.
type staticFiles struct {
	cssURL   string // the stylesheet's address, for every page
	jobJSURL string // the script that follows a job live (job.html)
	files    map[string]staticFile
}

type staticFile struct {
	body        []byte
	contentType string
	etag        string
}

func newStatic() (*staticFiles, error) {
	st := &staticFiles{files: map[string]staticFile{}}
	for _, f := range []struct {
		name, contentType string
		url               *string
	}{
		{"style.css", "text/css; charset=utf-8", &st.cssURL},
		{"job.js", "text/javascript; charset=utf-8", &st.jobJSURL},
	} {
		b, err := staticFS.ReadFile("static/" + f.name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])[:12]
		base, ext, _ := strings.Cut(f.name, ".")
		*f.url = "/static/" + base + "." + h + "." + ext
		st.files[*f.url] = staticFile{body: b, contentType: f.contentType, etag: `"` + h + `"`}
	}
	return st, nil
}

func (s *server) handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static.files[r.URL.Path]
	if !ok {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", f.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(f.body)
}
