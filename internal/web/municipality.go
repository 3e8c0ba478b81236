package web

import (
	"context"
	"net/http"
	"sort"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

type countyGroup struct {
	Code, Name string
	Munis      []samverkan.Municipality
}

type municipalityIndexPage struct {
	Counties []countyGroup
	Count    int
}

func (s *server) handleMunicipalityIndex(w http.ResponseWriter, r *http.Request) {
	byCounty := map[string]*countyGroup{}
	var order []string
	for _, m := range s.cat.Municipalities() {
		g, ok := byCounty[m.CountyCode]
		if !ok {
			g = &countyGroup{Code: m.CountyCode, Name: m.CountyName}
			byCounty[m.CountyCode] = g
			order = append(order, m.CountyCode)
		}
		g.Munis = append(g.Munis, m)
	}
	sort.Strings(order)
	d := municipalityIndexPage{Count: len(s.cat.Municipalities())}
	for _, c := range order {
		g := byCounty[c]
		samverkan.SortSwedish(g.Munis, func(v samverkan.Municipality) string { return v.Name })
		d.Counties = append(d.Counties, *g)
	}
	s.render(w, r, http.StatusOK, "municipalities", page{Title: tr(langOf(r), "munis.title"), Nav: "municipalities", Data: d})
}

type municipalityPage struct {
	M          samverkan.Municipality
	Networks   []networkMembership
	Rows       []rowView
	Columns    []column
	Pager      pager
	Neighbours []samverkan.Municipality
	Map        mapPanel
	Costs      *muniCosts // what it pays in all its collaborations (costshare.go)
}

type networkMembership struct {
	Slug, Name   string
	Joined, Left samverkan.Date
	Current      bool
}

func (s *server) handleMunicipalityShow(w http.ResponseWriter, r *http.Request) {
	m, ok := s.cat.Municipality(r.PathValue("code"))
	if !ok {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	mems, err := s.memberships(ctx, m.Code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur := pageParam(r.URL.Query())
	rows, total, shared, err := s.municipalityPage(ctx, m.Code, (cur-1)*pageSize)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d := municipalityPage{M: m, Rows: s.listRowViews(rows, lang), Columns: plainColumns(lang),
		Pager: newPager("/kommun/"+m.Code, nil, cur, total)}
	today := samverkan.Today()
	for _, ms := range mems {
		d.Networks = append(d.Networks, networkMembership{ms.Slug, ms.Name, ms.Member.Joined, ms.Member.Left, ms.Member.Current(today)})
	}
	for _, code := range refdata.Neighbours(m.Code) {
		if nm, ok := s.cat.Municipality(code); ok {
			d.Neighbours = append(d.Neighbours, nm)
		}
	}
	samverkan.SortSwedish(d.Neighbours, func(v samverkan.Municipality) string { return v.Name })
	if d.Map, err = s.municipalityMap(lang, m, shared); err != nil {
		s.error(w, r, err)
		return
	}
	if d.Costs, err = s.municipalityCosts(r, m.Code); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "municipality", page{Title: m.Name, Nav: "municipalities", Data: d})
}

// municipalityPage is the page of code's collaborations from offset by
// title, their number, and the map's counts of the running ones: in one
// read when the store has it, else a list and a count.
func (s *server) municipalityPage(ctx context.Context, code string, offset int) ([]samverkan.ListRow, int, map[string]int, error) {
	if ms, ok := s.store.(samverkan.MunicipalityPageStore); ok {
		return ms.MunicipalityPage(ctx, code, offset, pageSize)
	}
	cs, total, err := s.store.FindCollaborations(ctx, samverkan.CollaborationFilter{
		Municipality: code, Sort: "title", Limit: pageSize, Offset: offset,
		With: samverkan.WithListRow,
	})
	if err != nil {
		return nil, 0, nil, err
	}
	rows := make([]samverkan.ListRow, len(cs))
	for i, c := range cs {
		rows[i] = samverkan.ListRowOf(c)
	}
	shared, err := s.participation(ctx, samverkan.CollaborationFilter{Municipality: code, Phase: samverkan.PhaseRunning})
	return rows, total, shared, err
}

// memberships are code's memberships of networks, by network name: from
// the store's own query when it has one, else from every network.
func (s *server) memberships(ctx context.Context, code string) ([]samverkan.Membership, error) {
	if ms, ok := s.store.(samverkan.MembershipStore); ok {
		return ms.MunicipalityMemberships(ctx, code)
	}
	nets, err := s.store.Networks(ctx)
	if err != nil {
		return nil, err
	}
	var out []samverkan.Membership
	for _, n := range nets {
		for _, mem := range n.Members {
			if mem.Code == code {
				out = append(out, samverkan.Membership{Slug: n.Slug, Name: n.Name, Member: mem})
			}
		}
	}
	return out, nil
}
