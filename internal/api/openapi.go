package api

import (
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/auth"
)

// schemaFn yields the schema of a request or response body, registering
// the component schemas it refers to.
type schemaFn func(g *schemaGen) map[string]any

// opDoc documents one route. Path and query parameters come from the route
// table, so they cannot drift from what the handler accepts.
type opDoc struct {
	summary     string
	description string
	body        schemaFn // JSON request body, nil for none
	// bodyTypes are request media types other than JSON, each with its
	// schema (nil: any bytes).
	bodyTypes map[string]schemaFn
	status    int      // success status
	created   bool     // also 201 Created, when a PUT creates the record
	result    schemaFn // JSON success body, nil for none
	// resultTypes are success media types other than JSON, each with its
	// schema (nil: any bytes).
	resultTypes map[string]schemaFn
	// untagged: the success answer carries no ETag.
	untagged bool
	headers  map[string]any // success headers besides ETag and Location
	errors   []int
	// problems are error statuses whose problem+json has more fields
	// than Problem, with their schema.
	problems map[int]schemaFn
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

// spec is the documentation the OpenAPI document is built from: what each
// route does (by its routes.go pattern), the query parameters and notes on
// the fields of the schemas. newSpec fills it in one place, from each
// resource's part, so a reader sees where a documented route comes from;
// a part that documents something twice stops the build of the document.
type spec struct {
	cat    *samverkan.Catalog  // for the area codes
	enums  map[string][]string // enum schemas by name, see vocab
	ops    map[string]opDoc
	params map[string]map[string]any
	notes  map[string]map[string]any // keyed "Type.json_name"
}

func newSpec(cat *samverkan.Catalog) *spec {
	sp := &spec{cat: cat, enums: map[string][]string{}, ops: map[string]opDoc{}, params: map[string]map[string]any{}, notes: map[string]map[string]any{}}
	coreSpec(sp)           // reference data, networks, collaborations: below
	pipelineSpec(sp)       // pipeline.go
	decisionPathSpec(sp)   // decisionpath.go
	representationSpec(sp) // representation.go
	oversightSpec(sp)      // oversight.go
	historySpec(sp)        // history.go
	exportSpec(sp)         // export.go
	// The network's own life (netrecord.go).
	riskSpec(sp)        // risk.go
	meetingSpec(sp)     // meeting.go
	workGroupSpec(sp)   // workgroup.go
	advocacySpec(sp)    // advocacy.go
	planSpec(sp)        // plan.go
	followUpSpec(sp)    // followup.go
	costShareSpec(sp)   // costshare.go
	areaReviewSpec(sp)  // areareview.go
	reminderSpec(sp)    // reminder.go
	coverageSpec(sp)    // coverage.go
	graphSpec(sp)       // graph.go
	openDataSpec(sp)    // opendata.go
	keyFunctionSpec(sp) // keyfunction.go
	kpiSpec(sp)         // kpi.go
	suggestionSpec(sp)  // suggestion.go
	return sp
}

func (sp *spec) op(pattern string, d opDoc) {
	if _, dup := sp.ops[pattern]; dup {
		panic("api: " + pattern + " documented twice")
	}
	sp.ops[pattern] = d
}

func (sp *spec) param(name string, p map[string]any) {
	if _, dup := sp.params[name]; dup {
		panic("api: query parameter " + name + " documented twice")
	}
	sp.params[name] = p
}

func (sp *spec) note(key string, n map[string]any) {
	if _, dup := sp.notes[key]; dup {
		panic("api: field " + key + " documented twice")
	}
	sp.notes[key] = n
}

// coreSpec documents the reference data, networks and collaborations;
// TestOpenAPIComplete keeps the documented routes and routes.go in step.
func coreSpec(sp *spec) {
	for name, p := range map[string]map[string]any{
		"lang":         {"description": "Language of messages in problems; overrides Accept-Language.", "schema": enum("sv", "en")},
		"county":       {"description": "County code, two digits.", "schema": map[string]any{"type": "string", "pattern": "^[0-9]{2}$"}},
		"q":            {"description": "Search text: the name for municipalities; for collaborations, words in the title or description, each found as a whole word or word start with Swedish stemming (kommunerna finds kommun), stop words left out. Without sort the matches are ranked: title matches first, whole words before word starts.", "schema": map[string]any{"type": "string", "maxLength": samverkan.MaxShortText}},
		"network":      {"description": "Network slug.", "schema": map[string]any{"type": "string"}},
		"municipality": {"description": "A participating municipality (code or name).", "schema": map[string]any{"type": "string"}},
		"area":         {"description": "Area code; repeatable; a group includes its children.", "schema": map[string]any{"type": "array", "items": sp.area()}, "style": "form", "explode": true},
		"legal_form":   {"description": "Legal form code.", "schema": sp.vocab("LegalForm", samverkan.LegalFormTerms())},
		"status":       {"description": "Lifecycle status code.", "schema": sp.vocab("CollaborationStatus", samverkan.StatusTerms())},
		"phase":        {"description": "Lifecycle phase.", "schema": sp.vocab("Phase", samverkan.Phases)},
		"sort":         {"description": "Sort field; prefix with - for descending.", "schema": enum(sortValues()...)},
		"limit":        {"description": "Page size.", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": samverkan.MaxLimit, "default": samverkan.DefaultLimit}},
		"offset":       {"description": "Number of matches to skip.", "schema": map[string]any{"type": "integer", "minimum": 0, "default": 0}},
		"version":      {"description": "The version read, when If-Match is not sent.", "schema": map[string]any{"type": "integer", "minimum": 1}},
	} {
		sp.param(name, p)
	}
	for key, n := range map[string]map[string]any{
		"Collaboration.id":         {"readOnly": true},
		"Collaboration.legal_form": described(sp.vocab("LegalForm", samverkan.LegalFormTerms()), "Absent: ej_angiven (not stated)."),
		"Collaboration.status":     described(sp.vocab("CollaborationStatus", samverkan.StatusTerms()), "Absent: igang (running)."),
		"Collaboration.triage":     sp.vocabOrEmpty("Triage", samverkan.Triages),
		"Collaboration.areas":      withMax(itemsOf(sp.area()), samverkan.MaxAreas),
		"Collaboration.areas_to_review": {"maxItems": samverkan.MaxAreas, "items": map[string]any{"type": "string", "maxLength": samverkan.MaxShortText},
			"description": "Area texts as an imported file wrote them that match no area (område att granska), kept for a coordinator to map."},
		"Collaboration.cost_key":          sp.vocabOrEmpty("CostKey", samverkan.CostKeys),
		"Collaboration.procurement_basis": sp.vocabOrEmpty("ProcurementBasis", samverkan.ProcurementBases),
		"Collaboration.purposes":          withMax(itemsOf(sp.vocab("Purpose", samverkan.Purposes)), samverkan.MaxPurposes),
		"Participant.party_kind":          sp.vocabOrEmpty("PartyKind", samverkan.PartyKinds),
		"Document.type":                   sp.vocab("DocumentType", samverkan.DocumentTypes),
		"Document.adopted_by":             sp.vocabOrEmpty("Body", samverkan.Bodies),
		"Relation.kind":                   sp.vocab("RelationKind", samverkan.RelationKinds),
		"Event.kind":                      sp.vocab("EventKind", samverkan.EventKinds),
		"HostYear.role":                   sp.vocab("HostRole", samverkan.HostRoles),
		"Purpose.dimension":               sp.vocabOrEmpty("Purpose", samverkan.Purposes),
		"Area.code":                       sp.area(),
		"LegalFormView.code":              sp.vocab("LegalForm", samverkan.LegalFormTerms()),
		"StatusView.code":                 sp.vocab("CollaborationStatus", samverkan.StatusTerms()),
		"StatusView.phase":                sp.vocab("Phase", samverkan.Phases),
		"Collaboration.host":              {"description": "Host municipality code; one of the participants."},
		"Collaboration.annual_cost":       {"description": "Whole kronor; null when unknown.", "minimum": 0, "maximum": int64(samverkan.MaxAmount)},
		"Collaboration.version":           {"description": "The version read; send it back on PUT (or use If-Match)."},
		"Collaboration.participants":      {"minItems": 2, "maxItems": samverkan.MaxParticipants},
		"Collaboration.networks":          {"description": "Slugs of the networks it belongs to: [] (or leaving the field out) for none; null is refused.", "maxItems": samverkan.MaxNetworks},
		"Collaboration.documents":         {"maxItems": samverkan.MaxDocuments},
		"Collaboration.contacts":          {"maxItems": samverkan.MaxContacts},
		"Collaboration.sources":           {"maxItems": samverkan.MaxSources},
		"Collaboration.relations":         {"maxItems": samverkan.MaxRelations},
		"Document.notice_months":          {"minimum": 0, "maximum": samverkan.MaxNoticeMonths},
		"Contact.email":                   {"format": "email", "description": "A plain address (name@domain.se), without a display name or parameters."},
		"Economics.one_off_cost":          {"minimum": 0, "maximum": int64(samverkan.MaxAmount)},
		"Economics.annual_cost":           {"minimum": 0, "maximum": int64(samverkan.MaxAmount)},
		"Economics.annual_saving":         {"minimum": -int64(samverkan.MaxAmount), "maximum": int64(samverkan.MaxAmount)},
		"Participant.name":                {"readOnly": true, "description": "Display name, filled on read."},
		"Participant.role":                described(sp.vocab("ParticipantRole", samverkan.Roles), "Absent: vardkommun for the host, else medlem."),
		"NetworkMember.name":              {"readOnly": true, "description": "Display name, filled on read."},
		"Network.version":                 {"description": "The version read; send it back on PUT (or use If-Match)."},
		"Network.members":                 {"minItems": 2},
		"Problem.type":                    {"format": "uri-reference", "description": "Stable problem type, e.g. /problems/validation."},
		"Problem.current_version":         {"description": "The record's current version, on a stale write (412)."},
		"FieldProblem.field":              {"description": `JSON name of the field, with indexes: "participants[2].code"; or the query parameter or header.`},
	} {
		sp.note(key, n)
	}
	for pattern, d := range map[string]opDoc{
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
	} {
		sp.op(pattern, d)
	}
}

var (
	openAPIOnce sync.Once
	openAPIJSON staticJSON
	openAPIErr  error
)

// openAPIDocument is the document as served. It follows from the route
// table and the vocabularies compiled in, so it is built and encoded once
// (New does it at start) rather than per request (15 CPU-ms each).
func (s *Server) openAPIDocument() (staticJSON, error) {
	openAPIOnce.Do(func() { openAPIJSON, openAPIErr = encodeStatic(s.openAPI()) })
	return openAPIJSON, openAPIErr
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	doc, err := s.openAPIDocument()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	serveStatic(w, r, doc)
}

var wildcardRE = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// license is the licence the document names. The repository has no
// licence file yet; until the project chooses one, it says so rather than
// claim one.
var license = map[string]any{"name": "All rights reserved (no licence chosen yet)"}

// openAPI builds the document from the route table and newSpec.
func (s *Server) openAPI() map[string]any {
	sp := newSpec(s.cat)
	g := &schemaGen{defs: map[string]any{}, notes: sp.notes}
	for name, values := range sp.enums {
		g.defs[name] = enum(values...)
	}
	g.schema(reflect.TypeFor[Problem]())
	paths := map[string]any{}
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		d, ok := sp.ops[rt.pattern]
		if !ok {
			continue // TestOpenAPIComplete fails on this
		}
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(method)] = sp.operation(g, method, path, rt, d)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Samverkan API",
			"version": "1",
			"description": "Register of collaborations between Swedish municipalities. JSON is snake_case, dates are ISO 8601, amounts whole kronor. " +
				"Errors are RFC 9457 application/problem+json, in Swedish by default and English with Accept-Language: en or ?lang=en. " +
				"Every operation refuses a query parameter it does not document, or one repeated that takes a single value, with 400, " +
				"and a JSON body with a field its schema does not list likewise. " +
				"A method a path does not have answers 405 problem+json with Allow.",
			"license": license,
		},
		// Relative: the API is served by whichever host serves this document.
		"servers": []any{map[string]any{"url": "/", "description": "The host that serves this document."}},
		// Every operation needs a login unless it says security: [].
		"security": []any{map[string]any{"bearerToken": []any{}}, map[string]any{"sessionCookie": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas":   g.defs,
			"responses": problemResponses(),
			"headers": map[string]any{"ETag": map[string]any{"required": true, "schema": map[string]any{"type": "string"},
				"description": `The record's version as a strong tag ("3"), or a tag of the list or document; send it in If-None-Match to get 304 when nothing changed.`}},
			"securitySchemes": map[string]any{
				"bearerToken":   map[string]any{"type": "http", "scheme": "bearer", "description": "An API token created on the account page (/konto)."},
				"sessionCookie": map[string]any{"type": "apiKey", "in": "cookie", "name": auth.SessionCookie, "description": "The web UI's session, after logging in at /logga-in."},
			},
		},
	}
}

func (sp *spec) operation(g *schemaGen, method, path string, rt route, d opDoc) map[string]any {
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
		params = append(params, sp.queryParam(name))
	}
	params = append(params, headerParam("Accept-Language", "Language of messages in problems: sv (default) or en."))
	switch method {
	case http.MethodGet:
		params = append(params, headerParam("If-None-Match", "An ETag from an earlier response; 304 when unchanged."))
	case http.MethodPut, http.MethodDelete:
		params = append(params, headerParam("If-Match", `The version read, as a strong ETag: "3".`))
	}
	op["parameters"] = params
	if d.body != nil || d.bodyTypes != nil {
		content := map[string]any{}
		if d.body != nil {
			content["application/json"] = map[string]any{"schema": d.body(g)}
		}
		for mt, fn := range d.bodyTypes {
			content[mt] = mediaType(g, fn)
		}
		op["requestBody"] = map[string]any{"required": true, "content": content}
	}
	resp := map[string]any{}
	ok := map[string]any{"description": http.StatusText(d.status)}
	if d.result != nil || d.resultTypes != nil {
		content := map[string]any{}
		if d.result != nil {
			content["application/json"] = map[string]any{"schema": d.result(g)}
		}
		for mt, fn := range d.resultTypes {
			content[mt] = mediaType(g, fn)
		}
		ok["content"] = content
	}
	headers := map[string]any{}
	for name, h := range d.headers {
		headers[name] = h
	}
	tagged := !d.untagged && d.status != http.StatusNoContent
	if tagged {
		headers["ETag"] = etagHeader
	}
	if len(headers) > 0 {
		ok["headers"] = headers
	}
	resp[strconv.Itoa(d.status)] = ok
	if d.created {
		created := map[string]any{"description": http.StatusText(http.StatusCreated)}
		for k, v := range ok {
			if k != "description" {
				created[k] = v
			}
		}
		resp["201"] = created
	}
	if c, ok := resp["201"].(map[string]any); ok {
		h, _ := c["headers"].(map[string]any)
		h = maps.Clone(h)
		if h == nil {
			h = map[string]any{}
		}
		h["Location"] = map[string]any{"required": true, "schema": map[string]any{"type": "string", "format": "uri-reference"}, "description": "URL of the new record."}
		c["headers"] = h
	}
	if method == http.MethodGet && tagged {
		resp["304"] = map[string]any{"description": "Not modified (If-None-Match matched).", "headers": map[string]any{"ETag": etagHeader}}
	}
	// checked (routes.go) refuses unknown query parameters on every route.
	errs := append([]int{http.StatusBadRequest}, d.errors...)
	if rt.rule.public() {
		op["security"] = []any{}
	} else {
		// Every other endpoint needs a login: 401 without one, 403 when
		// the rule refuses (reads are open to every logged-in user).
		op["x-samverkan-rule"] = rt.rule.name
		errs = append(errs, 401)
		if rt.rule.name != "read" {
			errs = append(errs, 403)
		}
	}
	for _, st := range errs {
		if fn := d.problems[st]; fn != nil {
			resp[strconv.Itoa(st)] = map[string]any{
				"description": problemDescription(st),
				"content":     map[string]any{"application/problem+json": map[string]any{"schema": fn(g)}},
			}
			continue
		}
		resp[strconv.Itoa(st)] = map[string]any{"$ref": "#/components/responses/" + strconv.Itoa(st)}
	}
	op["responses"] = resp
	return op
}

// etagHeader refers to the ETag of a success or a 304: the record's
// version as a strong tag ("3"), or a tag of a list or document.
var etagHeader = map[string]any{"$ref": "#/components/headers/ETag"}

// mediaType is one entry of a content map: fn's schema, or none for a body
// of any bytes.
func mediaType(g *schemaGen, fn schemaFn) map[string]any {
	if fn == nil {
		return map[string]any{}
	}
	return map[string]any{"schema": fn(g)}
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
	case "risk_id", "meeting_id", "group_id", "issue_id", "audit_id":
		p["description"] = map[string]string{"risk_id": "Risk id.", "meeting_id": "Meeting id.", "group_id": "Work group id.",
			"issue_id": "Advocacy issue id.", "audit_id": "Audit event id (an item of the history)."}[name]
		p["schema"] = map[string]any{"type": "integer", "minimum": 1}
	case "year":
		p["description"] = "The year."
		p["schema"] = map[string]any{"type": "integer", "minimum": samverkan.FirstFollowUpYear, "maximum": samverkan.MaxYear}
	case "activity":
		p["description"] = "The activity's id within the plan."
		p["schema"] = map[string]any{"type": "integer", "minimum": 1}
	default:
		p["schema"] = map[string]any{"type": "string"}
	}
	return p
}

func (sp *spec) queryParam(name string) map[string]any {
	p := map[string]any{"name": name, "in": "query"}
	for k, v := range sp.params[name] {
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

// vocab is the schema of a field that takes one of v's codes: a reference
// to the enum schema nameCode, made from the domain's vocabulary so the
// document cannot drift from it.
func (sp *spec) vocab(name string, v samverkan.Vocabulary) map[string]any {
	name += "Code"
	if old, ok := sp.enums[name]; ok && !slices.Equal(old, codes(v)) {
		panic("api: enum " + name + " made from two vocabularies")
	}
	sp.enums[name] = codes(v)
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// vocabOrEmpty is vocab for a field that may also be empty: not stated.
func (sp *spec) vocabOrEmpty(name string, v samverkan.Vocabulary) map[string]any {
	return map[string]any{"anyOf": []any{sp.vocab(name, v), map[string]any{"const": ""}}, "description": "Empty when not stated."}
}

// itemsOf is the note of an array whose items have schema s.
func itemsOf(s map[string]any) map[string]any { return map[string]any{"items": s} }

// described adds a description to a note.
func described(note map[string]any, desc string) map[string]any {
	note = maps.Clone(note)
	note["description"] = desc
	return note
}

// area is the schema of an area code, from the catalogue.
func (sp *spec) area() map[string]any {
	var v samverkan.Vocabulary
	if sp.cat != nil {
		for _, a := range sp.cat.Areas() {
			v = append(v, samverkan.Term{Code: a.Code})
		}
	}
	if len(v) == 0 {
		return map[string]any{"type": "string"}
	}
	return sp.vocab("Area", v)
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
	for _, st := range []int{400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 500, 503} {
		r := map[string]any{
			"description": problemDescription(st),
			"content": map[string]any{"application/problem+json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}},
		}
		if st == http.StatusUnauthorized {
			r["headers"] = map[string]any{"WWW-Authenticate": map[string]any{"required": true, "schema": map[string]any{"type": "string"},
				"description": `The scheme to log in with: Bearer realm="samverkan".`}}
		}
		if st == http.StatusServiceUnavailable {
			r["headers"] = map[string]any{"Retry-After": map[string]any{"required": true, "schema": map[string]any{"type": "integer"},
				"description": "Seconds to wait before trying again."}}
		}
		out[strconv.Itoa(st)] = r
	}
	return out
}

// problemDescription describes the problem a status stands for.
func problemDescription(st int) string {
	if st == http.StatusBadRequest {
		return "Malformed JSON (/problems/malformed-json) or a bad query parameter or header (/problems/bad-request)"
	}
	code := map[int]string{401: samverkan.EUNAUTHORIZED, 403: samverkan.EFORBIDDEN, 404: samverkan.ENOTFOUND, 409: samverkan.ECONFLICT,
		412: samverkan.ESTALE, 413: eTooLarge, 415: eMediaType, 422: samverkan.EINVALID,
		428: samverkan.EPRECONDITION, 500: samverkan.EINTERNAL, 503: eBusy}[st]
	k := kindOf(code)
	return k.title[1] + " (" + k.typ + ")"
}

// schemaGen derives JSON Schemas from the Go types by their json tags,
// adding the spec's notes to the fields.
type schemaGen struct {
	defs  map[string]any
	notes map[string]map[string]any
}

var (
	dateType = reflect.TypeFor[samverkan.Date]()
	timeType = reflect.TypeFor[time.Time]()
)

// withMax adds maxItems to an array schema.
func withMax(s map[string]any, n int) map[string]any {
	s["maxItems"] = n
	return s
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
		// The notes of the type that declares the field, then those of
		// the type it is embedded in (AssessmentView embeds Assessment).
		for _, key := range []string{t.Name() + "." + tag, owner + "." + tag} {
			note := g.notes[key]
			if note["$ref"] != nil || note["anyOf"] != nil {
				delete(s, "type") // the enum schema says it
			}
			for k, v := range note {
				if k == "type" {
					continue
				}
				s[k] = v
			}
			if owner == t.Name() {
				break
			}
		}
		props[tag] = s
	}
}
