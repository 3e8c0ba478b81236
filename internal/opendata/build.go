package opendata

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// CC0 is the default licence: the register's facts are public records, and
// CC0 is what Sveriges dataportal and SCB use for open data.
const CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

// Records are the domain records the dataset is built from, as the store
// returns them. Build filters them; the caller need not (but may) load only
// public ones.
type Records struct {
	Networks       []*samverkan.Network
	Collaborations []*samverkan.Collaboration
	// Decisions per collaboration id.
	Decisions map[int64][]samverkan.Decision
	// OrgNumbers per collaboration id, for those that are legal persons of
	// their own; optional until the domain records them.
	OrgNumbers map[int64]string
}

// Options say who publishes and for which day.
type Options struct {
	// Publisher names who publishes; its name defaults to the host of
	// BaseURL, and a URL that is not http or https is left out.
	Publisher Publisher
	Licence   string // a licence URI; CC0 when empty
	// BaseURL is the instance's public address, without a trailing slash;
	// records link to their /insyn pages under it. Empty leaves url empty.
	BaseURL string
	// On is the day current membership and cost shares are computed for
	// (normally today, in Europe/Stockholm).
	On samverkan.Date
	// Catalog names municipalities and gives their population.
	Catalog *samverkan.Catalog
	// Public decides whether a collaboration is published. Nil means its
	// Public flag. A network is published when its Public flag is set.
	Public func(*samverkan.Collaboration) bool
}

// Build makes the public dataset from domain records. It copies field by
// field into the open-data types, so anything not named here (contacts,
// users, decision notes, sources, audit data, internal assessments) cannot
// reach the output. A collaboration is published when Public says so; it
// lists only the public networks among its networks. Networks list the
// members that are current on opt.On.
func Build(recs Records, opt Options) *Dataset {
	public := opt.Public
	if public == nil {
		public = func(c *samverkan.Collaboration) bool { return c.Public }
	}
	ds := &Dataset{SchemaVersion: SchemaVersion, Publisher: opt.Publisher, Licence: opt.Licence,
		Networks: []Network{}, Collaborations: []Collaboration{}}
	if ds.Licence == "" {
		ds.Licence = CC0
	}
	if strings.TrimSpace(ds.Publisher.Name) == "" {
		// The schema requires a name; the instance's host is the most
		// honest stand-in until an operator configures one.
		ds.Publisher.Name = "Samverkan"
		if u, err := url.Parse(opt.BaseURL); err == nil && u.Host != "" {
			ds.Publisher.Name = u.Host
		}
	}
	ds.Publisher.URL = webURL(ds.Publisher.URL)
	var newest time.Time
	seen := func(t time.Time) {
		if t.After(newest) {
			newest = t
		}
	}
	pubNets := map[string]bool{}
	for _, n := range recs.Networks {
		if n == nil || !n.Public {
			continue
		}
		pubNets[n.Slug] = true
		on := Network{Slug: n.Slug, Name: n.Name, Description: n.Description, Coordinator: n.Coordinator,
			Declared: n.Declaration.Adopted, URL: link(opt.BaseURL, "/insyn/natverk/"+n.Slug), Updated: stamp(n.Updated),
			Members: []NetworkMember{}}
		for _, m := range n.ActiveMembers(opt.On) {
			on.Members = append(on.Members, NetworkMember{NetworkSlug: n.Slug, Code: m.Code, Name: muniName(opt.Catalog, m.Code), Joined: m.Joined})
		}
		sort.Slice(on.Members, func(i, j int) bool { return on.Members[i].Code < on.Members[j].Code })
		seen(n.Updated)
		ds.Networks = append(ds.Networks, on)
	}
	sort.Slice(ds.Networks, func(i, j int) bool { return ds.Networks[i].Slug < ds.Networks[j].Slug })

	for _, c := range recs.Collaborations {
		if c == nil || !public(c) {
			continue
		}
		oc := Collaboration{ID: c.ID, URL: link(opt.BaseURL, "/insyn/samverkan/"+strconv.FormatInt(c.ID, 10)),
			Title: c.Title, Description: c.Description, Areas: append([]string{}, c.Areas...),
			LegalForm: c.LegalForm, Status: c.Status, Phase: c.Phase(), Host: c.Host, Networks: []string{},
			Start: c.Start, End: c.End, AnnualCost: c.AnnualCost, CostKey: c.CostKey, CostKeyNote: c.CostKeyNote,
			Updated: stamp(c.Updated), Participants: []Participant{}, Documents: []Document{}, Decisions: []Decision{}}
		if org, ok := NormalizeOrgNumber(recs.OrgNumbers[c.ID]); ok {
			oc.OrgNumber = org
		}
		if c.AnnualCost != nil {
			v := *c.AnnualCost
			oc.AnnualCost = &v
		}
		for _, slug := range c.Networks {
			if pubNets[slug] {
				oc.Networks = append(oc.Networks, slug)
			}
		}
		for _, p := range c.Participants {
			op := Participant{CollaborationID: c.ID, Code: p.Code, Role: p.Role, Joined: p.Joined, Left: p.Left}
			if p.Code != "" {
				op.Name = muniName(opt.Catalog, p.Code)
			} else {
				op.Party, op.PartyKind, op.Name = p.Party, p.PartyKind, p.Party
			}
			oc.Participants = append(oc.Participants, op)
		}
		for _, d := range c.Documents {
			oc.Documents = append(oc.Documents, Document{CollaborationID: c.ID, Type: d.Type, Title: d.Title,
				AdoptedBy: d.AdoptedBy, AdoptedIn: d.AdoptedIn, Adopted: d.Adopted, Paragraph: d.Paragraph,
				ValidFrom: d.ValidFrom, ValidTo: d.ValidTo, URL: webURL(d.URL)})
		}
		decisions := append([]samverkan.Decision(nil), recs.Decisions[c.ID]...)
		sort.SliceStable(decisions, func(i, j int) bool {
			a, b := decisions[i], decisions[j]
			if as, bs := a.Date.String(), b.Date.String(); as != bs {
				return as < bs
			}
			return a.ID < b.ID
		})
		for _, d := range decisions {
			if d.CollaborationID != 0 && d.CollaborationID != c.ID {
				continue // another collaboration's decision, filed under the wrong key
			}
			// Everything but the note, which is a working remark.
			oc.Decisions = append(oc.Decisions, Decision{CollaborationID: c.ID, Municipality: d.Municipality, Party: d.Party,
				Body: d.Body, BodyName: d.BodyName, Date: d.Date, Paragraph: d.Paragraph, Kind: d.Kind,
				Outcome: d.Outcome, Document: d.Document, URL: webURL(d.URL)})
			seen(d.Updated)
		}
		oc.CostShares, oc.CostSharing = CostShares(c, opt.Catalog, opt.On)
		seen(c.Updated)
		ds.Collaborations = append(ds.Collaborations, oc)
	}
	sort.Slice(ds.Collaborations, func(i, j int) bool { return ds.Collaborations[i].ID < ds.Collaborations[j].ID })
	if newest.IsZero() {
		newest = opt.On.Time()
	}
	ds.Generated = stamp(newest)
	// updated is required; a record the store never stamped takes the
	// dataset's time rather than breaking the schema.
	for i := range ds.Networks {
		if ds.Networks[i].Updated.IsZero() {
			ds.Networks[i].Updated = ds.Generated
		}
	}
	for i := range ds.Collaborations {
		if ds.Collaborations[i].Updated.IsZero() {
			ds.Collaborations[i].Updated = ds.Generated
		}
	}
	return ds
}

// CostShares computes each paying municipality's share of c's annual cost
// where the cost key allows it: by population (from the catalogue) or in
// equal parts, between the municipalities taking part on day on (observers
// pay nothing). It returns the method (SharingPopulation, SharingEqual,
// SharingAgreement or SharingUnknown) and no shares unless the method is
// one of the first two. It is the rule /insyn shows.
func CostShares(c *samverkan.Collaboration, cat *samverkan.Catalog, on samverkan.Date) ([]CostShare, string) {
	shares := []CostShare{}
	if c.AnnualCost == nil {
		return shares, SharingUnknown
	}
	var payers []string
	for _, p := range c.Participants {
		if p.Code != "" && p.Role != samverkan.RoleObserver && (p.Left.IsZero() || !p.Left.Before(on)) {
			payers = append(payers, p.Code)
		}
	}
	weights := make([]float64, len(payers))
	years := make([]*int, len(payers))
	var total float64
	basis := ""
	switch c.CostKey {
	case "invanare":
		basis = SharingPopulation
		for i, code := range payers {
			m, ok := samverkan.Municipality{}, false
			if cat != nil {
				m, ok = cat.Municipality(code)
			}
			if !ok || m.Population <= 0 {
				basis = ""
				break
			}
			weights[i] = float64(m.Population)
			y := m.PopulationYear
			years[i] = &y
			total += weights[i]
		}
	case "lika_delar":
		basis = SharingEqual
		for i := range payers {
			weights[i] = 1
			total++
		}
	}
	if basis == "" || total == 0 {
		return shares, SharingAgreement
	}
	for i, code := range payers {
		share := weights[i] / total
		shares = append(shares, CostShare{CollaborationID: c.ID, Code: code, SharePercent: math.Round(share*1000) / 10,
			Amount: int64(math.Round(float64(*c.AnnualCost) * share)), Basis: basis, PopulationYear: years[i]})
	}
	return shares, basis
}

// NormalizeOrgNumber writes a Swedish organisation number as NNNNNN-NNNN.
// It accepts ten digits with or without the hyphen, and twelve with the
// century prefix 16 that some registers add; ok is false for anything else.
func NormalizeOrgNumber(s string) (string, bool) {
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '-' || r == ' ':
		default:
			return "", false
		}
	}
	d := digits.String()
	if len(d) == 12 && strings.HasPrefix(d, "16") {
		d = d[2:]
	}
	if len(d) != 10 {
		return "", false
	}
	return d[:6] + "-" + d[6:], true
}

func muniName(cat *samverkan.Catalog, code string) string {
	if cat == nil {
		return code
	}
	return cat.MunicipalityName(code)
}

func link(base, path string) string {
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + path
}

// webURL keeps only http and https addresses: anything else (javascript:,
// data:, a bare word) is not a link a reader should be given.
func webURL(s string) string {
	s = strings.TrimSpace(s)
	l := strings.ToLower(s)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return s
	}
	return ""
}

// stamp is a time as the dataset writes it: UTC, whole seconds (the
// precision of Last-Modified).
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}
