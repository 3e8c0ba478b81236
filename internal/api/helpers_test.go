package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// testAPI is the real handler over a fresh SQLite store.
type testAPI struct {
	t     *testing.T
	h     http.Handler
	store samverkan.Store
}

func newTestAPI(t *testing.T) *testAPI {
	t.Helper()
	var store samverkan.Store = sqldbtest.New(t)
	h := api.New(api.Options{Store: store, Catalog: refdata.MustCatalog()})
	// The handler's own tests act as an admin; roles and the real auth
	// middleware are tested in matrix_test.go.
	return &testAPI{t: t, h: asUser(h, testAdmin), store: store}
}

// response is a recorded response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// req describes one request; Body is marshalled unless it is a string.
type req struct {
	Method string
	Path   string
	Body   any
	Header map[string]string
}

func (a *testAPI) do(r req) response {
	a.t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			a.t.Fatalf("marshal body: %v", err)
		}
		body = bytes.NewReader(buf)
	}
	hr := httptest.NewRequest(r.Method, r.Path, body)
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.Header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, hr)
	return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

func (a *testAPI) get(path string) response {
	a.t.Helper()
	return a.do(req{Method: http.MethodGet, Path: path})
}

// mustDo performs r and fails the test unless the status is want.
func (a *testAPI) mustDo(r req, want int) response {
	a.t.Helper()
	res := a.do(r)
	if res.Status != want {
		a.t.Fatalf("%s %s = %d, want %d; body: %s", r.Method, r.Path, res.Status, want, res.Body)
	}
	return res
}

func decodeAs[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(res.Body, &v); err != nil {
		t.Fatalf("decode %s: %v", res.Body, err)
	}
	return v
}

type list[T any] struct {
	Items []T     `json:"items"`
	Total int     `json:"total"`
	Next  *string `json:"next"`
}

// problem decodes a problem+json response and checks its content type.
func problem(t *testing.T, res response) api.Problem {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type = %q, want application/problem+json; body: %s", ct, res.Body)
	}
	p := decodeAs[api.Problem](t, res)
	if p.Status != res.Status {
		t.Errorf("problem status = %d, response status %d", p.Status, res.Status)
	}
	if p.Type == "" || p.Title == "" || p.Detail == "" {
		t.Errorf("problem lacks type, title or detail: %+v", p)
	}
	return p
}

// hasField reports whether p names field (with code, when code != "").
func hasField(p api.Problem, field, code string) bool {
	for _, e := range p.Errors {
		if e.Field == field && (code == "" || e.Code == code) && e.Message != "" {
			return true
		}
	}
	return false
}

// GGVV members, and Jönköping outside the network.
const (
	gislaved  = "0662"
	gnosjo    = "0617"
	vaggeryd  = "0665"
	varnamo   = "0683"
	jonkoping = "0680"
)

func networkBody(slug string) map[string]any {
	return map[string]any{
		"slug": slug,
		"name": "GGVV",
		"members": []map[string]any{
			{"code": gislaved, "joined": "2015-01-01"}, {"code": gnosjo}, {"code": vaggeryd}, {"code": varnamo},
		},
		"coordinator": "Samverkanssamordnare",
		"public":      true,
	}
}

func collaborationBody(title string, codes ...string) map[string]any {
	var ps []map[string]any
	for _, c := range codes {
		ps = append(ps, map[string]any{"code": c})
	}
	return map[string]any{
		"title":        title,
		"description":  "Gemensam drift.",
		"areas":        []string{"X-IT"},
		"legal_form":   samverkan.FormAgreement,
		"status":       samverkan.StatusRunning,
		"host":         codes[0],
		"participants": ps,
		"start":        "2020-01-01",
		"annual_cost":  1200000,
		"cost_key":     "invanare",
		"public":       true,
	}
}

func (a *testAPI) createNetwork(slug string) samverkan.Network {
	a.t.Helper()
	res := a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/networks", Body: networkBody(slug)}, http.StatusCreated)
	return decodeAs[samverkan.Network](a.t, res)
}

func (a *testAPI) createCollaboration(body map[string]any) samverkan.Collaboration {
	a.t.Helper()
	res := a.mustDo(req{Method: http.MethodPost, Path: "/api/v1/collaborations", Body: body}, http.StatusCreated)
	return decodeAs[samverkan.Collaboration](a.t, res)
}

// count returns how many collaborations the store holds.
func (a *testAPI) count() int {
	a.t.Helper()
	_, n, err := a.store.FindCollaborations(context.Background(), samverkan.CollaborationFilter{Limit: 1})
	if err != nil {
		a.t.Fatalf("FindCollaborations: %v", err)
	}
	return n
}
