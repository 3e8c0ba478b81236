package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/tabular"
)

// vocabularies the templates label codes with: {{label "status" .Status}}.
var vocabularies = map[string]samverkan.Vocabulary{
	"status":      samverkan.StatusTerms(),
	"phase":       samverkan.Phases,
	"role":        samverkan.Roles,
	"legal_form":  samverkan.LegalFormTerms(),
	"cost_key":    samverkan.CostKeys,
	"procurement": samverkan.ProcurementBases,
	"doc_type":    samverkan.DocumentTypes,
	"body":        samverkan.Bodies,
	"purpose":     samverkan.Purposes,
	"triage":      samverkan.Triages,
	"party_kind":  samverkan.PartyKinds,
	"event":       samverkan.EventKinds,
	"host_role":   samverkan.HostRoles,
	"relation":    samverkan.RelationKinds,
	"user_role":   samverkan.UserRoles,
	// The pipeline's (lifecycle.go, assessment.go).
	"decision_kind": samverkan.DecisionKinds,
	"path_step":     samverkan.PathSteps,
	"owner":         samverkan.DecisionOwners,
	"outcome":       samverkan.Outcomes,
	"priority":      priorities,
	"feasibility":   samverkan.Feasibilities,
	"readiness":     samverkan.Readiness,
	"effect":        samverkan.Effects,
	"risk":          samverkan.RiskCategories,
	// The network's own life (netrecord.go).
	"risk_kind":       samverkan.RiskKinds,
	"risk_status":     samverkan.RiskStatuses,
	"risk_level":      samverkan.RiskLevels,
	"meeting_kind":    samverkan.MeetingKinds,
	"advocacy_target": samverkan.AdvocacyTargets,
	"advocacy_status": samverkan.AdvocacyStatuses,
	// The network's steering (plan.go, followup.go).
	"activity_status": samverkan.ActivityStatuses,
	"contribution":    samverkan.Contributions,
}

// stockholm is Sweden's time zone, for timestamps shown.
var stockholm = samverkan.Stockholm

// funcs returns the template functions bound to one language.
func (s *server) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) string { return tr(lang, key, args...) },
		"label": func(vocab, code string) string {
			return vocabularies[vocab].Label(code, lang)
		},
		"terms": func(vocab string) samverkan.Vocabulary { return vocabularies[vocab] },
		"area": func(code string) string {
			if a, ok := s.cat.Area(code); ok {
				return a.Label(lang)
			}
			return code
		},
		"muni": s.cat.MunicipalityName,
		// legalName is the name formal documents use ("Gislaveds kommun").
		"legalName":  s.cat.MunicipalityOfficialName,
		"kr":         func(v any) string { return kronor(v, lang) },
		"krOr":       func(v *int64) string { return amountOrUnknown(v, lang) },
		"total":      func(t samverkan.AmountTotal) totalView { return costTotal(t, lang) },
		"dateOr":     func(d samverkan.Date) string { return dateOrUnknown(d, lang) },
		"prose":      readable,
		"same":       sameStem,
		"num":        func(n int) string { return groupDigits(int64(n), lang) },
		"date":       func(d samverkan.Date) string { return d.String() },
		"join":       strings.Join,
		"datetime":   func(t time.Time) string { return t.In(stockholm).Format("2006-01-02 15:04") },
		"legalBasis": func(code string) string { f, _ := samverkan.FindLegalForm(code); return f.Basis },
		"inc":        func(i int) int { return i + 1 },
		"other":      func() string { return otherLang(lang) },
		"langURL":    func(current string) string { return langSwitchURL(otherLang(lang), current) },
		"has":        func(list []string, v string) bool { return contains(list, v) },
		"deref": func(p *int) int {
			if p == nil {
				return 0
			}
			return *p
		},
		"deref64": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"knownArea": func(code string) bool { _, ok := s.cat.Area(code); return ok },
		// The import template's header of a field ("Område").
		"fieldHeader": func(f tabular.Field) string { return tabular.HeaderOf(f) },
		"known":       func(vocab, code string) bool { return code == "" || vocabularies[vocab].Has(code) },
		// Long tables' rows written in Go (municipality_html.go).
		"collabRows": collabRows,
		"mapRows":    mapRows,
		"costRows":   costRows,
		// The oversight's and the KL 9:38 report's rows (report_html.go).
		"oversightRows": func(rows []oversightRow) template.HTML { return oversightRows(rows, lang) },
		"report938Rows": func(rows []reportRow) template.HTML { return report938Rows(rows, lang) },
		"table": func(id, caption string, cols []column, rows []rowView) tableView {
			return tableView{ID: id, Caption: caption, Columns: cols, Rows: rows}
		},
		// Parameters of the partials (partials.html).
		"dict":           dict,
		"list":           func(v ...any) []any { return v },
		"scale":          scaleOptions,
		"networkOptions": networkOptions,
		// Who may do what, for hiding actions (auth.go); handlers still
		// enforce every rule.
		"canEdit":    canEditFunc,
		"canDelete":  canDeleteFunc,
		"canCreate":  canCreateSome,
		"canNetwork": canNetworkFunc,
		"isAdmin":    func(p *samverkan.Principal) bool { return p.IsAdmin() },
		"grant": func(g samverkan.Grant, names map[string]string) string {
			return s.grantLabel(lang, g, names)
		},
		"mailto": mailto,
	}
}

// mailto is the mailto: link of a valid e-mail address, built from its
// parts with each percent-escaped, or "" for anything else (an address
// stored before addresses were checked), which the page shows as text: a
// stored "x@kommun.se?bcc=…&body=…" must not become a link that adds
// recipients and a body.
func mailto(addr string) template.URL {
	if !samverkan.ValidEmail(addr) {
		return ""
	}
	at := strings.LastIndexByte(addr, '@')
	return template.URL("mailto:" + url.PathEscape(addr[:at]) + "@" + url.PathEscape(addr[at+1:]))
}

func otherLang(lang string) string {
	if lang == "en" {
		return "sv"
	}
	return "en"
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// kronor formats whole kronor the Swedish way, "1 200 000 kr", or as
// "SEK 1,200,000" in English. Unknown amounts (nil) give "".
func kronor(v any, lang string) string {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case *int64:
		if x == nil {
			return ""
		}
		n = *x
	case int:
		n = int64(x)
	default:
		return ""
	}
	if lang == "en" {
		return "SEK " + groupDigits(n, lang)
	}
	return groupDigits(n, lang) + " kr"
}

// groupDigits writes n with thousands separated by a space (Swedish) or a
// comma (English).
func groupDigits(n int64, lang string) string {
	sep := " "
	if lang == "en" {
		sep = ","
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dict builds the parameters of a partial from key-value pairs:
// {{template "input" (dict "ID" "f-title" "Label" (t "field.title"))}}.
// A partial reads a key it was not given as empty.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: a key without a value")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// scaleOptions are the choices 1–5 of the pre-study's maturity, likelihood
// and impact, with the one typed selected.
func scaleOptions(selected string) []option {
	out := make([]option, 0, 5)
	for n := 1; n <= 5; n++ {
		v := strconv.Itoa(n)
		out = append(out, option{Value: v, Label: v, Selected: v == selected})
	}
	return out
}

// networkOptions offers the networks, by name, with slug selected.
func networkOptions(nets []networkRef, slug string) []option {
	out := make([]option, len(nets))
	for i, n := range nets {
		out[i] = option{Value: n.Slug, Label: n.Name, Selected: n.Slug == slug}
	}
	return out
}

// muniOption is one entry of the shared municipality datalist.
type muniOption struct{ Code, Name string }

func muniOptions(cat *samverkan.Catalog) []muniOption {
	ms := cat.Municipalities()
	out := make([]muniOption, len(ms))
	for i, m := range ms {
		out[i] = muniOption{m.Code, m.Name}
	}
	samverkan.SortSwedish(out, func(o muniOption) string { return o.Name })
	return out
}

// tableView is what the collabtable partial shows.
type tableView struct {
	ID, Caption string
	Columns     []column
	Rows        []rowView
}

// fieldErrView is what the fielderr partial shows next to an input.
type fieldErrView struct {
	ID   string
	Msgs []string
}

// plainColumns are the collaboration table's columns without sort links.
func plainColumns(lang string) []column {
	cols := listColumns(lang, "", listFilter{})
	for i := range cols {
		cols[i].Href = ""
	}
	return cols
}
