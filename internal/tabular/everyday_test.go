package tabular_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
)

// kartlaggning is testdata/kartlaggning.csv: a GGVV inventory as a
// coordinator writes it, in everyday words. Its rows were written before
// the importer was taught to read them.
func kartlaggning(tb testing.TB) (preamble, header []string, rows [][]string) {
	tb.Helper()
	data, err := os.ReadFile("testdata/kartlaggning.csv")
	if err != nil {
		tb.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord = ';', -1
	all, err := r.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	for i, rec := range all {
		if len(rec) > 0 && rec[0] == "Nr" {
			for _, p := range all[:i] {
				preamble = append(preamble, strings.Join(p, ";"))
			}
			return preamble, rec, all[i+1:]
		}
	}
	tb.Fatal("kartlaggning.csv has no header")
	return nil, nil, nil
}

// everydayFile writes n rows cycled from the inventory as a semicolon
// CSV, each cycle's titles numbered so that every row is its own
// collaboration.
func everydayFile(tb testing.TB, n int) []byte {
	tb.Helper()
	preamble, header, rows := kartlaggning(tb)
	var buf bytes.Buffer
	for _, p := range preamble {
		buf.WriteString(p + "\r\n")
	}
	w := csv.NewWriter(&buf)
	w.Comma, w.UseCRLF = ';', true
	w.Write(header)
	for i := range n {
		rec := slices.Clone(rows[i%len(rows)])
		rec[0] = fmt.Sprint(i + 1)
		if cycle := i / len(rows); cycle > 0 {
			rec[2] = fmt.Sprintf("%s – %d", rec[2], cycle+1)
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

// forEachDB runs fn on SQLite, and on PostgreSQL when
// SAMVERKAN_TEST_POSTGRES is set.
func forEachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		db := sqldbtest.NewSQLite(t)
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
		fn(t, db)
	})
	if sqldbtest.PostgresURL() != "" {
		t.Run("postgres", func(t *testing.T) {
			db := sqldbtest.NewPostgres(t)
			sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
			fn(t, db)
		})
	}
}

// Acceptance 1 (issue 11): 10 000 rows in everyday words import with
// warnings and no errors, and the same file imported again changes
// nothing: no new version, no audit row.
func TestEverydayInventory10000(t *testing.T) {
	data := everydayFile(t, 10000)
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		p, res := mustImport(t, db, data)
		if res.Created != 10000 || p.Summary.Errors != 0 {
			t.Fatalf("result %+v, summary %+v", res, p.Summary)
		}
		if p.Summary.Warnings == 0 || p.Summary.RowsWithWarnings == 0 || p.Summary.RowsWithWarnings == 10000 {
			t.Errorf("summary %+v; want some rows with warnings", p.Summary)
		}
		if p.Summary.AreasToReview != 300 {
			t.Errorf("%d rows keep an area to review, want 300 (Elevhälsa, Tillsyn and Stiftelse in each hundred)", p.Summary.AreasToReview)
		}
		audits := auditCount(t, db)
		version, err := db.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p, res = mustImport(t, db, data)
		if res.Unchanged != 10000 || res.Created+res.Updated != 0 {
			for _, r := range p.Rows {
				if r.Action != tabular.ActionUnchanged {
					t.Fatalf("re-import: %+v; row %d %s changes %v", res, r.Line, r.Action, r.Changes)
				}
			}
		}
		if n := auditCount(t, db); n != audits {
			t.Errorf("re-import wrote %d audit rows", n-audits)
		}
		if v, _ := db.DataVersion(ctx); v != version {
			t.Errorf("re-import moved the data version %d → %d", version, v)
		}
	})
}

// The inventory's rows read as the coordinator meant them.
func TestEverydayInventoryValues(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		_, res := mustImport(t, db, everydayFile(t, 100))
		if res.Created != 100 {
			t.Fatalf("created %d", res.Created)
		}
		get := func(title string) *samverkan.Collaboration {
			t.Helper()
			for _, c := range collabs(t, db) {
				if c.Title == title {
					return c
				}
			}
			t.Fatalf("no %q", title)
			return nil
		}
		tests := []struct {
			title, form, start, status string
			areas, review              []string
			cost                       any
			munis                      int
		}{
			{"SÅM – Samverkan Återvinning Miljö", samverkan.FormFederation, "2010-01-01", "igang", []string{"870"}, nil, int64(12000000), 4},
			{"Gemensam IT-drift", samverkan.FormJointCommittee, "2019-01-01", "igang", []string{"X-IT"}, nil, int64(8500000), 4},
			{"Lönecenter GGVV", samverkan.FormAgreement, "2017-01-01", "igang", []string{"X-LON"}, nil, int64(3200000), 3},
			{"Kulturnatta", samverkan.FormProject, "2018-01-01", "igang", []string{"315"}, nil, int64(150000), 2},
			{"Destination Gislaved–Gnosjö", samverkan.FormAgreement, "2016-01-01", "igang", []string{"230"}, nil, int64(450000), 2},
			{"Komvux i samverkan", samverkan.FormAgreement, "2019-08-01", "igang", []string{"472"}, nil, int64(2100000), 4},
			{"Bygglovssamverkan", samverkan.FormPurchase, "2020-03-01", "igang", []string{"X-BYGG"}, nil, int64(400000), 2},
			{"Räddningstjänst Gnosjö–Gislaved", samverkan.FormAgreement, "2014-01-01", "igang", []string{"270"}, nil, int64(6000000), 2},
			{"VA-samverkan GGVV", samverkan.FormAgreement, "2021-01-01", "beredning", []string{"865"}, nil, nil, 4},
			{"Biblioteken i GGVV – gemensamt lånekort", samverkan.FormAgreement, "2012-01-01", "igang", []string{"320"}, nil, int64(200000), 4},
			{"Samverkansavtal gymnasieskola", samverkan.FormAgreement, "2014-07-01", "igang", []string{"450"}, nil, nil, 4},
			{"Gemensam nattpatrull", samverkan.FormAgreement, "2017-01-01", "avslutad", []string{"510"}, nil, int64(900000), 2},
			{"E-arkiv", samverkan.FormJointCommittee, "2020-01-01", "forstudie_pagar", []string{"X-ARKIV"}, nil, nil, 4},
			{"Korttidsboende LSS", samverkan.FormPurchase, "2011-01-01", "igang", []string{"513"}, nil, int64(1800000), 2},
			{"Miljö- och hälsoskyddstillsyn", samverkan.FormAgreement, "2016-01-01", "igang", []string{"261"}, nil, int64(600000), 2},
			{"Tillstånd och tillsyn alkohol, tobak och receptfria läkemedel", samverkan.FormAgreementSpecial, "2018-01-01", "igang", []string{"267"}, nil, int64(320000), 4},
			{"Gemensamt centralkök", samverkan.FormUnknown, "", "ide", []string{"X-KOST"}, nil, nil, 2},
			{"Folkhälsoråd", samverkan.FormInformalNetwork, "2014-01-01", "igang", []string{"263"}, nil, int64(0), 4},
			{"Gemensam bygg- och miljönämnd – utredning", samverkan.FormJointCommittee, "", "forstudie_pagar", []string{"X-BYGG", "263"}, nil, nil, 2},
			{"Räddningstjänsten Värnamo–Vaggeryd", samverkan.FormFederationBoard, "2016-01-01", "igang", []string{"270"}, nil, int64(14000000), 2},
			{"Skolläkare", samverkan.FormAgreement, "2018-08-01", "igang", nil, []string{"Elevhälsa"}, int64(220000), 3},
			{"Servicecenter ekonomi och lön", samverkan.FormJointCommittee, "2022-01-01", "forstudie_pagar", []string{"X-EKON", "X-LON"}, nil, nil, 2},
			{"Gemensam e-tjänsteplattform", samverkan.FormAgreement, "2020-09-01", "igang", []string{"X-IT", "X-DIGI"}, nil, int64(1400000), 4},
			{"Integrationsnätverk", samverkan.FormInformalNetwork, "2016-01-01", "igang", []string{"600"}, nil, nil, 4},
			{"Insamling av matavfall", samverkan.FormFederationBoard, "2019-04-01", "igang", []string{"870"}, nil, nil, 4},
			{"Slamtömning", samverkan.FormAgreement, "2016-03-01", "igang", []string{"870"}, nil, int64(1200000), 2},
			{"Reservvattenledning", samverkan.FormAgreement, "2019-03-01", "igang", []string{"865"}, nil, int64(250000), 2},
			{"Tillsyn av enskilda avlopp", samverkan.FormAgreement, "2017-05-01", "igang", []string{"261"}, nil, nil, 3},
			{"Brandmannautbildning", samverkan.FormProject, "2015-01-01", "avslutad", []string{"270"}, nil, int64(1200000), 2},
			{"Bokbuss", samverkan.FormAgreement, "2015-07-01", "igang", []string{"320"}, nil, int64(550000), 2},
			{"Demensteam", samverkan.FormProject, "2019-11-01", "igang", []string{"510"}, nil, int64(300000), 2},
			// "Beslutad" in the file, but a file carries no decisions: the
			// row imports as "beslut pågår" with a warning (CheckDecided).
			{"Gemensam arkivmyndighet", samverkan.FormFederationAssembly, "2023-01-01", "beslut_pagar", []string{"X-ARKIV"}, nil, int64(1300000), 4},
		}
		for _, tc := range tests {
			c := get(tc.title)
			var cost any
			if c.AnnualCost != nil {
				cost = *c.AnnualCost
			}
			if c.LegalForm != tc.form || c.Start.String() != tc.start || c.Status != tc.status || !slices.Equal(c.Areas, tc.areas) ||
				!slices.Equal(c.AreasToReview, tc.review) || cost != tc.cost || len(c.ParticipantCodes()) != tc.munis {
				t.Errorf("%s: form %s, start %s, status %s, areas %v, review %v, cost %v, %d municipalities",
					tc.title, c.LegalForm, c.Start, c.Status, c.Areas, c.AreasToReview, cost, len(c.ParticipantCodes()))
			}
		}
		// Text that could not be placed is kept: the status as a source,
		// a free-text cost key as the key's note.
		if c := get("Integrationsnätverk"); !slices.Contains(c.Sources, samverkan.Source{Field: "status", Text: "Status i importfilen: Vilande"}) {
			t.Errorf("Vilande not kept: %+v", c.Sources)
		}
		if c := get("Skolläkare"); c.CostKey != "nyttjande" || c.CostKeyNote != "Per elev" {
			t.Errorf("cost key %q, note %q", c.CostKey, c.CostKeyNote)
		}
		if c := get("Gemensamt centralkök"); !slices.Contains(c.Sources, samverkan.Source{Field: "legal_form", Text: "Samverkansform i importfilen: Idé"}) {
			t.Errorf("legal form text not kept: %+v", c.Sources)
		}
	})
}

// The same file saved by Swedish Excel as "CSV (semikolonavgränsad)" is
// Windows-1252; it reads exactly as the UTF-8 file does.
func TestEverydayWindows1252(t *testing.T) {
	utf := everydayFile(t, 100)
	cp, err := charmap.Windows1252.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(cp, utf) {
		t.Fatal("the encoded file is the same bytes")
	}
	db := newTestDB(t)
	a, b := mustPlan(t, db, utf), mustPlan(t, db, cp)
	shown := func(p *tabular.Plan) string {
		var b strings.Builder
		for _, r := range p.Rows {
			fmt.Fprintln(&b, r.Line, r.Action, r.Title, r.Values, r.Warnings, r.Errors, r.AreasToReview)
		}
		return b.String()
	}
	if a.Summary != b.Summary || shown(a) != shown(b) {
		t.Errorf("Windows-1252 reads differently:\n%+v\n%+v", a.Summary, b.Summary)
	}
}

// A coordinator maps an area text once; the network's records move to the
// area and importing the file again changes nothing.
func TestEverydayMapAreaThenReimport(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "samordnare")
		data := everydayFile(t, 200)
		mustImport(t, db, data)
		list, err := db.AreasToReview(ctx, "ggvv")
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, r := range list {
			texts = append(texts, fmt.Sprintf("%s×%d", r.Text, len(r.Collaborations)))
		}
		slices.Sort(texts)
		if strings.Join(texts, ",") != "Elevhälsa×2,Stiftelse×2,Tillsyn×2" {
			t.Errorf("to review: %v", texts)
		}
		if n, err := db.MapAreaText(ctx, "ggvv", "Elevhälsa", "440"); err != nil || n != 2 {
			t.Fatalf("MapAreaText = %d, %v", n, err)
		}
		audits := auditCount(t, db)
		p, res := mustImport(t, db, data)
		if res.Unchanged != 200 {
			t.Errorf("re-import after mapping: %+v", res)
		}
		for _, r := range p.Rows {
			if r.Title == "Skolläkare" && (len(r.AreasToReview) != 0 || len(r.Warnings) != 1) {
				t.Errorf("mapped text still flagged: %+v", r)
			}
		}
		if n := auditCount(t, db); n != audits {
			t.Errorf("re-import wrote %d audit rows", n-audits)
		}
	})
}

// The preview says, per row, what each cell was read as.
func TestPreviewValues(t *testing.T) {
	db := newTestDB(t)
	p := mustPlan(t, db, everydayFile(t, 100))
	var row tabular.RowPlan
	for _, r := range p.Rows {
		if r.Title == "Lönecenter GGVV" {
			row = r
		}
	}
	got := map[tabular.Field]string{}
	for _, v := range row.Values {
		got[v.Field] = v.Text + " → " + v.SV
	}
	want := map[tabular.Field]string{
		tabular.FieldAreas:          "Lön → Lönehantering",
		tabular.FieldLegalForm:      "Avtalssamverkan → Avtalssamverkan",
		tabular.FieldHost:           "Gislaved → Gislaved",
		tabular.FieldMunicipalities: "Gislaved/Gnosjö/Vaggeryd → Gislaved, Gnosjö, Vaggeryd",
		tabular.FieldStart:          "jan 2017 → 2017-01-01",
		tabular.FieldStatus:         "Pågående → Igång",
		tabular.FieldAnnualCost:     "3 200 tkr → 3 200 000 kr",
		tabular.FieldCostKey:        "Per lönespecifikation → Efter nyttjande (”Per lönespecifikation”)",
	}
	for f, w := range want {
		if got[f] != w {
			t.Errorf("%s: %q, want %q", f, got[f], w)
		}
	}
	for _, r := range p.Rows {
		if r.Title == "VA-samverkan GGVV" {
			for _, v := range r.Values {
				if v.Field == tabular.FieldAnnualCost && (v.SV != "uppgift saknas" || v.EN != "not stated") {
					t.Errorf("an empty cost reads %q/%q, want unknown", v.SV, v.EN)
				}
			}
		}
	}
}

// everydayXLSX is the inventory as a workbook written by another program:
// a title above the header, real date cells in several number formats,
// serials, numbers formatted as thousands of kronor, text cells. Dates and
// amounts must be read from each cell's number format.
func everydayXLSX(tb testing.TB, date1904 bool) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Kartläggning"
	f.SetSheetName("Sheet1", sh)
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			tb.Fatal(err)
		}
	}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil {
			tb.Fatal(err)
		}
		return id
	}
	custom := func(code string) int { return style(&excelize.Style{CustomNumFmt: &code}) }
	var (
		builtinDate = style(&excelize.Style{NumFmt: 14})
		isoDate     = custom("yyyy-mm-dd")
		swedishLong = custom(`[$-41D]d mmmm yyyy;@`)
		dayFirst    = custom("d/m/yyyy")
		tkr         = custom(`#,##0 "tkr"`)
		shownTkr    = custom(`#,##0, "tkr"`)
		mkr         = custom(`0.0\ \m\k\r`)
		kr          = custom(`# ##0 "kr"`)
	)
	// serial is the day as the workbook's own date system counts it.
	serial := func(iso string) float64 {
		t := samverkan.MustDate(iso).Time()
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return t.Sub(base).Hours() / 24
	}
	set := func(cell string, v any, st int) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			tb.Fatal(err)
		}
		if st != 0 {
			f.SetCellStyle(sh, cell, cell, st)
		}
	}
	set("A1", "Samverkan i GGVV – sammanställning från kommunerna", 0)
	header := []string{"Område", "Benämning", "Samverkansform", "Värdkommun", "Ingående kommuner", "Startdatum", "Avtalet löper ut", "Kostnad (tkr)", "Status"}
	for i, h := range header {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		set(c, h, 0)
	}
	type cell struct {
		v  any
		st int
	}
	rows := [][]cell{
		{{"Lön", 0}, {"Lönecenter GGVV", 0}, {"Avtalssamverkan", 0}, {"Gislaved", 0}, {"Gislaved, Gnosjö, Vaggeryd", 0},
			{serial("2017-01-01"), builtinDate}, {serial("2026-12-31"), dayFirst}, {350, 0}, {"Pågår", 0}},
		{{"IT", 0}, {"Gemensam IT-drift", 0}, {"Gemensam nämnd", 0}, {"Värnamo", 0}, {"Alla fyra", 0},
			{serial("2019-01-01"), isoDate}, {nil, 0}, {1200, tkr}, {"Igång", 0}},
		{{"Räddning", 0}, {"Räddningstjänsten Värnamo–Vaggeryd", 0}, {"Kommunalförbund (direktion)", 0}, {"Värnamo", 0}, {"Värnamo och Vaggeryd", 0},
			{serial("2016-01-01"), swedishLong}, {nil, 0}, {14000000, shownTkr}, {"Pågår", 0}},
		{{"Avfall", 0}, {"SÅM", 0}, {"Kommunalförbund", 0}, {"Värnamo", 0}, {"Gislaved; Gnosjö; Vaggeryd; Värnamo", 0},
			{2010, 0}, {nil, 0}, {12.5, mkr}, {"Pågår", 0}},
		{{"Kultur", 0}, {"Kulturnatta", 0}, {"Projekt", 0}, {"Gnosjö", 0}, {"Gnosjö/Gislaved", 0},
			{"jan 2017", 0}, {nil, 0}, {"150 000 kr", 0}, {"Aktiv", 0}},
		// A date cell whose serial is small is still a date; the year 2018
		// typed into a date-formatted cell is the day Excel shows.
		{{"Bibliotek", 0}, {"Gemensamt lånekort", 0}, {"Avtal", 0}, {"Värnamo", 0}, {"Värnamo, Gnosjö", 0},
			{serial("1905-07-10"), isoDate}, {nil, 0}, {200000, kr}, {"Pågår", 0}},
		// A serial in a cell that lost its date format: read as a date, with
		// a warning, since nothing in the cell says it is one.
		{{"Turism", 0}, {"Turistbyrå", 0}, {"Avtal", 0}, {"Gislaved", 0}, {"Gislaved, Gnosjö", 0},
			{serial("2018-10-03"), 0}, {nil, 0}, {nil, 0}, {"Pågår", 0}},
	}
	for r, row := range rows {
		for c, v := range row {
			if v.v == nil {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(c+1, r+4)
			set(name, v.v, v.st)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestEverydayXLSX(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprint("date1904=", date1904), func(t *testing.T) {
			db := newTestDB(t)
			p, res := mustImport(t, db, everydayXLSX(t, date1904))
			if res.Created != 7 || p.HeaderRow != 3 || p.Sheet != "Kartläggning" {
				t.Fatalf("result %+v, header row %d, sheet %q", res, p.HeaderRow, p.Sheet)
			}
			tests := []struct {
				title, start, agreement string
				cost                    any
				form                    string
			}{
				{"Lönecenter GGVV", "2017-01-01", "2026-12-31", int64(350000), samverkan.FormAgreement},
				{"Gemensam IT-drift", "2019-01-01", "", int64(1200000), samverkan.FormJointCommittee},
				{"Räddningstjänsten Värnamo–Vaggeryd", "2016-01-01", "", int64(14000000), samverkan.FormFederationBoard},
				{"SÅM", "2010-01-01", "", int64(12500000), samverkan.FormFederation},
				{"Kulturnatta", "2017-01-01", "", int64(150000), samverkan.FormProject},
				{"Gemensamt lånekort", "1905-07-10", "", int64(200000), samverkan.FormAgreement},
				{"Turistbyrå", "2018-10-03", "", nil, samverkan.FormAgreement},
			}
			for _, tc := range tests {
				c := byTitle(t, db, tc.title)
				var cost any
				if c.AnnualCost != nil {
					cost = *c.AnnualCost
				}
				agreement := ""
				if i := tabular.AgreementIndex(c); i >= 0 {
					agreement = c.Documents[i].ValidTo.String()
				}
				if c.Start.String() != tc.start || agreement != tc.agreement || cost != tc.cost || c.LegalForm != tc.form {
					t.Errorf("%s: start %s, agreement %s, cost %v, form %s", tc.title, c.Start, agreement, cost, c.LegalForm)
				}
			}
			var serialWarnings []int
			for _, w := range p.Warnings() {
				if strings.Contains(w.Message, "datum från Excel") {
					serialWarnings = append(serialWarnings, w.Row)
				}
			}
			if !slices.Equal(serialWarnings, []int{10}) {
				t.Errorf("serial warnings on rows %v, want only row 10 (the cell without a date format)", serialWarnings)
			}
			if _, res := mustImport(t, db, everydayXLSX(t, date1904)); res.Unchanged != 7 {
				t.Errorf("re-import: %+v", res)
			}
		})
	}
}

// BenchmarkImportEveryday10000 imports the inventory in everyday words
// cycled to 10 000 rows: the matching issue 11 adds, on a real file.
func BenchmarkImportEveryday10000(b *testing.B) { benchImport(b, everydayFile(b, 10000)) }

// An export of what the inventory became imports again without a change:
// the areas to review go out in the area column as they were written.
func TestEverydayExportReimport(t *testing.T) {
	db := newTestDB(t)
	mustImport(t, db, everydayFile(t, 100))
	x, err := tabular.Load(context.Background(), db, db.Catalog(), "ggvv", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "xlsx"} {
		var buf bytes.Buffer
		if err := x.Write(&buf, format); err != nil {
			t.Fatal(err)
		}
		p, res := mustImport(t, db, buf.Bytes())
		if res.Unchanged != 100 {
			for _, r := range p.Rows {
				if r.Action != tabular.ActionUnchanged {
					t.Errorf("%s: row %d %q: %s %v", format, r.Line, r.Title, r.Action, r.Changes)
				}
			}
		}
	}
}

// Row numbers are those the spreadsheet program shows: the blank row
// under the title counts, a cell over two lines does not add one.
func TestRowNumbersAsShown(t *testing.T) {
	csv := "Kartläggning\n\nNamn;Värdkommun;Deltagande kommuner;Beskrivning\n" +
		"Växel;Gislaved;Gislaved, Gnosjö;\"två\nrader\"\n" +
		"\n" +
		"Lön;Gislaved;Gislaved, Varnamå;\n"
	p := mustPlan(t, newTestDB(t), []byte(csv))
	if p.HeaderRow != 3 || len(p.Rows) != 2 || p.Rows[0].Line != 4 || p.Rows[1].Line != 6 {
		t.Errorf("header on row %d, rows %v; want 3 and rows 4 and 6", p.HeaderRow, []int{p.Rows[0].Line, p.Rows[1].Line})
	}
	if errs := p.Errors(); len(errs) != 1 || errs[0].Row != 6 {
		t.Errorf("errors %+v, want one on row 6", errs)
	}
}

// Lists of municipalities as people write them: any separator, with or
// without "kommun", genitives, codes, no å/ä/ö, a note in brackets, the
// whole network by its name.
func TestMunicipalityLists(t *testing.T) {
	tests := []struct {
		cell string
		want []string
		warn bool
	}{
		{"Gislaved, Gnosjö, Vaggeryd och Värnamo", []string{"0662", "0617", "0665", "0683"}, false},
		{"Gislaveds, Gnosjö och Vaggeryds kommuner", []string{"0662", "0617", "0665"}, false},
		{"Gislaved/Gnosjö/Vaggeryd", []string{"0662", "0617", "0665"}, false},
		{"Gislaved + Värnamo", []string{"0662", "0683"}, false},
		{"Gislaved & Gnosjö", []string{"0662", "0617"}, false},
		{"Gislaved–Gnosjö", []string{"0662", "0617"}, false},
		{"Gislaved - Gnosjö", []string{"0662", "0617"}, false},
		{"Värnamo kommun\nVaggeryds kommun", []string{"0683", "0665"}, false},
		{"Gislaved; Gnosjö samt Jönköping", []string{"0662", "0617", "0680"}, false},
		{"Gnosjo, Varnamo", []string{"0617", "0683"}, false},
		{"0665, 0683", []string{"0665", "0683"}, false},
		{"665 och 683", []string{"0665", "0683"}, false},
		{"Värnamo (värd), Gislaved", []string{"0683", "0662"}, false},
		{"Upplands Väsby och Dals-Ed", []string{"0114", "1438"}, false},
		{"Alla fyra kommunerna", []string{"0662", "0617", "0665", "0683"}, true},
		{"Samtliga GGVV-kommuner", []string{"0662", "0617", "0665", "0683"}, true},
		{"GGVV och Jönköping", []string{"0662", "0617", "0665", "0683", "0680"}, true},
	}
	db := newTestDB(t)
	for _, tc := range tests {
		csv := "Namn;Deltagande kommuner\nSamverkan;\"" + strings.ReplaceAll(tc.cell, `"`, `""`) + "\"\n"
		p := mustPlan(t, db, []byte(csv))
		r := p.Rows[0]
		var got []string
		for _, v := range r.Values {
			if v.Field == tabular.FieldMunicipalities {
				got = strings.Split(v.SV, ", ")
			}
		}
		var names []string
		for _, code := range tc.want {
			names = append(names, db.Catalog().MunicipalityName(code))
		}
		if len(r.Errors) > 0 || !slices.Equal(got, names) || (len(r.Warnings) > 0) != tc.warn {
			t.Errorf("%q: read %q, errors %+v, warnings %+v; want %q", tc.cell, got, r.Errors, r.Warnings, names)
		}
	}
}

// A form the file does not say clearly never undoes what a record has: a
// text that names no form leaves it, and "kommunalförbund" leaves the
// variant a coordinator has set.
func TestLooseFormKeepsStored(t *testing.T) {
	db := newTestDB(t)
	mustImport(t, db, []byte("Namn;Värdkommun;Deltagande kommuner;Samverkansform\n"+
		"Räddning;Värnamo;Värnamo, Vaggeryd;Kommunalförbund med direktion\nVäxel;Gislaved;Gislaved, Gnosjö;Avtalssamverkan\n"))
	p, res := mustImport(t, db, []byte("Namn;Värdkommun;Deltagande kommuner;Samverkansform\n"+
		"Räddning;Värnamo;Värnamo, Vaggeryd;Kommunalförbund\nVäxel;Gislaved;Gislaved, Gnosjö;Samarbete\n"))
	if r := byTitle(t, db, "Räddning"); r.LegalForm != samverkan.FormFederationBoard {
		t.Errorf("the board variant became %s", r.LegalForm)
	}
	v := byTitle(t, db, "Växel")
	if v.LegalForm != samverkan.FormAgreement || !slices.Contains(v.Sources, samverkan.Source{Field: "legal_form", Text: "Samverkansform i importfilen: Samarbete"}) {
		t.Errorf("Växel: form %s, sources %+v", v.LegalForm, v.Sources)
	}
	if res.Unchanged != 1 || res.Updated != 1 || len(p.Warnings()) != 2 {
		t.Errorf("result %+v, warnings %+v", res, p.Warnings())
	}
}
