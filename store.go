package samverkan

import (
	"context"
	"time"
)

// CollaborationFilter selects collaborations. Zero fields do not filter.
type CollaborationFilter struct {
	Network      string   // network slug
	Municipality string   // a participant's code (current or former)
	Areas        []string // any of these area codes (expand groups with Catalog.AreaWithChildren)
	LegalForm    string
	Status       string
	Statuses     []string // any of these statuses (a list page's stages: DecisionStages)
	Phase        string   // pipeline, running, ended
	Query        string   // words in title or description
	PublicOnly   bool
	IDs          []int64
	Sort         string // title, status, legal_form, start, annual_cost, updated; "-" prefix for descending
	Limit        int    // 0 means DefaultLimit
	Offset       int
	// With names the child rows to load with each record (the With…
	// constants); nil loads all of them. A list asks only for what it
	// shows: a page of 50 records with every child costs several times
	// one with the two it needs (issue 16, first render).
	With []string
}

// Child rows of a collaboration that CollaborationFilter.With can ask for.
const (
	WithAreas         = "areas"
	WithAreasToReview = "areas to review"
	WithNetworks      = "networks"
	WithPurposes      = "purposes"
	WithParticipants  = "participants"
	WithDocuments     = "documents"
	WithContacts      = "contacts"
	WithSources       = "sources"
	WithRelations     = "relations"
)

// WithPayers asks OversightStore.OversightRecords for the participants
// OwnCost counts as paying in the year, and only of the records whose
// annual cost is known (without one it counts none): the municipalities
// taking part during the year other than as observers or funders, in the
// record's order. The other records keep only the municipality's own
// participation, which is what TookPartIn reads.
const WithPayers = "payers of the year where the cost is known"

// WithListRow are the child rows a list row shows: its areas and the
// number of participants.
var WithListRow = []string{WithAreas, WithParticipants}

// Page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// SortFields are the collaboration list's sortable columns.
var SortFields = []string{"title", "status", "legal_form", "start", "end", "annual_cost", "host", "updated"}

// MembershipStore is a store that lists one municipality's memberships
// of networks without loading every network with its children.
type MembershipStore interface {
	// MunicipalityMemberships returns code's memberships, by network name
	// as Networks orders the networks, each network's in its member order.
	MunicipalityMemberships(ctx context.Context, code string) ([]Membership, error)
}

// MunicipalityPageStore is a store that reads the list and the map of a
// municipality's page together: both start from the collaborations it
// takes part in, which it then looks up once instead of three times
// (the count, the page by title, the map's running ones).
type MunicipalityPageStore interface {
	// MunicipalityPage returns the list rows of what FindCollaborations
	// gives for CollaborationFilter{Municipality: code, Sort: "title",
	// Limit: limit, Offset: offset, With: WithListRow} (the page and the
	// number of matches) and what ParticipationCounts gives for
	// CollaborationFilter{Municipality: code, Phase: PhaseRunning}.
	MunicipalityPage(ctx context.Context, code string, offset, limit int) (rows []ListRow, total int, shared map[string]int, err error)
}

// ListRow is what a row of a collaboration list shows: a few of the
// record's own fields, its areas and how many take part.
type ListRow struct {
	ID                       int64
	Title, LegalForm, Status string
	Host                     string // municipality code, "" when none
	Start                    Date
	AnnualCost               *int64
	Areas                    []string
	Participants             int
}

// ListRowOf is c's list row.
func ListRowOf(c *Collaboration) ListRow {
	return ListRow{ID: c.ID, Title: c.Title, LegalForm: c.LegalForm, Status: c.Status, Host: c.Host,
		Start: c.Start, AnnualCost: c.AnnualCost, Areas: c.Areas, Participants: len(c.Participants)}
}

// Membership is a municipality's membership of one network.
type Membership struct {
	Slug, Name string // the network's
	Member     NetworkMember
}

// Store is the persistence the product needs. One implementation per
// database (internal/sqldb covers SQLite and PostgreSQL); both pass the same
// test suite. Writes check the version the writer saw and answer ESTALE when
// it is no longer current. Every write records an AuditEvent in the same
// transaction.
type Store interface {
	// Areas returns the area hierarchy (seeded, extensible).
	Areas(ctx context.Context) ([]Area, error)

	Networks(ctx context.Context) ([]*Network, error)
	NetworkBySlug(ctx context.Context, slug string) (*Network, error)
	CreateNetwork(ctx context.Context, n *Network) error
	// UpdateNetwork writes n if n.Version is still current and bumps it.
	UpdateNetwork(ctx context.Context, n *Network) error
	DeleteNetwork(ctx context.Context, slug string, version int) error
	NetworkSummaries(ctx context.Context) ([]NetworkSummary, error)

	// FindCollaborations returns one page of matches and the total count.
	FindCollaborations(ctx context.Context, f CollaborationFilter) ([]*Collaboration, int, error)
	CollaborationByID(ctx context.Context, id int64) (*Collaboration, error)
	CreateCollaboration(ctx context.Context, c *Collaboration) error
	// UpdateCollaboration writes c if c.Version is still current and bumps it.
	UpdateCollaboration(ctx context.Context, c *Collaboration) error
	DeleteCollaboration(ctx context.Context, id int64, version int) error
	CollaborationEvents(ctx context.Context, id int64) ([]Event, error)
	// Facets counts the collaborations matching f per status, legal form
	// and area, for filter menus.
	Facets(ctx context.Context, f CollaborationFilter) (Facets, error)

	AuditEvents(ctx context.Context, entity, entityID string) ([]AuditEvent, error)

	// Batch runs fn with a Store whose writes share one transaction: all of
	// them commit, or none (imports are all-or-nothing). Nested Batch calls
	// join the outer transaction.
	Batch(ctx context.Context, fn func(ctx context.Context, s Store) error) error

	// DataVersion changes on every committed write; readers use it to
	// validate caches and ETags across instances.
	DataVersion(ctx context.Context) (int64, error)
	Ping(ctx context.Context) error
	Close() error

	DecisionStore
	UserStore
	RepresentationStore
}

// DecisionStore is the pipeline's persistence: status changes through the
// lifecycle rules, decisions and assessments. Store embeds it.
type DecisionStore interface {
	// ChangeStatus moves a collaboration to another lifecycle stage if the
	// version is current and CheckTransition allows it (the decision gate
	// included), recording a dated "status" event with the note.
	ChangeStatus(ctx context.Context, id int64, version int, to string, on Date, note string) (*Collaboration, error)

	// Decisions of one collaboration, oldest first.
	Decisions(ctx context.Context, collaborationID int64) ([]Decision, error)
	DecisionByID(ctx context.Context, id int64) (*Decision, error)
	CreateDecision(ctx context.Context, d *Decision) error
	UpdateDecision(ctx context.Context, d *Decision) error
	DeleteDecision(ctx context.Context, id int64, version int) error
	// FindDecisions lists decisions across collaborations, e.g. what is
	// pending in a network or a municipality, oldest registered first.
	FindDecisions(ctx context.Context, f DecisionFilter) ([]DecisionItem, error)

	// PathSettings returns a collaboration's decision path settings (staff
	// moving, legal force required, organisation number); defaults with
	// version 0 when none are saved.
	PathSettings(ctx context.Context, collaborationID int64) (PathSettings, error)
	// SavePathSettings writes them if the version is current.
	SavePathSettings(ctx context.Context, s *PathSettings) error

	// Assessment returns the pre-study of a collaboration (ENOTFOUND if none).
	Assessment(ctx context.Context, collaborationID int64) (*Assessment, error)
	// SaveAssessment creates (Version 0) or updates (current Version) it.
	SaveAssessment(ctx context.Context, a *Assessment) error
}

// DecisionFilter selects decisions across collaborations.
type DecisionFilter struct {
	Network         string // slug: decisions on the network's collaborations
	Municipality    string // code: that municipality's decisions
	CollaborationID int64
	PendingOnly     bool // outcome "vantar"
	// DecidedFrom and DecidedTo, when set, keep the decisions dated
	// between them (both included); undated decisions are then left out.
	DecidedFrom, DecidedTo Date
}

// DecisionItem is a decision with the title of its collaboration, for lists.
type DecisionItem struct {
	Decision
	CollaborationTitle  string `json:"collaboration_title"`
	CollaborationStatus string `json:"collaboration_status"`
}

// Upload is a file kept between an import's preview and its confirmation.
// It lives in the database, so any instance behind a load balancer can
// confirm what another one previewed.
type Upload struct {
	Token    string
	Network  string
	Filename string
	Content  []byte
	Created  time.Time
}

// UploadStore keeps uploads for a day. Stores that can hold them implement
// it next to Store; SaveUpload sets Token and Created.
type UploadStore interface {
	SaveUpload(ctx context.Context, u *Upload) error
	Upload(ctx context.Context, token string) (*Upload, error)
	DeleteUpload(ctx context.Context, token string) error
}

// AuditStore reads single audit events and restores earlier versions from
// them. Stores that can implement it next to Store.
type AuditStore interface {
	// AuditEvent returns one audit event by id (ENOTFOUND if none).
	AuditEvent(ctx context.Context, id int64) (*AuditEvent, error)
	// RestoreCollaboration writes collaboration id back to the state audit
	// event auditID left it in, if version is current, through the normal
	// update (validation, lifecycle rules); the restore is itself audited
	// (action "restore", naming auditID).
	RestoreCollaboration(ctx context.Context, id, auditID int64, version int) (*Collaboration, error)
}

// PublicSummary is the key figures of the public view (/insyn): public
// networks only, counting only public collaborations.
type PublicSummary struct {
	Networks       []NetworkSummary // OutsideMembers is not counted
	Collaborations int              // public ones in a public network
	Running        int
	Municipalities int // taking part (not left) in those
	// AnnualCost of the running ones that have one (nil when none has),
	// AnnualCostKnown of them.
	AnnualCost      *int64
	AnnualCostKnown int
}

// CostTotal is the annual cost of the running collaborations as a total.
func (s PublicSummary) CostTotal() AmountTotal {
	return TotalOf(s.AnnualCost, s.AnnualCostKnown, s.Running)
}

// EventBatchStore reads the events of one kind of many collaborations in
// one query (the pipeline's "days in this stage" of every card), keyed by
// collaboration, each in CollaborationEvents' order.
type EventBatchStore interface {
	CollaborationEventsOf(ctx context.Context, ids []int64, kind string) (map[int64][]Event, error)
}

// DecisionBatchStore reads the decisions of many collaborations in one
// query (the pending-decision lists, which look at every record in the
// decision stages of a network or municipality), keyed by collaboration,
// each in Decisions' order.
type DecisionBatchStore interface {
	DecisionsOf(ctx context.Context, ids []int64) (map[int64][]Decision, error)
}

// NetworkHeadStore reads every network without its child rows (members,
// purposes, hosts), ordered as Networks: the pages that only name networks
// (the public view, the user form, histories) read 58 rows instead of the
// ~700 of every network's members, purposes and hosts (issue 16).
type NetworkHeadStore interface {
	NetworkHeads(ctx context.Context) ([]*Network, error)
}

// NetworkHeads is s's networks without their child rows when s can read
// them so, else every network in full.
func NetworkHeads(ctx context.Context, s Store) ([]*Network, error) {
	if hs, ok := s.(NetworkHeadStore); ok {
		return hs.NetworkHeads(ctx)
	}
	return s.Networks(ctx)
}

// PublicSummaryStore computes PublicSummary with aggregate queries. Stores
// that can implement it next to Store.
type PublicSummaryStore interface {
	PublicSummary(ctx context.Context) (*PublicSummary, error)
	// PublicNetworkSummary is one public network's entry of PublicSummary
	// (ENOTFOUND when the network is missing or not public): the public
	// network page pages its collaborations and takes its figures here.
	PublicNetworkSummary(ctx context.Context, slug string) (*NetworkSummary, error)
}

// Facets are counts per value.
type Facets struct {
	Status    map[string]int `json:"status"`
	LegalForm map[string]int `json:"legal_form"`
	Area      map[string]int `json:"area"`
	Total     int            `json:"total"`
}

type ctxKey int

const actorKey ctxKey = iota

// WithActor returns a context that names who is making changes, for the
// audit history.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey, actor)
}

// ActorFrom returns the actor in ctx, or "system".
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey).(string); ok && a != "" {
		return a
	}
	return "system"
}
