package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/tabular"
)

// The list of areas to review (/natverk/{slug}/granska): the area texts an
// import kept because they matched no area, and a form per text that maps
// it to an area for the whole network (samverkan.AreaReviewStore).

// maxReviewLinks caps the collaborations linked per text; the count says
// how many hold it.
const maxReviewLinks = 20

type areaReviewPage struct {
	Network  *samverkan.Network
	Items    []areaReviewItem
	Mappings []areaMappingView
	Done     string
	Error    string
	// ErrorText is the text whose form the error belongs to.
	ErrorText string
}

type areaReviewItem struct {
	ID             string // the form's id suffix
	Text           string
	Count          int
	Collaborations []samverkan.CollaborationRef
	More           int
	// Options are the area select's options, the nearest name to the
	// text (if one is close) selected: built in Go, as a page of twenty
	// texts would otherwise run the template over some 1 600 options.
	Options template.HTML
}

type areaMappingView struct {
	Text, Area string
}

func (s *server) reviewStore(w http.ResponseWriter, r *http.Request) (samverkan.AreaReviewStore, *samverkan.Network, bool) {
	rs, ok := s.store.(samverkan.AreaReviewStore)
	if !ok {
		s.notFound(w, r)
		return nil, nil, false
	}
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return nil, nil, false
	}
	return rs, n, true
}

func (s *server) handleAreaReview(w http.ResponseWriter, r *http.Request) {
	rs, n, ok := s.reviewStore(w, r)
	if !ok {
		return
	}
	d := areaReviewPage{Network: n}
	// The confirmation is built from an area code and a count, never from
	// text in the link, so a crafted link cannot put words on the page.
	q := r.URL.Query()
	if a, ok := s.cat.Area(q.Get("omrade")); ok && q.Get("klart") == "kopplat" {
		if count, err := strconv.Atoi(q.Get("antal")); err == nil && count >= 0 {
			d.Done = tr(langOf(r), "review.done", a.Label(langOf(r)), count)
		}
	}
	s.showAreaReview(w, r, rs, http.StatusOK, d)
}

func (s *server) showAreaReview(w http.ResponseWriter, r *http.Request, rs samverkan.AreaReviewStore, status int, d areaReviewPage) {
	ctx := r.Context()
	lang := langOf(r)
	list, err := rs.AreasToReview(ctx, d.Network.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	maps, err := rs.AreaMappings(ctx, d.Network.Slug)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for i, a := range list {
		it := areaReviewItem{ID: strconv.Itoa(i + 1), Text: a.Text, Count: len(a.Collaborations), Collaborations: a.Collaborations}
		if len(it.Collaborations) > maxReviewLinks {
			it.More, it.Collaborations = len(it.Collaborations)-maxReviewLinks, it.Collaborations[:maxReviewLinks]
		}
		it.Options = s.areaSelectOptions(lang, s.suggestArea(a.Text))
		d.Items = append(d.Items, it)
	}
	for _, m := range maps {
		area := m.Area
		if a, ok := s.cat.Area(m.Area); ok {
			area = a.Label(lang)
		}
		d.Mappings = append(d.Mappings, areaMappingView{Text: m.Text, Area: area})
	}
	p := page{Title: tr(lang, "review.title", d.Network.Name), Data: d}
	if d.Error != "" {
		p.ErrorID = "fel"
	}
	if d.Done != "" {
		p.Flash = d.Done
	}
	s.render(w, r, status, "areareview", p)
}

func (s *server) handleAreaMap(w http.ResponseWriter, r *http.Request) {
	rs, n, ok := s.reviewStore(w, r)
	if !ok {
		return
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	text, area := strings.TrimSpace(r.PostForm.Get("text")), r.PostForm.Get("omrade")
	count, err := rs.MapAreaText(writeCtx(r), n.Slug, text, area)
	lang := langOf(r)
	switch samverkan.ErrorCode(err) {
	case "":
		q := url.Values{"klart": {"kopplat"}, "omrade": {area}, "antal": {strconv.Itoa(count)}}
		http.Redirect(w, r, "/natverk/"+n.Slug+"/granska?"+q.Encode(), http.StatusSeeOther)
	case samverkan.EINVALID:
		msg := samverkan.ErrorMessage(err)
		if fe := samverkan.FieldErrors(err); len(fe) > 0 {
			msg = fe[0].Message(lang)
		}
		s.showAreaReview(w, r, rs, http.StatusUnprocessableEntity, areaReviewPage{Network: n, Error: msg, ErrorText: text})
	default:
		s.error(w, r, err)
	}
}

// suggestArea returns the area whose name is nearest the text, if one is
// close, remembered per text: the list shows the same texts each time.
func (s *server) suggestArea(text string) string {
	s.suggestMu.Lock()
	code, ok := s.suggested[text]
	s.suggestMu.Unlock()
	if ok {
		return code
	}
	if _, name, _ := tabular.NewResolver(s.cat).Area(text); name != "" {
		for _, a := range s.cat.Areas() {
			if a.SV == name {
				code = a.Code
				break
			}
		}
	}
	s.suggestMu.Lock()
	if s.suggested == nil || len(s.suggested) > 4096 {
		s.suggested = map[string]string{}
	}
	s.suggested[text] = code
	s.suggestMu.Unlock()
	return code
}

// areaSelectOptions renders the area select's options, groups followed by
// their activities, with selected chosen.
func (s *server) areaSelectOptions(lang, selected string) template.HTML {
	var b strings.Builder
	b.WriteString(`<option value="">`)
	b.WriteString(template.HTMLEscapeString(tr(lang, "review.choose")))
	b.WriteString("</option>\n")
	for _, o := range s.areaOpts[lang] {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(o.Code))
		b.WriteByte('"')
		if o.Code == selected {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		if o.Child {
			b.WriteString("– ")
		}
		b.WriteString(template.HTMLEscapeString(o.Label))
		b.WriteString("</option>\n")
	}
	return template.HTML(b.String())
}
