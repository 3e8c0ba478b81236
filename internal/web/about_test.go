package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// footerLinks are the pages every page's footer links, with their link
// text in Swedish and English.
var footerLinks = []struct{ path, sv, en string }{
	{"/om", "Om Samverkan", "About Samverkan"},
	{"/tillganglighet", "Tillgänglighet", "Accessibility"},
	{"/personuppgifter", "Personuppgifter", "Personal data"},
	{"/hjalp", "Hjälp", "Help"},
}

var (
	hrefRe   = regexp.MustCompile(`href="(/[^"#]*)`)
	digitsRe = regexp.MustCompile(`[0-9]+`)
)

// get sends GET path as role in lang, without following redirects.
func (a *authEnv) getAs(role, lang, path string) response {
	a.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if c := a.loginAs(role); c != nil {
		req.AddCookie(c)
	}
	req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Body.String(), rec.Header()}
}

// Acceptance 4: the accessibility statement, about and personal-data
// pages (and help) exist in Swedish and English, and every page's footer
// links them. "Every page" is found by crawling the site from its entry
// points as a visitor and as an administrator, in both languages,
// following every link to an HTML page (each kind of address at most
// twice, so the crawl stays short), error pages included.
func TestFooterLinksOnEveryPage(t *testing.T) {
	a := newAuthEnv(t)
	for _, p := range footerLinks {
		for _, lang := range []string{"sv", "en"} {
			res := a.getAs(roleAnon, lang, p.path)
			if res.Code != http.StatusOK || !strings.Contains(res.Body, `<html lang="`+lang+`"`) || !strings.Contains(res.Body, `<meta name="description" content="`) {
				t.Errorf("%s in %s = %d", p.path, lang, res.Code)
			}
		}
	}
	a11y := a.getAs(roleAnon, "sv", "/tillganglighet").Body
	for _, want := range []string{"delvis förenlig", "Myndigheten för digital förvaltning", "https://www.digg.se/tdosanmalan", "(WCAG) 2.1", "Rapportera brister"} {
		if !strings.Contains(a11y, want) {
			t.Errorf("the accessibility statement lacks %q", want)
		}
	}
	privacy := a.getAs(roleAnon, "en", "/personuppgifter").Body
	for _, want := range []string{"contact person", "6(1)(e)", "12 hours", "IMY"} {
		if !strings.Contains(privacy, want) {
			t.Errorf("the English personal-data page lacks %q", want)
		}
	}

	skip := func(p string) bool {
		for _, pre := range []string{"/static/", "/sprak", "/logga-ut", "/login/oidc", "/oppna-data/katalog", "/oppna-data/schema"} {
			if strings.HasPrefix(p, pre) {
				return true
			}
		}
		for _, suf := range []string{".csv", ".json", ".xlsx", ".zip", ".ics"} {
			if strings.HasSuffix(strings.SplitN(p, "?", 2)[0], suf) {
				return true
			}
		}
		return false
	}
	for _, role := range []string{roleAnon, roleAdmin} {
		for _, lang := range []string{"sv", "en"} {
			seen := map[string]bool{}
			shapes := map[string]int{}
			queue := []string{"/", "/insyn", "/logga-in", "/oppna-data", "/nationellt", "/finns-inte"}
			pages := 0
			for len(queue) > 0 && pages < 400 {
				p := queue[0]
				queue = queue[1:]
				if seen[p] || skip(p) {
					continue
				}
				seen[p] = true
				shape := digitsRe.ReplaceAllString(strings.SplitN(p, "?", 2)[0], "N")
				if shapes[shape] >= 2 {
					continue
				}
				shapes[shape]++
				res := a.getAs(role, lang, p)
				if res.Code >= 300 && res.Code < 400 {
					if loc := res.Header.Get("Location"); strings.HasPrefix(loc, "/") && !seen[loc] {
						queue = append(queue, loc)
					}
					continue
				}
				if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					continue
				}
				pages++
				footer := res.Body
				if i := strings.Index(footer, "<footer"); i >= 0 {
					footer = footer[i:]
				} else {
					t.Errorf("%s %s %s (%d): no footer", role, lang, p, res.Code)
					continue
				}
				for _, l := range footerLinks {
					text := l.sv
					if lang == "en" {
						text = l.en
					}
					if !strings.Contains(footer, `<a href="`+l.path+`">`+text+`</a>`) {
						t.Errorf("%s %s %s (%d): the footer does not link %s as %q", role, lang, p, res.Code, l.path, text)
					}
				}
				for _, m := range hrefRe.FindAllStringSubmatch(res.Body, -1) {
					href := strings.ReplaceAll(m[1], "&amp;", "&")
					if !seen[href] {
						queue = append(queue, href)
					}
				}
			}
			if pages < 15 {
				t.Errorf("%s %s: the crawl reached only %d pages", role, lang, pages)
			}
			t.Logf("%s %s: %d pages checked", role, lang, pages)
		}
	}
}
