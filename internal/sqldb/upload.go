package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"time"

	"github.com/samverkan/samverkan"
)

var _ samverkan.UploadStore = (*DB)(nil)

// uploadTTL is how long an uploaded import file is kept.
const uploadTTL = 24 * time.Hour

// SaveUpload stores an uploaded import file under a new random token and
// purges uploads older than a day. It is not a change to the register, so
// it writes no audit row and leaves the data version alone.
func (db *DB) SaveUpload(ctx context.Context, u *samverkan.Upload) (err error) {
	defer wrap(&err, "sqldb.SaveUpload")
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	u.Token, u.Created = hex.EncodeToString(b[:]), db.timestamp()
	return db.write(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM import_uploads WHERE created < ?`, formatTime(u.Created.Add(-uploadTTL))); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO import_uploads (token, network, filename, content, created) VALUES (?, ?, ?, ?, ?)`,
			u.Token, u.Network, u.Filename, u.Content, formatTime(u.Created))
		return err
	})
}

// Upload returns a stored upload; ENOTFOUND when it is unknown or expired.
func (db *DB) Upload(ctx context.Context, token string) (_ *samverkan.Upload, err error) {
	defer wrap(&err, "sqldb.Upload")
	u := &samverkan.Upload{Token: token}
	var created string
	err = db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT network, filename, content, created FROM import_uploads WHERE token = ?`, token).
			Scan(&u.Network, &u.Filename, &u.Content, &created)
	})
	if err == sql.ErrNoRows {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Den uppladdade filen finns inte längre. Ladda upp den igen.")
	} else if err != nil {
		return nil, err
	}
	if u.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	if db.now().Sub(u.Created) > uploadTTL {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Den uppladdade filen finns inte längre. Ladda upp den igen.")
	}
	return u, nil
}

// DeleteUpload removes an upload; an unknown token is not an error.
func (db *DB) DeleteUpload(ctx context.Context, token string) (err error) {
	defer wrap(&err, "sqldb.DeleteUpload")
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM import_uploads WHERE token = ?`, token)
		return err
	})
}
