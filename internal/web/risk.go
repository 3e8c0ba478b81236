package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The risk register: a network's page of risks and obstacles with a
// likelihood × impact matrix and a sortable list (/natverk/{slug}/risker),
// each risk's page, form and history, and the same for a collaboration's
// risks (/samverkan/{id}/risker/…), which its page lists.

// riskFields are the risk form's inputs in page order.
var riskFields = []string{"kind", "category", "title", "description", "likelihood", "impact", "mitigation",
	"responsible", "status", "review", "source"}

// riskOwner is what the path names a risk under: a network, or a
// collaboration.
type riskOwner struct {
	Network *samverkan.Network
	C       *samverkan.Collaboration
}

// base is the path of the owner's risks.
func (o riskOwner) base() string {
	if o.C != nil {
		return "/samverkan/" + strconv.FormatInt(o.C.ID, 10) + "/risker"
	}
	return "/natverk/" + o.Network.Slug + "/risker"
}

// Name is the owner's name, for headings and breadcrumbs.
func (o riskOwner) Name() string {
	if o.C != nil {
		return o.C.Title
	}
	return o.Network.Name
}

// Href is the owner's page (its risks for a network, its risk section for
// a collaboration).
func (o riskOwner) Href() string {
	if o.C != nil {
		return "/samverkan/" + strconv.FormatInt(o.C.ID, 10) + "#risker"
	}
	return o.base()
}

// owns reports whether r is the owner's.
func (o riskOwner) owns(r *samverkan.RiskEntry) bool {
	if o.C != nil {
		return r.CollaborationID != nil && *r.CollaborationID == o.C.ID
	}
	return r.CollaborationID == nil && r.Network == o.Network.Slug
}

// canEdit reports whether p may change the owner's risks.
func (o riskOwner) canEdit(p *samverkan.Principal) bool {
	if o.C != nil {
		return samverkan.CanEdit(p, o.C)
	}
	return canNetworkFunc(p, o.Network.Slug)
}

// riskOwnerOf reads the owner the path names: {id} a collaboration, else
// {slug} a network.
func (s *server) riskOwnerOf(r *http.Request) (riskOwner, error) {
	if r.PathValue("id") != "" {
		c, err := s.collabFromPath(r)
		return riskOwner{C: c}, err
	}
	n, err := s.networkOf(r)
	return riskOwner{Network: n}, err
}

// riskOf reads the path's risk {rid}, which must be the owner's.
func (s *server) riskOf(r *http.Request, o riskOwner) (*samverkan.RiskEntry, error) {
	id, err := pathID(r, "rid")
	if err != nil {
		return nil, err
	}
	st, err := storeAs[samverkan.RiskStore](s)
	if err != nil {
		return nil, err
	}
	risk, err := st.RiskByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !o.owns(risk) {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Risken finns inte.")
	}
	return risk, nil
}

// The register page ---------------------------------------------------------

type risksPage struct {
	Network *samverkan.Network
	Nav     lifeNav
	CanEdit bool
	Matrix  matrixView
	Columns []column
	Rows    []registerRow
	Overdue int
	Today   samverkan.Date
}

// registerRow is one risk in a list, with what the page shows of it.
type registerRow struct {
	samverkan.RiskEntry
	Href       string
	OwnerHref  string // the collaboration's page, for a collaboration's risk
	ScoreKnown bool
	Score      int
	Level      string
	Overdue    bool
	// Labels in the page's language, filled in Go: a template function
	// call per cell was most of the cost of rendering a register.
	KindLabel, CategoryLabel, StatusLabel, LevelLabel string
	ResponsibleText, ReviewText                       string // "–" and "" when not stated
	L                                                 *rowTexts
}

// rowTexts are the fixed texts of a register's rows, once per page.
type rowTexts struct{ Own, Unassessed, Overdue string }

func newRowTexts(lang string) *rowTexts {
	return &rowTexts{tr(lang, "risk.owner.own"), tr(lang, "risk.unassessed"), tr(lang, "risk.overdue")}
}

// matrixView is the likelihood × impact matrix as a table: likelihood 5
// on top, impact 1–5 left to right.
type matrixView struct {
	Rows       []matrixRow
	Impacts    []int
	Unassessed int
	Closed     int
}

type matrixRow struct {
	Likelihood int
	Cells      []matrixCell
}

type matrixCell struct {
	Impact, Count int
	Level         string // see samverkan.RiskLevels
	LevelLabel    string
	Where         string // "likelihood 3, impact 4", for screen readers
}

func newMatrixView(rs []samverkan.RiskEntry, lang string) matrixView {
	m := samverkan.NewRiskMatrix(rs)
	v := matrixView{Unassessed: m.Unassessed, Closed: m.Closed}
	for i := 1; i <= samverkan.RiskScaleMax; i++ {
		v.Impacts = append(v.Impacts, i)
	}
	for l := samverkan.RiskScaleMax; l >= 1; l-- {
		row := matrixRow{Likelihood: l}
		for i := 1; i <= samverkan.RiskScaleMax; i++ {
			probe := samverkan.RiskEntry{Likelihood: &l, Impact: &i}
			lvl := probe.Level()
			row.Cells = append(row.Cells, matrixCell{Impact: i, Count: m.Counts[l-1][i-1], Level: lvl,
				LevelLabel: samverkan.RiskLevels.Label(lvl, lang), Where: tr(lang, "risk.matrix.cell", l, i)})
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

func (s *server) riskRows(rs []samverkan.RiskEntry, today samverkan.Date, lang string) ([]registerRow, int) {
	out := make([]registerRow, len(rs))
	overdue := 0
	texts := newRowTexts(lang)
	for i, r := range rs {
		row := registerRow{RiskEntry: r, Overdue: r.Overdue(today), L: texts,
			KindLabel: samverkan.RiskKinds.Label(r.Kind, lang), CategoryLabel: samverkan.RiskCategories.Label(r.Category, lang)}
		row.StatusLabel, row.ResponsibleText, row.ReviewText = "–", "–", r.Review.String()
		if r.Status != "" {
			row.StatusLabel = samverkan.RiskStatuses.Label(r.Status, lang)
		}
		if r.Responsible != "" {
			row.ResponsibleText = r.Responsible
		}
		row.Score, row.ScoreKnown = r.Score()
		row.Level = r.Level()
		row.LevelLabel = samverkan.RiskLevels.Label(row.Level, lang)
		if r.CollaborationID != nil {
			c := strconv.FormatInt(*r.CollaborationID, 10)
			row.Href = "/samverkan/" + c + "/risker/" + strconv.FormatInt(r.ID, 10)
			row.OwnerHref = "/samverkan/" + c
		} else {
			row.Href = "/natverk/" + r.Network + "/risker/" + strconv.FormatInt(r.ID, 10)
		}
		if row.Overdue {
			overdue++
		}
		out[i] = row
	}
	return out, overdue
}

// riskColumns are the register's columns; sortable ones link to the list
// sorted by them, and the current one carries aria-sort.
func riskColumns(lang, path, sort string) []column {
	cols := []column{
		{Key: "title", Label: tr(lang, "risk.field.title")},
		{Key: "kind", Label: tr(lang, "risk.field.kind")},
		{Key: "category", Label: tr(lang, "risk.field.category")},
		{Key: "", Label: tr(lang, "risk.col.owner")},
		{Key: "score", Label: tr(lang, "risk.col.score"), Num: true},
		{Key: "responsible", Label: tr(lang, "risk.field.responsible")},
		{Key: "status", Label: tr(lang, "risk.field.status")},
		{Key: "review", Label: tr(lang, "risk.field.review")},
	}
	for i := range cols {
		c := &cols[i]
		if c.Key == "" {
			continue
		}
		next := c.Key
		switch sort {
		case c.Key:
			c.AriaSort = "ascending"
			next = "-" + c.Key
		case "-" + c.Key:
			c.AriaSort = "descending"
		}
		c.Href = path + "?" + url.Values{"sort": {next}}.Encode() + "#lista"
	}
	return cols
}

func (s *server) handleRisks(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	sort := r.URL.Query().Get("sort")
	if sort == "" {
		sort = samverkan.DefaultRiskSort
	}
	if !samverkan.ValidRiskSort(sort) {
		s.renderError(w, r, http.StatusBadRequest, "error.bad_request")
		return
	}
	st, err := storeAs[samverkan.RiskStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rs, err := st.RisksByNetwork(r.Context(), n.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	samverkan.SortRisks(rs, sort)
	lang := langOf(r)
	d := risksPage{Network: n, Nav: lifeNav{n.Slug, n.Name, "risker"}, CanEdit: canNetworkFunc(principal(r), n.Slug),
		Matrix: newMatrixView(rs, lang), Columns: riskColumns(lang, "/natverk/"+n.Slug+"/risker", sort), Today: today()}
	d.Rows, d.Overdue = s.riskRows(rs, d.Today, lang)
	s.render(w, r, http.StatusOK, "risks", page{Title: tr(lang, "risk.heading", n.Name), Flash: flash(r), Data: d})
}

// collabRisks is the risk section of a collaboration's page; nil when the
// store keeps no risks.
type collabRisks struct {
	New     string
	CanEdit bool
	Rows    []registerRow
	Overdue int
}

func (s *server) collabRiskSection(ctx context.Context, p *samverkan.Principal, c *samverkan.Collaboration, lang string) (*collabRisks, error) {
	st, ok := s.store.(samverkan.RiskStore)
	if !ok {
		return nil, nil
	}
	rs, err := st.RisksByCollaboration(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := &collabRisks{New: "/samverkan/" + strconv.FormatInt(c.ID, 10) + "/risker/ny", CanEdit: samverkan.CanEdit(p, c)}
	out.Rows, out.Overdue = s.riskRows(rs, today(), lang)
	return out, nil
}

// One risk ------------------------------------------------------------------

type riskPage struct {
	Owner      riskOwner
	CollabHref string
	Nav        *lifeNav
	R          *samverkan.RiskEntry
	Base       string
	CanEdit    bool
	ScoreKnown bool
	Score      int
	Overdue    bool
}

func (s *server) handleRisk(w http.ResponseWriter, r *http.Request) {
	o, err := s.riskOwnerOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	risk, err := s.riskOf(r, o)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := riskPage{Owner: o, R: risk, Base: o.base() + "/" + strconv.FormatInt(risk.ID, 10), CanEdit: o.canEdit(principal(r)),
		Overdue: risk.Overdue(today())}
	if o.Network != nil {
		d.Nav = &lifeNav{o.Network.Slug, o.Network.Name, "risker"}
	} else {
		d.CollabHref = "/samverkan/" + strconv.FormatInt(o.C.ID, 10)
	}
	d.Score, d.ScoreKnown = risk.Score()
	s.render(w, r, http.StatusOK, "risk", page{Title: risk.Title, Flash: flash(r), Data: d})
}

// The form ------------------------------------------------------------------

// riskForm is the risk form as text, as the user typed it.
type riskForm struct {
	Owner   riskOwner
	ID      int64
	Version string
	New     bool
	Action  string
	Delete  string
	Cancel  string

	Kind, Category, Title, Description, Likelihood, Impact string
	Mitigation, Responsible, Status, Review, Source        string

	Errors formErrors
	Stale  bool
}

func riskFormFrom(o riskOwner, risk *samverkan.RiskEntry) *riskForm {
	scale := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	return &riskForm{Owner: o, ID: risk.ID, Version: strconv.Itoa(risk.Version), Kind: risk.Kind, Category: risk.Category,
		Title: risk.Title, Description: risk.Description, Likelihood: scale(risk.Likelihood), Impact: scale(risk.Impact),
		Mitigation: risk.Mitigation, Responsible: risk.Responsible, Status: risk.Status, Review: risk.Review.String(),
		Source: risk.Source}
}

func decodeRiskForm(r *http.Request, o riskOwner) *riskForm {
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	return &riskForm{Owner: o, Version: g("version"), Kind: g("kind"), Category: g("category"), Title: g("title"),
		Description: g("description"), Likelihood: g("likelihood"), Impact: g("impact"), Mitigation: g("mitigation"),
		Responsible: g("responsible"), Status: g("status"), Review: g("review"), Source: g("source")}
}

// scaleValue reads a 1–5 grade: "" is unknown; anything that is not a
// number is kept as 0, which validation refuses with the scale's message.
func scaleValue(s string) *int {
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		n = 0
	}
	return &n
}

func (f *riskForm) risk() *samverkan.RiskEntry {
	r := &samverkan.RiskEntry{ID: f.ID, Kind: f.Kind, Category: f.Category, Title: f.Title, Description: f.Description,
		Likelihood: scaleValue(f.Likelihood), Impact: scaleValue(f.Impact), Mitigation: f.Mitigation,
		Responsible: f.Responsible, Status: f.Status, Review: samverkan.LenientDate(f.Review), Source: f.Source}
	if f.Owner.C != nil {
		id := f.Owner.C.ID
		r.CollaborationID = &id
	} else {
		r.Network = f.Owner.Network.Slug
	}
	r.Version, _ = strconv.Atoi(f.Version) // a missing version is never current
	return r
}

func (s *server) handleRiskNew(w http.ResponseWriter, r *http.Request) {
	o, err := s.riskOwnerOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderRiskForm(w, r, http.StatusOK, &riskForm{Owner: o, New: true, Kind: samverkan.RiskKindRisk})
}

func (s *server) handleRiskEdit(w http.ResponseWriter, r *http.Request) {
	o, err := s.riskOwnerOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	risk, err := s.riskOf(r, o)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderRiskForm(w, r, http.StatusOK, riskFormFrom(o, risk))
}

func (s *server) handleRiskCreate(w http.ResponseWriter, r *http.Request) {
	o, err := s.riskOwnerOf(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeRiskForm(r, o)
	f.New = true
	st, err := storeAs[samverkan.RiskStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	risk := f.risk()
	s.saveRisk(w, r, f, risk, "risk-ny", func() error { return st.CreateRisk(writeCtx(r), risk) })
}

func (s *server) handleRiskUpdate(w http.ResponseWriter, r *http.Request) {
	o, err := s.riskOwnerOf(r)
	var cur *samverkan.RiskEntry
	if err == nil {
		cur, err = s.riskOf(r, o)
	}
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeRiskForm(r, o)
	f.ID = cur.ID
	st, err := storeAs[samverkan.RiskStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	risk := f.risk()
	s.saveRisk(w, r, f, risk, "sparad", func() error { return st.UpdateRisk(writeCtx(r), risk) })
}

// saveRisk validates the risk first, so bad input writes nothing, then
// writes it and goes to its page.
func (s *server) saveRisk(w http.ResponseWriter, r *http.Request, f *riskForm, risk *samverkan.RiskEntry, done string, write func() error) {
	risk.Normalize()
	err := risk.Validate()
	if err == nil {
		err = write()
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, f.Owner.base()+"/"+strconv.FormatInt(risk.ID, 10)+"?klart="+done, http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = lifeErrors(langOf(r), samverkan.FieldErrors(err), riskFields, "r-", "risk.field.")
		f.Errors.orMessage(err)
		s.renderRiskForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f.Stale = true
		s.renderRiskForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) handleRiskDelete(w http.ResponseWriter, r *http.Request) {
	o, err := s.riskOwnerOf(r)
	var cur *samverkan.RiskEntry
	if err == nil {
		cur, err = s.riskOf(r, o)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	version, err := postedVersion(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := storeAs[samverkan.RiskStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = st.DeleteRisk(writeCtx(r), cur.ID, version)
	switch samverkan.ErrorCode(err) {
	case "":
		loc := o.base() + "?klart=risk-borttagen"
		if o.C != nil {
			loc = "/samverkan/" + strconv.FormatInt(o.C.ID, 10) + "?klart=risk-borttagen#risker"
		}
		http.Redirect(w, r, loc, http.StatusSeeOther)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f := riskFormFrom(o, cur)
		f.Stale = true
		s.renderRiskForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) renderRiskForm(w http.ResponseWriter, r *http.Request, status int, f *riskForm) {
	lang := langOf(r)
	base := f.Owner.base()
	title := tr(lang, "risk.title.new", f.Owner.Name())
	f.Cancel = f.Owner.Href()
	if f.New {
		f.Action = base + "/ny"
	} else {
		item := base + "/" + strconv.FormatInt(f.ID, 10)
		f.Action, f.Delete, f.Cancel = item+"/redigera", item+"/ta-bort", item
		title = tr(lang, "risk.title.edit", f.Title)
	}
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "risk_form", page{Title: title, Data: f})
}

// The history ---------------------------------------------------------------

func (s *server) riskKind() lifeKind[samverkan.RiskEntry] {
	return lifeKind[samverkan.RiskEntry]{
		entity: samverkan.AuditEntityRisk, param: "rid",
		byID: func(ctx context.Context, id int64) (*samverkan.RiskEntry, error) {
			st, err := storeAs[samverkan.RiskStore](s)
			if err != nil {
				return nil, err
			}
			return st.RiskByID(ctx, id)
		},
		belongs: func(r *http.Request, v *samverkan.RiskEntry) bool {
			o, err := s.riskOwnerOf(r)
			return err == nil && o.owns(v)
		},
		idOf:    func(v *samverkan.RiskEntry) int64 { return v.ID },
		title:   func(v *samverkan.RiskEntry) string { return v.Title },
		version: func(v *samverkan.RiskEntry) int { return v.Version },
		canEdit: func(r *http.Request) bool {
			o, err := s.riskOwnerOf(r)
			return err == nil && o.canEdit(principal(r))
		},
		itemHref: func(r *http.Request, id int64) string {
			if c := r.PathValue("id"); c != "" {
				return "/samverkan/" + c + "/risker/" + strconv.FormatInt(id, 10)
			}
			return "/natverk/" + r.PathValue("slug") + "/risker/" + strconv.FormatInt(id, 10)
		},
		back: func(r *http.Request, lang string) (string, string) {
			if c := r.PathValue("id"); c != "" {
				return "/samverkan/" + c + "#risker", tr(lang, "risk.back.collaboration")
			}
			return "/natverk/" + r.PathValue("slug") + "/risker", tr(lang, "risk.kind")
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			st, err := storeAs[samverkan.RiskStore](s)
			if err != nil {
				return err
			}
			_, err = st.RestoreRisk(ctx, id, auditID, version)
			return err
		},
		fields: riskFields,
		label:  labelFrom("risk.field."),
		format: func(lang, key string, raw json.RawMessage) []string {
			switch key {
			case "kind":
				return vocabValue("risk_kind", lang, raw)
			case "category":
				return vocabValue("risk", lang, raw)
			case "status":
				return vocabValue("risk_status", lang, raw)
			}
			return nil
		},
	}
}
