package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The views of /insyn. They are the JSON variants as well, so each field
// is chosen: what is here is public, and nothing else is. Contacts appear
// only as their functions.

type insynTerm struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type insynRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type insynHomeView struct {
	Networks []insynNetSummary `json:"networks"`
	Totals   insynTotals       `json:"totals"`
}

type insynNetSummary struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URL         string `json:"url"`
	Members     int    `json:"members"`
	Running     int    `json:"running"`
	Pipeline    int    `json:"pipeline"`
	Ended       int    `json:"ended"`
	Total       int    `json:"collaborations"`
	// AnnualCost of the running ones that have one, null when none has;
	// AnnualCostKnown of the Running ones have a cost.
	AnnualCost      *int64 `json:"annual_cost_running"`
	AnnualCostKnown int    `json:"annual_cost_known"`
}

// CostTotal is the annual cost of the running collaborations as a total.
func (v insynNetSummary) CostTotal() samverkan.AmountTotal {
	return samverkan.TotalOf(v.AnnualCost, v.AnnualCostKnown, v.Running)
}

type insynTotals struct {
	Networks        int    `json:"networks"`
	Collaborations  int    `json:"collaborations"`
	Running         int    `json:"running"`
	Municipalities  int    `json:"municipalities"`
	AnnualCost      *int64 `json:"annual_cost_running"`
	AnnualCostKnown int    `json:"annual_cost_known"`
}

// CostTotal is the annual cost of the running collaborations as a total.
func (v insynTotals) CostTotal() samverkan.AmountTotal {
	return samverkan.TotalOf(v.AnnualCost, v.AnnualCostKnown, v.Running)
}

type insynNetworkView struct {
	insynNetSummary
	Coordinator    string             `json:"coordinator_function"`
	Declared       samverkan.Date     `json:"declaration_adopted"`
	Members        []insynMember      `json:"member_municipalities"`
	Host           *insynHost         `json:"host,omitempty"`
	Collaborations []*insynCollabView `json:"collaborations"`
	// Pager pages the collaborations of the HTML page; the JSON keeps
	// every one (the public contract).
	Pager pager `json:"-"`
	// RowsHTML are the HTML page's table rows of Collaborations
	// (insyn_html.go).
	RowsHTML template.HTML `json:"-"`
}

type insynMember struct {
	Code   string         `json:"code"`
	Name   string         `json:"name"`
	Joined samverkan.Date `json:"joined"`
}

type insynHost struct {
	Year int       `json:"year"`
	Code string    `json:"code"`
	Name string    `json:"name"`
	Role insynTerm `json:"role"`
}

type insynCollabView struct {
	ID               int64              `json:"id"`
	URL              string             `json:"url"`
	Title            string             `json:"title"`
	Description      string             `json:"description"`
	Status           insynTerm          `json:"status"`
	Phase            insynTerm          `json:"phase"`
	Areas            []insynTerm        `json:"areas"`
	LegalForm        insynTerm          `json:"legal_form"`
	LegalBasis       string             `json:"legal_basis"`
	Host             *insynTerm         `json:"host"`
	Networks         []insynRef         `json:"networks"`
	Start            samverkan.Date     `json:"start"`
	End              samverkan.Date     `json:"end"`
	AnnualCost       *int64             `json:"annual_cost"`
	CostKey          *insynTerm         `json:"cost_key"`
	CostKeyNote      string             `json:"cost_key_note,omitempty"`
	CostSharing      string             `json:"cost_sharing"` // population, equal, agreement, unknown_cost
	CostSharingText  string             `json:"cost_sharing_text"`
	Participants     []insynParticipant `json:"participants"`
	Documents        []insynDocument    `json:"documents,omitempty"`
	Decisions        []insynDecision    `json:"decisions,omitempty"`
	ContactFunctions []string           `json:"contact_functions"`
	Sources          []insynSource      `json:"sources"`
	Updated          string             `json:"updated"`
}

type insynParticipant struct {
	Code    string         `json:"code,omitempty"`
	Name    string         `json:"name"`
	Kind    insynTerm      `json:"kind"`
	Role    insynTerm      `json:"role"`
	Joined  samverkan.Date `json:"joined"`
	Left    samverkan.Date `json:"left"`
	Share   *float64       `json:"cost_share_percent,omitempty"`
	Amount  *int64         `json:"cost_share_amount,omitempty"`
	ShareAs string         `json:"-"` // the share as the page shows it
}

type insynDocument struct {
	Type      insynTerm      `json:"type"`
	Title     string         `json:"title"`
	AdoptedBy *insynTerm     `json:"adopted_by"`
	AdoptedIn *insynTerm     `json:"adopted_in"`
	Adopted   samverkan.Date `json:"adopted"`
	Paragraph string         `json:"paragraph"`
	ValidFrom samverkan.Date `json:"valid_from"`
	ValidTo   samverkan.Date `json:"valid_to"`
	URL       string         `json:"url"`
}

type insynDecision struct {
	Date         samverkan.Date `json:"date"`
	Municipality insynTerm      `json:"municipality"`
	Body         insynTerm      `json:"body"`
	BodyName     string         `json:"body_name"`
	Paragraph    string         `json:"paragraph"`
	Kind         insynTerm      `json:"kind"`
	Outcome      insynTerm      `json:"outcome"`
	Document     *insynTerm     `json:"document"`
	URL          string         `json:"url"`
}

type insynSource struct {
	Field string     `json:"field,omitempty"`
	Text  string     `json:"text"`
	URL   string     `json:"url,omitempty"`
	View  sourceView `json:"-"` // as the page shows it
}

func term(vocab, code, lang string) insynTerm {
	return insynTerm{Code: code, Label: vocabularies[vocab].Label(code, lang)}
}

func optTerm(vocab, code, lang string) *insynTerm {
	if code == "" {
		return nil
	}
	t := term(vocab, code, lang)
	return &t
}

func (s *server) muniTerm(code string) *insynTerm {
	if code == "" {
		return nil
	}
	return &insynTerm{Code: code, Label: s.cat.MunicipalityName(code)}
}

// publicNetworks names the public networks by slug.
func (s *server) publicNetworks(r *http.Request) (map[string]*samverkan.Network, error) {
	// Names and descriptions only: not the members, purposes and hosts.
	nets, err := samverkan.NetworkHeads(r.Context(), s.store)
	if err != nil {
		return nil, err
	}
	out := map[string]*samverkan.Network{}
	for _, n := range nets {
		if n.Public {
			out[n.Slug] = n
		}
	}
	return out, nil
}

// publicCollaborations returns every public collaboration of a network,
// by title.
func (s *server) publicCollaborations(r *http.Request, slug string) ([]*samverkan.Collaboration, error) {
	var all []*samverkan.Collaboration
	for {
		page, total, err := s.store.FindCollaborations(r.Context(), samverkan.CollaborationFilter{
			Network: slug, PublicOnly: true, Sort: "title", Limit: samverkan.MaxLimit, Offset: len(all)})
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			if c.Public { // the filter says so; checked again, as this is the public view
				all = append(all, c)
			}
		}
		if len(page) == 0 || len(all) >= total {
			return all, nil
		}
	}
}

func insynNetworkURL(slug string) string { return "/insyn/natverk/" + slug }

func insynCollabURL(id int64) string { return "/insyn/samverkan/" + strconv.FormatInt(id, 10) }

// summarize counts a network's public collaborations per phase and sums
// the annual cost of the running ones.
func summarize(n *samverkan.Network, cs []*samverkan.Collaboration) insynNetSummary {
	sum := insynNetSummary{Slug: n.Slug, Name: n.Name, Description: readable(n.Description), URL: insynNetworkURL(n.Slug),
		Members: len(n.ActiveMembers(today())), Total: len(cs)}
	var cost samverkan.AmountTotal
	for _, c := range cs {
		switch c.Phase() {
		case samverkan.PhaseRunning:
			sum.Running++
			cost.Add(c.AnnualCost)
		case samverkan.PhasePipeline:
			sum.Pipeline++
		case samverkan.PhaseEnded:
			sum.Ended++
		}
	}
	sum.AnnualCost, sum.AnnualCostKnown = cost.Value(), cost.Known
	return sum
}

func (s *server) insynHome(r *http.Request, lang string) (*insynHomeView, error) {
	pub, err := s.publicNetworks(r)
	if err != nil {
		return nil, err
	}
	if ps, ok := s.store.(samverkan.PublicSummaryStore); ok {
		sum, err := ps.PublicSummary(r.Context())
		if err != nil {
			return nil, err
		}
		v := &insynHomeView{Networks: []insynNetSummary{}, Totals: insynTotals{Networks: len(sum.Networks),
			Collaborations: sum.Collaborations, Running: sum.Running, Municipalities: sum.Municipalities,
			AnnualCost: sum.AnnualCost, AnnualCostKnown: sum.AnnualCostKnown}}
		for _, ns := range sum.Networks {
			n := insynNetSummary{Slug: ns.Slug, Name: ns.Name, URL: insynNetworkURL(ns.Slug), Members: ns.Members,
				Running: ns.Running, Pipeline: ns.Pipeline, Ended: ns.Ended, Total: ns.Running + ns.Pipeline + ns.Ended,
				AnnualCost: ns.AnnualCost, AnnualCostKnown: ns.AnnualCostKnown}
			if full, ok := pub[ns.Slug]; ok {
				n.Description = readable(full.Description)
			}
			v.Networks = append(v.Networks, n)
		}
		return v, nil
	}
	// Without aggregate queries: count from the records.
	slugs := make([]string, 0, len(pub))
	for slug := range pub {
		slugs = append(slugs, slug)
	}
	samverkan.SortSwedish(slugs, func(slug string) string { return pub[slug].Name })
	v := &insynHomeView{Networks: []insynNetSummary{}}
	var cost samverkan.AmountTotal
	seen := map[int64]bool{}
	munis := map[string]bool{}
	on := today()
	for _, slug := range slugs {
		cs, err := s.publicCollaborations(r, slug)
		if err != nil {
			return nil, err
		}
		v.Networks = append(v.Networks, summarize(pub[slug], cs))
		for _, c := range cs {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			v.Totals.Collaborations++
			if c.Phase() == samverkan.PhaseRunning {
				v.Totals.Running++
				cost.Add(c.AnnualCost)
			}
			for _, p := range c.Participants {
				if p.Code != "" && (p.Left.IsZero() || !p.Left.Before(on)) {
					munis[p.Code] = true
				}
			}
		}
	}
	v.Totals.Networks = len(v.Networks)
	v.Totals.Municipalities = len(munis)
	v.Totals.AnnualCost, v.Totals.AnnualCostKnown = cost.Value(), cost.Known
	return v, nil
}

// insynNetwork is the public view of a network. Page 0 holds every public
// collaboration (the JSON); a page from 1 holds pageSize of them, with the
// figures taken from the key figures the writes keep, so the first render
// does not load hundreds of records (issue 16).
func (s *server) insynNetwork(r *http.Request, n *samverkan.Network, lang string, cur int) (*insynNetworkView, error) {
	var cs []*samverkan.Collaboration
	var sum insynNetSummary
	var pg pager
	ps, kept := s.store.(samverkan.PublicSummaryStore)
	if cur > 0 && kept {
		ns, err := ps.PublicNetworkSummary(r.Context(), n.Slug)
		if err != nil {
			return nil, err
		}
		page, total, err := s.store.FindCollaborations(r.Context(), samverkan.CollaborationFilter{
			Network: n.Slug, PublicOnly: true, Sort: "title", Limit: pageSize, Offset: (cur - 1) * pageSize,
			With: []string{samverkan.WithAreas, samverkan.WithParticipants}})
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			if c.Public { // the filter says so; checked again, as this is the public view
				cs = append(cs, c)
			}
		}
		sum = summarize(n, nil)
		sum.Running, sum.Pipeline, sum.Ended = ns.Running, ns.Pipeline, ns.Ended
		sum.Total = ns.Running + ns.Pipeline + ns.Ended
		sum.AnnualCost, sum.AnnualCostKnown = ns.AnnualCost, ns.AnnualCostKnown
		pg = newPager(insynNetworkURL(n.Slug), nil, cur, total)
	} else {
		var err error
		if cs, err = s.publicCollaborations(r, n.Slug); err != nil {
			return nil, err
		}
		sum = summarize(n, cs)
	}
	pub, err := s.publicNetworks(r)
	if err != nil {
		return nil, err
	}
	v := &insynNetworkView{insynNetSummary: sum, Coordinator: n.Coordinator, Declared: n.Declaration.Adopted,
		Members: []insynMember{}, Collaborations: []*insynCollabView{}, Pager: pg}
	for _, m := range n.ActiveMembers(today()) {
		v.Members = append(v.Members, insynMember{Code: m.Code, Name: s.cat.MunicipalityName(m.Code), Joined: m.Joined})
	}
	samverkan.SortSwedish(v.Members, func(m insynMember) string { return m.Name })
	year := today().Time().Year()
	for _, h := range n.Hosts {
		if h.Year == year {
			v.Host = &insynHost{Year: h.Year, Code: h.Code, Name: s.cat.MunicipalityName(h.Code), Role: term("host_role", h.Role, lang)}
		}
	}
	money, err := s.insynMoneyFor(r, cs)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		v.Collaborations = append(v.Collaborations, s.insynCollab(c, money, lang, pub))
	}
	return v, nil
}

// insynCollab is the public view of one collaboration, without documents
// and decisions (the collaboration's own page adds them).
func (s *server) insynCollab(c *samverkan.Collaboration, m *insynMoney, lang string, pub map[string]*samverkan.Network) *insynCollabView {
	v := &insynCollabView{ID: c.ID, URL: insynCollabURL(c.ID), Title: c.Title, Description: readable(c.Description),
		Status: term("status", c.Status, lang), Phase: term("phase", c.Phase(), lang),
		LegalForm: term("legal_form", c.LegalForm, lang), Host: s.muniTerm(c.Host),
		Start: c.Start, End: c.End, AnnualCost: c.AnnualCost, CostKey: optTerm("cost_key", c.CostKey, lang),
		CostKeyNote: c.CostKeyNote, Areas: []insynTerm{}, Networks: []insynRef{}, ContactFunctions: []string{},
		Sources: []insynSource{}, Updated: c.Updated.In(stockholm).Format("2006-01-02")}
	if f, ok := samverkan.FindLegalForm(c.LegalForm); ok {
		v.LegalBasis = f.Basis
	}
	for _, a := range c.Areas {
		t := insynTerm{Code: a, Label: a}
		if ar, ok := s.cat.Area(a); ok {
			t.Label = ar.Label(lang)
		}
		v.Areas = append(v.Areas, t)
	}
	for _, slug := range c.Networks {
		if n, ok := pub[slug]; ok {
			v.Networks = append(v.Networks, insynRef{Slug: slug, Name: n.Name, URL: insynNetworkURL(slug)})
		}
	}
	for _, ct := range c.Contacts {
		// Only the function: a contact's name, e-mail and phone are personal data.
		if ct.Function != "" {
			v.ContactFunctions = append(v.ContactFunctions, ct.Function)
		}
	}
	for i, sv := range sourceViews(c.Sources, lang) {
		v.Sources = append(v.Sources, insynSource{Field: c.Sources[i].Field, Text: sv.Text, URL: sv.URL, View: sv})
	}
	v.Participants, v.CostSharing, v.CostSharingText = s.costShares(c, m, lang)
	return v
}

// insynMoney is what the public view needs to split costs: the stored
// inputs of the collaborations shown and the population figures. The
// split itself is the root package's, the same as on every other page.
type insynMoney struct {
	pop     *samverkan.PopulationFigures
	sharing map[int64]*samverkan.CostSharing
}

// insynMoneyFor loads the inputs of cs in one query.
func (s *server) insynMoneyFor(r *http.Request, cs []*samverkan.Collaboration) (*insynMoney, error) {
	ms, err := samverkan.Money(s.store)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	m := &insynMoney{}
	if m.sharing, err = ms.CostSharings(r.Context(), ids); err != nil {
		return nil, err
	}
	if m.pop, err = samverkan.Populations(r.Context(), ms, s.cat); err != nil {
		return nil, err
	}
	return m, nil
}

// costShares lists the participants with each paying municipality's share
// of this year's cost (samverkan.CollaborationCostShares: whole kronor that
// add up to the total, shares that add up to 100,00 %). The code says how
// it was split: population, equal, key (another computed key), agreement
// (per agreement, or figures missing) or unknown_cost.
func (s *server) costShares(c *samverkan.Collaboration, m *insynMoney, lang string) ([]insynParticipant, string, string) {
	out := make([]insynParticipant, 0, len(c.Participants))
	idx := map[string]int{}
	for _, p := range c.Participants {
		ip := insynParticipant{Code: p.Code, Role: term("role", p.Role, lang), Joined: p.Joined, Left: p.Left}
		if p.Code != "" {
			ip.Name = s.cat.MunicipalityName(p.Code)
			ip.Kind = insynTerm{Code: "kommun", Label: tr(lang, "col.municipality")}
			idx[p.Code] = len(out)
		} else {
			ip.Name = p.Party
			ip.Kind = term("party_kind", p.PartyKind, lang)
		}
		out = append(out, ip)
	}
	year := today().Year()
	var sharing *samverkan.CostSharing
	var pop *samverkan.PopulationFigures
	if m != nil {
		sharing, pop = m.sharing[c.ID], m.pop
	} else {
		pop = samverkan.NewPopulationFigures(s.cat)
	}
	split, err := samverkan.CollaborationCostShares(c, sharing, year, pop)
	if err != nil || !split.Computed {
		for i := range out {
			if out[i].Code != "" {
				out[i].ShareAs = tr(lang, "insyn.share.by_agreement")
			}
		}
		if c.AnnualCost == nil && (sharing == nil || func() bool { y, ok := sharing.Year(year); return !ok || y.Budget == nil }()) {
			return out, "unknown_cost", tr(lang, "insyn.share.no_cost")
		}
		return out, "agreement", tr(lang, "insyn.share.agreement")
	}
	if split.Total == nil {
		return out, "unknown_cost", tr(lang, "insyn.share.no_cost")
	}
	for _, ms := range split.Members {
		i, ok := idx[ms.Code]
		if !ok || ms.Amount == nil {
			continue
		}
		pct := float64(ms.ShareBP) / 100
		amount := *ms.Amount
		out[i].Share, out[i].Amount = &pct, &amount
		out[i].ShareAs = ms.PercentText(lang) + " (" + kronor(amount, lang) + ")"
	}
	switch c.CostKey {
	case samverkan.CostKeyPopulation:
		return out, "population", tr(lang, "insyn.share.population", split.ReferenceDate.String())
	case samverkan.CostKeyEqual:
		return out, "equal", tr(lang, "insyn.share.equal")
	}
	return out, "key", tr(lang, "insyn.share.key", samverkan.CostKeys.Label(c.CostKey, lang), year)
}

func (s *server) insynDocuments(docs []samverkan.Document, lang string) []insynDocument {
	out := make([]insynDocument, 0, len(docs))
	for _, d := range docs {
		out = append(out, insynDocument{Type: term("doc_type", d.Type, lang), Title: d.Title,
			AdoptedBy: optTerm("body", d.AdoptedBy, lang), AdoptedIn: s.muniTerm(d.AdoptedIn), Adopted: d.Adopted,
			Paragraph: d.Paragraph, ValidFrom: d.ValidFrom, ValidTo: d.ValidTo, URL: d.URL})
	}
	return out
}

// insynDecisions are the decisions without their notes, which are working
// remarks rather than the decision.
func (s *server) insynDecisions(ds []samverkan.Decision, lang string) []insynDecision {
	out := make([]insynDecision, 0, len(ds))
	for _, d := range ds {
		muni := insynTerm{}
		if m := s.muniTerm(d.Municipality); m != nil {
			muni = *m
		} else if d.Party != "" {
			muni.Label = d.Party // a region or a state agency: a public body
		} else {
			muni.Label = samverkan.DecisionOwners.Label(samverkan.OwnerCollaboration, lang)
		}
		out = append(out, insynDecision{Date: d.Date, Municipality: muni,
			Body: term("body", d.Body, lang), BodyName: d.BodyName, Paragraph: d.Paragraph,
			Kind: term("decision_kind", d.Kind, lang), Outcome: term("outcome", d.Outcome, lang),
			Document: optTerm("doc_type", d.Document, lang), URL: d.URL})
	}
	return out
}
