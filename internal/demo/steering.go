package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/samverkan/samverkan"
)

// The networks' steering in the demo: plans and follow-ups, read from
// data/steering.json, a file a non-programmer can check. Each record says
// where it comes from or that it is an example.

//go:embed data/steering.json
var steeringJSON []byte

type steeringData struct {
	Plans []struct {
		Network string `json:"network"`
		Title   string `json:"title"`
		Current bool   `json:"current"`
		Note    string `json:"note"`
		Source  string `json:"source"`
	} `json:"plans"`
	FollowUps []struct {
		Collaboration string                        `json:"collaboration"`
		Year          int                           `json:"year"`
		Example       bool                          `json:"example"`
		Source        string                        `json:"source"`
		Assessments   []samverkan.PurposeAssessment `json:"assessments"`
		Narrative     string                        `json:"narrative"`
	} `json:"follow_ups"`
}

func readSteering() (*steeringData, error) {
	var d steeringData
	if err := json.Unmarshal(steeringJSON, &d); err != nil {
		return nil, fmt.Errorf("demo: data/steering.json: %w", err)
	}
	for _, p := range d.Plans {
		if p.Source == "" {
			return nil, fmt.Errorf("demo: data/steering.json: plan %q has no source", p.Title)
		}
	}
	for _, f := range d.FollowUps {
		if f.Source == "" || !f.Example {
			return nil, fmt.Errorf("demo: data/steering.json: follow-up of %s is not marked as an example with a source", f.Collaboration)
		}
	}
	return &d, nil
}

// loadSteering writes the plans and follow-ups; done maps the demo's
// collaboration keys to the stored records.
func loadSteering(ctx context.Context, s samverkan.Store, done map[string]*samverkan.Collaboration) error {
	d, err := readSteering()
	if err != nil {
		return err
	}
	ss, err := samverkan.Steering(s)
	if err != nil {
		return err
	}
	for _, p := range d.Plans {
		plan := &samverkan.NetworkPlan{Network: p.Network, Title: p.Title, Current: p.Current,
			Note: p.Note + " Källa: " + p.Source}
		if err := ss.SavePlan(ctx, plan); err != nil {
			return fmt.Errorf("demo: plan of %s: %w", p.Network, err)
		}
	}
	for _, f := range d.FollowUps {
		c, ok := done[f.Collaboration]
		if !ok {
			return fmt.Errorf("demo: follow-up of unknown collaboration %q", f.Collaboration)
		}
		fu := &samverkan.FollowUp{CollaborationID: c.ID, Year: f.Year, Example: f.Example,
			Assessments: f.Assessments, Narrative: f.Narrative + " Källa: " + f.Source}
		if err := ss.SaveFollowUp(ctx, fu); err != nil {
			return fmt.Errorf("demo: follow-up of %s: %w", f.Collaboration, err)
		}
	}
	return nil
}
