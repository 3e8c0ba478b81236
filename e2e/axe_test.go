package e2e

import (
	_ "embed"
	"fmt"
	"strings"
)

// axeSource is axe-core's browser script (see testdata/README.md).
//
//go:embed testdata/axe.min.js
var axeSource string

const axeVersion = "4.14.1"

// axeRunJS runs the WCAG 2.0/2.1 A and AA rules on the whole document and
// keeps what a failure message needs.
const axeRunJS = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  resultTypes: ['violations'],
}).then(r => ({
  version: axe.version,
  violations: r.violations.map(v => ({
    id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(String).join(' '),
      html: n.html,
      summary: n.failureSummary || '',
    })),
  })),
}))`

type axeResult struct {
	Version    string         `json:"version"`
	Violations []axeViolation `json:"violations"`
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// axe runs axe-core on the page in the tab and returns its violations.
func (b *tab) axe() []axeViolation {
	b.t.Helper()
	var loaded bool
	b.eval(`typeof axe === "object"`, &loaded)
	if !loaded {
		b.eval(axeSource+"\n;true", nil)
	}
	var r axeResult
	b.eval(axeRunJS, &r)
	if r.Version != axeVersion {
		b.t.Fatalf("axe-core %q ran, want %s", r.Version, axeVersion)
	}
	return r.Violations
}

// formatViolations prints each violation with its rule, impact, the
// elements it concerns and the help text.
func formatViolations(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "- %s (%s): %s\n  %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    at %s\n      %s\n", n.Target, n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&b, "      %s\n", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	return b.String()
}
