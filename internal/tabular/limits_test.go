package tabular_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/tabular"
)

// Hostile uploads are built here, part by part, rather than committed:
// the point of each is that a small file unpacks to something large.

const xlsxNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`

// xlsxParts writes a minimal workbook: one sheet named Samverkan whose XML
// sheetData comes from rows, and a shared-string table written by sst.
// The writers stream, so a part of many megabytes never exists in memory.
func xlsxParts(tb testing.TB, rows, sst func(w io.Writer)) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	part := func(name string, write func(w io.Writer)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			tb.Fatal(err)
		}
		write(w)
	}
	text := func(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }
	part("[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
		`</Types>`))
	part("_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`+
		`</Relationships>`))
	part("xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<workbook `+xlsxNS+` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets><sheet name="Samverkan" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	part("xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`+
		`</Relationships>`))
	part("xl/worksheets/sheet1.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet `+xlsxNS+`><sheetData>`)
		rows(w)
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	part("xl/sharedStrings.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst `+xlsxNS+`>`)
		sst(w)
		io.WriteString(w, `</sst>`)
	})
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// repeat writes n copies of s in chunks.
func repeat(w io.Writer, s string, n int) {
	chunk := strings.Repeat(s, max(1, min(n, (64<<10)/len(s))))
	per := len(chunk) / len(s)
	for n >= per {
		io.WriteString(w, chunk)
		n -= per
	}
	io.WriteString(w, strings.Repeat(s, n))
}

// headerSST is the shared strings 0–2: the template's first columns.
const headerSST = `<si><t>Namn</t></si><si><t>Värdkommun</t></si><si><t>Deltagande kommuner</t></si>`

// headerRow refers to them.
const headerRow = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`

// hugeSharedString is the file from the issue: 69 KB on disk, one shared
// string of 50 MiB that cell A2 refers to.
func hugeSharedString(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow+`<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="inlineStr"><is><t>Gislaved</t></is></c></row>`)
	}, func(w io.Writer) {
		io.WriteString(w, headerSST+`<si><t>`)
		repeat(w, "A", 50<<20)
		io.WriteString(w, `</t></si>`)
	})
}

// longSharedString is one string just over Excel's cell limit, which
// compresses too little to trip the zip checks: only the cell limit
// catches it.
func longSharedString(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow+`<row r="2"><c r="A2" t="inlineStr"><is><t>Växel</t></is></c></row>`+
			`<row r="7"><c r="A7" t="inlineStr"><is><t>Lön</t></is></c><c r="B7" t="s"><v>3</v></c></row>`)
	}, func(w io.Writer) {
		io.WriteString(w, headerSST+`<si><r><t>`)
		for i := range 32768 {
			fmt.Fprintf(w, "%c", 'a'+rune(i*7919%26)) // little repetition, so little compression
		}
		io.WriteString(w, `</t></r></si>`)
	})
}

// hugeInlineString holds its 50 MiB in the sheet itself.
func hugeInlineString(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow+`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>`)
		repeat(w, "Gislaved, ", 5<<20)
		io.WriteString(w, `</t></is></c></row>`)
	}, func(w io.Writer) { io.WriteString(w, headerSST) })
}

// farColumns puts a value in the sheet's last column on 20 000 rows: each
// row read as a slice of 16 384 cells.
func farColumns(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow)
		for r := 2; r <= 20001; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="s"><v>0</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r)
		}
	}, func(w io.Writer) { io.WriteString(w, headerSST) })
}

// manySharedStrings is two million one-letter shared strings.
func manySharedStrings(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow+`<row r="2"><c r="A2" t="s"><v>3</v></c></row>`)
	}, func(w io.Writer) {
		io.WriteString(w, headerSST)
		repeat(w, `<si><t>a</t></si>`, 2_000_000)
	})
}

// sharedLongText refers every cell of 20 000 rows to one rich-text shared
// string of 32 000 characters: within the cell limit, but 640 MB of text
// once every reference is a value.
func sharedLongText(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow)
		for r := 2; r <= 20001; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="s"><v>3</v></c></row>`, r, r)
		}
	}, func(w io.Writer) {
		io.WriteString(w, headerSST+`<si><r><t>`)
		repeat(w, "Samverkan ", 3200)
		io.WriteString(w, `</t></r></si>`)
	})
}

// longInlineString is a cell of 40 000 characters that packs too badly
// for the zip checks: only the cell limit catches it.
func longInlineString(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow+`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>`)
		for i := range 40000 {
			fmt.Fprintf(w, "%c", 'a'+rune(i*7919%26))
		}
		io.WriteString(w, `</t></is></c></row>`)
	}, func(w io.Writer) { io.WriteString(w, headerSST) })
}

// entities is a cell of n characters: entities, then four in CDATA
// ("<>]]"), with a comment beside the row.
func entities(tb testing.TB, n int) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow+`<!-- a comment > with <c> in it --><row r="2"><c r="A2" t="inlineStr"><is><t>`)
		repeat(w, "&amp;", n-4)
		io.WriteString(w, `<![CDATA[<>]]]]></t></is></c><c r="B2" t="inlineStr"><is><t>Gislaved</t></is></c></row>`)
	}, func(w io.Writer) { io.WriteString(w, headerSST) })
}

// distinctSharedStrings is half a million different shared strings,
// which pack too badly for the zip checks.
func distinctSharedStrings(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, headerRow+`<row r="2"><c r="A2" t="s"><v>3</v></c></row>`)
	}, func(w io.Writer) {
		io.WriteString(w, headerSST)
		for i := range 500_000 {
			fmt.Fprintf(w, `<si><t>%x</t></si>`, uint32(i)*2654435761)
		}
	})
}

// semicolons is a CSV of 10 MB whose second line is nothing but empty
// fields: ten million of them in one record.
func semicolons() []byte {
	return append([]byte("Namn;Värdkommun\n"), bytes.Repeat([]byte(";"), tabular.MaxFileSize-32)...)
}

// hostileUploads are files a server must refuse cheaply, with the kind of
// error each gets.
func hostileUploads(tb testing.TB) []struct {
	name string
	data []byte
	kind string
	want string // in the message
} {
	return []struct {
		name string
		data []byte
		kind string
		want string
	}{
		{"50 MiB shared string", hugeSharedString(tb), tabular.KindTooLarge, "packas upp"},
		{"shared string over the cell limit", longSharedString(tb), tabular.KindCellTooLong, "Cell B7 (rad 7) på bladet Samverkan har 32 768 tecken"},
		{"50 MiB inline string", hugeInlineString(tb), tabular.KindTooLarge, "packas upp"},
		{"values in column XFD", farColumns(tb), tabular.KindTooManyColumns, "XFD2"},
		{"two million shared strings", manySharedStrings(tb), tabular.KindTooLarge, "packas upp"},
		{"one long text in every row", sharedLongText(tb), tabular.KindTooMuchText, "text"},
		{"ten million empty CSV fields", semicolons(), tabular.KindTooManyColumns, "Rad 2 har 10 485 729 kolumner"},
		{"inline string over the cell limit", longInlineString(tb), tabular.KindCellTooLong, "Cell C2 (rad 2) på bladet Samverkan har 40 000 tecken"},
		{"entities over the cell limit", entities(tb, MaxCellChars+1), tabular.KindCellTooLong, "Cell A2 (rad 2) på bladet Samverkan har 32 768 tecken"},
		{"half a million shared strings", distinctSharedStrings(tb), tabular.KindTooLarge, "packas upp"},
		{"CSV cell over the limit", []byte("Namn;Värdkommun\nVäxel;Gislaved\nLön;" + strings.Repeat("å", 40000) + "\n"),
			tabular.KindCellTooLong, "Cell B3 (rad 3) har 40 000 tecken. En cell får ha högst 32 767 tecken"},
		{"CSV value in column 65", []byte("Namn;Värdkommun\nVäxel" + strings.Repeat(";", 64) + "x\n"),
			tabular.KindTooManyColumns, "Cell BM2 (rad 2) har ett värde i kolumn 65, men filen får ha värden i högst 64 kolumner"},
	}
}

// TestHostileUploads: each file is refused with a message that says why,
// and refusing it allocates less than the memory one upload may cost.
// Allocation counts every byte ever allocated, so it bounds the peak from
// above, deterministically.
func TestHostileUploads(t *testing.T) {
	for _, tc := range hostileUploads(t) {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := tabular.Read(tc.data)
			runtime.ReadMemStats(&after)
			if got := tabular.FileErrorKind(err); got != tc.kind || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Read(%d bytes) = %q (kind %q), want kind %q saying %q", len(tc.data), err, got, tc.kind, tc.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxUploadCost {
				t.Errorf("refusing it allocated %d MB, want under %d MB", alloc>>20, maxUploadCost>>20)
			}
		})
	}
}

// TestCellLimitExact: a cell of exactly MaxCellChars characters, written
// with entities and CDATA beside a comment, is read, and whole.
func TestCellLimitExact(t *testing.T) {
	tab, err := tabular.Read(entities(t, MaxCellChars))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got := []rune(tab.Rows[0].Cell(0)); len(got) != MaxCellChars || string(got[len(got)-4:]) != "<>]]" {
		t.Errorf("cell of %d characters ending %q", len(got), string(got[len(got)-4:]))
	}
}

// MaxCellChars is Excel's limit, restated so the test fails if the
// constant drifts.
const MaxCellChars = 32767

// maxUploadCost is what one upload may cost the server.
const maxUploadCost = 150 << 20

// Large files the limits accept, each near one limit: what an upload may
// cost the server is what the worst of these costs.

// bigCSV is 20 000 rows of long text, just under MaxFileSize.
func bigCSV() []byte {
	var b bytes.Buffer
	b.WriteString("Namn;Värdkommun;Deltagande kommuner;Årlig kostnad;Beskrivning\n")
	desc := strings.Repeat("Gemensam verksamhet för kommunerna i nätverket. ", 8)
	for i := range tabular.MaxRows {
		fmt.Fprintf(&b, "Samverkan nummer %d;Gislaved;Gislaved, Gnosjö och Värnamo;%d kr;%s%d\n", i, i*1000, desc, i)
	}
	return b.Bytes()
}

// textXLSX refers 20 000 rows to long rich-text shared strings: 21 MB of
// text, under MaxText, from a small file.
func textXLSX(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`)
		for r := 2; r <= tabular.MaxRows+1; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Samverkan %d</t></is></c><c r="B%d" t="s"><v>4</v></c>`+
				`<c r="C%d" t="s"><v>5</v></c><c r="D%d" t="s"><v>%d</v></c></row>`, r, r, r, r, r, r, 6+r%50)
		}
	}, func(w io.Writer) {
		io.WriteString(w, headerSST+`<si><t>Beskrivning</t></si><si><t>Gislaved</t></si><si><t>Gislaved, Gnosjö</t></si>`)
		for i := range 50 {
			fmt.Fprintf(w, `<si><r><t>%d </t></r><r><t>`, i)
			repeat(w, "Gemensam verksamhet. ", 50)
			io.WriteString(w, `</t></r></si>`)
		}
	})
}

// distinctTextXLSX has 20 000 rows of different long descriptions, in
// the sheet itself: close to MaxText of text that no two cells share, as
// much as a file under MaxFileSize packs.
func distinctTextXLSX(tb testing.TB) []byte {
	words := strings.Fields("kommun samverkan nämnd avtal förbund region verksamhet gemensam kostnad fördelning " +
		"invånare skola omsorg räddning avfall vatten miljö bygg lön växel arkiv digital tjänst plan budget " +
		"beslut styrelse direktion ordförande ledamot ersättare reglemente ägardirektiv uppföljning rapport")
	x := uint32(1)
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`)
		for r := 2; r <= tabular.MaxRows+1; r++ {
			fmt.Fprintf(w, `<row><c t="inlineStr"><is><t>Samverkan %d</t></is></c><c t="s"><v>4</v></c><c t="s"><v>5</v></c><c t="inlineStr"><is><t>`, r)
			for n := 0; n < 1150; {
				x = x*1664525 + 1013904223
				word := words[(x>>16)%uint32(len(words))]
				io.WriteString(w, word+" ")
				n += len(word) + 1
			}
			io.WriteString(w, `</t></is></c></row>`)
		}
	}, func(w io.Writer) {
		io.WriteString(w, headerSST+`<si><t>Beskrivning</t></si><si><t>Gislaved</t></si><si><t>Gislaved, Gnosjö</t></si>`)
	})
}

// wideXLSX has MaxColumns columns on 18 000 rows, each cell a different
// value: as many as fit in MaxUnzipped.
func wideXLSX(tb testing.TB) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1">`)
		for c := range tabular.MaxColumns {
			fmt.Fprintf(w, `<c t="s"><v>%d</v></c>`, c)
		}
		io.WriteString(w, `</row>`)
		for r := 2; r <= 18001; r++ {
			io.WriteString(w, `<row>`)
			fmt.Fprintf(w, `<c t="inlineStr"><is><t>Samverkan %d</t></is></c><c t="s"><v>%d</v></c><c t="s"><v>%d</v></c>`,
				r, tabular.MaxColumns, tabular.MaxColumns+1)
			for c := 3; c < tabular.MaxColumns; c++ {
				fmt.Fprintf(w, `<c t="inlineStr"><is><t>%06x</t></is></c>`, (uint32(r*tabular.MaxColumns+c)*2654435761)>>8)
			}
			io.WriteString(w, `</row>`)
		}
	}, func(w io.Writer) {
		io.WriteString(w, headerSST)
		for c := 3; c < tabular.MaxColumns; c++ {
			fmt.Fprintf(w, `<si><t>Extra %d</t></si>`, c)
		}
		io.WriteString(w, `<si><t>Gislaved</t></si><si><t>Gislaved, Gnosjö</t></si>`)
	})
}

// BenchmarkHostileUploads reports the peak heap of reading and planning
// each hostile file, and the largest files the limits accept; the last
// runs four of the worst at once, as four uploads at once would.
func BenchmarkHostileUploads(b *testing.B) {
	db := newTestDB(b)
	type upload struct {
		name string
		data []byte
	}
	var cases []upload
	for _, tc := range hostileUploads(b) {
		cases = append(cases, upload{tc.name, tc.data})
	}
	accepted := []upload{{"accepted CSV of 10 MB", bigCSV()}, {"accepted XLSX of 21 MB shared text", textXLSX(b)},
		{"accepted XLSX of 23 MB distinct text", distinctTextXLSX(b)}, {"accepted XLSX of 64 columns of distinct values", wideXLSX(b)}}
	for _, tc := range accepted {
		if _, err := tabular.Read(tc.data); err != nil {
			b.Fatalf("%s: %v", tc.name, err)
		}
	}
	for _, tc := range append(cases, accepted...) {
		b.Run(strings.ReplaceAll(tc.name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				peak := measurePeak(func() { planUpload(db, tc.data) })
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			}
		})
	}
	b.Run("four_at_once", func(b *testing.B) {
		for b.Loop() {
			for _, tc := range accepted {
				peak := measurePeak(func() {
					var wg sync.WaitGroup
					for range 4 {
						wg.Go(func() { planUpload(db, tc.data) })
					}
					wg.Wait()
				})
				b.ReportMetric(float64(peak)/(1<<20), strings.ReplaceAll(tc.name, " ", "_")+"-peak-MB")
			}
		}
	})
}

// planUpload reads and plans data as a dry run does; errors are expected.
func planUpload(db *sqldb.DB, data []byte) {
	tabular.NewImporter(db, db.Catalog(), nil).Import(context.Background(), tabular.Request{Network: "ggvv", Data: data, DryRun: true})
}

// measurePeak runs fn and returns the largest heap and stack in use while
// it ran, above what was in use before.
func measurePeak(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse + ms.StackInuse
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		samplePeak(&peak, done)
		close(stopped)
	}()
	fn()
	close(done)
	<-stopped
	if peak < base {
		return 0
	}
	return peak - base
}
