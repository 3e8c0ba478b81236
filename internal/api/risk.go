package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan"
)

// The risk register: a network's own risks and obstacles under
// /networks/{slug}/risks (its list also holds those of its
// collaborations), and a collaboration's under /collaborations/{id}/risks.

func riskAPI(s *Server) itemAPI[samverkan.RiskEntry] {
	return itemAPI[samverkan.RiskEntry]{
		s: s, entity: samverkan.AuditEntityRisk, notFound: "Risken finns inte.", idParam: "risk_id",
		byID: func(ctx context.Context, id int64) (*samverkan.RiskEntry, error) {
			st, err := storeAs[samverkan.RiskStore](s)
			if err != nil {
				return nil, err
			}
			return st.RiskByID(ctx, id)
		},
		id:      func(v *samverkan.RiskEntry) int64 { return v.ID },
		setID:   func(v *samverkan.RiskEntry, id int64) { v.ID = id },
		version: func(v *samverkan.RiskEntry) *int { return &v.Version },
		create: func(ctx context.Context, v *samverkan.RiskEntry) error {
			st, err := storeAs[samverkan.RiskStore](s)
			if err != nil {
				return err
			}
			return st.CreateRisk(ctx, v)
		},
		update: func(ctx context.Context, v *samverkan.RiskEntry) error {
			st, err := storeAs[samverkan.RiskStore](s)
			if err != nil {
				return err
			}
			return st.UpdateRisk(ctx, v)
		},
		remove: func(ctx context.Context, id int64, version int) error {
			st, err := storeAs[samverkan.RiskStore](s)
			if err != nil {
				return err
			}
			return st.DeleteRisk(ctx, id, version)
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			st, err := storeAs[samverkan.RiskStore](s)
			if err != nil {
				return err
			}
			_, err = st.RestoreRisk(ctx, id, auditID, version)
			return err
		},
	}
}

// networkRisks are the network's own risks; its list holds its
// collaborations' too.
func (s *Server) networkRisks() itemAPI[samverkan.RiskEntry] {
	a := riskAPI(s)
	a.base = networkBase("risks")
	a.owner = s.networkOwner
	a.list = func(ctx context.Context, r *http.Request) ([]samverkan.RiskEntry, error) {
		st, err := storeAs[samverkan.RiskStore](s)
		if err != nil {
			return nil, err
		}
		return st.RisksByNetwork(ctx, r.PathValue("slug"))
	}
	a.belongs = func(r *http.Request, v *samverkan.RiskEntry) bool {
		return v.CollaborationID == nil && v.Network == r.PathValue("slug")
	}
	a.claim = func(r *http.Request, v *samverkan.RiskEntry) error {
		if v.CollaborationID != nil {
			return mismatch("collaboration_id", "id_mismatch") // a collaboration's risk is written under it
		}
		return claimNetwork(r, &v.Network)
	}
	return a
}

// collaborationRisks are one collaboration's risks.
func (s *Server) collaborationRisks() itemAPI[samverkan.RiskEntry] {
	a := riskAPI(s)
	a.base = func(r *http.Request) string { return "/api/v1/collaborations/" + r.PathValue("id") + "/risks" }
	a.owner = func(ctx context.Context, r *http.Request) error {
		_, err := s.collaboration(ctx, r.PathValue("id"))
		return err
	}
	a.list = func(ctx context.Context, r *http.Request) ([]samverkan.RiskEntry, error) {
		id, err := parseID(r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		st, err := storeAs[samverkan.RiskStore](s)
		if err != nil {
			return nil, err
		}
		return st.RisksByCollaboration(ctx, id)
	}
	a.belongs = func(r *http.Request, v *samverkan.RiskEntry) bool {
		id, err := parseID(r.PathValue("id"))
		return err == nil && v.CollaborationID != nil && *v.CollaborationID == id
	}
	a.claim = func(r *http.Request, v *samverkan.RiskEntry) error {
		id, err := parseID(r.PathValue("id"))
		if err != nil {
			return err
		}
		if v.Network != "" {
			return mismatch("network", "slug_mismatch")
		}
		if v.CollaborationID != nil && *v.CollaborationID != id {
			return mismatch("collaboration_id", "id_mismatch")
		}
		v.CollaborationID = &id
		return nil
	}
	return a
}

// riskSpec documents the risk register's routes (newSpec calls it).
func riskSpec(sp *spec) {
	netRecordSpec[samverkan.RiskEntry](sp, "/api/v1/networks/{slug}/risks", "/api/v1/networks/{slug}/risks/{risk_id}",
		"risk or obstacle", "risks and obstacles (with those of its collaborations, gravest first)", "network")
	netRecordSpec[samverkan.RiskEntry](sp, "/api/v1/collaborations/{id}/risks", "/api/v1/collaborations/{id}/risks/{risk_id}",
		"risk or obstacle", "risks and obstacles (gravest first)", "collaboration")
	for key, n := range map[string]map[string]any{
		"RiskEntry.id":                  {"readOnly": true},
		"RiskEntry.network":             {"description": "Slug of the network whose own risk this is; empty for a collaboration's. Set from the URL."},
		"RiskEntry.collaboration_id":    {"description": "The collaboration the risk belongs to; null for the network's own. Set from the URL."},
		"RiskEntry.collaboration_title": {"readOnly": true, "description": "The collaboration's title, filled on read."},
		"RiskEntry.kind":                sp.vocab("RiskKind", samverkan.RiskKinds),
		"RiskEntry.category":            sp.vocab("RiskCategory", samverkan.RiskCategories),
		"RiskEntry.likelihood":          {"minimum": 1, "maximum": samverkan.RiskScaleMax, "description": "1–5; null while not assessed (unknown is not the lowest grade)."},
		"RiskEntry.impact":              {"minimum": 1, "maximum": samverkan.RiskScaleMax, "description": "1–5; null while not assessed."},
		"RiskEntry.responsible":         {"description": "The function that owns the risk, never a person's name."},
		"RiskEntry.status":              sp.vocabOrEmpty("RiskStatus", samverkan.RiskStatuses),
		"RiskEntry.review":              {"description": "When the risk is next reviewed; past it and not closed, the risk is overdue."},
		"RiskEntry.version":             {"description": "The version read; send it back on PUT (or use If-Match)."},
	} {
		sp.note(key, n)
	}
}
