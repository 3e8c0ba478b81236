package web

import (
	"testing"

	"github.com/samverkan/samverkan"
)

// TestReadable: research tags come out of free text with their
// separators, and text without them is left as it is.
func TestReadable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`GGVV:s gemensamma text (Gislaveds kommun 2020), domain.md S37.`, `GGVV:s gemensamma text (Gislaveds kommun 2020).`},
		{`kräver därför politiska beslut (domain.md b.6).`, `kräver därför politiska beslut.`},
		{`kräver beslut i varje kommun (domain.md b.4, b.6).`, `kräver beslut i varje kommun.`},
		{`daterad 2023-12-08 (Dals-Eds kommun, S35), enligt kommunernas sida`, `daterad 2023-12-08 (Dals-Eds kommun), enligt kommunernas sida`},
		{`antogs politiskt (S34, S36).`, `antogs politiskt.`},
		{`Förbundet skulle upphöra 2017-01-01 (S32); sista dag registreras som 2016-12-31.`, `Förbundet skulle upphöra 2017-01-01; sista dag registreras som 2016-12-31.`},
		{`Exakt datum anges inte (NWT 2015-12-17, domain.md S32).`, `Exakt datum anges inte (NWT 2015-12-17).`},
		{`Exempel. Källa för utbildning som område: domain.md S37.`, `Exempel. Källa för utbildning som område.`},
		{`Region 10-källorna i demo-facts (region10.se, asele.se).`, `Region 10-källorna (region10.se, asele.se).`},
		{`Historik (research/domain.md [S31]–[S35]): förbundet ombildades [S33].`, `Historik: förbundet ombildades.`},
		{`Region 10, domain.md S46.`, `Region 10.`},
		{`Sidan "Dalslandssamverkan" (uppdaterad 2023-12-14), domain.md S36; demo-facts.md. Planen har inga.`, `Sidan "Dalslandssamverkan" (uppdaterad 2023-12-14). Planen har inga.`},
		// Left alone: no tags, or an S-code that is not alone in its parenthesis.
		{`Avtal (S35 gäller) och vägen S35.`, `Avtal (S35 gäller) och vägen S35.`},
		{`Gemensam IT-nämnd (Heby, Knivsta, Tierp).`, `Gemensam IT-nämnd (Heby, Knivsta, Tierp).`},
		{``, ``},
	} {
		if got := readable(tc.in); got != tc.want {
			t.Errorf("readable(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// TestStatusAndPhase: the phase is shown beside the status unless it only
// repeats it.
func TestStatusAndPhase(t *testing.T) {
	for _, tc := range []struct{ status, lang, s, p string }{
		{samverkan.StatusRunning, "sv", "Igång", "Pågående samverkan"},
		{samverkan.StatusRunning, "en", "Running", ""},
		{"avslutad", "sv", "Avslutad", ""},
		{samverkan.StatusIdea, "sv", "Idé", "Möjligheter"},
	} {
		s, p := statusAndPhase(tc.status, tc.lang)
		if s != tc.s || p != tc.p {
			t.Errorf("statusAndPhase(%s, %s) = %q, %q; want %q, %q", tc.status, tc.lang, s, p, tc.s, tc.p)
		}
	}
}
