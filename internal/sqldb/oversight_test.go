package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// oversightFixture creates collaborations that a municipality took part in
// during some years and not others: each form, a pipeline stage and a
// rejected idea, records that started after or ended before a year,
// participations that began late or ended early, observers and funders, a
// party, areas, documents and follow-ups in several years.
func oversightFixture(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	d := samverkan.MustDate
	mk := func(title, form, status string, codes ...string) *samverkan.Collaboration {
		c := sqldbtest.Collaboration(title, codes...)
		c.LegalForm, c.Status = form, status
		return c
	}
	agreement := mk("Överförmyndare", samverkan.FormAgreement, samverkan.StatusRunning, gavle, sundsvall, uppsala)
	agreement.Start, agreement.AnnualCost, agreement.CostKey = d("2019-01-01"), ptr(int64(900_000)), samverkan.CostKeyEqual
	agreement.Areas = []string{"870", "270"}
	agreement.Documents = []samverkan.Document{{Type: "avtal", Title: "Avtal om överförmyndare", ValidFrom: d("2019-01-01"),
		ValidTo: d("2026-12-31"), NoticeMonths: ptr(12), Renewal: "forlangs", URL: "https://example.se/avtal.pdf"}}
	agreement.Participants[2].Joined = d("2024-07-01")
	agreement.ExternalDelegation = true
	special := mk("Räddningstjänst", samverkan.FormAgreementSpecial, samverkan.StatusNoticeGiven, sundsvall, gavle)
	special.End, special.AnnualCost = d("2024-12-31"), ptr(int64(1_000_000))
	purchase := mk("Köpt löneadministration", samverkan.FormPurchase, samverkan.StatusRunning, orebro, gavle)
	purchase.AnnualCost = ptr(int64(250_000))
	purchase.Participants[1].Role = samverkan.RoleBuyer
	federation := mk("Kommunalförbund", samverkan.FormFederationBoard, samverkan.StatusRunning, gavle, ostersund, stockholm)
	federation.AnnualCost, federation.CostKey = ptr(int64(3_000_000)), samverkan.CostKeyPopulation
	federation.Participants[2].Role = samverkan.RoleObserver
	federation.Participants = append(federation.Participants, samverkan.Participant{Party: "Region Gävleborg", PartyKind: "region"})
	committee := mk("Gemensam nämnd", samverkan.FormJointCommittee, samverkan.StatusEnded, gavle, uppsala)
	committee.Start, committee.End = d("2015-01-01"), d("2023-06-30")
	funded := mk("Finansierat projekt", samverkan.FormAgreement, samverkan.StatusRunning, stockholm, gavle)
	funded.Participants[1].Role = samverkan.RoleFunder
	left := mk("Lämnat", samverkan.FormAgreement, samverkan.StatusRunning, uppsala, gavle, orebro)
	left.Participants[1].Left = d("2024-03-31")
	late := mk("Startar senare", samverkan.FormAgreement, samverkan.StatusRunning, gavle, orebro)
	late.Start = d("2025-09-01")
	for _, c := range []*samverkan.Collaboration{agreement, special, purchase, federation, committee, funded, left, late,
		mk("Idé", samverkan.FormAgreement, samverkan.StatusIdea, gavle, orebro),
		mk("Avslagen", samverkan.FormAgreement, samverkan.StatusRejected, gavle, orebro),
		mk("Bolag", samverkan.FormCompany, samverkan.StatusRunning, orebro, gavle),
	} {
		sqldbtest.MustCreateCollaboration(t, db, c)
	}
	for _, f := range []struct {
		id   int64
		year int
	}{{agreement.ID, 2023}, {agreement.ID, 2025}, {federation.ID, 2024}, {committee.ID, 2022}, {left.ID, 2026}, {purchase.ID, 2025}} {
		mustOK(t, "SaveFollowUp", db.SaveFollowUp(ctx, &samverkan.FollowUp{CollaborationID: f.id, Year: f.year}))
	}
}

// TestOversightRecordsAsFullRead: OversightRecords gives, for every
// municipality, year and choice of forms, what the oversight and the KL
// 9:38 report read before (the oracle below: every collaboration the
// municipality takes part in, whole, by title, kept when TookPartIn and of
// the forms): whole records with with nil, else those records' fields
// OversightFields names and the child rows asked for (participants
// without a municipality's name). LatestFollowUps gives what the
// follow-ups of ScopeFollowUps come to.
func TestOversightRecordsAsFullRead(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		oversightFixture(t, db)
		oracle := func(code string, year int, forms []string) []*samverkan.Collaboration {
			all, err := samverkan.AllCollaborations(ctx, db, samverkan.CollaborationFilter{Municipality: code, Sort: "title"})
			mustOK(t, "AllCollaborations", err)
			var out []*samverkan.Collaboration
			for _, c := range all {
				if samverkan.TookPartIn(c, code, year) && (len(forms) == 0 || slices.Contains(forms, c.LegalForm)) {
					out = append(out, c)
				}
			}
			return out
		}
		// narrow is c as read with the child rows in with only.
		narrow := func(c *samverkan.Collaboration, code string, year int, with []string) *samverkan.Collaboration {
			n := &samverkan.Collaboration{ID: c.ID, Title: c.Title, LegalForm: c.LegalForm, Status: c.Status, Host: c.Host,
				Start: c.Start, End: c.End, AnnualCost: c.AnnualCost, CostKey: c.CostKey, ExternalDelegation: c.ExternalDelegation}
			if slices.Contains(with, samverkan.WithPayers) {
				first, last := samverkan.NewDate(year, 1, 1), samverkan.NewDate(year, 12, 31)
				for _, p := range c.Participants {
					payer := p.Code != "" && p.Role != samverkan.RoleObserver && p.Role != samverkan.RoleFunder &&
						!p.Left.Before(first) && !p.Joined.After(last)
					if c.AnnualCost != nil && payer || c.AnnualCost == nil && p.Code == code {
						p.Name = ""
						n.Participants = append(n.Participants, p)
					}
				}
			} else if slices.Contains(with, samverkan.WithParticipants) {
				for _, p := range c.Participants {
					if p.Code != "" {
						p.Name = ""
					}
					n.Participants = append(n.Participants, p)
				}
			}
			if slices.Contains(with, samverkan.WithAreas) {
				n.Areas = c.Areas
			}
			if slices.Contains(with, samverkan.WithDocuments) {
				n.Documents = c.Documents
			}
			return n
		}
		rows, latestSeen := 0, 0
		for _, code := range []string{gavle, orebro, uppsala, sundsvall, stockholm, malmo} {
			for _, year := range []int{1999, 2022, 2023, 2024, 2025, 2026} {
				for _, forms := range [][]string{nil, samverkan.AgreementForms} {
					want := oracle(code, year, forms)
					got, err := db.OversightRecords(ctx, code, year, forms, nil)
					mustOK(t, "OversightRecords", err)
					if g, w := asJSON(t, got), asJSON(t, want); g != w {
						t.Fatalf("%s %d %v: whole records\n got %s\nwant %s", code, year, forms, g, w)
					}
					for _, with := range [][]string{{samverkan.WithParticipants},
						{samverkan.WithParticipants, samverkan.WithAreas, samverkan.WithDocuments}, {samverkan.WithAreas}, {},
						{samverkan.WithPayers}} {
						var wantN []*samverkan.Collaboration
						for _, c := range want {
							wantN = append(wantN, narrow(c, code, year, with))
						}
						got, err := db.OversightRecords(ctx, code, year, forms, with)
						mustOK(t, "OversightRecords", err)
						if g, w := asJSON(t, got), asJSON(t, wantN); g != w {
							t.Fatalf("%s %d %v with %v\n got %s\nwant %s", code, year, forms, with, g, w)
						}
					}
					rows += len(want)
				}
				fus, err := db.ScopeFollowUps(ctx, samverkan.RefFilter{Municipality: code}, samverkan.FollowUpYears(year)...)
				mustOK(t, "ScopeFollowUps", err)
				want := samverkan.LatestFollowUpYears(fus, year)
				got, err := db.LatestFollowUps(ctx, code, year)
				mustOK(t, "LatestFollowUps", err)
				if g, w := asJSON(t, got), asJSON(t, want); g != w {
					t.Fatalf("%s %d: latest follow-ups %s, want %s", code, year, g, w)
				}
				latestSeen += len(got)
			}
		}
		// The fixture must have given the comparisons something to compare.
		if rows < 40 || latestSeen < 10 {
			t.Fatalf("only %d rows and %d latest follow-ups compared", rows, latestSeen)
		}
		// Gävle in 2024: the agreement, the special act's (ended that
		// year's end), the purchase, the federation, the company, the one
		// it left in March, by title; not the committee (ended 2023), the funded one, the one
		// starting in 2025, the idea, the rejected one.
		got, err := db.OversightRecords(ctx, gavle, 2024, nil, []string{})
		mustOK(t, "OversightRecords", err)
		var titles []string
		for _, c := range got {
			titles = append(titles, c.Title)
		}
		if w := []string{"Bolag", "Kommunalförbund", "Köpt löneadministration", "Lämnat", "Räddningstjänst", "Överförmyndare"}; !slices.Equal(titles, w) {
			t.Fatalf("Gävle 2024: %q, want %q", titles, w)
		}
	})
}
