package opendata

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var cat = refdata.MustCatalog()

var on = samverkan.MustDate("2026-11-30")

func i64(v int64) *int64 { return &v }

// Personal data and private text planted in the fixture; none of it may
// reach any output.
var secrets = []string{
	"Anna Andersson", "anna.andersson@heby.se", "070-123 45 67", // a contact person
	"Intern anteckning om beslutet",                          // a decision note
	"Hemlig samverkan", "Hemligt nätverk", "hemligt-natverk", // non-public records
	"Intern bedömning", // an assessment-ish free text outside the public fields
	"Källa: mejl från", // a source text
}

// fixture is a small register: a public and a private network, public and
// private collaborations, with contacts, notes and sources planted.
func fixture() Records {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	pub := &samverkan.Network{Slug: "ggvv", Name: "GGVV", Description: "Gävleborg och Västmanland", Public: true,
		Coordinator: "Samverkanssamordnare", Declaration: samverkan.Declaration{Adopted: samverkan.MustDate("2021-05-01")},
		Members: []samverkan.NetworkMember{
			{Code: "0331", Joined: samverkan.MustDate("2021-05-01")},
			{Code: "2180", Joined: samverkan.MustDate("2021-05-01")},
			{Code: "1917", Joined: samverkan.MustDate("2021-05-01"), Left: samverkan.MustDate("2024-12-31")}, // left
		},
		Updated: t0}
	priv := &samverkan.Network{Slug: "hemligt-natverk", Name: "Hemligt nätverk", Public: false, Updated: t0.Add(48 * time.Hour)}
	waste := &samverkan.Collaboration{ID: 7, Title: "Gemensam avfallshantering", Description: "Rad ett\nRad två",
		Areas: []string{"870"}, LegalForm: samverkan.FormFederationAssembly, Status: samverkan.StatusRunning, Host: "2180",
		Networks: []string{"ggvv", "hemligt-natverk"}, Start: samverkan.MustDate("2022-01-01"),
		AnnualCost: i64(1_000_000), CostKey: "invanare", Public: true,
		Participants: []samverkan.Participant{
			{Code: "2180", Role: samverkan.RoleHost, Joined: samverkan.MustDate("2022-01-01")},
			{Code: "0331", Role: samverkan.RoleMember, Joined: samverkan.MustDate("2022-01-01")},
			{Code: "0380", Role: samverkan.RoleObserver},
			{Party: "Region Gävleborg", PartyKind: "region", Role: samverkan.RoleFunder},
		},
		Documents: []samverkan.Document{{Type: "forbundsordning", Title: "Förbundsordning", AdoptedBy: "kf", AdoptedIn: "2180",
			Adopted: samverkan.MustDate("2021-11-22"), Paragraph: "§ 182", URL: "https://gavle.se/fo.pdf"},
			{Type: "avtal", Title: "Avtal", URL: "javascript:alert(1)"}},
		Contacts: []samverkan.Contact{{Function: "Förbundschef", Name: "Anna Andersson", Email: "anna.andersson@heby.se", Phone: "070-123 45 67"}},
		Sources:  []samverkan.Source{{Text: "Källa: mejl från förbundet"}},
		Updated:  t0.Add(time.Hour)}
	it := &samverkan.Collaboration{ID: 3, Title: "=HYPERLINK(\"http://evil\")", Areas: []string{"X-IT"},
		LegalForm: samverkan.FormAgreement, Status: samverkan.StatusIdea, Networks: []string{"ggvv"}, Public: true,
		PublicAuthorityBasis: "Intern bedömning",
		Participants:         []samverkan.Participant{{Code: "0331", Role: samverkan.RoleMember}, {Code: "2180", Role: samverkan.RoleMember}},
		Updated:              t0}
	secret := &samverkan.Collaboration{ID: 9, Title: "Hemlig samverkan", LegalForm: samverkan.FormAgreement,
		Status: samverkan.StatusIdea, Networks: []string{"ggvv"}, Public: false, Updated: t0.Add(72 * time.Hour)}
	return Records{
		Networks:       []*samverkan.Network{priv, pub},
		Collaborations: []*samverkan.Collaboration{waste, secret, it},
		Decisions: map[int64][]samverkan.Decision{
			7: {
				{ID: 2, CollaborationID: 7, Municipality: "0331", Body: "kf", BodyName: "Kommunfullmäktige", Date: samverkan.MustDate("2021-12-13"),
					Paragraph: "§ 99", Outcome: samverkan.OutcomeApproved, Kind: samverkan.KindAdopt, Document: "forbundsordning",
					Note: "Intern anteckning om beslutet", Updated: t0.Add(2 * time.Hour)},
				{ID: 1, CollaborationID: 7, Municipality: "2180", Body: "kf", Date: samverkan.MustDate("2021-11-22"),
					Outcome: samverkan.OutcomeApproved, Kind: samverkan.KindAdopt, URL: "https://gavle.se/protokoll.pdf", Updated: t0},
			},
			9: {{ID: 3, CollaborationID: 9, Municipality: "0331", Body: "ks", Outcome: samverkan.OutcomePending, Kind: samverkan.KindDirection,
				Note: "Intern anteckning om beslutet", Updated: t0.Add(96 * time.Hour)}},
		},
		OrgNumbers: map[int64]string{7: "222000-1234"},
	}
}

func fixtureOptions() Options {
	return Options{Publisher: Publisher{Name: "GGVV-kansliet", URL: "https://ggvv.example.se"},
		BaseURL: "https://ggvv.example.se", On: on, Catalog: cat}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update after checking the change\ngot:\n%s", name, got)
	}
}
