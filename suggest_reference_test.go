package samverkan

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// SuggestReference is the ranking as it was before it read SuggestionTie
// rows through an index of areas (issue 16): every collaboration tested
// against every leaf area and its siblings. TestSuggestMatchesReference
// compares Suggest with it on random data.
var SuggestReference = suggestReference

func suggestReference(in SuggestionInput) []Suggestion {
	members := append([]string(nil), in.Members...)
	sort.Strings(members)
	if len(members) < 2 || in.Catalog == nil {
		return []Suggestion{}
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m] = true
	}
	live := make([]*Collaboration, 0, len(in.Collaborations))
	for _, c := range in.Collaborations {
		if c.Phase() != PhaseEnded {
			live = append(live, c)
		}
	}
	neighbours := neighbourSignal(members, in)
	small := smallSignal(members, in.Catalog)
	var out []Suggestion
	for _, a := range in.Catalog.Areas() {
		if len(in.Catalog.AreaChildren(a.Code)) > 0 {
			continue // suggest leaf areas; groups are too broad to act on
		}
		covered := map[string]bool{}
		var inArea, nearby []*Collaboration
		for _, c := range live {
			switch {
			case refHasArea(c, a.Code):
				inArea = append(inArea, c)
				for _, p := range c.ParticipantCodes() {
					covered[p] = true
				}
			case a.Parent != "" && refHasAreaIn(c, in.Catalog.AreaChildren(a.Parent)) && refInNetwork(c, in.Network):
				nearby = append(nearby, c)
			}
		}
		var uncovered []string
		for _, m := range members {
			if !covered[m] {
				uncovered = append(uncovered, m)
			}
		}
		if len(uncovered) < 2 {
			continue
		}
		s := Suggestion{Area: a.Code, Municipalities: members}
		s.Signals = append(s.Signals, neighbours)
		s.Signals = append(s.Signals, refTiesAreaSignal(inArea, isMember, in.Catalog))
		s.Signals = append(s.Signals, refTiesNearbySignal(nearby))
		share := float64(len(uncovered)) / float64(len(members))
		s.Signals = append(s.Signals, Signal{Code: "coverage_gap", Points: round2(2 * share),
			SV: fmt.Sprintf("%d av %d medlemmar har ingen samverkan inom området.", len(uncovered), len(members)),
			EN: fmt.Sprintf("%d of %d members have no collaboration in the area.", len(uncovered), len(members))})
		s.Signals = append(s.Signals, small)
		if cs, ok := in.Costs[a.Code]; ok {
			s.Signals = append(s.Signals, costGapSignal(members, cs, in.Catalog))
		}
		sort.SliceStable(s.Signals, func(i, j int) bool { return s.Signals[i].Points > s.Signals[j].Points })
		for _, sig := range s.Signals {
			s.Score += sig.Points
		}
		s.Score = round2(s.Score)
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Area < out[j].Area
	})
	max := in.MaxResults
	if max <= 0 {
		max = 20
	}
	if len(out) > max {
		out = out[:max]
	}
	if out == nil {
		out = []Suggestion{}
	}
	return out
}

func refHasArea(c *Collaboration, code string) bool {
	for _, a := range c.Areas {
		if a == code {
			return true
		}
	}
	return false
}

func refHasAreaIn(c *Collaboration, codes []string) bool {
	for _, code := range codes {
		if refHasArea(c, code) {
			return true
		}
	}
	return false
}

func refInNetwork(c *Collaboration, n *Network) bool {
	if n == nil {
		return false
	}
	for _, s := range c.Networks {
		if s == n.Slug {
			return true
		}
	}
	return false
}

func refTiesAreaSignal(inArea []*Collaboration, isMember map[string]bool, cat *Catalog) Signal {
	var titles []string
	for _, c := range inArea {
		n := 0
		for _, p := range c.ParticipantCodes() {
			if isMember[p] {
				n++
			}
		}
		if n >= 2 || n >= 1 && len(c.ParticipantCodes()) >= 2 {
			titles = append(titles, "”"+c.Title+"”")
		}
	}
	sort.Strings(titles)
	if len(titles) == 0 {
		return Signal{Code: "ties_area", SV: "Ingen av medlemmarna samverkar redan inom området.", EN: "None of the members already collaborates in the area."}
	}
	return Signal{Code: "ties_area", Points: math.Min(4, 2*float64(len(titles))),
		SV: "Det finns redan samverkan inom området att bygga vidare på: " + strings.Join(titles, ", ") + ".",
		EN: "There is already collaboration in the area to build on: " + strings.Join(titles, ", ") + "."}
}

func refTiesNearbySignal(nearby []*Collaboration) Signal {
	var titles []string
	for _, c := range nearby {
		titles = append(titles, "”"+c.Title+"”")
	}
	sort.Strings(titles)
	if len(titles) == 0 {
		return Signal{Code: "ties_nearby", SV: "Nätverket samverkar inte inom närliggande områden.", EN: "The network does not collaborate in related areas."}
	}
	return Signal{Code: "ties_nearby", Points: math.Min(2, float64(len(titles))),
		SV: "Nätverket samverkar redan inom närliggande områden: " + strings.Join(titles, ", ") + ".",
		EN: "The network already collaborates in related areas: " + strings.Join(titles, ", ") + "."}
}
