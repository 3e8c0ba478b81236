package web

import "fmt"

// insynMessages are the texts of the public transparency view (/insyn).
var insynMessages = map[string][2]string{
	"insyn.brand":               {"Samverkan – insyn", "Samverkan – public view"},
	"insyn.banner":              {"Offentlig insyn: allmänt tillgängliga uppgifter om kommunernas samverkan. Inga kontaktpersoner visas.", "Public view: openly available facts about the municipalities' collaborations. No contact persons are shown."},
	"insyn.nav.home":            {"Nätverk", "Networks"},
	"insyn.nav.label":           {"Insyn", "Public view"},
	"insyn.footer":              {"Uppgifterna kommer ur samverkansregistret och ändras när registret ändras. Samma uppgifter finns som JSON.", "The facts come from the collaboration register and change when it does. The same facts are available as JSON."},
	"insyn.json":                {"Samma uppgifter som JSON", "The same facts as JSON"},
	"insyn.home.title":          {"Insyn i kommunernas samverkan", "Public view of the municipalities' collaborations"},
	"insyn.home.intro":          {"Här ser du vilka samverkansnätverk och vilka samverkan som finns, vilka kommuner som deltar, i vilken form, vem som beslutat och vad det kostar.", "Here you can see which collaboration networks and collaborations exist, which municipalities take part, in which legal form, who decided and what it costs."},
	"insyn.figures":             {"Nyckeltal", "Key figures"},
	"insyn.figures.networks":    {"Nätverk", "Networks"},
	"insyn.figures.collabs":     {"Samverkan", "Collaborations"},
	"insyn.figures.running":     {"Pågående", "Running"},
	"insyn.figures.munis":       {"Deltagande kommuner", "Participating municipalities"},
	"insyn.figures.cost":        {"Årlig kostnad, pågående", "Annual cost, running"},
	"insyn.networks":            {"Nätverk", "Networks"},
	"insyn.networks.caption":    {"Samverkansnätverk med offentliga uppgifter", "Collaboration networks with public records"},
	"insyn.networks.none":       {"Inga nätverk är offentliga ännu.", "No network is public yet."},
	"insyn.col.network":         {"Nätverk", "Network"},
	"insyn.col.members":         {"Medlemmar", "Members"},
	"insyn.col.running":         {"Pågående", "Running"},
	"insyn.col.pipeline":        {"Under beredning", "In the pipeline"},
	"insyn.col.ended":           {"Avslutade", "Ended"},
	"insyn.col.cost":            {"Årlig kostnad, pågående", "Annual cost, running"},
	"insyn.col.collab":          {"Samverkan", "Collaboration"},
	"insyn.col.period":          {"Period", "Period"},
	"insyn.col.shares":          {"Deltagare och kostnadsandel", "Participants and cost share"},
	"insyn.col.share":           {"Kostnadsandel", "Cost share"},
	"insyn.network.title":       {"%s – insyn", "%s – public view"},
	"insyn.network.members":     {"Medlemskommuner", "Member municipalities"},
	"insyn.network.coord":       {"Samordning", "Coordination"},
	"insyn.network.host":        {"Värd %d", "Host %d"},
	"insyn.network.declared":    {"Avsiktsförklaring antagen", "Declaration of intent adopted"},
	"insyn.network.collabs":     {"Offentliga samverkan i nätverket", "Public collaborations in the network"},
	"insyn.network.caption":     {"Samverkan i %s", "Collaborations in %s"},
	"insyn.network.none":        {"Nätverket har inga offentliga samverkan.", "The network has no public collaborations."},
	"insyn.collab.facts":        {"Uppgifter", "Facts"},
	"insyn.collab.participants": {"Deltagare", "Participants"},
	"insyn.collab.documents":    {"Styrdokument", "Governing documents"},
	"insyn.collab.docs.caption": {"Styrdokument med beslutande organ, datum och paragraf", "Governing documents with adopting body, date and paragraph"},
	"insyn.collab.docs.none":    {"Inga styrdokument är registrerade.", "No governing documents are recorded."},
	"insyn.collab.decisions":    {"Beslut", "Decisions"},
	"insyn.collab.dec.caption":  {"Beslut om samverkan: organ, datum, paragraf och utfall", "Decisions on the collaboration: body, date, paragraph and outcome"},
	"insyn.collab.dec.none":     {"Inga beslut är registrerade.", "No decisions are recorded."},
	"insyn.collab.cost":         {"Kostnad och fördelning", "Cost and cost sharing"},
	"insyn.collab.contacts":     {"Kontaktfunktioner", "Contact functions"},
	"insyn.collab.sources":      {"Källor", "Sources"},
	"insyn.collab.sources.none": {"Inga källor är angivna.", "No sources are given."},
	"insyn.collab.legal_basis":  {"Rättslig grund", "Legal basis"},
	"insyn.collab.updated":      {"Senast ändrad %s.", "Last changed %s."},
	"insyn.share.population":    {"Fördelat efter invånarantal (%d) mellan deltagande kommuner.", "Shared by population (%d) between the participating municipalities."},
	"insyn.share.equal":         {"Fördelat i lika delar mellan deltagande kommuner.", "Shared equally between the participating municipalities."},
	"insyn.share.agreement":     {"Kostnaden fördelas enligt avtal.", "The cost is shared according to the agreement."},
	"insyn.share.by_agreement":  {"enligt avtal", "by agreement"},
	"insyn.share.no_cost":       {"Årlig kostnad är inte känd.", "The annual cost is not known."},
	"insyn.col.body":            {"Organ", "Body"},
	"insyn.col.kind":            {"Beslut om", "Decision on"},
	"insyn.col.outcome":         {"Utfall", "Outcome"},
	"insyn.col.paragraph":       {"Paragraf", "Paragraph"},
	"insyn.col.link":            {"Protokoll", "Minutes"},
	"insyn.link":                {"Länk", "Link"},
	"insyn.ongoing":             {"pågår", "ongoing"},
	"insyn.back":                {"Alla nätverk", "All networks"},
	"insyn.notfound":            {"Det finns ingen offentlig uppgift på den här adressen.", "There is no public record at this address."},
}

func init() {
	for k, v := range insynMessages {
		if _, dup := messages[k]; dup {
			panic(fmt.Sprintf("web: message %q defined twice", k))
		}
		messages[k] = v
	}
}
