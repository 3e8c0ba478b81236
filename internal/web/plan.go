package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The long-term plan (/natverk/{slug}/plan): the current plan with its
// priorities in rank order, their progress computed from activities and
// linked collaborations, the network's earlier plans, and the forms that
// make and change a plan.

type planPage struct {
	Network    *samverkan.Network
	Plan       *samverkan.NetworkPlan
	Others     []*samverkan.NetworkPlan
	CanEdit    bool
	Total      samverkan.Progress
	Priorities []priorityView
	// Viewing says the page shows a plan that is not the current one.
	Viewing bool
}

type priorityView struct {
	Rank     int
	P        samverkan.Priority
	Progress samverkan.Progress
	Links    []linkView
	Acts     []activityView
}

type linkView struct {
	ID            int64
	Title, Status string
	Done, Missing bool
}

type activityView struct {
	samverkan.Activity
	StatusLabel string
	Statuses    []option
}

// planFromPath loads the plan {pid} of the network {slug}; a plan of
// another network is not found.
func (s *server) planFromPath(r *http.Request, ss samverkan.SteeringStore, n *samverkan.Network) (*samverkan.NetworkPlan, error) {
	id, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err != nil || id < 1 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Planen finns inte.")
	}
	p, err := ss.PlanByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if p.Network != n.Slug {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Planen finns inte.")
	}
	return p, nil
}

// steeringTarget loads the store's steering side and the network {slug}.
func (s *server) steeringTarget(r *http.Request) (samverkan.SteeringStore, *samverkan.Network, error) {
	ss, err := samverkan.Steering(s.store)
	if err != nil {
		return nil, nil, err
	}
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, nil, err
	}
	return ss, n, nil
}

func (s *server) handlePlan(w http.ResponseWriter, r *http.Request) {
	ss, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	plans, err := ss.Plans(r.Context(), n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p *samverkan.NetworkPlan
	if len(plans) > 0 && plans[0].Current {
		p = plans[0]
	}
	s.showPlan(w, r, ss, n, p, plans, false)
}

func (s *server) handlePlanShow(w http.ResponseWriter, r *http.Request) {
	ss, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.planFromPath(r, ss, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	plans, err := ss.Plans(r.Context(), n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.showPlan(w, r, ss, n, p, plans, true)
}

func (s *server) showPlan(w http.ResponseWriter, r *http.Request, ss samverkan.SteeringStore, n *samverkan.Network,
	p *samverkan.NetworkPlan, plans []*samverkan.NetworkPlan, viewing bool) {
	lang := langOf(r)
	d := planPage{Network: n, Plan: p, Viewing: viewing && p != nil && !p.Current,
		CanEdit: samverkan.Authorize(principal(r), samverkan.ActionUpdate, samverkan.Resource{Networks: []string{n.Slug}})}
	for _, o := range plans {
		if p == nil || o.ID != p.ID {
			d.Others = append(d.Others, o)
		}
	}
	if p != nil {
		refs, err := s.planRefs(r, ss, p)
		if err != nil {
			s.error(w, r, err)
			return
		}
		status := func(id int64) string { return refs[id].Status }
		var per []samverkan.Progress
		d.Total, per = samverkan.PlanProgress(p, status)
		for i, pr := range p.Priorities {
			v := priorityView{Rank: i + 1, P: pr, Progress: per[i]}
			for _, id := range pr.Collaborations {
				ref, ok := refs[id]
				lv := linkView{ID: id, Title: ref.Title, Missing: !ok}
				if ok {
					lv.Status = vocabularies["status"].Label(ref.Status, lang)
					lv.Done = ref.Status != samverkan.StatusRejected && samverkan.PhaseOf(ref.Status) != samverkan.PhasePipeline
				}
				v.Links = append(v.Links, lv)
			}
			for _, a := range pr.Activities {
				av := activityView{Activity: a, StatusLabel: samverkan.ActivityStatuses.Label(a.Status, lang)}
				for _, t := range samverkan.ActivityStatuses {
					av.Statuses = append(av.Statuses, option{Value: t.Code, Label: t.Label(lang), Selected: t.Code == a.Status})
				}
				v.Acts = append(v.Acts, av)
			}
			d.Priorities = append(d.Priorities, v)
		}
	}
	title := tr(lang, "plan.title", n.Name)
	s.render(w, r, http.StatusOK, "plan", page{Title: title, Flash: steeringFlash(r), Data: d})
}

// planRefs reads the linked collaborations of p in one query.
func (s *server) planRefs(r *http.Request, ss samverkan.SteeringStore, p *samverkan.NetworkPlan) (map[int64]samverkan.CollaborationRef, error) {
	out := map[int64]samverkan.CollaborationRef{}
	if len(p.LinkedIDs()) == 0 {
		return out, nil
	}
	refs, err := ss.CollaborationRefs(r.Context(), samverkan.RefFilter{Network: p.Network})
	if err != nil {
		return nil, err
	}
	for _, c := range refs {
		out[c.ID] = c
	}
	return out, nil
}

// handleActivityStatus changes one activity's status from the plan page.
func (s *server) handleActivityStatus(w http.ResponseWriter, r *http.Request) {
	ss, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.planFromPath(r, ss, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	version, err := postedVersion(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	aid, err := strconv.Atoi(r.PathValue("aid"))
	i, j, ok := p.FindActivity(aid)
	if err != nil || !ok {
		s.notFound(w, r)
		return
	}
	p.Priorities[i].Activities[j].Status = r.PostForm.Get("status")
	p.Version = version
	err = ss.SavePlan(writeCtx(r), p)
	back := "/natverk/" + n.Slug + "/plan"
	if !p.Current {
		back += "/" + strconv.FormatInt(p.ID, 10)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, back+"?klart=aktivitet#a"+strconv.Itoa(aid), http.StatusSeeOther)
	case samverkan.ESTALE:
		http.Redirect(w, r, back+"?klart=plan-inaktuell", http.StatusSeeOther)
	case samverkan.EINVALID:
		s.renderError(w, r, http.StatusUnprocessableEntity, "plan.activity.invalid")
	default:
		s.error(w, r, err)
	}
}

// The plan form.

type planForm struct {
	New                           bool
	Network                       *samverkan.Network
	ID                            int64
	Version                       string
	Action, Cancel                string
	Title, FromYear, ToYear, Note string
	Current                       bool
	Priorities                    []priorityRow
	Purposes                      []string
	// Collabs are the network's collaborations as the priorities' lists
	// offer them, labelled once rather than once per priority.
	Collabs []planCollab
	Errors  formErrors
	Stale   bool
	Example bool
	// lang is the page's language, for the rows written in Go.
	lang string
}

// ActivityRows are the activity rows of priority i (planActivityRows).
func (f *planForm) ActivityRows(i int, acts []activityRow) template.HTML {
	return planActivityRows(f.lang, f.Errors, i, acts)
}

type planCollab struct{ Value, Label string }

// CollabOptions are the <option>s of one priority's list, selected
// marked. Built here rather than by the template: a network of 330
// collaborations and five priorities made 1 650 options whose escaping
// and "has" calls were most of the form's first render (issue 16).
func (f *planForm) CollabOptions(selected []string) template.HTML {
	var b strings.Builder
	for _, c := range f.Collabs {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(c.Value))
		b.WriteByte('"')
		if slices.Contains(selected, c.Value) {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(c.Label))
		b.WriteString("</option>\n")
	}
	return template.HTML(b.String())
}

type priorityRow struct {
	ID, Rank, Title, Goals string
	Purposes, Collabs      []string
	Activities             []activityRow
}

type activityRow struct{ ID, Title, Responsible, Due, Status string }

// Empty rows of the plan form.
const (
	emptyPriorities = 1
	emptyActivities = 2
)

func (r priorityRow) blank() bool {
	if !blank(r.Title, r.Goals) || len(r.Purposes) > 0 || len(r.Collabs) > 0 {
		return false
	}
	for _, a := range r.Activities {
		if !a.blank() {
			return false
		}
	}
	return true
}

func (a activityRow) blank() bool { return blank(a.Title, a.Responsible, a.Due) }

func (f *planForm) addEmptyRows(priorities int) {
	for i := range f.Priorities {
		f.Priorities[i].Activities = padRows(f.Priorities[i].Activities, emptyActivities, activityRow.blank)
	}
	f.Priorities = padRows(f.Priorities, priorities, priorityRow.blank)
	for i := range f.Priorities {
		f.Priorities[i].Activities = padRows(f.Priorities[i].Activities, emptyActivities, activityRow.blank)
	}
}

func planFormFrom(p *samverkan.NetworkPlan) *planForm {
	f := &planForm{ID: p.ID, Version: strconv.Itoa(p.Version), Title: p.Title, Note: p.Note, Current: p.Current, Example: p.Example}
	if p.FromYear != 0 {
		f.FromYear = strconv.Itoa(p.FromYear)
	}
	if p.ToYear != 0 {
		f.ToYear = strconv.Itoa(p.ToYear)
	}
	for i, pr := range p.Priorities {
		row := priorityRow{ID: strconv.Itoa(pr.ID), Rank: strconv.Itoa(i + 1), Title: pr.Title, Goals: pr.Goals, Purposes: pr.Purposes}
		for _, id := range pr.Collaborations {
			row.Collabs = append(row.Collabs, strconv.FormatInt(id, 10))
		}
		for _, a := range pr.Activities {
			row.Activities = append(row.Activities, activityRow{strconv.Itoa(a.ID), a.Title, a.Responsible, a.Due.String(), a.Status})
		}
		f.Priorities = append(f.Priorities, row)
	}
	return f
}

func decodePlanForm(r *http.Request) *planForm {
	v := r.PostForm
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := &planForm{Version: g("version"), Title: g("title"), FromYear: g("from_year"), ToYear: g("to_year"),
		Note: g("note"), Current: g("current") != "", Example: g("example") != ""}
	for _, i := range rowIndex(v, "p") {
		p := fmt.Sprintf("p.%d.", i)
		row := priorityRow{ID: g(p + "id"), Rank: g(p + "rank"), Title: g(p + "title"), Goals: g(p + "goals"),
			Purposes: v[p+"purposes"], Collabs: v[p+"collabs"]}
		for _, j := range rowIndex(v, fmt.Sprintf("p.%d.a", i)) {
			a := fmt.Sprintf("%sa.%d.", p, j)
			row.Activities = append(row.Activities, activityRow{g(a + "id"), g(a + "title"), g(a + "responsible"), g(a + "due"), g(a + "status")})
		}
		f.Priorities = append(f.Priorities, row)
	}
	return f
}

// planIndex maps the record's priority and activity indexes to the form's
// rows, for placing errors.
type planIndex struct {
	pri  []int
	acts [][]int
}

// buildPlan turns the form into a plan: empty rows are dropped, the
// priorities are put in the order of their rank (rows without a rank keep
// their place after the ranked ones).
func buildPlan(f *planForm, network string) (*samverkan.NetworkPlan, planIndex, []samverkan.FieldError) {
	p := &samverkan.NetworkPlan{ID: f.ID, Network: network, Title: f.Title, Note: f.Note, Current: f.Current, Example: f.Example}
	p.Version, _ = strconv.Atoi(f.Version)
	var extra []samverkan.FieldError
	year := func(field, s string) int {
		if s == "" {
			return 0
		}
		y, err := strconv.Atoi(s)
		if err != nil {
			extra = append(extra, samverkan.FieldError{Field: field, Code: "invalid_year"})
			return 0
		}
		return y
	}
	p.FromYear, p.ToYear = year("from_year", f.FromYear), year("to_year", f.ToYear)
	type ranked struct {
		row  int
		rank int
	}
	var order []ranked
	for i, row := range f.Priorities {
		if row.blank() {
			continue
		}
		rank, err := strconv.Atoi(row.Rank)
		if err != nil || rank < 1 {
			rank = 1 << 30
		}
		order = append(order, ranked{i, rank})
	}
	sort.SliceStable(order, func(a, b int) bool { return order[a].rank < order[b].rank })
	var idx planIndex
	for _, o := range order {
		row := f.Priorities[o.row]
		pr := samverkan.Priority{Title: row.Title, Goals: row.Goals, Purposes: row.Purposes}
		pr.ID, _ = strconv.Atoi(row.ID)
		for _, c := range row.Collabs {
			if id, err := strconv.ParseInt(c, 10, 64); err == nil {
				pr.Collaborations = append(pr.Collaborations, id)
			}
		}
		var acts []int
		for j, a := range row.Activities {
			if a.blank() {
				continue
			}
			act := samverkan.Activity{Title: a.Title, Responsible: a.Responsible, Due: samverkan.LenientDate(a.Due), Status: a.Status}
			act.ID, _ = strconv.Atoi(a.ID)
			pr.Activities = append(pr.Activities, act)
			acts = append(acts, j)
		}
		p.Priorities = append(p.Priorities, pr)
		idx.pri = append(idx.pri, o.row)
		idx.acts = append(idx.acts, acts)
	}
	return p, idx, extra
}

var planPathRE = regexp.MustCompile(`^priorities\[(\d+)\](?:\.activities\[(\d+)\])?(?:\.([a-z_]+))?(?:\[\d+\])?$`)

// planErrors places field errors on the plan form's inputs.
func planErrors(lang string, fes []samverkan.FieldError, idx planIndex) formErrors {
	var out formErrors
	for _, fe := range fes {
		id, label := "pl-"+fe.Field, tr(lang, "planform.field."+fe.Field)
		if m := planPathRE.FindStringSubmatch(fe.Field); m != nil {
			i, _ := strconv.Atoi(m[1])
			row := i
			if i < len(idx.pri) {
				row = idx.pri[i]
			}
			label = tr(lang, "form.row", tr(lang, "planform.priorities"), row+1)
			id = fmt.Sprintf("pl-p-%d-%s", row, orDefault(m[3], "title"))
			if m[2] != "" {
				j, _ := strconv.Atoi(m[2])
				arow := j
				if i < len(idx.acts) && j < len(idx.acts[i]) {
					arow = idx.acts[i][j]
				}
				id = fmt.Sprintf("pl-p-%d-a-%d-%s", row, arow, orDefault(m[3], "title"))
				label += ", " + tr(lang, "form.row", tr(lang, "planform.activities"), arow+1)
			}
		}
		if strings.HasPrefix(label, "planform.field.") {
			label = ""
		}
		out.add(id, label, fe.Message(lang))
	}
	return out
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (s *server) renderPlanForm(w http.ResponseWriter, r *http.Request, status int, f *planForm) {
	lang := langOf(r)
	f.lang = lang
	base := "/natverk/" + f.Network.Slug + "/plan"
	title := tr(lang, "planform.title.new", f.Network.Name)
	if f.New {
		f.Action, f.Cancel = base+"/ny", base
	} else {
		f.Action = base + "/" + strconv.FormatInt(f.ID, 10) + "/redigera"
		f.Cancel = base + "/" + strconv.FormatInt(f.ID, 10)
		title = tr(lang, "planform.title.edit", f.Title)
	}
	f.Purposes = f.Network.PurposeTexts()
	if ss, err := samverkan.Steering(s.store); err == nil {
		refs, err := ss.CollaborationRefs(r.Context(), samverkan.RefFilter{Network: f.Network.Slug})
		if err != nil {
			s.error(w, r, err)
			return
		}
		f.Collabs = make([]planCollab, len(refs))
		for i, c := range refs {
			f.Collabs[i] = planCollab{strconv.FormatInt(c.ID, 10), c.Title + " (" + vocabularies["status"].Label(c.Status, lang) + ")"}
		}
	}
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "plan_form", page{Title: title, Data: f})
}

func (s *server) handlePlanNew(w http.ResponseWriter, r *http.Request) {
	_, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := &planForm{New: true, Network: n, Current: true}
	f.addEmptyRows(3)
	s.renderPlanForm(w, r, http.StatusOK, f)
}

func (s *server) handlePlanEdit(w http.ResponseWriter, r *http.Request) {
	ss, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.planFromPath(r, ss, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := planFormFrom(p)
	f.Network = n
	f.addEmptyRows(emptyPriorities)
	s.renderPlanForm(w, r, http.StatusOK, f)
}

func (s *server) handlePlanCreate(w http.ResponseWriter, r *http.Request) {
	ss, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodePlanForm(r)
	f.New, f.Network, f.Version = true, n, "0"
	s.savePlan(w, r, ss, f)
}

func (s *server) handlePlanUpdate(w http.ResponseWriter, r *http.Request) {
	ss, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur, err := s.planFromPath(r, ss, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodePlanForm(r)
	f.Network, f.ID = n, cur.ID
	s.savePlan(w, r, ss, f)
}

func (s *server) savePlan(w http.ResponseWriter, r *http.Request, ss samverkan.SteeringStore, f *planForm) {
	lang := langOf(r)
	if r.PostForm.Get("fler") != "" {
		f.Priorities = append(f.Priorities, priorityRow{})
		f.addEmptyRows(emptyPriorities + 1)
		s.renderPlanForm(w, r, http.StatusOK, f)
		return
	}
	p, idx, extra := buildPlan(f, f.Network.Slug)
	err := error(nil)
	if len(extra) > 0 {
		err = &samverkan.Error{Code: samverkan.EINVALID, Message: "Uppgifterna innehåller fel.", Fields: extra}
	} else {
		err = ss.SavePlan(writeCtx(r), p)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+f.Network.Slug+"/plan/"+strconv.FormatInt(p.ID, 10)+"?klart=plan", http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = planErrors(lang, samverkan.FieldErrors(err), idx)
		f.Errors.orMessage(err)
		f.addEmptyRows(emptyPriorities)
		s.renderPlanForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE:
		f.Stale = true
		f.addEmptyRows(emptyPriorities)
		s.renderPlanForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}
