package web

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// A network's meetings (/natverk/{slug}/moten): per year, with who hosts
// and chairs that year by the network's rotation, and for each meeting its
// days, place, host, papers and decisions.

// meetingFields are the meeting form's inputs in page order.
var meetingFields = []string{"kind", "title", "work_group_id", "start", "end", "place", "host", "attendance",
	"agenda_url", "minutes_url", "notes", "decisions", "source"}

// emptyLifeRows are the empty rows a form offers for new list items.
const emptyLifeRows = 3

type meetingsPage struct {
	Network *samverkan.Network
	Nav     lifeNav
	CanEdit bool
	Years   []meetingYear
	Total   int
}

// meetingYear is one year's meetings and rotation.
type meetingYear struct {
	Year        int
	Host, Chair string // municipality names by the rotation; "" when it says nothing
	Meetings    []meetingView
}

type meetingView struct {
	samverkan.Meeting
	KindLabel string
	Days      string // "14–15 december 2023"
	HostName  string
	HostByRot string // the rotation's host, when the meeting names none
	Href      string
	Decisions []meetingDecisionView
}

type meetingDecisionView struct {
	Text, CollabHref, CollabTitle string
	Gone                          bool // the collaboration has been deleted
}

var monthsSV = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// dayRange writes the days of a meeting: "14 december 2023", "14–15
// december 2023", "30 november–1 december 2023".
func dayRange(start, end samverkan.Date, lang string) string {
	if start.IsZero() {
		return tr(lang, "netlife.unknown")
	}
	s, e := start.Time(), end.Time()
	day := func(t time.Time) string {
		m := monthsSV[t.Month()-1]
		if lang == "en" {
			m = t.Month().String()
		}
		return strconv.Itoa(t.Day()) + " " + m
	}
	year := func(t time.Time) string { return " " + strconv.Itoa(t.Year()) }
	switch {
	case end.IsZero() || end.String() == start.String():
		return day(s) + year(s)
	case s.Year() != e.Year():
		return day(s) + year(s) + "–" + day(e) + year(e)
	case s.Month() != e.Month():
		return day(s) + "–" + day(e) + year(s)
	}
	return strconv.Itoa(s.Day()) + "–" + day(e) + year(s)
}

func (s *server) handleMeetings(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := storeAs[samverkan.MeetingStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ms, err := st.MeetingsByNetwork(r.Context(), n.Slug, 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d := meetingsPage{Network: n, Nav: lifeNav{n.Slug, n.Name, "moten"}, CanEdit: canNetworkFunc(principal(r), n.Slug), Total: len(ms)}
	years := map[int]*meetingYear{}
	yearOf := func(y int) *meetingYear {
		if years[y] == nil {
			host, chair := samverkan.MeetingRotation(n, y)
			years[y] = &meetingYear{Year: y, Host: s.nameOf(host), Chair: s.nameOf(chair)}
		}
		return years[y]
	}
	for _, h := range n.Hosts {
		yearOf(h.Year)
	}
	for _, m := range ms {
		y := yearOf(m.Year())
		y.Meetings = append(y.Meetings, s.meetingView(n, m, lang))
	}
	for _, y := range years {
		d.Years = append(d.Years, *y)
	}
	slices.SortFunc(d.Years, func(a, b meetingYear) int { return b.Year - a.Year })
	s.render(w, r, http.StatusOK, "meetings", page{Title: tr(lang, "meeting.heading", n.Name), Flash: flash(r), Data: d})
}

// nameOf names a municipality code; "" stays "".
func (s *server) nameOf(code string) string {
	if code == "" {
		return ""
	}
	return s.cat.MunicipalityName(code)
}

func (s *server) meetingView(n *samverkan.Network, m samverkan.Meeting, lang string) meetingView {
	v := meetingView{Meeting: m, KindLabel: samverkan.MeetingKinds.Label(m.Kind, lang), Days: dayRange(m.Start, m.End, lang), HostName: s.nameOf(m.Host),
		Href: "/natverk/" + n.Slug + "/moten/" + strconv.FormatInt(m.ID, 10)}
	if m.Host == "" {
		host, _ := samverkan.MeetingRotation(n, m.Year())
		v.HostByRot = s.nameOf(host)
	}
	for _, d := range m.Decisions {
		dv := meetingDecisionView{Text: d.Text}
		if d.CollaborationID != nil {
			dv.CollabHref = "/samverkan/" + strconv.FormatInt(*d.CollaborationID, 10)
			dv.CollabTitle = d.CollaborationTitle
			dv.Gone = d.CollaborationTitle == ""
		}
		v.Decisions = append(v.Decisions, dv)
	}
	return v
}

// meetingOf reads the path's meeting {mid}, which must be the network's.
func (s *server) meetingOf(r *http.Request, n *samverkan.Network) (*samverkan.Meeting, error) {
	id, err := pathID(r, "mid")
	if err != nil {
		return nil, err
	}
	st, err := storeAs[samverkan.MeetingStore](s)
	if err != nil {
		return nil, err
	}
	m, err := st.MeetingByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if m.Network != n.Slug {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Mötet finns inte.")
	}
	return m, nil
}

// The form ------------------------------------------------------------------

type meetingForm struct {
	Network *samverkan.Network
	ID      int64
	Version string
	New     bool
	Action  string
	Delete  string
	Cancel  string

	Kind, Title, WorkGroupID, Start, End, Place, Host string
	Attendance, AgendaURL, MinutesURL, Notes, Source  string
	Decisions                                         []agreedRow

	RotationHint string
	Errors       formErrors
	Stale        bool

	// Choices.
	Groups  []option
	Munis   []option
	Collabs []collabChoice
}

// agreedRow is one decision of a meeting as typed; OptionsHTML are its
// collaboration choices.
type agreedRow struct {
	Text, Collaboration string
	OptionsHTML         template.HTML
}

func meetingFormFrom(n *samverkan.Network, m *samverkan.Meeting) *meetingForm {
	f := &meetingForm{Network: n, ID: m.ID, Version: strconv.Itoa(m.Version), Kind: m.Kind, Title: m.Title,
		WorkGroupID: idText(m.WorkGroupID), Start: m.Start.String(), End: m.End.String(), Place: m.Place, Host: m.Host,
		Attendance: m.Attendance, AgendaURL: m.AgendaURL, MinutesURL: m.MinutesURL, Notes: m.Notes, Source: m.Source}
	for _, d := range m.Decisions {
		f.Decisions = append(f.Decisions, agreedRow{Text: d.Text, Collaboration: idText(d.CollaborationID)})
	}
	return f
}

func decodeMeetingForm(r *http.Request, n *samverkan.Network) *meetingForm {
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	f := &meetingForm{Network: n, Version: g("version"), Kind: g("kind"), Title: g("title"), WorkGroupID: g("work_group_id"),
		Start: g("start"), End: g("end"), Place: g("place"), Host: g("host"), Attendance: g("attendance"),
		AgendaURL: g("agenda_url"), MinutesURL: g("minutes_url"), Notes: g("notes"), Source: g("source")}
	for _, row := range rowsOf(r, "decisions", "text", "collaboration_id") {
		f.Decisions = append(f.Decisions, agreedRow{Text: row["text"], Collaboration: row["collaboration_id"]})
	}
	return f
}

func (f *meetingForm) meeting() *samverkan.Meeting {
	m := &samverkan.Meeting{ID: f.ID, Network: f.Network.Slug, Kind: f.Kind, Title: f.Title, WorkGroupID: optionalID(f.WorkGroupID),
		Start: samverkan.LenientDate(f.Start), End: samverkan.LenientDate(f.End), Place: f.Place, Host: f.Host,
		Attendance: f.Attendance, AgendaURL: f.AgendaURL, MinutesURL: f.MinutesURL, Notes: f.Notes, Source: f.Source}
	for _, d := range f.Decisions {
		m.Decisions = append(m.Decisions, samverkan.MeetingDecision{Text: d.Text, CollaborationID: optionalID(d.Collaboration)})
	}
	m.Version, _ = strconv.Atoi(f.Version)
	return m
}

func (s *server) handleMeetingNew(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderMeetingForm(w, r, http.StatusOK, &meetingForm{Network: n, New: true, Kind: samverkan.MeetingAssembly})
}

func (s *server) handleMeetingEdit(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var m *samverkan.Meeting
	if err == nil {
		m, err = s.meetingOf(r, n)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderMeetingForm(w, r, http.StatusOK, meetingFormFrom(n, m))
}

func (s *server) handleMeetingCreate(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeMeetingForm(r, n)
	f.New = true
	s.saveMeeting(w, r, f, "mote-nytt", func(st samverkan.MeetingStore, m *samverkan.Meeting) error {
		return st.CreateMeeting(writeCtx(r), m)
	})
}

func (s *server) handleMeetingUpdate(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var cur *samverkan.Meeting
	if err == nil {
		cur, err = s.meetingOf(r, n)
	}
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := decodeMeetingForm(r, n)
	f.ID = cur.ID
	s.saveMeeting(w, r, f, "sparad", func(st samverkan.MeetingStore, m *samverkan.Meeting) error {
		return st.UpdateMeeting(writeCtx(r), m)
	})
}

// saveMeeting validates the meeting first, so bad input writes nothing,
// then writes it (the store checks its links) and goes to the list.
func (s *server) saveMeeting(w http.ResponseWriter, r *http.Request, f *meetingForm, done string, write func(samverkan.MeetingStore, *samverkan.Meeting) error) {
	st, err := storeAs[samverkan.MeetingStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	m := f.meeting()
	m.Normalize()
	err = m.Validate(f.Network, s.cat)
	if err == nil {
		err = write(st, m)
	}
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+f.Network.Slug+"/moten?klart="+done+"#mote-"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
	case samverkan.EINVALID:
		f.Errors = lifeErrors(langOf(r), samverkan.FieldErrors(err), meetingFields, "m-", "meeting.field.")
		f.Errors.orMessage(err)
		s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, f)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f.Stale = true
		s.renderMeetingForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) handleMeetingDelete(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var cur *samverkan.Meeting
	if err == nil {
		cur, err = s.meetingOf(r, n)
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
	st, err := storeAs[samverkan.MeetingStore](s)
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = st.DeleteMeeting(writeCtx(r), cur.ID, version)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/natverk/"+n.Slug+"/moten?klart=mote-borttaget", http.StatusSeeOther)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		f := meetingFormFrom(n, cur)
		f.Stale = true
		s.renderMeetingForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

func (s *server) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, f *meetingForm) {
	ctx := r.Context()
	lang := langOf(r)
	n := f.Network
	base := "/natverk/" + n.Slug + "/moten"
	title := tr(lang, "meeting.title.new", n.Name)
	f.Cancel = base
	if f.New {
		f.Action = base + "/ny"
	} else {
		item := base + "/" + strconv.FormatInt(f.ID, 10)
		f.Action, f.Delete = item+"/redigera", item+"/ta-bort"
		f.Cancel = base + "#mote-" + strconv.FormatInt(f.ID, 10)
		title = tr(lang, "meeting.title.edit", f.Title)
	}
	var err error
	if f.Collabs, err = s.networkCollabs(ctx, n.Slug); err != nil {
		s.error(w, r, err)
		return
	}
	f.Groups = nil
	if gs, ok := s.store.(samverkan.WorkGroupStore); ok {
		groups, err := gs.WorkGroupsByNetwork(ctx, n.Slug)
		if err != nil {
			s.error(w, r, err)
			return
		}
		found := f.WorkGroupID == ""
		for _, g := range groups {
			v := strconv.FormatInt(g.ID, 10)
			found = found || v == f.WorkGroupID
			f.Groups = append(f.Groups, option{Value: v, Label: g.Name, Selected: v == f.WorkGroupID})
		}
		if !found {
			f.Groups = append(f.Groups, option{Value: f.WorkGroupID, Label: tr(lang, "meeting.group.gone", f.WorkGroupID), Selected: true})
		}
	}
	f.Munis = s.memberOptions(n, f.Host)
	f.RotationHint = tr(lang, "meeting.host.hint")
	if start := samverkan.LenientDate(f.Start); start.Year() != 0 {
		if host, chair := samverkan.MeetingRotation(n, start.Year()); host != "" || chair != "" {
			f.RotationHint = tr(lang, "meeting.host.rotation", start.Year(), or(s.nameOf(host), "–"), or(s.nameOf(chair), "–"))
		}
	}
	f.Decisions = append(f.Decisions, make([]agreedRow, emptyLifeRows)...)
	// Every row offers the network's collaborations (330 in a large
	// network); the rows with none chosen share one list, rendered once,
	// instead of the template rendering it again for each row (issue 16).
	var unchosen template.HTML
	for i, d := range f.Decisions {
		if d.Collaboration == "" && unchosen != "" {
			f.Decisions[i].OptionsHTML = unchosen
			continue
		}
		f.Decisions[i].OptionsHTML = optionsHTML(collabOptions(f.Collabs, d.Collaboration, lang))
		if d.Collaboration == "" {
			unchosen = f.Decisions[i].OptionsHTML
		}
	}
	if f.Errors.Any() || f.Stale {
		title = tr(lang, "form.title.error", title)
	}
	s.render(w, r, status, "meeting_form", page{Title: title, Data: f})
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// The history ---------------------------------------------------------------

func (s *server) meetingKind() lifeKind[samverkan.Meeting] {
	return lifeKind[samverkan.Meeting]{
		entity: samverkan.AuditEntityMeeting, param: "mid",
		byID: func(ctx context.Context, id int64) (*samverkan.Meeting, error) {
			st, err := storeAs[samverkan.MeetingStore](s)
			if err != nil {
				return nil, err
			}
			return st.MeetingByID(ctx, id)
		},
		belongs: func(r *http.Request, v *samverkan.Meeting) bool { return v.Network == r.PathValue("slug") },
		idOf:    func(v *samverkan.Meeting) int64 { return v.ID },
		title:   func(v *samverkan.Meeting) string { return v.Title },
		version: func(v *samverkan.Meeting) int { return v.Version },
		canEdit: func(r *http.Request) bool { return canNetworkFunc(principal(r), r.PathValue("slug")) },
		itemHref: func(r *http.Request, id int64) string {
			return "/natverk/" + r.PathValue("slug") + "/moten/" + strconv.FormatInt(id, 10)
		},
		back: func(r *http.Request, lang string) (string, string) {
			return "/natverk/" + r.PathValue("slug") + "/moten", tr(lang, "meeting.kind")
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			st, err := storeAs[samverkan.MeetingStore](s)
			if err != nil {
				return err
			}
			_, err = st.RestoreMeeting(ctx, id, auditID, version)
			return err
		},
		fields: meetingFields,
		label:  labelFrom("meeting.field."),
		format: func(lang, key string, raw json.RawMessage) []string {
			switch key {
			case "kind":
				return vocabValue("meeting_kind", lang, raw)
			case "host":
				var code string
				if json.Unmarshal(raw, &code) == nil {
					return []string{s.nameOf(code)}
				}
			case "decisions":
				var ds []samverkan.MeetingDecision
				if json.Unmarshal(raw, &ds) == nil {
					out := make([]string, len(ds))
					for i, d := range ds {
						out[i] = d.Text
						if d.CollaborationID != nil {
							out[i] += " (" + or(d.CollaborationTitle, tr(lang, "netlife.collab.gone", idText(d.CollaborationID))) + ")"
						}
					}
					return out
				}
			}
			return nil
		},
	}
}

// handleMeeting redirects a meeting's own address to its place on the list.
func (s *server) handleMeeting(w http.ResponseWriter, r *http.Request) {
	n, err := s.networkOf(r)
	var m *samverkan.Meeting
	if err == nil {
		m, err = s.meetingOf(r, n)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/natverk/"+n.Slug+"/moten#mote-"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}
