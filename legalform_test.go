package samverkan_test

import (
	"slices"
	"testing"

	"github.com/samverkan/samverkan"
)

func TestLegalFormSynonymTable(t *testing.T) {
	seen := map[string]samverkan.Synonym{}
	for _, s := range samverkan.LegalFormSynonyms {
		if _, ok := samverkan.FindLegalForm(s.Code); !ok {
			t.Errorf("synonyms/legal_forms.csv:%d: unknown form %q", s.Line, s.Code)
		}
		k := samverkan.MatchKey(s.Text)
		if prev, dup := seen[k]; dup && prev.Code != s.Code {
			t.Errorf("synonyms/legal_forms.csv:%d: %q means %s here and %s on line %d", s.Line, s.Text, s.Code, prev.Code, prev.Line)
		}
		seen[k] = s
	}
}

func TestMatchLegalForm(t *testing.T) {
	tests := []struct{ in, code, via string }{
		{"Gemensam nämnd", samverkan.FormJointCommittee, samverkan.ViaExact},
		{"gemensam_namnd", samverkan.FormJointCommittee, samverkan.ViaExact},
		{"GN", samverkan.FormJointCommittee, samverkan.ViaSynonym},
		{"Gem. nämnd", samverkan.FormJointCommittee, samverkan.ViaSynonym},
		{"Gemensam nämnd (KL 9 kap. 19 §)", samverkan.FormJointCommittee, samverkan.ViaExact},
		{"Avtalssamverkan", samverkan.FormAgreement, samverkan.ViaExact},
		{"Avtal", samverkan.FormAgreement, samverkan.ViaSynonym},
		{"Avtalssamverkan enl. KL 9 kap. 37 §", samverkan.FormAgreement, samverkan.ViaExact},
		{"avtalssamverkan enligt KL 9:37", samverkan.FormAgreement, samverkan.ViaExact},
		{"Avtal enligt LSO", samverkan.FormAgreementSpecial, samverkan.ViaQualified},
		{"Avtal enligt alkohollagen", samverkan.FormAgreementSpecial, samverkan.ViaQualified},
		{"Avtalssamverkan (miljöbalken)", samverkan.FormAgreementSpecial, samverkan.ViaQualified},
		{"Avtal (köp av tjänst)", samverkan.FormPurchase, samverkan.ViaQualified},
		{"Avtal om köp av tjänst", samverkan.FormPurchase, samverkan.ViaSynonym},
		{"Avtal (Region Jönköpings län)", samverkan.FormAgreement, samverkan.ViaSynonym},
		{"Köp av tjänst", samverkan.FormPurchase, samverkan.ViaExact},
		{"Tjänsteköp", samverkan.FormPurchase, samverkan.ViaSynonym},
		{"Aktiebolag", samverkan.FormCompany, samverkan.ViaSynonym},
		{"AB", samverkan.FormCompany, samverkan.ViaSynonym},
		{"Bolag (AB)", samverkan.FormCompany, samverkan.ViaExact},
		{"Finsam", samverkan.FormFinsam, samverkan.ViaSynonym},
		{"Samordningsförbund", samverkan.FormFinsam, samverkan.ViaExact},
		{"Ek. för.", samverkan.FormEconomicAssoc, samverkan.ViaSynonym},
		{"Nätverk", samverkan.FormInformalNetwork, samverkan.ViaSynonym},
		{"EU-projekt", samverkan.FormProject, samverkan.ViaSynonym},
		// The general word: a federation whose organ is not stated.
		{"Kommunalförbund", samverkan.FormFederation, samverkan.ViaGeneral},
		{"kommunalforbundet", samverkan.FormFederation, samverkan.ViaGeneral},
		{"Förbund", samverkan.FormFederation, samverkan.ViaGeneral},
		{"Kommunalförbund (direktion)", samverkan.FormFederationBoard, samverkan.ViaExact},
		{"Kommunalförbund [förbundsdirektion]", samverkan.FormFederationBoard, samverkan.ViaQualified},
		{"Kommunalförbund med direktion", samverkan.FormFederationBoard, samverkan.ViaSynonym},
		{"Kommunalförbund med förbundsfullmäktige", samverkan.FormFederationAssembly, samverkan.ViaExact},
		{"Kommunalförbund (fullmäktige)", samverkan.FormFederationAssembly, samverkan.ViaExact},
		{"Kommunalförbund (organ: direktionen)", samverkan.FormFederationBoard, samverkan.ViaQualified},
		{"kommunalforbund_direktion", samverkan.FormFederationBoard, samverkan.ViaExact},
	}
	for _, tc := range tests {
		m, ok := samverkan.MatchLegalForm(tc.in)
		if !ok || m.Code != tc.code || m.Via != tc.via {
			t.Errorf("MatchLegalForm(%q) = %+v, %v; want %s via %s", tc.in, m, ok, tc.code, tc.via)
		}
	}
	for _, s := range []string{"", "Samarbete", "Idé", "xyz"} {
		if m, ok := samverkan.MatchLegalForm(s); ok {
			t.Errorf("MatchLegalForm(%q) = %+v, want no match", s, m)
		}
	}
}

// A federation whose organ is not stated is still a federation: it is a
// legal person under public law, and its decision path is the part both
// variants share (every member's council adopts the förbundsordning).
func TestGeneralFederation(t *testing.T) {
	f, ok := samverkan.FindLegalForm(samverkan.FormFederation)
	if !ok || !f.LegalPerson || !f.PublicLaw || f.Basis == "" {
		t.Fatalf("general federation %+v, %v", f, ok)
	}
	if got := samverkan.FormVariants(samverkan.FormFederation); !slices.Equal(got, []string{samverkan.FormFederationAssembly, samverkan.FormFederationBoard}) {
		t.Errorf("variants %v", got)
	}
	rules, ok := samverkan.RulesFor(samverkan.FormFederation, samverkan.PathOptions{})
	if !ok || len(rules) == 0 {
		t.Fatalf("RulesFor(general) = %v, %v", rules, ok)
	}
	board, _ := samverkan.RulesFor(samverkan.FormFederationBoard, samverkan.PathOptions{})
	assembly, _ := samverkan.RulesFor(samverkan.FormFederationAssembly, samverkan.PathOptions{})
	for _, r := range rules {
		if r.Form != samverkan.FormFederation {
			t.Errorf("rule for %s", r.Form)
		}
		in := func(rs []samverkan.DecisionRule) bool {
			return slices.ContainsFunc(rs, func(o samverkan.DecisionRule) bool {
				return o.Body == r.Body && o.Kind == r.Kind && slices.Equal(o.Documents, r.Documents)
			})
		}
		if !in(board) || !in(assembly) {
			t.Errorf("rule %+v is not shared by both variants", r)
		}
	}
	path, ok := samverkan.DecisionPath(&samverkan.Collaboration{LegalForm: samverkan.FormFederation,
		Participants: []samverkan.Participant{{Code: "0662", Role: samverkan.RoleMember}, {Code: "0617", Role: samverkan.RoleMember}}})
	// Both variants: the councils adopt the förbundsordning and elect
	// their members; revision differs between the variants, so it waits
	// for the variant.
	if !ok || len(path) != 4 || path[0].Body != "kf" || path[0].Kind != samverkan.KindAdopt || path[2].Kind != samverkan.KindElect {
		t.Errorf("path %+v, %v; want the council of each member adopting and electing", path, ok)
	}
	if triage, _, ok := samverkan.ProposeTriage(samverkan.FormFederation, samverkan.PathOptions{}); !ok || triage != "kraver_politiskt_beslut" {
		t.Errorf("triage %q, %v", triage, ok)
	}
}
