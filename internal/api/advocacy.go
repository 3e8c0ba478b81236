package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan"
)

// A network's advocacy issues (påverkansfrågor) under
// /networks/{slug}/advocacy.

func (s *Server) advocacy() itemAPI[samverkan.AdvocacyIssue] {
	st := func() (samverkan.AdvocacyStore, error) { return storeAs[samverkan.AdvocacyStore](s) }
	return itemAPI[samverkan.AdvocacyIssue]{
		s: s, entity: samverkan.AuditEntityAdvocacy, notFound: "Påverkansfrågan finns inte.", idParam: "issue_id",
		base:  networkBase("advocacy"),
		owner: s.networkOwner,
		list: func(ctx context.Context, r *http.Request) ([]samverkan.AdvocacyIssue, error) {
			as, err := st()
			if err != nil {
				return nil, err
			}
			return as.AdvocacyByNetwork(ctx, r.PathValue("slug"))
		},
		byID: func(ctx context.Context, id int64) (*samverkan.AdvocacyIssue, error) {
			as, err := st()
			if err != nil {
				return nil, err
			}
			return as.AdvocacyIssueByID(ctx, id)
		},
		belongs: func(r *http.Request, v *samverkan.AdvocacyIssue) bool { return v.Network == r.PathValue("slug") },
		claim:   func(r *http.Request, v *samverkan.AdvocacyIssue) error { return claimNetwork(r, &v.Network) },
		id:      func(v *samverkan.AdvocacyIssue) int64 { return v.ID },
		setID:   func(v *samverkan.AdvocacyIssue, id int64) { v.ID = id },
		version: func(v *samverkan.AdvocacyIssue) *int { return &v.Version },
		create: func(ctx context.Context, v *samverkan.AdvocacyIssue) error {
			as, err := st()
			if err != nil {
				return err
			}
			return as.CreateAdvocacyIssue(ctx, v)
		},
		update: func(ctx context.Context, v *samverkan.AdvocacyIssue) error {
			as, err := st()
			if err != nil {
				return err
			}
			return as.UpdateAdvocacyIssue(ctx, v)
		},
		remove: func(ctx context.Context, id int64, version int) error {
			as, err := st()
			if err != nil {
				return err
			}
			return as.DeleteAdvocacyIssue(ctx, id, version)
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			as, err := st()
			if err != nil {
				return err
			}
			_, err = as.RestoreAdvocacyIssue(ctx, id, auditID, version)
			return err
		},
	}
}

// advocacySpec documents the advocacy routes (newSpec calls it).
func advocacySpec(sp *spec) {
	netRecordSpec[samverkan.AdvocacyIssue](sp, "/api/v1/networks/{slug}/advocacy", "/api/v1/networks/{slug}/advocacy/{issue_id}",
		"advocacy issue", "advocacy issues, by title", "network")
	for key, n := range map[string]map[string]any{
		"AdvocacyIssue.id":         {"readOnly": true},
		"AdvocacyIssue.network":    {"description": "The network's slug; set from the URL."},
		"AdvocacyIssue.targets":    withMax(itemsOf(sp.vocab("AdvocacyTarget", samverkan.AdvocacyTargets)), len(samverkan.AdvocacyTargets)),
		"AdvocacyIssue.position":   {"description": "What the network wants; empty when not stated."},
		"AdvocacyIssue.status":     sp.vocabOrEmpty("AdvocacyStatus", samverkan.AdvocacyStatuses),
		"AdvocacyIssue.actions":    {"maxItems": samverkan.MaxSteeringRows},
		"AdvocacyIssue.documents":  {"maxItems": samverkan.MaxSteeringRows},
		"AdvocacyIssue.supporters": {"maxItems": samverkan.MaxParticipants, "description": "Codes of the member municipalities that stand behind the issue; [] when not stated.", "items": map[string]any{"type": "string", "pattern": "^[0-9]{4}$"}},
		"AdvocacyIssue.version":    {"description": "The version read; send it back on PUT (or use If-Match)."},
		"AdvocacyAction.date":      {"description": "When it was done. Required."},
	} {
		sp.note(key, n)
	}
}
