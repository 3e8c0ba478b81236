package samverkan_test

import (
	"testing"

	"github.com/samverkan/samverkan"
)

// Issue 13: the KL 9:38 report covers every avtalssamverkan of the
// municipality, köp av tjänst included; only municipalities that take
// part (not observers or funders); per row the role, external
// delegation, term, notice and renewal, the own cost (its share, else
// unknown, never 0) and the latest follow-up.
func TestReport938Rows(t *testing.T) {
	const gislaved, gnosjo, vaggeryd, varnamo = "0662", "0617", "0665", "0683"
	cost := int64(450000)
	notice := 6
	agreement := &samverkan.Collaboration{ID: 1, Title: "Tillsyn", LegalForm: samverkan.FormAgreement, Status: samverkan.StatusRunning,
		Host: gislaved, Start: samverkan.MustDate("2020-01-01"), AnnualCost: &cost, CostKey: samverkan.CostKeyPopulation,
		ExternalDelegation: true,
		Participants: []samverkan.Participant{{Code: gislaved, Role: samverkan.RoleHost}, {Code: gnosjo}, {Code: vaggeryd},
			{Code: varnamo, Role: samverkan.RoleObserver}},
		Documents: []samverkan.Document{
			{Type: "avtal", ValidFrom: samverkan.MustDate("2016-01-01"), ValidTo: samverkan.MustDate("2019-12-31")},
			{Type: "avtal", ValidFrom: samverkan.MustDate("2020-01-01"), ValidTo: samverkan.MustDate("2025-12-31"),
				NoticeMonths: &notice, Renewal: "förlängs ett år i taget"}}}
	price := int64(120000)
	purchase := &samverkan.Collaboration{ID: 2, Title: "Köp av tjänst", LegalForm: samverkan.FormPurchase, Status: samverkan.StatusRunning,
		Host: vaggeryd, AnnualCost: &price,
		Participants: []samverkan.Participant{{Code: vaggeryd, Role: samverkan.RoleProvider}, {Code: gnosjo, Role: samverkan.RoleBuyer}}}
	unknownCost := &samverkan.Collaboration{ID: 3, Title: "Utan kostnad", LegalForm: samverkan.FormAgreementSpecial,
		Status: samverkan.StatusRunning, Host: varnamo,
		Participants: []samverkan.Participant{{Code: varnamo}, {Code: gnosjo}}}
	equalKey := &samverkan.Collaboration{ID: 4, Title: "Lika delar", LegalForm: samverkan.FormAgreement, Status: samverkan.StatusRunning,
		AnnualCost: &price, CostKey: samverkan.CostKeyEqual,
		Participants: []samverkan.Participant{{Code: gnosjo}, {Code: gislaved}, {Code: vaggeryd}}}
	federation := &samverkan.Collaboration{ID: 5, Title: "Förbund", LegalForm: samverkan.FormFederationBoard, Status: samverkan.StatusRunning,
		Participants: []samverkan.Participant{{Code: gnosjo}, {Code: gislaved}}}
	idea := &samverkan.Collaboration{ID: 6, Title: "Idé", LegalForm: samverkan.FormAgreement, Status: samverkan.StatusIdea,
		Participants: []samverkan.Participant{{Code: gnosjo}, {Code: gislaved}}}
	cs := []*samverkan.Collaboration{agreement, purchase, unknownCost, equalKey, federation, idea}
	fus := []*samverkan.FollowUp{{CollaborationID: 1, Year: 2022}, {CollaborationID: 1, Year: 2023}, {CollaborationID: 1, Year: 2025}}

	type want struct {
		role       string
		cost       any
		basis      string
		from, to   string
		notice     any
		delegation bool
		followUp   any
	}
	check := func(code string, wants map[int64]want) {
		t.Helper()
		rows := samverkan.Report938Rows(code, 2024, cs, fus, cat)
		if len(rows) != len(wants) {
			t.Fatalf("%s: %d rows, want %d", code, len(rows), len(wants))
		}
		for _, r := range rows {
			w, ok := wants[r.Collaboration.ID]
			if !ok {
				t.Errorf("%s: unexpected row %q", code, r.Collaboration.Title)
				continue
			}
			var cost, notice, fu any
			if r.OwnCost != nil {
				cost = *r.OwnCost
			}
			if r.Term.NoticeMonths != nil {
				notice = *r.Term.NoticeMonths
			}
			if r.LatestFollowUp != nil {
				fu = *r.LatestFollowUp
			}
			if r.Role != w.role || cost != w.cost || r.OwnCostBasis != w.basis || r.Term.From.String() != w.from ||
				r.Term.To.String() != w.to || notice != w.notice || r.ExternalDelegation != w.delegation || fu != w.followUp {
				t.Errorf("%s %q: role %s cost %v (%s) term %s–%s notice %v delegation %v follow-up %v; want %+v", code,
					r.Collaboration.Title, r.Role, cost, r.OwnCostBasis, r.Term.From, r.Term.To, notice, r.ExternalDelegation, fu, w)
			}
		}
	}
	// Gnosjö: a purchaser everywhere. Its population share of 450 000 kr
	// (9 712 of 53 950 inhabitants, SCB 2019) is 81 008 kr; it is the only
	// buyer of the purchase; a third of the equal split; the agreement
	// without a cost is unknown, not 0.
	check(gnosjo, map[int64]want{
		1: {samverkan.AgreementRoleBuyer, int64(81008), samverkan.OwnCostShare, "2020-01-01", "2025-12-31", 6, true, 2023},
		2: {samverkan.AgreementRoleBuyer, int64(120000), samverkan.OwnCostWhole, "", "", nil, false, nil},
		3: {samverkan.AgreementRoleBuyer, nil, samverkan.OwnCostUnknown, "", "", nil, false, nil},
		4: {samverkan.AgreementRoleBuyer, int64(40000), samverkan.OwnCostShare, "", "", nil, false, nil},
	})
	// Gislaved performs the agreement it hosts; Värnamo only observes it.
	check(gislaved, map[int64]want{
		1: {samverkan.AgreementRoleProvider, int64(249923), samverkan.OwnCostShare, "2020-01-01", "2025-12-31", 6, true, 2023},
		4: {samverkan.AgreementRoleBuyer, int64(40000), samverkan.OwnCostShare, "", "", nil, false, nil},
	})
	check(vaggeryd, map[int64]want{
		1: {samverkan.AgreementRoleBuyer, int64(119069), samverkan.OwnCostShare, "2020-01-01", "2025-12-31", 6, true, 2023},
		2: {samverkan.AgreementRoleProvider, nil, samverkan.OwnCostPerformer, "", "", nil, false, nil},
		4: {samverkan.AgreementRoleBuyer, int64(40000), samverkan.OwnCostShare, "", "", nil, false, nil},
	})
	check(varnamo, map[int64]want{
		3: {samverkan.AgreementRoleProvider, nil, samverkan.OwnCostUnknown, "", "", nil, false, nil},
	})

	// The oversight covers every form, the federation too, with totals
	// per form that say how many amounts they cover.
	o := samverkan.BuildOversight(gnosjo, 2024, cs, fus, cat)
	if o.Total != 5 || len(o.Forms) != 4 {
		t.Fatalf("oversight: %d rows, %d forms: %+v", o.Total, len(o.Forms), o.Forms)
	}
	if o.OwnCost.Sum == nil || *o.OwnCost.Sum != 81008+120000+40000 || o.OwnCost.Known != 3 || o.OwnCost.Of != 5 {
		t.Errorf("oversight own cost %+v", o.OwnCost)
	}
	for _, f := range o.Forms {
		if f.Form == samverkan.FormFederationBoard && (f.Count != 1 || f.OwnCost.Sum != nil || f.OwnCost.Known != 0) {
			t.Errorf("federation total %+v: unknown, not 0", f)
		}
	}
	for _, r := range o.Rows {
		if r.InReport938 != (r.Collaboration.LegalForm != samverkan.FormFederationBoard) {
			t.Errorf("%s: in report %v", r.Collaboration.Title, r.InReport938)
		}
	}
	if o := samverkan.BuildOversight(varnamo, 2024, []*samverkan.Collaboration{agreement}, nil, cat); o.Total != 0 {
		t.Errorf("an observer's oversight lists %d rows", o.Total)
	}
}
