package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Representation and data protection of a collaboration (issue 13): a
// table on the collaboration's page and a small form to edit both.

// repRow is one participant's row, on the page and in the form. The
// numbers are text so that the form gives back what was typed.
type repRow struct {
	Member, Name          string
	Seats, Substitutes    string
	ElectedBy, ElectedLbl string
	Stated                bool
	Electors              []option
}

// repSection is the representation on the collaboration's page.
type repSection struct {
	Rows           []repRow
	Controller     string // label; empty when not stated
	Arrangement    string
	Archive        string
	CanEdit        bool
	Href           string
	AnyDataStated  bool
	AnySeatsStated bool
}

// repForm is the form at /samverkan/{id}/representation.
type repForm struct {
	C                                      *samverkan.Collaboration
	Action, Version                        string
	Rows                                   []repRow
	Controllers, Members, Arrangements     []option
	ArchiveMembers                         []option
	Controller, ControllerMember           string
	Arrangement, ArchiveMember, ArchiveBod string
	Errors                                 formErrors
	Stale                                  bool
}

// representationSection reads the representation for the page.
func (s *server) representationSection(r *http.Request, c *samverkan.Collaboration, lang string) (*repSection, error) {
	rep, err := s.store.Representation(r.Context(), c.ID)
	if err != nil {
		return nil, err
	}
	sec := &repSection{CanEdit: samverkan.CanEdit(principal(r), c), Href: fmt.Sprintf("/samverkan/%d/representation", c.ID),
		Rows: repRows(c, rep, lang)}
	for _, row := range sec.Rows {
		sec.AnySeatsStated = sec.AnySeatsStated || row.Stated
	}
	d := rep.DataProtection
	if d.Controller != "" {
		sec.Controller = samverkan.Controllers.Label(d.Controller, lang)
		if d.ControllerMember != "" {
			sec.Controller += ": " + memberName(c, d.ControllerMember)
		}
	}
	if d.Arrangement != "" {
		sec.Arrangement = samverkan.Arrangements.Label(d.Arrangement, lang)
	}
	switch {
	case d.ArchiveMember != "":
		sec.Archive = memberName(c, d.ArchiveMember)
	case d.ArchiveBody != "":
		sec.Archive = d.ArchiveBody
	}
	sec.AnyDataStated = sec.Controller != "" || sec.Arrangement != "" || sec.Archive != ""
	return sec, nil
}

// memberName is the participant's name, or the key when it has left the
// list since.
func memberName(c *samverkan.Collaboration, key string) string {
	for _, p := range c.Participants {
		if p.Key() == key {
			return participantLabel(p)
		}
	}
	return key
}

func participantLabel(p samverkan.Participant) string {
	if p.Name != "" {
		return p.Name
	}
	if p.Code != "" {
		return p.Code
	}
	return p.Party
}

// repRows is one row per participant, with its seats when stated.
func repRows(c *samverkan.Collaboration, rep samverkan.Representation, lang string) []repRow {
	var rows []repRow
	for _, p := range c.Participants {
		row := repRow{Member: p.Key(), Name: participantLabel(p)}
		if st, ok := rep.SeatOf(p.Key()); ok {
			row.Stated = true
			row.Seats, row.Substitutes, row.ElectedBy = itoaOrEmpty(st.Seats), itoaOrEmpty(st.Substitutes), st.ElectedBy
			if st.ElectedBy != "" {
				row.ElectedLbl = samverkan.Electors.Label(st.ElectedBy, lang)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// itoaOrEmpty writes n, or nothing when not stated.
func itoaOrEmpty(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func (s *server) handleRepresentationForm(w http.ResponseWriter, r *http.Request) {
	c, err := s.collabFromPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.store.Representation(r.Context(), c.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := rep.DataProtection
	f := &repForm{C: c, Version: strconv.Itoa(rep.Version), Rows: repRows(c, rep, langOf(r)), Controller: d.Controller,
		ControllerMember: d.ControllerMember, Arrangement: d.Arrangement, ArchiveMember: d.ArchiveMember, ArchiveBod: d.ArchiveBody}
	s.renderRepForm(w, r, http.StatusOK, f)
}

// handleRepresentationSave saves the form: a row left wholly empty is
// "not stated" and kept out; the rest must be whole numbers 0–99.
func (s *server) handleRepresentationSave(w http.ResponseWriter, r *http.Request) {
	c, version, err := s.postedChange(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	v := r.PostForm
	f := &repForm{C: c, Version: strconv.Itoa(version), Controller: strings.TrimSpace(v.Get("controller")),
		ControllerMember: strings.TrimSpace(v.Get("controller_member")), Arrangement: strings.TrimSpace(v.Get("arrangement")),
		ArchiveMember: strings.TrimSpace(v.Get("archive_member")), ArchiveBod: strings.TrimSpace(v.Get("archive_body"))}
	rep := samverkan.Representation{CollaborationID: c.ID, Version: version, Seats: []samverkan.Seat{},
		DataProtection: samverkan.DataProtection{Controller: f.Controller, ControllerMember: f.ControllerMember,
			Arrangement: f.Arrangement, ArchiveMember: f.ArchiveMember, ArchiveBody: f.ArchiveBod}}
	var bad []samverkan.FieldError
	rowOf := map[int]int{} // seat index → form row
	for i := 0; i < samverkan.MaxParticipants; i++ {
		p := fmt.Sprintf("s.%d.", i)
		if _, ok := v[p+"member"]; !ok {
			break
		}
		row := repRow{Member: v.Get(p + "member"), Seats: strings.TrimSpace(v.Get(p + "seats")),
			Substitutes: strings.TrimSpace(v.Get(p + "substitutes")), ElectedBy: strings.TrimSpace(v.Get(p + "elected_by"))}
		row.Name = memberName(c, row.Member)
		f.Rows = append(f.Rows, row)
		if row.Seats == "" && row.Substitutes == "" && row.ElectedBy == "" {
			continue
		}
		seat := samverkan.Seat{Member: row.Member, ElectedBy: row.ElectedBy}
		for field, dst := range map[string]**int{"seats": &seat.Seats, "substitutes": &seat.Substitutes} {
			text := map[string]string{"seats": row.Seats, "substitutes": row.Substitutes}[field]
			if text == "" {
				continue
			}
			n, err := strconv.Atoi(text)
			if err != nil {
				bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("seats[%d].%s", len(rep.Seats), field),
					Code: "seats_out_of_range", Params: []any{samverkan.MaxSeats}})
				continue
			}
			*dst = &n
		}
		rowOf[len(rep.Seats)] = i
		rep.Seats = append(rep.Seats, seat)
	}
	if len(bad) > 0 {
		err = &samverkan.Error{Code: samverkan.EINVALID, Message: "Uppgifterna innehåller fel.", Fields: bad}
	} else {
		err = s.store.SaveRepresentation(writeCtx(r), &rep)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, fmt.Sprintf("/samverkan/%d?klart=representation#representation", c.ID), http.StatusSeeOther)
	case samverkan.EINVALID:
		for _, fe := range samverkan.FieldErrors(err) {
			id, label := repFieldID(fe.Field, rowOf, f, lang)
			f.Errors.add(id, label, fe.Message(lang))
		}
		f.Errors.orMessage(err)
		s.renderRepForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE:
		f.Stale = true
		s.renderRepForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

// repFieldID maps a validation field to the form's input and its label.
func repFieldID(field string, rowOf map[int]int, f *repForm, lang string) (id, label string) {
	if rest, ok := strings.CutPrefix(field, "data_protection."); ok {
		return "rep-" + strings.ReplaceAll(rest, "_", "-"), tr(lang, "rep.field."+rest)
	}
	var i int
	var sub string
	if n, _ := fmt.Sscanf(strings.NewReplacer("[", " ", "].", " ").Replace(field), "seats %d %s", &i, &sub); n == 2 {
		row := rowOf[i]
		name := ""
		if row < len(f.Rows) {
			name = f.Rows[row].Name
		}
		if sub == "member" {
			sub = "seats"
		}
		return fmt.Sprintf("rep-s-%d-%s", row, strings.ReplaceAll(sub, "_", "-")), name + ", " + tr(lang, "rep.col."+sub)
	}
	return "", ""
}

func (s *server) renderRepForm(w http.ResponseWriter, r *http.Request, status int, f *repForm) {
	lang := langOf(r)
	f.Action = fmt.Sprintf("/samverkan/%d/representation", f.C.ID)
	opts := func(v samverkan.Vocabulary, cur string) []option {
		out := []option{{Value: "", Label: tr(lang, "rep.not_stated"), Selected: cur == ""}}
		for _, t := range v {
			out = append(out, option{Value: t.Code, Label: v.Label(t.Code, lang), Selected: t.Code == cur})
		}
		return out
	}
	members := func(cur string) []option {
		out := []option{{Value: "", Label: tr(lang, "rep.none"), Selected: cur == ""}}
		for _, p := range f.C.Participants {
			out = append(out, option{Value: p.Key(), Label: participantLabel(p), Selected: p.Key() == cur})
		}
		return out
	}
	for i := range f.Rows {
		f.Rows[i].Electors = opts(samverkan.Electors, f.Rows[i].ElectedBy)
	}
	f.Controllers = opts(samverkan.Controllers, f.Controller)
	f.Arrangements = opts(samverkan.Arrangements, f.Arrangement)
	f.Members = members(f.ControllerMember)
	f.ArchiveMembers = members(f.ArchiveMember)
	title := tr(lang, "rep.form.title", f.C.Title)
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "representation_form", page{Title: title, Data: f})
}
