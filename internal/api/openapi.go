package api

import (
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan"
)

// schemaFn yields the schema of a request or response body, registering
// the component schemas it refers to.
type schemaFn func(g *schemaGen) map[string]any

// opDoc documents one route. Path and query parameters come from the route
// table, so they cannot drift from what the handler accepts.
type opDoc struct {
	summary     string
	description string
	body        schemaFn // request body, nil for none
	status      int      // success status
	result      schemaFn // success body, nil for none
	errors      []int
}

// Error statuses most operations share.
var (
	readErrors  = []int{400, 404, 500}
	listErrors  = []int{400, 500}
	writeErrors = []int{400, 413, 415, 422, 500}
)

func obj[T any]() schemaFn {
	return func(g *schemaGen) map[string]any { return g.schema(reflect.TypeFor[T]()) }
}

func listOf[T any]() schemaFn {
	return func(g *schemaGen) map[string]any {
		item := g.schema(reflect.TypeFor[T]())
		name := reflect.TypeFor[T]().Name() + "List"
		g.defs[name] = map[string]any{
			"type":     "object",
			"required": []string{"items", "total", "next"},
			"properties": map[string]any{
				"items": map[string]any{"type": "array", "items": item},
				"total": map[string]any{"type": "integer", "description": "Number of matches over all pages."},
				"next":  map[string]any{"type": []string{"string", "null"}, "format": "uri-reference", "description": "URL of the next page, or null on the last page."},
			},
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
}

// docs describes every route in routes.go; TestOpenAPIComplete keeps the
// two in step.
var docs = map[string]opDoc{
	"GET /openapi.json": {summary: "This OpenAPI 3.1 document", status: 200,
		result: func(*schemaGen) map[string]any { return map[string]any{"type": "object"} }},

	"GET /api/v1/municipalities": {summary: "List the 290 municipalities",
		description: "All municipalities sorted by code, optionally narrowed to one county or by a name search (case and diacritics are ignored).",
		status:      200, result: listOf[samverkan.Municipality](), errors: listErrors},
	"GET /api/v1/municipalities/{code}": {summary: "Get a municipality", status: 200,
		result: obj[samverkan.Municipality](), errors: readErrors},
	"GET /api/v1/municipalities/{code}/collaborations": {summary: "List the collaborations a municipality takes or took part in",
		status: 200, result: listOf[samverkan.Collaboration](), errors: readErrors},

	"GET /api/v1/areas": {summary: "The area hierarchy (verksamhetsområden)",
		description: "The seven RS groups and the X group, each with its areas as children.",
		status:      200, result: listOf[AreaNode](), errors: listErrors},
	"GET /api/v1/legal-forms": {summary: "The legal forms (samverkansformer) with labels and legal basis",
		status: 200, result: listOf[LegalFormView](), errors: listErrors},
	"GET /api/v1/statuses": {summary: "The lifecycle statuses with labels and phase",
		status: 200, result: listOf[StatusView](), errors: listErrors},

	"GET /api/v1/networks": {summary: "List networks with their members",
		status: 200, result: listOf[samverkan.Network](), errors: listErrors},
	"POST /api/v1/networks": {summary: "Create a network",
		body: obj[samverkan.Network](), status: 201, result: obj[samverkan.Network](), errors: append(writeErrors, 409)},
	"GET /api/v1/networks/{slug}": {summary: "Get a network", status: 200,
		result: obj[samverkan.Network](), errors: readErrors},
	"PUT /api/v1/networks/{slug}": {summary: "Replace a network",
		description: "Needs the version read, in If-Match or the body's version (If-Match wins).",
		body:        obj[samverkan.Network](), status: 200, result: obj[samverkan.Network](),
		errors: append(writeErrors, 404, 409, 412, 428)},
	"DELETE /api/v1/networks/{slug}": {summary: "Delete a network",
		description: "Needs the version read, in If-Match or ?version=.",
		status:      204, errors: []int{400, 404, 409, 412, 428, 500}},
	"GET /api/v1/networks/{slug}/collaborations": {summary: "List a network's collaborations",
		status: 200, result: listOf[samverkan.Collaboration](), errors: readErrors},

	"GET /api/v1/collaborations": {summary: "Find collaborations",
		description: "Filters combine with AND; an area group includes its children. Pages follow `next`.",
		status:      200, result: listOf[samverkan.Collaboration](), errors: listErrors},
	"POST /api/v1/collaborations": {summary: "Create a collaboration",
		body: obj[samverkan.Collaboration](), status: 201, result: obj[samverkan.Collaboration](), errors: writeErrors},
	"GET /api/v1/collaborations/{id}": {summary: "Get a collaboration", status: 200,
		result: obj[samverkan.Collaboration](), errors: readErrors},
	"PUT /api/v1/collaborations/{id}": {summary: "Replace a collaboration",
		description: "Needs the version read, in If-Match or the body's version (If-Match wins). A stale version gets 412 with current_version.",
		body:        obj[samverkan.Collaboration](), status: 200, result: obj[samverkan.Collaboration](),
		errors: append(writeErrors, 404, 409, 412, 428)},
	"DELETE /api/v1/collaborations/{id}": {summary: "Delete a collaboration",
		description: "Needs the version read, in If-Match or ?version=.",
		status:      204, errors: []int{400, 404, 412, 428, 500}},
	"GET /api/v1/collaborations/{id}/events": {summary: "The collaboration's dated transitions",
		status: 200, result: listOf[samverkan.Event](), errors: readErrors},
	"GET /api/v1/collaborations/{id}/history": {summary: "The collaboration's audit history",
		status: 200, result: listOf[samverkan.AuditEvent](), errors: readErrors},
}

var (
	openAPIOnce sync.Once
	openAPIDoc  map[string]any
)

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	openAPIOnce.Do(func() { openAPIDoc = s.openAPI() })
	s.respondStatic(w, r, openAPIDoc)
}

var wildcardRE = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// openAPI builds the document from the route table and docs.
func (s *Server) openAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	g.schema(reflect.TypeFor[Problem]())
	paths := map[string]any{}
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		d, ok := docs[rt.pattern]
		if !ok {
			continue // TestOpenAPIComplete fails on this
		}
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = operation(g, method, path, rt, d)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Samverkan API",
			"version":     "1",
			"description": "Register of collaborations between Swedish municipalities. JSON is snake_case, dates are ISO 8601, amounts whole kronor. Errors are RFC 9457 application/problem+json, in Swedish by default and English with Accept-Language: en or ?lang=en.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":   g.defs,
			"responses": problemResponses(),
			"securitySchemes": map[string]any{
				"bearerToken":   map[string]any{"type": "http", "scheme": "bearer", "description": "An API token created on the account page (/konto)."},
				"sessionCookie": map[string]any{"type": "apiKey", "in": "cookie", "name": "samverkan_session", "description": "The web UI's session, after logging in at /logga-in."},
			},
		},
	}
}

func operation(g *schemaGen, method, path string, rt route, d opDoc) map[string]any {
	op := map[string]any{
		"operationId": operationID(rt.pattern),
		"summary":     d.summary,
	}
	if d.description != "" {
		op["description"] = d.description
	}
	var params []any
	for _, m := range wildcardRE.FindAllStringSubmatch(path, -1) {
		params = append(params, pathParam(m[1]))
	}
	for _, name := range append(append([]string(nil), rt.params...), commonParams...) {
		params = append(params, queryParam(name))
	}
	params = append(params, headerParam("Accept-Language", "Language of messages in problems: sv (default) or en."))
	switch method {
	case http.MethodGet:
		params = append(params, headerParam("If-None-Match", "An ETag from an earlier response; 304 when unchanged."))
	case http.MethodPut, http.MethodDelete:
		params = append(params, headerParam("If-Match", `The version read, as a strong ETag: "3".`))
	}
	op["parameters"] = params
	if d.body != nil {
		op["requestBody"] = map[string]any{
			"required": true,
			"content":  map[string]any{"application/json": map[string]any{"schema": d.body(g)}},
		}
	}
	resp := map[string]any{}
	ok := map[string]any{"description": http.StatusText(d.status)}
	if d.result != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": d.result(g)}}
	}
	headers := map[string]any{}
	if d.status == 200 || d.status == 201 {
		headers["ETag"] = map[string]any{"schema": map[string]any{"type": "string"}, "description": "The record's version, or a tag of the list."}
	}
	if d.status == 201 {
		headers["Location"] = map[string]any{"schema": map[string]any{"type": "string"}, "description": "URL of the new record."}
	}
	if len(headers) > 0 {
		ok["headers"] = headers
	}
	resp[strconv.Itoa(d.status)] = ok
	if method == http.MethodGet {
		resp["304"] = map[string]any{"description": "Not modified (If-None-Match matched)."}
	}
	errs := d.errors
	if !rt.rule.public() {
		// Every other endpoint needs a login: 401 without one, 403 when
		// the rule refuses (reads are open to every logged-in user).
		op["security"] = []any{map[string]any{"bearerToken": []any{}}, map[string]any{"sessionCookie": []any{}}}
		op["x-samverkan-rule"] = rt.rule.name
		errs = append(slices.Clone(errs), 401)
		if rt.rule.name != "read" {
			errs = append(errs, 403)
		}
	}
	for _, st := range errs {
		resp[strconv.Itoa(st)] = map[string]any{"$ref": "#/components/responses/" + strconv.Itoa(st)}
	}
	op["responses"] = resp
	return op
}

func operationID(pattern string) string {
	method, path, _ := strings.Cut(pattern, " ")
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, part := range strings.FieldsFunc(strings.TrimPrefix(path, "/api/v1"), func(r rune) bool { return r == '/' || r == '-' || r == '.' }) {
		if strings.HasPrefix(part, "{") {
			part = "By" + strings.Trim(part, "{}")
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func pathParam(name string) map[string]any {
	p := map[string]any{"name": name, "in": "path", "required": true}
	switch name {
	case "code":
		p["description"] = "Municipality code, four digits."
		p["schema"] = map[string]any{"type": "string", "pattern": "^[0-9]{4}$"}
	case "id":
		p["description"] = "Collaboration id."
		p["schema"] = map[string]any{"type": "integer", "minimum": 1}
	case "slug":
		p["description"] = "Network slug."
		p["schema"] = map[string]any{"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
	default:
		p["schema"] = map[string]any{"type": "string"}
	}
	return p
}

// queryParams documents every query parameter a route may accept.
var queryParams = map[string]map[string]any{
	"lang":         {"description": "Language of messages in problems; overrides Accept-Language.", "schema": enum("sv", "en")},
	"county":       {"description": "County code, two digits.", "schema": map[string]any{"type": "string", "pattern": "^[0-9]{2}$"}},
	"q":            {"description": "Search text: the name for municipalities, words in title or description for collaborations.", "schema": map[string]any{"type": "string", "maxLength": samverkan.MaxShortText}},
	"network":      {"description": "Network slug.", "schema": map[string]any{"type": "string"}},
	"municipality": {"description": "A participating municipality (code or name).", "schema": map[string]any{"type": "string"}},
	"area":         {"description": "Area code; repeatable; a group includes its children.", "schema": map[string]any{"type": "array", "items": map[string]any{"type": "string"}}, "style": "form", "explode": true},
	"legal_form":   {"description": "Legal form code.", "schema": enum(codes(samverkan.LegalFormTerms())...)},
	"status":       {"description": "Lifecycle status code.", "schema": enum(codes(samverkan.StatusTerms())...)},
	"phase":        {"description": "Lifecycle phase.", "schema": enum(codes(samverkan.Phases)...)},
	"sort":         {"description": "Sort field; prefix with - for descending.", "schema": enum(sortValues()...)},
	"limit":        {"description": "Page size.", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": samverkan.MaxLimit, "default": samverkan.DefaultLimit}},
	"offset":       {"description": "Number of matches to skip.", "schema": map[string]any{"type": "integer", "minimum": 0, "default": 0}},
	"version":      {"description": "The version read, when If-Match is not sent.", "schema": map[string]any{"type": "integer", "minimum": 1}},
}

func queryParam(name string) map[string]any {
	p := map[string]any{"name": name, "in": "query"}
	for k, v := range queryParams[name] {
		p[k] = v
	}
	return p
}

func headerParam(name, desc string) map[string]any {
	return map[string]any{"name": name, "in": "header", "description": desc, "schema": map[string]any{"type": "string"}}
}

func enum(values ...string) map[string]any {
	return map[string]any{"type": "string", "enum": values}
}

func codes(v samverkan.Vocabulary) []string {
	out := make([]string, len(v))
	for i, t := range v {
		out[i] = t.Code
	}
	return out
}

func sortValues() []string {
	var out []string
	for _, f := range samverkan.SortFields {
		out = append(out, f, "-"+f)
	}
	return out
}

func problemResponses() map[string]any {
	out := map[string]any{}
	for _, st := range []int{400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 428, 500, 503} {
		code := map[int]string{400: eMalformed, 401: samverkan.EUNAUTHORIZED, 403: samverkan.EFORBIDDEN, 404: samverkan.ENOTFOUND, 405: eMethod, 409: samverkan.ECONFLICT,
			412: samverkan.ESTALE, 413: eTooLarge, 415: eMediaType, 422: samverkan.EINVALID,
			428: samverkan.EPRECONDITION, 500: samverkan.EINTERNAL, 503: eBusy}[st]
		k := kindOf(code)
		desc := k.title[1] + " (" + k.typ + ")"
		if st == 400 {
			desc = "Malformed JSON (/problems/malformed-json) or a bad query parameter or header (/problems/bad-request)"
		}
		out[strconv.Itoa(st)] = map[string]any{
			"description": desc,
			"content": map[string]any{"application/problem+json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}},
		}
		if st == 503 {
			out["503"].(map[string]any)["headers"] = map[string]any{"Retry-After": map[string]any{
				"description": "Seconds to wait before trying again.", "schema": map[string]any{"type": "integer"}}}
		}
	}
	return out
}

// schemaGen derives JSON Schemas from the Go types by their json tags.
type schemaGen struct{ defs map[string]any }

var (
	dateType = reflect.TypeFor[samverkan.Date]()
	timeType = reflect.TypeFor[time.Time]()
)

// fieldNotes adds enums and notes to fields, keyed "Type.json_name".
var fieldNotes = map[string]map[string]any{
	"Collaboration.id":           {"readOnly": true},
	"Collaboration.legal_form":   enum(codes(samverkan.LegalFormTerms())...),
	"Collaboration.status":       enum(codes(samverkan.StatusTerms())...),
	"Collaboration.host":         {"description": "Host municipality code; one of the participants."},
	"Collaboration.annual_cost":  {"description": "Whole kronor; null when unknown.", "minimum": 0},
	"Collaboration.version":      {"description": "The version read; send it back on PUT (or use If-Match)."},
	"Collaboration.participants": {"minItems": 2},
	"Participant.name":           {"readOnly": true, "description": "Display name, filled on read."},
	"Participant.role":           enum(codes(samverkan.Roles)...),
	"NetworkMember.name":         {"readOnly": true, "description": "Display name, filled on read."},
	"Network.version":            {"description": "The version read; send it back on PUT (or use If-Match)."},
	"Network.members":            {"minItems": 2},
	"Problem.type":               {"format": "uri-reference", "description": "Stable problem type, e.g. /problems/validation."},
	"Problem.current_version":    {"description": "The record's current version, on a stale write (412)."},
	"FieldProblem.field":         {"description": `JSON name of the field, with indexes: "participants[2].code"; or the query parameter or header.`},
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch t {
	case dateType:
		return map[string]any{"type": []string{"string", "null"}, "format": "date"}
	case timeType:
		return map[string]any{"type": "string", "format": "date-time", "readOnly": true}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := g.schema(t.Elem())
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
			return s
		}
		return map[string]any{"oneOf": []any{s, map[string]any{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		name := t.Name()
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = nil // marks it while its fields are built (AreaNode is recursive)
			props := map[string]any{}
			g.fields(name, t, props)
			g.defs[name] = map[string]any{"type": "object", "properties": props}
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func (g *schemaGen) fields(owner string, t reflect.Type, props map[string]any) {
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			g.fields(owner, f.Type, props)
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		s := g.schema(f.Type)
		for k, v := range fieldNotes[owner+"."+tag] {
			if k == "type" {
				continue
			}
			s[k] = v
		}
		props[tag] = s
	}
}
