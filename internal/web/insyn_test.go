package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// newDemoEnv returns the handler over the demo data.
func newDemoEnv(t *testing.T) *env {
	t.Helper()
	db := sqldbtest.New(t)
	if err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	cat := refdata.MustCatalog()
	h, err := web.New(web.Options{Store: db, Catalog: cat, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, h: asUser(h, testAdmin), cat: cat}
}

type insynHome struct {
	Networks []struct {
		Slug, URL, Description            string
		Members, Running, Pipeline, Ended int
		Total                             int   `json:"collaborations"`
		Cost                              int64 `json:"annual_cost_running"`
	} `json:"networks"`
	Totals map[string]int64 `json:"totals"`
}

var insynLinkRE = regexp.MustCompile(`href="(/insyn[^"]*)"`)

// crawlInsyn fetches every /insyn page reachable from /insyn, with their
// JSON variants, and returns the bodies by path.
func (e *env) crawlInsyn() map[string]string {
	e.t.Helper()
	seen := map[string]string{}
	queue := []string{"/insyn", "/insyn.json"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if _, ok := seen[p]; ok {
			continue
		}
		res := e.get(p)
		if res.Code != http.StatusOK {
			e.t.Errorf("GET %s = %d", p, res.Code)
			continue
		}
		seen[p] = res.Body
		for _, m := range insynLinkRE.FindAllStringSubmatch(res.Body, -1) {
			link := html.UnescapeString(m[1])
			queue = append(queue, link)
			if !strings.HasSuffix(link, ".json") {
				queue = append(queue, link+".json")
			}
		}
	}
	return seen
}

func TestInsynHidesPersonalDataAndNonPublicRecords(t *testing.T) {
	e := newDemoEnv(t)
	ctx := context.Background()
	before := decodeHome(t, e.get("/insyn.json").Body)

	// Personal data on public records, and records that are not public.
	all, _, err := e.db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "ggvv", Limit: samverkan.MaxLimit})
	if err != nil || len(all) == 0 {
		t.Fatalf("demo ggvv: %d, %v", len(all), err)
	}
	pub := all[0]
	pub.Contacts = append(pub.Contacts,
		samverkan.Contact{Function: "IT-strateg", Name: "Anna Personsson", Email: "anna.personsson@example.se", Phone: "070-123 45 67"},
		samverkan.Contact{Function: "Nämndsekreterare", Name: "Bertil Hemligsson", Email: "bertil@kommun.example", Phone: "0370-99 88 77"})
	if err := e.db.UpdateCollaboration(ctx, pub); err != nil {
		t.Fatal(err)
	}
	hidden := sqldbtest.Collaboration("Hemlig samverkan QX17", gislaved, gnosjo)
	hidden.Networks = []string{"ggvv"}
	hidden.Public = false
	cost := int64(987654321)
	hidden.AnnualCost = &cost
	e.mustCreate(hidden)
	hiddenNet := sqldbtest.Network("dolt-natverk", gislaved, gnosjo)
	hiddenNet.Name = "Dolt nätverk ZW42"
	hiddenNet.Public = false
	sqldbtest.MustCreateNetwork(t, e.db, hiddenNet)
	inHidden := sqldbtest.Collaboration("Samverkan i dolt nätverk YV33", gislaved, gnosjo)
	inHidden.Networks = []string{"dolt-natverk"}
	inHidden.Public = true
	e.mustCreate(inHidden)

	// Every personal detail of every contact in the store is forbidden.
	forbidden := []string{"Hemlig samverkan QX17", "987654321", "987 654 321", "Dolt nätverk ZW42", "dolt-natverk"}
	everything, _, err := e.db.FindCollaborations(ctx, samverkan.CollaborationFilter{Limit: samverkan.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range everything {
		for _, ct := range c.Contacts {
			for _, v := range []string{ct.Name, ct.Email, ct.Phone} {
				if v != "" {
					forbidden = append(forbidden, v)
				}
			}
		}
	}
	if len(forbidden) < 11 {
		t.Fatalf("forbidden = %v", forbidden)
	}

	pages := e.crawlInsyn()
	t.Logf("crawled %d pages", len(pages))
	if len(pages) < 10 {
		t.Fatalf("crawled only %d pages: %v", len(pages), keys(pages))
	}
	sawCollab, sawContactFn := false, false
	for p, body := range pages {
		plain := html.UnescapeString(body)
		for _, f := range forbidden {
			if strings.Contains(body, f) || strings.Contains(plain, f) {
				t.Errorf("%s shows %q", p, f)
			}
		}
		for _, f := range []string{"audit", "before_json", "Ändringshistorik", "/historik", "redigera"} {
			if strings.Contains(body, f) {
				t.Errorf("%s mentions %q", p, f)
			}
		}
		if strings.HasPrefix(p, "/insyn/samverkan/") {
			sawCollab = true
		}
		if strings.Contains(plain, "IT-strateg") {
			sawContactFn = true
		}
	}
	if !sawCollab || !sawContactFn {
		t.Errorf("crawl saw a collaboration page %v, a contact function %v", sawCollab, sawContactFn)
	}

	// Not public: 404, in HTML and JSON, and not in any count or sum.
	for _, p := range []string{fmt.Sprintf("/insyn/samverkan/%d", hidden.ID), fmt.Sprintf("/insyn/samverkan/%d.json", hidden.ID),
		"/insyn/natverk/dolt-natverk", "/insyn/natverk/dolt-natverk.json", "/insyn/natverk/finns-inte", "/insyn/samverkan/999999",
		"/insyn/samverkan/abc", "/insyn/samverkan/0.json"} {
		res := e.get(p)
		if res.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.Code)
		}
		if strings.Contains(res.Body, "QX17") || strings.Contains(res.Body, "ZW42") {
			t.Errorf("GET %s names the hidden record", p)
		}
	}
	after := decodeHome(t, e.get("/insyn.json").Body)
	if fmt.Sprint(after.Totals) != fmt.Sprint(before.Totals) || len(after.Networks) != len(before.Networks) {
		t.Errorf("totals changed by non-public records: %v → %v", before.Totals, after.Totals)
	}
	// The store's aggregate queries and counting from the records agree.
	plain, err := web.New(web.Options{Store: struct{ samverkan.Store }{e.db}, Catalog: e.cat})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	plain.ServeHTTP(rec, httptest.NewRequest("GET", "/insyn.json", nil))
	if counted := decodeHome(t, rec.Body.String()); fmt.Sprint(counted) != fmt.Sprint(after) {
		t.Errorf("counted from records %+v, aggregated %+v", counted, after)
	}
	if before.Totals["networks"] != int64(len(demo.Slugs)) || before.Totals["collaborations"] == 0 {
		t.Errorf("totals = %v", before.Totals)
	}
	// A public collaboration outside any public network is reachable by
	// its own address, and names no hidden network.
	res := e.get(fmt.Sprintf("/insyn/samverkan/%d", inHidden.ID))
	if res.Code != http.StatusOK || strings.Contains(res.Body, "ZW42") {
		t.Errorf("public record in a hidden network: %d", res.Code)
	}
}

func decodeHome(t *testing.T, body string) insynHome {
	t.Helper()
	var h insynHome
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatalf("decode /insyn.json: %v: %s", err, body)
	}
	return h
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestInsynPagesAndCostShares(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	n, err := e.db.NetworkBySlug(ctx, "ggvv")
	if err != nil {
		t.Fatal(err)
	}
	n.Public = true
	if err := e.db.UpdateNetwork(ctx, n); err != nil {
		t.Fatal(err)
	}
	mk := func(title, key string, cost int64) *samverkan.Collaboration {
		c := sqldbtest.Collaboration(title, gislaved, gnosjo, vaggeryd, varnamo)
		c.Networks = []string{"ggvv"}
		c.CostKey = key
		c.AnnualCost = &cost
		c.Participants[3].Left = samverkan.MustDate("2020-01-01") // Värnamo has left: pays nothing
		c.Areas = []string{"X-IT"}
		c.Documents = []samverkan.Document{{Type: "avtal", Title: "Samverkansavtal IT", AdoptedBy: "kf", AdoptedIn: gislaved,
			Adopted: samverkan.MustDate("2019-03-04"), Paragraph: "§ 42"}}
		return e.mustCreate(c)
	}
	pop := mk("Befolkningsdelad IT", "invanare", 1000000)
	eq := mk("Lika delad växel", "lika_delar", 900000)
	agr := mk("Avtalad drift", "nyttjande", 500000)
	xss := mk(`<script>alert("insyn")</script>`, "", 1)
	d := &samverkan.Decision{CollaborationID: pop.ID, Municipality: gnosjo, Body: "kf", BodyName: "Kommunfullmäktige i Gnosjö",
		Date: samverkan.MustDate("2019-02-11"), Paragraph: "§ 17", Outcome: samverkan.OutcomeApproved, Kind: samverkan.KindJoin}
	if err := e.db.CreateDecision(ctx, d); err != nil {
		t.Fatal(err)
	}

	res := e.get("/insyn")
	if res.Code != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=60" || res.Header.Get("ETag") == "" {
		t.Fatalf("/insyn = %d, headers %v", res.Code, res.Header)
	}
	wantContains(t, "/insyn", text(res.Body), "Offentlig insyn", "GGVV", "2 400 001 kr")
	if strings.Contains(res.Body, "<script") {
		t.Errorf("/insyn has script")
	}

	res = e.get("/insyn/natverk/ggvv")
	txt := text(res.Body)
	wantContains(t, "network", txt, "Befolkningsdelad IT", "Lika delad växel", "Avtalad drift", "300 000 kr", "enligt avtal", "Gislaved, Gnosjö, Vaggeryd, Värnamo")
	wantContains(t, "network", res.Body, "&lt;script&gt;")
	if strings.Contains(res.Body, "<script>") {
		t.Errorf("network page shows markup unescaped")
	}

	// Population key: shares by the catalogue's population, Värnamo (left) excluded.
	var v struct {
		Title        string `json:"title"`
		CostSharing  string `json:"cost_sharing"`
		Participants []struct {
			Code   string   `json:"code"`
			Share  *float64 `json:"cost_share_percent"`
			Amount *int64   `json:"cost_share_amount"`
		} `json:"participants"`
		Documents []struct {
			Paragraph string `json:"paragraph"`
		} `json:"documents"`
		Decisions []struct {
			Paragraph string                 `json:"paragraph"`
			Outcome   struct{ Code string }  `json:"outcome"`
			Body      struct{ Label string } `json:"body"`
		} `json:"decisions"`
	}
	for _, p := range []string{fmt.Sprintf("/insyn/samverkan/%d.json", pop.ID), fmt.Sprintf("/insyn/samverkan/%d?format=json", pop.ID)} {
		res = e.get(p)
		if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("GET %s = %d %s", p, res.Code, res.Header.Get("Content-Type"))
		}
	}
	if err := json.Unmarshal([]byte(res.Body), &v); err != nil {
		t.Fatal(err)
	}
	var sum int64
	var pct float64
	g, _ := e.cat.Municipality(gislaved)
	gn, _ := e.cat.Municipality(gnosjo)
	va, _ := e.cat.Municipality(vaggeryd)
	for _, p := range v.Participants {
		if p.Code == varnamo {
			if p.Share != nil {
				t.Errorf("Värnamo has left but pays %v", *p.Share)
			}
			continue
		}
		if p.Amount == nil || p.Share == nil {
			t.Fatalf("no share for %s", p.Code)
		}
		sum += *p.Amount
		pct += *p.Share
		if p.Code == gislaved {
			exact := float64(1000000) * float64(g.Population) / float64(g.Population+gn.Population+va.Population)
			if d := float64(*p.Amount) - exact; d <= -1 || d >= 1 {
				t.Errorf("Gislaved pays %d, exact %.2f", *p.Amount, exact)
			}
		}
	}
	// The amounts add up to the total exactly and the shares to 100 %.
	if v.CostSharing != "population" || sum != 1000000 || math.Round(pct*100) != 10000 {
		t.Errorf("population shares: %s, sum %d, %.1f %%", v.CostSharing, sum, pct)
	}
	if len(v.Documents) != 1 || v.Documents[0].Paragraph != "§ 42" || len(v.Decisions) != 1 || v.Decisions[0].Paragraph != "§ 17" ||
		v.Decisions[0].Outcome.Code != samverkan.OutcomeApproved {
		t.Errorf("documents %+v, decisions %+v", v.Documents, v.Decisions)
	}

	res = e.get(fmt.Sprintf("/insyn/samverkan/%d", pop.ID))
	txt = text(res.Body)
	wantContains(t, "collaboration page", txt, "Befolkningsdelad IT", "Avtalssamverkan", "Rättslig grund", "Samverkansavtal IT",
		"Kommunfullmäktige", "§ 42", "2019-03-04", "Kommunfullmäktige i Gnosjö", "§ 17", "Bifall", "Fördelat efter invånarantal", "1 000 000 kr")
	if strings.Contains(res.Body, "<script") {
		t.Errorf("insyn page has a script")
	}
	if len(res.Body) > 30000 {
		t.Errorf("collaboration page is %d bytes", len(res.Body))
	}

	res = e.get(fmt.Sprintf("/insyn/samverkan/%d", eq.ID))
	// 900 000 kr in three: 33,34 + 33,33 + 33,33 = 100,00 %, never 100,1 %.
	wantContains(t, "equal", text(res.Body), "Fördelat i lika delar", "300 000 kr", "33,34\u00a0%", "33,33\u00a0%")
	res = e.get(fmt.Sprintf("/insyn/samverkan/%d", agr.ID))
	wantContains(t, "agreement", text(res.Body), "Kostnaden fördelas enligt avtal", "enligt avtal")
	res = e.get(fmt.Sprintf("/insyn/samverkan/%d", xss.ID))
	if strings.Contains(res.Body, "<script>") || !strings.Contains(res.Body, "&lt;script&gt;") {
		t.Errorf("title not escaped on the collaboration page")
	}
	res = e.get(fmt.Sprintf("/insyn/samverkan/%d.json", xss.ID))
	if strings.Contains(res.Body, "<script>") {
		t.Errorf("JSON carries raw markup")
	}

	// English.
	res = e.get("/insyn", &http.Cookie{Name: "lang", Value: "en"})
	wantContains(t, "english", text(res.Body), "Public view", "SEK 2,400,001")
}

func TestInsynETag(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	n, _ := e.db.NetworkBySlug(ctx, "ggvv")
	n.Public = true
	if err := e.db.UpdateNetwork(ctx, n); err != nil {
		t.Fatal(err)
	}
	c := sqldbtest.Collaboration("Gemensam löneadministration", gislaved, gnosjo)
	c.Networks = []string{"ggvv"}
	e.mustCreate(c)
	for _, p := range []string{"/insyn", "/insyn.json", "/insyn/natverk/ggvv", "/insyn/natverk/ggvv.json", fmt.Sprintf("/insyn/samverkan/%d", c.ID)} {
		res := e.get(p)
		tag := res.Header.Get("ETag")
		if res.Code != http.StatusOK || tag == "" || res.Header.Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("GET %s = %d, ETag %q, Cache-Control %q", p, res.Code, tag, res.Header.Get("Cache-Control"))
		}
		req := func(inm string, cookies ...*http.Cookie) response {
			r, _ := http.NewRequest("GET", p, nil)
			r.Header.Set("If-None-Match", inm)
			return e.do(r, cookies...)
		}
		if res := req(tag); res.Code != http.StatusNotModified || res.Body != "" || res.Header.Get("ETag") != tag {
			t.Errorf("%s If-None-Match = %d", p, res.Code)
		}
		if res := req(`"other", W/` + tag); res.Code != http.StatusNotModified {
			t.Errorf("%s weak If-None-Match in a list = %d", p, res.Code)
		}
		// Another language is another representation.
		if res := req(tag, &http.Cookie{Name: "lang", Value: "en"}); res.Code != http.StatusOK {
			t.Errorf("%s in English with the Swedish ETag = %d", p, res.Code)
		}
	}
	res := e.get("/insyn")
	tag := res.Header.Get("ETag")
	if tag == e.get("/insyn.json").Header.Get("ETag") {
		t.Errorf("HTML and JSON share an ETag")
	}
	// Any write changes it.
	c2 := sqldbtest.Collaboration("Gemensam e-arkiv", gislaved, gnosjo)
	c2.Networks = []string{"ggvv"}
	e.mustCreate(c2)
	r, _ := http.NewRequest("GET", "/insyn", nil)
	r.Header.Set("If-None-Match", tag)
	res = e.do(r)
	if res.Code != http.StatusOK || res.Header.Get("ETag") == tag {
		t.Errorf("after a write: %d, ETag %q (was %q)", res.Code, res.Header.Get("ETag"), tag)
	}
}

// TestInsynNetworkPages: the public network page shows its collaborations
// a page at a time, with the same figures on every page (the kept key
// figures) as the JSON counts over all of them; the JSON keeps every
// public collaboration; a page has its own ETag.
func TestInsynNetworkPages(t *testing.T) {
	const pageSize = 50 // the web package's page size
	e := newEnv(t)
	ctx := context.Background()
	n, _ := e.db.NetworkBySlug(ctx, "ggvv")
	n.Public = true
	if err := e.db.UpdateNetwork(ctx, n); err != nil {
		t.Fatal(err)
	}
	for i := range pageSize + 1 {
		c := sqldbtest.Collaboration(fmt.Sprintf("Offentlig samverkan %03d", i), gislaved, gnosjo)
		c.Networks, c.Public = []string{"ggvv"}, true
		cost := int64(1000)
		c.AnnualCost = &cost
		e.mustCreate(c)
	}
	hidden := sqldbtest.Collaboration("Dold samverkan", gislaved, gnosjo)
	hidden.Networks, hidden.Public = []string{"ggvv"}, false
	e.mustCreate(hidden)

	var all struct {
		Running        int `json:"running"`
		Collaborations []struct {
			Title string `json:"title"`
		} `json:"collaborations"`
	}
	res := e.get("/insyn/natverk/ggvv.json")
	if err := json.Unmarshal([]byte(res.Body), &all); err != nil {
		t.Fatal(err)
	}
	if len(all.Collaborations) != pageSize+1 || all.Running != pageSize+1 {
		t.Fatalf("JSON: %d collaborations, %d running, want %d", len(all.Collaborations), all.Running, pageSize+1)
	}
	p1, p2 := e.get("/insyn/natverk/ggvv"), e.get("/insyn/natverk/ggvv?page=2")
	if p1.Code != http.StatusOK || p2.Code != http.StatusOK {
		t.Fatalf("pages: %d, %d", p1.Code, p2.Code)
	}
	if got := strings.Count(p1.Body, `href="/insyn/samverkan/`); got != pageSize {
		t.Errorf("page 1 links %d collaborations, want %d", got, pageSize)
	}
	if got := strings.Count(p2.Body, `href="/insyn/samverkan/`); got != 1 {
		t.Errorf("page 2 links %d collaborations, want 1", got)
	}
	wantContains(t, "page 1", p1.Body, `href="/insyn/natverk/ggvv?page=2"`, "Offentlig samverkan 000")
	wantContains(t, "page 2", p2.Body, "Offentlig samverkan 050")
	if strings.Contains(p1.Body+p2.Body, "Dold samverkan") {
		t.Errorf("a non-public collaboration on the public network page")
	}
	// The figures are the network's, not the page's.
	for name, res := range map[string]response{"page 1": p1, "page 2": p2} {
		wantContains(t, name, text(res.Body), "51 000 kr")
	}
	if p1.Header.Get("ETag") == p2.Header.Get("ETag") {
		t.Errorf("pages 1 and 2 share an ETag")
	}
}
