package sqldb_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// TestDecisionPathStorage: a decision of the collaboration's own body and
// of a region, an unknown date, anslag and legal force round-trip on both
// databases; the gate reads the saved settings (legal force required);
// ending and leaving a running collaboration are gated.
func TestDecisionPathStorage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db) // today 2025-06-15
		ctx := samverkan.WithActor(context.Background(), "samordnare")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := sqldbtest.Collaboration("Räddningstjänstförbund", gavle, sundsvall)
		c.LegalForm, c.Status, c.Networks = samverkan.FormFederationBoard, samverkan.StatusDeciding, []string{"norr"}
		c.Participants = append(c.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region", Role: samverkan.RoleMember})
		c = sqldbtest.MustCreateCollaboration(t, db, c)

		own := &samverkan.Decision{CollaborationID: c.ID, Body: "forbundsdirektion", Kind: samverkan.KindBudget,
			Outcome: samverkan.OutcomeApproved, Date: samverkan.MustDate("2025-05-02"), Diarienummer: "RF 2025/12"}
		mustOK(t, "own body", db.CreateDecision(ctx, own))
		region := &samverkan.Decision{CollaborationID: c.ID, Party: "Region Gävleborg", Body: "regionfullmaktige",
			Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomeConditional, Condition: "att kommunerna beslutar likadant",
			Date: samverkan.MustDate("2025-04-10"), AnnouncedOn: samverkan.MustDate("2025-04-14")}
		mustOK(t, "region", db.CreateDecision(ctx, region))
		old := decision(c, gavle, samverkan.OutcomeApproved, "")
		old.Kind, old.Document, old.DateUnknown = samverkan.KindAdopt, "forbundsordning", true
		mustOK(t, "unknown date", db.CreateDecision(ctx, old))
		for _, d := range []*samverkan.Decision{own, region, old} {
			got, err := db.DecisionByID(ctx, d.ID)
			mustOK(t, "DecisionByID", err)
			if g, w := asJSON(t, got), asJSON(t, d); g != w {
				t.Errorf("round trip:\n%s\nwant\n%s", g, w)
			}
		}
		if own.Owner != samverkan.OwnerCollaboration || region.Owner != samverkan.OwnerParty || old.Owner != samverkan.OwnerMunicipality {
			t.Errorf("owners %s %s %s", own.Owner, region.Owner, old.Owner)
		}
		// A company is no member, so it cannot decide; a municipal body
		// cannot take the own body's decision.
		bad := &samverkan.Decision{CollaborationID: c.ID, Municipality: gavle, Body: "forbundsdirektion", Kind: samverkan.KindBudget,
			Outcome: samverkan.OutcomePending}
		wantCode(t, "municipality as direktion", db.CreateDecision(ctx, bad), samverkan.EINVALID)

		// Sundsvall's council, announced 2025-05-12: legal force 2025-06-03.
		sv := decision(c, sundsvall, samverkan.OutcomeApproved, "2025-05-08")
		sv.Kind, sv.Document, sv.AnnouncedOn = samverkan.KindAdopt, "forbundsordning", samverkan.MustDate("2025-05-12")
		mustOK(t, "sundsvall", db.CreateDecision(ctx, sv))

		// Legal force required: Gävle's old decision was never announced.
		s, err := db.PathSettings(ctx, c.ID)
		mustOK(t, "PathSettings", err)
		s.RequireLegalForce, s.OrgNumber = true, "2220001234"
		mustOK(t, "SavePathSettings", db.SavePathSettings(ctx, &s))
		if s.Version != 1 || s.OrgNumber != "222000-1234" {
			t.Errorf("saved settings %+v", s)
		}
		stale := s
		stale.Version = 0
		wantCode(t, "stale settings", db.SavePathSettings(ctx, &stale), samverkan.ESTALE)
		_, err = db.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusDecided, samverkan.Date{}, "")
		wantCode(t, "no legal force", err, samverkan.ECONFLICT)
		if fe := samverkan.FieldErrors(err); len(fe) != 1 || fe[0].Code != "legal_force_missing" {
			t.Errorf("gate: %v", fe)
		}
		old.LegalForceOn = samverkan.MustDate("1999-01-01")
		old.Outcome = samverkan.OutcomeApproved
		mustOK(t, "legal force entered", db.UpdateDecision(ctx, old))
		c, err = db.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusDecided, samverkan.Date{}, "")
		mustOK(t, "decided", err)
		c, err = db.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusRunning, samverkan.Date{}, "")
		mustOK(t, "running", err)

		// Ending a running förbund needs every member's dissolution.
		_, err = db.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusEnded, samverkan.Date{}, "")
		wantCode(t, "ended without decisions", err, samverkan.ECONFLICT)

		// Sundsvall leaving without a decision is refused; with one it goes.
		c.Participants[1].Left = samverkan.MustDate("2025-12-31")
		err = db.UpdateCollaboration(ctx, c)
		wantCode(t, "leaving without decision", err, samverkan.ECONFLICT)
		leave := decision(c, sundsvall, samverkan.OutcomeApproved, "2025-05-20")
		leave.Kind, leave.Document, leave.LegalForceOn = samverkan.KindLeave, "forbundsordning", samverkan.MustDate("2025-06-12")
		mustOK(t, "leave decision", db.CreateDecision(ctx, leave))
		mustOK(t, "leaving with decision", db.UpdateCollaboration(ctx, c))
	})
}
