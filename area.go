package samverkan

import "strings"

// Area is a verksamhetsområde: SCB's Räkenskapssammandraget (RS) activity
// codes in seven groups, plus product codes prefixed X- for the support
// functions RS lacks (research/domain.md e). Parent is "" for a group.
type Area struct {
	Code   string `json:"code"`
	Parent string `json:"parent,omitempty"`
	SV     string `json:"name"`
	EN     string `json:"name_en"`
	// RS is the suggested RS code an X- area maps to, where one exists.
	RS string `json:"rs,omitempty"`
}

// Label returns the area's name in lang.
func (a Area) Label(lang string) string {
	if lang == "en" && a.EN != "" {
		return a.EN
	}
	return a.SV
}

// GroupX is the parent of the support-function codes.
const GroupX = "X"

// DefaultAreas is the seeded hierarchy: the seven RS groups with their 62
// leaf codes (SCB TAB4199, domain.md e.1) and the X- support functions (e.2).
var DefaultAreas = []Area{
	{Code: "190", SV: "Politisk verksamhet", EN: "Political activity"},
	{Code: "100", Parent: "190", SV: "Nämnd- och styrelseverksamhet", EN: "Committees and boards"},
	{Code: "110", Parent: "190", SV: "Stöd till politiska partier", EN: "Support to political parties"},
	{Code: "120", Parent: "190", SV: "Revision", EN: "Audit"},
	{Code: "130", Parent: "190", SV: "Övrig politisk verksamhet", EN: "Other political activity"},

	{Code: "290", SV: "Infrastruktur, skydd m.m.", EN: "Infrastructure, protection etc."},
	{Code: "215", Parent: "290", SV: "Fysisk och teknisk planering, bostadsförbättring", EN: "Physical and technical planning"},
	{Code: "220", Parent: "290", SV: "Näringslivsfrämjande åtgärder", EN: "Business promotion"},
	{Code: "225", Parent: "290", SV: "Konsument- och energirådgivning", EN: "Consumer and energy advice"},
	{Code: "230", Parent: "290", SV: "Turistverksamhet", EN: "Tourism"},
	{Code: "249", Parent: "290", SV: "Väg- och järnvägsnät, parkering", EN: "Roads, railways, parking"},
	{Code: "250", Parent: "290", SV: "Parker", EN: "Parks"},
	{Code: "261", Parent: "290", SV: "Miljö- och hälsoskydd, myndighetsutövning", EN: "Environmental and health protection, authority"},
	{Code: "263", Parent: "290", SV: "Miljö, hälsa och hållbar utveckling", EN: "Environment, health and sustainability"},
	{Code: "267", Parent: "290", SV: "Alkoholtillstånd m.m.", EN: "Alcohol licensing etc."},
	{Code: "270", Parent: "290", SV: "Räddningstjänst", EN: "Rescue services"},
	{Code: "275", Parent: "290", SV: "Totalförsvar och samhällsskydd", EN: "Total defence and civil protection"},

	{Code: "390", SV: "Fritid och kultur", EN: "Leisure and culture"},
	{Code: "300", Parent: "390", SV: "Allmän fritidsverksamhet", EN: "General leisure activities"},
	{Code: "310", Parent: "390", SV: "Stöd till studieorganisationer", EN: "Support to study associations"},
	{Code: "315", Parent: "390", SV: "Allmän kulturverksamhet", EN: "General cultural activities"},
	{Code: "320", Parent: "390", SV: "Bibliotek", EN: "Libraries"},
	{Code: "330", Parent: "390", SV: "Musikskola/kulturskola", EN: "Music and arts school"},
	{Code: "340", Parent: "390", SV: "Idrotts- och fritidsanläggningar", EN: "Sports and leisure facilities"},
	{Code: "350", Parent: "390", SV: "Fritidsgårdar", EN: "Youth centres"},

	{Code: "490", SV: "Pedagogisk verksamhet", EN: "Education"},
	{Code: "400", Parent: "490", SV: "Öppen förskola", EN: "Open pre-school"},
	{Code: "407", Parent: "490", SV: "Förskola", EN: "Pre-school"},
	{Code: "412", Parent: "490", SV: "Pedagogisk omsorg", EN: "Educational care"},
	{Code: "415", Parent: "490", SV: "Öppen fritidsverksamhet", EN: "Open leisure-time activities"},
	{Code: "425", Parent: "490", SV: "Fritidshem", EN: "After-school centres"},
	{Code: "435", Parent: "490", SV: "Förskoleklass", EN: "Pre-school class"},
	{Code: "440", Parent: "490", SV: "Grundskola", EN: "Compulsory school"},
	{Code: "443", Parent: "490", SV: "Anpassad grundskola", EN: "Compulsory school for pupils with learning disabilities"},
	{Code: "450", Parent: "490", SV: "Gymnasieskola", EN: "Upper secondary school"},
	{Code: "453", Parent: "490", SV: "Anpassad gymnasieskola", EN: "Upper secondary school for pupils with learning disabilities"},
	{Code: "470", Parent: "490", SV: "Grundläggande vuxenutbildning", EN: "Basic adult education"},
	{Code: "472", Parent: "490", SV: "Gymnasial vuxen- och påbyggnadsutbildning", EN: "Upper secondary adult education"},
	{Code: "474", Parent: "490", SV: "Komvux anpassad utbildning", EN: "Adapted adult education"},
	{Code: "475", Parent: "490", SV: "Högskoleutbildning m.m.", EN: "Higher education etc."},
	{Code: "476", Parent: "490", SV: "Svenska för invandrare", EN: "Swedish for immigrants"},
	{Code: "478", Parent: "490", SV: "Uppdragsutbildning m.m.", EN: "Contract education etc."},

	{Code: "590", SV: "Vård och omsorg", EN: "Care and social services"},
	{Code: "500", Parent: "590", SV: "Primärvård (kommunal hemsjukvård)", EN: "Primary care (municipal home health care)"},
	{Code: "505", Parent: "590", SV: "Hälso- och sjukvård, övrigt", EN: "Health care, other"},
	{Code: "510", Parent: "590", SV: "Vård och omsorg om äldre", EN: "Care of the elderly"},
	{Code: "513", Parent: "590", SV: "Insatser enligt LSS/SFB", EN: "Support under LSS/SFB"},
	{Code: "520", Parent: "590", SV: "Insatser till personer med funktionsnedsättning", EN: "Support to persons with disabilities"},
	{Code: "530", Parent: "590", SV: "Färdtjänst/riksfärdtjänst", EN: "Mobility services"},
	{Code: "559", Parent: "590", SV: "Vård för vuxna med missbruksproblem", EN: "Care for adults with substance abuse"},
	{Code: "569", Parent: "590", SV: "Barn- och ungdomsvård", EN: "Child and youth care"},
	{Code: "571", Parent: "590", SV: "Övriga insatser till vuxna", EN: "Other support to adults"},
	{Code: "575", Parent: "590", SV: "Ekonomiskt bistånd", EN: "Financial assistance"},
	{Code: "585", Parent: "590", SV: "Familjerätt och familjerådgivning", EN: "Family law and counselling"},

	{Code: "690", SV: "Särskilt riktade insatser", EN: "Targeted measures"},
	{Code: "600", Parent: "690", SV: "Flyktingmottagande", EN: "Refugee reception"},
	{Code: "610", Parent: "690", SV: "Arbetsmarknadsåtgärder", EN: "Labour market measures"},

	{Code: "890", SV: "Affärsverksamhet", EN: "Business activities"},
	{Code: "800", Parent: "890", SV: "Arbetsområden och lokaler", EN: "Industrial areas and premises"},
	{Code: "805", Parent: "890", SV: "Hamnverksamhet", EN: "Ports"},
	{Code: "810", Parent: "890", SV: "Kommersiell verksamhet", EN: "Commercial activities"},
	{Code: "815", Parent: "890", SV: "Bostadsverksamhet", EN: "Housing"},
	{Code: "830", Parent: "890", SV: "Flygtrafik", EN: "Air traffic"},
	{Code: "832", Parent: "890", SV: "Buss, bil och spårbunden persontrafik", EN: "Bus, car and rail passenger transport"},
	{Code: "834", Parent: "890", SV: "Sjötrafik", EN: "Sea traffic"},
	{Code: "855", Parent: "890", SV: "Elförsörjning och gasförsörjning", EN: "Electricity and gas supply"},
	{Code: "860", Parent: "890", SV: "Fjärrvärmeförsörjning", EN: "District heating"},
	{Code: "865", Parent: "890", SV: "Vattenförsörjning och avloppshantering", EN: "Water and sewerage"},
	{Code: "870", Parent: "890", SV: "Avfallshantering", EN: "Waste management"},

	{Code: GroupX, SV: "Stödfunktioner och övrigt", EN: "Support functions and other"},
	{Code: "X-IT", Parent: GroupX, SV: "IT-drift, infrastruktur, licenser", EN: "IT operations, infrastructure, licences"},
	{Code: "X-DIGI", Parent: GroupX, SV: "Digitalisering och e-tjänster", EN: "Digitalisation and e-services"},
	{Code: "X-EKON", Parent: GroupX, SV: "Ekonomiadministration", EN: "Financial administration"},
	{Code: "X-LON", Parent: GroupX, SV: "Lönehantering", EN: "Payroll"},
	{Code: "X-HR", Parent: GroupX, SV: "HR, rekrytering, företagshälsa", EN: "HR, recruitment, occupational health"},
	{Code: "X-UPPH", Parent: GroupX, SV: "Upphandling och inköp", EN: "Procurement"},
	{Code: "X-KONT", Parent: GroupX, SV: "Kontaktcenter och växel", EN: "Contact centre"},
	{Code: "X-KOMM", Parent: GroupX, SV: "Kommunikation", EN: "Communication"},
	{Code: "X-JUR", Parent: GroupX, SV: "Juridik", EN: "Legal services"},
	{Code: "X-ARKIV", Parent: GroupX, SV: "Arkiv och e-arkiv", EN: "Archives and e-archives"},
	{Code: "X-SÄK", Parent: GroupX, SV: "Säkerhet och beredskap", EN: "Security and preparedness", RS: "275"},
	{Code: "X-OF", Parent: GroupX, SV: "Överförmyndare", EN: "Guardianship", RS: "130"},
	{Code: "X-BYGG", Parent: GroupX, SV: "Bygglov och PBL-myndighetsutövning", EN: "Building permits", RS: "215"},
	{Code: "X-KOST", Parent: GroupX, SV: "Måltider och kost", EN: "Meals and catering"},
	{Code: "X-FAST", Parent: GroupX, SV: "Fastighet och lokalförsörjning", EN: "Property and premises", RS: "800"},
	{Code: "X-HJÄLP", Parent: GroupX, SV: "Hjälpmedel", EN: "Assistive devices", RS: "520"},
	{Code: "X-STRAT", Parent: GroupX, SV: "Strategisk samverkan, intressebevakning, regional utveckling", EN: "Strategic cooperation, advocacy, regional development"},
	{Code: "X-ÖVR", Parent: GroupX, SV: "Övrigt", EN: "Other"},
}

// AreaMatch is what a typed area was read as: the code, and how it was
// matched (ViaExact … ViaSpelling). A match that is not Sure is a reading
// the person should check.
type AreaMatch struct {
	Code string `json:"code"`
	Via  string `json:"via"`
}

// AreaSynonyms are the everyday words for areas (synonyms/areas.csv).
var AreaSynonyms = loadSynonyms("areas.csv")

// newAreaIndex indexes areas by code, Swedish and English name, the parts
// of a Swedish name ("IT-drift" of "IT-drift, infrastruktur, licenser",
// "kulturskola" of "Musikskola/kulturskola") and the synonym table.
func newAreaIndex(areas []Area) *keyIndex {
	x := newKeyIndex()
	known := map[string]bool{}
	for _, a := range areas {
		known[a.Code] = true
		x.add(MatchKey(a.Code), a.Code, ViaExact, false)
		x.add(MatchKey(a.SV), a.Code, ViaExact, false)
		x.add(MatchKey(a.EN), a.Code, ViaExact, false)
		// "Alkoholtillstånd m.m.", "Högskoleutbildning m.m." are written
		// without the "m.m." as often as with it.
		x.add(strings.TrimSuffix(MatchKey(a.SV), " m m"), a.Code, ViaExact, false)
		for _, part := range strings.FieldsFunc(a.SV, func(r rune) bool { return r == ',' || r == '/' || r == '(' || r == ')' }) {
			x.add(strings.TrimSuffix(MatchKey(part), " m m"), a.Code, ViaExact, true)
		}
	}
	for _, s := range AreaSynonyms {
		if known[s.Code] {
			x.add(MatchKey(s.Text), s.Code, ViaSynonym, false)
		}
	}
	return x
}

// MatchArea reads one area as people write it: a code, the name, a short
// name, a synonym or abbreviation ("VA", "LSS", "lön"), in any case, with
// or without å/ä/ö and hyphens, inflected ("biblioteken"), as a compound
// ("bygglovshandläggning"), as the start of a name, inside longer text
// ("gemensam IT-drift") or one letter off. ok is false when nothing fits
// or the text could mean two areas; the text is then the person's to map.
func (c *Catalog) MatchArea(s string) (m AreaMatch, ok bool) {
	code, via := c.areaIndex.match(MatchKey(s))
	if code == "" {
		return AreaMatch{}, false
	}
	return AreaMatch{Code: code, Via: via}, true
}
