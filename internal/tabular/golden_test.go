package tabular_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
)

// The exports and the import plan are contracts with the people and
// programs that read them; the golden files in testdata/ hold them.
// Rewrite them with go test ./internal/tabular/ -run Golden -update, and
// read the diff.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenTime is the clock of the golden databases and exports.
var goldenTime = time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run with -update and read the diff.\n%s", path, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, a, b)
		}
	}
	return ""
}

// demoDB is a database with the five demo networks, written at goldenTime.
func demoDB(t *testing.T) *sqldb.DB {
	t.Helper()
	db := sqldbtest.New(t)
	db.SetClock(func() time.Time { return goldenTime })
	if err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestGoldenExports: the CSV, JSON and XLSX exports of each demo network,
// full and public. The XLSX is compared as the text of its cells, sheet
// by sheet, not as zip bytes.
func TestGoldenExports(t *testing.T) {
	db := demoDB(t)
	for _, slug := range demo.Slugs {
		for _, public := range []bool{false, true} {
			e, err := tabular.Load(context.Background(), db, db.Catalog(), slug, public)
			if err != nil {
				t.Fatal(err)
			}
			e.Exported = goldenTime
			name := slug
			if public {
				name += "-offentlig"
			}
			for _, format := range []string{"csv", "json", "xlsx"} {
				var buf bytes.Buffer
				if err := e.Write(&buf, format); err != nil {
					t.Fatal(err)
				}
				got := buf.Bytes()
				if format == "xlsx" {
					got = xlsxText(t, got)
				}
				golden(t, filepath.Join("export", name+"."+format+".golden"), got)
			}
		}
	}
}

// xlsxText writes a workbook's cells as text: each sheet under its name,
// a row a line, cells separated by " | ", and each cell that is not text
// marked with its type (#number, ?bool, ~date, =formula).
func xlsxText(t *testing.T, data []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "## %s\n", sheet)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			cells := make([]string, len(row))
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					v = "=" + formula
				} else if v != "" {
					switch typ, _ := f.GetCellType(sheet, cell); typ {
					case excelize.CellTypeNumber, excelize.CellTypeUnset:
						v = "#" + v
					case excelize.CellTypeBool:
						v = "?" + v
					case excelize.CellTypeDate:
						v = "~" + v
					}
				}
				cells[c] = v
			}
			fmt.Fprintf(&b, "%d: %s\n", r+1, strings.Join(cells, " | "))
		}
	}
	return []byte(b.String())
}

// TestGoldenImportPlan: the plan of a messy file, as the API returns it:
// headers in other words and an extra column, names misspelt, a title
// row, amounts and dates written every way, an update, an unchanged row,
// a duplicate, a row naming another network's record, and bad values.
func TestGoldenImportPlan(t *testing.T) {
	db := sqldbtest.New(t)
	db.SetClock(func() time.Time { return goldenTime })
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("ggvv", "0662", "0617", "0665", "0683"))
	sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("annat", "0662", "0617"))
	elsewhere := sqldbtest.Collaboration("Lönecenter i annat nätverk", "0662", "0617")
	elsewhere.Networks = []string{"annat"}
	sqldbtest.MustCreateCollaboration(t, db, elsewhere) // ID 1
	mustImport(t, db, []byte("Namn;Värdkommun;Deltagande kommuner;Årlig kostnad;Status\n"+
		"Gemensam växel;Gislaved;Gislaved, Gnosjö;100 000 kr;Igång\n"+ // ID 2: the file changes it
		"Räddningstjänst;Värnamo;Vaggeryd, Värnamo;;Igång\n")) // ID 3: the file leaves it as it is
	data, err := os.ReadFile(filepath.Join("testdata", "import", "messy.csv"))
	if err != nil {
		t.Fatal(err)
	}
	p, res, err := tabular.NewImporter(db, db.Catalog(), nil).Import(context.Background(),
		tabular.Request{Network: "ggvv", Data: data, DryRun: true})
	if err != nil || res != nil {
		t.Fatalf("Import = %v, %v", res, err)
	}
	got, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("import", "messy.plan.json.golden"), append(got, '\n'))
}
