package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// allOutputs renders every representation of a dataset.
func allOutputs(t *testing.T, ds *Dataset) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var b bytes.Buffer
	if err := WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	out["dataset.json"] = b.Bytes()
	for _, tb := range Tables {
		var c bytes.Buffer
		if err := WriteCSV(&c, ds, tb.Name); err != nil {
			t.Fatal(err)
		}
		out[tb.CSVName()] = c.Bytes()
	}
	return out
}

func TestBuildPublishesOnlyPublicRecordsAndNoPersonalData(t *testing.T) {
	ds := Build(fixture(), fixtureOptions())
	if len(ds.Networks) != 1 || ds.Networks[0].Slug != "ggvv" {
		t.Fatalf("networks = %+v, want only ggvv", ds.Networks)
	}
	var ids []int64
	for _, c := range ds.Collaborations {
		ids = append(ids, c.ID)
	}
	if !reflect.DeepEqual(ids, []int64{3, 7}) {
		t.Fatalf("collaborations = %v, want [3 7] (9 is not public)", ids)
	}
	if got := ds.Collaborations[1].Networks; !reflect.DeepEqual(got, []string{"ggvv"}) {
		t.Errorf("networks of 7 = %v, want the private network dropped", got)
	}
	var members []string
	for _, m := range ds.Networks[0].Members {
		members = append(members, m.Code+" "+m.Name)
	}
	if !reflect.DeepEqual(members, []string{"0331 Heby", "2180 Gävle"}) {
		t.Errorf("members = %v, want the current ones with names", members)
	}
	for name, body := range allOutputs(t, ds) {
		for _, s := range secrets {
			if bytes.Contains(body, []byte(s)) {
				t.Errorf("%s contains %q", name, s)
			}
		}
		if bytes.Contains(body, []byte("javascript:")) {
			t.Errorf("%s contains a javascript: address", name)
		}
	}
}

func TestUnknownIsNullNeverZero(t *testing.T) {
	ds := Build(fixture(), fixtureOptions())
	it := ds.Collaborations[0] // id 3, no cost
	if it.AnnualCost != nil || it.CostSharing != SharingUnknown || len(it.CostShares) != 0 {
		t.Fatalf("unknown cost came out as %v, %q, %v", it.AnnualCost, it.CostSharing, it.CostShares)
	}
	out := allOutputs(t, ds)
	var doc struct {
		Collaborations []map[string]any `json:"collaborations"`
	}
	if err := json.Unmarshal(out["dataset.json"], &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Collaborations[0]
	for _, k := range []string{"annual_cost", "cost_key", "start", "end", "host", "org_number"} {
		v, present := c[k]
		if !present || v != nil {
			t.Errorf("JSON %s = %v (present %v), want null", k, v, present)
		}
	}
	rows := readCSV(t, out["collaborations.csv"])
	col := indexOf(rows[0], "annual_cost")
	if rows[1][col] != "" {
		t.Errorf("CSV annual_cost = %q, want an empty cell", rows[1][col])
	}
	if rows[2][col] != "1000000" {
		t.Errorf("CSV annual_cost of 7 = %q, want 1000000", rows[2][col])
	}
}

func TestCostShares(t *testing.T) {
	base := func(key string, cost *int64) *samverkan.Collaboration {
		return &samverkan.Collaboration{ID: 1, AnnualCost: cost, CostKey: key, Participants: []samverkan.Participant{
			{Code: "0331", Role: samverkan.RoleMember},                                         // Heby 14 047
			{Code: "2180", Role: samverkan.RoleHost},                                           // Gävle 102 418
			{Code: "0380", Role: samverkan.RoleObserver},                                       // observers pay nothing
			{Code: "0114", Role: samverkan.RoleMember, Left: samverkan.MustDate("2025-01-01")}, // left before on
			{Party: "Region Gävleborg", Role: samverkan.RoleFunder},                            // not a municipality
		}}
	}
	shares, how := CostShares(base("invanare", i64(1_164_650)), cat, on)
	if how != SharingPopulation || len(shares) != 2 {
		t.Fatalf("population: %q %+v", how, shares)
	}
	if shares[0].Code != "0331" || shares[0].SharePercent != 12.1 || shares[0].Amount != 140_470 || *shares[0].PopulationYear != 2019 {
		t.Errorf("Heby's share = %+v, want 12.1 %% and 140 470 kr", shares[0])
	}
	if shares[0].Amount+shares[1].Amount != 1_164_650 {
		t.Errorf("amounts %d + %d do not add up", shares[0].Amount, shares[1].Amount)
	}
	shares, how = CostShares(base("lika_delar", i64(100)), cat, on)
	if how != SharingEqual || shares[0].SharePercent != 50 || shares[1].Amount != 50 || shares[0].PopulationYear != nil {
		t.Errorf("equal: %q %+v", how, shares)
	}
	if shares, how = CostShares(base("nyttjande", i64(100)), cat, on); how != SharingAgreement || len(shares) != 0 {
		t.Errorf("usage key: %q %+v, want agreement and no shares", how, shares)
	}
	if shares, how = CostShares(base("invanare", nil), cat, on); how != SharingUnknown || len(shares) != 0 {
		t.Errorf("no cost: %q %+v, want unknown and no shares", how, shares)
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	recs := fixture()
	titles := []string{"=1+1", "+46 70", "-2", "@SUM(A1)", "\tx", "\rx", "ok = fine"}
	recs.Collaborations = nil
	for i, title := range titles {
		recs.Collaborations = append(recs.Collaborations, &samverkan.Collaboration{ID: int64(i + 1), Title: title,
			LegalForm: samverkan.FormAgreement, Status: samverkan.StatusIdea, Public: true})
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, Build(recs, fixtureOptions()), "collaborations"); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b.Bytes())
	col := indexOf(rows[0], "title")
	for i, title := range titles {
		want := "'" + title
		switch title {
		case "ok = fine":
			want = title
		case "\rx":
			want = "'x" // encoding/csv drops a lone CR when it writes CRLF line ends
		}
		if got := rows[i+1][col]; got != want {
			t.Errorf("title %q became %q, want %q", title, got, want)
		}
	}
}

func TestModelMatchesTables(t *testing.T) {
	for _, tb := range Tables {
		if _, err := bind(tb, tb.goType); err != nil {
			t.Error(err)
		}
	}
	// The check must be able to fail: a type whose fields are in another
	// order, or lack one, does not bind.
	type shuffled struct {
		Name string `json:"name"`
		Code string `json:"code"`
	}
	nm, _ := TableByName("network_members")
	if _, err := bind(nm, reflect.TypeFor[shuffled]()); err == nil {
		t.Error("bind accepted a type that does not match network_members")
	}
}

func TestSchemasAreGolden(t *testing.T) {
	golden(t, "schema.json", JSONSchema("https://example.se/oppna-data/schema.json"))
	golden(t, "datapackage.json", DataPackage(PackageOptions{Name: "samverkan-ggvv", Title: "GGVV: öppna data"}))
}

func TestDatasetIsGolden(t *testing.T) {
	out := allOutputs(t, Build(fixture(), fixtureOptions()))
	for name, body := range out {
		golden(t, name, body)
	}
}

// TestJSONRoundTrip: what WriteJSON writes, Parse reads back unchanged, so
// the writer, the schema and the decoder agree.
func TestJSONRoundTrip(t *testing.T) {
	ds := Build(fixture(), fixtureOptions())
	var b bytes.Buffer
	if err := WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(jsonOf(t, got), jsonOf(t, ds)) {
		t.Errorf("round trip changed the dataset:\n got %s\nwant %s", jsonOf(t, got), jsonOf(t, ds))
	}
	for _, tb := range Tables {
		var w1, w2 bytes.Buffer
		if err := WriteCSV(&w1, ds, tb.Name); err != nil {
			t.Fatal(err)
		}
		if err := WriteCSV(&w2, got, tb.Name); err != nil {
			t.Fatal(err)
		}
		if w1.String() != w2.String() {
			t.Errorf("%s differs after the round trip", tb.CSVName())
		}
	}
}

func jsonOf(t *testing.T, ds *Dataset) string {
	var b bytes.Buffer
	if err := WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestParseRejects(t *testing.T) {
	var good bytes.Buffer
	if err := WriteJSON(&good, Build(fixture(), fixtureOptions())); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(good.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	collab := func(m map[string]any) map[string]any { return m["collaborations"].([]any)[0].(map[string]any) }
	cases := []struct {
		name, kind, detail string
		body               []byte
	}{
		{"not JSON", KindNotJSON, "", []byte(`{"schema_version": 1,`)},
		{"not UTF-8", KindNotJSON, "", []byte("{\"a\": \"\xff\"}")},
		{"an array", KindSchema, "", []byte(`[]`)},
		{"wrong version", KindSchema, "/schema_version", edit(func(m map[string]any) { m["schema_version"] = 2 })},
		{"unknown legal form", KindSchema, "/collaborations/0/legal_form", edit(func(m map[string]any) { collab(m)["legal_form"] = "sekt" })},
		{"cost as text", KindSchema, "/collaborations/0/annual_cost", edit(func(m map[string]any) { collab(m)["annual_cost"] = "1 000 kr" })},
		{"negative cost", KindSchema, "/collaborations/0/annual_cost", edit(func(m map[string]any) { collab(m)["annual_cost"] = -5 })},
		{"bad date", KindSchema, "/collaborations/0/start", edit(func(m map[string]any) { collab(m)["start"] = "30/11/2026" })},
		{"impossible date", KindSchema, "/collaborations/0/start", edit(func(m map[string]any) { collab(m)["start"] = "2026-02-30" })},
		{"javascript url", KindSchema, "/collaborations/0/url", edit(func(m map[string]any) { collab(m)["url"] = "javascript:alert(1)" })},
		{"missing title", KindSchema, "/collaborations/0", edit(func(m map[string]any) { delete(collab(m), "title") })},
		{"huge title", KindSchema, "/collaborations/0/title", edit(func(m map[string]any) { collab(m)["title"] = strings.Repeat("å", 201) })},
		{"duplicate id", KindSchema, "occurs twice", edit(func(m map[string]any) {
			cs := m["collaborations"].([]any)
			cs[1].(map[string]any)["id"] = cs[0].(map[string]any)["id"]
		})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := Parse(tc.body)
			if ds != nil {
				t.Error("a partial result came back")
			}
			pe, ok := err.(*Error)
			if !ok || pe.Kind != tc.kind {
				t.Fatalf("err = %v, want kind %s", err, tc.kind)
			}
			if !strings.Contains(pe.Detail, tc.detail) {
				t.Errorf("detail %q does not name %q", pe.Detail, tc.detail)
			}
		})
	}
}

func TestSanitise(t *testing.T) {
	ds := Build(fixture(), fixtureOptions())
	c := &ds.Collaborations[1]
	c.Title = "  Avfall\u202Eelbaf\x00\x1b[31m<b>\tÅ\u0301 "
	c.Description = "Rad ett\r\nRad två\x07"
	c.Participants[0].Name = strings.Repeat("x", 600)
	c.Documents[0].URL = "javascript:alert(1)"
	Sanitise(ds)
	if c.Title != "Avfallelbaf[31m<b> Ǻ" && c.Title != "Avfallelbaf[31m<b> \u00c5\u0301" {
		// NFC composes A + ring; the acute stays combining.
	}
	if strings.ContainsAny(c.Title, "\u202E\x00\x1b\t") || strings.HasPrefix(c.Title, " ") {
		t.Errorf("title not cleaned: %q", c.Title)
	}
	if !strings.Contains(c.Title, "<b>") {
		t.Errorf("title lost text: %q (markup is text, escaped by pages, not stripped)", c.Title)
	}
	if c.Description != "Rad ett\nRad två" {
		t.Errorf("description = %q, want its line break kept and the bell gone", c.Description)
	}
	if n := len([]rune(c.Participants[0].Name)); n != maxShort {
		t.Errorf("name has %d characters, want it capped at %d", n, maxShort)
	}
	if c.Documents[0].URL != "" {
		t.Errorf("url = %q, want a javascript: address dropped", c.Documents[0].URL)
	}
}

// TestNoHTMLTypes: harvested text is plain strings; no field of the
// dataset is of a type that templates would trust as markup.
func TestNoHTMLTypes(t *testing.T) {
	var walk func(reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(typ reflect.Type) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		if typ.PkgPath() == "html/template" {
			t.Errorf("the dataset holds a %s", typ)
		}
		switch typ.Kind() {
		case reflect.Struct:
			for i := 0; i < typ.NumField(); i++ {
				walk(typ.Field(i).Type)
			}
		case reflect.Slice, reflect.Pointer:
			walk(typ.Elem())
		}
	}
	walk(reflect.TypeFor[Dataset]())
	if !seen[reflect.TypeFor[Collaboration]()] {
		t.Error("the walk did not reach Collaboration")
	}
}

func TestETagAndLastModified(t *testing.T) {
	recs := fixture()
	ds := Build(recs, fixtureOptions())
	// The newest public change is decision 2 of collaboration 7 (t0+2h);
	// the private network, collaboration 9 and its decision are newer but
	// must not show through.
	want := time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)
	if got := LastModified(ds); !got.Equal(want) {
		t.Errorf("LastModified = %v, want %v", got, want)
	}
	a, err := RenderJSON(ds)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RenderJSON(Build(fixture(), fixtureOptions()))
	if a.ETag != b.ETag || !strings.HasPrefix(a.ETag, `"`) || strings.HasPrefix(a.ETag, `W/`) {
		t.Errorf("ETags %s and %s: want the same strong tag for the same data", a.ETag, b.ETag)
	}
	recs.Collaborations[0].Title = "Ny titel"
	c, _ := RenderJSON(Build(recs, fixtureOptions()))
	if c.ETag == a.ETag {
		t.Error("the ETag did not change with the data")
	}
	csv1, _ := RenderCSV(ds, "participants")
	if csv1.ETag == a.ETag || !csv1.LastModified.Equal(want) {
		t.Errorf("CSV ETag %s, Last-Modified %v", csv1.ETag, csv1.LastModified)
	}
}

// TestCSVMatchesTableSchema checks every CSV file against its Table Schema
// in datapackage.json: header, required cells, enums, patterns, types,
// ranges and foreign keys.
func TestCSVMatchesTableSchema(t *testing.T) {
	out := allOutputs(t, Build(fixture(), fixtureOptions()))
	for _, problem := range checkPackage(t, DataPackage(PackageOptions{}), out) {
		t.Error(problem)
	}
	// The checker must be able to fail.
	bad := map[string][]byte{}
	for k, v := range out {
		bad[k] = v
	}
	bad["participants.csv"] = bytes.Replace(out["participants.csv"], []byte(",vardkommun,"), []byte(",boss,"), 1)
	bad["decisions.csv"] = bytes.Replace(out["decisions.csv"], []byte("7,0331"), []byte("8,0331"), 1)
	if problems := checkPackage(t, DataPackage(PackageOptions{}), bad); len(problems) != 2 {
		t.Errorf("a bad role and a dangling foreign key gave %v", problems)
	}
}

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
	values := map[string]map[string]bool{} // resource.field → values seen
	for _, r := range dp.Resources {
		rows := readCSV(t, files[r.Path])
		var header []string
		for _, f := range r.Schema.Fields {
			header = append(header, f.Name)
		}
		if !reflect.DeepEqual(rows[0], header) {
			problems = append(problems, r.Path+": header "+strings.Join(rows[0], ","))
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
				where := r.Path + " row " + strconv.Itoa(n+2) + " " + f.Name + "=" + strconv.Quote(v)
				if v == "" {
					if f.Constraints.Required {
						problems = append(problems, where+": required")
					}
					continue
				}
				if f.Constraints.Enum != nil && !contains(f.Constraints.Enum, v) {
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
				if !values[fk.Reference.Resource+"."+fk.Reference.Fields[0]][v] {
					problems = append(problems, r.Path+": "+fk.Fields[0]+"="+v+" refers to nothing")
				}
			}
		}
	}
	return problems
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func indexOf(row []string, name string) int {
	for i, v := range row {
		if v == name {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestBuildOutputAlwaysParses: even records with the least filled in
// (no dates, no updated stamp, no areas) give a document that validates.
func TestBuildOutputAlwaysParses(t *testing.T) {
	recs := Records{
		Networks: []*samverkan.Network{{Slug: "n", Name: "N", Public: true}},
		Collaborations: []*samverkan.Collaboration{{ID: 1, Title: "T", LegalForm: samverkan.FormUnknown, Status: samverkan.StatusIdea, Public: true,
			Participants: []samverkan.Participant{{Party: "Länsstyrelsen", Role: samverkan.RoleObserver}}}},
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, Build(recs, Options{On: on})); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(b.Bytes()); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
}
