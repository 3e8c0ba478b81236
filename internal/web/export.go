package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/tabular"
)

// exportJobPage offers to start a large network's export in the
// background (tabular.ExportJobMinRecords).
type exportJobPage struct {
	Network *samverkan.Network
	Format  string
	Public  bool
	Records int
	Errors  formErrors
}

// handleExport returns a handler that downloads a network in one format:
// /natverk/{slug}/export.xlsx, .csv or .json; ?offentlig=1 leaves out
// records that are not public and all personal data. A network of
// tabular.ExportJobMinRecords records or more is exported by a background
// job instead: the page says so and offers the button that starts it (a
// GET starts nothing).
func (s *server) handleExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		public := r.URL.Query().Get("offentlig") == "1"
		slug := r.PathValue("slug")
		asJob, size, err := s.exportAsJob(r, slug)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if asJob {
			n, err := s.store.NetworkBySlug(ctx, slug)
			if err != nil {
				s.error(w, r, err)
				return
			}
			if public && !n.Public {
				s.notFound(w, r)
				return
			}
			s.render(w, r, http.StatusOK, "exportjob", page{Title: tr(langOf(r), "exportjob.title", n.Name),
				Data: &exportJobPage{Network: n, Format: format, Public: public, Records: size}})
			return
		}
		e, err := tabular.Load(ctx, s.store, s.cat, slug, public)
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

// exportAsJob says whether network slug's export runs as a background
// job (exportJobFor), and its size.
func (s *server) exportAsJob(r *http.Request, slug string) (asJob bool, size int, err error) {
	if s.jobs == nil {
		return false, 0, nil
	}
	_, size, err = s.store.FindCollaborations(r.Context(), samverkan.CollaborationFilter{Network: slug, Limit: 1, With: []string{}})
	return s.exportJobFor(size), size, err
}

// exportJobFor says whether the export of a network of size records runs
// as a background job: when this server runs jobs and the network has
// tabular.ExportJobMinRecords records or more.
func (s *server) exportJobFor(size int) bool {
	return s.jobs != nil && size >= tabular.ExportJobMinRecords
}

// handleExportStart queues a network's export as a background job and
// sends the browser to the job's page, which shows its progress and, when
// it is done, the file to download. A server that runs no jobs sends it
// to the direct download instead.
func (s *server) handleExportStart(w http.ResponseWriter, r *http.Request) {
	ctx := writeCtx(r)
	n, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	in := tabular.ExportJob{Network: n.Slug, Format: r.PostFormValue("format"), Public: r.PostFormValue("offentlig") == "1"}
	if in.Public && !n.Public {
		s.notFound(w, r)
		return
	}
	if err := in.Validate(); err != nil {
		// The form again, with what was wrong; no job was queued.
		_, size, serr := s.exportAsJob(r, n.Slug)
		if serr != nil {
			s.error(w, r, serr)
			return
		}
		d := &exportJobPage{Network: n, Format: in.Format, Public: in.Public, Records: size}
		d.Errors.add("ex-xlsx", tr(langOf(r), "exportjob.format"), tr(langOf(r), "exportjob.format.invalid"))
		s.render(w, r, http.StatusUnprocessableEntity, "exportjob", page{Title: tr(langOf(r), "exportjob.title", n.Name),
			ErrorID: "fel", Data: d})
		return
	}
	if s.jobs == nil {
		// A server without a job runner exports within the request.
		to := "/natverk/" + n.Slug + "/export." + in.Format
		if in.Public {
			to += "?offentlig=1"
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	j, err := in.Job(principal(r).User.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.jobs.Enqueue(ctx, j); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobb/"+strconv.FormatInt(j.ID, 10), http.StatusSeeOther)
}
