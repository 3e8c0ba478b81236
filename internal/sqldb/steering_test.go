package sqldb_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// steeringFixture is a network with two collaborations, one running and
// one idea.
func steeringFixture(t *testing.T, db *sqldb.DB) (n *samverkan.Network, running, idea *samverkan.Collaboration) {
	t.Helper()
	ctx := context.Background()
	n = fullNetwork()
	n.RotationOrder = []string{ostersund, sundsvall}
	n.Declaration.AdoptedBy = "kommunstyrelserna"
	n.Declaration.URL = "https://example.se/avsikt.pdf"
	mustOK(t, "CreateNetwork", db.CreateNetwork(ctx, n))
	running = &samverkan.Collaboration{Title: "Gemensam växel", Status: samverkan.StatusRunning, Networks: []string{n.Slug},
		Start:        samverkan.MustDate("2020-01-01"),
		Participants: []samverkan.Participant{{Code: sundsvall}, {Code: ostersund}},
		Documents:    []samverkan.Document{{Type: "avtal", Title: "Växelavtal", ValidTo: samverkan.MustDate("2026-03-31")}}}
	mustOK(t, "create running", db.CreateCollaboration(ctx, running))
	idea = &samverkan.Collaboration{Title: "Gemensamt e-arkiv", Status: samverkan.StatusIdea, Networks: []string{n.Slug},
		Participants: []samverkan.Participant{{Code: sundsvall}, {Code: ostersund}}}
	mustOK(t, "create idea", db.CreateCollaboration(ctx, idea))
	return n, running, idea
}

func TestNetworkSteeringFieldsAndRestore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, _, _ := steeringFixture(t, db)
		got, err := db.NetworkBySlug(ctx, n.Slug)
		mustOK(t, "NetworkBySlug", err)
		if got.Declaration.AdoptedBy != "kommunstyrelserna" || got.Declaration.URL != "https://example.se/avsikt.pdf" ||
			len(got.RotationOrder) != 2 || got.RotationOrder[0] != ostersund {
			t.Fatalf("read back %+v / %v", got.Declaration, got.RotationOrder)
		}
		// A rotation order naming a non-member is refused.
		bad := *got
		bad.RotationOrder = []string{stockholm}
		wantCode(t, "non-member in rotation", db.UpdateNetwork(ctx, &bad), samverkan.EINVALID)

		v1 := got.Version
		got.Name = "Nytt namn"
		mustOK(t, "UpdateNetwork", db.UpdateNetwork(ctx, got))
		events, err := db.AuditEvents(ctx, samverkan.AuditEntityNetwork, n.Slug)
		mustOK(t, "AuditEvents", err)
		if len(events) != 2 {
			t.Fatalf("%d audit events", len(events))
		}
		_, err = db.RestoreNetwork(ctx, n.Slug, events[0].ID, v1)
		wantCode(t, "stale restore", err, samverkan.ESTALE)
		back, err := db.RestoreNetwork(ctx, n.Slug, events[0].ID, got.Version)
		mustOK(t, "RestoreNetwork", err)
		if back.Name != "Samverkan Mittsverige" || back.Version != got.Version+1 || back.RotationOrder[0] != ostersund {
			t.Fatalf("restored %q v%d %v", back.Name, back.Version, back.RotationOrder)
		}
		events, _ = db.AuditEvents(ctx, samverkan.AuditEntityNetwork, n.Slug)
		last := events[len(events)-1]
		if last.Action != samverkan.AuditRestore || samverkan.RestoredFrom(last) != events[0].ID {
			t.Errorf("restore audited as %s from %d", last.Action, samverkan.RestoredFrom(last))
		}
		_, err = db.RestoreNetwork(ctx, n.Slug, 99999999, back.Version)
		wantCode(t, "unknown event", err, samverkan.ENOTFOUND)
	})
}

func TestPlanStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, running, idea := steeringFixture(t, db)
		p := &samverkan.NetworkPlan{Network: n.Slug, Title: "Plan 2025–2027", FromYear: 2025, ToYear: 2027, Current: true,
			Priorities: []samverkan.Priority{
				{Title: "Digitalisering", Purposes: []string{"Minska sårbarheten"}, Collaborations: []int64{running.ID, idea.ID},
					Activities: []samverkan.Activity{{Title: "Kartlägg system", Responsible: "samordnare"}, {Title: "Upphandla"}}},
				{Title: "Kompetens"},
			}}
		mustOK(t, "SavePlan", db.SavePlan(ctx, p))
		if p.ID == 0 || p.Version != 1 || p.Priorities[0].ID != 1 || p.Priorities[1].ID != 2 || p.Priorities[0].Activities[1].ID != 2 {
			t.Fatalf("saved plan %+v", p)
		}
		cur, err := db.CurrentPlan(ctx, n.Slug)
		mustOK(t, "CurrentPlan", err)
		if cur.ID != p.ID || cur.Priorities[0].Activities[0].Status != samverkan.ActivityPlanned {
			t.Fatalf("current %+v", cur)
		}
		// Unknown purpose, a collaboration outside the network: refused, nothing written.
		other := &samverkan.Collaboration{Title: "Utanför", Participants: []samverkan.Participant{{Code: malmo}, {Code: goteborg}}}
		mustOK(t, "create other", db.CreateCollaboration(ctx, other))
		bad := *cur
		bad.Priorities = []samverkan.Priority{{Title: "X", Purposes: []string{"Okänt"}, Collaborations: []int64{other.ID}}}
		err = db.SavePlan(ctx, &bad)
		wantCode(t, "bad plan", err, samverkan.EINVALID)
		if fe := samverkan.FieldErrors(err); len(fe) != 2 {
			t.Errorf("field errors %+v", fe)
		}
		// Stale.
		stale := *cur
		stale.Version = 99
		wantCode(t, "stale", db.SavePlan(ctx, &stale), samverkan.ESTALE)

		// A second current plan makes the first not current.
		p2 := &samverkan.NetworkPlan{Network: n.Slug, Title: "Plan 2028", FromYear: 2028, ToYear: 2028, Current: true}
		mustOK(t, "SavePlan 2", db.SavePlan(ctx, p2))
		plans, err := db.Plans(ctx, n.Slug)
		mustOK(t, "Plans", err)
		if len(plans) != 2 || plans[0].ID != p2.ID || !plans[0].Current || plans[1].Current {
			t.Fatalf("plans %+v", plans)
		}
		audit, _ := db.AuditEvents(ctx, sqldb.EntityPlan, strconv.FormatInt(p.ID, 10))
		if len(audit) != 2 {
			t.Errorf("first plan has %d audit events, want 2 (create, made not current)", len(audit))
		}
		st, err := db.CollaborationStatuses(ctx, []int64{running.ID, idea.ID, 999999})
		mustOK(t, "CollaborationStatuses", err)
		if len(st) != 2 || st[running.ID] != samverkan.StatusRunning {
			t.Errorf("statuses %v", st)
		}
		_, err = db.Plans(ctx, "finns-inte")
		wantCode(t, "plans of unknown network", err, samverkan.ENOTFOUND)
	})
}

func TestFollowUpStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, running, _ := steeringFixture(t, db)
		f := &samverkan.FollowUp{CollaborationID: running.ID, Year: 2025,
			Assessments: []samverkan.PurposeAssessment{{Purpose: "Minska sårbarheten", Score: 4, Motivation: "Två kan svara."}},
			Budget:      ptr(int64(100000)), Indicators: []samverkan.Indicator{{Name: "Samtal", Unit: "st", Value: ptr(1200.0)}}}
		mustOK(t, "SaveFollowUp", db.SaveFollowUp(ctx, f))
		got, err := db.FollowUp(ctx, running.ID, 2025)
		mustOK(t, "FollowUp", err)
		if got.Cost != nil || *got.Budget != 100000 || got.Score("Minska sårbarheten") != 4 || *got.Indicators[0].Value != 1200 || got.Indicators[0].Target != nil {
			t.Fatalf("read back %+v", got)
		}
		// Unknown purpose; stale; unknown collaboration.
		bad := *got
		bad.Assessments = []samverkan.PurposeAssessment{{Purpose: "Något annat", Score: 2}}
		wantCode(t, "unknown purpose", db.SaveFollowUp(ctx, &bad), samverkan.EINVALID)
		stale := *got
		stale.Version = 0
		wantCode(t, "stale", db.SaveFollowUp(ctx, &stale), samverkan.ESTALE)
		wantCode(t, "unknown collaboration", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: 99999999, Year: 2025}), samverkan.ENOTFOUND)

		got.Cost = ptr(int64(120000))
		mustOK(t, "update", db.SaveFollowUp(ctx, got))
		if got.Version != 2 {
			t.Errorf("version %d", got.Version)
		}
		mustOK(t, "other year", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: running.ID, Year: 2024}))
		fus, err := db.ScopeFollowUps(ctx, samverkan.RefFilter{Network: n.Slug}, 2025)
		mustOK(t, "ScopeFollowUps", err)
		if len(fus) != 1 || fus[0].Year != 2025 {
			t.Fatalf("network follow-ups %+v", fus)
		}
		if fus, _ := db.ScopeFollowUps(ctx, samverkan.RefFilter{Municipality: ostersund}, 2024, 2025); len(fus) != 2 {
			t.Errorf("Östersund's follow-ups: %d", len(fus))
		}
		all, err := db.FollowUps(ctx, running.ID)
		mustOK(t, "FollowUps", err)
		if len(all) != 2 || all[0].Year != 2025 {
			t.Fatalf("follow-ups %+v", all)
		}
		refs, err := db.CollaborationRefs(ctx, samverkan.RefFilter{Network: n.Slug})
		mustOK(t, "CollaborationRefs", err)
		if len(refs) != 2 || refs[0].ID != running.ID || refs[1].Status != samverkan.StatusIdea {
			t.Fatalf("refs %+v", refs)
		}
		refs, _ = db.CollaborationRefs(ctx, samverkan.RefFilter{Municipality: ostersund})
		if len(refs) != 2 {
			t.Errorf("refs of Östersund: %d", len(refs))
		}
		ends, err := db.Endings(ctx, samverkan.RefFilter{Network: n.Slug}, samverkan.MustDate("2026-01-01"), samverkan.MustDate("2026-06-30"))
		mustOK(t, "Endings", err)
		if len(ends) != 1 || ends[0].Document != "Växelavtal" || ends[0].On.String() != "2026-03-31" {
			t.Fatalf("endings %+v", ends)
		}
		ends, _ = db.Endings(ctx, samverkan.RefFilter{Network: n.Slug}, samverkan.MustDate("2026-04-01"), samverkan.MustDate("2026-06-30"))
		if len(ends) != 0 {
			t.Errorf("endings after the date: %+v", ends)
		}
		// Deleting the collaboration removes its follow-ups.
		cur := mustGet(t, db, running.ID)
		mustOK(t, "delete", db.DeleteCollaboration(ctx, running.ID, cur.Version))
		_, err = db.FollowUp(ctx, running.ID, 2025)
		wantCode(t, "follow-up of deleted", err, samverkan.ENOTFOUND)
	})
}
