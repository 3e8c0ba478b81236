package dcat

import "sort"

// The properties DCAT-AP-SE requires (M) and recommends (R) for the
// classes the catalogue uses, as the specification's own form templates
// state them (cardinality min ≥ 1 is mandatory, "pref" is recommended).
//
// Source: DCAT-AP-SE 3.0.1, https://docs.dataportal.se/dcat/en/ (published
// 2024-11-25 by Myndigheten för digital förvaltning), read from the
// specification's repository github.com/diggsweden/DCAT-AP-SE, files
// templates/<class>/* (commit 6b5124b). The properties marked (AP) are
// mandatory in DCAT-AP 2.x/3 itself as well (SEMIC, DCAT-AP 2.0.1 §4 and
// DCAT-AP 3.0 "Catalogue", "Dataset", "Distribution", "Agent"); the others
// are Swedish additions.
//
//	class                 property              level  note
//	dcat:Catalog          dct:title             M (AP) per language
//	dcat:Catalog          dct:description       M (AP)
//	dcat:Catalog          dct:publisher         M (AP) exactly one foaf:Agent
//	dcat:Catalog          dct:license           M      exactly one
//	dcat:Catalog          dcat:dataset          M      (0..n in DCAT-AP 3, 1..n here)
//	dcat:Catalog          dct:issued            R
//	dcat:Catalog          dct:modified          R
//	dcat:Catalog          dct:language          R
//	dcat:Catalog          foaf:homepage         R
//	dcat:Catalog          dct:spatial           R
//	dcat:Catalog          dcat:themeTaxonomy    R
//	dcat:Dataset          dct:title             M (AP)
//	dcat:Dataset          dct:description       M (AP)
//	dcat:Dataset          dct:publisher         M      exactly one
//	dcat:Dataset          dcat:contactPoint     R
//	dcat:Dataset          dcat:keyword          R
//	dcat:Dataset          dcat:theme            R      EU data-theme vocabulary
//	dcat:Dataset          dct:issued            R
//	dcat:Dataset          dct:conformsTo        R
//	dcat:Dataset          dct:spatial           R
//	dcat:Dataset          dct:temporal          R
//	dcat:Dataset          dct:accessRights      R
//	dcat:Distribution     dcat:accessURL        M (AP) exactly one
//	dcat:Distribution     dct:format            M      exactly one; a media type literal
//	dcat:Distribution     dct:description       R
//	dcat:Distribution     dct:license           R
//	dcat:Distribution     dcatap:availability   R
//	foaf:Agent            foaf:name             M (AP)
//	foaf:Agent            dct:type              M      ADMS publisher type
//	vcard:Organization    vcard:fn              M      the contact point
//	vcard:Organization    vcard:hasEmail        M      a function's address, never a person's
//	vcard:Organization    vcard:hasTelephone    R
//	vcard:Organization    vcard:hasAddress      R
//
// (The contact point is a vcard:Kind, either vcard:Organization or
// vcard:Individual; the catalogue always uses vcard:Organization, and the
// rule applies to both.)

// Level is how strongly the profile asks for a property.
type Level string

// Levels.
const (
	Mandatory   Level = "mandatory"
	Recommended Level = "recommended"
)

// Rule is one row of the table above.
type Rule struct {
	Class    string
	Property string
	Level    Level
}

// Rules is the table above, as data.
var Rules = []Rule{
	{NSDCAT + "Catalog", NSDCT + "title", Mandatory},
	{NSDCAT + "Catalog", NSDCT + "description", Mandatory},
	{NSDCAT + "Catalog", NSDCT + "publisher", Mandatory},
	{NSDCAT + "Catalog", NSDCT + "license", Mandatory},
	{NSDCAT + "Catalog", NSDCAT + "dataset", Mandatory},
	{NSDCAT + "Catalog", NSDCT + "issued", Recommended},
	{NSDCAT + "Catalog", NSDCT + "modified", Recommended},
	{NSDCAT + "Catalog", NSDCT + "language", Recommended},
	{NSDCAT + "Catalog", NSFOAF + "homepage", Recommended},
	{NSDCAT + "Catalog", NSDCT + "spatial", Recommended},
	{NSDCAT + "Catalog", NSDCAT + "themeTaxonomy", Recommended},
	{NSDCAT + "Dataset", NSDCT + "title", Mandatory},
	{NSDCAT + "Dataset", NSDCT + "description", Mandatory},
	{NSDCAT + "Dataset", NSDCT + "publisher", Mandatory},
	{NSDCAT + "Dataset", NSDCAT + "contactPoint", Recommended},
	{NSDCAT + "Dataset", NSDCAT + "keyword", Recommended},
	{NSDCAT + "Dataset", NSDCAT + "theme", Recommended},
	{NSDCAT + "Dataset", NSDCT + "issued", Recommended},
	{NSDCAT + "Dataset", NSDCT + "conformsTo", Recommended},
	{NSDCAT + "Dataset", NSDCT + "spatial", Recommended},
	{NSDCAT + "Dataset", NSDCT + "temporal", Recommended},
	{NSDCAT + "Dataset", NSDCT + "accessRights", Recommended},
	{NSDCAT + "Distribution", NSDCAT + "accessURL", Mandatory},
	{NSDCAT + "Distribution", NSDCT + "format", Mandatory},
	{NSDCAT + "Distribution", NSDCT + "description", Recommended},
	{NSDCAT + "Distribution", NSDCT + "license", Recommended},
	{NSDCAT + "Distribution", NSDCATAP + "availability", Recommended},
	{NSFOAF + "Agent", NSFOAF + "name", Mandatory},
	{NSFOAF + "Agent", NSDCT + "type", Mandatory},
	{NSVCARD + "Organization", NSVCARD + "fn", Mandatory},
	{NSVCARD + "Organization", NSVCARD + "hasEmail", Mandatory},
	{NSVCARD + "Individual", NSVCARD + "fn", Mandatory},
	{NSVCARD + "Individual", NSVCARD + "hasEmail", Mandatory},
	{NSVCARD + "Organization", NSVCARD + "hasTelephone", Recommended},
	{NSVCARD + "Organization", NSVCARD + "hasAddress", Recommended},
}

// Missing is a property a node lacks; Subject is empty when a required
// node (the catalogue itself) is missing.
type Missing struct {
	Class    string
	Subject  string
	Property string
}

// MissingMandatory returns the mandatory properties the graph lacks, per
// node, and a missing dcat:Catalog; nil when the graph meets the profile's
// mandatory level. It also checks the references the mandatory properties
// make: a publisher must be typed foaf:Agent, a dataset listed by the
// catalogue and a distribution must be typed, so their own rules apply.
func MissingMandatory(g *Graph) []Missing { return missing(g, Mandatory) }

// MissingRecommended is MissingMandatory for the recommended properties.
func MissingRecommended(g *Graph) []Missing { return missing(g, Recommended) }

func missing(g *Graph, level Level) []Missing {
	var out []Missing
	if level == Mandatory {
		if len(g.SubjectsOfType(NSDCAT+"Catalog")) == 0 {
			out = append(out, Missing{Class: NSDCAT + "Catalog", Property: RDFType})
		}
		// Referenced nodes must carry the type their rules hang on.
		refs := []struct{ class, prop, target string }{
			{NSDCAT + "Catalog", NSDCT + "publisher", NSFOAF + "Agent"},
			{NSDCAT + "Dataset", NSDCT + "publisher", NSFOAF + "Agent"},
			{NSDCAT + "Catalog", NSDCAT + "dataset", NSDCAT + "Dataset"},
			{NSDCAT + "Dataset", NSDCAT + "distribution", NSDCAT + "Distribution"},
		}
		for _, r := range refs {
			typed := map[string]bool{}
			for _, s := range g.SubjectsOfType(r.target) {
				typed[s] = true
			}
			for _, s := range g.SubjectsOfType(r.class) {
				for _, o := range g.Objects(s, r.prop) {
					if o.Kind != KindIRI || !typed[o.Value] {
						out = append(out, Missing{Class: r.target, Subject: o.Value, Property: RDFType})
					}
				}
			}
		}
	}
	for _, rule := range Rules {
		if rule.Level != level {
			continue
		}
		for _, s := range g.SubjectsOfType(rule.Class) {
			if len(g.Objects(s, rule.Property)) == 0 {
				out = append(out, Missing{Class: rule.Class, Subject: s, Property: rule.Property})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		return a.Property < b.Property
	})
	return out
}
