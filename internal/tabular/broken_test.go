package tabular_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/tabular"
)

func templateBytes(tb testing.TB) []byte {
	tb.Helper()
	db := newTestDB(tb)
	var buf bytes.Buffer
	if err := tabular.WriteTemplate(&buf, db.Catalog()); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func encryptedXLSX(tb testing.TB) []byte {
	tb.Helper()
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Namn", "Värdkommun"})
	var buf bytes.Buffer
	if err := f.Write(&buf, excelize.Options{Password: "hemligt"}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Acceptance 6: no input, however broken, panics or writes anything.
func TestBrokenInputs(t *testing.T) {
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	tmpl := templateBytes(t)
	var many strings.Builder
	many.WriteString("Namn;Värdkommun;Deltagande kommuner\n")
	for i := range tabular.MaxRows + 1 {
		fmt.Fprintf(&many, "Samverkan %d;Gislaved;Gislaved, Gnosjö\n", i)
	}
	tests := []struct {
		name string
		data []byte
		kind string
	}{
		{"random bytes", random, tabular.KindNotSpreadsheet},
		{"truncated xlsx", tmpl[:len(tmpl)/2], tabular.KindDamaged},
		{"zip that is not xlsx", zipOf(t, "hej.txt", "hej"), tabular.KindDamaged},
		{"encrypted xlsx", encryptedXLSX(t), tabular.KindEncrypted},
		{"old xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), tabular.KindOldExcel},
		{"empty", nil, tabular.KindEmpty},
		{"blank lines", []byte("\n\n ; ;\n"), tabular.KindEmpty},
		{"template, header only", tmpl, tabular.KindNoRows},
		{"csv header only", []byte("Namn;Värdkommun\n"), tabular.KindNoRows},
		{"no header", []byte("a;b;c\n1;2;3\n"), tabular.KindNoHeader},
		{"too many rows", []byte(many.String()), tabular.KindTooManyRows},
		{"too big", bytes.Repeat([]byte("a;"), tabular.MaxFileSize), tabular.KindTooBig},
		{"utf-16", []byte("\xff\xfeN\x00a\x00"), tabular.KindNotSpreadsheet},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tabular.Read(tc.data)
			if got := tabular.FileErrorKind(err); got != tc.kind {
				t.Errorf("Read: kind %q (%v), want %q", got, err, tc.kind)
			}
		})
	}
}

func zipOf(tb testing.TB, name, content string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte(content))
	zw.Close()
	return buf.Bytes()
}

// BenchmarkImport10000 reads, plans and applies 10 000 rows into an empty
// network, and reports peak heap next to the time.
func BenchmarkImport10000(b *testing.B) { benchImport(b, tenThousandRows(b)) }

// BenchmarkImport10000XLSX is the same rows as a workbook, the form most
// coordinators upload.
func BenchmarkImport10000XLSX(b *testing.B) { benchImport(b, csvToXLSX(b, tenThousandRows(b))) }

// benchImport reports, besides the wall time, the process's CPU time per
// import (cpu-ms/op): the machine is shared, and CPU time is what an
// import costs whoever else is running. On PostgreSQL
// (SAMVERKAN_TEST_POSTGRES set) the server's share is not in it; compare
// the wall time there.
func benchImport(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db := newTestDB(b)
		runtime.GC()
		var peak uint64
		done := make(chan struct{})
		go samplePeak(&peak, done)
		b.StartTimer()
		start := cpuTime()
		_, res := mustImport(b, db, data)
		cpu += cpuTime() - start
		b.StopTimer()
		close(done)
		if res.Created != 10000 {
			b.Fatalf("created %d", res.Created)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// samplePeak records the largest heap in use until done closes.
func samplePeak(peak *uint64, done chan struct{}) {
	var ms runtime.MemStats
	for {
		runtime.ReadMemStats(&ms)
		*peak = max(*peak, ms.HeapInuse+ms.StackInuse)
		select {
		case <-done:
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func tenThousandRows(tb testing.TB) []byte {
	tb.Helper()
	munis := []string{"Gislaved", "Gnosjö", "Vaggeryd", "Värnamo", "Jönköping", "Nässjö", "Eksjö"}
	areas := []string{"Grundskola", "Räddningstjänst", "X-IT", "Bibliotek"}
	var sb strings.Builder
	sb.WriteString("Namn;Område;Samverkansform;Värdkommun;Deltagande kommuner;Start;Status;Årlig kostnad;Offentlig;Beskrivning\n")
	for i := range 10000 {
		host := munis[i%len(munis)]
		fmt.Fprintf(&sb, "Samverkan nr %d;%s;Avtalssamverkan;%s;%s, %s och %s;%d-03-01;Igång;%d kr;ja;Beskrivning av samverkan %d.\n",
			i, areas[i%len(areas)], host, host, munis[(i+1)%len(munis)], munis[(i+2)%len(munis)], 2000+i%25, 1000*i, i)
	}
	return []byte(sb.String())
}

// BenchmarkPlan10000 is the import without the writes: reading and
// planning 10 000 rows.
func BenchmarkPlan10000(b *testing.B) {
	data := tenThousandRows(b)
	db := newTestDB(b)
	for b.Loop() {
		mustPlan(b, db, data)
	}
}

// csvToXLSX writes semicolon-separated rows into the first sheet of a
// workbook, through excelize's streaming writer as Excel-sized files need.
func csvToXLSX(tb testing.TB, data []byte) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		fields := strings.Split(line, ";")
		row := make([]any, len(fields))
		for j, v := range fields {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
