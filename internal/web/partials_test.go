package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/refdata"
)

// partials parses layout and partials as a page would, with the Swedish
// functions bound, plus a page "t" that runs one partial on .
func partials(t *testing.T, body string) *template.Template {
	t.Helper()
	s := &server{cat: refdata.MustCatalog()}
	tpl, err := template.New("").Funcs(s.funcs("sv")).ParseFS(templateFS, "templates/partials.html")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tpl.New("t").Parse(body); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func execute(t *testing.T, tpl *template.Template, data any) string {
	t.Helper()
	var b strings.Builder
	if err := tpl.ExecuteTemplate(&b, "t", data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func wantIn(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
}

func TestDict(t *testing.T) {
	m, err := dict("A", 1, "B", "x")
	if err != nil || m["A"] != 1 || m["B"] != "x" || len(m) != 2 {
		t.Errorf("dict = %v, %v", m, err)
	}
	if _, err := dict("A"); err == nil {
		t.Error("dict with a key without a value: no error")
	}
	if _, err := dict(1, 2); err == nil {
		t.Error("dict with a key that is not a string: no error")
	}
}

// An input with a hint and an error is described by both and marked
// invalid; its label carries the required mark.
func TestInputPartial(t *testing.T) {
	var e formErrors
	e.add("f-x", "X", "Fel i x.")
	tpl := partials(t, `{{template "input" (dict "Errors" .Errors "ID" "f-x" "Name" "x" "Label" "Etikett" "Value" .Value "Required" true "Hint" "Ledtråd" "InputMode" "numeric" "Size" 4)}}`)
	got := execute(t, tpl, map[string]any{"Errors": e, "Value": `a"b`})
	wantIn(t, got,
		`<label for="f-x">Etikett <span class="req">(`,
		`<input type="text" inputmode="numeric" id="f-x" name="x" value="a&#34;b" size="4" aria-invalid="true" aria-describedby="f-x-hint f-x-err">`,
		`<span class="hint" id="f-x-hint">Ledtråd</span>`,
		`<span class="field-error" id="f-x-err">`)
	if strings.Contains(got, "required") {
		t.Errorf("the required attribute without RequiredAttr:\n%s", got)
	}
	// A second aria-describedby would be dropped by the browser, and with
	// it the error message.
	if n := strings.Count(got, "aria-describedby"); n != 1 {
		t.Errorf("%d aria-describedby attributes, want 1:\n%s", n, got)
	}
}

// A password is never written back into the page.
func TestInputPartialPassword(t *testing.T) {
	tpl := partials(t, `{{template "input" (dict "Errors" .Errors "ID" "p" "Name" "pw" "Label" "L" "Value" "hemligt" "Type" "password" "RequiredAttr" true)}}`)
	got := execute(t, tpl, map[string]any{"Errors": formErrors{}})
	wantIn(t, got, `<input type="password" id="p" name="pw" required>`)
	if strings.Contains(got, "hemligt") {
		t.Errorf("password written back:\n%s", got)
	}
}

// A code the vocabulary does not know stays selected, unless the select
// is closed to the vocabulary.
func TestSelectPartialKeepsUnknownCode(t *testing.T) {
	body := `{{template "select" (dict "Errors" .Errors "ID" "s" "Name" "s" "Label" "L" "Vocab" "role" "Value" "okand" "Closed" .Closed "Empty" "Välj")}}`
	tpl := partials(t, body)
	open := execute(t, tpl, map[string]any{"Errors": formErrors{}, "Closed": false})
	wantIn(t, open, `<option value="">Välj</option>`, `<option value="okand" selected>okand</option>`)
	closed := execute(t, tpl, map[string]any{"Errors": formErrors{}, "Closed": true})
	if strings.Contains(closed, "okand") {
		t.Errorf("a closed select offers an unknown code:\n%s", closed)
	}
	opts := partials(t, `{{template "select" (dict "Errors" .Errors "ID" "s" "Name" "s" "Label" "L" "Options" (scale "3"))}}`)
	wantIn(t, execute(t, opts, map[string]any{"Errors": formErrors{}}), `<option value="3" selected>3</option>`, `<option value="5">5</option>`)
}

// The error summary links each placed error to its input; a stale form
// says so instead.
func TestErrorSummaryPartial(t *testing.T) {
	var e formErrors
	e.add("f-x", "X", "Fel i x.")
	e.add("", "", "Allmänt fel.")
	tpl := partials(t, `{{template "errorsummary" (dict "Errors" .Errors "Stale" .Stale "StaleText" "Inaktuell." "StaleHref" "/samverkan/1" "StaleLink" "Öppna" "NewTab" true)}}`)
	got := execute(t, tpl, map[string]any{"Errors": e, "Stale": false})
	wantIn(t, got, `role="alert"`, `<li><a href="#f-x">X: Fel i x.</a></li>`, `<li>Allmänt fel.</li>`)
	got = execute(t, tpl, map[string]any{"Errors": e, "Stale": true})
	wantIn(t, got, `<p>Inaktuell.</p>`, `<a href="/samverkan/1" target="_blank" rel="noopener">Öppna</a>`)
	if strings.Contains(got, "Fel i x.") {
		t.Errorf("a stale summary lists field errors:\n%s", got)
	}
	if got := execute(t, tpl, map[string]any{"Errors": formErrors{}, "Stale": false}); strings.TrimSpace(got) != "" {
		t.Errorf("summary without errors = %q", got)
	}
}

// A table's region is named by its caption.
func TestTablePartials(t *testing.T) {
	tpl := partials(t, `{{template "table.open" (dict "ID" "x-caption" "Caption" "Rubrik" "Cols" (list "A" "B") "Actions" "Åtgärder")}}<tr><td>1</td></tr>{{template "table.close"}}`)
	got := execute(t, tpl, nil)
	wantIn(t, got, `aria-labelledby="x-caption"`, `<caption id="x-caption">Rubrik</caption>`,
		`<th scope="col">A</th><th scope="col">B</th><th scope="col"><span class="visually-hidden">Åtgärder</span></th>`,
		"</tbody>\n</table>\n</div>")
}

// TestSelectOptionsHTML: a list of options rendered once (optionsHTML)
// and given to the "select" partial as OptionsHTML writes exactly what
// the partial writes from the options themselves, escaping included.
func TestSelectOptionsHTML(t *testing.T) {
	tpl := partials(t, `{{template "select" .}}`)
	opts := []option{{Value: "1", Label: "Vård & omsorg <2024> \"A+B\" 'C'"}, {Value: "2&3", Label: "Två", Selected: true},
		{Value: `"x"`, Label: "Tre\x00"}}
	html := optionsHTML(opts)
	for _, empty := range []string{"", "Ingen"} {
		want := execute(t, tpl, map[string]any{"ID": "s", "Name": "s", "Label": "Välj", "Options": opts, "Empty": empty})
		got := execute(t, tpl, map[string]any{"ID": "s", "Name": "s", "Label": "Välj", "OptionsHTML": html, "Empty": empty})
		if got != want {
			t.Errorf("OptionsHTML\n got %s\nwant %s", got, want)
		}
		if !strings.Contains(want, "&amp; omsorg &lt;2024&gt;") || !strings.Contains(want, `value="2&amp;3" selected`) {
			t.Errorf("the options are not escaped or marked as expected: %s", want)
		}
	}
}

// optionsTemplate is how optionsHTML wrote its options before they were
// written in Go: TestOptionsHTMLAsTemplate compares the two.
var optionsTemplate = template.Must(template.New("options").Parse(
	`{{range .}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Label}}</option>` + "\n" + `{{end}}`))

// TestOptionsHTMLAsTemplate: optionsHTML writes byte for byte what the
// template it replaced wrote, for odd texts in values and labels, selected
// or not, and for no options at all.
func TestOptionsHTMLAsTemplate(t *testing.T) {
	for _, opts := range [][]option{nil, {}, {{Value: "1", Label: "Ett"}},
		{{Value: oddText, Label: oddText, Selected: true}, {Value: "2&3", Label: "Två (idé)"}, {Value: "", Label: ""},
			{Value: "<script>", Label: "</option><option>", Child: true, Count: 3}, {Value: "é+ü", Label: "Å'ä\"ö", Selected: true}}} {
		var want strings.Builder
		if err := optionsTemplate.Execute(&want, opts); err != nil {
			t.Fatal(err)
		}
		if got := string(optionsHTML(opts)); got != want.String() {
			t.Errorf("optionsHTML(%v)\n got %q\nwant %q", opts, got, want.String())
		}
	}
}
