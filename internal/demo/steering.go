package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"

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

// SyntheticSteering adds, for the first networks of the synthetic
// national dataset, a current plan whose priorities link the network's
// collaborations and have activities, and a follow-up of every
// collaboration for years, with scores drawn from the seed. It is for
// benchmarks: the pages then show what a network with a full year's
// follow-up shows. Nothing in it is real.
func SyntheticSteering(ctx context.Context, s samverkan.Store, networks int, years []int, seed int64) error {
	ss, err := samverkan.Steering(s)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7e1a5c3b9d2f4a61))
	for i := 1; i <= networks; i++ {
		slug := fmt.Sprintf("syn-%02d", i)
		n, err := s.NetworkBySlug(ctx, slug)
		if err != nil {
			return fmt.Errorf("demo: synthetic steering: %w", err)
		}
		refs, err := ss.CollaborationRefs(ctx, samverkan.RefFilter{Network: slug})
		if err != nil {
			return err
		}
		err = s.Batch(ctx, func(ctx context.Context, tx samverkan.Store) error {
			ts, err := samverkan.Steering(tx)
			if err != nil {
				return err
			}
			plan := &samverkan.NetworkPlan{Network: slug, Title: "Syntetisk plan", FromYear: years[0], ToYear: years[0] + 3, Current: true,
				Note: "Syntetiska data för prestandatester."}
			for k := range 5 {
				pr := samverkan.Priority{Title: fmt.Sprintf("Område %d", k+1), Goals: "Syntetiskt mål.", Purposes: n.PurposeTexts()[:1]}
				for a := range 6 {
					st := samverkan.ActivityStatuses[rng.IntN(len(samverkan.ActivityStatuses))].Code
					pr.Activities = append(pr.Activities, samverkan.Activity{Title: fmt.Sprintf("Aktivitet %d.%d", k+1, a+1),
						Responsible: "samverkanssamordnare", Status: st})
				}
				for j := k; j < len(refs); j += 5 * 4 {
					pr.Collaborations = append(pr.Collaborations, refs[j].ID)
				}
				plan.Priorities = append(plan.Priorities, pr)
			}
			if err := ts.SavePlan(ctx, plan); err != nil {
				return err
			}
			for _, c := range refs {
				for _, y := range years {
					if !samverkan.FollowUpDue(c, y) {
						continue
					}
					f := &samverkan.FollowUp{CollaborationID: c.ID, Year: y, Narrative: "Syntetisk uppföljning."}
					for _, p := range n.PurposeTexts() {
						f.Assessments = append(f.Assessments, samverkan.PurposeAssessment{Purpose: p, Score: rng.IntN(5)})
					}
					if rng.IntN(2) == 0 {
						b, c := int64(100000+rng.IntN(900000)), int64(100000+rng.IntN(900000))
						f.Budget, f.Cost = &b, &c
					}
					if err := ts.SaveFollowUp(ctx, f); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: synthetic steering of %s: %w", slug, err)
		}
	}
	return nil
}
