package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
	"github.com/samverkan/samverkan/internal/sqldb"
)

// The open-data settings: defaults until set, versioned writes, invalid
// values refused, every change audited with before and after.
func TestOpenDataSettings(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := samverkan.WithActor(context.Background(), "admin@example.se")
		s, err := db.OpenDataSettings(ctx)
		mustOK(t, "read", err)
		if s.Version != 1 || s.LicenceOrDefault() != opendata.CC0 {
			t.Fatalf("defaults %+v", s)
		}
		s.Licence, s.ContactName, s.ContactEmail = opendata.CCBY, "Kansliet", "kansli@example.se"
		mustOK(t, "save", db.SaveOpenDataSettings(ctx, s))
		if s.Version != 2 {
			t.Errorf("version %d after the first save", s.Version)
		}
		stale := *s
		stale.Version = 1
		wantCode(t, "stale save", db.SaveOpenDataSettings(ctx, &stale), samverkan.ESTALE)
		bad := *s
		bad.Licence = "https://example.se/egen"
		wantCode(t, "bad licence", db.SaveOpenDataSettings(ctx, &bad), samverkan.EINVALID)
		s.Licence = opendata.CC0
		mustOK(t, "second save", db.SaveOpenDataSettings(ctx, s))
		got, err := db.OpenDataSettings(ctx)
		mustOK(t, "read again", err)
		if got.Version != 3 || got.Licence != opendata.CC0 || got.ContactEmail != "kansli@example.se" || got.Updated.IsZero() {
			t.Errorf("read back %+v", got)
		}
		evs, err := db.AuditEvents(ctx, sqldb.EntitySettings, "opendata")
		mustOK(t, "audit", err)
		if len(evs) != 2 || evs[0].Action != samverkan.AuditUpdate || evs[1].Action != samverkan.AuditUpdate ||
			evs[1].Actor != "admin@example.se" || evs[1].Before == "" {
			t.Errorf("audit %+v", evs)
		}
	})
}

// A harvest replaces the source's previous one, is audited without its
// body, and touches no record of the instance's own.
func TestHarvestStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		dv, err := db.DataVersion(ctx)
		mustOK(t, "data version", err)
		at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
		h := opendata.StoredHarvest{Source: "https://a.example.se/oppna-data/samverkan.json", Final: "https://a.example.se/oppna-data/samverkan.json",
			Fetched: at, ETag: `"1"`, Body: []byte(`{"a":1}`)}
		mustOK(t, "save", db.SaveHarvest(ctx, h))
		h.Fetched, h.ETag, h.Body = at.Add(time.Hour), `"2"`, []byte(`{"a":2}`)
		mustOK(t, "save again", db.SaveHarvest(ctx, h))
		mustOK(t, "another source", db.SaveHarvest(ctx, opendata.StoredHarvest{Source: "https://b.example.se/x.json", Fetched: at, Body: []byte("{}")}))
		wantCode(t, "empty", db.SaveHarvest(ctx, opendata.StoredHarvest{Source: "x"}), samverkan.EINVALID)
		hs, err := db.Harvests(ctx)
		mustOK(t, "list", err)
		if len(hs) != 2 || hs[0].ETag != `"2"` || string(hs[0].Body) != `{"a":2}` || !hs[0].Fetched.Equal(at.Add(time.Hour)) {
			t.Errorf("harvests %+v", hs)
		}
		evs, err := db.AuditEvents(ctx, sqldb.EntityHarvest, h.Source)
		mustOK(t, "audit", err)
		if len(evs) != 2 || evs[1].Action != samverkan.AuditUpdate {
			t.Errorf("audit %+v", evs)
		}
		if dv2, _ := db.DataVersion(ctx); dv2 == dv {
			t.Error("a harvest did not move the data version (caches would not see it)")
		}
		if _, total, _ := db.FindCollaborations(ctx, samverkan.CollaborationFilter{}); total != 0 {
			t.Errorf("%d collaborations after harvests, want 0", total)
		}
	})
}
