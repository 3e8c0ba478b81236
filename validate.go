package samverkan

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field length limits.
const (
	MaxTitle       = 200
	MaxDescription = 10000
	MaxShortText   = 500
	// MaxEmail is the longest address SMTP can carry (RFC 5321 4.5.3.1.3).
	MaxEmail = 254
)

// Limits on numbers a user enters.
const (
	// MaxAmount bounds every amount in kronor, either sign: 10^12 kr, 1 000
	// miljarder, of the order of what all of Sweden's municipalities spend
	// in a year, so no real cost or saving of one collaboration comes near
	// it; and it keeps every sum far inside int64:
	// nine million records at the limit still add up without overflow, and
	// a saving minus a cost cannot wrap round to the opposite sign.
	// The messages amount_too_large and amount_out_of_range name it.
	MaxAmount = 1_000_000_000_000
	// MaxNoticeMonths is 50 years: longer notice periods do not occur, and
	// the column is a 32-bit integer in PostgreSQL.
	MaxNoticeMonths = 600
)

// Limits on the lists of one record, so that one request cannot make a
// record whose page runs to megabytes (50 000 contacts made a 39 MB edit
// page). An over-long list is refused with one message on the list.
const (
	// MaxParticipants bounds the participants of a collaboration, the
	// members of a network and the rows of a pre-study's organisation: all
	// 290 municipalities and as many external parties again.
	MaxParticipants = 500
	MaxDocuments    = 100
	MaxContacts     = 100
	MaxSources      = 100
	MaxRelations    = 100
	// MaxAreas, MaxNetworks and MaxPurposes bound lists of codes; the
	// vocabularies themselves are shorter (about 75 areas, 6 purposes).
	MaxAreas    = 100
	MaxNetworks = 100
	MaxPurposes = 100
	// MaxHosts allows a host and a chair a year for two centuries.
	MaxHosts = 500
	// MaxAssessmentRows bounds a pre-study's effects and its risks.
	MaxAssessmentRows = 100
	MaxGrants         = 100
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
		}
		// The host municipality's row carries the host role: naming a
		// member as värdkommun makes it the host.
		if p.Code != "" && p.Code == c.Host && p.Role == RoleMember {
			p.Role = RoleHost
		}
		if p.Party != "" && p.PartyKind == "" {
			p.PartyKind = "annan"
		}
	}
	// And the other way: one municipality with the host role is the host.
	if c.Host == "" {
		host := ""
		for _, p := range c.Participants {
			if p.Code != "" && p.Role == RoleHost {
				if host != "" {
					host = ""
					break
				}
				host = p.Code
			}
		}
		c.Host = host
	}
	c.Areas = dedupe(c.Areas)
	c.AreasToReview = dedupeReview(c.AreasToReview)
	c.Networks = dedupe(c.Networks)
	c.Purposes = dedupe(c.Purposes)
}

// Validate checks the collaboration against the rules and the reference
// data in cat. It reports every problem at once, per field.
func (c *Collaboration) Validate(cat *Catalog) error {
	var v Validation
	checkText(&v, "title", c.Title, MaxTitle, true)
	checkParagraph(&v, "description", c.Description, MaxDescription, false)
	if _, ok := FindLegalForm(c.LegalForm); !ok {
		v.Add("legal_form", "unknown_legal_form", c.LegalForm)
	}
	if _, ok := FindStatus(c.Status); !ok {
		v.Add("status", "unknown_status", c.Status)
	}
	if c.Triage != "" && !Triages.Has(c.Triage) {
		v.Add("triage", "unknown_triage", c.Triage)
	} else if c.Triage != "" && strings.TrimSpace(c.TriageReason) == "" {
		// Only a triage that differs from the proposal needs a reason;
		// without a triage there is nothing to propose against.
		if proposed, _, ok := ProposeTriage(c.LegalForm, PathOptions{OfPrinciple: c.OfPrinciple, ExternalDelegation: c.ExternalDelegation}); ok && c.Triage != proposed {
			v.Add("triage_reason", "triage_reason_required", Triages.Label(proposed, "sv"))
		}
	}
	c.validateFormRules(&v)
	checkText(&v, "triage_reason", c.TriageReason, MaxShortText, false)
	checkText(&v, "proposer", c.Proposer, MaxShortText, false)
	if c.Priority < 0 || c.Priority > 3 {
		v.Add("priority", "invalid_priority")
	}
	if checkList(&v, "areas", len(c.Areas), MaxAreas) {
		for i, a := range c.Areas {
			if _, ok := cat.Area(a); !ok {
				v.Add(fmt.Sprintf("areas[%d]", i), "unknown_area", a)
			}
		}
	}
	if checkList(&v, "areas_to_review", len(c.AreasToReview), MaxAreas) {
		for i, a := range c.AreasToReview {
			checkText(&v, fmt.Sprintf("areas_to_review[%d]", i), a, MaxShortText, true)
		}
	}
	// Whether a network exists is the store's to say; a slug that cannot
	// name one is refused here, before it reaches a query.
	if checkList(&v, "networks", len(c.Networks), MaxNetworks) {
		for i, n := range c.Networks {
			if !slugRE.MatchString(n) {
				v.Add(fmt.Sprintf("networks[%d]", i), "unknown_network", n)
			}
		}
	}
	checkDates(&v, "start", c.Start, "end", c.End)
	if checkList(&v, "participants", len(c.Participants), MaxParticipants) {
		c.validateParticipants(&v, cat)
	}
	if c.Host != "" {
		if _, ok := cat.Municipality(c.Host); !ok {
			v.Add("host", "unknown_municipality", c.Host)
		} else if !c.Takes(c.Host) && !v.Has("participants") {
			v.Add("host", "host_not_participant")
		}
	}
	// One host: a second municipality with the host role is refused on
	// its row, naming both.
	host := c.Host
	if v.Has("host") {
		host = "" // already refused: not a second host
	}
	for i, p := range c.Participants {
		if p.Code == "" || p.Role != RoleHost || p.Code == host {
			continue
		}
		if host == "" {
			host = p.Code
			continue
		}
		v.Add(fmt.Sprintf("participants[%d].role", i), "two_hosts", cat.MunicipalityName(host), cat.MunicipalityName(p.Code))
	}
	if c.AnnualCost != nil {
		checkAmount(&v, "annual_cost", *c.AnnualCost, false)
	}
	if c.CostKey != "" && !CostKeys.Has(c.CostKey) {
		v.Add("cost_key", "unknown_cost_key", c.CostKey)
	}
	if c.ProcurementBasis != "" && !ProcurementBases.Has(c.ProcurementBasis) {
		v.Add("procurement_basis", "unknown_procurement", c.ProcurementBasis)
	}
	if checkList(&v, "purposes", len(c.Purposes), MaxPurposes) {
		for i, p := range c.Purposes {
			if !Purposes.Has(p) {
				v.Add(fmt.Sprintf("purposes[%d]", i), "unknown_purpose", p)
			}
		}
	}
	checkText(&v, "public_authority_basis", c.PublicAuthorityBasis, MaxShortText, false)
	checkText(&v, "special_acts", c.SpecialActs, MaxShortText, false)
	checkText(&v, "cost_key_note", c.CostKeyNote, MaxShortText, false)
	checkText(&v, "representation_key", c.RepresentationKey, MaxShortText, false)
	if checkList(&v, "documents", len(c.Documents), MaxDocuments) {
		for i, d := range c.Documents {
			d.validate(&v, fmt.Sprintf("documents[%d]", i), cat)
		}
	}
	if checkList(&v, "contacts", len(c.Contacts), MaxContacts) {
		for i, ct := range c.Contacts {
			f := fmt.Sprintf("contacts[%d]", i)
			checkText(&v, f+".function", ct.Function, MaxShortText, true)
			checkText(&v, f+".name", ct.Name, MaxShortText, false)
			checkEmail(&v, f+".email", ct.Email)
			checkText(&v, f+".phone", ct.Phone, MaxShortText, false)
		}
	}
	if checkList(&v, "sources", len(c.Sources), MaxSources) {
		for i, s := range c.Sources {
			f := fmt.Sprintf("sources[%d]", i)
			checkText(&v, f+".field", s.Field, MaxShortText, false)
			checkParagraph(&v, f+".text", s.Text, MaxDescription, true)
			checkURL(&v, f+".url", s.URL)
		}
	}
	if checkList(&v, "relations", len(c.Relations), MaxRelations) {
		for i, r := range c.Relations {
			if !RelationKinds.Has(r.Kind) {
				v.Add(fmt.Sprintf("relations[%d].kind", i), "required")
			}
		}
	}
	return v.Err()
}

func (c *Collaboration) validateParticipants(v *Validation, cat *Catalog) {
	seen := make(map[string]bool, len(c.Participants))
	given := 0
	for i, p := range c.Participants {
		// The field's name is only spelled out for a problem: an import
		// validates tens of thousands of participants, nearly all fine.
		f := func(sub string) string { return "participants[" + strconv.Itoa(i) + "]" + sub }
		key := p.Key()
		switch {
		case p.Code == "" && p.Party == "":
			v.Add(f(".code"), "required")
			continue
		case p.Code != "":
			given++
			m, ok := cat.Municipality(p.Code)
			if !ok {
				v.Add(f(".code"), "unknown_municipality", p.Code)
				continue
			}
			if seen[key] {
				v.Add(f(".code"), "duplicate_participant", m.Name)
				continue
			}
			// The store keeps a municipality's code and nothing else, so a
			// party named beside it would be thrown away unseen.
			if p.Party != "" {
				v.Add(f(".party"), "code_and_party")
			}
			if p.PartyKind != "" {
				v.Add(f(".party_kind"), "code_and_party")
			}
		default:
			given++
			checkText(v, f(".party"), p.Party, MaxShortText, true)
			if !PartyKinds.Has(p.PartyKind) {
				v.Add(f(".party_kind"), "unknown_party_kind", p.PartyKind)
			}
			if seen[key] {
				v.Add(f(".party"), "duplicate_participant", p.Party)
				continue
			}
		}
		seen[key] = true
		if !Roles.Has(p.Role) {
			v.Add(f(".role"), "unknown_role", p.Role)
		}
		if !p.Joined.Valid() {
			v.Add(f(".joined"), "invalid_date", p.Joined.Raw())
		}
		if !p.Left.Valid() {
			v.Add(f(".left"), "invalid_date", p.Left.Raw())
		} else if p.Left.Before(p.Joined) {
			v.Add(f(".left"), "left_before_joined")
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
	checkDate(v, f+".adopted", d.Adopted)
	checkDates(v, f+".valid_from", d.ValidFrom, f+".valid_to", d.ValidTo)
	if d.NoticeMonths != nil && (*d.NoticeMonths < 0 || *d.NoticeMonths > MaxNoticeMonths) {
		v.Add(f+".notice_months", "out_of_scale", 0, MaxNoticeMonths)
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
	n.normalizeSteering()
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
	checkParagraph(&v, "description", n.Description, MaxDescription, false)
	checkText(&v, "coordinator", n.Coordinator, MaxShortText, false)
	checkParagraph(&v, "source", n.Source, MaxDescription, false)
	if checkList(&v, "members", len(n.Members), MaxParticipants) {
		seen := map[string]bool{}
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
			checkDates(&v, f+".joined", m.Joined, f+".left", m.Left)
		}
		if len(seen) < 2 {
			v.Add("members", "min_members")
		}
	}
	n.validateSteering(&v)
	checkDate(&v, "declaration.adopted", n.Declaration.Adopted)
	checkParagraph(&v, "declaration.text", n.Declaration.Text, MaxDescription, false)
	if checkList(&v, "declaration.purposes", len(n.Declaration.Purposes), MaxPurposes) {
		for i, p := range n.Declaration.Purposes {
			f := fmt.Sprintf("declaration.purposes[%d]", i)
			checkText(&v, f+".text", p.Text, MaxShortText, true)
			if p.Dimension != "" && !Purposes.Has(p.Dimension) {
				v.Add(f+".dimension", "unknown_purpose", p.Dimension)
			}
		}
	}
	if checkList(&v, "hosts", len(n.Hosts), MaxHosts) {
		for i, h := range n.Hosts {
			f := fmt.Sprintf("hosts[%d]", i)
			if h.Year < MinYear || h.Year > MaxYear {
				v.Add(f+".year", "invalid_year")
			}
			if _, ok := cat.Municipality(h.Code); !ok {
				v.Add(f+".code", "unknown_municipality", h.Code)
			}
			if !HostRoles.Has(h.Role) {
				v.Add(f+".role", "unknown_role", h.Role)
			}
			checkText(&v, f+".note", h.Note, MaxShortText, false)
		}
	}
	return v.Err()
}

// checkText checks one line of text: a title, a name, a code. It may not
// hold line breaks, tabs or other control characters, and must be valid
// UTF-8: PostgreSQL refuses NUL and bad UTF-8, and what one database
// refuses the other must not keep.
func checkText(v *Validation, field, s string, max int, required bool) {
	checkString(v, field, s, max, required, false)
}

// checkParagraph checks text of several lines: a description, a note. Tabs
// and line breaks are allowed; other control characters are not.
func checkParagraph(v *Validation, field, s string, max int, required bool) {
	checkString(v, field, s, max, required, true)
}

func checkString(v *Validation, field, s string, max int, required, multiline bool) {
	switch code, params := textFault(s, multiline); {
	case required && strings.TrimSpace(s) == "":
		v.Add(field, "required")
	case code != "":
		v.Add(field, code, params...)
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "too_long", max)
	}
}

// Text checks one line of text for writers outside this package, by the
// rules of every record's fields.
func (v *Validation) Text(field, s string, max int, required bool) {
	checkText(v, field, s, max, required)
}

// Paragraph checks text of several lines, like a description.
func (v *Validation) Paragraph(field, s string, max int, required bool) {
	checkParagraph(v, field, s, max, required)
}

// textFault names the first thing in s that no text field may hold:
// invalid UTF-8, or a control character (C0, DEL or C1). Tab, line feed
// and carriage return are allowed when multiline. It returns the field
// error code and its parameters, or "" when s is fine.
func textFault(s string, multiline bool) (string, []any) {
	if !utf8.ValidString(s) {
		return "invalid_utf8", nil
	}
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if !multiline {
				return "line_break", nil
			}
		case unicode.IsControl(r):
			// The character is invisible in a form, so the message says
			// where it is.
			return "control_character", []any{fmt.Sprintf("U+%04X", r), pos}
		}
	}
	return "", nil
}

// LineOK reports whether s may stand as one line of text: valid UTF-8
// without control characters. Query parameters and path segments are
// checked with it, by the same rule as the fields of records.
func LineOK(s string) bool {
	code, _ := textFault(s, false)
	return code == ""
}

// checkList reports a list longer than max and returns whether its items
// should be checked one by one: an over-long list gets one message, not
// one per row.
func checkList(v *Validation, field string, n, max int) bool {
	if n > max {
		v.Add(field, "too_many", max)
		return false
	}
	return true
}

// checkAmount checks whole kronor against MaxAmount; a cost (signed false)
// cannot be negative, a saving or a net effect (signed true) can.
func checkAmount(v *Validation, field string, n int64, signed bool) {
	switch {
	case signed && (n < -MaxAmount || n > MaxAmount):
		v.Add(field, "amount_out_of_range")
	case !signed && n < 0:
		v.Add(field, "negative")
	case !signed && n > MaxAmount:
		v.Add(field, "amount_too_large")
	}
}

// AddAmounts adds two amounts, saturating at the int64 bounds instead of
// wrapping round to the opposite sign. Validation keeps amounts far from
// the bounds; this guards sums over rows stored before it did.
func AddAmounts(a, b int64) int64 {
	s := a + b
	if (s > a) != (b > 0) {
		if b > 0 {
			return math.MaxInt64
		}
		return math.MinInt64
	}
	return s
}

// RoundAmount rounds kronor computed in floating point (a share, a present
// value) to whole kronor, saturating at the int64 bounds: converting a
// float beyond them gives whatever the CPU makes of it (math.MinInt64 on
// amd64, a large cost shown as a large negative one). NaN gives 0.
func RoundAmount(x float64) int64 {
	switch x = math.Round(x); {
	case math.IsNaN(x):
		return 0
	case x >= math.MaxInt64:
		return math.MaxInt64
	case x <= math.MinInt64:
		return math.MinInt64
	}
	return int64(x)
}

// subAmounts is a − b, saturating like AddAmounts.
func subAmounts(a, b int64) int64 {
	if b == math.MinInt64 {
		if a >= 0 {
			return math.MaxInt64
		}
		return a - b
	}
	return AddAmounts(a, -b)
}

// checkEmail checks an optional e-mail address entered by a user.
func checkEmail(v *Validation, field, s string) {
	if s == "" {
		return
	}
	if code, params := textFault(s, false); code != "" {
		v.Add(field, code, params...)
	} else if !ValidEmail(s) {
		v.Add(field, "invalid_email", s)
	}
}

// ValidEmail reports whether s is a plain e-mail address, the one rule for
// every address a user enters (contacts, accounts). It must parse as an
// address (net/mail) and be exactly that address: no display name, no
// angle brackets, comments or quotes, nothing around it. The local part is
// dot-separated words of letters, digits and _ - + ' (RFC 5322 allows more,
// such as ? & = / %, but no real address needs them and they are what turns
// a mailto: link into one with extra headers); the domain has at least two
// labels of letters, digits and hyphens, ending in a top-level domain of
// letters.
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || !LineOK(s) {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return false
	}
	for _, word := range strings.Split(local, ".") {
		if word == "" || strings.IndexFunc(word, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-+'", r)
		}) >= 0 {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' || strings.IndexFunc(l, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
		}) >= 0 {
			return false
		}
	}
	tld := labels[len(labels)-1]
	return utf8.RuneCountInString(tld) >= 2 && strings.IndexFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

// checkDate reports a date that is not a date in the accepted range, and
// returns whether d is usable.
func checkDate(v *Validation, field string, d Date) bool {
	if !d.Valid() {
		v.Add(field, "invalid_date", d.Raw())
		return false
	}
	return true
}

func checkDates(v *Validation, fromField string, from Date, toField string, to Date) {
	fromOK := checkDate(v, fromField, from)
	if checkDate(v, toField, to) && fromOK && to.Before(from) {
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
