package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// collaboration_outlines (migration 0034) holds, per collaboration, the
// list fields an outline has (samverkan.OutlineStore): its areas, and its
// participants' municipality codes, party names and leaving dates, in list
// order. It is one more child table of the collaboration: childRows writes
// its row from the record being written, in the same statement round as
// the areas and participants it repeats (create, update, restore, bulk
// loads), deleteCollaborationChildren and the foreign key's cascade remove
// it. Nothing else writes areas or participants, and a party's name never
// changes (parties are upserted by name). Reading a network's outlines is
// then one row per collaboration instead of its ~2 500 rows of areas and
// participants (issue 16). TestOutlinesKeptByWrites compares the rows with
// the child tables after every kind of write, on both databases.
//
// Each list is one text column of length-prefixed fields ("4:0180" for
// the text 0180), so that any text, separators included, reads back as it
// was written: an area is one field, a participant three (code, party,
// leaving date; "" for none of each, as the live read's COALESCE gives).

// outlineRow is the row of c: its id, areas and participants encoded.
func outlineRow(c *samverkan.Collaboration, cid any) []any {
	return []any{cid, encodeOutlineAreas(c.Areas), encodeOutlineParticipants(c.Participants)}
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
	var out []string
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

// fillOutlines writes the outline rows of the collaborations that have
// none (written before migration 0034, or by a copy restored from an
// older backup), from the child tables. Migrate runs it; with every row
// present it is one index-only probe.
func fillOutlines(ctx context.Context, t *tx) error {
	var missing []int64
	err := eachRow(ctx, t, `SELECT c.id FROM collaborations c
		WHERE NOT EXISTS (SELECT 1 FROM collaboration_outlines o WHERE o.collaboration_id = c.id)`, nil,
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
		cs, err := liveOutlines(ctx, t, in, int64Args(ids), 0, false)
		if err != nil {
			return err
		}
		rows := make([][]any, 0, len(cs))
		for _, c := range cs {
			rows = append(rows, outlineRow(c, c.ID))
		}
		if err := insertRowsShared(ctx, t, "collaboration_outlines", outlineColumns, rows, nil, nil); err != nil {
			return fmt.Errorf("fill outlines: %w", err)
		}
	}
	return nil
}

// outlineColumns are the columns of outlineRow.
var outlineColumns = []string{"collaboration_id", "areas", "participants"}
