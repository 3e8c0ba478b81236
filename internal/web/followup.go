package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Follow-up: the yearly form per collaboration (/samverkan/{id}/
// uppfoljning/{year}), an assessment per purpose of its networks on the
// fixed scale, cost against budget, indicators and a narrative; and the
// network's roll-up per purpose (/natverk/{slug}/uppfoljning?ar=YYYY).

// followUpYears is how many years the roll-up compares.
const followUpYears = 3

type followUpPage struct {
	Network   *samverkan.Network
	Year      int
	Years     []option
	Rollup    samverkan.FollowUpRollup
	Compare   []int // the years compared, newest first
	Rows      []rollupRow
	Missing   []samverkan.CollaborationRef
	Followed  []followedRow
	Titles    map[int64]string
	CanFollow bool
	// MissingHTML and FollowedHTML are Missing's list items and
	// Followed's table rows, written in Go (steering_html.go).
	MissingHTML, FollowedHTML template.HTML
}

type rollupRow struct {
	samverkan.PurposeRollup
	// Earlier holds the same purpose in the years compared before Year.
	Earlier []samverkan.PurposeRollup
	Weakest bool
	// WeakHTML is the cell of the weak collaborations (steering_html.go).
	WeakHTML template.HTML
}

type followedRow struct {
	Ref                     samverkan.CollaborationRef
	Budget, Cost, Deviation string
	Example                 bool
}

// yearParam reads ?ar=YYYY within the years follow-ups cover; anything
// else is this year.
func yearParam(r *http.Request, now int) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("ar")); err == nil && y >= samverkan.FirstFollowUpYear && y <= now+1 {
		return y
	}
	return now
}

func (s *server) handleNetworkFollowUp(w http.ResponseWriter, r *http.Request) {
	ss, n, err := s.steeringTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ctx := r.Context()
	now := today().Year()
	year := yearParam(r, now)
	years := make([]int, followUpYears)
	for i := range years {
		years[i] = year - i
	}
	refs, err := ss.CollaborationRefs(ctx, samverkan.RefFilter{Network: n.Slug})
	if err != nil {
		s.error(w, r, err)
		return
	}
	fus, err := ss.FollowUpScores(ctx, samverkan.RefFilter{Network: n.Slug}, years...)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	purposes := n.PurposeTexts()
	d := followUpPage{Network: n, Year: year, Compare: years, Titles: map[int64]string{},
		CanFollow: samverkan.Authorize(principal(r), samverkan.ActionUpdate, samverkan.Resource{Networks: []string{n.Slug}})}
	for y := now + 1; y >= now-10; y-- {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	byID := map[int64]samverkan.CollaborationRef{}
	for _, c := range refs {
		byID[c.ID] = c
		d.Titles[c.ID] = c.Title
	}
	d.Rollup = samverkan.RollUp(purposes, year, refs, fus)
	var earlier []samverkan.FollowUpRollup
	for _, y := range years[1:] {
		earlier = append(earlier, samverkan.RollUp(purposes, y, refs, fus))
	}
	weakest := -1.0
	for i, pr := range d.Rollup.Purposes {
		row := rollupRow{PurposeRollup: pr, WeakHTML: weakLinks(pr.Weak, d.Titles)}
		for _, e := range earlier {
			row.Earlier = append(row.Earlier, e.Purposes[i])
		}
		d.Rows = append(d.Rows, row)
		if pr.Mean != nil && (weakest < 0 || *pr.Mean < weakest) {
			weakest = *pr.Mean
		}
	}
	for i := range d.Rows {
		if m := d.Rows[i].Mean; m != nil && *m == weakest && len(d.Rows) > 1 {
			d.Rows[i].Weakest = true
		}
	}
	for _, id := range d.Rollup.Missing {
		d.Missing = append(d.Missing, byID[id])
	}
	thisYear := make(map[int64]*samverkan.FollowUp, len(fus))
	for _, f := range fus {
		if f.Year == year {
			thisYear[f.CollaborationID] = f
		}
	}
	// refs come in Swedish title order (the store orders by the title's
	// SwedishKey, then id): walking them gives the followed-up list in
	// that order without sorting it again.
	for _, c := range refs {
		f := thisYear[c.ID]
		if f == nil {
			continue
		}
		row := followedRow{Ref: c, Budget: kronor(f.Budget, lang), Cost: kronor(f.Cost, lang), Example: f.Example}
		if dev, ok := f.Deviation(); ok {
			row.Deviation = kronor(dev, lang)
		}
		d.Followed = append(d.Followed, row)
	}
	d.MissingHTML = missingItems(lang, d.Missing, year, d.CanFollow)
	d.FollowedHTML = followedRows(lang, d.Followed, year)
	s.render(w, r, http.StatusOK, "followup", page{Title: tr(lang, "fu.title", n.Name, year), Data: d})
}

// The follow-up form.

type followUpForm struct {
	C           *samverkan.Collaboration
	Year        int
	New         bool
	Version     string
	Action      string
	Rows        []assessRow
	Budget      string
	Cost        string
	Indicators  []indicatorRow
	Narrative   string
	Example     bool
	Errors      formErrors
	Stale       bool
	Scale       samverkan.Vocabulary
	NoPurposes  bool
	NetworkHref string
	Years       []int
}

type assessRow struct{ Purpose, Score, Motivation string }
type indicatorRow struct{ Name, Unit, Value, Target string }

func (s *server) followUpTarget(r *http.Request) (samverkan.SteeringStore, *samverkan.Collaboration, int, error) {
	ss, err := samverkan.Steering(s.store)
	if err != nil {
		return nil, nil, 0, err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < samverkan.FirstFollowUpYear || year > samverkan.MaxYear {
		return nil, nil, 0, samverkan.Errorf(samverkan.ENOTFOUND, "Året finns inte.")
	}
	c, err := s.collabFromPath(r)
	if err != nil {
		return nil, nil, 0, err
	}
	return ss, c, year, nil
}

// followUpPurposes are the purposes of c's networks.
func (s *server) followUpPurposes(r *http.Request, c *samverkan.Collaboration) ([]string, error) {
	var nets []*samverkan.Network
	for _, slug := range c.Networks {
		n, err := s.store.NetworkBySlug(r.Context(), slug)
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		nets = append(nets, n)
	}
	samverkan.SortSwedish(nets, func(n *samverkan.Network) string { return n.Name })
	return samverkan.FollowUpPurposes(nets), nil
}

func (s *server) handleFollowUpForm(w http.ResponseWriter, r *http.Request) {
	ss, c, year, err := s.followUpTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	purposes, err := s.followUpPurposes(r, c)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := &followUpForm{C: c, Year: year, New: true, Version: "0"}
	fu, err := ss.FollowUp(r.Context(), c.ID, year)
	switch samverkan.ErrorCode(err) {
	case "":
		f.New, f.Version = false, strconv.Itoa(fu.Version)
		f.Budget, f.Cost, f.Narrative, f.Example = plainKronor(fu.Budget), plainKronor(fu.Cost), fu.Narrative, fu.Example
		for _, in := range fu.Indicators {
			f.Indicators = append(f.Indicators, indicatorRow{in.Name, in.Unit, plainNumber(in.Value), plainNumber(in.Target)})
		}
	case samverkan.ENOTFOUND:
		fu = &samverkan.FollowUp{}
	default:
		s.error(w, r, err)
		return
	}
	for _, p := range purposes {
		row := assessRow{Purpose: p, Score: "0"}
		for _, a := range fu.Assessments {
			if a.Purpose == p {
				row.Score, row.Motivation = strconv.Itoa(a.Score), a.Motivation
			}
		}
		f.Rows = append(f.Rows, row)
	}
	// An assessment of a purpose the network no longer declares is kept,
	// so saving does not silently drop it; validation then names it.
	for _, a := range fu.Assessments {
		if !contains(purposes, a.Purpose) {
			f.Rows = append(f.Rows, assessRow{a.Purpose, strconv.Itoa(a.Score), a.Motivation})
		}
	}
	s.renderFollowUpForm(w, r, http.StatusOK, f)
}

// plainKronor writes an amount for an input: digits, or "" when unknown.
func plainKronor(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func plainNumber(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// parseNumber reads a decimal number as people write it ("1 200,5");
// empty is unknown (nil).
func parseNumber(s string) (*float64, bool) {
	t := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009':
			return -1
		case ',':
			return '.'
		}
		return r
	}, strings.TrimSpace(s))
	if t == "" {
		return nil, true
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, false
	}
	return &v, true
}

func decodeFollowUpForm(r *http.Request, c *samverkan.Collaboration, year int) *followUpForm {
	v := r.PostForm
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := &followUpForm{C: c, Year: year, Version: g("version"), Budget: g("budget"), Cost: g("cost"),
		Narrative: g("narrative"), Example: g("example") != ""}
	f.New = f.Version == "0" || f.Version == ""
	for _, i := range rowIndex(v, "a") {
		p := fmt.Sprintf("a.%d.", i)
		f.Rows = append(f.Rows, assessRow{g(p + "purpose"), g(p + "score"), g(p + "motivation")})
	}
	for _, i := range rowIndex(v, "i") {
		p := fmt.Sprintf("i.%d.", i)
		f.Indicators = append(f.Indicators, indicatorRow{g(p + "name"), g(p + "unit"), g(p + "value"), g(p + "target")})
	}
	return f
}

// buildFollowUp turns the form into a follow-up; text that is no number is
// reported per field and never saved as 0.
func buildFollowUp(f *followUpForm) (*samverkan.FollowUp, []int, []samverkan.FieldError) {
	fu := &samverkan.FollowUp{CollaborationID: f.C.ID, Year: f.Year, Narrative: f.Narrative, Example: f.Example}
	fu.Version, _ = strconv.Atoi(f.Version)
	var bad []samverkan.FieldError
	for _, a := range f.Rows {
		score, err := strconv.Atoi(a.Score)
		if err != nil && a.Score != "" {
			score = -1
		}
		fu.Assessments = append(fu.Assessments, samverkan.PurposeAssessment{Purpose: a.Purpose, Score: score, Motivation: a.Motivation})
	}
	for _, m := range []struct {
		field, text string
		dst         **int64
	}{{"budget", f.Budget, &fu.Budget}, {"cost", f.Cost, &fu.Cost}} {
		v, ok := parseKronor(m.text)
		if !ok {
			bad = append(bad, samverkan.FieldError{Field: m.field, Code: "invalid_number", Params: []any{m.text}})
		}
		*m.dst = v
	}
	var idx []int
	for i, in := range f.Indicators {
		if blank(in.Name, in.Unit, in.Value, in.Target) {
			continue
		}
		k := len(fu.Indicators)
		ind := samverkan.Indicator{Name: in.Name, Unit: in.Unit}
		var ok bool
		if ind.Value, ok = parseNumber(in.Value); !ok {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("indicators[%d].value", k), Code: "not_a_finite_number"})
		}
		if ind.Target, ok = parseNumber(in.Target); !ok {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("indicators[%d].target", k), Code: "not_a_finite_number"})
		}
		fu.Indicators = append(fu.Indicators, ind)
		idx = append(idx, i)
	}
	return fu, idx, bad
}

var followUpPathRE = regexp.MustCompile(`^(assessments|indicators)\[(\d+)\]\.([a-z_]+)$`)

func followUpErrors(lang string, fes []samverkan.FieldError, f *followUpForm, idx []int) formErrors {
	var out formErrors
	for _, fe := range fes {
		id, label := "fu-"+fe.Field, tr(lang, "fuform.field."+fe.Field)
		if m := followUpPathRE.FindStringSubmatch(fe.Field); m != nil {
			i, _ := strconv.Atoi(m[2])
			if m[1] == "assessments" {
				id = fmt.Sprintf("fu-a-%d-%s", i, m[3])
				if m[3] == "score" {
					id = fmt.Sprintf("fu-a-%d-score-0", i)
				}
				if i < len(f.Rows) {
					label = f.Rows[i].Purpose
				}
			} else {
				row := i
				if i < len(idx) {
					row = idx[i]
				}
				id = fmt.Sprintf("fu-i-%d-%s", row, m[3])
				label = tr(lang, "form.row", tr(lang, "fuform.indicators"), row+1)
			}
		}
		if strings.HasPrefix(label, "fuform.field.") {
			label = ""
		}
		out.add(id, label, fe.Message(lang))
	}
	return out
}

func (s *server) handleFollowUpSave(w http.ResponseWriter, r *http.Request) {
	ss, c, year, err := s.followUpTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeFollowUpForm(r, c, year)
	lang := langOf(r)
	if r.PostForm.Get("fler") != "" {
		f.Indicators = append(f.Indicators, indicatorRow{}, indicatorRow{})
		s.renderFollowUpForm(w, r, http.StatusOK, f)
		return
	}
	fu, idx, bad := buildFollowUp(f)
	if len(bad) > 0 {
		err = &samverkan.Error{Code: samverkan.EINVALID, Message: "Uppgifterna innehåller fel.", Fields: bad}
	} else {
		err = ss.SaveFollowUp(writeCtx(r), fu)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, fmt.Sprintf("/samverkan/%d/uppfoljning/%d?klart=uppfoljning", c.ID, year), http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = followUpErrors(lang, samverkan.FieldErrors(err), f, idx)
		f.Errors.orMessage(err)
		s.renderFollowUpForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE:
		f.Stale = true
		s.renderFollowUpForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) renderFollowUpForm(w http.ResponseWriter, r *http.Request, status int, f *followUpForm) {
	lang := langOf(r)
	f.Action = fmt.Sprintf("/samverkan/%d/uppfoljning/%d", f.C.ID, f.Year)
	f.Scale = samverkan.Contributions
	f.NoPurposes = len(f.Rows) == 0
	f.Indicators = padRows(f.Indicators, 2, func(in indicatorRow) bool { return blank(in.Name, in.Unit, in.Value, in.Target) })
	if len(f.C.Networks) > 0 {
		f.NetworkHref = fmt.Sprintf("/natverk/%s/uppfoljning?ar=%d", f.C.Networks[0], f.Year)
	}
	now := today().Year()
	for y := now; y >= now-4; y-- {
		f.Years = append(f.Years, y)
	}
	title := tr(lang, "fuform.title", f.C.Title, f.Year)
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "followup_form", page{Title: title, Flash: steeringFlash(r), Data: f})
}
