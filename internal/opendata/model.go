package opendata

import (
	"time"

	"github.com/samverkan/samverkan"
)

// SchemaVersion is the major version of the dataset's shape. A change that
// renames, removes or retypes a field raises it; adding a field does not.
// Harvest accepts only documents of this version.
const SchemaVersion = 1

// Dataset is the open data of one instance: its public records.
type Dataset struct {
	SchemaVersion int       `json:"schema_version"`
	Publisher     Publisher `json:"publisher"`
	// Generated is when the content was made from the register. Build sets
	// it to the newest change of any record in the dataset, so the document
	// is a pure function of the data and its ETag holds until they change.
	Generated      time.Time       `json:"generated"`
	Licence        string          `json:"licence"`
	Networks       []Network       `json:"networks"`
	Collaborations []Collaboration `json:"collaborations"`
}

// Publisher is the organisation that publishes the dataset: a network's
// secretariat, a municipality, a federation. Never a person.
type Publisher struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Network is a public samverkansnätverk.
type Network struct {
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Coordinator string          `json:"coordinator_function"`
	Declared    samverkan.Date  `json:"declaration_adopted"`
	URL         string          `json:"url"`
	Updated     time.Time       `json:"updated"`
	Members     []NetworkMember `json:"members"`
}

// NetworkMember is a municipality that is a member of a network today.
type NetworkMember struct {
	NetworkSlug string         `json:"network_slug"` // CSV only: the parent's key
	Code        string         `json:"code"`
	Name        string         `json:"name"`
	Joined      samverkan.Date `json:"joined"`
}

// Collaboration is a public collaboration.
type Collaboration struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// OrgNumber is the collaboration's own Swedish organisation number
	// (NNNNNN-NNNN) when it is a legal person (a federation, a company);
	// it is the surest key for recognising it across instances.
	OrgNumber   string         `json:"org_number"`
	Areas       []string       `json:"areas"`
	LegalForm   string         `json:"legal_form"`
	Status      string         `json:"status"`
	Phase       string         `json:"phase"`
	Host        string         `json:"host"`
	Networks    []string       `json:"networks"`
	Start       samverkan.Date `json:"start"`
	End         samverkan.Date `json:"end"`
	AnnualCost  *int64         `json:"annual_cost"`
	CostKey     string         `json:"cost_key"`
	CostKeyNote string         `json:"cost_key_note"`
	// CostSharing says how the cost shares were found: "population" or
	// "equal" (computed, see CostShares), "agreement" (set by agreement,
	// not published per municipality) or "unknown_cost".
	CostSharing  string        `json:"cost_sharing"`
	Updated      time.Time     `json:"updated"`
	Participants []Participant `json:"participants"`
	Documents    []Document    `json:"documents"`
	Decisions    []Decision    `json:"decisions"`
	CostShares   []CostShare   `json:"cost_shares"`
}

// Participant is a municipality (Code) or an external party (Party) in a
// collaboration.
type Participant struct {
	CollaborationID int64          `json:"collaboration_id"` // CSV only
	Code            string         `json:"code"`
	Party           string         `json:"party"`
	PartyKind       string         `json:"party_kind"`
	Name            string         `json:"name"`
	Role            string         `json:"role"`
	Joined          samverkan.Date `json:"joined"`
	Left            samverkan.Date `json:"left"`
}

// Document is a governing document of a collaboration.
type Document struct {
	CollaborationID int64          `json:"collaboration_id"` // CSV only
	Type            string         `json:"type"`
	Title           string         `json:"title"`
	AdoptedBy       string         `json:"adopted_by"`
	AdoptedIn       string         `json:"adopted_in"`
	Adopted         samverkan.Date `json:"adopted"`
	Paragraph       string         `json:"paragraph"`
	ValidFrom       samverkan.Date `json:"valid_from"`
	ValidTo         samverkan.Date `json:"valid_to"`
	URL             string         `json:"url"`
}

// Decision is one decision by one body in one municipality. The note, a
// working remark, is left out.
type Decision struct {
	CollaborationID int64          `json:"collaboration_id"` // CSV only
	Municipality    string         `json:"municipality"`
	Party           string         `json:"party"`
	Body            string         `json:"body"`
	BodyName        string         `json:"body_name"`
	Date            samverkan.Date `json:"date"`
	Paragraph       string         `json:"paragraph"`
	Kind            string         `json:"kind"`
	Outcome         string         `json:"outcome"`
	Document        string         `json:"document"`
	URL             string         `json:"url"`
}

// CostShare is one paying municipality's share of a collaboration's annual
// cost, where the cost key allows computing it.
type CostShare struct {
	CollaborationID int64   `json:"collaboration_id"` // CSV only
	Code            string  `json:"code"`
	SharePercent    float64 `json:"share_percent"`
	Amount          int64   `json:"amount"`
	Basis           string  `json:"basis"`
	PopulationYear  *int    `json:"population_year"`
}
