package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan"
)

// A network's work groups under /networks/{slug}/work-groups.

func (s *Server) workGroups() itemAPI[samverkan.WorkGroup] {
	st := func() (samverkan.WorkGroupStore, error) { return storeAs[samverkan.WorkGroupStore](s) }
	return itemAPI[samverkan.WorkGroup]{
		s: s, entity: samverkan.AuditEntityWorkGroup, notFound: "Arbetsgruppen finns inte.", idParam: "group_id",
		base:  networkBase("work-groups"),
		owner: s.networkOwner,
		list: func(ctx context.Context, r *http.Request) ([]samverkan.WorkGroup, error) {
			gs, err := st()
			if err != nil {
				return nil, err
			}
			return gs.WorkGroupsByNetwork(ctx, r.PathValue("slug"))
		},
		byID: func(ctx context.Context, id int64) (*samverkan.WorkGroup, error) {
			gs, err := st()
			if err != nil {
				return nil, err
			}
			return gs.WorkGroupByID(ctx, id)
		},
		belongs: func(r *http.Request, v *samverkan.WorkGroup) bool { return v.Network == r.PathValue("slug") },
		claim:   func(r *http.Request, v *samverkan.WorkGroup) error { return claimNetwork(r, &v.Network) },
		id:      func(v *samverkan.WorkGroup) int64 { return v.ID },
		setID:   func(v *samverkan.WorkGroup, id int64) { v.ID = id },
		version: func(v *samverkan.WorkGroup) *int { return &v.Version },
		create: func(ctx context.Context, v *samverkan.WorkGroup) error {
			gs, err := st()
			if err != nil {
				return err
			}
			return gs.CreateWorkGroup(ctx, v)
		},
		update: func(ctx context.Context, v *samverkan.WorkGroup) error {
			gs, err := st()
			if err != nil {
				return err
			}
			return gs.UpdateWorkGroup(ctx, v)
		},
		remove: func(ctx context.Context, id int64, version int) error {
			gs, err := st()
			if err != nil {
				return err
			}
			return gs.DeleteWorkGroup(ctx, id, version)
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			gs, err := st()
			if err != nil {
				return err
			}
			_, err = gs.RestoreWorkGroup(ctx, id, auditID, version)
			return err
		},
	}
}

// workGroupSpec documents the work groups' routes (newSpec calls it).
func workGroupSpec(sp *spec) {
	netRecordSpec[samverkan.WorkGroup](sp, "/api/v1/networks/{slug}/work-groups", "/api/v1/networks/{slug}/work-groups/{group_id}",
		"work group", "work groups, by name", "network")
	for key, n := range map[string]map[string]any{
		"WorkGroup.id":                 {"readOnly": true},
		"WorkGroup.network":            {"description": "The network's slug; set from the URL."},
		"WorkGroup.area":               {"anyOf": []any{sp.area(), map[string]any{"const": ""}}, "description": "The collaboration area the group covers; empty when not stated."},
		"WorkGroup.members":            {"maxItems": samverkan.MaxSteeringRows},
		"WorkGroup.collaborations":     {"maxItems": samverkan.MaxSteeringRows, "description": "Collaborations and ideas of the network the group works on."},
		"WorkGroup.version":            {"description": "The version read; send it back on PUT (or use If-Match)."},
		"WorkGroupMember.municipality": {"description": "Code of a member municipality of the network."},
		"WorkGroupMember.function":     {"description": "The function that holds the seat (\"socialchef\"), never a person's name."},
		"CollabLink.title":             {"readOnly": true, "description": "Filled on read; empty when the collaboration has been deleted."},
		"CollabLink.status":            described(sp.vocabOrEmpty("CollaborationStatus", samverkan.StatusTerms()), "Filled on read; empty when the collaboration has been deleted."),
	} {
		sp.note(key, n)
	}
}
