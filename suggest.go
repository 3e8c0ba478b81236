package samverkan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Suggestions: where a network's members could collaborate next. Each
// candidate is an area and the set of members, ranked by signals that each
// show their contribution (points) and say it in words, so a coordinator
// can see why a suggestion ranks where it does and disagree with it. The
// ranking is a pure function of the data: same data, same order (ties are
// broken by area code).
//
// Signals, each with its weight (points):
//   - neighbours: the share of member pairs whose boundaries touch (up to 3);
//   - ties_area: collaborations in the area that already join some of the
//     members (2 each, at most 4): extending them is easier than starting;
//   - ties_nearby: the network's collaborations in the same area group
//     (1 each, at most 2);
//   - coverage_gap: the share of members without any collaboration in the
//     area (up to 2); a candidate needs at least two uncovered members;
//   - small: the share of members below the national median population
//     (up to 1), where the research finds collaboration most needed;
//   - cost_gap: the spread of the members' cost per inhabitant in the area
//     from Kolada, (max − min)/min (up to 2), when values are stored.
//
// Vulnerability (key functions) is not in the register yet; it is left
// out, and the pages say so (SuggestionsLeftOut).

// SuggestionsLeftOut names signals the ranking cannot use yet.
var SuggestionsLeftOut = []string{"key_functions"}

// Signal is one reason for a suggestion with its contribution.
type Signal struct {
	Code   string  `json:"code"`
	Points float64 `json:"points"`
	SV     string  `json:"sv"`
	EN     string  `json:"en"`
}

// Text is the signal in words in lang.
func (s Signal) Text(lang string) string {
	if lang == "en" {
		return s.EN
	}
	return s.SV
}

// Suggestion is a candidate collaboration: an area and a set of members.
type Suggestion struct {
	Area           string   `json:"area"`
	Municipalities []string `json:"municipalities"`
	Score          float64  `json:"score"`
	Signals        []Signal `json:"signals"`
}

// Explanation is the signals in words, strongest first: the rationale an
// idea made from the suggestion carries.
func (s Suggestion) Explanation(lang string) string {
	var parts []string
	for _, sig := range s.Signals {
		if sig.Points > 0 {
			parts = append(parts, sig.Text(lang))
		}
	}
	return strings.Join(parts, " ")
}

// SuggestionInput is what the ranking reads.
type SuggestionInput struct {
	Network *Network
	// Members are the codes of the network's current members.
	Members []string
	// Collaborations are those the members take part in (any network),
	// of which those not ended count as ties.
	Collaborations []*Collaboration
	// Ties, when not nil, are Collaborations as the ranking reads them
	// (TiesOf), from a SuggestionTieStore; Collaborations are then unused.
	Ties    []SuggestionTie
	Catalog *Catalog
	// Adjacent reports whether two municipalities' boundaries touch.
	Adjacent func(a, b string) bool
	// Costs holds, per area, the members' cost per inhabitant (Kolada),
	// when stored; missing areas have no cost signal.
	Costs map[string]map[string]float64
	// MaxResults bounds the list (0: 20).
	MaxResults int
}

// Suggest ranks the candidates.
func Suggest(in SuggestionInput) []Suggestion {
	members := append([]string(nil), in.Members...)
	sort.Strings(members)
	if len(members) < 2 || in.Catalog == nil {
		return []Suggestion{}
	}
	ties := in.Ties
	if ties == nil {
		slug := ""
		if in.Network != nil {
			slug = in.Network.Slug
		}
		ties = TiesOf(in.Collaborations, members, slug)
	}
	live := make([]*SuggestionTie, 0, len(ties))
	for i := range ties {
		if PhaseOf(ties[i].Status) != PhaseEnded {
			live = append(live, &ties[i])
		}
	}
	// The live ties of each area, in live's order, built once: testing
	// every tie against every area (80 leaf areas, their siblings, ~350
	// ties) cost the page milliseconds.
	byArea := map[string][]int{}
	for i, t := range live {
		for _, a := range t.Areas {
			if l := byArea[a]; len(l) == 0 || l[len(l)-1] != i {
				byArea[a] = append(l, i)
			}
		}
	}
	neighbours := neighbourSignal(members, in)
	small := smallSignal(members, in.Catalog)
	var out []Suggestion
	nearbyOf := map[string][]*SuggestionTie{} // per area suggested: its nearby ties
	seen := make([]int, len(live))            // the last area (1-based) a tie was taken for
	for k, a := range in.Catalog.Areas() {
		if len(in.Catalog.AreaChildren(a.Code)) > 0 {
			continue // suggest leaf areas; groups are too broad to act on
		}
		covered := map[string]bool{}
		var inArea, nearby []*SuggestionTie
		for _, i := range byArea[a.Code] {
			t := live[i]
			seen[i] = k + 1
			inArea = append(inArea, t)
			for _, p := range t.Members {
				covered[p] = true
			}
		}
		// The network's ties in the area's group but not in the area.
		if a.Parent != "" {
			var idx []int
			for _, child := range in.Catalog.AreaChildren(a.Parent) {
				for _, i := range byArea[child] {
					if seen[i] != k+1 && live[i].InNetwork {
						seen[i] = k + 1
						idx = append(idx, i)
					}
				}
			}
			sort.Ints(idx)
			for _, i := range idx {
				nearby = append(nearby, live[i])
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
		s.Signals = append(s.Signals, tiesAreaSignal(inArea))
		// The nearby ties' points now, their titles in words only for
		// the suggestions kept (below): most areas are cut, and their
		// lists of titles were most of the ranking's allocations.
		s.Signals = append(s.Signals, Signal{Code: "ties_nearby", Points: math.Min(2, float64(len(nearby)))})
		nearbyOf[a.Code] = nearby
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
	for i := range out {
		for j, sig := range out[i].Signals {
			if sig.Code == "ties_nearby" {
				out[i].Signals[j] = tiesNearbySignal(nearbyOf[out[i].Area])
			}
		}
	}
	if out == nil {
		out = []Suggestion{}
	}
	return out
}

// SuggestionTie is what the ranking reads of one collaboration that a
// member of the network takes (or took) part in: its areas, which members
// are among its participants, how many municipalities take part, and
// whether it belongs to the network. A store gives these in one query
// (SuggestionTieStore) instead of whole outlines of every member's
// collaborations with every participant (issue 16).
type SuggestionTie struct {
	ID     int64
	Title  string
	Status string
	Areas  []string
	// Members are the network's members among the participants (a
	// municipality's code once per participant row).
	Members []string
	// Municipalities is the number of participants that are
	// municipalities (len of Collaboration.ParticipantCodes).
	Municipalities int
	// InNetwork reports whether the collaboration belongs to the network.
	InNetwork bool
}

// TiesOf is cs as the ranking reads them for a network with members
// (sorted or not) and slug: what a SuggestionTieStore must return for the
// collaborations it reads.
func TiesOf(cs []*Collaboration, members []string, slug string) []SuggestionTie {
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m] = true
	}
	out := make([]SuggestionTie, 0, len(cs))
	for _, c := range cs {
		t := SuggestionTie{ID: c.ID, Title: c.Title, Status: c.Status, Areas: c.Areas}
		for _, p := range c.ParticipantCodes() {
			t.Municipalities++
			if isMember[p] {
				t.Members = append(t.Members, p)
			}
		}
		for _, s := range c.Networks {
			if s == slug && slug != "" {
				t.InNetwork = true
			}
		}
		out = append(out, t)
	}
	return out
}

// SuggestionTieStore is a store that reads the suggestions' ties itself.
type SuggestionTieStore interface {
	// SuggestionTies returns, ordered by id, the ties (TiesOf) of the
	// union of each member's first limit collaborations by title (as
	// MunicipalityOutlines orders them), for network slug.
	SuggestionTies(ctx context.Context, members []string, slug string, limit int) ([]SuggestionTie, error)
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func neighbourSignal(members []string, in SuggestionInput) Signal {
	pairs, touching := 0, 0
	maxKm := 0.0
	for i := range members {
		for j := i + 1; j < len(members); j++ {
			pairs++
			if in.Adjacent != nil && in.Adjacent(members[i], members[j]) {
				touching++
			}
			a, okA := in.Catalog.Municipality(members[i])
			b, okB := in.Catalog.Municipality(members[j])
			if okA && okB {
				maxKm = math.Max(maxKm, distanceKm(a.Lat, a.Lon, b.Lat, b.Lon))
			}
		}
	}
	return Signal{Code: "neighbours", Points: round2(3 * float64(touching) / float64(pairs)),
		SV: fmt.Sprintf("%d av %d par av kommunerna gränsar till varandra; längst avstånd mellan kommunernas mittpunkter är %d km.", touching, pairs, int(math.Round(maxKm))),
		EN: fmt.Sprintf("%d of %d pairs of the municipalities share a border; the longest distance between their centres is %d km.", touching, pairs, int(math.Round(maxKm)))}
}

// distanceKm is the great-circle distance.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

func tiesAreaSignal(inArea []*SuggestionTie) Signal {
	var titles []string
	for _, t := range inArea {
		n := len(t.Members)
		if n >= 2 || n >= 1 && t.Municipalities >= 2 {
			titles = append(titles, "”"+t.Title+"”")
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

func tiesNearbySignal(nearby []*SuggestionTie) Signal {
	if len(nearby) == 0 {
		return Signal{Code: "ties_nearby", SV: "Nätverket samverkar inte inom närliggande områden.", EN: "The network does not collaborate in related areas."}
	}
	// The titles in the order of their quoted forms, the list written
	// once for both languages: quoting each title and joining the list
	// twice, for some 60 areas, was a third of the ranking (issue 16).
	titles := make([]string, len(nearby))
	n := 0
	for i, t := range nearby {
		titles[i] = t.Title
		n += len(t.Title) + 8
	}
	slices.SortFunc(titles, compareQuoted)
	var b strings.Builder
	b.Grow(n)
	for i, t := range titles {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("”")
		b.WriteString(t)
		b.WriteString("”")
	}
	list := b.String()
	return Signal{Code: "ties_nearby", Points: math.Min(2, float64(len(titles))),
		SV: "Nätverket samverkar redan inom närliggande områden: " + list + ".",
		EN: "The network already collaborates in related areas: " + list + "."}
}

// compareQuoted compares a and b as "”"+a+"”" and "”"+b+"”" compare,
// without making them: the closing quote sorts after the letters, so "a"
// comes after "ab". Only when one is the start of the other are the
// quoted forms made.
func compareQuoted(a, b string) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	return strings.Compare(a+"”", b+"”")
}

func smallSignal(members []string, cat *Catalog) Signal {
	var pops []int
	for _, m := range cat.Municipalities() {
		pops = append(pops, m.Population)
	}
	sort.Ints(pops)
	median := 0
	if len(pops) > 0 {
		median = pops[len(pops)/2]
	}
	n := 0
	for _, code := range members {
		if m, ok := cat.Municipality(code); ok && m.Population < median {
			n++
		}
	}
	return Signal{Code: "small", Points: round2(float64(n) / float64(len(members))),
		SV: fmt.Sprintf("%d av %d medlemmar har färre invånare än rikets median (%d).", n, len(members), median),
		EN: fmt.Sprintf("%d of %d members have fewer inhabitants than the national median (%d).", n, len(members), median)}
}

func costGapSignal(members []string, costs map[string]float64, cat *Catalog) Signal {
	lo, hi := math.Inf(1), math.Inf(-1)
	var loCode, hiCode string
	for _, m := range members {
		v, ok := costs[m]
		if !ok || !(v > 0) {
			continue
		}
		if v < lo {
			lo, loCode = v, m
		}
		if v > hi {
			hi, hiCode = v, m
		}
	}
	if loCode == "" || loCode == hiCode {
		return Signal{Code: "cost_gap", SV: "Kostnaden per invånare är inte känd för minst två medlemmar.", EN: "The cost per inhabitant is not known for two members or more."}
	}
	gap := (hi - lo) / lo
	return Signal{Code: "cost_gap", Points: round2(math.Min(2, gap)),
		SV: fmt.Sprintf("Kostnaden per invånare skiljer %d %% mellan %s (%d kr) och %s (%d kr) (Källa: Kolada).", int(math.Round(gap*100)),
			cat.MunicipalityName(hiCode), int(math.Round(hi)), cat.MunicipalityName(loCode), int(math.Round(lo))),
		EN: fmt.Sprintf("The cost per inhabitant differs %d%% between %s (SEK %d) and %s (SEK %d) (Source: Kolada).", int(math.Round(gap*100)),
			cat.MunicipalityName(hiCode), int(math.Round(hi)), cat.MunicipalityName(loCode), int(math.Round(lo)))}
}

// BuildSuggestionInput gathers what Suggest reads for network n from the
// store: its current members, the collaborations they take part in, and
// the members' latest cost per inhabitant for the areas costKPIs maps to a
// Kolada KPI (when the store keeps Kolada values).
func BuildSuggestionInput(ctx context.Context, s Store, cat *Catalog, n *Network, adjacent func(a, b string) bool, costKPIs map[string]string) (SuggestionInput, error) {
	in := SuggestionInput{Network: n, Catalog: cat, Adjacent: adjacent, Costs: map[string]map[string]float64{}}
	for _, m := range n.ActiveMembers(Today()) {
		in.Members = append(in.Members, m.Code)
	}
	if ts, ok := s.(SuggestionTieStore); ok {
		// One query for what the ranking reads (issue 16: every member's
		// collaborations as outlines with every participant, one read per
		// member, cost the page 30 ms).
		ties, err := ts.SuggestionTies(ctx, in.Members, n.Slug, MaxLimit)
		if err != nil {
			return in, fmt.Errorf("collaborations of the members: %w", err)
		}
		in.Ties = ties
		if in.Ties == nil {
			in.Ties = []SuggestionTie{}
		}
		return suggestionCosts(ctx, s, in, costKPIs)
	}
	seen := map[int64]bool{}
	for _, code := range in.Members {
		var cs []*Collaboration
		var err error
		// The ranking reads outlines and networks only (issue 16: whole
		// records of every member's collaborations cost the page 90 ms).
		if os, ok := s.(OutlineStore); ok {
			cs, err = os.MunicipalityOutlines(ctx, code, MaxLimit)
		} else {
			cs, _, err = s.FindCollaborations(ctx, CollaborationFilter{Municipality: code, Limit: MaxLimit, Sort: "title",
				With: []string{WithAreas, WithParticipants, WithNetworks}})
		}
		if err != nil {
			return in, fmt.Errorf("collaborations of %s: %w", code, err)
		}
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				in.Collaborations = append(in.Collaborations, c)
			}
		}
	}
	sort.Slice(in.Collaborations, func(i, j int) bool { return in.Collaborations[i].ID < in.Collaborations[j].ID })
	return suggestionCosts(ctx, s, in, costKPIs)
}

// suggestionCosts adds to in the members' latest cost per inhabitant for
// the areas costKPIs maps to a Kolada KPI, when the store keeps them.
func suggestionCosts(ctx context.Context, s Store, in SuggestionInput, costKPIs map[string]string) (SuggestionInput, error) {
	ks, ok := s.(KPIStore)
	if !ok {
		return in, nil
	}
	areas := make([]string, 0, len(costKPIs))
	for a := range costKPIs {
		areas = append(areas, a)
	}
	sort.Strings(areas)
	for _, a := range areas {
		vs, err := ks.KPIValues(ctx, costKPIs[a], in.Members, nil)
		if err != nil {
			return in, fmt.Errorf("kolada values: %w", err)
		}
		year := LatestKPIYear(costKPIs[a], vs)
		if year == 0 {
			continue
		}
		m := map[string]float64{}
		for _, v := range vs {
			if v.Year == year && v.Gender == "T" && v.Value != nil {
				m[v.Municipality] = *v.Value
			}
		}
		in.Costs[a] = m
	}
	return in, nil
}

// FindSuggestion returns the suggestion for area among ss.
func FindSuggestion(ss []Suggestion, area string) (Suggestion, bool) {
	for _, s := range ss {
		if s.Area == area {
			return s, true
		}
	}
	return Suggestion{}, false
}

// IdeaFrom turns a suggestion into an idea in network n's pipeline, with
// the suggestion's explanation as its rationale (the description) and the
// ranking named as proposer.
func IdeaFrom(s Suggestion, n *Network, cat *Catalog, lang string) *Collaboration {
	area := s.Area
	if a, ok := cat.Area(s.Area); ok {
		area = a.SV
		if lang == "en" {
			area = a.EN
		}
	}
	title := "Samverkan inom " + lowerFirst(area)
	proposer := "Förslag från registret"
	if lang == "en" {
		title, proposer = "Collaboration in "+lowerFirst(area), "Suggestion from the register"
	}
	c := &Collaboration{Title: title, Description: s.Explanation(lang), Areas: []string{s.Area}, Status: StatusIdea,
		Networks: []string{n.Slug}, Proposer: proposer}
	for _, code := range s.Municipalities {
		c.Participants = append(c.Participants, Participant{Code: code, Role: RoleMember})
	}
	return c
}

// lowerFirst lower-cases the first letter: "Gator" → "gator".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
