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

// SyntheticNetworkLife gives network slug of the synthetic national
// dataset a busy network's own life: 60 risks (every other one a
// collaboration's), 12 work groups, 40 meetings with decisions over five
// years and 12 advocacy issues. It is for benchmarks; nothing in it is
// real.
func SyntheticNetworkLife(ctx context.Context, s samverkan.Store, slug string) error {
	rs, ok1 := s.(samverkan.RiskStore)
	ms, ok2 := s.(samverkan.MeetingStore)
	gs, ok3 := s.(samverkan.WorkGroupStore)
	as, ok4 := s.(samverkan.AdvocacyStore)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return fmt.Errorf("demo: the store keeps no network life")
	}
	n, err := s.NetworkBySlug(ctx, slug)
	if err != nil {
		return fmt.Errorf("demo: synthetic network life: %w", err)
	}
	cs, _, err := s.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: slug, Sort: "title", Limit: 60})
	if err != nil || len(cs) < 30 || len(n.Members) < 2 {
		return fmt.Errorf("demo: synthetic network life: %d collaborations in %s: %v", len(cs), slug, err)
	}
	grade := func(i int) *int { v := i%5 + 1; return &v }
	for i := 0; i < 60; i++ {
		r := &samverkan.RiskEntry{Kind: samverkan.RiskKindRisk, Category: "kompetens", Title: fmt.Sprintf("Risk %d", i),
			Likelihood: grade(i), Impact: grade(i / 5), Responsible: "samordnare", Review: samverkan.MustDate("2024-06-01")}
		if i%2 == 0 {
			r.Network = slug
		} else {
			id := cs[i%len(cs)].ID
			r.CollaborationID = &id
		}
		if err := rs.CreateRisk(ctx, r); err != nil {
			return err
		}
	}
	var groups []int64
	for i := 0; i < 12; i++ {
		g := &samverkan.WorkGroup{Network: slug, Name: fmt.Sprintf("Arbetsgrupp %d", i),
			Members:        []samverkan.WorkGroupMember{{Municipality: n.Members[0].Code, Function: "socialchef"}, {Municipality: n.Members[1].Code, Function: "IT-chef"}},
			Collaborations: []samverkan.CollabLink{{ID: cs[i].ID}, {ID: cs[i+12].ID}}}
		if err := gs.CreateWorkGroup(ctx, g); err != nil {
			return err
		}
		groups = append(groups, g.ID)
	}
	for i := 0; i < 40; i++ {
		id := cs[i%len(cs)].ID
		m := &samverkan.Meeting{Network: slug, Kind: samverkan.MeetingSteering, Title: fmt.Sprintf("Möte %d", i),
			Start: samverkan.NewDate(2020+i%5, 3, 1+i%20), Place: "Kommunhuset", Host: n.Members[i%len(n.Members)].Code,
			Decisions: []samverkan.MeetingDecision{{Text: "Beslut", CollaborationID: &id}, {Text: "Övrigt"}}}
		if i%3 == 0 {
			m.WorkGroupID, m.Kind = &groups[i%len(groups)], samverkan.MeetingWorkGroup
		}
		if err := ms.CreateMeeting(ctx, m); err != nil {
			return err
		}
	}
	for i := 0; i < 12; i++ {
		a := &samverkan.AdvocacyIssue{Network: slug, Title: fmt.Sprintf("Fråga %d", i), Targets: []string{"region", "stat"},
			Actions:    []samverkan.AdvocacyAction{{Date: samverkan.MustDate("2024-02-01"), Text: "Skrivelse"}},
			Supporters: []string{n.Members[0].Code, n.Members[1].Code}}
		if err := as.CreateAdvocacyIssue(ctx, a); err != nil {
			return err
		}
	}
	return nil
}
