package samverkan_test

import (
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// TestHostRole: naming a member as värdkommun gives its row the host
// role, one row with the host role names the host, and two hosts are
// refused on the second one's row, naming both.
func TestHostRole(t *testing.T) {
	cat := refdata.MustCatalog()
	mk := func(host string, roles ...string) *samverkan.Collaboration {
		c := &samverkan.Collaboration{Title: "Värd", Host: host}
		for i, code := range []string{"0662", "0617", "0665"}[:len(roles)] {
			c.Participants = append(c.Participants, samverkan.Participant{Code: code, Role: roles[i]})
		}
		c.Normalize()
		return c
	}
	c := mk("0617", samverkan.RoleMember, samverkan.RoleMember)
	if c.Participants[1].Role != samverkan.RoleHost || c.Participants[0].Role != samverkan.RoleMember {
		t.Errorf("host 0617: roles %v", c.Participants)
	}
	if err := c.Validate(cat); err != nil {
		t.Errorf("one host: %v", err)
	}
	if c := mk("0617", samverkan.RoleMember, samverkan.RoleProvider); c.Participants[1].Role != samverkan.RoleProvider {
		t.Errorf("a provider named as host keeps its role: %v", c.Participants)
	}
	if c := mk("", samverkan.RoleMember, samverkan.RoleHost); c.Host != "0617" {
		t.Errorf("the row with the host role names the host: %q", c.Host)
	}
	c = mk("0662", samverkan.RoleMember, samverkan.RoleHost, samverkan.RoleMember)
	fes := samverkan.FieldErrors(c.Validate(cat))
	if len(fes) != 1 || fes[0].Field != "participants[1].role" || fes[0].Code != "two_hosts" {
		t.Fatalf("two hosts: %+v", fes)
	}
	if msg := fes[0].Message("sv"); msg != "Bara en kommun kan vara värdkommun, men både Gislaved och Gnosjö är angivna som värdkommun. Ge den ena en annan roll." {
		t.Errorf("message = %q", msg)
	}
}
