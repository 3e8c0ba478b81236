package web

// reportMessages are the texts of the KL 9:38 report, the yearly
// oversight view and the honest decision figures (issues 11 and 13).
var reportMessages = map[string][2]string{
	"path.unregistered":      {"beslut ej registrerade", "decisions not registered"},
	"date.unknown_decision":  {"okänt datum", "unknown date"},
	"dec.field.date_unknown": {"Datum okänt", "Date unknown"},
	"dec.date_unknown.hint":  {"För ett äldre beslut vars datum ingen källa anger: lämna datumet tomt och kryssa här, i stället för att gissa ett datum.", "For an older decision whose date no source gives: leave the date empty and tick here, instead of guessing a date."},
	"pending.unregistered":   {"Ej registrerat", "Not registered"},
	"pending.latest":         {"Nytt beslut behövs (senast: %s)", "A new decision is needed (latest: %s)"},
	"pending.intro.required": {"Listan tar också med varje beslut som beslutsvägen kräver för samverkan i beredning eller beslutsskede men som ingen har registrerat än.", "The list also includes every decision the decision path requires for collaborations in preparation or being decided that nobody has registered yet."},
	"pending.unregistered.n": {"%d beslut som krävs är inte registrerade alls.", "%d required decisions are not registered at all."},

	// The KL 9:38 report.
	"report.intro938": {"Enligt 9 kap. 38 § kommunallagen (2017:725) ska kommunstyrelsen varje år rapportera till kommunfullmäktige om kommunens avtalssamverkan. Detta är kommunstyrelsens rapport för %[1]s avseende år %[2]d.",
		"Under chapter 9, section 38 of the Local Government Act (2017:725), the municipal executive board shall report every year to the council on the municipality's agreement-based collaboration. This is the board's report for %[1]s for the year %[2]d."},
	"report.scope938": {"Rapporten omfattar avtalssamverkan enligt 9 kap. 37 § kommunallagen och enligt speciallag, inklusive köp av tjänst från en annan kommun, som har pågått någon gång under året och där kommunen har deltagit som beställare eller utförare. Observatörer och finansiärer räknas inte.",
		"The report covers agreement-based collaboration under chapter 9, section 37 of the Local Government Act and under special acts, including the purchase of services from another municipality, that ran at some time during the year with the municipality taking part as purchaser or provider. Observers and funders are not counted."},
	"report.col.role":              {"Kommunens roll", "The municipality's role"},
	"report.col.municipality_role": {"Kommunens roll", "The municipality's role"},
	"report.col.term":              {"Avtalstid", "Term"},
	"report.col.notice":            {"Uppsägning och förlängning", "Notice and renewal"},
	"report.col.delegation":        {"Extern delegering", "External delegation"},
	"report.col.own_cost":          {"Kommunens kostnad per år", "The municipality's cost per year"},
	"report.col.follow_up":         {"Senaste uppföljning", "Latest follow-up"},
	"report.months":                {"%d månaders uppsägningstid", "%d months' notice"},
	"report.open_ended":            {"tills vidare", "until further notice"},
	"report.whole_cost":            {"Hela samverkan: %s", "Whole collaboration: %s"},
	"report.no_follow_up":          {"Ingen registrerad", "None recorded"},

	// The oversight view (uppsikt, KL 6 kap. 1 §).
	"oversight.kind":    {"Uppsikt", "Oversight"},
	"oversight.link":    {"Kommunstyrelsens uppsikt: allt kommunen deltar i", "The board's oversight: everything the municipality takes part in"},
	"oversight.title":   {"Uppsikt %[2]d – %[1]s", "Oversight %[2]d – %[1]s"},
	"oversight.heading": {"Kommunens samverkan %d – underlag för kommunstyrelsens uppsikt", "The municipality's collaboration %d – for the board's oversight"},
	"oversight.intro": {"Kommunstyrelsen ska ha uppsikt över den verksamhet som bedrivs i kommunalförbund, gemensamma nämnder, bolag och annan samverkan som kommunen deltar i (6 kap. 1 § kommunallagen). Här är allt som %[1]s deltog i under %[2]d, i alla samverkansformer.",
		"The municipal executive board shall oversee the activities carried on in federations, joint committees, companies and other collaboration the municipality takes part in (chapter 6, section 1 of the Local Government Act). Here is everything %[1]s took part in during %[2]d, in all legal forms."},
	"oversight.summary":   {"Samverkan per form för %s under %d", "Collaboration per form for %s in %d"},
	"oversight.caption":   {"%s som kommunen deltog i", "%s the municipality took part in"},
	"oversight.col.count": {"Antal", "Number"},
	"oversight.in_report": {"Ingår i rapporten enligt 9 kap. 38 §", "Included in the report under chapter 9, section 38"},
	"oversight.none":      {"%s deltog inte i någon registrerad samverkan under %d.", "%s took part in no recorded collaboration in %d."},
	"oversight.note":      {"Kommunens kostnad är dess andel enligt fördelningsnyckeln när registret kan räkna fram den (efter invånarantal eller lika delar); annars anges den som okänd: en kostnad som ingen har angett räknas aldrig som noll.", "The municipality's cost is its share by the cost key when the register can compute it (by population or equal shares); otherwise it is shown as unknown: a cost nobody entered never counts as zero."},
}
