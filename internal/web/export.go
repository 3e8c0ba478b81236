package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan/internal/tabular"
)

// handleExport returns a handler that downloads a network in one format:
// /natverk/{slug}/export.xlsx, .csv or .json; ?offentlig=1 leaves out
// records that are not public and all personal data.
func (s *server) handleExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		public := r.URL.Query().Get("offentlig") == "1"
		e, err := tabular.Load(r.Context(), s.store, s.cat, r.PathValue("slug"), public)
		if err != nil {
			s.error(w, r, err)
			return
		}
		var buf bytes.Buffer
		if err := e.Write(&buf, format); err != nil {
			s.serverError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", tabular.ContentTypes[format])
		h.Set("Content-Disposition", `attachment; filename="`+e.Filename(format)+`"`)
		h.Set("Content-Length", strconv.Itoa(buf.Len()))
		h.Set("Cache-Control", "no-cache")
		w.Write(buf.Bytes())
	}
}
