package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// startNetwork is one of the networks a start page looks into.
type startNetwork struct {
	id         int64
	slug, name string
}

// StartItems reads what the personal start page shows in one read
// transaction (issue 16). The page used to call FindDecisions,
// FollowUpsDue, Endings, CollaborationRefs (for a municipality's risk
// filter), RisksByNetwork and MeetingsByNetwork per year, each its own
// transaction, and read every pending decision, every risk and every
// meeting of the years in full to show five of each. Here the decisions
// are counted from their ids and only the first few read; the risks and
// meetings are filtered in SQL by the same rules as samverkan.ReviewsDue
// and samverkan.NextMeeting (TestStartItemsAsParts compares the two ways).
func (db *DB) StartItems(ctx context.Context, f samverkan.RefFilter, today samverkan.Date, limit int) (_ *samverkan.StartItems, err error) {
	defer wrap(&err, "sqldb.StartItems")
	out := &samverkan.StartItems{}
	err = db.read(ctx, func(t *tx) error {
		var nets []startNetwork
		switch {
		case f.Network != "":
			n := startNetwork{slug: f.Network}
			err := t.queryRow(ctx, `SELECT id, name FROM networks WHERE slug = ?`, f.Network).Scan(&n.id, &n.name)
			if err == sql.ErrNoRows {
				return samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %q finns inte.", f.Network)
			} else if err != nil {
				return fmt.Errorf("network: %w", err)
			}
			out.Name, nets = n.name, []startNetwork{n}
		case f.Municipality != "":
			// The networks the municipality is a member of on today, as
			// MemberNetworks reads them, without their members and purposes.
			err := eachRow(ctx, t, `SELECT n.id, n.slug, n.name FROM networks n
				WHERE n.id IN (SELECT m.network_id FROM network_members m
					WHERE m.municipality_code = ? AND (m.left_on IS NULL OR m.left_on >= ?))
				ORDER BY n.id`, []any{f.Municipality, today}, func(s scanner) error {
				var n startNetwork
				err := s.Scan(&n.id, &n.slug, &n.name)
				nets = append(nets, n)
				return err
			})
			if err != nil {
				return fmt.Errorf("member networks: %w", err)
			}
			samverkan.SortSwedish(nets, func(n startNetwork) string { return n.name })
		default:
			return samverkan.Errorf(samverkan.EINVALID, "Startsidan behöver ett nätverk eller en kommun.")
		}
		if err := startPending(ctx, t, out, f, nets, limit); err != nil {
			return fmt.Errorf("pending decisions: %w", err)
		}
		if err := db.startCollaborations(ctx, t, out, f, today, limit); err != nil {
			return err
		}
		if err := startReviews(ctx, t, out, f, nets, today, limit); err != nil {
			return fmt.Errorf("risk reviews: %w", err)
		}
		if err := startMeeting(ctx, t, out, nets, today); err != nil {
			return fmt.Errorf("next meeting: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// startCollaborations counts last year's follow-ups due and missing
// (FollowUpsDue) and finds the collaborations ending within six months
// (Endings' second half) in one walk over the scope's collaborations,
// where the two read each of them once apiece: at national scale a
// look-up of a collaboration's row is most of what either costs. The
// ending ones come back as a list of ids and are read after; the
// documents ending and the first titles missing a follow-up are read as
// FollowUpsDue and Endings read them.
func (db *DB) startCollaborations(ctx context.Context, t *tx, out *samverkan.StartItems, f samverkan.RefFilter,
	today samverkan.Date, limit int) error {
	year := today.Year() - 1
	until := samverkan.DateOf(today.Time().AddDate(0, 6, 0))
	where, args := refWhere(f)
	due, dueArgs := db.followUpDueSQL(f, year)
	live, liveArgs := db.liveSQL(f)
	agg := "group_concat"
	if db.dialect == Postgres {
		agg = "string_agg"
	}
	q := `SELECT COALESCE(SUM(CASE WHEN ` + due + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN ` + due + ` AND ` + followUpMissingSQL + ` THEN 1 ELSE 0 END), 0),
		` + agg + `(CASE WHEN ` + live + ` AND c.end_on >= ? AND c.end_on <= ? THEN CAST(c.id AS TEXT) END, ',')
		FROM collaborations c WHERE ` + where
	qa := append(append([]any{}, dueArgs...), dueArgs...)
	qa = append(append(append(qa, year), liveArgs...), today, until)
	qa = append(qa, args...)
	var ending sql.NullString
	if err := t.queryRow(ctx, q, qa...).Scan(&out.FollowUps.Due, &out.FollowUps.Missing, &ending); err != nil {
		return fmt.Errorf("follow-ups due and endings: %w", err)
	}
	if err := db.followUpsMissingFirst(ctx, t, f, year, limit, &out.FollowUps); err != nil {
		return fmt.Errorf("follow-ups missing: %w", err)
	}
	if err := db.endingDocuments(ctx, t, f, today, until, &out.Endings); err != nil {
		return fmt.Errorf("documents ending: %w", err)
	}
	if ending.String != "" {
		var ids []any
		for _, s := range strings.Split(ending.String, ",") {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return fmt.Errorf("ending ids %q: %w", ending.String, err)
			}
			ids = append(ids, id)
		}
		err := eachRow(ctx, t, `SELECT `+endingColumns+`, c.end_on, NULL, NULL FROM collaborations c
			WHERE c.id IN (`+placeholders(len(ids))+`)`, ids, endingScan(&out.Endings))
		if err != nil {
			return fmt.Errorf("collaborations ending: %w", err)
		}
	}
	sortEndings(out.Endings)
	return nil
}

// startPending counts the scope's pending decisions and reads the oldest
// limit of them in full: first the ids in order (one int a decision, off
// the partial indexes on outcome = 'vantar'), then the few rows shown.
func startPending(ctx context.Context, t *tx, out *samverkan.StartItems, f samverkan.RefFilter, nets []startNetwork, limit int) error {
	// The literal lets the partial indexes apply, as in FindDecisions.
	pending := `d.outcome = '` + samverkan.OutcomePending + `'`
	var q string
	var args []any
	if f.Network != "" {
		q = `SELECT d.id FROM collaboration_networks cn CROSS JOIN decisions d
			WHERE cn.network_id = ? AND d.collaboration_id = cn.collaboration_id AND ` + pending + `
			ORDER BY d.created, d.id`
		args = []any{nets[0].id}
	} else {
		q = `SELECT d.id FROM decisions d WHERE d.municipality_code = ? AND ` + pending + ` ORDER BY d.created, d.id`
		args = []any{f.Municipality}
	}
	var first []any
	err := eachRow(ctx, t, q, args, func(s scanner) error {
		out.PendingTotal++
		if len(first) >= limit {
			return nil
		}
		var id int64
		err := s.Scan(&id)
		first = append(first, id)
		return err
	})
	if err != nil || len(first) == 0 {
		return err
	}
	return eachRow(ctx, t, `SELECT `+decisionColumns+`, c.title, c.status FROM decisions d CROSS JOIN collaborations c
		WHERE d.id IN (`+placeholders(len(first))+`) AND c.id = d.collaboration_id ORDER BY d.created, d.id`, first,
		func(s scanner) error {
			var it samverkan.DecisionItem
			d, err := scanDecision(s, &it.CollaborationTitle, &it.CollaborationStatus)
			if err != nil {
				return err
			}
			it.Decision = *d
			out.Pending = append(out.Pending, it)
			return nil
		})
}

// startReviews reads the open risks of the scope's networks whose review
// date has passed or falls within samverkan.RiskReviewLeadDays: the rule
// of samverkan.ReviewsDue in SQL. A network scope has the network's own
// risks and those of its collaborations; a municipality's, for each
// network it is a member of, the network's own and those of the
// municipality's collaborations in it. Of each network only the first
// limit are read, with the count of all (the overall first limit are
// among them): at national scale every risk of a network can be due.
func startReviews(ctx context.Context, t *tx, out *samverkan.StartItems, f samverkan.RefFilter, nets []startNetwork,
	today samverkan.Date, limit int) error {
	until := samverkan.DateOf(today.Time().AddDate(0, 0, samverkan.RiskReviewLeadDays))
	due := `r.status <> ? AND r.review_on IS NOT NULL AND r.review_on <> '' AND r.review_on <= ?`
	var all []samverkan.StartReview
	for _, n := range nets {
		q := `SELECT r.id AS id, r.title AS title, r.review_on AS review_on, r.collaboration_id AS collaboration_id,
				'' AS collaboration_title
			FROM risks r WHERE r.network_id = ? AND ` + due + `
			UNION ALL `
		args := []any{n.id, samverkan.RiskClosed, until}
		if f.Municipality != "" {
			// The municipality's collaborations (participants by
			// municipality), their risks, and only for a risk due whether
			// its collaboration is in the network.
			q += `SELECT r.id, r.title, r.review_on, r.collaboration_id, c.title FROM participants p
				CROSS JOIN risks r CROSS JOIN collaboration_networks cn CROSS JOIN collaborations c
				WHERE p.municipality_code = ? AND r.collaboration_id = p.collaboration_id AND ` + due + `
				  AND cn.collaboration_id = r.collaboration_id AND cn.network_id = ? AND c.id = r.collaboration_id`
			args = append(args, f.Municipality, samverkan.RiskClosed, until, n.id)
		} else {
			// As RisksByNetwork: the network's collaborations, their risks,
			// and only then the collaboration of each risk.
			q += `SELECT r.id, r.title, r.review_on, r.collaboration_id, c.title FROM collaboration_networks cn
				CROSS JOIN risks r CROSS JOIN collaborations c
				WHERE cn.network_id = ? AND r.collaboration_id = cn.collaboration_id AND c.id = r.collaboration_id AND ` + due
			args = append(args, n.id, samverkan.RiskClosed, until)
		}
		// ReviewsDue's order within a network: review date, then id.
		q = `SELECT id, title, review_on, collaboration_id, collaboration_title, COUNT(*) OVER ()
			FROM (` + q + `) x ORDER BY review_on, id LIMIT ?`
		args = append(args, limit)
		counted := false
		err := eachRow(ctx, t, q, args, func(s scanner) error {
			e := samverkan.StartReview{Network: n.slug, NetworkName: n.name}
			var collab sql.NullInt64
			var total int
			if err := s.Scan(&e.ID, &e.Title, &e.Review, &collab, &e.CollaborationTitle, &total); err != nil {
				return err
			}
			e.CollaborationID = int64Ptr(collab)
			if !counted {
				out.ReviewsTotal, counted = out.ReviewsTotal+total, true
			}
			all = append(all, e)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Across networks by date only, network order kept for a tie: as the
	// page sorted the networks' lists one after the other.
	slices.SortStableFunc(all, func(a, b samverkan.StartReview) int {
		return a.Review.Time().Compare(b.Review.Time())
	})
	out.Reviews = all[:min(limit, len(all))]
	return nil
}

// startMeeting finds the next meeting of the scope's networks: of each
// network the one that has not ended by today and starts first, among
// this year's and next year's (and last year's in January, for one that
// runs over the new year), as samverkan.NextMeeting picks it from those
// years' meetings; then the earliest of the networks'.
func startMeeting(ctx context.Context, t *tx, out *samverkan.StartItems, nets []startNetwork, today samverkan.Date) error {
	from := today.Year()
	if today.Time().Month() == time.January {
		from--
	}
	lo, hi := fmt.Sprintf("%04d-01-01", from), fmt.Sprintf("%04d-01-01", today.Year()+2)
	for _, n := range nets {
		// LastDay: the end date, or the start for a meeting of one day.
		// Among meetings starting the same day, NextMeeting kept the first
		// of the list, which was newest first: the highest id.
		m := samverkan.StartMeeting{Network: n.slug, NetworkName: n.name}
		err := t.queryRow(ctx, `SELECT m.id, m.kind, m.title, m.start_on, m.end_on, m.place, COALESCE(m.host_code, '')
			FROM meetings m WHERE m.network_id = ? AND m.start_on >= ? AND m.start_on < ?
			  AND COALESCE(NULLIF(m.end_on, ''), m.start_on) >= ?
			ORDER BY m.start_on, m.id DESC LIMIT 1`, n.id, lo, hi, today).
			Scan(&m.ID, &m.Kind, &m.Title, &m.Start, &m.End, &m.Place, &m.Host)
		if err == sql.ErrNoRows {
			continue
		} else if err != nil {
			return err
		}
		if out.Next == nil || m.Start.Before(out.Next.Start) {
			out.Next = &m
		}
	}
	return nil
}
