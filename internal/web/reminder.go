package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/ical"
)

// Reminders (issue 16): one's own settings under /konto/paminnelser, the
// secret calendar feeds of a person and of a network, the unsubscribe
// link of the e-mail digest. Background jobs' pages are in job.go.
// The rules of what is due are the domain's (reminder.go in package
// samverkan); the digest itself is a job (internal/jobs).

type reminderPage struct {
	S        *samverkan.ReminderSettings
	Kinds    []choice
	Networks []choice
	// Munis is the municipalities field as typed or stored (names).
	Munis    string
	MuniList []muniOption
	Feeds    []samverkan.FeedToken
	NewFeed  string // the new feed's URL, shown once
	Errors   formErrors
	Stale    bool
}

func (s *server) reminderStore() (samverkan.ReminderStore, error) {
	return storeAs[samverkan.ReminderStore](s)
}

func (s *server) handleReminders(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	var set *samverkan.ReminderSettings
	if err == nil {
		set, err = st.ReminderSettings(r.Context(), principal(r).User.ID)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := &reminderPage{S: set, Munis: s.muniNames(set.Municipalities)}
	s.renderReminders(w, r, http.StatusOK, d)
}

// choice is one checkbox of a group.
type choice struct {
	Value, Label string
	Checked      bool
}

func (s *server) muniNames(codes []string) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		names = append(names, s.cat.MunicipalityName(c))
	}
	return strings.Join(names, ", ")
}

func (s *server) renderReminders(w http.ResponseWriter, r *http.Request, status int, d *reminderPage) {
	st, err := s.reminderStore()
	if err != nil {
		s.error(w, r, err)
		return
	}
	nets, err := samverkan.NetworkHeads(r.Context(), s.store) // names and slugs only
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d.MuniList = s.munis
	d.Networks, d.Kinds = nil, nil
	for _, n := range nets {
		d.Networks = append(d.Networks, choice{n.Slug, n.Name, slices.Contains(d.S.Networks, n.Slug)})
	}
	for _, k := range samverkan.ReminderKinds {
		d.Kinds = append(d.Kinds, choice{k.Code, k.Label(lang), d.S.Wants(k.Code)})
	}
	if d.Feeds, err = st.FeedTokens(r.Context(), principal(r).User.ID, ""); err != nil {
		s.error(w, r, err)
		return
	}
	title := tr(lang, "rem.title")
	if d.Errors.Any() || d.Stale {
		title = tr(lang, "form.title.error", title)
	}
	if d.NewFeed != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	flash := ""
	switch r.URL.Query().Get("klart") {
	case "sparat":
		flash = tr(lang, "rem.flash.saved")
	case "aterkallad":
		flash = tr(lang, "feed.flash.revoked")
	}
	s.render(w, r, status, "reminder", page{Title: title, Nav: "account", Flash: flash, Data: d})
}

func (s *server) handleRemindersSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	st, err := s.reminderStore()
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	f := r.PostForm
	set := samverkan.DefaultReminderSettings(principal(r).User.ID)
	set.Kinds = f["kind"]
	set.Networks = f["network"]
	set.SendEmail = f.Get("email") == "1"
	set.Language = f.Get("language")
	d := &reminderPage{S: &set, Munis: f.Get("municipalities")}
	var errs formErrors
	num := func(id, name, label string, into *int) {
		v := strings.TrimSpace(f.Get(name))
		n, err := strconv.Atoi(v)
		if err != nil {
			errs.add(id, tr(lang, label), tr(lang, "rem.err.number"))
			return
		}
		*into = n
	}
	num("rem-lead", "lead_days", "rem.lead", &set.LeadDays)
	num("rem-decision", "decision_days", "rem.decision_days", &set.DecisionDays)
	for _, part := range strings.Split(d.Munis, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		m, ok := s.cat.LookupMunicipality(part)
		if !ok {
			errs.add("rem-munis", tr(lang, "rem.munis"), tr(lang, "rem.err.muni", part))
			continue
		}
		set.Municipalities = append(set.Municipalities, m.Code)
	}
	set.Version, err = strconv.Atoi(f.Get("version"))
	if err != nil {
		s.error(w, r, samverkan.Errorf(samverkan.EINVALID, "version saknas"))
		return
	}
	if errs.Any() {
		d.Errors = errs
		s.renderReminders(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	err = st.SaveReminderSettings(writeCtx(r), &set)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/konto/paminnelser?klart=sparat", http.StatusSeeOther)
	case samverkan.EINVALID:
		d.Errors = lifeErrors(lang, samverkan.FieldErrors(err), reminderFields, "rem-", "rem.field.", reminderFields...)
		d.Errors.orMessage(err)
		s.renderReminders(w, r, http.StatusUnprocessableEntity, d)
	case samverkan.ESTALE:
		d.Stale = true
		s.renderReminders(w, r, http.StatusConflict, d)
	default:
		s.error(w, r, err)
	}
}

// reminderFields are the settings' fields in page order; their inputs are
// "rem-" + the field (a list's whole group).
var reminderFields = []string{"kinds", "networks", "municipalities", "lead_days", "decision_days", "language"}

// newFeedToken makes a feed's secret: the token for the URL and the
// hash and prefix the store keeps.
func newFeedToken() (token string, f samverkan.FeedToken) {
	var b [24]byte
	_, _ = rand.Read(b[:])
	token = hex.EncodeToString(b[:])
	h := sha256.Sum256([]byte(token))
	return token, samverkan.FeedToken{Hash: h[:], Prefix: token[:8]}
}

// siteURL is the site's address as the request reached it.
func siteURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func feedURL(r *http.Request, token string) string { return siteURL(r) + "/kalender/" + token + ".ics" }

func (s *server) handleFeedCreate(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := principal(r)
	token, f := newFeedToken()
	f.UserID, f.CreatedBy = p.User.ID, p.User.ID
	if err := st.CreateFeedToken(writeCtx(r), &f); err != nil {
		s.error(w, r, err)
		return
	}
	set, err := st.ReminderSettings(r.Context(), p.User.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderReminders(w, r, http.StatusOK, &reminderPage{S: set, Munis: s.muniNames(set.Municipalities), NewFeed: feedURL(r, token)})
}

func (s *server) handleFeedRevoke(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err != nil {
		s.error(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("feedID"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := st.RevokeFeedToken(writeCtx(r), id, principal(r).User.ID, ""); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/konto/paminnelser?klart=aterkallad#kalender", http.StatusSeeOther)
}

// The network's calendars ----------------------------------------------------

type networkFeedPage struct {
	Network *samverkan.Network
	Feeds   []samverkan.FeedToken
	NewFeed string
}

func (s *server) handleNetworkFeeds(w http.ResponseWriter, r *http.Request) {
	s.showNetworkFeeds(w, r, "")
}

func (s *server) showNetworkFeeds(w http.ResponseWriter, r *http.Request, newFeed string) {
	st, err := s.reminderStore()
	var n *samverkan.Network
	if err == nil {
		n, err = s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := &networkFeedPage{Network: n, NewFeed: newFeed}
	if d.Feeds, err = st.FeedTokens(r.Context(), 0, n.Slug); err != nil {
		s.error(w, r, err)
		return
	}
	if newFeed != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	flash := ""
	if r.URL.Query().Get("klart") == "aterkallad" {
		flash = tr(langOf(r), "feed.flash.revoked")
	}
	s.render(w, r, http.StatusOK, "network_feeds", page{Title: tr(langOf(r), "feed.net.title", n.Name), Flash: flash, Data: d})
}

func (s *server) handleNetworkFeedCreate(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err != nil {
		s.error(w, r, err)
		return
	}
	token, f := newFeedToken()
	f.Network, f.CreatedBy = r.PathValue("slug"), principal(r).User.ID
	if err := st.CreateFeedToken(writeCtx(r), &f); err != nil {
		s.error(w, r, err)
		return
	}
	s.showNetworkFeeds(w, r, feedURL(r, token))
}

func (s *server) handleNetworkFeedRevoke(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err != nil {
		s.error(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("feedID"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	slug := r.PathValue("slug")
	if err := st.RevokeFeedToken(writeCtx(r), id, 0, slug); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/natverk/"+slug+"/kalender?klart=aterkallad", http.StatusSeeOther)
}

// The feed itself --------------------------------------------------------------

// handleFeed answers a calendar program. The token in the URL is the only
// credential: unknown is 404, revoked 410 Gone (so clients stop asking).
func (s *server) handleFeed(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err != nil {
		s.error(w, r, err)
		return
	}
	token := strings.TrimSuffix(r.PathValue("token"), ".ics")
	h := sha256.Sum256([]byte(token))
	f, err := st.FeedTokenByHash(r.Context(), h[:])
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if f.Revoked {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusGone)
		w.Write([]byte(tr(langOf(r), "feed.gone") + "\n"))
		return
	}
	lang := langOf(r)
	var ds []samverkan.Deadline
	var name string
	kinds := []string(nil)
	if f.UserID != 0 {
		u, err := s.store.UserByID(r.Context(), f.UserID)
		if err != nil || u.Disabled {
			s.notFound(w, r)
			return
		}
		set, err := st.ReminderSettings(r.Context(), f.UserID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if ds, err = st.Deadlines(r.Context(), set.Networks, set.Municipalities, set.DecisionDays); err != nil {
			s.error(w, r, err)
			return
		}
		kinds, name = set.Kinds, tr(lang, "feed.name.personal")
	} else {
		n, err := s.store.NetworkBySlug(r.Context(), f.Network)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if ds, err = st.Deadlines(r.Context(), []string{n.Slug}, nil, samverkan.DefaultDecisionDays); err != nil {
			s.error(w, r, err)
			return
		}
		name = tr(lang, "feed.name.network", n.Name)
	}
	cal := ical.Calendar{Name: name, Stamp: f.Created}
	base := siteURL(r)
	for _, d := range ds {
		if len(kinds) > 0 && !slices.Contains(kinds, d.Kind) {
			continue
		}
		summary := samverkan.ReminderKinds.Label(d.Kind, lang) + ": " + d.Title
		cal.Events = append(cal.Events, ical.Event{UID: d.UID, Day: d.Day, Summary: summary, Description: d.Detail,
			URL: base + d.Path, Categories: []string{samverkan.ReminderKinds.Label(d.Kind, lang)}})
	}
	b, err := cal.Bytes()
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(b)
}

// Unsubscribing -----------------------------------------------------------------

type unsubscribePage struct {
	Token string
	Done  bool
}

// handleUnsubscribeForm asks before turning e-mail off: link checkers and
// mail scanners follow GET links, and must not unsubscribe anyone.
func (s *server) handleUnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "unsubscribe", page{Title: tr(langOf(r), "unsub.title"),
		Data: &unsubscribePage{Token: r.PathValue("token")}})
}

// handleUnsubscribe turns e-mail off; mail programs' one-click button
// (RFC 8058) posts here too.
func (s *server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	st, err := s.reminderStore()
	if err == nil {
		err = st.Unsubscribe(samverkan.WithActor(r.Context(), "avregistreringslänk"), r.PathValue("token"))
	}
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "unsubscribe", page{Title: tr(langOf(r), "unsub.title"), Data: &unsubscribePage{Done: true}})
}
