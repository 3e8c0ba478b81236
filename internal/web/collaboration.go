package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan"
)

// flashes are the confirmations a redirect after a write may show
// (?klart=...); only these keys are shown, so the parameter cannot inject text.
var flashes = map[string]string{
	"skapad":    "flash.created",
	"sparad":    "flash.saved",
	"borttagen": "flash.deleted",
	// The lifecycle (lifecycle.go) and the history (history.go).
	"status":           "flash.status",
	"beslut":           "flash.decision",
	"beslut-borttaget": "flash.decision_deleted",
	"forstudie":        "flash.assessment",
	"representation":   "rep.flash",
	// The network's own life (risk.go, meeting.go, workgroup.go, advocacy.go).
	"risk-ny":               "netlife.flash.risk",
	"risk-borttagen":        "netlife.flash.risk_deleted",
	"mote-nytt":             "netlife.flash.meeting",
	"mote-borttaget":        "netlife.flash.meeting_deleted",
	"arbetsgrupp-ny":        "netlife.flash.group",
	"arbetsgrupp-borttagen": "netlife.flash.group_deleted",
	"paverkan-ny":           "netlife.flash.issue",
	"paverkan-borttagen":    "netlife.flash.issue_deleted",
	"aterstalld":            "hist.flash.restored",
}

func flash(r *http.Request) string {
	if k, ok := flashes[r.URL.Query().Get("klart")]; ok {
		return tr(langOf(r), k)
	}
	return ""
}

// collabID reads the {id} path value; a malformed id is simply not found.
func collabID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Samverkan finns inte.")
	}
	return id, nil
}

// collabFromPath loads the collaboration named by the {id} path value.
func (s *server) collabFromPath(r *http.Request) (*samverkan.Collaboration, error) {
	id, err := collabID(r)
	if err != nil {
		return nil, err
	}
	c, err := s.store.CollaborationByID(r.Context(), id)
	if err != nil {
		return nil, fmt.Errorf("web: collaboration %d: %w", id, err)
	}
	return c, nil
}

// postedVersion parses a posted form and reads the version of the record
// it was made from, which the store checks so that nobody writes over a
// change they have not seen. A form without one is bad input.
func postedVersion(r *http.Request) (int, error) {
	if err := parseForm(r); err != nil {
		return 0, err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return 0, samverkan.Errorf(samverkan.EINVALID, "version saknas")
	}
	return version, nil
}

// postedChange reads a posted form that changes the collaboration of the
// path: the version it was made from, then the collaboration as stored.
func (s *server) postedChange(r *http.Request) (*samverkan.Collaboration, int, error) {
	version, err := postedVersion(r)
	if err != nil {
		return nil, 0, err
	}
	c, err := s.collabFromPath(r)
	if err != nil {
		return nil, 0, err
	}
	return c, version, nil
}

type collabPage struct {
	C         *samverkan.Collaboration
	Status    string // the status, with its phase when that says more
	Phase     string
	Sources   []sourceView
	Form      samverkan.LegalForm
	Networks  []networkRef
	Events    []eventView
	Members   []samverkan.Participant // municipalities
	Parties   []samverkan.Participant // external parties
	HasCost   bool
	BackHref  string
	BackLabel string
	Life      *lifecycleView // stepper, triage, decision path, decisions
	Risks     *collabRisks   // its risks and obstacles (risk.go)
	Costs     *costSection   // its cost split of a year (costshare.go)
	Rep       *repSection    // seats and data protection (representation.go)
}

type networkRef struct{ Slug, Name string }

type eventView struct {
	samverkan.Event
	Subject, From, To string
}

func (s *server) handleCollaborationShow(w http.ResponseWriter, r *http.Request) {
	c, err := s.collabFromPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.showCollaboration(w, r, http.StatusOK, c, nil)
}

// collabData gathers what the collaboration page shows of the record; the
// lifecycle part is added by showCollaboration.
func (s *server) collabData(r *http.Request, c *samverkan.Collaboration) (collabPage, error) {
	events, err := s.store.CollaborationEvents(r.Context(), c.ID)
	if err != nil {
		return collabPage{}, err
	}
	nets, err := s.networkRefs(r, c.Networks)
	if err != nil {
		return collabPage{}, err
	}
	lang := langOf(r)
	d := collabPage{C: c, Networks: nets, Events: s.eventViews(events, lang), Sources: sourceViews(c.Sources, lang)}
	d.Status, d.Phase = statusAndPhase(c.Status, lang)
	if d.Risks, err = s.collabRiskSection(r.Context(), principal(r), c, lang); err != nil {
		return collabPage{}, err
	}
	if d.Costs, err = s.costSection(r, c, costYearParam(r)); err != nil {
		return collabPage{}, err
	}
	if d.Rep, err = s.representationSection(r, c, lang); err != nil {
		return collabPage{}, err
	}
	d.Form, _ = samverkan.FindLegalForm(c.LegalForm)
	for _, p := range c.Participants {
		if p.Code != "" {
			d.Members = append(d.Members, p)
		} else {
			d.Parties = append(d.Parties, p)
		}
	}
	return d, nil
}

// networkNames maps every network's slug to its name.
func (s *server) networkNames(r *http.Request) (map[string]string, error) {
	all, err := samverkan.NetworkHeads(r.Context(), s.store)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(all))
	for _, n := range all {
		names[n.Slug] = n.Name
	}
	return names, nil
}

// networkRefs names the networks with the given slugs, in that order.
func (s *server) networkRefs(r *http.Request, slugs []string) ([]networkRef, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	all, err := samverkan.NetworkHeads(r.Context(), s.store)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, n := range all {
		names[n.Slug] = n.Name
	}
	out := make([]networkRef, 0, len(slugs))
	for _, sl := range slugs {
		name := names[sl]
		if name == "" {
			name = sl
		}
		out = append(out, networkRef{sl, name})
	}
	return out, nil
}

// eventViews labels the codes an event carries: a municipality subject by
// name, a status or legal form change by its labels.
func (s *server) eventViews(events []samverkan.Event, lang string) []eventView {
	out := make([]eventView, len(events))
	for i, e := range events {
		v := eventView{Event: e, Subject: e.Subject, From: e.From, To: e.To}
		if _, ok := s.cat.Municipality(e.Subject); ok {
			v.Subject = s.cat.MunicipalityName(e.Subject)
		}
		if vocab, ok := eventVocab[e.Kind]; ok {
			v.From, v.To = vocab.Label(e.From, lang), vocab.Label(e.To, lang)
		}
		v.Note = readable(e.Note)
		out[i] = v
	}
	return out
}

// handleCollaborationDeleteConfirm asks before deleting; the form carries
// the version the user saw.
func (s *server) handleCollaborationDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	c, err := s.collabFromPath(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "delete", page{Title: tr(langOf(r), "delete.title", c.Title), Data: deletePage{C: c, Version: c.Version}})
}

type deletePage struct {
	C       *samverkan.Collaboration
	Version int
	Stale   bool
}

func (s *server) handleCollaborationDelete(w http.ResponseWriter, r *http.Request) {
	c, version, err := s.postedChange(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = s.store.DeleteCollaboration(writeCtx(r), c.ID, version)
	if samverkan.ErrorCode(err) == samverkan.ESTALE {
		s.render(w, r, http.StatusConflict, "delete", page{Title: tr(langOf(r), "delete.title", c.Title),
			Data: deletePage{C: c, Version: c.Version, Stale: true}})
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	next := "/"
	if len(c.Networks) > 0 {
		next = "/natverk/" + url.PathEscape(c.Networks[0])
	}
	http.Redirect(w, r, next+"?klart=borttagen", http.StatusSeeOther)
}
