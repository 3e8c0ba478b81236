package samverkan

import (
	"fmt"
	"slices"
	"strings"
)

// LegalForm is a samverkansform with what the law says about it
// (research/domain.md a.5 and b). The decision rules per form come later
// (the decision path); here the form knows its basis and whether it is a
// legal person of its own.
type LegalForm struct {
	Term
	Basis       string // legal basis, e.g. "KL 9 kap. 19–36 §§"
	LegalPerson bool   // the collaboration is its own legal person
	// PublicLaw marks the public-law forms where only municipalities and
	// regions may be members (domain.md b.1 point 5).
	PublicLaw bool
}

// Legal form codes.
const (
	// FormFederation is a kommunalförbund whose organ is not stated: one
	// of the two variants below, not yet known which.
	FormFederation         = "kommunalforbund"
	FormFederationAssembly = "kommunalforbund_fullmaktige"
	FormFederationBoard    = "kommunalforbund_direktion"
	FormJointCommittee     = "gemensam_namnd"
	FormAgreement          = "avtalssamverkan"
	FormAgreementSpecial   = "avtalssamverkan_speciallag"
	FormCompany            = "bolag"
	FormEconomicAssoc      = "ekonomisk_forening"
	FormNonProfitAssoc     = "ideell_forening"
	FormFoundation         = "stiftelse"
	FormFinsam             = "samordningsforbund"
	FormPurchase           = "kop_av_tjanst"
	FormInformalNetwork    = "informellt_natverk"
	FormProject            = "projekt"
	FormLetterOfIntent     = "avsiktsforklaring"
	FormUnknown            = "ej_angiven"
)

// LegalForms lists every form, in the order the UI offers them.
var LegalForms = []LegalForm{
	{Term{FormFederationAssembly, "Kommunalförbund med förbundsfullmäktige", "Federation of municipalities with an assembly"}, "KL 3 kap. 8 §, 9 kap. 3–18 §§", true, true},
	{Term{FormFederationBoard, "Kommunalförbund med förbundsdirektion", "Federation of municipalities with a board"}, "KL 3 kap. 8 §, 9 kap. 3–18 §§", true, true},
	{Term{FormJointCommittee, "Gemensam nämnd", "Joint committee"}, "KL 3 kap. 9 §, 9 kap. 19–36 §§", false, true},
	{Term{FormAgreement, "Avtalssamverkan", "Agreement-based cooperation"}, "KL 9 kap. 37–38 §§ (från 2018-07-01)", false, false},
	{Term{FormAgreementSpecial, "Avtalssamverkan enligt speciallag", "Agreement under a special act"}, "Speciallag (t.ex. LSO, miljöbalken)", false, false},
	{Term{FormCompany, "Gemensamt ägt aktiebolag", "Jointly owned company"}, "KL 10 kap. 1–4 §§; aktiebolagslagen", true, false},
	{Term{FormEconomicAssoc, "Ekonomisk förening", "Economic association"}, "KL 10 kap.; lagen om ekonomiska föreningar", true, false},
	{Term{FormNonProfitAssoc, "Ideell förening", "Non-profit association"}, "KL 10 kap.", true, false},
	{Term{FormFoundation, "Stiftelse", "Foundation"}, "KL 10 kap.; stiftelselagen", true, false},
	{Term{FormFinsam, "Samordningsförbund (Finsam)", "Coordination federation (Finsam)"}, "Lagen (2003:1210) om finansiell samordning", true, false},
	{Term{FormPurchase, "Köp av tjänst", "Purchase of services"}, "LOU eller undantag", false, false},
	{Term{FormInformalNetwork, "Informellt nätverk", "Informal network"}, "Inget särskilt lagstöd", false, false},
	{Term{FormProject, "Projekt", "Project"}, "Varierar", false, false},
	{Term{FormLetterOfIntent, "Avsiktsförklaring", "Letter of intent"}, "Inget särskilt lagstöd", false, false},
	// The general federation sits with the unknown form: both are what an
	// import reads when the file does not say more.
	{Term{FormFederation, "Kommunalförbund (organ ej angivet)", "Federation of municipalities (body not stated)"}, "KL 3 kap. 8 §, 9 kap. 3–18 §§", true, true},
	{Term{FormUnknown, "Ej angiven", "Not stated"}, "", false, false},
}

// FindLegalForm returns the legal form with the given code.
func FindLegalForm(code string) (LegalForm, bool) {
	for _, f := range LegalForms {
		if f.Code == code {
			return f, true
		}
	}
	return LegalForm{}, false
}

// LegalFormTerms returns the forms as a vocabulary, for labels and selects.
func LegalFormTerms() Vocabulary {
	v := make(Vocabulary, len(LegalForms))
	for i, f := range LegalForms {
		v[i] = f.Term
	}
	return v
}

// formVariants are the forms a general form stands for until the variant
// is known: a federation is one with an assembly or one with a board.
var formVariants = map[string][]string{
	FormFederation: {FormFederationAssembly, FormFederationBoard},
}

// FormVariants returns the variants of a general form, or nil.
func FormVariants(code string) []string { return formVariants[code] }

// sharedRules returns the decision rules every variant of a general form
// has, as rules of the general form: the decisions needed whichever
// variant it turns out to be.
func sharedRules(form string, o PathOptions) []DecisionRule {
	var shared []DecisionRule
	for i, v := range formVariants[form] {
		rules, _ := RulesFor(v, o)
		if i == 0 {
			for _, r := range rules {
				r.Form = form
				shared = append(shared, r)
			}
			continue
		}
		kept := shared[:0]
		for _, s := range shared {
			for _, r := range rules {
				if r.Body == s.Body && r.Kind == s.Kind && r.When == s.When && r.Step == s.Step && r.Decider == s.Decider && slices.Equal(r.Documents, s.Documents) {
					kept = append(kept, s)
					break
				}
			}
		}
		shared = kept
	}
	return shared
}

// LegalFormMatch is what a typed legal form was read as.
type LegalFormMatch struct {
	Code string `json:"code"`
	Via  string `json:"via"`
}

// LegalFormSynonyms are the everyday words for the forms
// (synonyms/legal_forms.csv).
var LegalFormSynonyms = loadSynonyms("legal_forms.csv")

var legalFormIndex = func() *keyIndex {
	x := newKeyIndex()
	for _, f := range LegalForms {
		x.add(MatchKey(f.Code), f.Code, ViaExact, false)
		x.add(MatchKey(f.SV), f.Code, ViaExact, false)
		x.add(MatchKey(f.EN), f.Code, ViaExact, false)
		// "Samordningsförbund (Finsam)": the name without its note.
		if i := strings.IndexByte(f.SV, '('); i > 0 {
			x.add(MatchKey(f.SV[:i]), f.Code, ViaExact, true)
		}
	}
	for _, s := range LegalFormSynonyms {
		if _, ok := FindLegalForm(s.Code); ok {
			x.add(MatchKey(s.Text), s.Code, ViaSynonym, false)
		}
	}
	return x
}()

// qualifierWords start the part of a form that qualifies it: a legal
// reference or the act it follows ("avtal enligt LSO", "avtalssamverkan
// enl. KL 9 kap. 37 §").
var qualifierWords = []string{" enligt ", " enl ", " jfr ", " med stod av ", " i enlighet med ", " inom ramen for ", " kl ", " lag "}

// specialActs are words that name an act other than the Local Government
// Act in a form's note: the agreement follows a special act.
var specialActs = []string{"speciallag", "lso", "skydd mot olyckor", "alkohollag", "tobakslag", "miljobalk", "livsmedelslag",
	"plan och bygglag", "pbl", "socialtjanstlag", "skollag", "lag om", "lagen om"}

// MatchLegalForm reads a legal form as people write it: the name, the
// general word, a synonym or abbreviation ("GN", "AB", "Finsam"), and a
// form qualified by an organ, an act or a note ("kommunalförbund
// (direktion)", "avtal enligt LSO", "avtalssamverkan enl. KL 9 kap. 37 §",
// "avtal (köp av tjänst)"). A federation whose organ is not stated is the
// general FormFederation, matched ViaGeneral. ok is false when nothing fits.
func MatchLegalForm(s string) (m LegalFormMatch, ok bool) {
	key := MatchKey(s)
	if key == "" {
		return LegalFormMatch{}, false
	}
	if code, via := legalFormIndex.direct(key); code != "" {
		return general(code, via), true
	}
	// The form itself, then what qualifies it: brackets and what follows
	// "enligt", a law or a paragraph.
	main, note := s, ""
	if i := strings.IndexAny(s, "([{"); i > 0 {
		main, note = s[:i], s[i:]
	}
	mainKey := " " + MatchKey(main) + " "
	for _, w := range qualifierWords {
		if i := strings.Index(mainKey, w); i > 0 {
			note = mainKey[i:] + " " + note
			mainKey = mainKey[:i]
		}
	}
	mainKey = strings.TrimSpace(mainKey)
	noteKey := " " + MatchKey(note) + " "
	if code, via := legalFormIndex.direct(mainKey); code != "" {
		switch {
		case code == FormFederation && strings.Contains(noteKey, "direktion"):
			return LegalFormMatch{FormFederationBoard, ViaQualified}, true
		case code == FormFederation && strings.Contains(noteKey, "fullmaktige"):
			return LegalFormMatch{FormFederationAssembly, ViaQualified}, true
		case code == FormAgreement || code == FormAgreementSpecial:
			for _, p := range []string{"kop av tjanst", "tjanstekop", "kop av plats"} {
				if strings.Contains(noteKey, p) {
					return LegalFormMatch{FormPurchase, ViaQualified}, true
				}
			}
			for _, a := range specialActs {
				if strings.Contains(noteKey, " "+a) && !strings.Contains(noteKey, " kl ") {
					return LegalFormMatch{FormAgreementSpecial, ViaQualified}, true
				}
			}
		}
		return general(code, via), true
	}
	if code, via := legalFormIndex.match(key); code != "" {
		return general(code, via), true
	}
	return LegalFormMatch{}, false
}

// general marks a match on a general form, whose variant is not known.
func general(code, via string) LegalFormMatch {
	if len(formVariants[code]) > 0 {
		via = ViaGeneral
	}
	return LegalFormMatch{Code: code, Via: via}
}

// validateFormRules checks what the law says about who may take part and
// which flags a form can carry:
//   - only municipalities and regions can be members of a gemensam nämnd
//     or a kommunalförbund (domain.md b.1 point 5; RefMembersPublicLaw);
//     others may follow as observers or funders;
//   - external delegation exists only in avtalssamverkan (KL 9 kap. 37 §);
//   - public authority in a company, association or foundation needs
//     support in law (KL 10 kap. 1 § second paragraph).
func (c *Collaboration) validateFormRules(v *Validation) {
	f, _ := FindLegalForm(c.LegalForm)
	if f.PublicLaw {
		for i, p := range c.Participants {
			if p.Code == "" && p.Party != "" && p.PartyKind != "region" && p.Role != RoleObserver && p.Role != RoleFunder {
				v.Add(fmt.Sprintf("participants[%d].party", i), "member_not_allowed", p.Party, f.SV)
			}
		}
	}
	if c.ExternalDelegation && !slices.Contains([]string{FormAgreement, FormAgreementSpecial, FormPurchase, FormUnknown}, c.LegalForm) {
		v.Add("external_delegation", "delegation_only_agreement", f.SV)
	}
	if c.PublicAuthority && slices.Contains([]string{FormCompany, FormEconomicAssoc, FormNonProfitAssoc, FormFoundation}, c.LegalForm) &&
		strings.TrimSpace(c.PublicAuthorityBasis) == "" {
		v.Add("public_authority_basis", "public_authority_needs_law", f.SV)
	}
}

// decisionFieldMessages are the messages of the decision engine's
// validation codes (FieldError.Message reads them after fieldMessages).
var decisionFieldMessages = map[string][2]string{
	"member_not_allowed": {"%s kan inte vara medlem i %s: bara kommuner och regioner kan vara medlemmar (KL 9 kap.). Ange parten som observatör eller finansiär.",
		"%s cannot be a member of %s: only municipalities and regions can be members (KL ch. 9). Add the party as an observer or funder."},
	"delegation_only_agreement": {"Extern delegering finns bara i avtalssamverkan (KL 9 kap. 37 §), inte i %s.",
		"External delegation exists only in agreement-based cooperation (KL ch. 9 § 37), not in %s."},
	"public_authority_needs_law": {"Myndighetsutövning i %s kräver stöd i lag (KL 10 kap. 1 §): ange lagstödet.",
		"Public authority in %s needs support in an act (KL ch. 10 § 1): give the legal basis."},
	"invalid_org_number":            {"Ogiltigt organisationsnummer: %q. Skriv tio siffror, NNNNNN-NNNN.", "Invalid organisation number: %q. Write ten digits, NNNNNN-NNNN."},
	"owner_mismatch":                {"Beslutet hör inte till %s: ange kommun, part eller samverkans eget organ så att de stämmer.", "The decision does not belong to %s: give the municipality, party or own body so that they agree."},
	"unknown_owner":                 {"Okänd beslutsägare: %q.", "Unknown decision owner: %q."},
	"owner_both":                    {"Ange antingen kommun eller part, inte båda.", "Give either a municipality or a party, not both."},
	"party_not_participant":         {"%s är inte part i samverkan.", "%s is not a party of the collaboration."},
	"body_not_municipal":            {"%s är inte ett organ i en kommun. Välj samverkans eget organ eller ett kommunalt organ.", "%s is not a body of a municipality. Choose the collaboration's own body or a municipal body."},
	"body_not_party":                {"%s kan inte fatta beslut för %s.", "%s cannot decide for %s."},
	"date_and_unknown":              {"Ange antingen ett datum eller att datumet är okänt.", "Give either a date or that the date is unknown."},
	"date_unknown_pending":          {"Ett beslut som väntar har inget datum att vara okänt.", "A pending decision has no date to be unknown."},
	"announced_pending":             {"Ett beslut som inte är fattat kan inte anslås eller vinna laga kraft.", "A decision not taken cannot be announced or gain legal force."},
	"announced_before_decision":     {"Anslaget kan inte ligga före beslutsdatum.", "The announcement cannot be before the decision date."},
	"legal_force_before_decision":   {"Laga kraft kan inte inträda före beslut eller anslag.", "Legal force cannot come before the decision or its announcement."},
	"appealed_not_taken":            {"Bara ett fattat beslut kan överklagas.", "Only a decision taken can be appealed."},
	"condition_without_conditional": {"Ett villkor hör till utfallet \"Bifall med villkor\".", "A condition belongs to the outcome \"Approved on condition\"."},
	"leave_decisions_missing":       {"Utträdet kräver beslut som saknas: %s.", "Leaving needs decisions that are missing: %s."},
	"legal_force_missing":           {"Besluten har inte vunnit laga kraft: %s.", "The decisions have not gained legal force: %s."},
	"finsam_members": {"Ett samordningsförbund ska ha Försäkringskassan, Arbetsförmedlingen, minst en region och minst en kommun som medlemmar; saknas: %s.",
		"A coordination federation needs Försäkringskassan, Arbetsförmedlingen, at least one region and one municipality as members; missing: %s."},
	"procurement_basis_missing": {"Ange upphandlingsgrund för köp av tjänst.", "Give the procurement basis for a purchase of services."},
}
