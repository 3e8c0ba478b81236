package samverkan

// Term is one value of a controlled vocabulary: a stable code for data and
// the API, and labels for the UI.
type Term struct {
	Code string `json:"code"`
	SV   string `json:"sv"`
	EN   string `json:"en"`
}

// Label returns the term's label in lang ("sv" or "en").
func (t Term) Label(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.SV
}

// Vocabulary is an ordered list of terms.
type Vocabulary []Term

// Has reports whether code is one of the vocabulary's codes.
func (v Vocabulary) Has(code string) bool {
	_, ok := v.Find(code)
	return ok
}

// Find returns the term with the given code.
func (v Vocabulary) Find(code string) (Term, bool) {
	for _, t := range v {
		if t.Code == code {
			return t, true
		}
	}
	return Term{}, false
}

// Label returns the label of code in lang, or the code itself when unknown.
func (v Vocabulary) Label(code, lang string) string {
	if t, ok := v.Find(code); ok {
		return t.Label(lang)
	}
	return code
}

// Participant roles.
const (
	RoleHost     = "vardkommun"
	RoleMember   = "medlem"
	RoleProvider = "utforare"
	RoleBuyer    = "bestallare"
	RoleOwner    = "agare"
	RoleObserver = "observator"
	RoleFunder   = "finansiar"
)

// Roles a participant can have in a collaboration.
var Roles = Vocabulary{
	{RoleHost, "Värdkommun", "Host municipality"},
	{RoleMember, "Medlem", "Member"},
	{RoleProvider, "Utförare", "Provider"},
	{RoleBuyer, "Beställare", "Purchaser"},
	{RoleOwner, "Ägare", "Owner"},
	{RoleObserver, "Observatör", "Observer"},
	{RoleFunder, "Finansiär", "Funder"},
}

// Cost-sharing keys (fördelningsnyckel), domain.md a.9.
var CostKeys = Vocabulary{
	{"invanare", "Efter invånarantal", "By population"},
	{"lika_delar", "Lika delar", "Equal shares"},
	{"nyttjande", "Efter nyttjande", "By usage"},
	{"fast_andel", "Fasta procentandelar", "Fixed percentages"},
	{"storlek_och_nyttjande", "Storlek och nyttjande (viktat)", "Size and usage (weighted)"},
	{"taxa_avgift", "Taxa eller avgift", "Fees"},
	{"varierar_per_avtal", "Bestäms i varje avtal", "Set per agreement"},
}

// Procurement bases (upphandlingsgrund), domain.md a.7.
var ProcurementBases = Vocabulary{
	{"ej_kontrakt_kompetensoverforing", "Ej kontrakt – kompetensöverföring (C-51/15 Remondis)", "Not a contract – transfer of competence (C-51/15 Remondis)"},
	{"hamburg_3kap17", "Samarbetsavtal, LOU 3 kap. 17–18 §§ (Hamburg)", "Cooperation agreement, LOU ch. 3 §§ 17–18 (Hamburg)"},
	{"internt_inhouse", "Intern upphandling (in-house/Teckal)", "In-house (Teckal)"},
	{"organisatorisk_gn", "Gemensam nämnd – del av värdkommunens organisation", "Joint committee – part of the host's organisation"},
	{"upphandlat", "Upphandlat", "Procured"},
	{"ej_tillampligt", "Ej tillämpligt", "Not applicable"},
}

// Document types (styrdokument), domain.md a.8.
var DocumentTypes = Vocabulary{
	{"forbundsordning", "Förbundsordning", "Articles of federation"},
	{"reglemente", "Reglemente", "Rules of procedure"},
	{"samverkansavtal", "Samverkansavtal", "Cooperation agreement"},
	{"overenskommelse", "Överenskommelse", "Memorandum of agreement"},
	{"avtal", "Avtal", "Agreement"},
	{"bolagsordning", "Bolagsordning", "Articles of association"},
	{"agardirektiv", "Ägardirektiv", "Owner's directive"},
	{"aktieagaravtal", "Aktieägaravtal/konsortialavtal", "Shareholders' agreement"},
	{"avsiktsforklaring", "Avsiktsförklaring", "Declaration of intent"},
	{"delegationsordning", "Delegationsordning", "Delegation order"},
	{"pub_avtal", "Personuppgiftsbiträdesavtal", "Data processing agreement"},
	{"budget", "Budget", "Budget"},
	{"verksamhetsplan", "Verksamhetsplan", "Operational plan"},
	{"arsredovisning", "Årsredovisning", "Annual report"},
	{"forstudierapport", "Förstudierapport", "Pre-study report"},
	{"rapport_9kap38", "Rapport enligt KL 9 kap. 38 §", "Report under KL ch. 9 § 38"},
	{"ovrigt", "Övrigt", "Other"},
}

// Decision bodies (beslutsorgan), domain.md a.10.
var Bodies = Vocabulary{
	{"kf", "Kommunfullmäktige", "Municipal council"},
	{"ks", "Kommunstyrelsen", "Municipal executive board"},
	{"ksau", "Kommunstyrelsens arbetsutskott", "Executive board's working committee"},
	{"namnd", "Nämnd", "Committee"},
	{"gemensam_namnd", "Gemensam nämnd", "Joint committee"},
	{"forbundsfullmaktige", "Förbundsfullmäktige", "Federation assembly"},
	{"forbundsdirektion", "Förbundsdirektion", "Federation board"},
	{"bolagsstamma", "Bolagsstämma", "General meeting"},
	{"bolagsstyrelse", "Bolagsstyrelse", "Company board"},
	{"regionfullmaktige", "Regionfullmäktige", "Regional council"},
	{"regionstyrelse", "Regionstyrelsen", "Regional executive board"},
	{"forbundsstyrelse", "Förbundsstyrelse (samordningsförbund)", "Federation board (coordination federation)"},
	{"myndighet", "Statlig myndighet", "State agency"},
	{"tjansteperson", "Tjänsteperson med delegation", "Employee with delegated power"},
	{"samverkansrad", "Samverkansråd (rådgivande)", "Cooperation council (advisory)"},
}

// Purposes are the follow-up dimensions a collaboration serves, domain.md a.12.
var Purposes = Vocabulary{
	{"kvalitet", "Höjd kvalitet", "Higher quality"},
	{"sarbarhet", "Minskad sårbarhet", "Less vulnerability"},
	{"kompetensforsorjning", "Säkrad kompetensförsörjning", "Secured competence supply"},
	{"effektivitet_kostnad", "Effektivitet och lägre kostnader", "Efficiency and lower cost"},
	{"attraktivitet", "Stärkt attraktivitet", "Stronger attractiveness"},
	{"styrning_insyn", "Styrning och insyn", "Steering and transparency"},
}

// Triage of an idea, domain.md b.6.
var Triages = Vocabulary{
	{"kan_starta_direkt", "Kan starta direkt", "Can start now"},
	{"kraver_politiskt_beslut", "Kräver politiskt beslut", "Needs political decisions"},
}

// Kinds of external party.
var PartyKinds = Vocabulary{
	{"region", "Region", "Region"},
	{"myndighet", "Statlig myndighet", "State agency"},
	{"kommunalforbund", "Kommunalförbund", "Federation of municipalities"},
	{"bolag", "Bolag", "Company"},
	{"forening", "Förening eller stiftelse", "Association or foundation"},
	{"annan", "Annan", "Other"},
}
