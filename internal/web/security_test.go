package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// Payloads of acceptance 3.
const (
	xssScript = `<script>alert(1)</script>`
	xssAttr   = `"><img src=x onerror=alert(1)>`
	xss       = xssScript + " " + xssAttr
)

// TestEveryTextFieldEscaped fills every text field of a network, a
// collaboration, its documents, contacts, sources, parties, decisions and
// pre-study with script and HTML payloads, changes it once (so the history
// has both sides), and checks that no page shows them unescaped.
func TestEveryTextFieldEscaped(t *testing.T) {
	e := newEnv(t)
	ctx := samverkan.WithActor(context.Background(), xss)
	n := sqldbtest.Network("xss", gislaved, gnosjo, vaggeryd, varnamo)
	n.Name, n.Description, n.Coordinator, n.Source = "XSS "+xss, xss, xss, xss
	n.Public = true
	n.Declaration = samverkan.Declaration{Adopted: samverkan.MustDate("2020-05-07"),
		Purposes: []samverkan.Purpose{{Text: xss, Dimension: "sarbarhet"}}}
	sqldbtest.MustCreateNetwork(t, e.db, n)

	c := sqldbtest.Collaboration("XSS "+xss, gislaved, gnosjo)
	c.Networks = []string{"xss"}
	c.Status = samverkan.StatusDeciding
	c.LegalForm = samverkan.FormJointCommittee
	c.Description, c.TriageReason, c.Proposer = xss, xss, xss
	c.PublicAuthorityBasis, c.SpecialActs, c.CostKeyNote, c.RepresentationKey = xss, xss, xss, xss
	c.CostKey = samverkan.CostKeys[len(samverkan.CostKeys)-1].Code
	c.Participants = append(c.Participants, samverkan.Participant{Party: xss, PartyKind: "region", Role: samverkan.RoleObserver})
	c.Documents = []samverkan.Document{{Type: "samverkansavtal", Title: xss, Paragraph: xssScript, Renewal: xss}}
	c.Contacts = []samverkan.Contact{{Function: xss, Name: xss, Phone: xss}}
	c.Sources = []samverkan.Source{{Text: xss}}
	if err := e.db.CreateCollaboration(ctx, c); err != nil {
		t.Fatalf("create: %v", err)
	}
	d := &samverkan.Decision{CollaborationID: c.ID, Municipality: gislaved, Body: "kf", BodyName: xss, Paragraph: xssScript,
		Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomePending, Note: xss}
	if err := e.db.CreateDecision(ctx, d); err != nil {
		t.Fatalf("decision: %v", err)
	}
	as := &samverkan.Assessment{CollaborationID: c.ID, LegalBasis: xss, LegalConditions: xss, SpecialActs: xss,
		OrganisationSummary: xss, Recommendation: xss,
		Organisation: []samverkan.OrgReadiness{{Municipality: gislaved, Staffing: xss, Note: xss}},
		Effects:      []samverkan.PurposeEffect{{Purpose: xss, Effect: samverkan.Effects[0].Code, Note: xss}},
		Risks:        []samverkan.Risk{{Category: samverkan.RiskCategories[0].Code, Description: xss, Mitigation: xss, Likelihood: 2, Impact: 3}}}
	if err := e.db.SaveAssessment(ctx, as); err != nil {
		t.Fatalf("assessment: %v", err)
	}
	cur, _ := e.db.CollaborationByID(ctx, c.ID)
	cur.Title = "XSS ändrad " + xss
	cur.Description = xss + " ändrad"
	if err := e.db.UpdateCollaboration(ctx, cur); err != nil {
		t.Fatalf("update: %v", err)
	}

	id := fmt.Sprint(c.ID)
	pages := []string{"/", "/natverk/xss", "/natverk/xss/mojligheter", "/natverk/xss/beslut",
		"/samverkan/" + id, "/samverkan/" + id + "/redigera", "/samverkan/" + id + "/historik",
		"/samverkan/" + id + "/beslutsunderlag", "/samverkan/" + id + "/forstudie", "/samverkan/" + id + "/ta-bort",
		"/samverkan/" + id + "/beslut/ny", fmt.Sprintf("/samverkan/%s/beslut/%d/redigera", id, d.ID),
		"/kommun/" + gislaved, "/kommun/" + gislaved + "/beslut", "/kommun/" + gislaved + "/rapport-9-38",
		"/sok?q=XSS", "/sok?q=" + url.QueryEscape(xss), "/natverk/xss?q=" + url.QueryEscape(xss),
		"/insyn", "/insyn/natverk/xss", "/insyn/samverkan/" + id, "/insyn.json", "/insyn/natverk/xss.json",
		"/insyn/samverkan/" + id + ".json", "/natverk/xss/export.json"}
	for _, p := range pages {
		res := e.get(p)
		if res.Code != http.StatusOK {
			t.Errorf("GET %s = %d", p, res.Code)
			continue
		}
		if strings.Contains(res.Body, "<script>alert") || strings.Contains(res.Body, "<img src=x") {
			t.Errorf("GET %s shows a payload unescaped", p)
		}
	}
	// The payload is there, escaped, where the record is shown.
	wantContains(t, "collaboration", e.get("/samverkan/"+id).Body, "&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;")
	wantContains(t, "history", text(e.get("/samverkan/"+id+"/historik").Body), "XSS ändrad "+xss)
}

// TestFilterMetacharacters sends SQL and LIKE metacharacters in every
// filter of the lists and the search: no 500, and the data are intact.
func TestFilterMetacharacters(t *testing.T) {
	e := newEnv(t)
	e.mustCreate(sqldbtest.Collaboration("IT-drift 100%_klar", gislaved, gnosjo))
	before := e.count()
	payloads := []string{`' OR 1=1 --`, `%`, `_`, `\`, `"; DROP TABLE collaborations; --`, `%' OR '1'='1`, "\x00"}
	lists := []string{"/sok", "/natverk/ggvv", "/natverk/ggvv/mojligheter", "/kommun/" + gislaved, "/kommun", "/natverk/ggvv/beslut", "/kommun/" + gislaved + "/beslut"}
	params := []string{"q", "omrade", "status", "form", "kommun", "fas", "sort", "sida", "offentlig", "natverk", "ar", "lan", "prioritet", "beslut"}
	for _, l := range lists {
		for _, p := range params {
			for _, v := range payloads {
				path := l + "?" + url.Values{p: {v}}.Encode()
				if res := e.get(path); res.Code >= 500 {
					t.Errorf("GET %s = %d", path, res.Code)
				}
			}
		}
	}
	for _, v := range payloads[:5] {
		path := "/kommun/" + url.PathEscape(v)
		if res := e.get(path); res.Code >= 500 {
			t.Errorf("GET %s = %d", path, res.Code)
		}
	}
	// LIKE wildcards match themselves, not everything.
	if res := e.get("/sok?q=" + url.QueryEscape("100%_klar")); !strings.Contains(res.Body, "IT-drift 100%_klar") {
		t.Error("a search with % and _ does not find the record")
	}
	if res := e.get("/sok?q=" + url.QueryEscape("' OR 1=1 --")); strings.Contains(res.Body, "IT-drift 100%_klar") {
		t.Error("an injected OR matches everything")
	}
	if e.count() != before {
		t.Errorf("collaborations %d → %d", before, e.count())
	}
	if _, err := e.db.NetworkBySlug(context.Background(), "ggvv"); err != nil {
		t.Errorf("the network is gone: %v", err)
	}
}
