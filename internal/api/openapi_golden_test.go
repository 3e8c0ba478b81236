package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/samverkan/samverkan/internal/refdata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// TestOpenAPIGolden keeps /openapi.json, the API's contract, in
// testdata/openapi.golden.json, so every change to the contract shows in
// review. After a deliberate change: go test ./internal/api/ -run Golden -update
func TestOpenAPIGolden(t *testing.T) {
	h := New(Options{Catalog: refdata.MustCatalog()})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /openapi.json = %d: %s", rec.Code, rec.Body)
	}
	var got bytes.Buffer
	if err := json.Indent(&got, rec.Body.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "openapi.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("/openapi.json differs from %s at %s; if the change is meant, run go test ./internal/api/ -run Golden -update and review the diff",
			golden, firstDiff(got.Bytes(), want))
	}
}

// firstDiff names the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return fmt.Sprintf("line %d: got %s, want %s", i+1, bytes.TrimSpace(gl), bytes.TrimSpace(wl))
		}
	}
	return "(no line differs)"
}

// TestOpenAPIServedOnce: the document built once at start is the one
// openAPI builds, encoded as every response is (no HTML escaping), under
// the ETag hashed from its default encoding as before; a client holding
// that tag gets 304.
func TestOpenAPIServedOnce(t *testing.T) {
	s := &Server{cat: refdata.MustCatalog(), mux: http.NewServeMux()}
	s.register()
	doc := s.openAPI()
	var tagged, body bytes.Buffer
	if err := json.NewEncoder(&tagged).Encode(doc); err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	h := fnv.New64a()
	h.Write(tagged.Bytes())
	etag := fmt.Sprintf(`"r-%x"`, h.Sum64())

	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") != etag || !bytes.Equal(rec.Body.Bytes(), body.Bytes()) ||
		rec.Header().Get("Content-Type") != contentTypeJSON || rec.Header().Get("Content-Length") != fmt.Sprint(body.Len()) {
		t.Fatalf("GET /openapi.json = %d, ETag %s (want %s), %d bytes (want %d), %v", rec.Code, rec.Header().Get("ETag"), etag,
			rec.Body.Len(), body.Len(), rec.Header())
	}
	req := httptest.NewRequest(http.MethodGet, "/openapi.json", nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	s.mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("with its ETag = %d, %d bytes; want 304", rec.Code, rec.Body.Len())
	}
}
