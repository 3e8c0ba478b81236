package samverkan

// LegalRef is one legal reference the decision engine cites, with what it
// says in our words and where that was checked. Sources are the tags of
// research/domain.md's source list ("S4") or an address. Where a paragraph
// number could not be checked the reference names the act or chapter only:
// saying less is better than citing a wrong paragraph.
type LegalRef struct {
	Key     string   `json:"key"`
	Cite    string   `json:"cite"` // "KL 9 kap. 1 §"
	Says    string   `json:"says"` // in Swedish, for the path display
	Sources []string `json:"sources"`
	// Practice marks a reference to established practice, not a
	// requirement of the law (ägardirektiv, for example).
	Practice bool `json:"practice,omitempty"`
}

// Legal reference keys.
const (
	RefFederationFormed  = "kl_9_1"
	RefFederationBasis   = "kl_9_1_18"
	RefFederationElect   = "kl_9_forbund_val"
	RefFederationAudit   = "kl_9_12"
	RefFederationBudget  = "forbund_budget"
	RefFederationChange  = "forbund_andring"
	RefFederationEnd     = "forbund_likvidation"
	RefJointCommittee    = "kl_9_19_36"
	RefJointElect        = "kl_gn_val"
	RefJointAudit        = "kl_gn_revision"
	RefAgreement         = "kl_9_37"
	RefAgreementKF       = "kl_5_1"
	RefDelegation        = "kl_9_37_delegering"
	RefReport938         = "kl_9_38"
	RefSpecialAct        = "speciallag"
	RefCompany           = "kl_10_1"
	RefCompanyWhole      = "kl_10_3"
	RefCompanyShared     = "kl_10_4"
	RefOwnerDirective    = "agardirektiv"
	RefCompanyAGM        = "abl_arsstamma"
	RefPrivateLaw        = "kl_10"
	RefFinsam            = "finsam"
	RefFinsamAudit       = "finsam_revision"
	RefPurchase          = "kop_av_tjanst"
	RefProject           = "kl_6_37"
	RefLetterOfIntent    = "kl_6_1"
	RefCouncilMatters    = "kl_5_1_val"
	RefAppeal            = "kl_13_5"
	RefStaffNegotiation  = "mbl_11"
	RefStaffTransfer     = "las_6b"
	RefMembersPublicLaw  = "medlemmar_offentligratt"
	RefPublicAuthorityCo = "kl_10_1_myndighet"
)

// LegalRefs is the one table of legal references. Tests check that every
// rule cites a key of this table and that every entry has a source.
var LegalRefs = []LegalRef{
	{Key: RefFederationFormed, Cite: "KL 9 kap. 1 §", Says: "Ett kommunalförbund bildas genom att medlemmarnas fullmäktige antar en förbundsordning.", Sources: []string{"S4"}},
	{Key: RefFederationBasis, Cite: "KL 9 kap. 1–18 §§", Says: "Bestämmelserna om kommunalförbund.", Sources: []string{"S4", "S6"}},
	{Key: RefFederationElect, Cite: "KL 9 kap.", Says: "Varje medlems fullmäktige väljer sina ledamöter och ersättare i förbundsfullmäktige eller förbundsdirektion; minst en ledamot och en ersättare per medlem.", Sources: []string{"S6", "S53"}},
	{Key: RefFederationAudit, Cite: "KL 9 kap. 12 §", Says: "Med förbundsfullmäktige väljer förbundsfullmäktige revisorerna och prövar ansvarsfriheten; med förbundsdirektion väljs revisorerna av medlemmarnas fullmäktige enligt förbundsordningen och varje medlems fullmäktige prövar ansvarsfriheten.", Sources: []string{"S55", "https://issuu.com/sverigeskommunerochlandsting/docs/7585-698-8/16"}},
	{Key: RefFederationBudget, Cite: "Förbundsordningen", Says: "Budgeten fastställs av förbundets eget organ efter samråd med medlemmarna; årsredovisningen lämnas till medlemmarna.", Sources: []string{"S55"}},
	{Key: RefFederationChange, Cite: "KL 9 kap. 1 §; förbundsordningen", Says: "En ändrad förbundsordning gäller när samtliga medlemmars fullmäktige har godkänt den.", Sources: []string{"S57"}},
	{Key: RefFederationEnd, Cite: "Förbundsordningen", Says: "Utträde sker genom uppsägning enligt förbundsordningen; upplösning följs av likvidation.", Sources: []string{"S32", "S52"}},
	{Key: RefJointCommittee, Cite: "KL 9 kap. 19–36 §§", Says: "En gemensam nämnd inrättas av kommuner och regioner; uppgifterna anges i en överenskommelse (samverkansavtal) och nämnden ska ha ett reglemente som varje fullmäktige antar.", Sources: []string{"S3", "S40"}},
	{Key: RefJointElect, Cite: "KL 9 kap. 19–36 §§", Says: "Varje samverkande kommuns fullmäktige väljer sina ledamöter och ersättare; varje kommun är representerad.", Sources: []string{"S3"}},
	{Key: RefJointAudit, Cite: "KL 9 kap. 19–36 §§", Says: "Varje samverkande kommuns revisorer granskar nämnden och varje fullmäktige prövar ansvarsfriheten.", Sources: []string{"S3"}},
	{Key: RefAgreement, Cite: "KL 9 kap. 37 §", Says: "En kommun får ingå avtal med en annan kommun om att den andra kommunen ska utföra uppgifter åt den (avtalssamverkan).", Sources: []string{"S1", "S2"}},
	{Key: RefAgreementKF, Cite: "KL 5 kap. 1 §; 9 kap. 37 §", Says: "Är avtalet av principiell beskaffenhet eller annars av större vikt beslutar fullmäktige.", Sources: []string{"S2"}},
	{Key: RefDelegation, Cite: "KL 9 kap. 37 § andra stycket; 6 kap. 38 §; 7 kap. 4–8 §§", Says: "Nämnden får uppdra åt en anställd i den andra kommunen att besluta på dess vägnar, inom gränserna i 6 kap. 38 §; 7 kap. 4–8 §§ gäller då.", Sources: []string{"S1", "S2"}},
	{Key: RefReport938, Cite: "KL 9 kap. 38 §", Says: "Kommunstyrelsen redovisar varje år kommunens avtalssamverkan för fullmäktige.", Sources: []string{"S1"}},
	{Key: RefSpecialAct, Cite: "Speciallag (jfr KL 9 kap. 37 § tredje stycket)", Says: "Bestämmelser i annan lag som avviker gäller före kommunallagen.", Sources: []string{"S1", "S22"}},
	{Key: RefCompany, Cite: "KL 10 kap. 1 §", Says: "Fullmäktige beslutar att lämna över vården av en kommunal angelägenhet till ett bolag.", Sources: []string{"S5"}},
	{Key: RefCompanyWhole, Cite: "KL 10 kap. 3 §", Says: "För ett helägt bolag fastställer fullmäktige ändamålet, utser samtliga styrelseledamöter och minst en lekmannarevisor.", Sources: []string{"S8", "S9"}},
	{Key: RefCompanyShared, Cite: "KL 10 kap. 4 §", Says: "I ett bolag som ingen kommun äger ensam ska varje ägande kommuns fullmäktige se till att kraven i 10 kap. 3 § tillgodoses i förhållande till ägandet: ändamål, styrelseledamöter och lekmannarevisor.", Sources: []string{"S5", "S9"}},
	{Key: RefOwnerDirective, Cite: "Praxis (inte krav i kommunallagen)", Says: "Ägardirektiv och aktieägaravtal är etablerad praxis för att styra ett delägt bolag, inget krav i kommunallagen.", Sources: []string{"S8"}, Practice: true},
	{Key: RefCompanyAGM, Cite: "Aktiebolagslagen (2005:551)", Says: "Årsstämman fastställer resultat- och balansräkningen och beslutar om ansvarsfrihet för styrelsen och den verkställande direktören.", Sources: []string{"https://lagen.nu/2005:551"}},
	{Key: RefPrivateLaw, Cite: "KL 10 kap.", Says: "Fullmäktige beslutar om överlämnande till en förening eller stiftelse och om dess stadgar.", Sources: []string{"S7"}},
	{Key: RefFinsam, Cite: "Lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser", Says: "Försäkringskassan, Arbetsförmedlingen, en region och en eller flera kommuner bildar ett samordningsförbund; staten bär hälften av kostnaden, regionen en fjärdedel och kommunerna en fjärdedel.", Sources: []string{"S3", "S60"}},
	{Key: RefFinsamAudit, Cite: "Lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser", Says: "Varje samverkande kommuns och regions fullmäktige utser revisor; Försäkringskassan utser en revisor för de statliga parterna; varje medlem prövar ansvarsfriheten.", Sources: []string{"https://issuu.com/sverigeskommunerochlandsting/docs/7585-698-8/16"}},
	{Key: RefPurchase, Cite: "KL 9 kap. 37 §; LOU eller undantag", Says: "Köp av tjänst från en annan kommun är avtalssamverkan; nämnden eller en delegat beslutar och upphandlingsgrunden antecknas.", Sources: []string{"S1", "S11"}},
	{Key: RefProject, Cite: "KL 6 kap. 37 §", Says: "Projektbeslut inom delegation och befintlig budget.", Sources: []string{"S10"}},
	{Key: RefLetterOfIntent, Cite: "KL 6 kap. 1 §", Says: "Styrelsen leder och samordnar; en avsiktsförklaring binder inte.", Sources: []string{"S1"}},
	{Key: RefCouncilMatters, Cite: "KL 5 kap. 1 §", Says: "Fullmäktige beslutar i ärenden av principiell beskaffenhet eller annars av större vikt, bland annat val av ledamöter och ersättare, val av revisorer, årsredovisning och ansvarsfrihet.", Sources: []string{"S2", "https://www.lagboken.se/Lagboken/start/forvaltningsratt/kommunallag-2017725/d_42376-sfs-2006_369-lag-om-andring-i-kommunallagen-1991_900"}},
	{Key: RefAppeal, Cite: "KL 13 kap. 5 §", Says: "Ett överklagande ska ha kommit in inom tre veckor från den dag då justeringen av protokollet tillkännagavs på anslagstavlan.", Sources: []string{"https://lagen.nu/2017:725"}},
	{Key: RefStaffNegotiation, Cite: "MBL 11 §", Says: "Arbetsgivaren ska förhandla innan den beslutar om en viktigare förändring av verksamheten.", Sources: []string{"https://lagen.nu/1976:580"}},
	{Key: RefStaffTransfer, Cite: "LAS 6 b §", Says: "Vid övergång av verksamhet går anställningarna över till den nya arbetsgivaren.", Sources: []string{"https://lagen.nu/1982:80"}},
	{Key: RefMembersPublicLaw, Cite: "KL 9 kap.", Says: "Bara kommuner och regioner kan vara medlemmar i en gemensam nämnd eller ett kommunalförbund.", Sources: []string{"S6"}},
	{Key: RefPublicAuthorityCo, Cite: "KL 10 kap. 1 § andra stycket", Says: "Myndighetsutövning får lämnas över till ett bolag, en förening eller en stiftelse bara med stöd i lag.", Sources: []string{"S5"}},
}

// FindLegalRef returns the reference with the given key.
func FindLegalRef(key string) (LegalRef, bool) {
	for _, r := range LegalRefs {
		if r.Key == key {
			return r, true
		}
	}
	return LegalRef{}, false
}

// refText is a reference as one line: "KL 9 kap. 1 §: Ett kommunalförbund …".
func refText(key string) string {
	r, ok := FindLegalRef(key)
	if !ok {
		return ""
	}
	return r.Cite + ": " + r.Says
}
