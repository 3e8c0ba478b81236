package web

// pictureMessages are the texts of the pictures (issue 14): the map, the
// coverage matrix, the network graph, the charts and the key functions.
var pictureMessages = map[string][2]string{
	"nav.map": {"Karta", "Map"},

	// The map (map.go).
	"map.title":             {"Karta över samverkan", "Map of collaboration"},
	"map.intro":             {"Kartan visar hur många pågående samverkan varje kommun deltar i, eller ett nätverks medlemmar och de kommuner utanför nätverket som deltar i dess samverkan. Tabellen bredvid kartan har samma uppgifter.", "The map shows how many running collaborations each municipality takes part in, or a network's members and the municipalities outside the network that take part in its collaborations. The table beside the map has the same facts."},
	"map.filter":            {"Välj vad kartan visar", "Choose what the map shows"},
	"map.filter.layer":      {"Lager", "Layer"},
	"map.filter.network":    {"Nätverk", "Network"},
	"map.filter.show":       {"Visa", "Show"},
	"map.filter.reset":      {"Återställ", "Reset"},
	"map.filter.note":       {"Lagret Nätverkets deltagare kräver att ett nätverk är valt.", "The layer Network's participants needs a network to be chosen."},
	"map.layer.antal":       {"Antal samverkan per kommun", "Collaborations per municipality"},
	"map.layer.deltagare":   {"Nätverkets deltagare", "Network's participants"},
	"map.summary":           {"%d av %d kommuner deltar i minst en pågående samverkan i urvalet.", "%d of %d municipalities take part in at least one running collaboration in the selection."},
	"map.svg.title":         {"Karta: antal pågående samverkan per kommun", "Map: running collaborations per municipality"},
	"map.svg.desc":          {"Sveriges 290 kommuner, färgade efter hur många pågående samverkan i urvalet de deltar i; mörkare betyder fler. Tabellen bredvid kartan har samma siffror.", "Sweden's 290 municipalities, coloured by how many running collaborations in the selection they take part in; darker means more. The table beside the map has the same figures."},
	"map.legend.count":      {"Antal samverkan", "Collaborations"},
	"map.legend.missing":    {"Uppgift saknas", "Not known"},
	"map.legend.other":      {"Övriga kommuner", "Other municipalities"},
	"map.legend.shared":     {"Gemensamma samverkan", "Shared collaborations"},
	"map.table.caption":     {"Pågående samverkan per kommun, flest först", "Running collaborations per municipality, most first"},
	"map.table.none":        {"Ingen kommun i urvalet.", "No municipality in the selection."},
	"map.col.county":        {"Län", "County"},
	"map.col.role":          {"Roll", "Role"},
	"map.col.count":         {"Pågående samverkan", "Running collaborations"},
	"map.col.network_count": {"Pågående samverkan i nätverket", "Running collaborations in the network"},
	"map.col.shared":        {"Gemensamma pågående samverkan", "Shared running collaborations"},
	"map.role.member":       {"Medlem i nätverket", "Member of the network"},
	"map.role.outside":      {"Deltar utanför nätverket", "Takes part from outside the network"},
	"map.network.caption":   {"%s: medlemmar och deltagare utanför nätverket", "%s: members and participants outside the network"},
	"map.network.title":     {"Karta: %s", "Map: %s"},
	"map.network.desc":      {"Nätverket %s: medlemmarna och de kommuner utanför nätverket som deltar i dess pågående samverkan (randiga). Tabellen bredvid kartan har samma uppgifter.", "The network %s: its members and the municipalities outside the network that take part in its running collaborations (striped). The table beside the map has the same facts."},
	"map.muni.caption":      {"Kommuner som %s har pågående samverkan med", "Municipalities %s has running collaborations with"},
	"map.muni.title":        {"Karta: %s och dess samverkanspartner", "Map: %s and its partners"},
	"map.muni.desc":         {"%s (randig) och de kommuner den har pågående samverkan med, färgade efter antal gemensamma samverkan. Tabellen bredvid kartan har samma siffror.", "%s (striped) and the municipalities it has running collaborations with, coloured by the number of shared collaborations. The table beside the map has the same figures."},
	"map.more":              {"Visa på den stora kartan", "Show on the full map"},
	"map.heading":           {"Karta", "Map"},
}

var pictureNavMessages = map[string][2]string{
	"pictures.nav": {"Bilder av %s", "Pictures of %s"},
	"cov.kind":     {"Täckning", "Coverage"},
	"graph.kind":   {"Nätverksgraf", "Network graph"},
	"charts.kind":  {"Diagram", "Charts"},
	"vuln.kind":    {"Sårbarhet", "Vulnerability"},
	"kf.link":      {"Nyckelfunktioner och sårbarhet", "Key functions and vulnerability"},
}

var coverageMessages = map[string][2]string{
	"cov.title":              {"Täckning: %s", "Coverage: %s"},
	"cov.intro":              {"Matrisen visar vilka av nätverkets medlemmar som deltar i pågående samverkan inom varje verksamhetsområde, och genom vilken samverkan. Luckorna står i ord ovanför; deltagare utanför nätverket visas för sig.", "The matrix shows which of the network's members take part in running collaborations in each area, and through which collaboration. The gaps are written out above it; participants outside the network are shown apart."},
	"cov.export.xlsx":        {"Ladda ner matrisen (Excel)", "Download the matrix (Excel)"},
	"cov.export.csv":         {"Ladda ner matrisen (CSV)", "Download the matrix (CSV)"},
	"cov.gaps":               {"Luckor", "Gaps"},
	"cov.gaps.none":          {"Inga luckor: alla medlemmar deltar i varje område där nätverket har pågående samverkan.", "No gaps: every member takes part in each area where the network has running collaborations."},
	"cov.matrix":             {"Medlemmar och områden", "Members and areas"},
	"cov.caption":            {"%s: pågående samverkan per medlem och område", "%s: running collaborations per member and area"},
	"cov.col.area":           {"Område", "Area"},
	"cov.col.covered":        {"Deltar", "Taking part"},
	"cov.col.participant":    {"Deltagare", "Participant"},
	"cov.col.collaborations": {"Samverkan", "Collaborations"},
	"cov.cell.none":          {"Deltar inte", "Not taking part"},
	"cov.of":                 {"%d av %d", "%d of %d"},
	"cov.none":               {"Nätverket har ingen pågående samverkan ännu.", "The network has no running collaboration yet."},
	"cov.outside":            {"Deltagare utanför nätverket", "Participants outside the network"},
	"cov.outside.caption":    {"Kommuner och parter utanför %s som deltar i dess samverkan", "Municipalities and parties outside %s that take part in its collaborations"},
	"cov.outside.none":       {"Inga deltagare utanför nätverket.", "No participants outside the network."},
}
