package api_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// formBody is a multipart/form-data body with the given fields, in order.
func formBody(t *testing.T, fields ...[2]string) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		var err error
		if f[0] == "file" {
			w, cerr := mw.CreateFormFile("file", "samverkan.csv")
			if cerr != nil {
				t.Fatal(cerr)
			}
			_, err = w.Write([]byte(f[1]))
		} else {
			err = mw.WriteField(f[0], f[1])
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

// TestImportForm: the import takes the file as the part named file of a
// multipart/form-data body, as curl -F and HTML forms send it.
func TestImportForm(t *testing.T) {
	a := newTestAPI(t)
	sqldbtest.MustCreateNetwork(t, a.store, sqldbtest.Network("ggvv", gislaved, gnosjo, vaggeryd, varnamo))
	good := "Namn;Värdkommun;Deltagande kommuner\nVäxel;Gislaved;Gislaved och Gnosjö\n"
	post := func(body []byte, ct string, want int) response {
		t.Helper()
		return a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks/ggvv/import?dry_run=true", Body: body,
			Header: map[string]string{"Content-Type": ct}}, want)
	}

	body, ct := formBody(t, [2]string{"comment", "först ett annat fält"}, [2]string{"file", good})
	res := post(body, ct, http.StatusOK)
	if !strings.Contains(string(res.Body), `"action":"create"`) {
		t.Errorf("form import: %s", res.Body)
	}

	body, ct = formBody(t, [2]string{"comment", "ingen fil"})
	if p := problem(t, post(body, ct, http.StatusUnprocessableEntity)); !hasField(p, "file", "required") {
		t.Errorf("form without a file: %+v", p)
	}

	body, ct = formBody(t, [2]string{"file", good + strings.Repeat("x", 10<<20)})
	problem(t, post(body, ct, http.StatusRequestEntityTooLarge))

	problem(t, post([]byte("inte en form"), "multipart/form-data", http.StatusBadRequest))
}

// TestExportJSONLists: the JSON export shows records as the API does,
// lists empty rather than null and display names filled.
func TestExportJSONLists(t *testing.T) {
	a := newTestAPI(t)
	sqldbtest.MustCreateNetwork(t, a.store, sqldbtest.Network("tom", gislaved, gnosjo))
	res := a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/tom/export?format=json"}, http.StatusOK)
	if !strings.Contains(string(res.Body), `"collaborations": []`) {
		t.Errorf("an empty network's export: %s", res.Body)
	}

	sqldbtest.MustCreateNetwork(t, a.store, sqldbtest.Network("ggvv", gislaved, gnosjo, vaggeryd, varnamo))
	body := collaborationBody("Växel", gislaved, gnosjo)
	body["networks"] = []string{"ggvv"}
	a.createCollaboration(body)
	res = a.mustDo(req{Method: http.MethodGet, Path: "/api/v1/networks/ggvv/export?format=json"}, http.StatusOK)
	var e struct {
		Network struct {
			Members []struct{ Name string } `json:"members"`
		} `json:"network"`
		Collaborations []map[string]any `json:"collaborations"`
	}
	if err := json.Unmarshal(res.Body, &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Collaborations) != 1 || len(e.Network.Members) == 0 || e.Network.Members[0].Name == "" {
		t.Fatalf("export: %s", res.Body)
	}
	for _, k := range []string{"contacts", "documents", "sources", "relations", "purposes"} {
		if _, ok := e.Collaborations[0][k].([]any); !ok {
			t.Errorf("%s = %v, want a list", k, e.Collaborations[0][k])
		}
	}
	ps, _ := e.Collaborations[0]["participants"].([]any)
	if len(ps) != 2 || ps[0].(map[string]any)["name"] == nil {
		t.Errorf("participants without names: %v", ps)
	}
}
