package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan"
)

// A network's meetings under /networks/{slug}/meetings (?year= for one
// year's).

func (s *Server) meetings() itemAPI[samverkan.Meeting] {
	st := func() (samverkan.MeetingStore, error) { return storeAs[samverkan.MeetingStore](s) }
	return itemAPI[samverkan.Meeting]{
		s: s, entity: samverkan.AuditEntityMeeting, notFound: "Mötet finns inte.", idParam: "meeting_id",
		base:  networkBase("meetings"),
		owner: s.networkOwner,
		list: func(ctx context.Context, r *http.Request) ([]samverkan.Meeting, error) {
			year, err := yearParam(r)
			if err != nil {
				return nil, err
			}
			ms, err := st()
			if err != nil {
				return nil, err
			}
			return ms.MeetingsByNetwork(ctx, r.PathValue("slug"), year)
		},
		byID: func(ctx context.Context, id int64) (*samverkan.Meeting, error) {
			ms, err := st()
			if err != nil {
				return nil, err
			}
			return ms.MeetingByID(ctx, id)
		},
		belongs: func(r *http.Request, v *samverkan.Meeting) bool { return v.Network == r.PathValue("slug") },
		claim:   func(r *http.Request, v *samverkan.Meeting) error { return claimNetwork(r, &v.Network) },
		id:      func(v *samverkan.Meeting) int64 { return v.ID },
		setID:   func(v *samverkan.Meeting, id int64) { v.ID = id },
		version: func(v *samverkan.Meeting) *int { return &v.Version },
		create: func(ctx context.Context, v *samverkan.Meeting) error {
			ms, err := st()
			if err != nil {
				return err
			}
			return ms.CreateMeeting(ctx, v)
		},
		update: func(ctx context.Context, v *samverkan.Meeting) error {
			ms, err := st()
			if err != nil {
				return err
			}
			return ms.UpdateMeeting(ctx, v)
		},
		remove: func(ctx context.Context, id int64, version int) error {
			ms, err := st()
			if err != nil {
				return err
			}
			return ms.DeleteMeeting(ctx, id, version)
		},
		restore: func(ctx context.Context, id, auditID int64, version int) error {
			ms, err := st()
			if err != nil {
				return err
			}
			_, err = ms.RestoreMeeting(ctx, id, auditID, version)
			return err
		},
	}
}

// yearParam reads ?year=, 0 when absent.
func yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, badParam("year", "invalid_integer", v)
	}
	if n < 1900 || n > 2200 { // as the report's year (pipeline.go)
		return 0, badParam("year", "out_of_range", 1900, 2200)
	}
	return n, nil
}

// meetingSpec documents the meetings' routes (newSpec calls it).
func meetingSpec(sp *spec) {
	netRecordSpec[samverkan.Meeting](sp, "/api/v1/networks/{slug}/meetings", "/api/v1/networks/{slug}/meetings/{meeting_id}",
		"meeting", "meetings, newest first (with year=, those starting that year)", "network")
	for key, n := range map[string]map[string]any{
		"Meeting.id":                          {"readOnly": true},
		"Meeting.network":                     {"description": "The network's slug; set from the URL."},
		"Meeting.kind":                        sp.vocab("MeetingKind", samverkan.MeetingKinds),
		"Meeting.work_group_id":               {"description": "The work group that met (one of the network's); null for the network's own meetings."},
		"Meeting.work_group_name":             {"readOnly": true, "description": "The work group's name, filled on read; empty when the group has been deleted."},
		"Meeting.start":                       {"description": "The first day. Required."},
		"Meeting.end":                         {"description": "The last day of a meeting over several days; null for one day."},
		"Meeting.host":                        {"description": "Code of the host municipality, a member of the network; empty when not stated."},
		"Meeting.attendance":                  {"description": "Who came, in words; no names."},
		"Meeting.version":                     {"description": "The version read; send it back on PUT (or use If-Match)."},
		"Meeting.decisions":                   {"maxItems": samverkan.MaxSteeringRows},
		"MeetingDecision.collaboration_id":    {"description": "The collaboration of the network the decision concerns; null when it concerns none."},
		"MeetingDecision.collaboration_title": {"readOnly": true, "description": "Filled on read; empty when the collaboration has been deleted."},
	} {
		sp.note(key, n)
	}
}
