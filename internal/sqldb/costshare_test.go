package sqldb_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// The cost-sharing inputs round-trip with their years, are versioned
// (a stale write is refused), audited, and validated against the
// collaboration: a non-participant or percentages that miss 100 % are
// refused without writing anything.
func TestCostSharingStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := &samverkan.Collaboration{Title: "Gemensam IT", Status: samverkan.StatusRunning, CostKey: samverkan.CostKeyFixed,
			Participants: []samverkan.Participant{{Code: sundsvall}, {Code: ostersund}}}
		mustOK(t, "create", db.CreateCollaboration(ctx, c))
		empty, err := db.CostSharing(ctx, c.ID)
		mustOK(t, "CostSharing empty", err)
		if empty.Version != 0 || len(empty.Members) != 0 {
			t.Fatalf("empty = %+v", empty)
		}
		cs := &samverkan.CostSharing{CollaborationID: c.ID, ReferenceDate: samverkan.MustDate("2023-11-01"),
			Members: []samverkan.CostInput{{Code: sundsvall, Percent: ptr(60.5)}, {Code: ostersund, Percent: ptr(39.5)}},
			Years:   []samverkan.CostYear{{Year: 2024, Budget: ptr(int64(1_000_000)), Outcome: ptr(int64(1_050_000))}, {Year: 2023, Budget: ptr(int64(900_000))}}}
		mustOK(t, "save", db.SaveCostSharing(ctx, cs))
		got, err := db.CostSharing(ctx, c.ID)
		mustOK(t, "CostSharing", err)
		if got.Version != 1 || got.ReferenceDate.String() != "2023-11-01" || len(got.Years) != 2 || got.Years[0].Year != 2023 ||
			got.Years[0].Outcome != nil || *got.Years[1].Outcome != 1_050_000 || *got.Input(sundsvall).Percent != 60.5 {
			t.Fatalf("got %+v", got)
		}
		bad := *got
		bad.Members = []samverkan.CostInput{{Code: sundsvall, Percent: ptr(60.0)}, {Code: ostersund, Percent: ptr(39.0)}}
		wantCode(t, "percent sum", db.SaveCostSharing(ctx, &bad), samverkan.EINVALID)
		bad.Members = []samverkan.CostInput{{Code: stockholm, Usage: ptr(3.0)}}
		wantCode(t, "not participant", db.SaveCostSharing(ctx, &bad), samverkan.EINVALID)
		stale := *got
		stale.Version = 0
		wantCode(t, "stale", db.SaveCostSharing(ctx, &stale), samverkan.ESTALE)
		got.Years = got.Years[1:]
		mustOK(t, "update", db.SaveCostSharing(ctx, got))
		again, _ := db.CostSharing(ctx, c.ID)
		if again.Version != 2 || len(again.Years) != 1 {
			t.Fatalf("after update %+v", again)
		}
		events, err := db.AuditEvents(ctx, samverkan.AuditEntityCostSharing, strconv.FormatInt(c.ID, 10))
		mustOK(t, "audit", err)
		if len(events) != 2 {
			t.Fatalf("%d audit events, want 2 (create, update)", len(events))
		}
		all, err := db.CostSharings(ctx, []int64{c.ID, c.ID + 1000})
		mustOK(t, "CostSharings", err)
		if len(all) != 1 || all[c.ID].Version != 2 {
			t.Fatalf("CostSharings = %v", all)
		}
		wantCode(t, "unknown collaboration", func() error { _, err := db.CostSharing(ctx, c.ID+1000); return err }(), samverkan.ENOTFOUND)
	})
}

// Loading the same population twice keeps one figure per code and date.
func TestPopulationFiguresStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		d := samverkan.MustDate("2024-12-31")
		fs := []samverkan.PopulationFigure{{Code: sundsvall, ReferenceDate: d, Population: 100, Source: "SCB"}, {Code: ostersund, ReferenceDate: d, Population: 50, Source: "SCB"}}
		mustOK(t, "save", db.SavePopulationFigures(ctx, fs))
		fs[0].Population = 101
		mustOK(t, "save again", db.SavePopulationFigures(ctx, fs))
		got, err := db.PopulationFigures(ctx)
		mustOK(t, "read", err)
		if len(got) != 2 || got[0].Code != sundsvall || got[0].Population != 101 {
			t.Fatalf("got %+v", got)
		}
	})
}

// Kolada values: re-saving the same key replaces it; unknown stays nil.
func TestKPIValuesStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		vs := []samverkan.KPIValue{{KPI: "N00011", Municipality: sundsvall, Year: 2023, Gender: "T", Value: ptr(12.5), Fetched: at},
			{KPI: "N00011", Municipality: ostersund, Year: 2023, Gender: "T"}}
		mustOK(t, "save", db.SaveKPIValues(ctx, []samverkan.KPIInfo{{ID: "N00011", Title: "Kostnad"}}, vs))
		mustOK(t, "save again", db.SaveKPIValues(ctx, nil, vs))
		got, err := db.KPIValues(ctx, "N00011", nil, []int{2023})
		mustOK(t, "read", err)
		if len(got) != 2 || got[1].Municipality != ostersund || got[1].Value != nil || *got[0].Value != 12.5 || !got[0].Fetched.Equal(at) {
			t.Fatalf("got %+v", got)
		}
		infos, err := db.KPIInfos(ctx)
		mustOK(t, "infos", err)
		if len(infos) != 1 || infos[0].Title != "Kostnad" {
			t.Fatalf("infos %+v", infos)
		}
	})
}
