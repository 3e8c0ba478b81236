package samverkan

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
