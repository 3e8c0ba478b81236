package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// languages the UI speaks; the first is the default.
var languages = []string{"sv", "en"}

const langCookie = "lang"

// langOf returns the language chosen with the language switch, or Swedish.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "sv"
}

// tr looks key up in the message catalogue and fills in args. A missing key
// shows as the key itself; a test checks that every key the templates use
// exists.
func tr(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// handleLanguage sets the language cookie and goes back to next, which must
// be a path on this site (never another host).
func (s *server) handleLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang != "en" {
		lang = "sv"
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// safeNext accepts only a local path: it starts with one slash, names no
// scheme or host, and carries no backslash that browsers treat as a slash.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return u.RequestURI()
}

// langSwitchURL is the link that switches to the other language and comes
// back to the current page.
func langSwitchURL(to, current string) string {
	return "/sprak?" + url.Values{"lang": {to}, "next": {current}}.Encode()
}

// messageTable is one named table of the catalogue.
type messageTable struct {
	name string
	msgs map[string][2]string
}

// mergeMessages builds one catalogue from tables. A key two tables define
// with the same texts is kept once; with different texts it is a conflict,
// named with both tables so a reader sees where each text comes from.
func mergeMessages(tables ...messageTable) (map[string][2]string, []string) {
	out := map[string][2]string{}
	from := map[string]string{}
	var conflicts []string
	for _, t := range tables {
		for k, v := range t.msgs {
			if old, dup := out[k]; dup && old != v {
				conflicts = append(conflicts, fmt.Sprintf("%q: %s says %q, %s says %q", k, from[k], old, t.name, v))
				continue
			}
			if _, dup := out[k]; !dup {
				out[k], from[k] = v, t.name
			}
		}
	}
	sort.Strings(conflicts)
	return out, conflicts
}

// mustMergeMessages is mergeMessages for the catalogue: a conflict is a
// programming error and stops the start.
func mustMergeMessages(tables ...messageTable) map[string][2]string {
	out, conflicts := mergeMessages(tables...)
	if len(conflicts) > 0 {
		panic("web: messages defined twice with different texts: " + strings.Join(conflicts, "; "))
	}
	return out
}
