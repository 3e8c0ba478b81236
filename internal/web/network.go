package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/samverkan/samverkan"
)

// listFilter is a collaboration list's filter as the user gave it, after
// dropping values that are not codes we know (bad parameters are ignored,
// never an error).
type listFilter struct {
	Area, LegalForm, Status, Phase, Municipality, Q, Sort string
}

func (s *server) parseListFilter(q url.Values) listFilter {
	f := listFilter{Q: cleanQuery(q.Get("q"))}
	if a := q.Get("omrade"); a != "" {
		if _, ok := s.cat.Area(a); ok {
			f.Area = a
		}
	}
	if v := q.Get("form"); v != "" {
		if _, ok := samverkan.FindLegalForm(v); ok {
			f.LegalForm = v
		}
	}
	if v := q.Get("status"); v != "" {
		if _, ok := samverkan.FindStatus(v); ok {
			f.Status = v
		}
	}
	if v := q.Get("fas"); samverkan.Phases.Has(v) {
		f.Phase = v
	}
	if v := q.Get("kommun"); v != "" {
		if _, ok := s.cat.Municipality(v); ok {
			f.Municipality = v
		}
	}
	if v := q.Get("sort"); contains(samverkan.SortFields, strings.TrimPrefix(v, "-")) {
		f.Sort = v
	}
	return f
}

// values returns the filter as query parameters (without page).
func (f listFilter) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("omrade", f.Area)
	set("form", f.LegalForm)
	set("status", f.Status)
	set("fas", f.Phase)
	set("kommun", f.Municipality)
	set("q", f.Q)
	set("sort", f.Sort)
	return v
}

// store returns the store filter for one page of the list.
func (s *server) storeFilter(f listFilter, network string, page int) samverkan.CollaborationFilter {
	sf := samverkan.CollaborationFilter{
		Network: network, LegalForm: f.LegalForm, Status: f.Status, Phase: f.Phase,
		Municipality: f.Municipality, Query: f.Q, Sort: f.Sort,
		Limit: pageSize, Offset: (page - 1) * pageSize, With: samverkan.WithListRow,
	}
	if f.Area != "" {
		sf.Areas = s.cat.AreaWithChildren(f.Area)
	}
	return sf
}

// column is a sortable table header.
type column struct {
	Key, Label, Href, AriaSort string
	Num                        bool
}

// listColumns are the collaboration table's columns; sortable ones link to
// the list sorted by them, and the current one carries aria-sort.
func listColumns(lang, path string, f listFilter) []column {
	cols := []column{
		{Key: "title", Label: tr(lang, "col.title")},
		{Key: "", Label: tr(lang, "col.areas")},
		{Key: "legal_form", Label: tr(lang, "col.legal_form")},
		{Key: "status", Label: tr(lang, "col.status")},
		{Key: "host", Label: tr(lang, "col.host")},
		{Key: "", Label: tr(lang, "col.participants"), Num: true},
		{Key: "start", Label: tr(lang, "col.start")},
		{Key: "annual_cost", Label: tr(lang, "col.annual_cost"), Num: true},
	}
	for i := range cols {
		c := &cols[i]
		if c.Key == "" {
			continue
		}
		next := c.Key
		switch f.Sort {
		case c.Key:
			c.AriaSort = "ascending"
			next = "-" + c.Key
		case "-" + c.Key:
			c.AriaSort = "descending"
		}
		g := f
		g.Sort = next
		c.Href = path + "?" + g.values().Encode()
	}
	return cols
}

type networkPage struct {
	Network   *samverkan.Network
	Members   []memberView
	Hosts     []samverkan.HostYear
	Rotation  []samverkan.RotationYear
	Year      int
	Filter    listFilter
	Filtered  bool
	Rows      []rowView
	Columns   []column
	Pager     pager
	Areas     []option
	Forms     []option
	Statuses  []option
	Phases    []option
	Munis     []option
	ResetHref string
	Map       mapPanel
	// ExportAsJob says the network is large enough for its export to run
	// as a background job (tabular.ExportJobMinRecords): its links lead
	// to the page that starts it rather than straight to a download.
	ExportAsJob bool
}

// option is one choice of a filter menu, labelled and counted in Go so the
// template only prints fields.
type option struct {
	Value, Label string
	Count        int
	Selected     bool
	Child        bool
}

type memberView struct {
	Code, Name   string
	Joined, Left samverkan.Date
	Current      bool
}

type areaOption struct {
	Code, Label string
	Child       bool
}

func (s *server) handleNetworkShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	f := s.parseListFilter(q)
	cur := pageParam(q)
	rows, total, err := s.store.FindCollaborations(ctx, s.storeFilter(f, n.Slug, cur))
	if err != nil {
		s.error(w, r, err)
		return
	}
	facets, err := s.facets(ctx, n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	path := "/natverk/" + n.Slug
	filtered := f
	filtered.Sort = ""
	d := networkPage{
		Network: n, Members: s.memberViews(n), Hosts: sortedHosts(n.Hosts), Year: today().Year(),
		Rotation: n.Rotation(today().Year(), today().Year()+3),
		Filter:   f, Filtered: len(filtered.values()) > 0,
		Rows: s.rowViews(rows, lang), Columns: listColumns(lang, path, f),
		Pager:     newPager(path, f.values(), cur, total),
		ResetHref: path + "#samverkan",
	}
	for _, a := range s.areaOpts[lang] {
		d.Areas = append(d.Areas, option{Value: a.Code, Label: a.Label, Count: facets.Area[a.Code], Selected: a.Code == f.Area, Child: a.Child})
	}
	for _, t := range vocabularies["legal_form"] {
		d.Forms = append(d.Forms, option{Value: t.Code, Label: t.Label(lang), Count: facets.LegalForm[t.Code], Selected: t.Code == f.LegalForm})
	}
	size := 0 // every record has a status: the network's size, without a query of its own
	for _, t := range vocabularies["status"] {
		d.Statuses = append(d.Statuses, option{Value: t.Code, Label: t.Label(lang), Count: facets.Status[t.Code], Selected: t.Code == f.Status})
		size += facets.Status[t.Code]
	}
	d.ExportAsJob = s.exportJobFor(size)
	for _, t := range samverkan.Phases {
		d.Phases = append(d.Phases, option{Value: t.Code, Label: t.Label(lang), Selected: t.Code == f.Phase})
	}
	for _, m := range d.Members {
		d.Munis = append(d.Munis, option{Value: m.Code, Label: m.Name, Selected: m.Code == f.Municipality})
	}
	counts, err := s.participation(ctx, samverkan.CollaborationFilter{Network: n.Slug, Phase: samverkan.PhaseRunning})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if d.Map, err = s.networkMap(lang, n, counts, true); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "network", page{Title: n.Name, Flash: steeringFlash(r), Data: d})
}

func (s *server) memberViews(n *samverkan.Network) []memberView {
	today := samverkan.Today()
	out := make([]memberView, len(n.Members))
	for i, m := range n.Members {
		out[i] = memberView{Code: m.Code, Name: s.cat.MunicipalityName(m.Code), Joined: m.Joined, Left: m.Left, Current: m.Current(today)}
	}
	samverkan.SortSwedish(out, func(v memberView) string { return v.Name })
	return out
}

func sortedHosts(h []samverkan.HostYear) []samverkan.HostYear {
	out := append([]samverkan.HostYear(nil), h...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year > out[j].Year })
	return out
}

// areaOptions lists groups followed by their activities, for the filter.
func (s *server) areaOptions(lang string) []areaOption {
	var out []areaOption
	for _, a := range s.cat.Areas() {
		if a.Parent != "" {
			continue
		}
		out = append(out, areaOption{Code: a.Code, Label: a.Label(lang)})
		for _, c := range s.cat.AreaChildren(a.Code) {
			ca, _ := s.cat.Area(c)
			out = append(out, areaOption{Code: c, Label: ca.Label(lang), Child: true})
		}
	}
	return out
}

// rowView is one line of a collaboration table, labelled in Go: a page of
// 50 rows would otherwise make hundreds of template function calls.
type rowView struct {
	ID                                            int64
	Title, Areas, Form, Status, Host, Start, Cost string
	Participants                                  int
	NoStart, NoCost                               bool // shown as unknown
}

func (s *server) rowViews(cs []*samverkan.Collaboration, lang string) []rowView {
	rows := make([]samverkan.ListRow, len(cs))
	for i, c := range cs {
		rows[i] = samverkan.ListRowOf(c)
	}
	return s.listRowViews(rows, lang)
}

func (s *server) listRowViews(cs []samverkan.ListRow, lang string) []rowView {
	out := make([]rowView, len(cs))
	var b strings.Builder
	for i, c := range cs {
		b.Reset()
		for j, a := range c.Areas {
			if j > 0 {
				b.WriteString(", ")
			}
			if ar, ok := s.cat.Area(a); ok {
				b.WriteString(ar.Label(lang))
			} else {
				b.WriteString(a)
			}
		}
		out[i] = rowView{ID: c.ID, Title: c.Title, Areas: b.String(),
			Form:   vocabularies["legal_form"].Label(c.LegalForm, lang),
			Status: vocabularies["status"].Label(c.Status, lang),
			Start:  dateOrUnknown(c.Start, lang), Cost: amountOrUnknown(c.AnnualCost, lang), Participants: c.Participants,
			NoStart: c.Start.IsZero(), NoCost: c.AnnualCost == nil}
		if c.Host != "" {
			out[i].Host = s.cat.MunicipalityName(c.Host)
		}
	}
	return out
}
