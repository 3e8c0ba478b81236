package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/chart"
)

// Cost sharing: each member's share, amount and kronor per inhabitant of a
// collaboration's year, computed by the one function in the root package
// (samverkan.CollaborationCostShares) and shown on the collaboration page,
// the decision brief, the municipality page and /insyn; and the form
// (/samverkan/{id}/kostnadsfordelning) where the key's figures per member
// (usage, fixed percentages, fees), its weights and reference date, and the
// budget and outcome per year are entered.

// costSection is a collaboration's split of one year as the pages show it.
type costSection struct {
	CollabID  int64
	Year      int
	Years     []int
	Key       string // the key's label, "" when none is chosen
	KeyNote   string
	Computed  bool
	Agreement bool   // split per agreement: nothing to compute
	Problem   string // why the split cannot be computed yet
	Rows      []costRow
	Total     string
	TotalFrom string // where the total comes from
	RefDate   string
	Chart     template.HTML
	Budgets   []budgetRow
	Example   bool
	Note      string
	CanEdit   bool
}

type costRow struct {
	Code, Name, Population, Share, Amount, PerInhabitant string
}

type budgetRow struct {
	Year                       int
	Budget, Outcome, Deviation string
}

// costYearParam reads ?ar=YYYY, or this year.
func costYearParam(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("ar")); err == nil && y >= samverkan.MinYear && y <= samverkan.MaxYear {
		return y
	}
	return today().Year()
}

// costShares computes collaboration c's split of year with the stored
// inputs and populations; the error is the domain's when the figures do
// not allow a split.
func (s *server) splitCosts(ctx context.Context, c *samverkan.Collaboration, year int) (*samverkan.CostShares, *samverkan.CostSharing, error) {
	ms, err := samverkan.Money(s.store)
	if err != nil {
		return nil, nil, err
	}
	cs, err := ms.CostSharing(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	pop, err := samverkan.Populations(ctx, ms, s.cat)
	if err != nil {
		return nil, nil, err
	}
	out, err := samverkan.CollaborationCostShares(c, cs, year, pop)
	return out, cs, err
}

// costSection builds the section for c's year. A split that cannot be
// computed is said in words (what is missing), never shown as zeros.
func (s *server) costSection(r *http.Request, c *samverkan.Collaboration, year int) (*costSection, error) {
	lang := langOf(r)
	d := &costSection{CollabID: c.ID, Year: year, KeyNote: c.CostKeyNote,
		CanEdit: samverkan.Authorize(principal(r), samverkan.ActionUpdate, samverkan.ResourceOf(c))}
	if c.CostKey != "" {
		d.Key = samverkan.CostKeys.Label(c.CostKey, lang)
	}
	now := today().Year()
	for y := now + 1; y >= now-3; y-- {
		d.Years = append(d.Years, y)
	}
	split, cs, err := s.splitCosts(r.Context(), c, year)
	if cs != nil {
		d.Example, d.Note = cs.Example, cs.Note
		for _, y := range cs.Years {
			b := budgetRow{Year: y.Year, Budget: amountOrUnknown(y.Budget, lang), Outcome: amountOrUnknown(y.Outcome, lang)}
			if dev, ok := y.Deviation(); ok {
				b.Deviation = signedKronor(dev, lang)
			}
			d.Budgets = append(d.Budgets, b)
		}
	}
	switch {
	case samverkan.ErrorCode(err) == samverkan.EINVALID:
		if c.CostKey == "" {
			d.Problem = tr(lang, "cost.no_key")
		} else {
			var msgs []string
			for _, fe := range samverkan.FieldErrors(err) {
				msgs = append(msgs, fe.Message(lang))
			}
			d.Problem = tr(lang, "cost.cannot", strings.Join(msgs, " "))
		}
		return d, nil
	case err != nil:
		return nil, err
	}
	d.Computed = split.Computed
	d.Agreement = !split.Computed
	d.Total = amountOrUnknown(split.Total, lang)
	switch {
	case split.Total == nil:
		d.TotalFrom = tr(lang, "cost.total.unknown")
	case c.CostKey == samverkan.CostKeyFees:
		d.TotalFrom = tr(lang, "cost.total.fees")
	case split.Budget != nil:
		d.TotalFrom = tr(lang, "cost.total.budget", year)
	default:
		d.TotalFrom = tr(lang, "cost.total.annual")
	}
	if !split.ReferenceDate.IsZero() {
		d.RefDate = split.ReferenceDate.String()
	}
	var bars []chart.Bar
	for _, m := range split.Members {
		row := costRow{Code: m.Code, Name: s.cat.MunicipalityName(m.Code), Share: m.PercentText(lang),
			Amount: amountOrUnknown(m.Amount, lang), Population: tr(lang, "figure.no_amount"), PerInhabitant: tr(lang, "figure.no_amount")}
		if m.Population != nil {
			row.Population = groupDigits(*m.Population, lang)
		}
		if m.PerInhabitant != nil {
			row.PerInhabitant = perInhabitantText(*m.PerInhabitant, lang)
		}
		d.Rows = append(d.Rows, row)
		b := chart.Bar{Label: row.Name}
		if m.Amount != nil {
			b.Value = chart.Known(float64(*m.Amount))
		}
		bars = append(bars, b)
	}
	if len(bars) > 0 && split.Total != nil {
		d.Chart = chart.HBar(chart.Chart{ID: fmt.Sprintf("cost-%d", c.ID), Title: tr(lang, "cost.chart", year),
			Bars: bars, Unknown: tr(lang, "figure.no_amount"), Class: "chart",
			Format: func(v float64) string { return kronor(int64(v), lang) }})
	}
	return d, nil
}

// perInhabitantText writes kronor per inhabitant with two decimals.
func perInhabitantText(v float64, lang string) string {
	whole := int64(v)
	ore := int64(v*100+0.5) - whole*100
	sep := ","
	if lang == "en" {
		sep = "."
	}
	return fmt.Sprintf("%s%s%02d %s", groupDigits(whole, lang), sep, ore, tr(lang, "cost.per_inhabitant.unit"))
}

// signedKronor writes a deviation with its sign: "+50 000 kr", "−20 000 kr".
func signedKronor(v int64, lang string) string {
	if v < 0 {
		return "−" + kronor(-v, lang)
	}
	return "+" + kronor(v, lang)
}

// The form.

type costForm struct {
	C             *samverkan.Collaboration
	Key           string
	Version       string
	RefDate       string
	Base, Size    string
	Usage         string
	Note          string
	Example       bool
	Members       []costMemberRow
	Years         []costYearRow
	Errors        formErrors
	Stale         bool
	Action        string
	Uses          map[string]bool // which inputs the key reads
	HintUsage     string
	HintPercent   string
	HintFee       string
	NoKey, NoPays bool
}

type costMemberRow struct{ Code, Name, Usage, Percent, Fee string }
type costYearRow struct{ Year, Budget, Outcome string }

// costInputsUsed tells the form which inputs a key reads, to mark them.
func costInputsUsed(key string) map[string]bool {
	switch key {
	case samverkan.CostKeyPopulation:
		return map[string]bool{"ref": true}
	case samverkan.CostKeyUsage:
		return map[string]bool{"usage": true}
	case samverkan.CostKeyFixed:
		return map[string]bool{"percent": true}
	case samverkan.CostKeyFees:
		return map[string]bool{"fee": true}
	case samverkan.CostKeySizeAndUsage:
		return map[string]bool{"ref": true, "usage": true, "weights": true}
	}
	return map[string]bool{}
}

func (s *server) costFormTarget(r *http.Request) (samverkan.MoneyStore, *samverkan.Collaboration, error) {
	ms, err := samverkan.Money(s.store)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.collabFromPath(r)
	return ms, c, err
}

func (s *server) handleCostSharingForm(w http.ResponseWriter, r *http.Request) {
	ms, c, err := s.costFormTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cs, err := ms.CostSharing(r.Context(), c.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := &costForm{C: c, Version: strconv.Itoa(cs.Version), Note: cs.Note, Example: cs.Example,
		Base: plainNumber(nonZero(cs.BaseWeight)), Size: plainNumber(nonZero(cs.SizeWeight)), Usage: plainNumber(nonZero(cs.UsageWeight))}
	if !cs.ReferenceDate.IsZero() {
		f.RefDate = cs.ReferenceDate.String()
	}
	codes := costFormCodes(c, cs)
	for _, code := range codes {
		in := cs.Input(code)
		f.Members = append(f.Members, costMemberRow{Code: code, Usage: plainNumber(in.Usage), Percent: plainNumber(in.Percent), Fee: plainKronor(in.Fee)})
	}
	for _, y := range cs.Years {
		f.Years = append(f.Years, costYearRow{strconv.Itoa(y.Year), plainKronor(y.Budget), plainKronor(y.Outcome)})
	}
	s.renderCostForm(w, r, http.StatusOK, f)
}

// costFormCodes are the municipalities the form asks about: every
// municipality taking part (observers too, whose figures may matter in
// another year) and any with figures kept.
func costFormCodes(c *samverkan.Collaboration, cs *samverkan.CostSharing) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range c.Participants {
		if p.Code != "" && !seen[p.Code] {
			seen[p.Code] = true
			out = append(out, p.Code)
		}
	}
	for _, m := range cs.Members {
		if !seen[m.Code] {
			seen[m.Code] = true
			out = append(out, m.Code)
		}
	}
	return out
}

func nonZero(v float64) *float64 {
	if v == 0 {
		return nil
	}
	return &v
}

func decodeCostForm(r *http.Request, c *samverkan.Collaboration) *costForm {
	v := r.PostForm
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := &costForm{C: c, Version: g("version"), RefDate: g("reference_date"), Base: g("base_weight"), Size: g("size_weight"),
		Usage: g("usage_weight"), Note: g("note"), Example: g("example") != ""}
	for _, i := range rowIndex(v, "m") {
		p := fmt.Sprintf("m.%d.", i)
		f.Members = append(f.Members, costMemberRow{Code: g(p + "code"), Usage: g(p + "usage"), Percent: g(p + "percent"), Fee: g(p + "fee")})
	}
	for _, i := range rowIndex(v, "y") {
		p := fmt.Sprintf("y.%d.", i)
		f.Years = append(f.Years, costYearRow{g(p + "year"), g(p + "budget"), g(p + "outcome")})
	}
	return f
}

// buildCostSharing turns the form into the record; text that is no number
// is reported on its field and never saved as 0. idx maps the record's
// members and years back to the form's rows.
func buildCostSharing(f *costForm) (*samverkan.CostSharing, []int, []int, []samverkan.FieldError) {
	cs := &samverkan.CostSharing{CollaborationID: f.C.ID, Note: f.Note, Example: f.Example}
	cs.Version, _ = strconv.Atoi(f.Version)
	var bad []samverkan.FieldError
	if f.RefDate != "" {
		d, err := samverkan.ParseDate(f.RefDate)
		if err != nil {
			bad = append(bad, samverkan.FieldError{Field: "reference_date", Code: "invalid_date", Params: []any{f.RefDate}})
		}
		cs.ReferenceDate = d
	}
	for _, w := range []struct {
		field, text string
		dst         *float64
	}{{"base_weight", f.Base, &cs.BaseWeight}, {"size_weight", f.Size, &cs.SizeWeight}, {"usage_weight", f.Usage, &cs.UsageWeight}} {
		n, ok := parseNumber(strings.TrimSuffix(strings.TrimSpace(w.text), "%"))
		if !ok {
			bad = append(bad, samverkan.FieldError{Field: w.field, Code: "not_a_finite_number"})
		} else if n != nil {
			*w.dst = *n
		}
	}
	var mIdx, yIdx []int
	for i, m := range f.Members {
		if blank(m.Usage, m.Percent, m.Fee) {
			continue
		}
		k := len(cs.Members)
		in := samverkan.CostInput{Code: m.Code}
		var ok bool
		if in.Usage, ok = parseNumber(m.Usage); !ok {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("members[%d].usage", k), Code: "not_a_finite_number"})
		}
		if in.Percent, ok = parseNumber(strings.TrimSuffix(strings.TrimSpace(m.Percent), "%")); !ok {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("members[%d].percent", k), Code: "not_a_finite_number"})
		}
		if in.Fee, ok = parseKronor(m.Fee); !ok {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("members[%d].fee", k), Code: "invalid_number", Params: []any{m.Fee}})
		}
		cs.Members = append(cs.Members, in)
		mIdx = append(mIdx, i)
	}
	for i, y := range f.Years {
		if blank(y.Year, y.Budget, y.Outcome) {
			continue
		}
		k := len(cs.Years)
		cy := samverkan.CostYear{}
		n, err := strconv.Atoi(y.Year)
		if err != nil {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("years[%d].year", k), Code: "invalid_year"})
		}
		cy.Year = n
		var ok bool
		if cy.Budget, ok = parseKronor(y.Budget); !ok {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("years[%d].budget", k), Code: "invalid_number", Params: []any{y.Budget}})
		}
		if cy.Outcome, ok = parseKronor(y.Outcome); !ok {
			bad = append(bad, samverkan.FieldError{Field: fmt.Sprintf("years[%d].outcome", k), Code: "invalid_number", Params: []any{y.Outcome}})
		}
		cs.Years = append(cs.Years, cy)
		yIdx = append(yIdx, i)
	}
	return cs, mIdx, yIdx, bad
}

var costPathRE = regexp.MustCompile(`^(members|years)\[(\d+)\]\.([a-z_]+)$`)

// costErrors places each field error next to its input. The record's
// members and years are sorted before validation, so a row is found by
// its code or year rather than its index.
func costErrors(lang string, fes []samverkan.FieldError, f *costForm, cs *samverkan.CostSharing) formErrors {
	var out formErrors
	for _, fe := range fes {
		id, label := "cs-"+strings.ReplaceAll(fe.Field, "_", "-"), tr(lang, "costform.field."+fe.Field)
		if m := costPathRE.FindStringSubmatch(fe.Field); m != nil {
			i, _ := strconv.Atoi(m[2])
			if m[1] == "members" && i < len(cs.Members) {
				for row, fm := range f.Members {
					if fm.Code == cs.Members[i].Code {
						id = fmt.Sprintf("cs-m-%d-%s", row, m[3])
						label = s2(f.Members[row].Name, fm.Code)
					}
				}
			} else if m[1] == "years" && i < len(cs.Years) {
				for row, fy := range f.Years {
					if fy.Year == strconv.Itoa(cs.Years[i].Year) {
						id = fmt.Sprintf("cs-y-%d-%s", row, m[3])
						label = tr(lang, "form.row", tr(lang, "costform.years"), row+1)
					}
				}
			}
		}
		if strings.HasPrefix(label, "costform.field.") {
			label = ""
		}
		out.add(id, label, fe.Message(lang))
	}
	return out
}

func s2(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *server) handleCostSharingSave(w http.ResponseWriter, r *http.Request) {
	ms, c, err := s.costFormTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeCostForm(r, c)
	lang := langOf(r)
	if r.PostForm.Get("fler") != "" {
		f.Years = append(f.Years, costYearRow{}, costYearRow{})
		s.renderCostForm(w, r, http.StatusOK, f)
		return
	}
	cs, _, _, bad := buildCostSharing(f)
	if len(bad) > 0 {
		err = &samverkan.Error{Code: samverkan.EINVALID, Message: "Uppgifterna innehåller fel.", Fields: bad}
	} else {
		err = ms.SaveCostSharing(writeCtx(r), cs)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, fmt.Sprintf("/samverkan/%d?klart=kostnader#kostnader", c.ID), http.StatusSeeOther)
	case samverkan.EINVALID:
		s.fillCostNames(f)
		f.Errors = costErrors(lang, samverkan.FieldErrors(err), f, cs)
		f.Errors.orMessage(err)
		s.renderCostForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE:
		f.Stale = true
		s.renderCostForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) fillCostNames(f *costForm) {
	for i := range f.Members {
		f.Members[i].Name = s.cat.MunicipalityName(f.Members[i].Code)
	}
}

func (s *server) renderCostForm(w http.ResponseWriter, r *http.Request, status int, f *costForm) {
	lang := langOf(r)
	s.fillCostNames(f)
	f.Action = fmt.Sprintf("/samverkan/%d/kostnadsfordelning", f.C.ID)
	f.Uses = costInputsUsed(f.C.CostKey)
	for k, dst := range map[string]*string{"usage": &f.HintUsage, "percent": &f.HintPercent, "fee": &f.HintFee} {
		if f.Uses[k] {
			*dst = tr(lang, "costform.uses")
		}
	}
	f.NoKey = f.C.CostKey == ""
	if f.C.CostKey != "" {
		f.Key = samverkan.CostKeys.Label(f.C.CostKey, lang)
	}
	f.NoPays = len(f.Members) == 0
	f.Years = padRows(f.Years, 2, func(y costYearRow) bool { return blank(y.Year, y.Budget, y.Outcome) })
	title := tr(lang, "costform.title", f.C.Title)
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "costshare_form", page{Title: title, Data: f})
}

// muniCosts is the municipality page's "what we pay in all our
// collaborations" for one year.
type muniCosts struct {
	Year    int
	Rows    []muniCostRow
	Total   totalView
	Partial bool
}

type muniCostRow struct {
	ID                int64
	Title, Key, Share string
	Amount            string
	Unknown           bool
}

// municipalityCosts computes what code pays this year for each running
// collaboration it pays for, with the total of the known amounts and how
// many are known ("x av y samverkan har uppgift").
func (s *server) municipalityCosts(r *http.Request, code string) (*muniCosts, error) {
	lang := langOf(r)
	year := today().Year()
	rows, total, err := s.memberCosts(r.Context(), code, year)
	if err != nil {
		return nil, err
	}
	d := &muniCosts{Year: year, Total: costTotal(total, lang)}
	for _, mc := range rows {
		if !mc.Pays {
			continue
		}
		c := mc.Collaboration
		row := muniCostRow{ID: c.ID, Title: c.Title, Key: tr(lang, "value.none"), Share: "–"}
		if c.CostKey != "" {
			row.Key = samverkan.CostKeys.Label(c.CostKey, lang)
		}
		if mc.Reason == "" || mc.Reason == "no_total" {
			row.Share = samverkan.MemberShare{ShareBP: mc.ShareBP}.PercentText(lang)
		}
		if mc.Amount != nil {
			row.Amount = kronor(*mc.Amount, lang)
		} else {
			row.Amount, row.Unknown = tr(lang, "muni.cost.reason."+mc.Reason), true
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// memberCosts is what code pays in year for each running collaboration
// it takes part in: the rows the store keeps with its writes when it does
// (one read), else computed from the collaborations, their cost sharing
// and the populations.
func (s *server) memberCosts(ctx context.Context, code string, year int) ([]samverkan.MemberCost, samverkan.AmountTotal, error) {
	if ks, ok := s.store.(samverkan.MunicipalityCostStore); ok {
		rows, kept, err := ks.KeptMunicipalityCosts(ctx, code, year)
		if err != nil {
			return nil, samverkan.AmountTotal{}, err
		}
		if kept {
			var total samverkan.AmountTotal
			for _, mc := range rows {
				total.Add(mc.Amount)
			}
			return rows, total, nil
		}
	}
	return s.liveMemberCosts(ctx, code, year)
}

// liveMemberCosts computes memberCosts at read time.
func (s *server) liveMemberCosts(ctx context.Context, code string, year int) ([]samverkan.MemberCost, samverkan.AmountTotal, error) {
	ms, err := samverkan.Money(s.store)
	if err != nil {
		return nil, samverkan.AmountTotal{}, err
	}
	cs, _, err := s.store.FindCollaborations(ctx, samverkan.CollaborationFilter{Municipality: code, Phase: samverkan.PhaseRunning,
		Sort: "title", Limit: samverkan.MaxLimit,
		// The split needs the payers and the record's key and cost.
		With: []string{samverkan.WithParticipants}})
	if err != nil {
		return nil, samverkan.AmountTotal{}, err
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	sharing, err := ms.CostSharings(ctx, ids)
	if err != nil {
		return nil, samverkan.AmountTotal{}, err
	}
	pop, err := samverkan.Populations(ctx, ms, s.cat)
	if err != nil {
		return nil, samverkan.AmountTotal{}, err
	}
	rows, total := samverkan.MunicipalityCosts(code, cs, sharing, year, pop)
	return rows, total, nil
}
