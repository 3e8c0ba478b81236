package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The decision path (issue 13): every step of a collaboration's life from
// formation to dissolution, who decides, on what legal ground, whether the
// decision has gained legal force, and the path's settings.

// pathSettingsView is the settings form under the path.
type pathSettingsView struct {
	samverkan.PathSettings
	Action string
	Errors formErrors
}

// pathFacts are the decision path's figures beside the table: the
// financing split of a Finsam federation, and what a Finsam federation
// still lacks among its members.
type pathFacts struct {
	FinsamShares  bool
	FinsamMissing []string
}

// fullPathView builds the path of every step, with the settings read from
// the store. Rows of formation and start are "missing" when not met; the
// later steps are shown as what will be needed, never as red.
func (s *server) fullPathView(r *http.Request, c *samverkan.Collaboration, decisions []samverkan.Decision, lang string) (pathView, error) {
	id := strconv.FormatInt(c.ID, 10)
	pv := pathView{FormLabel: vocabularies["legal_form"].Label(c.LegalForm, lang), NewDecHref: "/samverkan/" + id + "/beslut/ny"}
	ps, err := s.store.PathSettings(r.Context(), c.ID)
	if err != nil {
		return pv, err
	}
	pv.Settings = pathSettingsView{PathSettings: ps, Action: "/samverkan/" + id + "/beslutsvag"}
	if c.LegalForm == samverkan.FormFinsam {
		pv.Facts.FinsamShares = true
		for _, m := range samverkan.FinsamMembersOK(c) {
			pv.Facts.FinsamMissing = append(pv.Facts.FinsamMissing, tr(lang, "path.finsam."+m))
		}
	}
	if c.Status == samverkan.StatusDecided || c.Phase() == samverkan.PhaseRunning {
		for _, it := range samverkan.PostDecisionChecklist(c, ps, decisions) {
			pv.Checklist = append(pv.Checklist, checkView{Label: samverkan.ChecklistItems.Label(it.Code, lang), Done: it.Done, Known: it.Known})
		}
	}
	path, ok := samverkan.FullPath(c, ps)
	if !ok {
		return pv, nil
	}
	pv.Known = true
	pv.Unregistered = samverkan.DecisionsUnregistered(c)
	today := today()
	for _, st := range samverkan.MatchPath(path, decisions) {
		req := st.Required
		docs := make([]string, len(req.Documents))
		for i, d := range req.Documents {
			docs[i] = vocabularies["doc_type"].Label(d, lang)
		}
		q := url.Values{"organ": {req.Body}, "typ": {req.Kind}}
		who := s.cat.MunicipalityName(req.Municipality)
		switch {
		case req.Municipality != "":
			q.Set("kommun", req.Municipality)
		case req.Party != "":
			q.Set("kommun", "part:"+req.Party)
			who = req.Party
		case req.Own:
			q.Set("kommun", "egen")
			who = tr(lang, "path.own")
		case req.AnyMember:
			who = tr(lang, "path.any")
		}
		if len(req.Documents) > 0 {
			q.Set("dokument", req.Documents[0])
		}
		row := pathRow{Municipality: req.Municipality, MuniName: who, Body: req.Body, Kind: req.Kind,
			Documents: strings.Join(docs, ", "), Reference: req.Reference, Decision: st.Decision, Done: st.Done(),
			NewHref: pv.NewDecHref + "?" + q.Encode(), Step: vocabularies["path_step"].Label(req.Step, lang),
			Gate: req.Step == samverkan.StepFound || req.Step == samverkan.StepStart, Practice: req.Practice}
		if st.Decision != nil {
			if on, known := st.Decision.LegalForce(); known {
				row.LegalForce = on
				row.InForce = !on.After(today)
			}
			row.Conditional = st.Decision.Outcome == samverkan.OutcomeConditional
			row.ConditionMet = st.ConditionMet
		}
		if row.Gate && !row.Practice {
			pv.Total++
			if row.Done {
				pv.Done++
			}
		}
		pv.Rows = append(pv.Rows, row)
	}
	return pv, nil
}

// triggerLabels are the triage triggers of the proposal, as labels.
func triggerLabels(p samverkan.TriageProposal, lang string) []string {
	out := make([]string, len(p.Triggers))
	for i, t := range p.Triggers {
		out[i] = samverkan.TriageTriggers.Label(t, lang)
	}
	return out
}

// handlePathSettings saves the path's settings from the form under the
// path and shows the collaboration again.
func (s *server) handlePathSettings(w http.ResponseWriter, r *http.Request) {
	c, version, err := s.postedChange(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := r.PostForm
	ps := samverkan.PathSettings{CollaborationID: c.ID, Version: version, StaffTransfer: v.Get("staff_transfer") != "",
		RequireLegalForce: v.Get("require_legal_force") != "", OrgNumber: strings.TrimSpace(v.Get("org_number"))}
	err = s.store.SavePathSettings(writeCtx(r), &ps)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/samverkan/"+strconv.FormatInt(c.ID, 10)+"?klart=beslutsvag#beslutsvag", http.StatusSeeOther)
	case samverkan.EINVALID, samverkan.ESTALE:
		lang := langOf(r)
		status := http.StatusUnprocessableEntity
		if samverkan.ErrorCode(err) == samverkan.ESTALE {
			status = http.StatusConflict
		}
		d, derr := s.collabData(r, c)
		if derr == nil {
			d.Life, derr = s.lifecycle(r, c, nil)
		}
		if derr != nil {
			s.error(w, r, derr)
			return
		}
		d.Life.CanEdit = samverkan.CanEdit(principal(r), c)
		set := &d.Life.Path.Settings
		set.StaffTransfer, set.RequireLegalForce, set.OrgNumber = ps.StaffTransfer, ps.RequireLegalForce, ps.OrgNumber
		for _, fe := range samverkan.FieldErrors(err) {
			set.Errors.add("ps-"+fe.Field, tr(lang, "path.settings."+fe.Field), fe.Message(lang))
		}
		if !set.Errors.Any() {
			set.Errors.add("", "", samverkan.ErrorMessage(err))
		}
		s.render(w, r, status, "collaboration", page{Title: tr(lang, "form.title.error", c.Title), Data: d})
	default:
		s.error(w, r, err)
	}
}

// decisionPathMessages are the texts of the full decision path.
var decisionPathMessages = map[string][2]string{
	"path.checklist":                    {"Efter besluten", "After the decisions"},
	"path.check.done":                   {"Klart", "Done"},
	"path.check.todo":                   {"Återstår", "To do"},
	"path.check.unknown":                {"Okänt", "Unknown"},
	"path.col.step":                     {"Skede", "Stage"},
	"path.col.who":                      {"Vem beslutar", "Who decides"},
	"path.own":                          {"Samverkans eget organ", "The collaboration's own body"},
	"path.any":                          {"En av medlemmarna", "One of the members"},
	"path.later":                        {"När det blir aktuellt", "When it arises"},
	"path.practice":                     {"Praxis, inget lagkrav", "Practice, not required by law"},
	"path.summary.gate":                 {"%d av %d beslut för bildande och start är fattade med bifall.", "%d of %d decisions for formation and start are approved."},
	"path.legal_force":                  {"Laga kraft %s", "Legal force %s"},
	"path.legal_force.pending":          {"vinner laga kraft %s", "gains legal force %s"},
	"path.legal_force.unknown":          {"laga kraft okänd", "legal force unknown"},
	"path.condition.met":                {"villkoret uppfyllt", "condition met"},
	"path.condition.open":               {"villkoret väntar på de andras beslut", "condition waits for the others' decisions"},
	"path.triggers":                     {"Skäl: %s.", "Reasons: %s."},
	"path.finsam.shares":                {"Finansieringen är fast i lag: staten hälften, regionen en fjärdedel och kommunerna en fjärdedel (lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser).", "The financing is fixed by law: the state half, the region a quarter and the municipalities a quarter (Act 2003:1210)."},
	"path.finsam.missing":               {"Medlemmar som saknas i samordningsförbundet: %s.", "Members missing from the coordination federation: %s."},
	"path.finsam.forsakringskassan":     {"Försäkringskassan", "Försäkringskassan"},
	"path.finsam.arbetsformedlingen":    {"Arbetsförmedlingen", "Arbetsförmedlingen"},
	"path.finsam.region":                {"minst en region", "at least one region"},
	"path.finsam.kommun":                {"minst en kommun", "at least one municipality"},
	"path.settings.legend":              {"Beslutsvägens inställningar", "Settings of the decision path"},
	"path.settings.staff_transfer":      {"Personal går över till en annan arbetsgivare (MBL-förhandling före beslut, övergång enligt LAS 6 b §)", "Staff move to another employer (union negotiation before the decision, transfer under LAS § 6 b)"},
	"path.settings.require_legal_force": {"Statusbyte till beslutad och igång kräver att besluten vunnit laga kraft", "Moving to decided and running requires the decisions to have gained legal force"},
	"path.settings.org_number":          {"Organisationsnummer", "Organisation number"},
	"path.settings.org_number.hint":     {"Tio siffror, NNNNNN-NNNN. Ett kommunalförbund får sitt av SCB efter medlemmarnas beslut.", "Ten digits, NNNNNN-NNNN. A federation gets one from SCB after the members' decisions."},
	"path.settings.save":                {"Spara inställningarna", "Save the settings"},
	"flash.beslutsvag":                  {"Beslutsvägens inställningar är sparade.", "The decision path's settings are saved."},
	"dec.legend.force":                  {"Anslag och laga kraft", "Announcement and legal force"},
	"dec.field.announced_on":            {"Anslaget (justering tillkännagiven)", "Announced (justering posted)"},
	"dec.announced_on.hint":             {"Överklagandetiden är tre veckor från anslaget (KL 13 kap. 5 §); laga kraft räknas ut.", "The time for appeal is three weeks from the announcement (KL ch. 13 § 5); legal force is computed."},
	"dec.field.appealed":                {"Beslutet är överklagat", "The decision was appealed"},
	"dec.field.legal_force_on":          {"Laga kraft (ange om annat än uträknat)", "Legal force (give if other than computed)"},
	"dec.field.condition":               {"Villkor", "Condition"},
	"dec.condition.hint":                {"För ”bifall med villkor”: till exempel att övriga medlemmar fattar likalydande beslut.", "For “approved on condition”: for example that the other members decide likewise."},
	"dec.field.diarienummer":            {"Diarienummer", "Case number"},
	"dec.field.owner":                   {"Kommun, part eller samverkans organ", "Municipality, party or the collaboration's body"},
	"dec.owner.hint":                    {"Kommuner och parter som deltar, eller samverkans eget organ (förbundsdirektion, gemensam nämnd).", "Participating municipalities and parties, or the collaboration's own body (board, joint committee)."},
	"dec.owner.own":                     {"Samverkans eget organ", "The collaboration's own body"},
	"dec.date_unknown":                  {"Datum okänt", "Date unknown"},
}
