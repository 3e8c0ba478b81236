package demo_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/refdata"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

var cat = refdata.MustCatalog()

func code(t *testing.T, name string) string {
	t.Helper()
	m, ok := cat.LookupMunicipality(name)
	if !ok {
		t.Fatalf("no municipality %q", name)
	}
	return m.Code
}

func codes(t *testing.T, names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, code(t, n))
	}
	slices.Sort(out)
	return out
}

// all returns every collaboration in the store, or in one network.
func all(t *testing.T, s samverkan.Store, network string) []*samverkan.Collaboration {
	t.Helper()
	var out []*samverkan.Collaboration
	for {
		page, total, err := s.FindCollaborations(context.Background(), samverkan.CollaborationFilter{
			Network: network, Limit: samverkan.MaxLimit, Offset: len(out),
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(out) >= total || len(page) == 0 {
			if len(out) != total {
				t.Fatalf("read %d collaborations, store says %d", len(out), total)
			}
			return out
		}
	}
}

func byTitle(t *testing.T, s samverkan.Store, cs []*samverkan.Collaboration, prefix string) *samverkan.Collaboration {
	t.Helper()
	var found *samverkan.Collaboration
	for _, c := range cs {
		if strings.HasPrefix(c.Title, prefix) {
			if found != nil {
				t.Fatalf("two collaborations titled %q…", prefix)
			}
			found = c
		}
	}
	if found == nil {
		t.Fatalf("no collaboration titled %q…", prefix)
	}
	// The list may omit details; read the full record.
	c, err := s.CollaborationByID(context.Background(), found.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func loaded(t *testing.T) samverkan.Store {
	t.Helper()
	s := sqldbtest.New(t)
	if err := demo.Load(context.Background(), s); err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

func partCodes(c *samverkan.Collaboration) []string {
	out := c.ParticipantCodes()
	slices.Sort(out)
	return out
}

func TestLoadNetworks(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	for _, slug := range []string{"ggvv", "c-tillsammans", "dalslandssamverkan", "v6", "region-10"} {
		n, err := s.NetworkBySlug(ctx, slug)
		if err != nil {
			t.Fatalf("network %s: %v", slug, err)
		}
		if !n.Public || n.Source == "" || len(n.Members) < 4 {
			t.Errorf("network %s: public %v, source %q, %d members", slug, n.Public, n.Source, len(n.Members))
		}
		if err := n.Validate(cat); err != nil {
			t.Errorf("network %s: %v", slug, err)
		}
	}
	r10, _ := s.NetworkBySlug(ctx, "region-10")
	if len(r10.Members) != 10 {
		t.Errorf("Region 10 has %d members", len(r10.Members))
	}
	hosts := map[int]samverkan.HostYear{}
	for _, h := range r10.Hosts {
		hosts[h.Year] = h
	}
	if h := hosts[2023]; h.Code != code(t, "Dorotea") || !strings.HasPrefix(h.Role, "vard") {
		t.Errorf("Region 10 host 2023 = %+v", h)
	}
	if h := hosts[2024]; h.Code != code(t, "Storuman") || !strings.Contains(h.Role, "ordforande") {
		t.Errorf("Region 10 chair 2024 = %+v", h)
	}
	ggvv, _ := s.NetworkBySlug(ctx, "ggvv")
	if len(ggvv.Hosts) != 0 {
		t.Errorf("GGVV hosts %v: the source names no year", ggvv.Hosts)
	}
	v6, _ := s.NetworkBySlug(ctx, "v6")
	dims := map[string]bool{}
	for _, p := range v6.Declaration.Purposes {
		dims[p.Dimension] = true
	}
	for _, d := range []string{"kvalitet", "sarbarhet", "kompetensforsorjning", "effektivitet_kostnad", "attraktivitet"} {
		if !dims[d] {
			t.Errorf("V6 declaration lacks dimension %s", d)
		}
	}
}

func TestLoadFacts(t *testing.T) {
	s := loaded(t)

	ggvv := all(t, s, "ggvv")
	sam := byTitle(t, s, ggvv, "SÅM")
	if !strings.HasPrefix(sam.LegalForm, "kommunalforbund") {
		t.Errorf("SÅM legal form = %q", sam.LegalForm)
	}
	if got, want := partCodes(sam), codes(t, "Gislaved", "Gnosjö", "Vaggeryd", "Värnamo"); !slices.Equal(got, want) {
		t.Errorf("SÅM participants = %v, want %v", got, want)
	}
	if !slices.Contains(sam.Areas, "870") || sam.Status != samverkan.StatusRunning {
		t.Errorf("SÅM areas %v status %q", sam.Areas, sam.Status)
	}

	ct := all(t, s, "c-tillsammans")
	it := byTitle(t, s, ct, "Gemensam IT-nämnd")
	if got, want := partCodes(it), codes(t, "Heby", "Knivsta", "Tierp", "Älvkarleby", "Östhammar"); !slices.Equal(got, want) {
		t.Errorf("IT board participants = %v, want %v", got, want)
	}
	if it.Host != code(t, "Tierp") || it.LegalForm != samverkan.FormJointCommittee || it.Start.String() != "2019-01-01" {
		t.Errorf("IT board host %q form %q start %s", it.Host, it.LegalForm, it.Start)
	}
	for _, p := range it.Participants {
		if p.Code == it.Host && p.Role != samverkan.RoleHost {
			t.Errorf("Tierp's role = %q", p.Role)
		}
	}
	if it.CostKey != "storlek_och_nyttjande" || !strings.Contains(it.CostKeyNote, "datorer") {
		t.Errorf("IT board cost key %q note %q", it.CostKey, it.CostKeyNote)
	}
	var docs []string
	for _, d := range it.Documents {
		docs = append(docs, d.Type)
	}
	slices.Sort(docs)
	if !slices.Equal(docs, []string{"reglemente", "samverkansavtal"}) {
		t.Errorf("IT board documents = %v", docs)
	}
	old := byTitle(t, s, ct, "IT-nämnd för Tierp och Älvkarleby")
	kh := byTitle(t, s, ct, "Samverkansnämnd Knivsta–Heby")
	wantRel := map[string]int64{"ersatter": old.ID, "bygger_pa": kh.ID}
	for _, r := range it.Relations {
		if wantRel[r.Kind] == r.ID {
			delete(wantRel, r.Kind)
		}
	}
	if len(wantRel) != 0 || old.Status != samverkan.StatusEnded {
		t.Errorf("IT board relations %+v; old board status %q", it.Relations, old.Status)
	}
	of := byTitle(t, s, ct, "Gemensam överförmyndarnämnd")
	if !of.Takes(code(t, "Uppsala")) || of.Takes(code(t, "Enköping")) || len(of.Participants) != 7 {
		t.Errorf("Uppsala county guardianship board participants = %v", partCodes(of))
	}

	dal := all(t, s, "dalslandssamverkan")
	kf := byTitle(t, s, dal, "Dalslandskommunernas kommunalförbund")
	if kf.Status != samverkan.StatusReformed || kf.End.String() != "2016-12-31" || len(kf.Participants) != 5 {
		t.Errorf("old federation: status %q end %s, %d participants", kf.Status, kf.End, len(kf.Participants))
	}
	for _, p := range kf.Participants {
		if p.Code == code(t, "Åmål") && p.Left.String() != "2016-12-31" {
			t.Errorf("Åmål left %q", p.Left)
		}
	}
	me := byTitle(t, s, dal, "Dalslands miljö- och energiförbund")
	if me.Host != code(t, "Mellerud") || len(me.Participants) != 4 || me.Takes(code(t, "Åmål")) ||
		len(me.Relations) != 1 || me.Relations[0].ID != kf.ID || me.Relations[0].Kind != "ersatter" {
		t.Errorf("new federation: host %q participants %v relations %+v", me.Host, partCodes(me), me.Relations)
	}

	v6 := all(t, s, "v6")
	rtj := byTitle(t, s, v6, "Gemensam räddningsnämnd")
	if rtj.Host != code(t, "Lidköping") || !rtj.PublicAuthority || rtj.Start.String() != "2021-01-01" {
		t.Errorf("rescue board host %q authority %v start %s", rtj.Host, rtj.PublicAuthority, rtj.Start)
	}
	gol := byTitle(t, s, v6, "Göliska IT")
	for _, p := range gol.Participants {
		if p.Code == code(t, "Vara") && p.Joined.String() != "2018-01-01" {
			t.Errorf("Vara joined Göliska IT %q", p.Joined)
		}
	}

	r10 := all(t, s, "region-10")
	ly := byTitle(t, s, r10, "Lystkom")
	if ly.LegalForm != samverkan.FormFederationBoard || len(ly.Participants) != 4 || ly.RepresentationKey == "" {
		t.Errorf("Lystkom form %q, %d participants, representation %q", ly.LegalForm, len(ly.Participants), ly.RepresentationKey)
	}
	ofl := byTitle(t, s, r10, "Överförmyndarnämnd i södra Lappland")
	if ofl.Host != "" || len(ofl.Participants) != 5 {
		t.Errorf("södra Lappland host %q participants %v", ofl.Host, partCodes(ofl))
	}
}

// noPipelineExample are the networks without an example idea. Region
// 10's only one was its joint advocacy towards region, state and EU, which
// is no collaboration: it is an advocacy issue (data/network_life.json).
var noPipelineExample = []string{"region-10"}

// functions are the words a network's Coordinator may hold: functions,
// never a person's name.
var functions = []string{"", "samverkanssamordnare", "samverkansledare", "samordnare", "kommundirektör", "kommunstyrelsernas ordförande"}

func TestLoadRules(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	nets, err := s.Networks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nets {
		if !slices.Contains(functions, n.Coordinator) {
			t.Errorf("network %s: coordinator %q is not a known function", n.Slug, n.Coordinator)
		}
		pipelineExample := false
		for _, c := range all(t, s, n.Slug) {
			if c.Phase() == samverkan.PhasePipeline && c.Example {
				pipelineExample = true
			}
		}
		if !pipelineExample && !slices.Contains(noPipelineExample, n.Slug) {
			t.Errorf("network %s has no example in the pipeline", n.Slug)
		}
	}
	for _, listed := range all(t, s, "") {
		c, err := s.CollaborationByID(ctx, listed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Sources) == 0 {
			t.Errorf("%q has no source", c.Title)
		}
		for _, ct := range c.Contacts {
			if ct.Name != "" || ct.Email != "" || ct.Phone != "" || ct.Function == "" {
				t.Errorf("%q: contact %+v holds personal data or no function", c.Title, ct)
			}
		}
		if !c.Public {
			t.Errorf("%q is not public", c.Title)
		}
		if c.Example && !strings.Contains(c.Description, "Exempel") {
			t.Errorf("%q is an example but does not say so", c.Title)
		}
		if len(c.Networks) == 0 {
			t.Errorf("%q belongs to no network", c.Title)
		}
		if err := c.Validate(cat); err != nil {
			t.Errorf("%q: %v", c.Title, err)
		}
	}
}

func TestLoadTwice(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	count := func() (int, int) {
		nets, err := s.Networks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, total, err := s.FindCollaborations(ctx, samverkan.CollaborationFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return len(nets), total
	}
	n1, c1 := count()
	if err := demo.Load(ctx, s); err != nil {
		t.Fatalf("second Load: %v", err)
	}
	n2, c2 := count()
	if n1 != 5 || n2 != n1 || c2 != c1 || c1 < 19 {
		t.Errorf("networks %d → %d, collaborations %d → %d", n1, n2, c1, c2)
	}
}

// failing is a store whose CreateCollaboration fails after a number of
// calls, to show that Load is all or nothing.
type failing struct {
	samverkan.Store
	left *int
}

var errInjected = errors.New("injected failure")

func (f failing) Batch(ctx context.Context, fn func(context.Context, samverkan.Store) error) error {
	return f.Store.Batch(ctx, func(ctx context.Context, tx samverkan.Store) error {
		return fn(ctx, failing{Store: tx, left: f.left})
	})
}

func (f failing) CreateCollaboration(ctx context.Context, c *samverkan.Collaboration) error {
	if *f.left == 0 {
		return errInjected
	}
	*f.left--
	return f.Store.CreateCollaboration(ctx, c)
}

func TestLoadAllOrNothing(t *testing.T) {
	s := sqldbtest.New(t)
	ctx := context.Background()
	left := 10
	if err := demo.Load(ctx, failing{Store: s, left: &left}); !errors.Is(err, errInjected) {
		t.Fatalf("Load with a failing store: %v", err)
	}
	if _, err := s.NetworkBySlug(ctx, "ggvv"); samverkan.ErrorCode(err) != samverkan.ENOTFOUND {
		t.Errorf("after a failed Load, ggvv: %v", err)
	}
	if _, total, err := s.FindCollaborations(ctx, samverkan.CollaborationFilter{Limit: 1}); err != nil || total != 0 {
		t.Errorf("after a failed Load: %d collaborations, %v", total, err)
	}
	if err := demo.Load(ctx, s); err != nil {
		t.Fatalf("Load after the failed one: %v", err)
	}
}

func TestSyntheticDeterministic(t *testing.T) {
	enc := func(seed int64) string {
		nets, cs, ds := demo.SyntheticData(300, seed)
		b, err := json.Marshal(struct {
			N any
			C any
			D any
		}{nets, cs, ds})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a, b := enc(7), enc(7)
	if a != b {
		t.Error("same seed gave different data")
	}
	if enc(8) == a {
		t.Error("different seeds gave the same data")
	}
}

func TestSyntheticShape(t *testing.T) {
	nets, cs, ds := demo.SyntheticData(5000, 1)
	if len(nets) < 50 || len(nets) > 70 {
		t.Errorf("%d networks, want about 60", len(nets))
	}
	seen := map[string]bool{}
	netOf := map[string]*samverkan.Network{}
	for i, n := range nets {
		if want := fmt.Sprintf("syn-%02d", i+1); n.Slug != want {
			t.Errorf("slug %q, want %q", n.Slug, want)
		}
		if len(n.Members) < 3 || len(n.Members) > 10 {
			t.Errorf("%s has %d members", n.Slug, len(n.Members))
		}
		for _, m := range n.Members {
			if seen[m.Code] {
				t.Errorf("%s in two networks", m.Code)
			}
			seen[m.Code] = true
			hasNeighbour := false
			for _, o := range n.Members {
				hasNeighbour = hasNeighbour || slices.Contains(refdata.Neighbours(m.Code), o.Code)
			}
			if !hasNeighbour && len(refdata.Neighbours(m.Code)) > 0 {
				t.Errorf("%s: %s has no neighbour in the network", n.Slug, m.Code)
			}
		}
		netOf[n.Slug] = n
		if err := n.Validate(cat); err != nil {
			t.Errorf("%s: %v", n.Slug, err)
		}
	}
	if len(seen) != len(cat.Municipalities()) {
		t.Errorf("networks cover %d municipalities, want %d", len(seen), len(cat.Municipalities()))
	}
	phases := map[string]int{}
	outside, party, docs, costs := 0, 0, 0, 0
	for _, c := range cs {
		phases[c.Phase()]++
		n := netOf[c.Networks[0]]
		for _, code := range c.ParticipantCodes() {
			if !n.IsMember(code, samverkan.Date{}) {
				outside++
				break
			}
		}
		for _, p := range c.Participants {
			if p.Party != "" {
				party++
				break
			}
		}
		if len(c.Documents) > 0 {
			docs++
		}
		if c.AnnualCost != nil {
			costs++
		}
		if k := len(c.ParticipantCodes()); k < 2 || k > 8 {
			t.Errorf("%q has %d municipalities", c.Title, k)
		}
		if y := c.Start.Year(); y != 0 && (y < 2005 || y > 2026) {
			t.Errorf("%q starts %s", c.Title, c.Start)
		}
	}
	// Decisions follow each collaboration's decision path and stage.
	withDecisions, pending := 0, 0
	for i, c := range cs {
		// The municipalities' founding decisions, as the generator makes
		// them (own bodies and practice aside).
		found, _ := samverkan.StepPath(c, samverkan.PathSettings{}, samverkan.StepFound)
		var path []samverkan.RequiredDecision
		for _, r := range found {
			if r.Municipality != "" && !r.Practice {
				path = append(path, r)
			}
		}
		if len(ds[i]) > 0 {
			withDecisions++
		}
		for _, d := range ds[i] {
			if d.Pending() {
				pending++
			}
			matched := false
			for _, r := range path {
				matched = matched || (r.Municipality == d.Municipality && r.Body == d.Body && r.Kind == d.Kind)
			}
			if !matched {
				t.Errorf("%q: decision %+v is not on its path", c.Title, d)
			}
			if err := d.Validate(c, samverkan.NewDate(2026, 1, 1)); err != nil {
				t.Errorf("%q: decision %+v: %v", c.Title, d, err)
			}
		}
		switch c.Status {
		case samverkan.StatusIdea, samverkan.StatusInventoried, samverkan.StatusStudyOngoing, samverkan.StatusStudyDone:
			if len(ds[i]) > 0 {
				t.Errorf("%q (%s) has decisions before preparation", c.Title, c.Status)
			}
		case samverkan.StatusDecided:
			if len(path) > 0 && len(ds[i]) != len(path) {
				t.Errorf("%q is decided with %d of %d decisions", c.Title, len(ds[i]), len(path))
			}
		}
	}
	if p := 100 * withDecisions / len(cs); p < 15 || p > 40 {
		t.Errorf("decisions on %d %% of the collaborations", p)
	}
	if pending == 0 {
		t.Error("no pending decisions")
	}
	pct := func(x int) int { return 100 * x / len(cs) }
	if p := pct(phases[samverkan.PhaseRunning]); p < 65 || p > 75 {
		t.Errorf("running %d %%", p)
	}
	if p := pct(phases[samverkan.PhasePipeline]); p < 16 || p > 24 {
		t.Errorf("pipeline %d %%", p)
	}
	if p := pct(phases[samverkan.PhaseEnded]); p < 7 || p > 13 {
		t.Errorf("ended %d %%", p)
	}
	if p := pct(outside); p < 11 || p > 19 {
		t.Errorf("with an outside municipality %d %%", p)
	}
	if party == 0 || pct(party) > 10 {
		t.Errorf("with an external party: %d", party)
	}
	if pct(docs) < 50 || pct(costs) < 50 {
		t.Errorf("documents on %d %%, costs on %d %%", pct(docs), pct(costs))
	}
}

func TestSyntheticLoad(t *testing.T) {
	s := sqldbtest.New(t)
	ctx := context.Background()
	if err := demo.Synthetic(ctx, s, 500, 1); err != nil {
		t.Fatalf("Synthetic: %v", err)
	}
	cs := all(t, s, "")
	if len(cs) != 500 {
		t.Fatalf("loaded %d collaborations, want 500", len(cs))
	}
	for _, listed := range cs {
		c, err := s.CollaborationByID(ctx, listed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(cat); err != nil {
			t.Errorf("%d %q: %v", c.ID, c.Title, err)
		}
	}
	_, _, ds := demo.SyntheticData(500, 1)
	want := 0
	for _, d := range ds {
		want += len(d)
	}
	got := 0
	for _, listed := range cs {
		d, err := s.Decisions(ctx, listed.ID)
		if err != nil {
			t.Fatal(err)
		}
		got += len(d)
	}
	if got != want || want == 0 {
		t.Errorf("%d decisions stored, want %d", got, want)
	}
	nets, err := s.Networks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want, _, _ := demo.SyntheticData(0, 1); len(nets) != len(want) {
		t.Errorf("%d networks, want %d", len(nets), len(want))
	}
	if err := demo.Synthetic(ctx, s, 10, 1); samverkan.ErrorCode(err) != samverkan.ECONFLICT {
		t.Errorf("second Synthetic: %v, want a conflict", err)
	}
}
