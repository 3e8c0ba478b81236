package web

import (
	"io/fs"
	"regexp"
)

// Test hooks.

func SetRenderHook(fn func(string)) { renderHook = fn }

func PageNames() ([]string, error) { return pageNames() }

func HasMessage(key string) bool { _, ok := messages[key]; return ok }

// TemplateKeys returns the message keys the templates name literally.
func TemplateKeys() ([]string, error) {
	re := regexp.MustCompile(`\bt "([a-z0-9_.]+)"`)
	seen := map[string]bool{}
	var out []string
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
		return nil
	})
	return out, err
}

// RouteRule is one route of the table and the name of its rule.
type RouteRule struct{ Pattern, Rule string }

// RouteRules lists every registered route with its rule.
func RouteRules() []RouteRule {
	var out []RouteRule
	for _, rt := range (&server{}).routeTable() {
		out = append(out, RouteRule{rt.pattern, rt.rule.Name})
	}
	return out
}
