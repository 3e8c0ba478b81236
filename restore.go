package samverkan

import (
	"encoding/json"
	"strconv"
)

// What an audit event records: the entity it is about and what happened
// to it. The store writes them; restores and the history page read them.
const (
	AuditEntityCollaboration = "collaboration"
	AuditEntityNetwork       = "network"

	AuditCreate = "create"
	AuditUpdate = "update"
	AuditDelete = "delete"
	// AuditRestore marks an update that wrote back the record as an earlier
	// audit event left it; its after JSON carries "restored_from", the id
	// of that event.
	AuditRestore = "restore"
)

// restoreKeys are the fields every whole collaboration in an audit event
// has; dated history added in retrospect and other partial events lack
// them.
var restoreKeys = []string{"id", "title", "status", "legal_form", "version"}

// RestoredCollaboration returns the collaboration as audit event e left
// it, which a restore would bring back, or nil when e holds no whole
// collaboration to restore: another entity, a deletion, a partial event,
// JSON that does not decode, or a record whose id is not the event's.
// The restore itself, the rule that guards it and the history page all
// decide with it.
func RestoredCollaboration(e AuditEvent) *Collaboration {
	if e.Entity != AuditEntityCollaboration || e.After == "" || e.Action == AuditDelete {
		return nil
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal([]byte(e.After), &keys) != nil {
		return nil
	}
	for _, k := range restoreKeys {
		if _, ok := keys[k]; !ok {
			return nil
		}
	}
	var c Collaboration
	if json.Unmarshal([]byte(e.After), &c) != nil {
		return nil
	}
	if strconv.FormatInt(c.ID, 10) != e.EntityID {
		return nil
	}
	return &c
}

// RestoredFrom returns the audit event a restore wrote back, from the
// restore's after JSON; 0 when e is no restore.
func RestoredFrom(e AuditEvent) int64 {
	if e.Action != AuditRestore || e.After == "" {
		return 0
	}
	var r struct {
		RestoredFrom int64 `json:"restored_from"`
	}
	if json.Unmarshal([]byte(e.After), &r) != nil {
		return 0
	}
	return r.RestoredFrom
}
