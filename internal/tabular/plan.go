package tabular

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Row actions in a plan.
const (
	ActionCreate    = "create"
	ActionUpdate    = "update"
	ActionUnchanged = "unchanged"
	ActionError     = "error"
)

// Plan is what an import would do, row by row. Nothing is written while
// planning; Apply writes a plan without errors.
type Plan struct {
	Network   string    `json:"network"`
	Format    string    `json:"format"`
	Sheet     string    `json:"sheet,omitempty"`
	HeaderRow int       `json:"header_row"`
	Mapping   Mapping   `json:"mapping"`
	Missing   []string  `json:"missing_columns,omitempty"`
	Summary   Summary   `json:"summary"`
	Rows      []RowPlan `json:"rows"`
}

// Summary counts the rows of a plan. Warnings do not stop an import:
// a row with warnings is created or updated like any other.
type Summary struct {
	Read             int `json:"read"`
	Validated        int `json:"validated"`
	Create           int `json:"create"`
	Update           int `json:"update"`
	Unchanged        int `json:"unchanged"`
	Errors           int `json:"rows_with_errors"`
	RowsWithWarnings int `json:"rows_with_warnings"`
	Warnings         int `json:"warnings"`
	// AreasToReview counts the rows that keep an area text for review.
	AreasToReview int `json:"rows_with_areas_to_review"`
}

// RowPlan is the plan for one row.
type RowPlan struct {
	Line    int        `json:"row"`
	Action  string     `json:"action"`
	ID      int64      `json:"id,omitempty"`
	Title   string     `json:"title"`
	Changes []string   `json:"changes,omitempty"`
	Errors  []RowError `json:"errors,omitempty"`
	// Warnings are readings to check and values kept for review; they
	// do not stop the row.
	Warnings []RowError `json:"warnings,omitempty"`
	// Values are the row's cells as the import understood them, for the
	// first MaxValueRows rows: what a preview lists. Kept for every row of
	// a 20 000-row file they were a third of what its plan holds.
	Values []CellValue `json:"values,omitempty"`
	// AreasToReview are the row's area texts that matched no area; the
	// record keeps them for a coordinator to map.
	AreasToReview []string `json:"areas_to_review,omitempty"`
	record        *samverkan.Collaboration
}

// CellValue is one cell as the import understood it, for the preview: the
// field, the text as the file has it and what it was read as, in Swedish
// and English.
type CellValue struct {
	Field Field  `json:"field"`
	Text  string `json:"text"`
	SV    string `json:"sv"`
	EN    string `json:"en"`
}

// RowError is one problem in one cell: the row number as the spreadsheet
// shows it, the column header, the value, why (in Swedish) and what the
// person probably meant.
type RowError struct {
	Row        int    `json:"row"`
	Column     string `json:"column"`
	Value      string `json:"value"`
	Message    string `json:"message"`
	Suggestion string `json:"suggestion,omitempty"`
}

// OK reports whether the plan can be applied.
func (p *Plan) OK() bool { return p.Summary.Errors == 0 }

// Errors returns every row error in row order.
func (p *Plan) Errors() []RowError {
	var out []RowError
	for _, r := range p.Rows {
		out = append(out, r.Errors...)
	}
	return out
}

// Warnings returns every warning in row order.
func (p *Plan) Warnings() []RowError {
	var out []RowError
	for _, r := range p.Rows {
		out = append(out, r.Warnings...)
	}
	return out
}

// Options steer planning.
type Options struct {
	Network string // slug of the network the rows belong to
	// Override is the mapping step's choice: column index → field ("" to
	// ignore the column).
	Override map[int]Field
	// Map is a mapping by column name (the command line's --map); it
	// wins over Override.
	Map ColumnMap
	// Progress, when set, is called every ProgressEvery rows and at the end.
	Progress func(read, validated, total int)
	// consume lets go of each row's cells once it is planned: the
	// Importer reads a table for one plan only, and its cells are the
	// larger half of what an import holds.
	consume bool
}

// MaxValueRows is how many rows of a plan carry their Values.
const MaxValueRows = 1000

// ProgressEvery is how often Options.Progress is called.
const ProgressEvery = 1000

// Planner plans imports against a store.
type Planner struct {
	store samverkan.Store
	cat   *samverkan.Catalog
	res   *Resolver
}

// NewPlanner returns a planner; build it once and reuse it.
func NewPlanner(store samverkan.Store, cat *samverkan.Catalog) *Planner {
	return &Planner{store: store, cat: cat, res: NewResolver(cat)}
}

// Plan matches t's rows to the network's collaborations and works out,
// per row, what an import would create, change or find wrong.
func (pl *Planner) Plan(ctx context.Context, t *Table, opts Options) (*Plan, error) {
	n, err := pl.store.NetworkBySlug(ctx, opts.Network)
	if err != nil {
		return nil, err
	}
	override := opts.Override
	if len(opts.Map) > 0 {
		byName, err := opts.Map.Resolve(t.Header)
		if err != nil {
			return nil, err
		}
		override = maps.Clone(override)
		if override == nil {
			override = map[int]Field{}
		}
		maps.Copy(override, byName)
	}
	m := MatchColumns(t.Header, override)
	if !m.Has(FieldTitle) {
		return nil, fileError(KindNoHeader)
	}
	existing, err := networkCollaborations(ctx, pl.store, n.Slug, nil)
	if err != nil {
		return nil, err
	}
	p := &Plan{Network: n.Slug, Format: t.Format, Sheet: t.Sheet, HeaderRow: t.HeaderRow, Mapping: m}
	for _, c := range Columns {
		if !m.Has(c.Field) {
			p.Missing = append(p.Missing, c.Header)
		}
	}
	b := &rowBuilder{pl: pl, m: m, slug: n.Slug, net: n, idx: newIndex(existing), seen: map[string]int{}, mapped: map[string]string{}}
	b.date1904 = t.Date1904
	b.muniMemo, b.exactMemo = map[string]string{}, map[string]bool{}
	b.areaMemo, b.formMemo = map[string]samverkan.AreaMatch{}, map[string]samverkan.LegalFormMatch{}
	b.areaSugMemo = map[string]string{}
	if b.elsewhere, err = pl.foreignIDs(ctx, t, m, b.idx); err != nil {
		return nil, err
	}
	if rs, ok := pl.store.(samverkan.AreaReviewStore); ok {
		ms, err := rs.AreaMappings(ctx, n.Slug)
		if err != nil {
			return nil, err
		}
		for _, am := range ms {
			b.mapped[samverkan.MatchKey(am.Text)] = am.Area
		}
	}
	for _, c := range m.Columns {
		if c.Field == FieldAnnualCost {
			b.costScale = c.Scale
		}
	}
	for i, r := range t.Rows {
		if i%ProgressEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rp := b.build(r)
		if opts.consume {
			t.Rows[i].Cells = nil
		}
		p.Rows = append(p.Rows, rp)
		p.Summary.count(rp)
		if opts.Progress != nil && ((i+1)%ProgressEvery == 0 || i+1 == len(t.Rows)) {
			opts.Progress(i+1, i+1, len(t.Rows))
		}
	}
	return p, nil
}

// foreignIDs returns the IDs in the file's ID column that name a record
// of another network: the row must not create a new record in their
// stead, nor update one of this network by its name.
func (pl *Planner) foreignIDs(ctx context.Context, t *Table, m Mapping, idx *index) (map[int64]bool, error) {
	col, ok := m.Index(FieldID)
	if !ok {
		return nil, nil
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, r := range t.Rows {
		id, ok := parseID(cleanText(r.Cell(col)))
		if ok && idx.byID[id] == nil && !seen[id] {
			ids = append(ids, id)
			seen[id] = true
		}
	}
	out := map[int64]bool{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), samverkan.MaxLimit)]
		ids = ids[len(chunk):]
		found, _, err := pl.store.FindCollaborations(ctx, samverkan.CollaborationFilter{IDs: chunk, Limit: samverkan.MaxLimit})
		if err != nil {
			return nil, err
		}
		for _, c := range found {
			out[c.ID] = true
		}
	}
	return out, nil
}

// parseID reads an ID cell; Excel may have made it "12.0".
func parseID(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(s, ".0"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Summary) count(rp RowPlan) {
	s.Read++
	s.Validated++
	if len(rp.Warnings) > 0 {
		s.RowsWithWarnings++
		s.Warnings += len(rp.Warnings)
	}
	if rp.Action != ActionError && len(rp.AreasToReview) > 0 {
		s.AreasToReview++
	}
	switch rp.Action {
	case ActionCreate:
		s.Create++
	case ActionUpdate:
		s.Update++
	case ActionUnchanged:
		s.Unchanged++
	default:
		s.Errors++
	}
}

// networkCollaborations loads every collaboration of the network.
func networkCollaborations(ctx context.Context, s samverkan.Store, slug string, progress func(read, total int) error) ([]*samverkan.Collaboration, error) {
	var out []*samverkan.Collaboration
	for {
		page, total, err := s.FindCollaborations(ctx, samverkan.CollaborationFilter{
			Network: slug, Sort: "title", Limit: samverkan.MaxLimit, Offset: len(out)})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if progress != nil {
			if err := progress(len(out), total); err != nil {
				return nil, err
			}
		}
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// index finds the stored record a row means: by ID, by normalised title
// and host, or by title alone when the row names no host and the title is
// unique.
type index struct {
	byID    map[int64]*samverkan.Collaboration
	byKey   map[string]*samverkan.Collaboration
	byTitle map[string][]*samverkan.Collaboration
}

func newIndex(cs []*samverkan.Collaboration) *index {
	x := &index{byID: map[int64]*samverkan.Collaboration{}, byKey: map[string]*samverkan.Collaboration{},
		byTitle: map[string][]*samverkan.Collaboration{}}
	for _, c := range cs {
		x.byID[c.ID] = c
		if _, dup := x.byKey[matchKey(c.Title, c.Host)]; !dup {
			x.byKey[matchKey(c.Title, c.Host)] = c
		}
		x.byTitle[foldKey(c.Title)] = append(x.byTitle[foldKey(c.Title)], c)
	}
	return x
}

func matchKey(title, host string) string { return foldKey(title) + "\x00" + host }

func (x *index) find(id int64, title, host string, hostGiven bool) *samverkan.Collaboration {
	if c, ok := x.byID[id]; ok && id != 0 {
		return c
	}
	if hostGiven {
		return x.byKey[matchKey(title, host)]
	}
	if cs := x.byTitle[foldKey(title)]; len(cs) == 1 {
		return cs[0]
	}
	return nil
}

// rowBuilder turns rows into planned records.
type rowBuilder struct {
	pl   *Planner
	m    Mapping
	slug string
	net  *samverkan.Network
	idx  *index
	seen map[string]int // record identity → first row
	// mapped are the network's area mappings (MatchKey → area code).
	mapped map[string]string
	// costScale multiplies bare numbers in the cost column ("Kostnad (tkr)").
	costScale int64
	// netName and netSlug are the network's name and slug as words.
	netName, netSlug []string
	// membersFirst are the words without which an item cannot mean every
	// member: allMembersWords and the first word of the slug and name.
	membersFirst []string
	// elsewhere are IDs of records in other networks.
	elsewhere map[int64]bool
	// date1904 reads date serials as a 1904 workbook counts them.
	date1904 bool
	// shownRows counts the rows given Values.
	shownRows int
	// Memos of what a text was read as ("" code: nothing).
	muniMemo  map[string]string
	exactMemo map[string]bool
	areaMemo  map[string]samverkan.AreaMatch
	// areaSugMemo: the area name nearest a text that is no area.
	areaSugMemo map[string]string
	formMemo    map[string]samverkan.LegalFormMatch
	// suggestions counts the near-miss searches made so far.
	suggestions int
}

// rowState is one row being built.
type rowState struct {
	*rowBuilder
	row    Row
	errs   []RowError
	warns  []RowError
	errCol map[string]bool
}

func (r *rowState) cell(f Field) (string, bool) {
	i, ok := r.m.Index(f)
	if !ok {
		return "", false
	}
	return cleanText(r.row.Cell(i)), true
}

func (r *rowState) fail(f Field, value, msg, suggestion string) {
	col := HeaderOf(f)
	r.errs = append(r.errs, RowError{Row: r.row.Line, Column: col, Value: value, Message: msg, Suggestion: suggestion})
	r.errCol[col] = true
}

// warn records a reading to check or a value kept for review; the row
// imports all the same.
func (r *rowState) warn(f Field, value, msg string, suggestion ...string) {
	w := RowError{Row: r.row.Line, Column: HeaderOf(f), Value: shown(value), Message: msg}
	if len(suggestion) > 0 {
		w.Suggestion = suggestion[0]
	}
	r.warns = append(r.warns, w)
}

func (b *rowBuilder) build(row Row) RowPlan {
	r := &rowState{rowBuilder: b, row: row, errCol: map[string]bool{}}
	v := r.parse()
	rp := RowPlan{Line: row.Line, Title: v.title}
	var cur *samverkan.Collaboration
	if b.elsewhere[v.id] { // neither a new record nor one of this network found by name
		r.fail(FieldID, strconv.FormatInt(v.id, 10), fmt.Sprintf("ID %d är en samverkan i ett annat nätverk. "+
			"Lämna ID tomt för att skapa en ny samverkan här, eller importera raden till det nätverket.", v.id), "")
	} else {
		cur = b.idx.find(v.id, v.title, v.host, v.hostGiven)
	}
	identity := ""
	if cur != nil {
		identity = "id:" + strconv.FormatInt(cur.ID, 10)
	} else if v.title != "" {
		identity = matchKey(v.title, v.host)
	}
	if first, dup := b.seen[identity]; dup && identity != "" {
		r.fail(FieldTitle, v.title, fmt.Sprintf("Samma samverkan (namn och värdkommun) står redan på rad %d.", first), "")
	} else if identity != "" {
		b.seen[identity] = row.Line
	}
	c, changes := r.merge(cur, v)
	r.validate(c)
	rp.Errors, rp.Warnings = r.errs, r.warns
	rp.AreasToReview = v.review
	if b.shownRows < MaxValueRows {
		rp.Values = r.understood(v)
		b.shownRows++
	}
	switch {
	case len(r.errs) > 0:
		rp.Action = ActionError
	case cur == nil:
		rp.Action, rp.record = ActionCreate, c
	case len(changes) == 0:
		rp.Action, rp.ID = ActionUnchanged, cur.ID
	default:
		rp.Action, rp.ID, rp.Changes, rp.record = ActionUpdate, cur.ID, changes, c
	}
	if cur != nil && rp.Action == ActionError {
		rp.ID = cur.ID
	}
	return rp
}

// validate runs the domain rules on the record and reports what they find
// under the column it came from, unless that column already has an error.
func (r *rowState) validate(c *samverkan.Collaboration) {
	c.Normalize()
	for _, fe := range samverkan.FieldErrors(c.Validate(r.pl.cat)) {
		f := fieldOfError(c, fe.Field)
		col := HeaderOf(f)
		if f == "" {
			col = fe.Field
		}
		if r.errCol[col] {
			continue
		}
		val, _ := r.cell(f)
		r.errs = append(r.errs, RowError{Row: r.row.Line, Column: col, Value: val, Message: fe.Message("sv")})
		r.errCol[col] = true
	}
}

// fieldOfError maps a validation field ("participants[2].code") to the
// column that fills it.
func fieldOfError(c *samverkan.Collaboration, field string) Field {
	name, rest, _ := strings.Cut(field, "[")
	switch name {
	case "title", "description", "legal_form", "status", "start", "end", "host", "annual_cost", "cost_key", "areas":
		return map[string]Field{"title": FieldTitle, "description": FieldDescription, "legal_form": FieldLegalForm,
			"status": FieldStatus, "start": FieldStart, "end": FieldEnd, "host": FieldHost, "annual_cost": FieldAnnualCost,
			"cost_key": FieldCostKey, "areas": FieldAreas}[name]
	case "participants":
		i, err := strconv.Atoi(strings.SplitN(rest, "]", 2)[0])
		if err == nil && i < len(c.Participants) && c.Participants[i].Code == "" {
			return FieldParties
		}
		return FieldMunicipalities
	case "documents":
		return FieldAgreementValidTo
	case "contacts":
		return FieldContact
	}
	return ""
}

// cleanText drops what no field may hold: invalid UTF-8, NUL and other
// control characters; Windows line breaks become \n.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r == '\r' {
			return -1
		}
		return r
	}, s))
}
