package samverkan

import (
	"encoding/json"
	"strconv"
)

// The records of a network's own life (risk.go, meeting.go, workgroup.go,
// advocacy.go) share how their history is kept: every write leaves an
// audit event naming one of these entities and the record's id, and a
// restore writes back the record an event holds.
const (
	AuditEntityRisk      = "risk"
	AuditEntityMeeting   = "meeting"
	AuditEntityWorkGroup = "work_group"
	AuditEntityAdvocacy  = "advocacy"
)

// RestoredRecord returns the record of type T as audit event e left it,
// or nil when e holds no whole record of entity with that id: another
// entity, a deletion, JSON that does not decode, or a record whose id is
// not the event's. The restore and the history pages decide with it.
func RestoredRecord[T any](e AuditEvent, entity string, id func(*T) int64) *T {
	if e.Entity != entity || e.After == "" || e.Action == AuditDelete {
		return nil
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal([]byte(e.After), &keys) != nil {
		return nil
	}
	for _, k := range []string{"id", "version"} {
		if _, ok := keys[k]; !ok {
			return nil
		}
	}
	var v T
	if json.Unmarshal([]byte(e.After), &v) != nil || strconv.FormatInt(id(&v), 10) != e.EntityID {
		return nil
	}
	return &v
}
