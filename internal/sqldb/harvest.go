package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
)

// Audit entities of the open data (issue 17).
const (
	EntitySettings = "settings"
	EntityHarvest  = "harvest"
)

// settingOpenData names the open-data settings in the settings table.
const settingOpenData = "opendata"

// OpenDataSettings returns the open-data settings; the defaults (empty
// fields, CC0) are version 1 until someone changes them.
func (db *DB) OpenDataSettings(ctx context.Context) (_ *opendata.Settings, err error) {
	defer wrap(&err, "sqldb.OpenDataSettings")
	var s opendata.Settings
	err = db.read(ctx, func(t *tx) error {
		var err error
		s, err = readSettings(ctx, t)
		return err
	})
	return &s, err
}

func readSettings(ctx context.Context, t *tx) (opendata.Settings, error) {
	var s opendata.Settings
	var value, updated string
	var version int
	if err := t.queryRow(ctx, `SELECT value, version, updated FROM settings WHERE name = ?`, settingOpenData).Scan(&value, &version, &updated); err != nil {
		if notFound(err) {
			return s, nil
		}
		return s, err
	}
	if err := json.Unmarshal([]byte(value), &s); err != nil {
		return s, fmt.Errorf("read open-data settings: %w", err)
	}
	s.Version = version
	var err error
	s.Updated, err = parseTime(updated)
	return s, err
}

// SaveOpenDataSettings writes s if s.Version is still current and bumps it; a stale version is ESTALE, an invalid setting
// EINVALID. The change is audited with the settings before and after.
func (db *DB) SaveOpenDataSettings(ctx context.Context, s *opendata.Settings) (err error) {
	defer wrap(&err, "sqldb.SaveOpenDataSettings")
	if errs := s.Validate(); len(errs) > 0 {
		e := samverkan.Errorf(samverkan.EINVALID, "Inställningarna för öppna data är inte giltiga.")
		for _, fe := range errs {
			e.Fields = append(e.Fields, samverkan.FieldError{Field: fe.Field, Code: fe.Code, Params: fe.Params})
		}
		return e
	}
	return db.write(ctx, func(t *tx) error {
		cur, err := readSettings(ctx, t)
		if err != nil {
			return err
		}
		if cur.Version != s.Version {
			return samverkan.Errorf(samverkan.ESTALE, "Inställningarna har ändrats av någon annan sedan du öppnade dem.")
		}
		next := *s
		next.Version = cur.Version + 1
		next.Updated = db.timestamp()
		doc := next
		doc.Version, doc.Updated = 0, doc.Updated.UTC()
		value, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if cur.Version == 0 {
			_, err = t.exec(ctx, `INSERT INTO settings (name, value, version, updated) VALUES (?, ?, ?, ?)`,
				settingOpenData, string(value), next.Version, formatTime(next.Updated))
		} else {
			_, err = t.exec(ctx, `UPDATE settings SET value = ?, version = ?, updated = ? WHERE name = ?`,
				string(value), next.Version, formatTime(next.Updated), settingOpenData)
		}
		if err != nil {
			return fmt.Errorf("write open-data settings: %w", err)
		}
		action, before := ActionUpdate, any(cur)
		if cur.Version == 0 {
			action, before = ActionCreate, nil
		}
		if err := db.recordWrite(ctx, t, action, EntitySettings, settingOpenData, before, next); err != nil {
			return err
		}
		*s = next
		return nil
	})
}

// harvestAudit is what the audit history says about a harvest: where and
// when, not the whole document (it is in the harvests table).
type harvestAudit struct {
	Source  string `json:"source"`
	Final   string `json:"final_url"`
	Fetched string `json:"fetched"`
	ETag    string `json:"etag"`
	Bytes   int    `json:"bytes"`
}

// SaveHarvest stores the latest harvest of h.Source, replacing the one
// before; audited. It touches no record of the instance's own.
func (db *DB) SaveHarvest(ctx context.Context, h opendata.StoredHarvest) (err error) {
	defer wrap(&err, "sqldb.SaveHarvest")
	if h.Source == "" || len(h.Body) == 0 {
		return samverkan.Errorf(samverkan.EINVALID, "En skörd behöver en källa och ett innehåll.")
	}
	return db.write(ctx, func(t *tx) error {
		var id int64
		var before *harvestAudit
		var src, final, fetched, etag, body string
		err := t.queryRow(ctx, `SELECT id, source, final_url, fetched, etag, body FROM harvests WHERE source = ?`, h.Source).
			Scan(&id, &src, &final, &fetched, &etag, &body)
		switch {
		case err == nil:
			before = &harvestAudit{Source: src, Final: final, Fetched: fetched, ETag: etag, Bytes: len(body)}
			_, err = t.exec(ctx, `UPDATE harvests SET final_url = ?, fetched = ?, etag = ?, body = ? WHERE id = ?`,
				h.Final, formatTime(h.Fetched), h.ETag, string(h.Body), id)
		case notFound(err):
			_, err = t.exec(ctx, `INSERT INTO harvests (source, final_url, fetched, etag, body) VALUES (?, ?, ?, ?, ?)`,
				h.Source, h.Final, formatTime(h.Fetched), h.ETag, string(h.Body))
		}
		if err != nil {
			return fmt.Errorf("write harvest: %w", err)
		}
		after := harvestAudit{Source: h.Source, Final: h.Final, Fetched: formatTime(h.Fetched), ETag: h.ETag, Bytes: len(h.Body)}
		action, b := ActionUpdate, any(before)
		if before == nil {
			action, b = ActionCreate, nil
		}
		return db.recordWrite(ctx, t, action, EntityHarvest, h.Source, b, after)
	})
}

// Harvests returns every stored harvest, by source.
func (db *DB) Harvests(ctx context.Context) (_ []opendata.StoredHarvest, err error) {
	defer wrap(&err, "sqldb.Harvests")
	var out []opendata.StoredHarvest
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT source, final_url, fetched, etag, body FROM harvests ORDER BY source`, nil, func(s scanner) error {
			var h opendata.StoredHarvest
			var fetched, body string
			if err := s.Scan(&h.Source, &h.Final, &fetched, &h.ETag, &body); err != nil {
				return err
			}
			var err error
			if h.Fetched, err = parseTime(fetched); err != nil {
				return err
			}
			h.Body = []byte(body)
			out = append(out, h)
			return nil
		})
	})
	return out, err
}

var _ opendata.HarvestStore = (*DB)(nil)
