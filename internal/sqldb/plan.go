package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/samverkan/samverkan"
)

// Audit entities of the network's steering.
const (
	EntityPlan     = "plan"
	EntityFollowUp = "follow_up"
)

var _ samverkan.SteeringStore = (*DB)(nil)

const planColumns = `p.id, n.slug, p.title, p.from_year, p.to_year, p.is_current, p.note, p.example,
	p.priorities_json, p.version, p.created, p.updated`

func scanPlan(s scanner) (*samverkan.NetworkPlan, error) {
	p := &samverkan.NetworkPlan{}
	var pri, created, updated string
	if err := s.Scan(&p.ID, &p.Network, &p.Title, &p.FromYear, &p.ToYear, &p.Current, &p.Note, &p.Example,
		&pri, &p.Version, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(pri), &p.Priorities); err != nil {
		return nil, fmt.Errorf("plan %d: %w", p.ID, err)
	}
	var err error
	if p.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	if p.Updated, err = parseTime(updated); err != nil {
		return nil, err
	}
	p.Normalize()
	return p, nil
}

func findPlans(ctx context.Context, t *tx, where string, args ...any) ([]*samverkan.NetworkPlan, error) {
	var out []*samverkan.NetworkPlan
	err := eachRow(ctx, t, `SELECT `+planColumns+` FROM plans p JOIN networks n ON n.id = p.network_id `+where+`
		ORDER BY p.is_current DESC, p.from_year DESC, p.id DESC`, args, func(s scanner) error {
		p, err := scanPlan(s)
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

// Plans returns the network's plans, the current one first, then by
// period and age, newest first. ENOTFOUND when the network does not exist.
func (db *DB) Plans(ctx context.Context, network string) (_ []*samverkan.NetworkPlan, err error) {
	defer wrap(&err, "sqldb.Plans")
	var out []*samverkan.NetworkPlan
	err = db.read(ctx, func(t *tx) error {
		// Only whether it exists (the same ENOTFOUND as networkBySlug's):
		// reading the network with its members, purposes and hosts was a
		// twentieth of the annual report's reads (issue 16).
		if _, err := networkID(ctx, t, network); err != nil {
			return err
		}
		out, err = findPlans(ctx, t, `WHERE n.slug = ?`, network)
		return err
	})
	return out, err
}

// PlanByID returns one plan; ENOTFOUND when there is none.
func (db *DB) PlanByID(ctx context.Context, id int64) (_ *samverkan.NetworkPlan, err error) {
	defer wrap(&err, "sqldb.PlanByID")
	var p *samverkan.NetworkPlan
	err = db.read(ctx, func(t *tx) error {
		p, err = planByID(ctx, t, id)
		return err
	})
	return p, err
}

func planByID(ctx context.Context, t *tx, id int64) (*samverkan.NetworkPlan, error) {
	ps, err := findPlans(ctx, t, `WHERE p.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Planen finns inte.")
	}
	return ps[0], nil
}

// CurrentPlan returns the network's current plan; ENOTFOUND when the
// network has none (or does not exist).
func (db *DB) CurrentPlan(ctx context.Context, network string) (_ *samverkan.NetworkPlan, err error) {
	defer wrap(&err, "sqldb.CurrentPlan")
	var p *samverkan.NetworkPlan
	err = db.read(ctx, func(t *tx) error {
		ps, err := findPlans(ctx, t, `WHERE n.slug = ? AND p.is_current`, network)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %q har ingen aktuell plan.", network)
		}
		p = ps[0]
		return nil
	})
	return p, err
}

// SavePlan validates p against its network and the network's
// collaborations, numbers new priorities and activities, and creates it
// (ID 0) or updates it (Version current; ESTALE otherwise). A plan saved
// as current makes the network's other plans not current, each such
// change audited too.
func (db *DB) SavePlan(ctx context.Context, p *samverkan.NetworkPlan) (err error) {
	defer wrap(&err, "sqldb.SavePlan")
	p.Normalize()
	return db.write(ctx, func(t *tx) error {
		n, err := networkBySlug(ctx, t, p.Network)
		if err != nil {
			return err
		}
		ids, err := networkCollaborationIDs(ctx, t, n.ID)
		if err != nil {
			return err
		}
		if err := p.Validate(n, func(id int64) bool { return ids[id] }); err != nil {
			return err
		}
		var old *samverkan.NetworkPlan
		if p.ID != 0 {
			if old, err = planByID(ctx, t, p.ID); err != nil {
				return err
			}
			if old.Network != p.Network {
				return samverkan.Errorf(samverkan.ENOTFOUND, "Planen finns inte i nätverket %q.", p.Network)
			}
			if old.Version != p.Version {
				return staleError("planen", old.Version, p.Version)
			}
		} else if p.Version != 0 {
			return samverkan.Errorf(samverkan.ESTALE, "Planen finns inte längre. Ladda om och försök igen.")
		}
		p.Number()
		pri, err := json.Marshal(p.Priorities)
		if err != nil {
			return err
		}
		now := db.timestamp()
		if old == nil {
			err = t.queryRow(ctx, `INSERT INTO plans (network_id, title, from_year, to_year, is_current, note, example,
					priorities_json, version, created, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
				n.ID, p.Title, p.FromYear, p.ToYear, p.Current, p.Note, p.Example, string(pri),
				formatTime(now), formatTime(now)).Scan(&p.ID)
			if err != nil {
				return fmt.Errorf("insert plan: %w", err)
			}
			p.Version, p.Created = 1, now
		} else {
			res, err := t.exec(ctx, `UPDATE plans SET title = ?, from_year = ?, to_year = ?, is_current = ?, note = ?,
					example = ?, priorities_json = ?, version = version + 1, updated = ?
				WHERE id = ? AND version = ?`,
				p.Title, p.FromYear, p.ToYear, p.Current, p.Note, p.Example, string(pri), formatTime(now), p.ID, p.Version)
			if err := checkUpdated(ctx, t, res, err, "plans", p.ID, "planen"); err != nil {
				return err
			}
			p.Version, p.Created = old.Version+1, old.Created
		}
		p.Updated = now
		if p.Current {
			if err := db.uncurrentOthers(ctx, t, n.ID, p.ID); err != nil {
				return err
			}
		}
		action := ActionCreate
		var before any
		if old != nil {
			action, before = ActionUpdate, old
		}
		return db.recordWrite(ctx, t, action, EntityPlan, strconv.FormatInt(p.ID, 10), before, p)
	})
}

// uncurrentOthers makes every other current plan of the network not
// current, so one plan is current at a time.
func (db *DB) uncurrentOthers(ctx context.Context, t *tx, networkID, keep int64) error {
	others, err := findPlans(ctx, t, `WHERE p.network_id = ? AND p.is_current AND p.id <> ?`, networkID, keep)
	if err != nil {
		return err
	}
	for _, o := range others {
		before := *o
		o.Current = false
		if _, err := t.exec(ctx, `UPDATE plans SET is_current = ?, version = version + 1, updated = ? WHERE id = ?`,
			false, formatTime(db.timestamp()), o.ID); err != nil {
			return err
		}
		o.Version++
		if err := db.recordWrite(ctx, t, ActionUpdate, EntityPlan, strconv.FormatInt(o.ID, 10), &before, o); err != nil {
			return err
		}
	}
	return nil
}

// networkCollaborationIDs is the set of the network's collaborations.
func networkCollaborationIDs(ctx context.Context, t *tx, networkID int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	err := eachRow(ctx, t, `SELECT collaboration_id FROM collaboration_networks WHERE network_id = ?`, []any{networkID},
		func(s scanner) error {
			var id int64
			err := s.Scan(&id)
			out[id] = true
			return err
		})
	return out, err
}

// CollaborationStatuses returns the status of each of ids that exists.
func (db *DB) CollaborationStatuses(ctx context.Context, ids []int64) (_ map[int64]string, err error) {
	defer wrap(&err, "sqldb.CollaborationStatuses")
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	err = db.read(ctx, func(t *tx) error {
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			err := eachRow(ctx, t, `SELECT id, status FROM collaborations WHERE id IN (`+placeholders(len(chunk))+`)`,
				int64Args(chunk), func(s scanner) error {
					var id int64
					var st string
					err := s.Scan(&id, &st)
					out[id] = st
					return err
				})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// CollaborationRefs lists the collaborations of a network, or those a
// municipality takes or took part in, by title (Swedish collation).
func (db *DB) CollaborationRefs(ctx context.Context, f samverkan.RefFilter) (_ []samverkan.CollaborationRef, err error) {
	defer wrap(&err, "sqldb.CollaborationRefs")
	where, args := refWhere(f)
	var out []samverkan.CollaborationRef
	err = db.read(ctx, func(t *tx) error {
		// Sized first from the index the scope is read through: grown
		// by appending, the slice allocated several times the few hundred
		// references of a network, the largest allocation of the annual
		// report (issue 12).
		var n int
		if err := t.queryRow(ctx, refCount(f), refCountArgs(f)...).Scan(&n); err != nil {
			return err
		}
		out = make([]samverkan.CollaborationRef, 0, n)
		q := `SELECT c.id, c.title, c.status, c.legal_form, c.start_on, c.end_on FROM collaborations c
			WHERE ` + where + ` ORDER BY c.title_key, c.id`
		if f.Network != "" {
			// A network's references from its range of the kept outline
			// rows (collaboration_outlines.go; the end date since migration
			// 0042), already in title order. Picking the network's rows out
			// of the wide collaborations and sorting them was 1.1–1.3 ms of
			// the follow-up, meeting, deadline and annual report pages at
			// national scale (issue 16).
			q, args = `SELECT o.collaboration_id, o.title, o.status, o.legal_form, o.start_on, o.end_on
				FROM networks n JOIN network_outlines o ON o.network_id = n.id
				WHERE n.slug = ? ORDER BY o.title_key, o.collaboration_id`, []any{f.Network}
		}
		// One row and one list of destinations for all rows: scanned
		// into a new variable each, the row and the arguments' slice
		// escaped to the heap, 80 kB of garbage for a network's 365
		// references (issue 16: the collector's share of a first render
		// follows the bytes allocated).
		var r samverkan.CollaborationRef
		dest := []any{&r.ID, &r.Title, &r.Status, &r.LegalForm, &r.Start, &r.End}
		return eachRow(ctx, t, q, args, func(s scanner) error {
			r = samverkan.CollaborationRef{}
			err := s.Scan(dest...)
			out = append(out, r)
			return err
		})
	})
	return out, err
}

// refCount counts what refWhere selects, from the scope's own index
// (the memberships of a network, a municipality's participations)
// without looking up the records.
func refCount(f samverkan.RefFilter) string {
	switch {
	case f.Network != "":
		return `SELECT COUNT(*) FROM collaboration_networks cn JOIN networks n ON n.id = cn.network_id WHERE n.slug = ?`
	case f.Municipality != "":
		return `SELECT COUNT(DISTINCT collaboration_id) FROM participants WHERE municipality_code = ?`
	}
	return `SELECT COUNT(*) FROM collaborations`
}

func refCountArgs(f samverkan.RefFilter) []any {
	switch {
	case f.Network != "":
		return []any{f.Network}
	case f.Municipality != "":
		return []any{f.Municipality}
	}
	return nil
}

// refWhere is the condition on collaborations c that f selects.
func refWhere(f samverkan.RefFilter) (string, []any) { return refWhereOn("c.id", f) }

// refWhereOn is the condition that column id names a collaboration f
// selects: rows of other tables can be selected without joining the
// collaborations.
func refWhereOn(id string, f samverkan.RefFilter) (string, []any) {
	switch {
	case f.Network != "":
		return id + ` IN (SELECT cn.collaboration_id FROM collaboration_networks cn JOIN networks n ON n.id = cn.network_id
			WHERE n.slug = ?)`, []any{f.Network}
	case f.Municipality != "":
		return id + ` IN (SELECT collaboration_id FROM participants WHERE municipality_code = ?)`, []any{f.Municipality}
	}
	return `1 = 1`, nil
}

// Endings lists the governing documents whose valid-to date and the
// collaborations whose end date fall between from and to, of the
// collaborations f selects that have not ended, soonest first.
func (db *DB) Endings(ctx context.Context, f samverkan.RefFilter, from, to samverkan.Date) (_ []samverkan.Ending, err error) {
	defer wrap(&err, "sqldb.Endings")
	var out []samverkan.Ending
	err = db.read(ctx, func(t *tx) error {
		out, err = db.endings(ctx, t, f, from, to)
		return err
	})
	return out, err
}

// endings is Endings in transaction t.
func (db *DB) endings(ctx context.Context, t *tx, f samverkan.RefFilter, from, to samverkan.Date) ([]samverkan.Ending, error) {
	var out []samverkan.Ending
	if err := db.endingDocuments(ctx, t, f, from, to, &out); err != nil {
		return nil, err
	}
	where, args := refWhere(f)
	live, liveArgs := db.liveSQL(f)
	err := eachRow(ctx, t, `SELECT `+endingColumns+`, c.end_on, NULL, NULL
		FROM collaborations c WHERE `+where+` AND `+live+` AND c.end_on >= ? AND c.end_on <= ?`,
		append(append(append([]any{}, args...), liveArgs...), from, to), endingScan(&out))
	sortEndings(out)
	return out, err
}

// endingColumns are the reference columns of an Ending's collaboration c;
// endingScan reads them, the date and the document's title and type.
const endingColumns = `c.id, c.title, c.status, c.legal_form, c.start_on, c.end_on`

func endingScan(out *[]samverkan.Ending) func(scanner) error {
	return func(s scanner) error {
		var e samverkan.Ending
		var docTitle, docType sql.NullString
		err := s.Scan(&e.ID, &e.Title, &e.Status, &e.LegalForm, &e.Start, &e.End, &e.On, &docTitle, &docType)
		if docTitle.Valid {
			e.Document = docTitle.String
			if e.Document == "" {
				e.Document = samverkan.DocumentTypes.Label(docType.String, "sv")
			}
		}
		*out = append(*out, e)
		return err
	}
}

// liveSQL is the condition that collaboration c has not ended (running or
// in the pipeline), with its arguments. The network's or municipality's
// few hundred collaborations are the way in. SQLite otherwise took the
// status index and tested the 15 000 live collaborations against that
// list: a unary + keeps it off the index, as filterWhere does (issue 12:
// 1.4 → 0.8 ms for syn-01, 0.4 → 0.2 for a municipality, in the C
// library).
func (db *DB) liveSQL(f samverkan.RefFilter) (string, []any) {
	live := samverkan.StatusesInPhase(samverkan.PhaseRunning)
	live = append(live, samverkan.StatusesInPhase(samverkan.PhasePipeline)...)
	status := "c.status"
	if db.dialect == SQLite && (f.Network != "" || f.Municipality != "") {
		status = "+c.status"
	}
	return status + ` IN (` + placeholders(len(live)) + `)`, stringArgs(live)
}

// endingDocuments adds to out the governing documents of the live
// collaborations f selects whose valid-to date falls between from and to.
// It starts from the documents of the selected collaborations
// (d.collaboration_id, with the date in documents_valid_to), and CROSS
// JOIN keeps SQLite from starting at the collaborations: 2.2 → 0.7 ms for
// syn-01, 3.2 → 0.35 for a municipality.
func (db *DB) endingDocuments(ctx context.Context, t *tx, f samverkan.RefFilter, from, to samverkan.Date, out *[]samverkan.Ending) error {
	docWhere, args := refWhereOn("d.collaboration_id", f)
	live, liveArgs := db.liveSQL(f)
	return eachRow(ctx, t, `SELECT `+endingColumns+`, d.valid_to, d.title, d.type
		FROM documents d CROSS JOIN collaborations c
		WHERE c.id = d.collaboration_id AND `+docWhere+` AND `+live+` AND d.valid_to >= ? AND d.valid_to <= ?`,
		append(append(append([]any{}, args...), liveArgs...), from, to), endingScan(out))
}

func sortEndings(es []samverkan.Ending) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].On.Before(es[j].On) || es[j].On.Before(es[i].On) {
			return es[i].On.Before(es[j].On)
		}
		return es[i].ID < es[j].ID
	})
}
