package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/samverkan/samverkan"
)

var _ samverkan.AreaReviewStore = (*DB)(nil)

// EntityAreaMapping is the audit entity of a network's area mappings; its
// id is "slug/text key".
const EntityAreaMapping = "area_mapping"

// AreasToReview lists the texts the network's collaborations hold for
// review, the most frequent first, then by text.
func (db *DB) AreasToReview(ctx context.Context, network string) (_ []samverkan.AreaReview, err error) {
	defer wrap(&err, "sqldb.AreasToReview")
	var out []samverkan.AreaReview
	err = db.read(ctx, func(t *tx) error {
		if _, err := networkIDBySlug(ctx, t, network); err != nil {
			return err
		}
		byKey := map[string]int{}
		return eachRow(ctx, t, `SELECT r.text_key, r.text, c.id, c.title, c.status, c.legal_form, c.start_on, c.end_on
			FROM collaboration_area_reviews r
			JOIN collaborations c ON c.id = r.collaboration_id
			JOIN collaboration_networks cn ON cn.collaboration_id = c.id
			JOIN networks n ON n.id = cn.network_id
			WHERE n.slug = ? ORDER BY r.text_key, c.title_key, c.id`, []any{network}, func(s scanner) error {
			var key, text string
			var ref samverkan.CollaborationRef
			if err := s.Scan(&key, &text, &ref.ID, &ref.Title, &ref.Status, &ref.LegalForm, &ref.Start, &ref.End); err != nil {
				return err
			}
			i, ok := byKey[key]
			if !ok {
				i = len(out)
				byKey[key] = i
				out = append(out, samverkan.AreaReview{Text: text})
			}
			out[i].Collaborations = append(out[i].Collaborations, ref)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Collaborations) > len(out[j].Collaborations) })
	return out, err
}

// AreaMappings returns the network's mappings in text order.
func (db *DB) AreaMappings(ctx context.Context, network string) (_ []samverkan.AreaMapping, err error) {
	defer wrap(&err, "sqldb.AreaMappings")
	var out []samverkan.AreaMapping
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT m.text, m.area_code, m.created FROM area_mappings m
			JOIN networks n ON n.id = m.network_id WHERE n.slug = ? ORDER BY m.text_key`, []any{network},
			func(s scanner) error {
				var m samverkan.AreaMapping
				var created string
				if err := s.Scan(&m.Text, &m.Area, &created); err != nil {
					return err
				}
				var err error
				m.Created, err = parseTime(created)
				out = append(out, m)
				return err
			})
	})
	return out, err
}

// MapAreaText records the mapping and moves the text to the area in every
// collaboration of the network that holds it, through the normal update
// (validation, version, audit), in one transaction.
func (db *DB) MapAreaText(ctx context.Context, network, text, area string) (n int, err error) {
	defer wrap(&err, "sqldb.MapAreaText")
	text = strings.TrimSpace(text)
	key := samverkan.MatchKey(text)
	var v samverkan.Validation
	v.Text("text", text, samverkan.MaxShortText, true)
	if key == "" && text != "" {
		v.Add("text", "required")
	}
	if _, ok := db.Catalog().Area(area); !ok {
		v.Add("area", "unknown_area", area)
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	err = db.write(ctx, func(t *tx) error {
		n = 0
		netID, err := networkIDBySlug(ctx, t, network)
		if err != nil {
			return err
		}
		var before *samverkan.AreaMapping
		var old samverkan.AreaMapping
		switch err := t.queryRow(ctx, `SELECT text, area_code FROM area_mappings WHERE network_id = ? AND text_key = ?`,
			netID, key).Scan(&old.Text, &old.Area); {
		case err == nil:
			before = &old
		case err != sql.ErrNoRows:
			return err
		}
		after := &samverkan.AreaMapping{Text: text, Area: area, Created: db.timestamp()}
		if before == nil {
			_, err = t.exec(ctx, `INSERT INTO area_mappings (network_id, text_key, text, area_code, created) VALUES (?, ?, ?, ?, ?)`,
				netID, key, text, area, formatTime(after.Created))
		} else {
			_, err = t.exec(ctx, `UPDATE area_mappings SET text = ?, area_code = ?, created = ? WHERE network_id = ? AND text_key = ?`,
				text, area, formatTime(after.Created), netID, key)
		}
		if err != nil {
			return fmt.Errorf("save area mapping: %w", err)
		}
		action := ActionCreate
		if before != nil {
			action = ActionUpdate
		}
		if err := db.recordWrite(ctx, t, action, EntityAreaMapping, network+"/"+key, before, after); err != nil {
			return err
		}
		var ids []int64
		err = eachRow(ctx, t, `SELECT DISTINCT r.collaboration_id FROM collaboration_area_reviews r
			JOIN collaboration_networks cn ON cn.collaboration_id = r.collaboration_id
			WHERE cn.network_id = ? AND r.text_key = ? ORDER BY r.collaboration_id`, []any{netID, key}, func(s scanner) error {
			var id int64
			err := s.Scan(&id)
			ids = append(ids, id)
			return err
		})
		if err != nil {
			return err
		}
		cs, err := collaborationsByIDs(ctx, t, ids)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if !samverkan.MapReviewed(c, text, area) {
				continue
			}
			c.Normalize()
			if err := db.updateCollaboration(ctx, t, c); err != nil {
				return fmt.Errorf("collaboration %d: %w", c.ID, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

// networkIDBySlug returns a network's id, or ENOTFOUND.
func networkIDBySlug(ctx context.Context, t *tx, slug string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT id FROM networks WHERE slug = ?`, slug).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %q finns inte.", slug)
	}
	return id, err
}
