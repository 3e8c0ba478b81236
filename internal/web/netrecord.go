package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// What the pages of a network's own life (risk.go, meeting.go,
// workgroup.go, advocacy.go) share: the network of the path and the
// navigation between them, the network's collaborations to link to, and
// a history page with restore for every record, answered by lifeKind.

// lifeNav is the navigation between the network's own pages.
type lifeNav struct {
	Slug, Name, Current string
}

// networkOf reads the network the path's {slug} names.
func (s *server) networkOf(r *http.Request) (*samverkan.Network, error) {
	return s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
}

// storeAs returns the store as the interface I of one record kind, or an
// internal error when it keeps no such records.
func storeAs[I any](s *server) (I, error) {
	st, ok := s.store.(I)
	if !ok {
		var zero I
		return zero, errors.New("web: the store keeps no such records")
	}
	return st, nil
}

// pathID reads a record's id from the path value name.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, samverkan.Errorf(samverkan.ENOTFOUND, "Posten finns inte.")
	}
	return id, nil
}

// collabChoice is a collaboration a record may link to.
type collabChoice struct {
	ID            int64
	Title, Status string
}

// networkCollabs lists the network's collaborations by title, for the
// links of meeting decisions and work groups.
func (s *server) networkCollabs(ctx context.Context, slug string) ([]collabChoice, error) {
	var out []collabChoice
	// Ids, titles and statuses are all a choice shows: one light query,
	// not pages of whole records (issue 16, first render).
	if ss, ok := s.store.(samverkan.SteeringStore); ok {
		refs, err := ss.CollaborationRefs(ctx, samverkan.RefFilter{Network: slug})
		if err != nil {
			return nil, err
		}
		for _, c := range refs {
			out = append(out, collabChoice{c.ID, c.Title, c.Status})
		}
		return out, nil
	}
	f := samverkan.CollaborationFilter{Network: slug, Sort: "title", Limit: samverkan.MaxLimit, With: []string{}}
	for {
		page, total, err := s.store.FindCollaborations(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			out = append(out, collabChoice{c.ID, c.Title, c.Status})
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}

// collabOptions offers choices, each with its id as value, selected.
func collabOptions(choices []collabChoice, selected string, lang string) []option {
	out := make([]option, 0, len(choices)+1)
	found := selected == ""
	for _, c := range choices {
		v := strconv.FormatInt(c.ID, 10)
		found = found || v == selected
		out = append(out, option{Value: v, Label: c.Title + " (" + vocabularies["status"].Label(c.Status, lang) + ")", Selected: v == selected})
	}
	if !found {
		// A link the network no longer has (the collaboration was deleted
		// or left it) stays a choice, so saving does not drop it unseen.
		out = append(out, option{Value: selected, Label: tr(lang, "netlife.collab.gone", selected), Selected: true})
	}
	return out
}

// optionsHTML writes opts as the "select" partial's options, with the
// same escaping (writeText is html/template's escaper), for a list
// rendered once and shown in several selects (select's OptionsHTML).
// Written in Go: the meeting form's decision rows each offer the
// network's 365 collaborations, and html/template's reflective escaping
// of two fields per option was a quarter of that page's first render
// (issue 16). TestOptionsHTMLAsTemplate compares it with the template
// it replaced.
func optionsHTML(opts []option) template.HTML {
	var b strings.Builder
	n := 0
	for _, o := range opts {
		n += len(o.Value) + len(o.Label) + 40
	}
	b.Grow(n)
	for _, o := range opts {
		b.WriteString(`<option value="`)
		writeText(&b, o.Value)
		b.WriteByte('"')
		if o.Selected {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		writeText(&b, o.Label)
		b.WriteString("</option>\n")
	}
	return template.HTML(b.String())
}

// memberOptions offers the network's members (current and former), by
// name, with selected marked.
func (s *server) memberOptions(n *samverkan.Network, selected string) []option {
	out := make([]option, 0, len(n.Members))
	for _, m := range n.Members {
		out = append(out, option{Value: m.Code, Label: s.cat.MunicipalityName(m.Code), Selected: m.Code == selected})
	}
	samverkan.SortSwedish(out, func(o option) string { return o.Label })
	return out
}

// optionalID reads an id typed into a form: "" is none; anything else
// that is not a positive number is kept as -1, which validation names.
func optionalID(s string) *int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		id = -1
	}
	return &id
}

func idText(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

// rowsOf reads the repeated rows prefix.N.field of a posted form, N from
// 0 up to maxRows, dropping rows whose fields are all empty.
func rowsOf(r *http.Request, prefix string, fields ...string) []map[string]string {
	var out []map[string]string
	for i := 0; i < maxRows; i++ {
		row := map[string]string{}
		present, filled := false, false
		for _, f := range fields {
			k := prefix + "." + strconv.Itoa(i) + "." + f
			if _, ok := r.PostForm[k]; ok {
				present = true
			}
			v := strings.TrimSpace(r.PostForm.Get(k))
			row[f] = v
			filled = filled || v != ""
		}
		if !present {
			break
		}
		if filled {
			out = append(out, row)
		}
	}
	return out
}

// The history of a record ----------------------------------------------------

// lifeKind is what a history page and a restore need of one kind of
// record: how to read it, whether it is the path's, and how to show its
// fields.
type lifeKind[T any] struct {
	entity string
	param  string // the path value of the record's id
	// byID reads a record; belongs reports whether it is the path's
	// (its network or collaboration).
	byID    func(ctx context.Context, id int64) (*T, error)
	belongs func(r *http.Request, v *T) bool
	idOf    func(v *T) int64
	title   func(v *T) string
	version func(v *T) int
	// canEdit reports whether the principal may restore (the route's rule
	// decides; this hides the buttons).
	canEdit func(r *http.Request) bool
	// itemHref is the record's page, back the page above it.
	itemHref func(r *http.Request, id int64) string
	back     func(r *http.Request, lang string) (href, label string)
	restore  func(ctx context.Context, id, auditID int64, version int) error
	// fields are the record's JSON fields in page order; label names one,
	// format shows its value (nil: formatted as plain JSON values).
	fields []string
	label  func(lang, key string) string
	format func(lang, key string, raw json.RawMessage) []string
}

// lifeHistoryPage is the history page of one record.
type lifeHistoryPage struct {
	Title              string
	ItemHref, BackHref string
	BackLabel          string
	RestoreBase        string
	Deleted            bool
	Version            int
	Entries            []historyEntry
	Stale              bool
	Refusal            *historyRefusal
}

// lifeSkip are fields the history leaves out: bookkeeping and what is
// filled on read.
var lifeSkip = map[string]bool{"id": true, "version": true, "created": true, "updated": true, "restored_from": true,
	"network": true, "collaboration_id": true, "collaboration_title": true, "work_group_name": true}

func (k lifeKind[T]) handleHistory(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { k.showHistory(s, w, r, http.StatusOK, nil) }
}

func (k lifeKind[T]) showHistory(s *server, w http.ResponseWriter, r *http.Request, status int, d *lifeHistoryPage) {
	ctx := r.Context()
	lang := langOf(r)
	id, err := pathID(r, k.param)
	if err != nil {
		s.error(w, r, err)
		return
	}
	events, err := s.store.AuditEvents(ctx, k.entity, strconv.FormatInt(id, 10))
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur, err := k.byID(ctx, id)
	switch {
	case samverkan.ErrorCode(err) == samverkan.ENOTFOUND && len(events) > 0:
		cur = nil
	case err != nil:
		s.error(w, r, err)
		return
	case !k.belongs(r, cur):
		s.notFound(w, r)
		return
	}
	if d == nil {
		d = &lifeHistoryPage{}
	}
	d.ItemHref = k.itemHref(r, id)
	d.RestoreBase = d.ItemHref + "/historik"
	d.BackHref, d.BackLabel = k.back(r, lang)
	if cur != nil {
		d.Title, d.Version = k.title(cur), k.version(cur)
	} else {
		// A deleted record: its last version says whose it was.
		d.Deleted = true
		var last *T
		for _, e := range events {
			for _, js := range []string{e.After, e.Before} {
				var v T
				if js != "" && json.Unmarshal([]byte(js), &v) == nil {
					last = &v
				}
			}
		}
		if last == nil || !k.belongs(r, last) {
			s.notFound(w, r)
			return
		}
		d.Title = k.title(last)
	}
	restorable := func(e samverkan.AuditEvent) bool { return samverkan.RestoredRecord(e, k.entity, k.idOf) != nil }
	current := -1
	for i, e := range events {
		if restorable(e) {
			current = i
		}
	}
	canEdit := cur != nil && k.canEdit(r)
	d.Entries = nil
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		en := historyEntry{ID: e.ID, At: e.At, Actor: e.Actor, Action: tr(lang, "hist.action."+e.Action),
			RestoredFrom: samverkan.RestoredFrom(e), Deleted: e.Action == samverkan.AuditDelete}
		if !en.Deleted {
			en.Changes = k.diff(e.Before, e.After, lang)
		}
		en.Current = i == current && cur != nil
		en.Restorable = canEdit && i != current && restorable(e)
		d.Entries = append(d.Entries, en)
	}
	s.render(w, r, status, "netlife_history", page{Title: tr(lang, "hist.title", d.Title), Flash: flash(r), Data: d})
}

// diff lists the fields that differ between two audit JSONs.
func (k lifeKind[T]) diff(before, after, lang string) []fieldChange {
	var b, a map[string]json.RawMessage
	_ = json.Unmarshal([]byte(before), &b)
	_ = json.Unmarshal([]byte(after), &a)
	keys := slices.Clone(k.fields)
	var extra []string
	for _, m := range []map[string]json.RawMessage{b, a} {
		for key := range m {
			if !lifeSkip[key] && !slices.Contains(keys, key) && !slices.Contains(extra, key) {
				extra = append(extra, key)
			}
		}
	}
	sort.Strings(extra)
	var out []fieldChange
	for _, key := range append(keys, extra...) {
		if sameJSON(b[key], a[key]) {
			continue
		}
		out = append(out, fieldChange{Label: k.label(lang, key), Before: k.value(lang, key, b[key]), After: k.value(lang, key, a[key])})
	}
	return out
}

func (k lifeKind[T]) value(lang, key string, raw json.RawMessage) []string {
	if emptyJSON(raw) {
		return nil
	}
	if k.format != nil {
		if out := k.format(lang, key, raw); out != nil {
			return out
		}
	}
	return plainJSON(raw)
}

// plainJSON shows a JSON value readably: text as it is, a list one line
// per item, an object as its non-empty values.
func plainJSON(raw json.RawMessage) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return []string{string(raw)}
	}
	var line func(v any) string
	line = func(v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case string:
			return x
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			return strconv.FormatBool(x)
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				if s := line(x[k]); s != "" {
					parts = append(parts, s)
				}
			}
			return strings.Join(parts, ", ")
		}
		var buf bytes.Buffer
		json.Compact(&buf, raw)
		return buf.String()
	}
	if list, ok := v.([]any); ok {
		out := make([]string, 0, len(list))
		for _, it := range list {
			out = append(out, line(it))
		}
		return out
	}
	if s := line(v); s != "" {
		return []string{s}
	}
	return nil
}

// vocabValue shows a code of vocabulary vocab, or each code of a list.
func vocabValue(vocab, lang string, raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{vocabularies[vocab].Label(one, lang)}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		out := make([]string, len(many))
		for i, c := range many {
			out[i] = vocabularies[vocab].Label(c, lang)
		}
		return out
	}
	return nil
}

func (k lifeKind[T]) handleRestore(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, k.param)
		if err != nil {
			s.error(w, r, err)
			return
		}
		cur, err := k.byID(r.Context(), id)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if !k.belongs(r, cur) {
			s.notFound(w, r)
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
		err = k.restore(writeCtx(r), id, auditID, version)
		lang := langOf(r)
		switch samverkan.ErrorCode(err) {
		case "":
			http.Redirect(w, r, k.itemHref(r, id)+"/historik?klart=aterstalld", http.StatusSeeOther)
		case samverkan.ESTALE, samverkan.EPRECONDITION:
			k.showHistory(s, w, r, http.StatusConflict, &lifeHistoryPage{Stale: true})
		case samverkan.EINVALID, samverkan.ECONFLICT:
			ref := &historyRefusal{AuditID: auditID}
			for _, fe := range samverkan.FieldErrors(err) {
				msg := fe.Message(lang)
				if label := k.label(lang, fieldBase(fe.Field)); label != "" {
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
			k.showHistory(s, w, r, status, &lifeHistoryPage{Refusal: ref})
		default:
			s.error(w, r, err)
		}
	}
}

// fieldBase is the list or field a field path starts with:
// "decisions[0].text" → "decisions".
func fieldBase(path string) string {
	if i := strings.IndexAny(path, "[."); i >= 0 {
		return path[:i]
	}
	return path
}

// labelFrom names a field by the message prefix+key, or the key itself.
func labelFrom(prefix string) func(lang, key string) string {
	return func(lang, key string) string {
		if _, ok := messages[prefix+key]; ok {
			return tr(lang, prefix+key)
		}
		return key
	}
}

// lifeErrors places field errors on a form's inputs: the input of field f
// has id idPrefix+f, a row's input idPrefix+list-N-field, and a group of
// checkboxes (groups) one id for the group; labelled by the message
// labelPrefix+field. order lists the fields in page order.
func lifeErrors(lang string, fes []samverkan.FieldError, order []string, idPrefix, labelPrefix string, groups ...string) formErrors {
	pos := func(field string) int { return fieldPosition(order, fieldBase(field)) }
	var out formErrors
	for _, fe := range inPageOrder(fes, pos) {
		id, label := "", ""
		if base := fieldBase(fe.Field); pos(fe.Field) < len(order) {
			id = idPrefix + rowID(fe.Field)
			if slices.Contains(groups, base) {
				id = idPrefix + base
			}
			label = tr(lang, labelPrefix+base)
		}
		out.add(id, label, fe.Message(lang))
	}
	return out
}

// rowID is the input id of a field path: "decisions[0].text" →
// "decisions-0-text".
func rowID(field string) string {
	return strings.NewReplacer("].", "-", "[", "-", "]", "").Replace(field)
}
