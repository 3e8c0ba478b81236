package dcat

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
)

// Controlled vocabularies the catalogue refers to.
const (
	// EU data themes (dcat:theme); DCAT-AP-SE lists the same 13.
	ThemeTaxonomy   = "http://publications.europa.eu/resource/authority/data-theme"
	ThemeGovernment = ThemeTaxonomy + "/GOVE" // Regeringen och den offentliga sektorn
	ThemeEconomy    = ThemeTaxonomy + "/ECON"

	LanguageSwedish = "http://publications.europa.eu/resource/authority/language/SWE"
	CountrySweden   = "http://publications.europa.eu/resource/authority/country/SWE"
	AccessPublic    = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
	FrequencyCont   = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
	AvailableStable = "http://publications.europa.eu/resource/authority/planned-availability/STABLE"

	// ADMS publisher types (foaf:Agent dct:type).
	PublisherLocalAuthority = "http://purl.org/adms/publishertype/LocalAuthority"

	// Standards the distributions conform to.
	StandardJSONSchema  = "https://json-schema.org/draft/2020-12/schema"
	StandardDataPackage = "https://specs.frictionlessdata.io/tabular-data-package/"
)

// MunicipalityPattern is the default address of a municipality as a place
// (dct:spatial): a fragment of the catalogue, "{catalogue}#kommun-{code}"
// with SCB's four-digit municipality code. No national register of
// municipality IRIs was found (DCAT-AP-SE suggests Geonames, which has no
// key by municipality code), so each place is also described in the graph:
// a dct:Location with the code as dct:identifier and the name as
// skos:prefLabel, which a harvester can match across catalogues.
// Config.MunicipalityURI replaces the pattern.
const MunicipalityPattern = "{catalogue}#kommun-{code}"

// Links are the addresses of the open data, as the web layer serves them.
type Links struct {
	Landing     string            // the page about the open data (foaf:homepage, dcat:landingPage)
	Catalogue   string            // this catalogue
	JSON        string            // the dataset's JSON document
	JSONSchema  string            // its JSON Schema
	DataPackage string            // datapackage.json with the Table Schemas
	CSV         map[string]string // per table name
}

// DefaultLinks are the addresses under base (https://host, no trailing
// slash): /oppna-data, /oppna-data/katalog, /oppna-data/samverkan.json,
// /oppna-data/schema.json, /oppna-data/datapackage.json and
// /oppna-data/{table}.csv.
func DefaultLinks(base string) Links {
	base = strings.TrimRight(base, "/") + "/oppna-data"
	l := Links{Landing: base, Catalogue: base + "/katalog", JSON: base + "/samverkan.json",
		JSONSchema: base + "/schema.json", DataPackage: base + "/datapackage.json", CSV: map[string]string{}}
	for _, t := range opendata.Tables {
		l.CSV[t.Name] = base + "/" + t.CSVName()
	}
	return l
}

// Config is what an instance says about its catalogue.
type Config struct {
	BaseURL string // https://samverkan.example.se
	Links   Links  // DefaultLinks(BaseURL) when Catalogue is empty
	// Publisher: the organisation behind the instance (a network's
	// secretariat, a municipality, a federation), never a person.
	PublisherName string
	PublisherURL  string
	PublisherType string // an ADMS publisher type; PublisherLocalAuthority when empty
	// Contact point: a function ("Samverkanskansliet") and its shared
	// mailbox (oppnadata@…), never a person's name or address.
	ContactName  string
	ContactEmail string
	Licence      string   // a licence URI; the dataset's licence (CC0) when empty
	Themes       []string // EU data-theme URIs; ThemeGovernment when empty
	Keywords     []string // Swedish; a default set when empty
	// Issued is when the dataset was first published; left out when zero.
	Issued time.Time
	// MunicipalityURI gives a municipality's place IRI from its code;
	// MunicipalityPattern when nil.
	MunicipalityURI func(code string) string
}

// Catalogue builds the DCAT-AP-SE description of ds: a dcat:Catalog with
// one dcat:Dataset (the register's public records) and a dcat:Distribution
// per file (JSON, its schema, the data package and each CSV). The spatial
// coverage is every municipality in the dataset (network members and
// participants); the temporal coverage runs from the earliest start to
// the latest end, open when something is still running. cat names the
// municipalities; it may be nil.
func Catalogue(ds *opendata.Dataset, cfg Config, cat *samverkan.Catalog) (*Graph, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	l := cfg.Links
	if l.Catalogue == "" {
		l = DefaultLinks(cfg.BaseURL)
	}
	licence := cfg.Licence
	if licence == "" {
		licence = ds.Licence
	}
	if licence == "" {
		licence = opendata.CC0
	}
	catalogue := l.Catalogue
	dataset := catalogue + "#dataset"
	publisher := catalogue + "#publisher"
	contact := catalogue + "#contact"
	period := catalogue + "#period"
	modified := Typed(ds.Generated.UTC().Format(time.RFC3339), NSXSD+"dateTime")

	g := NewGraph()
	a := func(s, class string) { g.Add(s, RDFType, IRI(class)) }

	a(catalogue, NSDCAT+"Catalog")
	g.Add(catalogue, NSDCT+"title", LangLiteral("Samverkan: öppna data från "+cfg.PublisherName, "sv"))
	g.Add(catalogue, NSDCT+"title", LangLiteral("Samverkan: open data from "+cfg.PublisherName, "en"))
	g.Add(catalogue, NSDCT+"description", LangLiteral("Katalog över de öppna data som "+cfg.PublisherName+" publicerar ur registret över kommunal samverkan.", "sv"))
	g.Add(catalogue, NSDCT+"description", LangLiteral("Catalogue of the open data "+cfg.PublisherName+" publishes from the register of inter-municipal cooperation.", "en"))
	g.Add(catalogue, NSDCT+"publisher", IRI(publisher))
	g.Add(catalogue, NSDCT+"license", IRI(licence))
	g.Add(catalogue, NSDCT+"language", IRI(LanguageSwedish))
	g.Add(catalogue, NSFOAF+"homepage", IRI(l.Landing))
	g.Add(catalogue, NSDCT+"spatial", IRI(CountrySweden))
	g.Add(catalogue, NSDCAT+"themeTaxonomy", IRI(ThemeTaxonomy))
	g.Add(catalogue, NSDCT+"modified", modified)
	g.Add(catalogue, NSDCAT+"dataset", IRI(dataset))
	if !cfg.Issued.IsZero() {
		g.Add(catalogue, NSDCT+"issued", Typed(cfg.Issued.UTC().Format("2006-01-02"), NSXSD+"date"))
	}

	a(publisher, NSFOAF+"Agent")
	a(publisher, NSFOAF+"Organization")
	g.Add(publisher, NSFOAF+"name", LangLiteral(cfg.PublisherName, "sv"))
	ptype := cfg.PublisherType
	if ptype == "" {
		ptype = PublisherLocalAuthority
	}
	g.Add(publisher, NSDCT+"type", IRI(ptype))
	if cfg.PublisherURL != "" {
		g.Add(publisher, NSFOAF+"homepage", IRI(cfg.PublisherURL))
	}

	a(contact, NSVCARD+"Organization")
	g.Add(contact, NSVCARD+"fn", Literal(cfg.ContactName))
	g.Add(contact, NSVCARD+"hasEmail", IRI("mailto:"+cfg.ContactEmail))

	a(dataset, NSDCAT+"Dataset")
	g.Add(dataset, NSDCT+"title", LangLiteral("Kommunal samverkan: nätverk, samverkan, deltagare, beslut och kostnadsandelar", "sv"))
	g.Add(dataset, NSDCT+"title", LangLiteral("Inter-municipal cooperation: networks, collaborations, participants, decisions and cost shares", "en"))
	g.Add(dataset, NSDCT+"description", LangLiteral("De offentliga uppgifterna i "+cfg.PublisherName+"s register över kommunal samverkan: "+
		"samverkansnätverk och deras medlemskommuner, samverkan med samverkansform, verksamhetsområden, deltagare, styrdokument, "+
		"beslut i kommunernas organ, årlig kostnad och kostnadsandelar. Inga personuppgifter. Okända värden är tomma, aldrig 0.", "sv"))
	g.Add(dataset, NSDCT+"description", LangLiteral("The public records of "+cfg.PublisherName+"'s register of inter-municipal cooperation: "+
		"networks and their member municipalities, collaborations with legal form, areas, participants, governing documents, "+
		"decisions by the municipalities' bodies, annual cost and cost shares. No personal data. Unknown values are empty, never 0.", "en"))
	g.Add(dataset, NSDCT+"publisher", IRI(publisher))
	g.Add(dataset, NSDCAT+"contactPoint", IRI(contact))
	themes := cfg.Themes
	if len(themes) == 0 {
		themes = []string{ThemeGovernment}
	}
	for _, t := range themes {
		g.Add(dataset, NSDCAT+"theme", IRI(t))
	}
	keywords := cfg.Keywords
	if len(keywords) == 0 {
		keywords = []string{"kommunal samverkan", "samverkan", "kommunalförbund", "gemensam nämnd", "avtalssamverkan", "kommuner"}
	}
	for _, k := range keywords {
		g.Add(dataset, NSDCAT+"keyword", LangLiteral(k, "sv"))
	}
	g.Add(dataset, NSDCT+"language", IRI(LanguageSwedish))
	g.Add(dataset, NSDCT+"accessRights", IRI(AccessPublic))
	g.Add(dataset, NSDCT+"accrualPeriodicity", IRI(FrequencyCont))
	g.Add(dataset, NSDCT+"conformsTo", IRI(l.JSONSchema))
	g.Add(dataset, NSDCAT+"landingPage", IRI(l.Landing))
	g.Add(dataset, NSDCT+"modified", modified)
	if !cfg.Issued.IsZero() {
		g.Add(dataset, NSDCT+"issued", Typed(cfg.Issued.UTC().Format("2006-01-02"), NSXSD+"date"))
	}
	g.Add(dataset, NSDCT+"spatial", IRI(CountrySweden))
	muniURI := cfg.MunicipalityURI
	if muniURI == nil {
		muniURI = func(code string) string {
			return strings.NewReplacer("{catalogue}", catalogue, "{code}", code).Replace(MunicipalityPattern)
		}
	}
	for _, code := range municipalities(ds) {
		place := muniURI(code)
		g.Add(dataset, NSDCT+"spatial", IRI(place))
		a(place, NSDCT+"Location")
		g.Add(place, NSDCT+"identifier", Literal(code))
		if cat != nil {
			if m, ok := cat.Municipality(code); ok {
				g.Add(place, NSSKOS+"prefLabel", LangLiteral(m.Name, "sv"))
			}
		}
	}
	if start, end, ok := temporal(ds); ok {
		g.Add(dataset, NSDCT+"temporal", IRI(period))
		a(period, NSDCT+"PeriodOfTime")
		g.Add(period, NSDCAT+"startDate", Typed(start.String(), NSXSD+"date"))
		if !end.IsZero() {
			g.Add(period, NSDCAT+"endDate", Typed(end.String(), NSXSD+"date"))
		}
	}

	dist := func(id, titleSV, titleEN, descSV, access, format, conformsTo string) {
		d := catalogue + "#" + id
		g.Add(dataset, NSDCAT+"distribution", IRI(d))
		a(d, NSDCAT+"Distribution")
		g.Add(d, NSDCT+"title", LangLiteral(titleSV, "sv"))
		g.Add(d, NSDCT+"title", LangLiteral(titleEN, "en"))
		g.Add(d, NSDCT+"description", LangLiteral(descSV, "sv"))
		g.Add(d, NSDCAT+"accessURL", IRI(access))
		g.Add(d, NSDCAT+"downloadURL", IRI(access))
		g.Add(d, NSDCT+"format", Literal(format))
		g.Add(d, NSDCAT+"mediaType", IRI("https://www.iana.org/assignments/media-types/"+format))
		g.Add(d, NSDCT+"license", IRI(licence))
		g.Add(d, NSDCATAP+"availability", IRI(AvailableStable))
		g.Add(d, NSDCT+"modified", modified)
		if conformsTo != "" {
			g.Add(d, NSDCT+"conformsTo", IRI(conformsTo))
		}
	}
	dist("json", "Hela datamängden som JSON", "The whole dataset as JSON",
		"Ett JSON-dokument med nätverk och samverkan; schemat beskriver varje fält.", l.JSON, opendata.MediaJSON, l.JSONSchema)
	dist("json-schema", "JSON Schema för datamängden", "JSON Schema of the dataset",
		"Schemat (JSON Schema 2020-12) som JSON-dokumentet följer.", l.JSONSchema, opendata.MediaJSONSchema, StandardJSONSchema)
	dist("datapackage", "Tabellscheman för CSV-filerna", "Table schemas of the CSV files",
		"Frictionless Data Package (datapackage.json) med ett Table Schema per CSV-fil.", l.DataPackage, opendata.MediaJSON, StandardDataPackage)
	for _, t := range opendata.Tables {
		dist("csv-"+strings.ReplaceAll(t.Name, "_", "-"), strings.TrimSuffix(t.SV, ".")+" ("+t.CSVName()+")", strings.TrimSuffix(t.EN, ".")+" ("+t.CSVName()+")",
			t.SV+" CSV med komma, UTF-8 och rubrikrad; se datapackage.json.", l.CSV[t.Name], opendata.MediaCSV, l.DataPackage)
	}
	return g, nil
}

// check refuses a configuration the catalogue cannot be honest with.
func (cfg Config) check() error {
	var errs []error
	if u, err := url.Parse(cfg.BaseURL); cfg.Links.Catalogue == "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		errs = append(errs, fmt.Errorf("base URL %q is not an http(s) address", cfg.BaseURL))
	}
	if strings.TrimSpace(cfg.PublisherName) == "" {
		errs = append(errs, errors.New("the publisher needs a name"))
	}
	if strings.TrimSpace(cfg.ContactName) == "" {
		errs = append(errs, errors.New("the contact point needs the name of a function"))
	}
	if a, err := mail.ParseAddress(cfg.ContactEmail); err != nil || a.Address != cfg.ContactEmail || a.Name != "" {
		errs = append(errs, fmt.Errorf("the contact point needs a plain e-mail address of a function, not %q", cfg.ContactEmail))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("dcat: %w", err)
	}
	return nil
}

// municipalities are the codes of every municipality in the dataset, sorted.
func municipalities(ds *opendata.Dataset) []string {
	set := map[string]bool{}
	for _, n := range ds.Networks {
		for _, m := range n.Members {
			set[m.Code] = true
		}
	}
	for _, c := range ds.Collaborations {
		for _, p := range c.Participants {
			if p.Code != "" {
				set[p.Code] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// temporal is the period the dataset covers: the earliest start to the
// latest end, with no end while any collaboration has started and not
// ended. ok is false when no collaboration has a start date.
func temporal(ds *opendata.Dataset) (start, end samverkan.Date, ok bool) {
	open := false
	for _, c := range ds.Collaborations {
		if c.Start.IsZero() {
			continue
		}
		if !ok || c.Start.Before(start) {
			start, ok = c.Start, true
		}
		if c.End.IsZero() {
			open = true
		} else if c.End.After(end) || end.IsZero() {
			end = c.End
		}
	}
	if open {
		end = samverkan.Date{}
	}
	return start, end, ok
}
