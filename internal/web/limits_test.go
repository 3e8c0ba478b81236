package web_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestFormRefusesBadInput: control characters, bad UTF-8, out-of-range
// amounts and dates and bad e-mail addresses come back as field errors
// (422), not dropped silently (the form used to strip control characters)
// nor stored.
func TestFormRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(v url.Values)
		want  string // in the page text
		field string // id of the input marked invalid
	}{
		{"NUL in the title", func(v url.Values) { v.Set("title", "Gemensam\x00överförmyndare") }, "styrtecken (U+0000, tecken nr 9)", "f-title"},
		{"ESC in the description", func(v url.Values) { v.Set("description", "Text\x1b[31m") }, "styrtecken (U+001B, tecken nr 5)", "f-description"},
		{"bad UTF-8 in the title", func(v url.Values) { v.Set("title", "Gemensam \xff") }, "inte är giltig UTF-8", "f-title"},
		{"NUL in a phone number", func(v url.Values) { v.Set("contacts.0.phone", "0\x00") }, "styrtecken (U+0000, tecken nr 2)", "f-contacts-0-phone"},
		{"mailto parameters", func(v url.Values) { v.Set("contacts.0.email", "x@kommun.se?bcc=chef@kommun.se&body=hej") }, "Ogiltig e-postadress", "f-contacts-0-email"},
		{"not an e-mail", func(v url.Values) { v.Set("contacts.0.email", "inte-en-epost") }, "Ogiltig e-postadress", "f-contacts-0-email"},
		{"year 1", func(v url.Values) { v.Set("start", "0001-01-01") }, "mellan år 1800 och 2200", "f-start"},
		{"year 0", func(v url.Values) { v.Set("start", "0000-01-01") }, "mellan år 1800 och 2200", "f-start"},
		{"cost at int64 max", func(v url.Values) { v.Set("annual_cost", strconv.FormatInt(math.MaxInt64, 10)) }, "högst 1 000 miljarder kronor", "f-annual_cost"},
		{"notice of 601 months", func(v url.Values) { v.Set("documents.0.notice_months", "601") }, "mellan 0 och 600", "f-documents-0-notice_months"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			v := validForm()
			tc.edit(v)
			res := e.post("/samverkan/ny", v)
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("POST = %d, want 422: %.300s", res.Code, text(res.Body))
			}
			wantContains(t, "page text", text(res.Body), tc.want)
			wantContains(t, "html", res.Body, `href="#`+tc.field+`"`, `id="`+tc.field+`-err"`)
			if n := e.count(); n != 0 {
				t.Errorf("%d collaborations stored, want 0", n)
			}
		})
	}
}

// TestFormListLimits: a repeated group over its limit is refused with one
// message; rows beyond what the form reads are never dropped unseen.
func TestFormListLimits(t *testing.T) {
	e := newEnv(t)
	v := validForm()
	for i := range samverkan.MaxContacts + 1 {
		v.Set(fmt.Sprintf("contacts.%d.function", i), "Samordnare")
	}
	res := e.post("/samverkan/ny", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("%d contacts: POST = %d, want 422", samverkan.MaxContacts+1, res.Code)
	}
	wantContains(t, "page text", text(res.Body), "Listan är för lång: högst 100 rader.")
	if n := e.count(); n != 0 {
		t.Errorf("%d collaborations stored, want 0", n)
	}
}

// TestBadTextInParameters: a query parameter that is not one line of text
// is a bad request (400); a path segment with one names nothing (404),
// also in the public view without login. PostgreSQL answered 500.
func TestBadTextInParameters(t *testing.T) {
	a := newAuthEnv(t)
	for _, p := range []string{"/sok?q=%00%27%22", "/sok?q=%ff%fe", "/natverk/ggvv?q=%00", "/natverk/ggvv?omrade=%1b", "/kommun?lan=%00", "/?sida=%00"} {
		if res := a.request(roleAdmin, http.MethodGet, p, nil); res.Code != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400", p, res.Code)
		}
	}
	for _, p := range []string{"/insyn?format=%00", "/insyn/natverk/ggvv?format=%ff"} {
		if res := a.request(roleAnon, http.MethodGet, p, nil); res.Code != http.StatusBadRequest {
			t.Errorf("GET %s anonymous = %d, want 400", p, res.Code)
		}
	}
	for _, p := range []string{"/insyn/natverk/%00", "/insyn/natverk/%00.json", "/insyn/samverkan/%00", "/insyn/natverk/%ff"} {
		if res := a.request(roleAnon, http.MethodGet, p, nil); res.Code != http.StatusNotFound {
			t.Errorf("GET %s anonymous = %d, want 404", p, res.Code)
		}
	}
	for _, p := range []string{"/natverk/%00", "/natverk/%00/mojligheter", "/kommun/%00", "/samverkan/%00", "/natverk/%00/export.csv"} {
		if res := a.request(roleAdmin, http.MethodGet, p, nil); res.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.Code)
		}
	}
	// The rule of a write runs after the check and never looks up the slug.
	if res := a.request(roleAdmin, http.MethodPost, "/natverk/%00/import/bekrafta", url.Values{}); res.Code != http.StatusNotFound {
		t.Errorf("POST import to a NUL slug = %d, want 404", res.Code)
	}
	if strings.Contains(a.logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", a.logs.String())
	}
}

// TestLegacyRowsStillShow: rows stored before the limits (an annual cost
// of 2^63−1, an e-mail with mailto parameters) no longer break the pages:
// sums saturate and a bad address is shown as text, not as a link.
func TestLegacyRowsStillShow(t *testing.T) {
	e := newEnv(t)
	n := sqldbtest.Network("annat", gislaved, gnosjo)
	sqldbtest.MustCreateNetwork(t, e.db, n)
	var ids []int64
	for _, net := range []string{"ggvv", "annat"} {
		c := sqldbtest.Collaboration("Växel "+net, gislaved, gnosjo)
		c.Networks, c.AnnualCost = []string{net}, new(int64)
		c.Contacts = []samverkan.Contact{{Function: "Samordnare", Email: "anna.öberg@kommun.se"}}
		ids = append(ids, e.mustCreate(c).ID)
	}
	sqldbtest.Exec(t, e.db, `UPDATE collaborations SET annual_cost = ?`, int64(math.MaxInt64))
	sqldbtest.Exec(t, e.db, `UPDATE contacts SET email = ? WHERE collaboration_id = ?`, "x@kommun.se?bcc=chef@kommun.se&body=hej", ids[1])

	res := e.get("/")
	if res.Code != http.StatusOK {
		t.Fatalf("overview = %d, want 200", res.Code)
	}
	// Each network's sum and the total saturate; none wraps to a negative.
	if got := strings.Count(text(res.Body), "9 223 372 036 854 775 807 kr"); got != 3 {
		t.Errorf("saturated sums shown %d times, want 3 (two networks and the total): %s", got, text(res.Body))
	}
	if strings.Contains(text(res.Body), "−9") {
		t.Error("a sum wrapped round to a negative amount")
	}
	if res := e.get("/insyn"); res.Code != http.StatusOK || strings.Contains(text(res.Body), "−9") {
		t.Errorf("/insyn = %d, or a sum wrapped round to a negative amount", res.Code)
	}
	// One municipality pays it all: its share is the whole (saturated) cost.
	c := sqldbtest.Collaboration("En betalar", gislaved, gnosjo)
	c.Networks, c.CostKey, c.AnnualCost = []string{"ggvv"}, "lika_delar", new(int64)
	c.Participants[1].Role = samverkan.RoleObserver
	c = e.mustCreate(c)
	sqldbtest.Exec(t, e.db, `UPDATE collaborations SET annual_cost = ? WHERE id = ?`, int64(math.MaxInt64), c.ID)
	res = e.get(fmt.Sprintf("/insyn/samverkan/%d", c.ID))
	if res.Code != http.StatusOK || strings.Contains(text(res.Body), "−9") || !strings.Contains(text(res.Body), "100,00\u00a0% (9 223 372 036 854 775 807 kr)") {
		t.Errorf("/insyn/samverkan/%d = %d, share: %q", c.ID, res.Code, regexp.MustCompile(`[^\n]*%[^\n]*kr\)`).FindString(text(res.Body)))
	}

	res = e.get(fmt.Sprintf("/samverkan/%d", ids[1]))
	if res.Code != http.StatusOK {
		t.Fatalf("collaboration page = %d", res.Code)
	}
	if strings.Contains(res.Body, "mailto:x@") || regexp.MustCompile(`href="mailto:[^"]*bcc`).MatchString(res.Body) {
		t.Errorf("a bad address became a link: %s", regexp.MustCompile(`<a[^>]*mailto[^>]*>`).FindString(res.Body))
	}
	wantContains(t, "contact", text(res.Body), "x@kommun.se?bcc=chef@kommun.se&body=hej")
	res = e.get(fmt.Sprintf("/samverkan/%d", ids[0]))
	wantContains(t, "link", res.Body, `href="mailto:anna.%C3%B6berg@kommun.se"`)
}

// TestTokenNameRefusesControlCharacters: an API token's name follows the
// rule of every one-line field, with a message on the field.
func TestTokenNameRefusesControlCharacters(t *testing.T) {
	a := newAuthEnv(t)
	for _, name := range []string{"Skript\x1b[31m", "Skript\x00", "Skript\nett"} {
		res := a.request(roleReader, http.MethodPost, "/konto/nycklar", url.Values{"name": {name}})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="t-name-err"`) {
			t.Errorf("token name %q = %d, want 422 with a message on the name", name, res.Code)
		}
	}
	ts, err := a.db.Tokens(context.Background(), a.users[roleReader].ID)
	if err != nil || len(ts) != 0 {
		t.Errorf("tokens stored: %v, %v", ts, err)
	}
}
