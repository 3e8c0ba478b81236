package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
)

var feedURLRE = regexp.MustCompile(`id="feed-new" value="([^"]+)"`)

// feedPath creates a feed through the page and returns its path.
func feedPath(t *testing.T, a *authEnv, role, createPath string) string {
	t.Helper()
	res := a.request(role, "POST", createPath, url.Values{})
	if res.Code != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create feed: %d %q", res.Code, res.Header.Get("Cache-Control"))
	}
	m := feedURLRE.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no feed address shown: %.500s", text(res.Body))
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// Acceptance 3: the demo network's calendar opens in an iCalendar library
// with every deadline the store knows for it, each an all-day event with a
// stable UID, and its address stops working when revoked.
func TestNetworkFeedHasEveryDeadlineAndCanBeRevoked(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	addDeadlines(t, a)
	want, err := a.db.Deadlines(ctx, []string{"ggvv"}, nil, samverkan.DefaultDecisionDays)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the demo network has no deadlines; the test would prove nothing")
	}
	path := feedPath(t, a, roleCoord, "/natverk/ggvv/kalender")
	first := a.request(roleAnon, "GET", path, nil)
	if first.Code != http.StatusOK || !strings.HasPrefix(first.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed = %d %s: %.300s", first.Code, first.Header.Get("Content-Type"), first.Body)
	}
	cal, err := goical.ParseCalendar(strings.NewReader(first.Body))
	if err != nil {
		t.Fatalf("the library cannot read the feed: %v", err)
	}
	got := map[string]*goical.VEvent{}
	for _, e := range cal.Events() {
		got[e.Id()] = e
	}
	if len(got) != len(want) {
		t.Errorf("%d events, want %d", len(got), len(want))
	}
	kinds := map[string]bool{}
	for _, d := range want {
		e, ok := got[d.UID]
		if !ok {
			t.Errorf("deadline %s (%s %s) missing", d.UID, d.Kind, d.Day)
			continue
		}
		kinds[d.Kind] = true
		start := e.GetProperty(goical.ComponentPropertyDtStart)
		if start == nil || start.Value != strings.ReplaceAll(d.Day.String(), "-", "") {
			t.Errorf("%s: DTSTART %+v, want %s", d.UID, start, d.Day)
			continue
		}
		if v := start.ICalParameters["VALUE"]; len(v) != 1 || v[0] != "DATE" {
			t.Errorf("%s: not an all-day event: %v", d.UID, start.ICalParameters)
		}
		if day, err := e.GetAllDayStartAt(); err != nil || samverkan.DateOf(day) != d.Day {
			t.Errorf("%s: all-day start %v %v, want %s", d.UID, day, err, d.Day)
		}
		if s := e.GetProperty(goical.ComponentPropertySummary); s == nil || !strings.Contains(s.Value, d.Title) {
			t.Errorf("%s: summary %+v lacks %q", d.UID, s, d.Title)
		}
	}
	t.Logf("demo GGVV feed: %d deadlines of kinds %v", len(want), kinds)
	if len(kinds) != len(samverkan.ReminderKinds) {
		t.Errorf("kinds in the feed %v, want all %d", kinds, len(samverkan.ReminderKinds))
	}
	// The UIDs are stable: a second fetch gives the same ones.
	again := a.request(roleAnon, "GET", path, nil)
	if again.Body != first.Body {
		t.Error("a second fetch of an unchanged feed differs")
	}
	// Revoke: the address answers 410 Gone from then on.
	page := a.request(roleCoord, "GET", "/natverk/ggvv/kalender", nil)
	m := regexp.MustCompile(`/natverk/ggvv/kalender/(\d+)/aterkalla`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no revoke form: %.500s", text(page.Body))
	}
	if res := a.request(roleReader, "POST", m[0], url.Values{}); res.Code != http.StatusForbidden {
		t.Fatalf("a reader revoked the network's feed: %d", res.Code)
	}
	if res := a.request(roleCoord, "POST", m[0], url.Values{}); res.Code != http.StatusSeeOther {
		t.Fatalf("revoke = %d", res.Code)
	}
	if res := a.request(roleAnon, "GET", path, nil); res.Code != http.StatusGone {
		t.Fatalf("revoked feed = %d, want 410", res.Code)
	}
	if res := a.request(roleAnon, "GET", "/kalender/0123456789abcdef.ics", nil); res.Code != http.StatusNotFound {
		t.Fatalf("unknown feed = %d, want 404", res.Code)
	}
}

// One's own settings are saved versioned and audited, refused with field
// messages when wrong, and the personal feed carries only the chosen kinds.
func TestReminderSettingsAndPersonalFeed(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	bad := a.request(roleReader, "POST", "/konto/paminnelser", url.Values{"version": {"0"}, "kind": {"avtal-slut"},
		"lead_days": {"900"}, "decision_days": {"x"}, "municipalities": {"Gislaved, Atlantis"}, "language": {"sv"}})
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Atlantis") || !strings.Contains(bad.Body, "heltal") {
		t.Fatalf("bad settings = %d: %.800s", bad.Code, text(bad.Body))
	}
	form := url.Values{"version": {"0"}, "kind": {samverkan.ReminderNotice, samverkan.ReminderAgreementEnd}, "network": {"ggvv"},
		"lead_days": {"45"}, "decision_days": {"30"}, "municipalities": {"Gislaved"}, "email": {"1"}, "language": {"en"}}
	if res := a.request(roleReader, "POST", "/konto/paminnelser", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %.800s", res.Code, text(res.Body))
	}
	if res := a.request(roleReader, "POST", "/konto/paminnelser", form); res.Code != http.StatusConflict {
		t.Fatalf("stale save = %d", res.Code)
	}
	s, err := a.db.ReminderSettings(ctx, a.users[roleReader].ID)
	if err != nil || s.Version != 1 || s.LeadDays != 45 || !s.SendEmail || s.Language != "en" ||
		len(s.Municipalities) != 1 || s.Municipalities[0] != "0662" || len(s.Kinds) != 2 {
		t.Fatalf("stored %+v %v", s, err)
	}
	events, err := a.db.AuditEvents(ctx, "reminder_settings", "")
	if err != nil || len(events) != 1 || strings.Contains(events[0].After, s.UnsubscribeToken) {
		t.Fatalf("audit: %+v %v", events, err)
	}
	addDeadlines(t, a)
	path := feedPath(t, a, roleReader, "/konto/paminnelser/kalender")
	res := a.request(roleAnon, "GET", path, nil)
	cal, err := goical.ParseCalendar(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	all, _ := a.db.Deadlines(ctx, s.Networks, s.Municipalities, s.DecisionDays)
	n := 0
	for _, d := range all {
		if s.Wants(d.Kind) {
			n++
		}
	}
	if len(cal.Events()) != n || n == 0 {
		t.Fatalf("personal feed has %d events, want %d", len(cal.Events()), n)
	}
	for _, e := range cal.Events() {
		if !strings.HasPrefix(e.Id(), samverkan.ReminderNotice) && !strings.HasPrefix(e.Id(), samverkan.ReminderAgreementEnd) {
			t.Errorf("event %s of a kind not chosen", e.Id())
		}
	}
	// Personal data stays out of the public view and the exports.
	token := strings.TrimSuffix(strings.TrimPrefix(path, "/kalender/"), ".ics")
	for _, p := range []string{"/insyn.json", "/natverk/ggvv/export.json", "/natverk/ggvv/export.csv"} {
		body := a.request(roleAdmin, "GET", p, nil).Body
		for _, secret := range []string{token, s.UnsubscribeToken, a.users[roleReader].Email} {
			if strings.Contains(body, secret) {
				t.Errorf("%s contains %q", p, secret)
			}
		}
	}
	// Unsubscribing through the e-mail's link turns e-mail off.
	if res := a.request(roleAnon, "GET", "/paminnelser/avsluta/"+s.UnsubscribeToken, nil); res.Code != http.StatusOK {
		t.Fatalf("unsubscribe page = %d", res.Code)
	}
	if res := a.request(roleAnon, "POST", "/paminnelser/avsluta/"+s.UnsubscribeToken, url.Values{}); res.Code != http.StatusOK {
		t.Fatalf("unsubscribe = %d", res.Code)
	}
	if s, _ := a.db.ReminderSettings(ctx, a.users[roleReader].ID); s.SendEmail {
		t.Fatal("still subscribed")
	}
}

// addDeadlines gives the demo network GGVV, which the demo data gives
// only follow-ups to make (the sources name no agreement dates), one
// deadline of every other kind: test records, not demo facts.
func addDeadlines(t *testing.T, a *authEnv) {
	t.Helper()
	ctx := samverkan.WithActor(context.Background(), "test")
	c, err := a.db.CollaborationByID(ctx, a.ggvvRec.ID)
	if err != nil {
		t.Fatal(err)
	}
	notice := 6
	c.Documents = append(c.Documents, samverkan.Document{Type: "avtal", Title: "Samverkansavtal (testexempel)",
		ValidFrom: samverkan.MustDate("2024-01-01"), ValidTo: samverkan.MustDate("2027-06-30"), NoticeMonths: &notice})
	if err := a.db.UpdateCollaboration(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := a.db.CreateDecision(ctx, &samverkan.Decision{CollaborationID: c.ID, Municipality: c.Participants[0].Code,
		Body: "ks", Outcome: samverkan.OutcomePending, Kind: samverkan.KindJoin}); err != nil {
		t.Fatal(err)
	}
	if err := a.db.CreateRisk(ctx, &samverkan.RiskEntry{Network: "ggvv", Kind: samverkan.RiskKindRisk,
		Category: "insyn", Title: "Minskad insyn (testexempel)", Review: samverkan.MustDate("2027-03-01")}); err != nil {
		t.Fatal(err)
	}
	n, err := a.db.NetworkBySlug(ctx, "ggvv")
	if err != nil {
		t.Fatal(err)
	}
	start := samverkan.DateOf(samverkan.Today().Time().AddDate(0, 2, 0))
	if err := a.db.CreateMeeting(ctx, &samverkan.Meeting{Network: "ggvv", Kind: samverkan.MeetingSteering,
		Title: "Styrgruppsmöte (testexempel)", Start: start, Host: n.Members[0].Code}); err != nil {
		t.Fatal(err)
	}
}

// refreshes reports whether a job's page follows the job: a meta refresh
// for browsers without JavaScript, the live script for those with it, and
// the element the script updates.
func refreshes(res response) bool {
	meta := strings.Contains(res.Body, `<noscript><meta http-equiv="refresh" content="2"></noscript>`)
	script := regexp.MustCompile(`<script src="/static/job\.[0-9a-f]{12}\.js" defer></script>`).MatchString(res.Body)
	live := strings.Contains(res.Body, `id="job-live" data-job-live`)
	return meta && script && live
}

// A background job's page shows its progress to whoever started it (and
// admins), refreshes itself while the job runs (no JavaScript needed; live
// with it) and links the result when done.
func TestJobPage(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	j := &jobs.Job{Kind: "import", UserID: a.users[roleCoord].ID, Network: "ggvv"}
	if err := a.db.EnqueueJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	path := "/jobb/" + strconv.FormatInt(j.ID, 10)
	res := a.request(roleCoord, "GET", path, nil)
	if res.Code != http.StatusOK || !refreshes(res) || !strings.Contains(res.Body, "Väntar på sin tur") {
		t.Fatalf("queued job page = %d: %.500s", res.Code, text(res.Body))
	}
	src := regexp.MustCompile(`<script src="(/static/job\.[0-9a-f]+\.js)"`).FindStringSubmatch(res.Body)
	if js := a.request(roleAnon, "GET", src[1], nil); js.Code != http.StatusOK || js.Header.Get("Content-Type") != "text/javascript; charset=utf-8" ||
		!strings.Contains(js.Header.Get("Cache-Control"), "immutable") || !strings.Contains(js.Body, `getElementById("job-live")`) {
		t.Fatalf("the live script = %d %v", js.Code, js.Header)
	}
	if res := a.request(roleReader, "GET", path, nil); res.Code != http.StatusNotFound {
		t.Fatalf("someone else's job = %d, want 404", res.Code)
	}
	if res := a.request(roleAdmin, "GET", path, nil); res.Code != http.StatusOK {
		t.Fatalf("admin = %d", res.Code)
	}
	now := time.Now()
	got, err := a.db.ClaimJob(ctx, "test", []string{"import"}, now, now.Add(time.Minute))
	if err != nil || got == nil || got.ID != j.ID {
		t.Fatalf("claim: %+v %v", got, err)
	}
	if err := a.db.JobProgress(ctx, j.ID, "test", 250, 1000, ""); err != nil {
		t.Fatal(err)
	}
	res = a.request(roleCoord, "GET", path, nil)
	if !strings.Contains(res.Body, `value="25"`) || !strings.Contains(res.Body, "250 av 1000") {
		t.Fatalf("running job page: %.800s", text(res.Body))
	}
	if err := a.db.FinishJob(ctx, j.ID, "test", jobs.StatusDone, "/natverk/ggvv/import/klar?skapade=1000", "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	res = a.request(roleCoord, "GET", path, nil)
	if refreshes(res) || !strings.Contains(res.Body, `href="/natverk/ggvv/import/klar?skapade=1000"`) {
		t.Fatalf("done job page still refreshes (%v): %.800s", refreshes(res), text(res.Body))
	}
}
