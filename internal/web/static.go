package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
)

//go:embed static/style.css
var staticFS embed.FS

// staticFiles serves the stylesheet under a content-hashed name, so it can
// be cached for a year and still change with every release.
type staticFiles struct {
	css    []byte
	cssURL string
	etag   string
}

func newStatic() (*staticFiles, error) {
	css, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(css)
	h := hex.EncodeToString(sum[:])[:12]
	return &staticFiles{css: css, cssURL: "/static/style." + h + ".css", etag: `"` + h + `"`}, nil
}

func (s *server) handleStatic(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != s.static.cssURL {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", s.static.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Header.Get("If-None-Match") == s.static.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(s.static.css)
}
