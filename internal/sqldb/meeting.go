package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

var _ samverkan.MeetingStore = (*DB)(nil)

const meetingColumns = `m.id, m.network_id, m.kind, m.title, m.work_group_id, m.start_on, m.end_on, m.place,
	COALESCE(m.host_code, ''), m.attendance, m.agenda_url, m.minutes_url, m.notes, m.decisions_json, m.source,
	m.version, m.created, m.updated`

// meetingsWhere reads the meetings matching where (on alias m), newest
// first, with the names of their work groups and the titles of the
// collaborations their decisions concern. slug is the network's, or ""
// to look each one up.
func meetingsWhere(ctx context.Context, t *tx, slug, where string, args ...any) ([]samverkan.Meeting, error) {
	out := []samverkan.Meeting{}
	var netIDs []int64
	err := eachRow(ctx, t, `SELECT `+meetingColumns+`, COALESCE(g.name, '') FROM meetings m
		LEFT JOIN work_groups g ON g.id = m.work_group_id WHERE `+where+` ORDER BY m.start_on DESC, m.id DESC`, args,
		func(s scanner) error {
			var m samverkan.Meeting
			var netID int64
			var group sql.NullInt64
			var decisions, created, updated string
			if err := s.Scan(&m.ID, &netID, &m.Kind, &m.Title, &group, &m.Start, &m.End, &m.Place, &m.Host,
				&m.Attendance, &m.AgendaURL, &m.MinutesURL, &m.Notes, &decisions, &m.Source, &m.Version, &created,
				&updated, &m.WorkGroupName); err != nil {
				return err
			}
			m.WorkGroupID = int64Ptr(group)
			if err := fromJSON(decisions, &m.Decisions); err != nil {
				return err
			}
			var err error
			if m.Created, err = parseTime(created); err != nil {
				return err
			}
			if m.Updated, err = parseTime(updated); err != nil {
				return err
			}
			m.Network = slug
			out = append(out, m)
			netIDs = append(netIDs, netID)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for i := range out {
		if out[i].Decisions == nil {
			out[i].Decisions = []samverkan.MeetingDecision{}
		}
		if out[i].Network == "" {
			if out[i].Network, err = networkSlug(ctx, t, netIDs[i]); err != nil {
				return nil, err
			}
		}
		for _, d := range out[i].Decisions {
			if d.CollaborationID != nil {
				ids = append(ids, *d.CollaborationID)
			}
		}
	}
	infos, err := collabInfos(ctx, t, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for j := range out[i].Decisions {
			if d := &out[i].Decisions[j]; d.CollaborationID != nil {
				d.CollaborationTitle = infos[*d.CollaborationID].title
			}
		}
	}
	return out, nil
}

func meetingByID(ctx context.Context, t *tx, id int64) (*samverkan.Meeting, error) {
	ms, err := meetingsWhere(ctx, t, "", `m.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Mötet %d finns inte.", id)
	}
	return &ms[0], nil
}

// MeetingsByNetwork returns the network's meetings starting in year (all
// when year is 0), newest first.
func (db *DB) MeetingsByNetwork(ctx context.Context, slug string, year int) (_ []samverkan.Meeting, err error) {
	defer wrap(&err, "sqldb.MeetingsByNetwork")
	var out []samverkan.Meeting
	err = db.read(ctx, func(t *tx) error {
		id, err := networkID(ctx, t, slug)
		if err != nil {
			return err
		}
		if year == 0 {
			out, err = meetingsWhere(ctx, t, slug, `m.network_id = ?`, id)
			return err
		}
		// ISO dates compare as text.
		out, err = meetingsWhere(ctx, t, slug, `m.network_id = ? AND m.start_on >= ? AND m.start_on < ?`,
			id, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1))
		return err
	})
	return out, err
}

// MeetingByID returns one meeting; ENOTFOUND when there is none.
func (db *DB) MeetingByID(ctx context.Context, id int64) (_ *samverkan.Meeting, err error) {
	defer wrap(&err, "sqldb.MeetingByID")
	var m *samverkan.Meeting
	err = db.read(ctx, func(t *tx) error {
		m, err = meetingByID(ctx, t, id)
		return err
	})
	return m, err
}

// checkMeeting validates m against its network, its work group and the
// collaborations its decisions concern, and fills their names.
func (db *DB) checkMeeting(ctx context.Context, t *tx, m *samverkan.Meeting) (netID int64, err error) {
	n, err := networkBySlug(ctx, t, m.Network)
	if err != nil {
		return 0, err
	}
	m.Normalize()
	if err := m.Validate(n, db.Catalog()); err != nil {
		return 0, err
	}
	var v samverkan.Validation
	m.WorkGroupName = ""
	if m.WorkGroupID != nil {
		var name string
		var groupNet int64
		err := t.queryRow(ctx, `SELECT name, network_id FROM work_groups WHERE id = ?`, *m.WorkGroupID).Scan(&name, &groupNet)
		switch {
		case err == sql.ErrNoRows:
			v.Add("work_group_id", "unknown_work_group", *m.WorkGroupID)
		case err != nil:
			return 0, err
		case groupNet != n.ID:
			v.Add("work_group_id", "work_group_not_in_network", *m.WorkGroupID)
		default:
			m.WorkGroupName = name
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	var links []collabLink
	for i, d := range m.Decisions {
		if d.CollaborationID != nil {
			links = append(links, collabLink{fmt.Sprintf("decisions[%d].collaboration_id", i), *d.CollaborationID})
		}
	}
	if err := checkCollabLinks(ctx, t, n.ID, links); err != nil {
		return 0, err
	}
	var ids []int64
	for _, l := range links {
		ids = append(ids, l.id)
	}
	infos, err := collabInfos(ctx, t, ids)
	if err != nil {
		return 0, err
	}
	for i := range m.Decisions {
		if d := &m.Decisions[i]; d.CollaborationID != nil {
			d.CollaborationTitle = infos[*d.CollaborationID].title
		} else {
			d.CollaborationTitle = ""
		}
	}
	return n.ID, nil
}

// CreateMeeting validates m against its network (m.Network) and inserts
// it, setting ID, Version, Created and Updated.
func (db *DB) CreateMeeting(ctx context.Context, m *samverkan.Meeting) (err error) {
	defer wrap(&err, "sqldb.CreateMeeting")
	return db.write(ctx, func(t *tx) error {
		netID, err := db.checkMeeting(ctx, t, m)
		if err != nil {
			return err
		}
		decisions, err := jsonText(storedDecisions(m.Decisions))
		if err != nil {
			return err
		}
		now := db.timestamp()
		err = t.queryRow(ctx, `INSERT INTO meetings (network_id, kind, title, work_group_id, start_on, end_on, place,
				host_code, attendance, agenda_url, minutes_url, notes, decisions_json, source, version, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			netID, m.Kind, m.Title, nullInt64(m.WorkGroupID), m.Start, m.End, m.Place, nullString(m.Host),
			m.Attendance, m.AgendaURL, m.MinutesURL, m.Notes, decisions, m.Source, formatTime(now),
			formatTime(now)).Scan(&m.ID)
		if err != nil {
			return err
		}
		m.Version, m.Created, m.Updated = 1, now, now
		return db.recordWrite(ctx, t, ActionCreate, EntityMeeting, strconv.FormatInt(m.ID, 10), nil, m)
	})
}

// storedDecisions are the decisions as the column keeps them: without the
// titles, which are read afresh.
func storedDecisions(ds []samverkan.MeetingDecision) []samverkan.MeetingDecision {
	out := make([]samverkan.MeetingDecision, len(ds))
	for i, d := range ds {
		out[i] = samverkan.MeetingDecision{Text: d.Text, CollaborationID: d.CollaborationID}
	}
	return out
}

// UpdateMeeting writes m if m.Version is still current; it stays in its
// network.
func (db *DB) UpdateMeeting(ctx context.Context, m *samverkan.Meeting) (err error) {
	defer wrap(&err, "sqldb.UpdateMeeting")
	return db.write(ctx, func(t *tx) error { return db.updateMeeting(ctx, t, m) })
}

func (db *DB) updateMeeting(ctx context.Context, t *tx, m *samverkan.Meeting) error {
	old, err := meetingByID(ctx, t, m.ID)
	if err != nil {
		return err
	}
	if old.Version != m.Version {
		return staleError("mötet", old.Version, m.Version)
	}
	m.Network = old.Network
	if _, err := db.checkMeeting(ctx, t, m); err != nil {
		return err
	}
	decisions, err := jsonText(storedDecisions(m.Decisions))
	if err != nil {
		return err
	}
	now := db.timestamp()
	res, err := t.exec(ctx, `UPDATE meetings SET kind = ?, title = ?, work_group_id = ?, start_on = ?, end_on = ?,
			place = ?, host_code = ?, attendance = ?, agenda_url = ?, minutes_url = ?, notes = ?, decisions_json = ?,
			source = ?, version = version + 1, updated = ?
		WHERE id = ? AND version = ?`,
		m.Kind, m.Title, nullInt64(m.WorkGroupID), m.Start, m.End, m.Place, nullString(m.Host), m.Attendance,
		m.AgendaURL, m.MinutesURL, m.Notes, decisions, m.Source, formatTime(now), m.ID, m.Version)
	if err := checkUpdated(ctx, t, res, err, "meetings", m.ID, "mötet"); err != nil {
		return err
	}
	m.Version, m.Created, m.Updated = old.Version+1, old.Created, now
	return db.recordWrite(ctx, t, ActionUpdate, EntityMeeting, strconv.FormatInt(m.ID, 10), old, m)
}

// DeleteMeeting deletes the meeting if version is still current.
func (db *DB) DeleteMeeting(ctx context.Context, id int64, version int) (err error) {
	defer wrap(&err, "sqldb.DeleteMeeting")
	return db.write(ctx, func(t *tx) error {
		old, err := meetingByID(ctx, t, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return staleError("mötet", old.Version, version)
		}
		return db.versionedDelete(ctx, t, "meetings", EntityMeeting, "mötet", id, version, old)
	})
}

// RestoreMeeting writes meeting id back as audit event auditID left it, if
// version is current, through the normal update.
func (db *DB) RestoreMeeting(ctx context.Context, id, auditID int64, version int) (_ *samverkan.Meeting, err error) {
	defer wrap(&err, "sqldb.RestoreMeeting")
	var out *samverkan.Meeting
	err = db.write(ctx, func(t *tx) error {
		cur, err := meetingByID(ctx, t, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return staleError("mötet", cur.Version, version)
		}
		out, err = restore(ctx, t, EntityMeeting, "mötet", id, auditID, version,
			func(m *samverkan.Meeting) int64 { return m.ID },
			func(m *samverkan.Meeting, id int64, v int) { m.ID, m.Version = id, v },
			func(m *samverkan.Meeting) error { return db.updateMeeting(ctx, t, m) })
		return err
	})
	return out, err
}
