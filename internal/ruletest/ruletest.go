// Package ruletest holds the one route × role matrix: the roles of the
// demo fixture, and for every samverkan.Rule which of them it lets
// through on the fixture's records. The root package's test holds each
// rule to it against real stores; the web UI's and the API's tests send
// one request per route and role through their real middleware and
// expect what the route's rule expects here, so no surface keeps its own
// list of who may do what.
package ruletest

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// The roles, each one account on the demo data.
const (
	Anon     = "anonymous"
	Admin    = "admin"
	Coord    = "coordinator ggvv"
	Heby     = "editor Heby"
	Enkoping = "editor Enköping"
	Reader   = "reader v6"
)

// Municipality codes of the editors.
const (
	HebyCode     = "0331"
	EnkopingCode = "0381"
)

// Roles lists every role, anonymous first.
var Roles = []string{Anon, Admin, Coord, Heby, Enkoping, Reader}

// Grants gives each logged-in role its one grant.
var Grants = map[string]samverkan.Grant{
	Admin:    {Role: samverkan.RoleAdmin},
	Coord:    {Role: samverkan.RoleCoordinator, Network: "ggvv"},
	Heby:     {Role: samverkan.RoleEditor, Municipality: HebyCode},
	Enkoping: {Role: samverkan.RoleEditor, Municipality: EnkopingCode},
	Reader:   {Role: samverkan.RoleReader, Network: "v6"},
}

// Principal returns role as a principal (anonymous for Anon).
func Principal(role string) *samverkan.Principal {
	g, ok := Grants[role]
	if !ok {
		return &samverkan.Principal{}
	}
	email := strings.ReplaceAll(strings.ReplaceAll(role, " ", "."), "ö", "o") + "@test.samverkan.se"
	return &samverkan.Principal{User: &samverkan.User{Email: email, Grants: []samverkan.Grant{g}}}
}

var (
	everybody = Roles
	loggedIn  = Roles[1:]
	// The IT board of C-Tillsammans: Heby takes part, Enköping does not,
	// and it is not GGVV's.
	itEditors = []string{Admin, Heby}
	// GGVV itself: its coordinator.
	ggvvEditors = []string{Admin, Coord}
	// Every grant but a reader's can create something somewhere.
	creators = []string{Admin, Coord, Heby, Enkoping}
)

// Expect is the matrix: for each rule (by name), the roles it lets
// through when the request names the fixture's records — the IT board (its
// collaboration, a decision of it, its first audit event), the network
// GGVV, and submits the IT board with Heby in it.
var Expect = map[string][]string{
	samverkan.RulePublic.Name:              everybody,
	samverkan.RuleRead.Name:                loggedIn,
	samverkan.RuleSelf.Name:                loggedIn,
	samverkan.RuleAdmin.Name:               {Admin},
	samverkan.RuleCreateSome.Name:          creators,
	samverkan.RuleCreateCollaboration.Name: itEditors,
	samverkan.RuleUpdateCollaboration.Name: itEditors,
	samverkan.RuleDeleteCollaboration.Name: itEditors,
	samverkan.RuleEditCollaboration.Name:   itEditors,
	samverkan.RuleEditDecision.Name:        itEditors,
	samverkan.RuleRestore.Name:             itEditors,
	samverkan.RuleUpdateNetwork.Name:       ggvvEditors,
	// Heby's own records (its key functions): its editor.
	samverkan.RuleUpdateMunicipality.Name: {Admin, Heby},
}

// Allowed reports whether rule lets role through on the fixture; ok is
// false when the matrix has no row for rule.
func Allowed(rule, role string) (allowed, ok bool) {
	roles, ok := Expect[rule]
	return slices.Contains(roles, role), ok
}

// Fixture is the records of the demo data the matrix is about.
type Fixture struct {
	IT       *samverkan.Collaboration // C-Tillsammans' joint IT board: Heby takes part, Enköping does not
	Tierp    *samverkan.Collaboration // C-Tillsammans without Heby
	Network  string                   // GGVV's slug
	Decision int64                    // a decision of the IT board
	Audit    int64                    // the IT board's first audit event, a whole version
}

// IDs returns the fixture's ids as path text.
func (f Fixture) IDs() (it, decision, audit string) {
	return strconv.FormatInt(f.IT.ID, 10), strconv.FormatInt(f.Decision, 10), strconv.FormatInt(f.Audit, 10)
}

// Find locates the fixture in a store holding the demo data (demo.Load),
// adding a decision to the IT board if it has none.
func Find(t testing.TB, s samverkan.Store) Fixture {
	t.Helper()
	ctx := context.Background()
	f := Fixture{Network: "ggvv"}
	cs, _, err := s.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: "c-tillsammans", Limit: samverkan.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		switch c.Title {
		case "Gemensam IT-nämnd":
			f.IT = c
		case "IT-nämnd för Tierp och Älvkarleby":
			f.Tierp = c
		}
	}
	if f.IT == nil || f.Tierp == nil || !f.IT.Takes(HebyCode) || f.IT.Takes(EnkopingCode) || f.Tierp.Takes(HebyCode) ||
		slices.Contains(f.IT.Networks, f.Network) {
		t.Fatal("ruletest: the demo data no longer fits the matrix")
	}
	ds, err := s.Decisions(ctx, f.IT.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		d := &samverkan.Decision{CollaborationID: f.IT.ID, Municipality: HebyCode, Body: "kf", Kind: samverkan.KindAdopt, Outcome: samverkan.OutcomePending}
		if err := s.CreateDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, *d)
	}
	f.Decision = ds[0].ID
	audit, err := s.AuditEvents(ctx, samverkan.AuditEntityCollaboration, strconv.FormatInt(f.IT.ID, 10))
	if err != nil || len(audit) == 0 {
		t.Fatalf("ruletest: no audit events of the IT board: %v", err)
	}
	if samverkan.RestoredCollaboration(audit[0]) == nil {
		t.Fatalf("ruletest: the IT board's first audit event holds no whole version: %+v", audit[0])
	}
	f.Audit = audit[0].ID
	return f
}
