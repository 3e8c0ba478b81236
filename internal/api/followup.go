package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// Follow-ups: one per collaboration and year (GET/PUT
// /collaborations/{id}/follow-ups/{year}), rolled up per purpose for a
// network (GET /networks/{slug}/follow-ups?year=).

// FollowUpRollupView is a network's follow-ups of a year, rolled up per
// purpose, with the follow-ups themselves.
type FollowUpRollupView struct {
	Network  string                   `json:"network"`
	Purposes []string                 `json:"purposes"`
	Rollup   samverkan.FollowUpRollup `json:"rollup"`
	Items    []*samverkan.FollowUp    `json:"items"`
}

func parseYear(text string) (int, error) {
	y, err := strconv.Atoi(text)
	if err != nil || y < samverkan.FirstFollowUpYear || y > samverkan.MaxYear {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Året finns inte.")
	}
	return y, nil
}

func (s *Server) followUpRecord(id int64, year int) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			ss, err := s.steering()
			if err != nil {
				return nil, 0, err
			}
			f, err := ss.FollowUp(ctx, id, year)
			if err != nil {
				return nil, 0, err
			}
			return f, f.Version, nil
		},
		path: "/api/v1/collaborations/" + strconv.FormatInt(id, 10) + "/follow-ups/" + strconv.Itoa(year),
	}
}

func (s *Server) followUpPath(r *http.Request) (int64, int, error) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return 0, 0, err
	}
	year, err := parseYear(r.PathValue("year"))
	if err != nil {
		return 0, 0, err
	}
	if _, err := s.store.CollaborationByID(r.Context(), id); err != nil {
		return 0, 0, err
	}
	return id, year, nil
}

func (s *Server) handleFollowUpGet(w http.ResponseWriter, r *http.Request) {
	id, year, err := s.followUpPath(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.followUpRecord(id, year))
}

// handleFollowUpPut creates the follow-up (no version) or replaces it
// (the version read, in If-Match or the body).
func (s *Server) handleFollowUpPut(w http.ResponseWriter, r *http.Request) {
	ss, err := s.steering()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	id, year, err := s.followUpPath(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var f samverkan.FollowUp
	if err := decode(w, r, &f); err != nil {
		s.Error(w, r, err)
		return
	}
	if f.CollaborationID != 0 && f.CollaborationID != id {
		s.Error(w, r, mismatch("collaboration_id", "id_mismatch"))
		return
	}
	if f.Year != 0 && f.Year != year {
		s.Error(w, r, mismatch("year", "id_mismatch"))
		return
	}
	f.CollaborationID, f.Year = id, year
	status := http.StatusOK
	if r.Header.Get("If-Match") == "" && f.Version == 0 {
		status = http.StatusCreated
	} else if f.Version, err = writeVersion(r, f.Version); err != nil {
		s.Error(w, r, err)
		return
	}
	s.commit(w, r, s.followUpRecord(id, year), status, func(ctx context.Context) error {
		return ss.SaveFollowUp(ctx, &f)
	})
}

func (s *Server) handleNetworkFollowUps(w http.ResponseWriter, r *http.Request) {
	ss, err := s.steering()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	year := samverkan.Today().Year() - 1
	if v := r.URL.Query().Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.Error(w, r, badParam("year", "invalid_integer", v))
			return
		}
		if n < 1900 || n > 2200 {
			s.Error(w, r, badParam("year", "out_of_range", 1900, 2200))
			return
		}
		year = n
	}
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	scope := samverkan.RefFilter{Network: n.Slug}
	refs, err := ss.CollaborationRefs(r.Context(), scope)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	fus, err := ss.ScopeFollowUps(r.Context(), scope, year)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	emptyNotNil(&fus)
	purposes := n.PurposeTexts()
	s.respond(w, r, http.StatusOK, FollowUpRollupView{Network: n.Slug, Purposes: purposes,
		Rollup: samverkan.RollUp(purposes, year, refs, fus), Items: fus})
}

func (s *Server) handleAnnualReport(w http.ResponseWriter, r *http.Request) {
	year, err := parseYear(r.PathValue("year"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if s.listNotModified(w, r) {
		return
	}
	rep, err := samverkan.BuildAnnualReport(r.Context(), s.store, r.PathValue("slug"), year)
	if err != nil {
		w.Header().Del("ETag")
		s.Error(w, r, err)
		return
	}
	for i := range rep.Members {
		rep.Members[i].Name = s.cat.MunicipalityName(rep.Members[i].Code)
	}
	s.respond(w, r, http.StatusOK, rep)
}

// followUpSpec documents the follow-ups and the annual report.
func followUpSpec(sp *spec) {
	sp.note("FollowUp.collaboration_id", map[string]any{"description": "Set from the URL."})
	sp.note("FollowUp.year", map[string]any{"description": "Set from the URL."})
	sp.note("FollowUp.version", map[string]any{"description": "0 (or absent) to create; the version read to replace (or use If-Match)."})
	sp.note("FollowUp.budget", map[string]any{"description": "The year's budget in whole kronor; null when unknown.", "minimum": 0, "maximum": int64(samverkan.MaxAmount)})
	sp.note("FollowUp.cost", map[string]any{"description": "The year's actual cost in whole kronor; null when unknown.", "minimum": 0, "maximum": int64(samverkan.MaxAmount)})
	sp.note("FollowUp.assessments", map[string]any{"maxItems": samverkan.MaxPurposes})
	sp.note("FollowUp.indicators", map[string]any{"maxItems": samverkan.MaxIndicators})
	sp.note("PurposeAssessment.purpose", map[string]any{"description": "The text of one of the purposes of the collaboration's networks."})
	sp.note("PurposeAssessment.score", map[string]any{"minimum": 0, "maximum": samverkan.MaxContribution,
		"description": "0 not assessed (kept apart from a low score), 1 no contribution, 2 weak, 3 clear, 4 strong."})
	sp.note("PurposeRollup.counts", map[string]any{"description": "Follow-ups per score 0–4; 0 also counts follow-ups that do not name the purpose."})
	sp.note("PurposeRollup.mean", map[string]any{"description": "Mean of the scores 1–4, one decimal; null when none is assessed."})
	sp.note("PurposeRollup.weak", map[string]any{"description": "Collaborations with score 1 or 2."})
	sp.note("FollowUpRollup.missing", map[string]any{"description": "Collaborations that ran during the year without a follow-up."})
	sp.note("FollowUpRollup.budget", map[string]any{"description": "Sum over the follow-ups that state both budget and cost."})
	sp.note("AnnualReport.host", map[string]any{"description": "Code of the year's host municipality; empty when not recorded."})
	sp.note("AnnualReport.chair", map[string]any{"description": "Code of the year's chair municipality; empty when not recorded."})
	sp.note("AnnualReport.risks", map[string]any{"description": "Open risks and obstacles of the network and its collaborations, gravest first."})
	sp.note("AnnualReport.meetings", map[string]any{"description": "Meetings that started in the year, oldest first."})
	sp.note("AnnualReport.advocacy", map[string]any{"description": "Advocacy issues not closed, or with an action dated in the year."})
	sp.note("ReportRisk.score", map[string]any{"description": "Likelihood × impact (1–25); null while either is unknown."})
	sp.note("ReportRisk.overdue", map[string]any{"description": "The review date had passed, the risk still open, at the end of the year (today for the running year)."})
	sp.note("ReportAdvocacy.year_actions", map[string]any{"description": "The issue's actions dated in the year."})
	sp.note("ReportWorkGroup.meetings_in_year", map[string]any{"description": "How many of the year's meetings the group held."})
	sp.note("AnnualReport.titles", map[string]any{"description": "Title of every collaboration the report names by id.", "propertyNames": map[string]any{"pattern": "^[0-9]+$"}})

	fuErrors := []int{400, 404, 413, 415, 422, 500}
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/collaborations/{id}/follow-ups/{year}": {summary: "A collaboration's follow-up of a year",
			status: 200, result: obj[samverkan.FollowUp](), errors: readErrors},
		"PUT /api/v1/collaborations/{id}/follow-ups/{year}": {summary: "Create or replace a collaboration's follow-up of a year",
			description: "Without a version it creates (201 with Location); with the version read (If-Match or body) it replaces (200). " +
				"Each assessment names one of the purposes of the collaboration's networks.",
			body: obj[samverkan.FollowUp](), status: 200, created: true, result: obj[samverkan.FollowUp](),
			errors: append(fuErrors, 412, 428)},
		"GET /api/v1/networks/{slug}/follow-ups": {summary: "The network's follow-ups of a year, rolled up per purpose",
			description: "How many collaborations contribute to each purpose and how strongly, where it is weak, and which were not followed up. Last year when year is absent.",
			status:      200, result: obj[FollowUpRollupView](), errors: readErrors},
		"GET /api/v1/networks/{slug}/report/{year}": {summary: "The network's annual report (verksamhetsberättelse)",
			description: "Members and host, plan progress, follow-up per purpose, collaborations started and ended, decisions taken, open risks and obstacles (likelihood × impact, overdue reviews), the year's meetings with their hosts, work groups and advocacy: the printable page /natverk/{slug}/verksamhetsberattelse/{year} as JSON.",
			status:      200, result: obj[samverkan.AnnualReport](), errors: readErrors},
	} {
		sp.op(pattern, d)
	}
}
