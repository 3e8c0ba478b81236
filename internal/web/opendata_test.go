package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knakk/rdf"
	"github.com/piprate/json-gold/ld"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
)

// The open data's settings in the tests: a function and its mailbox.
var testSettings = opendata.Settings{PublisherName: "Samverkanskansliet (exempel)", PublisherURL: "https://samverkan.example.se",
	ContactName: "Samverkanskansliet", ContactEmail: "oppnadata@example.se"}

func setOpenData(t *testing.T, e *env, s opendata.Settings) {
	t.Helper()
	cur, err := e.db.OpenDataSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.Version = cur.Version
	if err := e.db.SaveOpenDataSettings(samverkan.WithActor(context.Background(), "test"), &s); err != nil {
		t.Fatal(err)
	}
}

// openMatrixCases are the route × role matrix's cases of issue 17's pages.
func openMatrixCases(t *testing.T, a *authEnv) map[string]matrixCase {
	setOpenData(t, a.env, testSettings)
	it := strconv.FormatInt(a.it.ID, 10)
	return map[string]matrixCase{
		"GET /oppna-data":               {"public", "/oppna-data", nil},
		"GET /oppna-data/schema":        {"public", "/oppna-data/schema", nil},
		"GET /oppna-data/katalog":       {"public", "/oppna-data/katalog", nil},
		"GET /oppna-data/installningar": {"admin", "/oppna-data/installningar", nil},
		// A stale version: refused without a write.
		"POST /oppna-data/installningar": {"admin", "/oppna-data/installningar", url.Values{"version": {"0"}, "licence": {opendata.CC0}}},
		"GET /oppna-data/{file}":         {"public", "/oppna-data/samverkan.json", nil},
		"GET /nationellt":                {"public", "/nationellt", nil},
		"POST /samverkan/{id}/arkiv":     {"admin", "/samverkan/" + it + "/arkiv", url.Values{}},
		"POST /natverk/{slug}/arkiv":     {"admin", "/natverk/ggvv/arkiv", url.Values{}},
		"GET /om":                        {"public", "/om", nil},
		"GET /tillganglighet":            {"public", "/tillganglighet", nil},
		"GET /personuppgifter":           {"public", "/personuppgifter", nil},
		"GET /hjalp":                     {"public", "/hjalp", nil},
	}
}

// get fetches path anonymously with extra headers.
func (e *env) getWith(path string, header map[string]string) response {
	e.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return e.do(req)
}

// Acceptance 1b: the JSON and every CSV, as served over the demo data,
// validate against the schemas the instance publishes (the JSON Schema
// with a real validator, the CSVs against the Table Schemas), and hold no
// personal data and no record that is not public.
func TestOpenDataValidatesAgainstPublishedSchema(t *testing.T) {
	a := newAuthEnv(t)
	e := a.env
	ctx := context.Background()
	// A record that is not public, with a contact person: neither may show.
	secret := e.mustCreate(&samverkan.Collaboration{Title: "Hemlig samverkan (exempel)", LegalForm: "avtalssamverkan",
		Status: samverkan.StatusRunning, Participants: []samverkan.Participant{{Code: heby, Role: samverkan.RoleMember}, {Code: "0360", Role: samverkan.RoleMember}}})
	c, err := e.db.CollaborationByID(ctx, a.it.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Contacts = append(c.Contacts, samverkan.Contact{Function: "IT-chef", Name: "Exempel Personsson", Email: "exempel.personsson@example.se", Phone: "010-123 45 67"})
	if err := e.db.UpdateCollaboration(ctx, c); err != nil {
		t.Fatal(err)
	}

	doc := e.get("/oppna-data/samverkan.json")
	if doc.Code != http.StatusOK || !strings.HasPrefix(doc.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("samverkan.json = %d %s", doc.Code, doc.Header.Get("Content-Type"))
	}
	schema := e.get("/oppna-data/schema")
	if schema.Code != http.StatusOK {
		t.Fatalf("schema = %d", schema.Code)
	}
	if alias := e.get("/oppna-data/schema.json"); alias.Body != schema.Body {
		t.Error("/oppna-data/schema.json differs from /oppna-data/schema")
	}
	sch := compileSchema(t, schema.Body)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc.Body))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("samverkan.json does not validate against /oppna-data/schema: %v", err)
	}
	// The validator can fail: a collaboration without its id does not pass.
	var broken map[string]any
	json.Unmarshal([]byte(doc.Body), &broken)
	delete(broken["collaborations"].([]any)[0].(map[string]any), "id")
	if err := sch.Validate(broken); err == nil {
		t.Error("a collaboration without id validates")
	}

	var ds opendata.Dataset
	if err := json.Unmarshal([]byte(doc.Body), &ds); err != nil {
		t.Fatal(err)
	}
	if len(ds.Networks) != 5 || len(ds.Collaborations) == 0 {
		t.Errorf("%d networks, %d collaborations", len(ds.Networks), len(ds.Collaborations))
	}
	if ds.Licence != opendata.CC0 {
		t.Errorf("default licence %q, want CC0", ds.Licence)
	}

	pkg := e.get("/oppna-data/datapackage.json")
	if pkg.Code != http.StatusOK {
		t.Fatalf("datapackage.json = %d", pkg.Code)
	}
	files := map[string][]byte{}
	all := doc.Body
	for _, tb := range opendata.Tables {
		res := e.get("/oppna-data/" + tb.CSVName())
		if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s = %d %s", tb.CSVName(), res.Code, res.Header.Get("Content-Type"))
		}
		files[tb.CSVName()] = []byte(res.Body)
		all += res.Body
	}
	for _, p := range checkPackage(t, []byte(pkg.Body), files) {
		t.Error(p)
	}
	// The checker can fail: a participant's role that is not in the enum.
	bad := map[string][]byte{}
	for k, v := range files {
		bad[k] = v
	}
	bad["participants.csv"] = bytes.Replace(files["participants.csv"], []byte(",medlem,"), []byte(",chef,"), 1)
	if len(checkPackage(t, []byte(pkg.Body), bad)) == 0 {
		t.Error("a participant with the role \"chef\" passes the table schema")
	}

	for _, never := range []string{"Exempel Personsson", "exempel.personsson", "010-123 45 67", secret.Title,
		roleUsers[roleAdmin].Email, roleUsers[roleCoord].Email} {
		if strings.Contains(all, never) {
			t.Errorf("the open data contain %q", never)
		}
	}
	if e.get("/oppna-data/finns-inte.csv").Code != http.StatusNotFound || e.get("/oppna-data/x.txt").Code != http.StatusNotFound {
		t.Error("an unknown file is not 404")
	}
}

func compileSchema(t *testing.T, body string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := doc.(map[string]any)["$id"].(string)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// checkPackage checks CSV files against a Frictionless data package's
// Table Schemas: header, required, enum, pattern, length, type, range and
// foreign keys. It returns the problems.
func checkPackage(t *testing.T, pkg []byte, files map[string][]byte) []string {
	t.Helper()
	var dp struct {
		Resources []struct {
			Name, Path string
			Schema     struct {
				Fields []struct {
					Name, Type  string
					Constraints struct {
						Required  bool
						Enum      []string
						Pattern   string
						MaxLength int
						Minimum   *float64
						Maximum   *float64
					}
				}
				ForeignKeys []struct {
					Fields    []string
					Reference struct {
						Resource string
						Fields   []string
					}
				}
			}
		}
	}
	if err := json.Unmarshal(pkg, &dp); err != nil {
		t.Fatal(err)
	}
	var problems []string
	values := map[string]map[string]bool{}
	for _, r := range dp.Resources {
		file := path.Base(r.Path)
		rows, err := csv.NewReader(bytes.NewReader(files[file])).ReadAll()
		if err != nil || len(rows) == 0 {
			problems = append(problems, file+": not CSV")
			continue
		}
		var header []string
		for _, f := range r.Schema.Fields {
			header = append(header, f.Name)
		}
		if !reflect.DeepEqual(rows[0], header) {
			problems = append(problems, file+": header "+strings.Join(rows[0], ","))
			continue
		}
		for i, f := range r.Schema.Fields {
			key := r.Name + "." + f.Name
			values[key] = map[string]bool{}
			var re *regexp.Regexp
			if f.Constraints.Pattern != "" {
				re = regexp.MustCompile("^(?:" + f.Constraints.Pattern + ")$")
			}
			for n, row := range rows[1:] {
				v := row[i]
				values[key][v] = true
				where := file + " row " + strconv.Itoa(n+2) + " " + f.Name + "=" + strconv.Quote(v)
				if v == "" {
					if f.Constraints.Required {
						problems = append(problems, where+": required")
					}
					continue
				}
				if f.Constraints.Enum != nil && !slicesContains(f.Constraints.Enum, v) {
					problems = append(problems, where+": not in enum")
				}
				if re != nil && !re.MatchString(v) {
					problems = append(problems, where+": does not match "+f.Constraints.Pattern)
				}
				if f.Constraints.MaxLength > 0 && len([]rune(v)) > f.Constraints.MaxLength {
					problems = append(problems, where+": too long")
				}
				var num float64
				var err error
				switch f.Type {
				case "integer":
					var n int64
					n, err = strconv.ParseInt(v, 10, 64)
					num = float64(n)
				case "number":
					num, err = strconv.ParseFloat(v, 64)
				case "date":
					_, err = time.Parse("2006-01-02", v)
				case "datetime":
					_, err = time.Parse(time.RFC3339, v)
				case "boolean":
					_, err = strconv.ParseBool(v)
				}
				if err != nil {
					problems = append(problems, where+": not a "+f.Type)
				}
				if c := f.Constraints; (c.Minimum != nil && num < *c.Minimum) || (c.Maximum != nil && num > *c.Maximum) {
					problems = append(problems, where+": out of range")
				}
			}
		}
	}
	for _, r := range dp.Resources {
		for _, fk := range r.Schema.ForeignKeys {
			for v := range values[r.Name+"."+fk.Fields[0]] {
				if v != "" && !values[fk.Reference.Resource+"."+fk.Reference.Fields[0]][v] {
					problems = append(problems, r.Path+": "+fk.Fields[0]+"="+v+" refers to nothing")
				}
			}
		}
	}
	return problems
}

func slicesContains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// Harvesters poll cheaply: the same ETag or an unchanged Last-Modified
// gives 304 without a body; a change gives new validators.
func TestOpenDataConditionalGet(t *testing.T) {
	e := newEnv(t)
	for _, file := range []string{"/oppna-data/samverkan.json", "/oppna-data/collaborations.csv"} {
		first := e.get(file)
		tag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
		if first.Code != http.StatusOK || tag == "" || lm == "" {
			t.Fatalf("%s = %d, ETag %q, Last-Modified %q", file, first.Code, tag, lm)
		}
		if res := e.getWith(file, map[string]string{"If-None-Match": tag}); res.Code != http.StatusNotModified || res.Body != "" {
			t.Errorf("%s If-None-Match = %d (%d bytes), want 304 without body", file, res.Code, len(res.Body))
		}
		if res := e.getWith(file, map[string]string{"If-None-Match": `"other"`}); res.Code != http.StatusOK {
			t.Errorf("%s with another ETag = %d, want 200", file, res.Code)
		}
		if res := e.getWith(file, map[string]string{"If-Modified-Since": lm}); res.Code != http.StatusNotModified {
			t.Errorf("%s If-Modified-Since = %d, want 304", file, res.Code)
		}
		lmt, _ := http.ParseTime(lm)
		if res := e.getWith(file, map[string]string{"If-Modified-Since": lmt.Add(-time.Hour).Format(http.TimeFormat)}); res.Code != http.StatusOK {
			t.Errorf("%s modified since an hour before = %d, want 200", file, res.Code)
		}
	}
	before := e.get("/oppna-data/samverkan.json").Header.Get("ETag")
	time.Sleep(1100 * time.Millisecond) // Last-Modified has whole seconds
	c := e.mustCreate(&samverkan.Collaboration{Title: "Ny offentlig samverkan (exempel)", LegalForm: "avtalssamverkan", Public: true,
		Status: samverkan.StatusRunning, Networks: []string{"ggvv"},
		Participants: []samverkan.Participant{{Code: "0662", Role: samverkan.RoleMember}, {Code: "0617", Role: samverkan.RoleMember}}})
	// Republished in the background: polled until the ETag moves.
	after := e.published("/oppna-data/samverkan.json", map[string]string{"If-None-Match": before}, func(r response) bool {
		return r.Code != http.StatusNotModified
	})
	if after.Code != http.StatusOK || after.Header.Get("ETag") == before || !strings.Contains(after.Body, c.Title) {
		t.Errorf("after a change: %d, ETag %q (before %q)", after.Code, after.Header.Get("ETag"), before)
	}
}

// published polls path until ok says the answer comes from the wanted
// publication: after a write the open data are republished in the
// background and the previous publication is served until then.
func (e *env) published(path string, header map[string]string, ok func(response) bool) response {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res := e.getWith(path, header)
		if ok(res) {
			return res
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s was not republished within 30 s: %d %.300s", path, res.Code, res.Body)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The administrator chooses the licence; the choice is stored, audited,
// and published; a stale form is refused; a bad licence is explained.
func TestOpenDataLicenceSetting(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	if res := a.request(roleAdmin, "GET", "/oppna-data/installningar", nil); res.Code != http.StatusOK || !strings.Contains(res.Body, "CC0") {
		t.Fatalf("settings page = %d", res.Code)
	}
	form := url.Values{"version": {"1"}, "licence": {opendata.CCBY}, "publisher_name": {"Samverkanskansliet (exempel)"},
		"contact_name": {"Samverkanskansliet"}, "contact_email": {"oppnadata@example.se"}}
	if res := a.request(roleAdmin, "POST", "/oppna-data/installningar", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %s", res.Code, res.Body)
	}
	var ds opendata.Dataset
	e := a.env
	e.published("/oppna-data/samverkan.json", nil, func(r response) bool {
		ds = opendata.Dataset{}
		return json.Unmarshal([]byte(r.Body), &ds) == nil && ds.Licence == opendata.CCBY
	})
	if ds.Licence != opendata.CCBY || ds.Publisher.Name != "Samverkanskansliet (exempel)" {
		t.Errorf("licence %q, publisher %q", ds.Licence, ds.Publisher.Name)
	}
	evs, err := a.db.AuditEvents(ctx, "settings", "opendata")
	if err != nil || len(evs) != 1 || evs[0].Actor != roleUsers[roleAdmin].Email || !strings.Contains(evs[0].After, opendata.CCBY) {
		t.Errorf("audit = %+v, %v", evs, err)
	}
	// The same version again is stale: 412 and nothing written.
	form.Set("licence", opendata.CC0)
	if res := a.request(roleAdmin, "POST", "/oppna-data/installningar", form); res.Code != http.StatusPreconditionFailed {
		t.Errorf("stale save = %d, want 412", res.Code)
	}
	form.Set("version", "2")
	form.Set("licence", "https://example.se/egen-licens")
	form.Set("contact_email", "Kansliet <a@b.se>")
	res := a.request(roleAdmin, "POST", "/oppna-data/installningar", form)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Välj en av licenserna") || !strings.Contains(res.Body, "inte en person") {
		t.Errorf("bad settings = %d", res.Code)
	}
	if evs, _ := a.db.AuditEvents(ctx, "settings", "opendata"); len(evs) != 1 {
		t.Errorf("%d audit events after refused saves, want 1", len(evs))
	}
}

// mandatoryDCATAPSE is the test's own list of what DCAT-AP-SE requires,
// per class, written from the specification rather than from package
// dcat. Source: DCAT-AP-SE 3.0.1 (Myndigheten för digital förvaltning,
// https://docs.dataportal.se/dcat/en/), mandatory properties ("Obligatorisk",
// min cardinality 1) of Katalog, Datamängd, Distribution, Aktör and
// Organisation (kontaktuppgift).
var mandatoryDCATAPSE = []struct{ class, property, source string }{
	{"http://www.w3.org/ns/dcat#Catalog", "http://purl.org/dc/terms/title", "DCAT-AP-SE 3.0.1 Katalog: titel"},
	{"http://www.w3.org/ns/dcat#Catalog", "http://purl.org/dc/terms/description", "Katalog: beskrivning"},
	{"http://www.w3.org/ns/dcat#Catalog", "http://purl.org/dc/terms/publisher", "Katalog: utgivare"},
	{"http://www.w3.org/ns/dcat#Catalog", "http://purl.org/dc/terms/license", "Katalog: licens"},
	{"http://www.w3.org/ns/dcat#Catalog", "http://www.w3.org/ns/dcat#dataset", "Katalog: datamängd"},
	{"http://www.w3.org/ns/dcat#Dataset", "http://purl.org/dc/terms/title", "Datamängd: titel"},
	{"http://www.w3.org/ns/dcat#Dataset", "http://purl.org/dc/terms/description", "Datamängd: beskrivning"},
	{"http://www.w3.org/ns/dcat#Dataset", "http://purl.org/dc/terms/publisher", "Datamängd: utgivare"},
	{"http://www.w3.org/ns/dcat#Distribution", "http://www.w3.org/ns/dcat#accessURL", "Distribution: åtkomstadress"},
	{"http://www.w3.org/ns/dcat#Distribution", "http://purl.org/dc/terms/format", "Distribution: format"},
	{"http://xmlns.com/foaf/0.1/Agent", "http://xmlns.com/foaf/0.1/name", "Aktör: namn"},
	{"http://xmlns.com/foaf/0.1/Agent", "http://purl.org/dc/terms/type", "Aktör: typ"},
	{"http://www.w3.org/2006/vcard/ns#Organization", "http://www.w3.org/2006/vcard/ns#fn", "Organisation: namn"},
	{"http://www.w3.org/2006/vcard/ns#Organization", "http://www.w3.org/2006/vcard/ns#hasEmail", "Organisation: e-post"},
}

const rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

type triples map[string]map[string][]string // subject → predicate → objects

func (g triples) add(s, p, o string) {
	if g[s] == nil {
		g[s] = map[string][]string{}
	}
	g[s][p] = append(g[s][p], o)
}

func (g triples) ofType(class string) []string {
	var out []string
	for s, ps := range g {
		if slicesContains(ps[rdfType], class) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func parseTurtle(t *testing.T, body string) triples {
	t.Helper()
	ts, err := rdf.NewTripleDecoder(strings.NewReader(body), rdf.Turtle).DecodeAll()
	if err != nil {
		t.Fatalf("Turtle does not parse: %v", err)
	}
	g := triples{}
	for _, tr := range ts {
		g.add(tr.Subj.String(), tr.Pred.String(), tr.Obj.String())
	}
	return g
}

func parseJSONLD(t *testing.T, body string) triples {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	opts := ld.NewJsonLdOptions("")
	res, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("JSON-LD to RDF: %v", err)
	}
	g := triples{}
	for _, q := range res.(*ld.RDFDataset).Graphs["@default"] {
		g.add(q.Subject.GetValue(), q.Predicate.GetValue(), q.Object.GetValue())
	}
	return g
}

// Acceptance 1a: the catalogue, served in Turtle and JSON-LD by content
// negotiation and by ?format=, parses with two RDF libraries and has every
// mandatory DCAT-AP-SE property; the distributions point at the files the
// instance serves; the contact point is the function, the spatial coverage
// the member municipalities.
func TestCatalogueDCATAPSE(t *testing.T) {
	e := newAuthEnv(t).env
	if res := e.get("/oppna-data/katalog"); res.Code != http.StatusServiceUnavailable {
		t.Errorf("catalogue without a contact point = %d, want 503", res.Code)
	}
	setOpenData(t, e, testSettings)
	// The catalogue appears with the next publication.
	e.published("/oppna-data/katalog", nil, func(r response) bool { return r.Code != http.StatusServiceUnavailable })
	cases := []struct {
		name, path, accept, media string
		parse                     func(*testing.T, string) triples
	}{
		{"accept turtle", "/oppna-data/katalog", "text/turtle", "text/turtle", parseTurtle},
		{"accept json-ld", "/oppna-data/katalog", "application/ld+json", "application/ld+json", parseJSONLD},
		{"no accept", "/oppna-data/katalog", "", "text/turtle", parseTurtle},
		{"format ttl", "/oppna-data/katalog?format=ttl", "application/ld+json", "text/turtle", parseTurtle},
		{"format jsonld", "/oppna-data/katalog?format=jsonld", "", "application/ld+json", parseJSONLD},
	}
	var graphs []triples
	for _, c := range cases {
		res := e.getWith(c.path, map[string]string{"Accept": c.accept})
		if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), c.media) {
			t.Fatalf("%s: %d %s", c.name, res.Code, res.Header.Get("Content-Type"))
		}
		g := c.parse(t, res.Body)
		graphs = append(graphs, g)
		for _, m := range mandatoryDCATAPSE {
			subjects := g.ofType(m.class)
			if len(subjects) == 0 {
				t.Errorf("%s: no %s in the catalogue (%s)", c.name, m.class, m.source)
			}
			for _, s := range subjects {
				if len(g[s][m.property]) == 0 {
					t.Errorf("%s: %s %s lacks %s (%s)", c.name, m.class, s, m.property, m.source)
				}
			}
		}
	}
	if !reflect.DeepEqual(graphs[0], graphs[1]) {
		t.Error("Turtle and JSON-LD give different graphs")
	}
	g := graphs[0]
	downloads := map[string]bool{}
	for _, d := range g.ofType("http://www.w3.org/ns/dcat#Distribution") {
		for _, u := range g[d]["http://www.w3.org/ns/dcat#downloadURL"] {
			downloads[u] = true
			p := strings.TrimPrefix(u, "http://example.com")
			if res := e.get(p); res.Code != http.StatusOK {
				t.Errorf("downloadURL %s = %d", u, res.Code)
			}
		}
	}
	if !downloads["http://example.com/oppna-data/samverkan.json"] || !downloads["http://example.com/oppna-data/collaborations.csv"] {
		t.Errorf("download URLs %v", downloads)
	}
	var emails []string
	for _, o := range g.ofType("http://www.w3.org/2006/vcard/ns#Organization") {
		emails = append(emails, g[o]["http://www.w3.org/2006/vcard/ns#hasEmail"]...)
	}
	if len(emails) != 1 || emails[0] != "mailto:oppnadata@example.se" {
		t.Errorf("contact e-mail %v", emails)
	}
	ds := g.ofType("http://www.w3.org/ns/dcat#Dataset")
	spatial := strings.Join(g[ds[0]]["http://purl.org/dc/terms/spatial"], " ")
	for _, code := range []string{"0662", "0617", "0665", "0683"} { // GGVV's members
		if !strings.Contains(spatial, "kommun-"+code) {
			t.Errorf("spatial coverage lacks %s: %s", code, spatial)
		}
	}
	if len(g[ds[0]]["http://purl.org/dc/terms/temporal"]) == 0 || len(g[ds[0]]["http://www.w3.org/ns/dcat#theme"]) == 0 {
		t.Error("no temporal coverage or theme")
	}
	if res := e.get("/oppna-data/katalog?format=rdfxml"); res.Code != http.StatusBadRequest {
		t.Errorf("unknown format = %d, want 400", res.Code)
	}
}
