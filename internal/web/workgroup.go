package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// A network's work groups (/natverk/{slug}/arbetsgrupper): per group its
// members (a municipality and a function each), mandate, the
// collaborations and ideas it works on, and its meetings.

// workGroupFields are the work group form's inputs in page order.
var workGroupFields = []string{"name", "area", "mandate", "members", "collaborations", "source"}

type workGroupsPage struct {
	Network *samverkan.Network
	Nav     lifeNav
	CanEdit bool
	Groups  []workGroupView
}

type workGroupView struct {
	samverkan.WorkGroup
	Href     string
	AreaName string
	Members  []groupMemberView
	Running  []samverkan.CollabLink // collaborations under way or ended
	Ideas    []samverkan.CollabLink // in the pipeline
	Gone     []samverkan.CollabLink // deleted since
	Meetings []meetingView
}

type groupMemberView struct{ Code, Name, Function string }

func (s *server) handleWorkGroups(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := storeAs[samverkan.WorkGroupStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	gs, err := st.WorkGroupsByNetwork(r.Context(), n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var ms []samverkan.Meeting
	if len(gs) > 0 {
		if mst, ok := s.store.(samverkan.MeetingStore); ok {
			if ms, err = mst.MeetingsByNetwork(r.Context(), n.Slug, 0); err != nil {
				s.error(w, r, err)
				return
			}
		}
	}
	lang := langOf(r)
	d := workGroupsPage{Network: n, Nav: lifeNav{n.Slug, n.Name, "arbetsgrupper"}, CanEdit: canNetworkFunc(principal(r), n.Slug)}
	for _, g := range gs {
		v := workGroupView{WorkGroup: g, Href: "/natverk/" + n.Slug + "/arbetsgrupper/" + strconv.FormatInt(g.ID, 10)}
		if a, ok := s.cat.Area(g.Area); ok {
			v.AreaName = a.Label(lang)
		}
		for _, m := range g.Members {
			v.Members = append(v.Members, groupMemberView{m.Municipality, s.cat.MunicipalityName(m.Municipality), m.Function})
		}
		for _, c := range g.Collaborations {
			switch {
			case c.Title == "":
				v.Gone = append(v.Gone, c)
			case samverkan.PhaseOf(c.Status) == samverkan.PhasePipeline:
				v.Ideas = append(v.Ideas, c)
			default:
				v.Running = append(v.Running, c)
			}
		}
		for _, m := range ms {
			if m.WorkGroupID != nil && *m.WorkGroupID == g.ID {
				v.Meetings = append(v.Meetings, s.meetingView(n, m, lang))
			}
		}
		d.Groups = append(d.Groups, v)
	}
	s.render(w, r, http.StatusOK, "workgroups", page{Title: tr(lang, "wg.heading", n.Name), Flash: flash(r), Data: d})
}

// workGroupOf reads the path's group {gid}, which must be the network's.
func (s *server) workGroupOf(r *http.Request, n *samverkan.Network) (*samverkan.WorkGroup, error) {
	id, err := pathID(r, "gid")
	if err != nil {
		return nil, err
	}
	st, err := storeAs[samverkan.WorkGroupStore](s)
	if err != nil {
		return nil, err
	}
	g, err := st.WorkGroupByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if g.Network != n.Slug {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Arbetsgruppen finns inte.")
	}
	return g, nil
}

// handleWorkGroup sends a group's own address to its place on the list.
func (s *server) handleWorkGroup(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var g *samverkan.WorkGroup
	if err == nil {
		g, err = s.workGroupOf(r, n)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/natverk/"+n.Slug+"/arbetsgrupper#grupp-"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}

// The form ------------------------------------------------------------------

type workGroupForm struct {
	Network *samverkan.Network
	ID      int64
	Version string
	New     bool
	Action  string
	Delete  string
	Cancel  string

	Name, Area, Mandate, Source string
	Members                     []seatRow
	Collaborations              []string // ids, checked

	Errors formErrors
	Stale  bool

	// Choices.
	Areas   []option
	Collabs []checkOption
}

// seatRow is one member of a group as typed, with its choices.
type seatRow struct {
	Municipality, Function string
	Options                []option
}

// checkOption is one checkbox of a group.
type checkOption struct {
	Value, Label string
	Checked      bool
}

func workGroupFormFrom(n *samverkan.Network, g *samverkan.WorkGroup) *workGroupForm {
	f := &workGroupForm{Network: n, ID: g.ID, Version: strconv.Itoa(g.Version), Name: g.Name, Area: g.Area,
		Mandate: g.Mandate, Source: g.Source}
	for _, m := range g.Members {
		f.Members = append(f.Members, seatRow{Municipality: m.Municipality, Function: m.Function})
	}
	for _, c := range g.Collaborations {
		f.Collaborations = append(f.Collaborations, strconv.FormatInt(c.ID, 10))
	}
	return f
}

func decodeWorkGroupForm(r *http.Request, n *samverkan.Network) *workGroupForm {
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	f := &workGroupForm{Network: n, Version: g("version"), Name: g("name"), Area: g("area"), Mandate: g("mandate"), Source: g("source"),
		Collaborations: r.PostForm["collaborations"]}
	for _, row := range rowsOf(r, "members", "municipality", "function") {
		f.Members = append(f.Members, seatRow{Municipality: row["municipality"], Function: row["function"]})
	}
	return f
}

func (f *workGroupForm) group() *samverkan.WorkGroup {
	g := &samverkan.WorkGroup{ID: f.ID, Network: f.Network.Slug, Name: f.Name, Area: f.Area, Mandate: f.Mandate, Source: f.Source}
	for _, m := range f.Members {
		g.Members = append(g.Members, samverkan.WorkGroupMember{Municipality: m.Municipality, Function: m.Function})
	}
	for _, c := range f.Collaborations {
		if id := optionalID(c); id != nil {
			g.Collaborations = append(g.Collaborations, samverkan.CollabLink{ID: *id})
		}
	}
	g.Version, _ = strconv.Atoi(f.Version)
	return g
}

func (s *server) handleWorkGroupNew(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderWorkGroupForm(w, r, http.StatusOK, &workGroupForm{Network: n, New: true})
}

func (s *server) handleWorkGroupEdit(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var g *samverkan.WorkGroup
	if err == nil {
		g, err = s.workGroupOf(r, n)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderWorkGroupForm(w, r, http.StatusOK, workGroupFormFrom(n, g))
}

func (s *server) handleWorkGroupCreate(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeWorkGroupForm(r, n)
	f.New = true
	s.saveWorkGroup(w, r, f, "arbetsgrupp-ny", func(st samverkan.WorkGroupStore, g *samverkan.WorkGroup) error {
		return st.CreateWorkGroup(writeCtx(r), g)
	})
}

func (s *server) handleWorkGroupUpdate(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var cur *samverkan.WorkGroup
	if err == nil {
		cur, err = s.workGroupOf(r, n)
	}
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeWorkGroupForm(r, n)
	f.ID = cur.ID
	s.saveWorkGroup(w, r, f, "sparad", func(st samverkan.WorkGroupStore, g *samverkan.WorkGroup) error {
		return st.UpdateWorkGroup(writeCtx(r), g)
	})
}

// saveWorkGroup validates the group first, so bad input writes nothing,
// then writes it (the store checks its links) and goes to the list.
func (s *server) saveWorkGroup(w http.ResponseWriter, r *http.Request, f *workGroupForm, done string, write func(samverkan.WorkGroupStore, *samverkan.WorkGroup) error) {
	st, err := storeAs[samverkan.WorkGroupStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	g := f.group()
	g.Normalize()
	err = g.Validate(f.Network, s.cat)
	if err == nil {
		err = write(st, g)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+f.Network.Slug+"/arbetsgrupper?klart="+done+"#grupp-"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = lifeErrors(langOf(r), samverkan.FieldErrors(err), workGroupFields, "g-", "wg.field.", "collaborations")
		f.Errors.orMessage(err)
		s.renderWorkGroupForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f.Stale = true
		s.renderWorkGroupForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) handleWorkGroupDelete(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var cur *samverkan.WorkGroup
	if err == nil {
		cur, err = s.workGroupOf(r, n)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	version, err := postedVersion(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := storeAs[samverkan.WorkGroupStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = st.DeleteWorkGroup(writeCtx(r), cur.ID, version)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+n.Slug+"/arbetsgrupper?klart=arbetsgrupp-borttagen", http.StatusSeeOther)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f := workGroupFormFrom(n, cur)
		f.Stale = true
		s.renderWorkGroupForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) renderWorkGroupForm(w http.ResponseWriter, r *http.Request, status int, f *workGroupForm) {
	lang := langOf(r)
	n := f.Network
	base := "/natverk/" + n.Slug + "/arbetsgrupper"
	title := tr(lang, "wg.title.new", n.Name)
	f.Cancel = base
	if f.New {
		f.Action = base + "/ny"
	} else {
		item := base + "/" + strconv.FormatInt(f.ID, 10)
		f.Action, f.Delete = item+"/redigera", item+"/ta-bort"
		f.Cancel = base + "#grupp-" + strconv.FormatInt(f.ID, 10)
		title = tr(lang, "wg.title.edit", f.Name)
	}
	collabs, err := s.networkCollabs(r.Context(), n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	checked := map[string]bool{}
	for _, c := range f.Collaborations {
		checked[c] = true
	}
	f.Collabs = nil
	for _, o := range collabOptions(collabs, "", lang) {
		f.Collabs = append(f.Collabs, checkOption{o.Value, o.Label, checked[o.Value]})
		delete(checked, o.Value)
	}
	for v := range checked { // links to what the network no longer has stay checked
		f.Collabs = append(f.Collabs, checkOption{v, tr(lang, "netlife.collab.gone", v), true})
	}
	f.Areas = nil
	for _, a := range s.cat.Areas() {
		label := a.Label(lang)
		if a.Parent != "" {
			label = "– " + label
		}
		f.Areas = append(f.Areas, option{Value: a.Code, Label: label, Selected: a.Code == f.Area})
	}
	f.Members = append(f.Members, make([]seatRow, emptyLifeRows)...)
	for i := range f.Members {
		f.Members[i].Options = s.memberOptions(n, f.Members[i].Municipality)
	}
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "workgroup_form", page{Title: title, Data: f})
}

// The history ---------------------------------------------------------------

func (s *server) workGroupKind() lifeKind[samverkan.WorkGroup] {
	return lifeKind[samverkan.WorkGroup]{
		entity: samverkan.AuditEntityWorkGroup, param: "gid",
		byID: func(ctx context.Context, id int64) (*samverkan.WorkGroup, error) {
			st, err := storeAs[samverkan.WorkGroupStore](s)
			if err != nil {
				return nil, err
			}
			return st.WorkGroupByID(ctx, id)
		},
		belongs: func(r *http.Request, v *samverkan.WorkGroup) bool { return v.Network == r.PathValue("slug") },
		idOf:    func(v *samverkan.WorkGroup) int64 { return v.ID },
		title:   func(v *samverkan.WorkGroup) string { return v.Name },
		version: func(v *samverkan.WorkGroup) int { return v.Version },
		canEdit: func(r *http.Request) bool { return canNetworkFunc(principal(r), r.PathValue("slug")) },
		itemHref: func(r *http.Request, id int64) string {
			return "/natverk/" + r.PathValue("slug") + "/arbetsgrupper/" + strconv.FormatInt(id, 10)
		},
		back: func(r *http.Request, lang string) (string, string) {
			return "/natverk/" + r.PathValue("slug") + "/arbetsgrupper", tr(lang, "wg.kind")
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			st, err := storeAs[samverkan.WorkGroupStore](s)
			if err != nil {
				return err
			}
			_, err = st.RestoreWorkGroup(ctx, id, auditID, version)
			return err
		},
		fields: workGroupFields,
		label:  labelFrom("wg.field."),
		format: func(lang, key string, raw json.RawMessage) []string {
			switch key {
			case "area":
				var code string
				if json.Unmarshal(raw, &code) == nil {
					if a, ok := s.cat.Area(code); ok {
						return []string{a.Label(lang)}
					}
				}
			case "members":
				var ms []samverkan.WorkGroupMember
				if json.Unmarshal(raw, &ms) == nil {
					out := make([]string, len(ms))
					for i, m := range ms {
						out[i] = s.cat.MunicipalityName(m.Municipality) + ": " + m.Function
					}
					return out
				}
			case "collaborations":
				var cs []samverkan.CollabLink
				if json.Unmarshal(raw, &cs) == nil {
					out := make([]string, len(cs))
					for i, c := range cs {
						out[i] = or(c.Title, tr(lang, "netlife.collab.gone", strconv.FormatInt(c.ID, 10)))
					}
					return out
				}
			}
			return nil
		},
	}
}
