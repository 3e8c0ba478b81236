package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

// seedNational fills db at national scale: 60 networks and n
// collaborations with about five participants each.
func seedNational(tb testing.TB, db *sqldb.DB, n int) {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	munis := db.Catalog().Municipalities()
	var leaves []string
	for _, a := range db.Catalog().Areas() {
		if a.Parent != "" {
			leaves = append(leaves, a.Code)
		}
	}
	pick := func() string { return munis[rng.IntN(len(munis))].Code }
	words := []string{"räddningstjänst", "överförmyndare", "lönecenter", "e-arkiv", "upphandling", "växel", "avfall",
		"äldreomsorg", "kulturskola", "bibliotek", "IT-drift", "miljö", "bygglov", "måltider", "hjälpmedel", "gymnasium"}
	statuses := samverkan.Statuses
	err := db.Batch(ctx, func(ctx context.Context, s samverkan.Store) error {
		for i := range 60 {
			nw := sqldbtest.Network(fmt.Sprintf("natverk-%02d", i))
			seen := map[string]bool{}
			for len(nw.Members) < 4+rng.IntN(12) {
				if code := pick(); !seen[code] {
					seen[code] = true
					nw.Members = append(nw.Members, samverkan.NetworkMember{Code: code})
				}
			}
			if err := s.CreateNetwork(ctx, nw); err != nil {
				return err
			}
		}
		for i := range n {
			c := &samverkan.Collaboration{
				Title: fmt.Sprintf("%s %s %d", words[rng.IntN(len(words))], words[rng.IntN(len(words))], i),
				Description: fmt.Sprintf("Samverkan kring %s och %s mellan kommunerna. Avtalet löper tills vidare.",
					words[rng.IntN(len(words))], words[rng.IntN(len(words))]),
				Status:    statuses[rng.IntN(len(statuses))].Code,
				LegalForm: samverkan.LegalForms[rng.IntN(len(samverkan.LegalForms))].Code,
				Areas:     []string{leaves[rng.IntN(len(leaves))], leaves[rng.IntN(len(leaves))]},
				Public:    rng.IntN(10) > 0,
			}
			if rng.IntN(3) > 0 {
				c.Networks = []string{fmt.Sprintf("natverk-%02d", rng.IntN(60))}
			}
			if rng.IntN(2) == 0 {
				c.AnnualCost = ptr(int64(rng.IntN(10_000_000)))
			}
			seen := map[string]bool{}
			for len(c.Participants) < 2+rng.IntN(7) {
				if code := pick(); !seen[code] {
					seen[code] = true
					c.Participants = append(c.Participants, samverkan.Participant{Code: code})
				}
			}
			c.Host = c.Participants[0].Code
			if err := s.CreateCollaboration(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("seed: %v", err)
	}
}

var benchFilters = []struct {
	name string
	f    samverkan.CollaborationFilter
}{
	{"first page", samverkan.CollaborationFilter{}},
	{"municipality", samverkan.CollaborationFilter{Municipality: "2281"}},
	{"network", samverkan.CollaborationFilter{Network: "natverk-07"}},
	{"status", samverkan.CollaborationFilter{Status: samverkan.StatusRunning}},
	{"phase and area", samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning, Areas: []string{"270", "X-IT"}}},
	{"query", samverkan.CollaborationFilter{Query: "överförmyndare"}},
	{"query IT", samverkan.CollaborationFilter{Query: "IT"}},
	{"query two words", samverkan.CollaborationFilter{Query: "avfall växel"}},
	{"query in every record", samverkan.CollaborationFilter{Query: "samverkan"}},
	{"query in a network", samverkan.CollaborationFilter{Query: "bibliotek", Network: "natverk-07"}},
	{"public, sorted by cost", samverkan.CollaborationFilter{PublicOnly: true, Sort: "-annual_cost"}},
	{"deep page", samverkan.CollaborationFilter{Offset: 15000}},
	{"combined", samverkan.CollaborationFilter{Municipality: "0180", Phase: samverkan.PhaseRunning, PublicOnly: true}},
}

// BenchmarkFindCollaborations measures filtered pages at national scale
// (20 000 collaborations, ~100 000 participant rows) on SQLite.
// SAMVERKAN_BENCH_N overrides the size.
func BenchmarkFindCollaborations(b *testing.B) {
	n := 20_000
	if s := os.Getenv("SAMVERKAN_BENCH_N"); s != "" {
		fmt.Sscan(s, &n)
	}
	db := sqldbtest.New(b)
	if dsn := os.Getenv("SAMVERKAN_BENCH_DSN"); dsn != "" { // keep the seeded database for EXPLAIN
		db = sqldbtest.Open(b, dsn)
	}
	if _, total, _ := db.FindCollaborations(context.Background(), samverkan.CollaborationFilter{}); total == 0 {
		start := time.Now()
		seedNational(b, db, n)
		b.Logf("seeded %d collaborations in %v", n, time.Since(start))
	}
	ctx := context.Background()
	for _, bf := range benchFilters {
		b.Run(bf.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := db.FindCollaborations(ctx, bf.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("facets", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Facets(ctx, samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("network summaries", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.NetworkSummaries(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
