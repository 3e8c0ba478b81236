package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

// SyntheticBatch is how many collaborations Synthetic writes per batch.
const SyntheticBatch = 1000

// Synthetic loads a deterministic national dataset: about 60 networks of
// neighbouring municipalities covering all 290, and n collaborations. The
// same seed always gives the same data. It writes in batches of
// SyntheticBatch collaborations, each batch all or nothing; the networks go
// in the first batch. It refuses (ECONFLICT) when network syn-01 exists.
func Synthetic(ctx context.Context, s samverkan.Store, n int, seed int64) error {
	if _, err := s.NetworkBySlug(ctx, "syn-01"); err == nil {
		return samverkan.Errorf(samverkan.ECONFLICT, "Syntetiska data är redan inlästa (nätverket syn-01 finns).")
	} else if samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		return fmt.Errorf("demo: check for synthetic data: %w", err)
	}
	nets, cs, ds := SyntheticData(n, seed)
	for start := 0; start == 0 || start < len(cs); start += SyntheticBatch {
		end := min(start+SyntheticBatch, len(cs))
		err := s.Batch(ctx, func(ctx context.Context, tx samverkan.Store) error {
			if start == 0 {
				for _, nw := range nets {
					if err := tx.CreateNetwork(ctx, nw); err != nil {
						return fmt.Errorf("network %s: %w", nw.Slug, err)
					}
				}
			}
			for i, c := range cs[start:end] {
				// A record cannot be created beslutad before its
				// decisions exist: it is created as beslut pågår,
				// given its decisions, then moved on.
				decided := c.Status == samverkan.StatusDecided
				if decided {
					c.Status = samverkan.StatusDeciding
				}
				if err := tx.CreateCollaboration(ctx, c); err != nil {
					return fmt.Errorf("collaboration %q: %w", c.Title, err)
				}
				for _, d := range ds[start+i] {
					d.CollaborationID = c.ID
					if err := tx.CreateDecision(ctx, &d); err != nil {
						return fmt.Errorf("decision on %q: %w", c.Title, err)
					}
				}
				if decided {
					moved, err := tx.ChangeStatus(ctx, c.ID, c.Version, samverkan.StatusDecided, samverkan.Date{}, "")
					if err != nil {
						return fmt.Errorf("collaboration %q to beslutad: %w", c.Title, err)
					}
					c.Status, c.Version, c.Updated = moved.Status, moved.Version, moved.Updated
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: synthetic batch %d–%d: %w", start, end, err)
		}
	}
	return nil
}

// SyntheticData builds the synthetic networks, n collaborations and each
// collaboration's decisions (ds[i] belongs to cs[i]; CollaborationID is
// set when stored) without a store. It is a pure function of n and seed.
func SyntheticData(n int, seed int64) (nets []*samverkan.Network, cs []*samverkan.Collaboration, ds [][]samverkan.Decision) {
	g := &synth{
		rng: rand.New(rand.NewPCG(uint64(seed), 0x5a3e7b1c9d2f4a68)),
		// Decisions draw from their own stream, so adding them left the
		// collaborations of a seed as they were.
		drng:  rand.New(rand.NewPCG(uint64(seed), 0x1d3c5b7a9e2f4d68)),
		seed:  seed,
		munis: refdata.MustCatalog().Municipalities(),
	}
	g.byCode = make(map[string]int, len(g.munis))
	for i, m := range g.munis {
		g.byCode[m.Code] = i
	}
	nets = g.networks()
	cs = make([]*samverkan.Collaboration, n)
	ds = make([][]samverkan.Decision, n)
	for i := range cs {
		cs[i] = g.collaboration(i)
		ds[i] = g.decisions(cs[i])
	}
	return nets, cs, ds
}

// decisions records the decisions the collaboration's decision path
// requires, as far as its stage has come: none before preparation;
// planned (pending) in preparation; some taken and the rest pending while
// deciding; all taken once decided. Of what already runs or has ended,
// the register knows the decisions for about a third (mapping existing
// collaborations rarely digs them all out), dated in the year before the
// start. A rejected idea has one municipality saying no.
func (g *synth) decisions(c *samverkan.Collaboration) []samverkan.Decision {
	rng := g.drng
	// The founding decisions of the municipalities: what the gate asks for.
	found, ok := samverkan.StepPath(c, samverkan.PathSettings{}, samverkan.StepFound)
	var path []samverkan.RequiredDecision
	for _, r := range found {
		if r.Municipality != "" && !r.Practice {
			path = append(path, r)
		}
	}
	if !ok || len(path) == 0 {
		return nil
	}
	phase := samverkan.PhaseOf(c.Status)
	taken := func(r samverkan.RequiredDecision, on samverkan.Date, outcome string) samverkan.Decision {
		d := samverkan.Decision{Municipality: r.Municipality, Body: r.Body, Kind: r.Kind, Outcome: outcome,
			Date: on, Paragraph: fmt.Sprintf("§ %d", 1+rng.IntN(250)),
			Note: "Syntetiskt beslut för prestandatester."}
		if len(r.Documents) > 0 {
			d.Document = r.Documents[0]
		}
		return d
	}
	// Decisions still to come are planned for 2027; those taken lately
	// fall in 2025, before any clock this runs under.
	planned, lately := func() samverkan.Date { return samverkan.NewDate(2027, monthOf(1+rng.IntN(6)), 1+rng.IntN(28)) },
		func() samverkan.Date { return samverkan.NewDate(2025, monthOf(1+rng.IntN(12)), 1+rng.IntN(28)) }
	var out []samverkan.Decision
	switch {
	case c.Status == samverkan.StatusPreparation:
		for _, r := range path {
			out = append(out, taken(r, planned(), samverkan.OutcomePending))
		}
	case c.Status == samverkan.StatusDeciding:
		for _, r := range path {
			if rng.IntN(2) == 0 {
				out = append(out, taken(r, lately(), samverkan.OutcomeApproved))
			} else {
				out = append(out, taken(r, planned(), samverkan.OutcomePending))
			}
		}
	case c.Status == samverkan.StatusDecided:
		for _, r := range path {
			out = append(out, taken(r, lately(), samverkan.OutcomeApproved))
		}
	case c.Status == samverkan.StatusRejected:
		r := path[rng.IntN(len(path))]
		out = append(out, taken(r, lately(), samverkan.OutcomeRejected))
	case phase != samverkan.PhasePipeline && !c.Start.IsZero() && rng.IntN(3) == 0:
		for _, r := range path {
			before := c.Start.Time().AddDate(0, -1-rng.IntN(11), 0)
			out = append(out, taken(r, samverkan.NewDate(before.Year(), before.Month(), before.Day()), samverkan.OutcomeApproved))
		}
	}
	return out
}

type synth struct {
	rng    *rand.Rand
	drng   *rand.Rand
	seed   int64
	munis  []samverkan.Municipality
	byCode map[string]int
	groups [][]string // member codes per network, index = network number
	slugs  []string
	netOf  map[string]int // municipality code → its network
}

// networks partitions the municipalities into groups of neighbours within
// each county, sizes 3–10 (mean about 5). A municipality without a
// neighbour in its county (Gotland) joins the nearest group.
func (g *synth) networks() []*samverkan.Network {
	counties := map[string][]string{}
	var order []string
	for _, m := range g.munis {
		if _, ok := counties[m.CountyCode]; !ok {
			order = append(order, m.CountyCode)
		}
		counties[m.CountyCode] = append(counties[m.CountyCode], m.Code)
	}
	slices.Sort(order)
	g.netOf = map[string]int{}
	for _, cc := range order {
		codes := counties[cc]
		slices.Sort(codes)
		inCounty := map[string]bool{}
		for _, c := range codes {
			inCounty[c] = true
		}
		first := len(g.groups)
		for _, seed := range codes {
			if _, done := g.netOf[seed]; done {
				continue
			}
			target := 3 + g.rng.IntN(4) // 3..6
			group := []string{seed}
			g.netOf[seed] = len(g.groups)
			for i := 0; i < len(group) && len(group) < target; i++ {
				nb := g.neighbours(group[i])
				g.rng.Shuffle(len(nb), func(a, b int) { nb[a], nb[b] = nb[b], nb[a] })
				for _, c := range nb {
					if len(group) == target {
						break
					}
					if _, done := g.netOf[c]; done || !inCounty[c] {
						continue
					}
					g.netOf[c] = len(g.groups)
					group = append(group, c)
				}
			}
			g.groups = append(g.groups, group)
		}
		g.mergeSmall(first, inCounty)
	}
	// Drop the emptied groups and renumber.
	var kept [][]string
	for _, gr := range g.groups {
		if len(gr) > 0 {
			slices.Sort(gr)
			kept = append(kept, gr)
		}
	}
	g.groups = kept
	g.netOf = map[string]int{}
	for i, gr := range g.groups {
		for _, c := range gr {
			g.netOf[c] = i
		}
	}

	out := make([]*samverkan.Network, len(g.groups))
	for i, gr := range g.groups {
		slug := fmt.Sprintf("syn-%02d", i+1)
		g.slugs = append(g.slugs, slug)
		first := g.muni(gr[0])
		members := make([]samverkan.NetworkMember, len(gr))
		for j, c := range gr {
			members[j] = samverkan.NetworkMember{Code: c, Joined: g.dateIn(2008, 2020)}
		}
		hosts := make([]samverkan.HostYear, 0, 3)
		for y := 2024; y <= 2026; y++ {
			hosts = append(hosts, samverkan.HostYear{Year: y, Code: gr[(y-2024+i)%len(gr)], Role: "vard_ordforande"})
		}
		out[i] = &samverkan.Network{
			Slug: slug,
			Name: fmt.Sprintf("%s m.fl. (syntetiskt nätverk %02d)", first.Name, i+1),
			Description: fmt.Sprintf("Syntetiskt nätverk för prestandatester: %d grannkommuner i %s. "+
				"Inga uppgifter är verkliga.", len(gr), first.CountyName),
			Members: members,
			Declaration: samverkan.Declaration{
				Adopted: g.dateIn(2010, 2022),
				Text:    "Syntetisk avsiktsförklaring.",
				Purposes: []samverkan.Purpose{
					{Text: "Minska sårbarheten", Dimension: "sarbarhet"},
					{Text: "Säkra kompetensförsörjningen", Dimension: "kompetensforsorjning"},
					{Text: "Effektivisera och sänka kostnaderna", Dimension: "effektivitet_kostnad"},
				},
			},
			Coordinator: "samverkanssamordnare",
			Hosts:       hosts,
			Public:      true,
			Source:      fmt.Sprintf("Syntetiska data från demo.SyntheticData (seed %d).", g.seed),
		}
	}
	return out
}

// mergeSmall folds groups under three members, from index first on, into
// a neighbouring group with room (preferring the same county), else into the
// nearest group with room.
func (g *synth) mergeSmall(first int, inCounty map[string]bool) {
	for i := first; i < len(g.groups); i++ {
		gr := g.groups[i]
		if len(gr) == 0 || len(gr) >= 3 {
			continue
		}
		best := -1
		for _, sameCounty := range []bool{true, false} {
			for _, c := range gr {
				for _, nb := range g.neighbours(c) {
					j, ok := g.netOf[nb]
					if !ok || j == i || len(g.groups[j])+len(gr) > 10 || inCounty[nb] != sameCounty {
						continue
					}
					if best < 0 || len(g.groups[j]) < len(g.groups[best]) {
						best = j
					}
				}
			}
			if best >= 0 {
				break
			}
		}
		if best < 0 {
			best = g.nearestGroup(gr[0], i, len(gr))
		}
		if best < 0 {
			continue // no group to join: keep it (only possible for a tiny catalogue)
		}
		for _, c := range gr {
			g.netOf[c] = best
		}
		g.groups[best] = append(g.groups[best], gr...)
		g.groups[i] = nil
	}
}

func (g *synth) nearestGroup(code string, not, size int) int {
	m := g.muni(code)
	best, bestD := -1, math.Inf(1)
	for j, gr := range g.groups {
		if j == not || len(gr) == 0 || len(gr)+size > 10 {
			continue
		}
		for _, c := range gr {
			o := g.muni(c)
			d := math.Hypot(m.Lat-o.Lat, (m.Lon-o.Lon)*math.Cos(m.Lat*math.Pi/180))
			if d < bestD {
				best, bestD = j, d
			}
		}
	}
	return best
}

func (g *synth) neighbours(code string) []string {
	nb := slices.Clone(refdata.Neighbours(code))
	slices.Sort(nb)
	return slices.Compact(nb)
}

func (g *synth) muni(code string) samverkan.Municipality { return g.munis[g.byCode[code]] }

// dateIn returns a random date in the years lo..hi.
func (g *synth) dateIn(lo, hi int) samverkan.Date {
	y := lo + g.rng.IntN(hi-lo+1)
	return samverkan.NewDate(y, monthOf(1+g.rng.IntN(12)), 1+g.rng.IntN(28))
}

// category is a row of the SKL 2011 table (domain.md d.2) with its areas
// (crosswalk e.3), title words, weight (the table's total) and the legal
// forms typical for it.
type category struct {
	weight   int
	titles   []string
	areas    []string
	forms    []weighted
	function string
	// authority is the legal basis when the work includes myndighetsutövning.
	authority string
	perCapita [2]int // annual cost per inhabitant, kronor, range
}

type weighted struct {
	code   string
	weight int
}

var (
	formsDefault = []weighted{
		{samverkan.FormAgreement, 45}, {samverkan.FormJointCommittee, 18}, {samverkan.FormFederationBoard, 8},
		{samverkan.FormFederationAssembly, 3}, {samverkan.FormInformalNetwork, 10}, {samverkan.FormProject, 6},
		{samverkan.FormPurchase, 5}, {samverkan.FormCompany, 2}, {samverkan.FormAgreementSpecial, 2},
		{samverkan.FormLetterOfIntent, 1},
	}
	formsRescue = []weighted{
		{samverkan.FormFederationBoard, 40}, {samverkan.FormFederationAssembly, 10},
		{samverkan.FormJointCommittee, 20}, {samverkan.FormAgreement, 25}, {samverkan.FormAgreementSpecial, 5},
	}
	formsCommittee = []weighted{
		{samverkan.FormJointCommittee, 60}, {samverkan.FormAgreement, 35}, {samverkan.FormInformalNetwork, 5},
	}
	formsUtility = []weighted{
		{samverkan.FormCompany, 35}, {samverkan.FormFederationBoard, 25}, {samverkan.FormAgreement, 35},
		{samverkan.FormInformalNetwork, 5},
	}
)

var categories = []category{
	{40, []string{"Gemensam räddningstjänst", "Räddningstjänstsamverkan", "Gemensam ledningscentral för räddningstjänst"},
		[]string{"270", "275"}, formsRescue, "räddningschef", "Lagen om skydd mot olyckor (LSO)", [2]int{600, 1200}},
	{27, []string{"Gemensam gymnasieskola", "Samverkan om vuxenutbildning", "Gemensam SFI", "Samverkan om gymnasieantagning"},
		[]string{"450", "472", "476", "470"}, formsDefault, "utbildningschef", "", [2]int{100, 900}},
	{17, []string{"Gemensam löneadministration", "Gemensam lönefunktion"},
		[]string{"X-LON"}, formsCommittee, "lönechef", "", [2]int{40, 150}},
	{17, []string{"Gemensam IT-drift", "Gemensam IT-nämnd", "Samverkan om IT-infrastruktur"},
		[]string{"X-IT", "X-DIGI"}, formsDefault, "IT-chef", "", [2]int{150, 600}},
	{16, []string{"Gemensam ekonomiadministration", "Samverkan om ekonomisystem"},
		[]string{"X-EKON"}, formsCommittee, "ekonomichef", "", [2]int{40, 150}},
	{29, []string{"Gemensamt e-arkiv", "Samverkan om kommunikation", "Gemensam juristfunktion", "Samverkan om informationssäkerhet"},
		[]string{"X-ARKIV", "X-KOMM", "X-JUR", "X-SÄK", "X-ÖVR"}, formsDefault, "kommundirektör", "", [2]int{10, 80}},
	{6, []string{"Gemensam VA-organisation", "Samverkan om vattenförsörjning"},
		[]string{"865"}, formsUtility, "VA-chef", "", [2]int{200, 900}},
	{8, []string{"Gemensam avfallshantering", "Avfallssamverkan"},
		[]string{"870"}, formsUtility, "avfallschef", "", [2]int{150, 600}},
	{11, []string{"Gemensam familjerätt", "Samverkan om socialjour", "Gemensam barn- och ungdomsvård", "Samverkan om ekonomiskt bistånd"},
		[]string{"585", "569", "559", "571", "575"}, formsCommittee, "socialchef", "Socialtjänstlagen (SoL)", [2]int{30, 300}},
	{7, []string{"Samverkan om gator och parker", "Gemensam teknisk förvaltning"},
		[]string{"249", "250"}, formsDefault, "teknisk chef", "", [2]int{50, 300}},
	{5, []string{"Gemensam kulturskola", "Bibliotekssamverkan"},
		[]string{"330", "320", "315"}, formsDefault, "kulturchef", "", [2]int{20, 200}},
	{9, []string{"Gemensam upphandlingsfunktion", "Samordnad upphandling"},
		[]string{"X-UPPH"}, formsCommittee, "upphandlingschef", "", [2]int{10, 60}},
	{10, []string{"Samverkan om vård och omsorg", "Gemensam hemsjukvård", "Samverkan om LSS-boenden"},
		[]string{"510", "500", "513", "520"}, formsDefault, "verksamhetschef", "", [2]int{200, 1500}},
	{17, []string{"Gemensam miljö- och byggnämnd", "Gemensam miljö- och hälsoskyddsnämnd", "Samverkan om alkoholtillstånd"},
		[]string{"261", "215", "263", "267", "X-BYGG"}, formsCommittee, "miljöchef", "Miljöbalken och plan- och bygglagen", [2]int{80, 400}},
	{3, []string{"Samverkan om kollektivtrafik"},
		[]string{"832"}, formsDefault, "trafikstrateg", "", [2]int{100, 500}},
	{3, []string{"Samverkan om hälso- och sjukvård"},
		[]string{"505"}, formsDefault, "medicinskt ansvarig sjuksköterska", "", [2]int{50, 300}},
	{17, []string{"Gemensam överförmyndarnämnd", "Gemensam överförmyndarverksamhet"},
		[]string{"X-OF"}, formsCommittee, "överförmyndarhandläggare", "Föräldrabalken", [2]int{30, 120}},
	{3, []string{"Gemensam kostorganisation", "Samverkan om måltider"},
		[]string{"X-KOST"}, formsDefault, "kostchef", "", [2]int{50, 400}},
	{13, []string{"Gemensam hjälpmedelsverksamhet", "Hjälpmedelssamverkan"},
		[]string{"X-HJÄLP"}, formsCommittee, "hjälpmedelskonsulent", "", [2]int{30, 200}},
}

var statusWeights = []weighted{
	{samverkan.StatusRunning, 62}, {samverkan.StatusUnderReview, 5}, {samverkan.StatusNoticeGiven, 3},
	{samverkan.StatusIdea, 6}, {samverkan.StatusInventoried, 4}, {samverkan.StatusStudyOngoing, 3},
	{samverkan.StatusStudyDone, 2}, {samverkan.StatusPreparation, 2}, {samverkan.StatusDeciding, 2},
	{samverkan.StatusDecided, 1},
	{samverkan.StatusEnded, 6}, {samverkan.StatusReformed, 2}, {samverkan.StatusRejected, 2},
}

var costKeyWeights = []weighted{
	{"invanare", 45}, {"lika_delar", 10}, {"nyttjande", 15}, {"fast_andel", 8},
	{"storlek_och_nyttjande", 12}, {"taxa_avgift", 5}, {"varierar_per_avtal", 5},
}

var externalParties = []struct{ name, kind string }{
	{"Arbetsförmedlingen", "myndighet"},
	{"Försäkringskassan", "myndighet"},
	{"Länsstyrelsen (syntetisk)", "myndighet"},
	{"Regionen (syntetisk)", "region"},
	{"Samordningsförbundet (syntetiskt)", "kommunalforbund"},
	{"Kommunalt bolag AB (syntetiskt)", "bolag"},
}

var docTypes = map[string][]string{
	samverkan.FormFederationBoard:    {"forbundsordning", "budget"},
	samverkan.FormFederationAssembly: {"forbundsordning", "budget"},
	samverkan.FormJointCommittee:     {"samverkansavtal", "reglemente"},
	samverkan.FormAgreement:          {"samverkansavtal"},
	samverkan.FormAgreementSpecial:   {"avtal"},
	samverkan.FormCompany:            {"bolagsordning", "agardirektiv", "aktieagaravtal"},
	samverkan.FormInformalNetwork:    {"avsiktsforklaring"},
	samverkan.FormLetterOfIntent:     {"avsiktsforklaring"},
	samverkan.FormProject:            {"overenskommelse"},
	samverkan.FormPurchase:           {"avtal"},
}

func pick(rng *rand.Rand, ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.weight
	}
	x := rng.IntN(total)
	for _, w := range ws {
		if x < w.weight {
			return w.code
		}
		x -= w.weight
	}
	return ws[len(ws)-1].code
}

func (g *synth) category() category {
	total := 0
	for _, c := range categories {
		total += c.weight
	}
	x := g.rng.IntN(total)
	for _, c := range categories {
		if x < c.weight {
			return c
		}
		x -= c.weight
	}
	return categories[len(categories)-1]
}

// collaboration builds the i-th synthetic collaboration.
func (g *synth) collaboration(i int) *samverkan.Collaboration {
	rng := g.rng
	net := rng.IntN(len(g.groups))
	members := slices.Clone(g.groups[net])
	rng.Shuffle(len(members), func(a, b int) { members[a], members[b] = members[b], members[a] })
	k := 2 + rng.IntN(7) // 2..8
	if k > len(members) {
		k = len(members)
	}
	codes := members[:k]
	if rng.IntN(100) < 15 { // one municipality from outside the network
		if out := g.outsider(g.groups[net]); out != "" {
			if len(codes) == 8 {
				codes = codes[:7]
			}
			codes = append(slices.Clone(codes), out)
		}
	}
	cat := g.category()
	form := pick(rng, cat.forms)
	status := pick(rng, statusWeights)
	phase := samverkan.PhaseOf(status)

	c := &samverkan.Collaboration{
		LegalForm: form,
		Status:    status,
		Networks:  []string{g.slugs[net]},
		Public:    rng.IntN(100) < 95,
		Example:   true,
		Sources:   []samverkan.Source{{Text: fmt.Sprintf("Syntetiska data från demo.SyntheticData (seed %d, nr %d).", g.seed, i+1)}},
	}
	// A purchase from another municipality passes the gate only with its
	// procurement basis recorded (issue 13); no random draw, so the rest
	// of the data stays as the seed made it.
	if form == samverkan.FormPurchase {
		c.ProcurementBasis = "hamburg_3kap17"
	}
	// Areas: the category's first or a random one, sometimes two.
	c.Areas = []string{cat.areas[rng.IntN(len(cat.areas))]}
	if len(cat.areas) > 1 && rng.IntN(4) == 0 {
		c.Areas = append(c.Areas, cat.areas[rng.IntN(len(cat.areas))])
		c.Areas = slices.Compact(c.Areas)
	}
	// Dates by phase.
	switch phase {
	case samverkan.PhaseRunning:
		c.Start = g.dateIn(2005, 2025)
	case samverkan.PhaseEnded:
		c.Start = g.dateIn(2005, 2019)
		c.End = samverkan.NewDate(c.Start.Year()+1+rng.IntN(6), monthOf(1+rng.IntN(12)), 1+rng.IntN(28))
		if status == samverkan.StatusRejected {
			c.Start, c.End = samverkan.Date{}, samverkan.Date{}
		}
	default:
		if rng.IntN(2) == 0 {
			c.Start = g.dateIn(2026, 2026)
		}
		// Mostly the triage the legal form suggests; now and then a
		// coordinator's override, which must carry its reason.
		proposed, _, ok := samverkan.ProposeTriage(form, samverkan.PathOptions{})
		override := rng.IntN(10) == 0
		switch {
		case ok && !override:
			c.Triage = proposed
		case ok:
			c.Triage = "kan_starta_direkt"
			if proposed == c.Triage {
				c.Triage = "kraver_politiskt_beslut"
			}
			c.TriageReason = "Avviker från förslaget efter samordnarens bedömning"
		}
	}
	// Host: the first participant for hosted forms.
	hosted := form == samverkan.FormJointCommittee || form == samverkan.FormAgreement ||
		form == samverkan.FormAgreementSpecial || form == samverkan.FormPurchase ||
		form == samverkan.FormFederationBoard || form == samverkan.FormFederationAssembly
	if hosted {
		c.Host = codes[0]
	}
	pop := 0
	for j, code := range codes {
		p := samverkan.Participant{Code: code, Role: samverkan.RoleMember}
		switch {
		case code == c.Host && form == samverkan.FormPurchase:
			p.Role = samverkan.RoleProvider
		case code == c.Host && form != samverkan.FormFederationBoard && form != samverkan.FormFederationAssembly:
			p.Role = samverkan.RoleHost
		case form == samverkan.FormPurchase:
			p.Role = samverkan.RoleBuyer
		case form == samverkan.FormCompany:
			p.Role = samverkan.RoleOwner
		}
		if phase != samverkan.PhasePipeline && j > 0 && rng.IntN(10) == 0 && !c.Start.IsZero() {
			p.Joined = samverkan.NewDate(c.Start.Year()+1+rng.IntN(3), monthOf(1), 1)
			if !c.End.IsZero() && c.End.Before(p.Joined) {
				p.Joined = samverkan.Date{}
			}
		}
		if status == samverkan.StatusRunning && j > 0 && j == len(codes)-1 && len(codes) > 2 && rng.IntN(20) == 0 && !c.Start.IsZero() {
			if y := max(c.Start.Year(), p.Joined.Year()) + 1 + rng.IntN(3); y <= 2025 {
				p.Left = samverkan.NewDate(y, monthOf(12), 31)
			}
		}
		c.Participants = append(c.Participants, p)
		pop += g.muni(code).Population
	}
	if rng.IntN(100) < 4 {
		ep := externalParties[rng.IntN(len(externalParties))]
		role := samverkan.RoleMember
		if ep.kind == "myndighet" || ep.kind == "region" {
			role = samverkan.RoleFunder
		}
		// Only municipalities and regions can be members of a joint
		// committee or a federation; anyone else follows as an observer.
		if f, _ := samverkan.FindLegalForm(form); f.PublicLaw && ep.kind != "region" {
			role = samverkan.RoleObserver
		}
		c.Participants = append(c.Participants, samverkan.Participant{Party: ep.name, PartyKind: ep.kind, Role: role})
	}

	names := make([]string, 0, 2)
	for _, code := range codes[:min(2, len(codes))] {
		names = append(names, g.muni(code).Name)
	}
	suffix := strings.Join(names, "–")
	if len(codes) > 2 {
		suffix += " m.fl."
	}
	c.Title = cat.titles[rng.IntN(len(cat.titles))] + " " + suffix
	c.Description = fmt.Sprintf("Syntetiskt exempel för prestandatester, inte en verklig samverkan. %d deltagande kommuner med sammanlagt %d invånare.", len(codes), pop)

	if cat.authority != "" && form != samverkan.FormInformalNetwork && rng.IntN(3) > 0 {
		c.PublicAuthority = true
		c.PublicAuthorityBasis = cat.authority
	}
	if phase != samverkan.PhasePipeline && rng.IntN(100) < 85 {
		c.AnnualCost = new(int64)
		perCapita := cat.perCapita[0] + rng.IntN(cat.perCapita[1]-cat.perCapita[0]+1)
		*c.AnnualCost = int64(pop*perCapita/1000) * 1000
		c.CostKey = pick(rng, costKeyWeights)
	}
	if phase != samverkan.PhasePipeline && rng.IntN(100) < 85 {
		for _, t := range docTypes[form] {
			d := samverkan.Document{
				Type:      t,
				Title:     samverkan.DocumentTypes.Label(t, "sv") + " – " + c.Title,
				AdoptedBy: "kf",
				AdoptedIn: codes[0],
				Paragraph: fmt.Sprintf("§ %d", 1+rng.IntN(250)),
			}
			if !c.Start.IsZero() {
				d.Adopted = samverkan.NewDate(c.Start.Year()-1, monthOf(1+rng.IntN(12)), 1+rng.IntN(28))
				d.ValidFrom = c.Start
				d.ValidTo = c.End
			}
			if t == "samverkansavtal" || t == "avtal" {
				months := []int{6, 12, 12, 24}[rng.IntN(4)]
				d.NoticeMonths = &months
				d.Renewal = []string{"", "förlängs ett år i taget", "förlängs fyra år i taget"}[rng.IntN(3)]
			}
			c.Documents = append(c.Documents, d)
		}
	}
	c.Purposes = []string{samverkan.Purposes[rng.IntN(len(samverkan.Purposes))].Code}
	if rng.IntN(2) == 0 {
		c.Purposes = append(c.Purposes, samverkan.Purposes[rng.IntN(len(samverkan.Purposes))].Code)
		c.Purposes = slices.Compact(c.Purposes)
	}
	c.Contacts = []samverkan.Contact{{Function: cat.function}}
	return c
}

// outsider returns a neighbour of the group that is not in it, or "".
func (g *synth) outsider(group []string) string {
	var cands []string
	for _, c := range group {
		for _, nb := range g.neighbours(c) {
			if !slices.Contains(group, nb) && !slices.Contains(cands, nb) {
				cands = append(cands, nb)
			}
		}
	}
	if len(cands) == 0 {
		return ""
	}
	return cands[g.rng.IntN(len(cands))]
}

func monthOf(m int) time.Month { return time.Month(m) }
