package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/tabular"
	"github.com/samverkan/samverkan/internal/web"
)

func (e *env) upload(path, filename string, data []byte) response {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("fil", filename)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.do(req)
}

var tokenRE = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)

func TestImportFlow(t *testing.T) {
	e := newEnv(t)
	r := e.get("/natverk/ggvv/import")
	if r.Code != 200 {
		t.Fatalf("form: %d", r.Code)
	}
	wantContains(t, "form", r.Body, `enctype="multipart/form-data"`, `href="/import/mall.xlsx"`, `name="fil"`)

	csv := "Namn;Värdkommun;Kommuner;Ansvarig chef\nGemensam växel;Gislaved;Gislaved och Gnosjö;Kontaktfunktionen\n"
	r = e.upload("/natverk/ggvv/import", "kartlaggning.csv", []byte(csv))
	if r.Code != 200 {
		t.Fatalf("preview: %d\n%s", r.Code, r.Body)
	}
	wantContains(t, "preview", text(r.Body), "1 rader lästa, 1 kontrollerade.", "Gemensam växel", "Skapas", "Ansvarig chef")
	m := tokenRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no token in preview")
	}
	if e.count() != 0 {
		t.Fatalf("preview wrote records")
	}

	// The mapping step: the unknown column becomes the contact function.
	r = e.post("/natverk/ggvv/import/forhandsgranska", url.Values{"token": {m[1]}, "kolumn.3": {"contact"}})
	if r.Code != 200 || !strings.Contains(r.Body, `name="kolumn.3" value="contact"`) {
		t.Fatalf("mapping: %d\n%s", r.Code, r.Body)
	}

	r = e.post("/natverk/ggvv/import/bekrafta", url.Values{"token": {m[1]}, "kolumn.3": {"contact"}})
	if r.Code != 303 {
		t.Fatalf("confirm: %d\n%s", r.Code, r.Body)
	}
	if e.count() != 1 {
		t.Fatalf("count %d after import", e.count())
	}
	r = e.get(r.Header.Get("Location"))
	wantContains(t, "done", text(r.Body), "1 samverkan skapades, 0 ändrades och 0 var oförändrade.")

	// The upload is gone once used.
	r = e.post("/natverk/ggvv/import/bekrafta", url.Values{"token": {m[1]}})
	if r.Code != 422 || !strings.Contains(r.Body, "finns inte längre") {
		t.Errorf("reused token: %d", r.Code)
	}
}

func TestImportErrorsShown(t *testing.T) {
	e := newEnv(t)
	csv := "Namn;Värdkommun;Kommuner\nVäxel;Varnamå;Gislaved och Gnosjö\n"
	r := e.upload("/natverk/ggvv/import", "fel.csv", []byte(csv))
	if r.Code != 422 {
		t.Fatalf("preview with errors: %d", r.Code)
	}
	wantContains(t, "errors", text(r.Body), "Menade du Värnamo?", "Värdkommun", "Varnamå")
	if strings.Contains(r.Body, "/import/bekrafta") {
		t.Errorf("a plan with errors offers to confirm")
	}
	for _, bad := range [][]byte{nil, []byte("\x00\x01\x02 binärt skräp \xff\xfe"), []byte("PK\x03\x04trasig")} {
		r = e.upload("/natverk/ggvv/import", "x.xlsx", bad)
		if r.Code != 422 || !strings.Contains(r.Body, `class="error-summary"`) {
			t.Errorf("bad file %q: %d", bad, r.Code)
		}
	}
	if e.count() != 0 {
		t.Errorf("errors wrote records")
	}
}

func TestTemplateAndExportDownloads(t *testing.T) {
	e := newEnv(t)
	r := e.get("/import/mall.xlsx")
	if r.Code != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "samverkan-mall.xlsx") {
		t.Fatalf("template: %d %v", r.Code, r.Header)
	}
	if _, err := excelize.OpenReader(strings.NewReader(r.Body)); err != nil {
		t.Errorf("template is not a workbook: %v", err)
	}
	r = e.get("/natverk/ggvv")
	wantContains(t, "network page", r.Body, `href="/natverk/ggvv/export.xlsx"`, `href="/natverk/ggvv/export.csv?offentlig=1"`, `href="/natverk/ggvv/import"`)
	for _, path := range []string{"/natverk/ggvv/export.xlsx", "/natverk/ggvv/export.csv", "/natverk/ggvv/export.json?offentlig=1"} {
		if r := e.get(path); r.Code != 200 || r.Header.Get("Content-Disposition") == "" {
			t.Errorf("%s: %d", path, r.Code)
		}
	}
	if r := e.get("/natverk/finns-inte/export.csv"); r.Code != 404 {
		t.Errorf("unknown network: %d", r.Code)
	}
}

// uploadRequest is a multipart upload of data, with cookies.
func uploadRequest(t *testing.T, path, filename string, data []byte, cookies ...*http.Cookie) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("fil", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return req
}

// TestImportReadsOncePerRequest: the upload, the mapping step and the
// confirmation each read the file once (the importer logs each read).
func TestImportReadsOncePerRequest(t *testing.T) {
	e := newEnv(t)
	var logs syncBuffer
	h, err := web.New(web.Options{Store: e.db, Catalog: e.cat,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	h = asUser(h, testAdmin)
	do := func(req *http.Request) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	reads := func() int {
		n := strings.Count(logs.String(), `msg="import file read"`)
		logs.Reset()
		return n
	}
	csv := "Namn;Värdkommun;Kommuner;Ansvarig chef\nGemensam växel;Gislaved;Gislaved och Gnosjö;Kontaktfunktionen\n"
	rec := do(uploadRequest(t, "/natverk/ggvv/import", "k.csv", []byte(csv)))
	m := tokenRE.FindStringSubmatch(rec.Body.String())
	if rec.Code != 200 || m == nil {
		t.Fatalf("upload: %d", rec.Code)
	}
	if n := reads(); n != 1 {
		t.Errorf("upload read the file %d times, want once", n)
	}
	form := func(path string) *http.Request {
		req := httptest.NewRequest("POST", path, strings.NewReader(url.Values{"token": {m[1]}, "kolumn.3": {"contact"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
	if rec := do(form("/natverk/ggvv/import/forhandsgranska")); rec.Code != 200 {
		t.Fatalf("mapping: %d", rec.Code)
	}
	if n := reads(); n != 1 {
		t.Errorf("the mapping step read the file %d times, want once", n)
	}
	if rec := do(form("/natverk/ggvv/import/bekrafta")); rec.Code != 303 {
		t.Fatalf("confirm: %d", rec.Code)
	}
	if n := reads(); n != 1 {
		t.Errorf("the confirmation read the file %d times, want once", n)
	}
}

// syncBuffer is a bytes.Buffer a handler may log to while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.b.String() }
func (b *syncBuffer) Reset()         { b.mu.Lock(); defer b.mu.Unlock(); b.b.Reset() }

// TestImportBusy: with every import slot taken, an upload gets a 503 with
// Retry-After and says so, in Swedish and English; nothing is written.
func TestImportBusy(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var releases []func()
	for range tabular.MaxConcurrentImports {
		release, err := tabular.Imports.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	csv := []byte("Namn;Värdkommun;Kommuner\nVäxel;Gislaved;Gislaved och Gnosjö\n")
	r := e.do(uploadRequest(t, "/natverk/ggvv/import", "k.csv", csv))
	if r.Code != 503 || r.Header.Get("Retry-After") == "" {
		t.Errorf("busy upload: %d, Retry-After %q", r.Code, r.Header.Get("Retry-After"))
	}
	wantContains(t, "busy", text(r.Body), "Servern läser redan in andra filer. Vänta en stund och försök igen.")
	r = e.do(uploadRequest(t, "/natverk/ggvv/import", "k.csv", csv, &http.Cookie{Name: "lang", Value: "en"}))
	wantContains(t, "busy, English", text(r.Body), "The server is already reading other files.")
	for _, release := range releases {
		release()
	}
	if r := e.upload("/natverk/ggvv/import", "k.csv", csv); r.Code != 200 {
		t.Errorf("upload once the slots are free: %d", r.Code)
	}
	if e.count() != 0 {
		t.Errorf("records written")
	}
}

// TestImportLimitsShown: a file over a limit is refused on the form with
// the cell it concerns, in Swedish and in English.
func TestImportLimitsShown(t *testing.T) {
	e := newEnv(t)
	csv := []byte("Namn;Värdkommun\nVäxel;Gislaved\nLön;" + strings.Repeat("å", 40000) + "\n")
	r := e.upload("/natverk/ggvv/import", "lang.csv", csv)
	if r.Code != 422 {
		t.Fatalf("long cell: %d", r.Code)
	}
	wantContains(t, "long cell", text(r.Body), "Cell B3 (rad 3) har 40 000 tecken. En cell får ha högst 32 767 tecken")
	r = e.do(uploadRequest(t, "/natverk/ggvv/import", "lang.csv", csv, &http.Cookie{Name: "lang", Value: "en"}))
	wantContains(t, "long cell, English", text(r.Body), "Cell B3 (row 3) has 40000 characters. A cell may have at most 32767 characters")
	if e.count() != 0 {
		t.Errorf("records written")
	}
}
