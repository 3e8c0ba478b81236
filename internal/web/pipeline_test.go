package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// idea returns a pipeline collaboration in GGVV at the given stage.
func idea(title, status, form string, codes ...string) *samverkan.Collaboration {
	c := sqldbtest.Collaboration(title, codes...)
	c.Status, c.LegalForm, c.Networks = status, form, []string{"ggvv"}
	return c
}

func (e *env) collab(id int64) *samverkan.Collaboration {
	e.t.Helper()
	c, err := e.db.CollaborationByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) decisions(id int64) []samverkan.Decision {
	e.t.Helper()
	ds, err := e.db.Decisions(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return ds
}

func statusForm(c *samverkan.Collaboration, to string) url.Values {
	return url.Values{"status": {to}, "version": {strconv.Itoa(c.Version)}, "date": {""}, "note": {"Styrgruppen 12 mars"}}
}

func decisionForm(code, body, outcome, date string) url.Values {
	return url.Values{"municipality": {code}, "body": {body}, "body_name": {""}, "kind": {samverkan.KindAdopt},
		"document": {"samverkansavtal"}, "outcome": {outcome}, "date": {date}, "paragraph": {"§ 12"}, "url": {""}, "note": {""}}
}

func TestPipelineBoardAndList(t *testing.T) {
	e := newEnv(t)
	a := idea("Gemensam e-arkivering", samverkan.StatusIdea, samverkan.FormAgreement, gislaved, gnosjo)
	a.Triage, a.Proposer, a.Priority, a.Areas = "kraver_politiskt_beslut", "IT-chefsgruppen", 1, []string{"X-IT"}
	e.mustCreate(a)
	b := idea("Gemensam upphandlare", samverkan.StatusStudyOngoing, samverkan.FormPurchase, vaggeryd, varnamo)
	b.Triage, b.Priority = "kan_starta_direkt", 3
	e.mustCreate(b)
	running := sqldbtest.Collaboration("Räddningstjänst som pågår", gislaved, gnosjo)
	running.Networks = []string{"ggvv"}
	e.mustCreate(running)

	res := e.get("/natverk/ggvv/mojligheter")
	if res.Code != http.StatusOK {
		t.Fatalf("board = %d: %.300s", res.Code, text(res.Body))
	}
	body := text(res.Body)
	wantContains(t, "board", body, "Möjligheter i GGVV", "Idé", "Inventerad", "Förstudie pågår", "Beslutad",
		"Gemensam e-arkivering", "IT-chefsgruppen", "Hög", "Kräver politiskt beslut", "Gemensam upphandlare",
		"Kan starta direkt", "Låg", "0 dagar", "Flytta till Inventerad", "Flytta till Förstudie klar", "2 möjligheter.")
	if strings.Contains(body, "Räddningstjänst som pågår") {
		t.Error("the board shows a running collaboration")
	}
	wantContains(t, "board html", res.Body, `aria-current="page">Tavla`, `action="/samverkan/`+strconv.FormatInt(a.ID, 10)+`/status"`,
		`name="tillbaka" value="/natverk/ggvv/mojligheter"`)

	list := e.get("/natverk/ggvv/mojligheter?vy=lista")
	wantContains(t, "list", text(list.Body), "Gemensam e-arkivering", "Gemensam upphandlare", "Dagar i steget")
	wantContains(t, "list html", list.Body, `<caption id="pipeline-caption">`, `aria-current="page">Lista`, `scope="col"`)

	for q, want := range map[string]string{
		"vy=lista&bedomning=kan_starta_direkt": "Gemensam upphandlare",
		"vy=lista&prioritet=1":                 "Gemensam e-arkivering",
		"vy=lista&status=forstudie_pagar":      "Gemensam upphandlare",
		"vy=lista&kommun=" + gislaved:          "Gemensam e-arkivering",
		"vy=lista&omrade=X-IT":                 "Gemensam e-arkivering",
		"vy=lista&form=kop_av_tjanst":          "Gemensam upphandlare",
		"bedomning=kraver_politiskt_beslut":    "Gemensam e-arkivering",
	} {
		res := e.get("/natverk/ggvv/mojligheter?" + q)
		body := text(res.Body)
		if res.Code != http.StatusOK || !strings.Contains(body, want) || !strings.Contains(body, "1 möjlighet.") {
			t.Errorf("?%s = %d, want only %q: %.400s", q, res.Code, want, body)
		}
	}
	if res := e.get("/natverk/ggvv/mojligheter?vy=x&status=igang&bedomning=x&prioritet=9&kommun=z&omrade=q&form=y"); res.Code != http.StatusOK ||
		!strings.Contains(text(res.Body), "2 möjligheter.") {
		t.Errorf("bad filter values are not ignored: %d", res.Code)
	}
	if res := e.get("/natverk/finns-inte/mojligheter"); res.Code != http.StatusNotFound {
		t.Errorf("unknown network = %d", res.Code)
	}

	// Move a card one stage forward from the list, and back to the list.
	v := statusForm(a, samverkan.StatusInventoried)
	v.Set("tillbaka", "/natverk/ggvv/mojligheter?vy=lista")
	res = e.post(fmt.Sprintf("/samverkan/%d/status", a.ID), v)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("move = %d: %.500s", res.Code, text(res.Body))
	}
	if loc := res.Header.Get("Location"); loc != "/natverk/ggvv/mojligheter?klart=status&vy=lista" {
		t.Errorf("Location = %q", loc)
	}
	if got := e.collab(a.ID); got.Status != samverkan.StatusInventoried {
		t.Errorf("status = %s, want inventerad", got.Status)
	}
	wantContains(t, "after move", text(e.get("/natverk/ggvv/mojligheter?klart=status&vy=lista").Body), "Statusen är ändrad.")
	// An outside return path is not followed.
	v = statusForm(e.collab(a.ID), samverkan.StatusStudyOngoing)
	v.Set("tillbaka", "https://evil.example/")
	if loc := e.post(fmt.Sprintf("/samverkan/%d/status", a.ID), v).Header.Get("Location"); loc != "/?klart=status" {
		t.Errorf("Location = %q, want a local path", loc)
	}
	page := text(e.get(fmt.Sprintf("/samverkan/%d", a.ID)).Body)
	wantContains(t, "history", page, "Ny status", "Inventerad → Förstudie pågår", "Styrgruppen 12 mars")
}

func TestStatusGate(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(idea("Gemensam överförmyndarnämnd", samverkan.StatusDeciding, samverkan.FormJointCommittee, gislaved, gnosjo))
	path := fmt.Sprintf("/samverkan/%d", c.ID)

	page := e.get(path)
	if page.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, page.Code)
	}
	wantContains(t, "collaboration page", text(page.Body), "Från idé till beslut", "Nu: Beslut pågår", "Nästa steg är Beslutad.",
		"Beslutsväg", "0 av 4 beslut för bildande och start är fattade med bifall.", "Kommunfullmäktige", "Samverkansavtal, Reglemente",
		"KL 9 kap. 19–36 §§", "Val av ledamöter och ersättare", "Ansvarsfrihet", "Avslut och upplösning", "När det blir aktuellt", "Saknas", "Kräver politiskt beslut", "Byt status", "Inga beslut är registrerade.")
	wantContains(t, "collaboration html", page.Body, `aria-current="step"`, `<caption id="path-caption">`,
		`href="/samverkan/`+strconv.FormatInt(c.ID, 10)+`/beslut/ny?dokument=samverkansavtal&amp;kommun=0662&amp;organ=kf&amp;typ=anta_dokument"`)

	// The gate: beslutad needs both councils' bifall.
	res := e.post(path+"/status", statusForm(c, samverkan.StatusDecided))
	if res.Code != http.StatusConflict {
		t.Fatalf("beslutad without decisions = %d, want 409: %.500s", res.Code, text(res.Body))
	}
	wantContains(t, "refusal", text(res.Body), "Statusbytet gick inte att genomföra", "2 beslut som krävs saknas eller är inte bifall.",
		"Gislaved: Kommunfullmäktige – Anta styrdokument (Samverkansavtal, Reglemente)", "Gnosjö: Kommunfullmäktige – Anta styrdokument")
	wantContains(t, "refusal html", res.Body, `class="error-summary"`, `href="#s-status"`, `aria-invalid="true"`)
	if got := e.collab(c.ID); got.Status != samverkan.StatusDeciding {
		t.Fatalf("status = %s after a refusal", got.Status)
	}

	// One council approves: still refused, naming only the other.
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	if res := e.post(path+"/beslut/ny", decisionForm(gislaved, "kf", samverkan.OutcomeApproved, yesterday)); res.Code != http.StatusSeeOther {
		t.Fatalf("record decision = %d: %.500s", res.Code, text(res.Body))
	}
	res = e.post(path+"/status", statusForm(e.collab(c.ID), samverkan.StatusDecided))
	body := text(res.Body)
	if res.Code != http.StatusConflict || !strings.Contains(body, "Gnosjö: Kommunfullmäktige") || strings.Contains(body, "Gislaved: Kommunfullmäktige – Anta") {
		t.Fatalf("with one decision = %d: %.600s", res.Code, body)
	}
	// A pending decision does not open the gate either.
	if res := e.post(path+"/beslut/ny", decisionForm(gnosjo, "kf", samverkan.OutcomePending, "")); res.Code != http.StatusSeeOther {
		t.Fatalf("record pending = %d: %.500s", res.Code, text(res.Body))
	}
	if res := e.post(path+"/status", statusForm(e.collab(c.ID), samverkan.StatusDecided)); res.Code != http.StatusConflict {
		t.Fatalf("with a pending decision = %d, want 409", res.Code)
	}
	// Gnosjö's council approves: the pending decision is edited to bifall.
	var pending samverkan.Decision
	for _, d := range e.decisions(c.ID) {
		if d.Pending() {
			pending = d
		}
	}
	editPath := fmt.Sprintf("%s/beslut/%d/redigera", path, pending.ID)
	form := e.get(editPath)
	wantContains(t, "edit form", form.Body, `<option value="0617" selected>Gnosjö</option>`, "Ta bort beslutet")
	v := decisionForm(gnosjo, "kf", samverkan.OutcomeApproved, yesterday)
	v.Set("version", editVersion(t, form.Body))
	if res := e.post(editPath, v); res.Code != http.StatusSeeOther {
		t.Fatalf("edit decision = %d: %.500s", res.Code, text(res.Body))
	}
	res = e.post(path+"/status", statusForm(e.collab(c.ID), samverkan.StatusDecided))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("beslutad with both decisions = %d: %.500s", res.Code, text(res.Body))
	}
	if got := e.collab(c.ID); got.Status != samverkan.StatusDecided {
		t.Fatalf("status = %s, want beslutad", got.Status)
	}
	page = e.get(path + "?klart=status")
	wantContains(t, "decided page", text(page.Body), "Statusen är ändrad.", "2 av 4 beslut för bildande och start är fattade med bifall.",
		"Efter besluten", "Ledamöter och ersättare valda av alla medlemmar", "Bifall "+yesterday+" § 12")

	// A stale version is refused with 409 and the page says so.
	res = e.post(path+"/status", statusForm(c, samverkan.StatusRunning))
	if res.Code != http.StatusConflict || !strings.Contains(text(res.Body), "Statusen är inte ändrad") {
		t.Errorf("stale status change = %d: %.300s", res.Code, text(res.Body))
	}
	// The status form and the decision path in English.
	res = e.get(path, &http.Cookie{Name: "lang", Value: "en"})
	wantContains(t, "English", text(res.Body), "From idea to decision", "Decision path", "Municipal council", "Approved")
}

func TestStatusInvalid(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(idea("Gemensam växel", samverkan.StatusIdea, samverkan.FormAgreement, gislaved, gnosjo))
	path := fmt.Sprintf("/samverkan/%d/status", c.ID)
	for _, tc := range []struct {
		name, to, date, want string
	}{
		{"skipped stage", samverkan.StatusStudyDone, "", "Det går inte att hoppa över steg: nästa steg efter Idé är Inventerad."},
		{"unknown stage", "paus", "", `Okänd status: "paus".`},
		{"bad date", samverkan.StatusInventoried, "31/12", `Ogiltigt datum: "31/12".`},
		{"future date", samverkan.StatusInventoried, time.Now().AddDate(0, 1, 0).Format("2006-01-02"), "Datumet kan inte ligga i framtiden."},
	} {
		v := statusForm(c, tc.to)
		v.Set("date", tc.date)
		res := e.post(path, v)
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s = %d, want 422: %.300s", tc.name, res.Code, text(res.Body))
			continue
		}
		wantContains(t, tc.name, text(res.Body), tc.want, "Statusbytet gick inte att genomföra")
	}
	if got := e.collab(c.ID); got.Status != samverkan.StatusIdea || got.Version != c.Version {
		t.Errorf("a refused change wrote: %s v%d", got.Status, got.Version)
	}
	if res := e.post(path, url.Values{"status": {"inventerad"}}); res.Code != http.StatusBadRequest {
		t.Errorf("without version = %d, want 400", res.Code)
	}
	if res := e.post("/samverkan/999999/status", statusForm(c, "inventerad")); res.Code != http.StatusNotFound {
		t.Errorf("unknown collaboration = %d, want 404", res.Code)
	}
}

func TestEditFormStatusGate(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(idea("Gemensam nämnd för IT", samverkan.StatusDeciding, samverkan.FormJointCommittee, gislaved, gnosjo))
	path := fmt.Sprintf("/samverkan/%d/redigera", c.ID)
	form := e.get(path)
	wantContains(t, "edit form", form.Body, `id="f-proposer"`, `id="f-priority"`, `id="f-triage_reason"`, `id="f-of_principle"`)
	v := validForm()
	v.Set("version", editVersion(t, form.Body))
	v.Set("legal_form", samverkan.FormJointCommittee)
	v.Set("status", samverkan.StatusDecided)
	v.Set("members.2.code", "")
	v.Set("members.2.joined", "")
	v.Set("parties.0.name", "")
	res := e.post(path, v)
	if res.Code != http.StatusConflict {
		t.Fatalf("edit to beslutad = %d, want 409: %.500s", res.Code, text(res.Body))
	}
	wantContains(t, "refused edit", text(res.Body), "Beslut saknas eller är inte bifall", "Gislaved: Kommunfullmäktige – Anta styrdokument")
	wantContains(t, "refused edit html", res.Body, `href="#f-status"`)

	// The new fields are saved; a triage that differs from the proposal needs a reason.
	v.Set("status", samverkan.StatusDeciding)
	v.Set("triage", "kan_starta_direkt")
	v.Set("proposer", "Kommundirektörsgruppen")
	v.Set("priority", "2")
	res = e.post(path, v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("triage without reason = %d, want 422: %.500s", res.Code, text(res.Body))
	}
	wantContains(t, "triage reason", res.Body, `href="#f-triage_reason"`)
	v.Set("triage_reason", "Ingår redan i gällande avtal")
	v.Set("of_principle", "1")
	if res := e.post(path, v); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %.500s", res.Code, text(res.Body))
	}
	got := e.collab(c.ID)
	if got.Proposer != "Kommundirektörsgruppen" || got.Priority != 2 || got.TriageReason == "" || !got.OfPrinciple {
		t.Errorf("stored %+v", got)
	}
	v.Set("version", strconv.Itoa(got.Version))
	v.Set("priority", "hög")
	if res := e.post(path, v); res.Code != http.StatusUnprocessableEntity || !strings.Contains(text(res.Body), `Ogiltig prioritet: "hög".`) {
		t.Errorf("bad priority = %d", res.Code)
	}
	page := text(e.get(fmt.Sprintf("/samverkan/%d", c.ID)).Body)
	wantContains(t, "page", page, "Kommundirektörsgruppen", "Medel", "Ingår redan i gällande avtal", "Avviker från förslaget")
}

func TestDecisionFormInvalid(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(idea("Gemensam löneadministration", samverkan.StatusDeciding, samverkan.FormJointCommittee, gislaved, gnosjo))
	path := fmt.Sprintf("/samverkan/%d/beslut/ny", c.ID)
	form := e.get(path + "?kommun=" + gnosjo + "&organ=kf&typ=intrade&dokument=reglemente")
	if form.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, form.Code)
	}
	wantContains(t, "form", form.Body, `<option value="0617" selected>Gnosjö</option>`, `<option value="0662">Gislaved</option>`,
		`<option value="kf" selected>`, `<option value="intrade" selected>`, `<option value="reglemente" selected>`, `<label for="d-date">`)
	if strings.Contains(form.Body, `value="`+vaggeryd+`"`) {
		t.Error("the municipality select offers a non-participant")
	}
	future := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	for _, tc := range []struct {
		name  string
		edit  func(v url.Values)
		want  string
		field string
	}{
		{"non-participant", func(v url.Values) { v.Set("municipality", jonkoping) }, `Kommunen "Jönköping" deltar inte i samverkan.`, "d-municipality"},
		{"taken decision in the future", func(v url.Values) { v.Set("date", future) }, "Ett fattat beslut kan inte vara daterat i framtiden.", "d-date"},
		{"taken decision without date", func(v url.Values) { v.Set("date", "") }, "Ett fattat beslut måste ha ett datum.", "d-date"},
		{"unknown outcome", func(v url.Values) { v.Set("outcome", "kanske") }, `Okänt utfall: "kanske".`, "d-outcome"},
		{"unknown body", func(v url.Values) { v.Set("body", "kyrkoråd") }, `Okänt beslutsorgan: "kyrkoråd".`, "d-body"},
		{"unknown kind", func(v url.Values) { v.Set("kind", "fest") }, `Okänd beslutstyp: "fest".`, "d-kind"},
		{"bad date", func(v url.Values) { v.Set("date", "igår") }, `Ogiltigt datum: "igår".`, "d-date"},
		{"bad url", func(v url.Values) { v.Set("url", "javascript:alert(1)") }, "Ogiltig webbadress", "d-url"},
	} {
		v := decisionForm(gislaved, "kf", samverkan.OutcomeApproved, "2024-03-01")
		tc.edit(v)
		res := e.post(path, v)
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s = %d, want 422: %.300s", tc.name, res.Code, text(res.Body))
			continue
		}
		wantContains(t, tc.name, text(res.Body), tc.want, "Uppgifterna behöver rättas")
		wantContains(t, tc.name, res.Body, `href="#`+tc.field+`"`, `id="`+tc.field+`-err"`)
		if !describedByError(res.Body, tc.field) {
			t.Errorf("%s: the control %s does not point at its error", tc.name, tc.field)
		}
	}
	if n := len(e.decisions(c.ID)); n != 0 {
		t.Errorf("%d decisions stored after bad input, want 0", n)
	}
	// Deleting: a stale version is refused, the current one deletes.
	if res := e.post(path, decisionForm(gislaved, "kf", samverkan.OutcomeRejected, "2024-03-01")); res.Code != http.StatusSeeOther {
		t.Fatalf("create = %d: %.300s", res.Code, text(res.Body))
	}
	d := e.decisions(c.ID)[0]
	del := fmt.Sprintf("/samverkan/%d/beslut/%d/ta-bort", c.ID, d.ID)
	if res := e.post(del, url.Values{"version": {"99"}}); res.Code != http.StatusConflict {
		t.Errorf("stale delete = %d, want 409", res.Code)
	}
	if res := e.post(del, url.Values{"version": {strconv.Itoa(d.Version)}}); res.Code != http.StatusSeeOther {
		t.Errorf("delete = %d", res.Code)
	}
	if n := len(e.decisions(c.ID)); n != 0 {
		t.Errorf("%d decisions after delete", n)
	}
	// A decision is reached only through its own collaboration.
	other := e.mustCreate(idea("Annan", samverkan.StatusIdea, samverkan.FormAgreement, gislaved, gnosjo))
	if res := e.post(path, decisionForm(gislaved, "kf", samverkan.OutcomeRejected, "2024-03-01")); res.Code != http.StatusSeeOther {
		t.Fatal(res.Code)
	}
	d = e.decisions(c.ID)[0]
	for _, p := range []string{fmt.Sprintf("/samverkan/%d/beslut/%d/redigera", other.ID, d.ID), fmt.Sprintf("/samverkan/%d/beslut/999/redigera", c.ID),
		fmt.Sprintf("/samverkan/%d/beslut/x/redigera", c.ID), "/samverkan/999999/beslut/ny"} {
		if res := e.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.Code)
		}
	}
}

func TestPendingDecisions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := e.mustCreate(idea("Gemensam överförmyndare", samverkan.StatusDeciding, samverkan.FormJointCommittee, gislaved, gnosjo, vaggeryd))
	b := e.mustCreate(idea("Gemensam e-arkivering", samverkan.StatusPreparation, samverkan.FormAgreement, gislaved, varnamo))
	outside := sqldbtest.Collaboration("Utanför nätverket", gislaved, jonkoping)
	outside.Status = samverkan.StatusDeciding
	e.mustCreate(outside)
	record := func(c *samverkan.Collaboration, code, body, outcome, date, name string, daysAgo int) {
		t.Helper()
		e.db.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -daysAgo) })
		defer e.db.SetClock(time.Now)
		d := &samverkan.Decision{CollaborationID: c.ID, Municipality: code, Body: body, BodyName: name,
			Outcome: outcome, Kind: samverkan.KindAdopt, Date: samverkan.LenientDate(date)}
		if err := e.db.CreateDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	record(a, gislaved, "kf", samverkan.OutcomePending, "", "", 30)
	record(a, gnosjo, "kf", samverkan.OutcomeApproved, "2024-01-10", "", 40)
	record(a, vaggeryd, "kf", samverkan.OutcomePending, "2099-06-01", "", 5)
	record(b, gislaved, "namnd", samverkan.OutcomePending, "", "Kultur- och fritidsnämnden", 12)
	record(b, varnamo, "namnd", samverkan.OutcomeReferred, "2024-02-01", "", 20)
	record(outside, gislaved, "kf", samverkan.OutcomePending, "", "", 3)

	res := e.get("/natverk/ggvv/beslut")
	if res.Code != http.StatusOK {
		t.Fatalf("network pending = %d: %.300s", res.Code, text(res.Body))
	}
	body := text(res.Body)
	// The three registered as pending; Värnamo's, which the path needs and
	// whose återremiss waits for a new decision; and every other step of
	// the paths that nobody registered (issue 11; how many depends on the
	// decision paths, tested in the root package).
	wantContains(t, "network pending", body, "Beslut som väntar – GGVV", "30 dagar", "12 dagar", "5 dagar",
		"Kultur- och fritidsnämnden", "2099-06-01", "Gislaved (", "Vaggeryd (", "Värnamo (",
		"Nytt beslut behövs (senast: Återremiss) 2024-02-01")
	for _, no := range []string{"40 dagar", "20 dagar", "3 dagar", "Utanför nätverket"} {
		if strings.Contains(body, no) {
			t.Errorf("network pending shows %q", no)
		}
	}
	// Oldest first within a municipality, municipalities by name.
	if i, j := strings.Index(body, "30 dagar"), strings.Index(body, "12 dagar"); i < 0 || j < i {
		t.Errorf("Gislaved's decisions are not oldest first")
	}
	if i, j := strings.Index(body, "Gislaved ("), strings.Index(body, "Vaggeryd ("); j < i {
		t.Errorf("municipalities are not sorted by name")
	}

	res = e.get("/kommun/" + gislaved + "/beslut")
	body = text(res.Body)
	// The agreement outside the network needs a nämnd's decision in
	// Gislaved; the pending kf decision covers it, since a higher body's
	// decision meets a lower body's step (issue 13), so nothing is
	// unregistered.
	wantContains(t, "municipality pending", body, "Beslut som väntar – Gislaved", "3 beslut väntar.", "30 dagar", "12 dagar", "3 dagar",
		"Utanför nätverket")
	if strings.Contains(body, "Ej registrerat") {
		t.Error("the pending kf decision does not cover the nämnd step")
	}
	if strings.Contains(body, "5 dagar") {
		t.Error("municipality pending shows another municipality's decision")
	}
	if res := e.get("/kommun/" + jonkoping + "/beslut"); !strings.Contains(text(res.Body), "Ej registrerat") {
		t.Error("Jönköping's unregistered decision is not listed")
	}
	if res := e.get("/kommun/" + jonkoping + "/beslut"); strings.Contains(text(res.Body), "Gemensam överförmyndare") {
		t.Error("Jönköping's list shows a collaboration it is not part of")
	}
	for _, p := range []string{"/kommun/9999/beslut", "/natverk/finns-inte/beslut"} {
		if res := e.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.Code)
		}
	}
	wantContains(t, "links", e.get("/natverk/ggvv").Body, `href="/natverk/ggvv/mojligheter"`, `href="/natverk/ggvv/beslut"`)
	wantContains(t, "links", e.get("/kommun/"+gislaved).Body, `href="/kommun/0662/beslut"`, `href="/kommun/0662/rapport-9-38"`)
}

func assessmentForm(c *samverkan.Collaboration) url.Values {
	return url.Values{
		"version": {"0"}, "legal_feasibility": {"mojlig_med_villkor"}, "legal_basis": {"KL 9 kap. 37 §"},
		"legal_conditions": {"Extern delegering kräver beslut i nämnden."}, "public_authority": {"1"},
		"special_acts": {""}, "procurement_basis": {"hamburg_3kap17"},
		"org.0.municipality": {gislaved}, "org.0.readiness": {"hog"}, "org.0.staffing": {"2 årsarbetare"}, "org.0.maturity": {"4"}, "org.0.note": {""},
		"org.1.municipality": {gnosjo}, "org.1.readiness": {""}, "org.1.staffing": {""}, "org.1.maturity": {""}, "org.1.note": {""},
		"organisation_summary": {"Gislaved blir värdkommun."},
		"one_off_cost":         {"1 000 000"}, "annual_cost": {"200 000 kr"}, "annual_saving": {"500000"}, "years": {"5"}, "discount_rate": {"3,5"},
		"effects.0.purpose": {"Minska sårbarheten"}, "effects.0.effect": {"stor_positiv"}, "effects.0.note": {"Två handläggare i stället för en."},
		"risks.0.category": {"kompetens"}, "risks.0.description": {"Svårt att rekrytera"}, "risks.0.likelihood": {"3"}, "risks.0.impact": {"4"}, "risks.0.mitigation": {"Gemensam annonsering"},
		"risks.1.category": {""}, "risks.1.description": {""}, "risks.1.likelihood": {""}, "risks.1.impact": {""}, "risks.1.mitigation": {""},
		"recommended_form": {samverkan.FormAgreement}, "recommendation": {"Gå vidare med avtalssamverkan."},
	}
}

func TestAssessment(t *testing.T) {
	e := newEnv(t)
	c := e.mustCreate(idea("Gemensam miljötillsyn", samverkan.StatusStudyOngoing, samverkan.FormAgreement, gislaved, gnosjo))
	path := fmt.Sprintf("/samverkan/%d/forstudie", c.ID)
	res := e.get(path)
	if res.Code != http.StatusOK {
		t.Fatalf("GET %s = %d: %.300s", path, res.Code, text(res.Body))
	}
	// One row per participant and per declared purpose of the network.
	wantContains(t, "empty form", res.Body, `name="org.0.municipality" value="0662"`, `name="org.1.municipality" value="0617"`,
		`name="effects.0.purpose" value="Minska sårbarheten"`, `name="risks.1.category"`, `<legend>Gislaved</legend>`)
	if strings.Contains(res.Body, `id="resultat"`) {
		t.Error("an unsaved pre-study shows results")
	}

	for _, tc := range []struct {
		name  string
		edit  func(v url.Values)
		want  string
		field string
	}{
		{"negative one-off cost", func(v url.Values) { v.Set("one_off_cost", "-5 000") }, "Beloppet kan inte vara negativt.", "a-one_off_cost"},
		{"negative annual cost", func(v url.Values) { v.Set("annual_cost", "−200 000") }, "Beloppet kan inte vara negativt.", "a-annual_cost"},
		{"bad amount", func(v url.Values) { v.Set("annual_saving", "mycket") }, `Ogiltigt belopp: "mycket".`, "a-annual_saving"},
		{"bad rate", func(v url.Values) { v.Set("discount_rate", "tre") }, `Ogiltigt tal: "tre".`, "a-discount_rate"},
		{"rate out of scale", func(v url.Values) { v.Set("discount_rate", "75") }, "Värdet måste ligga mellan 0 och 50.", "a-discount_rate"},
		{"bad maturity", func(v url.Values) { v.Set("org.0.maturity", "9") }, "Värdet måste ligga mellan 0 och 5.", "a-org-0-digital_maturity"},
		{"risk without likelihood", func(v url.Values) { v.Set("risks.0.likelihood", "") }, "Värdet måste ligga mellan 1 och 5.", "a-risks-0-likelihood"},
		{"second risk without category", func(v url.Values) { v.Set("risks.1.description", "Något") }, `Okänd riskkategori: "".`, "a-risks-1-category"},
		{"unknown feasibility", func(v url.Values) { v.Set("legal_feasibility", "kanske") }, `Okänd bedömning: "kanske".`, "a-legal_feasibility"},
	} {
		v := assessmentForm(c)
		tc.edit(v)
		res := e.post(path, v)
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s = %d, want 422: %.300s", tc.name, res.Code, text(res.Body))
			continue
		}
		wantContains(t, tc.name, text(res.Body), tc.want, "Uppgifterna behöver rättas")
		wantContains(t, tc.name, res.Body, `href="#`+tc.field+`"`, `id="`+tc.field+`-err"`)
	}
	if _, err := e.db.Assessment(context.Background(), c.ID); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		t.Fatalf("bad input stored a pre-study: %v", err)
	}

	res = e.post(path, assessmentForm(c))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %.500s", res.Code, text(res.Body))
	}
	loc, _, _ := strings.Cut(res.Header.Get("Location"), "#") // browsers keep the fragment to themselves
	res = e.get(loc)
	// 1 000 000 / (500 000 − 200 000) = 3,3 years; NPV over 5 years at 3,5 % = 354 516 kr.
	wantContains(t, "saved", text(res.Body), "Förstudien är sparad.", "Ekonomisk bedömning", "3,3 år", "354 516 kr", "300 000 kr",
		"över 5 år med 3,5 % kalkylränta")
	wantContains(t, "saved form", res.Body, `value="1000000"`, `value="3,5"`, `<option value="hog" selected>`, `value="Svårt att rekrytera"`,
		`name="risks.2.category"`)
	a, err := e.db.Assessment(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Organisation) != 1 || len(a.Risks) != 1 || len(a.Effects) != 1 || a.Economics.DiscountRate != 3.5 {
		t.Errorf("stored %+v", a)
	}

	// A saving of zero and a negative one never pay back.
	for _, saving := range []string{"0", "-50 000"} {
		v := assessmentForm(c)
		v.Set("version", strconv.Itoa(a.Version))
		v.Set("annual_saving", saving)
		if res := e.post(path, v); res.Code != http.StatusSeeOther {
			t.Fatalf("saving %s = %d: %.300s", saving, res.Code, text(res.Body))
		}
		a, _ = e.db.Assessment(context.Background(), c.ID)
		wantContains(t, "saving "+saving, text(e.get(path).Body), "Betalar sig aldrig")
	}
	wantContains(t, "negative NPV", text(e.get(path).Body), "−2 128 763 kr")
	// A stale version is refused.
	if res := e.post(path, assessmentForm(c)); res.Code != http.StatusConflict {
		t.Errorf("stale save = %d, want 409", res.Code)
	}
}

func TestBrief(t *testing.T) {
	e := newEnv(t)
	c := idea("Gemensam miljötillsyn", samverkan.StatusStudyDone, samverkan.FormAgreement, gislaved, gnosjo)
	c.Description = "Tillsyn enligt miljöbalken för båda kommunerna."
	c.Triage = "kraver_politiskt_beslut"
	c = e.mustCreate(c)
	path := fmt.Sprintf("/samverkan/%d/beslutsunderlag", c.ID)
	res := e.get(path)
	if res.Code != http.StatusOK {
		t.Fatalf("GET %s = %d: %.300s", path, res.Code, text(res.Body))
	}
	wantContains(t, "brief without study", text(res.Body), "Beslutsunderlag", "Gemensam miljötillsyn", "Ingen förstudie är registrerad.",
		"Beslutsväg", "Nämnd", "Saknas")
	if res := e.post(fmt.Sprintf("/samverkan/%d/forstudie", c.ID), assessmentForm(c)); res.Code != http.StatusSeeOther {
		t.Fatalf("save = %d: %.300s", res.Code, text(res.Body))
	}
	res = e.get(path)
	wantContains(t, "brief", text(res.Body), "Sammanfattning", "Tillsyn enligt miljöbalken", "Deltagare", "Gislaved", "Gnosjö",
		"Möjlig med villkor", "Samarbetsavtal, LOU 3 kap. 17–18 §§", "Hög", "2 årsarbetare",
		"1 000 000 kr", "200 000 kr", "500 000 kr", "3,3 år", "354 516 kr", "Minska sårbarheten", "Stor positiv effekt",
		"Kompetens och bemanning", "Gemensam annonsering", "Rekommenderad samverkansform", "Avtalssamverkan", "Gå vidare med avtalssamverkan.",
		"KL 9 kap. 37 §")
	wantContains(t, "brief html", res.Body, `class="doc"`, `class="page-break"`, `<caption id="b-t1">`)
	if n := strings.Count(res.Body, "<h1"); n != 1 {
		t.Errorf("brief has %d h1", n)
	}
	if res := e.get("/samverkan/999999/beslutsunderlag"); res.Code != http.StatusNotFound {
		t.Errorf("unknown = %d", res.Code)
	}
}

func TestReport938(t *testing.T) {
	e := newEnv(t)
	mk := func(title, form, status, start, end string, codes ...string) *samverkan.Collaboration {
		c := sqldbtest.Collaboration(title, codes...)
		c.LegalForm, c.Status = form, status
		c.Start, c.End = samverkan.LenientDate(start), samverkan.LenientDate(end)
		return e.mustCreate(c)
	}
	a := sqldbtest.Collaboration("Alkohol- och tobakstillsyn", gislaved, gnosjo, vaggeryd)
	a.LegalForm, a.Status, a.Start = samverkan.FormAgreement, samverkan.StatusRunning, samverkan.MustDate("2020-01-01")
	a.Areas = []string{"X-IT"}
	cost := int64(450000)
	a.AnnualCost, a.CostKey = &cost, "invanare"
	notice := 12
	a.Documents = []samverkan.Document{{Type: "avtal", Title: "Avtal om tillsyn", Adopted: samverkan.MustDate("2019-11-20"), URL: "https://example.org/avtal.pdf",
		ValidFrom: samverkan.MustDate("2020-01-01"), ValidTo: samverkan.MustDate("2025-12-31"), NoticeMonths: &notice, Renewal: "förlängs två år i taget"}}
	a.ExternalDelegation = true
	a.Participants = append(a.Participants, samverkan.Participant{Party: "Region Jönköpings län", PartyKind: "region", Role: samverkan.RoleObserver})
	e.mustCreate(a)
	mk("Upphandlingssamverkan", samverkan.FormAgreementSpecial, samverkan.StatusEnded, "2019-01-01", "2024-06-30", gislaved, varnamo)
	mk("Gemensam nämnd", samverkan.FormJointCommittee, samverkan.StatusRunning, "2020-01-01", "", gislaved, gnosjo)
	mk("Idé om avtal", samverkan.FormAgreement, samverkan.StatusIdea, "", "", gislaved, gnosjo)
	mk("Avtal utan Gislaved", samverkan.FormAgreement, samverkan.StatusRunning, "2020-01-01", "", gnosjo, vaggeryd)
	mk("Avtal som slutade 2023", samverkan.FormAgreement, samverkan.StatusEnded, "2018-07-01", "2023-12-31", gislaved, gnosjo)
	left := sqldbtest.Collaboration("Avtal som Gislaved lämnade", gislaved, gnosjo)
	left.Status, left.Start = samverkan.StatusRunning, samverkan.MustDate("2019-01-01")
	left.Participants[0].Left = samverkan.MustDate("2023-06-30")
	left.Host = gnosjo
	e.mustCreate(left)

	res := e.get("/kommun/" + gislaved + "/rapport-9-38?ar=2024")
	if res.Code != http.StatusOK {
		t.Fatalf("report = %d: %.300s", res.Code, text(res.Body))
	}
	body := text(res.Body)
	// Issue 11: the legal name; issue 13: role, term, notice and renewal,
	// external delegation, the municipality's own share of the cost.
	wantContains(t, "report 2024", body, "Gislaveds kommun – Kommunstyrelsen", "rapport för Gislaveds kommun avseende år 2024",
		"Rapport om kommunens avtalssamverkan 2024", "9 kap. 38 § kommunallagen", "kommunstyrelsen",
		"kommunfullmäktige", "Kommunen deltog i 2 avtalssamverkan under 2024.", "Alkohol- och tobakstillsyn",
		"Gnosjö kommun, Vaggeryds kommun, Region Jönköpings län", "Avtal om tillsyn (2019-11-20)", "Hela samverkan: 450 000 kr, Efter invånarantal",
		"Utförare", "2020-01-01 – 2025-12-31", "12 månaders uppsägningstid", "förlängs två år i taget", "Ja",
		"249 923 kr", "55,54", "Ingen registrerad",
		"Upphandlingssamverkan", "avslutad 2024-06-30", "Samverkans kostnad är inte angiven")
	if strings.Contains(body, "0 kr") && !strings.Contains(body, "450 000 kr") {
		t.Errorf("the report shows 0 kr")
	}
	for _, no := range []string{"Gemensam nämnd", "Idé om avtal", "Avtal utan Gislaved", "Avtal som slutade 2023", "Avtal som Gislaved lämnade"} {
		if strings.Contains(body, no) {
			t.Errorf("the 2024 report lists %q", no)
		}
	}
	wantContains(t, "report html", res.Body, `<option value="2024" selected>`, `<caption id="report-caption">`, `href="https://example.org/avtal.pdf"`)

	body = text(e.get("/kommun/" + gislaved + "/rapport-9-38?ar=2023").Body)
	wantContains(t, "report 2023", body, "Kommunen deltog i 4 avtalssamverkan under 2023.", "Avtal som slutade 2023", "Avtal som Gislaved lämnade",
		"Beställare")

	// The default is last year; a bad year falls back to it.
	last := strconv.Itoa(time.Now().Year() - 1)
	for _, q := range []string{"", "?ar=abc", "?ar=1999", "?ar=3000"} {
		res := e.get("/kommun/" + gislaved + "/rapport-9-38" + q)
		if res.Code != http.StatusOK || !regexp.MustCompile(`<option value="`+last+`" selected>`).MatchString(res.Body) {
			t.Errorf("rapport-9-38%s does not default to %s", q, last)
		}
	}
	if res := e.get("/kommun/" + varnamo + "/rapport-9-38?ar=2025"); !strings.Contains(text(res.Body), "Värnamo kommun deltog inte i någon registrerad avtalssamverkan under 2025.") {
		t.Errorf("empty report: %.300s", text(res.Body))
	}
	if res := e.get("/kommun/9999/rapport-9-38"); res.Code != http.StatusNotFound {
		t.Errorf("unknown municipality = %d", res.Code)
	}
}
