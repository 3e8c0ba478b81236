package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// These tests show that the checks the journeys rely on fail when a page
// breaks, using broken copies of real pages served by a test server; the
// product itself is never broken for them.

// serveHTML serves html at / of a test server and returns its URL.
func serveHTML(t *testing.T, html string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, html)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// fetch returns the HTML of a page of the real server.
func fetch(t *testing.T, path string) string {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Cookie", sessionCookie(t, demoAdmin))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d, %v", path, resp.StatusCode, err)
	}
	// Links to the stylesheet must still resolve from the test server.
	return strings.ReplaceAll(string(body), `href="/static/`, `href="`+base+`/static/`)
}

func TestRequireFieldsCatchesARemovedField(t *testing.T) {
	b := newTab(t)
	page := fetch(t, "/samverkan/ny")

	b.do(navigate(serveHTML(t, page)))
	if err := requireFields(b.ctx, collabFields...); err != nil {
		t.Fatalf("requireFields on the real form: %v", err)
	}

	input := regexp.MustCompile(`<input[^>]*name="title"[^>]*>`)
	if !input.MatchString(page) {
		t.Fatal("the form has no title input to remove")
	}
	b.do(navigate(serveHTML(t, input.ReplaceAllString(page, ""))))
	err := requireFields(b.ctx, collabFields...)
	if err == nil || !strings.Contains(err.Error(), "title (missing)") {
		t.Errorf("requireFields on the form without its title = %v, want title (missing)", err)
	}

	label := regexp.MustCompile(`<label for="f-title">.*?</label>`)
	b.do(navigate(serveHTML(t, label.ReplaceAllString(page, ""))))
	err = requireFields(b.ctx, "title")
	if err == nil || !strings.Contains(err.Error(), "title (no label)") {
		t.Errorf("requireFields on the form without the title's label = %v, want title (no label)", err)
	}
}

func TestAxeCatchesViolations(t *testing.T) {
	b := newTab(t)
	page := fetch(t, "/samverkan/ny")
	// Break the page as a careless edit would: drop a label, and an image
	// without a text alternative.
	page = regexp.MustCompile(`<label for="f-title">.*?</label>`).ReplaceAllString(page, "")
	page = strings.Replace(page, "<h1>", `<img src="data:," width="10" height="10"><h1>`, 1)
	b.do(navigate(serveHTML(t, page)))
	got := map[string]bool{}
	for _, v := range b.axe() {
		got[v.ID] = true
	}
	for _, want := range []string{"label", "image-alt"} {
		if !got[want] {
			t.Errorf("axe-core did not report %s on a broken page; it reported %v", want, got)
		}
	}
}
