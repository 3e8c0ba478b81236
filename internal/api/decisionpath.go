package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The decision path's own endpoints (issue 13): the path settings of a
// collaboration and the table of legal references the path cites.

// DecisionPathStep is one requirement of the full path, with the step of
// the collaboration's life it belongs to and the legal force of the
// decision that meets it.
type DecisionPathStep struct {
	PathStep
	StepLabel string `json:"step_label"`
	// LegalForce is the date the decision gains legal force: entered, or
	// three weeks after its anslag (KL 13 kap. 5 §); null when unknown.
	LegalForce   samverkan.Date `json:"legal_force"`
	ConditionMet bool           `json:"condition_met"`
}

// pathSettingsRecord is the record of PUT …/decision-settings.
func (s *Server) pathSettingsRecord(id int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			ps, err := s.store.PathSettings(ctx, id)
			return ps, ps.Version, err
		},
		path: "/api/v1/collaborations/" + strconv.FormatInt(id, 10) + "/decision-settings",
	}
}

func (s *Server) handlePathSettingsGet(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.pathSettingsRecord(id))
}

// handlePathSettingsPut writes the settings: version 0 while none are
// saved, then the version read (If-Match or body).
func (s *Server) handlePathSettingsPut(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var ps samverkan.PathSettings
	s.savedWrite(w, r, s.pathSettingsRecord(id), &ps, &ps.Version, false, http.StatusOK, func() error {
		return ownedBy(&ps.CollaborationID, id)
	}, func(ctx context.Context) error {
		return s.store.SavePathSettings(ctx, &ps)
	})
}

func (s *Server) handleLegalRefs(w http.ResponseWriter, r *http.Request) {
	s.respondStatic(w, r, newList(samverkan.LegalRefs, len(samverkan.LegalRefs), nil))
}

// fullPath fills the view's full path, its settings, the triage from the
// triggers and the gate's missing decisions (StepFound, legal force
// included when the settings ask for it).
func (s *Server) fullPath(ctx context.Context, out *DecisionPathView, c *samverkan.Collaboration, ds []samverkan.Decision, lang string) error {
	ps, err := s.store.PathSettings(ctx, c.ID)
	if err != nil {
		return err
	}
	a, err := s.store.Assessment(ctx, c.ID)
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
		a, err = nil, nil
	}
	if err != nil {
		return err
	}
	out.Settings = ps
	out.Triage = samverkan.ProposeTriageFor(c, a, ps)
	if out.Triage.Triggers == nil {
		out.Triage.Triggers = []string{}
	}
	out.All, out.Gate = []DecisionPathStep{}, []MissingDecision{}
	out.Checklist = samverkan.PostDecisionChecklist(c, ps, ds)
	if out.Checklist == nil {
		out.Checklist = []samverkan.ChecklistItem{}
	}
	full, ok := samverkan.FullPath(c, ps)
	if !ok {
		return nil
	}
	for _, st := range samverkan.MatchPath(full, ds) {
		step := DecisionPathStep{PathStep: PathStep{MissingDecision: s.missingView(st.Required, lang), Done: st.Done(), Decision: st.Decision},
			StepLabel: samverkan.PathSteps.Label(st.Required.Step, lang), ConditionMet: st.ConditionMet}
		if st.Decision != nil {
			step.LegalForce, _ = st.Decision.LegalForce()
		}
		out.All = append(out.All, step)
	}
	found, _ := samverkan.StepPath(c, ps, samverkan.StepFound)
	missing, noForce := samverkan.Missing(samverkan.MatchPath(found, ds), ps.RequireLegalForce, samverkan.Today())
	for _, m := range append(missing, noForce...) {
		out.Gate = append(out.Gate, s.missingView(m, lang))
	}
	return nil
}

// decisionPathSpec documents the routes of this file and the fields the
// decision path added (newSpec calls it).
func decisionPathSpec(sp *spec) {
	sp.note("Decision.owner", described(sp.vocab("DecisionOwner", samverkan.DecisionOwners),
		"Derived: kommun when municipality is given, part when party is given, samverkan (the collaboration's own body, e.g. a förbundsdirektion) when neither."))
	sp.note("Decision.party", map[string]any{"description": "A participating party that decided (a region, a state agency), as named among the participants."})
	sp.note("Decision.date_unknown", map[string]any{"description": "True for a taken decision whose date nobody knows (date null); never an invented date."})
	sp.note("Decision.announced_on", map[string]any{"description": "The day the justering of the protokoll was announced on the anslagstavla; the three weeks for appeal run from it (KL 13 kap. 5 §)."})
	sp.note("Decision.appealed", map[string]any{"description": "The decision was appealed: no legal force until legal_force_on is entered."})
	sp.note("Decision.legal_force_on", map[string]any{"description": "Overrides the computed date of legal force."})
	sp.note("Decision.condition", map[string]any{"description": "For outcome villkorat: the condition, e.g. that the other members decide likewise."})
	sp.note("MissingDecision.step", sp.vocabOrEmpty("PathStep", samverkan.PathSteps))
	sp.note("DecisionPathStep.legal_force", map[string]any{"readOnly": true, "description": "When the decision gains legal force; null when unknown (not announced, appealed, pending)."})
	sp.note("DecisionPathView.all", map[string]any{"description": "Every step of the collaboration's life: formation, start, every year, change, leaving, dissolution."})
	sp.note("DecisionPathView.gate", map[string]any{"description": "What the gate for beslutad and igång still waits for, legal force included when the settings require it."})
	sp.note("TriageProposal.triage", sp.vocab("Triage", samverkan.Triages))
	sp.note("TriageProposal.triggers", map[string]any{"description": "Codes of TriageTriggers: form, tasks, public_authority, external_delegation, of_principle, money, staff."})
	sp.note("ChecklistItem.code", sp.vocab("ChecklistItem", samverkan.ChecklistItems))
	sp.note("ChecklistItem.known", map[string]any{"description": "False when the register cannot tell (done is then false)."})
	sp.note("DecisionPathView.checklist", map[string]any{"description": "What usually remains after the decisions for the form: organisation number, elections, auditors, staff, the governing document, the delegation order, the 9:38 report."})
	sp.note("PathSettings.org_number", map[string]any{"description": "Organisation number NNNNNN-NNNN, once SCB has given one (a kommunalförbund after the members' decisions)."})
	sp.note("PathSettings.version", map[string]any{"description": "0 while none are saved; then the version read (or If-Match)."})
	sp.note("LegalRef.sources", map[string]any{"description": "Tags of research/domain.md's source list (S4) or addresses."})

	for pattern, d := range map[string]opDoc{
		"GET /api/v1/collaborations/{id}/decision-settings": {summary: "The decision path's settings: staff moving, legal force required, organisation number",
			status: 200, result: obj[samverkan.PathSettings](), errors: readErrors},
		"PUT /api/v1/collaborations/{id}/decision-settings": {summary: "Save the decision path's settings",
			description: "Version 0 while none are saved, then the version read (If-Match or body). With require_legal_force the gate for beslutad and igång waits for legal force.",
			body:        obj[samverkan.PathSettings](), status: 200, result: obj[samverkan.PathSettings](),
			errors: []int{400, 404, 412, 413, 415, 422, 428, 500}},
		"GET /api/v1/legal-references": {summary: "The legal references the decision path cites, with their sources",
			status: 200, result: listOf[samverkan.LegalRef](), errors: []int{500}},
	} {
		sp.op(pattern, d)
	}
}
