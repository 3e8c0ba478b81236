package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// fieldProblem is a form control a journey needs that the page lacks.
type fieldProblem struct {
	Name    string `json:"name"`
	Problem string `json:"problem"`
}

// requireFieldsJS finds, for each name, the form control of that name and
// reports it when it is missing, cannot be seen or has no label: the
// things a person needs to fill it in.
const requireFieldsJS = `((names) => {
  const out = [];
  for (const name of names) {
    const el = document.querySelector('form [name="' + CSS.escape(name) + '"]');
    if (!el) { out.push({name, problem: "missing"}); continue; }
    if (el.type === "hidden") continue;
    if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === "hidden") {
      out.push({name, problem: "not visible"}); continue;
    }
    if (!el.labels || el.labels.length === 0 || !el.labels[0].textContent.trim()) {
      out.push({name, problem: "no label"});
    }
  }
  return out;
})(%s)`

// requireFields checks that the page in ctx has a visible, labelled form
// control for each of the field names. The journeys call it before they
// fill a form, so a page that loses a field fails them with its name.
func requireFields(ctx context.Context, names ...string) error {
	arg, _ := json.Marshal(names)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](fmt.Sprintf(requireFieldsJS, arg)))
	if err != nil {
		return fmt.Errorf("requireFields: %w", err)
	}
	var probs []fieldProblem
	if err := json.Unmarshal(raw, &probs); err != nil {
		return fmt.Errorf("requireFields: %w", err)
	}
	if len(probs) == 0 {
		return nil
	}
	var b strings.Builder
	for i, p := range probs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", p.Name, p.Problem)
	}
	return fmt.Errorf("form fields not usable: %s", b.String())
}

// requireFields is the journeys' form of requireFields: it stops the test.
func (b *tab) requireFields(names ...string) {
	b.t.Helper()
	if err := requireFields(b.ctx, names...); err != nil {
		b.t.Fatalf("%v (at %s)", err, b.location())
	}
}

// The form fields of a collaboration that the journeys fill in.
var collabFields = []string{
	"title", "description", "legal_form", "status", "start", "end",
	"members.0.code", "members.1.code", "members.2.code", "host", "networks", "public",
}
