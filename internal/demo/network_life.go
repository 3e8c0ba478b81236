package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/samverkan/samverkan"
)

// The networks' own life in the demo (risks, meetings, work groups,
// advocacy) is data, in data/network_life.json, so that it can be read
// and corrected without reading Go. Municipalities are named there and
// resolved here.

//go:embed data/network_life.json
var networkLifeJSON []byte

// networkLife is data/network_life.json.
type networkLife struct {
	About      string                    `json:"_about"`
	Risks      []samverkan.RiskEntry     `json:"risks"`
	Meetings   []lifeMeeting             `json:"meetings"`
	WorkGroups []lifeWorkGroup           `json:"work_groups"`
	Advocacy   []samverkan.AdvocacyIssue `json:"advocacy"`
}

// lifeMeeting is a meeting whose host is written by name.
type lifeMeeting struct {
	samverkan.Meeting
	Host string `json:"host"`
}

// lifeWorkGroup is a work group whose members' municipalities are written
// by name.
type lifeWorkGroup struct {
	samverkan.WorkGroup
	Members []samverkan.WorkGroupMember `json:"members"`
}

// buildNetworkLife reads the data file and resolves municipality names to
// codes; a name the reference data does not know fails the build.
func buildNetworkLife(cat *samverkan.Catalog) (*networkLife, error) {
	var l networkLife
	dec := json.NewDecoder(bytes.NewReader(networkLifeJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("demo: data/network_life.json: %w", err)
	}
	r := &resolver{cat: cat}
	for i := range l.Meetings {
		if h := l.Meetings[i].Host; h != "" {
			l.Meetings[i].Meeting.Host = r.code(h)
		}
	}
	for i := range l.WorkGroups {
		for _, m := range l.WorkGroups[i].Members {
			m.Municipality = r.code(m.Municipality)
			l.WorkGroups[i].WorkGroup.Members = append(l.WorkGroups[i].WorkGroup.Members, m)
		}
	}
	for i := range l.Advocacy {
		for j, s := range l.Advocacy[i].Supporters {
			l.Advocacy[i].Supporters[j] = r.code(s)
		}
	}
	if len(r.missing) > 0 {
		return nil, fmt.Errorf("demo: data/network_life.json: municipalities not in the reference data: %v", r.missing)
	}
	return &l, nil
}

// loadNetworkLife writes the records through the store's interfaces for
// them; a store without one gets none of that kind.
func loadNetworkLife(ctx context.Context, s samverkan.Store, l *networkLife) error {
	if rs, ok := s.(samverkan.RiskStore); ok {
		for i := range l.Risks {
			if err := rs.CreateRisk(ctx, &l.Risks[i]); err != nil {
				return fmt.Errorf("demo: risk %q: %w", l.Risks[i].Title, err)
			}
		}
	}
	if gs, ok := s.(samverkan.WorkGroupStore); ok {
		for i := range l.WorkGroups {
			if err := gs.CreateWorkGroup(ctx, &l.WorkGroups[i].WorkGroup); err != nil {
				return fmt.Errorf("demo: work group %q: %w", l.WorkGroups[i].Name, err)
			}
		}
	}
	if ms, ok := s.(samverkan.MeetingStore); ok {
		for i := range l.Meetings {
			if err := ms.CreateMeeting(ctx, &l.Meetings[i].Meeting); err != nil {
				return fmt.Errorf("demo: meeting %q: %w", l.Meetings[i].Title, err)
			}
		}
	}
	if as, ok := s.(samverkan.AdvocacyStore); ok {
		for i := range l.Advocacy {
			if err := as.CreateAdvocacyIssue(ctx, &l.Advocacy[i]); err != nil {
				return fmt.Errorf("demo: advocacy issue %q: %w", l.Advocacy[i].Title, err)
			}
		}
	}
	return nil
}
