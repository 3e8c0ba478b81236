package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// The representation of a collaboration (issue 13): seats and substitutes
// per member and who elects them, and its data protection (controller,
// GDPR arrangement, who takes the records at the end).

// representationRecord is the record of GET and PUT …/representation.
func (s *Server) representationRecord(id int64) record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			rep, err := s.store.Representation(ctx, id)
			return rep, rep.Version, err
		},
		path: "/api/v1/collaborations/" + strconv.FormatInt(id, 10) + "/representation",
	}
}

func (s *Server) handleRepresentationGet(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.get(w, r, s.representationRecord(id))
}

// handleRepresentationPut replaces the representation whole: version 0
// while none is saved, then the version read (If-Match or body).
func (s *Server) handleRepresentationPut(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var rep samverkan.Representation
	s.savedWrite(w, r, s.representationRecord(id), &rep, &rep.Version, false, http.StatusOK, func() error {
		return ownedBy(&rep.CollaborationID, id)
	}, func(ctx context.Context) error {
		return s.store.SaveRepresentation(ctx, &rep)
	})
}

// representationSpec documents this file's routes (newSpec calls it).
func representationSpec(sp *spec) {
	sp.note("Seat.member", map[string]any{"description": "The participant: \"k:\" and a municipality code, or \"p:\" and a party's name as among the participants."})
	sp.note("Seat.name", map[string]any{"readOnly": true, "description": "The participant's name, filled on read."})
	sp.note("Seat.seats", map[string]any{"minimum": 0, "maximum": samverkan.MaxSeats, "description": "Ledamöter of the member in the collaboration's body. Null, or a member without a row, is not stated (never 0)."})
	sp.note("Seat.substitutes", map[string]any{"minimum": 0, "maximum": samverkan.MaxSeats, "description": "Ersättare of the member; null when not stated."})
	sp.note("Seat.elected_by", sp.vocabOrEmpty("Elector", samverkan.Electors))
	sp.note("DataProtection.controller", sp.vocabOrEmpty("Controller", samverkan.Controllers))
	sp.note("DataProtection.controller_member", map[string]any{"description": "The participant that is controller when controller is deltagare; else empty."})
	sp.note("DataProtection.arrangement", sp.vocabOrEmpty("DataProtectionArrangement", samverkan.Arrangements))
	sp.note("DataProtection.archive_member", map[string]any{"description": "The participant that takes the records when the collaboration ends."})
	sp.note("DataProtection.archive_body", map[string]any{"description": "Another body that takes the records (instead of a participant)."})
	sp.note("Representation.version", map[string]any{"description": "0 while none is saved; then the version read (or If-Match)."})
	for pattern, d := range map[string]opDoc{
		"GET /api/v1/collaborations/{id}/representation": {summary: "Seats per member, who elects them, and data protection",
			description: "Empty strings are \"not stated\"; a member without a seat row has its seats not stated.",
			status:      200, result: obj[samverkan.Representation](), errors: readErrors},
		"PUT /api/v1/collaborations/{id}/representation": {summary: "Replace the representation and data protection",
			description: "Version 0 while none is saved, then the version read (If-Match or body). Seats only for participants, 0–99.",
			body:        obj[samverkan.Representation](), status: 200, result: obj[samverkan.Representation](),
			errors: []int{400, 404, 412, 413, 415, 422, 428, 500}},
	} {
		sp.op(pattern, d)
	}
}
