package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/archive"
)

// Archive packages (issue 17): an administrator downloads an E-ARK SIP of
// a collaboration or a whole network, for the organisation's e-archive
// (archive.Collect, the same package as `samverkan archive`). A POST, as
// making a package reads the whole history; the buttons are on the
// collaboration's and the network's page. Actors in the package's events
// are pseudonymised (archive.ActorsPseudonymised). The routes are in
// routes.go.

func (s *server) handleCollaborationArchive(w http.ResponseWriter, r *http.Request) {
	c, err := s.collabFromPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	sel := archive.Selection{CollaborationID: c.ID}
	if len(c.Networks) > 0 {
		sel.Network = c.Networks[0]
	}
	s.serveArchive(w, r, sel)
}

func (s *server) handleNetworkArchive(w http.ResponseWriter, r *http.Request) {
	s.serveArchive(w, r, archive.Selection{Network: r.PathValue("slug")})
}

func (s *server) serveArchive(w http.ResponseWriter, r *http.Request, sel archive.Selection) {
	p, err := archive.Collect(r.Context(), s.store, sel, archive.CollectOptions{Created: time.Now().UTC().Truncate(time.Second),
		Catalog: s.cat, Actors: archive.ActorsPseudonymised})
	if err != nil {
		s.error(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := p.WriteZip(&b); err != nil {
		s.error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="`+p.ID+`.zip"`)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(b.Bytes())
}
