package samverkan

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// Risks and obstacles (domain.md a.13) of a network or of one of its
// collaborations: the network's own register, kept apart from the risks a
// pre-study lists (Assessment.Risks), which describe one proposal at one
// moment. A risk may happen; an obstacle (hinder) is already in the way.

// Kinds of entry in the risk register.
const (
	RiskKindRisk     = "risk"
	RiskKindObstacle = "hinder"
)

// RiskKinds says whether an entry is a risk or an obstacle.
var RiskKinds = Vocabulary{
	{RiskKindRisk, "Risk", "Risk"},
	{RiskKindObstacle, "Hinder", "Obstacle"},
}

// RiskClosed is the status of a risk that needs no more attention: it is
// left out of the matrix and never overdue.
const RiskClosed = "stangd"

// RiskStatuses is where the handling of a risk stands. Empty means not
// stated (a source that names a risk says nothing of its handling).
var RiskStatuses = Vocabulary{
	{"identifierad", "Identifierad", "Identified"},
	{"atgardas", "Åtgärder pågår", "Being mitigated"},
	{"bevakas", "Bevakas", "Monitored"},
	{RiskClosed, "Stängd", "Closed"},
}

// RiskLevels grade likelihood × impact on the 1–5 scales: low up to 4,
// medium up to 12, high from 15 (the products 13 and 14 do not occur).
var RiskLevels = Vocabulary{
	{"lag", "Låg", "Low"},
	{"medel", "Medel", "Medium"},
	{"hog", "Hög", "High"},
}

// RiskScaleMax is the top of the likelihood and impact scales (1–5).
const RiskScaleMax = 5

// RiskEntry is one risk or obstacle in the register: the network's own
// (Network set) or a collaboration's (CollaborationID set), never both.
type RiskEntry struct {
	ID int64 `json:"id"`
	// Network is the slug of the network whose own risk this is; empty
	// for a collaboration's risk.
	Network string `json:"network"`
	// CollaborationID is the collaboration the risk belongs to; null for
	// the network's own.
	CollaborationID *int64 `json:"collaboration_id"`
	// CollaborationTitle names that collaboration, filled on read.
	CollaborationTitle string `json:"collaboration_title,omitempty"`
	Kind               string `json:"kind"`     // see RiskKinds
	Category           string `json:"category"` // see RiskCategories
	Title              string `json:"title"`
	Description        string `json:"description"`
	// Likelihood and Impact are 1–5; null when nobody has assessed them
	// (unknown is not zero, and not the lowest grade either).
	Likelihood *int   `json:"likelihood"`
	Impact     *int   `json:"impact"`
	Mitigation string `json:"mitigation"`
	// Responsible is the function that owns the risk
	// ("samverkanssamordnare", "kommundirektörsgruppen"), never a person.
	Responsible string `json:"responsible"`
	Status      string `json:"status"` // see RiskStatuses; empty when not stated
	// Review is when the risk is next to be reviewed.
	Review  Date      `json:"review"`
	Source  string    `json:"source"`
	Version int       `json:"version"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// Score is likelihood × impact; ok is false while either is unknown.
func (r *RiskEntry) Score() (score int, ok bool) {
	if r.Likelihood == nil || r.Impact == nil {
		return 0, false
	}
	return *r.Likelihood * *r.Impact, true
}

// Level grades the score (see RiskLevels); "" while it is unknown.
func (r *RiskEntry) Level() string {
	s, ok := r.Score()
	switch {
	case !ok:
		return ""
	case s <= 4:
		return "lag"
	case s <= 12:
		return "medel"
	}
	return "hog"
}

// Closed reports whether the risk needs no more attention.
func (r *RiskEntry) Closed() bool { return r.Status == RiskClosed }

// Overdue reports whether the review date has passed by today and the
// risk is still open. A risk without a review date is never overdue.
func (r *RiskEntry) Overdue(today Date) bool {
	return !r.Closed() && !r.Review.IsZero() && r.Review.Before(today)
}

// Normalize trims the texts.
func (r *RiskEntry) Normalize() {
	for _, s := range []*string{&r.Network, &r.Kind, &r.Category, &r.Title, &r.Description, &r.Mitigation,
		&r.Responsible, &r.Status, &r.Source} {
		*s = strings.TrimSpace(*s)
	}
}

// Validate checks the entry on its own; the store checks that its network
// or collaboration exists.
func (r *RiskEntry) Validate() error {
	var v Validation
	if (r.Network == "") == (r.CollaborationID == nil) {
		v.Add("network", "risk_owner")
	}
	if !RiskKinds.Has(r.Kind) {
		v.Add("kind", "unknown_risk_kind", r.Kind)
	}
	if !RiskCategories.Has(r.Category) {
		v.Add("category", "unknown_risk_category", r.Category)
	}
	checkText(&v, "title", r.Title, MaxTitle, true)
	checkParagraph(&v, "description", r.Description, MaxDescription, false)
	for field, p := range map[string]*int{"likelihood": r.Likelihood, "impact": r.Impact} {
		if p != nil && (*p < 1 || *p > RiskScaleMax) {
			v.Add(field, "out_of_scale", 1, RiskScaleMax)
		}
	}
	checkParagraph(&v, "mitigation", r.Mitigation, MaxDescription, false)
	checkText(&v, "responsible", r.Responsible, MaxShortText, false)
	if r.Status != "" && !RiskStatuses.Has(r.Status) {
		v.Add("status", "unknown_risk_status", r.Status)
	}
	checkDate(&v, "review", r.Review)
	checkParagraph(&v, "source", r.Source, MaxDescription, false)
	return v.Err()
}

// RiskMatrix counts the open risks per likelihood and impact.
type RiskMatrix struct {
	// Counts[l-1][i-1] is the number of open entries with likelihood l
	// and impact i.
	Counts [RiskScaleMax][RiskScaleMax]int
	// Unassessed counts open entries whose likelihood or impact is
	// unknown: they are in no cell.
	Unassessed int
	// Closed counts the closed entries, which the matrix leaves out.
	Closed int
}

// NewRiskMatrix counts rs into a matrix.
func NewRiskMatrix(rs []RiskEntry) RiskMatrix {
	var m RiskMatrix
	for i := range rs {
		r := &rs[i]
		switch {
		case r.Closed():
			m.Closed++
		case r.Likelihood == nil || r.Impact == nil || *r.Likelihood < 1 || *r.Impact < 1 ||
			*r.Likelihood > RiskScaleMax || *r.Impact > RiskScaleMax:
			m.Unassessed++
		default:
			m.Counts[*r.Likelihood-1][*r.Impact-1]++
		}
	}
	return m
}

// RiskSortKeys are the register's sortable columns; a "-" prefix sorts
// descending.
var RiskSortKeys = []string{"title", "kind", "category", "score", "status", "review", "responsible"}

// DefaultRiskSort puts the gravest risks first.
const DefaultRiskSort = "-score"

// ValidRiskSort reports whether key is a sort key, with or without "-".
func ValidRiskSort(key string) bool {
	return slices.Contains(RiskSortKeys, strings.TrimPrefix(key, "-"))
}

// SortRisks orders rs by key (see RiskSortKeys), then by title. Entries
// whose value is unknown (no score, no review date, no status) come last
// in either direction, so "unknown" never passes for "lowest".
// Vocabulary columns sort in the vocabulary's order; texts in Swedish
// order.
func SortRisks(rs []RiskEntry, key string) {
	desc := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	pos := func(v Vocabulary, code string) (int, bool) {
		i := slices.IndexFunc(v, func(t Term) bool { return t.Code == code })
		return i, i >= 0
	}
	value := func(r *RiskEntry) (int, string, bool) {
		switch key {
		case "kind":
			i, ok := pos(RiskKinds, r.Kind)
			return i, "", ok
		case "category":
			i, ok := pos(RiskCategories, r.Category)
			return i, "", ok
		case "score":
			s, ok := r.Score()
			return s, "", ok
		case "status":
			i, ok := pos(RiskStatuses, r.Status)
			return i, "", ok
		case "review":
			return 0, r.Review.String(), !r.Review.IsZero()
		case "responsible":
			return 0, r.Responsible, r.Responsible != ""
		}
		return 0, "", true // by title, below
	}
	// Swedish sort keys once per entry: collating in every comparison
	// was most of the cost of sorting a register.
	type keyed struct {
		r        RiskEntry
		n        int
		s, title []byte
		ok       bool
	}
	ks := make([]keyed, len(rs))
	for i := range rs {
		n, s, ok := value(&rs[i])
		ks[i] = keyed{r: rs[i], n: n, ok: ok, title: SwedishKey(rs[i].Title)}
		switch {
		case key == "title" || key == "":
			ks[i].s = ks[i].title
		case s != "":
			ks[i].s = SwedishKey(s)
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		an, as, aok := a.n, a.s, a.ok
		bn, bs, bok := b.n, b.s, b.ok
		if aok != bok {
			if aok {
				return -1
			}
			return 1
		}
		c := 0
		if aok {
			c = cmp.Compare(an, bn)
			if c == 0 {
				c = bytes.Compare(as, bs)
			}
			if desc {
				c = -c
			}
		}
		if c == 0 {
			c = bytes.Compare(a.title, b.title)
		}
		if c == 0 {
			c = cmp.Compare(a.r.ID, b.r.ID)
		}
		return c
	})
	for i := range ks {
		rs[i] = ks[i].r
	}
}

// RiskStore keeps the risk register. Stores that can implement it next to
// Store. Writes check the version the writer saw (ESTALE when it is no
// longer current) and are audited as entity "risk".
type RiskStore interface {
	// RisksByNetwork returns the network's own risks and those of the
	// collaborations that belong to it, in the order DefaultRiskSort
	// gives; ENOTFOUND when the network does not exist.
	RisksByNetwork(ctx context.Context, slug string) ([]RiskEntry, error)
	// RisksByCollaboration returns the risks of one collaboration;
	// ENOTFOUND when it does not exist.
	RisksByCollaboration(ctx context.Context, collaborationID int64) ([]RiskEntry, error)
	RiskByID(ctx context.Context, id int64) (*RiskEntry, error)
	// CreateRisk validates r and inserts it, setting ID, Version,
	// Created and Updated.
	CreateRisk(ctx context.Context, r *RiskEntry) error
	// UpdateRisk writes r if r.Version is current. A risk stays with its
	// network or collaboration: those are taken from the stored row.
	UpdateRisk(ctx context.Context, r *RiskEntry) error
	DeleteRisk(ctx context.Context, id int64, version int) error
	// RestoreRisk writes risk id back as audit event auditID left it, if
	// version is current, through UpdateRisk; audited as "restore".
	RestoreRisk(ctx context.Context, id, auditID int64, version int) (*RiskEntry, error)
}
