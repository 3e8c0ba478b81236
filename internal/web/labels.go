package web

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/samverkan/samverkan"
)

// What the pages show instead of what is meant for developers: labels for
// codes, sources that read as sources, and free text without the research
// tags the demo data carries for its maintainers.

// refTag is a tag in the research notes: S37, b.6, a.5, e.
const refTag = `(?:[A-Za-z]?\.?\d+(?:\.\d+)?[a-z]?|[a-e]\b)`

var (
	// researchRefRE finds references into the project's research notes:
	// "domain.md S37", "domain.md b.4, b.6", "demo-facts", "[S33]",
	// "[S31]–[S35]". Each record keeps its tag for the maintainers (the
	// demo facts require it); a reader has the source itself.
	researchRefRE = regexp.MustCompile(`(?:\s+i\s+)?\b(?:research/)?demo-facts(?:\.md)?|(?:research/)?domain\.md(?:\s+` + refTag + `(?:\s*(?:,|och|and|–|-)\s*` + refTag + `)*)?|\[S\d+[a-z]?\](?:\s*[–-]\s*\[S\d+[a-z]?\])?`)
	// bareTagRE is a research tag alone in a parenthesis: "(S34, S36)",
	// "(Dals-Eds kommun, S35)".
	bareTagRE = regexp.MustCompile(`^\s*S\d{2}[a-z]?\s*$`)
	parenRE   = regexp.MustCompile(`\(([^()]*)\)`)
	markRE    = regexp.MustCompile(`[,;:]?\s*\x00`)
	spaceRE   = regexp.MustCompile(`[ \t]{2,}`)
	beforeRE  = regexp.MustCompile(`[ \t]+([.,;:)])`)
)

// readable is free text as a reader sees it: research tags and their
// separators taken out, the rest untouched.
func readable(s string) string {
	// Without a research tag's literal part or a parenthesis none of the
	// expressions below can match: most descriptions skip them (the
	// public view runs this on every network and collaboration it shows).
	if !strings.Contains(s, "(") && !strings.Contains(s, "demo-facts") &&
		!strings.Contains(s, "domain.md") && !strings.Contains(s, "[S") {
		return s
	}
	t := researchRefRE.ReplaceAllString(s, "\x00")
	t = parenRE.ReplaceAllStringFunc(t, func(p string) string {
		items := strings.Split(p[1:len(p)-1], ",")
		kept := items[:0]
		for _, it := range items {
			it = strings.TrimSpace(it)
			if rest := strings.Trim(strings.ReplaceAll(it, "\x00", ""), " –-"); rest != "" && !bareTagRE.MatchString(rest) {
				kept = append(kept, it)
			}
		}
		if len(kept) == len(items) {
			return p
		}
		if len(kept) == 0 {
			return ""
		}
		return "(" + strings.Join(kept, ", ") + ")"
	})
	if t == s {
		return s
	}
	t = markRE.ReplaceAllString(t, "")
	t = beforeRE.ReplaceAllString(t, "$1")
	t = strings.NewReplacer("( ", "(", "..", ".", ",.", ".", ";.", ".").Replace(t)
	t = spaceRE.ReplaceAllString(t, " ")
	return strings.TrimLeft(strings.TrimSpace(t), ",;:. ")
}

// sourceView is a source as the pages show it: what it is about (the
// field's label, not its code), the readable note, and a link named by
// its site.
type sourceView struct {
	Field, Text, URL, Site string
}

func sourceViews(srcs []samverkan.Source, lang string) []sourceView {
	out := make([]sourceView, 0, len(srcs))
	for _, src := range srcs {
		v := sourceView{Text: readable(src.Text), URL: src.URL, Site: siteName(src.URL)}
		if src.Field != "" {
			v.Field = fieldLabel(src.Field, lang)
		}
		out = append(out, v)
	}
	return out
}

// siteName names a link by its site: "gislaved.se" for
// https://www.gislaved.se/nyheter/….
func siteName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// statusAndPhase is a status with its phase in parentheses, the phase
// left out where it only repeats the status ("Avslutad (Avslutade)",
// "Running (Running)").
func statusAndPhase(status, lang string) (string, string) {
	s := vocabularies["status"].Label(status, lang)
	p := samverkan.Phases.Label(samverkan.PhaseOf(status), lang)
	if sameStem(s, p) {
		return s, ""
	}
	return s, p
}

// sameStem reports whether two labels are one word in two forms: equal
// in their first six letters, or one the start of the other.
func sameStem(a, b string) bool {
	x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	n := min(len(x), len(y), 6)
	return n > 0 && string(x[:n]) == string(y[:n])
}

// eventVocab names the vocabulary an event kind's from and to values are
// codes in; other kinds carry text (a title) or nothing.
var eventVocab = map[string]samverkan.Vocabulary{
	"skapad":         samverkan.StatusTerms(),
	"status":         samverkan.StatusTerms(),
	"form":           samverkan.LegalFormTerms(),
	"beslut":         samverkan.Outcomes,
	"beslut_struket": samverkan.Outcomes,
	"forstudie":      samverkan.Feasibilities,
}
