package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/web"
)

// instance is one Samverkan started in the test: the real web handler
// over its own store, behind a real HTTP server.
type instance struct {
	db  *sqldb.DB
	h   http.Handler
	srv *httptest.Server
}

func startInstance(t *testing.T, publisher string) *instance {
	t.Helper()
	db := sqldbtest.New(t)
	h, err := web.New(web.Options{Store: db, Catalog: refdata.MustCatalog(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if publisher != "" {
		s := opendata.Settings{PublisherName: publisher, Version: 1}
		if err := db.SaveOpenDataSettings(context.Background(), &s); err != nil {
			t.Fatal(err)
		}
	}
	return &instance{db: db, h: h, srv: srv}
}

func (in *instance) page(t *testing.T, path string, lang ...string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", path, nil)
	for _, l := range lang {
		req.AddCookie(&http.Cookie{Name: "lang", Value: l})
	}
	in.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s = %d", path, rec.Code)
	}
	return rec.Body.String()
}

func parts(codes ...string) []samverkan.Participant {
	var out []samverkan.Participant
	for _, c := range codes {
		out = append(out, samverkan.Participant{Code: c, Role: samverkan.RoleMember})
	}
	return out
}

// Acceptance 2: two instances with different networks publish open data;
// one collaboration (the same municipalities, legal form and area) is
// published by both. A third harvests both: the national view shows both
// networks and every collaboration with its source and fetch date, the
// shared one once with its two sources. The harvest leaves the third
// instance's own records as they were, refuses a hostile source, and the
// harvested text is escaped.
func TestNationalRegisterFromTwoInstances(t *testing.T) {
	ctx := context.Background()
	a := startInstance(t, "Kansli Norr (exempel)")
	b := startInstance(t, "Kansli Syd (exempel)")
	c := startInstance(t, "")

	// Instance A: Region 10's Lystkom members as a network (example).
	na := sqldbtest.Network("norr", "2481", "2421", "2462", "2463")
	na.Name = "Nätverk Norr (exempel)"
	sqldbtest.MustCreateNetwork(t, a.db, na)
	// Instance B: the joint guardianship committee's members (example).
	nb := sqldbtest.Network("syd", "2422", "2421", "2425", "2463", "2481")
	nb.Name = "Nätverk Syd (exempel)"
	sqldbtest.MustCreateNetwork(t, b.db, nb)
	shared := func(title, network string) *samverkan.Collaboration {
		return &samverkan.Collaboration{Title: title, LegalForm: "kommunalforbund_direktion", Areas: []string{"X-IT"},
			Status: samverkan.StatusRunning, Public: true, Networks: []string{network}, Participants: parts("2481", "2421", "2462", "2463")}
	}
	sqldbtest.MustCreateCollaboration(t, a.db, shared("Lystkom", "norr"))
	sqldbtest.MustCreateCollaboration(t, b.db, shared("Lystkom kommunalförbund", "syd"))
	sqldbtest.MustCreateCollaboration(t, a.db, &samverkan.Collaboration{Title: "Gemensam upphandling <script>alert(1)</script>",
		LegalForm: "avtalssamverkan", Areas: []string{"X-UPPH"}, Status: samverkan.StatusRunning, Public: true,
		Networks: []string{"norr"}, Participants: parts("2481", "2421")})
	sqldbtest.MustCreateCollaboration(t, b.db, &samverkan.Collaboration{Title: "Gemensam överförmyndarnämnd",
		LegalForm: "gemensam_namnd", Status: samverkan.StatusRunning, Public: true,
		Networks: []string{"syd"}, Participants: parts("2422", "2421", "2425", "2463", "2481")})
	sqldbtest.MustCreateCollaboration(t, b.db, &samverkan.Collaboration{Title: "Inte offentlig (exempel)",
		LegalForm: "avtalssamverkan", Status: samverkan.StatusRunning, Public: false,
		Networks: []string{"syd"}, Participants: parts("2422", "2421")})

	// The third instance has a record of its own, which no harvest touches.
	own := sqldbtest.Network("egen", "0180", "0380")
	sqldbtest.MustCreateNetwork(t, c.db, own)
	mine := sqldbtest.MustCreateCollaboration(t, c.db, &samverkan.Collaboration{Title: "Lystkom", LegalForm: "avtalssamverkan",
		Status: samverkan.StatusIdea, Networks: []string{"egen"}, Participants: parts("0180", "0380")})

	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Inte öppna data</body></html>")
	}))
	defer hostile.Close()

	results, err := opendata.HarvestInto(ctx, c.db, []string{a.srv.URL + "/oppna-data/samverkan.json",
		hostile.URL + "/oppna-data/samverkan.json", b.srv.URL + "/oppna-data/samverkan.json"}, opendata.HarvestOptions{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || results[0].Err != nil || results[2].Err != nil || results[1].Err == nil {
		t.Fatalf("results %+v", results)
	}
	if results[0].Collaborations != 2 || results[2].Collaborations != 2 {
		t.Errorf("harvested %d and %d collaborations, want 2 and 2 (the non-public one left out)", results[0].Collaborations, results[2].Collaborations)
	}

	body := c.page(t, "/nationellt")
	for _, want := range []string{"Nätverk Norr (exempel)", "Nätverk Syd (exempel)", "Kansli Norr (exempel)", "Kansli Syd (exempel)",
		"Gemensam överförmyndarnämnd", a.srv.URL + "/oppna-data/samverkan.json", b.srv.URL + "/oppna-data/samverkan.json",
		"&lt;script&gt;alert(1)&lt;/script&gt;", "Västerbottens län"} {
		if !strings.Contains(body, want) {
			t.Errorf("the national view lacks %q", want)
		}
	}
	for _, never := range []string{"<script>alert(1)", "Inte offentlig", hostile.URL} {
		if strings.Contains(body, never) {
			t.Errorf("the national view shows %q", never)
		}
	}
	// Three collaborations: the shared one once, with both sources.
	if n := strings.Count(body, `class="national-record"`); n != 3 {
		t.Errorf("%d national records, want 3", n)
	}
	if n := strings.Count(body, "<strong>2 källor</strong>"); n != 1 {
		t.Errorf("%d records with two sources, want 1", n)
	}
	row := body[strings.Index(body, "<strong>2 källor</strong>"):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "Kansli Norr (exempel)") || !strings.Contains(row, "Kansli Syd (exempel)") {
		t.Errorf("the shared record does not name both sources: %s", row)
	}
	if !strings.Contains(body, `<svg`) {
		t.Error("no national map")
	}

	// The own record is unchanged; the harvest wrote only harvests.
	got, err := c.db.CollaborationByID(ctx, mine.ID)
	if err != nil || got.Version != mine.Version || got.Title != "Lystkom" || got.Status != samverkan.StatusIdea {
		t.Errorf("own record after harvest: %+v, %v", got, err)
	}
	if _, total, _ := c.db.FindCollaborations(ctx, samverkan.CollaborationFilter{}); total != 1 {
		t.Errorf("the third instance holds %d collaborations, want its own 1", total)
	}

	// Harvesting again with no addresses harvests the stored sources
	// again (the scheduled job's call) and still shows each once.
	again, err := opendata.HarvestInto(ctx, c.db, nil, opendata.HarvestOptions{})
	if err != nil || len(again) != 2 {
		t.Fatalf("re-harvest %+v, %v", again, err)
	}
	if n := strings.Count(c.page(t, "/nationellt"), `class="national-record"`); n != 3 {
		t.Errorf("after a re-harvest %d national records, want 3", n)
	}
	if en := c.page(t, "/nationellt", "en"); !strings.Contains(en, "<strong>2 sources</strong>") {
		t.Error("the English national view lacks \"2 sources\"")
	}
}
