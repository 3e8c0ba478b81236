package samverkan

import (
	"context"
	_ "embed"
	"math"
	"strings"
	"time"
)

// Key functions (nyckelfunktioner) and vulnerability: the competences a
// municipality must have (a municipal lawyer, a security coordinator, an
// environmental inspector …), how each is staffed, and where one person
// carries it alone. The list is data (vocab/key_functions.csv) a
// non-programmer can extend; each function names the areas whose
// collaborations share it, so the vulnerability map can say which
// collaborations already share a weak function and which ideas would.

//go:embed vocab/key_functions.csv
var keyFunctionFile string

// KeyFunction is one function of the list.
type KeyFunction struct {
	Term
	// Areas are the area codes whose collaborations share this competence.
	Areas []string `json:"areas"`
}

// KeyFunctionList returns the functions in the file's order. The file is
// embedded and checked by a test, so a bad line is a build-time fault.
func KeyFunctionList() []KeyFunction {
	var out []KeyFunction
	for i, line := range strings.Split(keyFunctionFile, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || i > 0 && strings.HasPrefix(line, "code;") {
			continue
		}
		f := strings.Split(line, ";")
		if len(f) != 4 || f[0] == "code" {
			continue
		}
		out = append(out, KeyFunction{Term: Term{Code: f[0], SV: f[1], EN: f[2]}, Areas: strings.Fields(f[3])})
	}
	return out
}

// KeyFunctions is the vocabulary of the functions.
func KeyFunctions() Vocabulary {
	var v Vocabulary
	for _, f := range KeyFunctionList() {
		v = append(v, f.Term)
	}
	return v
}

// DifficultyMax is the top of the recruitment difficulty scale (1–5).
const DifficultyMax = 5

// MaxFTE bounds the staffing of one function: far above any municipality.
const MaxFTE = 10000

// KeyFunctionEntry is one function's staffing in one municipality. Every
// figure is a pointer: a figure nobody entered is unknown, never 0.
type KeyFunctionEntry struct {
	Function string `json:"function"`
	// FTE is the staffing in full-time equivalents (årsarbetskrafter).
	FTE *float64 `json:"fte"`
	// Vacancies are unfilled positions.
	Vacancies *int `json:"vacancies"`
	// SinglePerson says that one person alone carries the function.
	SinglePerson *bool `json:"single_person"`
	// Difficulty is how hard the function is to recruit, 1 (easy) to 5.
	Difficulty *int `json:"recruitment_difficulty"`
	// Updated is when the entry's figures last changed (set by the store).
	Updated Date   `json:"updated"`
	Note    string `json:"note"`
	// Example marks invented demo values.
	Example bool `json:"example"`
}

// Vulnerable reports whether the entry shows the function at risk: one
// person carries it, a position is vacant, or it is hard to recruit (4–5).
func (e KeyFunctionEntry) Vulnerable() bool {
	return e.SinglePersonDependent() || (e.Vacancies != nil && *e.Vacancies > 0) || (e.Difficulty != nil && *e.Difficulty >= 4)
}

// SinglePersonDependent reports whether one person alone carries the
// function: said so, or staffed with one FTE or less.
func (e KeyFunctionEntry) SinglePersonDependent() bool {
	if e.SinglePerson != nil {
		return *e.SinglePerson
	}
	return e.FTE != nil && *e.FTE > 0 && *e.FTE <= 1
}

// Known reports whether any figure of the entry is given.
func (e KeyFunctionEntry) Known() bool {
	return e.FTE != nil || e.Vacancies != nil || e.SinglePerson != nil || e.Difficulty != nil
}

// sameFigures reports whether two entries hold the same figures and note.
func (e KeyFunctionEntry) sameFigures(o KeyFunctionEntry) bool {
	eqF := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	eqI := func(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	eqB := func(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return eqF(e.FTE, o.FTE) && eqI(e.Vacancies, o.Vacancies) && eqB(e.SinglePerson, o.SinglePerson) &&
		eqI(e.Difficulty, o.Difficulty) && e.Note == o.Note && e.Example == o.Example
}

// MunicipalityKeyFunctions is a municipality's register of key functions:
// one versioned record, written whole (PUT with If-Match), audited.
type MunicipalityKeyFunctions struct {
	Municipality string             `json:"municipality"`
	Entries      []KeyFunctionEntry `json:"entries"`
	Version      int                `json:"version"`
	// Updated is when the register was last saved; nil before the first.
	Updated *time.Time `json:"updated"`
}

// Entry returns the entry of function, if any.
func (k *MunicipalityKeyFunctions) Entry(function string) (KeyFunctionEntry, bool) {
	for _, e := range k.Entries {
		if e.Function == function {
			return e, true
		}
	}
	return KeyFunctionEntry{}, false
}

// Normalize trims notes, drops entries with neither a figure nor a note
// and orders the entries as the list.
func (k *MunicipalityKeyFunctions) Normalize() {
	pos := map[string]int{}
	for i, f := range KeyFunctionList() {
		pos[f.Code] = i
	}
	out := k.Entries[:0]
	for _, e := range k.Entries {
		e.Note = strings.TrimSpace(e.Note)
		if e.Known() || e.Note != "" {
			out = append(out, e)
		}
	}
	k.Entries = out
	sortBy(k.Entries, func(a, b KeyFunctionEntry) bool { return pos[a.Function] < pos[b.Function] })
}

// Validate checks the register against the list and the scales.
func (k *MunicipalityKeyFunctions) Validate(cat *Catalog) error {
	var v Validation
	if _, ok := cat.Municipality(k.Municipality); !ok {
		v.Add("municipality", "unknown_municipality", k.Municipality)
	}
	fns := KeyFunctions()
	seen := map[string]bool{}
	if !checkList(&v, "entries", len(k.Entries), len(fns)) {
		return v.Err()
	}
	for i, e := range k.Entries {
		f := "entries[" + itoa(i) + "]"
		switch {
		case !fns.Has(e.Function):
			v.Add(f+".function", "unknown_key_function", e.Function)
		case seen[e.Function]:
			v.Add(f+".function", "duplicate_key_function", fns.Label(e.Function, "sv"))
		}
		seen[e.Function] = true
		if e.FTE != nil && (math.IsNaN(*e.FTE) || *e.FTE < 0 || *e.FTE > MaxFTE) {
			v.Add(f+".fte", "fte_out_of_range", MaxFTE)
		}
		if e.Vacancies != nil && (*e.Vacancies < 0 || *e.Vacancies > MaxFTE) {
			v.Add(f+".vacancies", "fte_out_of_range", MaxFTE)
		}
		if e.Difficulty != nil && (*e.Difficulty < 1 || *e.Difficulty > DifficultyMax) {
			v.Add(f+".recruitment_difficulty", "out_of_scale", 1, DifficultyMax)
		}
		checkText(&v, f+".note", e.Note, MaxShortText, false)
	}
	return v.Err()
}

// Stamp sets each entry's Updated: today where its figures differ from
// prev's (or it is new), prev's date where they are the same.
func (k *MunicipalityKeyFunctions) Stamp(prev *MunicipalityKeyFunctions, today Date) {
	for i, e := range k.Entries {
		if prev != nil {
			if old, ok := prev.Entry(e.Function); ok && old.sameFigures(e) {
				k.Entries[i].Updated = old.Updated
				continue
			}
		}
		k.Entries[i].Updated = today
	}
}

// AuditEntityKeyFunctions names a municipality's key functions in the audit
// history; the entity id is the municipality code.
const AuditEntityKeyFunctions = "key_functions"

// KeyFunctionStore keeps the registers. Stores that can implement it
// next to Store.
type KeyFunctionStore interface {
	// KeyFunctionsOf returns the municipality's register; an empty one
	// with Version 0 when none is saved.
	KeyFunctionsOf(ctx context.Context, code string) (*MunicipalityKeyFunctions, error)
	// SaveKeyFunctions creates (Version 0) or replaces (current Version)
	// the register, stamping changed entries and auditing the change;
	// ESTALE when the version is not current.
	SaveKeyFunctions(ctx context.Context, k *MunicipalityKeyFunctions) error
	// KeyFunctionsIn returns the registers of the given municipalities
	// that have one, by code.
	KeyFunctionsIn(ctx context.Context, codes []string) (map[string]*MunicipalityKeyFunctions, error)
}

// Vulnerability is a network's heat map: members × functions.
type Vulnerability struct {
	Network   string               `json:"network"`
	Members   []string             `json:"members"`
	Functions []VulnerableFunction `json:"functions"`
}

// VulnerableFunction is one function across the members.
type VulnerableFunction struct {
	Function string `json:"function"`
	// Entries per member, in Members' order; nil where not registered.
	Entries []*KeyFunctionEntry `json:"entries"`
	// SinglePerson lists the members where one person carries it.
	SinglePerson []string `json:"single_person"`
	// Sharing are the running collaborations in the function's areas,
	// Ideas the pipeline ones that would share it.
	Sharing []CoverageRef `json:"sharing"`
	Ideas   []CoverageRef `json:"ideas"`
}

// BuildVulnerability puts the members' registers side by side, flags
// single-person dependencies and names, for each function, the network's
// collaborations in its areas: running ones that already share it and
// ideas that would.
func BuildVulnerability(n *Network, regs map[string]*MunicipalityKeyFunctions, collabs []*Collaboration, on Date) Vulnerability {
	out := Vulnerability{Network: n.Slug, Members: []string{}, Functions: []VulnerableFunction{}}
	for _, m := range n.Members {
		if m.Current(on) {
			out.Members = append(out.Members, m.Code)
		}
	}
	for _, f := range KeyFunctionList() {
		vf := VulnerableFunction{Function: f.Code, Entries: make([]*KeyFunctionEntry, len(out.Members)),
			SinglePerson: []string{}, Sharing: []CoverageRef{}, Ideas: []CoverageRef{}}
		for i, code := range out.Members {
			if reg := regs[code]; reg != nil {
				if e, ok := reg.Entry(f.Code); ok {
					vf.Entries[i] = &e
					if e.SinglePersonDependent() {
						vf.SinglePerson = append(vf.SinglePerson, code)
					}
				}
			}
		}
		for _, c := range collabs {
			if !touches(c.Areas, f.Areas) {
				continue
			}
			ref := CoverageRef{ID: c.ID, Title: c.Title}
			switch PhaseOf(c.Status) {
			case PhaseRunning:
				vf.Sharing = append(vf.Sharing, ref)
			case PhasePipeline:
				vf.Ideas = append(vf.Ideas, ref)
			}
		}
		out.Functions = append(out.Functions, vf)
	}
	return out
}

func touches(areas, of []string) bool {
	for _, a := range areas {
		if containsString(of, a) {
			return true
		}
	}
	return false
}

// NetworkVulnerability loads network slug, its members' registers and its
// collaborations and builds the heat map: the one place the page and the
// API get it from.
func NetworkVulnerability(ctx context.Context, s Store, slug string, on Date) (*Network, Vulnerability, error) {
	ks, ok := s.(KeyFunctionStore)
	if !ok {
		return nil, Vulnerability{}, Errorf(EINTERNAL, "Lagret har inga nyckelfunktioner.")
	}
	n, err := s.NetworkBySlug(ctx, slug)
	if err != nil {
		return nil, Vulnerability{}, err
	}
	var codes []string
	for _, m := range n.Members {
		codes = append(codes, m.Code)
	}
	regs, err := ks.KeyFunctionsIn(ctx, codes)
	if err != nil {
		return nil, Vulnerability{}, err
	}
	cs, err := NetworkOutlines(ctx, s, n.Slug, "")
	if err != nil {
		return nil, Vulnerability{}, err
	}
	return n, BuildVulnerability(n, regs, cs, on), nil
}
