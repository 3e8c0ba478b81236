package tabular_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/tabular"
)

// Issue 11 acceptance 3, import: a row cannot create a record that claims
// "beslutad" while its decision path lacks decisions (a file carries
// none). The row still imports, as "beslut pågår", with a warning that
// says why; a form that needs no decision may be beslutad.
func TestImportRefusesDecidedWithoutDecisions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		data := []byte("Namn;Samverkansform;Deltagande kommuner;Status\r\n" +
			"Gemensam lönenämnd;Gemensam nämnd;Gislaved, Gnosjö;Beslutad\r\n" +
			"Nätverk för folkhälsa;Informellt nätverk;Gislaved, Gnosjö;Beslutad\r\n" +
			"Gemensam räddning;Gemensam nämnd;Vaggeryd, Värnamo;Igång\r\n")
		p := mustPlan(t, db, data)
		if !p.OK() {
			t.Fatalf("plan has errors: %+v", p.Errors())
		}
		warned := false
		for _, w := range p.Rows[0].Warnings {
			if w.Column == "Status" && strings.Contains(w.Message, "Status Beslutad kräver") && strings.Contains(w.Message, "Beslut pågår") {
				warned = true
			}
		}
		if !warned {
			t.Errorf("row 1 warnings %+v; want the status warning", p.Rows[0].Warnings)
		}
		if len(p.Rows[1].Warnings) != 0 || len(p.Rows[2].Warnings) != 0 {
			t.Errorf("rows 2–3 warnings %+v %+v; want none", p.Rows[1].Warnings, p.Rows[2].Warnings)
		}
		if _, err := tabular.Apply(context.Background(), db, p); err != nil {
			t.Fatal(err)
		}
		for title, want := range map[string]string{"Gemensam lönenämnd": samverkan.StatusDeciding,
			"Nätverk för folkhälsa": samverkan.StatusDecided, "Gemensam räddning": samverkan.StatusRunning} {
			if got := byTitle(t, db, title).Status; got != want {
				t.Errorf("%s: status %s, want %s", title, got, want)
			}
		}
		// Imported again, the row still claims beslutad: nothing changes.
		p = mustPlan(t, db, data)
		for _, r := range p.Rows {
			if r.Action != tabular.ActionUnchanged {
				t.Errorf("re-import row %d: %s %v", r.Line, r.Action, r.Changes)
			}
		}
		// The store holds the same rule for a bulk create that skips the
		// planner.
		c := &samverkan.Collaboration{Title: "Direkt beslutad", LegalForm: samverkan.FormJointCommittee,
			Status: samverkan.StatusDecided, Networks: []string{"ggvv"},
			Participants: []samverkan.Participant{{Code: "0662", Role: samverkan.RoleMember}, {Code: "0617", Role: samverkan.RoleMember}}}
		err := db.CreateCollaborations(context.Background(), []*samverkan.Collaboration{c})
		if fe := samverkan.FieldErrors(err); len(fe) != 1 || fe[0].Code != "decided_decisions_missing" {
			t.Errorf("bulk create of a beslutad record: %v, want decided_decisions_missing", err)
		}
	})
}
