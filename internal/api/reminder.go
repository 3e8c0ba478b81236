package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/tabular"
)

// Reminders (issue 16): one's own reminder settings (GET/PUT
// /me/reminders, versioned and audited), a network's deadlines as the
// calendar feed and the digest see them, and the state of a background
// job. Feed tokens and the unsubscribe token never appear here.

func (s *Server) reminderStore() (samverkan.ReminderStore, error) {
	st, ok := s.store.(samverkan.ReminderStore)
	if !ok {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Påminnelser finns inte i den här installationen.")
	}
	return st, nil
}

// remindersRecord is the principal's settings; version 0 until first saved.
func (s *Server) remindersRecord(userID int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			st, err := s.reminderStore()
			if err != nil {
				return nil, 0, err
			}
			set, err := st.ReminderSettings(ctx, userID)
			if err != nil {
				return nil, 0, err
			}
			return set, set.Version, nil
		},
		path: "/api/v1/me/reminders",
	}
}

func (s *Server) handleRemindersGet(w http.ResponseWriter, r *http.Request) {
	s.get(w, r, s.remindersRecord(samverkan.PrincipalFrom(r.Context()).User.ID))
}

// handleRemindersPut saves the settings: the first time without a version,
// afterwards with the version read (If-Match or body).
func (s *Server) handleRemindersPut(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var set samverkan.ReminderSettings
	user := samverkan.PrincipalFrom(r.Context()).User.ID
	s.savedWrite(w, r, s.remindersRecord(user), &set, &set.Version, false, http.StatusOK, func() error {
		set.UserID = user // always the caller's own settings
		return nil
	}, func(ctx context.Context) error {
		return st.SaveReminderSettings(ctx, &set)
	})
}

// handleNetworkDeadlines lists the network's deadlines, oldest first.
func (s *Server) handleNetworkDeadlines(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	if _, err := s.store.NetworkBySlug(r.Context(), slug); err != nil {
		s.Error(w, r, err)
		return
	}
	ds, err := st.Deadlines(r.Context(), []string{slug}, nil, samverkan.DefaultDecisionDays)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if ds == nil {
		ds = []samverkan.Deadline{}
	}
	s.respond(w, r, http.StatusOK, newList(ds, len(ds), nil))
}

// JobView is a background job as the API shows it.
type JobView struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	Network string `json:"network"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	// Percent is null while the size is unknown.
	Percent  *int       `json:"percent"`
	Message  string     `json:"message"`
	Result   string     `json:"result"`
	Error    string     `json:"error"`
	Created  time.Time  `json:"created"`
	Finished *time.Time `json:"finished"`
	// File is where a finished export's file is fetched; null otherwise.
	File *string `json:"file"`
}

// ownJob returns the job of the request's job_id when the caller may
// follow it: who started it, or an admin. Anyone else, and periodic
// tasks, get 404, so job numbers say nothing about others' work.
func (s *Server) ownJob(w http.ResponseWriter, r *http.Request) *jobs.Job {
	st, ok := s.store.(jobs.Store)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Jobbet finns inte."))
		return nil
	}
	id, err := parseID(r.PathValue("job_id"))
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	j, err := jobs.Visible(r.Context(), st, id, samverkan.PrincipalFrom(r.Context()))
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	return j
}

// jobView is how the API shows a job.
func jobView(j *jobs.Job) JobView {
	v := JobView{ID: j.ID, Kind: j.Kind, Status: j.Status, Network: j.Network, Done: j.Done, Total: j.Total,
		Message: j.Message, Result: j.Result, Error: j.Error, Created: j.Created}
	if pc := j.Percent(); pc >= 0 {
		v.Percent = &pc
	}
	if !j.Finished.IsZero() {
		v.Finished = &j.Finished
	}
	if tabular.HasFile(j) {
		f := "/api/v1/jobs/" + strconv.FormatInt(j.ID, 10) + "/file"
		v.File = &f
	}
	return v
}

// handleJobGet shows a one-off job to whoever started it, or an admin.
func (s *Server) handleJobGet(w http.ResponseWriter, r *http.Request) {
	j := s.ownJob(w, r)
	if j == nil {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.respond(w, r, http.StatusOK, jobView(j))
}

// handleJobFile gives the file a finished export job left, to whoever
// started it (or an admin), for a day.
func (s *Server) handleJobFile(w http.ResponseWriter, r *http.Request) {
	j := s.ownJob(w, r)
	if j == nil {
		return
	}
	files, ok := s.store.(jobs.FileStore)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Filen finns inte."))
		return
	}
	f, err := files.JobFile(r.Context(), j.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f.Serve(w)
}

func reminderSpec(sp *spec) {
	sp.note("ReminderSettings.kinds", map[string]any{"description": "Kinds of reminder: " + strings.Join(codes(samverkan.ReminderKinds), ", ") + ". None: no reminders."})
	sp.note("ReminderSettings.networks", map[string]any{"description": "Slugs of the networks whose deadlines count."})
	sp.note("ReminderSettings.municipalities", map[string]any{"description": "Codes of the municipalities whose agreements, decisions and follow-ups count."})
	sp.note("ReminderSettings.lead_days", map[string]any{"minimum": 0, "maximum": samverkan.MaxLeadDays, "description": "Days before a deadline it is reminded of."})
	sp.note("ReminderSettings.decision_days", map[string]any{"minimum": 1, "maximum": samverkan.MaxDecisionDays, "description": "Days a decision may wait before it is reminded of."})
	sp.note("ReminderSettings.email", map[string]any{"description": "Send the reminders as an e-mail digest to the account's address."})
	sp.note("ReminderSettings.language", map[string]any{"enum": []string{"sv", "en"}, "description": "Language of the e-mail."})
	sp.note("ReminderSettings.version", map[string]any{"description": "0 until first saved; the version read to replace (or use If-Match)."})
	sp.note("Deadline.uid", map[string]any{"description": "Stable identifier, the UID of the event in the calendar feeds."})
	sp.note("Deadline.kind", map[string]any{"description": "One of " + strings.Join(codes(samverkan.ReminderKinds), ", ") + "."})
	sp.note("Deadline.path", map[string]any{"description": "The record's page, relative to the site."})
	sp.note("JobView.status", map[string]any{"enum": []string{jobs.StatusQueued, jobs.StatusRunning, jobs.StatusDone, jobs.StatusFailed}})
	sp.note("JobView.file", map[string]any{"description": "Where a finished export's file is fetched (GET, same credentials); null for other jobs and until it is done."})
	sp.note("JobView.result", map[string]any{"description": "What a finished job left: for an import, the page of its result; for an export, the address of its file (fetched in the browser that started it, for a day)."})
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/me/reminders": {summary: "Your reminder settings",
			description: "What you are reminded of, for which networks and municipalities and how far ahead; the defaults (version 0, no kinds) until you save.",
			status:      200, result: obj[samverkan.ReminderSettings](), errors: readErrors},
		"PUT /api/v1/me/reminders": {summary: "Save your reminder settings",
			description: "The first time without a version; afterwards with the version read (If-Match or body). Audited.",
			body:        obj[samverkan.ReminderSettings](), status: 200, result: obj[samverkan.ReminderSettings](),
			errors: append(append([]int{}, writeErrors...), 412)},
		"GET /api/v1/networks/{slug}/deadlines": {summary: "The network's deadlines",
			description: "Agreements ending and last days of notice (valid-to minus the notice period), pending decisions, follow-ups and risk reviews due, meetings: what the network's calendar feed holds, oldest first.",
			status:      200, result: listOf[samverkan.Deadline](), untagged: true, errors: readErrors},
		"GET /api/v1/jobs/{job_id}": {summary: "A background job's progress",
			description: "A large import confirmed in the browser, or a network's export started in the browser or with POST /api/v1/networks/{slug}/exports, runs as a job; whoever started it (or an admin) can follow it here.",
			status:      200, result: obj[JobView](), untagged: true, errors: readErrors},
		"GET /api/v1/jobs/{job_id}/file": {summary: "The file a finished export job left",
			description: "The same file the synchronous GET /api/v1/networks/{slug}/export gives, as it was when the job ran; for whoever started the job (or an admin), for a day after it was written. 404 before the job is done and after.",
			status:      200, resultTypes: exportTypes(), untagged: true,
			headers: map[string]any{"Content-Disposition": map[string]any{"required": true, "schema": map[string]any{"type": "string"},
				"description": `attachment; filename="samverkan-SLUG[-offentlig]-YYYY-MM-DD.FORMAT"`}},
			errors: readErrors},
	} {
		sp.op(pattern, d)
	}
}
