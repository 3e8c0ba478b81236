package sqldb_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// fixedClock makes the store's clock start at 2025-06-15 10:00 UTC and
// move one second per reading, so registration order is well defined.
func fixedClock(db *sqldb.DB) {
	var mu sync.Mutex
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	})
}

// jointCommittee returns a gemensam nämnd for Gävle (host) and Sundsvall,
// at status, in the network "norr".
func jointCommittee(t *testing.T, db *sqldb.DB, title, status string) *samverkan.Collaboration {
	t.Helper()
	c := sqldbtest.Collaboration(title, gavle, sundsvall)
	c.LegalForm, c.Status, c.Networks = samverkan.FormJointCommittee, status, []string{"norr"}
	return sqldbtest.MustCreateCollaboration(t, db, c)
}

func decision(c *samverkan.Collaboration, code, outcome, date string) *samverkan.Decision {
	d := &samverkan.Decision{CollaborationID: c.ID, Municipality: code, Body: "kf", Outcome: outcome,
		Kind: samverkan.KindAdopt, Document: "reglemente"}
	if date != "" {
		d.Date = samverkan.MustDate(date)
	}
	return d
}

func mustCreateDecision(t *testing.T, db *sqldb.DB, d *samverkan.Decision) *samverkan.Decision {
	t.Helper()
	mustOK(t, "CreateDecision", db.CreateDecision(context.Background(), d))
	return d
}

// pipelineCounts extends counts with the decisions and the events of one
// collaboration, to show a refused write left nothing behind.
func pipelineCounts(t *testing.T, db *sqldb.DB, id int64) [3]any {
	t.Helper()
	ds, err := db.Decisions(context.Background(), id)
	mustOK(t, "Decisions", err)
	es, err := db.CollaborationEvents(context.Background(), id)
	mustOK(t, "CollaborationEvents", err)
	return [3]any{countAll(t, db), len(ds), len(es)}
}

func TestDecisionCRUD(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db)
		ctx := samverkan.WithActor(context.Background(), "samordnare")
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "IT-nämnd", samverkan.StatusDeciding)

		d := decision(c, gavle, samverkan.OutcomeApproved, "2025-05-20")
		d.BodyName, d.Paragraph, d.URL, d.Note = "Kommunfullmäktige i Gävle", "§ 82", "https://example.se/kf.pdf", "Enhälligt."
		mustOK(t, "create", db.CreateDecision(ctx, d))
		if d.ID == 0 || d.Version != 1 || d.Created.IsZero() {
			t.Fatalf("after create: %+v", d)
		}
		got, err := db.DecisionByID(ctx, d.ID)
		mustOK(t, "DecisionByID", err)
		if g, w := asJSON(t, got), asJSON(t, d); g != w {
			t.Errorf("DecisionByID = %s\nwant %s", g, w)
		}

		pending := mustCreateDecision(t, db, decision(c, sundsvall, samverkan.OutcomePending, ""))
		list, err := db.Decisions(ctx, c.ID)
		mustOK(t, "Decisions", err)
		if len(list) != 2 || list[0].ID != d.ID || list[1].ID != pending.ID {
			t.Errorf("Decisions = %+v, want the dated one, then the pending one", list)
		}

		// Update with the current version; a stale one is refused.
		u := *pending
		u.Outcome, u.Date, u.Paragraph = samverkan.OutcomeReferred, samverkan.MustDate("2025-06-01"), "§ 12"
		mustOK(t, "update", db.UpdateDecision(ctx, &u))
		if u.Version != 2 || u.CollaborationID != c.ID {
			t.Errorf("after update: version %d collaboration %d", u.Version, u.CollaborationID)
		}
		stale := *pending
		stale.Note = "gammal"
		wantCode(t, "stale update", db.UpdateDecision(ctx, &stale), samverkan.ESTALE)
		wantCode(t, "stale delete", db.DeleteDecision(ctx, u.ID, 1), samverkan.ESTALE)
		mustOK(t, "delete", db.DeleteDecision(ctx, u.ID, u.Version))
		_, err = db.DecisionByID(ctx, u.ID)
		wantCode(t, "get deleted", err, samverkan.ENOTFOUND)
		wantCode(t, "delete again", db.DeleteDecision(ctx, u.ID, u.Version), samverkan.ENOTFOUND)
		_, err = db.Decisions(ctx, 9999)
		wantCode(t, "decisions of nothing", err, samverkan.ENOTFOUND)

		// Every write left a collaboration event and an audit row.
		es, err := db.CollaborationEvents(ctx, c.ID)
		mustOK(t, "CollaborationEvents", err)
		var kinds []string
		for _, e := range es {
			kinds = append(kinds, e.Kind+":"+e.Subject+":"+e.From+">"+e.To)
		}
		want := []string{"skapad::>beslut_pagar", "beslut:" + gavle + ":>bifall", "beslut:" + sundsvall + ":>vantar",
			"beslut:" + sundsvall + ":vantar>aterremiss", "beslut_struket:" + sundsvall + ":aterremiss>"}
		if asJSON(t, kinds) != asJSON(t, want) {
			t.Errorf("events = %v, want %v", kinds, want)
		}
		if es[1].Date != samverkan.MustDate("2025-05-20") || es[2].Date != samverkan.MustDate("2025-06-15") {
			t.Errorf("event dates = %v, %v; want the decision's date, or today for a pending one", es[1].Date, es[2].Date)
		}
		audit, err := db.AuditEvents(ctx, sqldb.EntityDecision, strconv.FormatInt(u.ID, 10))
		mustOK(t, "AuditEvents", err)
		if len(audit) != 3 || audit[0].Action != sqldb.ActionCreate || audit[2].Action != sqldb.ActionDelete ||
			audit[2].Before == "" || audit[2].After != "" || audit[1].Actor != "samordnare" {
			t.Errorf("audit = %+v", audit)
		}
	})
}

func TestDecisionRejectsWriteNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db) // today is 2025-06-15
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "IT-nämnd", samverkan.StatusDeciding)
		ok := mustCreateDecision(t, db, decision(c, gavle, samverkan.OutcomePending, ""))
		before := pipelineCounts(t, db, c.ID)

		for _, tc := range []struct {
			name, field, code string
			edit              func(d *samverkan.Decision)
		}{
			{"not a participant", "municipality", "not_participant", func(d *samverkan.Decision) { d.Municipality = stockholm }},
			{"taken in the future", "date", "decision_in_future", func(d *samverkan.Decision) { d.Date = samverkan.MustDate("2025-06-16") }},
			{"taken without a date", "date", "decision_date_required", func(d *samverkan.Decision) { d.Date = samverkan.Date{} }},
			{"unknown outcome", "outcome", "unknown_outcome", func(d *samverkan.Decision) { d.Outcome = "kanske" }},
			{"unknown body", "body", "unknown_body", func(d *samverkan.Decision) { d.Body = "riksdagen" }},
			{"bad date", "date", "invalid_date", func(d *samverkan.Decision) { d.Date = samverkan.LenientDate("3 okt") }},
		} {
			d := decision(c, gavle, samverkan.OutcomeApproved, "2025-06-01")
			tc.edit(d)
			err := db.CreateDecision(ctx, d)
			wantCode(t, tc.name, err, samverkan.EINVALID)
			if fe := samverkan.FieldErrors(err); len(fe) == 0 || fe[0].Field != tc.field || fe[0].Code != tc.code {
				t.Errorf("%s: field errors %+v, want %s %s", tc.name, fe, tc.field, tc.code)
			}
			u := *ok
			u.Outcome, u.Date = samverkan.OutcomeApproved, samverkan.MustDate("2025-06-01")
			tc.edit(&u)
			wantCode(t, tc.name+" (update)", db.UpdateDecision(ctx, &u), samverkan.EINVALID)
		}
		// A pending decision may be dated ahead: the meeting it waits for.
		planned := decision(c, sundsvall, samverkan.OutcomePending, "2025-09-01")
		wantCode(t, "unknown collaboration", db.CreateDecision(ctx, &samverkan.Decision{CollaborationID: 9999,
			Municipality: gavle, Body: "kf", Outcome: "vantar", Kind: samverkan.KindJoin}), samverkan.ENOTFOUND)
		if after := pipelineCounts(t, db, c.ID); asJSON(t, after) != asJSON(t, before) {
			t.Errorf("refused writes changed the store: %v → %v", before, after)
		}
		mustOK(t, "pending decision dated ahead", db.CreateDecision(ctx, planned))
	})
}

func TestAssessmentStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db)
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "Förstudie löner", samverkan.StatusStudyOngoing)
		_, err := db.Assessment(ctx, c.ID)
		wantCode(t, "no assessment yet", err, samverkan.ENOTFOUND)

		a := &samverkan.Assessment{
			CollaborationID:  c.ID,
			LegalFeasibility: "mojlig_med_villkor",
			LegalBasis:       "KL 9 kap. 37 §",
			LegalConditions:  "Ingen myndighetsutövning flyttas.",
			ProcurementBasis: "hamburg_3kap17",
			Organisation: []samverkan.OrgReadiness{
				{Municipality: gavle, Readiness: "hog", Staffing: "3 årsarbetare", DigitalMaturity: 4},
				{Municipality: sundsvall, Readiness: "medel", DigitalMaturity: 3, Note: "Nytt lönesystem 2026"},
			},
			Economics: samverkan.Economics{OneOffCost: 500_000, AnnualCost: 100_000, AnnualSaving: 350_000, Years: 4, DiscountRate: 3.5},
			Effects:   []samverkan.PurposeEffect{{Purpose: "sarbarhet", Effect: "stor_positiv"}},
			Risks: []samverkan.Risk{{Category: "digital_mognad", Description: "Olika lönesystem", Likelihood: 3, Impact: 2,
				Mitigation: "Gemensam upphandling"}},
			RecommendedForm: samverkan.FormAgreement,
			Recommendation:  "Gå vidare till beredning.",
		}
		mustOK(t, "create", db.SaveAssessment(ctx, a))
		if a.Version != 1 {
			t.Fatalf("version after create = %d", a.Version)
		}
		got, err := db.Assessment(ctx, c.ID)
		mustOK(t, "Assessment", err)
		if g, w := asJSON(t, got), asJSON(t, a); g != w {
			t.Errorf("Assessment = %s\nwant %s", g, w)
		}

		// A second create, a stale update and bad input are refused and
		// write nothing.
		before := pipelineCounts(t, db, c.ID)
		again := *a
		again.Version = 0
		wantCode(t, "second create", db.SaveAssessment(ctx, &again), samverkan.ESTALE)
		neg := *got
		neg.Economics.OneOffCost, neg.Economics.AnnualCost = -1, -5
		err = db.SaveAssessment(ctx, &neg)
		wantCode(t, "negative costs", err, samverkan.EINVALID)
		if fe := samverkan.FieldErrors(err); len(fe) != 2 || fe[0].Code != "negative" {
			t.Errorf("negative costs: %+v", fe)
		}
		outsider := *got
		outsider.Organisation = []samverkan.OrgReadiness{{Municipality: stockholm}}
		wantCode(t, "readiness of a non-participant", db.SaveAssessment(ctx, &outsider), samverkan.EINVALID)
		wantCode(t, "no collaboration", db.SaveAssessment(ctx, &samverkan.Assessment{CollaborationID: 9999}), samverkan.ENOTFOUND)
		if after := pipelineCounts(t, db, c.ID); asJSON(t, after) != asJSON(t, before) {
			t.Errorf("refused writes changed the store: %v → %v", before, after)
		}

		u := *got
		u.Economics.AnnualSaving = 0
		u.Risks = nil
		mustOK(t, "update", db.SaveAssessment(ctx, &u))
		stale := *got
		wantCode(t, "stale", db.SaveAssessment(ctx, &stale), samverkan.ESTALE)
		got, err = db.Assessment(ctx, c.ID)
		mustOK(t, "Assessment", err)
		if got.Version != 2 || got.Economics.AnnualSaving != 0 || len(got.Risks) != 0 || got.Risks == nil {
			t.Errorf("after update: %+v", got)
		}
		audit, err := db.AuditEvents(ctx, sqldb.EntityAssessment, strconv.FormatInt(c.ID, 10))
		mustOK(t, "AuditEvents", err)
		if len(audit) != 2 || audit[1].Action != sqldb.ActionUpdate || audit[1].Before == "" {
			t.Errorf("audit = %+v", audit)
		}
	})
}

func TestStatusGate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db)
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "IT-nämnd", samverkan.StatusDeciding)

		refused := func(what string, code string, missing int) {
			t.Helper()
			before := pipelineCounts(t, db, c.ID)
			cur := mustGet(t, db, c.ID)
			_, err := db.ChangeStatus(ctx, c.ID, cur.Version, samverkan.StatusDecided, samverkan.Date{}, "")
			checkRefusal(t, what+" (ChangeStatus)", err, code, missing)
			edit := mustGet(t, db, c.ID)
			edit.Status = samverkan.StatusDecided
			checkRefusal(t, what+" (UpdateCollaboration)", db.UpdateCollaboration(ctx, edit), code, missing)
			if after := pipelineCounts(t, db, c.ID); asJSON(t, after) != asJSON(t, before) {
				t.Errorf("%s: refused status change wrote: %v → %v", what, before, after)
			}
		}
		refused("no decisions", samverkan.ECONFLICT, 2)
		mustCreateDecision(t, db, decision(c, gavle, samverkan.OutcomeApproved, "2025-05-20"))
		no := mustCreateDecision(t, db, decision(c, sundsvall, samverkan.OutcomeRejected, "2025-05-21"))
		refused("one rejected", samverkan.ECONFLICT, 1)
		no.Outcome = samverkan.OutcomePending
		mustOK(t, "avslag → väntar", db.UpdateDecision(ctx, no))
		refused("one pending", samverkan.ECONFLICT, 1)
		// A later bifall after an avslag in the same body counts.
		mustCreateDecision(t, db, decision(c, sundsvall, samverkan.OutcomeApproved, "2025-06-10"))

		cur := mustGet(t, db, c.ID)
		_, err := db.ChangeStatus(ctx, c.ID, cur.Version-1, samverkan.StatusDecided, samverkan.Date{}, "")
		wantCode(t, "stale version", err, samverkan.ESTALE)
		_, err = db.ChangeStatus(ctx, c.ID, cur.Version, samverkan.StatusDecided, samverkan.MustDate("2025-07-01"), "")
		wantCode(t, "dated in the future", err, samverkan.EINVALID)

		got, err := db.ChangeStatus(ctx, c.ID, cur.Version, samverkan.StatusDecided, samverkan.MustDate("2025-06-12"), "Alla fullmäktige har beslutat.")
		mustOK(t, "ChangeStatus beslutad", err)
		if got.Status != samverkan.StatusDecided || got.Version != cur.Version+1 {
			t.Errorf("after ChangeStatus: status %s version %d", got.Status, got.Version)
		}
		es, err := db.CollaborationEvents(ctx, c.ID)
		mustOK(t, "CollaborationEvents", err)
		last := es[len(es)-1]
		if last.Kind != "status" || last.From != samverkan.StatusDeciding || last.To != samverkan.StatusDecided ||
			last.Date != samverkan.MustDate("2025-06-12") || last.Note != "Alla fullmäktige har beslutat." {
			t.Errorf("status event = %+v", last)
		}
		// And on through the edit form: igång is the next stage.
		edit := mustGet(t, db, c.ID)
		edit.Status = samverkan.StatusRunning
		mustOK(t, "UpdateCollaboration igång", db.UpdateCollaboration(ctx, edit))
		audit, err := db.AuditEvents(ctx, sqldb.EntityCollaboration, strconv.FormatInt(c.ID, 10))
		mustOK(t, "AuditEvents", err)
		if len(audit) != 3 || audit[1].Action != sqldb.ActionUpdate {
			t.Errorf("audit rows = %d, want create, status change, update", len(audit))
		}
	})
}

func checkRefusal(t *testing.T, what string, err error, code string, missing int) {
	t.Helper()
	wantCode(t, what, err, code)
	var e *samverkan.Error
	if !asAppError(err, &e) || len(e.Missing) != missing {
		t.Errorf("%s: missing = %+v, want %d", what, e, missing)
	}
}

func TestChangeStatusRules(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db)
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "Idé", samverkan.StatusIdea)
		before := pipelineCounts(t, db, c.ID)
		for _, tc := range []struct{ to, code, field string }{
			{samverkan.StatusPreparation, "skipped_stage", "status"},
			{"klar", "unknown_status", "status"},
			{samverkan.StatusUnderReview, "transition_not_allowed", "status"},
			{samverkan.StatusIdea, "transition_not_allowed", "status"},
		} {
			_, err := db.ChangeStatus(ctx, c.ID, c.Version, tc.to, samverkan.Date{}, "")
			wantCode(t, tc.to, err, samverkan.EINVALID)
			if fe := samverkan.FieldErrors(err); len(fe) != 1 || fe[0].Field != tc.field || fe[0].Code != tc.code {
				t.Errorf("%s: %+v, want %s", tc.to, fe, tc.code)
			}
			edit := mustGet(t, db, c.ID)
			edit.Status = tc.to
			if tc.to != samverkan.StatusIdea {
				wantCode(t, tc.to+" (update)", db.UpdateCollaboration(ctx, edit), samverkan.EINVALID)
			}
		}
		if after := pipelineCounts(t, db, c.ID); asJSON(t, after) != asJSON(t, before) {
			t.Errorf("refused status changes wrote: %v → %v", before, after)
		}
		_, err := db.ChangeStatus(ctx, 9999, 1, samverkan.StatusInventoried, samverkan.Date{}, "")
		wantCode(t, "unknown collaboration", err, samverkan.ENOTFOUND)

		// Step by step; back a stage is allowed; the date defaults to today.
		v := c.Version
		for _, to := range []string{samverkan.StatusInventoried, samverkan.StatusStudyOngoing, samverkan.StatusInventoried, samverkan.StatusStudyOngoing} {
			got, err := db.ChangeStatus(ctx, c.ID, v, to, samverkan.Date{}, "")
			mustOK(t, "to "+to, err)
			v = got.Version
		}
		es, err := db.CollaborationEvents(ctx, c.ID)
		mustOK(t, "CollaborationEvents", err)
		if len(es) != 5 || es[4].Date != samverkan.MustDate("2025-06-15") {
			t.Errorf("events = %+v", es)
		}

		// A form that needs no decision may be decided and started; igång
		// sets the start date when it is empty.
		n := sqldbtest.Collaboration("Nätverk", gavle, sundsvall)
		n.LegalForm, n.Status = samverkan.FormInformalNetwork, samverkan.StatusDeciding
		sqldbtest.MustCreateCollaboration(t, db, n)
		got, err := db.ChangeStatus(ctx, n.ID, n.Version, samverkan.StatusDecided, samverkan.Date{}, "")
		mustOK(t, "informal network beslutad", err)
		got, err = db.ChangeStatus(ctx, n.ID, got.Version, samverkan.StatusRunning, samverkan.MustDate("2025-01-01"), "")
		mustOK(t, "informal network igång", err)
		if got.Start != samverkan.MustDate("2025-01-01") || mustGet(t, db, n.ID).Start != got.Start {
			t.Errorf("start = %v, want 2025-01-01", got.Start)
		}

		// No legal form: the gate cannot be passed.
		u := sqldbtest.Collaboration("Okänd form", gavle, sundsvall)
		u.LegalForm, u.Status = samverkan.FormUnknown, samverkan.StatusDeciding
		sqldbtest.MustCreateCollaboration(t, db, u)
		_, err = db.ChangeStatus(ctx, u.ID, u.Version, samverkan.StatusDecided, samverkan.Date{}, "")
		wantCode(t, "no legal form", err, samverkan.ECONFLICT)
	})
}

func TestFindDecisionsPending(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db)
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall, ostersund))
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("syd", malmo, goteborg))
		a := jointCommittee(t, db, "A", samverkan.StatusDeciding)
		b := sqldbtest.Collaboration("B", ostersund, sundsvall)
		b.Status, b.Networks = samverkan.StatusPreparation, []string{"norr"}
		sqldbtest.MustCreateCollaboration(t, db, b)
		s := sqldbtest.Collaboration("S", malmo, goteborg)
		s.Status, s.Networks = samverkan.StatusDeciding, []string{"syd"}
		sqldbtest.MustCreateCollaboration(t, db, s)

		p1 := mustCreateDecision(t, db, decision(a, sundsvall, samverkan.OutcomePending, ""))
		mustCreateDecision(t, db, decision(a, gavle, samverkan.OutcomeApproved, "2025-05-01"))
		p2 := mustCreateDecision(t, db, decision(b, ostersund, samverkan.OutcomePending, "2025-09-01"))
		p3 := mustCreateDecision(t, db, decision(b, sundsvall, samverkan.OutcomePending, ""))
		mustCreateDecision(t, db, decision(b, sundsvall, samverkan.OutcomeReferred, "2025-04-01"))
		p4 := mustCreateDecision(t, db, decision(s, malmo, samverkan.OutcomePending, ""))
		// Pending, then taken: no longer waiting.
		done := mustCreateDecision(t, db, decision(s, goteborg, samverkan.OutcomePending, ""))
		done.Outcome, done.Date = samverkan.OutcomeApproved, samverkan.MustDate("2025-06-01")
		mustOK(t, "taken", db.UpdateDecision(ctx, done))

		idsOf := func(items []samverkan.DecisionItem) []int64 {
			out := []int64{}
			for _, it := range items {
				out = append(out, it.ID)
			}
			return out
		}
		for _, tc := range []struct {
			name string
			f    samverkan.DecisionFilter
			want []int64
		}{
			{"network norr", samverkan.DecisionFilter{Network: "norr", PendingOnly: true}, []int64{p1.ID, p2.ID, p3.ID}},
			{"network syd", samverkan.DecisionFilter{Network: "syd", PendingOnly: true}, []int64{p4.ID}},
			{"Sundsvall", samverkan.DecisionFilter{Municipality: sundsvall, PendingOnly: true}, []int64{p1.ID, p3.ID}},
			{"Göteborg", samverkan.DecisionFilter{Municipality: goteborg, PendingOnly: true}, []int64{}},
			{"collaboration B", samverkan.DecisionFilter{CollaborationID: b.ID, PendingOnly: true}, []int64{p2.ID, p3.ID}},
			{"unknown network", samverkan.DecisionFilter{Network: "inget", PendingOnly: true}, []int64{}},
		} {
			items, err := db.FindDecisions(ctx, tc.f)
			mustOK(t, tc.name, err)
			if g, w := asJSON(t, idsOf(items)), asJSON(t, tc.want); g != w {
				t.Errorf("%s: %s, want %s", tc.name, g, w)
			}
			for _, it := range items {
				if it.Outcome != samverkan.OutcomePending || it.CollaborationTitle == "" || it.CollaborationStatus == "" {
					t.Errorf("%s: item %+v", tc.name, it)
				}
			}
		}
		all, err := db.FindDecisions(ctx, samverkan.DecisionFilter{Network: "norr"})
		mustOK(t, "all of norr", err)
		if len(all) != 5 || all[0].CollaborationTitle != "A" {
			t.Errorf("all of norr: %d items", len(all))
		}
	})
}

func TestDeleteCollaborationRemovesPipeline(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "A", samverkan.StatusDeciding)
		d := mustCreateDecision(t, db, decision(c, gavle, samverkan.OutcomePending, ""))
		mustOK(t, "assessment", db.SaveAssessment(ctx, &samverkan.Assessment{CollaborationID: c.ID}))
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c.ID, c.Version))
		_, err := db.DecisionByID(ctx, d.ID)
		wantCode(t, "decision after delete", err, samverkan.ENOTFOUND)
		_, err = db.Assessment(ctx, c.ID)
		wantCode(t, "assessment after delete", err, samverkan.ENOTFOUND)
		for _, e := range []struct{ entity, id string }{
			{sqldb.EntityDecision, strconv.FormatInt(d.ID, 10)},
			{sqldb.EntityAssessment, strconv.FormatInt(c.ID, 10)},
		} {
			audit, err := db.AuditEvents(ctx, e.entity, e.id)
			mustOK(t, "AuditEvents", err)
			if len(audit) != 2 || audit[1].Action != sqldb.ActionDelete || audit[1].Before == "" {
				t.Errorf("%s audit = %+v", e.entity, audit)
			}
		}
	})
}

// TestPipelineInBatch shows the pipeline writes join a batch and roll back
// with it.
func TestPipelineInBatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := jointCommittee(t, db, "A", samverkan.StatusDeciding)
		before := pipelineCounts(t, db, c.ID)
		err := db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
			if err := s.CreateDecision(ctx, decision(c, gavle, samverkan.OutcomeApproved, "2020-01-01")); err != nil {
				return err
			}
			if _, err := s.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusDecided, samverkan.Date{}, ""); err == nil {
				t.Error("gate passed with one decision missing")
			}
			return samverkan.Errorf(samverkan.EINVALID, "roll back")
		})
		wantCode(t, "batch", err, samverkan.EINVALID)
		if after := pipelineCounts(t, db, c.ID); asJSON(t, after) != asJSON(t, before) {
			t.Errorf("rolled-back batch wrote: %v → %v", before, after)
		}
	})
}

func asAppError(err error, target **samverkan.Error) bool { return errors.As(err, target) }

func TestRecordHistory(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		fixedClock(db)
		ctx := context.Background()
		c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Förbund", gavle, sundsvall))
		before := pipelineCounts(t, db, c.ID)
		for _, bad := range []samverkan.Event{
			{Kind: "status", To: "klar"},
			{Kind: "okänd"},
			{Kind: "status", To: samverkan.StatusRunning, Date: samverkan.MustDate("2030-01-01")},
		} {
			wantCode(t, "bad history "+bad.Kind, db.RecordHistory(ctx, c.ID, []samverkan.Event{bad}), samverkan.EINVALID)
		}
		if after := pipelineCounts(t, db, c.ID); asJSON(t, after) != asJSON(t, before) {
			t.Errorf("refused history wrote: %v → %v", before, after)
		}
		wantCode(t, "no collaboration", db.RecordHistory(ctx, 9999, nil), samverkan.ENOTFOUND)
		mustOK(t, "history", db.RecordHistory(ctx, c.ID, []samverkan.Event{
			{Kind: "status", To: samverkan.StatusStudyOngoing, Note: "Utrett sedan slutet av 2016."},
			{Kind: "status", From: samverkan.StatusStudyOngoing, To: samverkan.StatusRunning, Date: samverkan.MustDate("2019-01-01")},
		}))
		es, err := db.CollaborationEvents(ctx, c.ID)
		mustOK(t, "CollaborationEvents", err)
		if len(es) != 3 || !es[1].Date.IsZero() || es[1].Note == "" || es[2].Date != samverkan.MustDate("2019-01-01") {
			t.Errorf("events = %+v", es)
		}
		if got := mustGet(t, db, c.ID); got.Version != c.Version {
			t.Errorf("history changed the version to %d", got.Version)
		}
	})
}
