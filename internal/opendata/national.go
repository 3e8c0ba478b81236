package opendata

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// SourceRef is one instance's record of a collaboration.
type SourceRef struct {
	Dataset   string    // the harvested address (Harvest.Source)
	Publisher string    // who publishes that dataset
	Fetched   time.Time // when it was harvested
	ID        int64     // the record's id there
	URL       string    // the record's public page there
	Title     string    // its title there
}

// How a national record's sources were matched.
const (
	MatchSingle       = "single"       // one source only
	MatchOrgNumber    = "org_number"   // the same organisation number
	MatchParticipants = "participants" // the same municipalities, areas and legal form
)

// NationalRecord is one collaboration in the national register, with every
// source that publishes it.
type NationalRecord struct {
	// Key is stable while the sources are: "org:NNNNNN-NNNN" when an
	// organisation number identifies it, else the first source's
	// "dataset#id".
	Key string
	// Collaboration is the most recently updated source's record, as that
	// source publishes it (ties go to the first source in Sources).
	Collaboration Collaboration
	Sources       []SourceRef
	MatchedBy     string
}

// National groups the collaborations of several harvests into national
// records: one record per collaboration however many instances publish it.
// Two records are the same collaboration when
//
//  1. both give an organisation number and the numbers are equal (two
//     different numbers are never the same collaboration), or otherwise
//  2. their current participating municipalities are the same set, their
//     legal forms are the same, and their areas overlap (share a code); when
//     either lists no areas, their titles must instead be similar (at least
//     half of their words shared, see TitleSimilarity).
//
// Records from the same harvest are never merged: one instance lists one
// collaboration once. When a record matches several groups, the one whose
// titles are most similar wins, then the earliest. The result is the same
// for the same harvests in any order: records are taken in order of
// (dataset, id), those with an organisation number first, and records come
// back sorted by key. A dataset harvested twice counts once, the later
// fetch.
func National(hs []*Harvest) []NationalRecord {
	latest := map[string]*Harvest{}
	for _, h := range hs {
		if h == nil || h.Dataset == nil {
			continue
		}
		if cur, ok := latest[h.Source]; !ok || h.Fetched.After(cur.Fetched) {
			latest[h.Source] = h
		}
	}
	type rec struct {
		src   SourceRef
		c     *Collaboration
		org   string
		munis string // the sorted participant set, joined
		areas map[string]bool
		words map[string]bool
	}
	var recs []*rec
	for _, h := range latest {
		for i := range h.Dataset.Collaborations {
			c := &h.Dataset.Collaborations[i]
			r := &rec{c: c, munis: participantSet(c), areas: map[string]bool{}, words: titleWords(c.Title),
				src: SourceRef{Dataset: h.Source, Publisher: h.Dataset.Publisher.Name, Fetched: h.Fetched, ID: c.ID, URL: c.URL, Title: c.Title}}
			r.org, _ = NormalizeOrgNumber(c.OrgNumber)
			for _, a := range c.Areas {
				r.areas[a] = true
			}
			recs = append(recs, r)
		}
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if (a.org != "") != (b.org != "") {
			return a.org != ""
		}
		if a.src.Dataset != b.src.Dataset {
			return a.src.Dataset < b.src.Dataset
		}
		return a.src.ID < b.src.ID
	})

	type group struct {
		org     string
		members []*rec
		sources map[string]bool
		how     string // the weakest rule that joined a member
	}
	var groups []*group
	byOrg := map[string]*group{}
	same := func(a, b *rec) bool {
		if a.org != "" && b.org != "" {
			return a.org == b.org
		}
		if a.munis == "" || a.munis != b.munis || a.c.LegalForm != b.c.LegalForm {
			return false
		}
		if len(a.areas) == 0 || len(b.areas) == 0 {
			return jaccard(a.words, b.words) >= 0.5
		}
		for code := range a.areas {
			if b.areas[code] {
				return true
			}
		}
		return false
	}
	for _, r := range recs {
		if r.org != "" {
			if g, ok := byOrg[r.org]; ok && !g.sources[r.src.Dataset] {
				g.members = append(g.members, r)
				g.sources[r.src.Dataset] = true
				g.how = MatchOrgNumber
				continue
			}
		}
		var best *group
		bestScore := -1.0
		for _, g := range groups {
			if g.sources[r.src.Dataset] || (r.org != "" && g.org != "") {
				continue
			}
			score, match := 0.0, false
			for _, m := range g.members {
				if same(r, m) {
					match = true
					if s := jaccard(r.words, m.words); s > score {
						score = s
					}
				}
			}
			if match && score > bestScore {
				best, bestScore = g, score
			}
		}
		if best != nil {
			best.members = append(best.members, r)
			best.sources[r.src.Dataset] = true
			best.how = MatchParticipants // the weaker rule names the group
			continue
		}
		g := &group{org: r.org, members: []*rec{r}, sources: map[string]bool{r.src.Dataset: true}, how: MatchSingle}
		if r.org != "" && byOrg[r.org] == nil {
			byOrg[r.org] = g
		}
		groups = append(groups, g)
	}

	out := make([]NationalRecord, 0, len(groups))
	keys := map[string]bool{}
	for _, g := range groups {
		sort.Slice(g.members, func(i, j int) bool {
			a, b := g.members[i].src, g.members[j].src
			if a.Dataset != b.Dataset {
				return a.Dataset < b.Dataset
			}
			return a.ID < b.ID
		})
		nr := NationalRecord{MatchedBy: g.how}
		rep := g.members[0]
		for _, m := range g.members {
			nr.Sources = append(nr.Sources, m.src)
			if m.c.Updated.After(rep.c.Updated) {
				rep = m
			}
		}
		nr.Collaboration = *rep.c
		nr.Key = g.members[0].src.Dataset + "#" + strconv.FormatInt(g.members[0].src.ID, 10)
		if g.org != "" && byOrg[g.org] == g && !keys["org:"+g.org] {
			nr.Key = "org:" + g.org
		}
		keys[nr.Key] = true
		out = append(out, nr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// participantSet is the sorted, joined set of municipality codes taking
// part now (no left date); when every participant has left, all of them.
func participantSet(c *Collaboration) string {
	set := map[string]bool{}
	for _, p := range c.Participants {
		if p.Code != "" && p.Left.IsZero() {
			set[p.Code] = true
		}
	}
	if len(set) == 0 {
		for _, p := range c.Participants {
			if p.Code != "" {
				set[p.Code] = true
			}
		}
	}
	codes := make([]string, 0, len(set))
	for c := range set {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return strings.Join(codes, ",")
}

// stopWords carry no meaning in a collaboration's name.
var stopWords = map[string]bool{
	"och": true, "i": true, "för": true, "av": true, "med": true, "samt": true, "till": true, "på": true,
	"en": true, "ett": true, "den": true, "det": true, "de": true, "om": true, "kring": true,
}

// titleWords are a title's words: lower case, diacritics kept (å ä ö are
// letters of their own in Swedish), stop words dropped.
func titleWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !stopWords[w] {
			words[w] = true
		}
	}
	return words
}

// TitleSimilarity is the share of words two titles have in common (the
// Jaccard index of their word sets, stop words left out): 1 for the same
// words in any order and case, 0 for none in common.
func TitleSimilarity(a, b string) float64 { return jaccard(titleWords(a), titleWords(b)) }

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	both := 0
	for w := range a {
		if b[w] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}
