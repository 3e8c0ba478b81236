package e2e

// openDataPages are the pages of issue 17 the accessibility check visits:
// open data and its settings, the national register (empty in the demo),
// and the pages the law and users expect, in Swedish and in English.
func openDataPages() []a11yPage {
	return []a11yPage{
		{"oppna-data", visit("/oppna-data", 200)},
		{"oppna-data-installningar", visit("/oppna-data/installningar", 200)},
		{"nationellt", visit("/nationellt", 200)},
		{"om", visit("/om", 200)},
		{"tillganglighet", visit("/tillganglighet", 200)},
		{"personuppgifter", visit("/personuppgifter", 200)},
		{"hjalp", visit("/hjalp", 200)},
		{"en-tillganglighet", func(b *tab) {
			b.open("/sprak?lang=en&next=/tillganglighet", 200)
			var lang string
			b.eval(`document.documentElement.lang`, &lang)
			if lang != "en" {
				b.t.Fatalf("the English accessibility statement has lang=%q", lang)
			}
		}},
	}
}
