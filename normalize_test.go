package samverkan_test

import (
	"reflect"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestRecordNormalize: the domain's rules for how a decision, a
// pre-study and a user are kept; the store calls them before it
// validates and writes.
func TestRecordNormalize(t *testing.T) {
	d := samverkan.Decision{Municipality: " 0331 ", Body: " kf", BodyName: "Kommunfullmäktige ", Paragraph: " § 12 ",
		Outcome: " vantar ", Kind: "anta ", Document: " reglemente", URL: " https://heby.se/protokoll ", Note: "  "}
	d.Normalize()
	want := samverkan.Decision{Municipality: "0331", Body: "kf", BodyName: "Kommunfullmäktige", Paragraph: "§ 12",
		Outcome: "vantar", Kind: "anta", Document: "reglemente", URL: "https://heby.se/protokoll"}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("Decision.Normalize = %+v, want %+v", d, want)
	}

	a := samverkan.Assessment{LegalBasis: " 9 kap. KL ", Recommendation: "Gå vidare. ",
		Organisation: []samverkan.OrgReadiness{{Municipality: " 0331 "}}}
	a.Normalize()
	if a.LegalBasis != "9 kap. KL" || a.Recommendation != "Gå vidare." || a.Organisation[0].Municipality != "0331" {
		t.Errorf("Assessment.Normalize kept space: %+v", a)
	}
	if a.Effects == nil || a.Risks == nil {
		t.Errorf("Assessment.Normalize left a list nil: effects %v, risks %v", a.Effects, a.Risks)
	}

	u := samverkan.User{Email: " Anna@Heby.se ", Grants: []samverkan.Grant{
		{Role: samverkan.RoleAdmin, Network: "ggvv", Municipality: "0331"},
		{Role: samverkan.RoleCoordinator, Network: " ggvv ", Municipality: "0331"},
		{Role: samverkan.RoleReader, Network: "v6", Municipality: "0331"},
		{Role: samverkan.RoleEditor, Network: "ggvv", Municipality: " 0331"},
	}}
	u.Normalize()
	wantGrants := []samverkan.Grant{{Role: samverkan.RoleAdmin}, {Role: samverkan.RoleCoordinator, Network: "ggvv"},
		{Role: samverkan.RoleReader, Network: "v6"}, {Role: samverkan.RoleEditor, Municipality: "0331"}}
	if u.Email != "Anna@Heby.se" || !reflect.DeepEqual(u.Grants, wantGrants) {
		t.Errorf("User.Normalize = %q %+v, want the address trimmed (case kept) and %+v", u.Email, u.Grants, wantGrants)
	}
	if k := samverkan.EmailKey(" Anna@Heby.SE "); k != "anna@heby.se" {
		t.Errorf("EmailKey = %q", k)
	}
}
