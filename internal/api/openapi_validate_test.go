package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
)

// conformance sends real requests to the API over the demo data, behind the
// real auth middleware, and checks each request and its real response
// against the OpenAPI document the API serves, with kin-openapi.
type conformance struct {
	t      *testing.T
	h      http.Handler
	store  samverkan.Store
	router routers.Router
	tokens map[string]string // role → API token
	// covered counts the validated samples per route, by its pattern.
	covered map[string]int
}

// Who sends a sample: nobody, an admin, or a reader of the v6 network
// (logged in, allowed to read, refused every write).
const (
	asNobody = ""
	asAdmin  = "admin"
	asReader = "reader"
)

func init() {
	// kin-openapi's text/csv decoder reads comma-separated CSV; the API
	// writes semicolons (as Swedish Excel does) and reads either. The
	// document describes CSV as text, so check that it is well-formed CSV
	// with the delimiter of its header line and hand on the text.
	openapi3filter.RegisterBodyDecoder("text/csv", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		text := strings.TrimPrefix(string(data), "\uFEFF")
		header, _, _ := strings.Cut(text, "\n")
		r := csv.NewReader(strings.NewReader(text))
		if strings.Count(header, ";") > strings.Count(header, ",") {
			r.Comma = ';'
		}
		if _, err := r.ReadAll(); err != nil {
			return nil, err
		}
		return string(data), nil
	})
}

func newConformance(t *testing.T) *conformance {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc, err := auth.New(ctx, auth.Options{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	// A job runner as serve has one, for the background export.
	cat := refdata.MustCatalog()
	runner := jobs.NewRunner(db, nil, map[string]jobs.Handler{
		tabular.ExportJobKind: tabular.ExportJobHandler(db, cat, db, api.PresentExport(cat))}, jobs.Options{Poll: 20 * time.Millisecond})
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { runner.Shutdown(context.Background()) })
	c := &conformance{t: t, store: db, tokens: map[string]string{}, covered: map[string]int{},
		h: svc.Middleware(api.New(api.Options{Store: db, Catalog: cat, Auth: svc, Jobs: runner}))}
	for role, g := range map[string]samverkan.Grant{
		asAdmin:  {Role: samverkan.RoleAdmin},
		asReader: {Role: samverkan.RoleReader, Network: "v6"},
	} {
		u := &samverkan.User{Email: role + "@oas.test.samverkan.se", Grants: []samverkan.Grant{g}}
		if err := svc.CreateUser(ctx, u, "ett långt testlösenord"); err != nil {
			t.Fatal(err)
		}
		if c.tokens[role], _, err = svc.CreateToken(ctx, u, "oas"); err != nil {
			t.Fatal(err)
		}
	}

	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /openapi.json = %d", rec.Code)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(closed(t, rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("load /openapi.json: %v", err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("/openapi.json is not a valid OpenAPI document: %v", err)
	}
	if c.router, err = gorillamux.NewRouter(doc); err != nil {
		t.Fatal(err)
	}
	return c
}

// closed returns the document with every object schema closed to
// properties it does not list, so a field a response sends and the
// document leaves out fails validation. The API itself refuses unknown
// fields in a request body (400), and says so; the served document stays
// open for fields added later.
func closed(t *testing.T, doc []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["properties"].(map[string]any); ok && v["additionalProperties"] == nil {
				if v["allOf"] != nil || v["anyOf"] != nil || v["oneOf"] != nil {
					t.Fatalf("closed: a schema with properties and a combinator: %v", v)
				}
				v["additionalProperties"] = false
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(m["components"])
	walk(m["paths"])
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sample is one request and what must come of it.
type sample struct {
	as     string // asNobody, asAdmin or asReader
	r      req    // Body: string or []byte as is, else JSON; Content-Type as given or application/json
	status int
	// offSpec says the request itself breaks the document (a value
	// outside an enum, no credentials, an undocumented media type):
	// request validation must then fail, otherwise it must pass.
	offSpec bool
}

// check sends s, validates the request and the real response against the
// document and returns the response.
func (c *conformance) check(s sample) response {
	c.t.Helper()
	name := s.r.Method + " " + s.r.Path
	if s.r.Method == "" {
		s.r.Method = http.MethodGet
		name = "GET " + s.r.Path
	}
	var body []byte
	switch b := s.r.Body.(type) {
	case nil:
	case string:
		body = []byte(b)
	case []byte:
		body = b
	default:
		var err error
		if body, err = json.Marshal(b); err != nil {
			c.t.Fatal(err)
		}
	}
	newReq := func() *http.Request {
		r := httptest.NewRequest(s.r.Method, s.r.Path, bytes.NewReader(body))
		if body == nil {
			r = httptest.NewRequest(s.r.Method, s.r.Path, nil)
		} else {
			r.Header.Set("Content-Type", "application/json")
		}
		for k, v := range s.r.Header {
			r.Header.Set(k, v)
		}
		if tok := c.tokens[s.as]; tok != "" {
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		return r
	}

	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, newReq())
	res := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if res.Status != s.status {
		c.t.Errorf("%s = %d, want %d; body: %.300s", name, res.Status, s.status, res.Body)
	}

	hr := newReq()
	route, params, err := c.router.FindRoute(hr)
	if err != nil {
		c.t.Errorf("%s: not in /openapi.json: %v", name, err)
		return res
	}
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: authenticated, MultiError: true, RejectWhenRequestBodyNotSpecified: true}}
	switch err := openapi3filter.ValidateRequest(ctx, in); {
	case err != nil && !s.offSpec:
		c.t.Errorf("%s: the request breaks /openapi.json: %v", name, err)
	case err == nil && s.offSpec:
		c.t.Errorf("%s: the request was meant to break /openapi.json, but it validates", name)
	}

	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.Status, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		c.t.Errorf("%s: the %d response breaks /openapi.json: %v", name, res.Status, err)
	}
	// kin-openapi passes a body the document has no content for and
	// headers it does not declare; a client can rely on neither.
	if spec := route.Operation.Responses.Status(res.Status); spec != nil && spec.Value != nil {
		if len(res.Body) > 0 && len(spec.Value.Content) == 0 {
			c.t.Errorf("%s: the %d response has a %s body, /openapi.json none", name, res.Status, res.Header.Get("Content-Type"))
		}
		for _, h := range []string{"ETag", "Location", "WWW-Authenticate"} {
			if res.Header.Get(h) != "" && spec.Value.Headers[h] == nil {
				c.t.Errorf("%s: the %d response sends %s, which /openapi.json does not declare", name, res.Status, h)
			}
		}
	}
	c.covered[route.Method+" "+route.Path]++
	return res
}

// authenticated is the credential check of request validation: the
// document's schemes are a Bearer token and the session cookie.
func authenticated(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	switch s := in.SecurityScheme; {
	case s.Type == "http" && s.Scheme == "bearer" && strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "):
		return nil
	case s.Type == "apiKey" && s.In == "cookie":
		if _, err := r.Cookie(s.Name); err == nil {
			return nil
		}
	}
	return errors.New("no credentials")
}

// ok is a sample by an admin that keeps to the document and gets status.
func (c *conformance) ok(r req, status int) response {
	c.t.Helper()
	return c.check(sample{as: asAdmin, r: r, status: status})
}

// off is a sample by an admin whose request breaks the document.
func (c *conformance) off(r req, status int) response {
	c.t.Helper()
	return c.check(sample{as: asAdmin, r: r, status: status, offSpec: true})
}

func decodeJSON[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(res.Body, &v); err != nil {
		t.Fatalf("decode %.300s: %v", res.Body, err)
	}
	return v
}

// asBody is v as a client sends it back: without what the server fills.
func asBody(t *testing.T, v any, change func(m map[string]any)) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "created", "updated", "example"} {
		delete(m, k)
	}
	// Display names are read-only: filled on read, not sent back.
	for _, k := range []string{"participants", "members"} {
		if list, ok := m[k].([]any); ok {
			for _, x := range list {
				delete(x.(map[string]any), "name")
			}
		}
	}
	if change != nil {
		change(m)
	}
	return m
}

// TestOpenAPIConformance validates /openapi.json with kin-openapi, then
// sends real requests to every route of the API's table, successes and the
// typical refusals, and validates each request and real response against
// the document: status, media type, body schema, ETag and Location. A
// route without a validated sample fails the test.
func TestOpenAPIConformance(t *testing.T) {
	c := newConformance(t)
	ifMatch := func(v int) map[string]string { return map[string]string{"If-Match": `"` + strconv.Itoa(v) + `"`} }
	stale := map[string]string{"If-Match": `"999"`}

	// The document and the reference data.
	c.check(sample{as: asNobody, r: req{Path: "/openapi.json"}, status: 200})
	c.check(sample{as: asNobody, r: req{Path: "/openapi.json?x=1"}, status: 400})
	etag := c.ok(req{Path: "/api/v1/municipalities?county=06&q=gis"}, 200).Header.Get("ETag")
	c.ok(req{Path: "/api/v1/municipalities?county=06&q=gis", Header: map[string]string{"If-None-Match": etag}}, 304)
	c.ok(req{Path: "/api/v1/municipalities?county=99"}, 400)
	c.off(req{Path: "/api/v1/municipalities?county=six"}, 400)
	c.check(sample{as: asNobody, r: req{Path: "/api/v1/municipalities"}, status: 401, offSpec: true})
	c.ok(req{Path: "/api/v1/municipalities/" + gislaved}, 200)
	c.ok(req{Path: "/api/v1/municipalities/9999"}, 404)
	c.ok(req{Path: "/api/v1/municipalities/" + gislaved + "/collaborations?status=igang&sort=-title&limit=5"}, 200)
	c.ok(req{Path: "/api/v1/municipalities/0331/decisions?pending=true"}, 200)
	c.ok(req{Path: "/api/v1/municipalities/0331/decisions"}, 200)
	c.ok(req{Path: "/api/v1/municipalities/0331/report-9-38?year=2024"}, 200)
	c.ok(req{Path: "/api/v1/municipalities/0331/oversight?year=2024"}, 200)
	c.off(req{Path: "/api/v1/municipalities/0331/oversight?year=tjugo"}, 400)
	c.off(req{Path: "/api/v1/municipalities/0331/report-9-38?year=1800"}, 400)
	c.ok(req{Path: "/api/v1/areas"}, 200)
	c.ok(req{Path: "/api/v1/legal-forms"}, 200)
	c.ok(req{Path: "/api/v1/statuses"}, 200)

	// Networks.
	c.ok(req{Path: "/api/v1/networks"}, 200)
	c.ok(req{Path: "/api/v1/networks/ggvv"}, 200)
	c.ok(req{Path: "/api/v1/networks/finns-inte"}, 404)
	c.ok(req{Path: "/api/v1/networks/ggvv/collaborations?limit=2"}, 200)
	c.ok(req{Path: "/api/v1/networks/ggvv/decisions?pending=true"}, 200)
	c.ok(req{Path: "/api/v1/networks/ggvv/matrix"}, 200)
	c.ok(req{Path: "/api/v1/networks/finns-inte/matrix"}, 404)
	c.ok(req{Path: "/api/v1/networks/c-tillsammans/gaps?lang=en"}, 200)
	c.ok(req{Path: "/api/v1/networks/ggvv/gaps"}, 200)
	c.ok(req{Path: "/api/v1/networks/region-10/graph"}, 200)
	c.ok(req{Path: "/api/v1/networks/finns-inte/graph"}, 404)
	c.ok(req{Path: "/api/v1/networks/ggvv/key-functions"}, 200)
	kf := decodeJSON[samverkan.MunicipalityKeyFunctions](t, c.ok(req{Path: "/api/v1/municipalities/0617/key-functions"}, 200))
	kf.Entries[0].Note = "Ändrad"
	kf = decodeJSON[samverkan.MunicipalityKeyFunctions](t, c.ok(req{Method: "PUT", Path: "/api/v1/municipalities/0617/key-functions", Body: asBody(t, kf, nil), Header: ifMatch(kf.Version)}, 200))
	c.ok(req{Method: "PUT", Path: "/api/v1/municipalities/0617/key-functions", Body: asBody(t, kf, nil), Header: stale}, 412)
	c.ok(req{Method: "PUT", Path: "/api/v1/municipalities/0140/key-functions", Body: map[string]any{"entries": []map[string]any{{"function": "arkivarie", "fte": 0.5}}}}, 201)
	c.off(req{Method: "PUT", Path: "/api/v1/municipalities/0140/key-functions", Body: map[string]any{"entries": []map[string]any{{"function": "arkivarie", "recruitment_difficulty": 9}}}, Header: ifMatch(1)}, 422)
	c.ok(req{Method: "PUT", Path: "/api/v1/municipalities/0140/key-functions", Body: map[string]any{"entries": []map[string]any{{"function": "arkivarie", "fte": 1}, {"function": "arkivarie", "fte": 2}}}, Header: ifMatch(1)}, 422)
	c.ok(req{Path: "/api/v1/municipalities/9999/key-functions"}, 404)
	c.ok(req{Path: "/api/v1/networks/c-tillsammans/decisions"}, 200)
	n := decodeJSON[samverkan.Network](t, c.ok(req{Method: "POST", Path: "/api/v1/networks", Body: networkBody("oas")}, 201))
	c.ok(req{Method: "POST", Path: "/api/v1/networks", Body: networkBody("oas")}, 409)
	c.check(sample{as: asReader, r: req{Method: "POST", Path: "/api/v1/networks", Body: networkBody("oas-2")}, status: 403})
	c.ok(req{Method: "POST", Path: "/api/v1/networks", Body: asBody(t, networkBody("oas-2"), func(m map[string]any) {
		m["members"] = []map[string]any{{"code": "9999"}, {"code": gnosjo}}
	})}, 422)
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/oas", Body: asBody(t, n, nil), Header: ifMatch(n.Version)}, 200)
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/oas", Body: asBody(t, n, nil), Header: stale}, 412)
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/oas", Body: asBody(t, n, func(m map[string]any) { delete(m, "version") })}, 428)

	// Export and import.
	for _, f := range []string{"xlsx", "csv", "json"} {
		c.ok(req{Path: "/api/v1/networks/ggvv/export?format=" + f}, 200)
		c.ok(req{Path: "/api/v1/networks/ggvv/export?public=true&format=" + f}, 200)
	}
	c.off(req{Path: "/api/v1/networks/ggvv/export?format=pdf"}, 400)
	csvType := map[string]string{"Content-Type": "text/csv"}
	good := "Namn;Värdkommun;Deltagande kommuner;Årlig kostnad\nVäxel;Gislaved;Gislaved och Gnosjö;1,2 mnkr\n"
	c.ok(req{Method: "POST", Path: "/api/v1/networks/oas/import?dry_run=true", Body: good, Header: csvType}, 200)
	file, ct := formBody(t, [2]string{"file", good})
	c.ok(req{Method: "POST", Path: "/api/v1/networks/oas/import", Body: file, Header: map[string]string{"Content-Type": ct}}, 200)
	bad := "Namn;Värdkommun;Deltagande kommuner\nVäxel;Varnamå;Gislaved och Gnosjö\n"
	c.ok(req{Method: "POST", Path: "/api/v1/networks/oas/import", Body: bad, Header: csvType}, 422)
	c.off(req{Method: "POST", Path: "/api/v1/networks/oas/import", Body: "{}"}, 415)

	// Areas to review: an everyday file keeps an unknown area, which the
	// network then maps.
	everyday := "Namn;Verksamhet;Värdkommun;Berörda kommuner\nSkolläkare;Elevhälsa;Gislaved;Gislaved och Gnosjö\n"
	c.ok(req{Method: "POST", Path: "/api/v1/networks/oas/import", Body: everyday, Header: csvType}, 200)
	review := decodeJSON[list[samverkan.AreaReview]](t, c.ok(req{Path: "/api/v1/networks/oas/areas-to-review"}, 200))
	if len(review.Items) != 1 || review.Items[0].Text != "Elevhälsa" {
		t.Errorf("areas to review: %+v", review.Items)
	}
	c.ok(req{Path: "/api/v1/networks/oas/area-mappings"}, 200)
	c.ok(req{Method: "POST", Path: "/api/v1/networks/oas/area-mappings", Body: map[string]any{"text": "elevhalsa", "area": "440"}}, 200)
	c.ok(req{Method: "POST", Path: "/api/v1/networks/oas/area-mappings", Body: map[string]any{"text": "  ", "area": "440"}}, 422)
	c.off(req{Method: "POST", Path: "/api/v1/networks/oas/area-mappings", Body: map[string]any{"text": "Elevhälsa", "area": "999"}}, 422)
	c.off(req{Method: "POST", Path: "/api/v1/networks/oas/area-mappings", Body: map[string]any{"text": "Elevhälsa", "omrade": "440"}}, 400)
	c.ok(req{Path: "/api/v1/networks/finns-inte/areas-to-review"}, 404)

	// Collaborations.
	c.ok(req{Path: "/api/v1/collaborations?network=ggvv&area=X-IT&phase=running&limit=2"}, 200)
	c.ok(req{Path: "/api/v1/collaborations?limit=1"}, 200)
	c.off(req{Path: "/api/v1/collaborations?limit=0"}, 400)
	c.off(req{Path: "/api/v1/collaborations?status=okand"}, 400)
	body := collaborationBody("Gemensam växel", gislaved, gnosjo)
	col := decodeJSON[samverkan.Collaboration](t, c.ok(req{Method: "POST", Path: "/api/v1/collaborations", Body: body}, 201))
	id := "/api/v1/collaborations/" + strconv.FormatInt(col.ID, 10)
	c.ok(req{Method: "POST", Path: "/api/v1/collaborations", Body: asBody(t, body, func(m map[string]any) { m["host"] = jonkoping })}, 422)
	c.off(req{Method: "POST", Path: "/api/v1/collaborations", Body: asBody(t, body, func(m map[string]any) { m["legal_form"] = "okand" })}, 422)
	c.off(req{Method: "POST", Path: "/api/v1/collaborations", Body: "{", Header: map[string]string{"Content-Type": "application/json"}}, 400)
	c.check(sample{as: asReader, r: req{Method: "POST", Path: "/api/v1/collaborations", Body: body}, status: 403})
	c.ok(req{Path: id}, 200)
	c.ok(req{Path: "/api/v1/collaborations/99999999"}, 404)
	col = decodeJSON[samverkan.Collaboration](t, c.ok(req{Method: "PUT", Path: id, Body: asBody(t, col, func(m map[string]any) { m["title"] = "Gemensam växel 2" }), Header: ifMatch(col.Version)}, 200))
	c.ok(req{Method: "PUT", Path: id, Body: asBody(t, col, nil), Header: stale}, 412)
	c.ok(req{Method: "PUT", Path: id, Body: asBody(t, col, func(m map[string]any) { delete(m, "version") })}, 428)
	c.ok(req{Path: id + "/events"}, 200)
	hist := decodeJSON[list[samverkan.AuditEvent]](t, c.ok(req{Path: id + "/history"}, 200))
	if len(hist.Items) < 2 {
		t.Fatalf("history: %+v", hist)
	}
	first := strconv.FormatInt(hist.Items[len(hist.Items)-1].ID, 10)
	col = decodeJSON[samverkan.Collaboration](t, c.ok(req{Method: "POST", Path: id + "/history/" + first + "/restore", Header: ifMatch(col.Version)}, 200))
	c.ok(req{Method: "POST", Path: id + "/history/" + first + "/restore", Header: stale}, 412)
	c.ok(req{Method: "POST", Path: id + "/history/99999999/restore", Header: ifMatch(col.Version)}, 404)

	// The pipeline: status, decisions, assessment.
	// Ending is gated like starting: the agreement ends once a member has
	// given notice (issue 13).
	c.ok(req{Method: "POST", Path: id + "/status", Body: map[string]any{"status": samverkan.StatusEnded, "note": "Klar."}, Header: ifMatch(col.Version)}, 409)
	c.ok(req{Method: "POST", Path: id + "/decisions", Body: map[string]any{"municipality": col.Participants[0].Code, "body": "namnd",
		"kind": samverkan.KindLeave, "outcome": samverkan.OutcomeApproved, "date": "2024-03-01", "date_unknown": false,
		"announced_on": "2024-03-05", "diarienummer": "KS 2024/77"}}, 201)
	c.ok(req{Method: "POST", Path: id + "/status", Body: map[string]any{"status": samverkan.StatusEnded, "note": "Klar."}, Header: ifMatch(col.Version)}, 200)
	idea := decodeJSON[samverkan.Collaboration](t, c.ok(req{Method: "POST", Path: "/api/v1/collaborations", Body: asBody(t, collaborationBody("Gemensam nämnd för IT", gislaved, gnosjo), func(m map[string]any) {
		m["legal_form"], m["status"] = samverkan.FormJointCommittee, samverkan.StatusDeciding
	})}, 201))
	ideaPath := "/api/v1/collaborations/" + strconv.FormatInt(idea.ID, 10)
	c.ok(req{Method: "POST", Path: ideaPath + "/status", Body: map[string]any{"status": samverkan.StatusDecided, "version": idea.Version}}, 409)
	c.ok(req{Method: "POST", Path: ideaPath + "/status", Body: map[string]any{"status": samverkan.StatusDecided}}, 428)
	c.off(req{Method: "POST", Path: ideaPath + "/status", Body: map[string]any{"status": "okand", "version": idea.Version}}, 422)
	c.ok(req{Path: ideaPath + "/decision-path"}, 200)
	c.ok(req{Path: "/api/v1/legal-references"}, 200)
	c.ok(req{Path: ideaPath + "/decision-settings"}, 200)
	ps := decodeJSON[samverkan.PathSettings](t, c.ok(req{Method: "PUT", Path: ideaPath + "/decision-settings",
		Body: map[string]any{"staff_transfer": true, "require_legal_force": false, "org_number": "", "version": 0}}, 200))
	c.ok(req{Method: "PUT", Path: ideaPath + "/decision-settings", Body: map[string]any{"org_number": "12-3", "version": ps.Version}}, 422)
	c.ok(req{Method: "PUT", Path: ideaPath + "/decision-settings", Body: map[string]any{"version": 0}}, 412)
	c.ok(req{Path: ideaPath + "/representation"}, 200)
	rep := decodeJSON[samverkan.Representation](t, c.ok(req{Method: "PUT", Path: ideaPath + "/representation",
		Body: map[string]any{"seats": []any{map[string]any{"member": "k:" + gislaved, "seats": 2, "substitutes": 2, "elected_by": "kf"}},
			"data_protection": map[string]any{"controller": samverkan.ControllerJoint, "controller_member": "", "arrangement": samverkan.ArrangementJoint,
				"archive_member": "k:" + gnosjo, "archive_body": ""}, "version": 0}}, 200))
	c.ok(req{Method: "PUT", Path: ideaPath + "/representation", Body: map[string]any{"seats": []any{map[string]any{"member": "k:0180", "seats": 1}},
		"version": rep.Version}}, 422)
	c.off(req{Method: "PUT", Path: ideaPath + "/representation", Body: map[string]any{"seats": []any{map[string]any{"member": "k:" + gislaved, "seats": 100}},
		"version": rep.Version}}, 422)
	c.ok(req{Method: "PUT", Path: ideaPath + "/representation", Body: map[string]any{"version": 0}}, 412)
	c.ok(req{Path: ideaPath + "/decisions"}, 200)
	decision := map[string]any{"municipality": gislaved, "body": "kf", "kind": samverkan.KindAdopt, "outcome": samverkan.OutcomeApproved,
		"date": "2024-03-01", "paragraph": "§ 12", "document": "samverkansavtal"}
	d := decodeJSON[samverkan.Decision](t, c.ok(req{Method: "POST", Path: ideaPath + "/decisions", Body: decision}, 201))
	c.ok(req{Method: "POST", Path: ideaPath + "/decisions", Body: asBody(t, decision, func(m map[string]any) { m["municipality"] = jonkoping })}, 422)
	c.off(req{Method: "POST", Path: ideaPath + "/decisions", Body: asBody(t, decision, func(m map[string]any) { m["outcome"] = "kanske" })}, 422)
	did := "/api/v1/decisions/" + strconv.FormatInt(d.ID, 10)
	c.ok(req{Path: did}, 200)
	c.ok(req{Path: "/api/v1/decisions/99999999"}, 404)
	d = decodeJSON[samverkan.Decision](t, c.ok(req{Method: "PUT", Path: did, Body: asBody(t, d, func(m map[string]any) { m["note"] = "Protokollet justerat." }), Header: ifMatch(d.Version)}, 200))
	c.ok(req{Method: "PUT", Path: did, Body: asBody(t, d, nil), Header: stale}, 412)
	c.ok(req{Method: "DELETE", Path: did, Header: stale}, 412)
	c.ok(req{Method: "DELETE", Path: did}, 428)
	c.ok(req{Method: "DELETE", Path: did, Header: ifMatch(d.Version)}, 204)

	c.ok(req{Path: ideaPath + "/assessment"}, 404)
	assessment := map[string]any{"legal_feasibility": "mojlig", "procurement_basis": "organisatorisk_gn",
		"organisation":     []map[string]any{{"municipality": gislaved, "readiness": "hog", "digital_maturity": 4}},
		"economics":        map[string]any{"one_off_cost": 400000, "annual_cost": 1000000, "annual_saving": 1300000, "years": 4, "discount_rate": 3.5},
		"effects":          []map[string]any{{"purpose": "kvalitet", "effect": "positiv"}},
		"risks":            []map[string]any{{"category": "digital_mognad", "description": "Olika system.", "likelihood": 3, "impact": 2}},
		"recommended_form": samverkan.FormJointCommittee}
	a := decodeJSON[samverkan.Assessment](t, c.ok(req{Method: "PUT", Path: ideaPath + "/assessment", Body: assessment}, 201))
	c.ok(req{Path: ideaPath + "/assessment"}, 200)
	c.ok(req{Method: "PUT", Path: ideaPath + "/assessment", Body: assessment, Header: ifMatch(a.Version)}, 200)
	c.ok(req{Method: "PUT", Path: ideaPath + "/assessment", Body: assessment, Header: stale}, 412)
	c.off(req{Method: "PUT", Path: ideaPath + "/assessment", Body: asBody(t, assessment, func(m map[string]any) { m["legal_feasibility"] = "kanske" })}, 422)

	// The network's steering: plan, activities, follow-ups, report, history.
	ggvv := decodeJSON[list[samverkan.Collaboration]](t, c.ok(req{Path: "/api/v1/networks/ggvv/collaborations?limit=1"}, 200)).Items[0]
	c.ok(req{Path: "/api/v1/networks/ggvv/plan"}, 404)
	plan := map[string]any{"title": "Plan 2025–2027", "from_year": 2025, "to_year": 2027, "priorities": []map[string]any{
		{"title": "Gemensam IT", "goals": "En gemensam drift.", "purposes": []string{"Bättre service till invånarna"},
			"activities":     []map[string]any{{"title": "Kartlägg system", "responsible": "samverkanssamordnare", "due": "2025-06-30"}},
			"collaborations": []int64{ggvv.ID}},
	}}
	pv := decodeJSON[api.PlanView](t, c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: plan}, 201))
	c.ok(req{Path: "/api/v1/networks/ggvv/plan"}, 200)
	c.ok(req{Path: "/api/v1/networks/ggvv/plans"}, 200)
	pv = decodeJSON[api.PlanView](t, c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: plan, Header: ifMatch(pv.Version)}, 200))
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: plan, Header: stale}, 412)
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: plan}, 428)
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: asBody(t, plan, func(m map[string]any) { m["to_year"] = 2020 }), Header: ifMatch(pv.Version)}, 422)
	c.off(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan", Body: asBody(t, plan, func(m map[string]any) {
		m["priorities"] = []map[string]any{{"title": "X", "activities": []map[string]any{{"title": "Y", "status": "kanske"}}}}
	}), Header: ifMatch(pv.Version)}, 422)
	prio := pv.Priorities[0].ID
	pv = decodeJSON[api.PlanView](t, c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/plan/activities", Body: map[string]any{"priority": prio, "title": "Upphandla drift"}, Header: ifMatch(pv.Version)}, 201))
	c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/plan/activities", Body: map[string]any{"priority": 99, "title": "X"}, Header: ifMatch(pv.Version)}, 422)
	act := strconv.Itoa(pv.Priorities[0].Activities[0].ID)
	pv = decodeJSON[api.PlanView](t, c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan/activities/" + act, Body: map[string]any{"priority": prio, "title": "Kartlägg system", "status": "klar"}, Header: ifMatch(pv.Version)}, 200))
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan/activities/" + act, Body: map[string]any{"title": "Kartlägg system"}, Header: stale}, 412)
	c.ok(req{Method: "PUT", Path: "/api/v1/networks/ggvv/plan/activities/999", Body: map[string]any{"title": "X"}, Header: ifMatch(pv.Version)}, 404)

	gid := "/api/v1/collaborations/" + strconv.FormatInt(ggvv.ID, 10) + "/follow-ups/2025"
	c.ok(req{Path: gid}, 404)
	fu := map[string]any{"assessments": []map[string]any{{"purpose": "Bättre service till invånarna", "score": 3, "motivation": "Färre fel."}},
		"budget": 100000, "cost": nil, "indicators": []map[string]any{{"name": "Ärenden", "unit": "st", "value": 120, "target": nil}}, "narrative": "Ett år."}
	f := decodeJSON[samverkan.FollowUp](t, c.ok(req{Method: "PUT", Path: gid, Body: fu}, 201))
	c.ok(req{Path: gid}, 200)
	c.ok(req{Method: "PUT", Path: gid, Body: fu, Header: ifMatch(f.Version)}, 200)
	c.ok(req{Method: "PUT", Path: gid, Body: fu, Header: stale}, 412)
	c.ok(req{Method: "PUT", Path: gid, Body: asBody(t, fu, func(m map[string]any) {
		m["assessments"] = []map[string]any{{"purpose": "Okänt syfte", "score": 1}}
	}), Header: ifMatch(f.Version + 1)}, 422)
	c.off(req{Method: "PUT", Path: gid, Body: asBody(t, fu, func(m map[string]any) {
		m["assessments"] = []map[string]any{{"purpose": "Bättre service till invånarna", "score": 7}}
	}), Header: ifMatch(f.Version + 1)}, 422)
	c.ok(req{Path: "/api/v1/networks/ggvv/follow-ups?year=2025"}, 200)
	c.ok(req{Path: "/api/v1/networks/ggvv/follow-ups"}, 200)
	c.off(req{Path: "/api/v1/networks/ggvv/follow-ups?year=tjugo"}, 400)
	c.ok(req{Path: "/api/v1/networks/ggvv/report/2025"}, 200)
	c.ok(req{Path: "/api/v1/networks/finns-inte/report/2025"}, 404)

	nh := decodeJSON[list[samverkan.AuditEvent]](t, c.ok(req{Path: "/api/v1/networks/ggvv/history"}, 200))
	gn := decodeJSON[samverkan.Network](t, c.ok(req{Path: "/api/v1/networks/ggvv"}, 200))
	firstNet := strconv.FormatInt(nh.Items[0].ID, 10)
	c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/history/" + firstNet + "/restore", Header: stale}, 412)
	c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/history/" + firstNet + "/restore", Header: ifMatch(gn.Version)}, 200)
	c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/history/99999999/restore", Header: ifMatch(gn.Version + 1)}, 404)

	// Deletions last.
	c.ok(req{Method: "DELETE", Path: ideaPath, Header: stale}, 412)
	idea = decodeJSON[samverkan.Collaboration](t, c.ok(req{Path: ideaPath}, 200))
	c.ok(req{Method: "DELETE", Path: ideaPath + "?version=" + strconv.Itoa(idea.Version)}, 204)
	c.ok(req{Method: "DELETE", Path: ideaPath + "?version=1"}, 404)
	gone := decodeJSON[samverkan.Network](t, c.ok(req{Method: "POST", Path: "/api/v1/networks", Body: networkBody("oas-borta")}, 201))
	c.check(sample{as: asReader, r: req{Method: "DELETE", Path: "/api/v1/networks/oas-borta", Header: ifMatch(gone.Version)}, status: 403})
	c.ok(req{Method: "DELETE", Path: "/api/v1/networks/oas-borta", Header: ifMatch(gone.Version)}, 204)

	lifeConformance(t, c)        // netlife_test.go
	moneyConformance(t, c, ggvv) // costshare_test.go
	openConformance(t, c)        // opendata_test.go

	// Reminders and background jobs (reminder.go).
	rem := decodeJSON[samverkan.ReminderSettings](t, c.ok(req{Path: "/api/v1/me/reminders"}, 200))
	remBody := map[string]any{"kinds": []string{samverkan.ReminderNotice}, "networks": []string{"ggvv"},
		"municipalities": []string{gislaved}, "lead_days": 30, "decision_days": 60, "email": true, "language": "sv"}
	rem = decodeJSON[samverkan.ReminderSettings](t, c.ok(req{Method: "PUT", Path: "/api/v1/me/reminders", Body: remBody}, 200))
	if rem.Version != 1 {
		t.Errorf("reminders saved at version %d", rem.Version)
	}
	c.ok(req{Method: "PUT", Path: "/api/v1/me/reminders", Body: remBody, Header: stale}, 412)
	c.off(req{Method: "PUT", Path: "/api/v1/me/reminders", Body: asBody(t, remBody, func(m map[string]any) { m["lead_days"] = 999 }), Header: ifMatch(rem.Version)}, 422)
	c.ok(req{Method: "PUT", Path: "/api/v1/me/reminders", Body: asBody(t, remBody, func(m map[string]any) { m["networks"] = []string{"finns-inte"} }), Header: ifMatch(rem.Version)}, 422)
	c.ok(req{Path: "/api/v1/networks/ggvv/deadlines"}, 200)
	c.ok(req{Path: "/api/v1/networks/finns-inte/deadlines"}, 404)
	j := &jobs.Job{Kind: "import", Network: "ggvv", Total: 10}
	if err := c.store.(jobs.Store).EnqueueJob(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	c.ok(req{Path: "/api/v1/jobs/" + strconv.FormatInt(j.ID, 10)}, 200)
	c.ok(req{Path: "/api/v1/jobs/99999999"}, 404)
	// A background export: 202 with the job at its Location, then its file.
	started := c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/exports", Body: map[string]any{"format": "csv"}}, 202)
	ej := decodeJSON[api.JobView](t, started)
	if loc := started.Header.Get("Location"); loc != "/api/v1/jobs/"+strconv.FormatInt(ej.ID, 10) || ej.Kind != tabular.ExportJobKind || ej.File != nil {
		t.Errorf("export started: Location %q, job %+v", loc, ej)
	}
	for deadline := time.Now().Add(20 * time.Second); ej.Status != jobs.StatusDone && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		ej = decodeJSON[api.JobView](t, c.ok(req{Path: "/api/v1/jobs/" + strconv.FormatInt(ej.ID, 10)}, 200))
	}
	if ej.File == nil || *ej.File != "/api/v1/jobs/"+strconv.FormatInt(ej.ID, 10)+"/file" {
		t.Fatalf("finished export job %+v has no file", ej)
	}
	// The job's file is the synchronous export's: the same CSV, and for
	// JSON the same records as the API shows them (only the moment of
	// export differs).
	if got, want := c.ok(req{Path: *ej.File}, 200).Body, c.ok(req{Path: "/api/v1/networks/ggvv/export?format=csv"}, 200).Body; !bytes.Equal(got, want) {
		t.Errorf("the export job's CSV differs from GET …/export (%d vs %d bytes)", len(got), len(want))
	}
	jj := decodeJSON[api.JobView](t, c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/exports", Body: map[string]any{"format": "json", "public": true}}, 202))
	for deadline := time.Now().Add(20 * time.Second); jj.Status != jobs.StatusDone && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		jj = decodeJSON[api.JobView](t, c.ok(req{Path: "/api/v1/jobs/" + strconv.FormatInt(jj.ID, 10)}, 200))
	}
	if jj.File == nil {
		t.Fatalf("the JSON export job did not finish: %+v", jj)
	}
	withoutMoment := func(b []byte) string {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "exported")
		out, _ := json.Marshal(m)
		return string(out)
	}
	if got, want := withoutMoment(c.ok(req{Path: *jj.File}, 200).Body), withoutMoment(c.ok(req{Path: "/api/v1/networks/ggvv/export?format=json&public=true"}, 200).Body); got != want {
		t.Errorf("the export job's JSON differs from GET …/export:\n%.400s\n%.400s", got, want)
	}
	c.ok(req{Path: "/api/v1/jobs/" + strconv.FormatInt(j.ID, 10) + "/file"}, 404) // an import leaves no file
	c.ok(req{Path: "/api/v1/jobs/99999999/file"}, 404)
	c.ok(req{Method: "POST", Path: "/api/v1/networks/ggvv/exports", Body: map[string]any{}}, 202)
	c.off(req{Method: "POST", Path: "/api/v1/networks/ggvv/exports", Body: map[string]any{"format": "pdf"}}, 422)
	c.off(req{Method: "POST", Path: "/api/v1/networks/ggvv/exports", Body: map[string]any{"formatet": "csv"}}, 400)
	c.ok(req{Method: "POST", Path: "/api/v1/networks/finns-inte/exports", Body: map[string]any{"format": "csv"}}, 404)

	var missing []string
	for _, rr := range api.RouteRules() {
		if c.covered[rr.Pattern] == 0 {
			missing = append(missing, rr.Pattern)
		}
	}
	slices.Sort(missing)
	for _, p := range missing {
		t.Errorf("route %s has no validated sample in TestOpenAPIConformance", p)
	}
	t.Logf("validated samples per route: %v", c.covered)
}
