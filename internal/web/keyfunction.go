package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Key functions and vulnerability: a municipality's register
// (/kommun/{code}/nyckelfunktioner, view and edit, versioned and audited)
// and a network's heat map of members × functions
// (/natverk/{slug}/sarbarhet), a real table with colour as an extra.

type keyFunctionPage struct {
	M       samverkan.Municipality
	Rows    []keyFunctionRow
	Version int
	CanEdit bool
	Errors  formErrors
	Stale   bool
	Example bool // some values are invented examples
	History []samverkan.AuditEvent
}

// keyFunctionRow is one function of the register, as shown and as typed.
type keyFunctionRow struct {
	Code, Label                       string
	FTE, Vacancies, Difficulty, Note  string // as typed or stored
	Single                            string // "ja", "nej" or "" (unknown)
	Updated                           string
	Vulnerable, SinglePerson, Example bool
	Known                             bool
}

func (s *server) keyFunctionStore() (samverkan.KeyFunctionStore, error) {
	ks, ok := s.store.(samverkan.KeyFunctionStore)
	if !ok {
		return nil, errors.New("web: the store keeps no key functions")
	}
	return ks, nil
}

func fmtFloat(p *float64, lang string) string {
	if p == nil {
		return ""
	}
	return decimal(*p, 2, lang)
}

func fmtInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func (s *server) keyFunctionRows(k *samverkan.MunicipalityKeyFunctions, lang string) []keyFunctionRow {
	var rows []keyFunctionRow
	for _, f := range samverkan.KeyFunctionList() {
		row := keyFunctionRow{Code: f.Code, Label: f.Label(lang)}
		if e, ok := k.Entry(f.Code); ok {
			row.FTE, row.Vacancies, row.Difficulty, row.Note = fmtFloat(e.FTE, lang), fmtInt(e.Vacancies), fmtInt(e.Difficulty), e.Note
			if e.SinglePerson != nil {
				row.Single = map[bool]string{true: "ja", false: "nej"}[*e.SinglePerson]
			}
			if !e.Updated.IsZero() {
				row.Updated = e.Updated.String()
			}
			row.Vulnerable, row.SinglePerson, row.Example, row.Known = e.Vulnerable(), e.SinglePersonDependent(), e.Example, e.Known()
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *server) handleKeyFunctions(w http.ResponseWriter, r *http.Request) {
	m, ok := s.cat.Municipality(r.PathValue("code"))
	if !ok {
		s.notFound(w, r)
		return
	}
	ks, err := s.keyFunctionStore()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	k, err := ks.KeyFunctionsOf(r.Context(), m.Code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderKeyFunctions(w, r, http.StatusOK, m, k, s.keyFunctionRows(k, langOf(r)), formErrors{}, false)
}

func (s *server) renderKeyFunctions(w http.ResponseWriter, r *http.Request, status int, m samverkan.Municipality,
	k *samverkan.MunicipalityKeyFunctions, rows []keyFunctionRow, errs formErrors, stale bool) {
	lang := langOf(r)
	d := keyFunctionPage{M: m, Rows: rows, Version: k.Version, Errors: errs, Stale: stale,
		CanEdit: samverkan.Authorize(principal(r), samverkan.ActionUpdate, samverkan.Resource{Municipalities: []string{m.Code}})}
	for _, e := range k.Entries {
		d.Example = d.Example || e.Example
	}
	if hist, err := s.store.AuditEvents(r.Context(), samverkan.AuditEntityKeyFunctions, m.Code); err == nil {
		d.History = hist
	}
	p := page{Title: tr(lang, "kf.title", m.Name), Nav: "municipalities", Data: d}
	if errs.Any() || stale {
		p.ErrorID = "fel"
	} else if r.URL.Query().Get("sparad") == "1" {
		p.Flash = tr(lang, "kf.saved")
	}
	s.render(w, r, status, "keyfunctions", p)
}

func parseWhole(s string) (*int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, false
	}
	return &n, true
}

func (s *server) handleKeyFunctionsSave(w http.ResponseWriter, r *http.Request) {
	m, ok := s.cat.Municipality(r.PathValue("code"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	ks, err := s.keyFunctionStore()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lang := langOf(r)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	k := &samverkan.MunicipalityKeyFunctions{Municipality: m.Code, Version: version}
	var errs formErrors
	var rows []keyFunctionRow
	stored, err := ks.KeyFunctionsOf(r.Context(), m.Code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, f := range samverkan.KeyFunctionList() {
		v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name + "." + f.Code)) }
		row := keyFunctionRow{Code: f.Code, Label: f.Label(lang), FTE: v("fte"), Vacancies: v("vakanser"),
			Difficulty: v("svarighet"), Single: v("ensam"), Note: v("not")}
		e := samverkan.KeyFunctionEntry{Function: f.Code, Note: row.Note}
		var ok bool
		if e.FTE, ok = parseNumber(row.FTE); !ok {
			errs.add("fte-"+f.Code, f.Label(lang)+", "+tr(lang, "kf.col.fte"), tr(lang, "kf.err.number"))
		}
		if e.Vacancies, ok = parseWhole(row.Vacancies); !ok {
			errs.add("vakanser-"+f.Code, f.Label(lang)+", "+tr(lang, "kf.col.vacancies"), tr(lang, "kf.err.whole"))
		}
		if e.Difficulty, ok = parseWhole(row.Difficulty); !ok {
			errs.add("svarighet-"+f.Code, f.Label(lang)+", "+tr(lang, "kf.col.difficulty"), tr(lang, "kf.err.scale"))
		}
		switch row.Single {
		case "ja":
			e.SinglePerson = ptrTo(true)
		case "nej":
			e.SinglePerson = ptrTo(false)
		}
		// An example value stays marked as one until the row is changed.
		if old, ok := stored.Entry(f.Code); ok && old.Example {
			e.Example = true
			if fmtFloat(old.FTE, lang) != row.FTE || fmtInt(old.Vacancies) != row.Vacancies || fmtInt(old.Difficulty) != row.Difficulty || old.Note != row.Note {
				e.Example = false
			}
		}
		k.Entries = append(k.Entries, e)
		rows = append(rows, row)
	}
	if errs.Any() {
		s.renderKeyFunctions(w, r, http.StatusUnprocessableEntity, m, k, rows, errs, false)
		return
	}
	err = ks.SaveKeyFunctions(r.Context(), k)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/kommun/"+m.Code+"/nyckelfunktioner?sparad=1", http.StatusSeeOther)
	case samverkan.ESTALE:
		s.renderKeyFunctions(w, r, http.StatusConflict, m, k, rows, errs, true)
	case samverkan.EINVALID:
		var se *samverkan.Error
		if errors.As(err, &se) {
			for _, fe := range se.Fields {
				id, label := "", ""
				if i := strings.Index(fe.Field, "]."); i > 0 {
					if n, err := strconv.Atoi(fe.Field[len("entries["):i]); err == nil && n < len(k.Entries) {
						code := k.Entries[n].Function
						field := map[string]string{"fte": "fte", "vacancies": "vakanser", "recruitment_difficulty": "svarighet", "note": "not"}[fe.Field[i+2:]]
						if field != "" {
							id = field + "-" + code
						}
						label = samverkan.KeyFunctions().Label(code, lang)
					}
				}
				errs.add(id, label, fe.Message(lang))
			}
		}
		errs.orMessage(err)
		s.renderKeyFunctions(w, r, http.StatusUnprocessableEntity, m, k, rows, errs, false)
	default:
		s.error(w, r, err)
	}
}

func ptrTo[T any](v T) *T { return &v }

// Heat map levels of a cell, from the entry's figures.
const (
	levelUnknown = "okand"
	levelLow     = "lag"
	levelMedium  = "medel"
	levelHigh    = "hog"
)

type vulnerabilityPage struct {
	Network   *samverkan.Network
	Members   []memberHead
	Rows      []vulnRow
	Findings  []vulnFinding
	Example   bool
	Registers int // members with a saved register
}

type vulnRow struct {
	Label string
	Cells []vulnCell
}

type vulnCell struct {
	Member, Level, LevelLabel, Text string
	Example                         bool
}

// vulnFinding is one function with a single-person dependency, in words,
// with the collaborations that share it and the ideas that would.
type vulnFinding struct {
	Label, Single  string
	Sharing, Ideas []samverkan.CoverageRef
}

// cellLevel grades an entry: high where one person carries the function,
// medium where a post is vacant or it is hard to recruit, low otherwise.
func cellLevel(e *samverkan.KeyFunctionEntry) string {
	switch {
	case e == nil || !e.Known():
		return levelUnknown
	case e.SinglePersonDependent():
		return levelHigh
	case e.Vulnerable():
		return levelMedium
	}
	return levelLow
}

func (s *server) cellText(e *samverkan.KeyFunctionEntry, lang string) string {
	if e == nil || !e.Known() {
		return tr(lang, "value.unknown")
	}
	var parts []string
	if e.FTE != nil {
		parts = append(parts, tr(lang, "vuln.cell.fte", decimal(*e.FTE, 2, lang)))
	}
	if e.Vacancies != nil && *e.Vacancies > 0 {
		parts = append(parts, tr(lang, "vuln.cell.vacancies", *e.Vacancies))
	}
	if e.SinglePersonDependent() {
		parts = append(parts, tr(lang, "kf.flag.single"))
	}
	if e.Difficulty != nil {
		parts = append(parts, tr(lang, "vuln.cell.difficulty", *e.Difficulty))
	}
	return strings.Join(parts, " · ")
}

func (s *server) handleVulnerability(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	n, v, err := samverkan.NetworkVulnerability(r.Context(), s.store, r.PathValue("slug"), samverkan.Today())
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := vulnerabilityPage{Network: n}
	for _, m := range v.Members {
		d.Members = append(d.Members, memberHead{m, s.cat.MunicipalityName(m)})
	}
	fns := samverkan.KeyFunctions()
	registered := map[string]bool{}
	for _, f := range v.Functions {
		row := vulnRow{Label: fns.Label(f.Function, lang)}
		for i, e := range f.Entries {
			lvl := cellLevel(e)
			c := vulnCell{Member: d.Members[i].Name, Level: lvl, LevelLabel: tr(lang, "vuln.level."+lvl), Text: s.cellText(e, lang)}
			if e != nil {
				c.Example = e.Example
				d.Example = d.Example || e.Example
				registered[v.Members[i]] = true
			}
			row.Cells = append(row.Cells, c)
		}
		d.Rows = append(d.Rows, row)
		if len(f.SinglePerson) > 0 {
			var names []string
			for _, m := range f.SinglePerson {
				names = append(names, s.cat.MunicipalityName(m))
			}
			d.Findings = append(d.Findings, vulnFinding{Label: row.Label, Single: samverkan.JoinList(names, tr(lang, "word.and")), Sharing: f.Sharing, Ideas: f.Ideas})
		}
	}
	d.Registers = len(registered)
	s.render(w, r, http.StatusOK, "vulnerability", page{Title: tr(lang, "vuln.title", n.Name), Data: d})
}
