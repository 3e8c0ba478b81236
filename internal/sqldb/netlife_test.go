package sqldb_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// lifeFixture is a network (Mittsverige: Sundsvall, Östersund, Gävle
// who has left) with one collaboration in it and one outside it.
type lifeFixture struct {
	slug        string
	in, outside *samverkan.Collaboration
}

func newLifeFixture(t *testing.T, db *sqldb.DB) lifeFixture {
	t.Helper()
	ctx := context.Background()
	n := fullNetwork()
	mustOK(t, "CreateNetwork", db.CreateNetwork(ctx, n))
	mk := func(title string, nets []string) *samverkan.Collaboration {
		c := &samverkan.Collaboration{Title: title, Networks: nets, Participants: []samverkan.Participant{{Code: sundsvall}, {Code: ostersund}}}
		mustOK(t, "CreateCollaboration "+title, db.CreateCollaboration(ctx, c))
		return c
	}
	return lifeFixture{slug: n.Slug, in: mk("Gemensam växel", []string{n.Slug}), outside: mk("Gemensam lönenämnd", nil)}
}

// fieldCodes lists the field errors of err as field:code.
func fieldCodes(err error) map[string]string {
	out := map[string]string{}
	for _, f := range samverkan.FieldErrors(err) {
		out[f.Field] = f.Code
	}
	return out
}

func auditActions(t *testing.T, db *sqldb.DB, entity string, id int64) []string {
	t.Helper()
	es, err := db.AuditEvents(context.Background(), entity, strconv.FormatInt(id, 10))
	mustOK(t, "AuditEvents", err)
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func TestRiskStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newLifeFixture(t, db)
		own := &samverkan.RiskEntry{Network: f.slug, Kind: samverkan.RiskKindObstacle, Category: "juridiskt_hinder",
			Title: "Lagstiftning", Source: "Stormötet 2023"}
		mustOK(t, "CreateRisk", db.CreateRisk(ctx, own))
		if own.ID == 0 || own.Version != 1 || own.Likelihood != nil {
			t.Fatalf("created %+v", own)
		}
		cid := f.in.ID
		collab := &samverkan.RiskEntry{CollaborationID: &cid, Kind: samverkan.RiskKindRisk, Category: "kompetens",
			Title: "Nyckelperson slutar", Likelihood: ptr(4), Impact: ptr(5), Responsible: "IT-chefsgruppen",
			Review: samverkan.MustDate("2025-03-01")}
		mustOK(t, "CreateRisk (collaboration)", db.CreateRisk(ctx, collab))

		// Unknown likelihood stays unknown: not 0, not 1.
		got, err := db.RiskByID(ctx, own.ID)
		mustOK(t, "RiskByID", err)
		if got.Likelihood != nil || got.Impact != nil || got.Network != f.slug || got.CollaborationID != nil {
			t.Errorf("read back %+v", got)
		}
		// The network's list holds its own and its collaboration's, gravest first.
		rs, err := db.RisksByNetwork(ctx, f.slug)
		mustOK(t, "RisksByNetwork", err)
		if len(rs) != 2 || rs[0].ID != collab.ID || rs[0].CollaborationTitle != "Gemensam växel" || rs[1].ID != own.ID {
			t.Errorf("network list %s", asJSON(t, rs))
		}
		cr, err := db.RisksByCollaboration(ctx, f.in.ID)
		mustOK(t, "RisksByCollaboration", err)
		if len(cr) != 1 || cr[0].ID != collab.ID {
			t.Errorf("collaboration list %s", asJSON(t, cr))
		}
		_, err = db.RisksByNetwork(ctx, "finns-inte")
		wantCode(t, "unknown network", err, samverkan.ENOTFOUND)
		_, err = db.RisksByCollaboration(ctx, 99999)
		wantCode(t, "unknown collaboration", err, samverkan.ENOTFOUND)

		// Bad input writes nothing and names every field.
		before := countAll(t, db)
		bad := &samverkan.RiskEntry{Network: f.slug, CollaborationID: &cid, Kind: "kanske", Category: "x", Likelihood: ptr(0), Impact: ptr(6), Status: "?"}
		err = db.CreateRisk(ctx, bad)
		wantCode(t, "bad risk", err, samverkan.EINVALID)
		want := map[string]string{"network": "risk_owner", "kind": "unknown_risk_kind", "category": "unknown_risk_category",
			"title": "required", "likelihood": "out_of_scale", "impact": "out_of_scale", "status": "unknown_risk_status"}
		if got := fieldCodes(err); asJSON(t, got) != asJSON(t, want) {
			t.Errorf("field errors %v, want %v", got, want)
		}
		wantCode(t, "risk of a missing network", db.CreateRisk(ctx, &samverkan.RiskEntry{Network: "finns-inte", Kind: "risk", Category: "annan", Title: "x"}), samverkan.ENOTFOUND)
		if after := countAll(t, db); after != before {
			t.Errorf("a refused risk changed the store: %+v → %+v", before, after)
		}

		// Update; a stale version is refused; a risk cannot move.
		v1 := *got
		got.Likelihood, got.Impact, got.Mitigation = ptr(3), ptr(4), "Gemensam remiss."
		other := "annat-natverk"
		got.Network = other
		mustOK(t, "UpdateRisk", db.UpdateRisk(ctx, got))
		if got.Version != 2 || got.Network != f.slug {
			t.Errorf("after update: version %d network %q", got.Version, got.Network)
		}
		stale := v1
		stale.Title = "Gammal"
		wantCode(t, "stale update", db.UpdateRisk(ctx, &stale), samverkan.ESTALE)

		// Restore the first version: likelihood back to unknown.
		es, err := db.AuditEvents(ctx, samverkan.AuditEntityRisk, strconv.FormatInt(own.ID, 10))
		mustOK(t, "AuditEvents", err)
		_, err = db.RestoreRisk(ctx, own.ID, es[0].ID, 1)
		wantCode(t, "stale restore", err, samverkan.ESTALE)
		restored, err := db.RestoreRisk(ctx, own.ID, es[0].ID, 2)
		mustOK(t, "RestoreRisk", err)
		if restored.Likelihood != nil || restored.Mitigation != "" || restored.Version != 3 {
			t.Errorf("restored %s", asJSON(t, restored))
		}
		es, _ = db.AuditEvents(ctx, samverkan.AuditEntityRisk, strconv.FormatInt(own.ID, 10))
		if last := es[len(es)-1]; last.Action != samverkan.AuditRestore || samverkan.RestoredFrom(last) != es[0].ID {
			t.Errorf("restore audited as %s from %d", last.Action, samverkan.RestoredFrom(last))
		}
		_, err = db.RestoreRisk(ctx, own.ID, es[0].ID+100000, 3)
		wantCode(t, "restore from a missing event", err, samverkan.ENOTFOUND)
		collabEvents, _ := db.AuditEvents(ctx, samverkan.AuditEntityRisk, strconv.FormatInt(collab.ID, 10))
		_, err = db.RestoreRisk(ctx, own.ID, collabEvents[0].ID, 3)
		wantCode(t, "restore from another risk's event", err, samverkan.ENOTFOUND)

		// Delete: stale refused, current accepted and audited.
		wantCode(t, "stale delete", db.DeleteRisk(ctx, own.ID, 1), samverkan.ESTALE)
		mustOK(t, "DeleteRisk", db.DeleteRisk(ctx, own.ID, 3))
		_, err = db.RiskByID(ctx, own.ID)
		wantCode(t, "deleted", err, samverkan.ENOTFOUND)
		if a := auditActions(t, db, samverkan.AuditEntityRisk, own.ID); asJSON(t, a) != asJSON(t, []string{"create", "update", "restore", "delete"}) {
			t.Errorf("audit %v", a)
		}
	})
}

// Deleting a collaboration or a network takes their risks and records
// with them, each deletion audited: nothing vanishes from the history.
func TestNetworkLifeGoesWithItsOwner(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newLifeFixture(t, db)
		cid := f.in.ID
		cr := &samverkan.RiskEntry{CollaborationID: &cid, Kind: "risk", Category: "annan", Title: "Risk i samverkan"}
		mustOK(t, "CreateRisk", db.CreateRisk(ctx, cr))
		c := mustGet(t, db, f.in.ID)
		mustOK(t, "DeleteCollaboration", db.DeleteCollaboration(ctx, c.ID, c.Version))
		if a := auditActions(t, db, samverkan.AuditEntityRisk, cr.ID); asJSON(t, a) != asJSON(t, []string{"create", "delete"}) {
			t.Errorf("collaboration risk audit %v, want create, delete", a)
		}

		nr := &samverkan.RiskEntry{Network: f.slug, Kind: "risk", Category: "insyn", Title: "Minskad insyn"}
		mustOK(t, "CreateRisk", db.CreateRisk(ctx, nr))
		m := &samverkan.Meeting{Network: f.slug, Kind: samverkan.MeetingAssembly, Title: "Stormöte", Start: samverkan.MustDate("2024-05-02")}
		mustOK(t, "CreateMeeting", db.CreateMeeting(ctx, m))
		g := &samverkan.WorkGroup{Network: f.slug, Name: "IT"}
		mustOK(t, "CreateWorkGroup", db.CreateWorkGroup(ctx, g))
		a := &samverkan.AdvocacyIssue{Network: f.slug, Title: "Bredband"}
		mustOK(t, "CreateAdvocacyIssue", db.CreateAdvocacyIssue(ctx, a))
		n, err := db.NetworkBySlug(ctx, f.slug)
		mustOK(t, "NetworkBySlug", err)
		mustOK(t, "DeleteNetwork", db.DeleteNetwork(ctx, f.slug, n.Version))
		for entity, id := range map[string]int64{samverkan.AuditEntityRisk: nr.ID, samverkan.AuditEntityMeeting: m.ID,
			samverkan.AuditEntityWorkGroup: g.ID, samverkan.AuditEntityAdvocacy: a.ID} {
			if got := auditActions(t, db, entity, id); asJSON(t, got) != asJSON(t, []string{"create", "delete"}) {
				t.Errorf("%s %d audit %v, want create, delete", entity, id, got)
			}
		}
		if _, err := db.MeetingByID(ctx, m.ID); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
			t.Errorf("the meeting outlived its network: %v", err)
		}
	})
}

func TestMeetingStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newLifeFixture(t, db)
		g := &samverkan.WorkGroup{Network: f.slug, Name: "Arbetsgrupp IT", Area: "X-IT",
			Members: []samverkan.WorkGroupMember{{Municipality: sundsvall, Function: "IT-chef"}}}
		mustOK(t, "CreateWorkGroup", db.CreateWorkGroup(ctx, g))
		in := f.in.ID
		m := &samverkan.Meeting{Network: f.slug, Kind: samverkan.MeetingAssembly, Title: "Stormöte 2023",
			Start: samverkan.MustDate("2023-12-14"), End: samverkan.MustDate("2023-12-15"), Place: "Sundsvall", Host: ostersund,
			Attendance: "omkring 70 förtroendevalda och tjänstepersoner",
			Decisions:  []samverkan.MeetingDecision{{Text: "Växeln utreds vidare.", CollaborationID: &in}, {Text: "Nästa stormöte i Östersund."}}}
		mustOK(t, "CreateMeeting", db.CreateMeeting(ctx, m))
		gid := g.ID
		wg := &samverkan.Meeting{Network: f.slug, Kind: samverkan.MeetingWorkGroup, Title: "IT-gruppen", WorkGroupID: &gid,
			Start: samverkan.MustDate("2024-02-01"), End: samverkan.MustDate("2024-02-01")}
		mustOK(t, "CreateMeeting (work group)", db.CreateMeeting(ctx, wg))
		if !wg.End.IsZero() || wg.WorkGroupName != "Arbetsgrupp IT" {
			t.Errorf("one-day meeting end %q, group %q", wg.End, wg.WorkGroupName)
		}

		all, err := db.MeetingsByNetwork(ctx, f.slug, 0)
		mustOK(t, "MeetingsByNetwork", err)
		if len(all) != 2 || all[0].ID != wg.ID || all[1].Decisions[0].CollaborationTitle != "Gemensam växel" {
			t.Errorf("all meetings %s", asJSON(t, all))
		}
		y23, err := db.MeetingsByNetwork(ctx, f.slug, 2023)
		mustOK(t, "MeetingsByNetwork 2023", err)
		if len(y23) != 1 || y23[0].ID != m.ID || y23[0].Start.String() != "2023-12-14" || y23[0].End.String() != "2023-12-15" ||
			y23[0].Host != ostersund || len(y23[0].Decisions) != 2 || y23[0].Decisions[1].CollaborationID != nil {
			t.Errorf("2023 %s", asJSON(t, y23))
		}
		if none, err := db.MeetingsByNetwork(ctx, f.slug, 2019); err != nil || len(none) != 0 {
			t.Errorf("2019: %v %v", none, err)
		}

		// Links outside the network, hosts outside it, a group of
		// another network: refused, nothing written.
		other := &samverkan.Network{Slug: "annat", Name: "Annat", Members: []samverkan.NetworkMember{{Code: malmo}, {Code: goteborg}}}
		mustOK(t, "CreateNetwork", db.CreateNetwork(ctx, other))
		og := &samverkan.WorkGroup{Network: "annat", Name: "Deras grupp"}
		mustOK(t, "CreateWorkGroup", db.CreateWorkGroup(ctx, og))
		before := countAll(t, db)
		out, missing, ogid := f.outside.ID, int64(99999), og.ID
		bad := &samverkan.Meeting{Network: f.slug, Kind: samverkan.MeetingSteering, Title: "Styrgrupp", Start: samverkan.MustDate("2024-01-10"),
			Decisions: []samverkan.MeetingDecision{{Text: "a", CollaborationID: &out}, {Text: "b", CollaborationID: &missing}}}
		err = db.CreateMeeting(ctx, bad)
		want := map[string]string{"decisions[0].collaboration_id": "not_in_network", "decisions[1].collaboration_id": "unknown_collaboration"}
		if got := fieldCodes(err); asJSON(t, got) != asJSON(t, want) {
			t.Errorf("links: %v, want %v", got, want)
		}
		bad = &samverkan.Meeting{Network: f.slug, Kind: "fika", Start: samverkan.MustDate("2024-01-10"), End: samverkan.MustDate("2024-01-09"),
			Host: malmo, AgendaURL: "ftp://x", WorkGroupID: &ogid}
		err = db.CreateMeeting(ctx, bad)
		want = map[string]string{"kind": "unknown_meeting_kind", "title": "required", "end": "end_before_start", "host": "not_member", "agenda_url": "invalid_url"}
		if got := fieldCodes(err); asJSON(t, got) != asJSON(t, want) {
			t.Errorf("fields: %v, want %v", got, want)
		}
		bad.Kind, bad.Title, bad.End, bad.Host, bad.AgendaURL = samverkan.MeetingWorkGroup, "x", samverkan.Date{}, "", ""
		if got := fieldCodes(db.CreateMeeting(ctx, bad)); got["work_group_id"] != "work_group_not_in_network" {
			t.Errorf("group of another network: %v", got)
		}
		if after := countAll(t, db); after != before {
			t.Errorf("refused meetings changed the store: %+v → %+v", before, after)
		}

		// Update, stale, restore, delete.
		first := *m
		m.Place, m.Notes = "Östersund", "Flyttat."
		mustOK(t, "UpdateMeeting", db.UpdateMeeting(ctx, m))
		wantCode(t, "stale", db.UpdateMeeting(ctx, &first), samverkan.ESTALE)
		es, _ := db.AuditEvents(ctx, samverkan.AuditEntityMeeting, strconv.FormatInt(m.ID, 10))
		r, err := db.RestoreMeeting(ctx, m.ID, es[0].ID, m.Version)
		mustOK(t, "RestoreMeeting", err)
		if r.Place != "Sundsvall" || r.Notes != "" || len(r.Decisions) != 2 || r.Decisions[0].CollaborationTitle != "Gemensam växel" {
			t.Errorf("restored %s", asJSON(t, r))
		}
		// A deleted group leaves its meeting as it was.
		mustOK(t, "DeleteWorkGroup", db.DeleteWorkGroup(ctx, g.ID, g.Version))
		left, err := db.MeetingByID(ctx, wg.ID)
		mustOK(t, "MeetingByID", err)
		if left.WorkGroupID == nil || *left.WorkGroupID != g.ID || left.WorkGroupName != "" || left.Version != 1 {
			t.Errorf("meeting of a deleted group: %s", asJSON(t, left))
		}
		mustOK(t, "DeleteMeeting", db.DeleteMeeting(ctx, m.ID, r.Version))
		if a := auditActions(t, db, samverkan.AuditEntityMeeting, m.ID); asJSON(t, a) != asJSON(t, []string{"create", "update", "restore", "delete"}) {
			t.Errorf("audit %v", a)
		}
	})
}

func TestWorkGroupStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newLifeFixture(t, db)
		g := &samverkan.WorkGroup{Network: f.slug, Name: "Socialtjänst", Area: "X-IT", Mandate: "Ta fram förslag.",
			Members:        []samverkan.WorkGroupMember{{Municipality: sundsvall, Function: "socialchef"}, {Municipality: gavle, Function: "socialchef"}},
			Collaborations: []samverkan.CollabLink{{ID: f.in.ID, Title: "fel titel"}}}
		mustOK(t, "CreateWorkGroup", db.CreateWorkGroup(ctx, g))
		got, err := db.WorkGroupByID(ctx, g.ID)
		mustOK(t, "WorkGroupByID", err)
		if len(got.Members) != 2 || got.Collaborations[0].Title != "Gemensam växel" || got.Collaborations[0].Status != samverkan.StatusRunning {
			t.Errorf("read back %s", asJSON(t, got))
		}
		// The stored column keeps ids only.
		es, _ := db.AuditEvents(ctx, samverkan.AuditEntityWorkGroup, strconv.FormatInt(g.ID, 10))
		var after samverkan.WorkGroup
		if json.Unmarshal([]byte(es[0].After), &after) != nil || after.Collaborations[0].Title != "Gemensam växel" {
			t.Errorf("audit after %s", es[0].After)
		}
		bad := &samverkan.WorkGroup{Network: f.slug, Area: "okänt",
			Members:        []samverkan.WorkGroupMember{{Municipality: malmo, Function: "x"}, {Municipality: sundsvall}, {Municipality: gavle, Function: "a"}, {Municipality: gavle, Function: "a"}},
			Collaborations: []samverkan.CollabLink{{ID: f.outside.ID}, {ID: f.outside.ID}}}
		err = db.CreateWorkGroup(ctx, bad)
		want := map[string]string{"name": "required", "area": "unknown_area", "members[0].municipality": "not_member",
			"members[1].function": "required", "members[3].function": "duplicate_seat", "collaborations[1].id": "duplicate_link"}
		if got := fieldCodes(err); asJSON(t, got) != asJSON(t, want) {
			t.Errorf("fields %v, want %v", got, want)
		}
		gs, err := db.WorkGroupsByNetwork(ctx, f.slug)
		mustOK(t, "WorkGroupsByNetwork", err)
		if len(gs) != 1 || gs[0].Network != f.slug {
			t.Errorf("groups %s", asJSON(t, gs))
		}
		// A deleted collaboration stays linked, without a title.
		c := mustGet(t, db, f.in.ID)
		mustOK(t, "DeleteCollaboration", db.DeleteCollaboration(ctx, c.ID, c.Version))
		got, _ = db.WorkGroupByID(ctx, g.ID)
		if len(got.Collaborations) != 1 || got.Collaborations[0].ID != c.ID || got.Collaborations[0].Title != "" || got.Version != 1 {
			t.Errorf("after deleting the collaboration %s", asJSON(t, got))
		}
		got.Name = "Socialtjänst och skola"
		got.Collaborations = nil
		mustOK(t, "UpdateWorkGroup", db.UpdateWorkGroup(ctx, got))
		r, err := db.RestoreWorkGroup(ctx, g.ID, es[0].ID, got.Version)
		// The first version links a collaboration that is gone: the
		// restore goes through the normal rules and refuses.
		wantCode(t, "restore of a link to a deleted collaboration", err, samverkan.EINVALID)
		if r != nil {
			t.Errorf("restore returned %v", r)
		}
		mustOK(t, "DeleteWorkGroup", db.DeleteWorkGroup(ctx, g.ID, got.Version))
	})
}

func TestAdvocacyStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newLifeFixture(t, db)
		a := &samverkan.AdvocacyIssue{Network: f.slug, Title: "Gemensam påverkan", Targets: []string{"region", "stat", "eu", "stat"},
			Actions:    []samverkan.AdvocacyAction{{Date: samverkan.MustDate("2024-01-15"), Text: "Brev till regionen."}, {Date: samverkan.MustDate("2023-11-02"), Text: "Möte."}},
			Documents:  []samverkan.AdvocacyDocument{{Title: "Ståndpunkt", URL: "https://example.se/pm.pdf"}},
			Supporters: []string{sundsvall, gavle}}
		mustOK(t, "CreateAdvocacyIssue", db.CreateAdvocacyIssue(ctx, a))
		got, err := db.AdvocacyIssueByID(ctx, a.ID)
		mustOK(t, "AdvocacyIssueByID", err)
		if asJSON(t, got.Targets) != asJSON(t, []string{"region", "stat", "eu"}) || len(got.Actions) != 2 || len(got.Supporters) != 2 ||
			got.Position != "" || got.Status != "" {
			t.Errorf("read back %s", asJSON(t, got))
		}
		if n := len(got.ActionsIn(2023)); n != 1 {
			t.Errorf("actions in 2023: %d", n)
		}
		bad := &samverkan.AdvocacyIssue{Network: f.slug, Title: "x", Targets: []string{"kommun"}, Status: "klar",
			Actions:    []samverkan.AdvocacyAction{{Text: "utan datum"}},
			Documents:  []samverkan.AdvocacyDocument{{URL: "nej"}},
			Supporters: []string{malmo}}
		err = db.CreateAdvocacyIssue(ctx, bad)
		want := map[string]string{"targets[0]": "unknown_advocacy_target", "status": "unknown_advocacy_status", "actions[0].date": "required",
			"documents[0].title": "required", "documents[0].url": "invalid_url", "supporters[0]": "not_member"}
		if got := fieldCodes(err); asJSON(t, got) != asJSON(t, want) {
			t.Errorf("fields %v, want %v", got, want)
		}
		got.Position, got.Status = "Regelverk anpassade för glesa kommuner.", "pagar"
		mustOK(t, "UpdateAdvocacyIssue", db.UpdateAdvocacyIssue(ctx, got))
		es, _ := db.AuditEvents(ctx, samverkan.AuditEntityAdvocacy, strconv.FormatInt(a.ID, 10))
		r, err := db.RestoreAdvocacyIssue(ctx, a.ID, es[0].ID, got.Version)
		mustOK(t, "RestoreAdvocacyIssue", err)
		if r.Position != "" || r.Status != "" || len(r.Actions) != 2 {
			t.Errorf("restored %s", asJSON(t, r))
		}
		list, err := db.AdvocacyByNetwork(ctx, f.slug)
		mustOK(t, "AdvocacyByNetwork", err)
		if len(list) != 1 || list[0].Version != 3 {
			t.Errorf("list %s", asJSON(t, list))
		}
		wantCode(t, "stale delete", db.DeleteAdvocacyIssue(ctx, a.ID, 2), samverkan.ESTALE)
		mustOK(t, "DeleteAdvocacyIssue", db.DeleteAdvocacyIssue(ctx, a.ID, 3))
	})
}
