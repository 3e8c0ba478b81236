package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The outlines of the collaborations (migration 0034): what an outline
// has (samverkan.OutlineStore) kept in two tables. collaboration_outlines
// holds per collaboration its title, status and list fields: areas and
// participants' municipality codes, party names and leaving dates in list
// order;
// network_outlines holds per collaboration and network it belongs to the
// whole outline, keyed by network and title, so a network's outlines are
// one range of one table.
//
// Both are more child tables of the collaboration: childRows writes their
// rows from the record being written, in the same statement round as the
// areas, participants and networks they repeat (create, update, restore,
// bulk loads); deleteCollaborationChildren and the foreign keys' cascades
// (a collaboration deleted, a network deleted) remove them; a status
// change, the one other write of an outline's fields, updates them
// (keepOutlineStatus). Nothing else writes areas, participants or a
// collaboration's networks, and a party's name never changes (parties are
// upserted by name). TestOutlinesKeptByWrites compares the rows with the
// tables they repeat after every kind of write, on both databases.
//
// Each list is one text column of length-prefixed fields ("4:0180" for
// the text 0180), so that any text, separators included, reads back as it
// was written: an area is one field, a participant three (code, party,
// leaving date; "" for none of each, as the live read's COALESCE gives).

// outlineColumns are the columns of collaboration_outlines' rows and
// networkOutlineColumns those of network_outlines', as addOutlines and
// fillOutlines write them.
var (
	outlineColumns        = []string{"collaboration_id", "title", "status", "areas", "participants"}
	networkOutlineColumns = []string{"network_id", "title_key", "collaboration_id", "title", "status", "legal_form",
		"start_on", "annual_cost", "cost_key", "areas", "participants", "end_on"}
)

// addOutlines adds c's outline rows to ch: its own and one per network of
// netIDs. titleKey is c's title_key as written, nil to compute it.
func (ch childRows) addOutlines(c *samverkan.Collaboration, cid any, netIDs []int64, titleKey []byte) {
	// Each value made an argument once for all of c's rows: a bulk load
	// writes tens of thousands of them.
	title, status := any(c.Title), any(c.Status)
	areas, parts := any(encodeOutlineAreas(c.Areas)), any(encodeOutlineParticipants(c.Participants))
	ch[childOutlines].rows = append(ch[childOutlines].rows, []any{cid, title, status, areas, parts})
	if len(netIDs) == 0 {
		return
	}
	if titleKey == nil {
		titleKey = sortKey(c.Title)
	}
	key, form, start, cost, costKey := any(titleKey), any(c.LegalForm), any(c.Start), nullInt64(c.AnnualCost), any(c.CostKey)
	end := any(c.End)
	const width = 12
	flat := make([]any, 0, width*len(netIDs))
	for _, n := range netIDs {
		at := len(flat)
		flat = append(flat, n, key, cid, title, status, form, start, cost, costKey, areas, parts, end)
		ch[childNetworkOutlines].rows = append(ch[childNetworkOutlines].rows, flat[at:at+width:at+width])
	}
}

// keepOutlineStatus writes a status change (ChangeStatus: the status and
// the start and end it may set) into collaboration id's outline rows.
func keepOutlineStatus(ctx context.Context, t *tx, id int64, status string, start, end samverkan.Date) error {
	if _, err := t.exec(ctx, `UPDATE collaboration_outlines SET status = ? WHERE collaboration_id = ?`, status, id); err != nil {
		return fmt.Errorf("collaboration outline: %w", err)
	}
	if _, err := t.exec(ctx, `UPDATE network_outlines SET status = ?, start_on = ?, end_on = ? WHERE collaboration_id = ?`,
		status, start, end, id); err != nil {
		return fmt.Errorf("network outlines: %w", err)
	}
	return nil
}

func encodeOutlineAreas(areas []string) string {
	n := 0
	for _, a := range areas {
		n += len(a) + 3
	}
	b := make([]byte, 0, n)
	for _, a := range areas {
		b = appendOutlineField(b, a)
	}
	return string(b)
}

// encodeOutlineParticipants encodes ps as they are stored: a municipality
// has no party (participantRows writes no party id for it), and a leaving
// date is what the column holds (Date.Value: a date or NULL).
func encodeOutlineParticipants(ps []samverkan.Participant) string {
	b := make([]byte, 0, 24*len(ps))
	for _, p := range ps {
		party := ""
		if p.Code == "" {
			party = p.Party
		}
		left := ""
		if v, err := p.Left.Value(); err == nil && v != nil {
			left, _ = v.(string)
		}
		b = appendOutlineField(b, p.Code)
		b = appendOutlineField(b, party)
		b = appendOutlineField(b, left)
	}
	return string(b)
}

func appendOutlineField(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// nextOutlineField splits the first field off s.
func nextOutlineField(s string) (field, rest string, err error) {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return "", "", fmt.Errorf("outline field %.20q: no length", s)
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil || n < 0 || n > len(s)-i-1 {
		return "", "", fmt.Errorf("outline field %.20q: bad length", s)
	}
	return s[i+1 : i+1+n], s[i+1+n:], nil
}

// decodeOutline sets c's Areas and Participants from the encoded columns;
// lists left empty stay nil, as the live read leaves them. The strings
// are slices of the columns' text: one allocation per row, not per field.
func decodeOutline(c *samverkan.Collaboration, areas, participants string) error {
	var err error
	if c.Areas, err = decodeOutlineAreas(areas); err != nil {
		return err
	}
	if participants != "" { // three fields, so at least three colons each
		c.Participants = make([]samverkan.Participant, 0, strings.Count(participants, ":")/3)
	}
	return eachOutlineParticipant(participants, func(code, party, left string) error {
		p := samverkan.Participant{Code: code, Party: party}
		if left != "" {
			if err := p.Left.Scan(left); err != nil {
				return err
			}
		}
		c.Participants = append(c.Participants, p)
		return nil
	})
}

// decodeOutlineAreas decodes the areas column; nil when there are none.
func decodeOutlineAreas(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]string, 0, strings.Count(s, ":")) // a colon a field, at least
	for s != "" {
		var a string
		var err error
		if a, s, err = nextOutlineField(s); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// eachOutlineParticipant calls fn with each participant of the encoded
// participants column, in list order.
func eachOutlineParticipant(s string, fn func(code, party, left string) error) error {
	for s != "" {
		var code, party, left string
		var err error
		if code, s, err = nextOutlineField(s); err != nil {
			return err
		}
		if party, s, err = nextOutlineField(s); err != nil {
			return err
		}
		if left, s, err = nextOutlineField(s); err != nil {
			return err
		}
		if err := fn(code, party, left); err != nil {
			return err
		}
	}
	return nil
}

// fillOutlines writes the outline rows of the collaborations that lack
// one (written before migration 0034, or in a copy restored from an older
// backup), from the tables they repeat. Migrate runs it; with every row
// present it is two anti-joins over indexes, writing nothing.
func fillOutlines(ctx context.Context, t *tx) error {
	var missing []int64
	err := eachRow(ctx, t, `SELECT c.id FROM collaborations c
		WHERE NOT EXISTS (SELECT 1 FROM collaboration_outlines o WHERE o.collaboration_id = c.id)
		UNION SELECT cn.collaboration_id FROM collaboration_networks cn
		WHERE NOT EXISTS (SELECT 1 FROM network_outlines o
			WHERE o.collaboration_id = cn.collaboration_id AND o.network_id = cn.network_id)`, nil,
		func(s scanner) error {
			var id int64
			err := s.Scan(&id)
			missing = append(missing, id)
			return err
		})
	if err != nil || len(missing) == 0 {
		return err
	}
	const chunk = 500
	for from := 0; from < len(missing); from += chunk {
		ids := missing[from:min(from+chunk, len(missing))]
		in := "(" + placeholders(len(ids)) + ")"
		for _, table := range []string{"collaboration_outlines", "network_outlines"} {
			if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE collaboration_id IN `+in, int64Args(ids)...); err != nil {
				return fmt.Errorf("fill outlines: %w", err)
			}
		}
		cs, err := liveOutlines(ctx, t, in, int64Args(ids), 0, false)
		if err != nil {
			return err
		}
		keys, nets := map[int64][]byte{}, map[int64][]int64{}
		err = eachRow(ctx, t, `SELECT id, title_key FROM collaborations WHERE id IN `+in, int64Args(ids), func(s scanner) error {
			var id int64
			var key []byte
			err := s.Scan(&id, &key)
			keys[id] = key
			return err
		})
		if err != nil {
			return err
		}
		err = eachRow(ctx, t, `SELECT collaboration_id, network_id FROM collaboration_networks
			WHERE collaboration_id IN `+in+` ORDER BY collaboration_id, pos`, int64Args(ids), func(s scanner) error {
			var id, n int64
			err := s.Scan(&id, &n)
			nets[id] = append(nets[id], n)
			return err
		})
		if err != nil {
			return err
		}
		ch := newChildRows()
		for _, c := range cs {
			ch.addOutlines(c, c.ID, nets[c.ID], keys[c.ID])
		}
		for _, i := range []int{childOutlines, childNetworkOutlines} {
			if err := insertRowsShared(ctx, t, ch[i].table, ch[i].cols, ch[i].rows, nil, nil); err != nil {
				return fmt.Errorf("fill outlines: %w", err)
			}
		}
	}
	return nil
}
