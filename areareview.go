package samverkan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// An import keeps an area it cannot place as the text the file wrote, in
// Collaboration.AreasToReview ("område att granska"), rather than refuse
// the row. A coordinator then maps each text to an area once for the
// network; the mapping moves the text into Areas in every collaboration of
// the network that holds it, and later imports into the network read the
// text the same way, so importing the file again changes nothing.

// AreaMapping says that, in one network, a text means an area.
type AreaMapping struct {
	Text    string    `json:"text"`
	Area    string    `json:"area"`
	Created time.Time `json:"created"`
}

// AreaReview is one text waiting to be mapped, with the collaborations of
// the network that hold it.
type AreaReview struct {
	Text           string             `json:"text"`
	Collaborations []CollaborationRef `json:"collaborations"`
}

// AreaReviewStore keeps the areas to review and the network's mappings.
// Stores that can implement it next to Store.
type AreaReviewStore interface {
	// AreasToReview lists the texts the network's collaborations hold for
	// review, most frequent first, each with its collaborations by title.
	AreasToReview(ctx context.Context, network string) ([]AreaReview, error)
	// AreaMappings returns the network's mappings, for importers.
	AreaMappings(ctx context.Context, network string) ([]AreaMapping, error)
	// MapAreaText records that text means area in the network and moves
	// the text to the area in every collaboration of the network holding
	// it, all in one transaction, each change audited. It returns the
	// collaborations changed.
	MapAreaText(ctx context.Context, network, text, area string) (int, error)
}

// MapReviewed moves the texts of c.AreasToReview that read as text (by
// MatchKey) to area, and reports whether c changed.
func MapReviewed(c *Collaboration, text, area string) bool {
	key := MatchKey(text)
	changed := false
	kept := c.AreasToReview[:0:0]
	for _, t := range c.AreasToReview {
		if MatchKey(t) == key {
			changed = true
			continue
		}
		kept = append(kept, t)
	}
	if !changed {
		return false
	}
	c.AreasToReview = kept
	if !slices.Contains(c.Areas, area) {
		c.Areas = append(c.Areas, area)
	}
	return true
}

// dedupeReview trims the texts to review and drops empty ones and repeats
// (by MatchKey: "Elevhälsa" and "elevhalsa" are one text).
func dedupeReview(in []string) []string {
	if in == nil {
		return nil
	}
	seen := map[string]bool{}
	out := in[:0:0]
	for _, s := range in {
		s = strings.TrimSpace(s)
		k := MatchKey(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}
