package sqldb_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// Issue 11: no record claims "beslutad" while its decision path lacks
// decisions. The store holds the rule on every write, whatever surface
// the write came from: create, edit, and changes to the decisions of a
// beslutad record. Registering a running collaboration stays easy.
func TestDecidedGateOnEveryWrite(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db)
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall, ostersund))

		// Create as beslutad: refused, nothing written.
		c := sqldbtest.Collaboration("IT-nämnd", gavle, sundsvall)
		c.LegalForm, c.Status, c.Networks = samverkan.FormJointCommittee, samverkan.StatusDecided, []string{"norr"}
		err := db.CreateCollaboration(ctx, c)
		wantCode(t, "create beslutad", err, samverkan.EINVALID)
		if fe := samverkan.FieldErrors(err); len(fe) != 1 || fe[0].Field != "status" || fe[0].Code != "decided_decisions_missing" {
			t.Fatalf("create beslutad: fields %+v", fe)
		}
		var e *samverkan.Error
		if !asAppError(err, &e) || len(e.Missing) != 2 {
			t.Errorf("create beslutad: missing %+v, want both councils", e)
		}
		if cs, n, _ := db.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "norr"}); n != 0 {
			t.Errorf("refused create wrote %d records: %v", n, cs)
		}
		// Without a form there is no path to be decided on.
		u := sqldbtest.Collaboration("Okänd form", gavle, sundsvall)
		u.LegalForm, u.Status = samverkan.FormUnknown, samverkan.StatusDecided
		if fe := samverkan.FieldErrors(db.CreateCollaboration(ctx, u)); len(fe) != 1 || fe[0].Code != "decided_without_form" {
			t.Errorf("beslutad without a form: %+v", fe)
		}
		// A running collaboration registers without any decision, and an
		// informal network needs none to be beslutad.
		run := sqldbtest.Collaboration("Gemensam nämnd sedan 2015", gavle, sundsvall)
		run.LegalForm = samverkan.FormJointCommittee
		mustOK(t, "create igång", db.CreateCollaboration(ctx, run))
		inf := sqldbtest.Collaboration("Nätverk", gavle, sundsvall)
		inf.LegalForm, inf.Status = samverkan.FormInformalNetwork, samverkan.StatusDecided
		mustOK(t, "create beslutad informal network", db.CreateCollaboration(ctx, inf))

		// A beslutad record with its path complete.
		c.Status = samverkan.StatusDeciding
		mustOK(t, "create beslut pågår", db.CreateCollaboration(ctx, c))
		mustCreateDecision(t, db, decision(c, gavle, samverkan.OutcomeApproved, "2025-05-20"))
		last := mustCreateDecision(t, db, decision(c, sundsvall, samverkan.OutcomeApproved, "2025-05-21"))
		cur := mustGet(t, db, c.ID)
		_, err = db.ChangeStatus(ctx, c.ID, cur.Version, samverkan.StatusDecided, samverkan.Date{}, "")
		mustOK(t, "ChangeStatus beslutad", err)

		// Edit: a new member brings decisions of its own; refused, and
		// the record stays as it was.
		edit := mustGet(t, db, c.ID)
		edit.Participants = append(edit.Participants, samverkan.Participant{Code: ostersund, Role: samverkan.RoleMember})
		err = db.UpdateCollaboration(ctx, edit)
		wantCode(t, "edit beslutad with a new member", err, samverkan.EINVALID)
		if got := mustGet(t, db, c.ID); len(got.Participants) != 2 || got.Version != edit.Version {
			t.Errorf("refused edit wrote: %d participants, version %d", len(got.Participants), got.Version)
		}
		// Decisions: turning a bifall into avslag, or striking it, is refused.
		changed := *last
		changed.Outcome = samverkan.OutcomeRejected
		wantCode(t, "bifall → avslag on a beslutad record", db.UpdateDecision(ctx, &changed), samverkan.EINVALID)
		wantCode(t, "strike a decision of a beslutad record", db.DeleteDecision(ctx, last.ID, last.Version), samverkan.EINVALID)
		if ds, _ := db.Decisions(ctx, c.ID); len(ds) != 2 || ds[1].Outcome != samverkan.OutcomeApproved {
			t.Errorf("refused decision writes left %+v", ds)
		}
		// Other edits of a complete beslutad record pass.
		edit = mustGet(t, db, c.ID)
		edit.Description = "Beslutad i båda kommunerna."
		mustOK(t, "edit a complete beslutad record", db.UpdateCollaboration(ctx, edit))
	})
}
