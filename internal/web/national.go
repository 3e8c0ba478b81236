package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/geo"
	"github.com/samverkan/samverkan/internal/opendata"
)

// The national register, /nationellt (issue 17): every network and
// collaboration harvested from other instances' open data (samverkan
// harvest URL…), with its source and fetch date, a map and a matrix by
// county, and each collaboration that several sources publish shown once
// with all of them (opendata.National). Harvested text is data: it is
// sanitised when parsed and escaped by the templates, never trusted as
// HTML. The page reads only the harvests table, never the instance's own
// records, which a harvest never writes.

type nationalPage struct {
	Sources        []nationalSource
	Networks       []nationalNetwork
	Records        []nationalRecord // the page shown
	Pager          pager
	Collaborations int
	Shared         int // records with more than one source
	Counties       []countyRow
	Groups         []string // the matrix's column heads (area groups)
	Map            template.HTML
	Municipalities []muniCount
	Broken         int // stored harvests that no longer parse
}

type nationalSource struct {
	URL, Publisher    string
	Fetched           time.Time
	Networks, Collabs int
}

type nationalNetwork struct {
	Name, URL, Publisher, Source string
	Members                      int
	Fetched                      time.Time
}

type nationalRecord struct {
	Title, URL, LegalForm, Status string
	Municipalities                string
	Sources                       []opendata.SourceRef
	MatchedBy                     string
}

type countyRow struct {
	Code, Name string
	Cells      []int // per area group, then unknown area
	Total      int
}

type muniCount struct {
	Code, Name string
	Count      int
}

func (s *server) handleNational(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	d := &nationalPage{}
	var hs []*opendata.Harvest
	if st, ok := s.openData(); ok {
		stored, err := st.Harvests(r.Context())
		if err != nil {
			s.error(w, r, err)
			return
		}
		var loadErr error
		hs, loadErr = opendata.Load(stored)
		if loadErr != nil {
			d.Broken = len(stored) - len(hs)
			s.log.WarnContext(r.Context(), "stored harvests that do not parse", slog.Any("error", loadErr))
		}
	}
	for _, h := range hs {
		ds := h.Dataset
		d.Sources = append(d.Sources, nationalSource{URL: h.Source, Publisher: ds.Publisher.Name, Fetched: h.Fetched,
			Networks: len(ds.Networks), Collabs: len(ds.Collaborations)})
		for _, n := range ds.Networks {
			d.Networks = append(d.Networks, nationalNetwork{Name: n.Name, URL: n.URL, Publisher: ds.Publisher.Name,
				Source: h.Source, Members: len(n.Members), Fetched: h.Fetched})
		}
	}
	sort.SliceStable(d.Networks, func(i, j int) bool { return d.Networks[i].Name < d.Networks[j].Name })

	// Area groups: the top of the area hierarchy, in catalogue order.
	groupIdx := map[string]int{}
	for _, a := range s.cat.Areas() {
		if a.Parent == "" {
			groupIdx[a.Code] = len(d.Groups)
			d.Groups = append(d.Groups, a.Label(lang))
		}
	}
	unknownGroup := len(d.Groups)
	d.Groups = append(d.Groups, tr(lang, "national.group.unknown"))
	counties := map[string]*countyRow{}
	perMuni := map[string]int{}

	recs := opendata.National(hs)
	for _, rec := range recs {
		c := rec.Collaboration
		nr := nationalRecord{Title: c.Title, URL: c.URL, LegalForm: c.LegalForm, Status: c.Status, Sources: rec.Sources, MatchedBy: rec.MatchedBy}
		if len(rec.Sources) > 1 {
			d.Shared++
		}
		inCounty := map[string]bool{}
		var names []string
		for _, p := range c.Participants {
			if p.Code == "" || !p.Left.IsZero() && p.Left.Before(today()) {
				continue
			}
			m, ok := s.cat.Municipality(p.Code)
			if !ok {
				continue
			}
			names = append(names, m.Name)
			perMuni[m.Code]++
			inCounty[m.CountyCode] = true
			if counties[m.CountyCode] == nil {
				counties[m.CountyCode] = &countyRow{Code: m.CountyCode, Name: m.CountyName, Cells: make([]int, len(d.Groups))}
			}
		}
		sort.Strings(names)
		nr.Municipalities = strings.Join(names, ", ")
		groups := map[int]bool{}
		for _, code := range c.Areas {
			groups[s.areaGroup(code, groupIdx, unknownGroup)] = true
		}
		if len(groups) == 0 {
			groups[unknownGroup] = true
		}
		for cc := range inCounty {
			row := counties[cc]
			row.Total++
			for g := range groups {
				row.Cells[g]++
			}
		}
		d.Records = append(d.Records, nr)
	}
	d.Collaborations = len(d.Records)
	sort.SliceStable(d.Records, func(i, j int) bool { return d.Records[i].Title < d.Records[j].Title })
	// At national scale the list is paged; the map and the matrix count all.
	cur := pageParam(r.URL.Query())
	d.Pager = newPager("/nationellt", nil, cur, len(d.Records))
	from := min((cur-1)*pageSize, len(d.Records))
	d.Records = d.Records[from:min(from+pageSize, len(d.Records))]
	for _, row := range counties {
		d.Counties = append(d.Counties, *row)
	}
	sort.Slice(d.Counties, func(i, j int) bool { return d.Counties[i].Code < d.Counties[j].Code })
	for code, n := range perMuni {
		d.Municipalities = append(d.Municipalities, muniCount{Code: code, Name: s.cat.MunicipalityName(code), Count: n})
	}
	sort.Slice(d.Municipalities, func(i, j int) bool { return d.Municipalities[i].Name < d.Municipalities[j].Name })
	if len(perMuni) > 0 {
		d.Map = s.nationalMap(lang, perMuni)
	}
	s.render(w, r, http.StatusOK, "national", page{Title: tr(lang, "national.title"), Nav: "national",
		Description: tr(lang, "national.meta"), Data: d})
}

// areaGroup is the column of an area code: its top ancestor, or the
// unknown column for a code this instance does not know.
func (s *server) areaGroup(code string, groupIdx map[string]int, unknown int) int {
	for range 10 { // the hierarchy is shallow; a cycle must not hang the page
		a, ok := s.cat.Area(code)
		if !ok {
			return unknown
		}
		if a.Parent == "" {
			if i, ok := groupIdx[a.Code]; ok {
				return i
			}
			return unknown
		}
		code = a.Parent
	}
	return unknown
}

// nationalMap draws how many harvested collaborations each municipality
// takes part in; the table beside it has the same numbers.
func (s *server) nationalMap(lang string, perMuni map[string]int) template.HTML {
	m, err := geo.Sweden()
	if err != nil {
		s.log.Warn("national map", slog.Any("error", err))
		return ""
	}
	scale, err := geo.Breaks(1, 3, 6)
	if err != nil {
		return ""
	}
	values := map[string]float64{}
	for code, n := range perMuni {
		values[code] = float64(n)
	}
	return m.Render(geo.View{ID: "nat-map", Title: tr(lang, "national.map.title"), Desc: tr(lang, "national.map.desc"),
		Class: "map", Scale: &scale, Values: values, LegendTitle: tr(lang, "national.map.legend"),
		MissingLabel: tr(lang, "national.map.missing"), NoLinks: true})
}
