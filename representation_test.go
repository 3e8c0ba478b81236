package samverkan

import (
	"strings"
	"testing"
)

// TestRepresentationValidate: seats only for participants, once each,
// 0–99; electors and data protection codes from their vocabularies; a
// controller participant named exactly when a participant is controller;
// the records go to one participant or one other body, not both.
func TestRepresentationValidate(t *testing.T) {
	c := &Collaboration{Participants: []Participant{{Code: "2180", Name: "Göteborg", Role: RoleMember},
		{Party: "Region Västra Götaland", PartyKind: "region", Role: RoleMember}}}
	ok := Representation{Seats: []Seat{{Member: "k:2180", Seats: seatN(99), Substitutes: seatN(0), ElectedBy: "kf"},
		{Member: "p:Region Västra Götaland", Seats: seatN(1), ElectedBy: "regionfullmaktige"}},
		DataProtection: DataProtection{Controller: ControllerParticipant, ControllerMember: "k:2180",
			Arrangement: ArrangementProcessor, ArchiveMember: "k:2180"}}
	if err := ok.Validate(c); err != nil {
		t.Fatalf("valid representation refused: %v", err)
	}
	if err := (&Representation{}).Validate(c); err != nil {
		t.Errorf("nothing stated must be valid: %v", err)
	}
	for _, tc := range []struct {
		name, field, code string
		edit              func(r *Representation)
	}{
		{"negative seats", "seats[0].seats", "seats_out_of_range", func(r *Representation) { r.Seats[0].Seats = seatN(-1) }},
		{"100 substitutes", "seats[1].substitutes", "seats_out_of_range", func(r *Representation) { r.Seats[1].Substitutes = seatN(100) }},
		{"not a participant", "seats[1].member", "seat_not_participant", func(r *Representation) { r.Seats[1].Member = "k:1480" }},
		{"twice", "seats[1].member", "duplicate_representation", func(r *Representation) { r.Seats[1].Member = "k:2180" }},
		{"unknown elector", "seats[0].elected_by", "unknown_elector", func(r *Representation) { r.Seats[0].ElectedBy = "riksdagen" }},
		{"unknown controller", "data_protection.controller", "unknown_controller", func(r *Representation) {
			r.DataProtection.Controller, r.DataProtection.ControllerMember = "alla", ""
		}},
		{"participant controller unnamed", "data_protection.controller_member", "controller_member", func(r *Representation) { r.DataProtection.ControllerMember = "" }},
		{"joint with a member named", "data_protection.controller_member", "controller_member_only", func(r *Representation) { r.DataProtection.Controller = ControllerJoint }},
		{"controller not a participant", "data_protection.controller_member", "seat_not_participant", func(r *Representation) { r.DataProtection.ControllerMember = "p:Bolaget" }},
		{"unknown arrangement", "data_protection.arrangement", "unknown_arrangement", func(r *Representation) { r.DataProtection.Arrangement = "art99" }},
		{"archive twice", "data_protection.archive_body", "archive_one", func(r *Representation) { r.DataProtection.ArchiveBody = "Regionarkivet" }},
		{"archive not a participant", "data_protection.archive_member", "seat_not_participant", func(r *Representation) { r.DataProtection.ArchiveMember = "k:0180" }},
	} {
		r := ok
		r.Seats = append([]Seat{}, ok.Seats...)
		tc.edit(&r)
		err := r.Validate(c)
		found := false
		for _, fe := range FieldErrors(err) {
			if fe.Field == tc.field && fe.Code == tc.code {
				found = true
				if m := fe.Message("sv"); m == fe.Code || strings.Contains(m, "%!") {
					t.Errorf("%s: no Swedish message: %q", tc.name, m)
				}
			}
		}
		if !found {
			t.Errorf("%s: want %s on %s, got %v", tc.name, tc.code, tc.field, err)
		}
	}
	if !Electors.Has("kf") || !Electors.Has("bolagsstamma") || Electors.Label("forbundsfullmaktige", "sv") != "Förbundsfullmäktige" {
		t.Errorf("electors must reuse the bodies: %v", Electors)
	}
}

func seatN(n int) *int { return &n }
