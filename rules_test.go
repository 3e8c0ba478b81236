package samverkan_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/ruletest"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// ruleReq is a request as a rule sees it, without HTTP.
type ruleReq struct {
	path      map[string]string
	submitted *samverkan.Collaboration
	err       error
}

func (r ruleReq) PathValue(what string) string { return r.path[what] }

func (r ruleReq) Submitted() (*samverkan.Collaboration, error) {
	if r.submitted == nil {
		return nil, r.err
	}
	c := *r.submitted
	c.Participants = slices.Clone(c.Participants)
	c.Networks = slices.Clone(c.Networks)
	return &c, nil
}

// wantCode is what a rule answers role when allowed says whether it may.
func wantCode(role string, allowed bool) string {
	switch {
	case allowed:
		return ""
	case role == ruletest.Anon:
		return samverkan.EUNAUTHORIZED
	}
	return samverkan.EFORBIDDEN
}

// TestRuleMatrix is the route × role matrix, once: every rule, asked by
// every role about the demo fixture (SQLite, and PostgreSQL when
// SAMVERKAN_TEST_POSTGRES is set), answers what ruletest.Expect says. The
// web UI's and the API's matrix tests expect the same of every route by
// its rule.
func TestRuleMatrix(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	f := ruletest.Find(t, db)
	it, did, audit := f.IDs()
	req := ruleReq{path: map[string]string{samverkan.PathCollaboration: it, samverkan.PathDecision: did,
		samverkan.PathAudit: audit, samverkan.PathNetwork: f.Network, samverkan.PathMunicipality: ruletest.HebyCode}, submitted: f.IT}

	seen := map[string]bool{}
	checks := 0
	for _, rule := range samverkan.Rules() {
		if seen[rule.Name] {
			t.Errorf("two rules are named %q", rule.Name)
		}
		seen[rule.Name] = true
		roles, ok := ruletest.Expect[rule.Name]
		if !ok {
			t.Errorf("rule %q has no row in the matrix (ruletest.Expect)", rule.Name)
			continue
		}
		if rule.Public() != slices.Equal(roles, ruletest.Roles) {
			t.Errorf("rule %q: public %v, but the matrix lets %v through", rule.Name, rule.Public(), roles)
		}
		for _, role := range ruletest.Roles {
			checks++
			err := rule.Check(ctx, db, ruletest.Principal(role), req)
			want := wantCode(role, slices.Contains(roles, role))
			if samverkan.ErrorCode(err) != want {
				t.Errorf("rule %s as %s = %v, want %q", rule.Name, role, err, want)
			}
		}
	}
	for name := range ruletest.Expect {
		if !seen[name] {
			t.Errorf("the matrix has a row for %q, which is no rule", name)
		}
	}
	t.Logf("rules: %d rules × %d roles = %d checks", len(samverkan.Rules()), len(ruletest.Roles), checks)
}

// TestRuleEdges: what the matrix's one fixture does not show.
func TestRuleEdges(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.New(t)
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	f := ruletest.Find(t, db)
	it, did, _ := f.IDs()
	tierp := strconv.FormatInt(f.Tierp.ID, 10)
	heby, admin := ruletest.Principal(ruletest.Heby), ruletest.Principal(ruletest.Admin)
	path := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	withoutHeby := *f.IT
	withoutHeby.Participants = slices.DeleteFunc(slices.Clone(f.IT.Participants), func(p samverkan.Participant) bool { return p.Code == ruletest.HebyCode })

	// A restorable version of the IT board without Heby: Heby may change
	// the record now, but not bring that version back.
	old := withoutHeby
	old.Title = "Utan Heby"
	old.Version = f.IT.Version
	if err := db.UpdateCollaboration(ctx, &old); err != nil {
		t.Fatal(err)
	}
	events, err := db.AuditEvents(ctx, samverkan.AuditEntityCollaboration, it)
	if err != nil {
		t.Fatal(err)
	}
	outOfReach := strconv.FormatInt(events[len(events)-1].ID, 10)
	back := *f.IT
	back.Version = old.Version
	if err := db.UpdateCollaboration(ctx, &back); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		rule samverkan.Rule
		p    *samverkan.Principal
		req  ruleReq
		want string
	}{
		{"moving a record out of one's reach", samverkan.RuleUpdateCollaboration, heby,
			ruleReq{path: path(samverkan.PathCollaboration, it), submitted: &withoutHeby}, samverkan.EFORBIDDEN},
		{"creating a record out of one's reach", samverkan.RuleCreateCollaboration, heby,
			ruleReq{submitted: f.Tierp}, samverkan.EFORBIDDEN},
		{"a body that does not decode is the handler's", samverkan.RuleUpdateCollaboration, heby,
			ruleReq{path: path(samverkan.PathCollaboration, it)}, ""},
		{"a form that does not parse", samverkan.RuleCreateCollaboration, heby,
			ruleReq{err: samverkan.Errorf(samverkan.EINVALID, "trasigt")}, samverkan.EINVALID},
		{"a record out of reach", samverkan.RuleEditCollaboration, heby,
			ruleReq{path: path(samverkan.PathCollaboration, tierp)}, samverkan.EFORBIDDEN},
		{"a missing record", samverkan.RuleEditCollaboration, heby,
			ruleReq{path: path(samverkan.PathCollaboration, "999999")}, samverkan.ENOTFOUND},
		{"an id that is none", samverkan.RuleDeleteCollaboration, admin,
			ruleReq{path: path(samverkan.PathCollaboration, "0")}, samverkan.ENOTFOUND},
		{"a missing decision", samverkan.RuleEditDecision, admin,
			ruleReq{path: path(samverkan.PathDecision, "999999")}, samverkan.ENOTFOUND},
		{"a decision id that is none", samverkan.RuleEditDecision, admin,
			ruleReq{path: path(samverkan.PathDecision, "x")}, samverkan.ENOTFOUND},
		{"a decision of the IT board", samverkan.RuleEditDecision, ruletest.Principal(ruletest.Enkoping),
			ruleReq{path: path(samverkan.PathDecision, did)}, samverkan.EFORBIDDEN},
		{"a missing network", samverkan.RuleUpdateNetwork, admin,
			ruleReq{path: path(samverkan.PathNetwork, "finns-inte")}, samverkan.ENOTFOUND},
		{"restoring a version out of one's reach", samverkan.RuleRestore, heby,
			ruleReq{path: path(samverkan.PathCollaboration, it, samverkan.PathAudit, outOfReach)}, samverkan.EFORBIDDEN},
		{"the admin restores it", samverkan.RuleRestore, admin,
			ruleReq{path: path(samverkan.PathCollaboration, it, samverkan.PathAudit, outOfReach)}, ""},
		{"restoring an event that does not exist is the restore's to refuse", samverkan.RuleRestore, heby,
			ruleReq{path: path(samverkan.PathCollaboration, it, samverkan.PathAudit, "999999")}, ""},
		{"a disabled account is nobody", samverkan.RuleRead,
			&samverkan.Principal{User: &samverkan.User{Disabled: true, Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}}},
			ruleReq{}, samverkan.EUNAUTHORIZED},
	}
	for _, c := range cases {
		if err := c.rule.Check(ctx, db, c.p, c.req); samverkan.ErrorCode(err) != c.want {
			t.Errorf("%s: %s = %v, want %q", c.name, c.rule.Name, err, c.want)
		}
	}
}
