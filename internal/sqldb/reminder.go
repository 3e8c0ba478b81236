package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// Reminder settings, calendar feed tokens and the sent-log (migration
// 0018). Settings and feeds are audited; the sent-log is bookkeeping.
// None of it is in exports, the public view or open data: it is personal.

// Audit entities of this file.
const (
	EntityReminderSettings = "reminder_settings"
	EntityFeed             = "feed"
)

var _ samverkan.ReminderStore = (*DB)(nil)

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

const settingsColumns = `user_id, kinds, networks, municipalities, lead_days, decision_days, email, lang,
	unsubscribe_token, version, updated`

func scanSettings(s scanner) (*samverkan.ReminderSettings, error) {
	var r samverkan.ReminderSettings
	var kinds, nets, munis, updated string
	if err := s.Scan(&r.UserID, &kinds, &nets, &munis, &r.LeadDays, &r.DecisionDays, &r.SendEmail, &r.Language,
		&r.UnsubscribeToken, &r.Version, &updated); err != nil {
		return nil, err
	}
	r.Kinds, r.Networks, r.Municipalities = splitList(kinds), splitList(nets), splitList(munis)
	var err error
	r.Updated, err = parseTime(updated)
	return &r, err
}

// ReminderSettings returns the user's settings or the defaults.
func (db *DB) ReminderSettings(ctx context.Context, userID int64) (_ *samverkan.ReminderSettings, err error) {
	defer wrap(&err, "sqldb.ReminderSettings")
	var r *samverkan.ReminderSettings
	err = db.read(ctx, func(t *tx) error {
		var err error
		r, err = scanSettings(t.queryRow(ctx, `SELECT `+settingsColumns+` FROM reminder_settings WHERE user_id = ?`, userID))
		if notFound(err) {
			d := samverkan.DefaultReminderSettings(userID)
			r = &d
			return nil
		}
		return err
	})
	return r, err
}

func randomToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// SaveReminderSettings writes s if s.Version is current.
func (db *DB) SaveReminderSettings(ctx context.Context, s *samverkan.ReminderSettings) (err error) {
	defer wrap(&err, "sqldb.SaveReminderSettings")
	s.Normalize()
	if err := s.Validate(db.Catalog()); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		var v samverkan.Validation
		for i, slug := range s.Networks {
			var id int64
			if err := t.queryRow(ctx, `SELECT id FROM networks WHERE slug = ?`, slug).Scan(&id); notFound(err) {
				v.Add("networks["+strconv.Itoa(i)+"]", "unknown_network", slug)
			} else if err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		old, err := scanSettings(t.queryRow(ctx, `SELECT `+settingsColumns+` FROM reminder_settings WHERE user_id = ?`, s.UserID))
		if err != nil && !notFound(err) {
			return err
		}
		cur := 0
		if old != nil {
			cur = old.Version
		}
		if s.Version != cur {
			return staleError("påminnelserna", cur, s.Version)
		}
		now := db.timestamp()
		args := []any{strings.Join(s.Kinds, ","), strings.Join(s.Networks, ","), strings.Join(s.Municipalities, ","),
			s.LeadDays, s.DecisionDays, s.SendEmail, s.Language, cur + 1, formatTime(now), s.UserID}
		if old == nil {
			s.UnsubscribeToken = randomToken()
			_, err = t.exec(ctx, `INSERT INTO reminder_settings (kinds, networks, municipalities, lead_days, decision_days,
				email, lang, version, updated, user_id, unsubscribe_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				append(args, s.UnsubscribeToken)...)
		} else {
			s.UnsubscribeToken = old.UnsubscribeToken
			_, err = t.exec(ctx, `UPDATE reminder_settings SET kinds = ?, networks = ?, municipalities = ?, lead_days = ?,
				decision_days = ?, email = ?, lang = ?, version = ?, updated = ? WHERE user_id = ?`, args...)
		}
		if err != nil {
			return err
		}
		s.Version, s.Updated = cur+1, now
		action := ActionUpdate
		var before any
		if old == nil {
			action = ActionCreate
		} else {
			before = old
		}
		return db.recordWrite(ctx, t, action, EntityReminderSettings, strconv.FormatInt(s.UserID, 10), before, s)
	})
}

// Unsubscribe turns e-mail off for the settings holding token.
func (db *DB) Unsubscribe(ctx context.Context, token string) (err error) {
	defer wrap(&err, "sqldb.Unsubscribe")
	if token == "" {
		return samverkan.Errorf(samverkan.ENOTFOUND, "Länken gäller inte längre.")
	}
	return db.write(ctx, func(t *tx) error {
		old, err := scanSettings(t.queryRow(ctx, `SELECT `+settingsColumns+` FROM reminder_settings WHERE unsubscribe_token = ?`, token))
		if notFound(err) {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Länken gäller inte längre.")
		}
		if err != nil || !old.SendEmail {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE reminder_settings SET email = FALSE, version = version + 1, updated = ? WHERE user_id = ?`,
			formatTime(db.timestamp()), old.UserID); err != nil {
			return err
		}
		after := *old
		after.SendEmail, after.Version = false, old.Version+1
		return db.recordWrite(ctx, t, ActionUpdate, EntityReminderSettings, strconv.FormatInt(old.UserID, 10), old, after)
	})
}

// ReminderSubscribers lists the settings with e-mail on and some kind
// chosen, of accounts that are not disabled, with the account's e-mail
// address in Address.
func (db *DB) ReminderSubscribers(ctx context.Context) (_ []samverkan.ReminderSettings, err error) {
	defer wrap(&err, "sqldb.ReminderSubscribers")
	var out []samverkan.ReminderSettings
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT `+prefixed("r.", settingsColumns)+`, u.email FROM reminder_settings r
			JOIN users u ON u.id = r.user_id WHERE r.email AND r.kinds <> '' AND NOT u.disabled ORDER BY r.user_id`, nil,
			func(s scanner) error {
				var addr string
				r, err := scanSettings(addrScanner{s, &addr})
				if err == nil {
					r.Address = addr
					out = append(out, *r)
				}
				return err
			})
	})
	return out, err
}

// addrScanner scans one more column, the address, after the settings'.
type addrScanner struct {
	s    scanner
	addr *string
}

func (a addrScanner) Scan(dest ...any) error { return a.s.Scan(append(dest, a.addr)...) }

func prefixed(p, cols string) string {
	fs := strings.Split(cols, ",")
	for i, f := range fs {
		fs[i] = p + strings.TrimSpace(f)
	}
	return strings.Join(fs, ", ")
}

// Deadlines gathers the deadlines of the networks and municipalities:
// agreements, pending decisions, follow-ups of last year, and for networks
// also risks and meetings. A municipality's risks and meetings are its
// networks' and are not gathered for it.
func (db *DB) Deadlines(ctx context.Context, networks, municipalities []string, decisionDays int) (_ []samverkan.Deadline, err error) {
	defer wrap(&err, "sqldb.Deadlines")
	today := db.today()
	var out []samverkan.Deadline
	scopes := make([]samverkan.RefFilter, 0, len(networks)+len(municipalities))
	for _, n := range networks {
		scopes = append(scopes, samverkan.RefFilter{Network: n})
	}
	for _, m := range municipalities {
		scopes = append(scopes, samverkan.RefFilter{Municipality: m})
	}
	year := today.Year() - 1
	for _, sc := range scopes {
		// Only a document with an end date gives an agreement deadline:
		// find those few records first (25 of syn-01's 365), then load
		// them with the two child tables the deadlines read. Loading every
		// record of the scope with all nine took 70 % of the request.
		ids, err := db.withAgreementEnd(ctx, sc)
		if err != nil {
			return nil, err
		}
		for part := range slices.Chunk(ids, samverkan.MaxLimit) {
			cs, _, err := db.FindCollaborations(ctx, samverkan.CollaborationFilter{IDs: part, Limit: samverkan.MaxLimit,
				Sort: "title", With: []string{samverkan.WithDocuments, samverkan.WithParticipants}})
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				for _, d := range samverkan.CollaborationDeadlines(c) {
					d.Network = sc.Network
					out = append(out, d)
				}
			}
		}
		ds, err := db.FindDecisions(ctx, samverkan.DecisionFilter{Network: sc.Network, Municipality: sc.Municipality, PendingOnly: true})
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if dl, ok := samverkan.DecisionDeadline(d, decisionDays); ok {
				dl.Network = sc.Network
				out = append(out, dl)
			}
		}
		refs, err := db.CollaborationRefs(ctx, sc)
		if err != nil {
			return nil, err
		}
		// Only whether each has a follow-up of the year counts: the ids,
		// not the follow-ups with their assessments and indicators
		// (a fifth of the network's deadlines, issue 16).
		followed, err := db.FollowedUp(ctx, sc, year)
		if err != nil {
			return nil, err
		}
		done := make(map[int64]bool, len(followed))
		for _, id := range followed {
			done[id] = true
		}
		for _, r := range refs {
			if dl, ok := samverkan.FollowUpDeadline(r, year, done[r.ID]); ok {
				dl.Network = sc.Network
				out = append(out, dl)
			}
		}
		if sc.Network == "" {
			continue
		}
		rs, err := db.RisksByNetwork(ctx, sc.Network)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if dl, ok := samverkan.RiskDeadline(r, sc.Network); ok {
				out = append(out, dl)
			}
		}
		ms, err := db.MeetingsByNetwork(ctx, sc.Network, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, samverkan.MeetingDeadlines(ms, today)...)
	}
	samverkan.SortDeadlines(out)
	return samverkan.DedupDeadlines(out), nil
}

// withAgreementEnd returns the ids of the collaborations of sc that have
// a document with an end date (valid_to), the only ones that can have an
// agreement deadline (samverkan.CollaborationDeadlines).
func (db *DB) withAgreementEnd(ctx context.Context, sc samverkan.RefFilter) ([]int64, error) {
	where, args, err := filterWhere(db.dialect, samverkan.CollaborationFilter{Network: sc.Network, Municipality: sc.Municipality})
	if err != nil {
		return nil, err
	}
	if where == "" {
		where = "WHERE 1 = 1"
	}
	q := `SELECT c.id FROM collaborations c ` + where + `
			AND EXISTS (SELECT 1 FROM documents d WHERE d.collaboration_id = c.id AND d.valid_to IS NOT NULL)
			ORDER BY c.id`
	if sc.Network != "" {
		// A network's from its memberships alone (one per collaboration
		// and network): testing the ~365 ids of the memberships needs no
		// seek into the wide collaborations rows (issue 16).
		q, args = `SELECT cn.collaboration_id FROM networks n JOIN collaboration_networks cn ON cn.network_id = n.id
			WHERE n.slug = ? AND EXISTS (SELECT 1 FROM documents d
				WHERE d.collaboration_id = cn.collaboration_id AND d.valid_to IS NOT NULL)
			ORDER BY cn.collaboration_id`, []any{sc.Network}
	}
	var ids []int64
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, q, args, func(s scanner) error {
			var id int64
			err := s.Scan(&id)
			ids = append(ids, id)
			return err
		})
	})
	return ids, err
}

// MarkReminderSent records key for userID; false when it was already there.
func (db *DB) MarkReminderSent(ctx context.Context, userID int64, key string) (_ bool, err error) {
	defer wrap(&err, "sqldb.MarkReminderSent")
	var inserted bool
	err = db.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `INSERT INTO reminders_sent (user_id, reminder_key, sent) VALUES (?, ?, ?)
			ON CONFLICT (user_id, reminder_key) DO NOTHING`, userID, key, formatTime(db.timestamp()))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		inserted = n == 1
		return err
	})
	return inserted, err
}

// UnmarkReminderSent forgets a mark.
func (db *DB) UnmarkReminderSent(ctx context.Context, userID int64, key string) (err error) {
	defer wrap(&err, "sqldb.UnmarkReminderSent")
	return db.write(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM reminders_sent WHERE user_id = ? AND reminder_key = ?`, userID, key)
		return err
	})
}

const feedColumns = `id, token_hash, prefix, user_id, network, created_by, created, revoked`

func scanFeed(s scanner) (*samverkan.FeedToken, error) {
	var f samverkan.FeedToken
	var user, by sql.NullInt64
	var created string
	var revoked sql.NullString
	if err := s.Scan(&f.ID, &f.Hash, &f.Prefix, &user, &f.Network, &by, &created, &revoked); err != nil {
		return nil, err
	}
	f.UserID, f.CreatedBy, f.Revoked = user.Int64, by.Int64, revoked.Valid
	var err error
	f.Created, err = parseTime(created)
	return &f, err
}

// CreateFeedToken stores f (Hash, Prefix and UserID or Network set).
func (db *DB) CreateFeedToken(ctx context.Context, f *samverkan.FeedToken) (err error) {
	defer wrap(&err, "sqldb.CreateFeedToken")
	if len(f.Hash) == 0 || (f.UserID == 0) == (f.Network == "") {
		return samverkan.Errorf(samverkan.EINVALID, "Ett flöde gäller en person eller ett nätverk.")
	}
	return db.write(ctx, func(t *tx) error {
		if f.Network != "" {
			var id int64
			if err := t.queryRow(ctx, `SELECT id FROM networks WHERE slug = ?`, f.Network).Scan(&id); notFound(err) {
				return samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket finns inte.")
			} else if err != nil {
				return err
			}
		}
		now := db.timestamp()
		var user, by any
		if f.UserID != 0 {
			user = f.UserID
		}
		if f.CreatedBy != 0 {
			by = f.CreatedBy
		}
		if err := t.queryRow(ctx, `INSERT INTO feed_tokens (token_hash, prefix, user_id, network, created_by, created)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, f.Hash, f.Prefix, user, f.Network, by, formatTime(now)).Scan(&f.ID); err != nil {
			return err
		}
		f.Created = now
		return db.recordWrite(ctx, t, ActionCreate, EntityFeed, strconv.FormatInt(f.ID, 10), nil, f)
	})
}

// FeedTokenByHash finds a feed, revoked or not.
func (db *DB) FeedTokenByHash(ctx context.Context, hash []byte) (_ *samverkan.FeedToken, err error) {
	defer wrap(&err, "sqldb.FeedTokenByHash")
	var f *samverkan.FeedToken
	err = db.read(ctx, func(t *tx) error {
		var err error
		f, err = scanFeed(t.queryRow(ctx, `SELECT `+feedColumns+` FROM feed_tokens WHERE token_hash = ?`, hash))
		if notFound(err) {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Kalendern finns inte.")
		}
		return err
	})
	return f, err
}

// FeedTokens lists a person's feeds, or a network's when userID is 0.
func (db *DB) FeedTokens(ctx context.Context, userID int64, network string) (_ []samverkan.FeedToken, err error) {
	defer wrap(&err, "sqldb.FeedTokens")
	out := []samverkan.FeedToken{}
	where, arg := `user_id = ?`, any(userID)
	if userID == 0 {
		where, arg = `user_id IS NULL AND network = ?`, network
	}
	err = db.read(ctx, func(t *tx) error {
		return eachRow(ctx, t, `SELECT `+feedColumns+` FROM feed_tokens WHERE `+where+` ORDER BY id DESC`, []any{arg},
			func(s scanner) error {
				f, err := scanFeed(s)
				if err == nil {
					out = append(out, *f)
				}
				return err
			})
	})
	return out, err
}

// RevokeFeedToken revokes feed id of userID, or of network when userID is 0.
func (db *DB) RevokeFeedToken(ctx context.Context, id, userID int64, network string) (err error) {
	defer wrap(&err, "sqldb.RevokeFeedToken")
	where, arg := `user_id = ?`, any(userID)
	if userID == 0 {
		where, arg = `user_id IS NULL AND network = ?`, network
	}
	return db.write(ctx, func(t *tx) error {
		old, err := scanFeed(t.queryRow(ctx, `SELECT `+feedColumns+` FROM feed_tokens WHERE id = ? AND `+where, id, arg))
		if notFound(err) {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Kalendern finns inte.")
		}
		if err != nil || old.Revoked {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE feed_tokens SET revoked = ? WHERE id = ?`, formatTime(db.timestamp()), id); err != nil {
			return err
		}
		after := *old
		after.Revoked = true
		return db.recordWrite(ctx, t, ActionRevoke, EntityFeed, strconv.FormatInt(id, 10), old, after)
	})
}
