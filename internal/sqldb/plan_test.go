package sqldb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestFilterQueryPlans checks with EXPLAIN QUERY PLAN (SQLite) that every
// selective filter reaches its rows through an index rather than a scan of
// the collaborations table. (A white-box test: it needs the SQL.)
func TestFilterQueryPlans(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		filter samverkan.CollaborationFilter
		want   string // a line the plan must contain
	}{
		{"network", samverkan.CollaborationFilter{Network: "n"}, "collaboration_networks_network"},
		{"municipality", samverkan.CollaborationFilter{Municipality: "0180"}, "participants_municipality"},
		{"areas", samverkan.CollaborationFilter{Areas: []string{"270", "X-IT"}}, "collaboration_areas_area"},
		{"legal form", samverkan.CollaborationFilter{LegalForm: samverkan.FormAgreement}, "collaborations_legal_form"},
		{"status", samverkan.CollaborationFilter{Status: samverkan.StatusRunning}, "collaborations_status"},
		{"phase", samverkan.CollaborationFilter{Phase: samverkan.PhaseRunning}, "collaborations_status"},
		{"ids", samverkan.CollaborationFilter{IDs: []int64{1, 2}}, "INTEGER PRIMARY KEY"},
		// A network's records of a phase or legal form come from its
		// range of the outline rows.
		{"network's pipeline", samverkan.CollaborationFilter{Network: "n", Phase: samverkan.PhasePipeline}, "USING PRIMARY KEY (network_id=?)"},
		{"network's agreements", samverkan.CollaborationFilter{Network: "n", LegalForm: samverkan.FormAgreement}, "USING PRIMARY KEY (network_id=?)"},
		{"no filter, by title", samverkan.CollaborationFilter{}, "collaborations_title"},
		{"words", samverkan.CollaborationFilter{Query: "gemensam nämnd"}, "VIRTUAL TABLE INDEX"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			where, args, err := filterWhere(SQLite, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			order, _ := orderBy(tc.filter.Sort)
			var plan []string
			err = db.read(ctx, func(tx *tx) error {
				return eachRow(ctx, tx, `EXPLAIN QUERY PLAN SELECT c.id FROM collaborations c `+where+
					` ORDER BY `+order+` LIMIT 50`, args, func(s scanner) error {
					var id, parent, notused int
					var detail string
					err := s.Scan(&id, &parent, &notused, &detail)
					plan = append(plan, detail)
					return err
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			if !strings.Contains(text, tc.want) {
				t.Errorf("plan for %+v does not use %s:\n%s", tc.filter, tc.want, text)
			}
			for _, line := range plan {
				if line == "SCAN c" {
					t.Errorf("plan for %+v scans the table:\n%s", tc.filter, text)
				}
			}
		})
	}
}

// TestDecisionsOfYearQueryPlan: the annual report's decisions of a year in
// a network's collaborations are found through the index that holds the
// date (migration 0042), not by looking up every decision of the network.
func TestDecisionsOfYearQueryPlan(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	q, args := findDecisionsQuery(samverkan.DecisionFilter{Network: "n",
		DecidedFrom: samverkan.MustDate("2025-01-01"), DecidedTo: samverkan.MustDate("2025-12-31")})
	var plan []string
	err = db.read(ctx, func(tx *tx) error {
		return eachRow(ctx, tx, `EXPLAIN QUERY PLAN `+q, args, func(s scanner) error {
			var id, parent, notused int
			var detail string
			err := s.Scan(&id, &parent, &notused, &detail)
			plan = append(plan, detail)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "decisions_collaboration_decided (collaboration_id=? AND decided_on>? AND decided_on<?)") {
		t.Errorf("the decisions of a year are not found by their date in the index:\n%s", text)
	}
}
