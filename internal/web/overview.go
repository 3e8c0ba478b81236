package web

import (
	"html/template"
	"net/http"

	"github.com/samverkan/samverkan"
)

type overviewPage struct {
	Networks []samverkan.NetworkSummary
	Total    samverkan.NetworkSummary
	// Start is the personal start: what waits in the user's network or
	// municipality; nil for admins and users without a scope.
	Start *startView
	// Rows are the table's rows, written in Go (networkRows).
	Rows template.HTML
}

func (s *server) handleOverview(w http.ResponseWriter, r *http.Request) {
	sums, err := s.store.NetworkSummaries(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	var total samverkan.NetworkSummary
	var cost samverkan.AmountTotal
	for _, n := range sums {
		total.Members += n.Members
		total.Running += n.Running
		total.Pipeline += n.Pipeline
		total.Ended += n.Ended
		cost.Merge(n.CostTotal()) // saturates on rows stored before the limits
		total.OutsideMembers += n.OutsideMembers
	}
	total.AnnualCost, total.AnnualCostKnown = cost.Value(), cost.Known
	lang := langOf(r)
	start, err := s.startView(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "overview", page{
		Title: tr(lang, "overview.title"), Nav: "overview", Flash: flash(r),
		Data: overviewPage{Networks: sums, Total: total, Start: start, Rows: networkRows(lang, sums)},
	})
}

// handleNetworkIndex has no page of its own yet: the overview lists the
// networks.
func (s *server) handleNetworkIndex(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/#natverk", http.StatusSeeOther)
}
