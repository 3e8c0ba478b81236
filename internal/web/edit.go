package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// editMessages are the collaboration form's refusals.
var editMessages = map[string][2]string{
	"form.forbidden": {"Du får inte spara samverkan med de här uppgifterna: din behörighet är %s. Välj ett nätverk du samordnar, eller ta med din kommun bland deltagarna. Det du har skrivit finns kvar nedan.",
		"You may not save a collaboration with these details: your permission is %s. Choose a network you coordinate, or include your municipality among the participants. What you typed is still below."},
}

func (s *server) handleCollaborationNew(w http.ResponseWriter, r *http.Request) {
	c := &samverkan.Collaboration{Status: samverkan.StatusRunning, LegalForm: samverkan.FormUnknown, Public: true}
	if slug := r.URL.Query().Get("natverk"); slug != "" {
		n, err := s.store.NetworkBySlug(r.Context(), slug)
		switch {
		case err == nil:
			c.Networks = []string{n.Slug}
		case samverkan.ErrorCode(err) != samverkan.ENOTFOUND:
			s.error(w, r, err)
			return
		}
	}
	// What the user may register is preselected: a coordinator's network,
	// an editor's municipality as a participant.
	if p := principal(r); !p.Anonymous() && !p.IsAdmin() {
		for _, g := range p.User.Grants {
			switch {
			case g.Role == samverkan.RoleCoordinator && g.Network != "" && len(c.Networks) == 0:
				c.Networks = []string{g.Network}
			case g.Role == samverkan.RoleEditor && g.Municipality != "" && len(c.Participants) == 0:
				c.Participants = []samverkan.Participant{{Code: g.Municipality, Role: samverkan.RoleMember}}
			}
		}
	}
	f := s.formFromCollab(c)
	f.New = true
	s.renderForm(w, r, http.StatusOK, f)
}

func (s *server) handleCollaborationCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeForm(r)
	f.New = true
	if s.moreRows(w, r, f) {
		return
	}
	ctx := writeCtx(r)
	c, m, ferrs := s.build(f)
	err := s.save(c, ferrs, func() error { return s.store.CreateCollaboration(ctx, c) })
	s.afterSave(w, r, f, m, c, err, "skapad")
}

func (s *server) handleCollaborationEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.collabFromPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderForm(w, r, http.StatusOK, s.formFromCollab(c))
}

func (s *server) handleCollaborationUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	cur, err := s.collabFromPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeForm(r)
	f.ID = cur.ID
	if s.moreRows(w, r, f) {
		return
	}
	ctx := writeCtx(r)
	c, m, ferrs := s.build(f)
	c.ID = cur.ID
	c.Version, _ = strconv.Atoi(f.Version) // a missing version is never current: the store answers stale
	// Fields the form does not show are kept as stored.
	c.Relations, c.Example = cur.Relations, cur.Example
	err = s.save(c, ferrs, func() error { return s.store.UpdateCollaboration(ctx, c) })
	s.afterSave(w, r, f, m, c, err, "sparad")
}

// moreRows answers the "Fler rader" button of a repeated group: the form
// comes back with more empty rows in that group, and nothing is saved.
func (s *server) moreRows(w http.ResponseWriter, r *http.Request, f *collabForm) bool {
	g := r.PostForm.Get("fler")
	if g == "" {
		return false
	}
	f.addMoreRows(g)
	s.renderForm(w, r, http.StatusOK, f)
	return true
}

// save validates and writes c. When the form itself found problems, the
// record is validated here so the user sees every problem at once, and
// nothing is written.
func (s *server) save(c *samverkan.Collaboration, ferrs []samverkan.FieldError, write func() error) error {
	if len(ferrs) == 0 {
		return write()
	}
	c.Normalize()
	all := append(ferrs, samverkan.FieldErrors(c.Validate(s.cat))...)
	return &samverkan.Error{Code: samverkan.EINVALID, Message: "Uppgifterna innehåller fel.", Fields: all}
}

// afterSave redirects to the saved collaboration, or shows the form again
// with the user's input: 422 with field errors, 409 when someone else saved
// first.
func (s *server) afterSave(w http.ResponseWriter, r *http.Request, f *collabForm, m formMap, c *samverkan.Collaboration, err error, done string) {
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/samverkan/"+strconv.FormatInt(c.ID, 10)+"?klart="+done, http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = s.formErrors(langOf(r), samverkan.FieldErrors(err), m)
		f.Errors.orMessage(err)
		s.renderForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f.Stale = true
		s.renderForm(w, r, http.StatusConflict, f)
	case samverkan.ECONFLICT:
		// A refused status change names its fields and missing decisions.
		f.Errors = s.formErrors(langOf(r), s.localizeTransition(err, langOf(r)), m)
		f.Errors.orMessage(err)
		s.renderForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

// renderForm adds the choices to the form and renders it.
func (s *server) renderForm(w http.ResponseWriter, r *http.Request, status int, f *collabForm) {
	// Names and slugs are all the checkboxes need; every network with its
	// members, purposes and hosts was a quarter of the form (issue 16).
	nets, err := samverkan.NetworkHeads(r.Context(), s.store)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, n := range nets {
		f.AllNetworks = append(f.AllNetworks, networkRef{n.Slug, n.Name})
	}
	lang := langOf(r)
	f.Munis = s.munis
	f.AreaGroups = s.areaGroups(lang, f)
	title := tr(lang, "form.title.new")
	f.Action, f.Cancel = "/samverkan/ny", "/"
	if !f.New {
		title = tr(lang, "form.title.edit", f.Title)
		id := strconv.FormatInt(f.ID, 10)
		f.Action, f.Cancel = "/samverkan/"+id+"/redigera", "/samverkan/"+id
	} else if len(f.Networks) == 1 {
		f.Cancel = "/natverk/" + f.Networks[0]
	}
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	nav := ""
	if f.New {
		nav = "new"
	}
	s.render(w, r, status, "form", page{Title: title, Nav: nav, Data: f})
}

func (s *server) areaGroups(lang string, f *collabForm) []areaGroup {
	_, areaErr := f.Errors.byID["f-areas"]
	var out []areaGroup
	for _, a := range s.cat.Areas() {
		if a.Parent != "" {
			continue
		}
		g := areaGroup{Code: a.Code, Label: a.Label(lang)}
		if contains(f.Areas, a.Code) {
			g.Checked++
		}
		for _, c := range s.cat.AreaChildren(a.Code) {
			ca, _ := s.cat.Area(c)
			g.Children = append(g.Children, areaOption{Code: c, Label: ca.Label(lang), Child: true})
			if contains(f.Areas, c) {
				g.Checked++
			}
		}
		g.Open = g.Checked > 0 || areaErr
		out = append(out, g)
	}
	return out
}

// fieldOrder is the order of the form's fields, for the error summary.
var fieldOrder = []string{
	"title", "description", "areas", "areas_to_review", "legal_form", "status", "triage", "triage_reason", "proposer", "priority", "participants", "host", "networks",
	"start", "end", "public_authority_basis", "special_acts", "procurement_basis", "annual_cost",
	"cost_key", "cost_key_note", "representation_key", "purposes", "documents", "contacts", "sources",
}

// simpleFields are inputs whose id is "f-" + the field name: the form's
// fields but those made of several inputs.
var simpleFields = func() map[string]bool {
	out := map[string]bool{}
	for _, f := range fieldOrder {
		out[f] = true
	}
	for _, f := range []string{"areas", "areas_to_review", "participants", "networks", "purposes", "documents", "contacts", "sources"} {
		delete(out, f)
	}
	return out
}()

var fieldPathRE = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?$`)

// formErrors places each field error on its input: the store names fields
// as the JSON does ("participants[2].code"), the form names rows by their
// own position.
func (s *server) formErrors(lang string, fes []samverkan.FieldError, m formMap) formErrors {
	pos := func(field string) int {
		if mm := fieldPathRE.FindStringSubmatch(field); mm != nil {
			field = mm[1]
		}
		return fieldPosition(fieldOrder, field)
	}
	var out formErrors
	for _, fe := range inPageOrder(fes, pos) {
		id, label := s.placeError(lang, fe.Field, m)
		msg := fe.Message(lang)
		if code, ok := strings.CutPrefix(fe.Code, "web."); ok {
			msg = tr(lang, "err."+code, fe.Params...)
		}
		out.add(id, label, msg)
	}
	return out
}

// placeError returns the input id and the label for a field path.
func (s *server) placeError(lang, field string, m formMap) (id, label string) {
	mm := fieldPathRE.FindStringSubmatch(field)
	if mm == nil {
		return "", ""
	}
	base, sub := mm[1], mm[3]
	idx := -1
	if mm[2] != "" {
		idx, _ = strconv.Atoi(mm[2])
	}
	row := func(group string, rows []int, names map[string]string) (string, string) {
		if idx < 0 || idx >= len(rows) {
			return "", tr(lang, "field."+group)
		}
		if n, ok := names[sub]; ok {
			sub = n
		}
		return "f-" + group + "-" + strconv.Itoa(rows[idx]) + "-" + sub, tr(lang, "form.row", tr(lang, "field."+group), rows[idx]+1)
	}
	switch base {
	case "participants":
		if idx < 0 || idx >= len(m.participants) {
			return "f-members-0-code", tr(lang, "field.participants")
		}
		prefix := m.participants[idx]
		group := "members"
		if prefix[:9] == "f-parties" {
			group = "parties"
			switch sub {
			case "party", "code", "":
				sub = "name"
			case "party_kind":
				sub = "kind"
			}
		} else if sub == "" || sub == "party" {
			sub = "code"
		}
		n, _ := strconv.Atoi(prefix[len("f-"+group+"-") : len(prefix)-1])
		return prefix + sub, tr(lang, "form.row", tr(lang, "field."+group), n+1)
	case "documents":
		return row("documents", m.documents, nil)
	case "contacts":
		return row("contacts", m.contacts, nil)
	case "sources":
		return row("sources", m.sources, nil)
	case "areas", "areas_to_review", "networks", "purposes":
		return "f-" + base, tr(lang, "field."+base)
	}
	if simpleFields[base] {
		return "f-" + base, tr(lang, "field."+base)
	}
	return "", ""
}
