package api

// RouteRule is one route of the table and the name of its rule.
type RouteRule struct{ Pattern, Rule string }

// RouteRules lists every registered route with its rule, for the route ×
// role test in package api_test.
func RouteRules() []RouteRule {
	var out []RouteRule
	for _, rt := range (&Server{}).routes() {
		out = append(out, RouteRule{rt.pattern, rt.rule.Name})
	}
	return out
}
