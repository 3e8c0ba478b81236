package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Decisions: the form that records one decision of one body in one
// participating municipality, and the views of what is still pending.

// decisionForm is the decision form as text, as the user typed it.
type decisionForm struct {
	C       *samverkan.Collaboration
	ID      int64
	Version string
	New     bool
	Action  string
	Delete  string
	Cancel  string

	// Municipality is who decided as the select has it: a municipality's
	// code, "part:" and a party's name, or "egen" for the collaboration's
	// own body.
	Municipality, Body, BodyName, Date, Paragraph string
	Outcome, Kind, Document, URL, Note            string
	AnnouncedOn, LegalForceOn, Condition, Dnr     string
	DateUnknown, Appealed                         bool

	Munis  []option // the participating municipalities
	Errors formErrors
	Stale  bool
}

// decisionFields are the decision form's inputs in page order.
var decisionFields = []string{"municipality", "body", "body_name", "kind", "document", "outcome", "condition", "date", "date_unknown",
	"paragraph", "diarienummer", "announced_on", "appealed", "legal_force_on", "url", "note"}

// ownerValue is the select's value for a decision's owner.
func ownerValue(d *samverkan.Decision) string {
	switch {
	case d.Municipality != "":
		return d.Municipality
	case d.Party != "":
		return "part:" + d.Party
	}
	return "egen"
}

func decisionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("bid"), 10, 64)
	if err != nil || id <= 0 {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Beslutet finns inte.")
	}
	return id, nil
}

// decisionTarget loads the collaboration of the path and, withDecision,
// the decision {bid}, which must belong to it.
func (s *server) decisionTarget(r *http.Request, withDecision bool) (*samverkan.Collaboration, *samverkan.Decision, error) {
	c, err := s.collabFromPath(r)
	if err != nil || !withDecision {
		return c, nil, err
	}
	bid, err := decisionID(r)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.store.DecisionByID(r.Context(), bid)
	if err != nil {
		return nil, nil, fmt.Errorf("web: decision %d: %w", bid, err)
	}
	if d.CollaborationID != c.ID {
		return nil, nil, samverkan.Errorf(samverkan.ENOTFOUND, "Beslutet finns inte.")
	}
	return c, d, nil
}

// postedTarget is decisionTarget for a posted form, which it parses.
func (s *server) postedTarget(r *http.Request, withDecision bool) (*samverkan.Collaboration, *samverkan.Decision, error) {
	c, d, err := s.decisionTarget(r, withDecision)
	if err != nil {
		return nil, nil, err
	}
	if err := parseForm(r); err != nil {
		return nil, nil, err
	}
	return c, d, nil
}

func (s *server) handleDecisionNew(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.decisionTarget(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	f := &decisionForm{C: c, New: true, Outcome: samverkan.OutcomePending, Kind: samverkan.KindAdopt}
	// Prefill from a row of the decision path; unknown values are dropped.
	if v := q.Get("kommun"); c.Takes(v) || v == "egen" || strings.HasPrefix(v, "part:") {
		f.Municipality = v
	}
	if v := q.Get("organ"); samverkan.Bodies.Has(v) {
		f.Body = v
	}
	if v := q.Get("typ"); samverkan.DecisionKinds.Has(v) {
		f.Kind = v
	}
	if v := q.Get("dokument"); samverkan.DocumentTypes.Has(v) {
		f.Document = v
	}
	s.renderDecisionForm(w, r, http.StatusOK, f)
}

func (s *server) handleDecisionEdit(w http.ResponseWriter, r *http.Request) {
	c, d, err := s.decisionTarget(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderDecisionForm(w, r, http.StatusOK, decisionFormFrom(c, d))
}

func decisionFormFrom(c *samverkan.Collaboration, d *samverkan.Decision) *decisionForm {
	return &decisionForm{C: c, ID: d.ID, Version: strconv.Itoa(d.Version),
		Municipality: ownerValue(d), Body: d.Body, BodyName: d.BodyName, Date: d.Date.String(),
		Paragraph: d.Paragraph, Outcome: d.Outcome, Kind: d.Kind, Document: d.Document, URL: d.URL, Note: d.Note,
		AnnouncedOn: d.AnnouncedOn.String(), LegalForceOn: d.LegalForceOn.String(), Condition: d.Condition,
		Dnr: d.Diarienummer, DateUnknown: d.DateUnknown, Appealed: d.Appealed}
}

func (s *server) handleDecisionCreate(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.postedTarget(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeDecisionForm(r, c)
	f.New = true
	d := f.decision()
	s.saveDecision(w, r, f, d, func() error { return s.store.CreateDecision(writeCtx(r), d) })
}

func (s *server) handleDecisionUpdate(w http.ResponseWriter, r *http.Request) {
	c, cur, err := s.postedTarget(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeDecisionForm(r, c)
	f.ID = cur.ID
	d := f.decision()
	d.ID = cur.ID
	d.Version, _ = strconv.Atoi(f.Version) // a missing version is never current
	s.saveDecision(w, r, f, d, func() error { return s.store.UpdateDecision(writeCtx(r), d) })
}

func (s *server) handleDecisionDelete(w http.ResponseWriter, r *http.Request) {
	c, cur, err := s.decisionTarget(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	version, err := postedVersion(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = s.store.DeleteDecision(writeCtx(r), cur.ID, version)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/samverkan/"+strconv.FormatInt(c.ID, 10)+"?klart=beslut-borttaget#beslut", http.StatusSeeOther)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f := decisionFormFrom(c, cur)
		f.Stale = true
		s.renderDecisionForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func decodeDecisionForm(r *http.Request, c *samverkan.Collaboration) *decisionForm {
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	return &decisionForm{C: c, Version: g("version"),
		Municipality: g("municipality"), Body: g("body"), BodyName: g("body_name"), Date: g("date"),
		Paragraph: g("paragraph"), Outcome: g("outcome"), Kind: g("kind"), Document: g("document"),
		URL: g("url"), Note: g("note"), AnnouncedOn: g("announced_on"), LegalForceOn: g("legal_force_on"),
		Condition: g("condition"), Dnr: g("diarienummer"), DateUnknown: g("date_unknown") != "", Appealed: g("appealed") != ""}
}

func (f *decisionForm) decision() *samverkan.Decision {
	d := &samverkan.Decision{CollaborationID: f.C.ID, Body: f.Body,
		BodyName: f.BodyName, Date: samverkan.LenientDate(f.Date), Paragraph: f.Paragraph,
		Outcome: f.Outcome, Kind: f.Kind, Document: f.Document, URL: f.URL, Note: f.Note,
		DateUnknown: f.DateUnknown, AnnouncedOn: samverkan.LenientDate(f.AnnouncedOn), Appealed: f.Appealed,
		LegalForceOn: samverkan.LenientDate(f.LegalForceOn), Condition: f.Condition, Diarienummer: f.Dnr}
	switch {
	case f.Municipality == "egen":
	case strings.HasPrefix(f.Municipality, "part:"):
		d.Party = strings.TrimPrefix(f.Municipality, "part:")
	default:
		d.Municipality = f.Municipality
	}
	return d
}

// saveDecision validates d against its collaboration first, so bad input
// writes nothing, then writes it.
func (s *server) saveDecision(w http.ResponseWriter, r *http.Request, f *decisionForm, d *samverkan.Decision, write func() error) {
	err := d.Validate(f.C, today())
	if err == nil {
		err = write()
	}
	lang := langOf(r)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/samverkan/"+strconv.FormatInt(f.C.ID, 10)+"?klart=beslut#beslut", http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = s.decisionErrors(lang, samverkan.FieldErrors(err))
		f.Errors.orMessage(err)
		s.renderDecisionForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f.Stale = true
		s.renderDecisionForm(w, r, http.StatusConflict, f)
	case samverkan.ECONFLICT:
		f.Errors.add("", "", samverkan.ErrorMessage(err))
		s.renderDecisionForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

// decisionErrors places field errors on the decision form's inputs, in
// page order. A municipality is named, not shown as its code.
func (s *server) decisionErrors(lang string, fes []samverkan.FieldError) formErrors {
	pos := func(field string) int { return fieldPosition(decisionFields, field) }
	var out formErrors
	for _, fe := range inPageOrder(fes, pos) {
		if fe.Code == "not_participant" && len(fe.Params) == 1 {
			if code, ok := fe.Params[0].(string); ok {
				if _, known := s.cat.Municipality(code); known {
					fe.Params = []any{s.cat.MunicipalityName(code)}
				}
			}
		}
		if fe.Field == "party" || fe.Field == "owner" {
			fe.Field = "municipality"
		}
		id, label := "", ""
		if pos(fe.Field) < len(decisionFields) {
			id, label = "d-"+fe.Field, tr(lang, "dec.field."+fe.Field)
		}
		out.add(id, label, fe.Message(lang))
	}
	return out
}

// fieldPosition is the place of field among a form's fields in page
// order; a field the form does not show comes after all of them.
func fieldPosition(order []string, field string) int {
	if i := slices.Index(order, field); i >= 0 {
		return i
	}
	return len(order)
}

// inPageOrder sorts field errors by the place of their inputs on the page,
// so the error summary reads like the form; errors of one field keep the
// store's order.
func inPageOrder(fes []samverkan.FieldError, pos func(field string) int) []samverkan.FieldError {
	sorted := slices.Clone(fes)
	sort.SliceStable(sorted, func(i, j int) bool { return pos(sorted[i].Field) < pos(sorted[j].Field) })
	return sorted
}

func (s *server) renderDecisionForm(w http.ResponseWriter, r *http.Request, status int, f *decisionForm) {
	lang := langOf(r)
	id := strconv.FormatInt(f.C.ID, 10)
	f.Cancel = "/samverkan/" + id + "#beslut"
	title := tr(lang, "dec.title.new", f.C.Title)
	if f.New {
		f.Action = "/samverkan/" + id + "/beslut/ny"
	} else {
		bid := strconv.FormatInt(f.ID, 10)
		f.Action = "/samverkan/" + id + "/beslut/" + bid + "/redigera"
		f.Delete = "/samverkan/" + id + "/beslut/" + bid + "/ta-bort"
		title = tr(lang, "dec.title.edit", f.C.Title)
	}
	f.Munis = nil
	seen := map[string]bool{}
	for _, p := range f.C.Participants {
		if p.Code == "" || seen[p.Code] {
			continue
		}
		seen[p.Code] = true
		f.Munis = append(f.Munis, option{Value: p.Code, Label: s.cat.MunicipalityName(p.Code), Selected: p.Code == f.Municipality})
	}
	samverkan.SortSwedish(f.Munis, func(o option) string { return o.Label })
	// Then the parties that take part (a region, a state agency) and the
	// collaboration's own body.
	for _, p := range f.C.Participants {
		if p.Code == "" && p.Party != "" {
			v := "part:" + p.Party
			f.Munis = append(f.Munis, option{Value: v, Label: p.Party, Selected: v == f.Municipality})
		}
	}
	f.Munis = append(f.Munis, option{Value: "egen", Label: tr(lang, "dec.owner.own"), Selected: f.Municipality == "egen"})
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "decision", page{Title: title, Data: f})
}

// Pending decisions.

type pendingPage struct {
	Heading, Intro string
	BackHref       string
	BackLabel      string
	Groups         []pendingGroup
	Total          int
	// Unregistered counts the required decisions not registered at all.
	Unregistered int
}

// unregisteredDecisions returns, as items without an id, the decisions
// the path of each collaboration of f in a decision stage requires that
// are not met and not registered as pending (those are listed already):
// with the latest decision taken on it when there is one (an avslag or
// återremiss waits for a new decision), else with no outcome, not
// registered at all. only limits them to one municipality.
func (s *server) unregisteredDecisions(ctx context.Context, f samverkan.CollaborationFilter, only string) ([]samverkan.DecisionItem, error) {
	// The path follows from the form and the participants; the other
	// child tables are not read, nor the records past the decision stages
	// (two thirds of a network's, a municipality's pipeline three times
	// those in a stage; issue 16, first render).
	f.With = []string{samverkan.WithParticipants}
	f.Statuses = samverkan.DecisionStages
	all, err := s.allCollaborations(ctx, f)
	if err != nil {
		return nil, err
	}
	var cs []*samverkan.Collaboration
	for _, c := range all {
		if samverkan.InDecisionStage(c) {
			cs = append(cs, c)
		}
	}
	// Every record's decisions in one read rather than one read each.
	var batch map[int64][]samverkan.Decision
	if bs, ok := s.store.(samverkan.DecisionBatchStore); ok && len(cs) > 0 {
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		if batch, err = bs.DecisionsOf(ctx, ids); err != nil {
			return nil, err
		}
	}
	var out []samverkan.DecisionItem
	for _, c := range cs {
		ds := batch[c.ID]
		if batch == nil {
			if ds, err = s.store.Decisions(ctx, c.ID); err != nil {
				return nil, err
			}
		}
		// The founding decisions: what the gate for beslutad waits for
		// (elections and later steps are not yet due).
		path, _ := samverkan.StepPath(c, samverkan.PathSettings{}, samverkan.StepFound)
		for _, st := range samverkan.MatchPath(path, ds) {
			m := st.Required
			if st.Done() || m.Practice || m.Municipality == "" || (only != "" && m.Municipality != only) {
				continue
			}
			if st.Decision != nil && st.Decision.Pending() {
				continue
			}
			it := samverkan.DecisionItem{CollaborationTitle: c.Title, CollaborationStatus: c.Status}
			if st.Decision != nil {
				it.Decision = *st.Decision
				it.ID = 0
			}
			it.CollaborationID, it.Municipality, it.Body, it.Kind = c.ID, m.Municipality, m.Body, m.Kind
			if it.Document == "" && len(m.Documents) > 0 {
				it.Document = m.Documents[0]
			}
			out = append(out, it)
		}
	}
	return out, nil
}

type pendingGroup struct {
	Code, Name string
	Items      []pendingItem
}

type pendingItem struct {
	samverkan.DecisionItem
	Age  string // "12 dagar"
	Href string
	// Unregistered marks a decision the path requires that is not
	// registered as pending: none at all (Outcome "") or only an avslag
	// or återremiss that waits for a new decision.
	Unregistered bool
}

func (s *server) handleNetworkPending(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	p := pendingPage{Heading: tr(lang, "pending.heading", n.Name), Intro: tr(lang, "pending.intro.network"),
		BackHref: "/natverk/" + n.Slug, BackLabel: n.Name}
	s.showPending(w, r, p, samverkan.DecisionFilter{Network: n.Slug, PendingOnly: true},
		samverkan.CollaborationFilter{Network: n.Slug, Phase: samverkan.PhasePipeline}, "")
}

func (s *server) handleMunicipalityPending(w http.ResponseWriter, r *http.Request) {
	m, ok := s.cat.Municipality(r.PathValue("code"))
	if !ok {
		s.notFound(w, r)
		return
	}
	lang := langOf(r)
	p := pendingPage{Heading: tr(lang, "pending.heading", m.Name), Intro: tr(lang, "pending.intro.municipality"),
		BackHref: "/kommun/" + m.Code, BackLabel: m.Name}
	s.showPending(w, r, p, samverkan.DecisionFilter{Municipality: m.Code, PendingOnly: true},
		samverkan.CollaborationFilter{Municipality: m.Code, Phase: samverkan.PhasePipeline}, m.Code)
}

// showPending lists the pending decisions per municipality, oldest
// registered first, with their age in days; then, for the collaborations
// of cf in the decision stages, every decision their path requires that
// is not registered at all (only municipality only's, when given).
func (s *server) showPending(w http.ResponseWriter, r *http.Request, p pendingPage, f samverkan.DecisionFilter,
	cf samverkan.CollaborationFilter, only string) {
	items, err := s.store.FindDecisions(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	unregistered, err := s.unregisteredDecisions(r.Context(), cf, only)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items = append(items, unregistered...)
	groups := map[string]*pendingGroup{}
	for _, it := range items {
		if !it.Pending() && it.ID != 0 {
			continue
		}
		g := groups[it.Municipality]
		if g == nil {
			g = &pendingGroup{Code: it.Municipality, Name: s.cat.MunicipalityName(it.Municipality)}
			groups[it.Municipality] = g
		}
		item := pendingItem{DecisionItem: it, Href: "/samverkan/" + strconv.FormatInt(it.CollaborationID, 10) + "#beslut"}
		if it.ID == 0 {
			item.Unregistered, item.Href = true, "/samverkan/"+strconv.FormatInt(it.CollaborationID, 10)+"#beslutsvag"
			if it.Outcome == "" {
				p.Unregistered++
			}
		} else {
			item.Age = days(langOf(r), daysSince(it.Created))
		}
		g.Items = append(g.Items, item)
		p.Total++
	}
	for _, g := range groups {
		sort.SliceStable(g.Items, func(i, j int) bool {
			a, b := g.Items[i], g.Items[j]
			if a.Unregistered != b.Unregistered {
				return !a.Unregistered // registered ones first, with their age
			}
			if !a.Created.Equal(b.Created) {
				return a.Created.Before(b.Created)
			}
			return a.ID < b.ID
		})
		p.Groups = append(p.Groups, *g)
	}
	samverkan.SortSwedish(p.Groups, func(v pendingGroup) string { return v.Name })
	s.render(w, r, http.StatusOK, "pending", page{Title: p.Heading, Data: p})
}
