package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// historySpec documents the restore route (newSpec calls it).
func historySpec(sp *spec) {
	sp.op("POST /api/v1/collaborations/{id}/history/{audit_id}/restore", opDoc{
		summary: "Restore the collaboration as an audit event left it",
		description: "Writes back the record as it was after the audit event (an item of /history), through the same rules as PUT: " +
			"validation, and the lifecycle rules when the status changes (409 or 422 when they refuse). " +
			`Needs the current version in If-Match ("3") or ?version=; a stale version gets 412 and nothing is written. ` +
			`The restore is itself in the history, as action "restore" whose after JSON names the event in restored_from. ` +
			"404 when the event does not exist or belongs to another record; 409 when it holds no whole version (a deletion).",
		status: 200, result: obj[samverkan.Collaboration](),
		errors: []int{400, 404, 409, 412, 422, 428, 500},
	})
}

func (s *Server) handleCollaborationRestore(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	auditID, err := strconv.ParseInt(r.PathValue("audit_id"), 10, 64)
	if err != nil || auditID < 1 {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Ändringen finns inte."))
		return
	}
	v, err := deleteVersion(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	as, ok := s.store.(samverkan.AuditStore)
	if !ok {
		s.Error(w, r, samverkan.Errorf(samverkan.EINTERNAL, "store cannot restore"))
		return
	}
	s.commit(w, r, s.collaborationRecord(id), http.StatusOK, func(ctx context.Context) error {
		_, err := as.RestoreCollaboration(ctx, id, auditID, v)
		return err
	})
}
