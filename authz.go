package samverkan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Roles a user can hold. A grant scopes a role: a coordinator or reader to
// one network, an editor to one municipality; an admin covers everything.
const (
	RoleAdmin       = "admin"
	RoleCoordinator = "coordinator"
	RoleEditor      = "editor"
	RoleReader      = "reader"
)

// UserRoles lists the roles with labels.
var UserRoles = Vocabulary{
	{RoleAdmin, "Administratör", "Administrator"},
	{RoleCoordinator, "Samordnare för ett nätverk", "Coordinator of a network"},
	{RoleEditor, "Redaktör för en kommun", "Editor for a municipality"},
	{RoleReader, "Läsare i ett nätverk", "Reader in a network"},
}

// Grant is one role with its scope.
type Grant struct {
	Role         string `json:"role"`
	Network      string `json:"network,omitempty"`      // slug, for coordinator and reader
	Municipality string `json:"municipality,omitempty"` // code, for editor
}

// User is an account. The password hash never leaves the store layer in
// JSON.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	PasswordHash string    `json:"-"`
	Grants       []Grant   `json:"grants"`
	Disabled     bool      `json:"disabled"`
	Created      time.Time `json:"created"`
	Version      int       `json:"version"`
}

// Validate checks a user's e-mail and grants against the catalogue; network
// slugs are checked by the store.
func (u *User) Validate(cat *Catalog) error {
	var v Validation
	checkText(&v, "email", u.Email, MaxEmail, true)
	if !v.Has("email") {
		checkEmail(&v, "email", u.Email)
	}
	if len(u.Grants) == 0 {
		v.Add("grants", "required")
	}
	if !checkList(&v, "grants", len(u.Grants), MaxGrants) {
		return v.Err()
	}
	for i, g := range u.Grants {
		f := "grants[" + itoa(i) + "]"
		checkText(&v, f+".network", g.Network, MaxShortText, false)
		checkText(&v, f+".municipality", g.Municipality, MaxShortText, false)
		if g.Network != "" && !v.Has(f+".network") && !slugRE.MatchString(g.Network) {
			v.Add(f+".network", "unknown_network", g.Network)
		}
		switch g.Role {
		case RoleAdmin:
		case RoleCoordinator, RoleReader:
			if g.Network == "" {
				v.Add(f+".network", "required")
			}
		case RoleEditor:
			if _, ok := cat.Municipality(g.Municipality); !ok {
				v.Add(f+".municipality", "unknown_municipality", g.Municipality)
			}
		default:
			v.Add(f+".role", "unknown_role", g.Role)
		}
	}
	return v.Err()
}

// Normalize trims a user's e-mail address and keeps of each grant only the
// scope its role uses: an admin's grant has none, a coordinator's and a
// reader's a network, an editor's a municipality.
func (u *User) Normalize() {
	u.Email = strings.TrimSpace(u.Email)
	for i := range u.Grants {
		g := &u.Grants[i]
		g.Network, g.Municipality = strings.TrimSpace(g.Network), strings.TrimSpace(g.Municipality)
		switch g.Role {
		case RoleAdmin:
			g.Network, g.Municipality = "", ""
		case RoleCoordinator, RoleReader:
			g.Municipality = ""
		case RoleEditor:
			g.Network = ""
		}
	}
}

// EmailKey is the form of an e-mail address that identifies an account:
// addresses differing only in case or surrounding space are the same.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// Principal is who is asking: a logged-in user, or nobody (anonymous).
type Principal struct {
	User *User
	// Via says how the user proved who they are: "session", "token", "oidc".
	Via string
}

// Anonymous reports whether nobody is logged in.
func (p *Principal) Anonymous() bool { return p == nil || p.User == nil || p.User.Disabled }

// Name is the actor recorded in the audit history.
func (p *Principal) Name() string {
	if p.Anonymous() {
		return "anonym"
	}
	return p.User.Email
}

// IsAdmin reports whether the principal holds the admin role.
func (p *Principal) IsAdmin() bool { return p.has(func(g Grant) bool { return g.Role == RoleAdmin }) }

func (p *Principal) has(match func(Grant) bool) bool {
	if p.Anonymous() {
		return false
	}
	return slices.ContainsFunc(p.User.Grants, match)
}

// Actions.
const (
	ActionRead   = "read"   // see the internal register
	ActionCreate = "create" // create a collaboration (in the resource's networks / with its municipalities)
	ActionUpdate = "update" // change a record, its decisions, assessment, status
	ActionDelete = "delete"
	ActionAdmin  = "admin" // users, roles, reference data
	ActionSelf   = "self"  // one's own account: password, API tokens
)

// Resource describes what an action touches: the networks a record belongs
// to and the municipalities that take part. For a network itself, Networks
// holds its slug.
type Resource struct {
	Networks       []string
	Municipalities []string
}

// ResourceOf describes a collaboration for authorisation.
func ResourceOf(c *Collaboration) Resource {
	return Resource{Networks: c.Networks, Municipalities: c.ParticipantCodes()}
}

// Authorize is the one rule for who may do what; every page and API
// handler goes through it.
//   - anonymous: nothing here (the public view /insyn needs no call);
//   - every logged-in user may read the register and manage their own
//     account (the register is shared between public bodies; what is
//     public to citizens is decided per record by its public flag);
//   - admin: everything;
//   - coordinator of network N: create, change and delete collaborations
//     that belong to N, and change N itself;
//   - editor for municipality M: create, change and delete collaborations
//     in which M takes part (before and after the change);
//   - reader: read only.
func Authorize(p *Principal, action string, r Resource) bool {
	if p.Anonymous() {
		return false
	}
	switch action {
	case ActionRead, ActionSelf:
		return true
	case ActionAdmin:
		return p.IsAdmin()
	case ActionCreate, ActionUpdate, ActionDelete:
		if p.IsAdmin() {
			return true
		}
		return p.has(func(g Grant) bool {
			switch g.Role {
			case RoleCoordinator:
				return slices.Contains(r.Networks, g.Network)
			case RoleEditor:
				return slices.Contains(r.Municipalities, g.Municipality)
			}
			return false
		})
	}
	return false
}

// CanEdit reports whether the principal may change a collaboration, for
// showing or hiding edit buttons. Handlers still call Authorize on write.
func CanEdit(p *Principal, c *Collaboration) bool {
	return Authorize(p, ActionUpdate, ResourceOf(c))
}

type principalKey struct{}

// WithPrincipal returns a context carrying who is asking; the actor for
// the audit history follows from it.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	ctx = context.WithValue(ctx, principalKey{}, p)
	if !p.Anonymous() {
		ctx = WithActor(ctx, p.Name())
	}
	return ctx
}

// PrincipalFrom returns the principal in ctx (anonymous when none).
func PrincipalFrom(ctx context.Context) *Principal {
	if p, ok := ctx.Value(principalKey{}).(*Principal); ok && p != nil {
		return p
	}
	return &Principal{}
}
