package samverkan

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Field length limits.
const (
	MaxTitle       = 200
	MaxDescription = 10000
	MaxShortText   = 500
)

// Normalize trims text fields and fills defaults before validation.
func (c *Collaboration) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	c.Description = strings.TrimSpace(c.Description)
	c.Host = strings.TrimSpace(c.Host)
	if c.Status == "" {
		c.Status = StatusRunning
	}
	if c.LegalForm == "" {
		c.LegalForm = FormUnknown
	}
	for i := range c.Participants {
		p := &c.Participants[i]
		p.Code = strings.TrimSpace(p.Code)
		p.Party = strings.TrimSpace(p.Party)
		if p.Role == "" {
			p.Role = RoleMember
			if p.Code != "" && p.Code == c.Host {
				p.Role = RoleHost
			}
		}
		if p.Party != "" && p.PartyKind == "" {
			p.PartyKind = "annan"
		}
	}
	c.Areas = dedupe(c.Areas)
	c.Networks = dedupe(c.Networks)
	c.Purposes = dedupe(c.Purposes)
}

// Validate checks the collaboration against the rules and the reference
// data in cat. It reports every problem at once, per field.
func (c *Collaboration) Validate(cat *Catalog) error {
	var v Validation
	checkText(&v, "title", c.Title, MaxTitle, true)
	checkText(&v, "description", c.Description, MaxDescription, false)
	if _, ok := FindLegalForm(c.LegalForm); !ok {
		v.Add("legal_form", "unknown_legal_form", c.LegalForm)
	}
	if _, ok := FindStatus(c.Status); !ok {
		v.Add("status", "unknown_status", c.Status)
	}
	if c.Triage != "" && !Triages.Has(c.Triage) {
		v.Add("triage", "unknown_triage", c.Triage)
	} else if proposed, _, ok := ProposeTriage(c.LegalForm, PathOptions{OfPrinciple: c.OfPrinciple, ExternalDelegation: c.ExternalDelegation}); ok && c.Triage != "" && c.Triage != proposed && strings.TrimSpace(c.TriageReason) == "" {
		v.Add("triage_reason", "triage_reason_required", Triages.Label(proposed, "sv"))
	}
	checkText(&v, "triage_reason", c.TriageReason, MaxShortText, false)
	checkText(&v, "proposer", c.Proposer, MaxShortText, false)
	if c.Priority < 0 || c.Priority > 3 {
		v.Add("priority", "invalid_priority")
	}
	for i, a := range c.Areas {
		if _, ok := cat.Area(a); !ok {
			v.Add(fmt.Sprintf("areas[%d]", i), "unknown_area", a)
		}
	}
	checkDates(&v, "start", c.Start, "end", c.End)
	c.validateParticipants(&v, cat)
	if c.Host != "" {
		if _, ok := cat.Municipality(c.Host); !ok {
			v.Add("host", "unknown_municipality", c.Host)
		} else if !c.Takes(c.Host) && !v.Has("participants") {
			v.Add("host", "host_not_participant")
		}
	}
	if c.AnnualCost != nil && *c.AnnualCost < 0 {
		v.Add("annual_cost", "negative")
	}
	if c.CostKey != "" && !CostKeys.Has(c.CostKey) {
		v.Add("cost_key", "unknown_cost_key", c.CostKey)
	}
	if c.ProcurementBasis != "" && !ProcurementBases.Has(c.ProcurementBasis) {
		v.Add("procurement_basis", "unknown_procurement", c.ProcurementBasis)
	}
	for i, p := range c.Purposes {
		if !Purposes.Has(p) {
			v.Add(fmt.Sprintf("purposes[%d]", i), "unknown_purpose", p)
		}
	}
	checkText(&v, "public_authority_basis", c.PublicAuthorityBasis, MaxShortText, false)
	checkText(&v, "special_acts", c.SpecialActs, MaxShortText, false)
	checkText(&v, "cost_key_note", c.CostKeyNote, MaxShortText, false)
	checkText(&v, "representation_key", c.RepresentationKey, MaxShortText, false)
	for i, d := range c.Documents {
		d.validate(&v, fmt.Sprintf("documents[%d]", i), cat)
	}
	for i, ct := range c.Contacts {
		f := fmt.Sprintf("contacts[%d]", i)
		checkText(&v, f+".function", ct.Function, MaxShortText, true)
		checkText(&v, f+".name", ct.Name, MaxShortText, false)
		checkText(&v, f+".email", ct.Email, MaxShortText, false)
	}
	for i, s := range c.Sources {
		f := fmt.Sprintf("sources[%d]", i)
		checkText(&v, f+".text", s.Text, MaxDescription, true)
		checkURL(&v, f+".url", s.URL)
	}
	for i, r := range c.Relations {
		if !RelationKinds.Has(r.Kind) {
			v.Add(fmt.Sprintf("relations[%d].kind", i), "required")
		}
	}
	return v.Err()
}

func (c *Collaboration) validateParticipants(v *Validation, cat *Catalog) {
	seen := map[string]bool{}
	given := 0
	for i, p := range c.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		switch {
		case p.Code == "" && p.Party == "":
			v.Add(f+".code", "required")
			continue
		case p.Code != "":
			given++
			m, ok := cat.Municipality(p.Code)
			if !ok {
				v.Add(f+".code", "unknown_municipality", p.Code)
				continue
			}
			if seen[p.Key()] {
				v.Add(f+".code", "duplicate_participant", m.Name)
				continue
			}
		default:
			given++
			checkText(v, f+".party", p.Party, MaxShortText, true)
			if !PartyKinds.Has(p.PartyKind) {
				v.Add(f+".party_kind", "unknown_party_kind", p.PartyKind)
			}
			if seen[p.Key()] {
				v.Add(f+".party", "duplicate_participant", p.Party)
				continue
			}
		}
		seen[p.Key()] = true
		if !Roles.Has(p.Role) {
			v.Add(f+".role", "unknown_role", p.Role)
		}
		if !p.Joined.Valid() {
			v.Add(f+".joined", "invalid_date", p.Joined.Raw())
		}
		if !p.Left.Valid() {
			v.Add(f+".left", "invalid_date", p.Left.Raw())
		} else if p.Left.Before(p.Joined) {
			v.Add(f+".left", "left_before_joined")
		}
	}
	if given < 2 {
		v.Add("participants", "min_participants")
	}
}

func (d Document) validate(v *Validation, f string, cat *Catalog) {
	if !DocumentTypes.Has(d.Type) {
		v.Add(f+".type", "unknown_document_type", d.Type)
	}
	checkText(v, f+".title", d.Title, MaxTitle, false)
	if d.AdoptedBy != "" && !Bodies.Has(d.AdoptedBy) {
		v.Add(f+".adopted_by", "unknown_body", d.AdoptedBy)
	}
	if d.AdoptedIn != "" {
		if _, ok := cat.Municipality(d.AdoptedIn); !ok {
			v.Add(f+".adopted_in", "unknown_municipality", d.AdoptedIn)
		}
	}
	if !d.Adopted.Valid() {
		v.Add(f+".adopted", "invalid_date", d.Adopted.Raw())
	}
	checkDates(v, f+".valid_from", d.ValidFrom, f+".valid_to", d.ValidTo)
	if d.NoticeMonths != nil && *d.NoticeMonths < 0 {
		v.Add(f+".notice_months", "negative")
	}
	checkText(v, f+".paragraph", d.Paragraph, 50, false)
	checkText(v, f+".renewal", d.Renewal, MaxShortText, false)
	checkURL(v, f+".url", d.URL)
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Normalize trims the network's fields.
func (n *Network) Normalize() {
	n.Slug = strings.TrimSpace(strings.ToLower(n.Slug))
	n.Name = strings.TrimSpace(n.Name)
	n.Coordinator = strings.TrimSpace(n.Coordinator)
	for i := range n.Members {
		n.Members[i].Code = strings.TrimSpace(n.Members[i].Code)
	}
}

// Validate checks a network.
func (n *Network) Validate(cat *Catalog) error {
	var v Validation
	if n.Slug == "" {
		v.Add("slug", "required")
	} else if !slugRE.MatchString(n.Slug) || len(n.Slug) > 60 {
		v.Add("slug", "invalid_slug")
	}
	checkText(&v, "name", n.Name, MaxTitle, true)
	checkText(&v, "description", n.Description, MaxDescription, false)
	checkText(&v, "coordinator", n.Coordinator, MaxShortText, false)
	seen := map[string]bool{}
	current := 0
	for i, m := range n.Members {
		f := fmt.Sprintf("members[%d]", i)
		mu, ok := cat.Municipality(m.Code)
		if !ok {
			v.Add(f+".code", "unknown_municipality", m.Code)
			continue
		}
		if seen[m.Code] {
			v.Add(f+".code", "duplicate_member", mu.Name)
			continue
		}
		seen[m.Code] = true
		if m.Left.IsZero() {
			current++
		}
		checkDates(&v, f+".joined", m.Joined, f+".left", m.Left)
	}
	if len(seen) < 2 {
		v.Add("members", "min_members")
	}
	if !n.Declaration.Adopted.Valid() {
		v.Add("declaration.adopted", "invalid_date", n.Declaration.Adopted.Raw())
	}
	for i, p := range n.Declaration.Purposes {
		f := fmt.Sprintf("declaration.purposes[%d]", i)
		checkText(&v, f+".text", p.Text, MaxShortText, true)
		if p.Dimension != "" && !Purposes.Has(p.Dimension) {
			v.Add(f+".dimension", "unknown_purpose", p.Dimension)
		}
	}
	for i, h := range n.Hosts {
		f := fmt.Sprintf("hosts[%d]", i)
		if h.Year < 1900 || h.Year > 2200 {
			v.Add(f+".year", "invalid_year")
		}
		if _, ok := cat.Municipality(h.Code); !ok {
			v.Add(f+".code", "unknown_municipality", h.Code)
		}
		if !HostRoles.Has(h.Role) {
			v.Add(f+".role", "unknown_role", h.Role)
		}
	}
	return v.Err()
}

func checkText(v *Validation, field, s string, max int, required bool) {
	if required && strings.TrimSpace(s) == "" {
		v.Add(field, "required")
	} else if utf8.RuneCountInString(s) > max {
		v.Add(field, "too_long", max)
	}
}

func checkDates(v *Validation, fromField string, from Date, toField string, to Date) {
	if !from.Valid() {
		v.Add(fromField, "invalid_date", from.Raw())
	}
	if !to.Valid() {
		v.Add(toField, "invalid_date", to.Raw())
	}
	if from.Valid() && to.Valid() && to.Before(from) {
		v.Add(toField, "end_before_start")
	}
}

func checkURL(v *Validation, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.Add(field, "invalid_url", s)
	}
}

func dedupe(in []string) []string {
	if in == nil {
		return nil
	}
	seen := map[string]bool{}
	out := in[:0:0]
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}
