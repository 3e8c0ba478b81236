package tabular_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
)

// newTestDB returns a database with the network ggvv (Gislaved, Gnosjö,
// Vaggeryd, Värnamo).
func newTestDB(tb testing.TB) *sqldb.DB {
	tb.Helper()
	db := sqldbtest.New(tb)
	sqldbtest.MustCreateNetwork(tb, db, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
	return db
}

// mustImport reads, plans and applies data, or stops the test.
func mustImport(tb testing.TB, db *sqldb.DB, data []byte) (*tabular.Plan, tabular.Result) {
	tb.Helper()
	p := mustPlan(tb, db, data)
	if !p.OK() {
		tb.Fatalf("plan has errors: %+v", p.Errors())
	}
	res, err := tabular.Apply(context.Background(), db, p)
	if err != nil {
		tb.Fatalf("Apply: %v", err)
	}
	return p, res
}

func mustPlan(tb testing.TB, db *sqldb.DB, data []byte) *tabular.Plan {
	tb.Helper()
	t, err := tabular.Read(data)
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	p, err := tabular.NewPlanner(db, db.Catalog()).Plan(context.Background(), t, tabular.Options{Network: "ggvv"})
	if err != nil {
		tb.Fatalf("Plan: %v", err)
	}
	return p
}

func collabs(tb testing.TB, db *sqldb.DB) []*samverkan.Collaboration {
	tb.Helper()
	cs, _, err := db.FindCollaborations(context.Background(), samverkan.CollaborationFilter{Network: "ggvv", Sort: "title", Limit: samverkan.MaxLimit})
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

func byTitle(tb testing.TB, db *sqldb.DB, title string) *samverkan.Collaboration {
	tb.Helper()
	for _, c := range collabs(tb, db) {
		if c.Title == title {
			return c
		}
	}
	tb.Fatalf("no collaboration %q", title)
	return nil
}

// Acceptance 1: the template, filled in by hand, imports without errors.
func TestTemplateFilledIn(t *testing.T) {
	db := newTestDB(t)
	var buf bytes.Buffer
	if err := tabular.WriteTemplate(&buf, db.Catalog()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); strings.Join(got, ",") != "Samverkan,Instruktioner,Koder" {
		t.Errorf("sheets = %v", got)
	}
	dvs, err := f.GetDataValidations("Samverkan")
	if err != nil || len(dvs) < 3 {
		t.Errorf("data validations = %d, %v; want lists for form, status and area", len(dvs), err)
	}
	header, _ := f.GetRows("Samverkan")
	if got := strings.Join(header[0], "|"); got != "Namn|Område|Samverkansform|Värdkommun|Deltagande kommuner|Externa parter|Start|Slut|Status|Avtal giltigt till|Årlig kostnad|Fördelningsnyckel|Kontaktfunktion|Beskrivning|Offentlig" {
		t.Errorf("header = %s", got)
	}
	// What a coordinator types: names from the lists, a real date cell,
	// a number cell for the cost.
	rows := [][]any{
		{"Överförmyndare i samverkan", "Övrig politisk verksamhet", "Gemensam nämnd", "Värnamo", "Gislaved, Gnosjö, Vaggeryd, Värnamo",
			"", mustTime("2015-01-01"), nil, "Igång", mustTime("2026-12-31"), 2400000, "Efter invånarantal", "Överförmyndarhandläggare",
			"Gemensam överförmyndarnämnd för GGVV.", "Ja"},
		{"SÅM avfall", "Miljö, hälsa och hållbar utveckling", "Kommunalförbund med förbundsdirektion", "Gislaved", "Gislaved; Gnosjö; Vaggeryd; Värnamo",
			"Region Jönköpings län", "2010-01-01", "", "Igång", "", "12 000 000 kr", "Taxa eller avgift", "Förbundsdirektör", "", "nej"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Samverkan", fmt.Sprintf("A%d", i+2), &r); err != nil {
			t.Fatal(err)
		}
	}
	var filled bytes.Buffer
	if _, err := f.WriteTo(&filled); err != nil {
		t.Fatal(err)
	}
	p, res := mustImport(t, db, filled.Bytes())
	if res.Created != 2 || p.Summary.Read != 2 {
		t.Fatalf("result %+v, summary %+v", res, p.Summary)
	}
	c := byTitle(t, db, "Överförmyndare i samverkan")
	if c.LegalForm != samverkan.FormJointCommittee || c.Host != "0683" || len(c.Participants) != 4 || c.Start.String() != "2015-01-01" ||
		c.AnnualCost == nil || *c.AnnualCost != 2400000 || c.CostKey != "invanare" || !c.Public || c.Areas[0] != "130" {
		t.Errorf("imported %+v", c)
	}
	if i := tabular.AgreementIndex(c); i < 0 || c.Documents[i].ValidTo.String() != "2026-12-31" {
		t.Errorf("agreement valid to: %+v", c.Documents)
	}
	s := byTitle(t, db, "SÅM avfall")
	if s.Public || s.LegalForm != samverkan.FormFederationBoard || len(s.Participants) != 5 || s.Participants[4].PartyKind != "region" {
		t.Errorf("imported %+v", s)
	}
}

func mustTime(s string) any { return samverkan.MustDate(s).Time() }

// messyCSV has every variant the issue names, written as Swedish Excel
// writes CSV: semicolons and Windows-1252.
const messyCSV = "Sammanställning av samverkan GGVV;;;;;;\r\n" +
	";;;;;;\r\n" +
	"NAMN;Kommuner;Värdkommun;legal form;Start date;Årlig kostnad (kr);Offentlig;Område;status;Slut;Avtal giltigt till;Kontakt\r\n" +
	"Gemensam växel;Gislaveds kommun, GNOSJÖ och Vaggeryd;gislaved;Avtalssamverkan;3 oktober 2018;1 200 000 kr;ja;X-IT;igang;;2025-12-31;Växelchef\r\n" +
	"Lönecenter;0662;Varnamo;avtalssamverkan;03.10.2018;1,2 mnkr;x;Grundskola;Pågående;;;\r\n" +
	"\"E-arkiv\";\"Gnosjö\nVärnamo\";0617;Projekt;43376;350 tkr;nej;Infrastruktur, skydd m.m.; Förstudie pågår;;;\r\n" +
	";;;;;;\r\n" +
	"Räddningstjänst;\"Vaggeryd; Värnamo\";683;Kommunalförbund med förbundsdirektion;3/10/2018;1 200 000,50;true;Räddningstjänst;Igång;;;\r\n"

// Acceptance 2: a messy file imports correctly.
func TestMessyFile(t *testing.T) {
	db := newTestDB(t)
	data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(messyCSV))
	if err != nil {
		t.Fatal(err)
	}
	p, res := mustImport(t, db, data)
	if res.Created != 4 {
		t.Fatalf("created %d, want 4; plan %+v", res.Created, p.Rows)
	}
	if p.HeaderRow != 3 {
		t.Errorf("header row %d, want 3", p.HeaderRow)
	}
	tests := []struct {
		title, host, start, status, form, area string
		cost                                   int64
		munis                                  int
		public                                 bool
	}{
		{"Gemensam växel", "0662", "2018-10-03", "igang", "avtalssamverkan", "X-IT", 1200000, 3, true},
		{"Lönecenter", "0683", "2018-10-03", "igang", "avtalssamverkan", "440", 1200000, 2, true},
		{"E-arkiv", "0617", "2018-10-03", "forstudie_pagar", "projekt", "290", 350000, 2, false},
		{"Räddningstjänst", "0683", "2018-10-03", "igang", "kommunalforbund_direktion", "270", 1200001, 2, true},
	}
	for _, tc := range tests {
		c := byTitle(t, db, tc.title)
		if c.Host != tc.host || c.Start.String() != tc.start || c.Status != tc.status || c.LegalForm != tc.form ||
			len(c.Areas) != 1 || c.Areas[0] != tc.area || c.AnnualCost == nil || *c.AnnualCost != tc.cost ||
			len(c.Participants) != tc.munis || c.Public != tc.public {
			t.Errorf("%s: got %+v", tc.title, c)
		}
	}
	if c := byTitle(t, db, "Gemensam växel"); len(c.Contacts) != 1 || c.Contacts[0].Function != "Växelchef" {
		t.Errorf("contacts %+v", c.Contacts)
	}
}

// Acceptance 2: one bad row imports nothing and names the row.
func TestBadRowImportsNothing(t *testing.T) {
	db := newTestDB(t)
	csv := "Namn,Värdkommun,Deltagande kommuner,Start,Årlig kostnad\n" +
		"Växel,Gislaved,Gislaved och Gnosjö,2018-01-01,100\n" +
		"Lön,Varnamå,Gislaved och Värnamo,2018-13-45,mycket\n" +
		"IT,Gnosjö,Gnosjö och Vaggeryd,,\n"
	p := mustPlan(t, db, []byte(csv))
	if p.OK() || p.Summary.Errors != 1 || p.Summary.Create != 2 {
		t.Fatalf("summary %+v", p.Summary)
	}
	errs := p.Errors()
	want := map[string]string{"Värdkommun": "Menade du Värnamo?", "Start": "", "Årlig kostnad": ""}
	for _, e := range errs {
		if e.Row != 3 {
			t.Errorf("error on row %d, want 3: %+v", e.Row, e)
		}
		sug, ok := want[e.Column]
		if !ok || sug != e.Suggestion || e.Message == "" {
			t.Errorf("unexpected error %+v", e)
		}
		delete(want, e.Column)
	}
	if len(want) > 0 {
		t.Errorf("missing errors for %v in %+v", want, errs)
	}
	if _, err := tabular.Apply(context.Background(), db, p); samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("Apply = %v, want invalid", err)
	}
	if n := len(collabs(t, db)); n != 0 {
		t.Errorf("%d collaborations written, want none", n)
	}
}

func auditCount(tb testing.TB, db *sqldb.DB) int {
	tb.Helper()
	evs, err := db.AuditEvents(context.Background(), "", "")
	if err != nil {
		tb.Fatal(err)
	}
	return len(evs)
}

// Acceptance 3: re-import changes nothing; one changed cell changes
// exactly that field.
func TestReimport(t *testing.T) {
	db := newTestDB(t)
	data, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(messyCSV))
	mustImport(t, db, data)
	before := collabs(t, db)
	audits := auditCount(t, db)

	p, res := mustImport(t, db, data)
	if res.Unchanged != 4 || res.Created+res.Updated != 0 {
		t.Fatalf("re-import: %+v, rows %+v", res, p.Rows)
	}
	if n := auditCount(t, db); n != audits {
		t.Errorf("audit rows %d → %d", audits, n)
	}
	for i, c := range collabs(t, db) {
		if c.Version != before[i].Version || c.ID != before[i].ID {
			t.Errorf("%s: version %d → %d", c.Title, before[i].Version, c.Version)
		}
	}

	changed := strings.Replace(messyCSV, "350 tkr", "400 tkr", 1)
	data, _ = charmap.Windows1252.NewEncoder().Bytes([]byte(changed))
	p, res = mustImport(t, db, data)
	if res.Updated != 1 || res.Unchanged != 3 {
		t.Fatalf("one change: %+v", res)
	}
	for _, r := range p.Rows {
		if r.Action == tabular.ActionUpdate && strings.Join(r.Changes, ",") != "Årlig kostnad" {
			t.Errorf("changes %v, want only Årlig kostnad", r.Changes)
		}
	}
	after := byTitle(t, db, "E-arkiv")
	var old *samverkan.Collaboration
	for _, c := range before {
		if c.Title == "E-arkiv" {
			old = c
		}
	}
	if *after.AnnualCost != 400000 || after.Version != old.Version+1 {
		t.Errorf("after: cost %d version %d", *after.AnnualCost, after.Version)
	}
	after.AnnualCost, after.Version, after.Updated = old.AnnualCost, old.Version, old.Updated
	if a, b := fmt.Sprintf("%+v", after), fmt.Sprintf("%+v", old); a != b {
		t.Errorf("other fields changed:\n%s\n%s", a, b)
	}
	if n := auditCount(t, db); n != audits+1 {
		t.Errorf("audit rows %d, want %d", n, audits+1)
	}
}

// Re-import matches on the ID column when there is one, so a renamed
// row updates the record.
func TestReimportByID(t *testing.T) {
	db := newTestDB(t)
	mustImport(t, db, []byte("Namn;Värdkommun;Deltagande kommuner\nVäxel;Gislaved;Gislaved, Gnosjö\n"))
	c := collabs(t, db)[0]
	_, res := mustImport(t, db, []byte(fmt.Sprintf("ID;Namn;Värdkommun;Deltagande kommuner\n%d;Gemensam växel;Gislaved;Gislaved, Gnosjö\n", c.ID)))
	if res.Updated != 1 || res.Created != 0 {
		t.Fatalf("result %+v", res)
	}
	if got := collabs(t, db); len(got) != 1 || got[0].Title != "Gemensam växel" {
		t.Errorf("after rename: %+v", got)
	}
}

func TestDuplicateRows(t *testing.T) {
	db := newTestDB(t)
	p := mustPlan(t, db, []byte("Namn;Värdkommun;Deltagande kommuner\nVäxel;Gislaved;Gislaved, Gnosjö\nväxel;Gislaved;Gislaved, Gnosjö\n"))
	if p.OK() || len(p.Errors()) != 1 || p.Errors()[0].Row != 3 || !strings.Contains(p.Errors()[0].Message, "rad 2") {
		t.Errorf("errors %+v", p.Errors())
	}
}

// A row whose ID names a record of another network is an error on that
// row: it must neither create a new record nor update one of this
// network that happens to have the same name.
func TestImportForeignID(t *testing.T) {
	db := newTestDB(t)
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("annat", "0662", "0617"))
	other := sqldbtest.Collaboration("Växel", "0662", "0617")
	other.Networks = []string{"annat"}
	sqldbtest.MustCreateCollaboration(t, db, other)
	mustImport(t, db, []byte("Namn;Värdkommun;Deltagande kommuner\nLön;Gislaved;Gislaved, Gnosjö\n"))
	local := byTitle(t, db, "Lön")
	audits := auditCount(t, db)

	csv := fmt.Sprintf("ID;Namn;Värdkommun;Deltagande kommuner\n%d;Växel;Gislaved;Gislaved, Gnosjö\n%d;Lön;Gislaved;Gislaved, Gnosjö\n", other.ID, other.ID)
	p := mustPlan(t, db, []byte(csv))
	if p.OK() || p.Summary.Errors != 2 || p.Summary.Create+p.Summary.Update != 0 {
		t.Fatalf("summary %+v, rows %+v", p.Summary, p.Rows)
	}
	for _, e := range p.Errors() {
		if e.Column != "ID" || e.Value != fmt.Sprint(other.ID) || !strings.Contains(e.Message, "annat nätverk") {
			t.Errorf("error %+v, want one on the ID saying the record is in another network", e)
		}
	}
	if _, err := tabular.Apply(context.Background(), db, p); samverkan.ErrorCode(err) != samverkan.EINVALID {
		t.Errorf("Apply = %v, want invalid", err)
	}
	if cs := collabs(t, db); len(cs) != 1 || cs[0].ID != local.ID || cs[0].Version != local.Version {
		t.Errorf("ggvv after the refused import: %+v", cs)
	}
	if n := auditCount(t, db); n != audits {
		t.Errorf("audit rows %d → %d", audits, n)
	}
	// An ID nobody has (an export from another installation) still
	// creates the record.
	mustImport(t, db, []byte("ID;Namn;Värdkommun;Deltagande kommuner\n999999;Ny;Gislaved;Gislaved, Gnosjö\n"))
	if len(collabs(t, db)) != 2 {
		t.Errorf("unknown ID did not create")
	}
}
