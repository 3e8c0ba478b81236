package samverkan

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Representation and data protection of a collaboration (issue 13, "the
// model"): who sits in the joint body for each member and who elects them,
// who is personuppgiftsansvarig, under which GDPR arrangement, and who
// takes the records at the end. These are organisational facts, not
// personal data: no names of people are kept here.

// MaxSeats bounds the seats or substitutes of one member: no joint body
// comes near 99, and the bound keeps a typo (990) out.
const MaxSeats = 99

// Electors are the bodies that elect a member's ledamöter and ersättare:
// the member's fullmäktige (gemensam nämnd, förbundsdirektion, KL 9 kap.),
// the förbund's own fullmäktige, the bolagsstämma (a company's board), a
// region's fullmäktige, or a state agency that appoints its own (Finsam).
// The codes are those of Bodies, so a seat and a decision speak alike.
var Electors = func() Vocabulary {
	var out Vocabulary
	for _, code := range []string{"kf", "regionfullmaktige", "ks", "namnd", "forbundsfullmaktige", "bolagsstamma", "myndighet"} {
		t, _ := Bodies.Find(code)
		out = append(out, t)
	}
	return out
}()

// Seat is one member's representation: how many ledamöter and ersättare
// it has in the collaboration's body, and who elects them. A member
// without a Seat has representation not stated, never zero seats.
type Seat struct {
	// Member is the participant's key: "k:" and a municipality code, or
	// "p:" and a party's name (Participant.Key).
	Member string `json:"member"`
	Name   string `json:"name,omitempty"` // display name, filled on read
	// Seats and Substitutes are nil when not stated (never a made-up 0).
	Seats       *int   `json:"seats"`
	Substitutes *int   `json:"substitutes"`
	ElectedBy   string `json:"elected_by"` // see Electors; empty when not stated
}

// Personuppgiftsansvar: who is controller of the personal data the
// collaboration handles (GDPR art. 4.7).
const (
	ControllerParticipant = "deltagare"    // a named participant, e.g. the host
	ControllerOwnBody     = "eget_organ"   // the joint body itself (a förbund)
	ControllerJoint       = "gemensamt_pa" // joint controllers (art. 26)
)

// Controllers labels who is controller; empty is "ej angivet".
var Controllers = Vocabulary{
	{ControllerParticipant, "En av deltagarna", "One of the participants"},
	{ControllerOwnBody, "Samverkans eget organ", "The collaboration's own body"},
	{ControllerJoint, "Gemensamt personuppgiftsansvariga", "Joint controllers"},
}

// GDPR arrangements between the parties.
const (
	ArrangementProcessor = "pub_avtal"       // personuppgiftsbiträdesavtal, art. 28
	ArrangementJoint     = "gemensamt_avtal" // arrangement for joint controllership, art. 26
	ArrangementNone      = "ingen"           // no personal data handled across the parties
)

// Arrangements labels the arrangements; empty is "ej angivet".
var Arrangements = Vocabulary{
	{ArrangementProcessor, "Personuppgiftsbiträdesavtal (GDPR art. 28)", "Data processing agreement (GDPR art. 28)"},
	{ArrangementJoint, "Arrangemang för gemensamt personuppgiftsansvar (GDPR art. 26)", "Joint controllership arrangement (GDPR art. 26)"},
	{ArrangementNone, "Inget behövs: inga personuppgifter delas", "None needed: no personal data is shared"},
}

// DataProtection is who answers for the personal data and the records.
// Every field may be empty: not stated, shown as "ej angivet".
type DataProtection struct {
	Controller string `json:"controller"` // see Controllers
	// ControllerMember is the participant's key when Controller is
	// deltagare.
	ControllerMember string `json:"controller_member"`
	Arrangement      string `json:"arrangement"` // see Arrangements
	// ArchiveMember is the participant that takes the records when the
	// collaboration ends; ArchiveBody names another body instead (a
	// förbund's successor, a regional archive). At most one of them.
	ArchiveMember string `json:"archive_member"`
	ArchiveBody   string `json:"archive_body"`
}

// Representation is a collaboration's seats per member and its data
// protection, versioned on its own (version 0 while none is saved).
type Representation struct {
	CollaborationID int64          `json:"collaboration_id"`
	Seats           []Seat         `json:"seats"`
	DataProtection  DataProtection `json:"data_protection"`
	Version         int            `json:"version"`
}

// representationFieldMessages are the messages of this file's validation
// codes (FieldError.Message reads them).
var representationFieldMessages = map[string][2]string{
	"seats_out_of_range":       {"Antalet måste vara ett heltal från 0 till %d.", "The number must be a whole number from 0 to %d."},
	"seat_not_participant":     {"%q deltar inte i samverkan.", "%q does not take part in the collaboration."},
	"duplicate_representation": {"%s har redan en rad i representationen.", "%s already has a row in the representation."},
	"unknown_elector":          {"Okänt organ som väljer: %q.", "Unknown electing body: %q."},
	"unknown_controller":       {"Okänd personuppgiftsansvarig: %q.", "Unknown controller: %q."},
	"controller_member":        {"Välj vilken deltagare som är personuppgiftsansvarig.", "Choose which participant is the controller."},
	"controller_member_only":   {"En deltagare anges bara när en av deltagarna är personuppgiftsansvarig.", "A participant is given only when one of the participants is the controller."},
	"unknown_arrangement":      {"Okänt avtal om personuppgifter: %q.", "Unknown data protection arrangement: %q."},
	"archive_one":              {"Ange antingen en deltagare eller ett annat organ som tar över arkivet, inte båda.", "Give either a participant or another body to take over the records, not both."},
}

// participantName finds the participant with key in c.
func participantName(c *Collaboration, key string) (string, bool) {
	for _, p := range c.Participants {
		if p.Key() == key {
			if p.Name != "" {
				return p.Name, true
			}
			if p.Code != "" {
				return p.Code, true
			}
			return p.Party, true
		}
	}
	return "", false
}

// Normalize trims the free texts and fills the display names from c.
func (r *Representation) Normalize(c *Collaboration) {
	for i := range r.Seats {
		s := &r.Seats[i]
		s.Member, s.ElectedBy = strings.TrimSpace(s.Member), strings.TrimSpace(s.ElectedBy)
		s.Name, _ = participantName(c, s.Member)
	}
	d := &r.DataProtection
	for _, p := range []*string{&d.Controller, &d.ControllerMember, &d.Arrangement, &d.ArchiveMember, &d.ArchiveBody} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks r against its collaboration c: seats only for
// participants, one row per participant, 0–99 seats and substitutes,
// electors and the data protection codes from their vocabularies, and the
// participants named among c's participants.
func (r *Representation) Validate(c *Collaboration) error {
	var v Validation
	if r.Seats == nil {
		r.Seats = []Seat{}
	}
	if len(r.Seats) > MaxParticipants {
		v.Add("seats", "too_many", MaxParticipants)
		return v.Err()
	}
	seen := map[string]bool{}
	for i, s := range r.Seats {
		f := fmt.Sprintf("seats[%d]", i)
		name, ok := participantName(c, s.Member)
		switch {
		case !ok:
			v.Add(f+".member", "seat_not_participant", strings.TrimPrefix(strings.TrimPrefix(s.Member, "k:"), "p:"))
		case seen[s.Member]:
			v.Add(f+".member", "duplicate_representation", name)
		}
		seen[s.Member] = true
		if s.Seats != nil && (*s.Seats < 0 || *s.Seats > MaxSeats) {
			v.Add(f+".seats", "seats_out_of_range", MaxSeats)
		}
		if s.Substitutes != nil && (*s.Substitutes < 0 || *s.Substitutes > MaxSeats) {
			v.Add(f+".substitutes", "seats_out_of_range", MaxSeats)
		}
		if s.ElectedBy != "" && !Electors.Has(s.ElectedBy) {
			v.Add(f+".elected_by", "unknown_elector", s.ElectedBy)
		}
	}
	d := r.DataProtection
	if d.Controller != "" && !Controllers.Has(d.Controller) {
		v.Add("data_protection.controller", "unknown_controller", d.Controller)
	}
	switch {
	case d.Controller == ControllerParticipant && d.ControllerMember == "":
		v.Add("data_protection.controller_member", "controller_member")
	case d.Controller != ControllerParticipant && d.ControllerMember != "":
		v.Add("data_protection.controller_member", "controller_member_only")
	case d.ControllerMember != "":
		if _, ok := participantName(c, d.ControllerMember); !ok {
			v.Add("data_protection.controller_member", "seat_not_participant", d.ControllerMember)
		}
	}
	if d.Arrangement != "" && !Arrangements.Has(d.Arrangement) {
		v.Add("data_protection.arrangement", "unknown_arrangement", d.Arrangement)
	}
	if d.ArchiveMember != "" && d.ArchiveBody != "" {
		v.Add("data_protection.archive_body", "archive_one")
	}
	if d.ArchiveMember != "" {
		if _, ok := participantName(c, d.ArchiveMember); !ok {
			v.Add("data_protection.archive_member", "seat_not_participant", d.ArchiveMember)
		}
	}
	checkText(&v, "data_protection.archive_body", d.ArchiveBody, MaxTitle, false)
	return v.Err()
}

// SeatOf returns the seat row of the participant with key, if stated.
func (r *Representation) SeatOf(key string) (Seat, bool) {
	i := slices.IndexFunc(r.Seats, func(s Seat) bool { return s.Member == key })
	if i < 0 {
		return Seat{}, false
	}
	return r.Seats[i], true
}

// RepresentationStore keeps the representation of collaborations. Store
// embeds it.
type RepresentationStore interface {
	// Representation returns a collaboration's representation with the
	// members' names filled; empty with version 0 when none is saved
	// (ENOTFOUND when the collaboration does not exist).
	Representation(ctx context.Context, collaborationID int64) (Representation, error)
	// SaveRepresentation validates and writes it if the version is
	// current (0 while none is saved), audited.
	SaveRepresentation(ctx context.Context, r *Representation) error
}
