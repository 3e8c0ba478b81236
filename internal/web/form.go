package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// actor names the web UI in the audit history until accounts exist.
const actor = "webb"

// maxRows caps the rows read from one repeated group of a posted form: one
// more than any list may hold, so that validation refuses an over-long
// list with a message instead of the rows beyond being dropped unseen.
const maxRows = samverkan.MaxParticipants + 1

// Empty rows added to each repeated group, initially and per "Fler rader".
const (
	emptyMemberRows = 3
	emptyOtherRows  = 1
)

// collabForm is the collaboration form as text, exactly as the user typed
// it, so a form that failed validation comes back unchanged.
type collabForm struct {
	ID      int64
	Version string
	New     bool
	Action  string
	Cancel  string

	Title, Description, LegalForm, Status, Triage, Host string
	Areas, Networks, Purposes                           []string
	// AreasToReview are area texts an import kept (område att granska);
	// the form shows them ticked, and unticking one drops it.
	AreasToReview                                       []string
	Start, End, AnnualCost                              string
	CostKey, CostKeyNote, RepresentationKey             string
	ProcurementBasis, PublicAuthorityBasis, SpecialActs string
	PublicAuthority, ExternalDelegation, Public         bool
	TriageReason, Proposer, Priority                    string
	OfPrinciple                                         bool

	Members   []memberRow
	Parties   []partyRow
	Documents []docRow
	Contacts  []contactRow
	Sources   []sourceRow

	Errors formErrors
	Stale  bool

	// Choices.
	AreaGroups  []areaGroup
	AllNetworks []networkRef
	Munis       []muniOption
}

type memberRow struct{ Muni, Role, Joined, Left string }
type partyRow struct{ Name, Kind, Role, Joined, Left string }
type docRow struct {
	Type, Title, AdoptedBy, AdoptedIn, Adopted, Paragraph string
	ValidFrom, ValidTo, NoticeMonths, Renewal, URL        string
}
type contactRow struct{ Function, Name, Email, Phone string }
type sourceRow struct{ Field, Text, URL string }

type areaGroup struct {
	Code, Label string
	Checked     int
	Open        bool
	Children    []areaOption
}

// formErrors are the messages shown in the summary and next to inputs.
type formErrors struct {
	byID    map[string][]string
	Summary []summaryItem
}

type summaryItem struct{ ID, Label, Message string }

func (e *formErrors) add(id, label, msg string) {
	if e.byID == nil {
		e.byID = map[string][]string{}
	}
	e.byID[id] = append(e.byID[id], msg)
	e.Summary = append(e.Summary, summaryItem{ID: id, Label: label, Message: msg})
}

// Any reports whether there are errors.
func (e formErrors) Any() bool { return len(e.Summary) > 0 }

// orMessage shows the message of err itself when none of its field errors
// found an input, so that a refused form never comes back without a word.
func (e *formErrors) orMessage(err error) {
	if !e.Any() {
		e.add("", "", samverkan.ErrorMessage(err))
	}
}

// checkText answers a request whose path segments or query parameters
// hold what no one-line text may (control characters, invalid UTF-8), by
// the domain's rule, before the route's rule looks anything up: a path
// segment names nothing (404), a parameter is a bad request (400).
// PostgreSQL answered such text with a 500. Posted form values are not
// checked here: validation names the field they belong to.
func (s *server) checkText(pattern string, next http.Handler) http.Handler {
	names := pathNames(pattern)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, n := range names {
			if !samverkan.LineOK(r.PathValue(n)) {
				s.notFound(w, r)
				return
			}
		}
		for k, vs := range r.URL.Query() {
			if !samverkan.LineOK(k) || slices.ContainsFunc(vs, func(v string) bool { return !samverkan.LineOK(v) }) {
				s.renderError(w, r, http.StatusBadRequest, "error.bad_text")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// pathNames lists the wildcards of a ServeMux pattern ("{slug}", "{id}").
func pathNames(pattern string) []string {
	var out []string
	for rest := pattern; ; {
		_, after, ok := strings.Cut(rest, "{")
		if !ok {
			return out
		}
		name, tail, _ := strings.Cut(after, "}")
		if name = strings.TrimSuffix(name, "..."); name != "$" {
			out = append(out, name)
		}
		rest = tail
	}
}

// parseForm reads a posted form. Every form of the web UI is read through
// this function; cross-site posts are refused before it, by the CSRF
// protection internal/server puts in front of every handler.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return samverkan.Errorf(samverkan.EINVALID, "Formuläret kunde inte läsas.")
	}
	return nil
}

// formFromCollab fills the form from a stored collaboration (or a new one).
func (s *server) formFromCollab(c *samverkan.Collaboration) *collabForm {
	f := &collabForm{
		ID: c.ID, Version: strconv.Itoa(c.Version),
		Title: c.Title, Description: c.Description, LegalForm: c.LegalForm, Status: c.Status, Triage: c.Triage,
		Areas: c.Areas, Networks: c.Networks, Purposes: c.Purposes, AreasToReview: c.AreasToReview,
		Start: c.Start.String(), End: c.End.String(),
		CostKey: c.CostKey, CostKeyNote: c.CostKeyNote, RepresentationKey: c.RepresentationKey,
		ProcurementBasis: c.ProcurementBasis, PublicAuthorityBasis: c.PublicAuthorityBasis, SpecialActs: c.SpecialActs,
		PublicAuthority: c.PublicAuthority, ExternalDelegation: c.ExternalDelegation, Public: c.Public,
		TriageReason: c.TriageReason, Proposer: c.Proposer, OfPrinciple: c.OfPrinciple,
	}
	if c.Priority != 0 {
		f.Priority = strconv.Itoa(c.Priority)
	}
	if c.Host != "" {
		f.Host = s.cat.MunicipalityName(c.Host)
	}
	if c.AnnualCost != nil {
		f.AnnualCost = strconv.FormatInt(*c.AnnualCost, 10)
	}
	for _, p := range c.Participants {
		if p.Code != "" {
			f.Members = append(f.Members, memberRow{s.cat.MunicipalityName(p.Code), p.Role, p.Joined.String(), p.Left.String()})
		} else {
			f.Parties = append(f.Parties, partyRow{p.Party, p.PartyKind, p.Role, p.Joined.String(), p.Left.String()})
		}
	}
	for _, d := range c.Documents {
		r := docRow{Type: d.Type, Title: d.Title, AdoptedBy: d.AdoptedBy, Adopted: d.Adopted.String(), Paragraph: d.Paragraph,
			ValidFrom: d.ValidFrom.String(), ValidTo: d.ValidTo.String(), Renewal: d.Renewal, URL: d.URL}
		if d.AdoptedIn != "" {
			r.AdoptedIn = s.cat.MunicipalityName(d.AdoptedIn)
		}
		if d.NoticeMonths != nil {
			r.NoticeMonths = strconv.Itoa(*d.NoticeMonths)
		}
		f.Documents = append(f.Documents, r)
	}
	for _, ct := range c.Contacts {
		f.Contacts = append(f.Contacts, contactRow(ct))
	}
	for _, src := range c.Sources {
		f.Sources = append(f.Sources, sourceRow(src))
	}
	f.addEmptyRows()
	return f
}

// addEmptyRows gives every repeated group its empty rows to type into.
func (f *collabForm) addEmptyRows() {
	for range emptyMemberRows {
		f.Members = append(f.Members, memberRow{Role: samverkan.RoleMember})
	}
	f.Parties = append(f.Parties, partyRow{Role: samverkan.RoleMember})
	f.Documents = append(f.Documents, docRow{})
	f.Contacts = append(f.Contacts, contactRow{})
	f.Sources = append(f.Sources, sourceRow{})
}

// addMoreRows adds empty rows to one group only ("Fler rader").
func (f *collabForm) addMoreRows(group string) {
	for range emptyMemberRows {
		switch group {
		case "members":
			f.Members = append(f.Members, memberRow{Role: samverkan.RoleMember})
		case "parties":
			f.Parties = append(f.Parties, partyRow{Role: samverkan.RoleMember})
		case "documents":
			f.Documents = append(f.Documents, docRow{})
		case "contacts":
			f.Contacts = append(f.Contacts, contactRow{})
		case "sources":
			f.Sources = append(f.Sources, sourceRow{})
		}
	}
}

// decodeForm reads the posted form into text fields.
func decodeForm(r *http.Request) *collabForm {
	v := r.PostForm
	g := v.Get
	f := &collabForm{
		Version: g("version"), Title: g("title"), Description: g("description"),
		LegalForm: g("legal_form"), Status: g("status"), Triage: g("triage"), Host: g("host"),
		Areas: v["areas"], Networks: v["networks"], Purposes: v["purposes"], AreasToReview: v["areas_to_review"],
		Start: g("start"), End: g("end"), AnnualCost: g("annual_cost"),
		CostKey: g("cost_key"), CostKeyNote: g("cost_key_note"), RepresentationKey: g("representation_key"),
		ProcurementBasis: g("procurement_basis"), PublicAuthorityBasis: g("public_authority_basis"),
		SpecialActs:     g("special_acts"),
		PublicAuthority: g("public_authority") != "", ExternalDelegation: g("external_delegation") != "",
		Public:       g("public") != "",
		TriageReason: g("triage_reason"), Proposer: g("proposer"), Priority: g("priority"),
		OfPrinciple: g("of_principle") != "",
	}
	rows(v, "members", "code", func(p string) {
		f.Members = append(f.Members, memberRow{g(p + "code"), g(p + "role"), g(p + "joined"), g(p + "left")})
	})
	rows(v, "parties", "name", func(p string) {
		f.Parties = append(f.Parties, partyRow{g(p + "name"), g(p + "kind"), g(p + "role"), g(p + "joined"), g(p + "left")})
	})
	rows(v, "documents", "type", func(p string) {
		f.Documents = append(f.Documents, docRow{
			Type: g(p + "type"), Title: g(p + "title"), AdoptedBy: g(p + "adopted_by"), AdoptedIn: g(p + "adopted_in"),
			Adopted: g(p + "adopted"), Paragraph: g(p + "paragraph"), ValidFrom: g(p + "valid_from"),
			ValidTo: g(p + "valid_to"), NoticeMonths: g(p + "notice_months"), Renewal: g(p + "renewal"), URL: g(p + "url"),
		})
	})
	rows(v, "contacts", "function", func(p string) {
		f.Contacts = append(f.Contacts, contactRow{g(p + "function"), g(p + "name"), g(p + "email"), g(p + "phone")})
	})
	rows(v, "sources", "text", func(p string) {
		f.Sources = append(f.Sources, sourceRow{g(p + "field"), g(p + "text"), g(p + "url")})
	})
	return f
}

// rows calls fn with the name prefix ("members.0.") of each posted row of a
// group, in order, as long as the row's key input is present.
func rows(v map[string][]string, group, key string, fn func(prefix string)) {
	for i := range maxRows {
		p := group + "." + strconv.Itoa(i) + "."
		if _, ok := v[p+key]; !ok {
			return
		}
		fn(p)
	}
}

// formMap remembers which form row each list item of the built
// collaboration came from, so field errors land on the right input.
type formMap struct {
	participants []string // id prefix per participant: "f-members-2-" or "f-parties-0-"
	documents    []int
	contacts     []int
	sources      []int
}

// build turns the form into a collaboration. Text the form cannot turn
// into a value (an unknown municipality name, a malformed amount) is kept
// so validation names it, or reported as a field error here.
func (s *server) build(f *collabForm) (*samverkan.Collaboration, formMap, []samverkan.FieldError) {
	var m formMap
	var errs []samverkan.FieldError
	c := &samverkan.Collaboration{
		Title: f.Title, Description: f.Description, LegalForm: f.LegalForm, Status: f.Status,
		Triage: f.Triage, Host: s.muniCode(f.Host), Areas: f.Areas, AreasToReview: f.AreasToReview, Networks: f.Networks,
		Purposes: f.Purposes, Start: samverkan.LenientDate(f.Start), End: samverkan.LenientDate(f.End),
		CostKey: f.CostKey, CostKeyNote: strings.TrimSpace(f.CostKeyNote),
		RepresentationKey: strings.TrimSpace(f.RepresentationKey), ProcurementBasis: f.ProcurementBasis,
		PublicAuthority: f.PublicAuthority, PublicAuthorityBasis: strings.TrimSpace(f.PublicAuthorityBasis),
		ExternalDelegation: f.ExternalDelegation, SpecialActs: strings.TrimSpace(f.SpecialActs), Public: f.Public,
		TriageReason: strings.TrimSpace(f.TriageReason), Proposer: strings.TrimSpace(f.Proposer), OfPrinciple: f.OfPrinciple,
	}
	if p := strings.TrimSpace(f.Priority); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			errs = append(errs, samverkan.FieldError{Field: "priority", Code: "web.invalid_priority", Params: []any{p}})
		}
		c.Priority = n
	}
	if n, ok := parseKronor(f.AnnualCost); !ok {
		errs = append(errs, samverkan.FieldError{Field: "annual_cost", Code: "invalid_number", Params: []any{f.AnnualCost}})
	} else {
		c.AnnualCost = n
	}
	for i, r := range f.Members {
		if blank(r.Muni, r.Joined, r.Left) {
			continue
		}
		c.Participants = append(c.Participants, samverkan.Participant{Code: s.muniCode(r.Muni), Role: r.Role,
			Joined: samverkan.LenientDate(r.Joined), Left: samverkan.LenientDate(r.Left)})
		m.participants = append(m.participants, "f-members-"+strconv.Itoa(i)+"-")
	}
	for i, r := range f.Parties {
		if blank(r.Name, r.Joined, r.Left) {
			continue
		}
		c.Participants = append(c.Participants, samverkan.Participant{Party: strings.TrimSpace(r.Name), PartyKind: r.Kind,
			Role: r.Role, Joined: samverkan.LenientDate(r.Joined), Left: samverkan.LenientDate(r.Left)})
		m.participants = append(m.participants, "f-parties-"+strconv.Itoa(i)+"-")
	}
	for i, r := range f.Documents {
		if blank(r.Type, r.Title, r.AdoptedBy, r.AdoptedIn, r.Adopted, r.Paragraph, r.ValidFrom, r.ValidTo, r.NoticeMonths, r.Renewal, r.URL) {
			continue
		}
		d := samverkan.Document{Type: r.Type, Title: strings.TrimSpace(r.Title), AdoptedBy: r.AdoptedBy,
			AdoptedIn: s.muniCode(r.AdoptedIn), Adopted: samverkan.LenientDate(r.Adopted),
			Paragraph: strings.TrimSpace(r.Paragraph), ValidFrom: samverkan.LenientDate(r.ValidFrom),
			ValidTo: samverkan.LenientDate(r.ValidTo), Renewal: strings.TrimSpace(r.Renewal), URL: strings.TrimSpace(r.URL)}
		if t := strings.TrimSpace(r.NoticeMonths); t != "" {
			if n, err := strconv.Atoi(t); err == nil {
				d.NoticeMonths = &n
			} else {
				errs = append(errs, samverkan.FieldError{Field: "documents[" + strconv.Itoa(len(c.Documents)) + "].notice_months", Code: "web.invalid_months", Params: []any{t}})
			}
		}
		c.Documents = append(c.Documents, d)
		m.documents = append(m.documents, i)
	}
	for i, r := range f.Contacts {
		if blank(r.Function, r.Name, r.Email, r.Phone) {
			continue
		}
		c.Contacts = append(c.Contacts, samverkan.Contact{Function: strings.TrimSpace(r.Function), Name: strings.TrimSpace(r.Name),
			Email: strings.TrimSpace(r.Email), Phone: strings.TrimSpace(r.Phone)})
		m.contacts = append(m.contacts, i)
	}
	for i, r := range f.Sources {
		if blank(r.Text, r.URL) {
			continue
		}
		c.Sources = append(c.Sources, samverkan.Source{Field: r.Field, Text: strings.TrimSpace(r.Text), URL: strings.TrimSpace(r.URL)})
		m.sources = append(m.sources, i)
	}
	return c, m, errs
}

// muniCode resolves a typed municipality (a name or a code). Text that
// names none is returned as typed, so validation reports it as an unknown
// municipality in the user's own words.
func (s *server) muniCode(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if m, ok := s.cat.LookupMunicipality(text); ok {
		return m.Code
	}
	return text
}

// parseKronor reads whole kronor as people write them: "1 200 000",
// "1 200 000 kr", "1200000". Empty means unknown (nil).
func parseKronor(s string) (*int64, bool) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(strings.TrimSuffix(t, ":-"), "kr")
	t = strings.TrimPrefix(t, "SEK")
	t = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\t':
			return -1
		}
		return r
	}, t)
	if t == "" {
		return nil, true
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return nil, false
	}
	return &n, true
}

func blank(ss ...string) bool {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}
