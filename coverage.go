package samverkan

import (
	"context"
	"sort"
)

// ParticipationStore counts, per municipality, the collaborations matching
// a filter in which it takes part (has not left): the figures of the map
// (/karta) and of a municipality's partners. Stores that can compute it
// with one aggregate query implement it next to Store.
type ParticipationStore interface {
	ParticipationCounts(ctx context.Context, f CollaborationFilter) (map[string]int, error)
}

// The coverage matrix of a network: its members × the areas its running
// collaborations cover, each cell the collaborations through which the
// member takes part in the area. A gap is an area some members cover and
// others do not: "Avfallshantering: 3 av 4 deltar; Gnosjö saknas".

// CoverageRef names a collaboration in a cell.
type CoverageRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// CoverageArea is one row of the matrix.
type CoverageArea struct {
	Area string `json:"area"`
	// Cells holds, per member (in Coverage.Members' order), the
	// collaborations covering the area for it; empty where it takes no part.
	Cells [][]CoverageRef `json:"cells"`
	// Covered is how many members take part; Missing the members that do not.
	Covered int      `json:"covered"`
	Missing []string `json:"missing"`
}

// OutsideParticipant is a municipality outside the network (Code) or an
// external party (Party) taking part in the network's collaborations,
// shown apart from the members.
type OutsideParticipant struct {
	Code           string        `json:"code,omitempty"`
	Party          string        `json:"party,omitempty"`
	Areas          []string      `json:"areas"`
	Collaborations []CoverageRef `json:"collaborations"`
}

// Coverage is a network's coverage matrix.
type Coverage struct {
	Network string               `json:"network"`
	Members []string             `json:"members"` // current members, by code
	Areas   []CoverageArea       `json:"areas"`   // in the catalogue's order
	Outside []OutsideParticipant `json:"outside"`
}

// Gap is an area that not all members cover.
type Gap struct {
	Area    string   `json:"area"`
	Covered int      `json:"covered"`
	Of      int      `json:"of"`
	Missing []string `json:"missing"` // member codes
}

// BuildCoverage computes the matrix of network n over its collaborations,
// counting those in the running phase (an idea covers nothing yet) and
// participants that have not left before on. Areas are the collaborations'
// own area codes, ordered as in the catalogue.
func BuildCoverage(n *Network, collabs []*Collaboration, cat *Catalog, on Date) Coverage {
	cov := Coverage{Network: n.Slug, Members: []string{}, Areas: []CoverageArea{}, Outside: []OutsideParticipant{}}
	index := map[string]int{}
	for _, m := range n.Members {
		if m.Current(on) {
			index[m.Code] = len(cov.Members)
			cov.Members = append(cov.Members, m.Code)
		}
	}
	rows := map[string]*CoverageArea{}
	outside := map[string]*OutsideParticipant{}
	var outsideOrder []string
	for _, c := range collabs {
		if PhaseOf(c.Status) != PhaseRunning {
			continue
		}
		ref := CoverageRef{ID: c.ID, Title: c.Title}
		for _, p := range c.Participants {
			if !p.Left.IsZero() && p.Left.Before(on) {
				continue
			}
			if i, ok := index[p.Code]; ok && p.Code != "" {
				for _, a := range c.Areas {
					row := rows[a]
					if row == nil {
						row = &CoverageArea{Area: a, Cells: make([][]CoverageRef, len(cov.Members))}
						rows[a] = row
					}
					if !slicesContainsRef(row.Cells[i], ref.ID) {
						row.Cells[i] = append(row.Cells[i], ref)
					}
				}
				continue
			}
			key := "m:" + p.Code
			if p.Code == "" {
				key = "p:" + p.Party
			}
			o := outside[key]
			if o == nil {
				o = &OutsideParticipant{Code: p.Code, Party: p.Party}
				outside[key] = o
				outsideOrder = append(outsideOrder, key)
			}
			if !slicesContainsRef(o.Collaborations, ref.ID) {
				o.Collaborations = append(o.Collaborations, ref)
			}
			for _, a := range c.Areas {
				if !containsString(o.Areas, a) {
					o.Areas = append(o.Areas, a)
				}
			}
		}
	}
	pos := map[string]int{}
	for i, a := range cat.Areas() {
		pos[a.Code] = i
	}
	for _, row := range rows {
		for i, cell := range row.Cells {
			if len(cell) > 0 {
				row.Covered++
			} else {
				row.Missing = append(row.Missing, cov.Members[i])
			}
			if cell == nil {
				row.Cells[i] = []CoverageRef{}
			}
		}
		if row.Missing == nil {
			row.Missing = []string{}
		}
		cov.Areas = append(cov.Areas, *row)
	}
	sortBy(cov.Areas, func(a, b CoverageArea) bool {
		pa, oka := pos[a.Area]
		pb, okb := pos[b.Area]
		if oka != okb {
			return oka
		}
		if pa != pb {
			return pa < pb
		}
		return a.Area < b.Area
	})
	for _, k := range outsideOrder {
		cov.Outside = append(cov.Outside, *outside[k])
	}
	sortBy(cov.Outside, func(a, b OutsideParticipant) bool {
		if (a.Code == "") != (b.Code == "") {
			return a.Code != "" // municipalities first
		}
		return a.Code+a.Party < b.Code+b.Party
	})
	return cov
}

// Gaps returns the areas that some but not all members cover, in the
// matrix's order.
func (c Coverage) Gaps() []Gap {
	out := []Gap{}
	for _, a := range c.Areas {
		if a.Covered < len(c.Members) {
			out = append(out, Gap{Area: a.Area, Covered: a.Covered, Of: len(c.Members), Missing: a.Missing})
		}
	}
	return out
}

// Text says the gap in words, in lang ("sv" or "en"), with the area's
// and the municipalities' names: "Avfallshantering: 3 av 4 deltar;
// Gnosjö saknas".
func (g Gap) Text(lang, area string, name func(code string) string) string {
	names := make([]string, len(g.Missing))
	for i, m := range g.Missing {
		names[i] = name(m)
	}
	and, verb := " och ", "saknas"
	if lang == "en" {
		and, verb = " and ", "is missing"
		if len(names) > 1 {
			verb = "are missing"
		}
		return area + ": " + itoa(g.Covered) + " of " + itoa(g.Of) + " take part; " + joinList(names, and) + " " + verb
	}
	return area + ": " + itoa(g.Covered) + " av " + itoa(g.Of) + " deltar; " + joinList(names, and) + " " + verb
}

// JoinList writes "a", "a och b", "a, b och c" with and (" och ",
// " and ") between the last two.
func JoinList(s []string, and string) string { return joinList(s, and) }

// joinList writes "a", "a och b", "a, b och c".
func joinList(s []string, and string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, v := range s[1 : len(s)-1] {
		out += ", " + v
	}
	return out + and + s[len(s)-1]
}

func slicesContainsRef(refs []CoverageRef, id int64) bool {
	for _, r := range refs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// sortBy sorts s stably by less.
func sortBy[T any](s []T, less func(a, b T) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}

// AllCollaborations pages through every collaboration matching f.
func AllCollaborations(ctx context.Context, s Store, f CollaborationFilter) ([]*Collaboration, error) {
	f.Limit, f.Offset = MaxLimit, 0
	if f.Sort == "" {
		f.Sort = "title"
	}
	var out []*Collaboration
	for {
		cs, total, err := s.FindCollaborations(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
		if len(cs) == 0 || len(out) >= total {
			return out, nil
		}
		f.Offset += len(cs)
	}
}

// OutlineStore gives a network's collaborations with only what its
// pictures (matrix, graph, charts, vulnerability) read: ID, Title, Status,
// LegalForm, Start, AnnualCost, CostKey, Areas and Participants (Code,
// Party, Left), ordered by title as AllCollaborations orders them. Stores
// that can read them cheaper than whole records implement it next to
// Store.
type OutlineStore interface {
	NetworkOutlines(ctx context.Context, slug string) ([]*Collaboration, error)
	// MunicipalityOutlines gives the first limit collaborations (by title)
	// in which municipality code takes or took part, as FindCollaborations
	// with that filter would, with their Networks too.
	MunicipalityOutlines(ctx context.Context, code string, limit int) ([]*Collaboration, error)
}

// NetworkOutlines returns network slug's collaborations in phase (every
// phase when empty) with at least the outline fields, from the store's
// OutlineStore when it has one.
func NetworkOutlines(ctx context.Context, s Store, slug, phase string) ([]*Collaboration, error) {
	os, ok := s.(OutlineStore)
	if !ok {
		return AllCollaborations(ctx, s, CollaborationFilter{Network: slug, Phase: phase, With: []string{WithAreas, WithParticipants}})
	}
	cs, err := os.NetworkOutlines(ctx, slug)
	if err != nil || phase == "" {
		return cs, err
	}
	out := cs[:0]
	for _, c := range cs {
		if PhaseOf(c.Status) == phase {
			out = append(out, c)
		}
	}
	return out, nil
}

// NetworkCoverage loads network slug and its running collaborations and
// computes its coverage matrix on day on: the one place the web page, its
// exports and the API get it from.
func NetworkCoverage(ctx context.Context, s Store, cat *Catalog, slug string, on Date) (*Network, Coverage, error) {
	n, err := s.NetworkBySlug(ctx, slug)
	if err != nil {
		return nil, Coverage{}, err
	}
	// The matrix reads outlines only (issue 16: whole records of ~300
	// collaborations cost the page 20 ms).
	cs, err := NetworkOutlines(ctx, s, n.Slug, PhaseRunning)
	if err != nil {
		return nil, Coverage{}, err
	}
	return n, BuildCoverage(n, cs, cat, on), nil
}
