package web

import (
	"html/template"
	"strings"
	"testing"
)

// The tables written in Go (municipality_html.go, report_html.go,
// coverage_html.go, steering_html.go) are tested against the template
// snippets they replaced; these are the pieces those tests share.

// oddText needs every escape html/template makes in text: markup,
// quotes, '+', NUL, a noncharacter and a byte that is not UTF-8.
const oddText = `IT & <drift> "A+B" 'x'` + "\x00\ufdd0\xff"

// runTemplate executes the snippet src with data as html/template does,
// with the {{t}} of lang.
func runTemplate(t *testing.T, lang, src string, data any) string {
	t.Helper()
	var b strings.Builder
	tmpl := template.New("x").Funcs(template.FuncMap{
		"t": func(key string, args ...any) string { return tr(lang, key, args...) },
	})
	if err := template.Must(tmpl.Parse(src)).Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sameHTML fails t when what the Go writer wrote is not the template's.
func sameHTML(t *testing.T, name, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", name, got, want)
	}
}
