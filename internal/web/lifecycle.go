package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// The collaboration page's lifecycle part: where the collaboration is, what
// comes next, its triage, its decision path and its decisions, and the
// form that changes its status through the store's transition rules.

// today is the calendar date in Sweden.
func today() samverkan.Date { return samverkan.Today() }

// daysSince counts whole days from t to today, never negative.
func daysSince(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	from := samverkan.DateInSweden(t).Time()
	n := int(today().Time().Sub(from).Hours() / 24)
	return max(n, 0)
}

// days says "1 dag" or "n dagar".
func days(lang string, n int) string {
	if n == 1 {
		return tr(lang, "days.one")
	}
	return tr(lang, "days.n", n)
}

// mainLine is the lifecycle as the stepper shows it: the pipeline stages
// and igång.
var mainLine = append(samverkan.StatusesInPhase(samverkan.PhasePipeline), samverkan.StatusRunning)

// nextStage is the stage after status on the main line, or "".
func nextStage(status string) string {
	i := slices.Index(mainLine, status)
	if i < 0 || i+1 >= len(mainLine) {
		return ""
	}
	return mainLine[i+1]
}

// Described marks a control that may have both a hint and an error: one
// aria-describedby naming both (a second attribute would be dropped by the
// browser, and with it the error), and aria-invalid when it has an error.
// The leading space is part of the result. hint is the hint text, if
// any (a template may leave it out).
func (e formErrors) Described(id string, hint any) template.HTMLAttr {
	var ids []string
	if h, _ := hint.(string); h != "" {
		ids = append(ids, id+"-hint")
	}
	invalid := ""
	if len(e.byID[id]) > 0 {
		ids = append(ids, id+"-err")
		invalid = ` aria-invalid="true"`
	}
	if len(ids) == 0 {
		return ""
	}
	return template.HTMLAttr(invalid + ` aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`)
}

// For returns the messages of one input for the fielderr partial.
func (e formErrors) For(id string) fieldErrView { return fieldErrView{ID: id, Msgs: e.byID[id]} }

// lifecycleView is the lifecycle part of the collaboration page.
type lifecycleView struct {
	C         *samverkan.Collaboration
	Steps     []stepView
	NextLabel string
	Form      statusForm
	Triage    triageView
	Path      pathView
	Decisions []decisionRow
	Study     bool // an assessment exists
	// CanEdit shows the status form and the links to decisions and the
	// pre-study; the handlers check again.
	CanEdit bool
}

type stepView struct {
	Code, Label string
	State       string // done, current, todo
}

// statusForm is the "Byt status" form, with the outcome of a refused change.
type statusForm struct {
	Version int
	Options []option
	To      string
	Date    string
	Note    string
	Back    string
	Errors  formErrors
	Missing []string // the decisions a refused change waits for, described
	Stale   bool
}

type triageView struct {
	Current, Reason      string
	Proposed, ProposedBy string // labels
	Known, Differs       bool
	// Triggers are the reasons behind the proposal (domain.md b.6): the
	// form, tasks, money or staff moving, public authority, principle.
	Triggers []string
}

// pathView is the decision path of the collaboration's legal form.
type pathView struct {
	Known bool // the form is stated
	// Unregistered marks a collaboration registered as already running
	// or ended: a gap in its path is a decision nobody registered, shown
	// neutrally, not a red "Saknas".
	Unregistered bool
	Rows         []pathRow
	Done         int // of the formation and start rows (Total)
	Total        int
	FormLabel    string
	NewDecHref   string
	Settings     pathSettingsView
	Facts        pathFacts
	// Checklist is what remains after the decisions, shown once the
	// collaboration is decided.
	Checklist []checkView
}

type checkView struct {
	Label       string
	Done, Known bool
}

type pathRow struct {
	Municipality, MuniName string
	Body, Kind             string
	Documents              string
	Reference              string
	Decision               *samverkan.Decision
	Done                   bool
	NewHref                string
	Step                   string // label of the step of the collaboration's life
	// Gate marks formation and start rows, shown as missing when not met;
	// later steps are shown as what will be needed.
	Gate, Practice            bool
	LegalForce                samverkan.Date // zero when unknown
	InForce                   bool
	Conditional, ConditionMet bool
}

type decisionRow struct {
	samverkan.Decision
	MuniName string
	EditHref string
}

// showCollaboration renders the collaboration page with its lifecycle; sf
// carries a refused status change to show again.
func (s *server) showCollaboration(w http.ResponseWriter, r *http.Request, status int, c *samverkan.Collaboration, sf *statusForm) {
	d, err := s.collabData(r, c)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if d.Life, err = s.lifecycle(r, c, sf); err != nil {
		s.error(w, r, err)
		return
	}
	d.Life.CanEdit = samverkan.CanEdit(principal(r), c)
	title := c.Title
	if sf != nil && (sf.Errors.Any() || sf.Stale) {
		title = tr(langOf(r), "form.title.error", title)
	}
	s.render(w, r, status, "collaboration", page{Title: title, Flash: flash(r), Data: d})
}

func (s *server) lifecycle(r *http.Request, c *samverkan.Collaboration, sf *statusForm) (*lifecycleView, error) {
	ctx := r.Context()
	decisions, err := s.store.Decisions(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	lang := langOf(r)
	lv := &lifecycleView{C: c, Steps: steps(c.Status, lang)}
	if n := nextStage(c.Status); n != "" {
		lv.NextLabel = vocabularies["status"].Label(n, lang)
	}
	if _, err := s.store.Assessment(ctx, c.ID); err == nil {
		lv.Study = true
	} else if samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		return nil, err
	}

	// Status form.
	if sf == nil {
		sf = &statusForm{To: nextStage(c.Status), Date: today().String()}
	}
	sf.Version = c.Version
	for _, code := range samverkan.NextStatuses(c) {
		sf.Options = append(sf.Options, option{Value: code, Label: vocabularies["status"].Label(code, lang), Selected: code == sf.To})
	}
	lv.Form = *sf

	// Triage.
	// Triage from the real triggers and the pre-study's answers: an idea
	// without a form gets a proposal too.
	lv.Triage = triageView{Current: c.Triage, Reason: c.TriageReason}
	if lv.Path, err = s.fullPathView(r, c, decisions, lang); err != nil {
		return nil, err
	}
	var study *samverkan.Assessment
	if lv.Study {
		if study, err = s.store.Assessment(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	tp := samverkan.ProposeTriageFor(c, study, lv.Path.Settings.PathSettings)
	lv.Triage.Known = true
	lv.Triage.Proposed = vocabularies["triage"].Label(tp.Triage, lang)
	if tp.Body != "" {
		lv.Triage.ProposedBy = vocabularies["body"].Label(tp.Body, lang)
	}
	lv.Triage.Differs = c.Triage != "" && c.Triage != tp.Triage
	lv.Triage.Triggers = triggerLabels(tp, lang)

	lv.Decisions = s.decisionRows(c, decisions, lang)
	return lv, nil
}

// steps marks the stepper: stages before the current one are done. A
// status off the main line (under översyn, uppsagd, ended) follows igång.
func steps(status, lang string) []stepView {
	cur := slices.Index(mainLine, status)
	out := make([]stepView, 0, len(mainLine)+1)
	past := cur < 0 && status != samverkan.StatusRejected
	for i, code := range mainLine {
		st := "todo"
		switch {
		case cur >= 0 && i < cur, past:
			st = "done"
		case i == cur:
			st = "current"
		}
		out = append(out, stepView{Code: code, Label: vocabularies["status"].Label(code, lang), State: st})
	}
	if cur < 0 {
		out = append(out, stepView{Code: status, Label: vocabularies["status"].Label(status, lang), State: "current"})
	}
	return out
}

func (s *server) decisionRows(c *samverkan.Collaboration, decisions []samverkan.Decision, lang string) []decisionRow {
	out := make([]decisionRow, len(decisions))
	for i, d := range decisions {
		name := s.cat.MunicipalityName(d.Municipality)
		switch d.Owner {
		case samverkan.OwnerParty:
			name = d.Party
		case samverkan.OwnerCollaboration:
			name = samverkan.DecisionOwners.Label(samverkan.OwnerCollaboration, lang)
		}
		out[i] = decisionRow{Decision: d, MuniName: name,
			EditHref: "/samverkan/" + strconv.FormatInt(c.ID, 10) + "/beslut/" + strconv.FormatInt(d.ID, 10) + "/redigera"}
	}
	return out
}

// handleStatusChange moves a collaboration to another stage through the
// store, which applies the transition rules and the decision gate. A
// refusal shows the collaboration page again with the reason: 409 when
// decisions are missing (or someone else changed the record), 422 for a
// move that is not allowed at all.
func (s *server) handleStatusChange(w http.ResponseWriter, r *http.Request) {
	c, version, err := s.postedChange(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	id, v, lang := c.ID, r.PostForm, langOf(r)
	sf := &statusForm{To: v.Get("status"), Date: strings.TrimSpace(v.Get("date")),
		Note: strings.TrimSpace(v.Get("note")), Back: v.Get("tillbaka")}
	on := today()
	if sf.Date != "" {
		on = samverkan.LenientDate(sf.Date)
	}
	if !on.Valid() {
		fe := samverkan.FieldError{Field: "date", Code: "invalid_date", Params: []any{sf.Date}}
		sf.Errors.add("s-date", tr(lang, "status.date"), fe.Message(lang))
		s.showCollaboration(w, r, http.StatusUnprocessableEntity, c, sf)
		return
	}
	_, err = s.store.ChangeStatus(writeCtx(r), id, version, sf.To, on, sf.Note)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, withFlash(sf.Back, "/samverkan/"+strconv.FormatInt(id, 10), "status"), http.StatusSeeOther)
		return
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		sf.Stale = true
		s.showCollaboration(w, r, http.StatusConflict, c, sf)
		return
	case samverkan.ECONFLICT, samverkan.EINVALID:
		status := http.StatusUnprocessableEntity
		if samverkan.ErrorCode(err) == samverkan.ECONFLICT {
			status = http.StatusConflict
		}
		var e *samverkan.Error
		errors.As(err, &e)
		for _, m := range e.Missing {
			sf.Missing = append(sf.Missing, samverkan.DescribeRequirement(m, s.cat, lang)+docSuffix(m, lang))
		}
		for _, fe := range s.localizeTransition(err, lang) {
			id, label := "s-status", tr(lang, "status.to")
			switch fe.Field {
			case "date":
				id, label = "s-date", tr(lang, "status.date")
			case "note":
				id, label = "s-note", tr(lang, "status.note")
			case "legal_form":
				id, label = "", tr(lang, "field.legal_form")
			}
			msg := fe.Message(lang)
			if fe.Code == "decisions_missing" {
				msg = tr(lang, "status.missing", len(e.Missing))
			}
			sf.Errors.add(id, label, msg)
		}
		if !sf.Errors.Any() {
			sf.Errors.add("s-status", tr(lang, "status.to"), samverkan.ErrorMessage(err))
		}
		s.showCollaboration(w, r, status, c, sf)
		return
	default:
		s.error(w, r, err)
	}
}

// docSuffix names the documents a requirement concerns, "(Förbundsordning)".
func docSuffix(r samverkan.RequiredDecision, lang string) string {
	if len(r.Documents) == 0 {
		return ""
	}
	docs := make([]string, len(r.Documents))
	for i, d := range r.Documents {
		docs[i] = vocabularies["doc_type"].Label(d, lang)
	}
	return " (" + strings.Join(docs, ", ") + ")"
}

// localizeTransition returns the field errors of a refused transition with
// the missing decisions described in lang (the store describes them in
// Swedish).
func (s *server) localizeTransition(err error, lang string) []samverkan.FieldError {
	var e *samverkan.Error
	if !errors.As(err, &e) {
		return nil
	}
	out := append([]samverkan.FieldError(nil), e.Fields...)
	for i, fe := range out {
		if (fe.Code == "decisions_missing" || fe.Code == "leave_decisions_missing" || fe.Code == "legal_force_missing") && len(e.Missing) > 0 {
			out[i].Params = []any{samverkan.DescribeMissing(e.Missing, s.cat, lang)}
		}
	}
	return out
}

// withFlash returns the local path back (or def) with ?klart=key added.
func withFlash(back, def, key string) string {
	target := def
	if back != "" {
		target = safeNext(back)
	}
	u, err := url.Parse(target)
	if err != nil {
		return def + "?klart=" + key
	}
	q := u.Query()
	q.Set("klart", key)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}
