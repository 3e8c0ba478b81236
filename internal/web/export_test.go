package web

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
)

// Test hooks.

func SetRenderHook(fn func(string)) { renderHook = fn }

func PageNames() ([]string, error) { return pageNames() }

// Message returns the Swedish and English texts of key.
func Message(key string) (sv, en string, ok bool) { m, ok := messages[key]; return m[0], m[1], ok }

// MergeMessages merges named tables as the catalogue is merged, returning
// the conflicts.
func MergeMessages(tables map[string]map[string][2]string) []string {
	var ts []messageTable
	for _, name := range slices.Sorted(maps.Keys(tables)) {
		ts = append(ts, messageTable{name, tables[name]})
	}
	_, conflicts := mergeMessages(ts...)
	return conflicts
}

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
