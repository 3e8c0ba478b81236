package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The network's long-term plan (GET/PUT /networks/{slug}/plan, its
// activities), its list of plans, and the network's audit history with
// restore.

// PlanView is a plan with its progress, computed from its activities and
// linked collaborations (samverkan.PlanProgress), never typed in.
type PlanView struct {
	samverkan.NetworkPlan
	Progress         samverkan.Progress   `json:"progress"`
	PriorityProgress []samverkan.Progress `json:"priority_progress"`
}

// ActivityChange is the body of POST /networks/{slug}/plan/activities:
// the activity and the priority it belongs to.
type ActivityChange struct {
	Priority int `json:"priority"`
	samverkan.Activity
	// Version is the plan's version read (or use If-Match).
	Version int `json:"version"`
}

func (s *Server) steering() (samverkan.SteeringStore, error) {
	ss, err := samverkan.Steering(s.store)
	if err != nil {
		return nil, samverkan.Errorf(samverkan.EINTERNAL, "store keeps no plans")
	}
	return ss, nil
}

// planView computes p's progress from the statuses of its links.
func (s *Server) planView(ctx context.Context, ss samverkan.SteeringStore, p *samverkan.NetworkPlan) (*PlanView, error) {
	st, err := ss.CollaborationStatuses(ctx, p.LinkedIDs())
	if err != nil {
		return nil, err
	}
	total, per := samverkan.PlanProgress(p, func(id int64) string { return st[id] })
	return &PlanView{NetworkPlan: *p, Progress: total, PriorityProgress: per}, nil
}

// currentPlanRecord is the network's current plan.
func (s *Server) currentPlanRecord(slug string) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			ss, err := s.steering()
			if err != nil {
				return nil, 0, err
			}
			p, err := ss.CurrentPlan(ctx, slug)
			if err != nil {
				return nil, 0, err
			}
			v, err := s.planView(ctx, ss, p)
			if err != nil {
				return nil, 0, err
			}
			return v, p.Version, nil
		},
		path: "/api/v1/networks/" + url.PathEscape(slug) + "/plan",
	}
}

func (s *Server) handlePlanGet(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.currentPlanRecord(r.PathValue("slug")))
}

func (s *Server) handlePlanList(w http.ResponseWriter, r *http.Request) {
	ss, err := s.steering()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	ps, err := ss.Plans(r.Context(), r.PathValue("slug"))
	if err != nil {
		w.Header().Del("ETag")
		s.Error(w, r, err)
		return
	}
	out := make([]PlanView, 0, len(ps))
	for _, p := range ps {
		v, err := s.planView(r.Context(), ss, p)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		out = append(out, *v)
	}
	s.respond(w, r, http.StatusOK, newList(out, len(out), nil))
}

// handlePlanPut replaces the network's current plan (the version read, in
// If-Match or the body) or, when it has none and no version is given,
// creates it as current (201).
func (s *Server) handlePlanPut(w http.ResponseWriter, r *http.Request) {
	ss, err := s.steering()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	if _, err := s.store.NetworkBySlug(r.Context(), slug); err != nil {
		s.Error(w, r, err)
		return
	}
	var p samverkan.NetworkPlan
	if err := decode(w, r, &p); err != nil {
		s.Error(w, r, err)
		return
	}
	if p.Network != "" && p.Network != slug {
		s.Error(w, r, mismatch("network", "slug_mismatch"))
		return
	}
	cur, err := ss.CurrentPlan(r.Context(), slug)
	if err != nil && samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		s.Error(w, r, err)
		return
	}
	if p.ID != 0 && (cur == nil || p.ID != cur.ID) {
		s.Error(w, r, mismatch("id", "id_mismatch"))
		return
	}
	p.Network, p.Current, p.ID = slug, true, 0
	status := http.StatusOK
	switch {
	case cur == nil && r.Header.Get("If-Match") == "" && p.Version == 0:
		status = http.StatusCreated
	case cur == nil:
		// A version of a plan that is no longer there: stale.
		s.Error(w, r, &httpError{code: samverkan.ESTALE, err: samverkan.Errorf(samverkan.ESTALE, "Nätverket har ingen aktuell plan.")})
		return
	default:
		if p.Version, err = writeVersion(r, p.Version); err != nil {
			s.Error(w, r, err)
			return
		}
		p.ID = cur.ID
	}
	s.commit(w, r, s.currentPlanRecord(slug), status, func(ctx context.Context) error {
		return ss.SavePlan(ctx, &p)
	})
}

// handleActivityCreate adds an activity to a priority of the current plan.
func (s *Server) handleActivityCreate(w http.ResponseWriter, r *http.Request) {
	s.changeActivity(w, r, 0)
}

// handleActivityUpdate replaces one activity of the current plan, e.g. to
// mark it done.
func (s *Server) handleActivityUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("activity"))
	if err != nil || id < 1 {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Aktiviteten finns inte."))
		return
	}
	s.changeActivity(w, r, id)
}

func (s *Server) changeActivity(w http.ResponseWriter, r *http.Request, id int) {
	ss, err := s.steering()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	rec := s.currentPlanRecord(slug)
	var body ActivityChange
	status := http.StatusOK
	if id == 0 {
		status = http.StatusCreated
	}
	s.versionedWriteStatus(w, r, rec, &body, &body.Version, status, func(ctx context.Context, v int) error {
		p, err := ss.CurrentPlan(ctx, slug)
		if err != nil {
			return err
		}
		p.Version = v
		act := body.Activity
		if id == 0 {
			if body.ID != 0 {
				return mismatch("id", "id_mismatch")
			}
			i := -1
			for k, pr := range p.Priorities {
				if pr.ID == body.Priority {
					i = k
				}
			}
			if i < 0 {
				return &httpError{code: samverkan.EINVALID, fields: []samverkan.FieldError{{Field: "priority", Code: "unknown_priority", Params: []any{body.Priority}}}}
			}
			act.ID = 0
			p.Priorities[i].Activities = append(p.Priorities[i].Activities, act)
		} else {
			i, j, ok := p.FindActivity(id)
			if !ok {
				return samverkan.Errorf(samverkan.ENOTFOUND, "Aktiviteten finns inte.")
			}
			if body.ID != 0 && body.ID != id {
				return mismatch("id", "id_mismatch")
			}
			if body.Priority != 0 && body.Priority != p.Priorities[i].ID {
				return mismatch("priority", "id_mismatch")
			}
			act.ID = id
			p.Priorities[i].Activities[j] = act
		}
		return ss.SavePlan(ctx, p)
	})
}

// Network history ---------------------------------------------------------

func (s *Server) handleNetworkHistory(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if _, err := s.store.NetworkBySlug(r.Context(), slug); err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	es, err := s.store.AuditEvents(r.Context(), samverkan.AuditEntityNetwork, slug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	emptyNotNil(&es)
	s.respond(w, r, http.StatusOK, newList(es, len(es), nil))
}

func (s *Server) handleNetworkRestore(w http.ResponseWriter, r *http.Request) {
	ss, err := s.steering()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	auditID, err := strconv.ParseInt(r.PathValue("audit_id"), 10, 64)
	if err != nil || auditID < 1 {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Ändringen finns inte."))
		return
	}
	v, err := deleteVersion(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.commit(w, r, s.networkRecord(slug), http.StatusOK, func(ctx context.Context) error {
		_, err := ss.RestoreNetwork(ctx, slug, auditID, v)
		return err
	})
}

// versionedWriteStatus is versionedWrite answering status on success.
func (s *Server) versionedWriteStatus(w http.ResponseWriter, r *http.Request, rec record, body any, bodyVersion *int, status int, write func(ctx context.Context, v int) error) {
	if err := decode(w, r, body); err != nil {
		s.Error(w, r, err)
		return
	}
	v, err := writeVersion(r, *bodyVersion)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.commit(w, r, rec, status, func(ctx context.Context) error { return write(ctx, v) })
}

// planSpec documents the plan's and the network history's routes.
func planSpec(sp *spec) {
	sp.note("NetworkPlan.id", map[string]any{"readOnly": true})
	sp.note("NetworkPlan.network", map[string]any{"description": "The network's slug; set from the URL."})
	sp.note("NetworkPlan.current", map[string]any{"description": "One plan of a network is current; PUT /plan always writes the current one."})
	sp.note("NetworkPlan.version", map[string]any{"description": "The version read; send it back on PUT (or use If-Match). 0 or absent creates the current plan when there is none."})
	sp.note("NetworkPlan.from_year", map[string]any{"description": "First year of the period; 0 when not stated."})
	sp.note("NetworkPlan.to_year", map[string]any{"description": "Last year of the period; 0 when not stated."})
	sp.note("NetworkPlan.priorities", map[string]any{"description": "In rank order: the first is the highest.", "maxItems": samverkan.MaxPriorities})
	sp.note("Priority.id", map[string]any{"description": "Stable within the plan; 0 for a new one, numbered by the store."})
	sp.note("Priority.purposes", map[string]any{"description": "Texts of the network's declared purposes."})
	sp.note("Priority.collaborations", map[string]any{"description": "Ids of the network's collaborations and ideas that carry the priority out."})
	sp.note("Activity.id", map[string]any{"description": "Stable within the plan; 0 for a new one, numbered by the store."})
	sp.note("Activity.status", described(sp.vocab("ActivityStatus", samverkan.ActivityStatuses), "Absent: planerad."))
	sp.note("Activity.responsible", map[string]any{"description": "A function, never a person's name."})
	sp.note("Progress.percent", map[string]any{"description": "done/total in whole per cent, rounded down; null when nothing is counted (unknown, not 0)."})
	sp.note("PlanView.progress", map[string]any{"readOnly": true, "description": "Computed: activities done (cancelled ones not counted) plus linked collaborations running or ended (rejected ideas not counted), of all counted."})
	sp.note("PlanView.priority_progress", map[string]any{"readOnly": true, "description": "The same per priority, in the plan's order."})
	sp.note("ActivityChange.priority", map[string]any{"description": "The id of the priority the activity belongs to."})
	sp.note("ActivityChange.version", map[string]any{"description": "The plan's version read (or use If-Match)."})

	planErrors := []int{400, 404, 413, 415, 422, 500}
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/networks/{slug}/plan": {summary: "The network's current long-term plan with its computed progress",
			description: "404 when the network has no current plan.",
			status:      200, result: obj[PlanView](), errors: readErrors},
		"PUT /api/v1/networks/{slug}/plan": {summary: "Create or replace the current long-term plan",
			description: "Without a version, and when the network has no current plan, it creates one (201 with Location). " +
				"Otherwise it needs the current plan's version in If-Match or the body; a stale one gets 412. " +
				"Purposes must be the network's; linked collaborations must belong to it.",
			body: obj[samverkan.NetworkPlan](), status: 200, created: true, result: obj[PlanView](),
			errors: append(planErrors, 412, 428)},
		"GET /api/v1/networks/{slug}/plans": {summary: "All the network's plans, the current one first",
			status: 200, result: listOf[PlanView](), errors: readErrors},
		"POST /api/v1/networks/{slug}/plan/activities": {summary: "Add an activity to a priority of the current plan",
			description: "Needs the plan's version in If-Match or the body. Answers the plan.",
			body:        obj[ActivityChange](), status: 201, result: obj[PlanView](), errors: append(planErrors, 412, 428)},
		"PUT /api/v1/networks/{slug}/plan/activities/{activity}": {summary: "Replace an activity of the current plan, e.g. to mark it done",
			description: "Needs the plan's version in If-Match or the body. Answers the plan with its progress recomputed.",
			body:        obj[ActivityChange](), status: 200, result: obj[PlanView](), errors: append(planErrors, 412, 428)},
		"GET /api/v1/networks/{slug}/history": {summary: "The network's audit history",
			status: 200, result: listOf[samverkan.AuditEvent](), errors: readErrors},
		"POST /api/v1/networks/{slug}/history/{audit_id}/restore": {summary: "Restore the network as an audit event left it",
			description: "Writes back the network as it was after the event, through the same validation as PUT. " +
				`Needs the current version in If-Match ("3") or ?version=; a stale one gets 412. The restore is itself in the history (action "restore").`,
			status: 200, result: obj[samverkan.Network](), errors: []int{400, 404, 409, 412, 422, 428, 500}},
	} {
		sp.op(pattern, d)
	}
}
