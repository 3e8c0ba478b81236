package samverkan

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The network's own steering: its declaration, its purposes, who hosts and
// chairs it each year and in which order the members take turns.

// PurposeTemplateSource says where the purpose template comes from.
const PurposeTemplateSource = "V6:s avsiktsförklaring från 2014 (Skara kommun, pressmeddelande 2020-04-29)"

// PurposeTemplate is a starting point a network may copy into its own
// declaration: V6's six purposes, each tied to the follow-up dimension it
// is closest to. A network edits the copy; the template itself stays.
var PurposeTemplate = []Purpose{
	{Text: "Förbereda kommunerna för framtida krav"},
	{Text: "Höja kvaliteten i verksamheterna", Dimension: "kvalitet"},
	{Text: "Minska sårbarheten", Dimension: "sarbarhet"},
	{Text: "Höja kompetensen", Dimension: "kompetensforsorjning"},
	{Text: "Effektivisera verksamheterna och minska kostnaderna", Dimension: "effektivitet_kostnad"},
	{Text: "Stärka områdets attraktivitet", Dimension: "attraktivitet"},
}

// PurposeTexts returns the texts of the network's declared purposes, in
// their order: what follow-ups and plans are assessed against.
func (n *Network) PurposeTexts() []string {
	out := make([]string, 0, len(n.Declaration.Purposes))
	for _, p := range n.Declaration.Purposes {
		out = append(out, p.Text)
	}
	return out
}

// HostOf returns the host and the chair of year: the municipality codes
// recorded for it ("" when none is recorded).
func (n *Network) HostOf(year int) (host, chair string) {
	for _, h := range n.Hosts {
		if h.Year != year {
			continue
		}
		switch h.Role {
		case "vard":
			host = h.Code
		case "ordforande":
			chair = h.Code
		case "vard_ordforande":
			host, chair = h.Code, h.Code
		}
	}
	return host, chair
}

// RotationYear is one year of the host and chair sequence.
type RotationYear struct {
	Year  int    `json:"year"`
	Host  string `json:"host"`
	Chair string `json:"chair"`
	// Planned is true for a year nobody has recorded yet, projected from
	// the rotation order.
	Planned bool `json:"planned"`
}

// Rotation is the sequence of hosts and chairs: every recorded year, then
// the years up to and including until projected from the rotation order.
// The projection starts after the last recorded year, with the member that
// follows its host (or chair) in the order, and moves one step a year; a
// recorded municipality that is not in the order starts the order from the
// top. With nothing recorded it starts in year from with the first in the
// order. Without an order nothing is projected.
func (n *Network) Rotation(from, until int) []RotationYear {
	years := map[int]*RotationYear{}
	for _, h := range n.Hosts {
		y := years[h.Year]
		if y == nil {
			y = &RotationYear{Year: h.Year}
			years[h.Year] = y
		}
		switch h.Role {
		case "vard":
			y.Host = h.Code
		case "ordforande":
			y.Chair = h.Code
		case "vard_ordforande":
			y.Host, y.Chair = h.Code, h.Code
		}
	}
	out := make([]RotationYear, 0, len(years))
	for _, y := range years {
		out = append(out, *y)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	if len(n.RotationOrder) == 0 {
		return out
	}
	next, year := 0, until
	if len(out) > 0 {
		last := out[len(out)-1]
		year = last.Year
		who := last.Host
		if who == "" {
			who = last.Chair
		}
		if i := slices.Index(n.RotationOrder, who); i >= 0 {
			next = (i + 1) % len(n.RotationOrder)
		}
	} else {
		year = from - 1
	}
	for y := year + 1; y <= until; y++ {
		code := n.RotationOrder[next]
		out = append(out, RotationYear{Year: y, Host: code, Chair: code, Planned: true})
		next = (next + 1) % len(n.RotationOrder)
	}
	return out
}

// validateSteering checks the declaration's body and link and the rotation
// order; Validate calls it.
func (n *Network) validateSteering(v *Validation) {
	checkText(v, "declaration.adopted_by", n.Declaration.AdoptedBy, MaxShortText, false)
	checkURL(v, "declaration.url", n.Declaration.URL)
	if checkList(v, "rotation_order", len(n.RotationOrder), MaxParticipants) {
		seen := map[string]bool{}
		for i, code := range n.RotationOrder {
			f := fmt.Sprintf("rotation_order[%d]", i)
			switch {
			case !slices.ContainsFunc(n.Members, func(m NetworkMember) bool { return m.Code == code }):
				v.Add(f, "not_member", code)
			case seen[code]:
				v.Add(f, "duplicate_member", code)
			}
			seen[code] = true
		}
	}
}

// normalizeSteering trims what validateSteering checks.
func (n *Network) normalizeSteering() {
	n.Declaration.AdoptedBy = strings.TrimSpace(n.Declaration.AdoptedBy)
	n.Declaration.URL = strings.TrimSpace(n.Declaration.URL)
	for i := range n.Declaration.Purposes {
		n.Declaration.Purposes[i].Text = strings.TrimSpace(n.Declaration.Purposes[i].Text)
	}
	for i := range n.Hosts {
		n.Hosts[i].Code = strings.TrimSpace(n.Hosts[i].Code)
	}
	n.RotationOrder = dedupe(n.RotationOrder)
	if n.RotationOrder == nil {
		n.RotationOrder = []string{}
	}
}

// networkRestoreKeys are the fields every whole network in an audit event
// has; a deletion's after JSON (the unlinked collaborations) lacks them.
var networkRestoreKeys = []string{"slug", "name", "members", "version"}

// RestoredNetwork returns the network as audit event e left it, which a
// restore would bring back, or nil when e holds no whole network: another
// entity, a deletion, JSON that does not decode, or a network whose slug is
// not the event's.
func RestoredNetwork(e AuditEvent) *Network {
	if e.Entity != AuditEntityNetwork || e.After == "" || e.Action == AuditDelete {
		return nil
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal([]byte(e.After), &keys) != nil {
		return nil
	}
	for _, k := range networkRestoreKeys {
		if _, ok := keys[k]; !ok {
			return nil
		}
	}
	var n Network
	if json.Unmarshal([]byte(e.After), &n) != nil || n.Slug != e.EntityID {
		return nil
	}
	return &n
}
