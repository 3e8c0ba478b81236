package web

import (
	"net/http"
)

// The pages the law and users expect (issue 17): about (/om), the
// accessibility statement after DIGG's model (/tillganglighet), personal
// data (/personuppgifter) and help for the main tasks (/hjalp). All are
// public, carry a meta description, and are linked from the footer of
// every page (layout.html, insyn_layout.html). The texts are in
// about_messages.go.

// aboutPage is what the four pages show beside their fixed texts: who
// publishes and where to write, from the open-data settings.
type aboutPage struct {
	Publisher    string
	PublisherURL string
	ContactName  string
	ContactEmail string
}

func (s *server) aboutData(r *http.Request) (*aboutPage, error) {
	set, err := s.settings(r.Context())
	if err != nil {
		return nil, err
	}
	return &aboutPage{Publisher: set.PublisherName, PublisherURL: set.PublisherURL, ContactName: set.ContactName, ContactEmail: set.ContactEmail}, nil
}

// staticPage serves one of the four pages.
func (s *server) staticPage(name, nav string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := langOf(r)
		d, err := s.aboutData(r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, name, page{Title: tr(lang, nav+".title"), Nav: nav, Description: tr(lang, nav+".meta"), Data: d})
	}
}
