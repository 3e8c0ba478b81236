package sqldb

import (
	"context"

	"github.com/samverkan/samverkan"
)

// AllOutlines returns every collaboration's outline by title then id:
// from the kept outline rows, or (live) from the areas and participants
// themselves. collaboration_outlines_test.go compares the two after every
// kind of write.
func (db *DB) AllOutlines(ctx context.Context, live bool) (out []*samverkan.Collaboration, err error) {
	err = db.read(ctx, func(t *tx) error {
		var err error
		if live {
			out, err = liveOutlines(ctx, t, `(SELECT id FROM collaborations)`, nil, 0, false)
		} else {
			out, err = keptOutlines(ctx, t, `collaborations c`, `c.id > ?`, 0, 0, false)
		}
		return err
	})
	return out, err
}

// LiveNetworkOutlines is NetworkOutlines read from the collaborations,
// their areas and participants themselves.
func (db *DB) LiveNetworkOutlines(ctx context.Context, slug string) (out []*samverkan.Collaboration, err error) {
	err = db.read(ctx, func(t *tx) error {
		var err error
		out, err = liveOutlines(ctx, t, `(SELECT cn.collaboration_id FROM collaboration_networks cn
			JOIN networks n ON n.id = cn.network_id WHERE n.slug = ?)`, []any{slug}, 0, false)
		return err
	})
	return out, err
}

// ForgetOutlines deletes the kept outline rows of table, as a database
// written before migration 0034 has none, and tells how many there were.
func (db *DB) ForgetOutlines(ctx context.Context, table string) (n int64, err error) {
	err = db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM `+table)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// LiveCollaborationRefs is CollaborationRefs of a network as it read
// before it read the kept outline rows: the network's collaborations
// themselves, sorted by title then id.
func (db *DB) LiveCollaborationRefs(ctx context.Context, slug string) (out []samverkan.CollaborationRef, err error) {
	out = []samverkan.CollaborationRef{}
	err = db.read(ctx, func(t *tx) error {
		where, args := refWhere(samverkan.RefFilter{Network: slug})
		return eachRow(ctx, t, `SELECT c.id, c.title, c.status, c.legal_form, c.start_on, c.end_on FROM collaborations c
			WHERE `+where+` ORDER BY c.title_key, c.id`, args, func(s scanner) error {
			var r samverkan.CollaborationRef
			err := s.Scan(&r.ID, &r.Title, &r.Status, &r.LegalForm, &r.Start, &r.End)
			out = append(out, r)
			return err
		})
	})
	return out, err
}
