package sqldb_test

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// fullCollaboration sets every field of Collaboration.
func fullCollaboration(related int64) *samverkan.Collaboration {
	return &samverkan.Collaboration{
		Title:       "Överförmyndarnämnd för Gävle och Sundsvall",
		Description: "En gemensam nämnd med säte i Gävle.\nAndra raden: 100 % samverkan_x.",
		Areas:       []string{"X-OF", "130"},
		LegalForm:   samverkan.FormJointCommittee,
		Status:      samverkan.StatusUnderReview,
		Triage:      "kraver_politiskt_beslut",
		// The pipeline fields (migration 0002).
		TriageReason: "Nämnden tar över myndighetsutövning",
		Proposer:     "Överförmyndarnas nätverk",
		Priority:     2,
		OfPrinciple:  true,
		Host:         gavle,
		Participants: []samverkan.Participant{
			{Code: gavle, Role: samverkan.RoleHost, Joined: samverkan.MustDate("2019-01-01")},
			{Code: sundsvall, Role: samverkan.RoleMember, Joined: samverkan.MustDate("2019-01-01"), Left: samverkan.MustDate("2024-12-31")},
			{Party: "Region Gävleborg", PartyKind: "region", Role: samverkan.RoleFunder},
		},
		Networks: []string{"norr"},
		Start:    samverkan.MustDate("2019-01-01"),
		End:      samverkan.MustDate("2030-12-31"),
		Documents: []samverkan.Document{{
			Type: "reglemente", Title: "Reglemente för överförmyndarnämnden", AdoptedBy: "kf", AdoptedIn: gavle,
			Adopted: samverkan.MustDate("2018-11-26"), Paragraph: "§ 182", ValidFrom: samverkan.MustDate("2019-01-01"),
			ValidTo: samverkan.MustDate("2022-12-31"), NoticeMonths: ptr(12), Renewal: "förlängs 3 år i taget",
			URL: "https://example.se/reglemente.pdf",
		}, {Type: "samverkansavtal"}},
		PublicAuthority:      true,
		PublicAuthorityBasis: "Föräldrabalken",
		ExternalDelegation:   false, // only in avtalssamverkan (KL 9 kap. 37 §); this is a gemensam nämnd
		SpecialActs:          "FB 19 kap.",
		ProcurementBasis:     "organisatorisk_gn",
		AnnualCost:           ptr(int64(4_500_000)),
		CostKey:              "invanare",
		CostKeyNote:          "Efter folkmängd 1 november",
		RepresentationKey:    "2 ledamöter per kommun",
		Purposes:             []string{"sarbarhet", "kvalitet"},
		Contacts:             []samverkan.Contact{{Function: "Nämndsekreterare", Name: "Anna Ek", Email: "anna@example.se", Phone: "026-100 00"}},
		Public:               true,
		Sources:              []samverkan.Source{{Text: "Kommunfullmäktige 2018-11-26", URL: "https://example.se/kf"}, {Field: "annual_cost", Text: "Budget 2024"}},
		Relations:            []samverkan.Relation{{Kind: "ersatter", ID: related}},
		Example:              true,
	}
}

func TestCollaborationRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		old := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Gamla nämnden", gavle, sundsvall))
		c := fullCollaboration(old.ID)
		sqldbtest.MustCreateCollaboration(t, db, c)
		if c.ID == 0 || c.Version != 1 || c.Created.IsZero() || !c.Updated.Equal(c.Created) {
			t.Fatalf("after create: id %d version %d created %v updated %v", c.ID, c.Version, c.Created, c.Updated)
		}

		want := *c
		want.Participants = append([]samverkan.Participant(nil), c.Participants...)
		want.Participants[0].Name, want.Participants[1].Name, want.Participants[2].Name = "Gävle", "Sundsvall", "Region Gävleborg"
		want.Relations = []samverkan.Relation{{Kind: "ersatter", ID: old.ID, Title: "Gamla nämnden"}}
		got := mustGet(t, db, c.ID)
		if g, w := asJSON(t, got), asJSON(t, &want); g != w {
			t.Errorf("CollaborationByID = %s\nwant %s", g, w)
		}
		if !got.Created.Equal(c.Created) || !got.Updated.Equal(c.Updated) {
			t.Errorf("timestamps = %v, %v, want %v, %v", got.Created, got.Updated, c.Created, c.Updated)
		}

		// The list returns the same record.
		page, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{IDs: []int64{c.ID}})
		mustOK(t, "FindCollaborations", err)
		if len(page) != 1 || asJSON(t, page[0]) != asJSON(t, &want) {
			t.Errorf("FindCollaborations(IDs) = %s, want %s", asJSON(t, page), asJSON(t, &want))
		}

		// A minimal record comes back with empty optional fields.
		minimal := sqldbtest.MustCreateCollaboration(t, db, &samverkan.Collaboration{
			Title:        "Minimal",
			Participants: []samverkan.Participant{{Code: malmo}, {Code: goteborg}},
		})
		m := mustGet(t, db, minimal.ID)
		if m.AnnualCost != nil || !m.Start.IsZero() || m.Host != "" || m.Status != samverkan.StatusRunning ||
			m.LegalForm != samverkan.FormUnknown || len(m.Documents) != 0 {
			t.Errorf("minimal = %s", asJSON(t, m))
		}
	})
}

func TestCollaborationNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		_, err := db.CollaborationByID(ctx, 999)
		wantCode(t, "CollaborationByID(999)", err, samverkan.ENOTFOUND)
		c := sqldbtest.Collaboration("Finns inte", gavle, sundsvall)
		c.ID, c.Version = 999, 1
		wantCode(t, "UpdateCollaboration(999)", db.UpdateCollaboration(ctx, c), samverkan.ENOTFOUND)
		wantCode(t, "DeleteCollaboration(999)", db.DeleteCollaboration(ctx, 999, 1), samverkan.ENOTFOUND)
	})
}

func TestValidationWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		existing := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Befintlig", gavle, sundsvall))
		tests := []struct {
			name      string
			edit      func(c *samverkan.Collaboration)
			wantField string
			wantCode  string
		}{
			{"no title", func(c *samverkan.Collaboration) { c.Title = " " }, "title", "required"},
			{"one participant", func(c *samverkan.Collaboration) { c.Participants = c.Participants[:1] }, "participants", "min_participants"},
			{"unknown network", func(c *samverkan.Collaboration) { c.Networks = []string{"norr", "saknas"} }, "networks[1]", "unknown_network"},
			{"unknown relation", func(c *samverkan.Collaboration) {
				c.Relations = []samverkan.Relation{{Kind: "ersatter", ID: 12345}}
			}, "relations[0].id", "unknown_collaboration"},
			{"unknown area", func(c *samverkan.Collaboration) { c.Areas = []string{"999"} }, "areas[0]", "unknown_area"},
			{"new party without kind ok, bad municipality", func(c *samverkan.Collaboration) {
				c.Participants = append(c.Participants, samverkan.Participant{Party: "Ny part"}, samverkan.Participant{Code: "9999"})
			}, "participants[3].code", "unknown_municipality"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before := countAll(t, db)
				for _, write := range []string{"create", "update"} {
					c := sqldbtest.Collaboration("Ny", gavle, sundsvall)
					if write == "update" {
						c = mustGet(t, db, existing.ID)
					}
					tc.edit(c)
					var err error
					if write == "create" {
						err = db.CreateCollaboration(ctx, c)
					} else {
						err = db.UpdateCollaboration(ctx, c)
					}
					wantCode(t, write, err, samverkan.EINVALID)
					found := false
					for _, f := range samverkan.FieldErrors(err) {
						found = found || (f.Field == tc.wantField && f.Code == tc.wantCode)
					}
					if !found {
						t.Errorf("%s: field errors = %+v, want %s %s", write, samverkan.FieldErrors(err), tc.wantField, tc.wantCode)
					}
				}
				if after := countAll(t, db); after != before {
					t.Errorf("counts = %+v, want %+v (nothing written)", after, before)
				}
				if got := mustGet(t, db, existing.ID); got.Version != 1 || got.Title != "Befintlig" {
					t.Errorf("existing = v%d %q, want v1 unchanged", got.Version, got.Title)
				}
			})
		}
	})
}

func TestVersionConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Original", gavle, sundsvall))
		first, second := mustGet(t, db, c.ID), mustGet(t, db, c.ID)

		first.Title = "Första ändringen"
		mustOK(t, "first update", db.UpdateCollaboration(ctx, first))
		if first.Version != 2 {
			t.Errorf("first.Version = %d, want 2", first.Version)
		}
		second.Title = "Andra ändringen"
		wantCode(t, "second update with stale version", db.UpdateCollaboration(ctx, second), samverkan.ESTALE)
		if got := mustGet(t, db, c.ID); got.Title != "Första ändringen" || got.Version != 2 {
			t.Errorf("after conflict = %q v%d, want %q v2", got.Title, got.Version, "Första ändringen")
		}

		wantCode(t, "delete with stale version", db.DeleteCollaboration(ctx, c.ID, 1), samverkan.ESTALE)
		mustGet(t, db, c.ID) // still there
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c.ID, 2))
		_, err := db.CollaborationByID(ctx, c.ID)
		wantCode(t, "get deleted", err, samverkan.ENOTFOUND)
		wantCode(t, "delete again", db.DeleteCollaboration(ctx, c.ID, 2), samverkan.ENOTFOUND)
	})
}

// TestConcurrentUpdates races writers holding the same version: exactly
// one wins, the others get ESTALE, none deadlocks.
func TestConcurrentUpdates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Kapplöpning", gavle, sundsvall))
		const writers = 8
		errs := make([]error, writers)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				u := mustGetNoFatal(db, c.ID)
				u.Title = "Skrivare " + strconv.Itoa(i)
				errs[i] = db.UpdateCollaboration(ctx, u)
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch samverkan.ErrorCode(err) {
			case "":
				ok++
			case samverkan.ESTALE:
			default:
				t.Errorf("concurrent update: %v", err)
			}
		}
		got := mustGet(t, db, c.ID)
		if got.Version != 1+ok || ok < 1 {
			t.Errorf("%d updates succeeded, version %d; want at least 1 and version 1+successes", ok, got.Version)
		}
	})
}

func mustGetNoFatal(db *sqldb.DB, id int64) *samverkan.Collaboration {
	c, err := db.CollaborationByID(context.Background(), id)
	if err != nil {
		panic(err)
	}
	return c
}

func TestUpdateReplacesChildren(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("syd", malmo, goteborg))
		c := fullCollaboration(0)
		c.Relations = nil
		sqldbtest.MustCreateCollaboration(t, db, c)

		u := mustGet(t, db, c.ID)
		u.Areas = []string{"270"}
		u.Networks = []string{"syd", "norr"}
		u.Documents = nil
		u.Contacts = []samverkan.Contact{{Function: "Förbundsdirektör"}}
		u.Sources = nil
		u.Purposes = []string{"effektivitet_kostnad"}
		u.Participants = u.Participants[:2]
		u.AnnualCost = nil
		mustOK(t, "UpdateCollaboration", db.UpdateCollaboration(ctx, u))
		got := mustGet(t, db, c.ID)
		if asJSON(t, got) != asJSON(t, u) {
			t.Errorf("after update = %s\nwant %s", asJSON(t, got), asJSON(t, u))
		}
	})
}

func TestCollaborationEvents(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "handläggare@gavle.se")
		c := sqldbtest.Collaboration("Räddningstjänst", gavle, sundsvall)
		c.Status = samverkan.StatusPreparation
		mustOK(t, "create", db.CreateCollaboration(ctx, c))

		steps := []struct {
			name string
			edit func(c *samverkan.Collaboration)
			want []samverkan.Event // Kind, Subject, From, To and Date (zero: not checked)
		}{
			{"member joins", func(c *samverkan.Collaboration) {
				c.Participants = append(c.Participants, samverkan.Participant{Code: ostersund, Joined: samverkan.MustDate("2025-01-01")})
			}, []samverkan.Event{{Kind: "intrade", Subject: ostersund, Date: samverkan.MustDate("2025-01-01")}}},
			{"member leaves", func(c *samverkan.Collaboration) {
				c.Participants[1].Left = samverkan.MustDate("2025-06-30")
			}, []samverkan.Event{{Kind: "uttrade", Subject: sundsvall, Date: samverkan.MustDate("2025-06-30")}}},
			{"status, form and title", func(c *samverkan.Collaboration) {
				c.Status = samverkan.StatusDeciding // one step on; the gate is tested in status_test.go
				c.LegalForm = samverkan.FormFederationBoard
				c.Title = "Räddningstjänsten Mitt"
			}, []samverkan.Event{
				{Kind: "status", From: samverkan.StatusPreparation, To: samverkan.StatusDeciding},
				{Kind: "form", From: samverkan.FormAgreement, To: samverkan.FormFederationBoard},
				{Kind: "titel", From: "Räddningstjänst", To: "Räddningstjänsten Mitt"},
			}},
			{"participant struck", func(c *samverkan.Collaboration) {
				c.Participants = c.Participants[:2] // drops Östersund
			}, []samverkan.Event{{Kind: "borttagen_deltagare", Subject: ostersund}}},
			{"other change", func(c *samverkan.Collaboration) { c.Description = "Ny beskrivning" },
				[]samverkan.Event{{Kind: "andrad"}}},
		}
		seen := 1 // "skapad"
		for _, st := range steps {
			u := mustGet(t, db, c.ID)
			st.edit(u)
			mustOK(t, st.name, db.UpdateCollaboration(ctx, u))
			events, err := db.CollaborationEvents(ctx, c.ID)
			mustOK(t, "CollaborationEvents", err)
			if len(events) != seen+len(st.want) {
				t.Fatalf("%s: %d events, want %d: %+v", st.name, len(events), seen+len(st.want), events)
			}
			for i, w := range st.want {
				g := events[seen+i]
				if g.Kind != w.Kind || g.Subject != w.Subject || g.From != w.From || g.To != w.To ||
					(!w.Date.IsZero() && g.Date != w.Date) || g.Actor != "handläggare@gavle.se" || g.At.IsZero() {
					t.Errorf("%s: event %d = %+v, want %+v", st.name, i, g, w)
				}
			}
			seen = len(events)
		}

		final := mustGet(t, db, c.ID)
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c.ID, final.Version))
		events, err := db.CollaborationEvents(ctx, c.ID)
		mustOK(t, "CollaborationEvents after delete", err)
		if len(events) != seen+1 || events[0].Kind != "skapad" || events[len(events)-1].Kind != "borttagen" {
			t.Errorf("events after delete = %+v, want skapad … borttagen (%d)", events, seen+1)
		}
	})
}

func TestAuditEvents(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "admin")
		c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Före", gavle, sundsvall))
		u := mustGet(t, db, c.ID)
		u.Title = "Efter"
		mustOK(t, "update", db.UpdateCollaboration(ctx, u))
		mustOK(t, "delete", db.DeleteCollaboration(ctx, c.ID, u.Version))

		audit, err := db.AuditEvents(ctx, sqldb.EntityCollaboration, strconv.FormatInt(c.ID, 10))
		mustOK(t, "AuditEvents", err)
		want := []struct{ action, actor, before, after string }{
			{sqldb.ActionCreate, "system", "", "Före"},
			{sqldb.ActionUpdate, "admin", "Före", "Efter"},
			{sqldb.ActionDelete, "admin", "Efter", ""},
		}
		if len(audit) != len(want) {
			t.Fatalf("AuditEvents = %d rows, want %d: %+v", len(audit), len(want), audit)
		}
		for i, w := range want {
			a := audit[i]
			if a.Action != w.action || a.Actor != w.actor || a.Entity != sqldb.EntityCollaboration || a.At.IsZero() {
				t.Errorf("audit[%d] = %+v, want action %s actor %s", i, a, w.action, w.actor)
			}
			if title := jsonTitle(t, a.Before); title != w.before {
				t.Errorf("audit[%d].Before title = %q, want %q", i, title, w.before)
			}
			if title := jsonTitle(t, a.After); title != w.after {
				t.Errorf("audit[%d].After title = %q, want %q", i, title, w.after)
			}
		}
	})
}

func jsonTitle(t *testing.T, s string) string {
	t.Helper()
	if s == "" {
		return ""
	}
	var c samverkan.Collaboration
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		t.Fatalf("audit JSON %q: %v", s, err)
	}
	return c.Title
}

func TestDataVersion(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		last, err := db.DataVersion(ctx)
		mustOK(t, "DataVersion", err)
		check := func(what string) {
			t.Helper()
			v, err := db.DataVersion(ctx)
			mustOK(t, "DataVersion", err)
			if v == last {
				t.Errorf("DataVersion unchanged (%d) after %s", v, what)
			}
			last = v
		}
		n := sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("n", gavle, sundsvall))
		check("CreateNetwork")
		mustOK(t, "UpdateNetwork", db.UpdateNetwork(ctx, n))
		check("UpdateNetwork")
		c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("C", gavle, sundsvall))
		check("CreateCollaboration")
		mustOK(t, "UpdateCollaboration", db.UpdateCollaboration(ctx, c))
		check("UpdateCollaboration")
		mustOK(t, "DeleteCollaboration", db.DeleteCollaboration(ctx, c.ID, c.Version))
		check("DeleteCollaboration")
		mustOK(t, "DeleteNetwork", db.DeleteNetwork(ctx, n.Slug, n.Version))
		check("DeleteNetwork")
		_, _, _ = db.FindCollaborations(ctx, samverkan.CollaborationFilter{})
		if v, _ := db.DataVersion(ctx); v != last {
			t.Errorf("DataVersion changed by a read: %d → %d", last, v)
		}
	})
}
