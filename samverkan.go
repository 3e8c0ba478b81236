// Package samverkan holds the domain of inter-municipal cooperation: the
// types, vocabularies, validation rules and the store interface. It does no
// I/O; adapters live in internal/ and cmd/samverkan wires them together.
package samverkan

import "time"

// Municipality is one of Sweden's 290 kommuner. Reference data, embedded.
type Municipality struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// OfficialName is the legal name in SCB's register ("Gislaveds
	// kommun", "Gotlands kommun"): formal documents (the KL 9:38 report,
	// the decision brief) name the municipality by it.
	OfficialName   string   `json:"official_name"`
	CountyCode     string   `json:"county_code"`
	CountyName     string   `json:"county_name"`
	Population     int      `json:"population"`
	PopulationYear int      `json:"population_year"`
	AreaKm2        *float64 `json:"area_km2"`
	Lat            float64  `json:"lat"`
	Lon            float64  `json:"lon"`
	SKRGroup       string   `json:"skr_group,omitempty"`
	SKRGroupName   string   `json:"skr_group_name,omitempty"`
}

// Party is an external participant that is not one of the 290 municipalities:
// a region, a state agency, a company, a federation as a legal person.
type Party struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Network is a samverkansnätverk: municipalities that have agreed to work
// together and run many collaborations inside the network.
type Network struct {
	ID          int64           `json:"-"`
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Members     []NetworkMember `json:"members"`
	Declaration Declaration     `json:"declaration"`
	// Coordinator is the function that coordinates the network
	// ("samverkanssamordnare"), never a person's name.
	Coordinator string     `json:"coordinator"`
	Hosts       []HostYear `json:"hosts"`
	// RotationOrder is the order in which the members take turns as host
	// and chair (municipality codes); Rotation projects it onto the coming
	// years.
	RotationOrder []string  `json:"rotation_order"`
	Public        bool      `json:"public"`
	Source        string    `json:"source"`
	Version       int       `json:"version"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
}

// NetworkMember is a municipality's membership of a network. Leaving sets
// Left; the row is kept, so membership is never overwritten.
type NetworkMember struct {
	Code   string `json:"code"`
	Name   string `json:"name,omitempty"`
	Joined Date   `json:"joined"`
	Left   Date   `json:"left"`
}

// Current reports whether the member has not left by day on.
func (m NetworkMember) Current(on Date) bool { return m.Left.IsZero() || !m.Left.Before(on) }

// Declaration is the network's declaration of intent (avsiktsförklaring).
type Declaration struct {
	Adopted Date `json:"adopted"`
	// AdoptedBy names the body or bodies that adopted it, as the source
	// says ("kommunstyrelserna i de fem kommunerna").
	AdoptedBy string    `json:"adopted_by"`
	Text      string    `json:"text"`
	URL       string    `json:"url"`
	Purposes  []Purpose `json:"purposes"`
}

// Purpose is one declared purpose, optionally tied to a follow-up dimension.
type Purpose struct {
	Text      string `json:"text"`
	Dimension string `json:"dimension,omitempty"`
}

// HostYear says which municipality hosts (or chairs) the network a year.
type HostYear struct {
	Year int    `json:"year"`
	Code string `json:"code"`
	Role string `json:"role"` // "vard" (host) or "ordforande" (chair) or both: "vard_ordforande"
	Note string `json:"note,omitempty"`
}

// HostRoles for HostYear.Role.
var HostRoles = Vocabulary{
	{"vard", "Värd", "Host"},
	{"ordforande", "Ordförande", "Chair"},
	{"vard_ordforande", "Värd och ordförande", "Host and chair"},
}

// ActiveMembers returns the members that have not left by day on.
func (n *Network) ActiveMembers(on Date) []NetworkMember {
	var out []NetworkMember
	for _, m := range n.Members {
		if m.Current(on) {
			out = append(out, m)
		}
	}
	return out
}

// IsMember reports whether code is a current member on day on.
func (n *Network) IsMember(code string, on Date) bool {
	for _, m := range n.Members {
		if m.Code == code && m.Current(on) {
			return true
		}
	}
	return false
}

// NetworkSummary carries the key figures shown on the overview.
type NetworkSummary struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Members  int    `json:"members"`
	Running  int    `json:"running"`
	Pipeline int    `json:"pipeline"`
	Ended    int    `json:"ended"`
	// AnnualCost sums the annual costs of the running collaborations that
	// have one, nil when none has; AnnualCostKnown says how many of the
	// Running ones it covers. A cost nobody entered is unknown, not 0 kr.
	AnnualCost      *int64 `json:"annual_cost"`
	AnnualCostKnown int    `json:"annual_cost_known"`
	OutsideMembers  int    `json:"outside_participants"` // municipalities outside the network in its collaborations
}

// CostTotal is the annual cost of the running collaborations as a total
// over Running records, AnnualCostKnown of them with a cost.
func (n NetworkSummary) CostTotal() AmountTotal {
	return TotalOf(n.AnnualCost, n.AnnualCostKnown, n.Running)
}

// Collaboration is one samverkan, one record from first idea to its end.
type Collaboration struct {
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Areas       []string `json:"areas"`
	// AreasToReview are area texts as a file wrote them that matched no
	// area ("område att granska"); a coordinator maps them later.
	AreasToReview []string `json:"areas_to_review"`
	LegalForm     string   `json:"legal_form"`
	Status        string   `json:"status"`
	Triage        string   `json:"triage,omitempty"`
	// TriageReason explains a triage that differs from the one proposed
	// from the legal form.
	TriageReason string `json:"triage_reason,omitempty"`
	// Proposer is who proposed an idea: a function or body, not a person.
	Proposer string `json:"proposer,omitempty"`
	// Priority of an idea: 1 high, 2 medium, 3 low, 0 not set.
	Priority int `json:"priority,omitempty"`
	// OfPrinciple marks a matter of principle or greater importance, which
	// the council must decide (KL 5 kap. 1 §).
	OfPrinciple bool `json:"of_principle"`
	// Host is the värdkommun or performing municipality (a code).
	Host         string        `json:"host"`
	Participants []Participant `json:"participants"`
	Networks     []string      `json:"networks"`
	Start        Date          `json:"start"`
	End          Date          `json:"end"`
	Documents    []Document    `json:"documents"`
	// PublicAuthority marks exercise of public authority (myndighetsutövning).
	PublicAuthority      bool   `json:"public_authority"`
	PublicAuthorityBasis string `json:"public_authority_basis"`
	ExternalDelegation   bool   `json:"external_delegation"`
	SpecialActs          string `json:"special_acts"`
	ProcurementBasis     string `json:"procurement_basis"`
	// AnnualCost in whole kronor; nil when unknown.
	AnnualCost        *int64     `json:"annual_cost"`
	CostKey           string     `json:"cost_key"`
	CostKeyNote       string     `json:"cost_key_note"`
	RepresentationKey string     `json:"representation_key"`
	Purposes          []string   `json:"purposes"`
	Contacts          []Contact  `json:"contacts"`
	Public            bool       `json:"public"`
	Sources           []Source   `json:"sources"`
	Relations         []Relation `json:"relations"`
	Example           bool       `json:"example"`
	Version           int        `json:"version"`
	Created           time.Time  `json:"created"`
	Updated           time.Time  `json:"updated"`
}

// Phase returns the lifecycle phase of the collaboration.
func (c *Collaboration) Phase() string { return PhaseOf(c.Status) }

// ParticipantCodes returns the municipality codes of the participants.
func (c *Collaboration) ParticipantCodes() []string {
	var out []string
	for _, p := range c.Participants {
		if p.Code != "" {
			out = append(out, p.Code)
		}
	}
	return out
}

// Takes reports whether municipality code takes (or took) part.
func (c *Collaboration) Takes(code string) bool {
	for _, p := range c.Participants {
		if p.Code == code {
			return true
		}
	}
	return false
}

// Participant is a municipality (Code) or an external party (Party, by
// name) in a collaboration, with a role and dates: membership changes over
// time are recorded by Joined and Left, not by deleting rows.
type Participant struct {
	Code      string `json:"code,omitempty"`
	Party     string `json:"party,omitempty"`
	PartyKind string `json:"party_kind,omitempty"`
	Name      string `json:"name,omitempty"` // display name, filled on read
	Role      string `json:"role"`
	Joined    Date   `json:"joined"`
	Left      Date   `json:"left"`
}

// Key identifies the participant within one collaboration.
func (p Participant) Key() string {
	if p.Code != "" {
		return "k:" + p.Code
	}
	return "p:" + p.Party
}

// Document is a governing document: agreement, förbundsordning, reglemente…
type Document struct {
	Type         string `json:"type"`
	Title        string `json:"title"`
	AdoptedBy    string `json:"adopted_by"` // body code, see Bodies
	AdoptedIn    string `json:"adopted_in"` // municipality code
	Adopted      Date   `json:"adopted"`
	Paragraph    string `json:"paragraph"` // "§ 182"
	ValidFrom    Date   `json:"valid_from"`
	ValidTo      Date   `json:"valid_to"`
	NoticeMonths *int   `json:"notice_months"` // uppsägningstid
	Renewal      string `json:"renewal"`       // e.g. "förlängs 3 år i taget"
	URL          string `json:"url"`
}

// Contact is a contact function for a collaboration. Name, Email and Phone
// are personal data: never in the public view or public exports.
type Contact struct {
	Function string `json:"function"`
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
}

// Source says where a fact came from, so a user can check it.
type Source struct {
	Field string `json:"field,omitempty"` // "" for the record as a whole
	Text  string `json:"text"`
	URL   string `json:"url,omitempty"`
}

// Relation links a collaboration to another one: what it replaced, built on
// or is part of (a federation re-formed under a new name, a nested body).
type Relation struct {
	Kind  string `json:"kind"`
	ID    int64  `json:"id"`
	Title string `json:"title,omitempty"`
}

// Relation kinds.
var RelationKinds = Vocabulary{
	{"ersatter", "Ersätter", "Replaces"},
	{"bygger_pa", "Bygger vidare på", "Builds on"},
	{"del_av", "Del av", "Part of"},
}

// Event is a recorded transition in a collaboration's life: created,
// a member joined or left, the status or form changed, it ended.
type Event struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Kind    string    `json:"kind"`
	Date    Date      `json:"date"`
	Subject string    `json:"subject,omitempty"` // e.g. a municipality code
	From    string    `json:"from,omitempty"`
	To      string    `json:"to,omitempty"`
	// Note is what the writer said about the transition, e.g. the reason
	// for a status change.
	Note string `json:"note,omitempty"`
}

// Event kinds.
var EventKinds = Vocabulary{
	{"skapad", "Registrerad", "Created"},
	{"andrad", "Ändrad", "Changed"},
	{"status", "Ny status", "Status changed"},
	{"form", "Ny samverkansform", "Legal form changed"},
	{"titel", "Nytt namn", "Renamed"},
	{"intrade", "Deltagare tillkom", "Participant joined"},
	{"uttrade", "Deltagare lämnade", "Participant left"},
	{"borttagen_deltagare", "Deltagare struken", "Participant removed"},
	{"borttagen", "Borttagen", "Deleted"},
	{"beslut", "Beslut registrerat", "Decision recorded"},
	{"beslut_struket", "Beslut struket", "Decision removed"},
	{"forstudie", "Förstudie sparad", "Pre-study saved"},
}

// AuditEvent is one change to a record: who, when, what, before and after.
type AuditEvent struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"` // create, update, delete
	Entity   string    `json:"entity"` // collaboration, network
	EntityID string    `json:"entity_id"`
	Before   string    `json:"before,omitempty"` // JSON
	After    string    `json:"after,omitempty"`  // JSON
}
