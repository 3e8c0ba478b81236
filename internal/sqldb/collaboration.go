package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

const collaborationColumns = `c.id, c.title, c.description, c.legal_form, c.status, c.triage, COALESCE(c.host, ''),
	c.start_on, c.end_on, c.public_authority, c.public_authority_basis, c.external_delegation, c.special_acts,
	c.procurement_basis, c.annual_cost, c.cost_key, c.cost_key_note, c.representation_key, c.public, c.example,
	c.triage_reason, c.proposer, c.priority, c.of_principle, c.version, c.created, c.updated`

func scanCollaboration(s scanner) (*samverkan.Collaboration, error) {
	c := &samverkan.Collaboration{}
	var cost sql.NullInt64
	var created, updated string
	err := s.Scan(&c.ID, &c.Title, &c.Description, &c.LegalForm, &c.Status, &c.Triage, &c.Host,
		&c.Start, &c.End, &c.PublicAuthority, &c.PublicAuthorityBasis, &c.ExternalDelegation, &c.SpecialActs,
		&c.ProcurementBasis, &cost, &c.CostKey, &c.CostKeyNote, &c.RepresentationKey, &c.Public, &c.Example,
		&c.TriageReason, &c.Proposer, &c.Priority, &c.OfPrinciple, &c.Version, &created, &updated)
	if err != nil {
		return nil, err
	}
	c.AnnualCost = int64Ptr(cost)
	if c.Created, err = parseTime(created); err != nil {
		return nil, err
	}
	if c.Updated, err = parseTime(updated); err != nil {
		return nil, err
	}
	return c, nil
}

// CollaborationByID returns one collaboration with everything it holds;
// ENOTFOUND when there is none.
func (db *DB) CollaborationByID(ctx context.Context, id int64) (_ *samverkan.Collaboration, err error) {
	defer wrap(&err, "sqldb.CollaborationByID")
	var c *samverkan.Collaboration
	err = db.read(ctx, func(t *tx) error {
		c, err = collaborationByID(ctx, t, id)
		return err
	})
	return c, err
}

func collaborationByID(ctx context.Context, t *tx, id int64) (*samverkan.Collaboration, error) {
	c, err := scanCollaboration(t.queryRow(ctx, `SELECT `+collaborationColumns+` FROM collaborations c WHERE c.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Samverkan %d finns inte.", id)
	} else if err != nil {
		return nil, err
	}
	if err := loadCollaborationChildren(ctx, t, []*samverkan.Collaboration{c}); err != nil {
		return nil, err
	}
	return c, nil
}

// collaborationsByIDs loads the collaborations with the given ids, in
// that order, with their child rows.
func collaborationsByIDs(ctx context.Context, t *tx, ids []int64) ([]*samverkan.Collaboration, error) {
	return collaborationsByIDsWith(ctx, t, ids, nil)
}

// collaborationsByIDsWith is collaborationsByIDs with only the child rows
// named in with (every one when nil).
func collaborationsByIDsWith(ctx context.Context, t *tx, ids []int64, with []string) ([]*samverkan.Collaboration, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID := make(map[int64]*samverkan.Collaboration, len(ids))
	in, args := idsIn(ids)
	err := eachRow(ctx, t, `SELECT `+collaborationColumns+` FROM collaborations c WHERE c.id IN `+in,
		args, func(s scanner) error {
			c, err := scanCollaboration(s)
			if err == nil {
				byID[c.ID] = c
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	out := make([]*samverkan.Collaboration, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, loadCollaborationChildrenWith(ctx, t, out, with)
}

// CreateCollaboration validates and inserts c, setting ID, Version,
// Created and Updated, and records a "skapad" event.
func (db *DB) CreateCollaboration(ctx context.Context, c *samverkan.Collaboration) (err error) {
	defer wrap(&err, "sqldb.CreateCollaboration")
	c.Normalize()
	return db.write(ctx, func(t *tx) error { return db.createCollaboration(ctx, t, c) })
}

func (db *DB) createCollaboration(ctx context.Context, t *tx, c *samverkan.Collaboration) error {
	netIDs, err := db.validateCollaboration(ctx, t, c)
	if err != nil {
		return err
	}
	// A new record has no decisions yet: it cannot be beslutad if its
	// path requires any.
	if err := samverkan.CheckDecided(c, nil, db.Catalog()); err != nil {
		return err
	}
	now := db.timestamp()
	err = t.queryRow(ctx, insertCollaborationSQL, append(collaborationArgs(c), formatTime(now), formatTime(now))...).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert collaboration: %w", err)
	}
	c.Version, c.Created, c.Updated = 1, now, now
	if err := insertCollaborationChildren(ctx, t, c, netIDs); err != nil {
		return err
	}
	created := []samverkan.Event{{Kind: "skapad", Date: db.today(), To: c.Status}}
	if err := db.insertEvents(ctx, t, c.ID, created); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionCreate, EntityCollaboration, strconv.FormatInt(c.ID, 10), nil, c)
}

// collaborationColumnNames are the columns of collaborationArgs, in order;
// CreateCollaboration and CreateCollaborations (bulk.go) insert them.
var collaborationColumnNames = []string{"title", "title_key", "description", "search_text", "legal_form", "status",
	"triage", "host", "start_on", "end_on", "public_authority", "public_authority_basis", "external_delegation", "special_acts",
	"procurement_basis", "annual_cost", "cost_key", "cost_key_note", "representation_key", "public", "example",
	"triage_reason", "proposer", "priority", "of_principle"}

var insertCollaborationSQL = `INSERT INTO collaborations (` + strings.Join(collaborationColumnNames, ", ") +
	`, version, created, updated) VALUES (` + placeholders(len(collaborationColumnNames)) + `, 1, ?, ?) RETURNING id`

// collaborationArgs are the scalar columns from title to of_principle, in
// the order INSERT and UPDATE name them.
func collaborationArgs(c *samverkan.Collaboration) []any {
	return appendCollaborationArgs(make([]any, 0, len(collaborationColumnNames)+3), c)
}

// appendCollaborationArgs appends collaborationArgs(c) to dst.
func appendCollaborationArgs(dst []any, c *samverkan.Collaboration) []any {
	return append(dst, c.Title, sortKey(c.Title), c.Description, searchText(c), c.LegalForm, c.Status,
		c.Triage, nullString(c.Host), c.Start, c.End, c.PublicAuthority, c.PublicAuthorityBasis, c.ExternalDelegation,
		c.SpecialActs, c.ProcurementBasis, nullInt64(c.AnnualCost), c.CostKey, c.CostKeyNote, c.RepresentationKey,
		c.Public, c.Example, c.TriageReason, c.Proposer, c.Priority, c.OfPrinciple)
}

// validateCollaboration runs the domain rules and the checks that need the
// database: network slugs and relation targets must exist. It returns the
// networks' ids in c.Networks order.
func (db *DB) validateCollaboration(ctx context.Context, t *tx, c *samverkan.Collaboration) ([]int64, error) {
	err := c.Validate(db.Catalog())
	fields := samverkan.FieldErrors(err)
	if err != nil && len(fields) == 0 {
		return nil, err
	}
	var v samverkan.Validation
	for _, f := range fields {
		v.Add(f.Field, f.Code, f.Params...)
	}
	netIDs := make([]int64, len(c.Networks))
	if len(c.Networks) > 0 {
		ids := map[string]int64{}
		err := eachRow(ctx, t, `SELECT id, slug FROM networks WHERE slug IN (`+placeholders(len(c.Networks))+`)`,
			stringArgs(c.Networks), func(s scanner) error {
				var id int64
				var slug string
				err := s.Scan(&id, &slug)
				ids[slug] = id
				return err
			})
		if err != nil {
			return nil, err
		}
		for i, slug := range c.Networks {
			if netIDs[i] = ids[slug]; netIDs[i] == 0 {
				v.Add(fmt.Sprintf("networks[%d]", i), "unknown_network", slug)
			}
		}
	}
	if err := checkRelations(ctx, t, c, &v); err != nil {
		return nil, err
	}
	return netIDs, v.Err()
}

func checkRelations(ctx context.Context, t *tx, c *samverkan.Collaboration, v *samverkan.Validation) error {
	if len(c.Relations) == 0 {
		return nil
	}
	ids := make([]int64, len(c.Relations))
	for i, r := range c.Relations {
		ids[i] = r.ID
	}
	exists := map[int64]bool{}
	err := eachRow(ctx, t, `SELECT id FROM collaborations WHERE id IN (`+placeholders(len(ids))+`)`,
		int64Args(ids), func(s scanner) error {
			var id int64
			err := s.Scan(&id)
			exists[id] = true
			return err
		})
	if err != nil {
		return err
	}
	for i, r := range c.Relations {
		if !exists[r.ID] {
			v.Add(fmt.Sprintf("relations[%d].id", i), "unknown_collaboration", r.ID)
		}
	}
	return nil
}

// UpdateCollaboration writes c if c.Version is still current, bumps the
// version, replaces the child rows and records the derived events.
func (db *DB) UpdateCollaboration(ctx context.Context, c *samverkan.Collaboration) (err error) {
	defer wrap(&err, "sqldb.UpdateCollaboration")
	c.Normalize()
	return db.write(ctx, func(t *tx) error { return db.updateCollaboration(ctx, t, c) })
}

func (db *DB) updateCollaboration(ctx context.Context, t *tx, c *samverkan.Collaboration) error {
	netIDs, err := db.validateCollaboration(ctx, t, c)
	if err != nil {
		return err
	}
	old, err := collaborationByID(ctx, t, c.ID)
	if err != nil {
		return err
	}
	if old.Version != c.Version {
		return staleError("samverkan", old.Version, c.Version)
	}
	if err := db.checkStatusChange(ctx, t, old, c); err != nil {
		return err
	}
	if err := db.checkDecided(ctx, t, c); err != nil {
		return err
	}
	if err := db.checkLeaving(ctx, t, old, c); err != nil {
		return err
	}
	now := db.timestamp()
	args := append(collaborationArgs(c), formatTime(now), c.ID, c.Version)
	res, err := t.exec(ctx, `UPDATE collaborations SET title = ?, title_key = ?, description = ?, search_text = ?,
			legal_form = ?, status = ?, triage = ?, host = ?, start_on = ?, end_on = ?, public_authority = ?,
			public_authority_basis = ?, external_delegation = ?, special_acts = ?, procurement_basis = ?,
			annual_cost = ?, cost_key = ?, cost_key_note = ?, representation_key = ?, public = ?, example = ?,
			triage_reason = ?, proposer = ?, priority = ?, of_principle = ?, version = version + 1, updated = ?
		WHERE id = ? AND version = ?`, args...)
	if err := checkUpdated(ctx, t, res, err, "collaborations", c.ID, "samverkan"); err != nil {
		return err
	}
	c.Version, c.Created, c.Updated = old.Version+1, old.Created, now
	if err := deleteCollaborationChildren(ctx, t, c.ID); err != nil {
		return err
	}
	if err := insertCollaborationChildren(ctx, t, c, netIDs); err != nil {
		return err
	}
	if err := db.insertEvents(ctx, t, c.ID, deriveEvents(old, c, db.today())); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionUpdate, EntityCollaboration, strconv.FormatInt(c.ID, 10), old, c)
}

// DeleteCollaboration deletes the collaboration if version is still
// current, with its decisions, assessment and risks (each audited). Its events
// and audit rows stay.
func (db *DB) DeleteCollaboration(ctx context.Context, id int64, version int) (err error) {
	defer wrap(&err, "sqldb.DeleteCollaboration")
	return db.write(ctx, func(t *tx) error { return db.deleteCollaboration(ctx, t, id, version) })
}

func (db *DB) deleteCollaboration(ctx context.Context, t *tx, id int64, version int) error {
	old, err := collaborationByID(ctx, t, id)
	if err != nil {
		return err
	}
	if old.Version != version {
		return staleError("samverkan", old.Version, version)
	}
	if err := db.deletePipeline(ctx, t, id); err != nil {
		return err
	}
	if err := db.deleteCollaborationRisks(ctx, t, id); err != nil {
		return err
	}
	res, err := t.exec(ctx, `DELETE FROM collaborations WHERE id = ? AND version = ?`, id, version)
	if err := checkUpdated(ctx, t, res, err, "collaborations", id, "samverkan"); err != nil {
		return err
	}
	deleted := []samverkan.Event{{Kind: "borttagen", Date: db.today(), From: old.Status}}
	if err := db.insertEvents(ctx, t, id, deleted); err != nil {
		return err
	}
	return db.recordWrite(ctx, t, ActionDelete, EntityCollaboration, strconv.FormatInt(id, 10), old, nil)
}

// childTables are the tables replaced wholesale on update, with the
// column that points at the collaboration.
var childTables = [][2]string{
	{"collaboration_areas", "collaboration_id"},
	{"collaboration_area_reviews", "collaboration_id"},
	{"collaboration_networks", "collaboration_id"},
	{"collaboration_purposes", "collaboration_id"},
	{"participants", "collaboration_id"},
	{"documents", "collaboration_id"},
	{"contacts", "collaboration_id"},
	{"sources", "collaboration_id"},
	{"relations", "from_id"},
	{"collaboration_outlines", "collaboration_id"},
	{"network_outlines", "collaboration_id"},
}

func deleteCollaborationChildren(ctx context.Context, t *tx, id int64) error {
	for _, tc := range childTables {
		if _, err := t.exec(ctx, `DELETE FROM `+tc[0]+` WHERE `+tc[1]+` = ?`, id); err != nil {
			return fmt.Errorf("clear %s: %w", tc[0], err)
		}
	}
	return nil
}

func insertCollaborationChildren(ctx context.Context, t *tx, c *samverkan.Collaboration, netIDs []int64) error {
	ch := newChildRows()
	if err := ch.add(ctx, t, c, netIDs); err != nil {
		return err
	}
	return ch.insert(ctx, t)
}

// childRows gathers the list fields of one or many collaborations, to be
// written with one multi-row statement per table.
type childRows []childTable

type childTable struct {
	table string
	cols  []string
	rows  [][]any
}

// The child tables, in childRows order.
const (
	childAreas = iota
	childReviews
	childNetworks
	childPurposes
	childParticipants
	childDocuments
	childContacts
	childSources
	childRelations
	childOutlines        // the kept outline rows (collaboration_outlines.go)
	childNetworkOutlines // likewise
)

func newChildRows() childRows {
	return childRows{
		{"collaboration_areas", []string{"collaboration_id", "pos", "area_code"}, nil},
		{"collaboration_area_reviews", []string{"collaboration_id", "pos", "text", "text_key"}, nil},
		{"collaboration_networks", []string{"collaboration_id", "pos", "network_id"}, nil},
		{"collaboration_purposes", []string{"collaboration_id", "pos", "purpose"}, nil},
		{"participants", []string{"collaboration_id", "pos", "municipality_code", "party_id", "role", "joined_on", "left_on"}, nil},
		{"documents", []string{"collaboration_id", "pos", "type", "title", "adopted_by", "adopted_in", "adopted_on",
			"paragraph", "valid_from", "valid_to", "notice_months", "renewal", "url"}, nil},
		{"contacts", []string{"collaboration_id", "pos", "function", "name", "email", "phone"}, nil},
		{"sources", []string{"collaboration_id", "pos", "field", "text", "url"}, nil},
		{"relations", []string{"from_id", "pos", "kind", "to_id"}, nil},
		{"collaboration_outlines", outlineColumns, nil},
		{"network_outlines", networkOutlineColumns, nil},
	}
}

// add gathers c's rows; external parties are upserted here, for their ids.
func (ch childRows) add(ctx context.Context, t *tx, c *samverkan.Collaboration, netIDs []int64) error {
	parties := map[string]partyWritten{}
	if err := upsertParties(ctx, t, c, parties); err != nil {
		return err
	}
	ch.addRows(c, c.ID, netIDs, parties)
	return nil
}

// addRows gathers c's rows, with cid as its id (c.ID as an argument, one
// for all of c's rows) and the ids of its external parties from parties,
// which upsertParties has filled. It reads no database.
func (ch childRows) addRows(c *samverkan.Collaboration, cid any, netIDs []int64, parties map[string]partyWritten) {
	ch[childParticipants].rows = append(ch[childParticipants].rows, participantRows(c, cid, parties)...)
	for i, a := range c.Areas {
		ch[childAreas].rows = append(ch[childAreas].rows, []any{cid, i, a})
	}
	for i, a := range c.AreasToReview {
		ch[childReviews].rows = append(ch[childReviews].rows, []any{cid, i, a, samverkan.MatchKey(a)})
	}
	for i, netID := range netIDs {
		ch[childNetworks].rows = append(ch[childNetworks].rows, []any{cid, i, netID})
	}
	for i, p := range c.Purposes {
		ch[childPurposes].rows = append(ch[childPurposes].rows, []any{cid, i, p})
	}
	for i, d := range c.Documents {
		ch[childDocuments].rows = append(ch[childDocuments].rows, []any{cid, i, d.Type, d.Title, d.AdoptedBy, nullString(d.AdoptedIn),
			d.Adopted, d.Paragraph, d.ValidFrom, d.ValidTo, nullInt(d.NoticeMonths), d.Renewal, d.URL})
	}
	for i, ct := range c.Contacts {
		ch[childContacts].rows = append(ch[childContacts].rows, []any{cid, i, ct.Function, ct.Name, ct.Email, ct.Phone})
	}
	for i, s := range c.Sources {
		ch[childSources].rows = append(ch[childSources].rows, []any{cid, i, s.Field, s.Text, s.URL})
	}
	for i, r := range c.Relations {
		ch[childRelations].rows = append(ch[childRelations].rows, []any{cid, i, r.Kind, r.ID})
	}
	ch.addOutlines(c, cid, netIDs, nil)
}

// allRows returns the rows of every child table.
func (ch childRows) allRows() [][][]any {
	out := make([][][]any, len(ch))
	for i, c := range ch {
		out[i] = c.rows
	}
	return out
}

func (ch childRows) insert(ctx context.Context, t *tx) error {
	for _, c := range ch {
		if err := insertRowsShared(ctx, t, c.table, c.cols, c.rows, nil, nil); err != nil {
			return fmt.Errorf("insert %s: %w", c.table, err)
		}
	}
	return nil
}

// upsertParties upserts c's external parties by name and puts their ids
// in parties. A party's kind is updated when the writer says more than
// "annan". parties remembers the upserts of one write, or of a whole bulk
// write (name → id and the kind written), so that a party named on
// thousands of rows is upserted again only when that could change it: a
// kind other than "annan" and other than the one last written. A party's
// id never changes, so the ids in parties hold for every record of the
// write, whichever upsert wrote them.
func upsertParties(ctx context.Context, t *tx, c *samverkan.Collaboration, parties map[string]partyWritten) error {
	for _, p := range c.Participants {
		if p.Code != "" {
			continue
		}
		if w, ok := parties[p.Party]; ok && (p.PartyKind == "annan" || p.PartyKind == w.kind) {
			continue
		}
		var id int64
		err := t.queryRow(ctx, `INSERT INTO parties (name, kind) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = CASE WHEN excluded.kind <> 'annan' THEN excluded.kind ELSE parties.kind END
		RETURNING id`, p.Party, p.PartyKind).Scan(&id)
		if err != nil {
			return fmt.Errorf("upsert party %q: %w", p.Party, err)
		}
		parties[p.Party] = partyWritten{id: id, kind: p.PartyKind}
	}
	return nil
}

// participantRows returns c's participant rows, the external parties'
// ids from parties (upsertParties).
func participantRows(c *samverkan.Collaboration, cid any, parties map[string]partyWritten) [][]any {
	rows := make([][]any, 0, len(c.Participants))
	// One backing array for all of c's rows: a bulk load makes tens of
	// thousands of them.
	const width = 7
	flat := make([]any, 0, width*len(c.Participants))
	for i, p := range c.Participants {
		var partyID any
		if p.Code == "" {
			partyID = parties[p.Party].id
		}
		at := len(flat)
		flat = append(flat, cid, i, nullString(p.Code), partyID, p.Role, p.Joined, p.Left)
		rows = append(rows, flat[at:at+width:at+width])
	}
	return rows
}

// partyWritten is a party upserted earlier in the same bulk write.
type partyWritten struct {
	id   any // int64, as an argument
	kind string
}
