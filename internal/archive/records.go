package archive

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// Selection says which records go into a package: a whole network (its
// record and every collaboration in it, public or not) or one
// collaboration of it.
type Selection struct {
	Network         string // slug; required for a whole network
	CollaborationID int64  // 0: the whole network
}

// CollectOptions say who delivers the package and when.
type CollectOptions struct {
	Producer        Organisation // the organisation that delivers; the network's name when empty
	Created         time.Time    // required: the caller controls every timestamp
	SoftwareVersion string
	Actors          ActorPolicy
	Catalog         *samverkan.Catalog // names the member municipalities as archival creators
}

// Collect reads the selected records from st and describes them as a
// package: the records as JSON and CSV, the decisions and the governing
// documents' metadata, the lifecycle events, and the full audit history as
// history.json and as PREMIS events (one per audit row, in the store's
// order, with the audit id as the event id "audit-N"). The same store
// state and options give the same package.
func Collect(ctx context.Context, st samverkan.Store, sel Selection, opt CollectOptions) (*Package, error) {
	var n *samverkan.Network
	if sel.Network != "" || sel.CollaborationID == 0 {
		var err error
		if n, err = st.NetworkBySlug(ctx, sel.Network); err != nil {
			return nil, fmt.Errorf("archive: network %q: %w", sel.Network, err)
		}
	}
	var collabs []*samverkan.Collaboration
	if sel.CollaborationID != 0 {
		c, err := st.CollaborationByID(ctx, sel.CollaborationID)
		if err != nil {
			return nil, fmt.Errorf("archive: collaboration %d: %w", sel.CollaborationID, err)
		}
		if n != nil && !contains(c.Networks, n.Slug) {
			return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Samverkan %d hör inte till nätverket %s.", c.ID, n.Slug)
		}
		collabs = append(collabs, c)
	} else {
		for {
			page, total, err := st.FindCollaborations(ctx, samverkan.CollaborationFilter{Network: n.Slug, Sort: "title",
				Limit: samverkan.MaxLimit, Offset: len(collabs)})
			if err != nil {
				return nil, fmt.Errorf("archive: list collaborations: %w", err)
			}
			collabs = append(collabs, page...)
			if len(page) == 0 || len(collabs) >= total {
				break
			}
		}
		sort.Slice(collabs, func(i, j int) bool { return collabs[i].ID < collabs[j].ID })
	}

	var decisions []samverkan.Decision
	var events []samverkan.Event
	var history []samverkan.AuditEvent
	if sel.CollaborationID == 0 {
		h, err := st.AuditEvents(ctx, samverkan.AuditEntityNetwork, n.Slug)
		if err != nil {
			return nil, fmt.Errorf("archive: network history: %w", err)
		}
		history = append(history, h...)
	}
	for _, c := range collabs {
		ds, err := st.Decisions(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("archive: decisions of %d: %w", c.ID, err)
		}
		decisions = append(decisions, ds...)
		evs, err := st.CollaborationEvents(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("archive: events of %d: %w", c.ID, err)
		}
		events = append(events, evs...)
		h, err := st.AuditEvents(ctx, samverkan.AuditEntityCollaboration, strconv.FormatInt(c.ID, 10))
		if err != nil {
			return nil, fmt.Errorf("archive: history of %d: %w", c.ID, err)
		}
		history = append(history, h...)
	}
	// One history in the order it happened (audit ids grow with time).
	sort.SliceStable(history, func(i, j int) bool { return history[i].ID < history[j].ID })

	p := &Package{Producer: opt.Producer, Created: opt.Created, SoftwareVersion: opt.SoftwareVersion, Actors: opt.Actors}
	if p.Producer.Name == "" && n != nil {
		p.Producer.Name = n.Name
	}
	if p.Producer.Name == "" {
		p.Producer.Name = Software
	}
	stamp := opt.Created.UTC().Format("20060102")
	if sel.CollaborationID != 0 {
		c := collabs[0]
		p.ID = fmt.Sprintf("samverkan-%d-%s", c.ID, stamp)
		p.Label = fmt.Sprintf("Samverkan %d: %s", c.ID, c.Title)
		p.Description = fmt.Sprintf("Registeruppgifter om samverkan %q, med beslut, styrdokument och hela ändringshistoriken.", c.Title)
	} else {
		p.ID = fmt.Sprintf("natverk-%s-%s", n.Slug, stamp)
		p.Label = "Nätverk: " + n.Name
		p.Description = fmt.Sprintf("Registeruppgifter om nätverket %s och dess %d samverkan, med beslut, styrdokument och hela ändringshistoriken.", n.Name, len(collabs))
	}
	// The archival creators are the municipalities whose records these
	// are: the network's members, or the collaboration's participants.
	if opt.Catalog != nil {
		var codes []string
		if sel.CollaborationID != 0 {
			for _, pt := range collabs[0].Participants {
				if pt.Code != "" {
					codes = append(codes, pt.Code)
				}
			}
		} else {
			for _, m := range n.Members {
				codes = append(codes, m.Code)
			}
		}
		seen := map[string]bool{}
		for _, code := range codes {
			if !seen[code] {
				seen[code] = true
				p.ArchivalCreators = append(p.ArchivalCreators, Organisation{Name: opt.Catalog.MunicipalityName(code),
					ID: "kommunkod:" + code})
			}
		}
	}

	// The history as it goes into the package: actors follow the policy,
	// the same way the PREMIS agents do, so the two never disagree.
	pseudo := actorNames(history, opt.Actors)
	hist := make([]samverkan.AuditEvent, len(history))
	for i, e := range history {
		e.Actor = pseudo(e.Actor)
		hist[i] = e
		p.Events = append(p.Events, Event{ID: "audit-" + strconv.FormatInt(e.ID, 10), Type: premisType(e.Action),
			Time: e.At, Detail: fmt.Sprintf("%s %s: %s", e.Entity, e.EntityID, e.Action), Outcome: "success",
			Agent: agentOf(history[i].Actor)})
	}

	add := func(path, mimeType string, data []byte) {
		p.Data = append(p.Data, File{Path: path, Data: data, MIMEType: mimeType})
	}
	jsonFile := func(path string, v any) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("archive: %s: %w", path, err)
		}
		add(path, "application/json", append(b, '\n'))
		return nil
	}
	if n != nil {
		if err := jsonFile("natverk.json", n); err != nil {
			return nil, err
		}
	}
	if err := jsonFile("samverkan.json", collabs); err != nil {
		return nil, err
	}
	if err := jsonFile("beslut.json", orEmpty(decisions)); err != nil {
		return nil, err
	}
	if err := jsonFile("handelser.json", orEmpty(events)); err != nil {
		return nil, err
	}
	if err := jsonFile("historik.json", orEmpty(hist)); err != nil {
		return nil, err
	}
	add("samverkan.csv", "text/csv; charset=utf-8", collaborationsCSV(collabs))
	add("beslut.csv", "text/csv; charset=utf-8", decisionsCSV(decisions))
	add("styrdokument.csv", "text/csv; charset=utf-8", documentsCSV(collabs))
	add("historik.csv", "text/csv; charset=utf-8", historyCSV(hist))
	return p, p.Validate()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// agentOf is the PREMIS agent of an audit actor: the system's own changes
// link to the software.
func agentOf(actor string) string {
	if actor == "system" {
		return ""
	}
	return actor
}

// actorNames returns how the history files name an actor under policy,
// numbering pseudonyms in order of first appearance exactly as the PREMIS
// agents are numbered.
func actorNames(history []samverkan.AuditEvent, policy ActorPolicy) func(string) string {
	names := map[string]string{"system": "system"}
	n := 0
	for _, e := range history {
		if _, ok := names[e.Actor]; ok {
			continue
		}
		switch policy {
		case ActorsPseudonymised:
			n++
			names[e.Actor] = "aktör-" + strconv.Itoa(n)
		case ActorsOmitted:
			names[e.Actor] = ""
		default:
			names[e.Actor] = e.Actor
		}
	}
	return func(a string) string { return names[a] }
}

// premisType maps an audit action to the Library of Congress event type.
func premisType(action string) string {
	switch action {
	case samverkan.AuditCreate:
		return "creation"
	case samverkan.AuditDelete:
		return "deletion"
	}
	return "modification" // update, restore, status changes
}

func writeCSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for _, r := range rows {
		for i, v := range r {
			r[i] = neutralise(v)
		}
		_ = w.Write(r) // a bytes.Buffer does not fail
	}
	w.Flush()
	return b.Bytes()
}

// neutralise keeps a spreadsheet from reading a cell as a formula.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func amount(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

func collaborationsCSV(cs []*samverkan.Collaboration) []byte {
	rows := [][]string{{"id", "title", "status", "legal_form", "host", "areas", "participants", "networks", "start", "end",
		"annual_cost", "cost_key", "public", "version", "created", "updated"}}
	for _, c := range cs {
		var parts []string
		for _, p := range c.Participants {
			who := p.Code
			if who == "" {
				who = p.Party
			}
			parts = append(parts, who+":"+p.Role)
		}
		rows = append(rows, []string{strconv.FormatInt(c.ID, 10), c.Title, c.Status, c.LegalForm, c.Host,
			strings.Join(c.Areas, ";"), strings.Join(parts, ";"), strings.Join(c.Networks, ";"), c.Start.String(), c.End.String(),
			amount(c.AnnualCost), c.CostKey, strconv.FormatBool(c.Public), strconv.Itoa(c.Version),
			c.Created.UTC().Format(time.RFC3339), c.Updated.UTC().Format(time.RFC3339)})
	}
	return writeCSV(rows)
}

func decisionsCSV(ds []samverkan.Decision) []byte {
	rows := [][]string{{"id", "collaboration_id", "municipality", "body", "body_name", "date", "paragraph", "kind", "outcome", "document", "url"}}
	for _, d := range ds {
		rows = append(rows, []string{strconv.FormatInt(d.ID, 10), strconv.FormatInt(d.CollaborationID, 10), d.Municipality, d.Body,
			d.BodyName, d.Date.String(), d.Paragraph, d.Kind, d.Outcome, d.Document, d.URL})
	}
	return writeCSV(rows)
}

func documentsCSV(cs []*samverkan.Collaboration) []byte {
	rows := [][]string{{"collaboration_id", "type", "title", "adopted_by", "adopted_in", "adopted", "paragraph", "valid_from", "valid_to", "url"}}
	for _, c := range cs {
		for _, d := range c.Documents {
			rows = append(rows, []string{strconv.FormatInt(c.ID, 10), d.Type, d.Title, d.AdoptedBy, d.AdoptedIn, d.Adopted.String(),
				d.Paragraph, d.ValidFrom.String(), d.ValidTo.String(), d.URL})
		}
	}
	return writeCSV(rows)
}

func historyCSV(hs []samverkan.AuditEvent) []byte {
	rows := [][]string{{"id", "at", "actor", "action", "entity", "entity_id"}}
	for _, e := range hs {
		rows = append(rows, []string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Entity, e.EntityID})
	}
	return writeCSV(rows)
}
