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
	// review are area texts that matched no area: kept for a coordinator
	// to map ("område att granska").
	review            []string
	legalForm, status string
	costKey           string
	// costKeyNote keeps a cost key's text when it is not exactly one of
	// the keys ("Per elev"); costKeyNoteSet says the cell set it.
	costKeyNote           string
	costKeyNoteSet        bool
	start, end, agreement samverkan.Date
	cost                  *int64
	contacts              []string
	public, publicSet     bool
	// notes keep the text of a cell the import could not place, as a
	// source on the field it was meant for.
	notes []samverkan.Source
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
	if s, ok := r.cell(FieldHost); ok && s != "" && !noValue(s) {
		v.hostGiven = true
		code, ok := r.muni(s)
		if !ok {
			_, sug, _ := res.municipality(s, r.suggest())
			r.fail(FieldHost, s, fmt.Sprintf("Okänd kommun: %s.", s), suggest(sug))
		}
		v.host = code
	}
	if s, ok := r.cell(FieldMunicipalities); ok {
		v.munis = r.municipalities(s)
	}
	if s, ok := r.cell(FieldParties); ok {
		if v.parties = splitMatch(s, noSeps, func(string) bool { return false }); !r.fewEnough(FieldParties, v.parties) {
			v.parties = nil
		}
	}
	if s, ok := r.cell(FieldAreas); ok {
		v.areas, v.review = r.areas(s)
	}
	v.legalForm = r.legalForm(&v)
	v.status = r.status(&v)
	r.costKey(&v)
	v.start = r.date(FieldStart)
	v.end = r.date(FieldEnd)
	v.agreement = r.date(FieldAgreementValidTo)
	if s, ok := r.cell(FieldAnnualCost); ok {
		a, ok := parseAmount(s, float64(max(1, r.costScale)))
		switch {
		case !ok:
			r.fail(FieldAnnualCost, s, "Ogiltigt belopp. Skriv hela kronor, t.ex. 1 200 000 kr, 1,2 mnkr eller 350 tkr.", "")
		case a.approx && a.value != nil:
			r.warn(FieldAnnualCost, s, fmt.Sprintf("Ungefärligt belopp; sparas som %s.", kronor(*a.value)))
		}
		v.cost = a.value
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

// noValue reports whether a cell says that there is nothing: "-",
// "ingen", "saknas".
func noValue(s string) bool {
	switch samverkan.MatchKey(s) {
	case "", "ingen", "inget", "saknas", "ej angiven", "ej angivet", "vet ej", "okand", "okant":
		return true
	}
	return false
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

// allMembersWords say "the whole network" in a list of municipalities:
// "alla fyra kommunerna", "samtliga GGVV-kommuner".
var allMembersWords = []string{"alla", "samtliga", "hela"}

// fillerWords may stand beside the network's name or "alla" without
// naming a municipality.
var fillerWords = []string{"alla", "samtliga", "hela", "de", "kommuner", "kommunerna", "kommunernas", "kommun", "i", "inom",
	"natverket", "natverkets", "medlemmar", "medlemmarna", "medlemskommuner", "medlemskommunerna", "ingaende", "deltagande",
	"tva", "tre", "fyra", "fem", "sex", "sju", "atta", "nio", "tio", "elva", "tolv", "2", "3", "4", "5", "6", "7", "8", "9", "10"}

// allMembers reports whether an item of a municipality list means every
// current member of the network.
func (r *rowState) allMembers(item string) bool {
	if r.netName == nil {
		r.netName = strings.Fields(samverkan.MatchKey(r.net.Name))
		r.netSlug = strings.Fields(samverkan.MatchKey(r.net.Slug))
		r.membersFirst = slices.Clone(allMembersWords)
		if len(r.netSlug) > 0 {
			r.membersFirst = append(r.membersFirst, r.netSlug[0])
		}
		if len(r.netName) > 0 {
			r.membersFirst = append(r.membersFirst, r.netName[0])
		}
	}
	name, slug := r.netName, r.netSlug
	// Most items are a municipality's name: turn them away before folding,
	// in one pass over the item (it is asked of every piece and joined
	// pair of pieces of every municipality cell).
	if !containsAnyFold(item, r.membersFirst) {
		return false
	}
	words := strings.Fields(samverkan.MatchKey(item))
	if len(words) == 0 {
		return false
	}
	said := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case slices.Contains(allMembersWords, w):
			said = true
		case len(name) > 0 && i+len(name) <= len(words) && slices.Equal(words[i:i+len(name)], name):
			said, i = true, i+len(name)-1
		case len(slug) > 0 && i+len(slug) <= len(words) && slices.Equal(words[i:i+len(slug)], slug):
			said, i = true, i+len(slug)-1
		case slices.Contains(fillerWords, w):
		default:
			return false
		}
	}
	return said
}

func (r *rowState) municipalities(s string) []string {
	cat := r.pl.cat
	var codes []string
	items := splitMatch(s, muniSeps, func(t string) bool {
		return r.exactMuni(t) || r.allMembers(t)
	})
	if !r.fewEnough(FieldMunicipalities, items) {
		return nil
	}
	for _, item := range items {
		if r.allMembers(item) {
			var names []string
			for _, m := range r.net.ActiveMembers(samverkan.Today()) {
				if !slices.Contains(codes, m.Code) {
					codes = append(codes, m.Code)
				}
				names = append(names, cat.MunicipalityName(m.Code))
			}
			r.warn(FieldMunicipalities, item, "Tolkat som nätverkets alla medlemmar: "+strings.Join(names, ", ")+".")
			continue
		}
		code, ok := r.muni(item)
		if !ok {
			_, sug, _ := r.pl.res.municipality(item, r.suggest())
			r.fail(FieldMunicipalities, item, fmt.Sprintf("Okänd kommun: %s.", item), suggest(sug))
			continue
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	return codes
}

// maxMemo bounds each memo of a plan: files repeat their municipalities,
// areas and forms, so each is worked out once.
const maxMemo = 1 << 14

// muni resolves a municipality by name or code, remembering the answer.
func (r *rowState) muni(s string) (string, bool) {
	if code, ok := r.muniMemo[s]; ok {
		return code, code != ""
	}
	code, _, ok := r.pl.res.municipality(s, false)
	if len(r.muniMemo) < maxMemo {
		r.muniMemo[s] = code
	}
	return code, ok
}

// exactMuni reports whether s is a municipality's name or code as
// written, which is what joins the parts of a list back together; the
// looser readings of muni would take "Gislaveds kommun, Gnosjö" for one.
func (r *rowState) exactMuni(s string) bool {
	if ok, seen := r.exactMemo[s]; seen {
		return ok
	}
	_, ok := r.pl.cat.LookupMunicipality(s)
	if len(r.exactMemo) < maxMemo {
		r.exactMemo[s] = ok
	}
	return ok
}

// areaOf reads one area: by the network's own mappings first (what its
// coordinators decided a text means), then by the vocabulary.
func (r *rowState) areaOf(s string) (samverkan.AreaMatch, bool) {
	if m, ok := r.areaMemo[s]; ok {
		return m, m.Code != ""
	}
	m, ok := r.pl.cat.MatchArea(s)
	if code, found := r.mapped[samverkan.MatchKey(s)]; found {
		m, ok = samverkan.AreaMatch{Code: code, Via: samverkan.ViaSynonym}, true
	}
	if len(r.areaMemo) < maxMemo {
		r.areaMemo[s] = m
	}
	return m, ok
}

// areas reads an area cell into codes and texts to review. Semicolons and
// line breaks always separate; commas and "och" only when every part is
// an area, so "Miljö- och hälsoskydd" and "Vård och omsorg om äldre" stay
// one name and "IT och bibliotek" is two. A text that matches nothing is
// kept for review rather than refused.
func (r *rowState) areas(s string) (codes, review []string) {
	sure := func(t string) bool { m, ok := r.areaOf(t); return ok && samverkan.Sure(m.Via) }
	pieces := splitHard(s)
	if !r.fewEnough(FieldAreas, pieces) {
		return nil, nil
	}
	for _, piece := range pieces {
		items := splitPiece(piece, areaSeps, sure)
		if len(items) > 1 && !slices.ContainsFunc(items, func(t string) bool { _, ok := r.areaOf(t); return ok }) {
			items = []string{piece} // nothing in it is an area: keep it whole for review
		}
		for _, item := range items {
			m, ok := r.areaOf(item)
			if !ok {
				if !slices.ContainsFunc(review, func(t string) bool { return samverkan.MatchKey(t) == samverkan.MatchKey(item) }) {
					review = append(review, item)
				}
				sug, seen := r.areaSugMemo[item]
				if !seen && r.suggest() {
					sug = nearest(item, r.pl.res.areaNames)
					if len(r.areaSugMemo) < maxMemo {
						r.areaSugMemo[item] = sug
					}
				}
				r.warn(FieldAreas, item, "Okänt verksamhetsområde. Texten sparas som ”område att granska” så att en samordnare kan koppla den till ett område; raden importeras ändå.", suggest(sug))
				continue
			}
			if !samverkan.Sure(m.Via) {
				r.warn(FieldAreas, item, "Tolkat som "+areaLabel(r.pl.cat, m.Code)+".")
			}
			if !slices.Contains(codes, m.Code) {
				codes = append(codes, m.Code)
			}
		}
	}
	return codes, review
}

func areaLabel(cat *samverkan.Catalog, code string) string {
	if a, ok := cat.Area(code); ok {
		return "”" + a.SV + "”"
	}
	return code
}

// legalForm reads the form as people write it. A federation without its
// organ is the general form, a form read loosely is reported, and a text
// that names no form leaves the form not stated and is kept as a source.
func (r *rowState) legalForm(v *values) string {
	s, ok := r.cell(FieldLegalForm)
	if !ok || s == "" {
		return ""
	}
	m, ok := r.formMemo[s]
	if !ok {
		m, _ = samverkan.MatchLegalForm(s)
		if len(r.formMemo) < maxMemo {
			r.formMemo[s] = m
		}
	}
	ok = m.Code != ""
	switch {
	case !ok:
		v.notes = append(v.notes, samverkan.Source{Field: "legal_form", Text: "Samverkansform i importfilen: " + s})
		r.warn(FieldLegalForm, s, "Okänd samverkansform. Raden behåller sin form (Ej angiven för en ny rad) och texten sparas som källa.")
		return ""
	case m.Via == samverkan.ViaGeneral:
		r.warn(FieldLegalForm, s, "Kommunalförbund utan angivet organ: sparas som ”"+samverkan.LegalFormTerms().Label(m.Code, "sv")+
			"”. Ange direktion eller fullmäktige när det är känt.")
	case !samverkan.Sure(m.Via):
		r.warn(FieldLegalForm, s, "Tolkat som ”"+samverkan.LegalFormTerms().Label(m.Code, "sv")+"”.")
	}
	return m.Code
}

// status reads the status. A text that names no status leaves the status
// as it is (Igång for a new row) and is kept as a source.
func (r *rowState) status(v *values) string {
	s, ok := r.cell(FieldStatus)
	if !ok || s == "" {
		return ""
	}
	code, _, ok := statuses.lookup(s, false)
	if !ok {
		v.notes = append(v.notes, samverkan.Source{Field: "status", Text: "Status i importfilen: " + s})
		r.warn(FieldStatus, s, "Okänd status. Raden behåller sin status (Igång för en ny rad) och texten sparas som källa.")
	}
	return code
}

// costKey reads the cost key. Text that is not one of the keys is kept as
// the key's note, with the key it most likely means ("Per elev" is by
// usage), or none.
func (r *rowState) costKey(v *values) {
	s, ok := r.cell(FieldCostKey)
	if !ok || s == "" {
		return
	}
	if code, _, ok := costKeys.lookup(s, false); ok {
		v.costKey = code
		return
	}
	v.costKey, v.costKeyNote, v.costKeyNoteSet = guessCostKey(s), s, true
	if v.costKey == "" {
		r.warn(FieldCostKey, s, "Ingen av fördelningsnycklarna. Texten sparas som kommentar till nyckeln.")
		return
	}
	r.warn(FieldCostKey, s, "Tolkat som ”"+samverkan.CostKeys.Label(v.costKey, "sv")+"”; texten sparas som kommentar till nyckeln.")
}

func (r *rowState) date(f Field) samverkan.Date {
	s, ok := r.cell(f)
	if !ok {
		return samverkan.Date{}
	}
	if noValue(s) {
		return samverkan.Date{}
	}
	d, note, ok := parseDate(s, r.date1904)
	switch {
	case !ok:
		r.fail(f, s, "Ogiltigt datum. Skriv t.ex. 2018-10-03, 3 oktober 2018 eller 2018.", "")
	case note == dateApprox:
		r.warn(f, s, "Ungefärligt datum; sparas som "+d.String()+".")
	case note == dateSerial:
		r.warn(f, s, "Talet läses som ett datum från Excel: "+d.String()+".")
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
		if h := HeaderOf(f); changed && !slices.Contains(changes, h) {
			changes = append(changes, h)
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
	if v.has[FieldAreas] && (!sameSet(c.Areas, v.areas) || !sameFoldSet(c.AreasToReview, v.review)) {
		mark(FieldAreas, true)
		c.Areas, c.AreasToReview = v.areas, v.review
	}
	// A general form ("kommunalförbund") says less than the variant a
	// record may already have; it does not undo it.
	if v.legalForm != "" && !slices.Contains(samverkan.FormVariants(v.legalForm), c.LegalForm) {
		mark(FieldLegalForm, c.LegalForm != v.legalForm)
		c.LegalForm = v.legalForm
	}
	// "Beslutad" is claimed only with the decisions registered
	// (samverkan.CheckDecided); it is settled below, once the form and
	// the participants that make up the path are merged.
	claimsDecided := v.status == samverkan.StatusDecided && (cur == nil || cur.Status != samverkan.StatusDecided)
	if v.status != "" && !claimsDecided {
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
		mark(FieldCostKey, c.CostKey != v.costKey || v.costKeyNoteSet && c.CostKeyNote != v.costKeyNote)
		c.CostKey = v.costKey
		if v.costKeyNoteSet {
			c.CostKeyNote = v.costKeyNote
		}
	}
	for _, n := range v.notes {
		if !slices.Contains(c.Sources, n) {
			c.Sources = append(c.Sources, n)
			mark(fieldOfSource(n.Field), true)
		}
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
	if claimsDecided {
		mark(FieldStatus, r.settleDecided(c, cur))
	}
	if cur == nil {
		changes = nil
	}
	return c, changes
}

// settleDecided gives c the status "beslutad" a row claims when its path
// needs no decision; otherwise the row still imports, as "beslut pågår"
// (or with the record's current status), with a warning: a file carries
// no decisions, and no record may claim "beslutad" while its path lacks
// them. It reports whether the status changed.
func (r *rowState) settleDecided(c, cur *samverkan.Collaboration) bool {
	before := c.Status
	c.Status = samverkan.StatusDecided
	if samverkan.CheckDecided(c, nil, r.pl.cat) == nil && cur == nil {
		return before != c.Status
	}
	keep := samverkan.StatusDeciding
	if cur != nil {
		keep = cur.Status
	}
	c.Status = keep
	s, _ := r.cell(FieldStatus)
	r.warn(FieldStatus, s, "Status Beslutad kräver att besluten i beslutsvägen är registrerade med bifall, och filen "+
		"innehåller inga beslut. Raden importeras som ”"+samverkan.StatusTerms().Label(keep, "sv")+"”; registrera "+
		"besluten och byt sedan status. En samverkan som redan har startat importeras som Igång.")
	return before != c.Status
}

// fieldOfSource is the column a source note on a record field came from.
func fieldOfSource(field string) Field {
	switch field {
	case "legal_form":
		return FieldLegalForm
	case "status":
		return FieldStatus
	}
	return Field(field)
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
			// Room for the parties too, so the append below reuses it.
			next := make([]samverkan.Participant, 0, len(want)+len(parties))
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
