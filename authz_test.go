package samverkan_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

func principal(grants ...samverkan.Grant) *samverkan.Principal {
	return &samverkan.Principal{User: &samverkan.User{ID: 1, Email: "x@kommun.se", Grants: grants}}
}

func TestAuthorize(t *testing.T) {
	heby := samverkan.Resource{Networks: []string{"c-tillsammans"}, Municipalities: []string{"0331", "0330"}}
	enkoping := samverkan.Resource{Networks: []string{"c-tillsammans"}, Municipalities: []string{"0381", "0305"}}
	ggvv := samverkan.Resource{Networks: []string{"ggvv"}, Municipalities: []string{"0662", "0617"}}
	var (
		anon        = &samverkan.Principal{}
		admin       = principal(samverkan.Grant{Role: samverkan.RoleAdmin})
		coordinator = principal(samverkan.Grant{Role: samverkan.RoleCoordinator, Network: "c-tillsammans"})
		editor      = principal(samverkan.Grant{Role: samverkan.RoleEditor, Municipality: "0331"})
		reader      = principal(samverkan.Grant{Role: samverkan.RoleReader, Network: "c-tillsammans"})
		disabled    = principal(samverkan.Grant{Role: samverkan.RoleAdmin})
	)
	disabled.User.Disabled = true
	for _, tc := range []struct {
		name   string
		p      *samverkan.Principal
		action string
		r      samverkan.Resource
		want   bool
	}{
		{"anonymous reads", anon, samverkan.ActionRead, heby, false},
		{"disabled admin", disabled, samverkan.ActionUpdate, heby, false},
		{"admin updates anything", admin, samverkan.ActionUpdate, ggvv, true},
		{"admin administers", admin, samverkan.ActionAdmin, samverkan.Resource{}, true},
		{"coordinator updates own network", coordinator, samverkan.ActionUpdate, enkoping, true},
		{"coordinator not other network", coordinator, samverkan.ActionUpdate, ggvv, false},
		{"coordinator not admin", coordinator, samverkan.ActionAdmin, samverkan.Resource{}, false},
		{"editor updates where Heby takes part", editor, samverkan.ActionUpdate, heby, true},
		{"editor not Enköping's record", editor, samverkan.ActionUpdate, enkoping, false},
		{"editor deletes own", editor, samverkan.ActionDelete, heby, true},
		{"editor creates with Heby", editor, samverkan.ActionCreate, heby, true},
		{"editor creates without Heby", editor, samverkan.ActionCreate, enkoping, false},
		{"reader reads", reader, samverkan.ActionRead, ggvv, true},
		{"reader cannot update", reader, samverkan.ActionUpdate, heby, false},
		{"reader manages own account", reader, samverkan.ActionSelf, samverkan.Resource{}, true},
	} {
		if got := samverkan.Authorize(tc.p, tc.action, tc.r); got != tc.want {
			t.Errorf("%s: Authorize(%s) = %v, want %v", tc.name, tc.action, got, tc.want)
		}
	}
	ctx := samverkan.WithPrincipal(context.Background(), editor)
	if samverkan.ActorFrom(ctx) != "x@kommun.se" || samverkan.PrincipalFrom(context.Background()).Anonymous() != true {
		t.Error("principal does not carry into the audit actor, or an empty context is not anonymous")
	}
}

func TestUserValidate(t *testing.T) {
	cat := refdata.MustCatalog()
	ok := samverkan.User{Email: "samordnare@heby.se", Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: "0331"}}}
	if err := ok.Validate(cat); err != nil {
		t.Fatalf("valid user: %v", err)
	}
	for name, u := range map[string]samverkan.User{
		"bad email":        {Email: "heby.se", Grants: ok.Grants},
		"no grants":        {Email: "a@b.se"},
		"editor unknown":   {Email: "a@b.se", Grants: []samverkan.Grant{{Role: samverkan.RoleEditor, Municipality: "9999"}}},
		"coordinator bare": {Email: "a@b.se", Grants: []samverkan.Grant{{Role: samverkan.RoleCoordinator}}},
		"unknown role":     {Email: "a@b.se", Grants: []samverkan.Grant{{Role: "kung"}}},
	} {
		if err := u.Validate(cat); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
