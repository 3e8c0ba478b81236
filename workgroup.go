package samverkan

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Work groups: a network's groups per identified collaboration area, with
// their members (a municipality and a function each, never a person), a
// mandate, the collaborations and ideas they work on and their meetings
// (meetings carry the group's id).

// WorkGroup is one work group of a network.
type WorkGroup struct {
	ID      int64  `json:"id"`
	Network string `json:"network"` // slug
	Name    string `json:"name"`
	// Area is the collaboration area the group covers (an area code);
	// empty when not stated.
	Area    string            `json:"area"`
	Mandate string            `json:"mandate"`
	Members []WorkGroupMember `json:"members"`
	// Collaborations are the collaborations and ideas (collaborations in
	// the pipeline) the group works on.
	Collaborations []CollabLink `json:"collaborations"`
	Source         string       `json:"source"`
	Version        int          `json:"version"`
	Created        time.Time    `json:"created"`
	Updated        time.Time    `json:"updated"`
}

// WorkGroupMember is a municipality's seat in a work group, held by a
// function ("socialchef", "IT-chef").
type WorkGroupMember struct {
	Municipality string `json:"municipality"`
	Function     string `json:"function"`
}

// CollabLink links a record to a collaboration by id. Title and
// Status are filled on read; both are empty when the collaboration has
// since been deleted.
type CollabLink struct {
	ID     int64  `json:"id"`
	Title  string `json:"title,omitempty"`
	Status string `json:"status,omitempty"`
}

// Normalize trims the texts and makes the lists empty rather than absent.
func (g *WorkGroup) Normalize() {
	for _, s := range []*string{&g.Network, &g.Name, &g.Area, &g.Mandate, &g.Source} {
		*s = strings.TrimSpace(*s)
	}
	for i := range g.Members {
		g.Members[i].Municipality = strings.TrimSpace(g.Members[i].Municipality)
		g.Members[i].Function = strings.TrimSpace(g.Members[i].Function)
	}
	if g.Members == nil {
		g.Members = []WorkGroupMember{}
	}
	if g.Collaborations == nil {
		g.Collaborations = []CollabLink{}
	}
}

// Validate checks the group against its network: every member
// municipality must be a member of the network. The store checks that the
// linked collaborations exist and belong to it.
func (g *WorkGroup) Validate(n *Network, cat *Catalog) error {
	var v Validation
	checkText(&v, "name", g.Name, MaxTitle, true)
	if g.Area != "" {
		if _, ok := cat.Area(g.Area); !ok {
			v.Add("area", "unknown_area", g.Area)
		}
	}
	checkParagraph(&v, "mandate", g.Mandate, MaxDescription, false)
	checkParagraph(&v, "source", g.Source, MaxDescription, false)
	if checkList(&v, "members", len(g.Members), MaxSteeringRows) {
		seen := map[WorkGroupMember]bool{}
		for i, m := range g.Members {
			f := fmt.Sprintf("members[%d]", i)
			if m.Municipality == "" {
				v.Add(f+".municipality", "required")
			} else {
				checkMember(&v, f+".municipality", m.Municipality, n, cat)
			}
			checkText(&v, f+".function", m.Function, MaxShortText, true)
			if seen[m] && m.Municipality != "" {
				v.Add(f+".function", "duplicate_seat", cat.MunicipalityName(m.Municipality), m.Function)
			}
			seen[m] = true
		}
	}
	checkRefs(&v, "collaborations", g.Collaborations)
	return v.Err()
}

// checkRefs checks a list of collaboration links: positive ids, each once.
func checkRefs(v *Validation, field string, refs []CollabLink) {
	if !checkList(v, field, len(refs), MaxSteeringRows) {
		return
	}
	seen := map[int64]bool{}
	for i, r := range refs {
		f := fmt.Sprintf("%s[%d].id", field, i)
		switch {
		case r.ID < 1:
			v.Add(f, "unknown_collaboration", r.ID)
		case seen[r.ID]:
			v.Add(f, "duplicate_link", r.ID)
		}
		seen[r.ID] = true
	}
}

// WorkGroupStore keeps a network's work groups. Stores that can implement
// it next to Store; writes are versioned and audited as entity
// "work_group". Deleting a group leaves its meetings as they are: their
// link then names a group that no longer exists, as the history does.
type WorkGroupStore interface {
	// WorkGroupsByNetwork returns the network's groups by name (Swedish
	// order); ENOTFOUND when the network does not exist.
	WorkGroupsByNetwork(ctx context.Context, slug string) ([]WorkGroup, error)
	WorkGroupByID(ctx context.Context, id int64) (*WorkGroup, error)
	CreateWorkGroup(ctx context.Context, g *WorkGroup) error
	UpdateWorkGroup(ctx context.Context, g *WorkGroup) error
	DeleteWorkGroup(ctx context.Context, id int64, version int) error
	RestoreWorkGroup(ctx context.Context, id, auditID int64, version int) (*WorkGroup, error)
}
