package tabular

import (
	"fmt"
	"slices"
	"strings"

	"github.com/samverkan/samverkan"
)

// values are one row's cells, parsed. has says which columns the file
// has: a column present with an empty cell clears an optional field; a
// column the file lacks leaves the field as stored.
type values struct {
	has                   map[Field]bool
	id                    int64
	title, description    string
	host                  string
	hostGiven             bool
	munis, parties, areas []string
	legalForm, status     string
	costKey               string
	start, end, agreement samverkan.Date
	cost                  *int64
	contacts              []string
	public, publicSet     bool
}

func (r *rowState) parse() values {
	v := values{has: map[Field]bool{}}
	for _, c := range r.m.Columns {
		v.has[c.Field] = true
	}
	res := r.pl.res
	if s, ok := r.cell(FieldID); ok && s != "" {
		id, ok := parseID(s)
		if !ok {
			r.fail(FieldID, s, "Ogiltigt ID. Lämna kolumnen tom för nya samverkan.", "")
		}
		v.id = id
	}
	v.title, _ = r.cell(FieldTitle)
	if v.title == "" {
		r.fail(FieldTitle, "", "Namn saknas. Varje rad måste ha ett namn.", "")
	}
	v.description, _ = r.cell(FieldDescription)
	if s, ok := r.cell(FieldHost); ok && s != "" {
		v.hostGiven = true
		code, sug, ok := res.municipality(s, r.suggest())
		if !ok {
			r.fail(FieldHost, s, fmt.Sprintf("Okänd kommun: %s.", s), suggest(sug))
		}
		v.host = code
	}
	if s, ok := r.cell(FieldMunicipalities); ok {
		v.munis = r.municipalities(s)
	}
	if s, ok := r.cell(FieldParties); ok {
		if v.parties = splitMatch(s, false, func(string) bool { return false }); !r.fewEnough(FieldParties, v.parties) {
			v.parties = nil
		}
	}
	if s, ok := r.cell(FieldAreas); ok {
		v.areas = r.areas(s)
	}
	v.legalForm = r.term(FieldLegalForm, legalForms, "Okänd samverkansform")
	v.status = r.term(FieldStatus, statuses, "Okänd status")
	v.costKey = r.term(FieldCostKey, costKeys, "Okänd fördelningsnyckel")
	v.start = r.date(FieldStart)
	v.end = r.date(FieldEnd)
	v.agreement = r.date(FieldAgreementValidTo)
	if s, ok := r.cell(FieldAnnualCost); ok {
		cost, ok := ParseAmount(s)
		if !ok {
			r.fail(FieldAnnualCost, s, "Ogiltigt belopp. Skriv hela kronor, t.ex. 1 200 000 kr, 1,2 mnkr eller 350 tkr.", "")
		}
		v.cost = cost
	}
	if s, ok := r.cell(FieldContact); ok {
		if v.contacts = splitHard(s); !r.fewEnough(FieldContact, v.contacts) {
			v.contacts = nil
		}
	}
	if s, ok := r.cell(FieldPublic); ok {
		b, set, ok := ParseBool(s)
		if !ok {
			r.fail(FieldPublic, s, "Skriv ja eller nej.", "")
		}
		v.public, v.publicSet = b, set
	}
	return v
}

// maxSuggestions bounds the near-miss searches one plan makes, so a file
// of nothing but nonsense stays quick to reject.
const maxSuggestions = 2000

// maxItems bounds the values of one list cell.
const maxItems = 300

func (r *rowState) suggest() bool {
	r.suggestions++
	return r.suggestions <= maxSuggestions
}

func (r *rowState) fewEnough(f Field, items []string) bool {
	if len(items) <= maxItems {
		return true
	}
	r.fail(f, fmt.Sprintf("%d värden", len(items)), fmt.Sprintf("För många värden i cellen (högst %d).", maxItems), "")
	return false
}

func suggest(s string) string {
	if s == "" {
		return ""
	}
	return "Menade du " + s + "?"
}

func (r *rowState) municipalities(s string) []string {
	cat := r.pl.cat
	var codes []string
	items := splitMatch(s, true, func(t string) bool { _, ok := cat.LookupMunicipality(t); return ok })
	if !r.fewEnough(FieldMunicipalities, items) {
		return nil
	}
	for _, item := range items {
		code, sug, ok := r.pl.res.municipality(item, r.suggest())
		if !ok {
			r.fail(FieldMunicipalities, item, fmt.Sprintf("Okänd kommun: %s.", item), suggest(sug))
			continue
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	return codes
}

func (r *rowState) areas(s string) []string {
	res := r.pl.res
	var codes []string
	items := splitMatch(s, true, func(t string) bool { _, _, ok := res.area(t, false); return ok })
	if !r.fewEnough(FieldAreas, items) {
		return nil
	}
	for _, item := range items {
		code, sug, ok := res.area(item, r.suggest())
		if !ok {
			r.fail(FieldAreas, item, fmt.Sprintf("Okänt verksamhetsområde: %s. Se bladet Koder i mallen.", item), suggest(sug))
			continue
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	return codes
}

func (r *rowState) term(f Field, x vocabIndex, msg string) string {
	s, ok := r.cell(f)
	if !ok || s == "" {
		return ""
	}
	code, sug, ok := x.lookup(s, r.suggest())
	if !ok {
		r.fail(f, s, msg+": "+s+". Se bladet Koder i mallen.", suggest(sug))
	}
	return code
}

func (r *rowState) date(f Field) samverkan.Date {
	s, ok := r.cell(f)
	if !ok {
		return samverkan.Date{}
	}
	d, ok := ParseDate(s)
	if !ok {
		r.fail(f, s, "Ogiltigt datum. Skriv t.ex. 2018-10-03 eller 3 oktober 2018.", "")
	}
	return d
}

// merge applies the row to a copy of the stored record (or a new one) and
// names the columns whose values changed.
func (r *rowState) merge(cur *samverkan.Collaboration, v values) (*samverkan.Collaboration, []string) {
	c := &samverkan.Collaboration{Status: samverkan.StatusRunning, LegalForm: samverkan.FormUnknown, Public: true,
		Networks: []string{r.slug}}
	if cur != nil {
		c = clone(cur)
	}
	var changes []string
	mark := func(f Field, changed bool) {
		if changed {
			changes = append(changes, HeaderOf(f))
		}
	}
	if v.has[FieldTitle] && v.title != "" {
		mark(FieldTitle, c.Title != v.title)
		c.Title = v.title
	}
	if v.has[FieldDescription] {
		mark(FieldDescription, strings.TrimSpace(c.Description) != v.description)
		c.Description = v.description
	}
	if v.has[FieldAreas] && !sameSet(c.Areas, v.areas) {
		mark(FieldAreas, true)
		c.Areas = v.areas
	}
	if v.legalForm != "" {
		mark(FieldLegalForm, c.LegalForm != v.legalForm)
		c.LegalForm = v.legalForm
	}
	if v.status != "" {
		mark(FieldStatus, c.Status != v.status)
		c.Status = v.status
	}
	if v.has[FieldHost] {
		mark(FieldHost, c.Host != v.host)
		c.Host = v.host
	}
	r.mergeParticipants(c, v, mark)
	if v.has[FieldStart] {
		mark(FieldStart, c.Start != v.start)
		c.Start = v.start
	}
	if v.has[FieldEnd] {
		mark(FieldEnd, c.End != v.end)
		c.End = v.end
	}
	if v.has[FieldAgreementValidTo] {
		mark(FieldAgreementValidTo, setAgreementValidTo(c, v.agreement))
	}
	if v.has[FieldAnnualCost] {
		mark(FieldAnnualCost, !sameCost(c.AnnualCost, v.cost))
		c.AnnualCost = v.cost
	}
	if v.has[FieldCostKey] {
		mark(FieldCostKey, c.CostKey != v.costKey)
		c.CostKey = v.costKey
	}
	if v.has[FieldContact] {
		mark(FieldContact, setContacts(c, v.contacts))
	}
	if v.publicSet {
		mark(FieldPublic, c.Public != v.public)
		c.Public = v.public
	}
	if !slices.Contains(c.Networks, r.slug) {
		c.Networks = append(c.Networks, r.slug)
	}
	if cur == nil {
		changes = nil
	}
	return c, changes
}

// mergeParticipants sets the municipalities and parties the row lists.
// Participants that stay keep their role and dates; the host always takes
// part.
func (r *rowState) mergeParticipants(c *samverkan.Collaboration, v values, mark func(Field, bool)) {
	var munis, parties []samverkan.Participant
	for _, p := range c.Participants {
		if p.Code != "" {
			munis = append(munis, p)
		} else {
			parties = append(parties, p)
		}
	}
	if v.has[FieldMunicipalities] || v.host != "" {
		want := slices.Clone(v.munis)
		if !v.has[FieldMunicipalities] {
			want = codesOf(munis)
		}
		if v.host != "" && !slices.Contains(want, v.host) {
			want = append([]string{v.host}, want...)
		}
		if !sameSet(codesOf(munis), want) {
			if v.has[FieldMunicipalities] {
				mark(FieldMunicipalities, true)
			}
			var next []samverkan.Participant
			for _, code := range want {
				i := slices.IndexFunc(munis, func(p samverkan.Participant) bool { return p.Code == code })
				if i >= 0 {
					next = append(next, munis[i])
				} else {
					next = append(next, samverkan.Participant{Code: code})
				}
			}
			munis = next
		}
	}
	if v.has[FieldParties] && !sameFoldSet(namesOf(parties), v.parties) {
		mark(FieldParties, true)
		var next []samverkan.Participant
		for _, name := range v.parties {
			i := slices.IndexFunc(parties, func(p samverkan.Participant) bool { return foldKey(p.Party) == foldKey(name) })
			if i >= 0 {
				next = append(next, parties[i])
			} else {
				next = append(next, samverkan.Participant{Party: name, PartyKind: guessPartyKind(name)})
			}
		}
		parties = next
	}
	c.Participants = append(munis, parties...)
}

func codesOf(ps []samverkan.Participant) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Code
	}
	return out
}

func namesOf(ps []samverkan.Participant) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Party
	}
	return out
}

// guessPartyKind reads the kind of an external party from its name.
func guessPartyKind(name string) string {
	k := foldKey(name)
	switch {
	case strings.HasPrefix(k, "region "):
		return "region"
	case strings.HasSuffix(k, " ab") || strings.HasPrefix(k, "ab "):
		return "bolag"
	case strings.HasPrefix(k, "lansstyrelsen") || strings.HasSuffix(k, "verket") || strings.HasSuffix(k, "myndigheten") ||
		strings.HasPrefix(k, "forsakringskassan") || strings.HasPrefix(k, "arbetsformedlingen"):
		return "myndighet"
	case strings.HasSuffix(k, "forbund") || strings.HasSuffix(k, "forbundet"):
		return "kommunalforbund"
	case strings.Contains(k, "forening") || strings.Contains(k, "stiftelse"):
		return "forening"
	}
	return "annan"
}

// agreementTypes are the document types an "Avtal giltigt till" refers to.
var agreementTypes = []string{"samverkansavtal", "avtal", "overenskommelse", "forbundsordning", "reglemente",
	"bolagsordning", "aktieagaravtal", "agardirektiv"}

// AgreementIndex returns the document the "Avtal giltigt till" column
// stands for: the first agreement with an end date, else the first
// agreement; -1 when there is none.
func AgreementIndex(c *samverkan.Collaboration) int {
	first := -1
	for i, d := range c.Documents {
		if !slices.Contains(agreementTypes, d.Type) {
			continue
		}
		if !d.ValidTo.IsZero() {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

func setAgreementValidTo(c *samverkan.Collaboration, d samverkan.Date) bool {
	i := AgreementIndex(c)
	switch {
	case i >= 0 && c.Documents[i].ValidTo == d:
		return false
	case i >= 0:
		c.Documents[i].ValidTo = d
		return true
	case d.IsZero():
		return false
	}
	c.Documents = append(c.Documents, samverkan.Document{Type: "avtal", Title: "Avtal", ValidTo: d})
	return true
}

// setContacts sets the contact functions; a contact whose function stays
// keeps its name, e-mail and phone.
func setContacts(c *samverkan.Collaboration, functions []string) bool {
	cur := make([]string, len(c.Contacts))
	for i, ct := range c.Contacts {
		cur[i] = ct.Function
	}
	if slices.EqualFunc(cur, functions, func(a, b string) bool { return foldKey(a) == foldKey(b) }) {
		return false
	}
	var next []samverkan.Contact
	for _, f := range functions {
		i := slices.IndexFunc(c.Contacts, func(ct samverkan.Contact) bool { return foldKey(ct.Function) == foldKey(f) })
		if i >= 0 {
			next = append(next, c.Contacts[i])
		} else {
			next = append(next, samverkan.Contact{Function: f})
		}
	}
	c.Contacts = next
	return true
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}

func sameFoldSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if !slices.ContainsFunc(b, func(t string) bool { return foldKey(s) == foldKey(t) }) {
			return false
		}
	}
	return true
}

func sameCost(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// clone copies a record deeply enough that merging never touches the
// stored one.
func clone(c *samverkan.Collaboration) *samverkan.Collaboration {
	n := *c
	n.Areas = slices.Clone(c.Areas)
	n.Participants = slices.Clone(c.Participants)
	n.Networks = slices.Clone(c.Networks)
	n.Documents = slices.Clone(c.Documents)
	n.Contacts = slices.Clone(c.Contacts)
	n.Purposes = slices.Clone(c.Purposes)
	n.Sources = slices.Clone(c.Sources)
	n.Relations = slices.Clone(c.Relations)
	return &n
}
