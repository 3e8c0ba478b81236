package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// A network's advocacy issues (/natverk/{slug}/paverkan): what the members
// press for together, towards whom, where it stands, what has been done
// (dated) and who stands behind it.

// advocacyFields are the advocacy form's inputs in page order.
var advocacyFields = []string{"title", "description", "targets", "target_note", "position", "status", "actions",
	"documents", "supporters", "source"}

type advocacyPage struct {
	Network *samverkan.Network
	Nav     lifeNav
	CanEdit bool
	Issues  []advocacyView
}

type advocacyView struct {
	samverkan.AdvocacyIssue
	Href                                      string
	TargetLabels, StatusLabel, SupporterNames string
}

func (s *server) handleAdvocacy(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := storeAs[samverkan.AdvocacyStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	as, err := st.AdvocacyByNetwork(r.Context(), n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d := advocacyPage{Network: n, Nav: lifeNav{n.Slug, n.Name, "paverkan"}, CanEdit: canNetworkFunc(principal(r), n.Slug)}
	for _, a := range as {
		v := advocacyView{AdvocacyIssue: a, Href: "/natverk/" + n.Slug + "/paverkan/" + strconv.FormatInt(a.ID, 10)}
		var names, targets []string
		for _, c := range a.Supporters {
			names = append(names, s.cat.MunicipalityName(c))
		}
		samverkan.SortSwedish(names, func(s string) string { return s })
		for _, c := range a.Targets {
			targets = append(targets, samverkan.AdvocacyTargets.Label(c, lang))
		}
		v.SupporterNames, v.TargetLabels = strings.Join(names, ", "), strings.Join(targets, ", ")
		if a.Status != "" {
			v.StatusLabel = samverkan.AdvocacyStatuses.Label(a.Status, lang)
		}
		d.Issues = append(d.Issues, v)
	}
	s.render(w, r, http.StatusOK, "advocacy", page{Title: tr(lang, "adv.heading", n.Name), Flash: flash(r), Data: d})
}

// advocacyOf reads the path's issue {fid}, which must be the network's.
func (s *server) advocacyOf(r *http.Request, n *samverkan.Network) (*samverkan.AdvocacyIssue, error) {
	id, err := pathID(r, "fid")
	if err != nil {
		return nil, err
	}
	st, err := storeAs[samverkan.AdvocacyStore](s)
	if err != nil {
		return nil, err
	}
	a, err := st.AdvocacyIssueByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if a.Network != n.Slug {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Påverkansfrågan finns inte.")
	}
	return a, nil
}

// handleAdvocacyIssue sends an issue's own address to its place on the
// list.
func (s *server) handleAdvocacyIssue(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var a *samverkan.AdvocacyIssue
	if err == nil {
		a, err = s.advocacyOf(r, n)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/natverk/"+n.Slug+"/paverkan#fraga-"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}

// The form ------------------------------------------------------------------

type advocacyForm struct {
	Network *samverkan.Network
	ID      int64
	Version string
	New     bool
	Action  string
	Delete  string
	Cancel  string

	Title, Description, TargetNote, Position, Status, Source string
	Targets, Supporters                                      []string
	Actions                                                  []actionRow
	Documents                                                []documentRow

	Errors formErrors
	Stale  bool

	// Choices.
	TargetChoices, MemberChoices []checkOption
}

type actionRow struct{ Date, Text, URL string }
type documentRow struct{ Title, URL string }

func advocacyFormFrom(n *samverkan.Network, a *samverkan.AdvocacyIssue) *advocacyForm {
	f := &advocacyForm{Network: n, ID: a.ID, Version: strconv.Itoa(a.Version), Title: a.Title, Description: a.Description,
		TargetNote: a.TargetNote, Position: a.Position, Status: a.Status, Source: a.Source,
		Targets: slices.Clone(a.Targets), Supporters: slices.Clone(a.Supporters)}
	for _, x := range a.Actions {
		f.Actions = append(f.Actions, actionRow{x.Date.String(), x.Text, x.URL})
	}
	for _, d := range a.Documents {
		f.Documents = append(f.Documents, documentRow{d.Title, d.URL})
	}
	return f
}

func decodeAdvocacyForm(r *http.Request, n *samverkan.Network) *advocacyForm {
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	f := &advocacyForm{Network: n, Version: g("version"), Title: g("title"), Description: g("description"),
		TargetNote: g("target_note"), Position: g("position"), Status: g("status"), Source: g("source"),
		Targets: r.PostForm["targets"], Supporters: r.PostForm["supporters"]}
	for _, row := range rowsOf(r, "actions", "date", "text", "url") {
		f.Actions = append(f.Actions, actionRow{row["date"], row["text"], row["url"]})
	}
	for _, row := range rowsOf(r, "documents", "title", "url") {
		f.Documents = append(f.Documents, documentRow{row["title"], row["url"]})
	}
	return f
}

func (f *advocacyForm) issue() *samverkan.AdvocacyIssue {
	a := &samverkan.AdvocacyIssue{ID: f.ID, Network: f.Network.Slug, Title: f.Title, Description: f.Description,
		Targets: f.Targets, TargetNote: f.TargetNote, Position: f.Position, Status: f.Status, Supporters: f.Supporters, Source: f.Source}
	for _, x := range f.Actions {
		a.Actions = append(a.Actions, samverkan.AdvocacyAction{Date: samverkan.LenientDate(x.Date), Text: x.Text, URL: x.URL})
	}
	for _, d := range f.Documents {
		a.Documents = append(a.Documents, samverkan.AdvocacyDocument{Title: d.Title, URL: d.URL})
	}
	a.Version, _ = strconv.Atoi(f.Version)
	return a
}

func (s *server) handleAdvocacyNew(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderAdvocacyForm(w, r, http.StatusOK, &advocacyForm{Network: n, New: true})
}

func (s *server) handleAdvocacyEdit(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var a *samverkan.AdvocacyIssue
	if err == nil {
		a, err = s.advocacyOf(r, n)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderAdvocacyForm(w, r, http.StatusOK, advocacyFormFrom(n, a))
}

func (s *server) handleAdvocacyCreate(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeAdvocacyForm(r, n)
	f.New = true
	s.saveAdvocacy(w, r, f, "paverkan-ny", func(st samverkan.AdvocacyStore, a *samverkan.AdvocacyIssue) error {
		return st.CreateAdvocacyIssue(writeCtx(r), a)
	})
}

func (s *server) handleAdvocacyUpdate(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var cur *samverkan.AdvocacyIssue
	if err == nil {
		cur, err = s.advocacyOf(r, n)
	}
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeAdvocacyForm(r, n)
	f.ID = cur.ID
	s.saveAdvocacy(w, r, f, "sparad", func(st samverkan.AdvocacyStore, a *samverkan.AdvocacyIssue) error {
		return st.UpdateAdvocacyIssue(writeCtx(r), a)
	})
}

// saveAdvocacy validates the issue first, so bad input writes nothing,
// then writes it and goes to the list.
func (s *server) saveAdvocacy(w http.ResponseWriter, r *http.Request, f *advocacyForm, done string, write func(samverkan.AdvocacyStore, *samverkan.AdvocacyIssue) error) {
	st, err := storeAs[samverkan.AdvocacyStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	a := f.issue()
	a.Normalize()
	err = a.Validate(f.Network, s.cat)
	if err == nil {
		err = write(st, a)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+f.Network.Slug+"/paverkan?klart="+done+"#fraga-"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = lifeErrors(langOf(r), samverkan.FieldErrors(err), advocacyFields, "a-", "adv.field.", "targets", "supporters")
		f.Errors.orMessage(err)
		s.renderAdvocacyForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f.Stale = true
		s.renderAdvocacyForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) handleAdvocacyDelete(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var cur *samverkan.AdvocacyIssue
	if err == nil {
		cur, err = s.advocacyOf(r, n)
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
	st, err := storeAs[samverkan.AdvocacyStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = st.DeleteAdvocacyIssue(writeCtx(r), cur.ID, version)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+n.Slug+"/paverkan?klart=paverkan-borttagen", http.StatusSeeOther)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f := advocacyFormFrom(n, cur)
		f.Stale = true
		s.renderAdvocacyForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) renderAdvocacyForm(w http.ResponseWriter, r *http.Request, status int, f *advocacyForm) {
	lang := langOf(r)
	n := f.Network
	base := "/natverk/" + n.Slug + "/paverkan"
	title := tr(lang, "adv.title.new", n.Name)
	f.Cancel = base
	if f.New {
		f.Action = base + "/ny"
	} else {
		item := base + "/" + strconv.FormatInt(f.ID, 10)
		f.Action, f.Delete = item+"/redigera", item+"/ta-bort"
		f.Cancel = base + "#fraga-" + strconv.FormatInt(f.ID, 10)
		title = tr(lang, "adv.title.edit", f.Title)
	}
	f.TargetChoices = nil
	for _, t := range samverkan.AdvocacyTargets {
		f.TargetChoices = append(f.TargetChoices, checkOption{t.Code, t.Label(lang), slices.Contains(f.Targets, t.Code)})
	}
	f.MemberChoices = nil
	for _, o := range s.memberOptions(n, "") {
		f.MemberChoices = append(f.MemberChoices, checkOption{o.Value, o.Label, slices.Contains(f.Supporters, o.Value)})
	}
	f.Actions = append(f.Actions, make([]actionRow, emptyLifeRows)...)
	f.Documents = append(f.Documents, make([]documentRow, 2)...)
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "advocacy_form", page{Title: title, Data: f})
}

// The history ---------------------------------------------------------------

func (s *server) advocacyKind() lifeKind[samverkan.AdvocacyIssue] {
	return lifeKind[samverkan.AdvocacyIssue]{
		entity: samverkan.AuditEntityAdvocacy, param: "fid",
		byID: func(ctx context.Context, id int64) (*samverkan.AdvocacyIssue, error) {
			st, err := storeAs[samverkan.AdvocacyStore](s)
			if err != nil {
				return nil, err
			}
			return st.AdvocacyIssueByID(ctx, id)
		},
		belongs: func(r *http.Request, v *samverkan.AdvocacyIssue) bool { return v.Network == r.PathValue("slug") },
		idOf:    func(v *samverkan.AdvocacyIssue) int64 { return v.ID },
		title:   func(v *samverkan.AdvocacyIssue) string { return v.Title },
		version: func(v *samverkan.AdvocacyIssue) int { return v.Version },
		canEdit: func(r *http.Request) bool { return canNetworkFunc(principal(r), r.PathValue("slug")) },
		itemHref: func(r *http.Request, id int64) string {
			return "/natverk/" + r.PathValue("slug") + "/paverkan/" + strconv.FormatInt(id, 10)
		},
		back: func(r *http.Request, lang string) (string, string) {
			return "/natverk/" + r.PathValue("slug") + "/paverkan", tr(lang, "adv.kind")
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			st, err := storeAs[samverkan.AdvocacyStore](s)
			if err != nil {
				return err
			}
			_, err = st.RestoreAdvocacyIssue(ctx, id, auditID, version)
			return err
		},
		fields: advocacyFields,
		label:  labelFrom("adv.field."),
		format: func(lang, key string, raw json.RawMessage) []string {
			switch key {
			case "targets":
				return vocabValue("advocacy_target", lang, raw)
			case "status":
				return vocabValue("advocacy_status", lang, raw)
			case "supporters":
				var codes []string
				if json.Unmarshal(raw, &codes) == nil {
					out := make([]string, len(codes))
					for i, c := range codes {
						out[i] = s.cat.MunicipalityName(c)
					}
					return out
				}
			}
			return nil
		},
	}
}
