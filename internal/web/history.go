package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

// The audit history of a collaboration (GET /samverkan/{id}/historik):
// every audit event with the fields it changed, before → after, and a form
// per earlier version that writes it back through the normal update.

// historyMessages are the history page's texts, listed in the catalogue
// (messages.go).
var historyMessages = map[string][2]string{
	"hist.title":              {"Ändringshistorik: %s", "Change history: %s"},
	"hist.heading":            {"Ändringshistorik", "Change history"},
	"hist.link":               {"Ändringshistorik", "Change history"},
	"hist.intro":              {"Varje ändring av posten sparas: när, av vem och vilka fält som ändrades, före och efter. Du kan återställa en tidigare version; återställningen sparas också här.", "Every change to the record is kept: when, by whom and which fields changed, before and after. You can restore an earlier version; the restore is kept here too."},
	"hist.deleted":            {"Samverkan är borttagen ur registret. Historiken finns kvar.", "The collaboration has been deleted from the register. Its history is kept."},
	"hist.none":               {"Ingen ändring är registrerad.", "No change is recorded."},
	"hist.entry":              {"Ändring %d", "Change %d"},
	"hist.when":               {"Tidpunkt", "When"},
	"hist.who":                {"Av", "By"},
	"hist.action":             {"Åtgärd", "Action"},
	"hist.action.create":      {"Registrerad", "Created"},
	"hist.action.update":      {"Ändrad", "Changed"},
	"hist.action.delete":      {"Borttagen", "Deleted"},
	"hist.action.restore":     {"Återställd", "Restored"},
	"hist.restored_from":      {"Återställde versionen efter", "Restored the version after"},
	"hist.changes":            {"Ändrade uppgifter i ändring %d", "Fields changed in change %d"},
	"hist.col.field":          {"Uppgift", "Field"},
	"hist.col.before":         {"Före", "Before"},
	"hist.col.after":          {"Efter", "After"},
	"hist.no_changes":         {"Inga uppgifter ändrades.", "No fields changed."},
	"hist.deleted_entry":      {"Posten togs bort.", "The record was deleted."},
	"hist.empty":              {"–", "–"},
	"hist.current":            {"Detta är den nuvarande versionen.", "This is the current version."},
	"hist.restore":            {"Återställ den här versionen", "Restore this version"},
	"hist.restore.hint":       {"Skriver tillbaka uppgifterna som de var efter ändring %d. Samma regler gäller som när du redigerar.", "Writes the fields back as they were after change %d. The same rules apply as when you edit."},
	"hist.flash.restored":     {"Versionen är återställd.", "The version has been restored."},
	"hist.stale":              {"Någon annan har ändrat samverkan sedan du öppnade historiken. Inget är återställt. Se den nya historiken nedan och försök igen.", "Someone else has changed the collaboration since you opened the history. Nothing was restored. See the updated history below and try again."},
	"hist.refused":            {"Versionen efter ändring %d kunde inte återställas", "The version after change %d could not be restored"},
	"hist.refused.text":       {"Inget är ändrat. Skälen:", "Nothing was changed. The reasons:"},
	"hist.missing":            {"Beslut som saknas:", "Decisions missing:"},
	"hist.field.relations":    {"Relaterade samverkan", "Related collaborations"},
	"hist.field.example":      {"Exempel", "Example"},
	"hist.field.history":      {"Händelser registrerade i efterhand", "Events recorded afterwards"},
	"hist.field.networks":     {"Nätverk", "Networks"},
	"hist.back":               {"Tillbaka till samverkan", "Back to the collaboration"},
	"hist.participant.left":   {"lämnade %s", "left %s"},
	"hist.participant.joined": {"från %s", "from %s"},
}

type historyPage struct {
	ID      int64
	Title   string
	Deleted bool
	Version int
	Entries []historyEntry
	Stale   bool
	Refusal *historyRefusal
}

type historyEntry struct {
	ID           int64
	At           time.Time
	Actor        string
	Action       string
	RestoredFrom int64
	Changes      []fieldChange
	Deleted      bool
	Restorable   bool
	Current      bool
}

type fieldChange struct {
	Label         string
	Before, After []string
}

type historyRefusal struct {
	AuditID  int64
	Messages []string
	Missing  []string
}

func (s *server) handleHistory(w http.ResponseWriter, r *http.Request) {
	id, err := collabID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.showHistory(w, r, http.StatusOK, id, nil)
}

// showHistory renders the history of collaboration id; d carries what a
// refused restore has to say.
func (s *server) showHistory(w http.ResponseWriter, r *http.Request, status int, id int64, d *historyPage) {
	ctx := r.Context()
	lang := langOf(r)
	events, err := s.store.AuditEvents(ctx, "collaboration", strconv.FormatInt(id, 10))
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.store.CollaborationByID(ctx, id)
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND && len(events) > 0 {
		c, err = nil, nil
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if d == nil {
		d = &historyPage{}
	}
	d.ID = id
	if c != nil {
		d.Title, d.Version = c.Title, c.Version
	} else {
		d.Deleted = true
		for _, e := range events {
			if t := auditTitle(e.Before); t != "" {
				d.Title = t
			}
		}
	}
	nets, err := samverkan.NetworkHeads(ctx, s.store)
	if err != nil {
		s.error(w, r, err)
		return
	}
	netNames := map[string]string{}
	for _, n := range nets {
		netNames[n.Slug] = n.Name
	}
	current := -1
	for i, e := range events {
		if samverkan.RestoredCollaboration(e) != nil {
			current = i
		}
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		en := historyEntry{ID: e.ID, At: e.At, Actor: e.Actor, Action: tr(lang, "hist.action."+e.Action),
			RestoredFrom: samverkan.RestoredFrom(e), Deleted: e.Action == samverkan.AuditDelete}
		if strings.HasPrefix(en.Action, "hist.action.") {
			en.Action = e.Action
		}
		if !en.Deleted {
			en.Changes = s.diffAudit(e.Before, e.After, lang, netNames)
		}
		en.Current = i == current && c != nil
		en.Restorable = c != nil && i != current && samverkan.RestoredCollaboration(e) != nil && samverkan.CanEdit(principal(r), c)
		d.Entries = append(d.Entries, en)
	}
	s.render(w, r, status, "history", page{Title: tr(lang, "hist.title", d.Title), Flash: flash(r), Data: d})
}

func (s *server) handleRestore(w http.ResponseWriter, r *http.Request) {
	id, err := collabID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	auditID, err := strconv.ParseInt(r.PathValue("auditID"), 10, 64)
	if err != nil || auditID < 1 {
		s.notFound(w, r)
		return
	}
	version, err := postedVersion(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	as, ok := s.store.(samverkan.AuditStore)
	if !ok {
		s.error(w, r, errors.New("web: the store cannot restore"))
		return
	}
	ctx := writeCtx(r)
	_, err = as.RestoreCollaboration(ctx, id, auditID, version)
	lang := langOf(r)
	switch samverkan.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/samverkan/"+strconv.FormatInt(id, 10)+"/historik?klart=aterstalld", http.StatusSeeOther)
	case samverkan.ESTALE, samverkan.EPRECONDITION:
		s.showHistory(w, r, http.StatusConflict, id, &historyPage{Stale: true})
	case samverkan.EINVALID, samverkan.ECONFLICT:
		ref := &historyRefusal{AuditID: auditID}
		var e *samverkan.Error
		errors.As(err, &e)
		for _, m := range e.Missing {
			ref.Missing = append(ref.Missing, samverkan.DescribeRequirement(m, s.cat, lang)+docSuffix(m, lang))
		}
		for _, fe := range s.localizeTransition(err, lang) {
			msg := fe.Message(lang)
			if label := fieldLabel(fe.Field, lang); label != "" {
				msg = label + ": " + msg
			}
			ref.Messages = append(ref.Messages, msg)
		}
		if len(ref.Messages) == 0 {
			ref.Messages = []string{samverkan.ErrorMessage(err)}
		}
		status := http.StatusUnprocessableEntity
		if samverkan.ErrorCode(err) == samverkan.ECONFLICT {
			status = http.StatusConflict
		}
		s.showHistory(w, r, status, id, &historyPage{Refusal: ref})
	default:
		s.error(w, r, err)
	}
}

// fieldLabel names the field of a store field path ("participants[2].code").
func fieldLabel(path, lang string) string {
	base := path
	if m := fieldPathRE.FindStringSubmatch(path); m != nil {
		base = m[1]
	}
	if base == "" {
		return ""
	}
	for _, k := range []string{"field." + base, "hist.field." + base} {
		if _, ok := messages[k]; ok {
			return tr(lang, k)
		}
	}
	return base
}

// auditTitle returns the title in an audit JSON, or "".
func auditTitle(js string) string {
	var v struct {
		Title string `json:"title"`
	}
	if js == "" || json.Unmarshal([]byte(js), &v) != nil {
		return ""
	}
	return v.Title
}

// historyFields is the order fields are listed in; the bookkeeping fields
// (id, version, timestamps) are left out.
var historyFields = []string{
	"title", "description", "areas", "legal_form", "status", "triage", "triage_reason", "proposer", "priority",
	"of_principle", "host", "participants", "networks", "start", "end", "documents", "public_authority",
	"public_authority_basis", "external_delegation", "special_acts", "procurement_basis", "annual_cost",
	"cost_key", "cost_key_note", "representation_key", "purposes", "contacts", "public", "sources", "relations",
	"example", "history",
}

var historySkip = map[string]bool{"id": true, "version": true, "created": true, "updated": true, "restored_from": true}

// diffAudit lists the fields that differ between two audit JSONs, with
// readable values. An empty before (a creation) lists what was filled in.
func (s *server) diffAudit(before, after, lang string, nets map[string]string) []fieldChange {
	var b, a map[string]json.RawMessage
	_ = json.Unmarshal([]byte(before), &b)
	_ = json.Unmarshal([]byte(after), &a)
	var bc, ac samverkan.Collaboration
	_ = json.Unmarshal([]byte(before), &bc)
	_ = json.Unmarshal([]byte(after), &ac)
	keys := slices.Clone(historyFields)
	var extra []string
	for _, m := range []map[string]json.RawMessage{b, a} {
		for k := range m {
			if !historySkip[k] && !slices.Contains(keys, k) && !slices.Contains(extra, k) {
				extra = append(extra, k)
			}
		}
	}
	sort.Strings(extra)
	keys = append(keys, extra...)
	var out []fieldChange
	for _, k := range keys {
		rb, ra := b[k], a[k]
		if sameJSON(rb, ra) {
			continue
		}
		out = append(out, fieldChange{
			Label:  fieldLabel(k, lang),
			Before: s.formatField(k, &bc, rb, lang, nets),
			After:  s.formatField(k, &ac, ra, lang, nets),
		})
	}
	return out
}

func emptyJSON(raw json.RawMessage) bool {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "[]", "{}", `""`, "false", "0":
		return true
	}
	return false
}

func sameJSON(x, y json.RawMessage) bool {
	if emptyJSON(x) && emptyJSON(y) {
		return true
	}
	var bx, by bytes.Buffer
	if json.Compact(&bx, x) != nil || json.Compact(&by, y) != nil {
		return bytes.Equal(x, y)
	}
	return bytes.Equal(bx.Bytes(), by.Bytes())
}

// formatField writes one field of c readably, one line per list item. raw
// is the field's JSON, for fields the record type does not know.
func (s *server) formatField(key string, c *samverkan.Collaboration, raw json.RawMessage, lang string, nets map[string]string) []string {
	if emptyJSON(raw) {
		return nil
	}
	one := func(v string) []string {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	yesNo := func(b bool) []string {
		if b {
			return one(tr(lang, "value.yes"))
		}
		return one(tr(lang, "value.no"))
	}
	label := func(vocab, code string) []string {
		if code == "" {
			return nil
		}
		return one(vocabularies[vocab].Label(code, lang))
	}
	var out []string
	switch key {
	case "title":
		return one(c.Title)
	case "description":
		return one(readable(c.Description))
	case "areas":
		for _, code := range c.Areas {
			if a, ok := s.cat.Area(code); ok {
				out = append(out, a.Label(lang))
			} else {
				out = append(out, code)
			}
		}
	case "legal_form":
		return label("legal_form", c.LegalForm)
	case "status":
		return label("status", c.Status)
	case "triage":
		return label("triage", c.Triage)
	case "triage_reason":
		return one(readable(c.TriageReason))
	case "proposer":
		return one(c.Proposer)
	case "priority":
		if c.Priority != 0 {
			return label("priority", strconv.Itoa(c.Priority))
		}
	case "of_principle":
		return yesNo(c.OfPrinciple)
	case "host":
		if c.Host != "" {
			return one(s.cat.MunicipalityName(c.Host))
		}
	case "participants":
		for _, p := range c.Participants {
			name := p.Party
			if p.Code != "" {
				name = s.cat.MunicipalityName(p.Code)
			}
			var extra []string
			if p.Role != "" {
				extra = append(extra, vocabularies["role"].Label(p.Role, lang))
			}
			if !p.Joined.IsZero() {
				extra = append(extra, tr(lang, "hist.participant.joined", p.Joined.String()))
			}
			if !p.Left.IsZero() {
				extra = append(extra, tr(lang, "hist.participant.left", p.Left.String()))
			}
			if len(extra) > 0 {
				name += " (" + strings.Join(extra, ", ") + ")"
			}
			out = append(out, name)
		}
	case "networks":
		for _, slug := range c.Networks {
			if n := nets[slug]; n != "" {
				out = append(out, n)
			} else {
				out = append(out, slug)
			}
		}
	case "start":
		return one(c.Start.String())
	case "end":
		return one(c.End.String())
	case "documents":
		for _, d := range c.Documents {
			parts := []string{}
			title := d.Title
			if title == "" {
				title = vocabularies["doc_type"].Label(d.Type, lang)
			} else if d.Type != "" {
				title += " (" + vocabularies["doc_type"].Label(d.Type, lang) + ")"
			}
			parts = append(parts, title)
			adopted := []string{}
			if d.AdoptedBy != "" {
				adopted = append(adopted, vocabularies["body"].Label(d.AdoptedBy, lang))
			}
			if d.AdoptedIn != "" {
				adopted = append(adopted, s.cat.MunicipalityName(d.AdoptedIn))
			}
			if !d.Adopted.IsZero() {
				adopted = append(adopted, d.Adopted.String())
			}
			if d.Paragraph != "" {
				adopted = append(adopted, d.Paragraph)
			}
			if len(adopted) > 0 {
				parts = append(parts, strings.Join(adopted, " "))
			}
			if d.URL != "" {
				parts = append(parts, d.URL)
			}
			out = append(out, strings.Join(parts, ", "))
		}
	case "public_authority":
		return yesNo(c.PublicAuthority)
	case "public_authority_basis":
		return one(c.PublicAuthorityBasis)
	case "external_delegation":
		return yesNo(c.ExternalDelegation)
	case "special_acts":
		return one(c.SpecialActs)
	case "procurement_basis":
		return label("procurement", c.ProcurementBasis)
	case "annual_cost":
		return one(kronor(c.AnnualCost, lang))
	case "cost_key":
		return label("cost_key", c.CostKey)
	case "cost_key_note":
		return one(c.CostKeyNote)
	case "representation_key":
		return one(c.RepresentationKey)
	case "purposes":
		for _, p := range c.Purposes {
			out = append(out, vocabularies["purpose"].Label(p, lang))
		}
	case "contacts":
		for _, ct := range c.Contacts {
			line := ct.Function
			var who []string
			for _, v := range []string{ct.Name, ct.Email, ct.Phone} {
				if v != "" {
					who = append(who, v)
				}
			}
			if len(who) > 0 {
				line += ": " + strings.Join(who, ", ")
			}
			out = append(out, line)
		}
	case "public":
		return yesNo(c.Public)
	case "sources":
		for _, src := range sourceViews(c.Sources, lang) {
			line := src.Text
			if src.Field != "" {
				line = src.Field + ": " + line
			}
			if src.URL != "" {
				line += " (" + src.URL + ")"
			}
			out = append(out, line)
		}
	case "relations":
		for _, rel := range c.Relations {
			line := vocabularies["relation"].Label(rel.Kind, lang) + " #" + strconv.FormatInt(rel.ID, 10)
			if rel.Title != "" {
				line += " " + rel.Title
			}
			out = append(out, line)
		}
	case "example":
		return yesNo(c.Example)
	case "history":
		var evs []samverkan.Event
		if json.Unmarshal(raw, &evs) == nil {
			for _, e := range evs {
				line := e.Date.String() + " " + vocabularies["event"].Label(e.Kind, lang)
				from, to := e.From, e.To
				if vocab, ok := eventVocab[e.Kind]; ok {
					from, to = vocab.Label(from, lang), vocab.Label(to, lang)
				}
				if from != "" || to != "" {
					line += ": " + from + " → " + to
				}
				out = append(out, strings.TrimSpace(line))
			}
			return out
		}
		return one(string(raw))
	default:
		var str string
		if json.Unmarshal(raw, &str) == nil {
			return one(str)
		}
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			return one(buf.String())
		}
		return one(string(raw))
	}
	return out
}
