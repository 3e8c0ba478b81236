package web

import (
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/kolada"
	"github.com/samverkan/samverkan/internal/refdata"
)

// Suggestions (/natverk/{slug}/forslag): where the network's members could
// collaborate next, ranked by signals that each show their points and say
// why (samverkan.Suggest); one button turns a suggestion into an idea in
// the pipeline with the explanation as its rationale.

type suggestPage struct {
	Network   *samverkan.Network
	Items     []suggestView
	CanAccept bool
}

type suggestView struct {
	Rank        int
	Area        string
	AreaName    string
	Members     string
	Score       string
	Signals     []signalView
	Explanation string
}

type signalView struct {
	Code, Points, Text string
}

// costKPIs maps each area to its cost-per-inhabitant KPI.
func costKPIs() map[string]string {
	out := map[string]string{}
	all, _ := kolada.AreaKPIs()
	for _, a := range all {
		if a.Kind == kolada.KindCostPerInhabitant {
			if _, ok := out[a.Area]; !ok {
				out[a.Area] = a.KPI
			}
		}
	}
	return out
}

// adjacent reports whether two municipalities share a border.
func adjacent(a, b string) bool {
	for _, n := range refdata.Neighbours(a) {
		if n == b {
			return true
		}
	}
	return false
}

func (s *server) suggestionsOf(r *http.Request, n *samverkan.Network) ([]samverkan.Suggestion, error) {
	in, err := samverkan.BuildSuggestionInput(r.Context(), s.store, s.cat, n, adjacent, costKPIs())
	if err != nil {
		return nil, err
	}
	return samverkan.Suggest(in), nil
}

func (s *server) handleSuggestions(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	ss, err := s.suggestionsOf(r, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d := suggestPage{Network: n, CanAccept: samverkan.Authorize(principal(r), samverkan.ActionUpdate, samverkan.Resource{Networks: []string{n.Slug}})}
	for i, sg := range ss {
		v := suggestView{Rank: i + 1, Area: sg.Area, AreaName: s.areaName(sg.Area, lang), Score: decimalText(sg.Score, 2, lang),
			Explanation: sg.Explanation(lang)}
		for j, code := range sg.Municipalities {
			if j > 0 {
				v.Members += ", "
			}
			v.Members += s.cat.MunicipalityName(code)
		}
		for _, sig := range sg.Signals {
			v.Signals = append(v.Signals, signalView{Code: sig.Code, Points: decimalText(sig.Points, 2, lang), Text: sig.Text(lang)})
		}
		d.Items = append(d.Items, v)
	}
	s.render(w, r, http.StatusOK, "suggestions", page{Title: tr(lang, "suggest.title", n.Name), Data: d})
}

// handleSuggestionAccept makes the suggestion for the posted area an idea.
// The suggestion is computed again here, so the idea carries the ranking's
// own explanation, not text from the form.
func (s *server) handleSuggestionAccept(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	ss, err := s.suggestionsOf(r, n)
	if err != nil {
		s.error(w, r, err)
		return
	}
	sg, ok := samverkan.FindSuggestion(ss, r.PostForm.Get("area"))
	if !ok {
		s.error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Förslaget finns inte längre; listan kan ha ändrats."))
		return
	}
	c := samverkan.IdeaFrom(sg, n, s.cat, langOf(r))
	if err := s.store.CreateCollaboration(writeCtx(r), c); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/samverkan/"+strconv.FormatInt(c.ID, 10)+"?klart=forslag", http.StatusSeeOther)
}
