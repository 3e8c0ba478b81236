package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan"
)

const assessmentColumns = `collaboration_id, legal_feasibility, legal_basis, legal_conditions, public_authority,
	external_delegation, special_acts, procurement_basis, organisation_json, organisation_summary,
	one_off_cost, annual_cost, annual_saving, years, discount_rate, effects_json, risks_json,
	recommended_form, recommendation, version, updated`

func assessmentOf(ctx context.Context, t *tx, collaborationID int64) (*samverkan.Assessment, error) {
	a := &samverkan.Assessment{}
	var org, effects, risks, updated string
	e := &a.Economics
	err := t.queryRow(ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE collaboration_id = ?`, collaborationID).Scan(
		&a.CollaborationID, &a.LegalFeasibility, &a.LegalBasis, &a.LegalConditions, &a.PublicAuthority,
		&a.ExternalDelegation, &a.SpecialActs, &a.ProcurementBasis, &org, &a.OrganisationSummary,
		&e.OneOffCost, &e.AnnualCost, &e.AnnualSaving, &e.Years, &e.DiscountRate, &effects, &risks,
		&a.RecommendedForm, &a.Recommendation, &a.Version, &updated)
	if err == sql.ErrNoRows {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Samverkan %d har ingen förstudie.", collaborationID)
	} else if err != nil {
		return nil, err
	}
	for _, j := range []struct {
		text string
		dst  any
	}{{org, &a.Organisation}, {effects, &a.Effects}, {risks, &a.Risks}} {
		if err := json.Unmarshal([]byte(j.text), j.dst); err != nil {
			return nil, fmt.Errorf("assessment %d: %w", collaborationID, err)
		}
	}
	if a.Updated, err = parseTime(updated); err != nil {
		return nil, err
	}
	return a, nil
}

// Assessment returns the pre-study of a collaboration; ENOTFOUND when
// it has none.
func (db *DB) Assessment(ctx context.Context, collaborationID int64) (_ *samverkan.Assessment, err error) {
	defer wrap(&err, "sqldb.Assessment")
	var a *samverkan.Assessment
	err = db.read(ctx, func(t *tx) error {
		a, err = assessmentOf(ctx, t, collaborationID)
		return err
	})
	return a, err
}

// SaveAssessment validates a against its collaboration and creates it
// (Version 0) or updates it (Version current); ESTALE otherwise. It sets
// Version and Updated and records a "forstudie" event.
func (db *DB) SaveAssessment(ctx context.Context, a *samverkan.Assessment) (err error) {
	defer wrap(&err, "sqldb.SaveAssessment")
	a.Normalize()
	return db.write(ctx, func(t *tx) error {
		c, err := collaborationByID(ctx, t, a.CollaborationID)
		if err != nil {
			return err
		}
		if err := a.Validate(c); err != nil {
			return err
		}
		old, err := assessmentOf(ctx, t, a.CollaborationID)
		if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
			old, err = nil, nil
		}
		if err != nil {
			return err
		}
		switch {
		case old == nil && a.Version != 0:
			return samverkan.Errorf(samverkan.ESTALE, "Förstudien finns inte längre. Ladda om och försök igen.")
		case old != nil && old.Version != a.Version:
			return staleError("förstudien", old.Version, a.Version)
		}
		org, _ := json.Marshal(a.Organisation)
		effects, _ := json.Marshal(a.Effects)
		risks, _ := json.Marshal(a.Risks)
		e := a.Economics
		now := formatTime(db.timestamp())
		vals := []any{a.LegalFeasibility, a.LegalBasis, a.LegalConditions, a.PublicAuthority, a.ExternalDelegation,
			a.SpecialActs, a.ProcurementBasis, string(org), a.OrganisationSummary, e.OneOffCost, e.AnnualCost,
			e.AnnualSaving, e.Years, e.DiscountRate, string(effects), string(risks), a.RecommendedForm, a.Recommendation}
		action := ActionCreate
		if old == nil {
			_, err = t.exec(ctx, `INSERT INTO assessments (legal_feasibility, legal_basis, legal_conditions, public_authority,
					external_delegation, special_acts, procurement_basis, organisation_json, organisation_summary,
					one_off_cost, annual_cost, annual_saving, years, discount_rate, effects_json, risks_json,
					recommended_form, recommendation, collaboration_id, version, created, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
				append(vals, a.CollaborationID, now, now)...)
			if err != nil {
				return err
			}
		} else {
			action = ActionUpdate
			res, err := t.exec(ctx, `UPDATE assessments SET legal_feasibility = ?, legal_basis = ?, legal_conditions = ?,
					public_authority = ?, external_delegation = ?, special_acts = ?, procurement_basis = ?,
					organisation_json = ?, organisation_summary = ?, one_off_cost = ?, annual_cost = ?, annual_saving = ?,
					years = ?, discount_rate = ?, effects_json = ?, risks_json = ?, recommended_form = ?,
					recommendation = ?, version = version + 1, updated = ?
				WHERE collaboration_id = ? AND version = ?`, append(vals, now, a.CollaborationID, a.Version)...)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return samverkan.Errorf(samverkan.ESTALE, "Någon annan har ändrat förstudien samtidigt. Ladda om och försök igen.")
			}
		}
		a.Version++
		if a.Updated, err = parseTime(now); err != nil {
			return err
		}
		ev := samverkan.Event{Kind: "forstudie", Date: db.today(), To: a.LegalFeasibility}
		if err := db.insertEvents(ctx, t, c.ID, []samverkan.Event{ev}); err != nil {
			return err
		}
		var before any
		if old != nil {
			before = old
		}
		return db.recordWrite(ctx, t, action, EntityAssessment, strconv.FormatInt(a.CollaborationID, 10), before, a)
	})
}
