package samverkan

import (
	"context"
	"strconv"
)

// A Rule decides whether a principal may use a route. Every route of the
// web UI and the API carries one, and both surfaces share these values, so
// the same request is judged the same way wherever it comes in. A rule
// answers nil (allowed), an error coded EUNAUTHORIZED (nobody is logged
// in), EFORBIDDEN (logged in, not allowed), ENOTFOUND (the record it
// guards does not exist) or another error of the store. How a refusal is
// answered is each surface's own: the web UI sends anonymous visitors to
// the login page, the API answers 401 with WWW-Authenticate.
type Rule struct {
	Name  string
	check func(ctx context.Context, s Store, p *Principal, r RuleRequest) error
}

// Public reports whether the rule lets anonymous visitors in without
// asking anything.
func (rl Rule) Public() bool { return rl.check == nil }

// Check applies the rule to a request by p.
func (rl Rule) Check(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
	if rl.check == nil {
		return nil
	}
	return rl.check(ctx, s, p, r)
}

// What a rule asks a request's path for. Each surface names its path
// values its own way ({id}, {bid}, {audit_id}…) and maps these to them.
const (
	PathCollaboration = "collaboration" // the collaboration's id
	PathDecision      = "decision"      // a decision's id
	PathAudit         = "audit"         // an audit event's id
	PathNetwork       = "network"       // a network's slug
	PathMunicipality  = "municipality"  // a municipality's code
)

// RuleRequest is what a rule sees of a request.
type RuleRequest interface {
	// PathValue returns the text the path gives for what (one of the Path
	// constants), or "".
	PathValue(what string) string
	// Submitted returns the collaboration the request submits, read as the
	// handler will read it. It returns nil and no error when the body does
	// not decode: the handler refuses it with the same decoder.
	Submitted() (*Collaboration, error)
}

// The refusals, with messages safe to show.
var (
	ErrUnauthorized = Errorf(EUNAUTHORIZED, "Logga in först.")
	ErrForbidden    = Errorf(EFORBIDDEN, "Du har inte behörighet till detta.")
)

// Allow asks Authorize and turns its answer into a rule's error.
func Allow(p *Principal, action string, res Resource) error {
	if p.Anonymous() {
		return ErrUnauthorized
	}
	if !Authorize(p, action, res) {
		return ErrForbidden
	}
	return nil
}

func loggedIn(p *Principal) error { return Allow(p, ActionRead, Resource{}) }

// simpleRule needs no record.
func simpleRule(name, action string) Rule {
	return Rule{name, func(_ context.Context, _ Store, p *Principal, _ RuleRequest) error {
		return Allow(p, action, Resource{})
	}}
}

// The rules. Their names appear in the route tables' tests.
var (
	// RulePublic: no login (the public view, static files, the login page,
	// the OpenAPI document).
	RulePublic = Rule{Name: "public"}
	// RuleRead: any logged-in user.
	RuleRead = simpleRule("read", ActionRead)
	// RuleSelf: one's own account.
	RuleSelf = simpleRule("self", ActionSelf)
	// RuleAdmin: users, roles and networks as such.
	RuleAdmin = simpleRule("admin", ActionAdmin)

	// RuleCreateSome: a grant that can create a collaboration somewhere,
	// for the form that starts one.
	RuleCreateSome = Rule{"createSome", func(_ context.Context, _ Store, p *Principal, _ RuleRequest) error {
		if err := loggedIn(p); err != nil {
			return err
		}
		if !CanCreateSome(p) {
			return ErrForbidden
		}
		return nil
	}}

	// RuleCreateCollaboration: allowed on the submitted record.
	RuleCreateCollaboration = Rule{"createCollaboration", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		return allowSubmitted(p, r, ActionCreate)
	}}

	// RuleUpdateCollaboration: allowed on the stored record and on the
	// submitted one, so nobody moves a record out of their own reach.
	RuleUpdateCollaboration = Rule{"updateCollaboration", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		if err := allowStored(ctx, s, p, r, ActionUpdate); err != nil {
			return err
		}
		return allowSubmitted(p, r, ActionUpdate)
	}}

	// RuleDeleteCollaboration: allowed to delete the stored record.
	RuleDeleteCollaboration = Rule{"deleteCollaboration", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		return allowStored(ctx, s, p, r, ActionDelete)
	}}

	// RuleEditCollaboration: the stored record may be changed. Its edit
	// form, status, decisions and pre-study inherit from it.
	RuleEditCollaboration = Rule{"editCollaboration", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		return allowStored(ctx, s, p, r, ActionUpdate)
	}}

	// RuleEditDecision: a decision named by its own id inherits from its
	// collaboration.
	RuleEditDecision = Rule{"editDecision", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		if err := loggedIn(p); err != nil {
			return err
		}
		id, err := pathID(r, PathDecision, "Beslutet finns inte.")
		if err != nil {
			return err
		}
		res, err := DecisionResource(ctx, s, id)
		if err != nil {
			return err
		}
		return Allow(p, ActionUpdate, res)
	}}

	// RuleRestore: allowed on the stored record and on the version it goes
	// back to.
	RuleRestore = Rule{"restoreCollaboration", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		if err := allowStored(ctx, s, p, r, ActionUpdate); err != nil {
			return err
		}
		auditID, err := strconv.ParseInt(r.PathValue(PathAudit), 10, 64)
		if err != nil {
			return nil // the handler answers 404
		}
		res, ok, err := RestoredResource(ctx, s, auditID)
		if !ok || err != nil {
			return err // nothing to check: the restore refuses
		}
		return Allow(p, ActionUpdate, res)
	}}

	// RuleUpdateNetwork: changing a network or what is in it (import).
	RuleUpdateNetwork = Rule{"updateNetwork", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		if err := loggedIn(p); err != nil {
			return err
		}
		res, err := NetworkResource(ctx, s, r.PathValue(PathNetwork))
		if err != nil {
			return err
		}
		return Allow(p, ActionUpdate, res)
	}}

	// RuleUpdateMunicipality: a municipality's own records (its key
	// functions): an admin or the municipality's editor.
	RuleUpdateMunicipality = Rule{"updateMunicipality", func(ctx context.Context, s Store, p *Principal, r RuleRequest) error {
		if err := loggedIn(p); err != nil {
			return err
		}
		// An unknown code is the handler's to answer with 404.
		return Allow(p, ActionUpdate, Resource{Municipalities: []string{r.PathValue(PathMunicipality)}})
	}}
)

// Rules lists every rule, for tests that hold each one to its
// expectations.
func Rules() []Rule {
	return []Rule{RulePublic, RuleRead, RuleSelf, RuleAdmin, RuleCreateSome, RuleCreateCollaboration,
		RuleUpdateCollaboration, RuleDeleteCollaboration, RuleEditCollaboration, RuleEditDecision,
		RuleRestore, RuleUpdateNetwork, RuleUpdateMunicipality}
}

// pathID reads a positive id from the path; anything else names a record
// that does not exist.
func pathID(r RuleRequest, what, notFound string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(what), 10, 64)
	if err != nil || id < 1 {
		return 0, Errorf(ENOTFOUND, "%s", notFound)
	}
	return id, nil
}

// allowStored loads the collaboration the path names and asks whether
// action is allowed on it. Anonymous callers are turned away before
// anything is loaded.
func allowStored(ctx context.Context, s Store, p *Principal, r RuleRequest, action string) error {
	if err := loggedIn(p); err != nil {
		return err
	}
	id, err := pathID(r, PathCollaboration, "Samverkan finns inte.")
	if err != nil {
		return err
	}
	res, err := CollaborationResource(ctx, s, id)
	if err != nil {
		return err
	}
	return Allow(p, action, res)
}

// allowSubmitted asks whether action is allowed on the submitted record,
// normalised as the store will keep it.
func allowSubmitted(p *Principal, r RuleRequest, action string) error {
	if err := loggedIn(p); err != nil {
		return err
	}
	c, err := r.Submitted()
	if err != nil || c == nil {
		return err
	}
	c.Normalize()
	return Allow(p, action, ResourceOf(c))
}

// CanCreateSome reports whether any of the principal's grants lets them
// create a collaboration somewhere, for the "new" form and its links.
func CanCreateSome(p *Principal) bool {
	if p.Anonymous() {
		return false
	}
	for _, g := range p.User.Grants {
		res := Resource{}
		if g.Network != "" {
			res.Networks = []string{g.Network}
		}
		if g.Municipality != "" {
			res.Municipalities = []string{g.Municipality}
		}
		if Authorize(p, ActionCreate, res) {
			return true
		}
	}
	return false
}
