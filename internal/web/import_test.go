package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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
