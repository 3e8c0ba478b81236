package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// The pipeline (möjligheter) of a network: the collaborations in a stage
// before igång, as a board with a column per stage or as a filtered list.

// pipelineStages are the board's columns.
var pipelineStages = samverkan.StatusesInPhase(samverkan.PhasePipeline)

// priorities of an idea (Collaboration.Priority).
var priorities = samverkan.Vocabulary{
	{Code: "1", SV: "Hög", EN: "High"},
	{Code: "2", SV: "Medel", EN: "Medium"},
	{Code: "3", SV: "Låg", EN: "Low"},
}

// pipelineFilter is the pipeline's filter as given, unknown values dropped.
type pipelineFilter struct {
	List                                                    bool
	Status, Triage, Area, LegalForm, Municipality, Priority string
}

func (s *server) parsePipelineFilter(q url.Values) pipelineFilter {
	f := pipelineFilter{List: q.Get("vy") == "lista"}
	if v := q.Get("status"); slices.Contains(pipelineStages, v) {
		f.Status = v
	}
	if v := q.Get("bedomning"); samverkan.Triages.Has(v) {
		f.Triage = v
	}
	if v := q.Get("omrade"); v != "" {
		if _, ok := s.cat.Area(v); ok {
			f.Area = v
		}
	}
	if v := q.Get("form"); v != "" {
		if _, ok := samverkan.FindLegalForm(v); ok {
			f.LegalForm = v
		}
	}
	if v := q.Get("kommun"); v != "" {
		if _, ok := s.cat.Municipality(v); ok {
			f.Municipality = v
		}
	}
	if v := q.Get("prioritet"); priorities.Has(v) {
		f.Priority = v
	}
	return f
}

// values returns the filter as query parameters, the view included.
func (f pipelineFilter) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.List {
		v.Set("vy", "lista")
	}
	set("status", f.Status)
	set("bedomning", f.Triage)
	set("omrade", f.Area)
	set("form", f.LegalForm)
	set("kommun", f.Municipality)
	set("prioritet", f.Priority)
	return v
}

func (f pipelineFilter) any() bool {
	g := f
	g.List = false
	return len(g.values()) > 0
}

type pipelineCard struct {
	ID                  int64
	Title, Areas, Form  string
	Status, StatusLabel string
	Participants        int
	Triage, Priority    string // labels
	PriorityN           int
	Proposer            string
	Days                int    // in the current stage
	DaysText            string // "12 dagar"
	Version             int
	Next, NextLabel     string // the next stage
	Example             bool
	Today, Back         string // for the move form
}

type pipelineColumn struct {
	Code, Label string
	Cards       []pipelineCard
	// CardsHTML are the column's cards (steering_html.go).
	CardsHTML template.HTML
}

type pipelinePage struct {
	Network    *samverkan.Network
	Filter     pipelineFilter
	Filtered   bool
	Columns    []pipelineColumn
	Cards      []pipelineCard
	Total      int
	CountText  string
	Statuses   []option
	Triages    []option
	Areas      []option
	Forms      []option
	Munis      []option
	Priorities []option
	BoardHref  string
	ListHref   string
	ResetHref  string
	Back       string
	Today      string
}

func (s *server) handlePipeline(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := s.store.NetworkBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := s.parsePipelineFilter(r.URL.Query())
	sf := samverkan.CollaborationFilter{Network: n.Slug, Phase: samverkan.PhasePipeline, Status: f.Status,
		LegalForm: f.LegalForm, Municipality: f.Municipality, Sort: "title",
		// A card shows areas and the number of participants; who may move
		// it follows from its networks and participants (ResourceOf).
		With: []string{samverkan.WithAreas, samverkan.WithParticipants, samverkan.WithNetworks}}
	if f.Area != "" {
		sf.Areas = s.cat.AreaWithChildren(f.Area)
	}
	cs, err := s.allCollaborations(ctx, sf)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	path := "/natverk/" + n.Slug + "/mojligheter"
	d := pipelinePage{Network: n, Filter: f, Filtered: f.any(), Today: today().String()}
	board, list := f, f
	board.List, list.List = false, true
	d.BoardHref, d.ListHref = hrefWith(path, board.values()), hrefWith(path, list.values())
	d.ResetHref = path
	if f.List {
		d.ResetHref = path + "?vy=lista"
	}
	d.Back = hrefWith(path, f.values())

	// Every card's status events in one query rather than one per card.
	var events map[int64][]samverkan.Event
	if es, ok := s.store.(samverkan.EventBatchStore); ok {
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		if events, err = es.CollaborationEventsOf(ctx, ids, "status"); err != nil {
			s.error(w, r, err)
			return
		}
	}
	for _, c := range cs {
		if f.Triage != "" && c.Triage != f.Triage || f.Priority != "" && strconv.Itoa(c.Priority) != f.Priority {
			continue
		}
		card, err := s.pipelineCard(ctx, c, lang, events)
		if err != nil {
			s.error(w, r, err)
			return
		}
		card.Today, card.Back = d.Today, d.Back
		d.Cards = append(d.Cards, card)
	}
	d.Total = len(d.Cards)
	d.CountText = tr(lang, "pipeline.count", d.Total)
	if d.Total == 1 {
		d.CountText = tr(lang, "pipeline.count.one")
	}
	// Within a stage: high priority first, unset last, then by title.
	sort.SliceStable(d.Cards, func(i, j int) bool {
		pi, pj := d.Cards[i].PriorityN, d.Cards[j].PriorityN
		if pi == 0 {
			pi = 4
		}
		if pj == 0 {
			pj = 4
		}
		return pi < pj
	})
	for _, code := range pipelineStages {
		col := pipelineColumn{Code: code, Label: vocabularies["status"].Label(code, lang)}
		for _, c := range d.Cards {
			if c.Status == code {
				col.Cards = append(col.Cards, c)
			}
		}
		if !f.List {
			col.CardsHTML = pipelineCards(lang, col.Cards)
		}
		d.Columns = append(d.Columns, col)
	}
	if f.List {
		// The list goes stage by stage, like the board.
		sort.SliceStable(d.Cards, func(i, j int) bool {
			return slices.Index(pipelineStages, d.Cards[i].Status) < slices.Index(pipelineStages, d.Cards[j].Status)
		})
	}

	for _, code := range pipelineStages {
		d.Statuses = append(d.Statuses, option{Value: code, Label: vocabularies["status"].Label(code, lang), Selected: code == f.Status})
	}
	for _, t := range samverkan.Triages {
		d.Triages = append(d.Triages, option{Value: t.Code, Label: t.Label(lang), Selected: t.Code == f.Triage})
	}
	for _, a := range s.areaOpts[lang] {
		d.Areas = append(d.Areas, option{Value: a.Code, Label: a.Label, Selected: a.Code == f.Area, Child: a.Child})
	}
	for _, t := range vocabularies["legal_form"] {
		d.Forms = append(d.Forms, option{Value: t.Code, Label: t.Label(lang), Selected: t.Code == f.LegalForm})
	}
	for _, m := range s.memberViews(n) {
		d.Munis = append(d.Munis, option{Value: m.Code, Label: m.Name, Selected: m.Code == f.Municipality})
	}
	for _, p := range priorities {
		d.Priorities = append(d.Priorities, option{Value: p.Code, Label: p.Label(lang), Selected: p.Code == f.Priority})
	}
	s.render(w, r, http.StatusOK, "pipeline", page{Title: tr(lang, "pipeline.title", n.Name), Flash: flash(r), Data: d})
}

// allCollaborations pages through every match of f.
func (s *server) allCollaborations(ctx context.Context, f samverkan.CollaborationFilter) ([]*samverkan.Collaboration, error) {
	f.Limit = samverkan.MaxLimit
	var out []*samverkan.Collaboration
	for {
		cs, total, err := s.store.FindCollaborations(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
		if len(cs) == 0 || len(out) >= total {
			return out, nil
		}
		f.Offset += len(cs)
	}
}

func (s *server) pipelineCard(ctx context.Context, c *samverkan.Collaboration, lang string, events map[int64][]samverkan.Event) (pipelineCard, error) {
	since, err := s.stageSince(ctx, c, events)
	if err != nil {
		return pipelineCard{}, err
	}
	areas := make([]string, 0, len(c.Areas))
	for _, a := range c.Areas {
		if ar, ok := s.cat.Area(a); ok {
			areas = append(areas, ar.Label(lang))
		} else {
			areas = append(areas, a)
		}
	}
	card := pipelineCard{ID: c.ID, Title: c.Title, Areas: strings.Join(areas, ", "),
		Form:   vocabularies["legal_form"].Label(c.LegalForm, lang),
		Status: c.Status, StatusLabel: vocabularies["status"].Label(c.Status, lang),
		Participants: len(c.Participants), Proposer: c.Proposer, PriorityN: c.Priority,
		Days: daysSince(since), Version: c.Version, Example: c.Example}
	card.DaysText = days(lang, card.Days)
	if c.Triage != "" {
		card.Triage = vocabularies["triage"].Label(c.Triage, lang)
	}
	if c.Priority > 0 {
		card.Priority = priorities.Label(strconv.Itoa(c.Priority), lang)
	}
	// The move button only for those who may change the record.
	if next := nextStage(c.Status); next != "" && samverkan.CanEdit(samverkan.PrincipalFrom(ctx), c) {
		card.Next, card.NextLabel = next, vocabularies["status"].Label(next, lang)
	}
	return card, nil
}

// stageSince is when the collaboration entered its current stage: the
// latest status event to it, else when it was registered.
// preloaded, when not nil, holds the status events of c and its
// neighbours (EventBatchStore).
func (s *server) stageSince(ctx context.Context, c *samverkan.Collaboration, preloaded map[int64][]samverkan.Event) (time.Time, error) {
	events := preloaded[c.ID] // none: only "skapad" so far
	if preloaded == nil {
		var err error
		if events, err = s.store.CollaborationEvents(ctx, c.ID); err != nil {
			return time.Time{}, err
		}
	}
	var last *samverkan.Event
	for i, e := range events {
		if e.Kind == "status" && e.To == c.Status && (last == nil || !e.At.Before(last.At)) {
			last = &events[i]
		}
	}
	switch {
	case last == nil:
		return c.Created, nil
	case !last.Date.IsZero():
		return last.Date.Time(), nil
	default:
		return last.At, nil
	}
}

func hrefWith(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
