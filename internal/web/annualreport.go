package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The network's annual report (verksamhetsberättelse) of a year, a
// printable page (A4, with the network's name and year on every page and
// page numbers) built from samverkan.BuildAnnualReport, which the API
// shows as JSON.

type annualPage struct {
	R          *samverkan.AnnualReport
	Years      []option
	Generated  string
	Members    []memberView
	Priorities []annualPriority
	Followed   []rollupRow
	Decisions  []annualDecision
	// OverdueRisks counts the open risks past their review date.
	OverdueRisks int
	// MissingHTML lists the collaborations not followed up
	// (steering_html.go).
	MissingHTML template.HTML
	// RiskHTML are the risk table's rows, DecisionHTML the decision
	// table's, StartedHTML and EndedHTML the items of the lists of
	// collaborations started and ended (steering_html.go).
	RiskHTML, DecisionHTML, StartedHTML, EndedHTML template.HTML
}

// annualPriority is a priority of the plan with its activities and
// collaborations written in Go (steering_html.go).
type annualPriority struct {
	priorityView
	ActsHTML, LinksHTML template.HTML
}

// annualDecision is a row of the decisions table with the fields the
// template writes, copied: with the DecisionItem embedded, text/template
// found each of them by reflect's breadth-first search through the
// embedded structs, which allocates on every lookup: 150 kB of the
// report's 1.7 MB for 40 decisions (issue 16).
type annualDecision struct {
	Date                                                   samverkan.Date
	MuniName, Body, Paragraph, CollaborationTitle, Outcome string
}

func (s *server) handleAnnualReport(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < samverkan.FirstFollowUpYear || year > samverkan.MaxYear {
		s.notFound(w, r)
		return
	}
	rep, err := samverkan.BuildAnnualReport(r.Context(), s.store, r.PathValue("slug"), year)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d := annualPage{R: rep, Generated: today().String()}
	now := today().Year()
	for y := now; y >= now-10; y-- {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	for _, m := range rep.Members {
		d.Members = append(d.Members, memberView{Code: m.Code, Name: s.cat.MunicipalityName(m.Code), Joined: m.Joined, Left: m.Left})
	}
	samverkan.SortSwedish(d.Members, func(v memberView) string { return v.Name })
	if rep.Plan != nil {
		for i, pr := range rep.Plan.Priorities {
			v := priorityView{Rank: i + 1, P: pr, Progress: rep.PriorityProgress[i]}
			for _, a := range pr.Activities {
				v.Acts = append(v.Acts, activityView{Activity: a, StatusLabel: samverkan.ActivityStatuses.Label(a.Status, lang)})
			}
			for _, id := range pr.Collaborations {
				title, ok := rep.Titles[id]
				v.Links = append(v.Links, linkView{ID: id, Title: title, Missing: !ok})
			}
			d.Priorities = append(d.Priorities, annualPriority{priorityView: v, ActsHTML: planActs(v.Acts), LinksHTML: planLinks(lang, v.Links)})
		}
	}
	for _, pr := range rep.FollowUp.Purposes {
		d.Followed = append(d.Followed, rollupRow{PurposeRollup: pr, WeakHTML: weakItems(pr.Weak, rep.Titles)})
	}
	d.MissingHTML = titleItems(rep.FollowUp.Missing, rep.Titles)
	for _, dc := range rep.Decisions {
		d.Decisions = append(d.Decisions, annualDecision{Date: dc.Date, MuniName: s.cat.MunicipalityName(dc.Municipality),
			Body: dc.Body, Paragraph: dc.Paragraph, CollaborationTitle: dc.CollaborationTitle, Outcome: dc.Outcome})
	}
	for _, rk := range rep.Risks {
		if rk.Overdue {
			d.OverdueRisks++
		}
	}
	d.RiskHTML = riskRows(lang, rep.Risks)
	d.DecisionHTML = annualDecisionRows(lang, d.Decisions)
	d.StartedHTML, d.EndedHTML = annualRefItems(lang, rep.Started, false), annualRefItems(lang, rep.Ended, true)
	s.render(w, r, http.StatusOK, "annual_report", page{Title: tr(lang, "ar.title", rep.Name, year), Data: d})
}

// handleAnnualReportYear sends the year form's choice (?ar=) to the
// report's own address; without one, last year's.
func (s *server) handleAnnualReportYear(w http.ResponseWriter, r *http.Request) {
	year := today().Year() - 1
	if y, err := strconv.Atoi(r.URL.Query().Get("ar")); err == nil && y >= samverkan.FirstFollowUpYear && y <= samverkan.MaxYear {
		year = y
	}
	http.Redirect(w, r, "/natverk/"+r.PathValue("slug")+"/verksamhetsberattelse/"+strconv.Itoa(year), http.StatusSeeOther)
}
