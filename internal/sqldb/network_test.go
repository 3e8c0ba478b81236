package sqldb_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/sqldb"
	"github.com/samverkan/samverkan/internal/sqldbtest"
)

func fullNetwork() *samverkan.Network {
	return &samverkan.Network{
		Slug:        "mittsverige",
		Name:        "Samverkan Mittsverige",
		Description: "Kommunerna i Mittsverige samverkar kring stöd och service.",
		Members: []samverkan.NetworkMember{
			{Code: sundsvall, Joined: samverkan.MustDate("2018-01-01")},
			{Code: ostersund, Joined: samverkan.MustDate("2018-01-01")},
			{Code: gavle, Joined: samverkan.MustDate("2019-03-01"), Left: samverkan.MustDate("2023-12-31")},
		},
		Declaration: samverkan.Declaration{
			Adopted:  samverkan.MustDate("2017-11-20"),
			Text:     "Vi avser att samverka.",
			Purposes: []samverkan.Purpose{{Text: "Minska sårbarheten", Dimension: "sarbarhet"}, {Text: "Dela kunskap"}},
		},
		Coordinator: "Samverkanssamordnare",
		Hosts: []samverkan.HostYear{
			{Year: 2024, Code: sundsvall, Role: "vard_ordforande"},
			{Year: 2025, Code: ostersund, Role: "vard", Note: "Roterar årligen"},
		},
		Public: true,
		Source: "Avsiktsförklaring 2017",
	}
}

func TestNetworkRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n := fullNetwork()
		sqldbtest.MustCreateNetwork(t, db, n)
		if n.ID == 0 || n.Version != 1 || n.Created.IsZero() {
			t.Fatalf("after create: id %d version %d created %v", n.ID, n.Version, n.Created)
		}
		want := *n
		want.Members = slices.Clone(n.Members)
		want.Members[0].Name, want.Members[1].Name, want.Members[2].Name = "Sundsvall", "Östersund", "Gävle"
		got, err := db.NetworkBySlug(ctx, n.Slug)
		mustOK(t, "NetworkBySlug", err)
		if asJSON(t, got) != asJSON(t, &want) || got.ID != n.ID || !got.Created.Equal(n.Created) {
			t.Errorf("NetworkBySlug = %s\nwant %s", asJSON(t, got), asJSON(t, &want))
		}

		_, err = db.NetworkBySlug(ctx, "saknas")
		wantCode(t, "NetworkBySlug(saknas)", err, samverkan.ENOTFOUND)
		dup := sqldbtest.Network(n.Slug, malmo, goteborg)
		wantCode(t, "CreateNetwork(duplicate slug)", db.CreateNetwork(ctx, dup), samverkan.ECONFLICT)
		invalid := sqldbtest.Network("Ogiltig slug!", malmo)
		wantCode(t, "CreateNetwork(invalid)", db.CreateNetwork(ctx, invalid), samverkan.EINVALID)
	})
}

func TestNetworksOrderedByName(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		for _, s := range []struct{ slug, name string }{{"o", "Östra nätverket"}, {"a", "Ådalen"}, {"b", "Bergslagen"}, {"z", "Zeta"}} {
			n := sqldbtest.Network(s.slug, malmo, goteborg)
			n.Name = s.name
			sqldbtest.MustCreateNetwork(t, db, n)
		}
		ns, err := db.Networks(context.Background())
		mustOK(t, "Networks", err)
		var names []string
		for _, n := range ns {
			names = append(names, n.Name)
			if len(n.Members) != 2 || n.Members[0].Name != "Malmö" {
				t.Errorf("network %s members = %+v", n.Slug, n.Members)
			}
		}
		if want := []string{"Bergslagen", "Zeta", "Ådalen", "Östra nätverket"}; !slices.Equal(names, want) {
			t.Errorf("Networks() names = %v, want %v", names, want)
		}
	})
}

func TestUpdateNetwork(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n := sqldbtest.MustCreateNetwork(t, db, fullNetwork())
		sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("annat", malmo, goteborg))

		// A member leaves: its row stays, with Left set.
		u, err := db.NetworkBySlug(ctx, n.Slug)
		mustOK(t, "NetworkBySlug", err)
		stale := *u
		u.Members[1].Left = samverkan.MustDate("2025-06-30")
		u.Members = append(u.Members, samverkan.NetworkMember{Code: orebro, Joined: samverkan.MustDate("2025-01-01")})
		u.Hosts = nil
		mustOK(t, "UpdateNetwork", db.UpdateNetwork(ctx, u))
		if u.Version != 2 || u.Updated.Before(u.Created) {
			t.Errorf("after update: version %d, updated %v, created %v", u.Version, u.Updated, u.Created)
		}
		got, err := db.NetworkBySlug(ctx, n.Slug)
		mustOK(t, "NetworkBySlug", err)
		if len(got.Members) != 4 || got.Members[1].Left != samverkan.MustDate("2025-06-30") || got.Members[3].Name != "Örebro" ||
			len(got.Hosts) != 0 || got.Version != 2 {
			t.Errorf("after update = %s", asJSON(t, got))
		}

		stale.Name = "Stale"
		wantCode(t, "UpdateNetwork(stale)", db.UpdateNetwork(ctx, &stale), samverkan.ESTALE)
		wantCode(t, "DeleteNetwork(stale)", db.DeleteNetwork(ctx, n.Slug, 1), samverkan.ESTALE)

		// Found by slug when the caller has no ID (the API); renaming the
		// slug onto another network's is a conflict.
		bySlug := *got
		bySlug.ID = 0
		bySlug.Description = "Via API"
		mustOK(t, "UpdateNetwork(by slug)", db.UpdateNetwork(ctx, &bySlug))
		clash := bySlug
		clash.Slug = "annat"
		wantCode(t, "UpdateNetwork(slug clash)", db.UpdateNetwork(ctx, &clash), samverkan.ECONFLICT)
		missing := sqldbtest.Network("saknas", malmo, goteborg)
		missing.Version = 1
		wantCode(t, "UpdateNetwork(missing)", db.UpdateNetwork(ctx, missing), samverkan.ENOTFOUND)
	})
}

func TestDeleteNetworkKeepsCollaborations(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n := sqldbtest.MustCreateNetwork(t, db, sqldbtest.Network("norr", gavle, sundsvall))
		c := sqldbtest.Collaboration("I nätverket", gavle, sundsvall)
		c.Networks = []string{"norr"}
		sqldbtest.MustCreateCollaboration(t, db, c)

		mustOK(t, "DeleteNetwork", db.DeleteNetwork(ctx, "norr", n.Version))
		_, err := db.NetworkBySlug(ctx, "norr")
		wantCode(t, "NetworkBySlug after delete", err, samverkan.ENOTFOUND)
		if got := mustGet(t, db, c.ID); len(got.Networks) != 0 {
			t.Errorf("collaboration networks after delete = %v, want none", got.Networks)
		}
		wantCode(t, "DeleteNetwork again", db.DeleteNetwork(ctx, "norr", n.Version), samverkan.ENOTFOUND)

		audit, err := db.AuditEvents(ctx, sqldb.EntityNetwork, "norr")
		mustOK(t, "AuditEvents", err)
		if len(audit) != 2 || audit[1].Action != sqldb.ActionDelete || audit[1].Before == "" {
			t.Fatalf("network audit = %+v, want create and delete", audit)
		}
		var after struct {
			Unlinked []int64 `json:"unlinked_collaborations"`
		}
		mustOK(t, "unmarshal", json.Unmarshal([]byte(audit[1].After), &after))
		if !slices.Equal(after.Unlinked, []int64{c.ID}) {
			t.Errorf("unlinked = %v, want [%d]", after.Unlinked, c.ID)
		}
	})
}

func TestNetworkSummaries(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		norr := sqldbtest.Network("norr", gavle, sundsvall, ostersund)
		norr.Name = "Norr"
		norr.Members[2].Left = samverkan.MustDate("2020-12-31") // Östersund has left
		sqldbtest.MustCreateNetwork(t, db, norr)
		tom := sqldbtest.Network("tom", malmo, goteborg)
		tom.Name = "Tomt"
		sqldbtest.MustCreateNetwork(t, db, tom)

		add := func(title, status string, cost *int64, codes ...string) {
			c := sqldbtest.Collaboration(title, codes...)
			c.Status, c.AnnualCost, c.Networks = status, cost, []string{"norr"}
			sqldbtest.MustCreateCollaboration(t, db, c)
		}
		add("A", samverkan.StatusRunning, ptr(int64(1000)), gavle, sundsvall)
		add("B", samverkan.StatusNoticeGiven, ptr(int64(250)), gavle, ostersund, uppsala) // running phase
		add("C", samverkan.StatusRunning, nil, sundsvall, gavle)
		add("D", samverkan.StatusIdea, ptr(int64(99999)), gavle, stockholm)
		add("E", samverkan.StatusEnded, ptr(int64(5)), gavle, sundsvall)
		// A participant that has left does not count as outside.
		c := sqldbtest.Collaboration("F", gavle, sundsvall, malmo)
		c.Status, c.Networks = samverkan.StatusEnded, []string{"norr"}
		c.Participants[2].Left = samverkan.MustDate("2001-01-01")
		sqldbtest.MustCreateCollaboration(t, db, c)

		got, err := db.NetworkSummaries(ctx)
		mustOK(t, "NetworkSummaries", err)
		want := []samverkan.NetworkSummary{
			// Outside: Östersund (left the network), Uppsala, Stockholm.
			// C has no cost: the sum covers 2 of the 3 running.
			{Slug: "norr", Name: "Norr", Members: 2, Running: 3, Pipeline: 1, Ended: 2, AnnualCost: ptr(int64(1250)),
				AnnualCostKnown: 2, OutsideMembers: 3},
			// Nothing running, so no cost is known: unknown, not 0 kr.
			{Slug: "tom", Name: "Tomt", Members: 2},
		}
		if asJSON(t, got) != asJSON(t, want) {
			t.Errorf("NetworkSummaries = %s, want %s", asJSON(t, got), asJSON(t, want))
		}

		// The next write shows at once (the summaries are cached per data version).
		add("G", samverkan.StatusRunning, ptr(int64(50)), gavle, sundsvall)
		got, err = db.NetworkSummaries(ctx)
		mustOK(t, "NetworkSummaries", err)
		if got[0].Running != 4 || got[0].CostTotal() != (samverkan.AmountTotal{Sum: 1300, Known: 3, Of: 4}) {
			t.Errorf("after another write: running %d, cost %+v; want 4, 1300 of 3 of 4", got[0].Running, got[0].CostTotal())
		}
	})
}

// TestTimestampsUTC checks stored times come back in UTC at microsecond
// precision, equal to what the write returned.
func TestTimestampsUTC(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.MustCreateCollaboration(t, db, sqldbtest.Collaboration("Tid", gavle, sundsvall))
		got := mustGet(t, db, c.ID)
		if got.Created.Location() != time.UTC || !got.Created.Equal(c.Created) || got.Created.Nanosecond()%1000 != 0 {
			t.Errorf("Created = %v, want %v in UTC", got.Created, c.Created)
		}
	})
}
