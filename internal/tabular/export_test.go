package tabular_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
	"github.com/samverkan/samverkan/internal/tabular"
)

func ptr[T any](v T) *T { return &v }

// seedRich creates collaborations that use every column of the template.
func seedRich(tb testing.TB, db *sqldb.DB) {
	tb.Helper()
	a := sqldbtest.Collaboration("Överförmyndare, GGVV", "0683", "0662", "0617", "0665")
	a.Networks = []string{"ggvv"}
	a.Description = "Gemensam nämnd.\nVärnamo är värd; nämnden har fem ledamöter."
	a.Areas = []string{"130", "290", "X-IT"}
	a.LegalForm = samverkan.FormJointCommittee
	a.Participants = append(a.Participants, samverkan.Participant{Party: "Region Jönköpings län", PartyKind: "region"})
	a.Start, a.End = samverkan.MustDate("2015-01-01"), samverkan.MustDate("2030-06-30")
	a.AnnualCost = ptr(int64(2400000))
	a.CostKey = "invanare"
	a.Documents = []samverkan.Document{{Type: "reglemente", Title: "Reglemente", ValidTo: samverkan.MustDate("2026-12-31")}}
	a.Contacts = []samverkan.Contact{{Function: "Överförmyndarhandläggare", Name: "Anna Andersson", Email: "anna@example.se", Phone: "0370-1234"},
		{Function: "Nämndsekreterare"}}
	sqldbtest.MustCreateCollaboration(tb, db, a)
	b := sqldbtest.Collaboration("Idé: gemensam e-arkivlösning", "0617", "0665")
	b.Networks = []string{"ggvv"}
	b.Status = samverkan.StatusIdea
	b.LegalForm = samverkan.FormUnknown
	b.Public = false
	sqldbtest.MustCreateCollaboration(tb, db, b)
}

// templateFields returns what the template carries of c, comparably.
func templateFields(c *samverkan.Collaboration) string {
	var munis, parties, contacts []string
	for _, p := range c.Participants {
		if p.Code != "" {
			munis = append(munis, p.Code)
		} else {
			parties = append(parties, p.Party+"/"+p.PartyKind)
		}
	}
	slices.Sort(munis)
	for _, ct := range c.Contacts {
		contacts = append(contacts, ct.Function)
	}
	agreement := ""
	if i := tabular.AgreementIndex(c); i >= 0 {
		agreement = c.Documents[i].ValidTo.String()
	}
	cost := "-"
	if c.AnnualCost != nil {
		cost = fmt.Sprint(*c.AnnualCost)
	}
	return fmt.Sprintf("%q %q %v %s %s %s %v %v %s %s %s %s %s %s %v %v", c.Title, c.Description, c.Areas, c.LegalForm, c.Status,
		c.Host, munis, parties, c.Start, c.End, agreement, cost, c.CostKey, c.Triage, contacts, c.Public)
}

// Acceptance 4: export → import into an empty database gives the same
// records, for XLSX and CSV.
func TestRoundTrip(t *testing.T) {
	src := newTestDB(t)
	seedRich(t, src)
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			e, err := tabular.Load(context.Background(), src, src.Catalog(), "ggvv", false)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := e.Write(&buf, format); err != nil {
				t.Fatal(err)
			}
			dst := newTestDB(t)
			_, res := mustImport(t, dst, buf.Bytes())
			if res.Created != 2 {
				t.Fatalf("created %d", res.Created)
			}
			want, got := collabs(t, src), collabs(t, dst)
			for i := range want {
				if a, b := templateFields(got[i]), templateFields(want[i]); a != b {
					t.Errorf("round trip:\n got %s\nwant %s", a, b)
				}
			}
			// And importing the export back into the source changes nothing.
			_, res = mustImport(t, src, buf.Bytes())
			if res.Unchanged != 2 {
				t.Errorf("re-import into source: %+v", res)
			}
		})
	}
}

func TestExportXLSX(t *testing.T) {
	db := newTestDB(t)
	seedRich(t, db)
	for _, public := range []bool{false, true} {
		e, err := tabular.Load(context.Background(), db, db.Catalog(), "ggvv", public)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := e.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), ","); got != "Samverkan,Deltagare,Dokument,Kontakter,Medlemmar" {
			t.Errorf("sheets %s", got)
		}
		rows, _ := f.GetRows("Samverkan")
		if want := 3; public {
			if len(rows) != 2 {
				t.Errorf("public export has %d rows, want header and 1 public record", len(rows))
			}
		} else if len(rows) != want {
			t.Errorf("%d rows, want %d", len(rows), want)
		}
		panes, _ := f.GetPanes("Samverkan")
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("header row not frozen: %+v", panes)
		}
		contacts, _ := f.GetRows("Kontakter")
		all := fmt.Sprint(contacts)
		if public == strings.Contains(all, "anna@example.se") || public == strings.Contains(all, "Anna Andersson") {
			t.Errorf("public=%v contacts sheet: %v", public, contacts)
		}
	}
}

func TestExportJSONPublic(t *testing.T) {
	db := newTestDB(t)
	seedRich(t, db)
	e, err := tabular.Load(context.Background(), db, db.Catalog(), "ggvv", true)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if strings.Contains(s, "anna@example.se") || strings.Contains(s, "Anna Andersson") || strings.Contains(s, "0370-1234") ||
		strings.Contains(s, "e-arkiv") {
		t.Errorf("public JSON leaks personal data or non-public records:\n%s", s)
	}
	var out struct {
		Collaborations []samverkan.Collaboration `json:"collaborations"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil || len(out.Collaborations) != 1 {
		t.Errorf("decode: %v, %d records", err, len(out.Collaborations))
	}
}
