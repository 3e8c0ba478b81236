package samverkan

import (
	"context"
	"fmt"
)

// The loaders below read the record an object rule applies to and describe
// it for Authorize. The API and the web UI share them so that both guard
// the same record the same way; each surface answers a refusal its own way.

// CollaborationResource describes the stored collaboration id.
func CollaborationResource(ctx context.Context, s Store, id int64) (Resource, error) {
	c, err := s.CollaborationByID(ctx, id)
	if err != nil {
		return Resource{}, fmt.Errorf("collaboration %d: %w", id, err)
	}
	return ResourceOf(c), nil
}

// DecisionResource describes the collaboration decision id belongs to: a
// decision has no reach of its own.
func DecisionResource(ctx context.Context, s Store, id int64) (Resource, error) {
	d, err := s.DecisionByID(ctx, id)
	if err != nil {
		return Resource{}, fmt.Errorf("decision %d: %w", id, err)
	}
	return CollaborationResource(ctx, s, d.CollaborationID)
}

// NetworkResource describes the stored network slug.
func NetworkResource(ctx context.Context, s Store, slug string) (Resource, error) {
	n, err := s.NetworkBySlug(ctx, slug)
	if err != nil {
		return Resource{}, fmt.Errorf("network %q: %w", slug, err)
	}
	return Resource{Networks: []string{n.Slug}}, nil
}

// RestoredResource describes the collaboration as audit event auditID left
// it, which a restore would bring back (RestoredCollaboration decides). ok
// is false when there is nothing to check: the store keeps no audit
// events, the event does not exist or holds no whole collaboration. The
// restore itself then refuses.
func RestoredResource(ctx context.Context, s Store, auditID int64) (res Resource, ok bool, err error) {
	as, ok := s.(AuditStore)
	if !ok {
		return Resource{}, false, nil
	}
	e, err := as.AuditEvent(ctx, auditID)
	if ErrorCode(err) == ENOTFOUND {
		return Resource{}, false, nil
	}
	if err != nil {
		return Resource{}, false, fmt.Errorf("audit event %d: %w", auditID, err)
	}
	old := RestoredCollaboration(*e)
	if old == nil {
		return Resource{}, false, nil
	}
	return ResourceOf(old), true, nil
}
