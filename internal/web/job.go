package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/tabular"
)

// Background jobs (issue 16): the page that follows a large import or
// export while it runs, and the file an export leaves. The runner itself
// is internal/jobs; the work is the import's and the export's (import.go,
// export.go, package tabular).

// JobQueue takes one-off background jobs (jobs.Runner).
type JobQueue interface {
	Enqueue(ctx context.Context, j *jobs.Job) error
}

type jobPage struct {
	Job     *jobs.Job
	Percent int
	// ResultLink is the result when it is a page of this site; FileLink
	// when it is the file an export left, to download.
	ResultLink string
	FileLink   string
}

// ownJob returns job jobID of the request when the user may follow it:
// who started it, or an admin. Anyone else, and periodic tasks, get 404,
// so job numbers say nothing about others' work.
func (s *server) ownJob(w http.ResponseWriter, r *http.Request) *jobs.Job {
	st, err := storeAs[jobs.Store](s)
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	id, err := strconv.ParseInt(r.PathValue("jobID"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return nil
	}
	j, err := jobs.Visible(r.Context(), st, id, principal(r))
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	return j
}

// handleJob shows how far a background job has come. While it runs the
// page refreshes itself every two seconds without JavaScript (a meta
// refresh in <noscript>) and follows the job live with it (static/job.js).
// Only who started it, or an admin, may see it.
func (s *server) handleJob(w http.ResponseWriter, r *http.Request) {
	j := s.ownJob(w, r)
	if j == nil {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	jp := &jobPage{Job: j, Percent: j.Percent()}
	switch {
	case tabular.HasFile(j):
		jp.FileLink = tabular.FileURL(j.ID)
	case strings.HasPrefix(j.Result, "/") && !strings.HasPrefix(j.Result, "//"):
		jp.ResultLink = j.Result
	}
	p := page{Title: tr(langOf(r), "job.title", j.ID), Data: jp}
	if !j.Ended() {
		p.Refresh, p.Script = 2, s.static.jobJSURL
	}
	s.render(w, r, http.StatusOK, "job", p)
}

// handleJobFile downloads the file a finished export job left, for who
// started it (or an admin), for a day after it was written.
func (s *server) handleJobFile(w http.ResponseWriter, r *http.Request) {
	j := s.ownJob(w, r)
	if j == nil {
		return
	}
	files, err := storeAs[jobs.FileStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, err := files.JobFile(r.Context(), j.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Serve(w)
}
