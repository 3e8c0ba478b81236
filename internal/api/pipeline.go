package api

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The pipeline's endpoints: status changes through the lifecycle rules,
// decisions, the decision path, the pre-study, what is waiting for whom,
// and the KL 9 kap. 38 § report.

// StatusChange is the body of POST /collaborations/{id}/status.
type StatusChange struct {
	Status  string         `json:"status"`
	Date    samverkan.Date `json:"date"` // when it happened; today when null
	Note    string         `json:"note"`
	Version int            `json:"version"`
}

// MissingDecision names one required decision that is not yet bifall.
type MissingDecision struct {
	Municipality     string   `json:"municipality"`
	MunicipalityName string   `json:"municipality_name"`
	Party            string   `json:"party,omitempty"`      // a region's or a state agency's decision
	Own              bool     `json:"own,omitempty"`        // the collaboration's own body
	AnyMember        bool     `json:"any_member,omitempty"` // any one member's decision will do
	Step             string   `json:"step"`
	Practice         bool     `json:"practice,omitempty"` // practice, not required by law; never gates
	Body             string   `json:"body"`
	BodyLabel        string   `json:"body_label"`
	Kind             string   `json:"kind"`
	KindLabel        string   `json:"kind_label"`
	Documents        []string `json:"documents"`
	Reference        string   `json:"reference"`
}

// PathStep is one required decision with the latest matching decision.
type PathStep struct {
	MissingDecision
	Done     bool                `json:"done"`
	Decision *samverkan.Decision `json:"decision"`
}

// DecisionPathView is the decision path of a collaboration: what every
// participating municipality must decide for its legal form, matched with
// what has been recorded.
type DecisionPathView struct {
	CollaborationID int64  `json:"collaboration_id"`
	LegalForm       string `json:"legal_form"`
	// Known is false when the legal form is not stated, so no path can be
	// proposed yet.
	Known    bool              `json:"known"`
	Complete bool              `json:"complete"`
	Steps    []PathStep        `json:"steps"`
	Missing  []MissingDecision `json:"missing"`
	// Triage is the proposal from the form (domain.md b.6) and the highest
	// body whose decision is needed.
	ProposedTriage string `json:"proposed_triage"`
	HighestBody    string `json:"highest_body"`
	// The full path (decisionpath.go): every step of the collaboration's
	// life, what the gate waits for, the settings, and the triage from
	// the real triggers.
	All       []DecisionPathStep        `json:"all"`
	Gate      []MissingDecision         `json:"gate"`
	Settings  samverkan.PathSettings    `json:"settings"`
	Triage    samverkan.TriageProposal  `json:"triage"`
	Checklist []samverkan.ChecklistItem `json:"checklist"`
}

// AssessmentView is the pre-study with its computed economics.
type AssessmentView struct {
	samverkan.Assessment
	// PaybackYears is null when the one-off cost is never paid back.
	PaybackYears *float64 `json:"payback_years"`
	NPV          int64    `json:"npv"`
	NetAnnual    int64    `json:"net_annual"`
}

// DecisionItemView is a decision in a cross-collaboration list.
type DecisionItemView struct {
	samverkan.DecisionItem
	MunicipalityName string `json:"municipality_name"`
	// AgeDays is the number of days since the decision was registered.
	AgeDays int `json:"age_days"`
}

// Report938 is the yearly report on a municipality's avtalssamverkan that
// the executive board owes the council (KL 9 kap. 38 §).
type Report938 struct {
	Municipality     string `json:"municipality"`
	MunicipalityName string `json:"municipality_name"`
	// OfficialName is the legal name ("Gislaveds kommun") the report
	// goes under.
	OfficialName string                     `json:"official_name"`
	Year         int                        `json:"year"`
	Items        []*samverkan.Collaboration `json:"items"`
	// Rows carry, for each item in the same order, the municipality's
	// role, the term, its own cost and the latest follow-up.
	Rows []samverkan.Report938Row `json:"rows"`
	// Total counts the rows of every page; Next is the URL of the next
	// page, or null on the last (limit, offset, as every list).
	Total int     `json:"total"`
	Next  *string `json:"next"`
}

func (s *Server) missingView(r samverkan.RequiredDecision, lang string) MissingDecision {
	docs := r.Documents
	if docs == nil {
		docs = []string{}
	}
	return MissingDecision{
		Municipality: r.Municipality, MunicipalityName: s.cat.MunicipalityName(r.Municipality),
		Body: r.Body, BodyLabel: samverkan.Bodies.Label(r.Body, lang),
		Kind: r.Kind, KindLabel: samverkan.DecisionKinds.Label(r.Kind, lang),
		Documents: docs, Reference: r.Reference,
		Party: r.Party, Own: r.Own, AnyMember: r.AnyMember, Step: r.Step, Practice: r.Practice,
	}
}

// problemMissing completes a problem about missing decisions: the list of
// them, and the field message in the asked language.
func (s *Server) problemMissing(p *Problem, err error, lang string) {
	var se *samverkan.Error
	if !errors.As(err, &se) || len(se.Missing) == 0 {
		return
	}
	for _, m := range se.Missing {
		p.Missing = append(p.Missing, s.missingView(m, lang))
	}
	for i, f := range p.Errors {
		if f.Code == "decisions_missing" || f.Code == "leave_decisions_missing" || f.Code == "legal_force_missing" || f.Code == "decided_decisions_missing" {
			fe := samverkan.FieldError{Field: f.Field, Code: f.Code, Params: []any{samverkan.DescribeMissing(se.Missing, s.cat, lang)}}
			p.Errors[i].Message = fe.Message(lang)
		}
	}
	if lang == "en" {
		p.Detail = "Not every required decision has been taken with approval."
	}
}

func (s *Server) handleStatusChange(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var body StatusChange
	s.versionedWrite(w, r, s.collaborationRecord(id), &body, &body.Version, func(ctx context.Context, v int) error {
		_, err := s.store.ChangeStatus(ctx, id, v, body.Status, body.Date, body.Note)
		return err
	})
}

func (s *Server) handleDecisionPath(w http.ResponseWriter, r *http.Request) {
	c, err := s.collaboration(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	ds, err := s.store.Decisions(r.Context(), c.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	lang := langOf(r)
	out := DecisionPathView{CollaborationID: c.ID, LegalForm: c.LegalForm, Steps: []PathStep{}, Missing: []MissingDecision{}}
	path, ok := samverkan.DecisionPath(c)
	out.Known = ok
	opts := samverkan.PathOptions{OfPrinciple: c.OfPrinciple, ExternalDelegation: c.ExternalDelegation}
	out.ProposedTriage, out.HighestBody, _ = samverkan.ProposeTriage(c.LegalForm, opts)
	for _, st := range samverkan.MatchPath(path, ds) {
		step := PathStep{MissingDecision: s.missingView(st.Required, lang), Done: st.Done(), Decision: st.Decision}
		out.Steps = append(out.Steps, step)
		if !step.Done {
			out.Missing = append(out.Missing, step.MissingDecision)
		}
	}
	out.Complete = ok && len(out.Missing) == 0
	if err := s.fullPath(r.Context(), &out, c, ds, lang); err != nil {
		s.Error(w, r, err)
		return
	}
	s.respond(w, r, http.StatusOK, out)
}

// Decisions ---------------------------------------------------------------

func (s *Server) handleDecisionList(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	ds, err := s.store.Decisions(r.Context(), id)
	if err != nil {
		w.Header().Del("ETag")
		s.Error(w, r, err)
		return
	}
	s.respond(w, r, http.StatusOK, newList(ds, len(ds), nil))
}

func (s *Server) handleDecisionCreate(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var d samverkan.Decision
	if err := decode(w, r, &d); err != nil {
		s.Error(w, r, err)
		return
	}
	if d.CollaborationID != 0 && d.CollaborationID != id {
		s.Error(w, r, mismatch("collaboration_id", "id_mismatch"))
		return
	}
	d.ID, d.Version, d.CollaborationID = 0, 0, id
	if err := s.store.CreateDecision(writeContext(r), &d); err != nil {
		s.Error(w, r, err)
		return
	}
	s.send(w, r, http.StatusCreated, s.decisionRecord(d.ID))
}

func parseDecisionID(text string) (int64, error) {
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil || id < 1 {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Beslutet finns inte.")
	}
	return id, nil
}

func (s *Server) handleDecisionGet(w http.ResponseWriter, r *http.Request) {
	id, err := parseDecisionID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.decisionRecord(id))
}

func (s *Server) handleDecisionUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := parseDecisionID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var d samverkan.Decision
	s.versionedWrite(w, r, s.decisionRecord(id), &d, &d.Version, func(ctx context.Context, v int) error {
		if d.ID != 0 && d.ID != id {
			return mismatch("id", "id_mismatch")
		}
		d.ID, d.Version = id, v
		return s.store.UpdateDecision(ctx, &d)
	})
}

func (s *Server) handleDecisionDelete(w http.ResponseWriter, r *http.Request) {
	id, err := parseDecisionID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.versionedDelete(w, r, s.decisionRecord(id), func(ctx context.Context, v int) error {
		return s.store.DeleteDecision(ctx, id, v)
	})
}

// What is waiting for whom ------------------------------------------------

func (s *Server) handleNetworkDecisions(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if _, err := s.store.NetworkBySlug(r.Context(), slug); err != nil {
		s.Error(w, r, err)
		return
	}
	s.listDecisions(w, r, samverkan.DecisionFilter{Network: slug})
}

func (s *Server) handleMunicipalityDecisions(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipality(r)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Kommunen finns inte."))
		return
	}
	s.listDecisions(w, r, samverkan.DecisionFilter{Municipality: m.Code})
}

// listDecisions answers a cross-collaboration decision list, oldest
// registered first, each with its age in days.
func (s *Server) listDecisions(w http.ResponseWriter, r *http.Request, f samverkan.DecisionFilter) {
	switch v := r.URL.Query().Get("pending"); v {
	case "", "false":
	case "true":
		f.PendingOnly = true
	default:
		s.Error(w, r, badParam("pending", "invalid_boolean", v))
		return
	}
	// Ages change with the date, so the tag does too.
	today := samverkan.Today()
	if s.listNotModified(w, r, today.String()) {
		return
	}
	items, err := s.store.FindDecisions(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]DecisionItemView, len(items))
	for i, it := range items {
		out[i] = DecisionItemView{DecisionItem: it, MunicipalityName: s.cat.MunicipalityName(it.Municipality),
			AgeDays: daysBetween(samverkan.DateInSweden(it.Created), today)}
	}
	s.respond(w, r, http.StatusOK, newList(out, len(out), nil))
}

func daysBetween(from, to samverkan.Date) int {
	return max(0, int(math.Round(to.Time().Sub(from.Time()).Hours()/24)))
}

// Assessment --------------------------------------------------------------

func (s *Server) assessmentView(a *samverkan.Assessment) AssessmentView {
	if a.Organisation == nil {
		a.Organisation = []samverkan.OrgReadiness{}
	}
	if a.Effects == nil {
		a.Effects = []samverkan.PurposeEffect{}
	}
	if a.Risks == nil {
		a.Risks = []samverkan.Risk{}
	}
	v := AssessmentView{Assessment: *a, NPV: a.Economics.NPV(), NetAnnual: a.Economics.NetAnnual()}
	if years, ok := a.Economics.Payback(); ok {
		v.PaybackYears = &years
	}
	return v
}

func (s *Server) handleAssessmentGet(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.assessmentRecord(id))
}

// handleAssessmentPut creates the pre-study when the collaboration has
// none (no version given) or replaces it (the version read, in If-Match
// or the body).
func (s *Server) handleAssessmentPut(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var a samverkan.Assessment
	s.savedWrite(w, r, s.assessmentRecord(id), &a, &a.Version, false, http.StatusCreated, func() error {
		return ownedBy(&a.CollaborationID, id)
	}, func(ctx context.Context) error {
		return s.store.SaveAssessment(ctx, &a)
	})
}

// KL 9 kap. 38 § ------------------------------------------------------------

func (s *Server) handleReport938(w http.ResponseWriter, r *http.Request) {
	m, year, ok := s.reportTarget(w, r)
	if !ok {
		return
	}
	limit, offset, ok := s.reportPage(w, r)
	if !ok {
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	// Who takes part when chooses the rows (Report938Rows); the page's
	// records are then read whole and its rows made from them, with the
	// agreement's term from their documents (AgreementTerm).
	all, latest, err := s.oversightRecords(r.Context(), m.Code, year, samverkan.AgreementForms,
		[]string{samverkan.WithParticipants})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	allRows := samverkan.Report938RowsLatest(m.Code, year, all, latest, s.cat)
	chosen := pageOf(allRows, limit, offset)
	items := make([]*samverkan.Collaboration, len(chosen))
	for i, row := range chosen {
		items[i] = row.Collaboration
	}
	if items, err = s.wholeRecords(r.Context(), items); err != nil {
		s.Error(w, r, err)
		return
	}
	// The same records chosen again, now whole (one changed between the
	// two reads may drop out: the page then shows what it is now).
	rows := samverkan.Report938RowsLatest(m.Code, year, items, latest, s.cat)
	items = items[:0]
	for _, row := range rows {
		s.present(row.Collaboration)
		items = append(items, row.Collaboration)
	}
	if rows == nil {
		rows = []samverkan.Report938Row{}
	}
	v := Report938{Municipality: m.Code, MunicipalityName: m.Name,
		OfficialName: s.cat.MunicipalityOfficialName(m.Code), Year: year, Items: items, Rows: rows, Total: len(allRows),
		Next: nextPage(r, samverkan.CollaborationFilter{Limit: limit, Offset: offset}, len(rows), len(allRows))}
	blank := v
	blank.Items, blank.Rows = nil, slices.Clone(rows)
	for i := range blank.Rows {
		blank.Rows[i].Collaboration = nil
	}
	s.respondRecords(w, r, http.StatusOK, v, blank, recordsAt{list: "items", cs: items}, recordsAt{cs: items})
}

// OpenAPI -----------------------------------------------------------------

// pipelineSpec documents the pipeline's routes (newSpec calls it).
func pipelineSpec(sp *spec) {
	sp.param("pending", map[string]any{"description": "true: only decisions still pending (outcome vantar).", "schema": map[string]any{"type": "boolean", "default": false}})
	sp.param("year", map[string]any{"description": "A year. For report-9-38 the year the report covers (last year when absent); for a list, the records of that year (every year when absent).", "schema": map[string]any{"type": "integer", "minimum": 1900, "maximum": 2200}})

	sp.note("Decision.id", map[string]any{"readOnly": true})
	sp.note("Decision.collaboration_id", map[string]any{"description": "Set from the URL on create; a decision stays with its collaboration."})
	sp.note("Decision.municipality", map[string]any{"description": "Code of a participating municipality."})
	sp.note("Decision.body", sp.vocab("Body", samverkan.Bodies))
	sp.note("Decision.outcome", sp.vocab("Outcome", samverkan.Outcomes))
	sp.note("Decision.kind", sp.vocab("DecisionKind", samverkan.DecisionKinds))
	sp.note("Decision.document", sp.vocabOrEmpty("DocumentType", samverkan.DocumentTypes))
	sp.note("DecisionItem.collaboration_status", sp.vocab("CollaborationStatus", samverkan.StatusTerms()))
	sp.note("Decision.date", map[string]any{"description": "When it was taken (not in the future; null when unknown, as for a historical decision whose date no source gives) or, for a pending one, when it is expected."})
	sp.note("Decision.version", map[string]any{"description": "The version read; send it back on PUT (or use If-Match)."})
	sp.note("StatusChange.status", sp.vocab("CollaborationStatus", samverkan.StatusTerms()))
	sp.note("StatusChange.date", map[string]any{"description": "When the change happened; today when null. Not in the future."})
	sp.note("StatusChange.version", map[string]any{"description": "The collaboration's version read (or use If-Match)."})
	sp.note("Assessment.legal_feasibility", sp.vocabOrEmpty("Feasibility", samverkan.Feasibilities))
	sp.note("Assessment.procurement_basis", sp.vocabOrEmpty("ProcurementBasis", samverkan.ProcurementBases))
	sp.note("Assessment.recommended_form", sp.vocabOrEmpty("LegalForm", samverkan.LegalFormTerms()))
	sp.note("OrgReadiness.readiness", sp.vocabOrEmpty("Readiness", samverkan.Readiness))
	sp.note("PurposeEffect.effect", sp.vocab("Effect", samverkan.Effects))
	sp.note("Risk.category", sp.vocab("RiskCategory", samverkan.RiskCategories))
	sp.note("MissingDecision.body", sp.vocab("Body", samverkan.Bodies))
	sp.note("MissingDecision.kind", sp.vocab("DecisionKind", samverkan.DecisionKinds))
	sp.note("DecisionPathView.legal_form", sp.vocab("LegalForm", samverkan.LegalFormTerms()))
	sp.note("DecisionPathView.proposed_triage", described(sp.vocabOrEmpty("Triage", samverkan.Triages), "Empty when the legal form gives no proposal."))
	sp.note("DecisionPathView.highest_body", described(sp.vocabOrEmpty("Body", samverkan.Bodies), "Empty when no decision is needed or the form is not stated."))
	sp.note("Assessment.version", map[string]any{"description": "0 (or absent) to create; the version read to replace (or use If-Match)."})
	sp.note("AssessmentView.payback_years", map[string]any{"readOnly": true, "description": "One-off cost divided by (annual saving − annual cost), undiscounted; null when it never pays back."})
	sp.note("AssessmentView.npv", map[string]any{"readOnly": true, "description": "Net present value over economics.years at economics.discount_rate per cent, whole kronor."})
	sp.note("AssessmentView.net_annual", map[string]any{"readOnly": true, "description": "Annual saving minus annual cost."})
	sp.note("DecisionItemView.age_days", map[string]any{"readOnly": true, "description": "Days since the decision was registered."})
	sp.note("Problem.missing", map[string]any{"description": "On 409 for a status change: the required decisions not yet taken with approval."})

	decisionErrors := []int{400, 404, 413, 415, 422, 500}
	for pattern, d := range map[string]opDoc{
		"POST /api/v1/collaborations/{id}/status": {summary: "Move a collaboration to another lifecycle stage",
			description: "Pipeline stages move one step at a time (or back); beslutad, and igång from the pipeline, need every required decision approved. " +
				"409 lists the missing decisions in `missing`; 422 for an unknown status or a skipped stage. Records a dated status event with the note.",
			body: obj[StatusChange](), status: 200, result: obj[samverkan.Collaboration](),
			errors: append(decisionErrors, 409, 412, 428)},
		"GET /api/v1/collaborations/{id}/decision-path": {summary: "The decisions each participant must take, matched with those recorded",
			description: "From the legal form's rules (domain.md b), per participating municipality; `missing` lists what is not yet approved.",
			status:      200, result: obj[DecisionPathView](), errors: readErrors},
		"GET /api/v1/collaborations/{id}/decisions": {summary: "The collaboration's decisions, by date",
			status: 200, result: listOf[samverkan.Decision](), errors: readErrors},
		"POST /api/v1/collaborations/{id}/decisions": {summary: "Record a decision",
			description: "The municipality must take part; a taken decision is not dated in the future, and its date may be unknown (null).",
			body:        obj[samverkan.Decision](), status: 201, result: obj[samverkan.Decision](), errors: decisionErrors},
		"GET /api/v1/decisions/{id}": {summary: "Get a decision", status: 200,
			result: obj[samverkan.Decision](), errors: readErrors},
		"PUT /api/v1/decisions/{id}": {summary: "Replace a decision",
			description: "Needs the version read, in If-Match or the body's version.",
			body:        obj[samverkan.Decision](), status: 200, result: obj[samverkan.Decision](),
			errors: append(decisionErrors, 412, 428)},
		"DELETE /api/v1/decisions/{id}": {summary: "Delete a decision",
			description: "Needs the version read, in If-Match or ?version=.",
			status:      204, errors: []int{400, 404, 412, 428, 500}},
		"GET /api/v1/collaborations/{id}/assessment": {summary: "The pre-study (förstudie) with payback and net present value",
			status: 200, result: obj[AssessmentView](), errors: readErrors},
		"PUT /api/v1/collaborations/{id}/assessment": {summary: "Create or replace the pre-study",
			description: "Without a version it creates (201 with Location); with the version read (If-Match or body) it replaces (200).",
			body:        obj[samverkan.Assessment](), status: 200, created: true, result: obj[AssessmentView](),
			errors: append(decisionErrors, 412, 428)},
		"GET /api/v1/networks/{slug}/decisions": {summary: "Decisions on the network's collaborations, oldest registered first",
			description: "With pending=true: what is waiting for which body, with its age in days.",
			status:      200, result: listOf[DecisionItemView](), errors: readErrors},
		"GET /api/v1/municipalities/{code}/decisions": {summary: "A municipality's decisions, oldest registered first",
			description: "With pending=true: what is waiting for the municipality's bodies, with its age in days.",
			status:      200, result: listOf[DecisionItemView](), errors: readErrors},
		"GET /api/v1/municipalities/{code}/report-9-38": {summary: "The yearly report on avtalssamverkan (KL 9 kap. 38 §)",
			description: "The agreement-based collaborations (KL 9 kap. 37 § or other acts, and purchases of services from another municipality) the municipality took part in during the year as purchaser or provider (not as observer or funder). " +
				"`rows` give its role, the agreement's term, notice and renewal, external delegation, its own cost (its share by the cost key; null when unknown, never 0) and the latest follow-up. " +
				"`items` and `rows` come a page at a time (`limit`, `offset`; `next` is the next page's URL), `total` counts them all.",
			status: 200, result: obj[Report938](), errors: readErrors},
	} {
		sp.op(pattern, d)
	}
}
