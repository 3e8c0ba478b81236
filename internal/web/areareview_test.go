package web_test

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// A file in everyday words: the preview says which column became which
// field, what each cell was read as and what to check; the row imports
// with its unknown area kept for review, which the record shows and the
// review list maps to an area for the whole network (issue 11).
func TestImportReadingsAndAreasToReview(t *testing.T) {
	e := newEnv(t)
	csv := "Verksamhet;Samverkan;Organisationsform;Ansvarig kommun;Berörda kommuner;Startår;Budget (kr)\n" +
		"Lön;Lönecenter;Avtal;Gislaved;Gislaved/Gnosjö;jan 2017;3 200 tkr\n" +
		"Elevhälsa;Skolläkare;Kommunalförbund;Vaggeryd;Vaggeryd och Gnosjö;ht 2019;\n"
	r := e.upload("/natverk/ggvv/import", "kartlaggning.csv", []byte(csv))
	if r.Code != 200 {
		t.Fatalf("preview: %d\n%s", r.Code, r.Body)
	}
	body := text(r.Body)
	wantContains(t, "preview", body,
		// Columns.
		"Verksamhet", "Område", "Berörda kommuner", "Deltagande kommuner", "Budget (kr)", "Årlig kostnad",
		// Readings.
		"Område: Lönehantering", "Deltagande kommuner: Gislaved, Gnosjö", "Start: 2017-01-01", "Årlig kostnad: 3 200 000 kr",
		"Årlig kostnad: uppgift saknas", "Samverkansform: Kommunalförbund (organ ej angivet)", "Område: att granska: Elevhälsa",
		// Warnings, counted, and the rows still imported.
		"Varningar – raderna importeras ändå", "Okänt verksamhetsområde", "Kommunalförbund utan angivet organ",
		"Ungefärligt datum; sparas som 2019-08-01", "Importera 2 rader")
	if strings.Contains(r.Body, `class="error-summary"`) {
		t.Errorf("warnings shown as errors")
	}
	m := tokenRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no token")
	}
	if r = e.post("/natverk/ggvv/import/bekrafta", url.Values{"token": {m[1]}}); r.Code != 303 {
		t.Fatalf("confirm: %d\n%s", r.Code, r.Body)
	}
	cs, _, err := e.db.FindCollaborations(context.Background(), samverkan.CollaborationFilter{Query: "Skolläkare"})
	if err != nil || len(cs) != 1 {
		t.Fatalf("imported: %v, %v", cs, err)
	}
	c := cs[0]
	if !slices.Equal(c.AreasToReview, []string{"Elevhälsa"}) || len(c.Areas) != 0 || c.LegalForm != samverkan.FormFederation {
		t.Fatalf("record %+v", c)
	}
	id := "/samverkan/" + strconv.FormatInt(c.ID, 10)
	wantContains(t, "record", text(e.get(id).Body), "Område att granska", "”Elevhälsa”", "Koppla till områden")

	// The edit form keeps the text ticked; saving it unchanged keeps it.
	r = e.get(id + "/redigera")
	wantContains(t, "form", r.Body, `name="areas_to_review" value="Elevhälsa" checked`)

	r = e.get("/natverk/ggvv/granska")
	if r.Code != 200 {
		t.Fatalf("review list: %d", r.Code)
	}
	wantContains(t, "review list", text(r.Body), "”Elevhälsa” (1)", "Skolläkare", "Koppla ”Elevhälsa” till området")
	wantContains(t, "review list", r.Body, `href="`+id+`"`, `name="text" value="Elevhälsa"`)

	// No area chosen: refused, nothing changes.
	r = e.post("/natverk/ggvv/granska", url.Values{"text": {"Elevhälsa"}, "omrade": {""}})
	if r.Code != 422 || !strings.Contains(r.Body, `class="error-summary"`) || !strings.Contains(r.Body, `aria-invalid="true"`) {
		t.Errorf("no area: %d\n%s", r.Code, r.Body)
	}
	r = e.post("/natverk/ggvv/granska", url.Values{"text": {"Elevhälsa"}, "omrade": {"440"}})
	if r.Code != 303 {
		t.Fatalf("map: %d\n%s", r.Code, r.Body)
	}
	r = e.get(r.Header.Get("Location"))
	wantContains(t, "after mapping", text(r.Body), "Texten är kopplad till Grundskola; 1 samverkan fick området.",
		"Det finns inga områden att granska i nätverket.", "Elevhälsa")
	got, err := e.db.CollaborationByID(context.Background(), c.ID)
	if err != nil || !slices.Equal(got.Areas, []string{"440"}) || len(got.AreasToReview) != 0 {
		t.Errorf("after mapping: %+v, %v", got, err)
	}

	// The confirmation is made from a known area and a number, never from
	// the link's text.
	r = e.get("/natverk/ggvv/granska?klart=kopplat&omrade=%3Cscript%3E&antal=1")
	if strings.Contains(r.Body, `class="flash"`) {
		t.Errorf("a crafted link shows a confirmation")
	}
}
