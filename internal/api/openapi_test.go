package api

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/refdata"
)

var patternRE = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/\S*)$`)

// registeredPatterns returns every ServeMux pattern written in routes.go,
// whether in the route table or registered by hand.
func registeredPatterns(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && patternRE.MatchString(s) {
				out = append(out, s)
			}
		}
		return true
	})
	if len(out) < 20 {
		t.Fatalf("found only %d patterns in routes.go", len(out))
	}
	return out
}

func fetchOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	h := New(Options{Catalog: refdata.MustCatalog()})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /openapi.json = %d: %s", rec.Code, rec.Body)
	}
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	return doc
}

func TestOpenAPIComplete(t *testing.T) {
	doc := fetchOpenAPI(t)
	paths := doc["paths"].(map[string]any)
	s := &Server{}
	params := map[string][]string{}
	for _, rt := range s.routes() {
		params[rt.pattern] = rt.params
	}

	registered := map[string]bool{}
	for _, pattern := range registeredPatterns(t) {
		registered[pattern] = true
		m := patternRE.FindStringSubmatch(pattern)
		item, _ := paths[m[2]].(map[string]any)
		op, _ := item[strings.ToLower(m[1])].(map[string]any)
		if op == nil {
			t.Errorf("route %q is missing from /openapi.json", pattern)
			continue
		}
		if op["summary"] == "" || op["responses"] == nil {
			t.Errorf("%s: no summary or responses", pattern)
		}
		documented := map[string]bool{}
		for _, p := range op["parameters"].([]any) {
			p := p.(map[string]any)
			if p["schema"] == nil {
				t.Errorf("%s: parameter %v has no schema", pattern, p["name"])
			}
			documented[p["in"].(string)+":"+p["name"].(string)] = true
		}
		for _, w := range wildcardRE.FindAllStringSubmatch(m[2], -1) {
			if !documented["path:"+w[1]] {
				t.Errorf("%s: path parameter %q undocumented", pattern, w[1])
			}
		}
		for _, q := range append(params[pattern], "lang") {
			if !documented["query:"+q] {
				t.Errorf("%s: query parameter %q undocumented", pattern, q)
			}
		}
	}

	for path, item := range paths {
		for method := range item.(map[string]any) {
			if p := strings.ToUpper(method) + " " + path; !registered[p] {
				t.Errorf("/openapi.json documents %q, which routes.go does not register", p)
			}
		}
	}
	for p := range newSpec(nil).ops {
		if !registered[p] {
			t.Errorf("docs has %q, which routes.go does not register", p)
		}
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := fetchOpenAPI(t)
	comps := doc["components"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
				if len(parts) != 2 {
					t.Errorf("odd $ref %q", ref)
				} else if sec, _ := comps[parts[0]].(map[string]any); sec[parts[1]] == nil {
					t.Errorf("$ref %q does not resolve", ref)
				}
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
	walk(doc)

	schemas := comps["schemas"].(map[string]any)
	for name, fields := range map[string][]string{
		"Municipality":  {"code", "name", "county_code", "county_name", "population", "population_year", "area_km2", "lat", "lon"},
		"Network":       {"slug", "name", "members", "version"},
		"Collaboration": {"id", "title", "description", "areas", "legal_form", "status", "host", "participants", "networks", "start", "end", "annual_cost", "cost_key", "public", "version"},
		"Participant":   {"code", "party", "role", "joined", "left", "name"},
		"Problem":       {"type", "title", "status", "detail", "errors", "current_version"},
		"FieldProblem":  {"field", "code", "message"},
	} {
		schema, _ := schemas[name].(map[string]any)
		props, _ := schema["properties"].(map[string]any)
		for _, f := range fields {
			if props[f] == nil {
				t.Errorf("schema %s lacks %q", name, f)
			}
		}
	}
}
